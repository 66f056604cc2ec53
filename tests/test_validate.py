"""The fast subset validator agrees with jsonschema on every generated body schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from attrlint.sources.positions import pointer
from attrlint.validate import compiled, failing_pointers

from conftest import ROOT

# Every body schema would take minutes of generated examples; the participant models and a fixed
# sample of the others cover every keyword the generator writes.
_ALL = sorted((ROOT / "schemas" / "bodies").glob("*.json"))
_PARTICIPANT = {"ParticipantAttributes", "MediaParticipantRequest", "Conversation", "WrapupInput", "SetUuiDataRequest"}
SCHEMAS = [p for p in _ALL if p.stem in _PARTICIPANT] + _ALL[:: max(1, len(_ALL) // 25)]
KEYS = st.sampled_from(
    ["attributes", "state", "held", "wrapup", "code", "notes", "tags", "x", "participants", "id", "name"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.sampled_from(["connected", "disconnected", "a", "2026-11-21T10:00:00Z", ""])
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)


def _jsonschema_pointers(schema: dict[str, Any], instance: Any) -> set[str]:
    return {pointer(*error.absolute_path) for error in Draft202012Validator(schema).iter_errors(instance)}


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.stem)
@settings(max_examples=150, deadline=None)
@given(instance=JSON)
def test_agrees_with_jsonschema(path: Path, instance: Any) -> None:
    schema = json.loads(path.read_text())
    found = failing_pointers(schema, instance)
    assert found is not None
    expected = Draft202012Validator(schema).is_valid(instance)
    assert (found == []) == expected
    check = compiled(schema)
    assert check is not None and check(instance) == expected
    assert set(found) == _jsonschema_pointers(schema, instance)


def test_unsupported_keyword_defers() -> None:
    assert failing_pointers({"type": "string", "pattern": "^a"}, "b") is None


def test_json_equality_in_enums() -> None:
    assert failing_pointers({"enum": [1]}, True) == [""]
    assert failing_pointers({"enum": [1]}, 1.0) == []
