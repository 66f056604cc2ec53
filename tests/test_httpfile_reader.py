"""Tests for the `.http` file reader: syntax, variables, environments, body files, positions,
the seed mistakes written as `.http` files, and what the real httpyac sends for the same file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from node_tools import missing_reason, node_tool

from attrlint.checks import Options
from attrlint.model import ReadFailure, Request, SourceText
from attrlint.sources import read_input
from attrlint.sources.httpfile import read_http_file
from attrlint.unknown import restore

from conftest import CONV, PART, ROOT, codes, lint_text
from curl_server import Recorded, recording_server

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = FIXTURES / "seeds"
HTTP_SEEDS = FIXTURES / "httpfile" / "seeds"
HTTPYAC = FIXTURES / "httpfile" / "httpyac"
EXPECTED: dict[str, Any] = yaml.safe_load((SEEDS / "expected.yaml").read_text())
# Notes only the curl reader can give (curl's options, its URL globbing).
CURL_ONLY = {"PRS002", "PRS004", "PRS007"}
API = "https://api.mypurecloud.com"
ATTRIBUTES = f"/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"
EXAMPLE_UUID = "5f3c1e2a-8b4d-4c6e-9a7f-0b1c2d3e4f5a"


class Case(NamedTuple):
    """A `.http` text, files beside it, `--var` values, and what each item read must show."""

    name: str
    text: str
    expect: list[dict[str, Any]]
    variables: dict[str, str] = {}
    files: dict[str, str] = {}


def summary(item: Request | ReadFailure) -> dict[str, Any]:
    """The fields of a read item that the cases compare."""
    if isinstance(item, ReadFailure):
        return {
            "failure": item.message,
            "index": item.request_index,
            "line": item.span.start.line if item.span else None,
        }
    def shown(text: str | None) -> str | None:  # a value filled in at send time, as written
        return None if text is None else restore(text, item.unknowns)

    return {
        "name": item.origin.name,
        "index": item.origin.request_index,
        "method": item.method,
        "url": shown(item.url),
        "host": shown(item.host),
        "path": shown(item.path),
        "query": shown(item.query),
        "headers": [(name, shown(value)) for name, value in item.headers.items_raw()],
        "body_text": shown(item.body_text),
        "body": json.loads(shown(json.dumps(item.body, ensure_ascii=False)) or "null"),
        "unknowns": [u.text for u in item.unknowns],
        "notes": [(note.code, note.message) for note in item.notes],
        "note_args": [dict(note.args) for note in item.notes],
    }


CASES = [
    Case(
        "request-line-forms",
        f"GET {API}/api/v2/users?expand=x HTTP/1.1\n###\n{API}/api/v2/users/me\n###\ndelete /api/v2/users/u1\n",
        [
            {"method": "GET", "host": "api.mypurecloud.com", "path": "/api/v2/users", "query": "expand=x"},
            {"method": "GET", "url": f"{API}/api/v2/users/me", "path": "/api/v2/users/me"},
            {"method": "DELETE", "host": None, "path": "/api/v2/users/u1"},
        ],
    ),
    Case(
        "names-from-separators-and-annotations",
        "### first one\nGET /a\n\n###\n# @name login\nGET /b\n\n### ignored\n// @name = third\nGET /c\n\n###\nGET /d\n",
        [
            {"name": "first one", "index": 0},
            {"name": "login", "index": 1},
            {"name": "third", "index": 2},
            {"name": None, "index": 3},
        ],
    ),
    Case(
        "comments-everywhere",
        '# top\n// more\nPOST /a\n# between headers\nContent-Type: application/json\n// and here\n\n{\n  # dropped, as httpyac does\n  "a": 1\n  // here too\n}\n',
        [{"headers": [("Content-Type", "application/json")], "body_text": '{\n  "a": 1\n}', "body": {"a": 1}}],
    ),
    Case(
        "file-variables-nested-and-in-order",
        "@host = https://api.mypurecloud.com\n@users = {{host}}/api/v2/users\n@id = first\n"
        "GET {{users}}/{{id}}\n\n###\n@id = second\nGET {{users}}/{{ id }}\n\n###\nGET {{users}}/{{id}}\n",
        [
            {"url": f"{API}/api/v2/users/first", "host": "api.mypurecloud.com"},
            {"path": "/api/v2/users/second"},
            {"path": "/api/v2/users/second"},
        ],
    ),
    Case(
        "variables-in-headers-and-body",
        '@type = application/json\n@crm = C-42\nPOST /a\nContent-Type: {{type}}\nX-Crm: crm {{crm}}\n\n{"crm": "{{crm}}"}\n',
        [{"headers": [("Content-Type", "application/json"), ("X-Crm", "crm C-42")], "body": {"crm": "C-42"}}],
    ),
    Case(
        "cli-variables-beat-file-variables",
        "@id = from-file\n@other = {{id}}-x\nGET /a/{{id}}/{{other}}\n",
        [{"path": "/a/from-cli/from-cli-x"}],
        variables={"id": "from-cli"},
    ),
    Case(
        "cyclic-variables-stay-unresolved",
        "@a = {{b}}\n@b = {{a}}\nGET /x/{{a}}\n",
        [{"path": "/x/{{a}}"}],
    ),
    Case(
        "only-environment-is-used-private-over-public",
        "@id = from-file\nGET {{baseUrl}}/a/{{id}}/{{secret}}/{{shared}}\n",
        [{"url": f"{API}/a/from-file/private/everywhere", "notes": []}],
        files={
            "http-client.env.json": json.dumps(
                {"$shared": {"shared": "everywhere"}, "dev": {"baseUrl": API, "id": "from-env", "secret": "public"}}
            ),
            "http-client.private.env.json": json.dumps({"dev": {"secret": "private"}}),
        },
    ),
    Case(
        "environment-chosen-with-env-variable",
        "GET {{baseUrl}}/a?n={{n}}&b={{flag}}\n",
        [{"url": "https://api.mypurecloud.ie/a?n=3&b=true", "host": "api.mypurecloud.ie"}],
        variables={"env": "prod"},
        files={
            "http-client.env.json": json.dumps(
                {"dev": {"baseUrl": API}, "prod": {"baseUrl": "https://api.mypurecloud.ie", "n": 3, "flag": True}}
            )
        },
    ),
    Case(
        "several-environments-none-chosen",
        "# no host without an environment\nGET /a/{{id}}\n\n###\nGET /b/{{id}}\n",
        [
            {
                "path": "/a/{{id}}",
                "notes": [
                    (
                        "PRS005",
                        "the env files beside this file define several environments (dev, prod); none was used: "
                        "pick one with --var env=NAME",
                    )
                ],
                "note_args": [{"environments": ["dev", "prod"]}],
            },
            {"path": "/b/{{id}}", "notes": []},
        ],
        files={"http-client.env.json": json.dumps({"prod": {"id": "p"}, "dev": {"id": "d"}})},
    ),
    Case(
        "unknown-environment",
        "GET /a/{{id}}\n",
        [
            {
                "path": "/a/{{id}}",
                "notes": [
                    ("PRS005", "environment 'test' is not in the env files beside this file (dev); none was used")
                ],
            }
        ],
        variables={"env": "test"},
        files={"http-client.env.json": json.dumps({"dev": {"id": "d"}})},
    ),
    Case(
        "unreadable-environment-file",
        "GET /a\n",
        [
            {
                "notes": [
                    (
                        "PRS005",
                        "http-client.env.json is not a JSON object of environments; its variables were not used",
                    )
                ]
            }
        ],
        files={"http-client.env.json": "{not json"},
    ),
    Case(
        "dynamic-variables",
        "GET /a/{{$uuid}}/{{$guid}}/{{$random.uuid}}?t={{$timestamp}}&r={{$randomInt 1 10}}\nX-At: {{$isoTimestamp}}\n",
        [
            {
                "path": f"/a/{EXAMPLE_UUID}/{EXAMPLE_UUID}/{EXAMPLE_UUID}",
                "query": "t=1700000000&r=42",
                "headers": [("X-At", "2023-11-14T22:13:20.000Z")],
            }
        ],
    ),
    Case(
        "request-variables-and-unknown-names-stay",
        "POST /a/{{nope}}\nAuthorization: Bearer {{login.response.body.access_token}}\nX-Id: {{login.response.body.$.id}}\n\n"
        '{"x": "{{$processEnv HOME}}"}\n',
        [
            {
                "path": "/a/{{nope}}",
                "headers": [
                    ("Authorization", "Bearer {{login.response.body.access_token}}"),
                    ("X-Id", "{{login.response.body.$.id}}"),
                ],
                "body": {"x": "{{$processEnv HOME}}"},
            }
        ],
    ),
    Case(
        "unresolved-base-url",
        "PATCH {{baseUrl}}" + ATTRIBUTES + "?x=1\n###\nGET https://{{region}}/api/v2/users\n",
        [
            {
                "url": "{{baseUrl}}" + ATTRIBUTES + "?x=1",
                "host": "{{baseUrl}}",
                "path": ATTRIBUTES,
                "query": "x=1",
                "notes": [("PRS006", "unresolved variable {{baseUrl}} in the URL; the host is not checked")],
                "note_args": [{"variable": "baseUrl"}],
            },
            {
                "host": "{{region}}",
                "path": "/api/v2/users",
                "notes": [("PRS006", "unresolved variable {{region}} in the URL; the host is not checked")],
            },
        ],
    ),
    Case(
        "base-url-through-another-variable",
        "@api = {{baseUrl}}/api/v2\nGET {{api}}/users\n",
        [{"host": "{{baseUrl}}", "path": "/api/v2/users", "note_args": [{"variable": "baseUrl"}]}],
    ),
    Case(
        "unresolved-path-variable-stays-in-the-path",
        f"PATCH {API}/api/v2/conversations/calls/{{{{conversationId}}}}/participants/{PART}/attributes\n",
        [
            {
                "host": "api.mypurecloud.com",
                "path": f"/api/v2/conversations/calls/{{{{conversationId}}}}/participants/{PART}/attributes",
                "notes": [],
            }
        ],
    ),
    Case(
        "multi-line-url",
        "@q = participants\nGET https://api.mypurecloud.com\n    /api/v2/conversations\n    ?expand={{q}}\n&pageSize=2\n"
        "Accept: application/json\n\n###\nGET /a\n?b=1\n",
        [
            {"path": "/api/v2/conversations", "query": "expand=participants&pageSize=2"},
            {"path": "/a", "query": "b=1", "headers": []},
        ],
    ),
    Case(
        "body-ends-before-handlers-and-redirects",
        "POST /a\nContent-Type: application/json\n\n\n\n"
        '{"a": 1}\n\n\n> {%\n  client.global.set("t", response.body.token);\n%}\n>> out.json\n\n'
        "###\nPOST /b\n\n[1]\n> ./handler.js\n>>! out.json\n",
        [{"body_text": '{"a": 1}', "body": {"a": 1}}, {"body_text": "[1]"}],
    ),
    Case(
        "no-body",
        "GET /a\nAccept: */*\n\n\n\n###\nDELETE /b\n\n> {% client.log(1) %}\n",
        [{"body_text": None}, {"body_text": None, "method": "DELETE"}],
    ),
    Case(
        "body-files",
        "@dir = bodies\nPATCH /a\nContent-Type: application/json\n\n< ./{{dir}}/plain.json\n\n###\n"
        "PATCH /b\nContent-Type: application/json\n\n<@ ./bodies/plain.json\n",
        [
            {"body_text": '{"id": "{{id}}"}\n', "body": {"id": "{{id}}"}, "notes": []},
            {"body_text": '{"id": "ID-7"}\n', "body": {"id": "ID-7"}},
        ],
        variables={"id": "ID-7"},
        files={"bodies/plain.json": '{"id": "{{id}}"}\n'},
    ),
    Case(
        "missing-body-file",
        "PATCH /a\nContent-Type: application/json\n\n< ./missing.json\n",
        [{"body_text": None, "notes": [("PRS003", "body file './missing.json' not found; body not checked")]}],
    ),
    Case(
        "host-header-for-a-path",
        "GET /api/v2/users HTTP/1.1\nHost: {{host}}:443\n\n###\nGET /api/v2/users\nHost: {{unknown}}\n",
        [{"host": "api.mypurecloud.com", "path": "/api/v2/users"}, {"host": None}],
        variables={"host": "api.mypurecloud.com"},
    ),
    Case(
        "bad-request-line-then-next-request",
        "GET /ok\n###\nPlease look at this request:\n###\n@only = variables\n# and comments\n###\nPOST /also-ok\n",
        [
            {"path": "/ok", "index": 0},
            {"failure": "not a request line: expected '[METHOD] URL [HTTP/x.y]'", "index": 1, "line": 3},
            {"path": "/also-ok", "index": 2},
        ],
    ),
    Case(
        "method-less-word-is-not-a-url",
        "hello\n",
        [{"failure": "not a request line: expected '[METHOD] URL [HTTP/x.y]'", "line": 1}],
    ),
    Case(
        "invalid-url",
        "GET http://[bad/p\n",
        [{"failure": "invalid URL: Invalid IPv6 URL"}],
    ),
    Case(
        "crlf-line-ends",
        '@v = 1\r\nPOST /a HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"a":\r\n {{v}}}\r\n\r\n',
        [{"headers": [("Content-Type", "application/json")], "body_text": '{"a":\n 1}', "body": {"a": 1}}],
    ),
    Case(
        "header-line-without-colon",
        'POST /a\nContent-Type: application/json\nnot a header\n\n{"a": 1}\n',
        [{"body": {"a": 1}, "notes": [("PRS005", "line 3 is not a header ('Name: value'); ignored")]}],
    ),
]


def _read(tmp_path: Path, case: Case) -> list[Request | ReadFailure]:
    for name, content in case.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    return read_http_file(SourceText(str(tmp_path / "requests.http"), case.text), case.variables)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_reader_case(tmp_path: Path, case: Case) -> None:
    results = _read(tmp_path, case)
    assert len(results) == len(case.expect), [summary(item) for item in results]
    for item, expected in zip(results, case.expect, strict=True):
        found = summary(item)
        assert {key: found.get(key) for key in expected} == expected


def test_http_and_rest_files_are_read_as_httpfile() -> None:
    for name in ("requests.http", "requests.rest"):
        (request,) = read_input(SourceText(name, "@id = 1\nGET /api/v2/users/{{id}}\n"))
        assert isinstance(request, Request)
        assert (request.origin.format, request.path) == ("httpfile", "/api/v2/users/1")


def _spanned(request: Request, key: str) -> str:
    """The source text under a span (lines joined with LF)."""
    span = request.spans[key]
    source = request.origin.source
    lines = [source.line_text(n) for n in range(span.start.line, span.end.line + 1)]
    lines[-1] = lines[-1][: span.end.column - 1]
    lines[0] = lines[0][span.start.column - 1 :]
    return "\n".join(lines)


POSITIONS = (
    "@crmSystem = salesforce\n"
    "@crm = {{crmSystem}}-record-of-the-customer\n"
    "### update\n"
    f"PATCH {{{{host}}}}{ATTRIBUTES}\n"
    "Content-Type: application/json\n"
    "Authorization: Bearer {{login.response.body.access_token}}\n"
    "\n"
    '{"attributes": {"source": "{{crm}}", "also": "{{crm}}",\n'
    "  # a note\n"
    '  "crm": {"id": 42}}}\n'
)


def test_spans_point_at_the_text_as_written() -> None:
    (request,) = read_http_file(SourceText("positions.http", POSITIONS), {"host": API})
    assert isinstance(request, Request)
    assert _spanned(request, "method") == "PATCH"
    assert _spanned(request, "url") == "{{host}}" + ATTRIBUTES
    assert _spanned(request, "header:content-type") == "Content-Type: application/json"
    assert _spanned(request, "body").startswith('{"attributes": {"source": "{{crm}}"')
    assert _spanned(request, "body").endswith('"crm": {"id": 42}}}')


def test_body_offsets_map_back_through_substituted_variables() -> None:
    (request,) = read_http_file(SourceText("positions.http", POSITIONS), {"host": API})
    assert isinstance(request, Request) and request.body_text is not None and request.body_map is not None
    assert '"salesforce-record-of-the-customer"' in request.body_text
    for key in ('"also"', '"crm": {', '"id"', "42"):
        offset = request.body_map.to_source(request.body_text.index(key))
        assert POSITIONS[offset : offset + len(key)] == key


def test_finding_after_substituted_variables_points_at_the_file() -> None:
    findings = lint_text(POSITIONS.replace("{{host}}", API), "positions.http")
    (nested,) = [f for f in findings if f.code == "NST001"]
    line = POSITIONS.splitlines().index('  "crm": {"id": 42}}}') + 1
    assert (nested.location.line, nested.location.column) == (line, 3)
    assert nested.location.pointer == "/attributes/crm"
    assert nested.location.request_name == "update"


def test_multi_line_url_span() -> None:
    (request,) = read_http_file(SourceText("r.http", "GET https://h.example\n  /p\n  ?q=1\nAccept: */*\n"), {})
    assert isinstance(request, Request)
    assert _spanned(request, "url") == "https://h.example\n  /p\n  ?q=1"


def test_included_body_findings_point_at_the_include_line(tmp_path: Path) -> None:
    (tmp_path / "body.json").write_text('{"attributes": {"crm": {"id": 42}}}')
    text = f"PATCH {API}{ATTRIBUTES}\nAuthorization: Bearer {{{{token}}}}\nContent-Type: application/json\n\n< ./body.json\n"
    findings = lint_text(text, str(tmp_path / "requests.http"))
    assert codes(findings) == ["NST001"]
    assert (findings[0].location.line, findings[0].location.column) == (5, 1)


def test_variables_nothing_defines_are_unknown_not_wrong() -> None:
    """`{{conv}}` with no definition in the file, its environments or --var is filled in when the
    request is sent (another environment, a request variable): judged as unknown, not reported."""
    text = f"PATCH {API}/api/v2/conversations/calls/{{{{conv}}}}/participants/{{{{part}}}}/attributes\n"
    text += "Authorization: Bearer {{token}}\nContent-Type: application/json\n\n" + '{"attributes": {"a": "{{a}}"}}\n'
    assert codes(lint_text(text, "requests.http")) == []
    (request,) = read_input(SourceText("requests.http", text))
    assert isinstance(request, Request)
    assert sorted((u.text, u.filler) for u in request.unknowns) == [
        ("{{a}}", "the HTTP client"),
        ("{{conv}}", "the HTTP client"),
        ("{{part}}", "the HTTP client"),
        ("{{token}}", "the HTTP client"),
    ]
    # What the file does define is still judged: a wrong verb on the same path.
    wrong = text.replace("PATCH", "PUT", 1)
    assert codes(lint_text(wrong, "requests.http")) == ["VRB001"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer {{token}}", "Bearer {{login.response.body.access_token}}", "Bearer {{ $dotenv TOKEN }}"],
    ids=["variable", "response-variable", "spaced"],
)
def test_authorization_variable_is_not_a_placeholder_mistake(authorization: str) -> None:
    text = f"PATCH {API}{ATTRIBUTES}\nAuthorization: {authorization}\nContent-Type: application/json\n\n"
    findings = lint_text(text + '{"attributes": {"a": "b"}}\n', "requests.http")
    assert codes(findings) == []


ENDPOINTS = ["", "calls/", "callbacks/", "emails/", "messages/", "cobrowsesessions/"]


@pytest.mark.parametrize("media", ENDPOINTS, ids=[m.rstrip("/") or "generic" for m in ENDPOINTS])
def test_correct_attribute_patch_lints_clean(media: str) -> None:
    text = (
        "# a correct participant attributes update\n"
        "@baseUrl = https://api.mypurecloud.com\n"
        f"@conversationId = {CONV}\n"
        f"@participantId = {PART}\n"
        "@crmStatus = escalated\n"
        "\n"
        "### update attributes\n"
        f"PATCH {{{{baseUrl}}}}/api/v2/conversations/{media}{{{{conversationId}}}}/participants/{{{{participantId}}}}/attributes\n"
        "Authorization: Bearer {{login.response.body.access_token}}\n"
        "Content-Type: application/json\n"
        "\n"
        '{"attributes": {"crm_status": "{{crmStatus}}", "crm_record_id": "12345", "ref": "{{$uuid}}"}}\n'
    )
    found = lint_text(text, "attributes.http", options=Options(scopes=("conversations",)))
    assert codes(found) == [], [f"{f.code}: {f.message}" for f in found]


def test_every_seed_has_an_http_file() -> None:
    assert sorted(p.stem for p in HTTP_SEEDS.glob("*.http")) == sorted(Path(name).stem for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_mistake_as_http_file(name: str) -> None:
    case = EXPECTED[name]
    opts = case.get("options", {})
    options = Options(scopes=tuple(opts["scopes"]) if "scopes" in opts else None, grant=opts.get("grant"))
    path = HTTP_SEEDS / (Path(name).stem + ".http")
    found = lint_text(path.read_text(), str(path), options=options)
    expected = sorted(code for code in case["expect"] if code not in CURL_ONLY)
    assert codes(found) == expected, [f"{f.code}: {f.message}" for f in found]
    for code, fragment in case.get("fix_contains", {}).items():
        fixes = [f.fix for f in found if f.code == code]
        assert any(fragment in fix for fix in fixes), (code, fragment)
    for finding in found:
        assert "example-token-not-real" not in finding.message + finding.fix


def test_seed_http_files_take_host_and_token_from_the_environment() -> None:
    path = HTTP_SEEDS / "000-question-filled.http"
    (request,) = read_http_file(SourceText(str(path), path.read_text()), {})
    assert isinstance(request, Request)
    assert request.host == "api.mypurecloud.com"
    assert request.headers["authorization"] != "Bearer {{token}}"
    assert request.notes == ()


def _run_httpyac(httpyac: str, folder: Path) -> subprocess.CompletedProcess[str]:
    # httpyac uses no environment unless --env names one (attrlint takes the only one there is).
    command = [httpyac, "send", "requests.http", "--all", "--env", "test", "--output", "none"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)


def test_httpyac_sends_what_the_reader_read(tmp_path: Path) -> None:
    httpyac = node_tool("httpyac")
    if httpyac is None:
        pytest.skip(missing_reason("httpyac", "httpyac"))
    if node_tool("node") is None:
        pytest.skip(missing_reason("node", "node"))
    folder = tmp_path / "project"
    shutil.copytree(HTTPYAC, folder)
    with recording_server() as server:
        (folder / "http-client.env.json").write_text(json.dumps({"test": {"baseUrl": server.url}}))
        (folder / "http-client.private.env.json").write_text(json.dumps({"test": {"token": "example-token-not-real"}}))
        result = _run_httpyac(httpyac, folder)
        sent = server.take()
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    path = folder / "requests.http"
    read = read_http_file(SourceText(str(path), path.read_text()), {})
    requests = [item for item in read if isinstance(item, Request)]
    assert len(requests) == len(read) == len(sent) == 4
    for request, wire in zip(requests, sent, strict=True):
        assert _as_sent(request) == _as_received(wire, request), request.origin.name
    assert [r.origin.name for r in requests] == ["inline body", "body from a file", "bodyWithVariables", "read it back"]
    assert requests[2].body == {"attributes": {"crm_status": "escalated", "crm_conversation": CONV}}


def _as_sent(request: Request) -> dict[str, Any]:
    body = request.body_text.encode() if request.body_text is not None else b""
    headers = {name.lower(): [value] for name, value in request.headers.items_raw()}
    return {"method": request.method, "path": request.path, "query": request.query, "body": body, "headers": headers}


def _as_received(wire: Recorded, request: Request) -> dict[str, Any]:
    headers = {name.lower(): wire.header_values(name) for name, _ in request.headers.items_raw()}
    return {"method": wire.method, "path": wire.path, "query": wire.query, "body": wire.body, "headers": headers}


def test_environment_and_base_url_notes_become_findings(tmp_path: Path) -> None:
    (tmp_path / "http-client.env.json").write_text(json.dumps({"a": {"baseUrl": API}, "b": {"baseUrl": API}}))
    text = f"PATCH {{{{baseUrl}}}}{ATTRIBUTES}\nAuthorization: Bearer {{{{token}}}}\nContent-Type: application/json\n\n"
    findings = lint_text(text + '{"attributes": {"a": "b"}}\n', str(tmp_path / "requests.http"))
    assert codes(findings) == ["PRS005", "PRS006"]
    base_url = next(f for f in findings if f.code == "PRS006")
    assert (base_url.location.line, base_url.location.column, base_url.location.end_column) == (1, 7, 18)
