"""Read raw HTTP request text (`METHOD target [HTTP/x.y]`, headers, blank line, body).

Line ends may be LF or CRLF; leading blank and `#` or `//` comment lines are skipped; several
requests in one file are separated by lines starting with `###`. The target may be a path
(the host then comes from a Host header, if any) or an absolute URL. Header lines that start
with whitespace continue the previous header (obs-fold). A body may follow the headers
without a blank line when it starts with `{` or `[`, as pasted requests often do.

Notes: PRS005 a header line that is not `Name: value` (ignored).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap, Origin, ReaderNote, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import make_request

_LINE = lazy_re(r"[^\n]*\n|[^\n]+")
_REQUEST_LINE = lazy_re(
    r"(?P<method>[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]+(?P<target>\S+)(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*"
)
_HEADER = lazy_re(r"(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*")
_METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT"
_LOOKS_LIKE = lazy_re(
    rf"(?:[ \t]*(?:(?:#|//)[^\n]*)?\r?\n)*[ \t]*(?:{_METHODS})[ \t]+(?:/|https?://)\S*"
    r"(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*(?:\r?\n|$)"
)


class _Line(NamedTuple):
    """One line of the input: its start offset and text without the line end."""

    start: int
    text: str

    @property
    def end(self) -> int:
        """The offset just past the line's text."""
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        """True for an empty or whitespace-only line."""
        return not self.text.strip()


def _blocks(text: str) -> Iterator[list[_Line]]:
    """The lines of each request block; a line starting with `###` separates blocks."""
    block: list[_Line] = []
    for match in _LINE.finditer(text):
        line = _Line(match.start(), match.group().rstrip("\n").removesuffix("\r"))
        if line.text.startswith("###"):
            yield block
            block = []
        else:
            block.append(line)
    yield block


def _is_preamble(line: _Line) -> bool:
    stripped = line.text.strip()
    return not stripped or stripped.startswith(("#", "//"))


def looks_like_raw_http(text: str) -> bool:
    """True when the first line that is not blank or a comment is an HTTP request line."""
    return _LOOKS_LIKE.match(text.removeprefix("\ufeff")) is not None


def read_raw_http(source: SourceText) -> list[Request | ReadFailure]:
    """Every request in `source`, in order; a bad request line becomes a `ReadFailure`."""
    results: list[Request | ReadFailure] = []
    for block in _blocks(source.text):
        lines = list(itertools.dropwhile(_is_preamble, block))
        if lines:
            results.append(_read_request(source, lines, len(results)))
    return results


def _read_request(source: SourceText, lines: list[_Line], index: int) -> Request | ReadFailure:
    first = lines[0]
    request_line = _REQUEST_LINE.fullmatch(first.text)
    if request_line is None:
        message = "not an HTTP request line: expected 'METHOD target [HTTP/x.y]'"
        return ReadFailure(source, "raw_http", message, source.span(first.start, first.end), index)

    def span(line: _Line, group: re.Match[str], name: str) -> Span:
        return source.span(line.start + group.start(name), line.start + group.end(name))

    spans = {
        "method": span(first, request_line, "method"),
        "url": span(first, request_line, "target"),
    }
    headers: list[tuple[str, str]] = []
    notes: list[ReaderNote] = []
    body_from = len(lines)
    for position, line in enumerate(lines[1:], start=1):
        if line.blank:
            body_from = position + 1
            break
        header = _HEADER.fullmatch(line.text)
        if line.text[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.text.strip()}")
            key = f"header:{name.lower()}"
            spans[key] = Span(spans[key].start, source.position(line.end))
        elif header is not None:
            headers.append((header["name"], header["value"]))
            spans[f"header:{header['name'].lower()}"] = source.span(line.start, line.end)
        elif line.text.lstrip()[:1] in ("{", "["):
            body_from = position
            break
        else:
            line_number = source.position(line.start).line
            message = f"line {line_number} is not a header ('Name: value'); ignored"
            notes.append(ReaderNote("PRS005", message, source.span(line.start, line.end)))
    body_text: str | None = None
    body_map: OffsetMap | None = None
    if body_from < len(lines):
        start = lines[body_from].start
        text = source.text[start : lines[-1].end].rstrip("\r\n")
        if text.strip():
            body_text, body_map = text, OffsetMap.verbatim(start)
            spans["body"] = source.span(start, start + len(text))
    try:
        request = make_request(
            Origin(source, "raw_http", index),
            request_line["method"],
            request_line["target"],
            headers,
            body_text,
            body_map,
            spans,
            notes,
        )
    except ValueError:  # urlsplit refuses an absolute target with unbalanced brackets
        return ReadFailure(source, "raw_http", "the request target is not a valid URL", spans["url"], index)
    host = request.headers.get("host")
    if request.host is None and host:
        request = request._replace(host=_host_name(host))
    return request


def _host_name(host: str) -> str | None:
    """The host name in a Host header value (`name`, `name:port`, `[v6]:port`)."""
    try:
        return urlsplit(f"//{host.strip()}").hostname
    except ValueError:  # an unbalanced `[`
        return None
