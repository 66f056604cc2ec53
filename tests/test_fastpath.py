"""The fast path never hides a finding: whatever it calls clean, every rule agrees is clean."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.catalog import Catalog
from attrlint.checks import Options
from attrlint.engine import lint
from attrlint.fastpath import certainly_clean
from attrlint.model import Request, SourceText
from attrlint.resources import data_dir
from attrlint.rules import all_rules, read_rule_file, rule_files
from attrlint.sources import read_input
from attrlint.sources.har import StreamedSource, read_har

from conftest import CONV, PART, ROOT

OPTIONS = Options()
HOST = "https://api.mypurecloud.com"
PATHS = [
    f"/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes",
    f"/api/v2/conversations/{CONV}/participants/{PART}/attributes",
    f"/api/v2/conversations/{CONV}/participants/{PART}",
    f"/api/v2/conversations/calls/{CONV}/participants/{PART}",
    f"/api/v2/conversations/calls/{CONV}",
    f"/api/v2/conversations/calls/{CONV}/participants/{PART}/communications/{CONV}/uuidata",
    f"/api/v2/conversations/voice/{CONV}/participants/{PART}/attributes",
    "/api/v2/conversations/calls/undefined/participants/x/attributes",
]


def _requests(text: str, name: str, fmt: str = "auto") -> list[Request]:
    return [i for i in read_input(SourceText(name, text), fmt) if isinstance(i, Request)]


def _corpus() -> list[tuple[str, Request]]:
    corpus: list[tuple[str, Request]] = []
    for path in rule_files(ROOT / "rules"):
        document = read_rule_file(path)
        for kind in ("bad", "good"):
            for example in document["examples"][kind]:
                if "request" in example:
                    text, name, fmt = json.dumps(example["request"]), "x.json", "auto"
                else:
                    text, name, fmt = example["input"], "x.txt", example.get("input_format", "auto")
                corpus += [(f"{path.stem}-{example['name']}", r) for r in _requests(text, name, fmt)]
    for fixture in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if fixture.is_file() and fixture.suffix in (".sh", ".http", ".har", ".json") and fixture.name != "expected.yaml":
            corpus += [(fixture.name, r) for r in _requests(fixture.read_text(), str(fixture))]
    return corpus


def _check(request: Request) -> bool:
    """True when the fast path called it clean (and the rules agreed)."""
    if not certainly_clean(request, OPTIONS):
        return False
    full = lint(request, all_rules(), OPTIONS, fast=False)
    assert full == [], [f"{f.code}: {f.message}" for f in full]
    return True


def test_corpus_agrees_and_the_fast_path_is_used() -> None:
    corpus = _corpus()
    clean = [name for name, request in corpus if _check(request)]
    assert len(corpus) >= 140
    assert len(clean) >= 10, clean


VALUES = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.lists(st.text(max_size=2), max_size=2), st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(["attributes", "state", "held", "wrapupSkipped", "uuiData", "participants", "x_y", "recording"]), VALUES, max_size=3),
    st.builds(lambda m: {"attributes": m}, st.dictionaries(st.text(max_size=4), VALUES, max_size=3)),
    st.lists(VALUES, max_size=2),
)


@settings(max_examples=400, deadline=None)
@given(
    method=st.sampled_from(["PATCH", "PUT", "POST", "GET", "DELETE"]),
    path=st.sampled_from(PATHS),
    host=st.sampled_from([HOST, "https://login.mypurecloud.com", "https://api.mypurecloud.ie", "https://gw.example.com"]),
    auth=st.sampled_from(["Bearer example-token-not-real", "Bearer {token}", "Basic dXNlcjpwYXNz", None]),
    content_type=st.sampled_from(["application/json", "text/plain", None]),
    body=st.one_of(st.none(), BODIES),
    status=st.sampled_from([0, 202, 400, 404]),
)
def test_generated_requests_agree(method: str, path: str, host: str, auth: str | None, content_type: str | None, body: Any, status: int) -> None:
    headers = [{"name": "Authorization", "value": auth}] if auth else []
    if content_type:
        headers.append({"name": "Content-Type", "value": content_type})
    entry: dict[str, Any] = {"request": {"method": method, "url": host + path, "headers": headers}, "response": {"status": status, "content": {"text": ""}}}
    if body is not None:
        entry["request"]["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    for request in _requests(json.dumps({"log": {"entries": [entry]}}), "g.har", "har"):
        _check(request)
        assert lint(request, all_rules(), OPTIONS) == lint(request, all_rules(), OPTIONS, fast=False)


def test_a_streamed_capture_gives_the_same_findings_both_ways() -> None:
    """Every entry of a streamed capture (positions from the window on the current entry),
    linted with and without the fast path, and with the fast path's memories warm: the same
    findings, at the same places. Bodies and senders repeat, as in real captures."""
    bodies = [{"attributes": {"a": "b"}}, {"attributes": {"a": {"b": 1}}}, {"wrapupSkipped": False, "state": "connected"}, {"state": "nope"}, {"interval": "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z"}, {"interval": "x"}]
    auths = ["Bearer example-token-not-real", "Bearer {token}", None]
    entries = []
    for index in range(120):
        method = ["PATCH", "POST", "GET"][index % 3]
        path = PATHS[index % len(PATHS)] if method != "POST" else "/api/v2/analytics/conversations/details/query"
        auth = auths[index % 5 % 3]
        headers = [{"name": "Authorization", "value": auth}] if auth else []
        headers.append({"name": "Content-Type", "value": "application/json"})
        request: dict[str, Any] = {"method": method, "url": HOST + path, "headers": headers}
        if method != "GET":
            request["postData"] = {"mimeType": "application/json", "text": json.dumps(bodies[index % len(bodies)])}
        entries.append({"request": request, "response": {"status": [200, 202, 400][index % 7 % 3], "content": {"text": "{}"}}})
    data = json.dumps({"log": {"entries": entries}}, indent=2).encode()
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)]
    compared = clean = 0
    for _ in range(2):
        for item in read_har(StreamedSource("s.har"), chunks):
            if isinstance(item, Request):
                fast = lint(item, all_rules(), OPTIONS)
                assert fast == lint(item, all_rules(), OPTIONS, fast=False)
                compared += 1
                clean += certainly_clean(item, OPTIONS)
    assert compared == 240
    assert clean >= 10


def test_paths_that_differ_only_in_ids_match_as_if_walked_alone() -> None:
    """Catalog.match walks each path shape once; a segment that is a literal of the API (in
    an ID slot) must still be matched as itself."""
    names = ["calls", "participants", "attributes", "undefined", CONV, "", "{id}", "voice", "chats", "me"]
    paths = [f"/api/v2/conversations/{a}/{b}/participants/{c}/attributes" for a in names for b in names for c in names[:4]]
    paths += [f"/api/v2/conversations/{a}/participants/{b}" for a in names for b in names]
    warm = Catalog.load()
    document = json.loads((data_dir("schemas") / "catalog.json").read_bytes())
    for path in paths:
        walked_alone = Catalog(document).match(path)
        assert warm.match(path) == walked_alone, path


@pytest.mark.parametrize("options", [Options(scopes=("conversations",)), Options(grant="client-credentials")])
def test_options_that_add_findings_disable_the_fast_path(options: Options) -> None:
    (request,) = _requests(json.dumps({"method": "PATCH", "url": HOST + PATHS[0], "headers": {"Authorization": "Bearer abcdefgh", "Content-Type": "application/json"}, "body": {"attributes": {"a": "b"}}}), "r.json")
    assert certainly_clean(request, OPTIONS)
    assert not certainly_clean(request, options)


def test_a_judged_target_is_reused_only_for_uuids_in_the_same_slots() -> None:
    """Targets are remembered with their UUID segments set aside: another UUID reuses the
    verdict; a placeholder, a word or a near-UUID in the same slot is a different target."""
    template = "/api/v2/conversations/calls/{}/participants/" + PART + "/attributes"
    slots = [CONV, CONV.upper(), "{conversationId}", "undefined", CONV[:-1], CONV + "0", PART, f"{CONV}x"]
    verdicts = []
    for slot in slots:
        body = {"method": "PATCH", "url": HOST + template.format(slot), "headers": {"Authorization": "Bearer abcdefgh", "Content-Type": "application/json"}, "body": {"attributes": {"a": "b"}}}
        (request,) = _requests(json.dumps(body), "r.json")
        verdicts.append(_check(request))
    assert verdicts == [True, True, False, False, False, False, True, False]
