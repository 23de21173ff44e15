"""Fetch an article by URL, safely: http(s) only, no private or loopback
addresses (unless allowed), redirects re-checked, a size cap and a timeout.

Plain function, no Django: the caller passes the limits from settings.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from .errors import InputError

ACCEPTED_TYPES = ("text/html", "text/plain", "application/xhtml+xml", "text/markdown")
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    body: bytes
    content_type: str


def _check_host(host: str, *, allow_private: bool) -> None:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise InputError(f"Cannot resolve host {host!r}.") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if not allow_private and (
            addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
            or addr.is_multicast or addr.is_unspecified
        ):
            raise InputError(
                f"Refusing to fetch {host!r}: it resolves to a private or local address ({addr})."
            )


def _check_url(url: str, *, allow_private: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"Only http and https URLs can be fetched, not {parts.scheme or 'none'!r}.")
    if not parts.hostname:
        raise InputError(f"The URL {url!r} has no host.")
    _check_host(parts.hostname, allow_private=allow_private)
    return url


def fetch_url(url: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> Fetched:
    """Download ``url`` or raise InputError saying why not."""
    http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout))
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        _check_url(current, allow_private=allow_private)
        try:
            resp = http.request(
                "GET", current, preload_content=False, redirect=False,
                headers={"User-Agent": "factcheck-workbench/0.1", "Accept": "text/html,text/plain"},
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise InputError(f"Fetching {current} timed out after {timeout:g} s.") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise InputError(f"Could not fetch {current}: {exc.__class__.__name__}.") from exc
        try:
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
            chunks, size = [], 0
            deadline = time.monotonic() + timeout * 3  # a slow trickle is a timeout too
            try:
                for chunk in resp.stream(64 * 1024):
                    if time.monotonic() > deadline:
                        raise InputError(f"Fetching {current} took longer than {timeout * 3:g} s.")
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(
                            f"{current} is larger than the limit of {max_bytes:,} bytes."
                        )
                    chunks.append(chunk)
            except urllib3.exceptions.TimeoutError as exc:
                raise InputError(f"Fetching {current} timed out after {timeout:g} s.") from exc
            except urllib3.exceptions.ProtocolError as exc:
                raise InputError(f"The connection to {current} broke off.") from exc
            return Fetched(url=current, body=b"".join(chunks), content_type=ctype or "text/html")
        finally:
            resp.release_conn()
    raise InputError(f"Too many redirects fetching {url}.")
