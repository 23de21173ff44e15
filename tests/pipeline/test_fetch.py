"""fetch_url against a real local HTTP server."""

import http.server
import threading
import time

import pytest

from claims.pipeline.errors import InputError
from claims.pipeline.fetch import fetch_url

PAGE = b"<html><head><title>Port news</title></head><body><p>The port reopened.</p></body></html>"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/redirect-out":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 200_000 + b"</p>")
        elif self.path == "/pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(b"%PDF-1.4")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            time.sleep(2)
            self.wfile.write(PAGE)
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_fetches_page(server):
    got = fetch_url(f"{server}/article", max_bytes=10_000, timeout=5, allow_private=True)
    assert got.body == PAGE and got.content_type == "text/html"


def test_follows_redirect(server):
    got = fetch_url(f"{server}/redirect", max_bytes=10_000, timeout=5, allow_private=True)
    assert got.url.endswith("/article")


def test_refuses_loopback_by_default(server):
    with pytest.raises(InputError, match="private or local"):
        fetch_url(f"{server}/article", max_bytes=10_000, timeout=5)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
def test_refuses_other_schemes(url):
    with pytest.raises(InputError, match="Only http and https"):
        fetch_url(url, max_bytes=10_000, timeout=5)


def test_refuses_redirect_to_other_scheme(server):
    with pytest.raises(InputError, match="Only http and https"):
        fetch_url(f"{server}/redirect-out", max_bytes=10_000, timeout=5, allow_private=True)


def test_size_cap(server):
    with pytest.raises(InputError, match="limit"):
        fetch_url(f"{server}/big", max_bytes=50_000, timeout=5, allow_private=True)


def test_content_type(server):
    with pytest.raises(InputError, match="application/pdf"):
        fetch_url(f"{server}/pdf", max_bytes=50_000, timeout=5, allow_private=True)


def test_timeout(server):
    with pytest.raises(InputError, match="timed out|longer than"):
        fetch_url(f"{server}/slow", max_bytes=50_000, timeout=0.5, allow_private=True)


def test_http_error(server):
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_url(f"{server}/missing", max_bytes=50_000, timeout=5, allow_private=True)
