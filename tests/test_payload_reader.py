"""Bare bodies and self-describing request files (JSON and YAML), and format detection."""

from __future__ import annotations

import pytest

from attrlint.model import ReadFailure, Request, SourceText
from attrlint.sources import detect_format, read_input

from conftest import CONV, PART, codes, lint_text

URL = f"https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes"


def read(text: str, name: str, **kwargs: str) -> list[Request | ReadFailure]:
    return read_input(SourceText(name, text), "auto", kwargs.get("method"), kwargs.get("url"))


def test_yaml_request_file_locates_body_values() -> None:
    text = f"""method: PATCH
url: {URL}
headers:
  Authorization: Bearer example-token-not-real
  Content-Type: application/json
body:
  attributes:
    crm_status: escalated
    priority: 5
"""
    found = lint_text(text, "request.yaml")
    assert codes(found) == ["NST002"]
    assert (found[0].location.line, found[0].location.column, found[0].location.pointer) == (
        9,
        5,
        "/attributes/priority",
    )


def test_json_request_list_and_requests_key() -> None:
    item = f'{{"method": "PUT", "url": "{URL}", "body": {{"attributes": {{"a": "b"}}}}}}'
    for text in (f"[{item}, {item}]", f'{{"requests": [{item}, {item}]}}'):
        items = read(text, "requests.json")
        assert [type(i) for i in items] == [Request, Request]
        assert [i.origin.request_index for i in items if isinstance(i, Request)] == [0, 1]
        found = lint_text(text, "requests.json")
        assert codes(found) == ["VRB001", "VRB001"]
        assert {f.location.request_index for f in found} == {0, 1}


def test_request_file_without_headers_does_not_claim_missing_headers() -> None:
    text = f'{{"method": "PATCH", "url": "{URL}", "body": {{"attributes": {{"a": "b"}}}}}}'
    (request,) = read(text, "r.json")
    assert isinstance(request, Request) and not request.headers_known
    assert lint_text(text, "r.json") == []


def test_request_file_headers_as_list_and_string_body() -> None:
    text = f'{{"url": "{URL}", "method": "PATCH", "headers": ["Content-Type: text/plain", {{"name": "Authorization", "value": "Bearer x1y2z3"}}], "body": "{{\\"attributes\\": {{}}}}"}}'
    (request,) = read(text, "r.json")
    assert isinstance(request, Request)
    assert request.headers["authorization"] == "Bearer x1y2z3"
    assert request.body == {"attributes": {}}
    assert codes(lint_text(text, "r.json")) == ["HDR001"]


def test_bad_headers_entry_is_a_read_failure() -> None:
    (failure,) = read(f'{{"url": "{URL}", "headers": [42]}}', "r.json")
    assert isinstance(failure, ReadFailure)
    assert "neither" in failure.message


def test_bare_yaml_body_with_url_and_method() -> None:
    found = lint_text("attributes:\n  vip: true\n", "body.yaml", method="PUT", url=URL)
    assert codes(found) == ["NST002", "VRB001"]
    nst = next(f for f in found if f.code == "NST002")
    assert (nst.location.line, nst.location.column) == (2, 3)


def test_invalid_yaml_is_prs001_at_the_error() -> None:
    found = lint_text("attributes:\n  a: [1, 2\n  b: c\n", "body.yaml")
    assert codes(found) == ["PRS001"]
    assert found[0].location.line == 3


def test_body_with_url_key_is_still_a_body_when_other_keys_present() -> None:
    (request,) = read('{"url": "https://example.com", "attributes": {"a": "b"}}', "b.json")
    assert isinstance(request, Request) and not request.target_known


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "{}", "json"),
        ("a.yaml", "a: 1", "yaml"),
        ("a.yml", "[1]", "json"),
        ("a.sh", "echo hi", "curl"),
        ("a.http", "GET /", "httpfile"),
        ("a.har", "{}", "har"),
        ("<stdin>", "{\"log\": {\"entries\": []}}", "har"),
        ("x.postman_collection.json", "{}", "postman"),
        ("c.json", "{\"info\": {\"_postman_id\": \"1\"}}", "postman"),
        ("<stdin>", '  {"a": 1}', "json"),
        ("<stdin>", "# note\ncurl https://x", "curl"),
        ("<stdin>", "$ curl https://x", "curl"),
        ("paste.txt", "PATCH /api/v2/x HTTP/1.1\nHost: a\n", "http"),
        ("<stdin>", "attributes:\n  a: b\n", "yaml"),
    ],
)
def test_detect_format(name: str, text: str, expected: str) -> None:
    assert detect_format(name, text) == expected


def test_yaml_keys_that_are_numbers_are_read_as_json_writes_them() -> None:
    """`1: x` in a YAML body is the key "1" once sent as JSON (a number-keyed mapping used to
    crash the rules)."""
    text = (
        "method: PATCH\n"
        f"url: https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes\n"
        "headers: {Authorization: Bearer abcdefghijklmnop, Content-Type: application/json}\n"
        "body:\n  attributes:\n    1: x\n    2.5: y\n    ~: z\n"
    )
    (request,) = read_input(SourceText("r.yaml", text))
    assert isinstance(request, Request)
    assert request.body == {"attributes": {"1": "x", "2.5": "y", "null": "z"}}
    assert codes(lint_text(text, "r.yaml")) == []
