"""A small, fast validity test for the JSON Schema subset the catalog generator writes.

`jsonschema` stays the reference validator and the source of readable errors, but importing it
costs more than a whole clean run should. A clean body is the common case, so it is tested here
first; only a body that fails is handed to `jsonschema` for the explanation. Tests check that
both agree. Supported keywords: type, properties, additionalProperties, items, enum, required,
$ref (to `#/$defs/...`), allOf/anyOf/oneOf; any other keyword makes `failing_pointers` defer (None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.sources.positions import escape_pointer_token, unescape_pointer_token

_SUPPORTED = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "items",
        "enum",
        "required",
        "$ref",
        "$defs",
        "allOf",
        "anyOf",
        "oneOf",
        "description",
        "title",
        "$schema",
        "$id",
        "format",
        "$comment",
    }
)
_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


class Unsupported(Exception):
    """The schema uses a keyword this validator does not implement."""


def failing_pointers(schema: dict[str, Any], instance: Any) -> list[str] | None:
    """JSON pointers of the instance locations that fail, as jsonschema's errors would place
    them (None when the schema uses a keyword outside the subset)."""
    try:
        return list(dict.fromkeys(_errors(schema, instance, "", schema)))
    except Unsupported:
        return None


def _errors(schema: Any, instance: Any, where: str, root: dict[str, Any]) -> Iterator[str]:
    if schema is True or schema == {}:
        return
    if schema is False:
        yield where
        return
    unknown = schema.keys() - _SUPPORTED
    if unknown:
        raise Unsupported(sorted(unknown)[0])
    if "$ref" in schema:
        yield from _errors(_resolve(schema["$ref"], root), instance, where, root)
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES[k](instance) for k in kinds):
            yield where
    if "enum" in schema and not any(_same(instance, option) for option in schema["enum"]):
        yield where
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        if any(name not in instance for name in schema.get("required", ())):
            yield where
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            token = escape_pointer_token(str(key))
            yield from _errors(properties.get(key, extra), value, f"{where}/{token}", root)
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            yield from _errors(schema["items"], item, f"{where}/{index}", root)
    if "allOf" in schema:
        for sub in schema["allOf"]:
            yield from _errors(sub, instance, where, root)
    if "anyOf" in schema and not any(_passes(s, instance, root) for s in schema["anyOf"]):
        yield where
    if "oneOf" in schema and sum(_passes(s, instance, root) for s in schema["oneOf"]) != 1:
        yield where


def _passes(schema: Any, instance: Any, root: dict[str, Any]) -> bool:
    return next(_errors(schema, instance, "", root), None) is None


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 and True differ, 1 and 1.0 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        raise Unsupported(ref)
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[unescape_pointer_token(part)]
    return node


Check = Callable[[Any], bool]
_COMPILED: dict[int, tuple[dict[str, Any], Check | None]] = {}


def compiled(schema: dict[str, Any]) -> Check | None:
    """A fast yes/no validator for `schema`, built once per schema object (None when the schema
    uses a keyword outside the subset). Each keyword becomes a small closure, so a clean body is
    decided without walking the schema dict again."""
    key = id(schema)
    found = _COMPILED.get(key)
    if found is None or found[0] is not schema:
        try:
            check: Check | None = _compile(schema, schema, {})
        except Unsupported:
            check = None
        found = _COMPILED[key] = (schema, check)
    return found[1]


def _compile(schema: Any, root: dict[str, Any], refs: dict[str, Check]) -> Check:
    if schema is True or schema == {}:
        return _always
    if schema is False:
        return _never
    unknown = schema.keys() - _SUPPORTED
    if unknown:
        raise Unsupported(sorted(unknown)[0])
    parts: list[Check] = []
    if "$ref" in schema:
        parts.append(_compile_ref(schema["$ref"], root, refs))
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPES[k] for k in kinds]
        parts.append(tests[0] if len(tests) == 1 else lambda v: any(t(v) for t in tests))
    if "enum" in schema:
        options = schema["enum"]
        parts.append(lambda v: any(_same(v, option) for option in options))
    if {"properties", "additionalProperties", "required"} & schema.keys():
        parts.append(_compile_object(schema, root, refs))
    if "items" in schema:
        item = _compile(schema["items"], root, refs)
        parts.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
    if "allOf" in schema:
        every = [_compile(s, root, refs) for s in schema["allOf"]]
        parts.append(lambda v: all(s(v) for s in every))
    if "anyOf" in schema:
        some = [_compile(s, root, refs) for s in schema["anyOf"]]
        parts.append(lambda v: any(s(v) for s in some))
    if "oneOf" in schema:
        ones = [_compile(s, root, refs) for s in schema["oneOf"]]
        parts.append(lambda v: sum(s(v) for s in ones) == 1)
    if not parts:
        return _always
    if len(parts) == 1:
        return parts[0]
    return lambda v: all(p(v) for p in parts)


def _compile_object(schema: dict[str, Any], root: dict[str, Any], refs: dict[str, Check]) -> Check:
    properties = {name: _compile(sub, root, refs) for name, sub in schema.get("properties", {}).items()}
    extra = _compile(schema.get("additionalProperties", True), root, refs)
    required = tuple(schema.get("required", ()))

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        if any(name not in value for name in required):
            return False
        for key, item in value.items():
            if not properties.get(key, extra)(item):
                return False
        return True

    return check


def _compile_ref(ref: str, root: dict[str, Any], refs: dict[str, Check]) -> Check:
    """A reference; registered before its target is compiled, so models that refer to
    themselves compile (and an unsupported keyword anywhere is found now, not mid-check)."""
    if ref in refs:
        return refs[ref]
    slot: list[Check] = []

    def check(value: Any) -> bool:
        return slot[0](value)

    refs[ref] = check
    slot.append(_compile(_resolve(ref, root), root, refs))
    return check


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


_DATE_TIME = lazy_re(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")
_DATE = lazy_re(r"\d{4}-\d{2}-\d{2}")
FORMATS = {"date-time": _DATE_TIME, "date": _DATE}


class Node(NamedTuple):
    """A place in a body with the schema that applies there (references resolved)."""

    pointer: str
    schema: dict[str, Any]
    value: Any
    parent: dict[str, Any] | None


def walk(schema: dict[str, Any], instance: Any) -> Iterator[Node]:
    """Every value of `instance` with its (sub)schema, following properties, maps, items and
    references; anyOf/oneOf branches are not entered (no single schema applies there)."""
    stack: list[tuple[str, Any, Any, dict[str, Any] | None, int]] = [("", schema, instance, None, 0)]
    while stack:
        ptr, sub, value, parent, depth = stack.pop()
        seen = 0
        while isinstance(sub, dict) and "$ref" in sub and seen < 20:
            try:
                sub = _resolve(sub["$ref"], schema)
            except (Unsupported, KeyError, TypeError):
                sub = None
            seen += 1
        if not isinstance(sub, dict) or depth > 64:
            continue
        yield Node(ptr, sub, value, parent)
        if isinstance(value, dict):
            properties = sub.get("properties", {})
            extra = sub.get("additionalProperties", True)
            for key, item in value.items():
                child = properties.get(key, extra if isinstance(extra, dict) else None)
                if child is not None:
                    stack.append((f"{ptr}/{escape_pointer_token(str(key))}", child, item, sub, depth + 1))
        elif isinstance(value, list) and isinstance(sub.get("items"), dict):
            stack.extend((f"{ptr}/{i}", sub["items"], item, sub, depth + 1) for i, item in enumerate(value))
        for part in sub.get("allOf", ()):
            stack.append((ptr, part, value, parent, depth + 1))


def unknown_keys(node: Node) -> list[str]:
    """Keys of an object value that its schema's `properties` do not name (only for schemas that
    list properties and no schema for extra keys)."""
    properties = node.schema.get("properties")
    if not isinstance(node.value, dict) or not properties or isinstance(node.schema.get("additionalProperties"), dict):
        return []
    return [key for key in node.value if key not in properties]


def bad_format(node: Node) -> str | None:
    """The format a string value breaks (`date-time`, `date`), if any."""
    pattern = FORMATS.get(node.schema.get("format", ""))
    if pattern is None or not isinstance(node.value, str) or pattern.fullmatch(node.value):
        return None
    return str(node.schema["format"])


def certainly_valid(schema: dict[str, Any], instance: Any) -> bool:
    """True when the subset validator passes, no key is unknown and every format holds."""
    check = compiled(schema)
    if check is None or not check(instance):
        return False
    return not any(unknown_keys(node) or bad_format(node) for node in walk(schema, instance))
