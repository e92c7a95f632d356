"""A local HTTP server for the feed tests: saved feeds and pages written for the tests.

``FeedServer`` serves ``routes`` (path -> ``Route``) from a thread on 127.0.0.1, answers
conditional requests (``If-None-Match`` against the route's ETag: 304) and records every
request (path, status) so a test can count them. A route may answer with a status, sleep
(a timeout), or carry no validators.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)

    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = server.routes.get(self.path)
                if route is None:
                    self._answer(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.status != 200:
                    self._answer(route.status, b"error", "text/plain")
                    return
                etag_match = route.etag and self.headers.get("If-None-Match") == route.etag
                date_match = (route.last_modified and not route.etag
                              and self.headers.get("If-Modified-Since") == route.last_modified)
                if etag_match or date_match:
                    self._answer(304, b"", route.content_type, route)
                    return
                self._answer(200, route.body, route.content_type, route)

            def _answer(self, status: int, body: bytes, ctype: str, route: Route | None = None) -> None:
                server.log.append((self.path, status))
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    if route is not None and route.etag:
                        self.send_header("ETag", route.etag)
                    if route is not None and route.last_modified:
                        self.send_header("Last-Modified", route.last_modified)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def hits(self, path: str) -> list[int]:
        return [status for p, status in self.log if p == path]
