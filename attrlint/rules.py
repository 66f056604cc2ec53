"""Rules: their identity and docs from `rules/*.yaml`, and which of them a run selects.

The YAML files are the source of truth. So that a run does not pay for a YAML parser, they are
compiled into `rules/_index.json` by `scripts/regenerate.py`; a test fails when the
index is stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from attrlint.model import Confidence, Finding, Location, Severity
from attrlint.resources import data_dir

INDEX_NAME = "_index.json"
INDEX_FIELDS = ("code", "name", "category", "severity", "confidence", "summary", "why", "fix", "check")


class Rule(NamedTuple):
    """One rule's identity and documentation (examples stay in its YAML file)."""

    code: str
    name: str
    category: str
    severity: Severity
    confidence: Confidence
    summary: str
    why: str
    fix: str
    check: str

    def finding(self, message: str, fix: str, location: Location) -> Finding:
        """A finding of this rule, with its identity and `why` stamped on."""
        return Finding(
            self.code, self.name, self.category, self.severity, self.confidence, message, self.why, fix, location
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rule:
        """Build a rule from its YAML or index entry."""
        return cls(
            code=data["code"],
            name=data["name"],
            category=data["category"],
            severity=Severity(data["severity"]),
            confidence=Confidence(data["confidence"]),
            summary=data["summary"].strip(),
            why=" ".join(data["why"].split()),
            fix=" ".join(data["fix"].split()),
            check=data["check"],
        )


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every shipped rule, ordered by code."""
    with open(data_dir("rules") / INDEX_NAME, encoding="utf-8") as handle:
        entries = json.load(handle)["rules"]
    return tuple(Rule.from_dict(entry) for entry in entries)


def rule_files(rules_dir: Path | None = None) -> list[Path]:
    """The rule YAML files, sorted by name."""
    return sorted((rules_dir or data_dir("rules")).glob("[A-Z][A-Z][A-Z][0-9][0-9][0-9].yaml"))


def read_rule_file(path: Path) -> dict[str, Any]:
    """Parse one rule file (safe YAML)."""
    import yaml

    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: a rule file must be a mapping")
    return data


def build_index(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The compiled index: the fields a run needs, in code order."""
    entries = [{key: doc[key] for key in INDEX_FIELDS} for doc in documents]
    return {"rules": sorted(entries, key=lambda entry: entry["code"])}


def matches_selector(rule: Rule, selector: str) -> bool:
    """True when `selector` names the rule: its code, a code prefix, its name or its category."""
    selector = selector.strip()
    if not selector:
        return False
    upper = selector.upper()
    return upper == "ALL" or rule.code.startswith(upper) or selector.lower() in (rule.name, rule.category)


def unknown_selectors(selectors: Iterable[str], rules: Iterable[Rule]) -> list[str]:
    """Selectors that name no rule at all (to report as a usage error)."""
    rule_list = list(rules)
    return [s for s in selectors if not any(matches_selector(r, s) for r in rule_list)]


def select_rules(rules: Iterable[Rule], select: Iterable[str], ignore: Iterable[str]) -> list[Rule]:
    """Rules chosen by `select` (all when empty) minus those named by `ignore`."""
    select_list = [s for s in select if s.strip()]
    ignore_list = [s for s in ignore if s.strip()]
    return [
        rule
        for rule in rules
        if (not select_list or any(matches_selector(rule, s) for s in select_list))
        and not any(matches_selector(rule, s) for s in ignore_list)
    ]
