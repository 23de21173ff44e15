"""Fetch an article by URL, safely: http(s) only, no private or loopback
addresses (unless allowed), redirects re-checked, a size cap and a timeout.

Plain function, no Django: the caller passes the limits from settings.

SSRF: the host is resolved once, every address it resolves to must be public
(``ipaddress``' ``is_global``; IPv4 inside IPv6 is unwrapped), and the connection
goes to the address that was checked, never to a second lookup of the name (a
rebinding DNS answer cannot slip a private address in between). Every redirect
hop is checked the same way.

Time: ``timeout`` bounds each connect and each read; the whole fetch (redirects,
headers and body) must also finish within ``3 * timeout``: a watchdog shuts the
socket down when that passes, so a server that trickles bytes cannot hold a
worker.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from .errors import InputError

ACCEPTED_TYPES = ("text/html", "text/plain", "application/xhtml+xml", "text/markdown")
MAX_REDIRECTS = 5
USER_AGENT = "factcheck-workbench/0.1"


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    body: bytes
    content_type: str


def is_public_address(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a globally routable unicast address (IPv4 mapped into IPv6 unwrapped)."""
    if isinstance(addr, ipaddress.IPv6Address):
        inner = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if inner is not None:
            return is_public_address(inner)
    return addr.is_global and not addr.is_multicast


def resolve_host(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for ``host``; InputError if any of its addresses is private."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"Cannot resolve host {host!r}.") from exc
    addrs = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addrs:
        raise InputError(f"Cannot resolve host {host!r}.")
    if not allow_private:
        for addr in addrs:
            if not is_public_address(addr):
                raise InputError(
                    f"Refusing to fetch {host!r}: it resolves to a private or local address "
                    f"({addr})."
                )
    return str(addrs[0])


def _check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path?query) of an http(s) URL, or InputError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"The URL {url!r} is malformed ({exc}).") from exc
    if parts.scheme not in ("http", "https"):
        raise InputError(f"Only http and https URLs can be fetched, not {parts.scheme or 'none'!r}.")
    if not parts.hostname:
        raise InputError(f"The URL {url!r} has no host.")
    port = port or (443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, target


class _Watchdog:
    """Shuts a connection's socket down when the fetch's deadline passes."""

    def __init__(self, conn: HTTPConnection, seconds: float):
        self.fired = False
        self._conn = conn
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = getattr(self._conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


def _connection(scheme: str, host: str, ip: str, port: int, timeout: float) -> HTTPConnection:
    if scheme == "https":
        # connect to the checked address; SNI and the certificate check use the name
        return HTTPSConnection(ip, port, timeout=timeout, server_hostname=host,
                               assert_hostname=host, cert_reqs="CERT_REQUIRED")
    return HTTPConnection(ip, port, timeout=timeout)


def _read_body(resp, *, url: str, max_bytes: int, watchdog: _Watchdog, limit_s: float) -> bytes:
    chunks, size = [], 0
    while True:
        chunk = resp.read1(64 * 1024)  # whatever has arrived: a trickle cannot stall us
        if not chunk:
            break
        if watchdog.fired:
            raise InputError(f"Fetching {url} took longer than {limit_s:g} s.")
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url} is larger than the limit of {max_bytes:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> Fetched:
    """Download ``url`` or raise InputError saying why not."""
    limit_s = timeout * 3
    deadline = time.monotonic() + limit_s
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = _check_url(current)
        ip = resolve_host(host, port, allow_private=allow_private)
        conn = _connection(scheme, host, ip, port, timeout)
        watchdog = _Watchdog(conn, deadline - time.monotonic())
        netloc = urlsplit(current).netloc.rsplit("@", 1)[-1]  # never send userinfo
        try:
            conn.request(
                "GET", target, preload_content=False,
                headers={"Host": netloc, "User-Agent": USER_AGENT,
                         "Accept": "text/html,text/plain", "Accept-Encoding": "identity"},
            )
            resp = conn.getresponse()
            if watchdog.fired:  # headers cut short by the watchdog: not a real answer
                raise InputError(f"Fetching {current} took longer than {limit_s:g} s.")
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.headers.get("Location")
                if not location:
                    raise InputError(f"{current} redirects without a Location header.")
                current = urljoin(current, location)
                continue
            if resp.status != 200:
                raise InputError(f"{current} answered HTTP {resp.status}.")
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype and ctype not in ACCEPTED_TYPES:
                raise InputError(f"{current} is {ctype}, not an HTML or text page.")
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(
                    f"{current} is {int(declared):,} bytes; the limit is {max_bytes:,} bytes."
                )
            body = _read_body(resp, url=current, max_bytes=max_bytes, watchdog=watchdog,
                              limit_s=limit_s)
            if watchdog.fired:
                raise InputError(f"Fetching {current} took longer than {limit_s:g} s.")
            return Fetched(url=current, body=body, content_type=ctype or "text/html")
        except InputError:
            raise
        except (OSError, urllib3.exceptions.HTTPError, ValueError) as exc:
            if watchdog.fired:
                raise InputError(f"Fetching {current} took longer than {limit_s:g} s.") from exc
            if isinstance(exc, TimeoutError | socket.timeout | urllib3.exceptions.TimeoutError):
                raise InputError(f"Fetching {current} timed out after {timeout:g} s.") from exc
            raise InputError(f"Could not fetch {current}: {exc.__class__.__name__}.") from exc
        finally:
            watchdog.cancel()
            conn.close()
    raise InputError(f"Too many redirects fetching {url}.")
