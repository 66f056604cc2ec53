"""Engine pieces: secret scrubbing, schema de-duplication, fix rendering."""

from __future__ import annotations

import base64
import re

import pytest

from attrlint.catalog import Catalog
from attrlint.checks import Context
from attrlint.engine import request_secrets, scrub
from attrlint.fixes import fill_template
from attrlint.model import Headers, Origin, SourceText
from attrlint.sources.common import make_request

from conftest import CONV, PART, codes, lint_text

TEMPLATE = "/api/v2/conversations/{conversationId}/participants/{participantId}/attributes"


def test_secrets_include_decoded_basic_credentials_and_form_secrets() -> None:
    basic = base64.b64encode(b"client-id:p4ssw0rd-value").decode()
    request = make_request(
        Origin(SourceText("x", ""), "curl"),
        "POST",
        "https://login.mypurecloud.com/oauth/token",
        [("Authorization", f"Basic {basic}"), ("Cookie", "a=cookie-value; b=other-cookie")],
        "grant_type=client_credentials&client_secret=the-client-secret",
    )
    secrets = request_secrets(request)
    for value in (basic, "p4ssw0rd-value", "cookie-value", "other-cookie", "the-client-secret"):
        assert value in secrets
    assert scrub(f"token {basic} and the-client-secret", secrets) == "token *** and ***"


def test_variable_references_are_not_secrets() -> None:
    request = make_request(
        Origin(SourceText("x", ""), "curl"), "GET", "/api/v2/x", [("Authorization", "Bearer $TOKEN")]
    )
    assert request_secrets(request) == []
    assert isinstance(request.headers, Headers)


@pytest.mark.parametrize(
    ("user_path", "expected"),
    [
        (
            f"/conversations/voice/{CONV}/participants/{PART}",
            f"/api/v2/conversations/{CONV}/participants/{PART}/attributes",
        ),
        (
            "/conversations/participants/${participantId}",
            "/api/v2/conversations/{conversationId}/participants/${participantId}/attributes",
        ),
        ("/x/${partId}/y/${convId}", "/api/v2/conversations/${convId}/participants/${partId}/attributes"),
        ("/interactions/participants", TEMPLATE),
        (f"/api/v2/conversations/voice/participants/{PART}/attributes", TEMPLATE.replace("{participantId}", PART)),
        (f"/api/v2/conversations/participants/{PART}/attributes", TEMPLATE.replace("{participantId}", PART)),
    ],
)
def test_fill_template_aligns_ids_by_name_then_order(user_path: str, expected: str) -> None:
    assert fill_template(TEMPLATE, user_path) == expected


def test_specific_rules_silence_the_schema_rule_at_their_pointers() -> None:
    body = '{"attributes": {"crm": {"id": 1}, "vip": true, "n": null}}'
    assert codes(lint_text(body, "b.json")) == ["NST001", "NST002", "NST003"]


def test_schema_rule_reports_what_no_specific_rule_explains() -> None:
    url = f"https://api.mypurecloud.com/api/v2/conversations/calls/{CONV}/participants/{PART}"
    found = lint_text('{"state": "hangup", "held": "yes", "wrapupSkipped": true}', "b.json", url=url)
    assert codes(found) == ["SCH001", "SCH004"]
    assert {f.location.pointer for f in found} == {"/state", "/held"}
    state = next(f for f in found if f.location.pointer == "/state")
    assert "connected" in state.fix and "disconnected" in state.fix


def test_context_operation_is_the_catalogs_operation() -> None:
    """Context.operation reads the operation off the path's matches (one walk per request);
    it is what Catalog.operation answers for every method on every template."""
    catalog = Catalog.load()
    for template in sorted(catalog.templates())[::7]:
        path = re.sub(r"\{[^/]+\}", "0b3f2a6e-1c1d-4e5f-8a9b-0c1d2e3f4a5b", template)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            request = make_request(Origin(SourceText("x", ""), "curl"), method, "https://api.mypurecloud.com" + path)
            expected = catalog.operation(method, path)
            assert Context(request).operation == (expected[0] if expected else None), (method, template)
