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
from attrlint.model import Request
from attrlint.validate import certainly_valid

_NO_BODY_METHODS = frozenset({"GET", "DELETE", "HEAD"})


def certainly_clean(request: Request, options: Options) -> bool:
    """True only when no rule can report anything on `request`."""
    if options.scopes is not None or options.grant is not None or options.hosts:
        return False
    if request.notes or request.body_error is not None or not request.target_known or not request.headers_known:
        return False
    if (
        request.method is None
        or request.host is None
        or request.response is not None
        and not 200 <= request.response.status < 300
    ):
        return False
    knowledge = Knowledge.load()
    domain = knowledge.genesys_domain_of(request.host)
    if domain is None or request.host != "api." + domain:
        return False
    found = Catalog.load().operation(request.method, request.path)
    if found is None:
        return False
    operation, match = found
    for name, value in match.params.items():
        if placeholder_kind(value, name) or name in knowledge.uuid_params and not is_uuid(value):
            return False
    authorization = request.headers.get("authorization")
    if authorization is None or authorization_problem(authorization, request.origin.format) is not None:
        return False
    if not request.has_body:
        return not operation.body_required
    if not sends_body(request) or not declares_json(request) or request.method in _NO_BODY_METHODS:
        return False
    return _body_clean(request, operation.body_model)


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
    schema = Catalog.load().body_schema(model)
    return schema is None or certainly_valid(schema, body)
