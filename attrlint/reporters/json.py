"""The JSON report: one object `{"version", "findings", "summary"}` (schemas/report.schema.json)."""

from __future__ import annotations

import json
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


def render(result: RunResult, color: bool = False) -> str:
    """The whole report as indented JSON (color is ignored)."""
    report = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary_dict(result),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
