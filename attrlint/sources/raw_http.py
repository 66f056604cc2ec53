"""Read raw HTTP request text (`METHOD target [HTTP/x.y]`, headers, blank line, body).

Line ends may be LF or CRLF; leading blank and `#` or `//` comment lines are skipped; several
requests in one file are separated by lines starting with `###`. The target may be a path
(the host then comes from a Host header, if any) or an absolute URL. Header lines that start
with whitespace continue the previous header (obs-fold). A body may follow the headers
without a blank line when it starts with `{` or `[`, as pasted requests often do.

Notes: PRS005 a header line that is not `Name: value` (ignored).

The line and block splitting, the header section and the Host header are shared with the
`.http` file reader (`attrlint.sources.httpfile`), which adds variables and more syntax.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap, Origin, ReaderNote, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import invalid_url, make_request

_LINE = lazy_re(r"[^\n]*\n|[^\n]+")
_REQUEST_LINE = lazy_re(
    r"(?P<method>[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]+(?P<target>\S+)(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*"
)
_HEADER = lazy_re(r"(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*")
METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT"
_LOOKS_LIKE = lazy_re(
    rf"(?:[ \t]*(?:(?:#|//)[^\n]*)?\r?\n)*[ \t]*(?:{METHODS})[ \t]+(?:/|https?://)\S*"
    r"(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*(?:\r?\n|$)"
)


class Line(NamedTuple):
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

    @property
    def comment(self) -> bool:
        """True for a `#` or `//` comment line."""
        return self.text.lstrip().startswith(("#", "//"))


class Block(NamedTuple):
    """The lines of one request block and the `###` line that opened it (None for the first)."""

    separator: Line | None
    lines: list[Line]


def split_blocks(text: str) -> Iterator[Block]:
    """The request blocks of a text; a line starting with `###` separates blocks."""
    separator: Line | None = None
    lines: list[Line] = []
    for match in _LINE.finditer(text):
        line = Line(match.start(), match.group().rstrip("\n").removesuffix("\r"))
        if line.text.startswith("###"):
            yield Block(separator, lines)
            separator, lines = line, []
        else:
            lines.append(line)
    yield Block(separator, lines)


def _is_preamble(line: Line) -> bool:
    return line.blank or line.comment


def looks_like_raw_http(text: str) -> bool:
    """True when the first line that is not blank or a comment is an HTTP request line."""
    return _LOOKS_LIKE.match(text.removeprefix("\ufeff")) is not None


def read_raw_http(source: SourceText) -> list[Request | ReadFailure]:
    """Every request in `source`, in order; a bad request line becomes a `ReadFailure`."""
    results: list[Request | ReadFailure] = []
    for block in split_blocks(source.text):
        lines = list(itertools.dropwhile(_is_preamble, block.lines))
        if lines:
            results.append(_read_request(source, lines, len(results)))
    return results


def _read_request(source: SourceText, lines: list[Line], index: int) -> Request | ReadFailure:
    first = lines[0]
    request_line = _REQUEST_LINE.fullmatch(first.text)
    if request_line is None:
        message = "not an HTTP request line: expected 'METHOD target [HTTP/x.y]'"
        return ReadFailure(source, "raw_http", message, source.span(first.start, first.end), index)
    spans = {
        "method": group_span(source, first, request_line, "method"),
        "url": group_span(source, first, request_line, "target"),
    }
    notes: list[ReaderNote] = []
    headers, body_from = read_headers(source, lines[1:], spans, notes)
    body_lines = lines[1 + body_from :]
    body_text: str | None = None
    body_map: OffsetMap | None = None
    if body_lines:
        start = body_lines[0].start
        text = source.text[start : body_lines[-1].end].rstrip("\r\n")
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
    except ValueError as error:  # urlsplit refuses an absolute target with unbalanced brackets
        return invalid_url(source, "raw_http", error, spans["url"], index)
    return with_host_header(request)


def group_span(source: SourceText, line: Line, match: re.Match[str], group: str) -> Span:
    """The source span of a regex group matched against the text of `line`."""
    return source.span(line.start + match.start(group), line.start + match.end(group))


def read_headers(
    source: SourceText,
    lines: Sequence[Line],
    spans: dict[str, Span],
    notes: list[ReaderNote],
    expand: Callable[[str], str] = str,
) -> tuple[list[tuple[str, str]], int]:
    """Read the header section at the start of `lines`: the headers, and the index of the first
    body line (`len(lines)` when there is no body).

    The section ends at a blank line, or at a line that starts a JSON body. Header spans go into
    `spans`; a line that is not `Name: value` becomes a PRS005 note. `expand` rewrites each
    header value (the `.http` reader substitutes its variables there).
    """
    headers: list[tuple[str, str]] = []
    for position, line in enumerate(lines):
        if line.blank:
            return headers, position + 1
        header = _HEADER.fullmatch(line.text)
        if line.text[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {expand(line.text.strip())}")
            key = f"header:{name.lower()}"
            spans[key] = Span(spans[key].start, source.position(line.end))
        elif header is not None:
            headers.append((header["name"], expand(header["value"])))
            spans[f"header:{header['name'].lower()}"] = source.span(line.start, line.end)
        elif line.text.lstrip()[:1] in ("{", "["):
            return headers, position
        else:
            line_number = source.position(line.start).line
            message = f"line {line_number} is not a header ('Name: value'); ignored"
            notes.append(ReaderNote("PRS005", message, source.span(line.start, line.end)))
    return headers, len(lines)


def with_host_header(request: Request) -> Request:
    """The request with its host taken from a Host header when the target gave none."""
    host = request.headers.get("host")
    if request.host is None and host:
        return request._replace(host=_host_name(host))
    return request


def _host_name(host: str) -> str | None:
    """The host name in a Host header value (`name`, `name:port`, `[v6]:port`)."""
    try:
        return urlsplit(f"//{host.strip()}").hostname
    except ValueError:  # an unbalanced `[`
        return None
