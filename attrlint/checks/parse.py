"""Checks for input that could not be read: a body that does not parse, reader notes."""

from __future__ import annotations

from collections.abc import Iterator

from attrlint.checks import Context, Problem, check
from attrlint.model import Request, Span
from attrlint.rules import Rule


@check("unreadable_body")
def unreadable_body(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A body that was given but is not valid JSON (or YAML, for YAML payload files)."""
    request = ctx.request
    if request.body_error is None or request.body_format == "form":
        return
    kind = "YAML" if request.body_format == "yaml" else "JSON"
    yield Problem(
        message=f"the body cannot be read as {kind}: {request.body_error.message}",
        fix=f"Correct the {kind} syntax at this position; the API needs one JSON object as the body.",
        span=_error_span(request),
        anchor="body",
    )


@check("reader_note")
def reader_note(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Notes the reader attached to the request under this rule's code."""
    for note in ctx.request.notes:
        if note.code == rule.code:
            yield Problem(message=note.message, fix=note.args.get("fix", rule.fix), span=note.span, anchor="url")


def _error_span(request: Request) -> Span | None:
    """The source position of the body's parse error."""
    if request.body_error is None or request.body_map is None:
        return None
    offset = request.body_map.to_source(request.body_error.offset)
    return request.origin.source.span(offset, offset + 1)
