"""JSON pointer -> source offsets, checked against the json module on generated documents."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.model import OffsetMap, SourceText
from attrlint.sources.positions import json_offsets, json_place, pointer, yaml_offsets

KEYS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=10,
)


def _walk(value: Any, ptr: str = "") -> dict[str, Any]:
    found = {ptr: value}
    if isinstance(value, dict):
        for key, child in value.items():
            found.update(_walk(child, ptr + pointer(key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.update(_walk(child, f"{ptr}/{index}"))
    return found


@settings(max_examples=300, deadline=None)
@given(value=VALUES, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_every_pointer_slices_back_to_its_value(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    offsets = json_offsets(text)
    expected = _walk(value)
    assert set(offsets) == set(expected)
    for ptr, (start, end, key_start) in offsets.items():
        assert json.loads(text[start:end]) == expected[ptr]
        if key_start is not None:
            assert text[key_start] == '"'


@settings(max_examples=300, deadline=None)
@given(value=VALUES, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans(), repeat=st.booleans())
def test_one_pointer_is_found_where_the_whole_scan_puts_it(value: Any, indent: int | None, ascii_only: bool, repeat: bool) -> None:
    """json_place walks one pointer; it agrees with json_offsets on every pointer the decoded
    document has, a key repeated in the text included (decoding keeps its last value)."""
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    if repeat and isinstance(value, dict) and value:
        first = next(iter(value))
        text = text[:-1].rstrip() + ", " + json.dumps(first) + ': {"again": [1]}}'
    decoded = json.loads(text)
    offsets = json_offsets(text)
    for ptr, found in _walk(decoded).items():
        assert json_place(text, ptr) == offsets[ptr], ptr
        if isinstance(found, (list, dict)):  # one past the end, a key it lacks: nowhere
            missing = str(len(found)) if isinstance(found, list) else "~no such key"
            assert json_place(text, f"{ptr}/{missing}") is None


def test_key_position_and_offset_map() -> None:
    body = '{\n  "attributes": {\n    "crm": {"id": 42}\n  }\n}'
    source = SourceText("f.sh", "curl -d '" + body + "' https://x")
    start, end, key = json_offsets(body)["/attributes/crm"]
    position = source.position(OffsetMap.verbatim(9).to_source(key))
    assert (position.line, position.column) == (3, 5)


def test_broken_json_keeps_what_was_scanned() -> None:
    assert "/a" in json_offsets('{"a": 1, "b": [1, }')


def test_yaml_offsets() -> None:
    text = "attributes:\n  crm: {id: 42}\n  list:\n    - x\n"
    offsets = yaml_offsets(text)
    assert text[offsets["/attributes/crm"][2] :].startswith("crm")
    assert text[offsets["/attributes/list/0"][0] :].startswith("x")
    assert yaml_offsets("a: [") == {}


@settings(max_examples=300, deadline=None)
@given(inner=VALUES, outer_ascii=st.booleans())
def test_string_literal_map_finds_inner_keys_in_the_outer_file(inner: Any, outer_ascii: bool) -> None:
    from attrlint.sources.positions import string_literal_map

    inner_text = json.dumps(inner, ensure_ascii=False)
    outer = json.dumps({"postData": {"text": inner_text}}, ensure_ascii=outer_ascii)
    literal = outer.index('"text": ') + len('"text": ')
    mapping = string_literal_map(outer, literal)
    for ptr, (start, end, _key) in json_offsets(inner_text).items():
        outer_start, outer_end = mapping.to_source(start), mapping.to_source(end)
        assert json.loads('"' + outer[outer_start:outer_end] + '"') == inner_text[start:end], ptr
