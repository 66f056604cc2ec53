"""Drive mitmdump on 127.0.0.1 so that it writes a HAR, and a plain client that uses it.

mitmdump runs either as a regular HTTP proxy or as reverse proxies in front of given servers
(which accept TLS from the client, so a browser can reach them over HTTP/2). It cannot listen
on port 0, so free ports are picked first (and others tried when one was taken in between). The HAR is written by mitmproxy's `hardump` option when mitmdump shuts
down, so the proxy is stopped with SIGTERM, which mitmdump handles by shutting down cleanly.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from har_producers.loopback_site import HEADERS, Planned

MITMDUMP = "ATTRLINT_MITMDUMP"
_ATTEMPTS = 3
_START_TIMEOUT = 30.0
_STOP_TIMEOUT = 30.0


class ProxyFailed(RuntimeError):
    """mitmdump did not start or did not stop cleanly; the message holds its output."""


def find_mitmdump() -> str | None:
    """The mitmdump executable: $ATTRLINT_MITMDUMP when it names a file, else mitmdump on PATH."""
    named = os.environ.get(MITMDUMP)
    if named and os.access(named, os.X_OK):
        return named
    return shutil.which("mitmdump")


def _free_ports(count: int) -> list[int]:
    """`count` distinct ports that are free on 127.0.0.1 now (all probed at once)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _start(
    executable: str, har: Path, confdir: Path, log: Path, upstreams: Sequence[str]
) -> tuple[subprocess.Popen[bytes], list[int]] | None:
    """One try: mitmdump on free ports, or None when it exited before listening."""
    ports = _free_ports(max(1, len(upstreams)))
    command = [
        executable,
        "--listen-host", "127.0.0.1",
        "--set", f"hardump={har}",
        "--set", f"confdir={confdir}",  # its CA files go here, not to ~/.mitmproxy
        "--set", "flow_detail=0",
    ]  # fmt: skip
    if upstreams:
        for upstream, port in zip(upstreams, ports, strict=True):
            command += ["--mode", f"reverse:{upstream}@{port}"]
    else:
        command += ["--listen-port", str(ports[0])]
    with log.open("ab") as output:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        if all(_listening(port) for port in ports):
            return process, ports
        time.sleep(0.1)
    process.kill()
    process.wait()
    raise ProxyFailed(f"mitmdump did not listen on 127.0.0.1:{ports} within {_START_TIMEOUT:.0f} s:\n{log.read_text()}")


@contextmanager
def mitmdump_proxy(executable: str, har: Path, workdir: Path, upstreams: Sequence[str] = ()) -> Iterator[list[int]]:
    """Run mitmdump on 127.0.0.1 for the block and yield its ports: one regular HTTP proxy, or
    one reverse proxy in front of each base URL in `upstreams`. On leaving, stop it cleanly and
    check that it wrote `har`."""
    log = workdir / "mitmdump.log"
    confdir = workdir / "mitmproxy-conf"
    confdir.mkdir(exist_ok=True)
    for _ in range(_ATTEMPTS):
        started = _start(executable, har, confdir, log, upstreams)
        if started is not None:
            break
    else:
        raise ProxyFailed(f"mitmdump exited before listening ({_ATTEMPTS} tries):\n{log.read_text()}")
    process, ports = started
    try:
        yield ports
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ProxyFailed(f"mitmdump did not stop within {_STOP_TIMEOUT:.0f} s:\n{log.read_text()}") from None
    if code != 0 or not har.is_file():
        raise ProxyFailed(f"mitmdump exited with {code} and {'a' if har.is_file() else 'no'} HAR:\n{log.read_text()}")


def send_through_proxy(port: int, site: str, api: str, plan: Sequence[Planned]) -> list[int]:
    """Send what the page's browser would, as a plain HTTP client through the proxy on `port`:
    the page, its script and its configuration from `site`, then each planned request to `api`.
    Returns the status codes received, in order."""
    statuses: list[int] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        requests: list[tuple[str, str, dict[str, str], bytes | None]] = [
            ("GET", f"{site}/", {"Accept": "text/html"}, None),
            ("GET", f"{site}/app.js", {"Accept": "*/*"}, None),
            ("GET", f"{site}/config.json", {"Accept": "application/json"}, None),
        ]
        headers = {**HEADERS, "Accept": "application/json", "Accept-Encoding": "gzip"}
        requests += [(p.method, f"{api}{p.path}", headers, p.body_bytes) for p in plan]
        for method, url, request_headers, body in requests:
            connection.request(method, url, body=body, headers=request_headers)  # absolute form: a proxy request
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        connection.close()
    return statuses
