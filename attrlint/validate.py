"""A small, fast validity test for the JSON Schema subset the catalog generator writes.

`jsonschema` stays the reference validator and the source of readable errors, but importing it
costs more than a whole clean run should. A clean body is the common case, so it is tested here
first; only a body that fails is handed to `jsonschema` for the explanation. Tests check that
both agree. Supported keywords: type, properties, additionalProperties, items, enum, required,
$ref (to `#/$defs/...`), allOf/anyOf/oneOf; any other keyword makes `failing_pointers` defer (None).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
            token = str(key).replace("~", "~0").replace("/", "~1")
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
    if not ref.startswith("#/"):
        raise Unsupported(ref)
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
