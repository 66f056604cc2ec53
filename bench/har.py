"""HAR throughput and memory: `attrlint check` on a generated capture vs `json.load` of it.

Generates a HAR of N entries (default 100,000) of real Platform API operations — attribute
PATCHes (most clean, some broken), participant PATCHes, conversation GETs, analytics queries —
with browser-like headers and JSON responses, then runs, each in its own process:
`json.load` of the file, and `attrlint check FILE.har`. Prints entries/s, MiB/s, the time
ratio (target <= 1.5x) and peak RSS (target <= 100 MiB), and again for a file twice as large,
to show memory stays flat as the file grows (the reader streams). The two are run in turn
`--repeat` times and the fastest run of each is compared (the machine is noisy; the fastest
run is the one least disturbed). attrlint's bytecode is
compiled first, so that no run pays for compiling it (PYTHONDONTWRITEBYTECODE would make
every run do so), as no installed copy does.

    python bench/har.py [--entries 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_MEASURE = """
import resource, sys, time
start = time.perf_counter()
{body}
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
_JSON_LOAD = "import json\nwith open(sys.argv[1], 'rb') as f: json.load(f)"
_ATTRLINT = (
    "from attrlint.cli import main\n"
    "sys.argv = ['attrlint', 'check', '--format', 'json', sys.argv[1]]\n"
    "import io, contextlib\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    try: main()\n"
    "    except SystemExit: pass"
)
HEADERS = [
    ("accept", "application/json, text/plain, */*"),
    ("accept-language", "en-US,en;q=0.9"),
    ("authorization", "Bearer bench-token-not-real-0123456789abcdef"),
    ("content-type", "application/json"),
    ("origin", "https://apps.mypurecloud.com"),
    ("referer", "https://apps.mypurecloud.com/"),
    ("sec-fetch-mode", "cors"),
    ("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"),
    ("x-request-source", "bench"),
]


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def _entry(rng: random.Random) -> dict[str, Any]:
    conversation, participant = _uuid(rng), _uuid(rng)
    api = "https://api.mypurecloud.com/api/v2"
    kind = rng.random()
    body: Any = None
    if kind < 0.5:
        method, url = "PATCH", f"{api}/conversations/calls/{conversation}/participants/{participant}/attributes"
        body = {"attributes": {f"crm_{i}": f"value-{rng.randrange(10**6)}" for i in range(rng.randrange(1, 8))}}
        if rng.random() < 0.05:
            body["attributes"]["nested"] = {"id": rng.randrange(100)}
    elif kind < 0.65:
        method, url = "PATCH", f"{api}/conversations/{conversation}/participants/{participant}"
        body = {"wrapupSkipped": False, "state": "connected"}
    elif kind < 0.9:
        method, url = "GET", f"{api}/conversations/calls/{conversation}"
    else:
        method, url = "POST", f"{api}/analytics/conversations/details/query"
        body = {"interval": "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", "paging": {"pageSize": 25, "pageNumber": 1}}
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "http/2.0",
        "headers": [{"name": n, "value": v} for n, v in HEADERS],
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": 0,
    }
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    response_body = {"id": conversation, "participants": [{"id": participant, "purpose": "customer", "attributes": {"a": "b"}}], "selfUri": url}
    return {
        "startedDateTime": "2026-11-21T10:00:00.000Z",
        "time": rng.random() * 100,
        "request": request,
        "response": {
            "status": 202 if method == "PATCH" else 200,
            "statusText": "",
            "httpVersion": "http/2.0",
            "headers": [{"name": "content-type", "value": "application/json"}, {"name": "inin-correlation-id", "value": _uuid(rng)}],
            "cookies": [],
            "content": {"size": 0, "mimeType": "application/json", "text": json.dumps(response_body)},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"blocked": 0.1, "dns": -1, "connect": -1, "send": 0.1, "wait": 20.0, "receive": 0.3, "ssl": -1},
    }


def generate(path: Path, entries: int) -> None:
    """Write a HAR of `entries` entries, pretty-printed like a browser's export."""
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "bench", "version": "1"},\n    "entries": [\n')
        for index in range(entries):
            text = json.dumps(_entry(rng), indent=2)
            handle.write("      " + text.replace("\n", "\n      ") + (",\n" if index + 1 < entries else "\n"))
        handle.write("    ]\n  }\n}\n")


def measure(body: str, path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of running `body` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE.format(body=body), str(path)], capture_output=True, text=True, check=True
    )
    seconds, rss_kib = result.stderr.split()[-2:]
    return float(seconds), int(rss_kib) / 1024


def main() -> None:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the fastest counts")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] / "attrlint")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        for entries in (args.entries, args.entries * 2):
            path = Path(tmp) / f"bench-{entries}.har"
            started = time.perf_counter()
            generate(path, entries)
            size = path.stat().st_size / 2**20
            print(f"{entries:,} entries, {size:.0f} MiB (generated in {time.perf_counter() - started:.0f} s)")
            loads, lints = [], []
            for _ in range(args.repeat):
                loads.append(measure(_JSON_LOAD, path))
                lints.append(measure(_ATTRLINT, path))
            (load_s, load_rss), (lint_s, lint_rss) = min(loads), min(lints)
            print(f"  json.load        {load_s:7.2f} s  {size / load_s:6.1f} MiB/s  peak RSS {load_rss:7.1f} MiB")
            print(
                f"  attrlint check   {lint_s:7.2f} s  {size / lint_s:6.1f} MiB/s  peak RSS {lint_rss:7.1f} MiB"
                f"  {entries / lint_s:,.0f} entries/s"
            )
            print(f"  time ratio {lint_s / load_s:.2f}x (target <= 1.5x), attrlint peak RSS {lint_rss:.0f} MiB (target <= 100)")
            path.unlink()


if __name__ == "__main__":
    main()
