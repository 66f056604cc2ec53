"""The values every part of attrlint shares: requests as read, where they came from, findings.

Readers (`attrlint.sources`) turn input into `Request` objects; checks turn a request into
problems; the engine stamps problems with their rule into `Finding` objects; reporters print
findings. All of these are immutable. Value types are `NamedTuple`s rather than frozen
dataclasses: they are as immutable and typed, and defining one costs a fraction of a
dataclass, which matters on the start-up path of a one-file run.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeVar, overload

from attrlint.unknown import Unknown

T = TypeVar("T")
EMPTY: Mapping[str, Any] = MappingProxyType({})


class Severity(enum.Enum):
    """How much a finding matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Confidence(enum.Enum):
    """`certain`: the published contract is violated. `likely`: server behaviour is undocumented."""

    CERTAIN = "certain"
    LIKELY = "likely"


class Position(NamedTuple):
    """A 1-based line and column in a source text."""

    line: int
    column: int


class Span(NamedTuple):
    """A range in a source text; `end` is inclusive of the last character's column + 1."""

    start: Position
    end: Position


class SourceText:
    """The full text of one input (file or stdin) and a line index for offset → position.

    A streamed input (a large HAR) keeps no text; its reader `remember`s the lines that
    findings point at, so reports can still show them.
    """

    __slots__ = ("name", "text", "_line_starts", "_remembered")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._line_starts: list[int] | None = None
        self._remembered: dict[int, str] = {}

    def remember(self, line: int, text: str) -> None:
        """Keep the text of a 1-based line of a streamed input."""
        self._remembered[line] = text

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a character offset (clamped to the text)."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(line + 1, offset - self._line_starts[line] + 1)

    def span(self, start: int, end: int) -> Span:
        """The span from offset `start` to offset `end` (exclusive)."""
        return Span(self.position(start), self.position(max(start, end)))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end."""
        if line in self._remembered:
            return self._remembered[line]
        if self._line_starts is None:
            self.position(0)  # builds the line index
        starts = self._line_starts or [0]
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r")


class BodyMap(Protocol):
    """Anything that maps an offset in a body text to an offset in its source."""

    def to_source(self, inner: int) -> int:
        """The source offset of body offset `inner`."""
        ...


class OffsetMap(NamedTuple):
    """Maps offsets in an extracted text (e.g. a body inside a curl quote) to source offsets.

    `anchors` are `(inner_offset, source_offset)` pairs, ascending; between two anchors the text
    is copied verbatim, so an inner offset maps to its anchor's source offset plus the distance.
    """

    anchors: tuple[tuple[int, int], ...]

    @classmethod
    def verbatim(cls, source_offset: int) -> OffsetMap:
        """A text copied unchanged from `source_offset` on."""
        return cls(((0, source_offset),))

    def to_source(self, inner: int) -> int:
        """The source offset of inner offset `inner`."""
        keys = [a[0] for a in self.anchors]
        i = max(0, bisect.bisect_right(keys, inner) - 1)
        base_inner, base_source = self.anchors[i]
        return base_source + (inner - base_inner)


class Headers(Mapping[str, str]):
    """HTTP headers: case-insensitive lookup, original names and order kept."""

    __slots__ = ("_items", "_index")

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: tuple[tuple[str, str], ...] = tuple(items)
        self._index: dict[str, str] | None = None

    def _lookup(self) -> dict[str, str]:
        """Lower-case name -> value, built on first use."""
        if self._index is None:
            self._index = {key.lower(): value for key, value in self._items}  # the last one wins
        return self._index

    def __getitem__(self, name: str) -> str:
        return self._lookup()[name.lower()]

    # `get` and `in` ask the index directly: Mapping's would raise and catch a KeyError for
    # every header that is absent (content-type on every GET of a capture).
    @overload
    def get(self, name: str, /) -> str | None: ...

    @overload
    def get(self, name: str, /, default: str | T) -> str | T: ...

    def get(self, name: str, /, default: Any = None) -> Any:
        """The value of header `name` (any case), or `default`."""
        return self._lookup().get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lookup()

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for key, _ in self._items:
            if key.lower() not in seen:
                seen.add(key.lower())
                yield key

    def __len__(self) -> int:
        return len({key.lower() for key, _ in self._items})

    def items_raw(self) -> tuple[tuple[str, str], ...]:
        """Every header line as given, duplicates included."""
        return self._items

    def __repr__(self) -> str:
        return f"Headers({list(self._items)!r})"


class Response(NamedTuple):
    """A recorded response: status, headers and body text, and where its body sits."""

    status: int
    status_text: str = ""
    headers: Headers = Headers()
    body_text: str | None = None
    span: Span | None = None


class Origin(NamedTuple):
    """Where a request came from: the input, its format, its index and optional name."""

    source: SourceText
    format: str
    request_index: int = 0
    name: str | None = None


class BodyError(NamedTuple):
    """Why a body could not be parsed, with the offset (in the body text) where it went wrong."""

    message: str
    offset: int


class ReaderNote(NamedTuple):
    """Something a reader noticed and could not represent in the request (e.g. unknown option)."""

    code: str
    message: str
    span: Span | None = None
    args: Mapping[str, Any] = EMPTY


class Request(NamedTuple):
    """One HTTP request as read from any input format.

    `url` is the raw target as written; `scheme`, `host`, `path` and `query` are its parts
    (`host` is None when only a path was given). `body_text` is the raw body; `body` its parsed
    value, meaningful only when `body_error` is None and `body_text` is not None.
    `spans` locates non-body parts in the source (keys: "method", "url", "body",
    "header:<lower-case name>"); `body_map` maps body-text offsets to source offsets.
    `form` holds decoded `application/x-www-form-urlencoded` fields (token requests).
    `locate_body`, when set, returns the source span of a body pointer directly (used where
    the body is a node of a structured file, or a string inside a recorded trace).
    `target_known` is False when no method/URL came with the input (a bare body);
    `headers_known` is False when the input format carries no headers at all.
    `response` is what the server answered, when the input recorded it (HAR).
    `unknowns` are the values filled in at send time, each standing in the URL, headers and
    body as its mark (see `attrlint.unknown`).
    """

    origin: Origin
    method: str | None
    url: str
    scheme: str | None
    host: str | None
    path: str
    query: str
    headers: Headers
    body_text: str | None = None
    body: Any = None
    body_error: BodyError | None = None
    body_format: str = "json"
    body_map: BodyMap | None = None
    form: tuple[tuple[str, str], ...] = ()
    spans: Mapping[str, Span] = EMPTY
    notes: tuple[ReaderNote, ...] = ()
    locate_body: Callable[[str], Span | None] | None = None
    target_known: bool = True
    headers_known: bool = True
    response: Response | None = None
    unknowns: tuple[Unknown, ...] = ()

    @property
    def has_body(self) -> bool:
        """True when a body was given, even an empty or unparsable one."""
        return self.body_text is not None

    @property
    def body_ok(self) -> bool:
        """True when there is a body and it parsed."""
        return self.body_text is not None and self.body_error is None


class ReadFailure(NamedTuple):
    """An input (or one request in it) that could not be read at all; `fix`, when given,
    replaces the format's general advice."""

    source: SourceText
    format: str
    message: str
    span: Span | None = None
    request_index: int = 0
    fix: str | None = None


