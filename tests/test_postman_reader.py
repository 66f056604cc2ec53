"""Tests for the Postman collection reader: table-driven cases, folders, auth and variables,
source positions, the forum seeds as Postman items, and agreement with real newman.

The agreement test runs newman on a collection against a loopback recording server and
compares what newman sent with what `read_postman` produced for each item.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from node_tools import missing_reason, node_tool

from attrlint.checks import Options
from attrlint.engine import lint, options_findings
from attrlint.model import Finding, ReadFailure, Request, SourceText, Span
from attrlint.rules import all_rules
from attrlint.sources import read_input
from attrlint.sources.positions import json_offsets
from attrlint.sources.postman import read_postman
from attrlint.unknown import restore

from conftest import CONV, PART, ROOT, codes, lint_text, note_codes, only_request
from curl_server import Recorded, RecordingServer, recording_server

FIXTURES = ROOT / "tests" / "fixtures" / "postman"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def collection(*items: Mapping[str, Any], **root: Any) -> str:
    """A v2.1 collection holding `items`, with `root` keys (auth, variable...) at the top."""
    document = {"info": {"name": "tests", "schema": SCHEMA}, **root, "item": list(items)}
    return json.dumps(document, indent=2)


def req(**request: Any) -> dict[str, Any]:
    """An item named `r` with this request."""
    return {"name": "r", "request": request}


def read(text: str, variables: Mapping[str, str] | None = None) -> list[Request | ReadFailure]:
    return read_postman(SourceText("c.postman_collection.json", text), variables or {})


def read_one(text: str, variables: Mapping[str, str] | None = None) -> Request:
    return only_request(read(text, variables))


def spanned(request: Request, span: Span) -> str:
    """The source text a one-line span covers."""
    assert span.start.line == span.end.line, span
    return request.origin.source.line_text(span.start.line)[span.start.column - 1 : span.end.column - 1]


# ---------------------------------------------------------------------------------------------
# Table-driven cases

H = "https://h.example"
RAW_JSON = {"mode": "raw", "raw": '{"a": 1}', "options": {"raw": {"language": "json"}}}


def bearer(token: str) -> dict[str, Any]:
    return {"type": "bearer", "bearer": [{"key": "token", "value": token}]}


BEARER = bearer("root-token")


def oauth2(**params: str) -> dict[str, Any]:
    return {"type": "oauth2", "oauth2": [{"key": k, "value": v} for k, v in params.items()]}


def apikey(place: str) -> dict[str, Any]:
    entries = {"key": "X-Api-Key", "value": "k-1", "in": place}
    return {"type": "apikey", "apikey": [{"key": k, "value": v} for k, v in entries.items()]}


def variables(**values: Any) -> list[dict[str, Any]]:
    return [{"key": k, "value": v} for k, v in values.items()]


@dataclass(frozen=True)
class Case:
    name: str
    item: dict[str, Any]
    expect: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str | None] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    root: dict[str, Any] = field(default_factory=dict)
    var: dict[str, str] = field(default_factory=dict)


CASES = [
    # method and URL
    Case(
        "method-defaults-to-get",
        req(url=f"{H}/api/v2/users"),
        {"method": "GET", "host": "h.example", "path": "/api/v2/users", "body_text": None},
    ),
    Case("lower-case-method", req(method="patch", url=f"{H}/p"), {"method": "PATCH"}),
    Case(
        "request-as-a-string", {"name": "r", "request": f"{H}/p?q=1"}, {"method": "GET", "path": "/p", "query": "q=1"}
    ),
    Case(
        "url-parts-win-over-raw",
        req(url={"raw": f"{H}/raw", "protocol": "https", "host": ["h", "example"], "path": ["parts"]}),
        {"path": "/parts", "url": f"{H}/parts"},
        notes=("PRS005",),
    ),
    Case("url-raw-alone", req(url={"raw": f"{H}/raw?x=1"}), {"path": "/raw", "query": "x=1"}),
    Case(
        "url-path-variables",
        req(
            url={
                "raw": f"{H}/users/:id/:missing",
                "protocol": "https",
                "host": ["h", "example"],
                "path": ["users", ":id", ":missing"],
                "variable": [{"key": "id", "value": "{{uid}}"}],
            }
        ),
        {"path": "/users/42/:missing"},
        root={"variable": variables(uid="42")},
    ),
    Case(
        "url-query-parts",
        req(
            url={
                "host": "h.example",
                "port": "8080",
                "path": "/q",
                "query": [
                    {"key": "a", "value": None},
                    {"key": "b", "value": ""},
                    {"key": "c", "value": "{{v}}"},
                    {"key": "d", "value": "1", "disabled": True},
                ],
            }
        ),
        {"host": "h.example", "path": "/q", "query": "a&b=&c=V"},
        root={"variable": variables(v="V")},
    ),
    # headers
    Case(
        "disabled-header-ignored",
        req(url=f"{H}/p", header=[{"key": "X-A", "value": "1", "disabled": True}, {"key": "X-B", "value": "2"}]),
        headers={"X-A": None, "X-B": "2"},
    ),
    Case("string-header-list", req(url=f"{H}/p", header="X-A: 1\nX-B:  two "), headers={"X-A": "1", "X-B": "two"}),
    Case("empty-header-name-dropped", req(url=f"{H}/p", header=[{"key": "", "value": "x"}]), {"headers": {}}),
    Case(
        "same-name-headers-grouped",
        req(
            url=f"{H}/p",
            header=[{"key": "X-A", "value": "1"}, {"key": "X-B", "value": "b"}, {"key": "X-A", "value": "2"}],
        ),
        {"raw_headers": (("X-A", "1"), ("X-A", "2"), ("X-B", "b"))},
    ),
    Case(
        "case-variant-header-replaces",
        req(
            url=f"{H}/p",
            header=[{"key": "X-A", "value": "1"}, {"key": "X-B", "value": "b"}, {"key": "x-a", "value": "2"}],
        ),
        {"raw_headers": (("x-a", "2"), ("X-B", "b"))},
    ),
    Case(
        "header-variables",
        req(url=f"{H}/p", header=[{"key": "{{name}}", "value": "v-{{value}}"}]),
        headers={"X-Named": "v-1"},
        root={"variable": variables(name="X-Named", value="1")},
    ),
    # bodies
    Case(
        "raw-json-gets-json-content-type",
        req(method="PATCH", url=f"{H}/p", body=RAW_JSON),
        {"body": {"a": 1}, "body_format": "json"},
        {"Content-Type": "application/json"},
    ),
    Case(
        "raw-without-language-is-text-plain",
        req(method="PATCH", url=f"{H}/p", body={"mode": "raw", "raw": '{"a": 1}'}),
        {"body": {"a": 1}},
        {"Content-Type": "text/plain"},
    ),
    Case(
        "raw-xml",
        req(method="POST", url=f"{H}/p", body={"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}),
        headers={"Content-Type": "application/xml"},
    ),
    Case(
        "raw-own-content-type-kept",
        req(method="POST", url=f"{H}/p", header=[{"key": "content-type", "value": "text/x"}], body=RAW_JSON),
        {"raw_headers": (("content-type", "text/x"),)},
    ),
    Case(
        "disabled-content-type-ignored",
        req(
            method="POST",
            url=f"{H}/p",
            header=[{"key": "Content-Type", "value": "text/x", "disabled": True}],
            body=RAW_JSON,
        ),
        {"raw_headers": (("Content-Type", "application/json"),)},
    ),
    Case(
        "raw-non-string-stringified",
        req(method="POST", url=f"{H}/p", body={"mode": "raw", "raw": {"a": [1, "é"]}}),
        {"body_text": '{"a":[1,"é"]}'},
    ),
    Case(
        "raw-json-comments-stripped",
        req(method="POST", url=f"{H}/p", body={**RAW_JSON, "raw": '{"a": "//x", // c\r\n "b": /* 1 */ 2}'}),
        {"body_text": '{"a": "//x", \n "b":  2}', "body": {"a": "//x", "b": 2}},
    ),
    Case(
        "raw-json-by-content-type-stripped",
        req(
            method="POST",
            url=f"{H}/p",
            header=[{"key": "Content-Type", "value": "application/json"}],
            body={"mode": "raw", "raw": "[1 /* 2 */]"},
        ),
        {"body_text": "[1 ]"},
    ),
    Case(
        "raw-text-comments-kept",
        req(
            method="POST",
            url=f"{H}/p",
            header=[{"key": "Content-Type", "value": "application/json"}],
            body={"mode": "raw", "raw": "[1 /* 2 */]", "options": {"raw": {"language": "text"}}},
        ),
        {"body_text": "[1 /* 2 */]"},
    ),
    Case(
        "empty-raw-sends-nothing",
        req(method="POST", url=f"{H}/p", body={"mode": "raw", "raw": ""}),
        {"body_text": None},
        {"Content-Type": None},
    ),
    Case(
        "disabled-body-sends-nothing",
        req(method="POST", url=f"{H}/p", body={**RAW_JSON, "disabled": True}),
        {"body_text": None},
    ),
    Case("get-body-pruned", req(url=f"{H}/p", body=RAW_JSON), {"body_text": None}, {"Content-Type": None}, ("PRS005",)),
    Case(
        "get-body-kept-when-pruning-disabled",
        {**req(url=f"{H}/p", body=RAW_JSON), "protocolProfileBehavior": {"disableBodyPruning": True}},
        {"body": {"a": 1}},
    ),
    Case(
        "pruning-disabled-on-the-collection",
        req(method="HEAD", url=f"{H}/p", body=RAW_JSON),
        {"body": {"a": 1}},
        root={"protocolProfileBehavior": {"disableBodyPruning": True}},
    ),
    Case(
        "urlencoded",
        req(
            method="POST",
            url=f"{H}/oauth/token",
            body={
                "mode": "urlencoded",
                "urlencoded": [
                    {"key": "grant_type", "value": "client_credentials"},
                    {"key": "scope", "value": "a b&c*"},
                    {"key": "off", "value": "1", "disabled": True},
                ],
            },
        ),
        {
            "body_text": "grant_type=client_credentials&scope=a%20b%26c%2A",
            "body_format": "form",
            "form": (("grant_type", "client_credentials"), ("scope", "a b&c*")),
        },
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
    Case(
        "urlencoded-replaces-content-type",
        req(
            method="POST",
            url=f"{H}/p",
            header=[{"key": "content-type", "value": "application/json"}, {"key": "X-B", "value": "b"}],
            body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
        ),
        {"raw_headers": (("content-type", "application/x-www-form-urlencoded"), ("X-B", "b"))},
    ),
    Case(
        "urlencoded-keeps-its-charset",
        req(
            method="POST",
            url=f"{H}/p",
            header=[{"key": "Content-Type", "value": "application/x-www-form-urlencoded; charset=utf-8"}],
            body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    ),
    Case(
        "urlencoded-all-disabled",
        req(
            method="POST",
            url=f"{H}/p",
            body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1", "disabled": True}]},
        ),
        {"body_text": None},
        {"Content-Type": None},
    ),
    Case(
        "formdata-not-checked",
        req(
            method="POST",
            url=f"{H}/p",
            body={"mode": "formdata", "formdata": [{"key": "a", "value": "b", "type": "text"}]},
        ),
        {"body_text": None, "body_format": "multipart"},
        {"Content-Type": "multipart/form-data"},
        ("PRS005",),
    ),
    Case(
        "file-not-checked",
        req(method="POST", url=f"{H}/p", body={"mode": "file", "file": {"src": "attributes.json"}}),
        {"body_text": None, "body_format": "binary"},
        {"Content-Type": None},
        ("PRS005",),
    ),
    Case(
        "graphql-not-checked",
        req(method="POST", url=f"{H}/p", body={"mode": "graphql", "graphql": {"query": "{ a }"}}),
        {"body_text": None, "body_format": "graphql"},
        {"Content-Type": "application/json"},
        ("PRS005",),
    ),
    Case(
        "unknown-body-mode",
        req(method="POST", url=f"{H}/p", body={"mode": "magic", "magic": "x"}),
        {"body_text": None},
        notes=("PRS005",),
    ),
    # auth
    Case("bearer", req(url=f"{H}/p", auth=bearer("t-1")), headers={"Authorization": "Bearer t-1"}),
    Case(
        "bearer-v2.0-mapping",
        req(url=f"{H}/p", auth={"type": "bearer", "bearer": {"token": "t-2"}}),
        headers={"Authorization": "Bearer t-2"},
    ),
    Case(
        "bearer-without-token-adds-nothing",
        req(url=f"{H}/p", auth=bearer(""), header=[{"key": "Authorization", "value": "Bearer mine"}]),
        headers={"Authorization": "Bearer mine"},
    ),
    Case(
        "auth-replaces-authorization-header",
        req(
            url=f"{H}/p",
            auth=bearer("t-3"),
            header=[{"key": "authorization", "value": "Bearer mine"}, {"key": "X-B", "value": "b"}],
        ),
        {"raw_headers": (("X-B", "b"), ("Authorization", "Bearer t-3"))},
    ),
    Case(
        "basic",
        req(
            url=f"{H}/p",
            auth={"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}]},
        ),
        headers={"Authorization": "Basic dTpw"},
    ),
    Case(
        "oauth2-default-prefix",
        req(url=f"{H}/p", auth=oauth2(accessToken="at")),
        headers={"Authorization": "Bearer at"},
    ),
    Case(
        "oauth2-header-prefix",
        req(url=f"{H}/p", auth=oauth2(accessToken="at", headerPrefix=" Token ")),
        headers={"Authorization": "Token at"},
    ),
    Case(
        "oauth2-empty-prefix",
        req(url=f"{H}/p", auth=oauth2(accessToken="at", headerPrefix="")),
        headers={"Authorization": "at"},
    ),
    Case(
        "oauth2-to-query",
        req(
            url=f"{H}/p?access_token=old&z=1",
            auth=oauth2(accessToken="at", addTokenTo="queryParams"),
            header=[{"key": "Authorization", "value": "Bearer mine"}],
        ),
        {"query": "z=1&access_token=at"},
        {"Authorization": None},
    ),
    Case("apikey-header", req(url=f"{H}/p", auth=apikey("header")), headers={"X-Api-Key": "k-1"}),
    Case(
        "apikey-query", req(url=f"{H}/p?z=1", auth=apikey("query")), {"query": "z=1&X-Api-Key=k-1"}, {"X-Api-Key": None}
    ),
    Case(
        "noauth-beats-the-collection",
        req(url=f"{H}/p", auth={"type": "noauth"}),
        headers={"Authorization": None},
        root={"auth": BEARER},
    ),
    Case(
        "inherit",
        req(url=f"{H}/p", auth={"type": "inherit"}),
        headers={"Authorization": "Bearer root-token"},
        root={"auth": BEARER},
    ),
    Case(
        "unmodelled-auth-type",
        req(url=f"{H}/p", auth={"type": "digest", "digest": []}),
        headers={"Authorization": None},
        notes=("PRS005",),
    ),
    # variables
    Case(
        "variable-value-types",
        req(url=H + "/{{n}}/{{f}}/{{b}}/{{none}}/x"),
        {"path": "/5/2/true//x"},
        root={"variable": [*variables(n=5, f=2.0, b=True), {"key": "none"}]},
    ),
    Case("nested-variables", req(url=H + "/{{a}}"), {"path": "/x-y"}, root={"variable": variables(a="x-{{b}}", b="y")}),
    Case(
        "disabled-variable-stays",
        req(url=H + "/{{off}}"),
        {"path": "/{{off}}"},
        root={"variable": [{"key": "off", "value": "v", "disabled": True}]},
    ),
    Case(
        "unknown-variable-stays",
        req(url=H + "/u/{{nope}}", header=[{"key": "X-U", "value": "{{nope}}"}]),
        {"path": "/u/{{nope}}"},
        {"X-U": "{{nope}}"},
    ),
    Case(
        "var-beats-collection",
        req(url=f"{H}/p"),
        headers={"Authorization": "Bearer from-cli"},
        root={"auth": bearer("{{token}}"), "variable": variables(token="from-collection")},
        var={"token": "from-cli"},
    ),
    Case(
        "unresolved-base-url",
        req(url="{{baseUrl}}/api/v2/users"),
        {"host": "{{baseUrl}}", "path": "/api/v2/users", "url": "{{baseUrl}}/api/v2/users"},
        notes=("PRS006",),
    ),
    Case(
        "resolved-base-url",
        req(url="{{baseUrl}}/api/v2/users"),
        {"host": "api.mypurecloud.com"},
        var={"baseUrl": "https://api.mypurecloud.com"},
    ),
    Case(
        "unresolved-base-url-without-api",
        req(url="{{baseUrl}}/v2/users"),
        {"host": "{{baseUrl}}", "path": "/v2/users"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_postman_case(case: Case) -> None:
    request = read_one(collection(case.item, **case.root), case.var)
    assert request.origin.format == "postman"
    for attribute, expected in case.expect.items():
        if attribute == "raw_headers":
            assert request.headers.items_raw() == expected
        elif attribute == "headers":
            assert dict(request.headers) == expected
        else:
            found = getattr(request, attribute)
            shown = restore(found, request.unknowns) if isinstance(found, str) else found
            assert shown == expected, attribute
    for name, value in case.headers.items():
        found = request.headers.get(name)
        assert (found if found is None else restore(found, request.unknowns)) == value, name
    assert tuple(note_codes(request)) == case.notes, [note.message for note in request.notes]


# ---------------------------------------------------------------------------------------------
# Folders, auth inheritance and variables


def test_folders_in_document_order() -> None:
    text = collection(
        {
            "name": "A",
            "item": [
                {"name": "one", "request": f"{H}/1"},
                {"name": "B", "item": [{"name": "two", "request": f"{H}/2"}]},
            ],
        },
        {"name": "three", "request": f"{H}/3"},
        {"name": "empty folder", "item": []},
        {
            "name": "C",
            "item": [{"name": "D", "item": [{"name": "E", "item": [{"name": "four", "request": f"{H}/4"}]}]}],
        },
    )
    requests = [r for r in read(text) if isinstance(r, Request)]
    assert [(r.origin.request_index, r.origin.name, r.path) for r in requests] == [
        (0, "A / one", "/1"),
        (1, "A / B / two", "/2"),
        (2, "three", "/3"),
        (3, "C / D / E / four", "/4"),
    ]


def test_auth_inheritance() -> None:
    basic = {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}]}
    text = collection(
        {"name": "top", "request": f"{H}/top"},
        {
            "name": "Basic folder",
            "auth": basic,
            "item": [
                {"name": "inherits", "request": f"{H}/a"},
                {"name": "Sub", "auth": {"type": "inherit"}, "item": [{"name": "deep", "request": f"{H}/b"}]},
                {"name": "own", "request": {"url": f"{H}/c", "auth": bearer("own")}},
                {"name": "none", "request": {"url": f"{H}/d", "auth": {"type": "noauth"}}},
            ],
        },
        {
            "name": "No-auth folder",
            "auth": {"type": "noauth"},
            "item": [{"name": "bare", "request": {"url": f"{H}/e", "auth": None}}],
        },
        auth=BEARER,
    )
    sent = {r.origin.name: r.headers.get("authorization") for r in read(text) if isinstance(r, Request)}
    assert sent == {
        "top": "Bearer root-token",
        "Basic folder / inherits": "Basic dTpw",
        "Basic folder / Sub / deep": "Basic dTpw",
        "Basic folder / own": "Bearer own",
        "Basic folder / none": None,
        "No-auth folder / bare": None,
    }


def test_variables_at_three_levels() -> None:
    """--var beats the collection; folder and request variable lists are ignored, as newman does."""
    text = collection(
        {
            "name": "F",
            "variable": variables(level="folder", only="folder-only"),
            "item": [
                {
                    "name": "r",
                    "variable": variables(level="request"),
                    "request": {
                        "url": H + "/{{level}}/{{only}}/{{cli}}",
                        "header": [{"key": "X-Level", "value": "{{level}}"}],
                    },
                }
            ],
        },
        variable=variables(level="collection", cli="collection"),
    )
    request = read_one(text, {"cli": "command-line"})
    assert restore(request.path, request.unknowns) == "/collection/{{only}}/command-line"
    assert request.headers["x-level"] == "collection"
    ignored = {note.args["variable"]: note for note in request.notes}
    assert set(ignored) == {"level", "only"}
    assert all(note.code == "PRS005" for note in ignored.values())
    assert "ignore variables defined on folders and requests" in ignored["level"].message
    # The note points at the innermost definition newman ignored: the request item's own list.
    start, end, _ = json_offsets(text)["/item/0/item/0/variable/0"]
    assert ignored["level"].span == request.origin.source.span(start, end)


def test_dynamic_variables_have_the_right_shape() -> None:
    raw = '{"g": "{{$guid}}", "u": "{{$randomUUID}}", "t": "{{$timestamp}}", "i": "{{$isoTimestamp}}", "n": "{{$randomInt}}", "x": "{{$randomWord}}"}'
    request = read_one(collection(req(method="POST", url=f"{H}/p", body={"mode": "raw", "raw": raw})))
    body = request.body
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    assert re.fullmatch(uuid, body["g"]) and re.fullmatch(uuid, body["u"])
    assert re.fullmatch(r"\d{10}", body["t"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["i"])
    assert 0 <= int(body["n"]) <= 1000
    assert restore(body["x"], request.unknowns) == "{{$randomWord}}"


def test_unresolved_base_url_note() -> None:
    request = read_one(
        collection(
            req(
                url={
                    "raw": "{{baseUrl}}/api/v2/users/me",
                    "host": ["{{baseUrl}}"],
                    "path": ["api", "v2", "users", "me"],
                }
            )
        )
    )
    (note,) = request.notes
    assert note.code == "PRS006"
    assert note.message == "unresolved variable {{baseUrl}} in the URL; the host is not checked"
    assert note.args == {"variable": "baseUrl"}
    assert note.span is not None and spanned(request, note.span) == "{{baseUrl}}"


# ---------------------------------------------------------------------------------------------
# Positions


def test_spans_point_at_method_url_headers_body_and_auth() -> None:
    text = collection(
        req(
            method="PATCH",
            url={"raw": f"{H}/p", "protocol": "https", "host": ["h", "example"], "path": ["p"]},
            header=[{"key": "X-Trace", "value": "1"}],
            body=RAW_JSON,
        ),
        auth=BEARER,
    )
    request = read_one(text)
    offsets = json_offsets(text)

    def at(pointer: str) -> str:
        start, end, _ = offsets[pointer]
        return text[start:end]

    assert spanned(request, request.spans["method"]) == '"PATCH"'
    assert spanned(request, request.spans["url"]) == f'"{H}/p"'
    assert spanned(request, request.spans["body"]) == at("/item/0/request/body/raw")
    header_start, header_end, _ = offsets["/item/0/request/header/0"]
    assert request.spans["header:x-trace"] == request.origin.source.span(header_start, header_end)
    # An auth-made header points at the auth block, a language-made Content-Type at the language.
    auth = request.spans["header:authorization"]
    assert request.origin.source.position(offsets["/auth"][0]) == auth.start
    assert spanned(request, request.spans["header:content-type"]) == '"json"'


def test_body_map_through_escapes_comments_and_substitutions() -> None:
    raw = '{\n  "attributes": { // attrlint points past comments\n    "café": "{{long}}",\n    /* nested: */ "crm": {"id": "{{empty}}", "tier\\t": "x\\"y"}\n  }\n}'
    text = collection(
        req(method="PATCH", url=f"{H}/p", body={**RAW_JSON, "raw": raw}),
        variable=variables(long="a value much longer than its name", empty=""),
    )
    request = read_one(text)
    assert request.body == {
        "attributes": {"café": "a value much longer than its name", "crm": {"id": "", "tier\t": 'x"y'}}
    }
    assert request.body_text is not None and request.body_map is not None
    inner = json_offsets(request.body_text)
    expected = {
        "/attributes/café": r"\"caf\u00e9\": \"{{long}}\"",
        "/attributes/crm": r"\"crm\": {\"id\": \"{{empty}}\", \"tier\\t\": \"x\\\"y\"}",
        "/attributes/crm/id": r"\"id\": \"{{empty}}\"",
        "/attributes/crm/tier\t": r"\"tier\\t\": \"x\\\"y\"",
    }
    for pointer, written in expected.items():
        start, end, key = inner[pointer]
        assert key is not None
        assert text[request.body_map.to_source(key) : request.body_map.to_source(end)] == written, pointer


def test_finding_in_a_raw_body_points_into_the_collection_file() -> None:
    raw = '{"attributes": {"note": "a \\"quoted\\" word", "crm": {"id": 42}}}'
    url = f"https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"
    text = collection(
        req(method="PATCH", url=url, body={**RAW_JSON, "raw": raw}), auth=bearer("example-token-not-real")
    )
    (finding,) = [f for f in lint_text(text, "x.postman_collection.json", options=Options(scopes=("conversations",)))]
    assert finding.code == "NST001"
    assert finding.location.pointer == "/attributes/crm"
    assert finding.location.request_name == "r"
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 : finding.location.end_column - 1] == r"\"crm\": {\"id\": 42}"


# ---------------------------------------------------------------------------------------------
# What cannot be read


def test_invalid_json_is_a_read_failure() -> None:
    (failure,) = read('{"info": {}, "item": [\n  {"name": "r",, }]}')
    assert isinstance(failure, ReadFailure)
    assert failure.format == "postman"
    assert failure.message.startswith("invalid JSON")
    assert failure.span is not None and (failure.span.start.line, failure.span.start.column) == (2, 16)


def test_json_that_is_not_a_collection() -> None:
    (failure,) = read('{"info": {"name": "x"}, "requests": []}')
    assert isinstance(failure, ReadFailure)
    assert "no top-level 'item' list" in failure.message


def test_request_without_url_fails_only_that_item() -> None:
    text = collection(req(method="GET"), {"name": "bad", "request": 42}, req(url=f"{H}/ok"))
    results = read(text)
    assert [type(r).__name__ for r in results] == ["ReadFailure", "ReadFailure", "Request"]
    first = results[0]
    assert isinstance(first, ReadFailure) and first.message == "the request has no URL" and first.request_index == 0
    start, end, _ = json_offsets(text)["/item/0/request"]
    assert first.span == first.source.span(start, end)
    last = results[2]
    assert isinstance(last, Request) and last.origin.request_index == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[bad/p", "invalid URL: Invalid IPv6 URL"),
        ("", "the request has no URL"),
        ({"raw": ""}, "the request has no URL"),
        ({"query": []}, "the request has no URL"),
    ],
    ids=["unparsable", "empty", "empty-raw", "no-parts"],
)
def test_unusable_url_fails_that_item(url: Any, message: str) -> None:
    (failure,) = read(collection(req(url=url)))
    assert isinstance(failure, ReadFailure) and failure.message == message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("x.postman_collection.json", collection(req(url=f"{H}/p"))),
        ("export.json", json.dumps({"info": {"_postman_id": "1", "name": "n"}, "item": [req(url=f"{H}/p")]})),
        ("-", collection(req(url=f"{H}/p"))),
    ],
    ids=["by-name", "by-postman-id", "by-schema-url"],
)
def test_collections_are_detected(name: str, text: str) -> None:
    (request,) = read_input(SourceText(name, text))
    assert isinstance(request, Request) and request.origin.format == "postman"


# ---------------------------------------------------------------------------------------------
# Correct requests lint clean; the forum seeds, written as Postman items, keep their findings

MEDIA = ["", "calls/", "callbacks/", "emails/", "messages/", "cobrowsesessions/"]


def _attributes_item(media: str, style: str) -> dict[str, Any]:
    body = {
        **RAW_JSON,
        "raw": json.dumps({"attributes": {"crm_status": "escalated", "crm_record_id": "{{recordId}}"}}, indent=2),
    }
    path = [
        "api",
        "v2",
        "conversations",
        *media.strip("/").split("/"),
        ":conversationId",
        "participants",
        ":participantId",
        "attributes",
    ]
    path = [segment for segment in path if segment]
    url: str | dict[str, Any] = {
        "raw": "{{baseUrl}}/" + "/".join(path),
        "host": ["{{baseUrl}}"],
        "path": path,
        "variable": [{"key": "conversationId", "value": "{{conversationId}}"}, {"key": "participantId", "value": PART}],
    }
    if style == "string":
        url = f"{{{{baseUrl}}}}/api/v2/conversations/{media}{{{{conversationId}}}}/participants/{PART}/attributes"
    return {
        "name": "Attributes",
        "item": [{"name": media or "generic", "request": {"method": "PATCH", "url": url, "body": body}}],
    }


@pytest.mark.parametrize("style", ["string", "object"])
@pytest.mark.parametrize("media", MEDIA, ids=[m.strip("/") or "generic" for m in MEDIA])
def test_correct_attribute_patch_lints_clean(media: str, style: str) -> None:
    text = collection(
        _attributes_item(media, style),
        auth=bearer("{{token}}"),
        variable=variables(
            baseUrl="https://api.mypurecloud.com", conversationId=CONV, token="example-token-not-real", recordId="12345"
        ),
    )
    found = lint_text(text, "x.postman_collection.json", options=Options(scopes=("conversations",)))
    assert codes(found) == [], [f"{f.code}: {f.message}" for f in found]


SEED_EXPECTED: dict[str, Any] = yaml.safe_load((SEEDS / "expected.yaml").read_text())
SEED_COLLECTION = FIXTURES / "seeds.postman_collection.json"
# curl's URL globbing (PRS004) cannot happen in Postman: the seed's braces reach the path as written.
CURL_ONLY = {"PRS004", "PRS007"}


def _seed_requests() -> dict[str, Request]:
    results = read_postman(SourceText(str(SEED_COLLECTION), SEED_COLLECTION.read_text()), {})
    assert all(isinstance(r, Request) for r in results)
    return {r.origin.name.rpartition(" / ")[2]: r for r in results if isinstance(r, Request) and r.origin.name}


def test_every_seed_has_a_postman_item() -> None:
    assert sorted(_seed_requests()) == sorted(SEED_EXPECTED)


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_as_postman_item(name: str) -> None:
    case = SEED_EXPECTED[name]
    opts = case.get("options", {})
    options = Options(scopes=tuple(opts["scopes"]) if "scopes" in opts else None, grant=opts.get("grant"))
    rules = all_rules()
    found: list[Finding] = options_findings(options, rules) + lint(_seed_requests()[name], rules, options)
    expected = sorted(code for code in case["expect"] if code not in CURL_ONLY)
    assert codes(found) == expected, [f"{f.code}: {f.message}" for f in found]
    for code, fragment in case.get("fix_contains", {}).items():
        assert any(fragment in f.fix for f in found if f.code == code), (code, fragment)
    for finding in found:
        assert "example-token-not-real" not in finding.message + finding.fix


# ---------------------------------------------------------------------------------------------
# Agreement with real newman

NEWMAN_COLLECTION = FIXTURES / "newman.postman_collection.json"
CLI_TOKEN = "cli-token-not-real"
# Headers postman-runtime and Node add to every request; the reader models what the collection sets.
_RUNTIME_DEFAULTS = {
    "user-agent": re.compile(r"PostmanRuntime/.*"),
    "accept": re.compile(r"\*/\*"),
    "cache-control": re.compile(r"no-cache"),
    "postman-token": re.compile(r".*"),
    "accept-encoding": re.compile(r"gzip, deflate, br"),
    "connection": re.compile(r"keep-alive"),
    "content-length": re.compile(r"\d+"),
}
NEWMAN_ITEMS = [
    r.origin.name or ""
    for r in read_postman(SourceText("newman", NEWMAN_COLLECTION.read_text()), {})
    if isinstance(r, Request)
]


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with recording_server() as running:
        yield running


@pytest.fixture(scope="module")
def newman_sent(server: RecordingServer, tmp_path_factory: pytest.TempPathFactory) -> list[Recorded]:
    """Every request newman sent for the agreement collection, in order."""
    newman = node_tool("newman")
    if newman is None:
        pytest.skip(missing_reason("newman", "newman"))
    home = tmp_path_factory.mktemp("newman-home")
    command = [
        newman,
        "run",
        str(NEWMAN_COLLECTION),
        "--env-var",
        f"baseUrl={server.url}",
        "--env-var",
        f"token={CLI_TOKEN}",
        "--timeout-request",
        "20000",
        "--color",
        "off",
        "--disable-unicode",
    ]
    env = {"PATH": str(Path(newman).parent) + ":" + "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "NO_PROXY": "*"}
    completed = subprocess.run(
        command, check=False, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return server.take()


def _wire_headers(record: Recorded, authority: str) -> list[tuple[str, str]]:
    """The headers newman sent, in order, minus the defaults every request gets."""
    kept = []
    for name, value in record.headers:
        lowered, value = name.lower(), value.strip()
        default = _RUNTIME_DEFAULTS.get(lowered)
        if (default is not None and default.fullmatch(value)) or (lowered == "host" and value == authority):
            continue
        if lowered == "content-type" and value.startswith("multipart/form-data;"):
            value = "multipart/form-data"  # a random boundary
        kept.append((lowered, value))
    return kept


@pytest.mark.parametrize("index", range(len(NEWMAN_ITEMS)), ids=NEWMAN_ITEMS)
def test_agrees_with_newman(index: int, newman_sent: list[Recorded], server: RecordingServer) -> None:
    results = read_postman(
        SourceText(str(NEWMAN_COLLECTION), NEWMAN_COLLECTION.read_text()), {"baseUrl": server.url, "token": CLI_TOKEN}
    )
    requests = [r for r in results if isinstance(r, Request)]
    assert len(requests) == len(results) == len(newman_sent)
    request, record = requests[index], newman_sent[index]

    def sent(text: str) -> str:  # a variable nothing defines: newman sends `{{name}}` as written
        return restore(text, request.unknowns)

    assert request.method == record.method
    # newman percent-encodes what the reader keeps as written (spaces, braces); compare decoded.
    assert unquote(sent(request.path)) == unquote(record.path)
    assert unquote(sent(request.query)) == unquote(record.query)
    if request.body_format not in ("multipart", "binary", "graphql"):
        assert sent(request.body_text or "").encode() == record.body
    read_headers = [(name.lower(), sent(value).strip()) for name, value in request.headers.items_raw()]
    assert read_headers == _wire_headers(record, server.authority)
