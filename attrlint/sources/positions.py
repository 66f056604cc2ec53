"""Find where a JSON pointer's value (or its key) sits in a JSON text.

Bodies are parsed with the fast `json` module; positions are only needed when a finding
points somewhere, so this scanner runs lazily, on failure paths only.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap

_WS = lazy_re(r"[ \t\r\n]*")
_STRING = lazy_re(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = lazy_re(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def escape_pointer_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """The key one JSON pointer reference token names (RFC 6901: `~1` is '/', `~0` is '~')."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from its tokens: pointer("attributes", "crm") == "/attributes/crm"."""
    return "".join("/" + escape_pointer_token(str(t)) for t in tokens)


@lru_cache(maxsize=64)
def json_offsets(text: str) -> dict[str, tuple[int, int, int | None]]:
    """Map each JSON pointer in `text` to (value start, value end, key start or None).

    Returns what was scanned before any syntax error; the body parser reports the error itself.
    """
    found: dict[str, tuple[int, int, int | None]] = {}
    try:
        _value(text, _skip(text, 0), "", None, found)
    except (IndexError, ValueError):
        pass
    return found


def json_place(text: str, pointer: str) -> tuple[int, int, int | None] | None:
    """What `json_offsets(text)[pointer]` holds, for one pointer of a valid JSON document: the
    walk follows the pointer and the C decoder steps over every other value, so the cost is
    that of the path, not of the document (a large body with one finding). A repeated key is
    found where decoding takes it from: its last occurrence."""
    position = _skip(text, 0)
    key_start: int | None = None
    try:
        for token in pointer.split("/")[1:] if pointer else ():
            wanted = unescape_pointer_token(token)
            if text[position] == "{":
                found = None
                position += 1
                while (member := member_at(text, position)) is not None:
                    key, quote, start = member
                    if key == wanted:
                        found = (quote, start)
                    position, closed = next_item(text, STRICT_JSON.raw_decode(text, start)[1])
                    if closed:
                        break
                if found is None:
                    return None
                key_start, position = found
            elif text[position] == "[" and token.isdigit():
                position = _skip(text, position + 1)
                if text[position] == "]":
                    return None
                for _ in range(int(token)):
                    position, closed = next_item(text, STRICT_JSON.raw_decode(text, position)[1])
                    if closed:
                        return None
                key_start = None
            else:
                return None
        return position, STRICT_JSON.raw_decode(text, position)[1], key_start
    except (IndexError, ValueError):
        return None


# In JSON already known to be valid: a member's key up to its value, and what follows a value.
_MEMBER = lazy_re(r'[ \t\r\n]*("[^"\\]*(?:\\.[^"\\]*)*")[ \t\r\n]*:[ \t\r\n]*', re.DOTALL)
_AFTER_ITEM = lazy_re(r"[ \t\r\n]*([,}\]])[ \t\r\n]*")


def member_at(text: str, position: int) -> tuple[str, int, int] | None:
    """Inside an object of valid JSON: the key of the member at `position` (whitespace before
    it allowed), where the key's opening quote is and where its value starts; None when the
    object closes there instead."""
    member = _MEMBER.match(text, position)
    if member is None:
        return None
    raw = member.group(1)
    return (raw[1:-1] if "\\" not in raw else STRICT_JSON.decode(raw)), member.start(1), member.end()


def next_item(text: str, end: int) -> tuple[int, bool]:
    """After a value of an array or object of valid JSON, ending at `end`: where the next item
    starts and False, or the position past the closing bracket and True."""
    after = _AFTER_ITEM.match(text, end)
    if after is None:
        raise ValueError(f"expected ',' or a closing bracket at {end}")
    if after.group(1) == ",":
        return after.end(), False
    return after.start(1) + 1, True


class NotJson(ValueError):
    """NaN or Infinity, which Python's json accepts and JSON does not (the constant's name is
    the message)."""


def _not_json(constant: str) -> Any:
    raise NotJson(constant)


# The C decoder as JSON is (as json_offsets reads it): NaN and Infinity are refused, not read.
STRICT_JSON = json.JSONDecoder(parse_constant=_not_json)


def _skip(text: str, i: int) -> int:
    match = _WS.match(text, i)
    return match.end() if match else i


def _value(text: str, i: int, ptr: str, key_start: int | None, out: dict[str, tuple[int, int, int | None]]) -> int:
    char = text[i]
    if char == "{":
        end = _object(text, i, ptr, out)
    elif char == "[":
        end = _array(text, i, ptr, out)
    else:
        match = (_STRING if char == '"' else _SCALAR).match(text, i)
        if not match:
            raise ValueError(f"unexpected character at {i}")
        end = match.end()
    out[ptr] = (i, end, key_start)
    return end


def _object(text: str, i: int, ptr: str, out: dict[str, tuple[int, int, int | None]]) -> int:
    i = _skip(text, i + 1)
    if text[i] == "}":
        return i + 1
    while True:
        match = _STRING.match(text, i)
        if not match:
            raise ValueError(f"expected a key at {i}")
        key = json.loads(match.group())
        i = _skip(text, match.end())
        if text[i] != ":":
            raise ValueError(f"expected ':' at {i}")
        i = _value(text, _skip(text, i + 1), ptr + "/" + escape_pointer_token(key), match.start(), out)
        i = _skip(text, i)
        if text[i] == "}":
            return i + 1
        if text[i] != ",":
            raise ValueError(f"expected ',' at {i}")
        i = _skip(text, i + 1)


def _array(text: str, i: int, ptr: str, out: dict[str, tuple[int, int, int | None]]) -> int:
    i = _skip(text, i + 1)
    if text[i] == "]":
        return i + 1
    index = 0
    while True:
        i = _skip(text, _value(text, i, f"{ptr}/{index}", None, out))
        index += 1
        if text[i] == "]":
            return i + 1
        if text[i] != ",":
            raise ValueError(f"expected ',' at {i}")
        i = _skip(text, i + 1)


def yaml_offsets(text: str) -> dict[str, tuple[int, int, int | None]]:
    """The same map as `json_offsets`, for a YAML document (uses PyYAML's node marks)."""
    import yaml

    found: dict[str, tuple[int, int, int | None]] = {}
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return found
    if root is None:
        return found
    stack: list[tuple[yaml.Node, str, int | None]] = [(root, "", None)]
    while stack:
        node, ptr, key_start = stack.pop()
        found[ptr] = (node.start_mark.index, node.end_mark.index, key_start)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = ptr + "/" + escape_pointer_token(str(key_node.value))
                stack.append((value_node, child, key_node.start_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{ptr}/{n}", None) for n, item in enumerate(node.value))
    return found


# In a JSON string literal: a surrogate pair (one character once decoded), another escape, or
# the closing quote.
_LITERAL_TOKEN = lazy_re(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|\"", re.DOTALL
)


def string_literal_map(text: str, start: int, source_offset: int = 0) -> OffsetMap:
    """Map offsets in the decoded value of the JSON string literal at `text[start]` (its
    opening quote) to offsets in `text` (plus `source_offset`), escapes accounted for.

    A HAR `postData.text` or a Postman raw body is a JSON document inside a JSON string; this
    lets a pointer into the inner document be shown at its place in the outer file.
    """
    anchors = [(0, start + 1 + source_offset)]
    decoded = 0
    position = start + 1
    for token in _LITERAL_TOKEN.finditer(text, position):
        decoded += token.start() - position
        if token.group() == '"':
            break
        decoded += 1
        position = token.end()
        anchors.append((decoded, position + source_offset))
    return OffsetMap(tuple(anchors))
