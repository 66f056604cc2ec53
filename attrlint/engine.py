"""Run the selected rules over a request and turn their problems into located findings.

Specific rules run first; the generic schema rule (category `schema`) runs last and skips the
body pointers the specific ones already explained. Secrets found in the request are scrubbed
from every message and fix before a finding leaves the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from attrlint.checks import CheckFunction, Context, Options, Problem, load_all
from attrlint.fastpath import certainly_clean
from attrlint.lazyre import lazy_re
from attrlint.model import Finding, Location, ReadFailure, Request, Span
from attrlint.rules import Rule, all_rules
from attrlint.sources.positions import json_place, yaml_offsets
from attrlint.unknown import restore

PARSE_RULE = "PRS001"
SUPPRESSION = "suppression"
_REFERENCE = lazy_re(r"(?:bearer\s+)?(?:\$\{?\w+\}?|\{\{?\s*\w+\s*\}\}?|<[\w -]+>)", re.I)
_SECRET_FORM_FIELDS = {"client_secret", "password", "access_token", "refresh_token", "assertion", "code"}


def lint(request: Request, rules: Sequence[Rule], options: Options, *, fast: bool = True) -> list[Finding]:
    """The findings of the selected `rules` on one request, sorted, secrets scrubbed.

    Every rule runs, selected or not: a specific rule that is ignored still explains its
    pointers, so the generic schema rule does not report the same problem in its place.
    `fast=False` runs the rules even on a request the fast path would call clean (tests
    compare both).
    """
    if fast and certainly_clean(request, options):
        return []
    selected = {rule.code for rule in rules}
    context = Context(request, options)
    if not context.judged:
        return []
    secrets: list[str] | None = None
    findings: list[Finding] = []
    for rule, check in _plan():
        for problem in check(context, rule):
            if problem.pointer is not None:
                context.covered.add(problem.pointer)
            context.covered.update(problem.covers)
            context.found.append(rule)
            if rule.code not in selected:
                continue
            if secrets is None:
                secrets = request_secrets(request)
            findings.append(_finding(rule, problem, request, secrets))
    return sorted(findings, key=Finding.sort_key)


@cache
def _plan() -> tuple[tuple[Rule, CheckFunction], ...]:
    """Every rule in run order with its check function: the generic schema rule after the
    specific ones (it skips what they explained), the trace rules after everything."""
    checks = load_all()
    per_request = [rule for rule in all_rules() if rule.category != SUPPRESSION]  # reported by attrlint.suppress
    ordered = sorted(per_request, key=lambda rule: (rule.category == "trace", rule.category == "schema", rule.code))
    return tuple((rule, checks[rule.check]) for rule in ordered)


SCOPES_ORIGIN = "--scopes"
# What to do about an input that cannot be read, by what it was read as.
_FAILURE_FIXES = {
    "file": "Check the path, and that it is a readable UTF-8 text file.",
    "input": "Give attrlint a request: a JSON/YAML body or request file, curl commands, HTTP request text, a HAR capture, a .http file or a Postman collection.",
    "curl": "Check the command's quoting and options at this position (a quote left open, a missing URL).",
    "http": "Start the request with a request line 'METHOD URL [HTTP/1.1]', then headers, a blank line, the body.",
    "raw_http": "Start the request with a request line 'METHOD URL [HTTP/1.1]', then headers, a blank line, the body.",
    "httpfile": "Start the request with a request line 'METHOD URL [HTTP/1.1]' after its ### separator.",
    "har": "Check that the file is a complete HAR 1.2 capture (export it again if it was cut off).",
    "postman": "Check that the item has a request with a URL (export the collection again as v2.1).",
}


def options_findings(options: Options, rules: Sequence[Rule]) -> list[Finding]:
    """Findings about the run's own options: invented names given to `--scopes`."""
    rule = next((r for r in rules if r.check == "invented_scope"), None)
    if rule is None or not options.scopes:
        return []
    from attrlint.checks.scope import scope_problem
    from attrlint.knowledge import Knowledge

    findings = []
    column = 1
    for name in options.scopes:
        found = scope_problem(name, Knowledge.load())
        if found is not None:
            location = Location(SCOPES_ORIGIN, 1, column, 1, column + len(name))
            findings.append(rule.finding(found[0], found[1], location))
        column += len(name) + 1
    return findings


