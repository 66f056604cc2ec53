"""Plan the calls of the JS SDK oracle: every method of the official npm SDK that takes a body.

The npm package `purecloud-platform-client-v2` has no model classes at run time: a JS caller
passes plain objects typed by the package's `index.d.ts`. So the bodies are built here from
that file's declarations — every property of the body's interface filled with a value of its
declared TypeScript type, nested interfaces to `MAX_DEPTH` — and the HTTP method and path of
each API method are read from the package's own source (`callApi('/api/v2/…', 'PATCH', …)`).

`index.d.ts` types enum and date-time properties as plain `string`; where the catalog's body
schema gives a value an `enum` or a `format` at the same place (found with attrlint's own
`validate.walk`), its first allowed value or a well-formed date is used instead (the JS SDK has nothing to say there; the Python oracle checks
those value lists against the Python SDK). Everything else — property names, types, nesting,
which arguments come before the body, whether the body is positional or `opts.body` — is the JS
SDK's own.

`plan(package_dir, catalog)` returns one `Call` per body-taking method and `variants(calls)` the
deliberately broken ones; tests/sdk_oracle/send.js makes them. Depth limit, filler string and
UUIDs are the Python oracle's (`record.py`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from attrlint.catalog import Catalog
from attrlint.sources.positions import escape_pointer_token, unescape_pointer_token
from attrlint.validate import walk
from sdk_oracle.record import NOT_SCALAR, STRING, TRUNCATED, TypeWalker, is_id_name, stable_uuid

DATETIME = "2026-11-21T10:00:00.000Z"
DATE = "2026-11-21"

_CLASS = re.compile(r"^declare class (\w+Api) \{\n(.*?)^\}", re.M | re.S)
_NAMESPACE = re.compile(r"^declare namespace (\w+Api) \{ *\n(.*?)^\}", re.M | re.S)
_METHOD = re.compile(r"^\s+(\w+)\((.*)\): Promise<.*>;$", re.M)
_INTERFACE = re.compile(r"^\texport interface (\w+) \{ *\n(.*?)^\t\}", re.M | re.S)
_PROPERTY = re.compile(r'^\t\t"([^"]+)"(\??): (.+);$', re.M)
# A method definition, then its callApi('path', 'VERB', …) before the next definition begins.
_CALL_API = re.compile(r"^\t(\w+)\([^)]*\) \{(?:(?!\n\t\w+\().)*?callApi\(\s*'([^']+)',\s*'(\w+)'", re.M | re.S)


class Param(NamedTuple):
    """One parameter of an API method as index.d.ts declares it."""

    name: str
    type: str
    optional: bool


class Call(NamedTuple):
    """One planned SDK call: `arguments` in order, the body at its place (or in `opts.body`)."""

    api_class: str
    name: str
    verb: str
    path: str
    deprecated: bool
    body_type: str
    arguments: list[Any]
    truncated: list[str]
    variant: str | None = None

    def record(self) -> dict[str, Any]:
        """The fields tests/sdk_oracle/report.py reads from a record."""
        return {
            "api_class": self.api_class,
            "name": self.name,
            "verb": self.verb,
            "path": self.path,
            "deprecated": self.deprecated,
            "body_type": self.body_type,
            "truncated": self.truncated,
            "variant": self.variant,
        }


def split_top_level(text: str) -> list[str]:
    """`text` split at commas outside <>, {} and () (TypeScript types nest all three)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "<{(":
            depth += 1
        elif char in ">})":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    tail = text[start:].strip()
    return parts + [tail] if tail else parts


def parse_params(text: str) -> list[Param]:
    """The parameters of a method signature `name?: type, ...`."""
    params = []
    for part in split_top_level(text):
        name, _, kind = part.partition(":")
        params.append(Param(name.rstrip("?").strip(), kind.strip(), name.strip().endswith("?")))
    return params


