"""Reporters: each turns a run's result into the text of one output format, in pieces.

A reporter yields its output piece by piece (a finding at a time where the format allows), so
a run with many findings is written out without first building the whole report in memory.

Reporters never decide anything; they only render what the engine found. A format's module is
imported only when that format is used, so this package stays cheap to import; the helpers
here are the ones several reporters share (where a finding is, its message with the fix).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attrlint.model import Finding, Location, Severity
    from attrlint.runner import RunResult

Reporter = Callable[["RunResult", bool], Iterator[str]]

_MODULES = {
    "text": "attrlint.reporters.text",
    "json": "attrlint.reporters.json",
    "sarif": "attrlint.reporters.sarif",
    "github": "attrlint.reporters.github",
    "junit": "attrlint.reporters.junit",
}
FORMATS = tuple(_MODULES)
AUTO = "auto"  # not a format of its own: `resolve_format` turns it into one
STDIN_NAME = "<stdin>"  # the name attrlint.sources gives standard input
STDIN_PATH = "stdin"  # how the CI formats name it


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity, every severity present (error first)."""
    from attrlint.model import Severity

    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """The output format to use: `auto` is `github` inside GitHub Actions (GITHUB_ACTIONS is
    "true"), `text` elsewhere; any other name is returned as it is."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def get_reporter(name: str) -> Reporter:
    """The render function of an output format (its module imported on demand)."""
    if name not in _MODULES:
        raise ValueError(f"unknown output format {name!r} (one of {', '.join(FORMATS)})")
    import importlib

    render: Reporter = importlib.import_module(_MODULES[name]).render
    return render


def on_command_line(location: Location) -> bool:
    """True when a finding is about the run's options (an invented `--scopes` name), not an input."""
    from attrlint.engine import SCOPES_ORIGIN

    return location.file == SCOPES_ORIGIN


def input_path(file: str) -> str:
    """A finding's input as CI tools want it: `stdin`, or the path with forward slashes,
    relative to the working directory when it lies below it (absolute otherwise)."""
    if file == STDIN_NAME:
        return STDIN_PATH
    path = os.path.normpath(file)
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive (Windows)
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            path = relative
    return path.replace(os.sep, "/")


def message_with_fix(finding: Finding) -> str:
    """The finding's message followed by its fix, as one line-oriented text."""
    return f"{finding.message} Fix: {finding.fix}"
