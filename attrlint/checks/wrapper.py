"""Wrapper-shape checks for participant attribute bodies.

The only valid shape is `{"attributes": {"key": "string", ...}}`: IDs travel in the path, and
there is no `participants` array, `participantData` or `customAttributes` envelope.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrlint.checks import ATTRIBUTES_MODEL, GENERIC_ATTRIBUTES, PARTICIPANT_MODEL, Context, Problem, check
from attrlint.checks.shapes import ATTRIBUTES, ID_KEYS, WRAPPER_KEYS, merged_attributes, string_map
from attrlint.fixes import body_json, fill_template, request_line
from attrlint.knowledge import is_uuid
from attrlint.rules import Rule
from attrlint.sources.positions import pointer

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
    for key in ("participantData", "customAttributes"):
        if key not in body:
            continue
        extra = (
            " ('customAttributes' belongs to the conversation-level Custom Attributes API, "
            "/api/v2/conversations/{conversationId}/customattributes)"
            if key == "customAttributes" or "customAttributes" in (body.get(key) or {})
            else " ('participant data' is the product's name for these attributes, not a JSON key)"
        )
        yield Problem(
            message=f"'{key}' is not a field of ParticipantAttributes; the map must be under 'attributes'{extra}",
            fix=f"Send {_corrected(body)}",
            pointer=pointer(key),
            covers=(pointer(key),),
        )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


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
        if "_" not in key:
            continue
        if key == "custom_attributes" and model == ATTRIBUTES_MODEL:
            right = ATTRIBUTES
        elif _camel(key) in known:
            right = _camel(key)
        else:
            continue
        fixed = {right if k == key else k: v for k, v in body.items()}
        if model == ATTRIBUTES_MODEL:
            fixed = {ATTRIBUTES: string_map(merged_attributes(body))}
        yield Problem(
            message=f"'{key}' is not a JSON field of {model}; the field is '{right}' (JSON names are camelCase; snake_case is the Python SDK's attribute style)",
            fix=f"Send {body_json(fixed)}",
            pointer=pointer(key),
            covers=(pointer(key),),
        )


@check("attribute_outside_envelope")
def attribute_outside_envelope(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Top-level keys that are neither `attributes` nor a known mistake: a bare map."""
    body = _attributes_body(ctx)
    if not body:
        return
    handled = {ATTRIBUTES, *WRAPPER_KEYS, *ID_KEYS} | _participant_fields(ctx)
    stray = [key for key in body if key not in handled]
    if not stray:
        return
    current = body.get(ATTRIBUTES)
    attributes: dict[str, Any] = current if isinstance(current, dict) else {}
    fixed = {ATTRIBUTES: string_map({**attributes, **{k: body[k] for k in stray}})}
    where = "the body has no 'attributes' map" if ATTRIBUTES not in body else "they sit beside the 'attributes' map"
    names = ", ".join(f"'{k}'" for k in stray[:5]) + (" …" if len(stray) > 5 else "")
    yield Problem(
        message=f"top-level key(s) {names} are not fields of ParticipantAttributes: {where}",
        fix=f"Move them into the map: send {body_json(fixed)}",
        pointer=pointer(stray[0]),
        covers=tuple(pointer(k) for k in stray) + (("",) if ATTRIBUTES not in body else ()),
    )


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
    body = request.body
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
    if ctx.attribute_target and ATTRIBUTES in body and value is not None and not isinstance(value, dict):
        pairs = _pairs(value)
        yield Problem(
            message=f"'attributes' is a JSON {_kind(value)}; it must be an object of string values",
            fix=f"Send {body_json({ATTRIBUTES: pairs or {'key': 'value'}})}",
            pointer=pointer(ATTRIBUTES),
            covers=(pointer(ATTRIBUTES),),
        )


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
