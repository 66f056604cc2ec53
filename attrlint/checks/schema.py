"""Schema checks: the body against the matched operation's JSON Schema, one rule per kind of
violation — wrong type, unknown property, missing required property, value outside an enum,
malformed date-time.

They run after every specific rule and stay silent at the pointers those explained. A fast
subset validator decides clean bodies; `jsonschema` is imported only to explain a failure.
The issues are computed once per request and shared by the rules.

Values filled in at send time are judged by what is known of them: a bare one (any JSON type)
not at all, one inside quotes only as a string (its type, not its content: no enum, format or
pattern); an object with a key filled in at send time is not said to miss a required field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from attrlint.catalog import camel_case
from attrlint.checks import Context, Problem, check
from attrlint.rules import Rule
from attrlint.sources.positions import escape_pointer_token
from attrlint.sources.positions import pointer as make_pointer
from attrlint.unknown import has_unknown
from attrlint.validate import bad_format, certainly_valid, failing_pointers, unknown_keys, walk

TYPE, UNKNOWN, REQUIRED, ENUM, FORMAT = "type", "unknown", "required", "enum", "format"


class Issue(NamedTuple):
    """One schema violation, sorted into the rule that reports it; `validator` is the JSON
    Schema keyword that failed."""

    kind: str
    pointer: str
    message: str
    fix: str
    validator: str = ""


def _covered(ptr: str, covered: set[str]) -> bool:
    return any(ptr == c or ptr.startswith(c + "/") or c == "" for c in covered)


def _issues(ctx: Context) -> list[Issue]:
    """The body's schema violations, computed once per request."""
    return ctx.memo("schema-issues", lambda: _known_issues(ctx, list(_find(ctx))))


def _known_issues(ctx: Context, issues: list[Issue]) -> list[Issue]:
    """The issues that hold whatever is filled in at send time."""
    if not ctx.request.unknowns or not issues:
        return issues
    any_type: list[str] = []  # pointers of values of any type
    strings: set[str] = set()  # pointers of strings whose content is unknown
    open_objects: set[str] = set()  # pointers of objects with a key filled in at send time
    stack: list[tuple[str, Any]] = [("", ctx.request.body)]
    while stack:
        ptr, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if has_unknown(key):
                    open_objects.add(ptr)
                stack.append((f"{ptr}/{escape_pointer_token(key)}", child))
        elif isinstance(value, list):
            stack.extend((f"{ptr}/{i}", child) for i, child in enumerate(value))
        elif ctx.any_type(value):
            any_type.append(ptr)
        elif has_unknown(value):
            strings.add(ptr)

    def holds(issue: Issue) -> bool:
        ptr = issue.pointer
        if any(ptr == p or ptr.startswith(p + "/") for p in any_type):
            return False
        if issue.kind == UNKNOWN:
            return not has_unknown(ptr.rpartition("/")[2])
        if issue.kind == REQUIRED:
            return ptr not in open_objects
        return ptr not in strings or (issue.kind == TYPE and issue.validator == "type")

    return [issue for issue in issues if holds(issue)]


def _model(ctx: Context) -> str | None:
    request = ctx.request
    model = ctx.operation.body_model if ctx.operation else (ctx.intended_model if not request.target_known else None)
    if model is None or not request.body_ok or request.body_format == "form":
        return None
    return model


def _find(ctx: Context) -> Iterator[Issue]:
    model = _model(ctx)
    schema = ctx.catalog.body_schema(model) if model else None
    if model is None or schema is None:
        return
    body = ctx.request.body
    if certainly_valid(schema, body):
        return
    where = f"{ctx.operation.method} {ctx.operation.path}" if ctx.operation else model
    failing = failing_pointers(schema, body)
    if failing is None or not all(_covered(ptr, ctx.covered) for ptr in failing):
        yield from _validation_issues(schema, body, model, where)
    for node in walk(schema, body):
        for key in unknown_keys(node):
            ptr = f"{node.pointer}/{escape_pointer_token(key)}"
            yield Issue(UNKNOWN, ptr, *_unknown_text(key, node.schema, node.parent, model, where))
        broken = bad_format(node)
        if broken:
            example = "2026-11-21T10:00:00.000Z" if broken == "date-time" else "2026-11-21"
            yield Issue(
                FORMAT,
                node.pointer,
                f"{node.pointer or 'the body'}: {node.value!r} is not a {broken} ({model}, {where})",
                f'Send an ISO-8601 {broken} such as "{example}" (UTC, with the Z).',
            )


