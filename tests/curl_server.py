"""A loopback HTTP server that records every request it gets, for tests that run real curl.

It binds 127.0.0.1 on a free port, answers every method with an empty 204-like 200, and keeps
each request's method, target, header lines and raw body bytes until `take()` collects them.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request as it arrived on the wire."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def path(self) -> str:
        """The target without its query string."""
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        """The query string without the `?`."""
        return self.target.partition("?")[2]

    def header_values(self, name: str) -> list[str]:
        """Every value sent for header `name` (case-insensitive), in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]


class _RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.records: list[Recorded] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so that curl's `Expect: 100-continue` for large bodies is answered properly.
    protocol_version = "HTTP/1.1"
    server: _RecordingServer

    def __getattr__(self, name: str) -> Callable[[], None]:
        # BaseHTTPRequestHandler dispatches to `do_<METHOD>`; record any method curl may send.
        if name.startswith("do_"):
            return self._record
        raise AttributeError(name)

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.records.append(Recorded(self.command, self.path, tuple(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the tests report what matters."""


class RecordingServer:
    """Handle on a running recording server: its base URL and the requests received so far."""

    def __init__(self, server: _RecordingServer) -> None:
        self._server = server
        self.authority = f"127.0.0.1:{server.server_port}"
        self.url = f"http://{self.authority}"

    def take(self) -> list[Recorded]:
        """Return and forget the requests received since the last call."""
        with self._server.lock:
            records, self._server.records = self._server.records, []
        return records


@contextmanager
def recording_server() -> Iterator[RecordingServer]:
    """Run a recording server in a background thread for the duration of the block."""
    server = _RecordingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RecordingServer(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_bash(text: str, folder: Path, variables: Mapping[str, str] | None = None) -> None:
    """Run `text` with real bash in `folder` (no proxy, no stdin, only PATH from outside, plus
    `variables`) and fail the test when it does not exit 0."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(folder), "NO_PROXY": "*", "LC_ALL": "C.UTF-8"}
    completed = subprocess.run(
        ["bash", "-c", text],
        check=False,
        cwd=folder,
        env={**env, **(variables or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")
