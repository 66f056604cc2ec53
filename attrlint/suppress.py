"""Suppressions: config `ignore` entries and `# attrlint: ignore[CODE] reason` comments.

A suppression silences the findings of one or more rules where the user knows them to be
wrong, and must say why. One that silences nothing is reported (SUP001), like an unused
`noqa`, so suppressions do not outlive the problem they were written for; a comment without a
reason is reported too (SUP002).

A comment on its own line applies to the lines after it up to the next blank line (a curl
command with its continuations, a .http request, a YAML block); a comment after code applies to
its own line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from attrlint.config import Config, Suppression
from attrlint.lazyre import lazy_re
from attrlint.model import Finding, Location, SourceText
from attrlint.rules import Rule, matches_selector

_DIRECTIVE = lazy_re(r"(?:#|//)\s*attrlint:\s*ignore\[([^\]]*)\]\s*(.*)$")


class Directive(NamedTuple):
    """One `attrlint: ignore[...]` comment and the lines it covers."""

    file: str
    line: int
    column: int
    selectors: tuple[str, ...]
    reason: str
    first: int
    last: int


def directives(source: SourceText) -> list[Directive]:
    """The suppression comments of a source text."""
    if "attrlint:" not in source.text:
        return []
    lines = source.text.splitlines()
    found = []
    for number, text in enumerate(lines, 1):
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        selectors = tuple(s.strip() for s in match.group(1).split(",") if s.strip())
        own_line = not text[: match.start()].strip()
        last = number
        if own_line:
            while last < len(lines) and lines[last].strip():
                last += 1
        found.append(Directive(source.name, number, match.start() + 1, selectors, match.group(2).strip(), number, last))
    return found


class Outcome(NamedTuple):
    """What is left after suppression, how much was silenced, and what the pass reports."""

    findings: list[Finding]
    suppressed: int
    reports: list[Finding]


Pass = Callable[[Rule, "_Usage"], Iterator[Finding]]
PASSES: dict[str, Pass] = {}


def _register(name: str) -> Callable[[Pass], Pass]:
    def register(function: Pass) -> Pass:
        PASSES[name] = function
        return function

    return register


class _Usage:
    """Which suppressions silenced something during one run."""

    def __init__(self, comments: Sequence[Directive], entries: Sequence[tuple[Config, Suppression]]) -> None:
        self.comments = comments
        self.entries = entries
        self.used_comments: set[int] = set()
        self.used_entries: set[int] = set()


def apply(
    findings: Iterable[Finding], comments: Sequence[Directive], configs: Iterable[Config], rules: Sequence[Rule]
) -> Outcome:
    """Drop suppressed findings and report unused or unexplained suppressions."""
    rule_of = {rule.code: rule for rule in rules}
    entries = [(config, entry) for config in configs for entry in config.suppressions]
    usage = _Usage(comments, entries)
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        if _silenced(finding, rule_of.get(finding.code), usage):
            suppressed += 1
        else:
            kept.append(finding)
    reports = [report for rule in rules if rule.check in PASSES for report in PASSES[rule.check](rule, usage)]
    return Outcome(kept, suppressed, reports)


def _silenced(finding: Finding, rule: Rule | None, usage: _Usage) -> bool:
    if rule is None:
        return False
    loc = finding.location
    for index, directive in enumerate(usage.comments):
        if (
            directive.file == loc.file
            and directive.first <= loc.line <= directive.last
            and any(matches_selector(rule, s) for s in directive.selectors)
        ):
            usage.used_comments.add(index)
            return True
    for index, (config, entry) in enumerate(usage.entries):
        if not matches_selector(rule, entry.rule):
            continue
        if entry.files and not config.matches(loc.file, entry.files):
            continue
        if entry.pointer is not None and not _under(loc.pointer, entry.pointer):
            continue
        usage.used_entries.add(index)
        return True
    return False


def _under(pointer: str | None, prefix: str) -> bool:
    return pointer is not None and (pointer == prefix or pointer.startswith(prefix.rstrip("/") + "/"))


@_register("unused_suppressions")
def unused_suppressions(rule: Rule, usage: _Usage) -> Iterator[Finding]:
    """Suppressions (comments and config entries) that silenced nothing in this run."""
    for index, directive in enumerate(usage.comments):
        if index not in usage.used_comments:
            codes = ", ".join(directive.selectors) or "nothing"
            location = Location(directive.file, directive.line, directive.column, directive.line, directive.column + 1)
            yield rule.finding(f"suppression of {codes} silences no finding", "Remove the comment.", location)
    for index, (config, entry) in enumerate(usage.entries):
        if index not in usage.used_entries:
            where = str(config.path) if config.path else "configuration"
            location = Location(where, entry.line, 1, entry.line, 1)
            scope = f" in {', '.join(entry.files)}" if entry.files else ""
            yield rule.finding(
                f"ignore entry for {entry.rule}{scope} silences no finding",
                "Remove the entry from the configuration.",
                location,
            )


@_register("suppressions_without_reason")
def suppressions_without_reason(rule: Rule, usage: _Usage) -> Iterator[Finding]:
    """Suppression comments that do not say why."""
    for directive in usage.comments:
        if not directive.reason:
            location = Location(directive.file, directive.line, directive.column, directive.line, directive.column + 1)
            yield rule.finding(
                f"suppression of {', '.join(directive.selectors) or 'nothing'} gives no reason",
                "Write the reason after the bracket: # attrlint: ignore[NST002] the CRM sends numbers and the server accepts them",
                location,
            )
