"""Reader for Postman collections (v2.1 and v2.0): every request item, as newman would send it.

Folders are walked in document order; each item with a `request` becomes one `Request`. What
is read follows what newman (postman-runtime) really sends, checked against it by the test
suite: a URL object is sent from its parts (`raw` only counts when there are none);
variables come from `--var` (like newman's `--env-var`, it beats collection variables) and the
collection's `variable` list — newman ignores `variable` lists on folders and requests, so
attrlint does too and says so; a raw body gets a Content-Type from its language (text/plain
without one) unless one is set, and a JSON one loses its comments; auth (inherited down the
folders) replaces any Authorization header; a GET body is dropped unless body pruning is
disabled; headers whose names differ only in case collapse into the last one.

Notes: PRS005 a body mode or auth type that is not checked, a dropped GET body, a URL whose
`raw` disagrees with its parts, a folder or request variable newman ignores; PRS006 an
unresolved variable standing for the host (`{{baseUrl}}/api/...`: the path is still checked).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.model import OffsetMap, Origin, ReaderNote, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import invalid_url, make_request, unknown_host
from attrlint.sources.positions import json_offsets, string_literal_map
from attrlint.unknown import Marks

FORMAT = "postman"
NOT_MODELLED = "PRS005"
UNRESOLVED_BASE = "PRS006"

_VARIABLE = lazy_re(r"\{\{([^{}]+)\}\}")
# Postman's dynamic variables, as fixed examples of the shape Postman generates.
_DYNAMIC = {
    "$guid": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
    "$randomUUID": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
    "$timestamp": "1700000000",
    "$isoTimestamp": "2023-11-14T22:13:20.000Z",
    "$randomInt": "42",
}
_NESTING_LIMIT = 20  # newman resolves variables inside variable values, a bounded number of times
_LANGUAGE_TYPES = {
    "html": "text/html",
    "text": "text/plain",
    "json": "application/json",
    "javascript": "application/javascript",
    "xml": "application/xml",
}
# postman-runtime drops the body of these methods unless protocolProfileBehavior.disableBodyPruning.
_PRUNED_METHODS = frozenset({"GET", "COPY", "HEAD", "PURGE", "UNLOCK"})
_MODELLED_AUTH = frozenset({"noauth", "bearer", "basic", "oauth2", "apikey"})
# When a missing Content-Type is added: a raw JSON body is built (to strip its comments) before
# auth signs the request, other bodies after; postman-request forces form types over any other.
_BEFORE_AUTH, _AFTER_AUTH, _FORCED = "before auth", "after auth", "forced"
_FORM_TYPE = "application/x-www-form-urlencoded"
_MULTIPART_TYPE = "multipart/form-data"
_KEPT_FORCED_TYPES = {
    _FORM_TYPE: lazy_re(r"application/x-www-form-urlencoded\b"),
    _MULTIPART_TYPE: lazy_re(r"multipart/form-data;.*boundary="),
}
# Body modes read but not checked: the body format they get, and the Content-Type Postman adds.
_UNCHECKED_BODIES = {
    "formdata": ("multipart", _MULTIPART_TYPE, _FORCED),
    "file": ("binary", None, _AFTER_AUTH),
    "graphql": ("graphql", "application/json", _AFTER_AUTH),
}
_JSON_TYPE = lazy_re(r"application/(\S+\+)?json")

_Offsets = Mapping[str, tuple[int, int, int | None]]


class _Header(NamedTuple):
    """A header on its way through postman-runtime, and what in the file made it."""

    name: str
    value: str
    span: Span | None


class _Scope(NamedTuple):
    """What an item inherits from the collection and the folders around it."""

    names: tuple[str, ...]
    auth: tuple[Mapping[str, Any], str] | None  # the auth block in force and its JSON pointer
    profile: Mapping[str, Any]  # protocolProfileBehavior, inner keys winning
    ignored: Mapping[str, str]  # folder and request variables (newman ignores them) → pointer

    def enter(self, item: Mapping[str, Any], pointer: str, name: str) -> _Scope:
        """The scope inside `item` (a folder, or an item holding a request)."""
        profile = item.get("protocolProfileBehavior")
        ignored = dict(self.ignored)
        for position, entry in _enabled(item.get("variable")):
            ignored[str(entry["key"])] = f"{pointer}/variable/{position}"
        return _Scope(
            self.names + (name,),
            self.auth,
            {**self.profile, **profile} if isinstance(profile, Mapping) else self.profile,
            ignored,
        ).with_auth(item, pointer)

    def with_auth(self, holder: Mapping[str, Any], pointer: str) -> _Scope:
        """The scope under `holder` (collection, folder or request): its own auth unless it inherits."""
        auth = holder.get("auth")
        if isinstance(auth, Mapping) and auth.get("type") not in (None, "inherit"):
            return self._replace(auth=(auth, f"{pointer}/auth"))
        return self


def read_postman(source: SourceText, variables: Mapping[str, str]) -> list[Request | ReadFailure]:
    """Read every request of a Postman collection; `variables` (`--var`) beat the collection's."""
    try:
        data = json.loads(source.text)
    except json.JSONDecodeError as exc:
        return [ReadFailure(source, FORMAT, f"invalid JSON: {exc.msg}", source.span(exc.pos, exc.pos + 1))]
    except RecursionError:
        return [ReadFailure(source, FORMAT, "invalid JSON: nested too deeply")]
    if not isinstance(data, Mapping) or not isinstance(data.get("item"), list):
        return [ReadFailure(source, FORMAT, "not a Postman collection v2: there is no top-level 'item' list")]
    values = {str(entry["key"]): _js_string(entry.get("value")) for _, entry in _enabled(data.get("variable"))}
    values.update(variables)
    # The collection is the outermost scope; its own variables are the real ones, not ignored.
    scope = _Scope((), None, {}, {}).enter(data, "", "")._replace(names=(), ignored={})
    return list(_Reader(source, values).walk(data["item"], "", scope))


