"""The JSON report: one object `{"version", "findings", "summary"}` (schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from json.encoder import encode_basestring  # the C string encoder json.dumps uses with ensure_ascii=False
from typing import TYPE_CHECKING, Any

from attrlint import __version__
from attrlint.model import Finding, Severity
from attrlint.reporters import severity_counts

if TYPE_CHECKING:
    from attrlint.runner import RunResult


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as plain JSON data."""
    return {
        "code": finding.code,
        "name": finding.name,
        "category": finding.category,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "message": finding.message,
        "why": finding.why,
        "fix": finding.fix,
        "location": finding.location._asdict(),
    }


def summary_dict(result: RunResult) -> dict[str, object]:
    """The run's counts, by severity and input."""
    counts = severity_counts(result.findings)
    return {
        "files": result.files,
        "requests": result.requests,
        "unreadable": result.unreadable,
        "skipped_files": dict(sorted(result.skipped_files.items())),
        "suppressed": result.suppressed,
        "skipped_entries": dict(sorted(result.skipped_entries.items())),
        "findings": len(result.findings),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }


def render(result: RunResult, color: bool = False) -> Iterator[str]:
    """The report as indented JSON, a finding at a time: the same text as `json.dumps` of the
    whole report with `indent=2` (color is ignored)."""
    yield '{\n  "version": ' + encode_basestring(__version__) + ',\n  "findings": ['
    for index, finding in enumerate(result.findings):
        yield ("," if index else "") + "\n    " + _object(finding_dict(finding), 2)
    closing = "\n  ]" if result.findings else "]"
    yield closing + ',\n  "summary": ' + _object(summary_dict(result), 1) + "\n}\n"


def _object(value: Mapping[str, Any], depth: int) -> str:
    """An object with string keys as `json.dumps(indent=2, ensure_ascii=False)` writes it at
    nesting `depth`. Strings, integers, booleans, null and such objects are written here, with
    the C string encoder (json.dumps with an indent writes every value in Python); any other
    value (an object with keys of other types among them) by json.dumps."""
    if not value:
        return "{}"
    inner = "\n" + "  " * (depth + 1)
    members = [inner + encode_basestring(key) + ": " + _value(item, depth + 1) for key, item in value.items()]
    return "{" + ",".join(members) + "\n" + "  " * depth + "}"


def _value(item: Any, depth: int) -> str:
    """One member's value at nesting `depth`."""
    kind = type(item)
    if kind is str:
        return encode_basestring(item)
    if kind is int:
        return int.__repr__(item)
    if item is None:
        return "null"
    if kind is bool:
        return "true" if item else "false"
    if kind is dict and all(type(key) is str for key in item):
        return _object(item, depth)
    return json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
