"""The official Python SDK as an oracle: the requests it makes must lint clean.

PureCloudPlatformClientV2 269.0.0 (the SDK the catalog is generated from) is a real client
nobody here wrote. For every API method of it that takes a body, tests/sdk_oracle/record.py
builds a body with every field filled with a valid value of its type, calls the method with
UUIDs for the required parameters — the SDK's transport stubbed, nothing sent — and records the
request the SDK made. Each one is linted here: an error-level finding on a request the SDK
itself made is a false alarm. Deliberately broken requests made the same way must be caught.

The recording runs in a subprocess (the SDK is heavy to import and changes global state) with
the interpreter named by ATTRLINT_SDK_PYTHON, else this one when it has the SDK; .ci/run
installs it. Without it the tests skip and say so. Deselect with `-m "not oracle"`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from sdk_oracle.report import (
    MISSING_REQUIRED_CHECK,
    Linted,
    describe,
    lint_record,
    operation,
    rule_for_check,
    show,
    summarise,
)

from attrlint.catalog import Catalog

from conftest import ROOT

pytest_plugins = ["sdk_oracle.plugin"]  # the `oracle` marker

SDK = "PureCloudPlatformClientV2"
SDK_VERSION = "269.0.0"
RECORDER = ROOT / "tests" / "sdk_oracle" / "record.py"
NST_VARIANT = "ParticipantAttributes with a number in the map"
HELD_VARIANT = "MediaParticipantRequest with held='yes'"


def _sdk_python() -> str:
    """The interpreter that has the SDK, or skip saying how to get one."""
    given = os.environ.get("ATTRLINT_SDK_PYTHON")
    if given:
        if not os.access(given, os.X_OK):
            pytest.skip(f"ATTRLINT_SDK_PYTHON={given} is not an executable")
        return given
    if importlib.util.find_spec(SDK) is None:
        pytest.skip(
            f"{SDK} is not installed in this environment; .ci/run installs it "
            f"(pip install {SDK}=={SDK_VERSION}), or set ATTRLINT_SDK_PYTHON to an interpreter that has it"
        )
    return sys.executable


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the SDK sent, one record per body-taking method (plus the broken variants)."""
    python = _sdk_python()
    work = tmp_path_factory.mktemp("sdk-oracle")
    out = work / "requests.json"
    # HOME points away from any ~/.genesyscloudpython/config, which the SDK would read.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work), "LC_ALL": "C.UTF-8", "NO_PROXY": "*"}
    result = subprocess.run(
        [python, str(RECORDER), str(out)], env=env, capture_output=True, text=True, timeout=600, cwd=work
    )
    assert result.returncode == 0, f"recorder failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if document["sdk_version"] != SDK_VERSION:
        pytest.skip(f"{SDK} {document['sdk_version']} is installed; the catalog is generated from {SDK_VERSION}")
    return document


def _variant(recorded: dict[str, Any], label: str) -> dict[str, Any]:
    return next(r for r in recorded["records"] if r.get("variant") == label)


def test_requests_made_by_the_sdk_have_no_error_findings(recorded: dict[str, Any]) -> None:
    records = [r for r in recorded["records"] if not r.get("variant")]
    linted: list[Linted] = [lint_record(record) for record in records]
    summary = summarise(recorded, linted)
    show(describe(summary))
    assert summary.methods > 1000, summary.methods  # every body-taking method, not a handful
    assert not summary.failed, summary.headline() + "\n" + describe(summary, examples=5)


@pytest.mark.parametrize(
    ("label", "code", "pointer"),
    [(NST_VARIANT, "NST002", "/attributes/visits"), (HELD_VARIANT, "SCH001", "/held")],
    ids=["number-in-attributes-map", "held-yes"],
)
def test_broken_sdk_requests_are_caught(recorded: dict[str, Any], label: str, code: str, pointer: str) -> None:
    record = _variant(recorded, label)
    result = lint_record(record)
    assert result.crash is None, result.crash
    found = [(f.code, f.severity.value, f.location.pointer) for f in result.findings]
    print(f"\n{label}: {operation(record)} body {record['request']['body']} -> {found}")
    assert (code, "error", pointer) in found


def test_missing_required_field_is_caught(recorded: dict[str, Any]) -> None:
    """A required field removed from a body the SDK made (needs `required` in the body
    schemas and a rule that reports it)."""
    catalog = Catalog.load()
    candidates = []
    for record in recorded["records"]:
        schema = catalog.body_schema(record["body_type"]) if not record.get("variant") else None
        body = json.loads(record["request"]["body"] or "null")
        names = [n for n in (schema or {}).get("required", ()) if isinstance(body, dict) and n in body]
        if names and record["verb"] != "PATCH":  # SCH003 does not judge partial updates
            candidates.append(
                (("/participants/" not in record["path"], record["path"], record["verb"]), record, names[0])
            )
    if not candidates:
        pytest.skip("no body schema in schemas/bodies lists `required` properties yet")
    code = rule_for_check(MISSING_REQUIRED_CHECK)
    if code is None:
        pytest.skip(
            f"{len(candidates)} SDK-made bodies have schemas with `required`, but no rule runs the "
            f"'{MISSING_REQUIRED_CHECK}' check yet, so a missing required field cannot be reported"
        )
    _, record, name = min(candidates, key=lambda c: c[0])
    body = json.loads(record["request"]["body"])
    del body[name]
    broken = {**record, "request": {**record["request"], "body": json.dumps(body)}}
    result = lint_record(broken)
    assert result.crash is None, result.crash
    found = [(f.code, f.severity.value, f.location.pointer, f.message) for f in result.findings]
    print(f"\nwithout required {name!r}: {operation(record)} -> {[f[:3] for f in found]}")
    assert any(c == code and name in message for c, _, _, message in found), found
