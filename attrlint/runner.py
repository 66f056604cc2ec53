"""One `attrlint check` run: gather inputs, read each, lint each request, collect the results.

Nothing here prints; a run that meets an unreadable input records a finding for it and goes
on with the next one.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from attrlint.checks import Options
from attrlint.engine import failure_finding, lint, options_findings
from attrlint.model import Finding, ReadFailure, Request, Skipped, SourceText
from attrlint.rules import Rule
from attrlint.sources import STDIN, Item, ReadOptions, format_by_name, open_input

# grant_type form values of POST /oauth/token, as the names --grant uses
_GRANT_TYPES = {
    "client_credentials": "client-credentials",
    "authorization_code": "authorization-code",
    "password": "password",
    "urn:ietf:params:oauth:grant-type:saml2-bearer": "saml2-bearer",
}
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})


class Settings(NamedTuple):
    """What the user asked for: rules, token facts, how to read inputs."""

    rules: Sequence[Rule]
    options: Options = Options()
    read: ReadOptions = ReadOptions()


class RunResult:
    """Findings plus the counts a summary line needs, filled in as the run goes."""

    def __init__(self, findings: list[Finding] | None = None) -> None:
        self.findings: list[Finding] = findings or []
        self.files = 0
        self.requests = 0
        self.checked = 0
        self.unreadable = 0
        self.skipped_files = 0
        self.skipped_entries: dict[str, int] = {}
        self.sources: dict[str, SourceText] = {}


def expand(paths: Sequence[str]) -> Iterator[tuple[str, bool]]:
    """Each input path, with directories walked; the flag says whether it was named directly."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if format_by_name(name) is not None:
                        yield os.path.join(root, name), False
        else:
            yield path, True


def run(paths: Sequence[str], settings: Settings) -> RunResult:
    """Check every input and return what was found."""
    result = RunResult(findings=options_findings(settings.options, settings.rules))
    for path, explicit in expand(paths or [STDIN]):
        opened = open_input(path, settings.read)
        result.files += 1
        if isinstance(opened, ReadFailure):
            _record_failure(result, opened, settings)
            continue
        source, items = opened
        result.sources[source.name] = source
        if not explicit:
            first = next(items, None)
            if isinstance(first, Request) and not first.target_known:  # a bare body: no target
                result.files -= 1
                result.skipped_files += 1
                continue
            items = itertools.chain([first] if first is not None else [], items)
        _check_items(result, items, settings)
    result.findings.sort(key=Finding.sort_key)
    return result


def _check_items(result: RunResult, items: Iterator[Item], settings: Settings) -> None:
    options = settings.options
    for item in items:
        if isinstance(item, ReadFailure):
            _record_failure(result, item, settings)
            continue
        if isinstance(item, Skipped):
            result.skipped_entries[item.reason] = result.skipped_entries.get(item.reason, 0) + item.entries
            continue
        result.requests += 1
        if item.target_known or item.body_error is None:
            result.checked += 1
        else:
            result.unreadable += 1  # a bare body that does not parse: nothing else to check
        result.findings.extend(lint(item, settings.rules, options))
        options = token_options(item, options, settings.options)


def token_options(request: Request, current: Options, given: Options) -> Options:
    """The options for the requests after a token request in the same input: the new token's
    grant type and requested scopes. What the command line `given` says always wins."""
    if not request.target_known or not request.path.rstrip("/").endswith("/oauth/token"):
        return current
    form = dict(request.form)
    scopes = tuple(form["scope"].split()) if "scope" in form else None
    return Options(
        scopes=given.scopes if given.scopes is not None else scopes,
        grant=given.grant or _GRANT_TYPES.get(form.get("grant_type", "")),
    )


def _record_failure(result: RunResult, failure: ReadFailure, settings: Settings) -> None:
    result.unreadable += 1
    finding = failure_finding(failure, settings.rules)
    if finding is not None:
        result.findings.append(finding)
