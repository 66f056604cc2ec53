"""The GitHub Actions report: one workflow command per finding, then the summary line.

`::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=CODE name::message Fix: fix`
(`::warning` for warnings, `::notice` for infos) makes GitHub annotate the line in the pull
request. Values are escaped as the Actions runner expects: `%`, CR and LF in the message,
and also `:` and `,` in the properties. GitHub takes columns only on a one-line span, so a
span over several lines is annotated by its lines alone; a finding on standard input or on the
command line (`--scopes`) has no file and is annotated on the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrlint.model import Finding, Severity
from attrlint.reporters import STDIN_NAME, input_path, message_with_fix, on_command_line
from attrlint.reporters.text import summary_line

if TYPE_CHECKING:
    from attrlint.runner import RunResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def escape_data(text: str) -> str:
    """A command's message, escaped."""
    return text.translate(_DATA_ESCAPES)


def escape_property(text: str) -> str:
    """A command property's value, escaped."""
    return text.translate(_PROPERTY_ESCAPES)


def command(finding: Finding) -> str:
    """One finding as a workflow command line."""
    loc = finding.location
    properties: list[tuple[str, object]] = []
    if loc.file != STDIN_NAME and not on_command_line(loc):
        properties += [("file", input_path(loc.file)), ("line", loc.line)]
        if loc.end_line == loc.line:
            properties += [("col", loc.column), ("endLine", loc.end_line), ("endColumn", loc.end_column)]
        else:
            properties.append(("endLine", loc.end_line))
    properties.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message_with_fix(finding))}"


def render(result: RunResult, color: bool = False) -> Iterator[str]:
    """Every finding's command, then the plain summary line (color is ignored)."""
    for finding in result.findings:
        yield command(finding) + "\n"
    yield summary_line(result) + "\n"
