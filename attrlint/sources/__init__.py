"""Readers: one per input format, and the detection that picks one for a file or stdin.

Every reader turns its input into `Request`s — or `ReadFailure`s for what it cannot read and
`Skipped` for what it passes over on purpose — and never raises on bad input. HAR captures are
streamed; every other format is read whole. A HAR capture opened with `open_input` also gives
`Clean` for entries the fast path accepts without a Request being built.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath
from typing import BinaryIO, NamedTuple

from attrlint.model import EMPTY, Clean, ReadFailure, Request, Skipped, SourceText

Item = Request | ReadFailure | Skipped | Clean
STDIN = "-"
FORMATS = ("auto", "json", "yaml", "curl", "http", "httpfile", "har", "postman")
_EXTENSIONS = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".sh": "curl",
    ".bash": "curl",
    ".zsh": "curl",
    ".curl": "curl",
    ".cmd": "curl",
    ".bat": "curl",
    ".ps1": "curl",
    ".http": "httpfile",
    ".rest": "httpfile",
    ".har": "har",
}
# Read in a folder walk by content: text files that may hold curl commands or HTTP requests.
_BY_CONTENT = (".txt",)
SKIP_NO_CURL = "scripts with no curl command"
SKIP_NO_REQUEST = "text files with no request"
HEAD = 64 * 1024  # the start of an input its format is detected from
MAX_TEXT = 64 << 20  # inputs other than HAR are read whole; more than this is not a request
_NOUNS = {"curl": "curl command", "http": "HTTP request", "httpfile": "request", "postman": "request"}
_CHUNK = 1 << 20


class ReadOptions(NamedTuple):
    """How to read inputs: a forced format, the target of bare bodies, variables, extra hosts."""

    input_format: str = "auto"
    method: str | None = None
    url: str | None = None
    variables: Mapping[str, str] = EMPTY
    hosts: tuple[str, ...] = ()


def walked(name: str) -> bool:
    """True when a folder walk reads the file `name`: a format by name, or text read by content."""
    return format_by_name(name) is not None or name.lower().endswith(_BY_CONTENT)


def format_by_name(name: str) -> str | None:
    """The format a file name implies, if any (`x.postman_collection.json` is Postman)."""
    lowered = name.lower()
    if lowered.endswith(".postman_collection.json"):
        return "postman"
    return _EXTENSIONS.get(PurePath(lowered).suffix)


def detect_format(name: str, head: str) -> str:
    """The input format of a file: by name, else (stdin, .txt, plain .json) by content.

    `head` is the start of the text (enough to see the first keys of a JSON document).
    """
    by_name = format_by_name(name)
    if by_name is not None and by_name not in ("json", "yaml"):
        return by_name
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        return _json_kind(stripped)
    if by_name is not None:
        return by_name
    from attrlint.sources.curl import looks_like_curl

    if looks_like_curl(head):
        return "curl"
    from attrlint.sources.raw_http import looks_like_raw_http

    return "http" if looks_like_raw_http(head) else "yaml"


def _json_kind(text: str) -> str:
    """`har`, `postman` or plain `json`, from the start of a JSON document."""
    import re

    if re.match(r'\{\s*"log"\s*:\s*\{', text):
        return "har"
    if '"_postman_id"' in text or "schema.getpostman.com" in text:
        return "postman"
    return "json"


def read_input(
    source: SourceText,
    input_format: str = "auto",
    method: str | None = None,
    url: str | None = None,
    *,
    variables: Mapping[str, str] = EMPTY,
    hosts: tuple[str, ...] = (),
) -> list[Item]:
    """Read one input whose text is already in `source`, in the given format (`auto` detects)."""
    options = ReadOptions(input_format, method, url, variables, hosts)
    fmt = detect_format(source.name, source.text[:HEAD]) if input_format == "auto" else input_format
    if fmt == "har":
        return list(_read_har(source, [source.text.encode("utf-8")], options, clean_repeats=False))
    return _read_text(source, fmt, options, input_format == "auto" and format_by_name(source.name) is None)


def open_input(path: str, options: ReadOptions) -> tuple[SourceText, Iterator[Item]] | ReadFailure:
    """Open a file (or stdin, `-`) and return its source and its items, read lazily.

    A HAR capture is streamed from the file; other formats are read whole.
    """
    name = "<stdin>" if path == STDIN else path
    try:
        if path != STDIN and not _readable_kind(path):
            return ReadFailure(SourceText(name, ""), "file", "not a regular file (a device or socket)")
        stream: BinaryIO = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        return ReadFailure(SourceText(name, ""), "file", exc.strerror or str(exc))
    try:
        head = stream.read(HEAD)
    except OSError as exc:
        stream.close()
        return ReadFailure(SourceText(name, ""), "file", exc.strerror or str(exc))
    fmt = options.input_format
    guessed = fmt == "auto" and format_by_name(name) is None
    if fmt == "auto":
        fmt = detect_format(name, head.decode("utf-8", "replace"))
    if fmt == "har":
        from attrlint.sources.har import StreamedSource

        streamed = StreamedSource(name)
        chunks = itertools.chain([head], iter(lambda: stream.read(_CHUNK), b""))
        return streamed, _closing(_read_har(streamed, chunks, options, clean_repeats=True), stream)
    try:
        data = head + stream.read(MAX_TEXT + 1 - len(head))
    except OSError as exc:
        return ReadFailure(SourceText(name, ""), "file", exc.strerror or str(exc))
    finally:
        if path != STDIN:
            stream.close()
    if len(data) > MAX_TEXT:
        message = f"larger than {MAX_TEXT >> 20} MiB; only HAR captures are read in a stream"
        return ReadFailure(SourceText(name, ""), "file", message)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ReadFailure(SourceText(name, ""), "file", f"not UTF-8 text (byte {exc.start})")
    source = SourceText(name, text)
    return source, iter(_read_text(source, fmt, options, guessed))


def _closing(items: Iterator[Item], stream: BinaryIO) -> Iterator[Item]:
    try:
        yield from items
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _read_har(
    source: SourceText, chunks: Iterable[bytes], options: ReadOptions, *, clean_repeats: bool
) -> Iterator[Item]:
    from attrlint.sources.har import read_har

    return read_har(source, chunks, options.hosts, clean_repeats=clean_repeats)


def _readable_kind(path: str) -> bool:
    """True for a regular file or a pipe (`<(...)`), which can be read to the end."""
    import stat

    mode = os.stat(path).st_mode
    return stat.S_ISREG(mode) or stat.S_ISFIFO(mode)


def _read_text(source: SourceText, fmt: str, options: ReadOptions, guessed: bool = False) -> list[Item]:
    """Read a text input; nothing readable in it is one `ReadFailure`, never an empty list."""
    if not source.text.strip():
        return [ReadFailure(source, "input", "it is empty")]
    if fmt == "yaml" and guessed and source.name.lower().endswith(_BY_CONTENT):
        return [Skipped(source, SKIP_NO_REQUEST, whole_file=True)]  # prose, not a request
    items = _read_format(source, fmt, options, guessed)
    if not items and fmt == "curl":
        return [Skipped(source, SKIP_NO_CURL, whole_file=True)]  # a build script, not a request
    if not items:
        return [ReadFailure(source, fmt, f"no {_NOUNS.get(fmt, 'request')} found in it")]
    return items


def _read_format(source: SourceText, fmt: str, options: ReadOptions, guessed: bool) -> list[Item]:
    if fmt == "curl":
        from attrlint.sources.curl import read_curl

        return list(read_curl(source))
    if fmt == "http":
        from attrlint.sources.raw_http import read_raw_http

        return list(read_raw_http(source))
    if fmt == "httpfile":
        from attrlint.sources.httpfile import read_http_file

        return list(read_http_file(source, options.variables))
    if fmt == "postman":
        from attrlint.sources.postman import read_postman

        return list(read_postman(source, options.variables))
    from attrlint.sources.payload import read_structured

    return list(read_structured(source, fmt, options.method, options.url, documents_only=guessed))
