"""Readers for structured files: a bare JSON/YAML body, or a self-describing request file.

A request file is a mapping with `method`, `url`, optional `headers` (mapping or list of
pairs) and `body` (any JSON value, or a string holding the raw body) — or a list of them, or
`{"requests": [...]}`. Anything else is a bare body, checked against the method and URL the
user gives (`--method`, `--url`) or, without them, as a participant attributes body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from attrlint.model import BodyError, OffsetMap, Origin, ReadFailure, Request, SourceText, Span
from attrlint.sources.common import TOO_DEEP, invalid_url, make_request, too_deep
from attrlint.sources.positions import json_offsets, yaml_offsets

REQUEST_KEYS = frozenset({"method", "url", "headers", "body", "name"})
DEFAULT_BARE_METHOD = "PATCH"


def parse_structured(text: str, fmt: str) -> tuple[Any, BodyError | None]:
    """Parse JSON or YAML text; on failure the error carries the character offset."""
    if fmt == "json":
        from attrlint.sources.common import parse_json_body

        return parse_json_body(text)
    import yaml

    try:
        data = yaml.load(text, Loader=_json_yaml_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, BodyError(f"invalid YAML: {reason}", mark.index if mark else 0)
    except RecursionError:
        return None, BodyError(TOO_DEEP, 0)
    foreign = _non_json(data)
    if foreign is not None:
        return None, BodyError(f"YAML reads {foreign}, which has no JSON form; quote it", 0)
    try:
        value = _string_keys(data)
    except RecursionError:
        return None, BodyError(TOO_DEEP, 0)
    return (None, BodyError(TOO_DEEP, 0)) if too_deep(value) else (value, None)


def _string_keys(value: Any) -> Any:
    """The document as JSON has it: a mapping key that YAML reads as a number, a boolean or null
    (`1: x`) is the string JSON writes for it ("1"), as a YAML-to-JSON conversion sends it."""
    if isinstance(value, dict):
        return {key if isinstance(key, str) else json.dumps(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


@cache
def _json_yaml_loader() -> type:
    """A safe YAML loader for documents meant as JSON: dates stay strings (JSON has none), and
    aliases are refused (JSON has none, and nested aliases can expand without bound)."""
    import yaml

    timestamp = "tag:yaml.org,2002:timestamp"

    class JsonYamlLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag != timestamp]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "YAML aliases (*name) are not supported in request bodies", event.start_mark
                )
            return super().compose_node(parent, index)

    return JsonYamlLoader


def _non_json(value: Any) -> str | None:
    """A description of the first value that has no JSON form (a date, bytes, a set), if any."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(key for key in item if not isinstance(key, str))
        elif isinstance(item, list):
            stack.extend(item)
        elif not (item is None or isinstance(item, (str, int, float, bool))):
            return f"a {type(item).__name__} ({item!r:.40})"
    return None


def is_request_document(data: Any) -> bool:
    """True for a request file: a mapping with a URL and only request keys, or a list of them."""
    if isinstance(data, Mapping) and isinstance(data.get("requests"), list):
        return all(is_request_document(item) for item in data["requests"])
    if isinstance(data, list):
        return bool(data) and all(is_request_document(item) for item in data)
    return isinstance(data, Mapping) and "url" in data and set(data) <= REQUEST_KEYS


def read_structured(
    source: SourceText, fmt: str, method: str | None = None, url: str | None = None, *, documents_only: bool = False
) -> list[Request | ReadFailure]:
    """Read a JSON/YAML file as request document(s) or as a bare body.

    `documents_only` is for text whose format was only guessed (stdin, .txt): a YAML scalar
    there is text attrlint does not understand, not a body."""
    data, error = parse_structured(source.text, fmt)
    if error is None and is_request_document(data):
        return _request_documents(source, fmt, data)  # --url is for bare bodies only
    if documents_only and fmt == "yaml" and (error is not None or not isinstance(data, (dict, list))):
        message = "not a JSON or YAML document, a curl command or an HTTP request"
        return [ReadFailure(source, "input", message, source.span(0, len(source.text.split("\n", 1)[0])))]
    try:
        return [_bare_body(source, fmt, data, error, method, url)]
    except ValueError as exc:  # an unparsable --url (urlsplit)
        return [invalid_url(source, fmt, exc, None)]


