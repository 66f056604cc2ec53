"""Readers: one per input format, and the detection that picks one for a file or stdin.

Every reader turns text into `Request`s (or `ReadFailure`s for what it cannot read) and never
raises on bad input.
"""

from __future__ import annotations

from pathlib import PurePath

from attrlint.model import ReadFailure, Request, SourceText

FORMATS = ("auto", "json", "yaml", "curl", "http")
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
    ".http": "http",
    ".rest": "http",
}


def detect_format(name: str, text: str) -> str:
    """The input format of a file: by extension, else (stdin, .txt) by content."""
    by_extension = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_extension is not None and by_extension not in ("json", "yaml"):
        return by_extension
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return "json"
    if by_extension is not None:
        return by_extension
    from attrlint.sources.curl import looks_like_curl

    if looks_like_curl(text):
        return "curl"
    from attrlint.sources.raw_http import looks_like_raw_http

    return "http" if looks_like_raw_http(text) else "yaml"


def read_input(
    source: SourceText, input_format: str = "auto", method: str | None = None, url: str | None = None
) -> list[Request | ReadFailure]:
    """Read one input in the given format (`auto` detects it)."""
    fmt = detect_format(source.name, source.text) if input_format == "auto" else input_format
    if fmt == "curl":
        from attrlint.sources.curl import read_curl

        return read_curl(source)
    if fmt == "http":
        from attrlint.sources.raw_http import read_raw_http

        return read_raw_http(source)
    from attrlint.sources.payload import read_structured

    return read_structured(source, fmt, method, url)
