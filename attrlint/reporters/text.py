"""The text report: `file:line:col CODE message`, the source line with a caret, why and fix.

Like a compiler's diagnostics; source lines are redacted of credentials before they are shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from attrlint.model import Finding, Severity
from attrlint.reporters import severity_counts

if TYPE_CHECKING:
    from attrlint.runner import RunResult

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_WIDTH = 100


def _style(text: str, color: bool, **style: object) -> str:
    if not color:
        return text
    import click

    return click.style(text, **style)  # type: ignore[arg-type]


def _frame(finding: Finding, result: RunResult) -> list[str]:
    source = result.sources.get(finding.location.file)
    loc = finding.location
    raw = source.line_text(loc.line) if source is not None else ""
    if not raw.strip():
        return []
    from attrlint.redact import redact_line

    line = redact_line(raw).expandtabs(1)
    if len(line) > _WIDTH * 2:
        return _long_frame(line, loc.line, loc.column, loc.end_column if loc.end_line == loc.line else loc.column + 1)
    width = loc.end_column - loc.column if loc.end_line == loc.line else len(line) - loc.column + 1
    gutter = " " * len(str(loc.line))
    caret = " " * (loc.column - 1) + "^" * max(1, min(width, len(line) - loc.column + 1))
    return [f" {gutter} |", f" {loc.line} | {line}", f" {gutter} | {caret}"]


def _long_frame(line: str, number: int, column: int, end_column: int) -> list[str]:
    """A window of a long line (a HAR body, a one-line JSON file) around the caret."""
    start = max(0, column - 1 - _WIDTH // 2)
    piece = line[start : start + _WIDTH]
    lead = "…" if start else ""
    tail = "…" if start + _WIDTH < len(line) else ""
    caret_at = column - 1 - start + len(lead)
    width = max(1, min(end_column - column, len(piece) - (column - 1 - start)))
    gutter = " " * len(str(number))
    return [f" {gutter} |", f" {number} | {lead}{piece}{tail}", f" {gutter} | {' ' * caret_at}{'^' * width}"]


@lru_cache(maxsize=256)
def _wrapped(label: str, text: str) -> tuple[str, ...]:
    """`text` wrapped under its label (cached: a rule's `why` is the same for all its findings)."""
    import textwrap

    lines = textwrap.wrap(text, _WIDTH, break_long_words=False, break_on_hyphens=False)
    return (f"   = {label}: {lines[0]}", *(f"     {' ' * len(label)}  {line}" for line in lines[1:])) if lines else ()


def render_finding(finding: Finding, result: RunResult, color: bool) -> str:
    """One finding: header line, code frame, why and fix."""
    loc = finding.location
    where = f"{loc.file}:{loc.line}:{loc.column}:"
    label = f"{finding.severity.value}" + (
        "" if finding.confidence.value == "certain" else f", {finding.confidence.value}"
    )
    head = " ".join(
        [
            _style(where, color, bold=True),
            _style(finding.code, color, fg=_COLORS[finding.severity], bold=True),
            finding.message,
            f"[{label}]",
        ]
    )
    request = f"   (request {loc.request_index + 1}" + (f" '{loc.request_name}'" if loc.request_name else "") + ")"
    lines = [head]
    if loc.request_index or loc.request_name:
        lines.append(request)
    lines += _frame(finding, result)
    # The fix is not wrapped: it often holds a corrected body or command meant to be copied whole.
    lines += [*_wrapped("why", finding.why), f"   = fix: {finding.fix}"]
    return "\n".join(lines)


def summary_line(result: RunResult) -> str:
    """`Found ...` or `All checks passed ...`, with what was read."""
    counts = severity_counts(result.findings)
    read = f"{result.requests} request{'s' * (result.requests != 1)} in {result.files} file{'s' * (result.files != 1)}"
    extra = []
    if result.unreadable:
        extra.append(f"{result.unreadable} unreadable")
    for what, skipped in (("files", result.skipped_files), ("entries", result.skipped_entries)):
        if skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
            extra.append(f"{sum(skipped.values())} {what} skipped: {reasons}")
    if result.suppressed:
        extra.append(f"{result.suppressed} suppressed")
    tail = f" ({'; '.join(extra)})" if extra else ""
    if not result.files and not result.findings:
        return f"No inputs found: nothing of a known format to check{tail}."
    if not result.findings:
        return f"All checks passed: {read}{tail}."
    parts = [f"{n} {s.value}{'s' * (n != 1)}" for s, n in counts.items() if n]
    return f"Found {', '.join(parts)} in {read}{tail}."


def render(result: RunResult, color: bool = False) -> Iterator[str]:
    """The text report, a finding at a time, then the summary line."""
    for finding in result.findings:
        yield render_finding(finding, result, color) + "\n\n"
    yield summary_line(result) + "\n"
