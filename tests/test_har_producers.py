"""HAR captures written by real producers, not by hand: attrlint lints what they recorded.

A loopback site (tests/har_producers/loopback_site.py) serves a page whose script sends one
correct participant-attributes PATCH and several broken ones to a second loopback server that
answers like the Platform API (202, or a 400 ErrorBody with a contextId). Two producers record
that traffic:

- Chromium, driven by Playwright's `recordHar` (npm playwright-core and Debian's chromium);
- mitmproxy's `hardump`, with a plain Python client sending the same requests through it;
- both at once over HTTP/2: Chromium talks TLS to mitmproxy reverse proxies in front of the two
  servers, so Chromium's HAR has HTTP/2 pseudo-headers and mitmproxy's has the CORS preflights.

Each HAR is linted with `attrlint check FILE --host 127.0.0.1 --format json`, and every finding
must belong to the HAR entry of the request it is about, point at the right text in the file,
and quote the contextId the server really sent; the other entries must be counted as skipped.
Each test skips, saying how to install it, when its producer is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from har_producers.loopback_site import Answered, Planned, loopback_site, page_url
from har_producers.mitm import find_mitmdump, mitmdump_proxy, send_through_proxy
from node_tools import missing_reason, node_tool

from attrlint.sources.har import SKIP_NOT_API, SKIP_PREFLIGHT, SKIP_STATIC

from conftest import CONV, PART, ROOT

CHROMIUM = Path("/usr/bin/chromium")
RECORD_HAR = ROOT / "tests" / "har_producers" / "record_har.js"
ATTRIBUTES = f"/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"
GOOD = {"attributes": {"crm_status": "escalated"}}
PLAN = (
    Planned("correct PATCH", "PATCH", ATTRIBUTES, GOOD, ()),
    Planned("PUT on attributes", "PUT", ATTRIBUTES, GOOD, ("TRC001", "VRB001")),
    Planned(
        "participants array",
        "PATCH",
        ATTRIBUTES,
        {"participants": [{"participantId": PART, "attributes": {"crm_status": "escalated"}}]},
        ("TRC001", "WRP001"),
    ),
    Planned("nested value", "PATCH", ATTRIBUTES, {"attributes": {"crm": {"id": 42}}}, ("NST001", "TRC001")),
    Planned("voice path", "PATCH", f"/api/v2/conversations/voice/{CONV}/participants/{PART}", GOOD, ("PTH001", "TRC001")),
)
# What each finding's span must start with in the HAR file (body keys are escaped in
# postData.text); PTH001's is the URL, which starts with the API's base URL.
ANCHORS = {
    "VRB001": '"PUT"',
    "TRC001": "400",
    "WRP001": '\\"participants\\"',
    "NST001": '\\"crm\\"',
}
UNRELATED = {"/": SKIP_NOT_API, "/app.js": SKIP_STATIC, "/config.json": SKIP_NOT_API}


def _lint(har: Path) -> dict[str, Any]:
    """The JSON report of the CLI on `har`, with 127.0.0.1 as an API host (run beside the file,
    away from any configuration in the checkout)."""
    command = [sys.executable, "-m", "attrlint", "check", str(har), "--host", "127.0.0.1", "--format", "json"]
    result = subprocess.run(command, cwd=har.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]  # 1: error-level findings
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _planned_index(entries: list[dict[str, Any]], api: str, planned: Planned) -> int:
    """The index of the one HAR entry that recorded `planned`."""
    found = [
        index
        for index, entry in enumerate(entries)
        if entry["request"]["method"] == planned.method
        and entry["request"]["url"] == api + planned.path
        and json.loads(entry["request"].get("postData", {}).get("text") or "null") == planned.body
    ]
    assert len(found) == 1, (planned.label, found)
    return found[0]


def _check_capture(har: Path, site: str, api: str, answered: list[Answered]) -> Counter[str]:
    """Lint the capture and check every finding and skip against what was sent (the page from
    base URL `site`, the plan to base URL `api`, as the HAR names them; `answered` by the API
    server); return the skipped entries by reason."""
    text = har.read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)["log"]["entries"]
    report = _lint(har)
    indexes = {planned.label: _planned_index(entries, api, planned) for planned in PLAN}
    anchors = {**ANCHORS, "PTH001": f'"{api}/'}

    found: dict[int, list[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["location"]["request_index"], []).append(finding["code"])
    expected = {indexes[p.label]: sorted(p.expected) for p in PLAN if p.expected}
    assert {index: sorted(codes) for index, codes in found.items()} == expected

    answers = [a for a in answered if a.method != "OPTIONS"]
    assert [a.status for a in answers] == [400 if p.expected else 202 for p in PLAN]
    lines = text.splitlines()
    for planned, answer in zip(PLAN, answers, strict=True):
        assert (answer.method, answer.path, answer.body) == (planned.method, planned.path, planned.body_bytes)
        assert entries[indexes[planned.label]]["response"]["status"] == answer.status, planned.label
        for finding in report["findings"]:
            location = finding["location"]
            if location["request_index"] != indexes[planned.label]:
                continue
            at = lines[location["line"] - 1][location["column"] - 1 :]
            assert at.startswith(anchors[finding["code"]]), (planned.label, finding["code"], at[:80])
            if finding["code"] == "TRC001":
                assert f"contextId {answer.context_id}" in finding["message"]

    skipped: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        if index in indexes.values():
            continue
        url = urlsplit(entry["request"]["url"])
        if entry["request"]["method"] == "OPTIONS":
            skipped[SKIP_PREFLIGHT] += 1
        else:
            assert f"{url.scheme}://{url.netloc}" == site, entry["request"]["url"]
            skipped[UNRELATED[url.path]] += 1
    urls = [urlsplit(entry["request"]["url"]) for entry in entries]
    recorded = {url.path for url in urls if f"{url.scheme}://{url.netloc}" == site}
    assert recorded == set(UNRELATED)
    assert report["summary"]["skipped_entries"] == dict(skipped)
    assert report["summary"]["requests"] == len(PLAN) == len(entries) - sum(skipped.values())
    return skipped


def _chromium_or_skip() -> tuple[str, Path]:
    """node and the playwright-core package folder, or skip saying what to install."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium")
    node = node_tool("node")
    if node is None:
        pytest.skip(missing_reason("node", "node"))
    cli = node_tool("playwright-core")
    if cli is None:
        pytest.skip(missing_reason("playwright-core", "playwright-core"))
    return node, Path(cli).resolve().parent  # .bin/playwright-core links to the package's cli.js


