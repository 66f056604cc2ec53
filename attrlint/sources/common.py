"""Pieces every reader shares: splitting a URL, parsing a body, assembling a `Request`."""

from __future__ import annotations

import bisect
import json
import sys
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.model import (
    EMPTY,
    BodyError,
    BodyMap,
    Headers,
    Origin,
    ReaderNote,
    ReadFailure,
    Request,
    Response,
    SourceText,
    Span,
)
from attrlint.sources.positions import STRICT_JSON, NotJson
from attrlint.unknown import MARKS, Unknown, quote_bare

_FORM = lazy_re(r"[\w.\-~%+*]+=[^&\s]*(?:&[\w.\-~%+*]+=[^&\s]*)*")
_ODD_AUTHORITY = frozenset("@[]:?#%\\")  # user info, IPv6, port, or no plain host: urlsplit's case


def host_name(value: str) -> str:
    """The bare, lower-case host name of a `--host` value or URL authority: no scheme, user,
    port, path or trailing dot (`https://GW.example.com:8443/x` -> `gw.example.com`)."""
    rest = value.strip().partition("://")[2] or value.strip()
    authority = rest.split("/", 1)[0].rpartition("@")[2]
    if authority.startswith("["):
        return authority[1:].partition("]")[0].lower()
    return (
        authority.rsplit(":", 1)[0].rstrip(".").lower() if authority.count(":") == 1 else authority.rstrip(".").lower()
    )


def split_url(url: str) -> tuple[str | None, str | None, str, str]:
    """Split a request target into (scheme, host, path, query).

    Accepts an absolute URL, a scheme-less `host/path`, or a path alone (host None).
    """
    url = url.strip()
    scheme, separator, rest = url.partition("://")
    if not separator and MARKS.search(url.split("/", 1)[0]):
        # `$BASE_URL/api/v2/...`: a value filled in at send time stands for scheme and host.
        host, slash, tail = url.partition("/")
        path, _, query = (slash + tail).partition("#")[0].partition("?")
        return None, host, path or "/", query
    if separator:
        authority, slash, tail = rest.partition("/")
        if scheme.isalpha() and authority and _ODD_AUTHORITY.isdisjoint(authority):
            path, _, query = (slash + tail).partition("#")[0].partition("?")
            return scheme.lower(), authority.rstrip(".").lower(), path or "/", query
        from urllib.parse import urlsplit  # the general case: user info, ports, IPv6, odd forms

        parts = urlsplit(url)  # raises ValueError on an invalid URL; readers report it
        return (
            parts.scheme.lower(),
            (parts.hostname.rstrip(".") if parts.hostname else None),
            parts.path or "/",
            parts.query,
        )
    path, _, query = url.partition("?")
    path = path.partition("#")[0]
    if path and not path.startswith("/") and "/" in path and "." in path.split("/", 1)[0]:
        host, _, rest = path.partition("/")
        return None, host.split(":")[0].lower(), "/" + rest, query
    if path and not path.startswith("/"):
        path = "/" + path
    return None, None, path, query


def unknown_host(url: str, unknowns: Iterable[Unknown]) -> Unknown | None:
    """The value filled in at send time that stands for an API call's host (`{{baseUrl}}` in
    `{{baseUrl}}/api/v2/...`), if one does."""
    try:
        _, host, path, _ = split_url(url)
    except ValueError:
        return None
    found = MARKS.search(host or "")
    if found is None or not path.startswith("/api/"):
        return None
    return next((u for u in unknowns if u.mark == found.group()), None)


def is_form(text: str, content_type: str | None) -> bool:
    """True when a body is (declared or shaped like) `application/x-www-form-urlencoded`.

    A body that starts like JSON is JSON whatever the header says (curl's -d declares form
    data by default; the header check reports that mismatch).
    """
    if text[:1] in ("{", "[", '"'):
        return False
    stripped = text.strip()
    if not stripped or stripped[0] in '{["':
        return False
    if content_type and "x-www-form-urlencoded" in content_type.lower():
        return True
    return _FORM.fullmatch(stripped) is not None


_OPENERS = ("{", "[")
_JSON_SPACE = " \t\n\r"
TOO_MANY_DIGITS = f"a number has more than {sys.get_int_max_str_digits():,} digits, more than attrlint reads"


MAX_DEPTH = 400
TOO_DEEP = "it nests deeper than attrlint can read (it was not checked)"


