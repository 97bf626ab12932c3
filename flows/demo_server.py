"""A static server for the bundled demo site: one loopback port per outlet, placeholders filled in."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
SITE_DIR = DEMO_DIR / "site"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ""}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


def _resolve(root: Path, path: str) -> Path | None:
    rel = unquote(urlsplit(path).path).lstrip("/")
    base = (root / rel).resolve()
    if root.resolve() not in (base, *base.parents):
        return None  # no path traversal out of the outlet's folder
    for cand in (base, base.with_name(base.name + ".html"), base / "index.html"):
        if cand.is_file() and not cand.name.endswith(".headers.json"):
            return cand
    return None


class DemoSite:
    """Serves every outlet under demo/site on its own 127.0.0.1 ephemeral port."""

    def __init__(self, site_dir: Path = SITE_DIR) -> None:
        self.site_dir = site_dir
        self.outlets = sorted(p.name for p in site_dir.iterdir() if p.is_dir())
        self.base_urls: dict[str, str] = {}
        self._servers: list[ThreadingHTTPServer] = []

    def _handler(self, root: Path) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                file = _resolve(root, self.path)
                if file is None:
                    self.send_error(404)
                    return
                body = file.read_bytes()
                # Like nginx for static files: a validator from the file itself (stable across runs
                # although the filled-in ports change), and 304 when the crawler sends it back.
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                if file.suffix in TEXT_SUFFIXES:
                    body = site.fill(body, root.name)
                headers = {
                    "ETag": etag,
                    "Content-Type": TYPES.get(file.suffix)
                    or mimetypes.guess_type(file.name)[0]
                    or "application/octet-stream",
                }
                status = 200
                sidecar = file.with_name(file.name + ".headers.json")
                if sidecar.exists():
                    extra = json.loads(sidecar.read_text())
                    status = int(extra.pop("status", 200))
                    headers.update(extra)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the crawler logs what matters; per-request lines would drown the summary

        return Handler

    def fill(self, body: bytes, outlet: str) -> bytes:
        """Replace {{BASE_URL}} and {{BASE_URL:slug}} placeholders (bytes, so any encoding survives)."""
        body = body.replace(b"{{BASE_URL}}", self.base_urls[outlet].encode())
        for slug, base in self.base_urls.items():
            body = body.replace(b"{{BASE_URL:" + slug.encode() + b"}}", base.encode())
        return body

    def __enter__(self) -> DemoSite:
        for slug in self.outlets:
            server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(self.site_dir / slug))
            server.daemon_threads = True
            self.base_urls[slug] = f"http://127.0.0.1:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def replacements(self) -> dict[str, str]:
        """Placeholder values for the demo sources file."""
        return {f"BASE_URL:{slug}": base for slug, base in self.base_urls.items()}
