"""HAR 1.2 captures (browsers, mitmproxy, Charles, Fiddler), streamed entry by entry.

A capture can be larger than memory allows to parse whole, so the file is read in chunks and
`log.entries` is decoded one entry at a time with the C JSON decoder; only the current entry's
text is held. Entries that are not Genesys API calls (other hosts, static assets, CORS
preflights) are counted, not linted. Positions are computed only for entries that have
findings: the source keeps a window on the current entry and maps file offsets to lines there
(the stream counts lines only when a place is asked for or text is dropped, never per entry).
"""

from __future__ import annotations

import base64
import codecs
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property, partial
from operator import itemgetter
from typing import Any

from attrlint.checks import Options
from attrlint.fastpath import body_clean, clean_target, ids_alike, judges
from attrlint.knowledge import Knowledge
from attrlint.lazyre import lazy_re
from attrlint.memo import remember
from attrlint.model import Clean, Headers, Origin, Position, ReadFailure, Request, Response, Skipped, SourceText, Span
from attrlint.sources.common import TOO_MANY_DIGITS, host_name, invalid_url, make_request, read_body
from attrlint.sources.positions import STRICT_JSON, member_at, next_item, string_literal_map

_DECODER = json.JSONDecoder()

_WHITESPACE = lazy_re(r"[ \t\r\n]*")
_BETWEEN = lazy_re(r"[ \t\r\n]*,[ \t\r\n]*")
_STATIC = lazy_re(r"\.(?:js|mjs|css|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|map|webp|avif|mp[34]|wasm|html?)$", 0)
_READ_MORE = 1 << 20
_AHEAD = 1 << 18
_STATUS = lazy_re(r'"status"\s*:\s*(-?\d+)')

SKIP_OTHER_HOST = "other hosts"
SKIP_STATIC = "static assets"
SKIP_PREFLIGHT = "OPTIONS preflights"
SKIP_NOT_API = "not API calls (pages, scripts, other paths)"
SKIP_NOT_HTTP = "non-HTTP URLs"


class StreamedSource(SourceText):
    """A source whose text is not kept: positions come from a window on the current entry."""

    __slots__ = ("_place", "_window")

    def __init__(self, name: str) -> None:
        super().__init__(name, "")
        self._window: tuple[int, str] = (0, "")
        self._place: Callable[[int], tuple[int, str]] = _start_of_file

    def follow(self, place: Callable[[int], tuple[int, str]]) -> None:
        """Take lines from `place`: the line of a file offset and the part of that line before
        it (asked only when a position is needed)."""
        self._place = place

    def show(self, start: int, text: str) -> None:
        """Move the window: `text` starts at file offset `start`."""
        self._window = (start, text)

    def position(self, offset: int) -> Position:
        """The line and column of a file offset inside the current window (remembering the
        line's text for reports)."""
        start, text = self._window
        line, prefix = self._place(start)
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


def _start_of_file(offset: int) -> tuple[int, str]:
    """The place of every offset while a source follows no stream: line 1, nothing before."""
    return 1, ""


