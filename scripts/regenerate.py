"""Regenerate the files derived from rules/ and schemas/: rules/_index.json (the compiled
rules a run reads instead of YAML), the README's rule table and configuration reference, and,
when the rules changed, the report goldens that embed every rule (SARIF's rule list).

Validates every rule file against schemas/rule.schema.json first. Run after editing a rule or
the configuration schema:
    python scripts/regenerate.py
`--check` exits 1 when a generated file is stale (the test suite does the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attrlint.rules import INDEX_NAME, build_index, read_rule_file, rule_files  # noqa: E402


def render_index(rules_dir: Path) -> str:
    """The index text for the rule files in `rules_dir` (after validating them)."""
    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "rule.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    documents = []
    for path in rule_files(rules_dir):
        try:
            document = read_rule_file(path)
        except (ValueError, yaml.YAMLError) as exc:
            raise SystemExit(f"{path.name}: {exc}") from None
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
        if errors:
            where = "/".join(map(str, errors[0].path)) or "(top)"
            raise SystemExit(f"{path.name}: {where}: {errors[0].message}")
        if document["code"] != path.stem:
            raise SystemExit(f"{path.name}: code {document['code']} does not match the file name")
        documents.append(document)
    return json.dumps(build_index(documents), indent=1, ensure_ascii=False) + "\n"


PIPE = "\\|"  # a literal | inside a Markdown table cell


def _replace_section(readme: str, name: str, lines: list[str]) -> str:
    """The README with the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, found, rest = readme.partition(start)
    if not found:
        raise SystemExit(f"README.md has no {start} marker")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n" + "\n".join(lines) + f"\n{end}{tail}"


def rule_table(index_text: str) -> list[str]:
    """The README rule table."""
    rows = ["| code | name | severity | confidence | summary |", "|---|---|---|---|---|"]
    for rule in json.loads(index_text)["rules"]:
        summary = rule["summary"].replace("|", PIPE)
        rows.append(f"| {rule['code']} | `{rule['name']}` | {rule['severity']} | {rule['confidence']} | {summary} |")
    return rows


def config_reference() -> list[str]:
    """The README configuration reference, from schemas/config.schema.json."""
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    rows = ["| key | type | meaning |", "|---|---|---|"]
    for key, spec in schema["properties"].items():
        meaning = spec["description"].replace("|", PIPE)
        rows.append(f"| `{key}` | {_type_of(spec)} | {meaning} |")
    return rows


def _type_of(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return f" {PIPE} ".join(f"`{value}`" for value in spec["enum"])
    kind = spec.get("type")
    if kind == "array":
        return "list"
    if kind == "object":
        return "table"
    return str(kind)


def render_readme(readme: str, index_text: str) -> str:
    """The README with its generated sections brought up to date."""
    readme = _replace_section(readme, "rules", rule_table(index_text))
    return _replace_section(readme, "config", config_reference())


def main() -> int:
    """Write (or with --check, verify) the index and the README's rule table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the index is stale")
    args = parser.parse_args()
    rules_dir = ROOT / "rules"
    text = render_index(rules_dir)
    target = rules_dir / INDEX_NAME
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    new_readme = render_readme(readme, text)
    if args.check:
        stale = [
            p.name
            for p, old, new in (
                (target, target.read_text(encoding="utf-8") if target.exists() else "", text),
                (readme_path, readme, new_readme),
            )
            if old != new
        ]
        if stale:
            print(f"stale: {', '.join(stale)}; run python scripts/regenerate.py", file=sys.stderr)
            return 1
        return 0
    changed = not target.exists() or target.read_text(encoding="utf-8") != text
    target.write_text(text, encoding="utf-8")
    readme_path.write_text(new_readme, encoding="utf-8")
    count = len(json.loads(text)["rules"])
    print(f"wrote {target} ({count} rules)")
    if changed:
        return _rewrite_goldens()
    return 0


def _rewrite_goldens() -> int:
    """Render the report goldens again with the new rules, through the golden test itself (so
    they are written exactly as the test renders them); review them with `git diff`."""
    import os
    import subprocess

    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_reporters.py",
        "-k",
        "golden",
    ]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "ATTRLINT_UPDATE_GOLDEN": "1"}, check=False)
    print("rewrote the report goldens in tests/golden/ (review them with git diff)")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
