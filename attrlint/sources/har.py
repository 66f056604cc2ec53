"""HAR 1.2 captures (browsers, mitmproxy, Charles, Fiddler), streamed entry by entry.

A capture can be larger than memory allows to parse whole, so the file is read in chunks and
`log.entries` is decoded one entry at a time with the C JSON decoder; only the current entry's
text is held. Entries that are not Genesys API calls (other hosts, static assets, CORS
preflights) are counted, not linted. Positions are computed only for entries that have
findings: the source keeps a window on the current entry and maps file offsets to lines there.
"""

from __future__ import annotations

import base64
import codecs
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

from attrlint.knowledge import Knowledge
from attrlint.lazyre import lazy_re
from attrlint.model import Origin, Position, ReadFailure, Request, Response, Skipped, SourceText, Span
from attrlint.sources.common import host_name, make_request
from attrlint.sources.positions import json_offsets, string_literal_map

_DECODER = json.JSONDecoder()
_WHITESPACE = lazy_re(r"[ \t\r\n]*")
_STATIC = lazy_re(r"\.(?:js|mjs|css|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|map|webp|avif|mp[34]|wasm|html?)$", 0)
_READ_MORE = 1 << 20
_STATUS = lazy_re(r'"status"\s*:\s*(-?\d+)')

SKIP_OTHER_HOST = "other hosts"
SKIP_STATIC = "static assets"
SKIP_PREFLIGHT = "OPTIONS preflights"
SKIP_NOT_API = "not API calls (pages, scripts, other paths)"
SKIP_NOT_HTTP = "non-HTTP URLs"


class StreamedSource(SourceText):
    """A source whose text is not kept: positions come from a window on the current entry."""

    __slots__ = ("_window",)

    def __init__(self, name: str) -> None:
        super().__init__(name, "")
        self._window: tuple[int, int, str, str] = (0, 1, "", "")

    def show(self, start: int, line: int, prefix: str, text: str) -> None:
        """Move the window: `text` starts at file offset `start`, on `line`, after `prefix`
        (the part of that line before it)."""
        self._window = (start, line, prefix, text)

    def position(self, offset: int) -> Position:
        """The line and column of a file offset inside the current window (remembering the
        line's text for reports)."""
        start, line, prefix, text = self._window
        inner = max(0, min(offset - start, len(text)))
        newlines = text.count("\n", 0, inner)
        line_start = text.rfind("\n", 0, inner) + 1
        line_end = text.find("\n", inner)
        line_text = text[line_start : line_end if line_end >= 0 else len(text)]
        if newlines == 0:
            column = len(prefix) + inner + 1
            line_text = prefix + line_text
        else:
            column = inner - line_start + 1
        self.remember(line + newlines, line_text.rstrip("\r"))
        return Position(line + newlines, column)


class _LazyEntry:
    """Offsets inside one entry's JSON text, scanned only when a finding needs a place."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start

    @cached_property
    def offsets(self) -> dict[str, tuple[int, int, int | None]]:
        """Pointer -> offsets for the entry's `request` and `response.status` only: the rest
        (headers of the response, timings, large response bodies) is never pointed at."""
        found: dict[str, tuple[int, int, int | None]] = {}
        for key, start, end in _members(self.text):
            if key == "request":
                for pointer, (a, b, k) in json_offsets(self.text[start:end]).items():
                    found["/request" + pointer] = (start + a, start + b, None if k is None else start + k)
            elif key == "response":
                status = _STATUS.search(self.text, start, end)
                if status:
                    found["/response/status"] = (status.start(1), status.end(1), status.start())
        return found

    def span(self, source: SourceText, pointer: str) -> Span | None:
        found = self.offsets.get(pointer)
        if found is None:
            return None
        return source.span(self.start + found[0], self.start + found[1])


def _members(text: str) -> Iterator[tuple[str, int, int]]:
    """(key, value start, value end) of each member of the JSON object `text`, decoded by the C
    decoder member by member; used to find an entry's parts without scanning all of it."""
    position = _after_space(text, 0) + 1
    while True:
        position = _after_space(text, position)
        if position >= len(text) or text[position] != '"':
            return
        key, position = _DECODER.raw_decode(text, position)
        start = _after_space(text, _after_space(text, position) + 1)
        _, end = _DECODER.raw_decode(text, start)
        yield key, start, end
        position = _after_space(text, end) + 1


def _after_space(text: str, position: int) -> int:
    """The first position at or after `position` that is not JSON whitespace."""
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


