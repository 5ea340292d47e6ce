"""Shared fixtures: a blocked network and a small HTTP server on loopback."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every outgoing socket connection fail, as on a machine with no network."""

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class _Handler(BaseHTTPRequestHandler):
    """Serves `server.routes[path] = (status, content_type, body, send_bytes)`.

    `send_bytes` < len(body) announces the full length but stops early and closes the
    connection, like a download cut off half-way.
    """

    def do_GET(self) -> None:
        status, content_type, body, send_bytes = self.server.routes.get(
            self.path, (404, "text/plain", b"not found", None)
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:send_bytes])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def http_server() -> Iterator[ThreadingHTTPServer]:
    """An HTTP server on 127.0.0.1; set `server.routes` and use `server.url`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.routes = {}
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