def too_deep(value: object, json_text: str | None = None) -> bool:
    """True when a parsed body nests more than MAX_DEPTH arrays and objects deep, deeper than
    the rules can follow (their fixes and schema checks recurse). With its JSON text, the
    value is walked only when the text has that many brackets."""
    if json_text is not None and json_text.count("[") + json_text.count("{") <= MAX_DEPTH:
        return False
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth == MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def parse_json_body(text: str) -> tuple[object, BodyError | None]:
    """Parse a JSON body; on failure return the error with its offset in `text`."""
    if text[:1] not in _OPENERS and not text.strip():
        return None, BodyError("it is empty", 0)
    try:
        if text[:1] in _OPENERS:  # the common case, read without decode()'s whitespace steps
            value, end = STRICT_JSON.raw_decode(text)
            if text[end:].strip(_JSON_SPACE):
                value = STRICT_JSON.decode(text)  # (raises, with decode()'s own message)
        elif text.startswith("\ufeff"):  # json.loads refuses a byte order mark, in its own words
            value = json.loads(text, parse_constant=STRICT_JSON.parse_constant)
        else:
            value = STRICT_JSON.decode(text)
    except json.JSONDecodeError as exc:
        return None, BodyError(f"invalid JSON: {exc.msg}", exc.pos)
    except NotJson as exc:
        return None, BodyError(
            f"invalid JSON: {exc} is not a JSON value (JavaScript's JSON.stringify writes null)", text.find(str(exc))
        )
    except ValueError:  # Python's limit on the digits of an integer
        return None, BodyError(f"{TOO_MANY_DIGITS} (it was not checked)", 0)
    except RecursionError:
        return None, BodyError(TOO_DEEP, 0)
    if too_deep(value, text):
        return None, BodyError(TOO_DEEP, 0)
    return value, None


INVALID_URL_FIX = (
    "Write the URL as scheme://host/path, e.g. https://api.mypurecloud.com/api/v2/...;"
    " square brackets belong only around an IPv6 address."
)


def invalid_url(source: SourceText, fmt: str, error: ValueError, span: Span | None, index: int = 0) -> ReadFailure:
    """The failure for a request whose URL cannot be parsed (urlsplit refuses it): that
    request only; the rest of the input is still read."""
    return ReadFailure(source, fmt, f"invalid URL: {error}", span, index, INVALID_URL_FIX)


def read_body(text: str, content_type: str | None) -> tuple[object, BodyError | None, str, tuple[tuple[str, str], ...]]:
    """A body text as a request holds it: (value, error, format, form fields), parsed as a
    form or as JSON by its content type and shape."""
    if is_form(text, content_type):
        from urllib.parse import parse_qsl

        return None, None, "form", tuple(parse_qsl(text.strip(), keep_blank_values=True))
    body, error = parse_json_body(text)
    return body, error, "json", ()


class Shifted(NamedTuple):
    """A body map through `quote_bare`'s added quotes: an offset in the quoted text is the
    offset in the text before (each added quote at its mark) mapped by `inner`."""

    inner: BodyMap
    added: tuple[int, ...]

    def to_source(self, offset: int) -> int:
        """The source offset of offset `offset` in the quoted text."""
        before = bisect.bisect_left(self.added, offset)  # quotes added before this offset
        return self.inner.to_source(offset - before)


def make_request(
    origin: Origin,
    method: str | None,
    url: str,
    headers: Headers | Iterable[tuple[str, str]] = (),
    body_text: str | None = None,
    body_map: BodyMap | None = None,
    spans: Mapping[str, Span] | None = None,
    notes: Iterable[ReaderNote] = (),
    response: Response | None = None,
    unknowns: Iterable[Unknown] = (),
) -> Request:
    """Assemble a `Request`, parsing the body as JSON or as a form by its content type.

    A body holding marks of `unknowns` bare (outside JSON strings) has them quoted first, so
    that it parses; its map then goes through the added quotes.
    """
    scheme, host, path, query = split_url(url)
    header_map = headers if isinstance(headers, Headers) else Headers(headers)
    body: object = None
    error: BodyError | None = None
    body_format = "json"
    form: tuple[tuple[str, str], ...] = ()
    found = tuple(unknowns)
    if body_text is not None:
        content_type = header_map.get("content-type")
        if found and not is_form(body_text, content_type):
            body_text, added, found = quote_bare(body_text, found)
            if added and body_map is not None:
                body_map = Shifted(body_map, added)
        body, error, body_format, form = read_body(body_text, content_type)
    return Request(
        origin=origin,
        method=method.upper() if method else None,
        url=url,
        scheme=scheme,
        host=host,
        path=path,
        query=query,
        headers=header_map,
        body_text=body_text,
        body=body,
        body_error=error,
        body_format=body_format,
        body_map=body_map,
        form=form,
        spans=spans if spans is not None else EMPTY,
        notes=tuple(notes),
        response=response,
        unknowns=found,
    )
