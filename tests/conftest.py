"""Shared fixtures: a blocked network and a small HTTP server on loopback."""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every outgoing socket connection fail, as on a machine with no network."""

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class Route(NamedTuple):
    """What the test server answers for one path.

    `send_bytes` < len(body) announces the full length but stops early and closes the
    connection, like a download cut off half-way; `delay` seconds pass before the answer.
    """

    status: int
    content_type: str
    body: bytes
    send_bytes: int | None = None
    delay: float = 0.0


NOT_FOUND = Route(404, "text/plain", b"not found")


class _Handler(BaseHTTPRequestHandler):
    """Answers from `server.routes` (404 otherwise) and logs each path in `server.requests`."""

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path, NOT_FOUND)
        time.sleep(route.delay)
        with contextlib.suppress(ConnectionError):  # the client may have given up already
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body[: route.send_bytes])
        self.close_connection = True

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def http_server() -> Iterator[ThreadingHTTPServer]:
    """An HTTP server on 127.0.0.1: fill `server.routes` with Routes, fetch from `server.url`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.routes, server.requests = {}, []
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
