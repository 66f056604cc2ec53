"""Value checks for attribute maps: every value must be a JSON string.

The contract is `map<string,string>` (SDK `dict(str, str)`, TypeScript `{[key: string]: string}`).
How the server treats other types is undocumented, so messages say so; the fix shows the
flattened string map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from attrlint.checks import Context, Problem, check
from attrlint.checks.shapes import attribute_maps, flatten_value, merged_attributes, string_map
from attrlint.fixes import body_json
from attrlint.rules import Rule
from attrlint.sources.positions import escape_pointer_token

_MAX_FIX_BODY = 400


def _entries(ctx: Context, wanted: Callable[[Any], bool]) -> Iterator[tuple[str, str, Any]]:
    """(pointer, key, value) of attribute entries whose value `wanted` accepts."""
    if not ctx.attribute_target or ctx.body_object is None:
        return
    for map_pointer, mapping in attribute_maps(ctx.body_object):
        if isinstance(mapping, dict):
            for key, value in mapping.items():
                if wanted(value):
                    yield f"{map_pointer}/{escape_pointer_token(str(key))}", str(key), value


def _whole_body(ctx: Context) -> str:
    """The corrected body, once per request (a body can have thousands of bad values)."""
    return ctx.memo("whole-body", lambda: _corrected_text(ctx))


def _corrected_text(ctx: Context) -> str:
    text = body_json({"attributes": string_map(merged_attributes(ctx.body_object))})
    return f"; whole corrected body: {text}" if len(text) <= _MAX_FIX_BODY else ""


def _entry_text(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(body_json(k) + ": " + body_json(v) for k, v in pairs) or "(no entries)"


@check("nested_value")
def nested_value(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An attribute value that is an object or an array."""
    for ptr, key, value in _entries(ctx, lambda v: isinstance(v, (dict, list))):
        kind = "an object" if isinstance(value, dict) else "an array"
        yield Problem(
            message=f"attribute '{key}' is {kind}; attribute values must be strings (server handling of other types is undocumented)",
            fix=f"Flatten it: send {_entry_text(list(flatten_value(key, value)))}{_whole_body(ctx)}",
            pointer=ptr,
        )


@check("scalar_value")
def scalar_value(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An attribute value that is a number or a boolean."""
    for ptr, key, value in _entries(ctx, lambda v: isinstance(v, (bool, int, float))):
        kind = "a boolean" if isinstance(value, bool) else "a number"
        yield Problem(
            message=f"attribute '{key}' is {kind} ({body_json(value)}); attribute values must be strings (server handling of other types is undocumented)",
            fix=f"Quote it: send {_entry_text(list(flatten_value(key, value)))}{_whole_body(ctx)}",
            pointer=ptr,
        )


@check("null_value")
def null_value(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A null attribute value, or a null attributes map."""
    body = ctx.body_object
    if ctx.attribute_target and body is not None and "attributes" in body and body["attributes"] is None:
        yield Problem(
            message="'attributes' is null; the 2018 spec declares 400 conversation.error.participant.attribute.null ('Cannot update participant attribute map to a null value')",
            fix='Send an object of string values, e.g. {"attributes": {"key": "value"}}',
            pointer="/attributes",
        )
    for ptr, key, _ in _entries(ctx, lambda v: v is None):
        yield Problem(
            message=f"attribute '{key}' is null; values must be strings (how to delete a key is undocumented)",
            fix=f"Leave '{key}' out, or send a string such as \"\" (whether an empty string clears it is undocumented)",
            pointer=ptr,
        )
