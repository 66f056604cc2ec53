"""Configuration files, suppressions, fail levels, statistics, output files and determinism."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from click.testing import CliRunner

from attrlint.cli import main

from conftest import CONV, PART

URL = f"https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"
TEMPLATE = "/api/v2/conversations/{conversationId}/participants/{participantId}/attributes"


def invoke(cwd: Path, *args: str) -> tuple[int, str]:
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(previous)
    return result.exit_code, result.output


def _curl(body: str) -> str:
    return f"curl -X PATCH '{URL}' -H 'Authorization: Bearer example-token-not-real' --json '{body}'\n"


def test_pyproject_table_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.attrlint]\nignore = ["NST002"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "req.sh").write_text(_curl('{"attributes": {"vip": true}}'))
    assert invoke(tmp_path, "check", "a/b/req.sh")[0] == 0
    assert invoke(tmp_path, "check", "--no-config", "a/b/req.sh")[0] == 1


def test_attrlint_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.attrlint]\nignore = []\n")
    (tmp_path / ".attrlint.yaml").write_text("ignore: [NST]\n")
    (tmp_path / "req.sh").write_text(_curl('{"attributes": {"vip": true}}'))
    assert invoke(tmp_path, "check", "req.sh")[0] == 0


def test_bad_key_is_named_and_exits_two(tmp_path: Path) -> None:
    (tmp_path / ".attrlint.yaml").write_text("selekt: [NST]\n")
    (tmp_path / "req.sh").write_text(_curl('{"attributes": {"a": "b"}}'))
    code, out = invoke(tmp_path, "check", "req.sh")
    assert code == 2
    assert "unknown key 'selekt'" in out and "Traceback" not in out


def test_bad_value_is_named(tmp_path: Path) -> None:
    (tmp_path / ".attrlint.yaml").write_text("fail-level: fatal\n")
    code, out = invoke(tmp_path, "check", "--config", ".attrlint.yaml", "-")
    assert code == 2 and "fail-level" in out


def test_suppression_requires_a_reason(tmp_path: Path) -> None:
    (tmp_path / ".attrlint.yaml").write_text("ignore:\n  - {rule: NST002}\n")
    code, out = invoke(tmp_path, "check", "-")
    assert code == 2 and "reason" in out


def test_fail_level_and_statistics(tmp_path: Path) -> None:
    (tmp_path / "req.sh").write_text(_curl('{"attributes": {"a": "b"}}') + "curl --frobnicate https://api.mypurecloud.com/api/v2/users/me -H 'Authorization: Bearer abcdefgh'\n")
    assert invoke(tmp_path, "check", "req.sh")[0] == 0
    code, out = invoke(tmp_path, "check", "req.sh", "--fail-level", "warning", "--statistics")
    assert code == 1
    assert out.rstrip().endswith("1  PRS002  unknown-curl-option")
    (tmp_path / ".attrlint.yaml").write_text("fail-level: warning\n")
    assert invoke(tmp_path, "check", "req.sh")[0] == 1


def test_per_file_ignores_and_exclude(tmp_path: Path) -> None:
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.sh").write_text(_curl('{"attributes": {"vip": true}}'))
    (tmp_path / "vendor.sh").write_text(_curl('{"attributes": {"vip": true}}'))
    (tmp_path / ".attrlint.yaml").write_text('per-file-ignores:\n  "legacy/*.sh": [NST002]\nexclude: ["vendor.sh"]\n')
    code, out = invoke(tmp_path, "check", "legacy/old.sh", "vendor.sh")
    assert code == 0
    assert "1 files skipped: 1 excluded by configuration" in out


def test_payloads_give_bare_bodies_their_operation(tmp_path: Path) -> None:
    attrs = tmp_path / "fixtures" / "attrs"
    attrs.mkdir(parents=True)
    (attrs / "a.json").write_text('{"attributes": {"n": 5}}')
    (tmp_path / "fixtures" / "other.json").write_text('{"anything": 1}')
    (tmp_path / ".attrlint.yaml").write_text(f'payloads:\n  "fixtures/attrs/*.json": {{url: "{TEMPLATE}"}}\n')
    code, out = invoke(tmp_path, "check", "fixtures", "--format", "json")
    report = json.loads(out)
    assert [f["code"] for f in report["findings"]] == ["NST002"]
    assert report["summary"]["skipped_files"] == {"bare bodies with no target (--url or a payloads entry)": 1}


def test_comment_suppression_and_unused_one_in_a_script(tmp_path: Path) -> None:
    (tmp_path / "req.sh").write_text(
        "# attrlint: ignore[NST002] the CRM sends numbers and this org accepts them\n"
        + _curl('{"attributes": {"n": 5}}')
        + "\n# attrlint: ignore[WRP001] nothing to silence here\n"
        + _curl('{"attributes": {"a": "b"}}')
    )
    code, out = invoke(tmp_path, "check", "req.sh", "--format", "json")
    report = json.loads(out)
    assert [(f["code"], f["location"]["line"]) for f in report["findings"]] == [("SUP001", 4)]
    assert report["summary"]["suppressed"] == 1
    assert code == 0


def test_hosts_scopes_and_grant_from_config(tmp_path: Path) -> None:
    (tmp_path / ".attrlint.yaml").write_text("scopes: [conversations:readonly]\ngrant: authorization-code\n")
    (tmp_path / "req.sh").write_text(_curl('{"attributes": {"a": "b"}}'))
    code, out = invoke(tmp_path, "check", "req.sh")
    assert "SCP002" in out and code == 0
    assert "SCP002" not in invoke(tmp_path, "check", "req.sh", "--scopes", "conversations")[1]


def test_output_file_and_byte_identical_runs(tmp_path: Path) -> None:
    seeds = Path(__file__).parent / "fixtures" / "seeds"
    outputs = []
    for run in range(2):
        target = tmp_path / f"report{run}.json"
        invoke(Path(__file__).parent.parent, "check", str(seeds), "--format", "json", "--output-file", str(target))
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"{")
    findings = json.loads(outputs[0])["findings"]
    keys = [(f["location"]["file"], f["location"]["line"], f["location"]["column"], f["code"]) for f in findings]
    assert keys == sorted(keys)


def test_two_hundred_mixed_files_only_requests_are_linted(tmp_path: Path) -> None:
    rng = random.Random(4)
    (tmp_path / "fixtures" / "genesys" / "attrs").mkdir(parents=True)
    (tmp_path / "captures").mkdir()
    (tmp_path / "node" / "pkg").mkdir(parents=True)
    (tmp_path / ".attrlint.yaml").write_text(f'payloads:\n  "fixtures/genesys/attrs/*.json": {{url: "{TEMPLATE}"}}\n')
    broken = 0
    for i in range(80):
        bad = rng.random() < 0.25
        broken += bad
        body = {"attributes": {"k": 1 if bad else "1"}}
        (tmp_path / "fixtures" / "genesys" / "attrs" / f"p{i}.json").write_text(json.dumps(body))
    for i in range(20):
        entry = {"request": {"method": "PATCH", "url": URL, "headers": [{"name": "Authorization", "value": "Bearer abcdefgh"}, {"name": "Content-Type", "value": "application/json"}], "postData": {"mimeType": "application/json", "text": '{"attributes": {"a": "b"}}'}}, "response": {"status": 202}}
        (tmp_path / "captures" / f"c{i}.har").write_text(json.dumps({"log": {"entries": [entry]}}))
    for i in range(100):
        name = ["package.json", "tsconfig.json", "settings.yaml", "data.json"][i % 4]
        folder = tmp_path / "node" / "pkg" / f"m{i}"
        folder.mkdir()
        (folder / name).write_text('{"name": "m", "compilerOptions": {"strict": true}}' if name.endswith(".json") else "a: 1\n")
    code, out = invoke(tmp_path, "check", ".", "--format", "json")
    report = json.loads(out)
    assert report["summary"]["files"] == 100
    assert report["summary"]["skipped_files"] == {"bare bodies with no target (--url or a payloads entry)": 100}
    assert len(report["findings"]) == broken and {f["code"] for f in report["findings"]} == {"NST002"}
    assert code == 1


def test_config_flags_conflict(tmp_path: Path) -> None:
    code, out = invoke(tmp_path, "check", "--config", "x.yaml", "--no-config", "-")
    assert code == 2 and "exclude each other" in out