class _Reader:
    """Walks the item tree of one collection."""

    def __init__(self, source: SourceText, values: Mapping[str, str]) -> None:
        self.source = source
        self.values = values
        self.offsets: _Offsets = json_offsets(source.text)
        self.index = 0

    def walk(self, items: list[Any], pointer: str, scope: _Scope) -> Iterator[Request | ReadFailure]:
        for position, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            item_pointer = f"{pointer}/item/{position}"
            inner = scope.enter(item, item_pointer, str(item.get("name") or ""))
            if "request" in item:
                yield self.request(item["request"], item_pointer, inner)
                self.index += 1
            elif isinstance(item.get("item"), list):
                yield from self.walk(item["item"], item_pointer, inner)

    def span(self, pointer: str) -> Span | None:
        found = self.offsets.get(pointer)
        return self.source.span(found[0], found[1]) if found is not None else None

    def request(self, request: Any, pointer: str, scope: _Scope) -> Request | ReadFailure:
        pointer += "/request"
        if isinstance(request, str):
            request = {"url": request}
            url_pointer = pointer
        else:
            url_pointer = f"{pointer}/url"
        if not isinstance(request, Mapping) or not isinstance(request.get("url"), (str, Mapping)):
            return ReadFailure(self.source, FORMAT, "the request has no URL", self.span(pointer), self.index)
        scope = scope.with_auth(request, pointer)
        resolver = _Resolver(self.values, Marks())
        notes: list[ReaderNote] = []
        url, url_pointer = self.url(request["url"], url_pointer, resolver, notes)
        if not url.strip():
            return ReadFailure(self.source, FORMAT, "the request has no URL", self.span(url_pointer), self.index)
        method = resolver.text(request.get("method") or "GET").upper()
        headers = self.headers(request.get("header"), f"{pointer}/header", resolver)
        body = self.body(request.get("body"), method, pointer, scope, headers, resolver, notes)
        _add_content_type(headers, body, _BEFORE_AUTH)
        auth_query = self.auth(scope, headers, resolver, notes)
        if auth_query is not None:
            url = _with_query(url, *auth_query)
        _add_content_type(headers, body, _AFTER_AUTH)
        finished = _compile_headers(headers)
        if body.stage == _FORCED and body.content_type is not None:
            finished = _force_content_type(finished, body.content_type)
        notes.extend(self.variable_notes(resolver, scope))
        spans = {"url": self.span(url_pointer), "method": self.span(f"{pointer}/method"), "body": body.span}
        spans.update((f"header:{h.name.lower()}", h.span) for h in finished)
        origin = Origin(self.source, FORMAT, self.index, " / ".join(scope.names))
        self.note_unknown_host(url, url_pointer, resolver.marks, notes)
        try:
            built = make_request(
                origin,
                method,
                url,
                [(h.name, h.value) for h in finished],
                body.text,
                body.map,
                {key: span for key, span in spans.items() if span is not None},
                notes,
                unknowns=resolver.marks.found(),
            )
        except ValueError as exc:  # urlsplit refuses the URL
            return invalid_url(self.source, FORMAT, exc, self.span(url_pointer), self.index)
        return built._replace(url=url, body_format=body.format or built.body_format)

    def note_unknown_host(self, url: str, pointer: str, marks: Marks, notes: list[ReaderNote]) -> None:
        """PRS006 when a variable no source defines stands for the host of an API call."""
        unknown = unknown_host(url, marks.found())
        if unknown is None:
            return
        name = unknown.text[2:-2]
        found = self.offsets.get(pointer)
        if found is not None and self.source.text.startswith(unknown.text, found[0] + 1):
            span: Span | None = self.source.span(found[0] + 1, found[0] + 1 + len(unknown.text))
        else:
            span = self.span(pointer)
        message = f"unresolved variable {unknown.text} in the URL; the host is not checked"
        notes.append(ReaderNote(UNRESOLVED_BASE, message, span, {"variable": name}))

    def url(
        self, url: str | Mapping[str, Any], pointer: str, resolver: _Resolver, notes: list[ReaderNote]
    ) -> tuple[str, str]:
        """The resolved URL newman sends, and the pointer of what shows it in the file."""
        if isinstance(url, str):
            return resolver.text(url), pointer
        raw = url.get("raw")
        shown = f"{pointer}/raw" if isinstance(raw, str) else pointer
        if not url.get("host") and not url.get("path"):
            return resolver.text(raw or ""), shown
        built = _url_from_parts(url, resolve_path=False)
        if isinstance(raw, str) and _comparable(raw) != _comparable(built):
            message = "the URL's 'raw' text differs from its parts; Postman and newman send the parts"
            notes.append(ReaderNote(NOT_MODELLED, message, self.span(shown)))
        return resolver.text(_url_from_parts(url)), shown

    def headers(self, header: Any, pointer: str, resolver: _Resolver) -> list[_Header]:
        """The enabled request headers, variables resolved, in order."""
        pairs: list[tuple[Any, Any, Span | None]]
        if isinstance(header, str):
            span = self.span(pointer)
            pairs = [(*line.partition(":")[::2], span) for line in header.splitlines()]
        elif isinstance(header, list):
            pairs = [
                (entry["key"], entry.get("value"), self.span(f"{pointer}/{position}"))
                for position, entry in _enabled(header)
            ]
        else:
            return []
        found_headers = []
        for name, value, span in pairs:
            name = resolver.text(name).strip()
            if name:
                found_headers.append(_Header(name, resolver.text(value).strip(), span))
        return found_headers

    def body(
        self,
        body: Any,
        method: str,
        pointer: str,
        scope: _Scope,
        headers: list[_Header],
        resolver: _Resolver,
        notes: list[ReaderNote],
    ) -> _Body:
        """What newman sends as the body, and the Content-Type it adds when `headers` have none."""
        pointer += "/body"
        if not isinstance(body, Mapping) or body.get("disabled") or _is_empty(body):
            return _Body()
        mode = str(body.get("mode"))
        span = self.span(f"{pointer}/{mode}")
        if method in _PRUNED_METHODS and not scope.profile.get("disableBodyPruning"):
            message = (
                f"Postman and newman send no body with {method} (protocolProfileBehavior.disableBodyPruning is off)"
            )
            notes.append(ReaderNote(NOT_MODELLED, message, span, {"mode": mode}))
            return _Body()
        mode_span = self.span(f"{pointer}/mode")
        if mode == "raw":
            language = _raw_language(body)
            declared = next((h.value for h in headers if h.name.lower() == "content-type"), None)
            # postman-runtime strips comments from a body its language or Content-Type says is JSON.
            is_json = language == "json" or (language is None and _JSON_TYPE.match(declared or "") is not None)
            content_type = _LANGUAGE_TYPES.get(language or "text", _LANGUAGE_TYPES["text"])
            type_span = self.span(f"{pointer}/options/raw/language") or mode_span
            raw = self.raw_body(body["raw"], f"{pointer}/raw", resolver, is_json)
            stage = _BEFORE_AUTH if language == "json" else _AFTER_AUTH
            return raw._replace(content_type=_Header("Content-Type", content_type, type_span), stage=stage)
        if mode == "urlencoded":
            from urllib.parse import quote

            pairs = [(resolver.text(e["key"]), resolver.text(e.get("value"))) for _, e in _enabled(body[mode])]
            text = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)
            return _Body(text, None, span, None, _Header("Content-Type", _FORM_TYPE, mode_span), _FORCED)
        if mode in _UNCHECKED_BODIES:
            notes.append(
                ReaderNote(NOT_MODELLED, f"the Postman body mode '{mode}' is not checked", span, {"mode": mode})
            )
            body_format, added_type, stage = _UNCHECKED_BODIES[mode]
            header = _Header("Content-Type", added_type, mode_span) if added_type else None
            return _Body(None, None, span, body_format, header, stage)
        notes.append(
            ReaderNote(NOT_MODELLED, f"unknown Postman body mode '{mode}'; newman sends no body", span, {"mode": mode})
        )
        return _Body()

    def raw_body(self, raw: Any, pointer: str, resolver: _Resolver, is_json: bool) -> _Body:
        """A raw body, with a map from its sent text back into the string literal in the file."""
        span = self.span(pointer)
        if not isinstance(raw, str):  # postman-runtime stringifies a non-string raw body
            return _Body(json.dumps(raw, separators=(",", ":"), ensure_ascii=False), None, span)
        text, anchors = resolver.substitute(raw)
        stripped, removed = _strip_json_comments(text) if is_json else (text, ())
        found = self.offsets.get(pointer)
        if found is None:
            return _Body(stripped, None, span)
        literal = string_literal_map(self.source.text, found[0])
        return _Body(stripped, _compose(removed, _compose(anchors, literal)), span)

    def auth(
        self, scope: _Scope, headers: list[_Header], resolver: _Resolver, notes: list[ReaderNote]
    ) -> tuple[str, str] | None:
        """Apply the auth in force as postman-runtime signs: edit `headers`, or return a query pair."""
        if scope.auth is None:
            return None
        block, pointer = scope.auth
        kind = str(block.get("type"))
        span = self.span(pointer)
        if kind not in _MODELLED_AUTH:
            message = f"Postman auth type '{kind}' is not modelled; the credentials it adds are not checked"
            notes.append(ReaderNote(NOT_MODELLED, message, span, {"auth": kind}))
            return None
        param = _auth_params(block.get(kind), resolver)
        added: tuple[str, str] | None = None
        target = "header"
        if kind == "bearer" and param("token"):
            added = ("Authorization", "Bearer " + param("token"))
        elif kind == "basic":
            import base64

            credentials = f"{param('username')}:{param('password')}".encode()
            added = ("Authorization", "Basic " + base64.b64encode(credentials).decode("ascii"))
        elif kind == "oauth2" and param("accessToken"):
            prefix = param("headerPrefix", "Bearer").strip()
            added = ("Authorization", f"{prefix} {param('accessToken')}" if prefix else param("accessToken"))
            if param("addTokenTo", "header") == "queryParams":
                added, target = ("access_token", param("accessToken")), "query"
        elif kind == "apikey" and (param("key") or param("value")):
            added, target = (param("key"), param("value")), "query" if param("in") == "query" else "header"
        if added is None:
            return None
        if target == "header" or kind == "oauth2":  # oauth2 clears Authorization wherever its token goes
            replaced = "authorization" if kind == "oauth2" else added[0].lower()
            headers[:] = [h for h in headers if h.name.lower() != replaced]
        if target != "header":
            return added
        headers.append(_Header(added[0], added[1], span))
        return None

    def variable_notes(self, resolver: _Resolver, scope: _Scope) -> Iterator[ReaderNote]:
        """Notes on variables newman will not resolve the way the collection may suggest."""
        for name in sorted(resolver.used & set(scope.ignored)):
            message = (
                "Postman and newman ignore variables defined on folders and requests: "
                f"{{{{{name}}}}} here is not taken from there"
            )
            yield ReaderNote(NOT_MODELLED, message, self.span(scope.ignored[name]), {"variable": name})


