"""The JSON report: one object `{"version", "findings", "summary"}` (schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    yield '{\n  "version": ' + _dumps(__version__) + ',\n  "findings": ['
    for index, finding in enumerate(result.findings):
        yield ("," if index else "") + _nested(_dumps(finding_dict(finding)), 2)
    closing = "\n  ]" if result.findings else "]"
    yield closing + ',\n  "summary": ' + _dumps(summary_dict(result)).replace("\n", "\n  ") + "\n}\n"


def _dumps(value: Any) -> str:
    """`value` as the report writes it: indented by 2, non-ASCII kept."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def _nested(text: str, depth: int) -> str:
    """Dumped JSON placed as an array item at `depth` (JSON text has no line breaks of its own
    inside strings, so every one is indentation)."""
    indent = "\n" + "  " * depth
    return indent + text.replace("\n", indent)