class _LazySpans(Mapping[str, Span]):
    """The request's spans ("method", "url", "header:x", "body") inside the entry, on demand."""

    def __init__(self, source: SourceText, entry: _LazyEntry, headers: list[tuple[int, str]]) -> None:
        self._source = source
        self._entry = entry
        self._headers = headers

    @cached_property
    def _spans(self) -> dict[str, Span]:
        pointers = {"method": "/request/method", "url": "/request/url", "body": "/request/postData/text"}
        pointers.update((f"header:{name.lower()}", f"/request/headers/{index}/value") for index, name in self._headers)
        found = {key: self._entry.span(self._source, ptr) for key, ptr in pointers.items()}
        return {key: span for key, span in found.items() if span is not None}

    def __getitem__(self, key: str) -> Span:
        return self._spans[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class _LazyBodyMap:
    """Maps offsets in `postData.text` to the file, escapes included, once a finding asks."""

    def __init__(self, entry: _LazyEntry) -> None:
        self._entry = entry

    @cached_property
    def _map(self) -> Callable[[int], int]:
        found = self._entry.offsets.get("/request/postData/text")
        literal = found[0] if found else 0
        return string_literal_map(self._entry.text, literal, self._entry.start).to_source

    def to_source(self, inner: int) -> int:
        return self._map(inner)


class _Stream:
    """Decoded text read on demand. `pos` is where reading is; `offset`, `line` and `prefix`
    describe that place in the file (its character offset, its line, and the part of the line
    before it). The buffer is compacted only now and then, so dropping text costs nothing."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.buffer = ""
        self.pos = 0
        self.offset = 0
        self.line = 1
        self.prefix = ""
        self.done = False

    def more(self, at_least: int = 1) -> bool:
        """Append at least `at_least` more characters (False at the end of input)."""
        if self.pos > _READ_MORE and self.pos * 2 > len(self.buffer):
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        wanted = len(self.buffer) + at_least
        while len(self.buffer) < wanted and not self.done:
            chunk = next(self._chunks, None)
            if chunk is None:
                self.buffer += self._decoder.decode(b"", final=True)
                self.done = True
            else:
                self.buffer += self._decoder.decode(chunk)
        return len(self.buffer) >= wanted

    def drop(self, count: int) -> None:
        """Move past `count` characters, keeping track of lines."""
        end = self.pos + count
        last = self.buffer.rfind("\n", self.pos, end)
        if last >= 0:
            self.line += self.buffer.count("\n", self.pos, end)
            self.prefix = self.buffer[last + 1 : end]
        else:
            self.prefix += self.buffer[self.pos : end]
        self.offset += count
        self.pos = end

    def skip_whitespace(self) -> str:
        """Move past whitespace and return the next character ('' at the end)."""
        while True:
            match = _WHITESPACE.match(self.buffer, self.pos)
            end = match.end() if match else self.pos
            self.drop(end - self.pos)
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def value(self) -> tuple[Any, str]:
        """Decode the JSON value at `pos`; return it and its text (not yet moved past)."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.done:
                    raise _Malformed(error.msg, self.offset + error.pos - self.pos) from None
                self.more(max(_READ_MORE, len(self.buffer) - self.pos))  # doubling keeps it linear
                continue
            if end == len(self.buffer) and not self.done and isinstance(value, (int, float)):
                self.more()  # a number may go on in the next chunk
                continue
            return value, self.buffer[self.pos : end]

    def expect(self, char: str) -> None:
        """Move past `char` (after whitespace) or fail."""
        found = self.skip_whitespace()
        if found != char:
            raise _Malformed(f"expected '{char}' but found {found!r}" if found else f"expected '{char}'", self.offset)
        self.drop(1)


class _Malformed(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def read_har(
    source: SourceText, chunks: Iterable[bytes], hosts: tuple[str, ...] = ()
) -> Iterator[Request | ReadFailure | Skipped]:
    """Every Genesys API request in a HAR capture, in order; other entries become `Skipped`.

    With a `StreamedSource` each request must be linted before the next one is read (its
    positions are computed in a window on the current entry); with a plain `SourceText`
    holding the whole text, positions come from that text.
    """
    stream = _Stream(chunks)
    reader = _EntryReader(source, frozenset(hosts))
    try:
        yield from _log_entries(stream, reader)
    except _Malformed as error:
        if isinstance(source, StreamedSource):
            source.show(stream.offset, stream.line, stream.prefix, stream.buffer[stream.pos : stream.pos + 200])
        span = source.span(error.offset, error.offset + 1)
        yield ReadFailure(source, "har", error.message, span, max(reader.index, 0))
    except UnicodeDecodeError as error:
        yield ReadFailure(source, "har", f"not UTF-8 text ({error.reason})", None, max(reader.index, 0))


def _log_entries(stream: _Stream, reader: _EntryReader) -> Iterator[Request | Skipped]:
    stream.expect("{")
    for key in _keys(stream):
        if key != "log":
            stream.drop(len(stream.value()[1]))
            continue
        stream.expect("{")
        for log_key in _keys(stream):
            if log_key != "entries":
                stream.drop(len(stream.value()[1]))
                continue
            stream.expect("[")
            if stream.skip_whitespace() == "]":
                stream.drop(1)
                continue
            while True:
                stream.skip_whitespace()
                entry, text = stream.value()
                yield from reader.read(entry, text, stream.offset, stream.line, stream.prefix)
                stream.drop(len(text))
                separator = stream.skip_whitespace()
                stream.drop(1)
                if separator == "]":
                    break
                if separator != ",":
                    raise _Malformed(f"expected ',' or ']' between entries, found {separator!r}", stream.offset - 1)


def _keys(stream: _Stream) -> Iterator[str]:
    """The keys of the object whose '{' was just dropped; after each, its value is next."""
    if stream.skip_whitespace() == "}":
        stream.drop(1)
        return
    while True:
        if stream.skip_whitespace() != '"':
            raise _Malformed("expected a key", stream.offset)
        key, text = stream.value()
        stream.drop(len(text))
        stream.expect(":")
        stream.skip_whitespace()
        yield key
        separator = stream.skip_whitespace()
        stream.drop(1)
        if separator == "}":
            return
        if separator != ",":
            raise _Malformed(f"expected ',' or '}}' after a value, found {separator!r}", stream.offset - 1)


class _EntryReader:
    """Turns one decoded HAR entry into a Request (or says why it is skipped)."""

    def __init__(self, source: SourceText, hosts: frozenset[str]) -> None:
        self.source = source
        self.hosts = hosts
        self.index = -1
        self.knowledge = Knowledge.load()

    def read(self, entry: Any, text: str, start: int, line: int, prefix: str) -> Iterator[Request | Skipped]:
        self.index += 1
        request_part = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(request_part, dict) or not isinstance(request_part.get("url"), str):
            raise _Malformed(f"entry {self.index} has no request.url", start)
        method = str(request_part.get("method") or "GET").upper()
        url = request_part["url"]
        reason = self._skip_reason(method, url)
        if reason is not None:
            yield Skipped(self.source, reason)
            return
        if isinstance(self.source, StreamedSource):
            self.source.show(start, line, prefix, text)
        yield self._request(entry, request_part, method, url, _LazyEntry(text, start))

    def _skip_reason(self, method: str, url: str) -> str | None:
        scheme, _, rest = url.partition("://")
        if scheme.lower() not in ("http", "https"):
            return SKIP_NOT_HTTP
        host = host_name(rest.split("/", 1)[0])
        path = "/" + rest.split("/", 1)[1].split("?", 1)[0] if "/" in rest else "/"
        if method == "OPTIONS":
            return SKIP_PREFLIGHT
        domain = self.knowledge.genesys_domain_of(host)
        if host not in self.hosts and domain is None:
            return SKIP_OTHER_HOST
        if _STATIC.search(path):
            return SKIP_STATIC
        if not path.startswith("/api/") and not path.rstrip("/").endswith("/oauth/token"):
            return SKIP_NOT_API
        return None

    def _request(self, entry: dict[str, Any], part: dict[str, Any], method: str, url: str, lazy: _LazyEntry) -> Request:
        raw_headers = _field(part, "headers", list)
        headers: list[tuple[str, str]] = []
        header_indexes: list[tuple[int, str]] = []
        for index, item in enumerate(raw_headers):
            if isinstance(item, dict) and isinstance(item.get("name"), str) and not item["name"].startswith(":"):
                headers.append((item["name"], str(item.get("value", ""))))
                header_indexes.append((index, item["name"]))
        body_text, body_map = _body(part, lazy)
        if body_text is not None and not any(name.lower() == "content-type" for name, _ in headers):
            mime = (part.get("postData") or {}).get("mimeType")
            if isinstance(mime, str) and mime:
                headers.append(("Content-Type", mime))  # some producers keep it only in postData
        origin = Origin(self.source, "har", self.index, None)
        request = make_request(
            origin, method, url, headers, body_text, body_map, _LazySpans(self.source, lazy, header_indexes)
        )
        return request._replace(response=_response(entry.get("response"), self.source, lazy))


def _body(part: dict[str, Any], lazy: _LazyEntry) -> tuple[str | None, _LazyBodyMap | None]:
    post = part.get("postData")
    if not isinstance(post, dict):
        return None, None
    text = post.get("text")
    if isinstance(text, str):
        if str(post.get("encoding", "")).lower() == "base64":
            try:
                return base64.b64decode(text).decode("utf-8"), None
            except (ValueError, UnicodeDecodeError):
                return text, None
        return text, _LazyBodyMap(lazy)
    params = post.get("params")
    if isinstance(params, list):
        from urllib.parse import urlencode

        pairs = [(str(p.get("name", "")), str(p.get("value", ""))) for p in params if isinstance(p, dict)]
        return urlencode(pairs), None
    return None, None


def _response(value: Any, source: SourceText, lazy: _LazyEntry) -> Response | None:
    """The recorded status, and the body text of an error response (what the trace rules use)."""
    if not isinstance(value, dict) or not isinstance(value.get("status"), int) or value["status"] <= 0:
        return None
    status = value["status"]
    if status < 400:
        return Response(status=status, status_text=str(value.get("statusText", "")))
    content = _field(value, "content", dict)
    text = content.get("text") if isinstance(content.get("text"), str) else None
    if text is not None and str(content.get("encoding", "")).lower() == "base64":
        try:
            text = base64.b64decode(text).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            text = None
    return Response(
        status=status,
        status_text=str(value.get("statusText", "")),
        body_text=text,
        span=lazy.span(source, "/response/status"),
    )


def _field(value: dict[str, Any], key: str, kind: type[Any]) -> Any:
    """`value[key]` when it is of `kind`, else an empty one (HAR producers omit and vary)."""
    found = value.get(key)
    return found if isinstance(found, kind) else kind()
