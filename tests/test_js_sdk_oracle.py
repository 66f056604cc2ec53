"""The official JS SDK as an oracle: the requests it sends, captured as a HAR, must lint clean.

purecloud-platform-client-v2 262.0.0 (npm) is a real client nobody here wrote. For every API
method of it that takes a body, tests/sdk_oracle/js_plan.py builds a body from the package's
own `index.d.ts` (every property of its declared type, nested interfaces to a bounded depth);
tests/sdk_oracle/send.js makes the calls in Node through the SDK — pointed at a loopback HTTP
server with the SDK's gateway setting, a fake token — and the server writes what it received
as a HAR. The HAR is linted as a user would lint a capture (127.0.0.1 given as an API host).
An error-level finding on a request the SDK itself made is a false alarm; two deliberately
broken calls made the same way must be caught.

Needs Node and the package in $ATTRLINT_NODE_BIN/.. (.ci/run installs both); else the tests
skip and say so. Deselect with `-m "not oracle"`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from node_tools import missing_reason, node_package
from sdk_oracle.js_plan import HELD_VARIANT, NST_VARIANT, plan, variants
from sdk_oracle.record import MAX_DEPTH
from sdk_oracle.report import Linted, describe, show, summarise

from attrlint.catalog import Catalog
from attrlint.model import Finding
from attrlint.rules import all_rules
from attrlint.runner import Settings, run
from attrlint.sources import ReadOptions

from conftest import ROOT

pytest_plugins = ["sdk_oracle.plugin"]  # the `oracle` marker

PACKAGE = "purecloud-platform-client-v2"
SDK_VERSION = "262.0.0"
SENDER = ROOT / "tests" / "sdk_oracle" / "send.js"


def _sdk_or_skip() -> tuple[str, Path]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH; the JS SDK oracle needs Node.js")
    package = node_package(PACKAGE)
    if package is None:
        pytest.skip(missing_reason(PACKAGE, f"{PACKAGE}@{SDK_VERSION}"))
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if version != SDK_VERSION:
        pytest.skip(f"{PACKAGE} {version} is installed; the oracle is written against {SDK_VERSION}")
    return node, package


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The planned calls, what the SDK did with each, and the HAR the server wrote."""
    node, package = _sdk_or_skip()
    work = tmp_path_factory.mktemp("js-sdk-oracle")
    started = time.perf_counter()
    calls, errors = plan(package, Catalog.load())
    calls += variants(calls)
    plan_file, har, outcomes_file = work / "plan.json", work / "sdk.har", work / "outcomes.json"
    plan_file.write_text(
        json.dumps([{"api_class": c.api_class, "name": c.name, "arguments": c.arguments} for c in calls]),
        encoding="utf-8",
    )
    command = [node, str(SENDER), str(package), str(plan_file), str(har), str(outcomes_file)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=work)
    assert result.returncode == 0, f"send.js failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8"))["outcomes"]
    assert len(outcomes) == len(calls)
    return {
        "calls": calls,
        "plan_errors": errors,
        "outcomes": outcomes,
        "har": har,
        "seconds": time.perf_counter() - started,
    }


@pytest.fixture(scope="module")
def linted(sent: dict[str, Any]) -> list[Linted]:
    """Each call that reached the server, with the findings on its HAR entry."""
    settings = Settings(all_rules(), read=ReadOptions(hosts=("127.0.0.1",)), config=False)
    result = run([str(sent["har"])], settings)
    assert result.requests == sum(o["entry"] is not None for o in sent["outcomes"]), "every entry was linted"
    by_entry: dict[int, list[Finding]] = {}
    for finding in result.findings:
        by_entry.setdefault(finding.location.request_index, []).append(finding)
    entries = json.loads(Path(sent["har"]).read_text(encoding="utf-8"))["log"]["entries"]
    linted = []
    for call, outcome in zip(sent["calls"], sent["outcomes"], strict=True):
        if outcome["entry"] is None:
            continue
        request = entries[outcome["entry"]]["request"]
        record = {**call.record(), "request": {"url": request["url"], "body": request.get("postData", {}).get("text")}}
        linted.append(Linted(record, by_entry.get(outcome["entry"], []), None))
    return linted


