"""What a body looks like: where its attribute map is, and which wrapper keys it uses.

Shared by the path, wrapper and nesting checks, so all three agree on where a participant
attribute map sits in the many shapes people send.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from attrlint.sources.positions import pointer

ATTRIBUTES = "attributes"
WRAPPER_KEYS = ("participants", "participantData", "customAttributes", "custom_attributes")
ATTRIBUTE_LIKE_KEYS = (ATTRIBUTES, *WRAPPER_KEYS[1:])
ID_KEYS = ("participantId", "conversationId", "participant_id", "conversation_id", "id")


def attribute_maps(body: Any) -> Iterator[tuple[str, Any]]:
    """Every place in `body` that is meant as a participant attribute map, with its pointer.

    `/attributes` in the right shape; the inner map of the known wrong wrappers
    (`participants[*].attributes`, `participantData[.customAttributes|.attributes]`,
    `customAttributes`, `custom_attributes`).
    """
    if not isinstance(body, dict):
        return
    if ATTRIBUTES in body:
        yield pointer(ATTRIBUTES), body[ATTRIBUTES]
    for key in ("customAttributes", "custom_attributes"):
        if key in body:
            yield pointer(key), body[key]
    data = body.get("participantData")
    if isinstance(data, dict):
        inner = [k for k in ("customAttributes", "attributes", "custom_attributes") if k in data]
        if inner:
            for key in inner:
                yield pointer("participantData", key), data[key]
        else:
            yield pointer("participantData"), data
    elif "participantData" in body:
        yield pointer("participantData"), data
    participants = body.get("participants")
    if isinstance(participants, list):
        for index, item in enumerate(participants):
            if isinstance(item, dict) and ATTRIBUTES in item:
                yield pointer("participants", index, ATTRIBUTES), item[ATTRIBUTES]


def merged_attributes(body: Any) -> dict[str, Any]:
    """The attribute entries of every map in `body`, merged in order (for a corrected body)."""
    merged: dict[str, Any] = {}
    for _, value in attribute_maps(body):
        if isinstance(value, dict):
            merged.update(value)
    return merged


def has_attribute_intent(body: Any) -> bool:
    """True when the body carries attributes in any shape (right or wrong)."""
    return any(True for _ in attribute_maps(body))


def flatten_value(key: str, value: Any) -> Iterator[tuple[str, str]]:
    """String entries for one attribute: objects become dotted keys, scalars their JSON text."""
    if isinstance(value, dict):
        if not value:
            yield key, "{}"
        for child, inner in value.items():
            yield from flatten_value(f"{key}.{child}", inner)
    elif isinstance(value, str):
        yield key, value
    elif isinstance(value, bool):
        yield key, "true" if value else "false"
    elif value is None:
        return
    elif isinstance(value, (int, float)):
        yield key, json.dumps(value)
    else:
        yield key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def string_map(attributes: dict[str, Any]) -> dict[str, str]:
    """The flattened map<string,string> form of an attribute map (null entries dropped)."""
    flat: dict[str, str] = {}
    for key, value in attributes.items():
        flat.update(flatten_value(str(key), value))
    return flat