def _validation_issues(schema: dict[str, Any], body: Any, model: str, where: str) -> Iterator[Issue]:
    """Type, required and enum violations as jsonschema reports them (best match in oneOf)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    errors = Draft202012Validator(schema).iter_errors(body)
    seen: set[tuple[str, str]] = set()
    for error in sorted(errors, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))):
        if error.context:
            error = best_match(error.context) or error
        ptr = make_pointer(*error.absolute_path)
        kind = {"required": REQUIRED, "enum": ENUM}.get(str(error.validator), TYPE)
        if (ptr, kind) in seen:
            continue
        seen.add((ptr, kind))
        place = ptr or "the body"
        if kind == REQUIRED:
            names = [
                n for n in error.validator_value if not isinstance(error.instance, dict) or n not in error.instance
            ]
            yield Issue(
                kind,
                ptr,
                f"{place}: missing required {', '.join(repr(n) for n in names)} ({model}, {where})",
                f"Add {', '.join(repr(n) for n in names)} to {place}.",
            )
        elif kind == ENUM:
            allowed = [str(v) for v in error.validator_value]
            near = [v for v in allowed if isinstance(error.instance, str) and v.lower() == error.instance.lower()]
            note = (
                f" (only the case differs from {near[0]!r}; the server's handling of case is undocumented)"
                if near
                else ""
            )
            yield Issue(
                kind,
                ptr,
                f"{place}: {error.instance!r} is not an allowed value ({model}, {where}){note}",
                f"Send one of: {', '.join(allowed[:20])}{' …' if len(allowed) > 20 else ''}.",
            )
        else:
            yield Issue(
                kind,
                ptr,
                f"{place}: {error.message} ({model}, {where})",
                f"Send {place} as {_expected(str(error.validator), error.validator_value)}, as the {model} schema requires.",
                str(error.validator),
            )


def _expected(validator: str, value: Any) -> str:
    if validator == "type":
        return f"a JSON {' or '.join(value) if isinstance(value, list) else value}"
    return f"the schema's '{validator}' demands"


def _unknown_text(
    key: str, schema: dict[str, Any], parent: dict[str, Any] | None, model: str, where: str
) -> tuple[str, str]:
    """Message and fix for an unknown property, with the nearest real name when there is one."""
    names = sorted(schema.get("properties", {}))
    guess = next((n for n in names if n.lower() == camel_case(key).lower()), None)
    if guess is None:
        import difflib

        close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
        guess = close[0] if close else None
    hint = f"; did you mean '{guess}'?" if guess else ""
    if guess is None and parent is not None and key in parent.get("properties", {}):
        hint = "; it is a field one level up"
    fix = (
        f"Rename it to '{guess}'."
        if guess
        else f"Remove it; {model}'s fields here are {', '.join(names[:12])}{' …' if len(names) > 12 else ''}."
    )
    message = f"'{key}' is not a field of {model} here{hint} ({where}; whether the server ignores or rejects unknown fields is undocumented)"
    return message, fix


def _report(ctx: Context, kind: str) -> Iterator[Problem]:
    for issue in _issues(ctx):
        if issue.kind == kind and not _covered(issue.pointer, ctx.covered):
            yield Problem(message=issue.message, fix=issue.fix, pointer=issue.pointer)


@check("schema_wrong_type")
def schema_wrong_type(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A body value of the wrong JSON type (or otherwise outside its schema)."""
    yield from _report(ctx, TYPE)


@check("schema_unknown_property")
def schema_unknown_property(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A property the body model does not define."""
    yield from _report(ctx, UNKNOWN)


@check("schema_missing_required")
def schema_missing_required(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A required property left out (not for PATCH: a partial update leaves fields out)."""
    if ctx.request.method != "PATCH":
        yield from _report(ctx, REQUIRED)


@check("schema_enum")
def schema_enum(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A value outside the property's allowed values."""
    yield from _report(ctx, ENUM)


@check("schema_date_time")
def schema_date_time(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A date-time or date that is not ISO 8601."""
    yield from _report(ctx, FORMAT)
