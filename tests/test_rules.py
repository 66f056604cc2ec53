"""Every rule file is valid, documented, bound to a check, and its examples behave as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from attrlint.checks import Options, load_all
from attrlint.cli import main
from attrlint.config import config_from_mapping
from attrlint.rules import INDEX_NAME, all_rules, read_rule_file, rule_files
from attrlint.suppress import PASSES

from conftest import ROOT, codes, lint_text

RULE_FILES = rule_files(ROOT / "rules")
SCHEMA = json.loads((ROOT / "schemas" / "rule.schema.json").read_text())


def _examples() -> list[Any]:
    cases = []
    for path in RULE_FILES:
        document = read_rule_file(path)
        for kind in ("bad", "good"):
            for example in document["examples"][kind]:
                cases.append(pytest.param(document["code"], example, id=f"{document['code']}-{kind}-{example['name']}"))
    return cases


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_file_is_valid(path: Path) -> None:
    document = read_rule_file(path)
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(document)]
    assert errors == []
    assert document["code"] == path.stem
    registry = PASSES if document["category"] == "suppression" else load_all()
    assert document["check"] in registry, f"{path.name} names an unregistered check"


def test_codes_and_names_are_unique() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules) == len(RULE_FILES)
    assert len({r.name for r in rules}) == len(rules)


def test_every_registered_check_is_used() -> None:
    used = {r.check for r in all_rules()}
    assert set(load_all()) | set(PASSES) == used


def test_index_is_fresh() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regenerate.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (ROOT / "rules" / INDEX_NAME).exists()


@pytest.mark.parametrize(("code", "example"), _examples())
def test_rule_example(code: str, example: dict[str, Any]) -> None:
    opts = example.get("options", {})
    options = Options(scopes=tuple(opts["scopes"]) if "scopes" in opts else None, grant=opts.get("grant"))
    if "request" in example:
        text, name, fmt = json.dumps(example["request"], indent=2), "example.json", "auto"
    else:
        text, name, fmt = example["input"], "example.txt", example.get("input_format", "auto")
    config = config_from_mapping(example["config"], ROOT / ".attrlint.yaml") if "config" in example else None
    found = lint_text(text, name, fmt, options, opts.get("method"), opts.get("url"), config)
    assert codes(found) == sorted(example["expect"]), [f"{f.code}: {f.message}" for f in found]
    for finding in found:
        assert finding.message and finding.fix and finding.why


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_explain_prints_the_rule_file(path: Path) -> None:
    result = CliRunner().invoke(main, ["explain", path.stem.lower()])
    assert result.exit_code == 0
    assert result.output == path.read_text(encoding="utf-8")


def test_rules_lists_every_code() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == [p.stem for p in RULE_FILES]
