"""What the shell fills in, decided by real bash: a differential test of the curl reader's
known / unknown / literal verdicts.

Scripts are generated with variables in every quoting context (bare, `${...}`, `${V:-x}`,
`$(...)`, backticks, double quotes, single quotes, `\\$`, quote splicing) in the URL, a header
and the body. bash runs each one with real curl against the loopback server; attrlint reads
the same text. Every part attrlint marks unknown must be exactly where bash put a variable's
value, everything else must be what curl sent, and a `$VAR` that bash left alone (single
quotes) must be reported as PRS007.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attrlint.model import Request, SourceText
from attrlint.sources.curl import read_curl
from attrlint.unknown import Unknown

from conftest import lint_text
from curl_server import RecordingServer, recording_server, run_bash

VALUE = "Q7x"  # what every variable holds when bash runs the script
NUMBER = "42"  # what $N holds: a JSON number when written bare in a body
ENV = {"CID": VALUE, "TOKEN": VALUE, "V": VALUE, "N": NUMBER}

# Each choice: (the text, whether it holds a `$VAR` in single quotes that bash leaves alone).
# Inside a double-quoted URL: one path segment.
URL_SEGMENTS = [
    ("$CID", False),
    ("${CID}", False),
    ("${CID:-fallback}", False),
    ('$(printf %s "$CID")', False),
    ("`printf %s $CID`", False),
    ("\\$CID", False),  # escaped: sent as `$CID` on purpose, no finding
    ("0f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f", False),
]
# A whole -H argument.
HEADERS = [
    ('"Authorization: Bearer $TOKEN"', False),
    ('"Authorization: Bearer ${TOKEN}"', False),
    ("'Authorization: Bearer $TOKEN'", True),
    ("'Authorization: Bearer '\"$TOKEN\"", False),
    ("Authorization:\\ Bearer\\ $TOKEN", False),
    ("'Authorization: Bearer example-token-not-real'", False),
]
# A whole -d argument holding an attributes body.
BODIES = [
    ('\'{"attributes": {"k": "\'"$V"\'"}}\'', False),
    ('\'{"attributes": {"k": "\'$V\'"}}\'', False),
    ('"{\\"attributes\\": {\\"k\\": \\"$V\\"}}"', False),
    ('"{\\"attributes\\": {\\"k\\": \\"pre-${V}-post\\"}}"', False),
    ('\'{"attributes": {"k": "$V"}}\'', True),
    ("'{\"attributes\": {\"n\": '$N'}}'", False),
    ('"{\\"attributes\\": {\\"n\\": $N}}"', False),
    ('\'{"attributes": {"k": "\'"$(printf %s "$V")"\'"}}\'', False),
    ('\'{"attributes": {"k": "v"}}\'', False),
]


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with recording_server() as running:
        yield running


def _filled(text: str, unknowns: tuple[Unknown, ...]) -> str:
    """`text` with every mark replaced by what bash put there (a bare one without its quotes)."""
    for unknown in unknowns:
        value = NUMBER if unknown.text in ("$N",) else VALUE
        if unknown.bare:
            text = text.replace(f'"{unknown.mark}"', value)
        text = text.replace(unknown.mark, value)
    return text


def _run(text: str, folder: Path) -> None:
    run_bash(text, folder, ENV)


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="needs bash and curl")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    segment=st.sampled_from(URL_SEGMENTS),
    header=st.sampled_from(HEADERS),
    body=st.sampled_from(BODIES),
    url_quotes=st.sampled_from(["double", "spliced"]),
)
def test_unknowns_are_where_bash_fills_in(
    segment: tuple[str, bool],
    header: tuple[str, bool],
    body: tuple[str, bool],
    url_quotes: str,
    server: RecordingServer,
    tmp_path: Path,
) -> None:
    written = segment[0]
    path = f"/api/v2/conversations/calls/{written}/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes"
    if url_quotes == "double":
        url = f'"{server.url}{path}"'
    else:  # single-quoted text with the segment spliced in double quotes
        head, _, tail = path.partition(written)
        url = f"'{server.url}{head}'\"{written}\"'{tail}'"
    text = f"curl -s -o /dev/null --max-time 20 -X PATCH {url} -H {header[0]} -H 'Content-Type: application/json' -d {body[0]}\n"
    _run(text, tmp_path)
    [record] = server.take()
    [request] = read_curl(SourceText("script.sh", text))
    assert isinstance(request, Request)

    assert _filled(request.path, request.unknowns) == record.path
    assert _filled(request.body_text or "", request.unknowns).encode() == record.body
    sent_auth = record.header_values("Authorization")
    assert [_filled(request.headers["authorization"], request.unknowns)] == sent_auth
    # What bash left as `$NAME` in single quotes is what attrlint calls literal, and says so.
    reported = [note for note in request.notes if note.code == "PRS007"]
    assert len(reported) == segment[1] + header[1] + body[1]
    assert ("$" in record.body.decode() + sent_auth[0]) == bool(reported)
    # Every unknown stands for something bash filled in: no mark is left unfilled.
    assert all(unknown.text.startswith(("$", "`")) for unknown in request.unknowns)


def test_recorded_type_is_what_the_server_saw(server: RecordingServer, tmp_path: Path) -> None:
    """A bare `$N` in a body is a JSON value of unknown type; quoted, a string."""
    text = (
        f"curl -s -o /dev/null -X PATCH '{server.url}/api/v2/x' -H 'Content-Type: application/json' "
        '-d \'{"n": \'$N\', "s": "\'"$N"\'"}\'\n'
    )
    _run(text, tmp_path)
    [record] = server.take()
    [request] = read_curl(SourceText("script.sh", text))
    assert isinstance(request, Request)
    assert record.body == b'{"n": 42, "s": "42"}'
    assert [(u.text, u.bare) for u in request.unknowns] == [("$N", True), ("$N", False)]


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="needs bash and curl")
@pytest.mark.parametrize(
    "body",
    [
        '\'{"attributes": {"k": "\'"$V"\'", "n": \'$N\'}}\'',
        '"{\\"attributes\\": {\\"k\\": \\"pre-${V}-post\\", \\"id\\": \\"$(printf %s "$V")\\"}}"',
    ],
    ids=["spliced", "double-quoted"],
)
def test_a_fix_pasted_into_bash_sends_the_corrected_request(body: str, server: RecordingServer, tmp_path: Path) -> None:
    """The VRB001 fix for a PUT written with shell variables, run by bash with real curl, sends
    PATCH with the variables filled in where the script had them."""
    url = f'"{server.url}/api/v2/conversations/calls/$CID/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes"'
    text = f"curl -X PUT {url} -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d {body}\n"
    _run(text.replace("curl ", "curl -s -o /dev/null ", 1), tmp_path)
    [sent] = server.take()
    found = lint_text(text, "script.sh")
    [fix] = [f.fix for f in found if f.code == "VRB001"]
    command = fix.partition(": ")[2]
    assert command.startswith("curl ") and "$CID" in command and "$TOKEN" in command
    _run(command.replace("curl ", "curl -s -o /dev/null ", 1), tmp_path)
    [fixed] = server.take()
    assert (sent.method, fixed.method) == ("PUT", "PATCH")
    assert fixed.path == sent.path
    assert json.loads(fixed.body) == json.loads(sent.body)
    assert fixed.header_values("Authorization") == [f"Bearer {VALUE}"]