def _mitmdump_or_skip() -> str:
    """The mitmdump executable, or skip saying how to install it."""
    mitmdump = find_mitmdump()
    if mitmdump is None:
        pytest.skip(
            "mitmdump not found in $ATTRLINT_MITMDUMP or on PATH: python -m venv /tmp/mitm && "
            "/tmp/mitm/bin/pip install mitmproxy==11.0.2 and set ATTRLINT_MITMDUMP=/tmp/mitm/bin/mitmdump"
        )
    return mitmdump


def _record_with_chromium(node: str, playwright: Path, page: str, har: Path) -> None:
    """Load `page` in headless Chromium until its script is done; Playwright writes `har`."""
    command = [node, str(RECORD_HAR), str(playwright), str(CHROMIUM), page, str(har)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_chromium_playwright_record_har(tmp_path: Path) -> None:
    """Chromium's HAR (Playwright recordHar) of the page and its cross-origin API calls."""
    node, playwright = _chromium_or_skip()
    har = tmp_path / "chromium.har"
    with loopback_site(PLAN) as api, loopback_site(PLAN) as site:
        _record_with_chromium(node, playwright, page_url(site.url, api.url), har)
        answered = api.answers()
    skipped = _check_capture(har, site.url, api.url, answered)
    # The API is cross-origin, so Chromium sent a preflight before each call; whether the HAR
    # keeps them is the producer's choice (Playwright leaves them out), and any kept are skipped.
    preflights = [a for a in answered if a.method == "OPTIONS"]
    assert len(preflights) == len(PLAN)
    assert skipped[SKIP_PREFLIGHT] <= len(preflights)


def test_mitmproxy_hardump(tmp_path: Path) -> None:
    """mitmproxy's HAR of a plain client sending the same requests through it as a proxy."""
    mitmdump = _mitmdump_or_skip()
    har = tmp_path / "mitmproxy.har"
    with loopback_site(PLAN) as api, loopback_site(PLAN) as site:
        with mitmdump_proxy(mitmdump, har, tmp_path) as (port,):
            statuses = send_through_proxy(port, site.url, api.url, PLAN)
        answered = api.answers()
    assert statuses == [200, 200, 200] + [400 if p.expected else 202 for p in PLAN]
    skipped = _check_capture(har, site.url, api.url, answered)
    assert skipped[SKIP_PREFLIGHT] == 0  # a plain client sends no preflights


def test_chromium_over_http2_through_mitmproxy(tmp_path: Path) -> None:
    """Both HARs of one run in which Chromium speaks HTTP/2 over TLS to mitmproxy."""
    node, playwright = _chromium_or_skip()
    mitmdump = _mitmdump_or_skip()
    chromium_har, mitmproxy_har = tmp_path / "chromium.har", tmp_path / "mitmproxy.har"
    with loopback_site(PLAN) as api, loopback_site(PLAN) as site:
        with mitmdump_proxy(mitmdump, mitmproxy_har, tmp_path, [site.url, api.url]) as (site_port, api_port):
            site_tls, api_tls = f"https://127.0.0.1:{site_port}", f"https://127.0.0.1:{api_port}"
            _record_with_chromium(node, playwright, page_url(site_tls, api_tls), chromium_har)
        answered = api.answers()
    # Chromium's HAR names the proxies it talked to, over HTTP/2, with the pseudo-headers
    # (:authority, :method, :path, :scheme) among the request headers.
    _check_capture(chromium_har, site_tls, api_tls, answered)
    entries = json.loads(chromium_har.read_text())["log"]["entries"]
    assert {e["request"]["httpVersion"] for e in entries} == {"HTTP/2.0"}
    assert all(any(h["name"] == ":authority" for h in e["request"]["headers"]) for e in entries)
    # mitmproxy's HAR names the servers behind it, and keeps every preflight Chromium sent.
    skipped = _check_capture(mitmproxy_har, site.url, api.url, answered)
    assert skipped[SKIP_PREFLIGHT] == len(PLAN)
