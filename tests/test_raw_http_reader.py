"""Tests for the raw HTTP reader: request line, headers, body, separators and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from attrlint.model import ReadFailure, Request, SourceText
from attrlint.sources.raw_http import looks_like_raw_http, read_raw_http

from conftest import only_request

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000-question.http"
SEED_PATH = "/api/v2/conversations/voice/{conversationId}/participants/{participantId}"


def read(text: str) -> list[Request | ReadFailure]:
    return read_raw_http(SourceText("request.http", text))


def read_one(text: str) -> Request:
    return only_request(read(text))


def spanned(request: Request, key: str) -> str:
    """The source text under a one-line span."""
    span = request.spans[key]
    assert span.start.line == span.end.line
    line = request.origin.source.line_text(span.start.line)
    return line[span.start.column - 1 : span.end.column - 1]


def test_seed_request_is_path_only() -> None:
    request = read_one(SEED.read_text())
    assert request.origin.format == "raw_http"
    assert request.method == "PATCH"
    assert (request.scheme, request.host, request.path, request.query) == (None, None, SEED_PATH, "")
    assert request.url == SEED_PATH
    assert request.headers["content-type"] == "application/json"
    assert request.body == {"attributes": {"custom_status": "escalated", "crm_record_id": "12345"}}
    assert request.body_text is not None and request.body_text.endswith("}")
    assert spanned(request, "method") == "PATCH"
    assert spanned(request, "url") == SEED_PATH
    assert spanned(request, "header:content-type") == "Content-Type: application/json"


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_ends(line_end: str) -> None:
    text = SEED.read_text().replace("\n", line_end)
    request = read_one(text)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"] == "Bearer {token}"
    assert request.body == {"attributes": {"custom_status": "escalated", "crm_record_id": "12345"}}
    assert request.body_text is not None and not request.body_text.endswith(("\r", "\n"))


def test_absolute_form_target() -> None:
    request = read_one("PATCH https://api.mypurecloud.com/api/v2/users/u1?expand=x HTTP/1.1\n")
    assert (request.scheme, request.host, request.path, request.query) == (
        "https",
        "api.mypurecloud.com",
        "/api/v2/users/u1",
        "expand=x",
    )
    assert request.body_text is None


def test_host_header_gives_the_host() -> None:
    request = read_one("GET /api/v2/users HTTP/1.1\r\nHost: api.mypurecloud.com:443\r\n\r\n")
    assert request.host == "api.mypurecloud.com"
    assert request.path == "/api/v2/users"
    assert spanned(request, "header:host") == "Host: api.mypurecloud.com:443"


def test_leading_blank_and_comment_lines_are_skipped() -> None:
    request = read_one("\n\n# the failing call\n// from the logs\nDELETE /api/v2/users/u1\n")
    assert request.method == "DELETE"
    assert request.origin.source.position(0).line == 1
    assert request.spans["method"].start.line == 5


def test_several_requests_separated_by_hashes() -> None:
    text = (
        'POST /api/v2/a\nContent-Type: application/json\n\n{"a": 1}\n\n'
        "### second\n"
        "GET /api/v2/b\n"
        "###\n"
        "\n"
        "###\n"
        "PUT /api/v2/c\n\n[1]\n"
    )
    results = read(text)
    assert all(isinstance(r, Request) for r in results)
    requests = [r for r in results if isinstance(r, Request)]
    assert [(r.method, r.path, r.body, r.origin.request_index) for r in requests] == [
        ("POST", "/api/v2/a", {"a": 1}, 0),
        ("GET", "/api/v2/b", None, 1),
        ("PUT", "/api/v2/c", [1], 2),
    ]


def test_malformed_request_line_fails_with_its_span() -> None:
    text = "GET /ok\n###\nPlease look at this request:\n###\nPOST /also-ok\n"
    results = read(text)
    assert [type(r).__name__ for r in results] == ["Request", "ReadFailure", "Request"]
    failure = results[1]
    assert isinstance(failure, ReadFailure)
    assert failure.format == "raw_http"
    assert failure.request_index == 1
    assert failure.span is not None
    assert (failure.span.start.line, failure.span.start.column) == (3, 1)
    assert (failure.span.end.line, failure.span.end.column) == (3, 29)


def test_unparsable_host_header_gives_no_host() -> None:
    request = read_one("GET /p\nHost: [::1\n")
    assert request.host is None


def test_unparsable_absolute_target_fails() -> None:
    (failure,) = read("GET http://[bad/p HTTP/1.1\n")
    assert isinstance(failure, ReadFailure)
    assert failure.message == "invalid URL: Invalid IPv6 URL"
    assert failure.fix is not None and "square brackets belong only around an IPv6 address" in failure.fix


def test_folded_header_is_joined() -> None:
    request = read_one("GET /p\nX-Long: first\n  second\n\tthird\nAccept: */*\n")
    assert request.headers["x-long"] == "first second third"
    assert request.spans["header:x-long"].end.line == 4


def test_body_without_blank_line_and_bad_header_line() -> None:
    request = read_one('POST /p\nContent-Type: application/json\nnot a header\n{"a": 1}\n')
    assert request.body == {"a": 1}
    (note,) = request.notes
    assert note.code == "PRS005"
    assert note.span is not None and note.span.start.line == 3


def test_body_positions_map_to_the_source() -> None:
    text = SEED.read_text().replace("\n", "\r\n")
    request = read_one(text)
    assert request.body_text is not None and request.body_map is not None
    source = request.origin.source
    for key in ('"attributes"', '"crm_record_id"', '"12345"'):
        offset = request.body_map.to_source(request.body_text.index(key))
        assert text[offset : offset + len(key)] == key
        position = source.position(offset)
        assert source.line_text(position.line)[position.column - 1 :].startswith(key)
    assert request.spans["body"].start.line == 5


def test_empty_body_is_no_body() -> None:
    request = read_one("POST /p\nContent-Type: application/json\n\n\n\n")
    assert request.body_text is None
    assert "body" not in request.spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED.read_text(), True),
        ("\n# note\nGET https://api.mypurecloud.com/api/v2/users HTTP/1.1\r\nHost: x\r\n", True),
        ("Here is the request payload I'm sending:\nPATCH /api/v2/x\n", False),
        ('{"attributes": {}}', False),
        ("curl -X PATCH https://h.example/p", False),
    ],
    ids=["seed", "absolute-with-comment", "prose-first", "json", "curl"],
)
def test_looks_like_raw_http(text: str, expected: bool) -> None:
    assert looks_like_raw_http(text) is expected