class _LazyEntry:
    """Offsets inside one entry's JSON text, found only when a finding needs a place."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start

    @cached_property
    def _parts(self) -> tuple[list[int], dict[str, tuple[int, int]]]:
        """Where each `request` member's value starts, and the places a finding points at, in
        one walk over the entry's members (with a member repeated, each place is taken from
        the last one that has it)."""
        requests: list[int] = []
        found: dict[str, tuple[int, int]] = {}
        text = self.text
        position = _after_space(text, 0) + 1
        while (member := member_at(text, position)) is not None:
            key, _, start = member
            end = None
            if key == "request":
                requests.append(start)
                end = _walk(text, start, _REQUEST_PLACES, "/request", found)
            if end is None:
                try:
                    _, end = _DECODER.raw_decode(text, start)
                except (ValueError, RecursionError):  # nested too deep to walk here: stop
                    break
            if key == "response":
                status = _STATUS.search(text, start, end)
                if status:
                    found["/response/status"] = (status.start(1), status.end(1))
            position, closed = next_item(text, end)
            if closed:
                break
        return requests, found

    @cached_property
    def _request_parts(self) -> tuple[list[int], dict[str, tuple[int, int]]]:
        """`_parts` for the places inside `request`, walking only that member when its key is
        written once: with no \\u escape in the entry, every key named "request" is written
        `"request"`, so one such text is the entry's one request key."""
        text = self.text
        at = text.find('"request"')
        if at < 0 or text.find('"request"', at + 1) >= 0 or "\\u" in text:
            return self._parts
        colon = _after_space(text, at + len('"request"'))
        if text[colon : colon + 1] != ":":
            return self._parts
        start = _after_space(text, colon + 1)
        found: dict[str, tuple[int, int]] = {}
        _walk(text, start, _REQUEST_PLACES, "/request", found)
        return [start], found

    @cached_property
    def header_offsets(self) -> dict[str, tuple[int, int]]:
        """Pointer -> (start, end) of each request header's value."""
        found: dict[str, tuple[int, int]] = {}
        for start in self._request_parts[0]:
            _walk(self.text, start, _HEADER_PLACES, "/request", found)
        return found

    def find(self, pointer: str) -> tuple[int, int] | None:
        """The (start, end) of a place a finding points at: the request's method, URL, body
        text or a header value, or `response.status` (the places inside `request` found
        without walking the rest of the entry when they can be)."""
        if pointer.startswith("/request/headers/"):
            return self.header_offsets.get(pointer)
        return (self._request_parts if pointer.startswith("/request/") else self._parts)[1].get(pointer)

    def span(self, source: SourceText, pointer: str) -> Span | None:
        found = self.find(pointer)
        if found is None:
            return None
        return source.span(self.start + found[0], self.start + found[1])

    @cached_property
    def _body_map(self) -> Callable[[int], int]:
        found = self.find("/request/postData/text")
        return string_literal_map(self.text, found[0] if found else 0, self.start).to_source

    def to_source(self, inner: int) -> int:
        """The file offset of offset `inner` in `postData.text`, escapes included (the entry is
        the body map of its request)."""
        return self._body_map(inner)


# The places `_locate` records: a member name leads to its places inside that member (None:
# the member's value itself); a list holds the places inside each element of an array. The
# header values are looked for apart: walking each header object costs more than the rest.
_Places = dict[str, "_Places | list[_Places] | None"]
_REQUEST_PLACES: _Places = {"method": None, "url": None, "postData": {"text": None}}
_HEADER_PLACES: _Places = {"headers": [{"value": None}]}


def _walk(text: str, position: int, places: _Places, pointer: str, found: dict[str, tuple[int, int]]) -> int | None:
    """`_locate`, or None at NaN or Infinity (not JSON) or at a value nested past the
    decoder's depth: the places after it are not located."""
    try:
        return _locate(text, position, places, pointer, found)
    except (ValueError, RecursionError):
        return None


def _locate(
    text: str, position: int, places: _Places | list[_Places] | None, pointer: str, found: dict[str, tuple[int, int]]
) -> int:
    """Record in `found` the (start, end) of each of `places` inside the JSON value at
    `position`, under `pointer`; return the value's end. Values off the way are skipped by the
    C decoder, which (as JSON, unlike Python's json) refuses NaN and Infinity."""
    char = text[position]
    if places is None or char not in "{[" or isinstance(places, dict) != (char == "{"):
        _, end = STRICT_JSON.raw_decode(text, position)
        if places is None:
            found[pointer] = (position, end)
        return end
    position = _after_space(text, position + 1)
    if text[position] in "}]":
        return position + 1
    index = 0
    while True:
        if isinstance(places, dict):
            member = member_at(text, position)
            if member is None:
                raise ValueError(f"expected a key at {position}")
            key, _, position = member
            if key in places:
                position = _locate(text, position, places[key], f"{pointer}/{key}", found)
            else:
                _, position = STRICT_JSON.raw_decode(text, position)
        else:
            position = _locate(text, position, places[0], f"{pointer}/{index}", found)
            index += 1
        position, closed = next_item(text, position)
        if closed:
            return position


