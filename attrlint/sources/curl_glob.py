"""curl's URL globbing: `{a,b}` sets and `[1-9]` ranges, which curl expands unless `-g`.

Only the first URL a pattern makes is checked; what globbing changed or rejects becomes a note.
"""

from __future__ import annotations

from typing import NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.model import ReaderNote, SourceText
from attrlint.sources.shell import Word

_CHAR_RANGE = lazy_re(r"\[([a-zA-Z])-(.)(?::(\d+))?\]")
_NUM_RANGE = lazy_re(r"\[(\d+)-[ \t]*(\d+)(?::(\d+))?\]")
_IPV6 = lazy_re(r"\[[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(?:%[\w.~-]+)?\]")


class Glob(NamedTuple):
    """One glob pattern in a URL: its character range, the text curl sends first, and how
    many `urls` it expands to; `error` is curl's complaint when the URL cannot be globbed."""

    start: int
    end: int
    sent: str
    urls: int = 1
    error: str | None = None


def glob(url: str) -> tuple[str, list[Glob]]:
    """The first URL curl's globbing makes of `url`, and the patterns it met.

    On a glob syntax error curl sends nothing; the URL is then returned unglobbed.
    """
    out: list[str] = []
    patterns: list[Glob] = []
    i = 0
    while i < len(url):
        char = url[i]
        if char == "\\" and url[i + 1 : i + 2] in ("{", "}", "[", "]"):
            out.append(url[i + 1])
            i += 2
            continue
        if char == "[":
            literal = "[]" if url.startswith("[]", i) else ""
            ipv6 = _IPV6.match(url, i)
            literal = ipv6.group() if ipv6 else literal
            if literal:
                out.append(literal)
                i += len(literal)
                continue
            pattern = _glob_range(url, i)
        elif char == "{":
            pattern = _glob_set(url, i)
        elif char in "}]":
            pattern = Glob(i, i + 1, "", error="unmatched close brace/bracket")
        else:
            out.append(char)
            i += 1
            continue
        if pattern.error:
            return url, [pattern]
        patterns.append(pattern)
        out.append(pattern.sent)
        i = pattern.end
    return "".join(out), patterns


def _glob_set(url: str, start: int) -> Glob:
    elements: list[str] = []
    current: list[str] = []
    i = start + 1
    while i < len(url):
        char = url[i]
        if char in "{[":
            return Glob(start, i + 1, "", error="nested brace")
        if char == "}" and i == start + 1:
            return Glob(start, i + 1, "", error="empty string within braces")
        if char == "]":
            return Glob(start, i + 1, "", error="unexpected close bracket")
        if char in ",}":
            elements.append("".join(current))
            current = []
            if char == "}":
                return Glob(start, i + 1, elements[0], len(elements))
        elif char == "\\" and i + 1 < len(url):
            i += 1
            current.append(url[i])
        else:
            current.append(char)
        i += 1
    return Glob(start, len(url), "", error="unmatched brace")


def _glob_range(url: str, start: int) -> Glob:
    letters = _CHAR_RANGE.match(url, start)
    numbers = None if letters else _NUM_RANGE.match(url, start)
    match = letters or numbers
    if match is None:
        close = url.find("]", start)
        return Glob(start, len(url) if close < 0 else close + 1, "", error="bad range")
    low_text, high_text, step_text = match.groups()
    step = int(step_text) if step_text else 1
    low, high = (ord(low_text), ord(high_text)) if letters else (int(low_text), int(high_text))
    span = high - low
    if step < 1 or span < 0 or (span == 0 and step != 1) or (span and step > span):
        return Glob(start, match.end(), "", error="bad range")
    if letters:
        first = low_text
    else:
        width = len(low_text) if low_text.startswith("0") else 0
        first = str(low).zfill(width)
    return Glob(start, match.end(), first, span // step + 1)


def glob_note(source: SourceText, word: Word, pattern: Glob) -> ReaderNote:
    """The PRS004 note explaining what globbing did to (or found wrong in) the URL `word`."""
    piece = word.text[pattern.start : pattern.end]
    span = source.span(*word.source_range(pattern.start, pattern.end))
    if pattern.error:
        return ReaderNote(
            "PRS004",
            f"curl's URL globbing rejects '{piece}' ({pattern.error}); curl sends nothing without -g",
            span,
            {"original": piece, "error": pattern.error},
        )
    if pattern.urls == 1:
        message = f"curl's URL globbing turned '{piece}' into '{pattern.sent}'"
    else:
        message = f"curl's URL globbing expands '{piece}' into {pattern.urls} URLs; only the first, '{pattern.sent}', is checked"
    args = {"original": piece, "sent": pattern.sent, "count": pattern.urls}
    return ReaderNote("PRS004", message, span, args)