class Skipped(NamedTuple):
    """Requests a reader passed over on purpose (not API calls), counted for the summary;
    `whole_file` when the input holds no request at all (a shell script with no curl in it)."""

    source: SourceText
    reason: str
    entries: int = 1
    whole_file: bool = False


class Clean(NamedTuple):
    """A request its reader found clean without building it: a HAR entry whose target (all
    but its IDs and body) repeats one the fast path judged clean, with a body the fast path
    accepts. Nothing can be reported on it unless the run's options give the rules more to
    check (scopes, a grant type); `request` builds it then, before the reader's next item is
    asked for (a streamed capture's positions come from a window on the current entry)."""

    source: SourceText
    request: Callable[[], Request | ReadFailure]


class Location(NamedTuple):
    """Where a finding points: file, 1-based span, JSON pointer into the body, request index."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    pointer: str | None = None
    request_index: int = 0
    request_name: str | None = None


class Finding(NamedTuple):
    """A rule's verdict on one request, ready to report."""

    code: str
    name: str
    category: str
    severity: Severity
    confidence: Confidence
    message: str
    why: str
    fix: str
    location: Location

    def sort_key(self) -> tuple[str, int, int, str, int, str]:
        """Order by file, line, column, code (then request and message, for determinism)."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, loc.request_index, self.message)
