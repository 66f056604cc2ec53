"""Lint the requests `record.py` wrote and summarise what attrlint says about them.

Every request the SDK made is read as a request document (`{"method", "url", "headers",
"body"}`, the body as the exact text the SDK serialized) through tests/conftest.py's
`lint_text`, with every rule selected. An error-level finding on such a request is a false
alarm — unless it is an artifact of the oracle itself: a "missing required" finding whose
missing properties are all model fields the recorder left empty below its depth limit.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from attrlint.model import Finding
from attrlint.rules import all_rules
from attrlint.sources.positions import escape_pointer_token, unescape_pointer_token

from conftest import lint_text

MISSING_REQUIRED_CHECK = "schema_missing_required"  # the check a "missing required" rule runs
SHOWN: list[str] = []  # summaries for the run's terminal summary (plugin.py prints them)
REMOVED_CHECK = "removed_endpoint"  # the check that reports operations the catalog records as removed


class Linted(NamedTuple):
    """One recorded request and what attrlint made of it (`crash`: it raised instead)."""

    record: dict[str, Any]
    findings: list[Finding]
    crash: str | None


def operation(record: dict[str, Any]) -> str:
    return f"{record['api_class']}.{record['name']} ({record['verb']} {record['path']})"


def request_text(record: dict[str, Any]) -> str:
    return json.dumps(record["request"], indent=1)


def lint_record(record: dict[str, Any]) -> Linted:
    name = f"{record['api_class']}.{record['name']}.json"
    try:
        findings = lint_text(request_text(record), name, input_format="json")
    except Exception as exc:  # a crash is a result here, reported with the others
        return Linted(record, [], f"{type(exc).__name__}: {exc}"[:200])
    return Linted(record, findings, None)


def rule_for_check(check: str) -> str | None:
    """The code of the rule that runs `check`, if one does."""
    return next((rule.code for rule in all_rules() if rule.check == check), None)


def body_part(record: dict[str, Any], pointer: str | None, limit: int = 100) -> str:
    """The JSON text of the body at `pointer` (the whole body without one), shortened."""
    try:
        value: Any = json.loads(record["request"]["body"] or "null")
        for token in (pointer or "").split("/")[1:]:
            token = unescape_pointer_token(token)
            value = value[int(token)] if isinstance(value, list) else value[token]
    except (ValueError, KeyError, IndexError, TypeError):
        return "?"
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def depth_artifact(finding: Finding, record: dict[str, Any], missing_required_code: str | None) -> bool:
    """True for a "missing required" finding about fields the recorder left empty on purpose."""
    if missing_required_code is None or finding.code != missing_required_code:
        return False
    names = re.findall(r"'([^']+)'", finding.message.partition("missing required")[2].split(" (")[0])
    base = finding.location.pointer or ""
    truncated = set(record.get("truncated", ()))
    return bool(names) and all(f"{base}/{escape_pointer_token(n)}" in truncated for n in names)


def alarm_pattern(finding: Finding) -> str:
    """A finding's message without what varies between operations (pointer, model, path)."""
    text = re.sub(r"^/\S*: ", "", finding.message)
    text = re.sub(r" \([A-Z]\w*, [A-Z]+ /\S*\)$", "", text)
    text = re.sub(r"list\[\w+\]", "list[…]", text)
    return f"{finding.code} {finding.severity.value}: {text}"


@dataclass
class Summary:
    """Counts and the notable results over all linted requests.

    `removed`: error findings on operations the SDK still offers but the catalog's overlay records
    as removed since (with the release and notice) — the SDK is older than the catalog there, and
    the finding is the point, not a false alarm.
    """

    sdk: str
    sdk_version: str
    max_depth: int
    seconds: float
    methods: int = 0
    operations: int = 0
    requests: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    false_alarms: list[tuple[dict[str, Any], Finding]] = field(default_factory=list)
    artifacts: list[tuple[dict[str, Any], Finding]] = field(default_factory=list)
    removed: list[tuple[dict[str, Any], Finding]] = field(default_factory=list)
    crashes: list[Linted] = field(default_factory=list)
    recorder_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.false_alarms or self.crashes or self.recorder_errors)

    def headline(self) -> str:
        return (
            f"{len(self.false_alarms)} error-level false alarm(s), {len(self.crashes)} crash(es), "
            f"{len(self.recorder_errors)} SDK method(s) not recorded"
        )


