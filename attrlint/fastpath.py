"""A conservative test that a request is certainly clean, so the rules need not run.

Most requests in a capture are fine. Running every rule costs far more than deciding that a
request is a plain, valid call: a known operation on an API host, UUIDs in its ID slots, a
bearer token, a JSON content type, and a body its schema accepts. This test answers "clean"
only in that case and "don't know" otherwise — then the engine runs every rule as usual. It
reuses the rules' own helpers; a test runs both paths over the rule examples, the seeds and
generated variants and checks that whatever this calls clean, the rules find nothing in.

A capture calls the same few targets again and again with other IDs and other bodies. The
target (method, host, path with its UUIDs set aside, token, content type) is judged by a
function of exactly those values, once per distinct target; the body is judged per request.
"""

from __future__ import annotations

from attrlint.catalog import Catalog
from attrlint.checks import ATTRIBUTES_MODEL, Options
from attrlint.checks.headers import authorization_problem, is_json_type, sends_body
from attrlint.checks.path import placeholder_kind
from attrlint.checks.shapes import ATTRIBUTE_LIKE_KEYS
from attrlint.knowledge import UUID_PATTERN, Knowledge, is_uuid
from attrlint.lazyre import lazy_re
from attrlint.memo import remember
from attrlint.model import Request
from attrlint.validate import certainly_valid

_NO_BODY_METHODS = frozenset({"GET", "DELETE", "HEAD"})
_STRINGS = frozenset({str})
# A whole path segment that is a UUID (in a URL, not the host after "//"), and the UUID that
# stands for all of them.
_UUID_SEGMENT = lazy_re(f"/(?<!//)(?:{UUID_PATTERN})(?![^/?#])")  # (opening with "/" keeps sre's fast scan)
_ANY_UUID_SEGMENT = "/00000000-0000-4000-8000-000000000000"
_Target = tuple[str, str, str, str | None, str | None, bool, bool]
_TARGETS: dict[_Target, tuple[bool, str | None]] = {}  # target -> (clean so far, body model)
_VALID: dict[tuple[str, str, str | None], bool] = {}  # (model, body format, body text) -> valid


def certainly_clean(request: Request, options: Options) -> bool:
    """True only when no rule can report anything on `request`."""
    clean, model = clean_target(request, options)
    if not clean or not request.has_body:
        return clean
    return body_clean(model, request.body, request.body_format, request.body_text)


def judges(options: Options) -> bool:
    """True when the fast path may judge requests under these run options: with scopes, a
    grant type or extra hosts to check against, the rules always run."""
    return options.scopes is None and options.grant is None and not options.hosts


def clean_target(request: Request, options: Options) -> tuple[bool, str | None]:
    """Whether `request` can be clean whatever its body, and the body model its body must then
    fit (None: it has no body, or no schema). False when anything outside the body's content
    gives a rule something to say: the run's options, reader notes, an unreadable body, the
    target or headers unknown, a recorded failure, or the target itself."""
    if not judges(options):
        return False, None
    if request.notes or request.body_error is not None or not request.target_known or not request.headers_known:
        return False, None
    method, host, response = request.method, request.host, request.response
    if method is None or host is None or response is not None and not 200 <= response.status < 300:
        return False, None
    headers = request.headers
    has_body = request.has_body
    target: _Target = (
        method,
        host,
        ids_alike(request.path),
        headers.get("authorization"),
        headers.get("content-type"),
        has_body,
        has_body and sends_body(request),
    )
    judged = _TARGETS.get(target)
    if judged is None:
        judged = remember(_TARGETS, target, _target_clean(*target))
    return judged


def ids_alike(text: str) -> str:
    """A path or URL with every segment that is a UUID replaced by the same UUID (in a URL,
    also such segments of its query and fragment; never its host): to the catalog walk and to
    the slot test, every UUID is alike (never an API word, always an ID)."""
    return _UUID_SEGMENT.sub(_ANY_UUID_SEGMENT, text)


def _target_clean(
    method: str,
    host: str,
    path: str,
    authorization: str | None,
    content_type: str | None,
    has_body: bool,
    sends: bool,
) -> tuple[bool, str | None]:
    """Whether a request to this target can be clean, and the body model its body must fit
    (None: no schema). Uses only its arguments, so equal targets are judged alike."""
    domain = Knowledge.load().genesys_domain_of(host)
    if domain is None or host != "api." + domain or authorization is None:
        return False, None
    if authorization_problem(authorization) is not None:
        return False, None
    found = Catalog.load().operation(method, path)
    if found is None:
        return False, None
    operation, match = found
    uuid_params = Knowledge.load().uuid_params
    for name, value in match.params.items():
        # A UUID is never a placeholder; anything else must be allowed where it stands.
        if not is_uuid(value) and (name in uuid_params or placeholder_kind(value, name)):
            return False, None
    if not has_body:
        return not operation.body_required, None
    if not sends or not is_json_type(content_type) or method in _NO_BODY_METHODS:
        return False, None
    return operation.body_model is not None, operation.body_model


def body_clean(model: str | None, body: object, body_format: str, body_text: str | None) -> bool:
    """True when a parsed body is one no rule can report anything on, sent to a clean target
    whose body must fit `model` (`clean_target`'s answer)."""
    if model is None or type(body) is not dict or any(type(key) is not str or "_" in key for key in body):
        return False  # (a YAML body's keys can be numbers)
    if model == ATTRIBUTES_MODEL:
        attributes = body.get("attributes")
        # A decoded JSON or YAML string is exactly a str, so the set of value types says it all.
        return len(body) == 1 and type(attributes) is dict and set(map(type, attributes.values())) <= _STRINGS
    if any(key in body for key in ATTRIBUTE_LIKE_KEYS):
        return False
    # A capture repeats bodies (polls, the same query, the same state change): judge each once.
    key = (model, body_format, body_text)
    valid = _VALID.get(key)
    if valid is None:
        schema = Catalog.load().body_schema(model)
        valid = remember(_VALID, key, schema is None or certainly_valid(schema, body))
    return valid
