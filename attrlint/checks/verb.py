"""Verb checks: a method the path does not allow, a body where the method takes none."""

from __future__ import annotations

from collections.abc import Iterator

from attrlint.checks import Context, Problem, check
from attrlint.checks.path import removed_operation
from attrlint.fixes import corrected_request, fill_template
from attrlint.rules import Rule

_BODILESS = ("GET", "DELETE", "HEAD")
BODY_FILE_MISSING = "PRS003"


@check("method_not_allowed")
def method_not_allowed(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """The path exists in the catalog, but not with this method."""
    request = ctx.request
    if request.method is None or not ctx.method_known or ctx.path_match is None or ctx.operation is not None:
        return
    if removed_operation(ctx) is not None:
        return  # the method was removed from this path; PTH004 says when and why
    match = ctx.path_match
    allowed = sorted(match.operations)
    method = allowed[0] if len(allowed) == 1 else _closest_method(request.method, allowed)
    path = fill_template(match.template, request.path, dict(match.params))
    if ctx.attribute_target and match.template.endswith("/participants/{participantId}"):
        path += "/attributes"  # attributes have their own endpoint; PTH002 explains why
    yield Problem(
        message=(f"{request.method} is not defined on {match.template}; it allows {', '.join(allowed)}"),
        fix=f"Send {method}: {corrected_request(request, method, path)}",
        anchor="method",
    )


def _closest_method(method: str, allowed: list[str]) -> str:
    """PUT and POST updates become PATCH where PATCH exists; otherwise the first allowed."""
    if method in ("PUT", "POST") and "PATCH" in allowed:
        return "PATCH"
    if method == "PATCH" and "PUT" in allowed:
        return "PUT"
    return allowed[0]


@check("body_on_bodiless_method")
def body_on_bodiless_method(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """GET, DELETE or HEAD sent with a body."""
    request = ctx.request
    if request.method not in _BODILESS or not request.body_text or not request.body_text.strip():
        return
    if ctx.operation is not None and ctx.operation.body_model is not None:
        return
    yield Problem(
        message=f"{request.method} request carries a body of {len(request.body_text)} characters",
        fix="Remove the body, or use the method whose operation takes it.",
        anchor="body",
    )


@check("missing_body")
def missing_body(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """The operation requires a body and none was sent."""
    operation = ctx.operation
    if operation is None or not operation.body_required or ctx.request.has_body:
        return
    if ctx.request.body_format not in ("json", "yaml", "form"):
        return  # a body was sent, just not JSON (multipart, binary, graphql); HDR001 says so
    if any(note.code == BODY_FILE_MISSING for note in ctx.request.notes):
        return  # a body was given as @file but is not here; PRS003 already says so
    example = ' with body {"attributes": {"key": "value"}}' if operation.body_model == "ParticipantAttributes" else ""
    yield Problem(
        message=f"{operation.method} {operation.path} requires a {operation.body_model} body; none was sent",
        fix=f"Send a JSON {operation.body_model} body{example}.",
        anchor="url",
    )
