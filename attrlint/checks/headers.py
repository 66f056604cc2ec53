"""Header checks: the JSON content type (else 415) and a bearer token (else 401).

Neither is a 400, but both are routinely mistaken for one. Header values are never repeated in
messages: they may be credentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrlint.checks import Context, Problem, check
from attrlint.lazyre import lazy_re
from attrlint.model import Request
from attrlint.rules import Rule
from attrlint.unknown import has_unknown

_JSON_TYPE = lazy_re(r"\s*application/json\s*(;.*)?", re.I)
_PLACEHOLDER_TOKEN = lazy_re(
    r"\{\{?[^}]*\}\}?|\$\{[^}]*\}|\$[A-Za-z_]\w*|<[^>]*>|%[A-Za-z_]\w*%"
    r"|your[_-]?(access[_-]?)?token|access[_-]?token|token|undefined|null|none|x+",
    re.I,
)


def sends_body(request: Request) -> bool:
    """True when a body goes out (JSON, or a form, multipart or binary body where the API
    wants JSON)."""
    if request.body_format not in ("json", "yaml", "form"):
        return True
    if not request.has_body or request.method in ("GET", "HEAD"):
        return False
    return bool(request.body_text and request.body_text.strip())


def declares_json(request: Request) -> bool:
    """True when the Content-Type header names a JSON media type."""
    return is_json_type(request.headers.get("content-type"))


def is_json_type(declared: str | None) -> bool:
    """True for a Content-Type value that names a JSON media type."""
    return declared is not None and _JSON_TYPE.fullmatch(declared) is not None


@check("missing_json_content_type")
def missing_json_content_type(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A JSON body sent without `Content-Type: application/json`."""
    request = ctx.request
    if not request.headers_known or not ctx.is_api_call or not sends_body(request) or declares_json(request):
        return
    declared = request.headers.get("content-type")
    if has_unknown(declared):
        return  # filled in at send time
    if request.body_format == "form":
        message = "the body is form data (application/x-www-form-urlencoded); the API consumes JSON"
    elif request.body_format == "multipart":
        message = "a multipart/form-data body (curl -F, Postman formdata) is sent; the API consumes application/json"
    elif request.body_format not in ("json", "yaml"):
        message = f"a {request.body_format} body is sent; the API consumes application/json"
    elif declared is None:
        message = "a JSON body is sent without a Content-Type header"
    elif "x-www-form-urlencoded" in declared.lower() and request.origin.format == "curl":
        message = (
            "curl's -d sends 'Content-Type: application/x-www-form-urlencoded' unless told otherwise; the body is JSON"
        )
    else:
        message = f"the body is JSON but Content-Type is '{declared.split(';')[0].strip()}'"
    if request.body_format == "form":
        fix = "Send the body as JSON, e.g. " + (
            '--json \'{"attributes": {"key": "value"}}\''
            if request.origin.format == "curl"
            else 'Content-Type: application/json with {"attributes": {"key": "value"}}'
        )
    elif request.origin.format == "curl":
        fix = "Add -H 'Content-Type: application/json' (or use --json)"
    else:
        fix = "Add the header Content-Type: application/json"
    yield Problem(message=message, fix=fix, anchor="header:content-type")


@check("missing_authorization")
def missing_authorization(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An API call without an Authorization header."""
    request = ctx.request
    if not request.headers_known or not ctx.is_api_call or "authorization" in request.headers:
        return
    if ctx.operation is not None and ctx.operation.public:
        return  # the SDK calls it without a token (guest, web messaging and event endpoints)
    yield Problem(
        message="no Authorization header: the API answers 401 authentication.required, not 400",
        fix="Add the header Authorization: Bearer <access token> (token from POST https://login.<region domain>/oauth/token)",
        anchor="url",
    )


def authorization_problem(value: str) -> str | None:
    """What is wrong with an Authorization header value, or None when it is `Bearer <token>`.

    Never repeats the value: it may be a credential. A scheme or token filled in at send time
    (`$TOKEN`, `{{token}}`) is not judged.
    """
    scheme, _, token = value.strip().partition(" ")
    if has_unknown(scheme):
        return None
    token = token.strip()
    if scheme.lower() != "bearer":
        shown = scheme if scheme.lower() in ("basic", "digest", "token", "oauth", "") else "no scheme"
        return f"the Authorization header uses {shown or 'no scheme'} instead of 'Bearer'"
    if has_unknown(token):
        return None
    if not token:
        return "the Authorization header says 'Bearer' with no token"
    if token.lower().startswith("bearer"):
        return "the Authorization header repeats 'Bearer'"
    if _PLACEHOLDER_TOKEN.fullmatch(token):
        return "the bearer token is an unfilled placeholder, not a token"
    return None


@check("malformed_authorization")
def malformed_authorization(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An Authorization header that is not `Bearer <token>` or holds a placeholder."""
    request = ctx.request
    value = request.headers.get("authorization")
    if not request.headers_known or not ctx.is_api_call or value is None:
        return
    problem = authorization_problem(value)
    if problem is None:
        return
    yield Problem(
        message=f"{problem}: the API answers 401 bad.credentials, not 400",
        fix="Send Authorization: Bearer <access token>, with the token string from the OAuth token response's access_token",
        anchor="header:authorization",
    )
