"""Trace checks: what the server answered, when the input recorded it (HAR entries).

They run after every other rule, so they can tell a recorded 400 that the findings explain from
one they do not — attrlint never invents a cause for the latter — and flag a recorded success
for a request attrlint reports as broken.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from attrlint.checks import Context, Problem, check
from attrlint.model import Severity
from attrlint.rules import Rule

_GENESYS_FIELDS = frozenset({"message", "code", "status", "contextId", "details", "errors", "messageWithParams"})
_FOREIGN_FIELDS = ("error_code", "error_description", "errorMessage", "error_message", "fault", "title", "detail")


def _error_body(ctx: Context) -> Any:
    response = ctx.request.response
    if response is None or response.body_text is None:
        return None
    try:
        return json.loads(response.body_text)
    except ValueError:
        return None


def _is_genesys(body: Any) -> bool:
    """A Genesys ErrorBody: a dotted `code` with `message` or `status`, none of the foreign keys."""
    return (
        isinstance(body, dict)
        and isinstance(body.get("code"), str)
        and ("message" in body or "status" in body)
        and not any(key in body for key in _FOREIGN_FIELDS)
    )


def _said(body: dict[str, Any]) -> str:
    parts = [f"{body.get('code')}"]
    if body.get("message"):
        parts.append(f"'{body['message']}'")
    fields = [d.get("fieldName") for d in body.get("details") or [] if isinstance(d, dict) and d.get("fieldName")]
    if fields:
        parts.append(f"fields {', '.join(map(str, fields))}")
    if body.get("contextId"):
        parts.append(f"contextId {body['contextId']}")
    return "; ".join(parts)


@check("recorded_error")
def recorded_error(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A recorded 4xx/5xx with a Genesys error body: show what the server said."""
    response = ctx.request.response
    body = _error_body(ctx)
    if response is None or response.status < 400 or not _is_genesys(body):
        return
    yield Problem(
        message=f"the server answered {response.status}: {_said(body)}",
        fix=f"Read it with this request's other findings; quote contextId {body.get('contextId')} to Genesys support if they do not explain it."
        if body.get("contextId")
        else "Read it with this request's other findings.",
        anchor="url",
        span=response.span,
    )


@check("unexplained_400")
def unexplained_400(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A recorded 400 that no error-level rule explains: said so, cause not guessed."""
    response = ctx.request.response
    if response is None or response.status != 400:
        return
    if any(found.severity is Severity.ERROR for found in ctx.found):
        return
    body = _error_body(ctx)
    said = _said(body) if _is_genesys(body) else "(no Genesys error body)"
    yield Problem(
        message=f"recorded 400 not explained by any rule; server said: {said}",
        fix="attrlint does not know this cause; the server's message and contextId are the lead (check IDs exist and the conversation is still active).",
        anchor="url",
        span=response.span,
    )


@check("foreign_error_body")
def foreign_error_body(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An error response that is not a Genesys ErrorBody: another service answered."""
    response = ctx.request.response
    if response is None or response.status < 400 or not ctx.is_api_call or response.body_text is None:
        return
    body = _error_body(ctx)
    if _is_genesys(body) or not response.body_text.strip():
        return
    if isinstance(body, dict):
        keys = [key for key in _FOREIGN_FIELDS if key in body] or sorted(body)[:3]
        shape = f"has {', '.join(repr(k) for k in keys)}"
    else:
        shape = "is not JSON" if body is None else f"is a JSON {type(body).__name__}"
    yield Problem(
        message=f"the {response.status} response body {shape}, which a Genesys ErrorBody (message, code, status, contextId) never has",
        fix="A gateway, proxy or another service answered, not the Platform API: check the URL's host and what sits between you and api.<region domain>.",
        anchor="url",
        span=response.span,
    )


@check("accepted_despite_finding")
def accepted_despite_finding(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A recorded 2xx for a request attrlint reports errors on."""
    response = ctx.request.response
    if response is None or not 200 <= response.status < 300:
        return
    errors = sorted({found.code for found in ctx.found if found.severity is Severity.ERROR})
    if not errors:
        return
    yield Problem(
        message=f"the server answered {response.status} although attrlint reports {', '.join(errors)}",
        fix="The contract is still broken, but this server accepted it: the finding may not cause a 400 here (server handling of those patterns is undocumented); check that the change really took effect.",
        anchor="url",
    )
