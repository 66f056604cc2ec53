"""One `attrlint check` run: gather inputs, read each, lint each request, collect the results.

Nothing here prints; a run that meets an unreadable input records a finding for it and goes
on with the next one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from attrlint.checks import Options
from attrlint.engine import failure_finding, lint, options_findings
from attrlint.model import Finding, ReadFailure, Request, SourceText
from attrlint.rules import Rule
from attrlint.sources import _EXTENSIONS, read_input

STDIN = "-"
# grant_type form values of POST /oauth/token, as the names --grant uses
_GRANT_TYPES = {
    "client_credentials": "client-credentials",
    "authorization_code": "authorization-code",
    "password": "password",
    "urn:ietf:params:oauth:grant-type:saml2-bearer": "saml2-bearer",
}
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})


class Settings(NamedTuple):
    """What the user asked for: input handling, rules, token facts."""

    rules: Sequence[Rule]
    options: Options = Options()
    input_format: str = "auto"
    method: str | None = None
    url: str | None = None


class RunResult:
    """Findings plus the counts a summary line needs, filled in as the run goes."""

    def __init__(self, findings: list[Finding] | None = None) -> None:
        self.findings: list[Finding] = findings or []
        self.files = 0
        self.requests = 0
        self.checked = 0
        self.unreadable = 0
        self.skipped = 0
        self.sources: dict[str, SourceText] = {}


def expand(paths: Sequence[str]) -> Iterator[tuple[str, bool]]:
    """Each input path, with directories walked; the flag says whether it was named directly."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in _EXTENSIONS:
                        yield os.path.join(root, name), False
        else:
            yield path, True


def load_source(path: str) -> SourceText | ReadFailure:
    """The text of a file or of stdin, or why it cannot be read."""
    name = "<stdin>" if path == STDIN else path
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as exc:
        return ReadFailure(SourceText(name, ""), "file", exc.strerror or str(exc))
    try:
        return SourceText(name, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return ReadFailure(SourceText(name, ""), "file", f"not UTF-8 text (byte {exc.start})")


def run(paths: Sequence[str], settings: Settings) -> RunResult:
    """Check every input and return what was found."""
    result = RunResult(findings=options_findings(settings.options, settings.rules))
    for path, explicit in expand(paths or [STDIN]):
        result.files += 1
        source = load_source(path)
        if isinstance(source, ReadFailure):
            _record_failure(result, source, settings)
            continue
        result.sources[source.name] = source
        items = read_input(source, settings.input_format, settings.method, settings.url)
        if not explicit and all(isinstance(i, Request) and not i.target_known for i in items):
            result.files -= 1
            result.skipped += 1
            continue
        options = settings.options
        for item in items:
            if isinstance(item, ReadFailure):
                _record_failure(result, item, settings)
                continue
            result.requests += 1
            if item.target_known or item.body_error is None:
                result.checked += 1
            else:
                result.unreadable += 1  # a bare body that does not parse: nothing else to check
            result.findings.extend(lint(item, settings.rules, options))
            options = token_options(item, options, settings.options)
    result.findings.sort(key=Finding.sort_key)
    return result


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
