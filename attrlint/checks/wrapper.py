"""Wrapper-shape checks for participant attribute bodies.

The only valid shape is `{"attributes": {"key": "string", ...}}`: IDs travel in the path, and
there is no `participants` array, `participantData` or `customAttributes` envelope.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from attrlint.catalog import camel_case
from attrlint.checks import ATTRIBUTES_MODEL, GENERIC_ATTRIBUTES, PARTICIPANT_MODEL, Context, Problem, check
from attrlint.checks.shapes import ATTRIBUTES, ID_KEYS, WRAPPER_KEYS, merged_attributes, string_map
from attrlint.fixes import body_json, fill_template, request_line
from attrlint.knowledge import is_uuid
from attrlint.rules import Rule
from attrlint.sources.positions import pointer

_SCALAR_MODELS = frozenset({"str", "int", "float", "bool", "object", "datetime", "date"})
# (body key, path slot) of IDs people put in attribute bodies
_ID_SLOTS = (
    ("participantId", "participantId"),
    ("participant_id", "participantId"),
    ("conversationId", "conversationId"),
    ("conversation_id", "conversationId"),
)


def _attributes_body(ctx: Context) -> dict[str, Any] | None:
    """The body when it is an object headed for the attributes endpoint, else None."""
    if ctx.intended_model != ATTRIBUTES_MODEL:
        return None
    return ctx.body_object


def _corrected(body: dict[str, Any]) -> str:
    return body_json({ATTRIBUTES: string_map(merged_attributes(body))})


def _participant_fields(ctx: Context) -> frozenset[str]:
    schema = ctx.catalog.body_schema(PARTICIPANT_MODEL) or {}
    return frozenset(schema.get("properties", {}))


@check("participants_array")
def participants_array(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """`{"participants": [...]}` sent where one participant's attribute map is expected."""
    body = _attributes_body(ctx)
    if body is None or "participants" not in body:
        return
    items = [i for i in body["participants"] if isinstance(i, dict)] if isinstance(body["participants"], list) else []
    requests = []
    for item in items or [body]:
        found = item.get("participantId") or item.get("id")
        # Only a real ID goes into the path; "your-participant-id-here" stays a placeholder.
        path = (
            _template_path(ctx, participantId=found)
            if isinstance(found, str) and is_uuid(found)
            else _template_path(ctx)
        )
        attributes = string_map(item.get(ATTRIBUTES) or {}) if item is not body else string_map(merged_attributes(body))
        requests.append(f"{request_line(ctx.request, 'PATCH', path)} with body {body_json({ATTRIBUTES: attributes})}")
    fix = "Send " + requests[0] if len(requests) == 1 else f"Send one request per participant: {'; '.join(requests)}"
    yield Problem(
        message=(
            "the attributes are wrapped in a 'participants' array (the Conversation model's shape); "
            "this endpoint takes one participant's map, identified by the path"
        ),
        fix=fix,
        pointer=pointer("participants"),
        covers=(pointer("participants"),),
    )


def _template_path(ctx: Context, **ids: str) -> str:
    """The attributes path to show, with the IDs given (`participantId=...`) or else the
    user's own where they gave them."""
    if ctx.operation is not None and ctx.operation.body_model == ATTRIBUTES_MODEL:
        params = {**(dict(ctx.path_match.params) if ctx.path_match else {}), **ids}
        return fill_template(ctx.operation.path, ctx.request.path, params)
    return fill_template(GENERIC_ATTRIBUTES, ctx.request.path if ctx.request.target_known else "", ids)


