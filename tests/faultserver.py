"""A fault-injecting HTTP server on loopback, after Scrapy's mock server: every way a site can fail."""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

PAGE = (
    "<html><head><title>{name}</title><meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2025-10-13T10:00:00+00:00'></head><body><article>"
    "<h1>Report {name}</h1>"
    + "".join(
        f"<p>Item {i}: officials from {i + 2} ministries met partners on trade and security.</p>"
        for i in range(12)
    )
    + "</article></body></html>"
)


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-body is the point of several routes; don't print their tracebacks."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def zeros_gzip(mb: int) -> bytes:
    """gzip of `mb` MiB of zero bytes, built in chunks so the server never holds the plain data."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    return b"".join([*(comp.compress(chunk) for _ in range(mb)), comp.flush()])


class FaultServer:
    """Serves /ok, /flaky, /status, /retry-after, /drop, /partial, /drip, /big, /bomb, /loop, /redirect."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        *,
        robots: tuple[int, str] = (200, "User-agent: *\nDisallow: /private/\n"),
    ) -> None:
        self.host = host
        self.robots = robots
        self.listed: list[str] = []
        self.hits: Counter[str] = Counter()
        self.bombs: dict[int, bytes] = {}
        self.times: list[tuple[str, float]] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._server = _QuietServer((host, 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://{host}:{self._server.server_address[1]}"

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(
                self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k.replace("_", "-"), v)
                self.end_headers()
                self.wfile.write(body)

            def _reset(self) -> None:
                # SO_LINGER 0 makes close() send RST: a connection reset, not a clean close.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path, q = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
                with server._lock:
                    server.hits[path] += 1
                    server.times.append((path, time.monotonic()))
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                    nth = server.hits[path]
                try:
                    self._route(path, q, nth)
                finally:
                    with server._lock:
                        server.active -= 1

            def _route(self, path: str, q: dict[str, str], nth: int) -> None:
                kind = path.strip("/").split("/")[0]
                name = path.rstrip("/").rsplit("/", 1)[-1]
                page = PAGE.format(name=name).encode()
                if path == "/robots.txt":
                    self._send(server.robots[0], server.robots[1].encode(), "text/plain")
                elif path == "/sitemap.xml":
                    urls = "".join(f"<url><loc>{escape(server.base + p)}</loc></url>" for p in server.listed)
                    body = f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
                    self._send(200, body.encode(), "application/xml")
                elif kind in ("ok", "private"):
                    self._send(200, page)
                elif kind == "short":
                    self._send(200, page.split(b"<p>Item 1:")[0] + b"</article></body></html>")
                elif kind == "slow":
                    time.sleep(float(q.get("secs", "0.2")))
                    self._send(200, page)
                elif kind == "cal":
                    # An endless calendar: every day links to the next, plus a story and a path trap.
                    n = int(name)
                    links = (
                        f"<a href='/cal/{n + 1}'>next</a><a href='/ok/art-{n}'>story</a>"
                        "<a href='/rep/x/x/x/'>x</a>"
                    )
                    self._send(200, f"<html><body>{links}</body></html>".encode())
                elif kind == "etag":
                    if self.headers.get("If-None-Match") == '"v1"':
                        server.hits["304"] += 1
                        self._send(304, b"", ETag='"v1"')
                    else:
                        self._send(200, page, ETag='"v1"', Last_Modified="Mon, 13 Oct 2025 10:00:00 GMT")
                elif kind == "flaky":
                    if nth <= int(q.get("fail", "2")):
                        self._send(int(q.get("code", "503")), b"busy")
                    else:
                        self._send(200, page)
                elif kind == "status":
                    self._send(int(name), b"status page")
                elif kind == "retry-after":
                    if nth == 1:
                        self._send(429, b"slow down", Retry_After=q.get("secs", "1"))
                    else:
                        self._send(200, page)
                elif kind == "drop":
                    self._reset()
                elif kind == "flakydrop":
                    if nth <= int(q.get("fail", "1")):
                        self._reset()
                    else:
                        self._send(200, page)
                elif kind == "partial":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page) * 3))
                    self.end_headers()
                    self.wfile.write(page)
                    self.close_connection = True
                elif kind == "drip":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    stop = time.monotonic() + float(q.get("secs", "10"))
                    while time.monotonic() < stop:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                    self.close_connection = True
                elif kind == "big":
                    self._send(
                        200, b"<html><body><p>" + b"a" * (int(q.get("mb", "5")) << 20) + b"</p></body></html>"
                    )
                elif kind == "bomb":
                    mb = int(q.get("mb", "100"))
                    with server._lock:
                        if mb not in server.bombs:
                            server.bombs[mb] = zeros_gzip(mb)  # built once: a 1 GiB bomb takes seconds
                        body = server.bombs[mb]
                    for _ in range(int(q.get("layers", "1")) - 1):
                        body = gzip.compress(body, compresslevel=9)
                    encoding = ", ".join(["gzip"] * int(q.get("layers", "1")))
                    self._send(200, body, Content_Encoding=encoding)
                elif kind == "loop":
                    self._send(302, b"", Location=path)
                elif kind == "redirect":
                    self._send(302, b"", Location=q["to"])
                elif kind == "pdf":
                    self._send(200, b"%PDF-1.4 test", "application/pdf")
                else:
                    self._send(404, b"not found")

        return Handler
