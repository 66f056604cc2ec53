"""The JUnit XML report: inputs as test suites, requests as test cases, for CI test dashboards.

One `<testsuite>` per input (named by its path), one `<testcase>` per request with findings
(classname: the input; name: the request's name, else `request N`). Each error-level finding
is a `<failure>` (type: the code, message: the message, text: location, why and fix); warnings
and infos are lines of the test case's `<system-out>`, so they show without failing it. The
requests without findings are one passing test case per input, `N requests without
findings`, counted from the runner's per-input request counts (`RunResult.request_counts`;
a run result without them shows only the requests with findings).
Findings about the run's options (`--scopes`) form a `command line` suite.

`tests` counts test cases, `failures` the test cases that failed (as JUnit counts them, so
`failures <= tests` however many findings a request has), `errors` is always 0: attrlint
itself does not crash on a bad input, it reports PRS001. The output has no times or host
names, so it is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from attrlint.model import Finding, Location, Severity
from attrlint.reporters import input_path, message_with_fix, on_command_line

if TYPE_CHECKING:
    from attrlint.runner import RunResult

COMMAND_LINE = "command line"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CaseKey = tuple[int, str]  # (request index, test case name), so requests sort by index


def _xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (a binary input's bytes in a message)."""
    return _NOT_XML.sub("\ufffd", text)


def _where(loc: Location) -> str:
    return f"{input_path(loc.file)}:{loc.line}:{loc.column}"


def request_label(loc: Location) -> str:
    """A request's test case name: its own name (`###` title, Postman item), else `request N`."""
    return loc.request_name or f"request {loc.request_index + 1}"


def _suite_and_case(finding: Finding) -> tuple[str, _CaseKey]:
    loc = finding.location
    if on_command_line(loc):
        return COMMAND_LINE, (0, loc.file)
    return input_path(loc.file), (loc.request_index, request_label(loc))


def _testcase(classname: str, name: str, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", {"classname": _xml_text(classname), "name": _xml_text(name)})
    notes = []
    for finding in findings:
        if finding.severity is Severity.ERROR:
            failure = ET.SubElement(case, "failure", {"type": finding.code, "message": _xml_text(finding.message)})
            failure.text = _xml_text(
                f"{_where(finding.location)}: {finding.code} {finding.name}\nwhy: {finding.why}\nfix: {finding.fix}\n"
            )
        else:
            notes.append(
                f"{_where(finding.location)}: {finding.severity.value} {finding.code} {message_with_fix(finding)}"
            )
    if notes:
        ET.SubElement(case, "system-out").text = _xml_text("\n".join(notes) + "\n")
    return case


def _counts(suite: ET.Element) -> tuple[int, int]:
    cases = suite.findall("testcase")
    return len(cases), sum(1 for case in cases if case.find("failure") is not None)


def _stamp(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def junit_tree(result: RunResult) -> ET.Element:
    """The `<testsuites>` element of the run."""
    read = {input_path(name): count for name, count in result.request_counts.items()}
    suites: dict[str, dict[_CaseKey, list[Finding]]] = {name: {} for name in [*map(input_path, result.sources), *read]}
    for finding in result.findings:
        suite, case = _suite_and_case(finding)
        suites.setdefault(suite, {}).setdefault(case, []).append(finding)
    root = ET.Element("testsuites", {"name": "attrlint"})
    totals = [0, 0]
    for name in sorted(suites, key=lambda suite: (suite == COMMAND_LINE, suite)):
        cases = suites[name]
        element = ET.SubElement(root, "testsuite", {"name": _xml_text(name)})
        for (_, case_name), findings in sorted(cases.items(), key=lambda item: item[0]):
            element.append(_testcase(name, case_name, findings))
        passing = read.get(name, 0) - len(cases)
        if passing > 0:
            element.append(_testcase(name, f"{passing} request{'s' * (passing != 1)} without findings", []))
        tests, failures = _counts(element)
        _stamp(element, tests, failures)
        totals[0] += tests
        totals[1] += failures
    _stamp(root, *totals)
    return root


def render(result: RunResult, color: bool = False) -> Iterator[str]:
    """The JUnit XML document, built whole (color is ignored)."""
    root = junit_tree(result)
    ET.indent(root)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