class Declarations(NamedTuple):
    """What index.d.ts declares: API methods, their options interfaces, and the models."""

    methods: dict[str, list[tuple[str, list[Param]]]]  # API class -> [(method, params)]
    options: dict[str, dict[str, dict[str, str]]]  # API class -> options interface -> {property: type}
    models: dict[str, list[Param]]  # interface -> properties

    @classmethod
    def parse(cls, text: str) -> Declarations:
        methods = {
            found.group(1): [(m.group(1), parse_params(m.group(2))) for m in _METHOD.finditer(found.group(2))]
            for found in _CLASS.finditer(text)
        }
        options = {
            found.group(1): {
                i.group(1): {p.group(1): p.group(3) for p in _PROPERTY.finditer(i.group(2))}
                for i in _INTERFACE.finditer(found.group(2))
            }
            for found in _NAMESPACE.finditer(text)
        }
        models_block = text[text.index("declare namespace Models {") :]
        models = {
            found.group(1): [Param(p.group(1), p.group(3), bool(p.group(2))) for p in _PROPERTY.finditer(found.group(2))]
            for found in _INTERFACE.finditer(models_block)
        }
        return cls(methods, options, models)


class Endpoint(NamedTuple):
    """Where a JS SDK method sends its request, and whether its doc comment says @deprecated."""

    verb: str
    path: str
    deprecated: bool


def endpoints(api_source: Path) -> dict[str, Endpoint]:
    """Method name -> its `Endpoint`, read from one `api/<Class>.js` file."""
    text = api_source.read_text(encoding="utf-8")
    found = {}
    for m in _CALL_API.finditer(text):
        doc = text[text.rfind("/**", 0, m.start()) : m.start()]
        found[m.group(1)] = Endpoint(m.group(3), m.group(2), "@deprecated" in doc)
    return found


# ------------------------------------------------------------------------------ values


class BodyBuilder(TypeWalker):
    """Plain JS values for index.d.ts types."""

    LIST = re.compile(r"Array<(.*)>")
    MAPS = (re.compile(r"\{ \[key: string\]: (.*); \}"), re.compile(r"Record<string, (.*)>"))

    def __init__(self, models: dict[str, list[Param]]) -> None:
        self.models = models

    def scalar(self, kind: str, name: str) -> Any:
        """A value of TypeScript scalar type `kind` for the property `name`."""
        if kind == "string":
            return stable_uuid(name) if is_id_name(name) else STRING
        if kind == "number":
            return 1
        if kind == "boolean":
            return True
        if kind in ("object", "any"):
            return {"k": "v"}
        return NOT_SCALAR

    def model_type(self, kind: str) -> str:
        """The interface name of TypeScript type `kind`."""
        model = kind.removeprefix("Models.")
        if model not in self.models:
            raise LookupError(f"unknown TypeScript type {kind!r}")
        return model

    def model(self, model: str, depth: int, pointer: str, truncated: list[str]) -> dict[str, Any]:
        """An object with every property of interface `model`."""
        body = {}
        for prop in self.models[model]:
            here = f"{pointer}/{escape_pointer_token(prop.name)}"
            value = self.value(prop.type, prop.name, depth + 1, here, truncated)
            if value is TRUNCATED:
                truncated.append(here)
            else:
                body[prop.name] = value
        return body


def with_schema_values(body: Any, schema: dict[str, Any] | None) -> Any:
    """`body` with each string or number the catalog's schema gives an `enum` or a date format
    replaced by its first allowed value or a well-formed date (index.d.ts has neither)."""
    if schema is None:
        return body
    for node in list(walk(schema, body)):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        wanted = str if isinstance(value, str) else (int, float)
        allowed = [v for v in node.schema.get("enum", ()) if isinstance(v, wanted) and not isinstance(v, bool)]
        given = allowed[0] if allowed else None
        if given is None and isinstance(value, str):
            given = {"date-time": DATETIME, "date": DATE}.get(node.schema.get("format", ""))
        if given is not None:
            body = _replaced(body, node.pointer, given)
    return body


def _replaced(body: Any, pointer: str, value: Any) -> Any:
    """`body` with the value at JSON pointer `pointer` set to `value` (in place below the root)."""
    if not pointer:
        return value
    *path, last = [unescape_pointer_token(token) for token in pointer.split("/")[1:]]
    container = body
    for token in path:
        container = container[int(token)] if isinstance(container, list) else container[token]
    container[int(last) if isinstance(container, list) else last] = value
    return body