class _Body(NamedTuple):
    """A body as sent, and the Content-Type Postman gives it (at `stage`) when none is set."""

    text: str | None = None
    map: OffsetMap | None = None
    span: Span | None = None
    format: str | None = None  # multipart, binary or graphql: bodies that are not checked
    content_type: _Header | None = None
    stage: str = _AFTER_AUTH


class _Resolver:
    """Replaces `{{name}}` as newman does, remembering which names were used; a name no source
    defines (an environment attrlint was not given, a variable a script sets) is filled in when
    the collection runs: it becomes a mark (`attrlint.unknown`)."""

    def __init__(self, values: Mapping[str, str], marks: Marks) -> None:
        self.values = values
        self.marks = marks
        self.used: set[str] = set()

    def value(self, name: str, depth: int = 0) -> str | None:
        self.used.add(name)
        value = self.values.get(name, _DYNAMIC.get(name))
        if value is None:
            return None
        if depth < _NESTING_LIMIT and "{{" in value:
            return _VARIABLE.sub(lambda m: self.value(m.group(1), depth + 1) or self.unknown(m.group()), value)
        return value

    def unknown(self, written: str) -> str:
        """The mark for the reference `written`, which nothing here defines."""
        return self.marks.add(written, "Postman")

    def substitute(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """`text` with known variables replaced, and (new offset, old offset) anchors at each edge."""
        pieces: list[str] = []
        anchors: list[tuple[int, int]] = []
        last = shift = 0
        for match in _VARIABLE.finditer(text):
            value = self.value(match.group(1))
            if value is None:
                value = self.unknown(match.group())
            pieces += [text[last : match.start()], value]
            anchors.append((match.start() + shift, match.start()))
            shift += len(value) - len(match.group())
            anchors.append((match.end() + shift, match.end()))
            last = match.end()
        pieces.append(text[last:])
        return "".join(pieces), tuple(anchors)

    def text(self, value: Any) -> str:
        return self.substitute(_js_string(value))[0]


def _compose(anchors: tuple[tuple[int, int], ...], outer: OffsetMap) -> OffsetMap:
    """The map through the substitution `anchors` (new → old offsets) and then `outer`."""
    if not anchors:
        return outer
    inner = OffsetMap(((0, 0), *anchors))
    keys = [key for key, _ in outer.anchors]
    points = {new for new, _ in inner.anchors}
    ends = [new for new, _ in inner.anchors[1:]] + [None]
    # Even segments are text copied from `outer`; odd ones are substituted values (one anchor each).
    for (new, old), end in list(zip(inner.anchors, ends, strict=True))[::2]:
        stop = len(keys) if end is None else bisect.bisect_left(keys, old + end - new)
        points.update(new + key - old for key in keys[bisect.bisect_left(keys, old) : stop])
    inner_keys = [new for new, _ in inner.anchors]

    def through(point: int) -> int:
        new, old = inner.anchors[bisect.bisect_right(inner_keys, point) - 1]
        middle = old + point - new
        key, source = outer.anchors[max(0, bisect.bisect_right(keys, middle) - 1)]
        return source + middle - key

    return OffsetMap(tuple((point, through(point)) for point in sorted(points)))


def _compile_headers(headers: list[_Header]) -> list[_Header]:
    """Headers as postman-runtime passes them on: same-named ones grouped at the first one's place,
    and a name differing only in case replacing the earlier group (keeping its place)."""
    groups: dict[str, list[_Header]] = {}
    for header in headers:
        groups.setdefault(header.name, []).append(header)
    merged: dict[str, list[_Header]] = {}
    for name, group in groups.items():
        merged[name.lower()] = group
    return [header for group in merged.values() for header in group]


def _add_content_type(headers: list[_Header], body: _Body, stage: str) -> None:
    """Add the body's Content-Type at this stage of postman-runtime, unless one is set."""
    if body.content_type is None or body.stage != stage:
        return
    if not any(header.name.lower() == "content-type" for header in headers):
        headers.append(body.content_type)


def _force_content_type(headers: list[_Header], forced: _Header) -> list[_Header]:
    """postman-request forcing a form content type: one that does not fit is replaced in place."""
    for position, header in enumerate(headers):
        if header.name.lower() == "content-type":
            if _KEPT_FORCED_TYPES[forced.value].match(header.value):
                return headers
            return [*headers[:position], header._replace(value=forced.value), *headers[position + 1 :]]
    return [*headers, forced]


def _strip_json_comments(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` without its // and /* */ comments, as strip-json-comments (which newman uses)
    removes them, and (new offset, old offset) anchors at each edge of a removed comment."""
    if "//" not in text and "/*" not in text:
        return text, ()
    removed: list[tuple[int, int]] = []
    in_string = False
    comment = ""
    start = position = 0
    while position < len(text):
        pair = text[position : position + 2]
        if not comment and text[position] == '"' and not _escaped(text, position):
            in_string = not in_string
        if in_string:
            position += 1
        elif not comment and pair in ("//", "/*"):
            comment, start = pair, position
            position += 2
        elif comment == "//" and (pair == "\r\n" or pair[:1] == "\n"):
            end = position + (pair == "\r\n")  # the line end is kept, all but a CRLF's CR
            removed.append((start, end))
            comment, position = "", end + 1
        elif comment == "/*" and pair == "*/":
            removed.append((start, position + 2))
            comment, position = "", position + 2
        else:
            position += 1
    if comment:
        removed.append((start, len(text)))
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    last = shift = 0
    for begin, end in removed:
        pieces.append(text[last:begin])
        anchors += [(begin - shift, begin), (begin - shift, end)]
        shift += end - begin
        last = end
    pieces.append(text[last:])
    return "".join(pieces), tuple(anchors)


def _escaped(text: str, quote: int) -> bool:
    """True when the quote at `quote` follows an odd number of backslashes."""
    backslashes = 0
    while quote - backslashes > 0 and text[quote - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _url_from_parts(url: Mapping[str, Any], resolve_path: bool = True) -> str:
    """The URL text postman-collection builds from a URL object's parts (variables unresolved)."""
    text = ""
    protocol = url.get("protocol")
    if protocol:
        text += str(protocol).rstrip(":/") + "://"
    host = url.get("host")
    text += ".".join(map(_js_string, host)) if isinstance(host, list) else _js_string(host)
    if url.get("port"):
        text += f":{url['port']}"
    path = url.get("path")
    if isinstance(path, str):
        path = path.lstrip("/").split("/") if path else None
    if path:
        variables = _enabled(url.get("variable"), "key", "id")
        values = {str(v.get("key") or v.get("id")): _js_string(v.get("value")) for _, v in variables}
        segments = [_js_string(s.get("value") if isinstance(s, Mapping) else s) for s in path]
        if resolve_path:
            segments = [values.get(s[1:], s) if s.startswith(":") else s for s in segments]
        text += "/" + "/".join(segments)
    query = url.get("query")
    params = [
        _js_string(e.get("key")) + ("" if e.get("value") is None else "=" + _js_string(e.get("value")))
        for _, e in _enabled(query if isinstance(query, list) else None)
    ]
    if params:
        text += "?" + "&".join(params)
    return text


def _comparable(url: str) -> str:
    """A URL text without the differences Postman's `raw` may have from its parts."""
    from urllib.parse import unquote

    return unquote(url.partition("#")[0].rstrip("?"))


def _with_query(url: str, key: str, value: str) -> str:
    """`url` with query parameter `key` replaced by `key=value` at the end (as auth does)."""
    base, _, query = url.partition("?")
    kept = [part for part in query.split("&") if part and part.partition("=")[0] != key]
    return base + "?" + "&".join([*kept, f"{key}={value}"])


def _auth_params(params: Any, resolver: _Resolver) -> Callable[..., str]:
    """A getter for auth parameters: a v2.1 list of {key, value} or a v2.0 mapping."""
    if isinstance(params, list):
        found = {str(e["key"]): e.get("value") for e in params if isinstance(e, Mapping) and "key" in e}
    else:
        found = dict(params) if isinstance(params, Mapping) else {}

    def get(name: str, default: str = "") -> str:
        value = found.get(name)
        return default if value is None else resolver.text(value)

    return get


def _enabled(entries: Any, *names: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The (position, entry) pairs of a Postman key/value list that are not disabled.

    An entry needs one of `names` (default `key`); path variables may still use the old `id`.
    """
    if not isinstance(entries, list):
        return
    for position, entry in enumerate(entries):
        if isinstance(entry, Mapping) and not entry.get("disabled") and any(n in entry for n in names or ("key",)):
            yield position, entry


def _is_empty(body: Mapping[str, Any]) -> bool:
    """postman-collection's `RequestBody.isEmpty`, plus form lists whose entries are all disabled."""
    mode = body.get("mode")
    content = body.get(mode) if isinstance(mode, str) else None
    if isinstance(content, list):
        return not any(True for _ in _enabled(content))
    if isinstance(content, Mapping) and mode == "file":
        return not (content.get("src") or content.get("content"))
    return content is None or content == ""


def _raw_language(body: Mapping[str, Any]) -> str | None:
    """`options.raw.language` of a raw body, if it has one."""
    options = body.get("options")
    raw = options.get("raw") if isinstance(options, Mapping) else None
    language = raw.get("language") if isinstance(raw, Mapping) else None
    return str(language) if language else None


def _js_string(value: Any) -> str:
    """A JSON value as JavaScript's String() writes it (newman's view of variable values)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)
