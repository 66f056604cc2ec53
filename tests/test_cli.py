"""The command line: exit codes, output formats, unreadable input, secrets, selection."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from attrlint import __version__
from attrlint.cli import main

from conftest import CONV, PART, ROOT

REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
GOOD_URL = f"https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"
SECRET = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def test_clean_body_exits_zero(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"attributes": {"crm_status": "escalated"}}')
    code, out = invoke("check", str(body), "--url", GOOD_URL)
    assert code == 0
    assert out.startswith("All checks passed: 1 request in 1 file")


def test_findings_exit_one_with_location_and_caret(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{\n  "attributes": {\n    "crm": {"id": 42}\n  }\n}\n')
    code, out = invoke("check", str(body))
    assert code == 1
    assert f"{body}:3:5: NST001 attribute 'crm' is an object" in out
    assert "    ^^^^^^^^^^^^^^^^^" in out
    assert '"crm.id": "42"' in out


def test_invalid_json_is_prs001_with_line_and_column_and_exit_two(tmp_path: Path) -> None:
    body = tmp_path / "broken.json"
    body.write_text('{\n  "attributes": {"a": "b",}\n}\n')
    code, out = invoke("check", str(body))
    assert code == 2
    assert f"{body}:2:27: PRS001 the body cannot be read as JSON: invalid JSON" in out


def test_one_unreadable_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"attributes": {"vip": true}}')
    missing = tmp_path / "missing.json"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, out = invoke("check", str(missing), str(binary), str(good), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert sorted(f["code"] for f in report["findings"]) == ["NST002", "PRS001", "PRS001"]
    assert report["summary"]["unreadable"] == 2
    assert report["summary"]["files"] == 3


def test_json_report_validates_against_its_schema() -> None:
    seeds = ROOT / "tests" / "fixtures" / "seeds"
    code, out = invoke(
        "check", str(seeds), "--format", "json", "--scopes", "conversations:modify", "--grant", "client-credentials"
    )
    report = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert code == 1
    assert report["version"] == __version__
    assert {f["category"] for f in report["findings"]} >= {"path", "wrapper", "nesting", "scope", "headers"}


def test_stdin_and_input_format() -> None:
    curl = f"curl -X PUT '{GOOD_URL}' -H 'Authorization: Bearer {SECRET}' --json '{{\"attributes\": {{\"a\": \"b\"}}}}'"
    code, out = invoke("check", "-", stdin=curl)
    assert code == 1
    assert "<stdin>:1:9: VRB001 PUT is not defined" in out


SECRETS = (SECRET, "s3cr3t-cookie", "hunter2-password", "very-secret-value", "DoubleSecret9", "QuotedTok321", "UrlPass55", "AuthCodeSecret123")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_secrets_never_printed(tmp_path: Path, fmt: str) -> None:
    # Short lines, so the text report shows each of them under its finding.
    voice = f"https://api.mypurecloud.com/api/v2/conversations/voice/{CONV}/participants/{PART}"
    script = tmp_path / "calls.sh"
    script.write_text(
        f"curl -X PATCH '{voice}' \\\n  -H 'Authorization: {SECRET}' \\\n  -b 'session=s3cr3t-cookie' \\\n  -d '{{\"attributes\": {{\"a\": 1}}}}'\n\n"
        f"curl -u admin:hunter2-password -X PATCH \\\n  '{GOOD_URL}'\n\n"
        f"curl -X PUT \\\n  -H 'Authorization: Bearer Bearer DoubleSecret9' \\\n  '{GOOD_URL}'\n\n"
        f"curl -X PUT \\\n  -H \"Authorization: Bearer 'QuotedTok321'\" \\\n  '{GOOD_URL}'\n\n"
        f"curl -X PUT \\\n  'https://bob:UrlPass55@api.mypurecloud.com/api/v2/conversations/{CONV}'\n\n"
        "curl -X POST https://login.mypurecloud.com/oauth/token \\\n"
        "  -d 'grant_type=authorization_code&code=AuthCodeSecret123&client_secret=very-secret-value&scope=conversations:write'\n"
    )
    code, out = invoke("check", str(script), "--format", fmt)
    assert code == 1
    for secret in (*SECRETS, "YWRtaW46aHVudGVyMi1wYXNzd29yZA=="):
        assert secret not in out, secret
    assert "HDR003" in out and "SCP001" in out
    if fmt == "text":
        assert "Authorization: Bearer ***" in out and "-u ***" in out and "https://***@api" in out


def test_select_and_ignore(tmp_path: Path) -> None:
    body = tmp_path / "b.json"
    body.write_text('{"attributes": {"vip": true, "crm": {"id": 1}}}')
    assert "NST002" not in invoke("check", str(body), "--ignore", "NST002")[1]
    code, out = invoke("check", str(body), "--select", "nesting", "--ignore", "non-string-attribute-value")
    assert "NST001" in out and "NST002" not in out and code == 1
    code, out = invoke("check", str(body), "--ignore", "NST")
    assert code == 0  # an ignored specific rule still keeps the generic schema rule quiet at its pointers


def test_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    code, out = invoke("check", "--select", "XYZ999", "-")
    assert code == 2
    assert "no rule matches 'XYZ999'" in out


def test_version_and_help() -> None:
    assert invoke("--version") == (0, f"attrlint {__version__}\n")
    code, out = invoke("check", "--help")
    assert code == 0
    for word in (
        "--method",
        "--url",
        "--input-format",
        "--format",
        "--select",
        "--ignore",
        "--scopes",
        "--grant",
        "Exit status",
    ):
        assert word in out


def test_explain_unknown_code() -> None:
    code, out = invoke("explain", "NOPE01")
    assert code == 2 and "attrlint rules" in out


def test_token_request_in_the_same_script_sets_grant_and_scopes(tmp_path: Path) -> None:
    participant = GOOD_URL.removesuffix("/attributes")
    script = tmp_path / "flow.sh"
    script.write_text(
        "TOKEN=$(curl -s -X POST https://login.mypurecloud.com/oauth/token"
        " -u \"$CLIENT_ID:$CLIENT_SECRET\" -d 'grant_type=client_credentials' | jq -r .access_token)\n"
        f"curl -X PATCH '{participant}' -H \"Authorization: Bearer $TOKEN\" --json '{{\"held\": true}}'\n"
        "curl -X POST https://login.mypurecloud.com/oauth/token -d 'grant_type=authorization_code&code=c0de&scope=conversations:readonly'\n"
        f'curl -X PATCH \'{GOOD_URL}\' -H "Authorization: Bearer $TOKEN" --json \'{{"attributes": {{"a": "b"}}}}\'\n'
    )
    code, out = invoke("check", str(script), "--format", "json")
    found = [(f["code"], f["location"]["request_index"]) for f in json.loads(out)["findings"]]
    assert sorted(found) == [("SCP002", 3), ("SCP003", 1), ("SCP004", 1)]
    assert code == 1


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("", "it is empty"), ("  \n", "it is empty"), ("hello world\n", "not a JSON or YAML document, a curl command or an HTTP request")],
)
def test_nothing_readable_on_stdin_exits_two(stdin: str, message: str) -> None:
    code, out = invoke("check", "-", stdin=stdin)
    assert code == 2
    assert f"<stdin>:1:1: PRS001 cannot read input: {message}" in out


def test_devices_empty_scripts_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty.sh").write_text("# no curl here\necho hello\n")
    code, out = invoke("check", str(tmp_path / "empty.sh"), "/dev/null", "/dev/zero")
    assert code == 2
    assert "empty.sh" not in out  # a script with no curl in it is no request: skipped, not unreadable
    assert "1 files skipped: 1 scripts with no curl command" in out
    assert "/dev/zero:1:1: PRS001 cannot read input: not a regular file" in out
    (tmp_path / "folder.json").mkdir()
    assert invoke("check", str(tmp_path / "folder.json")) == (0, "No inputs found: nothing of a known format to check.\n")


def test_files_that_hold_no_request_are_skipped_alike_in_walks_and_alone(tmp_path: Path) -> None:
    """A build script, prose, an unrelated JSON file: skipped with their reason, never PRS001,
    never a failed hook, whether named or met in a folder walk; --show-files says what became
    of each file, and text files are read by content."""
    (tmp_path / "build.sh").write_text("#!/bin/bash\nset -e\nmake all\n")
    (tmp_path / "notes.txt").write_text("remember to rotate the token\n")
    (tmp_path / "package.json").write_text('{"name": "crm-bridge", "version": "1.0.0"}\n')
    request = "curl -X PATCH \"https://api.mypurecloud.com/api/v2/conversations/calls/$CID/participants/$PID/attributes\""
    (tmp_path / "request.txt").write_text(request + ' -H "Authorization: Bearer $TOKEN" --json \'{"attributes": {"a": 1}}\'\n')
    (tmp_path / "request.ps1").write_text(request.replace("$CID", "$env:CID") + " -X PUT\n")
    for name in ("build.sh", "notes.txt"):
        code, out = invoke("check", str(tmp_path / name))
        assert (code, "PRS001" in out) == (0, False), out
    code, out = invoke("check", "--skip-bare-bodies", str(tmp_path / "package.json"))
    assert (code, "WRP004" in out) == (0, False), out
    code, out = invoke("check", str(tmp_path), "--show-files")
    assert code == 1
    shown = (re.match(r"(\S+): (read as \w+|skipped): ", line) for line in out.splitlines())
    listed = dict(match.groups() for match in shown if match)
    assert listed == {
        str(tmp_path / "build.sh"): "skipped",
        str(tmp_path / "notes.txt"): "skipped",
        str(tmp_path / "package.json"): "skipped",
        str(tmp_path / "request.ps1"): "read as curl",
        str(tmp_path / "request.txt"): "read as curl",
    }
    assert "NST002" in out and "VRB001" in out


def test_other_services_in_the_same_script_are_not_judged(tmp_path: Path) -> None:
    """Shapes met in public scripts: another vendor's /api/ path on its own host, on a host filled
    in at send time (`https://api.${DD_SITE}/api/v1/...`), with Basic auth or a body from stdin,
    beside a Genesys call whose host is a variable. Only the Genesys call is judged."""
    (tmp_path / "ops.sh").write_text(
        'curl -u "$SNOW_USER:$SNOW_PASS" "https://example.service-now.com/api/now/table/incident?sysparm_limit=1"\n'
        'curl -X POST "https://api.${DD_SITE}/api/v1/series" -H "DD-API-KEY: ${DD_API_KEY}" -d @- <<JSON\n'
        '{"series": []}\n'
        "JSON\n"
        'curl --frobnicate "https://gateway.example.com/api/v1/things"\n'
        'curl -X PUT "https://api.${ENV}/api/v2/conversations/calls/${1}/participants/${2}/attributes" '
        '-H "Authorization: Bearer $TOKEN" --json "{\\"attributes\\": {\\"a\\": \\"$3\\"}}"\n'
    )
    code, out = invoke("check", str(tmp_path / "ops.sh"), "--format", "json")
    found = [(f["code"], f["location"]["line"]) for f in json.loads(out)["findings"]]
    assert (code, found) == (1, [("VRB001", 6)])