def argument(param: Param) -> Any:
    """A value for a required parameter before the body (path parameters, required queries)."""
    if param.type == "number":
        return 1
    if param.type == "boolean":
        return True
    if param.type == "Array<string>":
        return [stable_uuid(param.name)]
    return stable_uuid(param.name)


# ------------------------------------------------------------------------------ the plan


def plan(package_dir: Path, catalog: Catalog) -> tuple[list[Call], list[dict[str, Any]]]:
    """Every body-taking method of the npm SDK at `package_dir` as a call to make, and the
    methods that could not be planned (with why)."""
    declarations = Declarations.parse((package_dir / "index.d.ts").read_text(encoding="utf-8"))
    builder = BodyBuilder(declarations.models)
    calls: list[Call] = []
    errors: list[dict[str, Any]] = []
    for api_class, methods in sorted(declarations.methods.items()):
        source = package_dir / "src" / "purecloud-platform-client-v2" / "api" / f"{api_class}.js"
        where_sent = endpoints(source)
        for name, params in methods:
            body_type = _body_type(api_class, params, declarations)
            if body_type is None:
                continue
            try:
                endpoint = where_sent[name]
                truncated: list[str] = []
                body = builder.value(body_type, "body", 0, "", truncated)
                body = with_schema_values(body, _body_schema(catalog, endpoint.verb, endpoint.path))
            except (KeyError, LookupError) as exc:
                errors.append({"api_class": api_class, "name": name, "stage": "plan", "error": repr(exc)})
                continue
            arguments = _arguments(params, body)
            calls.append(
                Call(api_class, name, endpoint.verb, endpoint.path, endpoint.deprecated, body_type, arguments, truncated)
            )
    return calls, errors


def _body_type(api_class: str, params: list[Param], declarations: Declarations) -> str | None:
    """The declared type of the method's body (positional or in its options), or None."""
    for param in params:
        if param.name == "body":
            return param.type
        if param.name == "opts":
            options = declarations.options.get(api_class, {}).get(param.type.rpartition(".")[2], {})
            return options.get("body")
    return None


def _arguments(params: list[Param], body: Any) -> list[Any]:
    """The positional arguments of one call: required parameters, the body, `opts`."""
    arguments: list[Any] = []
    for param in params:
        if param.name == "body":
            arguments.append(body)
        elif param.name == "opts":
            if not any(p.name == "body" for p in params):
                arguments.append({"body": body})
            break
        elif param.optional:
            break
        else:
            arguments.append(argument(param))
    return arguments


def _body_schema(catalog: Catalog, verb: str, path: str) -> dict[str, Any] | None:
    """The catalog's body schema for the operation the JS SDK sends `verb path` to."""
    for match in catalog.match(path):
        operation = match.operations.get(verb)
        if operation is not None and operation.body_model:
            return catalog.body_schema(operation.body_model)
    return None


# ------------------------------------------------------------------------------ variants

NST_VARIANT = "ParticipantAttributes with a number in the map"
HELD_VARIANT = "MediaParticipantRequest with held='yes'"


def variants(calls: list[Call]) -> list[Call]:
    """Two deliberately broken calls made through the same SDK methods: a number in the
    attributes map, and held="yes" on a participant update (the JS SDK checks neither)."""
    by_name = {(c.api_class, c.name): c for c in calls}
    attributes = by_name[("ConversationsApi", "patchConversationsCallParticipantAttributes")]
    participant = by_name[("ConversationsApi", "patchConversationsCallParticipant")]
    broken_map = {"attributes": {"crm": "gold", "visits": 42}}
    broken_held = {**participant.arguments[-1], "held": "yes"}
    return [
        attributes._replace(arguments=[*attributes.arguments[:-1], broken_map], truncated=[], variant=NST_VARIANT),
        participant._replace(arguments=[*participant.arguments[:-1], broken_held], variant=HELD_VARIANT),
    ]