def _bare_body(
    source: SourceText, fmt: str, data: Any, error: BodyError | None, method: str | None, url: str | None
) -> Request:
    target_known = url is not None
    request = make_request(
        Origin(source, "body"),
        (method or DEFAULT_BARE_METHOD) if target_known else method,
        url or "",
        body_text=None,
    )
    return request._replace(
        body_text=source.text,
        body=data,
        body_error=error,
        body_format=fmt,
        body_map=OffsetMap.verbatim(0),
        target_known=target_known,
        headers_known=False,
    )


def _request_documents(source: SourceText, fmt: str, data: Any) -> list[Request | ReadFailure]:
    if isinstance(data, Mapping) and "requests" in data:
        items, prefix = data["requests"], "/requests"
    elif isinstance(data, list):
        items, prefix = data, ""
    else:
        items, prefix = [data], None
    offsets = json_offsets(source.text) if fmt == "json" else yaml_offsets(source.text)
    results: list[Request | ReadFailure] = []
    for index, item in enumerate(items):
        base = "" if prefix is None else f"{prefix}/{index}"
        try:
            results.append(_request_document(source, fmt, item, index, base, offsets))
        except ValueError as exc:  # an unparsable URL (urlsplit): this request only
            results.append(invalid_url(source, fmt, exc, _span(source, offsets, f"{base}/url"), index))
    return results


def _request_document(
    source: SourceText,
    fmt: str,
    item: Mapping[str, Any],
    index: int,
    base: str,
    offsets: Mapping[str, tuple[int, int, int | None]],
) -> Request | ReadFailure:
    headers_value = item.get("headers")
    try:
        headers = _headers(headers_value)
    except ValueError as exc:
        span = _span(source, offsets, f"{base}/headers")
        return ReadFailure(source, fmt, str(exc), span, index)
    spans = {
        key: span
        for key, ptr in (("method", "/method"), ("url", "/url"), ("body", "/body"))
        if (span := _span(source, offsets, base + ptr)) is not None
    }
    for name, _ in headers:
        span = _span(source, offsets, f"{base}/headers/{name}")
        if span is not None:
            spans[f"header:{name.lower()}"] = span
    if base + "/url" not in offsets:
        spans.setdefault("url", source.span(0, 0))
    body = item.get("body")
    label = item.get("name")
    origin = Origin(source, "request", index, None if label is None else str(label))
    method = str(item.get("method") or ("POST" if "body" in item else "GET"))
    if isinstance(body, str):
        found = offsets.get(base + "/body")
        verbatim = found is not None and source.text[found[0] + 1 : found[1] - 1] == body
        body_map = OffsetMap.verbatim(found[0] + 1) if found is not None and verbatim else None
        request = make_request(origin, method, str(item["url"]), headers, body, body_map, spans)
    else:
        request = make_request(origin, method, str(item["url"]), headers, None, None, spans)
        if "body" in item:
            prefix = base + "/body"
            request = request._replace(
                body_text=json.dumps(body),
                body=body,
                locate_body=lambda ptr: _key_span(source, offsets, prefix + ptr),
            )
    return request._replace(headers_known=headers_value is not None)


def _headers(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [(str(k), "" if v is None else str(v)) for k, v in value.items()]
    if isinstance(value, list):
        pairs: list[tuple[str, str]] = []
        for entry in value:
            if isinstance(entry, str) and ":" in entry:
                name, _, text = entry.partition(":")
                pairs.append((name.strip(), text.strip()))
            elif isinstance(entry, Mapping) and {"name", "value"} <= set(entry):
                pairs.append((str(entry["name"]), str(entry["value"])))
            else:
                raise ValueError(f"header entry {entry!r} is neither 'Name: value' nor {{name, value}}")
        return pairs
    raise ValueError("'headers' must be a mapping or a list")


def _span(source: SourceText, offsets: Mapping[str, tuple[int, int, int | None]], ptr: str) -> Span | None:
    found = offsets.get(ptr)
    if found is None:
        return None
    start, end, key_start = found
    return source.span(start, end)


def _key_span(source: SourceText, offsets: Mapping[str, tuple[int, int, int | None]], ptr: str) -> Span | None:
    """The span of a value, starting at its key when it has one (so carets point at the key)."""
    found = offsets.get(ptr)
    if found is None:
        return None
    start, end, key_start = found
    return source.span(key_start if key_start is not None else start, end)
