"""The generic schema check: the body against the matched operation's JSON Schema.

Runs after every specific rule and stays silent at pointers they already explained. A fast
subset validator decides clean bodies; `jsonschema` is imported only to explain a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrlint.checks import Context, Problem, check
from attrlint.rules import Rule
from attrlint.sources.positions import pointer as make_pointer
from attrlint.validate import compiled, failing_pointers


def _covered(ptr: str, covered: set[str]) -> bool:
    return any(ptr == c or ptr.startswith(c + "/") or c == "" for c in covered)


@check("schema_violation")
def schema_violation(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Body values that break the operation's body schema (type, enum, shape)."""
    request = ctx.request
    model = ctx.operation.body_model if ctx.operation else (ctx.intended_model if not request.target_known else None)
    if model is None or not request.body_ok or request.body_format == "form":
        return
    schema = ctx.catalog.body_schema(model)
    if schema is None:
        return
    check = compiled(schema)
    if check is not None and check(request.body):
        return
    failing = failing_pointers(schema, request.body)
    if failing is not None and all(_covered(ptr, ctx.covered) for ptr in failing):
        return  # clean, or every failure already explained: no need to load jsonschema
    for ptr, message, expected in _errors(schema, request.body):
        if _covered(ptr, ctx.covered):
            continue
        where = ptr or "the body"
        yield Problem(
            message=f"{where}: {message} ({model})",
            fix=f"Send {where} as {expected}, as the {model} schema requires.",
            pointer=ptr,
        )


def _expected(validator: str, value: Any) -> str:
    if validator == "type":
        return f"a JSON {' or '.join(value) if isinstance(value, list) else value}"
    if validator == "enum":
        return "one of " + ", ".join(map(repr, value))
    if validator == "required":
        return "an object with " + ", ".join(map(repr, value))
    return f"the schema's '{validator}' demands"


def _errors(schema: dict[str, Any], body: Any) -> Iterator[tuple[str, str, str]]:
    """(pointer, message, expected) for each leaf error jsonschema reports, shallowest first."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(body), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    seen: set[str] = set()
    for error in errors:
        if error.context:
            error = best_match(error.context) or error
        ptr = make_pointer(*error.absolute_path)
        if ptr in seen:
            continue
        seen.add(ptr)
        yield ptr, error.message, _expected(str(error.validator), error.validator_value)
