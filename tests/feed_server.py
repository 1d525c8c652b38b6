"""A local HTTP server that serves feed files, so no test ever reaches the internet.

It answers 304 when the client's If-None-Match matches the file's ETag, and can be
told to fail (`/status/500`), to be slow (`/slow/<name>`), to send its answer a byte
at a time (`/drip/<name>`), or to redirect (`/redirect?to=<address>`), like feeds in
the wild and like servers that mean harm.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FEEDS = Path(__file__).parent / "townhall" / "feeds"
TYPES = {".xml": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html"}


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    requests_seen: list[dict[str, str]]
    slow_seconds = 3.0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{path.lstrip('/')}"


class Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.requests_seen.append({"path": self.path, **dict(self.headers)})
        path = self.path.lstrip("/")
        if path.startswith("redirect"):
            self.send_response(302)
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["to"][0])
            self.end_headers()
            return
        if path.startswith("drip/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for byte in (FEEDS / path.removeprefix("drip/")).read_bytes()[:200]:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
            return
        if path.startswith("status/"):
            self.send_response(int(path.split("/")[1]))
            self.end_headers()
            return
        if path.startswith("slow/"):
            time.sleep(self.server.slow_seconds)
            path = path.removeprefix("slow/")
        file = FEEDS / path
        if not file.is_file():
            self.send_response(404)
            self.end_headers()
            return
        body = file.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Mon, 23 Nov 2026 09:00:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer(("127.0.0.1", 0), Handler)
    server.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
