"""A conservative test that a request is certainly clean, so the rules need not run.

Most requests in a capture are fine. Running every rule costs far more than deciding that a
request is a plain, valid call: a known operation on an API host, UUIDs in its ID slots, a
bearer token, a JSON content type, and a body its schema accepts. This test answers "clean"
only in that case and "don't know" otherwise — then the engine runs every rule as usual. It
reuses the rules' own helpers; a test runs both paths over the rule examples, the seeds and
generated variants and checks that whatever this calls clean, the rules find nothing in.
"""

from __future__ import annotations

from attrlint.catalog import Catalog
from attrlint.checks import ATTRIBUTES_MODEL, Options
from attrlint.checks.headers import authorization_problem, declares_json, sends_body
from attrlint.checks.path import placeholder_kind
from attrlint.checks.shapes import ATTRIBUTE_LIKE_KEYS
from attrlint.knowledge import Knowledge, is_uuid
from attrlint.memo import remember
from attrlint.model import Request
from attrlint.validate import certainly_valid

_NO_BODY_METHODS = frozenset({"GET", "DELETE", "HEAD"})
_SENDERS: dict[tuple[str, str | None, str], bool] = {}  # (host, Authorization, input format) -> clean
_VALID: dict[tuple[str, str, str | None], bool] = {}  # (model, body format, body text) -> valid


def certainly_clean(request: Request, options: Options) -> bool:
    """True only when no rule can report anything on `request`."""
    if options.scopes is not None or options.grant is not None or options.hosts:
        return False
    if request.notes or request.body_error is not None or not request.target_known or not request.headers_known:
        return False
    method, host, response = request.method, request.host, request.response
    if method is None or host is None or response is not None and not 200 <= response.status < 300:
        return False
    if not _sender_clean(host, request.headers.get("authorization"), request.origin.format):
        return False
    found = Catalog.load().operation(method, request.path)
    if found is None:
        return False
    operation, match = found
    uuid_params = Knowledge.load().uuid_params
    for name, value in match.params.items():
        # A UUID is never a placeholder; anything else must be allowed where it stands.
        if not is_uuid(value) and (name in uuid_params or placeholder_kind(value, name)):
            return False
    if not request.has_body:
        return not operation.body_required
    if not sends_body(request) or not declares_json(request) or method in _NO_BODY_METHODS:
        return False
    return _body_clean(request, operation.body_model)


def _sender_clean(host: str, authorization: str | None, input_format: str) -> bool:
    """True for an API host of a Genesys domain and a well-formed bearer token. A capture
    repeats both on every call: each (host, header, input format) is judged once."""
    key = (host, authorization, input_format)
    clean = _SENDERS.get(key)
    if clean is None:
        domain = Knowledge.load().genesys_domain_of(host)
        clean = (
            domain is not None
            and host == "api." + domain
            and authorization is not None
            and authorization_problem(authorization, input_format) is None
        )
        remember(_SENDERS, key, clean)
    return clean


def _body_clean(request: Request, model: str | None) -> bool:
    body = request.body
    if model is None or not isinstance(body, dict) or any("_" in key for key in body):
        return False
    if model == ATTRIBUTES_MODEL:
        attributes = body.get("attributes")
        return (
            len(body) == 1
            and isinstance(attributes, dict)
            and all(isinstance(value, str) for value in attributes.values())
        )
    if any(key in body for key in ATTRIBUTE_LIKE_KEYS):
        return False
    # A capture repeats bodies (polls, the same query, the same state change): judge each once.
    key = (model, request.body_format, request.body_text)
    valid = _VALID.get(key)
    if valid is None:
        schema = Catalog.load().body_schema(model)
        valid = schema is None or certainly_valid(schema, body)
        remember(_VALID, key, valid)
    return valid