def failure_finding(failure: ReadFailure, rules: Sequence[Rule]) -> Finding | None:
    """The PRS001 finding for an input that could not be read, if that rule is selected."""
    rule = next((r for r in rules if r.code == PARSE_RULE), None)
    if rule is None:
        return None
    span = failure.span or Span(failure.source.position(0), failure.source.position(0))
    location = _location(failure.source.name, span, failure.request_index)
    fix = failure.fix or _FAILURE_FIXES.get(failure.format, rule.fix)
    kind = "" if failure.format in ("input", "file") else f"{failure.format} "
    return rule.finding(f"cannot read {kind}input: {failure.message}", fix, location)


def request_secrets(request: Request) -> list[str]:
    """Values in the request that must never be printed (tokens, passwords, cookies)."""
    found: list[str] = []
    for name, value in request.headers.items_raw():
        lowered = name.lower()
        if lowered in ("authorization", "proxy-authorization"):
            found.append(value)
            scheme, _, credential = value.strip().partition(" ")
            found.append(credential.strip())
            if scheme.lower() == "basic":
                found.extend(_basic_parts(credential.strip()))
        elif lowered in ("cookie", "x-api-key", "x-auth-token"):
            found.append(value)
            found.extend(part.partition("=")[2] for part in value.split(";"))
    found.extend(value for key, value in request.form if key.lower() in _SECRET_FORM_FIELDS)
    authority = request.url.partition("://")[2].split("/", 1)[0]
    if "@" in authority:  # user:password@host
        userinfo = authority.rpartition("@")[0]
        found += [userinfo, userinfo.partition(":")[2]]
    # A variable reference ($TOKEN, {{token}}) is not a secret, and fixes use the same words.
    kept = {s.strip() for s in found if len(s.strip()) >= 4 and not _REFERENCE.fullmatch(s.strip())}
    return sorted(kept, key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret in `text` by `***`."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _basic_parts(credential: str) -> list[str]:
    import base64

    try:
        decoded = base64.b64decode(credential, validate=True).decode("utf-8", "replace")
    except ValueError:
        return []
    user, _, password = decoded.partition(":")
    return [decoded, password] if password else [decoded]


def _finding(rule: Rule, problem: Problem, request: Request, secrets: list[str]) -> Finding:
    """The finding for a problem: secrets scrubbed, values filled in at send time shown as the
    input wrote them (`$CONV_ID`, `{{convId}}`)."""
    message, fix = scrub(problem.message, secrets), scrub(problem.fix, secrets)
    location = locate(request, problem)
    if request.unknowns:
        message, fix = restore(message, request.unknowns), restore(fix, request.unknowns)
        if location.pointer is not None:
            location = location._replace(pointer=restore(location.pointer, request.unknowns))
    return rule.finding(message, fix, location)


def locate(request: Request, problem: Problem) -> Location:
    """Where a problem points in the source: body pointer first, then anchor, then the URL."""
    span = problem.span
    if span is None and problem.pointer is not None:
        span = _pointer_span(request, problem.pointer)
    if span is None and problem.anchor is not None:
        span = request.spans.get(problem.anchor)
        if span is None and problem.anchor.startswith("header:"):
            span = request.spans.get("url")
    if span is None:
        span = request.spans.get("body" if problem.pointer is not None else "url")
    if span is None:
        span = next(iter(request.spans.values()), None)
    source = request.origin.source
    if span is None:
        span = Span(source.position(0), source.position(0))
    return _location(source.name, span, request.origin.request_index, problem.pointer, request.origin.name)


def _location(file: str, span: Span, index: int, pointer: str | None = None, name: str | None = None) -> Location:
    return Location(file, span.start.line, span.start.column, span.end.line, span.end.column, pointer, index, name)


def _pointer_span(request: Request, pointer: str) -> Span | None:
    if request.locate_body is not None:
        return request.locate_body(pointer)
    if request.body_text is None or request.body_map is None or request.body_error is not None:
        return None
    if request.body_format == "yaml":
        found = yaml_offsets(request.body_text).get(pointer)
    else:
        found = json_place(request.body_text, pointer)
    if found is None:
        return None
    start, end, key_start = found
    first = key_start if key_start is not None else start
    return request.origin.source.span(request.body_map.to_source(first), request.body_map.to_source(end))
