"""Header checks: the JSON content type (else 415) and a bearer token (else 401).

Neither is a 400, but both are routinely mistaken for one. Header values are never repeated in
messages: they may be credentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrlint.checks import Context, Problem, check
from attrlint.lazyre import lazy_re
from attrlint.rules import Rule

_SHELL_VARIABLE = lazy_re(r"\$\{?[A-Za-z_]\w*\}?")
_PLACEHOLDER_TOKEN = lazy_re(
    r"\{\{?[^}]*\}\}?|\$\{[^}]*\}|\$[A-Za-z_]\w*|<[^>]*>|%[A-Za-z_]\w*%"
    r"|your[_-]?(access[_-]?)?token|access[_-]?token|token|undefined|null|none|x+",
    re.I,
)


def _sends_body(ctx: Context) -> bool:
    """True when a non-form body goes out (JSON, or a multipart form that should be JSON)."""
    request = ctx.request
    if request.body_format == "multipart":
        return True
    if not request.has_body or request.body_format == "form" or request.method in ("GET", "HEAD"):
        return False
    return bool(request.body_text and request.body_text.strip())


@check("missing_json_content_type")
def missing_json_content_type(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A JSON body sent without `Content-Type: application/json`."""
    request = ctx.request
    if not request.headers_known or not ctx.is_api_call or not _sends_body(ctx):
        return
    declared = request.headers.get("content-type")
    if declared and re.search(r"\bjson\b", declared, re.I):
        return
    if request.body_format == "multipart":
        message = "a multipart/form-data body (curl -F) is sent; the API consumes application/json"
    elif declared is None:
        message = "a JSON body is sent without a Content-Type header"
    elif "x-www-form-urlencoded" in declared.lower() and request.origin.format == "curl":
        message = (
            "curl's -d sends 'Content-Type: application/x-www-form-urlencoded' unless told otherwise; the body is JSON"
        )
    else:
        message = f"the body is JSON but Content-Type is '{declared.split(';')[0].strip()}'"
    fix = (
        "Add -H 'Content-Type: application/json' (or use --json)"
        if request.origin.format == "curl"
        else "Add the header Content-Type: application/json"
    )
    yield Problem(message=message, fix=fix, anchor="header:content-type")


@check("missing_authorization")
def missing_authorization(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An API call without an Authorization header."""
    request = ctx.request
    if not request.headers_known or not ctx.is_api_call or "authorization" in request.headers:
        return
    yield Problem(
        message="no Authorization header: the API answers 401 authentication.required, not 400",
        fix="Add the header Authorization: Bearer <access token> (token from POST https://login.<region domain>/oauth/token)",
        anchor="url",
    )


@check("malformed_authorization")
def malformed_authorization(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An Authorization header that is not `Bearer <token>` or holds a placeholder."""
    request = ctx.request
    value = request.headers.get("authorization")
    if not request.headers_known or not ctx.is_api_call or value is None:
        return
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer":
        shown = scheme if scheme.lower() in ("basic", "digest", "token", "oauth", "") else "no scheme"
        problem = f"the Authorization header uses {shown or 'no scheme'} instead of 'Bearer'"
    elif not token:
        problem = "the Authorization header says 'Bearer' with no token"
    elif token.lower().startswith("bearer"):
        problem = "the Authorization header repeats 'Bearer'"
    elif request.origin.format == "curl" and _SHELL_VARIABLE.fullmatch(token):
        return  # the shell substitutes $TOKEN before curl runs
    elif _PLACEHOLDER_TOKEN.fullmatch(token):
        problem = "the bearer token is an unfilled placeholder, not a token"
    else:
        return
    yield Problem(
        message=f"{problem}: the API answers 401 bad.credentials, not 400",
        fix="Send Authorization: Bearer <access token>, with the token string from the OAuth token response's access_token",
        anchor="header:authorization",
    )
