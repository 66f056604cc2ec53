"""Tests for the curl reader: table-driven cases, source positions, and agreement with real curl.

The agreement test runs each command line through bash and the installed curl against a
loopback recording server and compares what curl sent with what `read_curl` produced.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from attrlint.model import ReadFailure, Request, SourceText
from attrlint.sources.curl import looks_like_curl, read_curl
from attrlint.unknown import restore

from conftest import note_codes, only_request
from curl_server import Recorded, RecordingServer, recording_server, run_bash

FIXTURES = Path(__file__).parent / "fixtures" / "curl"


def read(text: str, name: str = "<stdin>") -> list[Request | ReadFailure]:
    return read_curl(SourceText(name, text))


def read_one(text: str, name: str = "<stdin>") -> Request:
    return only_request(read(text, name))


# ---------------------------------------------------------------------------------------------
# Table-driven cases


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    expect: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str | None] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


CASES = [
    Case("get-by-default", "curl https://api.example.com/api/v2/users", {"method": "GET", "body_text": None}),
    Case("data-implies-post", "curl https://h.example/p -d x=1", {"method": "POST", "form": (("x", "1"),)}),
    Case("x-overrides-data", "curl -X PATCH https://h.example/p -d '{}'", {"method": "PATCH"}),
    Case("head", "curl -I https://h.example/p", {"method": "HEAD"}),
    Case("x-beats-head", "curl -X PUT -I https://h.example/p", {"method": "PUT"}),
    Case(
        "form-content-type-by-default",
        "curl https://h.example/p -d '{\"a\": 1}'",
        {"body_text": '{"a": 1}'},
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
    Case(
        "json-option",
        "curl https://h.example/p --json '{\"a\": 1}'",
        {"method": "POST", "body": {"a": 1}},
        {"Content-Type": "application/json", "Accept": "application/json"},
    ),
    Case(
        "json-pieces-join-without-separator",
        "curl https://h.example/p -d a --json b --json c -d d",
        {"body_text": "abc&d"},
    ),
    Case("data-pieces-join-with-ampersand", "curl h.example/p -d a=1 -d '' -d b=2", {"body_text": "a=1&&b=2"}),
    Case(
        "data-urlencode-forms",
        "curl h.example/p --data-urlencode 'a b=c d&e' --data-urlencode '=x y' --data-urlencode 'p+q'",
        {"body_text": "a b=c+d%26e&x+y&p%2Bq"},
    ),
    Case(
        "get-moves-data-to-query",
        "curl -G 'https://h.example/p?q=1#frag' -d x=1 --data-urlencode 'y=a b'",
        {"method": "GET", "query": "q=1&x=1&y=a+b", "body_text": None},
        {"Content-Type": None},
    ),
    Case(
        "scheme-less-url",
        "curl api.example.com/api/v2/users",
        {"scheme": "http", "host": "api.example.com", "url": "api.example.com/api/v2/users"},
    ),
    Case("dot-segments-removed", "curl 'https://h.example/a/../b/./c'", {"path": "/b/c"}),
    Case("path-as-is", "curl --path-as-is 'https://h.example/a/../b'", {"path": "/a/../b"}),
    Case("non-ascii-path-encoded", "curl 'https://h.example/a/é'", {"path": "/a/%c3%a9"}),
    Case(
        "glob-braces-removed",
        "curl https://h.example/users/{userId}",
        {"path": "/users/userId", "url": "https://h.example/users/{userId}"},
        notes=("PRS004",),
    ),
    Case("globoff-keeps-braces", "curl -g https://h.example/users/{userId}", {"path": "/users/{userId}"}),
    Case(
        "glob-set-first-url",
        "curl 'https://h.example/{a,b}/[01-10]'",
        {"path": "/a/01"},
        notes=("PRS004", "PRS004"),
    ),
    Case(
        "glob-bad-range",
        "curl 'https://h.example/p?filter[name]=x'",
        {"query": "filter[name]=x"},
        notes=("PRS004",),
    ),
    Case("escaped-glob-characters", r"curl 'https://h.example/\{a\}'", {"path": "/{a}"}),
    Case(
        "combined-short-flags",
        "curl -sSLXPATCH -HX-A:1 -sSd '{}' https://h.example/p",
        {"method": "PATCH", "body_text": "{}"},
        {"X-A": "1"},
    ),
    Case(
        "empty-and-removed-headers",
        "curl https://h.example/p -H 'X-Empty;' -H 'X-Gone:' -H 'Content-Type:' -d x",
        headers={"X-Empty": "", "X-Gone": None, "Content-Type": None},
    ),
    Case(
        "empty-content-type-replaces-default",
        "curl https://h.example/p -H 'Content-Type;' -d x",
        headers={"Content-Type": ""},
    ),
    Case(
        "custom-content-type-wins",
        "curl https://h.example/p --json '{}' -H 'Content-Type: text/plain'",
        headers={"Content-Type": "text/plain", "Accept": "application/json"},
    ),
    Case(
        "user-becomes-basic-auth",
        "curl -u user:pw https://h.example/p",
        headers={"Authorization": "Basic dXNlcjpwdw=="},
    ),
    Case(
        "bearer-beats-user",
        "curl -u user:pw --oauth2-bearer abc https://h.example/p",
        headers={"Authorization": "Bearer abc"},
    ),
    Case(
        "header-authorization-beats-user",
        "curl -u user:pw -H 'Authorization: Bearer xyz' https://h.example/p",
        headers={"Authorization": "Bearer xyz"},
    ),
    Case("cookies-joined", "curl -b a=b -b 'c=d' https://h.example/p", headers={"Cookie": "a=b;c=d"}),
    Case("cookie-file-noted", "curl -b jar.txt https://h.example/p", headers={"Cookie": None}, notes=("PRS005",)),
    Case(
        "agent-and-referer",
        "curl -A 'bot/1' -e 'https://r.example/;auto' https://h.example/p",
        headers={"User-Agent": "bot/1", "Referer": "https://r.example/"},
    ),
    Case("url-option", "curl --url https://h.example/p -X DELETE", {"method": "DELETE", "path": "/p"}),
    Case("long-option-prefix", "curl --oauth2-b abc https://h.example/p", headers={"Authorization": "Bearer abc"}),
    Case(
        "unknown-option-noted",
        "curl --frobnicate https://h.example/p -W",
        {"method": "GET"},
        notes=("PRS002", "PRS002"),
    ),
    Case("ambiguous-option-noted", "curl --dat https://h.example/p", notes=("PRS002",)),
    Case(
        "multipart-form",
        "curl -F a=b https://h.example/p",
        {"method": "POST", "body_format": "multipart", "body_text": None},
        {"Content-Type": "multipart/form-data"},
        notes=("PRS005",),
    ),
    Case("upload-file", "curl -T f.bin https://h.example/p", {"method": "PUT"}, notes=("PRS005",)),
    Case(
        "missing-body-file",
        "curl -d @no-such-file.json https://h.example/p",
        {"method": "POST", "body_text": None},
        notes=("PRS003",),
    ),
    Case("body-from-stdin", "curl --data-binary @- https://h.example/p", {"body_text": None}, notes=("PRS003",)),
    Case("option-missing-value", "curl https://h.example/p -X", {"method": "GET"}, notes=("PRS005",)),
    Case("double-dash-ends-options", "curl -- https://h.example/p", {"path": "/p"}),
    Case(
        "double-quote-escapes",
        'curl https://h.example/p -d "{\\"a\\": \\"\\$HOME \\`x\\` \\\\ \\q\\"}"',
        {"body_text": '{"a": "$HOME `x` \\ \\q"}'},
    ),
    Case("ansi-c-quoting", 'curl https://h.example/p -d $\'{"a":\\n"\\x41\\t"}\'', {"body_text": '{"a":\n"A\t"}'}),
    Case("bash-continuations", "curl \\\n  -X PATCH \\\r\n  https://h.example/p", {"method": "PATCH"}),
    Case("prompt-and-pipe", "$ curl -s https://h.example/p | jq .", {"path": "/p"}),
    Case("redirections-skipped", "curl https://h.example/p > out.json 2>&1", {"path": "/p"}),
    Case(
        "windows-cmd",
        'curl -X POST "https://h.example/p" ^\n  -H "Content-Type: application/json" ^\n  -d "{\\"a\\": 1}"',
        {"method": "POST", "body": {"a": 1}},
        {"Content-Type": "application/json"},
    ),
    Case(
        "powershell",
        "curl.exe -X POST 'https://h.example/p' `\n  -H 'X-Y: 1' `\n  -d '{\"a\": \"it''s\"}'",
        {"method": "POST", "body_text": '{"a": "it\'s"}'},
        {"X-Y": "1"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_curl_case(case: Case) -> None:
    request = read_one(case.text)
    assert request.origin.format == "curl"
    for attribute, expected in case.expect.items():
        assert getattr(request, attribute) == expected, attribute
    for name, value in case.headers.items():
        assert request.headers.get(name) == value, name
    assert tuple(note_codes(request)) == case.notes


def test_seed_curl_from_the_forum_thread() -> None:
    path = FIXTURES.parent / "seeds" / "003-answer.sh"
    request = read_one(path.read_text(), str(path))
    assert request.method == "PATCH"
    assert request.host == "api.mypurecloud.com"
    assert request.scheme == "https"
    assert request.path == "/api/v2/conversations/voice/conversationId/participants/participantId"
    assert request.url.endswith("/voice/{conversationId}/participants/{participantId}")
    assert request.headers["content-type"] == "application/json"
    assert request.body == {"attributes": {"pagerduty_incident_id": "INC-12345", "priority": "critical"}}
    globbing = [note for note in request.notes if note.code == "PRS004"]
    assert [note.args["original"] for note in globbing] == ["{conversationId}", "{participantId}"]
    assert globbing[0].message == "curl's URL globbing turned '{conversationId}' into 'conversationId'"
    assert globbing[0].args["sent"] == "conversationId"
    assert globbing[0].span is not None
    assert globbing[0].span.start.line == 1
    assert path.read_text().splitlines()[0][globbing[0].span.start.column - 1 :].startswith("{conversationId}")


def test_script_with_several_commands() -> None:
    path = FIXTURES / "script.sh"
    results = read(path.read_text(), str(path))
    assert all(isinstance(r, Request) for r in results)
    requests = [r for r in results if isinstance(r, Request)]
    assert [(r.method, restore(r.path, r.unknowns), r.origin.request_index) for r in requests] == [
        ("PATCH", "/api/v2/conversations/voice/$CONVERSATION/participants/$PARTICIPANT", 0),
        ("GET", "/api/v2/users", 1),
        ("HEAD", "/api/v2/", 2),
    ]
    patch, users, _ = requests
    # --data-binary keeps the file's CRLFs; the file is found next to the script.
    assert patch.body_text == (FIXTURES / "body.json").read_bytes().decode()
    assert patch.body == {"attributes": {"crm.id": "42"}}
    assert patch.body_map is None
    assert restore(patch.headers["authorization"], patch.unknowns) == "Bearer $TOKEN"
    assert [u.filler for u in patch.unknowns] == ["the shell"] * 3
    assert users.query == "pageSize=25&pageNumber=2"


def test_data_file_strips_line_ends_and_falls_back_to_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    request = read_one("curl https://h.example/p -H 'Content-Type: application/json' -d @body.json")
    assert request.body_text == '{  "attributes": {"crm.id": "42"}}'
    assert request.body == {"attributes": {"crm.id": "42"}}


def test_unterminated_quote_fails_that_command_only() -> None:
    text = 'curl https://h.example/a -d \'{"a": 1}\'\ncurl https://h.example/b -d "{oops\n'
    results = read(text)
    assert isinstance(results[0], Request)
    failure = results[1]
    assert isinstance(failure, ReadFailure)
    assert failure.format == "curl"
    assert failure.request_index == 1
    assert "unterminated double quote" in failure.message
    assert failure.span is not None
    assert (failure.span.start.line, failure.span.start.column) == (2, 29)


def test_reading_goes_on_after_a_failure() -> None:
    # Reading resumes on the line after the unterminated quote's line.
    text = "curl https://h.example/a -d 'oops\n\ncurl https://h.example/b\n"
    results = read(text)
    assert [type(r).__name__ for r in results] == ["ReadFailure", "Request"]
    assert [r.request_index if isinstance(r, ReadFailure) else r.origin.request_index for r in results] == [0, 1]


def test_command_without_url_fails() -> None:
    (failure,) = read("curl -X POST -d x\n")
    assert isinstance(failure, ReadFailure)
    assert failure.message == "curl command has no URL"


def test_unparsable_url_fails_only_that_url() -> None:
    results = read("curl -g 'http://[bad/p' https://h.example/ok")
    assert [type(r).__name__ for r in results] == ["ReadFailure", "Request"]
    assert isinstance(results[0], ReadFailure) and "cannot parse this URL" in results[0].message


def test_several_urls_and_next() -> None:
    results = read("curl https://h.example/a https://h.example/b -d x --next https://h.example/c")
    requests = [r for r in results if isinstance(r, Request)]
    assert [(r.method, r.path, r.body_text) for r in requests] == [
        ("POST", "/a", "x"),
        ("POST", "/b", "x"),
        ("GET", "/c", None),
    ]
    assert {r.origin.request_index for r in requests} == {0}


@pytest.mark.parametrize(
    ("text", "code", "option"),
    [
        ("curl --user=alice:s3cret https://h.example/p", "PRS002", "--user"),
        ("curl -Fpassword=s3cret https://h.example/p", "PRS005", "-F"),
        ("curl -K/tmp/s3cret.cfg https://h.example/p", "PRS005", "-K"),
    ],
    ids=["long-with-equals", "attached-form-value", "attached-config"],
)
def test_notes_never_echo_option_values(text: str, code: str, option: str) -> None:
    (note,) = read_one(text).notes
    assert note.code == code
    assert "s3cret" not in note.message and "s3cret" not in str(note.args)
    assert note.args == {"option": option}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("curl https://h.example/p", True),
        ("  $ curl -sS example.com", True),
        ("export X=1 && curl \\\n  -d x https://h.example", True),
        ("PS C:\\> curl.exe -X GET https://h.example", True),
        ("Here is the correct curl command to update attributes:", False),
        ("curl is a great tool", False),
        ('{"curl": "https://h.example"}', False),
    ],
    ids=["plain", "prompt", "after-and", "powershell-prompt", "prose", "prose-start", "json"],
)
def test_looks_like_curl(text: str, expected: bool) -> None:
    assert looks_like_curl(text) is expected


# ---------------------------------------------------------------------------------------------
# Positions


def _key_position(request: Request, key: str) -> tuple[int, int]:
    assert request.body_text is not None and request.body_map is not None
    inner = request.body_text.index(key)
    position = request.origin.source.position(request.body_map.to_source(inner))
    return position.line, position.column


def test_body_map_locates_keys_of_a_multiline_single_quoted_body() -> None:
    path = FIXTURES.parent / "seeds" / "003-answer.sh"
    text = path.read_text()
    request = read_one(text, str(path))
    lines = text.splitlines()
    for key in ('"attributes"', '"pagerduty_incident_id"', '"priority"', '"critical"'):
        line, column = _key_position(request, key)
        assert lines[line - 1][column - 1 :].startswith(key), key


def test_body_map_across_escapes_continuations_and_pieces() -> None:
    text = 'curl https://h.example/p \\\n  -d "{\\"alpha\\": \\\n1, \\"beta\\": 2}" \\\n  -d \'{"gamma": 3}\'\n'
    request = read_one(text)
    assert request.body_text == '{"alpha": 1, "beta": 2}&{"gamma": 3}'
    lines = text.splitlines()
    for key in ("alpha", "beta", "gamma", "1", "&"):
        line, column = _key_position(request, key)
        found = lines[line - 1][column - 1 :]
        # A joining `&` has no place in the source; it maps to the start of the next piece.
        assert found.startswith(key if key != "&" else "{"), key


def test_body_map_for_encoded_data() -> None:
    text = "curl h.example/p --data-urlencode 'name=a b'"
    request = read_one(text)
    assert request.body_text == "name=a+b"
    for inner, char in enumerate("name=a b"):
        assert text[request.body_map.to_source(inner)] == char  # type: ignore[union-attr]


def test_spans_point_at_method_url_headers_and_body() -> None:
    text = "curl -X PATCH 'https://h.example/p' \\\n  -H 'Content-Type: application/json' \\\n  -d '{}'"
    request = read_one(text)
    source = request.origin.source

    def spanned(key: str) -> str:
        span = request.spans[key]
        assert span.start.line == span.end.line
        return source.line_text(span.start.line)[span.start.column - 1 : span.end.column - 1]

    assert spanned("method") == "PATCH"
    assert spanned("url") == "'https://h.example/p'"
    assert spanned("header:content-type") == "'Content-Type: application/json'"
    assert spanned("body") == "'{}'"


def test_default_content_type_span_points_at_the_data_option() -> None:
    request = read_one("curl https://h.example/p -d '{}'")
    span = request.spans["header:content-type"]
    assert (span.start.column, span.end.column) == (26, 28)


# ---------------------------------------------------------------------------------------------
# Agreement with real curl

# `URL` becomes the server's base URL, `AUTHORITY` its host:port. Each command is run by bash
# (with `-s -o /dev/null` added) and read by `read_curl`; both must describe the same request.
AGREEMENT = [
    ("get", "curl URL/api/v2/users"),
    ("patch-json", "curl -X PATCH URL/api/v2/x -H 'Content-Type: application/json' -d '{\"a\": 1}'"),
    ("put-form-default", "curl -X PUT URL/p -d '{\"a\":1}'"),
    ("data-raw-at", "curl -X POST URL/p --data-raw '@not-a-file'"),
    ("two-data", "curl URL/p -d x=1 -d y=2"),
    ("empty-data-piece", "curl URL/p -d x -d '' -d y"),
    ("empty-body", "curl URL/p -d ''"),
    ("data-file-stripped", "curl URL/p -d @crlf.txt"),
    ("data-ascii-file", "curl URL/p --data-ascii @crlf.txt"),
    ("data-binary-file", "curl URL/p -d a=1 --data-binary @crlf.txt"),
    ("data-binary-json", "curl URL/p -H 'Content-Type: application/json' --data-binary @body.json"),
    (
        "urlencode",
        "curl URL/p --data-urlencode 'n=a b&c' --data-urlencode '=x y' --data-urlencode 'p+q' --data-urlencode 'f@crlf.txt'",
    ),
    ("urlencode-file", "curl URL/p --data-urlencode @crlf.txt"),
    ("json", "curl URL/p --json '{\"a\":1}'"),
    ("json-twice", "curl URL/p --json '{\"a\":1}' --json '{\"b\":2}'"),
    ("json-file", "curl URL/p --json @body.json"),
    ("data-then-json", "curl URL/p -d x --json '{\"a\":1}'"),
    ("json-custom-type", "curl URL/p --json '{}' -H 'Content-Type: text/plain'"),
    ("get-query", "curl 'URL/p?q=1' -G -d x=1 -d y=2"),
    ("get-fragment", "curl 'URL/p?q=1#frag' -G -d x=1"),
    ("get-urlencode", "curl URL/p -sSG --data-urlencode 'y=a b'"),
    ("no-get", "curl -G --no-get URL/p -d x"),
    ("user", "curl URL/p -u user:pw"),
    ("bearer", "curl URL/p --oauth2-bearer tok"),
    ("bearer-beats-user", "curl URL/p -u user:pw --oauth2-bearer tok"),
    ("cookies", "curl URL/p -b 'a=b' -b 'c=d'"),
    ("cookie-file", "curl URL/p -b no-such-jar.txt"),
    ("empty-and-removed-headers", "curl URL/p -H 'X-Empty;' -H 'X-Gone:' -H 'Accept:'"),
    ("empty-content-type", "curl URL/p -H 'Content-Type;' -d x=1"),
    ("removed-content-type", "curl URL/p -H 'Content-Type:' -d x=1"),
    ("duplicate-headers", "curl URL/p -H 'X-A: 1' -H 'x-a: 2'"),
    ("host-header", "curl URL/p -H 'Host: example.test'"),
    ("agent-referer", "curl URL/p -A 'agent/1.0' -e 'http://ref.example/;auto'"),
    ("get-with-body", "curl URL/p -d '{\"a\":1}' -X GET"),
    ("head", "curl -I URL/p"),
    ("put-over-head", "curl -X PUT -I URL/p"),
    ("delete-url-option", "curl --url URL/p -X DELETE"),
    ("braces-globbed", "curl URL/api/{conversationId}/x"),
    ("braces-globoff", "curl -g URL/api/{conversationId}/x"),
    ("brace-set", "curl 'URL/a/{b,c}/x'"),
    ("range", "curl 'URL/a/[1-2]/x'"),
    ("escaped-braces", "curl 'URL/a/\\{b\\}'"),
    ("combined-short", "curl URL/p -XPATCH -HX-A:1 -sSLd '{\"a\":1}'"),
    ("combined-method", "curl URL/p -sSXPOST"),
    ("long-prefix", "curl --user-ag x --data-b @crlf.txt URL/p"),
    (
        "seed-continuations",
        (
            'curl -X PATCH "URL/api/v2/conversations/voice/{conversationId}/participants/{participantId}" \\\n'
            ' -H "Authorization: Bearer {access_token}" \\\n'
            ' -H "Content-Type: application/json" \\\n'
            ' -d \'{\n "attributes": {"k": "v"}\n }\''
        ),
    ),
    ("double-quote-escapes", 'curl URL/p -H "X-Q: a\\"b" -d "{\\"a\\": \\"b\\\\\\\\c \\$HOME \\`x\\`\\"}"'),
    ("double-quote-continuation", 'curl URL/p -d "{\\"a\\": \\\n1}"'),
    ("single-quote-escape", "curl URL/p -d '{\"a\": \"it'\\''s\"}'"),
    ("ansi-c", 'curl URL/p -d $\'{"a":\\n"\\t\\x41\\u00e9"}\''),
    ("two-urls", "curl URL/p URL/q -d x=1"),
    ("next", "curl URL/p -d x=1 --next URL/q"),
    ("url-query", "curl URL/p --url-query 'a=b c' --url-query '+x=y'"),
    ("url-query-dropped-by-get", "curl --url-query 'a=b' -G -d x=1 'URL/p?q=1'"),
    ("dot-segments", "curl 'URL/a/../b/./c'"),
    ("path-as-is", "curl --path-as-is 'URL/a/../b'"),
    ("non-ascii-path", "curl 'URL/a/é'"),
    ("scheme-less", "curl AUTHORITY/p -d x=1"),
    ("multipart", "curl URL/p -F a=b"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with recording_server() as running:
        yield running


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("curl-agreement")
    (folder / "crlf.txt").write_bytes(b"a=1\r\nb=2 c\n\n")
    (folder / "body.json").write_bytes(b'{\n  "attributes": {"crm.id": "42"}\n}\n')
    return folder


def _wire_headers(record: Recorded, authority: str) -> list[tuple[str, str]]:
    """The headers curl sent, minus the defaults the reader does not keep."""
    kept = []
    for name, value in record.headers:
        lowered, value = name.lower(), value.strip()
        default = (
            lowered in ("content-length", "expect")
            or (lowered == "host" and value == authority)
            or (lowered == "user-agent" and value.startswith("curl/"))
            or (lowered == "accept" and value == "*/*")
        )
        if lowered == "content-type" and value.startswith("multipart/form-data;"):
            value = "multipart/form-data"  # curl adds a random boundary
        if not default:
            kept.append((lowered, value))
    return sorted(kept)


@pytest.mark.skipif(shutil.which("curl") is None, reason="real curl is not on PATH")
@pytest.mark.parametrize(("name", "command"), AGREEMENT, ids=[name for name, _ in AGREEMENT])
def test_agrees_with_real_curl(name: str, command: str, server: RecordingServer, workdir: Path) -> None:
    text = command.replace("URL", server.url).replace("AUTHORITY", server.authority)
    text += " -s -o /dev/null --max-time 20\n"
    script = workdir / f"{name}.sh"
    script.write_text(text)
    run_bash(text, workdir)
    records = server.take()

    results = read_curl(SourceText(str(script), text))
    requests = [r for r in results if isinstance(r, Request)]
    assert len(requests) == len(results)
    expanded = any(note.code == "PRS004" and note.args.get("count", 1) > 1 for r in requests for note in r.notes)
    if expanded:
        assert len(records) > len(requests) == 1
    else:
        assert len(records) == len(requests)
    for request, record in zip(requests, records, strict=False):
        assert request.method == record.method
        assert request.path == record.path
        assert request.query == record.query
        if request.body_format != "multipart":
            assert (request.body_text or "").encode() == record.body
        read_headers = sorted((n.lower(), v.strip()) for n, v in request.headers.items_raw())
        assert read_headers == _wire_headers(record, server.authority)


@pytest.mark.parametrize(
    ("name", "segment", "written"),
    [
        ("update.bat", "%CID%", "%CID%"),
        ("update.cmd", "%CID%", "%CID%"),
        ("update.ps1", "$env:CID", "$env:CID"),
        ("update.ps1", "$($call.id)", "$($call.id)"),
        ("update.sh", "${CID}", "${CID}"),
    ],
)
def test_a_one_line_command_takes_the_shell_of_its_file(name: str, segment: str, written: str) -> None:
    """With no continuation to tell the dialect, the file's kind does: `%CID%` in a .bat and
    `$env:CID` in a .ps1 are filled in by cmd and PowerShell, not sent as written."""
    text = f'curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/{segment}/participants/p/attributes"\n'
    request = read_one(text, name)
    assert [u.text for u in request.unknowns] == [written]
    assert request.path.split("/")[5] == request.unknowns[0].mark
