"""Source lines shown in reports are redacted of credentials, and the words that let a line skip
a pattern never change what is hidden."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.redact import _PATTERNS, _hide_authorization, redact_line


@pytest.mark.parametrize(
    ("line", "hidden"),
    [
        ('  "Authorization": "Bearer eyJhbGciOi.secret.part",', "eyJhbGciOi"),
        ("curl -u admin:hunter2 https://api.mypurecloud.com", "hunter2"),
        ("curl --cookie 'session=abc123' https://x", "abc123"),
        ("Cookie: session=abc123", "abc123"),
        ("grant_type=client_credentials&client_secret=s3cr3t", "s3cr3t"),
        ('{"password": "pa55word"}', "pa55word"),
        ("https://user:pa55@api.mypurecloud.com/api/v2", "pa55"),
        ("GET /callback?code=one-time-code HTTP/1.1", "one-time-code"),
        ("X-API-KEY: k-123456", "k-123456"),
        ("api_key=k-654321&x=1", "k-654321"),
    ],
)
def test_credentials_are_hidden(line: str, hidden: str) -> None:
    redacted = redact_line(line)
    assert hidden not in redacted
    assert "***" in redacted


def _every_pattern(text: str) -> str:
    """What redact_line did before it looked for the patterns' words: every pattern, every line."""
    text = _hide_authorization(text)
    for pattern, replacement, _ in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


FRAGMENTS = st.sampled_from(
    [
        "authorization", "Authorization: ", "Proxy-Authorization=", "Bearer ", "cookie", "Set-Cookie: ",
        "x-api-key", "X-Auth-Token", "apikey", "api_key", "-u ", "--user=", "--proxy-user ", "--oauth2-bearer ",
        "-b ", "--cookie ", "//", "@", "client_secret", "client-secret", "password", "PASSWD", "access_token",
        "refresh-token", "id_token", "assertion", "code=", "?", "&", "=", ":", " ", "'", '"', "`", ",", "}",
        "\\", "é", "ſ", "K", "İ", "\t",
    ]
)
SETTINGS = st.tuples(FRAGMENTS, st.sampled_from(["=", ": ", '":"', " "]), st.text(min_size=1, max_size=4)).map("".join)
LINES = st.lists(st.one_of(FRAGMENTS, SETTINGS, st.text(max_size=4)), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(line=LINES)
def test_skipping_patterns_by_their_words_hides_the_same(line: str) -> None:
    assert redact_line(line) == _every_pattern(line)
