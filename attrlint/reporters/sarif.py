"""The SARIF 2.1.0 report: one run, for GitHub code scanning and other SARIF viewers.

`tool.driver.rules` describes every rule attrlint has (not only those that fired), so a
result's `ruleIndex` points into a stable list. Each result is located in its input by a
relative URI and a region whose columns count Unicode code points (`columnKind`); the body's
JSON pointer and the request sit in the result's properties. `partialFingerprints` identify a
result across runs and machines without line numbers: rule, input, request (its name, else its
index) and the body pointer (else the message with its digits masked), so an edit elsewhere in
the file leaves them unchanged.

Findings about the run's own options (an invented name given to `--scopes`) have no place in
any input, and code scanning rejects a result without one: they are reported as the
invocation's `toolConfigurationNotifications` instead.

The output is deterministic: keys are sorted, rules come in code order and results in the
run's order.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from attrlint import __version__
from attrlint.model import Finding, Severity
from attrlint.reporters import STDIN_PATH, input_path, message_with_fix, on_command_line
from attrlint.rules import Rule, all_rules

if TYPE_CHECKING:
    from attrlint.runner import RunResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "attrlintFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_DIGITS = re.compile(r"\d+")


def artifact_uri(file: str) -> str:
    """A finding's input as a URI reference: relative with forward slashes and percent-encoded
    (`with%20space.json`), a `file:` URI when the input lies outside the working directory,
    `stdin` for standard input."""
    from pathlib import Path
    from urllib.parse import quote

    path = input_path(file)
    if path == STDIN_PATH:
        return STDIN_PATH
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path, safe="/")


def _markdown(text: str) -> str:
    """`text` with the characters Markdown would act on escaped (`<token>` is not a tag)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def rule_descriptor(rule: Rule, docs_base_url: str | None) -> dict[str, Any]:
    """A rule as a SARIF reportingDescriptor: its texts, default level and category."""
    explain = f"attrlint explain {rule.code}"
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nFix: {rule.fix}\n\nExamples: {explain}",
            "markdown": f"{_markdown(rule.why)}\n\n**Fix:** {_markdown(rule.fix)}\n\nExamples: `{explain}`",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "confidence": rule.confidence.value},
    }
    if docs_base_url:
        descriptor["helpUri"] = f"{docs_base_url.rstrip('/')}/{rule.code}"
    return descriptor


def fingerprint(finding: Finding) -> str:
    """A hash that identifies the finding across runs and machines, free of line numbers."""
    loc = finding.location
    request = loc.request_name if loc.request_name else str(loc.request_index)
    what = loc.pointer if loc.pointer is not None else _DIGITS.sub("0", " ".join(finding.message.lower().split()))
    key = "\x1f".join((finding.code, input_path(loc.file), request, what))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _properties(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    properties: dict[str, Any] = {
        "category": finding.category,
        "confidence": finding.confidence.value,
        "requestIndex": loc.request_index,
    }
    if loc.request_name is not None:
        properties["requestName"] = loc.request_name
    if loc.pointer is not None:
        properties["jsonPointer"] = loc.pointer
    return properties


def result_object(finding: Finding, rule_index: int) -> dict[str, Any]:
    """One finding as a SARIF result."""
    loc = finding.location
    region = {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line, "endColumn": loc.end_column}
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message_with_fix(finding)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(loc.file)}, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": _properties(finding),
    }


def _notification(finding: Finding, rule_index: int) -> dict[str, Any]:
    """A finding about the run's options, as a tool configuration notification."""
    return {
        "associatedRule": {"id": finding.code, "index": rule_index},
        "level": LEVELS[finding.severity],
        "message": {"text": message_with_fix(finding)},
        "properties": {
            "category": finding.category,
            "confidence": finding.confidence.value,
            "option": finding.location.file,
        },
    }


def sarif_log(result: RunResult, docs_base_url: str | None = None) -> dict[str, Any]:
    """The whole SARIF log as JSON data."""
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    results, notifications = [], []
    for finding in result.findings:
        if on_command_line(finding.location):
            notifications.append(_notification(finding, index[finding.code]))
        else:
            results.append(result_object(finding, index[finding.code]))
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications
    driver = {
        "name": "attrlint",
        "version": __version__,
        "rules": [rule_descriptor(rule, docs_base_url) for rule in rules],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, color: bool = False, *, docs_base_url: str | None = None) -> Iterator[str]:
    """The SARIF log as indented JSON with sorted keys, built whole (color is ignored).
    `docs_base_url`, when known, gives each rule a `helpUri`: the base URL followed by `/CODE`."""
    yield json.dumps(sarif_log(result, docs_base_url), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