def summarise(recorded: dict[str, Any], linted: Iterable[Linted]) -> Summary:
    missing_required = rule_for_check(MISSING_REQUIRED_CHECK)
    removed = rule_for_check(REMOVED_CHECK)
    summary = Summary(
        recorded.get("sdk", "PureCloudPlatformClientV2"),
        recorded["sdk_version"],
        recorded["max_depth"],
        recorded["seconds"],
    )
    summary.recorder_errors = list(recorded["errors"])
    operations = set()
    for result in linted:
        record = result.record
        summary.methods += 1
        operations.add((record["verb"], record["path"]))
        if result.crash is not None:
            summary.crashes.append(result)
            continue
        summary.requests += 1
        for finding in result.findings:
            summary.by_severity[finding.severity.value] += 1
            summary.by_code[f"{finding.code} ({finding.severity.value})"] += 1
            if depth_artifact(finding, record, missing_required):
                summary.artifacts.append((record, finding))
            elif finding.severity.value != "error":
                continue
            elif finding.code == removed:
                summary.removed.append((record, finding))
            else:
                summary.false_alarms.append((record, finding))
    summary.operations = len(operations)
    return summary


def describe(summary: Summary, examples: int = 3) -> str:
    """The summary as text: counts, then every false alarm group with a few examples."""
    lines = [
        f"SDK oracle: {summary.sdk} {summary.sdk_version}, bodies filled to model depth "
        f"{summary.max_depth}, recorded in {summary.seconds:.1f} s",
        f"  operations exercised: {summary.methods} SDK methods taking a body "
        f"({summary.operations} distinct method+path operations)",
        f"  requests linted: {summary.requests} (+{len(summary.crashes)} on which attrlint crashed); "
        f"SDK methods not recorded: {len(summary.recorder_errors)}",
        "  findings by severity: " + _counts(summary.by_severity),
        "  findings by code: " + _counts(summary.by_code),
        f"  of which depth-limit artifacts (missing required fields left empty below depth {summary.max_depth}): "
        f"{len(summary.artifacts)}",
        "  result: " + summary.headline(),
    ]
    for record, finding in summary.removed:
        lines.append(f"  REMOVED since this SDK (not counted as a false alarm): {operation(record)}: {finding.message}")
    groups: dict[str, list[tuple[dict[str, Any], Finding]]] = {}
    for record, finding in summary.false_alarms:
        groups.setdefault(alarm_pattern(finding), []).append((record, finding))
    for pattern, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        distinct = len({(r["verb"], r["path"]) for r, _ in members})
        lines.append(f"  FALSE ALARM x{len(members)} ({distinct} operations): {pattern}")
        for record, finding in members[:examples]:
            pointer = finding.location.pointer or ""
            lines.append(
                f"      {operation(record)} body{pointer or ''} = {body_part(record, pointer)}: {finding.message}"
            )
        if len(members) > examples:
            lines.append(f"      … and {len(members) - examples} more")
    crashes: dict[str, list[Linted]] = {}
    for result in summary.crashes:
        crashes.setdefault(result.crash or "", []).append(result)
    for message, crashed in crashes.items():
        models = sorted({r.record["body_type"] for r in crashed})
        lines.append(f"  CRASH x{len(crashed)}: {message}; body types: {', '.join(models)}")
        lines.extend(f"      {operation(r.record)}" for r in crashed[:examples])
        if len(crashed) > examples:
            lines.append(f"      … and {len(crashed) - examples} more")
    for error in summary.recorder_errors:
        lines.append(f"  NOT RECORDED: {error['api_class']}.{error['name']} ({error['stage']}): {error['error']}")
    return "\n".join(lines)


def show(text: str) -> None:
    """Print `text` in the terminal summary of the run, under "SDK oracles"."""
    SHOWN.append(text)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common()) or "none"
