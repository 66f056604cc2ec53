"""The check functions rules bind to, and what they receive and yield.

A rule's YAML names its check (`check: method_not_allowed`); the function is registered here
with `@check`. A check receives the request's `Context` and its `Rule`, and yields `Problem`s;
the engine turns problems into findings (code, severity, location) — checks never print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from attrlint.knowledge import Knowledge
from attrlint.model import Request, Span
from attrlint.unknown import has_unknown, is_whole

if TYPE_CHECKING:
    from attrlint.catalog import Catalog, Operation, PathMatch
    from attrlint.rules import Rule


class Problem(NamedTuple):
    """One thing a check found wrong.

    `pointer` locates it in the body; `anchor` in the request ("method", "url", "body",
    "header:<name>") when it is not about a body value; `span` overrides both with an exact
    source span. `covers` lists body pointers this problem explains, so the generic schema rule
    stays silent there.
    """

    message: str
    fix: str
    pointer: str | None = None
    anchor: str | None = None
    covers: tuple[str, ...] = ()
    span: Span | None = None


class Options(NamedTuple):
    """Run options checks may use: the token's scopes and grant as the user declares them, and
    the extra API hosts (gateways) the user declares."""

    scopes: tuple[str, ...] | None = None
    grant: str | None = None
    hosts: tuple[str, ...] = ()


T = TypeVar("T")


def is_token_request(request: Request) -> bool:
    """True for a request to the OAuth token endpoint, `/oauth/token` on a login host."""
    return request.target_known and request.path.rstrip("/").endswith("/oauth/token")


ATTRIBUTES_MODEL = "ParticipantAttributes"
GENERIC_ATTRIBUTES = "/api/v2/conversations/{conversationId}/participants/{participantId}/attributes"
PARTICIPANT_MODEL = "MediaParticipantRequest"


class Context:
    """Everything a check may ask about one request; expensive answers are computed once.

    `covered` collects the body pointers earlier rules explained (for the schema rule);
    `found` the rules that reported something so far (for the trace rules, which run last).
    """

    def __init__(self, request: Request, options: Options | None = None) -> None:
        self.request = request
        self.options = options or Options()
        self.covered: set[str] = set()
        self.found: list[Rule] = []
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per request and shared by the checks that need it."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    @cached_property
    def knowledge(self) -> Knowledge:
        """The hand-kept overlay facts."""
        return Knowledge.load()

    @cached_property
    def catalog(self) -> Catalog:
        """The operations catalog generated from the official SDK."""
        from attrlint.catalog import Catalog

        return Catalog.load()

    @cached_property
    def is_api_call(self) -> bool:
        """True when the request is meant for the Platform API (not a token or foreign call)."""
        request = self.request
        if not request.target_known or self.is_token_request:
            return False
        host = request.host
        if host is None or host in self.options.hosts or self.knowledge.genesys_domain_of(host) is not None:
            return True
        # Another host (a gateway, a look-alike, another vendor's API) or one filled in at send
        # time (`https://api.${SITE}/...`): an API call only when the path is the Platform API's.
        return self.catalog.serves(request.path)

    @cached_property
    def judged(self) -> bool:
        """True when the rules have anything to say: a Platform API call, a token request, or a
        bare body. A request known to go to another service (a script that also calls Datadog,
        a collection of another vendor's API) is none of attrlint's business."""
        return not self.request.target_known or self.is_api_call or self.is_token_request

    @cached_property
    def is_token_request(self) -> bool:
        """True for a request to `/oauth/token` (where scopes and grant types are asked for)."""
        return is_token_request(self.request)

    @cached_property
    def matches(self) -> list[PathMatch]:
        """Every catalog template the path fits, best first (empty when it is no API call)."""
        return self.catalog.match(self.request.path) if self.is_api_call else []

    @cached_property
    def path_match(self) -> PathMatch | None:
        """The best template for the path, whatever the method."""
        return self.matches[0] if self.matches else None

    @cached_property
    def method_known(self) -> bool:
        """True when the request names its method (not a value filled in at send time)."""
        return self.request.method is not None and not has_unknown(self.request.method)

    @cached_property
    def path_unknown(self) -> bool:
        """True when part of the path is filled in at send time."""
        return has_unknown(self.request.path)

    @cached_property
    def _bare_marks(self) -> frozenset[str]:
        return frozenset(u.mark for u in self.request.unknowns if u.bare)

    def any_type(self, value: object) -> bool:
        """True when `value` is filled in at send time and may be of any JSON type: a value
        written bare in a template body (`{"n": $N}`)."""
        return is_whole(value) and value in self._bare_marks

    @cached_property
    def operation(self) -> Operation | None:
        """The operation for method and path, if the catalog has one: that of the best-ranked
        template with the method (as `Catalog.operation` finds it, from the same walk)."""
        method = self.request.method
        if method is None or not self.method_known:
            return None
        method = method.upper()
        return next((match.operations[method] for match in self.matches if method in match.operations), None)

    @cached_property
    def intended_model(self) -> str | None:
        """The body model the sender most likely meant, even when method or path are wrong.

        The matched operation's model; else the model an operation on the same path takes
        (wrong method); else, for an unknown path with attributes in the body, the attributes
        model; a bare body is held to the attributes model.
        """
        from attrlint.checks.shapes import has_attribute_intent

        if not self.request.target_known:
            return ATTRIBUTES_MODEL
        if self.operation is not None:
            return self.operation.body_model
        if self.path_match is not None:
            models = [op.body_model for op in self.path_match.operations.values() if op.body_model]
            return models[0] if models else None
        return ATTRIBUTES_MODEL if has_attribute_intent(self.request.body) else None

    @cached_property
    def attribute_target(self) -> bool:
        """True when the body is meant for an attributes map (so shape and value rules apply)."""
        from attrlint.checks.shapes import ATTRIBUTE_LIKE_KEYS

        if self.intended_model == ATTRIBUTES_MODEL:
            return True
        body = self.body_object
        return (
            self.intended_model == PARTICIPANT_MODEL
            and body is not None
            and any(key in body for key in ATTRIBUTE_LIKE_KEYS)
        )

    @property
    def body_object(self) -> dict[str, Any] | None:
        """The parsed body when it is a JSON object, else None."""
        body = self.request.body
        return body if self.request.body_ok and isinstance(body, dict) else None


CheckFunction = Callable[[Context, "Rule"], Iterator[Problem]]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under the name rule files use."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = function
        return function

    return register


def load_all() -> dict[str, CheckFunction]:
    """Import every check module (registering its functions) and return the registry."""
    from attrlint.checks import headers, nesting, parse, path, schema, scope, trace, verb, wrapper

    del headers, nesting, parse, path, schema, scope, trace, verb, wrapper
    return CHECKS