def _after_space(text: str, position: int) -> int:
    """The first position at or after `position` that is not JSON whitespace."""
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


class _LazySpans(Mapping[str, Span]):
    """The request's spans ("method", "url", "header:x", "body") inside the entry, each found
    when asked for. `headers` is the entry's `request.headers` list."""

    def __init__(self, source: SourceText, entry: _LazyEntry, headers: list[Any]) -> None:
        self._source = source
        self._entry = entry
        self._headers = headers

    @cached_property
    def _pointers(self) -> dict[str, str]:
        pointers = {"method": "/request/method", "url": "/request/url", "body": "/request/postData/text"}
        pointers.update(
            (f"header:{name.lower()}", f"/request/headers/{index}/value")
            for index, item in enumerate(self._headers)
            if (name := _header_name(item)) is not None
        )
        return pointers

    def __getitem__(self, key: str) -> Span:
        span = self._entry.span(self._source, self._pointers[key])
        if span is None:
            raise KeyError(key)
        return span

    def __iter__(self) -> Iterator[str]:
        return (key for key, pointer in self._pointers.items() if self._entry.find(pointer) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Stream:
    """Decoded text read on demand. `pos` is where reading is in `buffer`, whose first
    character is at file offset `base`. Text read is dropped only when more is appended, so
    moving on costs nothing; lines are counted only when a place is asked for and when text is
    dropped, never per entry."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.buffer = ""
        self.pos = 0
        self.base = 0
        self.done = False
        # `buffer[_mark]` is on line `_line`, after `_prefix` (the part of the line before it)
        self._mark = 0
        self._line = 1
        self._prefix = ""

    @property
    def offset(self) -> int:
        """The file offset of `pos`."""
        return self.base + self.pos

    def place(self, offset: int) -> tuple[int, str]:
        """The line of file offset `offset` and the part of that line before it. Offsets are
        asked in order: lines are counted from the last one asked (an earlier one gets its
        place)."""
        at = offset - self.base
        mark = self._mark
        if at > mark:
            last = self.buffer.rfind("\n", mark, at)
            if last >= 0:
                self._line += self.buffer.count("\n", mark, at)
                self._prefix = self.buffer[last + 1 : at]
            else:
                self._prefix += self.buffer[mark:at]
            self._mark = at
        return self._line, self._prefix

    def more(self, at_least: int = 1) -> bool:
        """Append at least `at_least` more characters (False at the end of input). The text
        read is dropped first when it is most of the buffer (each drop at least halves it, so
        the copying stays linear)."""
        if self.pos * 2 > len(self.buffer):
            self.place(self.offset)  # count the lines of the text dropped now
            self.buffer = self.buffer[self.pos :]
            self.base += self.pos
            self._mark = self.pos = 0
        wanted = len(self.buffer) + at_least
        parts = [self.buffer]  # joined once: appending chunk by chunk would copy the buffer each time
        size = len(self.buffer)
        while size < wanted and not self.done:
            chunk = next(self._chunks, None)
            if chunk is None:
                parts.append(self._decoder.decode(b"", final=True))
                self.done = True
            else:
                parts.append(self._decoder.decode(chunk))
            size += len(parts[-1])
        self.buffer = "".join(parts)
        return size >= wanted

    def skip_whitespace(self) -> str:
        """Move past whitespace and return the next character ('' at the end)."""
        while True:
            match = _WHITESPACE.match(self.buffer, self.pos)
            if match:
                self.pos = match.end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def value(self) -> tuple[Any, str]:
        """Decode the JSON value at `pos`; return it and its text (not yet moved past). The
        text ahead is topped up first: a value cut off by the end of the buffer is decoded
        twice, and the decoder's error counts the lines of the whole buffer."""
        if len(self.buffer) - self.pos < _AHEAD and not self.done:
            self.more(_AHEAD)
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.done:
                    raise _Malformed(error.msg, self.offset + error.pos - self.pos) from None
                self.more(max(_READ_MORE, len(self.buffer) - self.pos))  # doubling keeps it linear
                continue
            except ValueError:  # Python's limit on the digits of an integer
                raise _Malformed(TOO_MANY_DIGITS, self.offset) from None
            except RecursionError:
                raise _Malformed("it nests deeper than attrlint can read", self.offset) from None
            if end == len(self.buffer) and not self.done and isinstance(value, (int, float)):
                self.more()  # a number may go on in the next chunk
                continue
            return value, self.buffer[self.pos : end]

    def expect(self, char: str) -> None:
        """Move past `char` (after whitespace) or fail."""
        found = self.skip_whitespace()
        if found != char:
            raise _Malformed(f"expected '{char}' but found {found!r}" if found else f"expected '{char}'", self.offset)
        self.pos += 1


class _Malformed(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def read_har(
    source: SourceText, chunks: Iterable[bytes], hosts: tuple[str, ...] = (), *, clean_repeats: bool = False
) -> Iterator[Request | ReadFailure | Skipped | Clean]:
    """Every Genesys API request in a HAR capture, in order; other entries become `Skipped`,
    and with `clean_repeats` the repeats of clean targets with clean bodies become `Clean`.

    With a `StreamedSource` each request must be linted before the next one is read (its
    positions are computed in a window on the current entry); with a plain `SourceText`
    holding the whole text, positions come from that text.
    """
    stream = _Stream(chunks)
    reader = _EntryReader(source, frozenset(hosts), clean_repeats)
    if isinstance(source, StreamedSource):
        source.follow(stream.place)
    try:
        yield from _log_entries(stream, reader)
    except _Malformed as error:
        if isinstance(source, StreamedSource):  # the window reaches past the error's place
            source.show(stream.offset, stream.buffer[stream.pos : max(stream.pos, error.offset - stream.base) + 200])
        span = source.span(error.offset, error.offset + 1)
        yield ReadFailure(source, "har", error.message, span, max(reader.index, 0))
    except UnicodeDecodeError as error:
        yield ReadFailure(source, "har", f"not UTF-8 text ({error.reason})", None, max(reader.index, 0))


def _log_entries(stream: _Stream, reader: _EntryReader) -> Iterator[Request | Skipped | ReadFailure | Clean]:
    stream.expect("{")
    for key in _keys(stream):
        if key != "log":
            _skip_value(stream)
            continue
        stream.expect("{")
        for log_key in _keys(stream):
            if log_key != "entries":
                _skip_value(stream)
                continue
            stream.expect("[")
            if stream.skip_whitespace() == "]":
                stream.pos += 1
                continue
            while True:  # at an entry, whitespace skipped
                entry, text = stream.value()
                yield reader.read(entry, text, stream.offset)
                stream.pos += len(text)
                between = _BETWEEN.match(stream.buffer, stream.pos)  # the usual case, in one step
                if between is not None:
                    stream.pos = between.end()
                    if stream.pos < len(stream.buffer):
                        continue
                elif _closed(stream, "]", "between entries"):
                    break
                stream.skip_whitespace()


def _skip_value(stream: _Stream) -> None:
    """Move past the value at `pos` (reading it may drop text read and move `pos` first)."""
    _, text = stream.value()
    stream.pos += len(text)


def _keys(stream: _Stream) -> Iterator[str]:
    """The keys of the object whose '{' was just dropped; after each, its value is next."""
    if stream.skip_whitespace() == "}":
        stream.pos += 1
        return
    while True:
        if stream.skip_whitespace() != '"':
            raise _Malformed("expected a key", stream.offset)
        key, text = stream.value()
        stream.pos += len(text)
        stream.expect(":")
        stream.skip_whitespace()
        yield key
        if _closed(stream, "}", "after a value"):
            return


def _closed(stream: _Stream, closing: str, where: str) -> bool:
    """Drop the ',' or the `closing` bracket after an item; True for the bracket."""
    separator = stream.skip_whitespace()
    stream.pos += 1
    if separator == closing:
        return True
    if separator != ",":
        raise _Malformed(f"expected ',' or '{closing}' {where}, found {separator!r}", stream.offset - 1)
    return False


_RepeatKey = tuple[str, str, str | None, str | None, bool, int | None]


class _EntryReader:
    """Turns one decoded HAR entry into a Request (or says why it is skipped).

    With `clean_repeats`, an entry whose target repeats one the fast path judged clean, with
    a body the fast path accepts, becomes `Clean` and no Request is built: a capture calls a
    few targets again and again. The repeat key holds what the fast path's target verdict
    depends on, as the entry says it: method, URL with its UUID segments alike, token,
    content type, whether a body is sent, and the recorded status.
    """

    def __init__(self, source: SourceText, hosts: frozenset[str], clean_repeats: bool = False) -> None:
        self.source = source
        self.streamed = source if isinstance(source, StreamedSource) else None
        self.hosts = hosts
        self.index = -1
        self.knowledge = Knowledge.load()
        self._foreign: dict[str, bool] = {}  # URL authority -> neither Genesys nor --host
        self._header_sets = _HeaderSets()
        self._repeats = clean_repeats and judges(Options(hosts=tuple(hosts)))  # (with extra hosts: never)
        self._clean: dict[_RepeatKey, tuple[str | None]] = {}  # repeat key -> (body model,) of a clean target
        self._reasons: dict[tuple[str, str], str] = {}  # (method, URL shape) -> skip reason, "" for none

    def read(self, entry: Any, text: str, start: int) -> Request | Skipped | ReadFailure | Clean:
        self.index += 1
        part = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(part, dict) or not isinstance(part.get("url"), str):
            raise _Malformed(f"entry {self.index} has no request.url", start)
        method = str(part.get("method") or "GET").upper()
        url = part["url"]
        # Whether an entry is skipped depends on its method and URL alike with other IDs.
        shape = (method, ids_alike(url))
        reason = self._reasons.get(shape)
        if reason is None:
            reason = remember(self._reasons, shape, self._skip_reason(method, url) or "")
        if reason:
            return Skipped(self.source, reason)
        headers = self._header_sets.read(_field(part, "headers", list))
        body_text, verbatim = _body(part.get("postData"))
        content_type = headers.get("content-type")
        if body_text is not None and content_type is None:
            mime = part["postData"].get("mimeType")
            if isinstance(mime, str) and mime:  # some producers keep it only in postData
                headers = Headers((*headers.items_raw(), ("Content-Type", mime)))
                content_type = mime
        response = entry.get("response")
        status = response.get("status") if isinstance(response, dict) else None
        key: _RepeatKey | None = None
        if self._repeats and (status is None or type(status) is int):  # (a status of another type: no key)
            key = (*shape, headers.get("authorization"), content_type, body_text is not None, status)
        body = (body_text, verbatim)
        build = partial(self._request, part, response, method, url, headers, body, text, start, self.index)
        judged = self._clean.get(key) if key is not None else None
        if judged is not None and _clean_body_text(judged[0], body_text, content_type):
            return Clean(self.source, build)
        request = build()
        if key is not None and judged is None and isinstance(request, Request):
            clean, model = clean_target(request, Options())
            if clean:
                remember(self._clean, key, (model,))
        return request

    def _skip_reason(self, method: str, url: str) -> str | None:
        scheme, _, rest = url.partition("://")
        if scheme.lower() not in ("http", "https"):
            return SKIP_NOT_HTTP
        if method == "OPTIONS":
            return SKIP_PREFLIGHT
        authority, slash, tail = rest.partition("/")
        foreign = self._foreign.get(authority)
        if foreign is None:  # a capture talks to few hosts: judge each once
            host = host_name(authority)
            foreign = remember(
                self._foreign, authority, host not in self.hosts and self.knowledge.genesys_domain_of(host) is None
            )
        if foreign:
            return SKIP_OTHER_HOST
        path = "/" + tail.split("?", 1)[0] if slash else "/"
        if _STATIC.search(path):
            return SKIP_STATIC
        if not path.startswith("/api/") and not path.rstrip("/").endswith("/oauth/token"):
            return SKIP_NOT_API
        return None

    def _request(
        self,
        part: dict[str, Any],
        response: Any,
        method: str,
        url: str,
        headers: Headers,
        body: tuple[str | None, bool],
        text: str,
        start: int,
        index: int,
    ) -> Request | ReadFailure:
        """The Request of entry `index`, whose `request` member is `part`: `body` is its text
        and whether that is `postData.text` verbatim. Positions are found in `text`, the
        entry's JSON text at file offset `start` (the streamed source's window moves there)."""
        if self.streamed is not None:
            self.streamed.show(start, text)
        lazy = _LazyEntry(text, start)
        body_text, verbatim = body
        try:
            return make_request(
                Origin(self.source, "har", index, None),
                method,
                url,
                headers,
                body_text,
                lazy if verbatim else None,
                _LazySpans(self.source, lazy, _field(part, "headers", list)),
                response=_response(response, self.source, lazy),
            )
        except ValueError as error:  # urlsplit refuses the URL
            return invalid_url(self.source, "har", error, lazy.span(self.source, "/request/url"), index)


def _clean_body_text(model: str | None, body_text: str | None, content_type: str | None) -> bool:
    """The fast path's verdict on a body sent to a clean target whose body must fit `model`."""
    if body_text is None:
        return True
    body, error, body_format, _ = read_body(body_text, content_type)
    return error is None and body_clean(model, body, body_format, body_text)


_NAME_VALUE = itemgetter("name", "value")


class _HeaderSets:
    """The request headers of HAR `headers` lists. A capture sends the same header set again
    and again (one client, one token): each set of plain string pairs is read once and its
    `Headers` (immutable) shared by the requests that send it. The set of the entry before is
    recognised by list equality, which costs less than hashing the pairs."""

    def __init__(self) -> None:
        self._known: dict[tuple[tuple[str, str], ...], Headers] = {}
        self._last: tuple[list[Any], Headers] = ([], Headers())

    def read(self, items: list[Any]) -> Headers:
        """The `Headers` of one entry's `headers` list."""
        last_items, last = self._last
        if items == last_items:  # only lists of string pairs are kept: equal means alike
            return last
        try:
            pairs = tuple(map(_NAME_VALUE, items))
            known = self._known.get(pairs)
        except (KeyError, TypeError):  # no dict, a member missing, an unhashable value
            return _read_headers(items)
        if known is None:
            known = _read_headers(items)
            # Strings only: 1, 1.0 and True are equal keys that read as different values.
            if not all(type(name) is str and type(value) is str for name, value in pairs):
                return known
            remember(self._known, pairs, known)
        self._last = (items, known)
        return known


def _read_headers(items: list[Any]) -> Headers:
    """The headers of a `headers` list, whatever its items hold (values read as text)."""
    return Headers([(name, str(item.get("value", ""))) for item in items if (name := _header_name(item)) is not None])


def _header_name(item: Any) -> str | None:
    """The name of a request header entry, None for what is no header (HTTP/2 pseudo-headers
    such as `:path` included)."""
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) and not name.startswith(":") else None


def _body(post: Any) -> tuple[str | None, bool]:
    """The body text of a `postData`, and whether it is `postData.text` as written (base64 is
    decoded; form `params` are encoded)."""
    if not isinstance(post, dict):
        return None, False
    text = post.get("text")
    if isinstance(text, str):
        if str(post.get("encoding", "")).lower() == "base64":
            try:
                return base64.b64decode(text).decode("utf-8"), False
            except (ValueError, UnicodeDecodeError):
                return text, False
        return text, True
    params = post.get("params")
    if isinstance(params, list):
        from urllib.parse import urlencode

        pairs = [(str(p.get("name", "")), str(p.get("value", ""))) for p in params if isinstance(p, dict)]
        return urlencode(pairs), False
    return None, False


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
