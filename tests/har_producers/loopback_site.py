"""A loopback web site and a Genesys-like API for real HAR producers to record.

One server class plays both parts, bound to 127.0.0.1 on a free port:

- the site: `GET /?api=BASE` is a small HTML page whose script `/app.js` first fetches
  `/config.json` and then sends the planned API requests with `fetch()` to BASE (another
  instance of this server, or a proxy in front of it, so the browser treats the calls as
  cross-origin and sends CORS preflights, as it does for api.mypurecloud.com);
- the API: `OPTIONS` answers a preflight; `PATCH` and `PUT` are answered the way the Platform
  API answers: `202` with no body for a correct participant-attributes PATCH, and a `400`
  ErrorBody `{"message", "code": "bad.request", "status", "contextId", ...}` for anything else.
  JSON answers are gzip-encoded when the client accepts it, as the real API's are.

Every API answer and preflight is kept (`answers()`), with the contextId it carried, so tests
can match the HAR entries to what the server really sent.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

TOKEN = "example-token-not-real"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
CONFIG = {"region": "loopback", "features": ["attributes"]}
PAGE = (
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>attributes demo</title>"
    '<link rel="icon" href="data:,"><script src="/app.js"></script></head>'
    "<body><p>Updating participant attributes.</p></body></html>\n"
)
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_ATTRIBUTES_PATH = re.compile(rf"/api/v2/conversations/(?:calls|callbacks|emails|messages)/{_UUID}/participants/{_UUID}/attributes")
_SCRIPT = """\
(async () => {
  const plan = %(plan)s;
  const headers = %(headers)s;
  const api = new URLSearchParams(location.search).get("api") ?? location.origin;
  const config = await fetch("/config.json");
  await config.json();
  for (const planned of plan) {
    const init = {method: planned.method, headers};
    if (planned.body !== null) init.body = JSON.stringify(planned.body);
    const response = await fetch(api + planned.path, init);
    await response.text();
  }
  window.harDone = true;
})().catch((error) => { window.harError = String(error); });
"""


@dataclass(frozen=True, slots=True)
class Planned:
    """One API request the producers send: what it is, and the codes attrlint must report."""

    label: str
    method: str
    path: str
    body: Any
    expected: tuple[str, ...]

    @property
    def body_bytes(self) -> bytes | None:
        """The body as sent: compact JSON, as `JSON.stringify` writes it."""
        return None if self.body is None else json.dumps(self.body, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class Answered:
    """One API request (or CORS preflight) as the server got it, and what it answered."""

    method: str
    path: str
    body: bytes
    status: int
    context_id: str | None


def accepts(method: str, path: str, body: bytes) -> bool:
    """Whether the Platform API would accept the request: a PATCH to a participant-attributes
    path whose body is `{"attributes": {string: string}}`."""
    if method != "PATCH" or not _ATTRIBUTES_PATH.fullmatch(path):
        return False
    try:
        document = json.loads(body)
    except ValueError:
        return False
    if not isinstance(document, dict) or list(document) != ["attributes"]:
        return False
    attributes = document["attributes"]
    return isinstance(attributes, dict) and all(isinstance(value, str) for value in attributes.values())


def page_url(site: str, api: str) -> str:
    """The URL of the page on base URL `site` whose script sends the plan to base URL `api`."""
    return f"{site}/?api={quote(api, safe='')}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, plan: Sequence[Planned]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = _SCRIPT % {
            "plan": json.dumps([{"method": p.method, "path": p.path, "body": p.body} for p in plan]),
            "headers": json.dumps(HEADERS),
        }
        self.answered: list[Answered] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections of a browser or proxy end on their own
    server: _Server

    def do_GET(self) -> None:
        """The page, its script, its configuration."""
        path = self.path.partition("?")[0]
        if path == "/":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif path == "/app.js":
            self._send(200, "text/javascript; charset=utf-8", self.server.script.encode())
        elif path == "/config.json":
            self._send(200, "application/json", json.dumps(CONFIG).encode())
        else:
            self._send(404, "text/plain", b"not found\n")

    def do_OPTIONS(self) -> None:
        """A CORS preflight: PATCH, PUT and the two headers the script sends are allowed."""
        self._keep(Answered("OPTIONS", self.path.partition("?")[0], b"", 204, None))
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "PATCH, PUT")
        self.send_header("Access-Control-Allow-Headers", "authorization, content-type")
        self.send_header("Access-Control-Max-Age", "0")  # one preflight per request, none cached
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PATCH(self) -> None:
        """An API write."""
        self._api()

    def do_PUT(self) -> None:
        """An API write."""
        self._api()

    def _api(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.partition("?")[0]
        if accepts(self.command, path, body):
            self._keep(Answered(self.command, path, body, 202, None))
            self._send(202, None, b"")
        else:
            answer = Answered(self.command, path, body, 400, str(uuid.uuid4()))
            self._keep(answer)
            error = {
                "message": "The request could not be understood by the server due to malformed syntax.",
                "code": "bad.request",
                "status": 400,
                "contextId": answer.context_id,
                "details": [],
                "errors": [],
            }
            self._send(400, "application/json", json.dumps(error).encode())

    def _keep(self, answer: Answered) -> None:
        """Remember an answer before it is sent, so it is there once the client has it."""
        with self.server.lock:
            self.server.answered.append(answer)

    def _send(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        self._cors()
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        if body and content_type == "application/json" and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the tests report what matters."""


class LoopbackSite:
    """Handle on a running server: its base URL and the API answers it gave so far."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def answers(self) -> list[Answered]:
        """Every API request and preflight answered so far, in order."""
        with self._server.lock:
            return list(self._server.answered)


@contextmanager
def loopback_site(plan: Sequence[Planned]) -> Iterator[LoopbackSite]:
    """Run a server in a background thread for the duration of the block; its page's script
    sends `plan` to the base URL in the page's `api` query parameter."""
    server = _Server(plan)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LoopbackSite(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
