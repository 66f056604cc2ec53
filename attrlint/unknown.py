"""Values that are not known until a request is sent: a shell's `$VAR`, an HTTP client's `{{var}}`.

A reader that meets such a value puts one *mark* in its place: a character of Unicode's
private use area, different for every occurrence, recorded as an `Unknown` on the request
(what was written, and what fills it in). The rest of attrlint works on plain text and
values as before and asks this module whether a piece of it is known:

- a path segment holding a mark fits any slot of a template;
- a host, method or header value holding one is not judged;
- a body string holding one is a string whose content is not known (its type is);
- a mark written bare in a JSON body (`{"n": $N}`) is quoted by `quote_bare` so the body
  parses, and stands for a JSON value of any type (`Unknown.bare`).

Fixes put the written text back (`restore`), so a corrected request keeps the user's variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from attrlint.lazyre import lazy_re

_FIRST = 0xE000  # the Basic Multilingual Plane's private use area, U+E000..U+F8FF
_BMP_COUNT = 0xF900 - 0xE000
_SUPPLEMENTARY = 0xF0000  # then plane 15's, U+F0000..U+FFFFD
MAX_MARKS = _BMP_COUNT + 0xFFFE
MARKS = lazy_re("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
# A mark as text shows it: itself, quoted in JSON (`"\ue000"`), or escaped by repr() or an
# ASCII JSON encoder (`\ue000`, `\U000f0000`).
_SHOWN = lazy_re(
    '"(?P<quoted>[\ue000-\uf8ff\U000f0000-\U000ffffd])"|(?P<raw>[\ue000-\uf8ff\U000f0000-\U000ffffd])'
    r"|\\(?:u(?P<bmp>[eE][0-9a-fA-F]{3}|[fF][0-8][0-9a-fA-F]{2})|U(?P<plane15>000[fF][0-9a-fA-F]{4}))"
)


class Unknown(NamedTuple):
    """One value filled in at send time.

    `mark` stands for it in the request's text; `text` is what the input wrote (`$CONV_ID`,
    `{{convId}}`); `filler` says what fills it in ("the shell", "Postman", "Velocity");
    `bare` is True when it stands bare in a JSON body, a value of any JSON type.
    """

    mark: str
    text: str
    filler: str
    bare: bool = False


def mark(index: int) -> str:
    """The mark of the `index`-th unknown of a request (the last one is shared past the end)."""
    index = min(index, MAX_MARKS - 1)
    return chr(_FIRST + index) if index < _BMP_COUNT else chr(_SUPPLEMENTARY + index - _BMP_COUNT)


def has_unknown(text: object) -> bool:
    """True when `text` is a string holding at least one mark."""
    return isinstance(text, str) and MARKS.search(text) is not None


def is_whole(text: object) -> bool:
    """True when `text` is exactly one mark (the whole value is unknown)."""
    return isinstance(text, str) and len(text) == 1 and MARKS.fullmatch(text) is not None


class Marks:
    """Hands out marks for one request and remembers what each stands for."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: list[Unknown] = []

    def add(self, text: str, filler: str) -> str:
        """A new mark for the unknown written as `text`."""
        new = mark(len(self._found))
        self._found.append(Unknown(new, text, filler))
        return new

    def found(self) -> tuple[Unknown, ...]:
        """Every unknown handed out so far, in order."""
        return tuple(self._found)


def quote_bare(text: str, unknowns: Iterable[Unknown]) -> tuple[str, tuple[int, ...], tuple[Unknown, ...]]:
    """A JSON text's bare marks (outside strings) put in quotes, so that it parses.

    Returns the new text, the offsets (in the new text) of the quote characters added, and
    `unknowns` with `bare` set on the marks that stood bare.
    """
    if MARKS.search(text) is None:
        return text, (), tuple(unknowns)
    out: list[str] = []
    added: list[int] = []
    bare: set[str] = set()
    in_string = escaped = False
    length = 0
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif MARKS.fullmatch(char):
            bare.add(char)
            added += [length, length + 2]
            out.append('"' + char + '"')
            length += 3
            continue
        out.append(char)
        length += 1
    if not bare:
        return text, (), tuple(unknowns)
    marked = tuple(u._replace(bare=True) if u.mark in bare else u for u in unknowns)
    return "".join(out), tuple(added), marked


def restore(text: str, unknowns: Iterable[Unknown]) -> str:
    """`text` with each mark replaced by what the input wrote for it: a bare one in JSON
    quotes (`"\ue000"`, as a corrected body shows it) loses the quotes it was given."""
    table = {u.mark: u for u in unknowns}
    if not table:
        return text

    def written(match: re.Match[str]) -> str:
        code = match["bmp"] or match["plane15"]
        char = chr(int(code, 16)) if code else match["quoted"] or match["raw"]
        unknown = table.get(char)
        if unknown is None:
            return match.group()
        return unknown.text if unknown.bare or not match["quoted"] else f'"{unknown.text}"'

    return _SHOWN.sub(written, text)