@check("participant_data_wrapper")
def participant_data_wrapper(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """`participantData` or `customAttributes` used as the envelope instead of `attributes`."""
    body = _attributes_body(ctx)
    if body is None:
        return
    for key in [k for k in body if _envelope(k)]:
        value = body.get(key)
        inner: dict[str, Any] = value if isinstance(value, dict) else {}
        extra = (
            " ('customAttributes' belongs to the conversation-level Custom Attributes API, "
            "/api/v2/conversations/{conversationId}/customattributes)"
            if _spelled(key) == "customattributes" or any(_spelled(k) == "customattributes" for k in inner)
            else " ('participant data' is the product's name for these attributes, not a JSON key)"
        )
        yield Problem(
            message=f"'{key}' is not a field of ParticipantAttributes; the map must be under 'attributes'{extra}",
            fix=f"Send {_corrected(body)}",
            pointer=pointer(key),
            covers=(pointer(key),),
        )


def _spelled(key: str) -> str:
    """A key with case and snake_case folded away: `participant_data` ~ `participantData`."""
    return camel_case(key).lower()


def _envelope(key: str) -> bool:
    """A wrong envelope WRP002 reports: participantData in any spelling, or customAttributes."""
    return _spelled(key) == "participantdata" or key == "customAttributes"


def _spelling(key: str, known: set[str], model: str) -> str | None:
    """The field a misspelt key stands for (snake_case or wrong case), if any."""
    if key in known:
        return None
    if key == "custom_attributes" and model == ATTRIBUTES_MODEL:
        return ATTRIBUTES
    return next((field for field in known if _spelled(field) == _spelled(key)), None)


def _claimed(ctx: Context, body: dict[str, Any]) -> set[str]:
    """Top-level keys a more specific wrapper rule reports (so WRP004/WRP008 leave them)."""
    known = set((ctx.catalog.body_schema(ctx.intended_model or "") or {}).get("properties", {}))
    return {
        key
        for key in body
        if key in WRAPPER_KEYS
        or key in ID_KEYS
        or _envelope(key)
        or _spelling(key, known, ctx.intended_model or "") is not None
    } | (set(body) & _participant_fields(ctx))


@check("snake_case_key")
def snake_case_key(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A snake_case key where the JSON field is camelCase (or `custom_attributes`)."""
    body = ctx.body_object
    model = ctx.intended_model
    if body is None or model is None:
        return
    schema = ctx.catalog.body_schema(model) or {}
    known = set(schema.get("properties", {}))
    for key in body:
        right = _spelling(key, known, model)
        if right is None:
            continue
        fixed = {right if k == key else k: v for k, v in body.items()}
        if model == ATTRIBUTES_MODEL:
            source = body[key] if isinstance(body[key], dict) else {}
            fixed = {ATTRIBUTES: string_map({**merged_attributes(body), **source})}
        style = (
            "JSON names are camelCase; snake_case is the Python SDK's attribute style"
            if "_" in key
            else "JSON names are case-sensitive"
        )
        yield Problem(
            message=f"'{key}' is not a JSON field of {model}; the field is '{right}' ({style})",
            fix=f"Send {body_json(fixed)}",
            pointer=pointer(key),
            covers=(pointer(key),),
        )


@check("attribute_outside_envelope")
def attribute_outside_envelope(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """A bare map: top-level keys and no `attributes` envelope at all."""
    body = _attributes_body(ctx)
    if not body or ATTRIBUTES in body:
        return
    stray = [key for key in body if key not in _claimed(ctx, body)]
    if not stray:
        return
    fixed = {ATTRIBUTES: string_map({k: body[k] for k in stray})}
    yield Problem(
        message=f"top-level key(s) {_names(stray)} with no 'attributes' map: the body is a bare map of attributes",
        fix=f"Put them in the map: send {body_json(fixed)}",
        pointer=pointer(stray[0]),
        covers=(*(pointer(k) for k in stray), ""),
    )


@check("field_beside_attributes")
def field_beside_attributes(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Unknown top-level keys beside a valid `attributes` map."""
    body = _attributes_body(ctx)
    if not body or not isinstance(body.get(ATTRIBUTES), dict):
        return
    stray = [key for key in body if key != ATTRIBUTES and key not in _claimed(ctx, body)]
    if not stray:
        return
    inside = {ATTRIBUTES: string_map({**body[ATTRIBUTES], **{k: body[k] for k in stray}})}
    yield Problem(
        message=f"{_names(stray)} beside the 'attributes' map: ParticipantAttributes has no such field, so it is not stored as an attribute",
        fix=f"If it is an attribute, send {body_json(inside)}; otherwise remove it",
        pointer=pointer(stray[0]),
        covers=tuple(pointer(k) for k in stray),
    )


def _names(keys: list[str]) -> str:
    return ", ".join(f"'{k}'" for k in keys[:5]) + (" …" if len(keys) > 5 else "")


@check("ids_in_body")
def ids_in_body(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Participant or conversation IDs put in the body; they belong in the path."""
    body = _attributes_body(ctx)
    if body is None:
        return
    keys = [key for key in ID_KEYS if key in body]
    if not keys:
        return
    given = {slot: body[key] for key, slot in _ID_SLOTS if isinstance(body.get(key), str) and is_uuid(body[key])}
    path = _template_path(ctx, **given)
    rest = {k: v for k, v in body.items() if k not in keys}
    yield Problem(
        message=f"{', '.join(repr(k) for k in keys)} in the body: the conversation and participant are identified only by the path",
        fix=f"Send {request_line(ctx.request, 'PATCH', path)} with body {body_json(rest or {ATTRIBUTES: {}})}",
        pointer=pointer(keys[0]),
        covers=tuple(pointer(k) for k in keys),
    )


@check("wrong_body_model")
def wrong_body_model(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """MediaParticipantRequest fields (state, held, wrapup...) sent to the attributes endpoint."""
    body = _attributes_body(ctx)
    if body is None:
        return
    fields = [key for key in body if key in _participant_fields(ctx)]
    if not fields:
        return
    participant_path = _template_path(ctx).removesuffix("/attributes")
    moved = {k: body[k] for k in fields}
    yield Problem(
        message=(
            f"{', '.join(repr(k) for k in fields)} belong to {PARTICIPANT_MODEL} "
            f"(PATCH .../participants/{{participantId}}), not to the attributes endpoint"
        ),
        fix=f"Send them in a separate {request_line(ctx.request, 'PATCH', participant_path)} with body {body_json(moved)}; keep only 'attributes' here",
        pointer=pointer(fields[0]),
        covers=tuple(pointer(k) for k in fields),
    )


@check("body_not_object")
def body_not_object(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """The body, or its attributes map, is an array or a scalar where an object is expected."""
    request = ctx.request
    if not request.body_ok or request.body_format == "form" or ctx.intended_model is None:
        return
    model = ctx.intended_model
    schema = ctx.catalog.body_schema(model)
    if (
        model.startswith(("list[", "dict("))
        or model in _SCALAR_MODELS
        or (schema or {}).get("type", "object") != "object"
    ):
        return  # list[X], str and other non-object bodies: the schema rules judge them
    body = request.body
    if ctx.any_type(body):
        return  # the whole body is filled in at send time
    if not isinstance(body, dict):
        pairs = _pairs(body)
        fix = f"Send {body_json({ATTRIBUTES: pairs})}" if pairs else f"Send one JSON object ({ctx.intended_model})"
        yield Problem(
            message=f"the body is a JSON {_kind(body)}; {ctx.intended_model} is a JSON object",
            fix=fix,
            anchor="body",
            covers=("",),
        )
        return
    value = body.get(ATTRIBUTES)
    if (
        ctx.attribute_target
        and ATTRIBUTES in body
        and value is not None
        and not isinstance(value, dict)
        and not ctx.any_type(value)
    ):
        pairs = _pairs(value) or _encoded_map(value)
        yield Problem(
            message=f"'attributes' is a JSON {_kind(value)}; it must be an object of string values",
            fix=f"Send {body_json({ATTRIBUTES: pairs or {'key': 'value'}})}",
            pointer=pointer(ATTRIBUTES),
            covers=(pointer(ATTRIBUTES),),
        )


def _encoded_map(value: Any) -> dict[str, str]:
    """A map sent as a JSON string (`"attributes": "{\\"a\\": \\"b\\"}"`), decoded."""
    if not isinstance(value, str):
        return {}
    try:
        decoded = json.loads(value)
    except ValueError:
        return {}
    return string_map(decoded) if isinstance(decoded, dict) else {}


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def _pairs(value: Any) -> dict[str, str]:
    """`[{"key"|"name": k, "value": v}, ...]` as a string map (empty when not that shape)."""
    if not isinstance(value, list):
        return {}
    pairs: dict[str, Any] = {}
    for item in value:
        if not isinstance(item, dict) or "value" not in item:
            return {}
        key = item.get("key", item.get("name"))
        if key is None:
            return {}
        pairs[str(key)] = item["value"]
    return string_map(pairs)