def _not_sent(sent: dict[str, Any]) -> list[dict[str, Any]]:
    """Planning errors, and calls that did not produce exactly one request."""
    failed = list(sent["plan_errors"])
    for call, outcome in zip(sent["calls"], sent["outcomes"], strict=True):
        if outcome["entry"] is None or outcome["error"]:
            failed.append({"api_class": call.api_class, "name": call.name, "stage": "call", "error": str(outcome)})
    return failed


def _variant(linted: list[Linted], label: str) -> Linted:
    return next(result for result in linted if result.record["variant"] == label)


def test_requests_sent_by_the_js_sdk_have_no_error_findings(sent: dict[str, Any], linted: list[Linted]) -> None:
    ordinary = [result for result in linted if not result.record["variant"]]
    recorded = {
        "sdk": PACKAGE,
        "sdk_version": SDK_VERSION,
        "max_depth": MAX_DEPTH,
        "seconds": sent["seconds"],
        "errors": _not_sent(sent),
    }
    summary = summarise(recorded, ordinary)
    show(describe(summary))
    assert summary.methods > 1000, summary.methods  # every body-taking method, not a handful
    assert not summary.failed, summary.headline() + "\n" + describe(summary, examples=5)
    # An operation the catalog records as removed is reported only where the SDK itself says
    # the method is deprecated: the SDK is older than the catalog there.
    assert all(record["deprecated"] for record, _ in summary.removed), describe(summary)


@pytest.mark.parametrize(
    ("label", "code", "pointer"),
    [(NST_VARIANT, "NST002", "/attributes/visits"), (HELD_VARIANT, "SCH001", "/held")],
    ids=["number-in-attributes-map", "held-yes"],
)
def test_broken_js_sdk_requests_are_caught(linted: list[Linted], label: str, code: str, pointer: str) -> None:
    result = _variant(linted, label)
    found = [(f.code, f.severity.value, f.location.pointer) for f in result.findings]
    print(f"\n{label}: {result.record['name']} body {result.record['request']['body'][:120]} -> {found}")
    assert (code, "error", pointer) in found
    # The server answered 200, so the capture also says the finding met a success (TRC004).
    assert any(f.code == "TRC004" for f in result.findings), found


def test_har_positions_point_into_the_recorded_body(sent: dict[str, Any], linted: list[Linted]) -> None:
    """The broken value's finding points at its key inside postData.text in the HAR file."""
    result = _variant(linted, NST_VARIANT)
    finding = next(f for f in result.findings if f.code == "NST002")
    line = Path(sent["har"]).read_text(encoding="utf-8").splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith('\\"visits\\"'), line[finding.location.column - 1 :][:40]


def test_each_entry_is_the_call_that_made_it(sent: dict[str, Any]) -> None:
    """Calls are made one at a time, so entry k is the k-th call's request: its method and path
    are the ones the SDK's source gives for that method (path parameters filled in)."""
    entries = json.loads(Path(sent["har"]).read_text(encoding="utf-8"))["log"]["entries"]
    checked = 0
    for call, outcome in zip(sent["calls"], sent["outcomes"], strict=True):
        if outcome["entry"] is None:
            continue
        request = entries[outcome["entry"]]["request"]
        path = "/" + request["url"].split("/", 3)[3].partition("?")[0]
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(call.path))
        assert request["method"] == call.verb and re.fullmatch(pattern, path), (call.name, request["url"])
        checked += 1
    assert checked > 1000, checked


def test_enum_and_date_values_come_from_the_catalog(sent: dict[str, Any]) -> None:
    """index.d.ts says only `string` for enums and dates: the plan fills those from the catalog's
    schema (without it, every such field would be a false SCH004/SCH005)."""
    call = next(c for c in sent["calls"] if c.name == "postConversationsCallbacks")
    body = call.arguments[-1]
    assert body["customerFirstCallbackDeliveryMode"] == "UseQueueSetting", body
    assert body["callbackScheduledTime"] == "2026-11-21T10:00:00.000Z", body
    assert body["routingData"]["label"] == "oracle", body  # a plain string stays the filler
