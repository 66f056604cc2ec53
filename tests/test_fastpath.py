"""The fast path never hides a finding: whatever it calls clean, every rule agrees is clean."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.catalog import Catalog
from attrlint.checks import Options
from attrlint.engine import lint
from attrlint.fastpath import _ANY_UUID_SEGMENT, certainly_clean, ids_alike
from attrlint.knowledge import is_uuid
from attrlint.model import Clean, Request, SourceText
from attrlint.resources import data_dir
from attrlint.rules import all_rules, read_rule_file, rule_files
from attrlint.runner import RunResult, Settings, check_text, run
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


def test_ids_alike_sets_aside_uuid_segments_only() -> None:
    """The one UUID that stands for all is itself a UUID (a literal UUID elsewhere is alike to
    it); a host that is a UUID, a UUID inside a segment and `//` segments stay as written; the
    last path segment before a query or fragment is a segment too."""
    assert is_uuid(_ANY_UUID_SEGMENT[1:])
    alike = _ANY_UUID_SEGMENT
    url = f"https://{CONV}/api/v2/conversations/{CONV}/participants/{PART}?next=/{CONV}"
    assert ids_alike(url) == f"https://{CONV}/api/v2/conversations{alike}/participants{alike}?next={alike}"
    assert ids_alike(f"/a//{CONV}/b/{CONV}/x{CONV}/{CONV}x#{CONV}") == f"/a//{CONV}/b{alike}/x{CONV}/{CONV}x#{CONV}"
    assert ids_alike(f"/users/{CONV}#f") == f"/users{alike}#f"


# Clean repeats: the HAR reader of a run (open_input) gives `Clean` for entries that repeat a
# clean target with a clean body, and builds no Request for them; check_text (read_input)
# builds every request. Both must report the same findings and counts.
IDS = [CONV, PART, "0d9c3b1a-2e4f-4a6b-8c7d-9e0f1a2b3c4d", "{id}", "undefined"]
HOSTS = ["https://api.mypurecloud.com", "https://API.MyPureCloud.com", "https://api.mypurecloud.com.", f"https://{CONV}", "https://api.mypurecloud.ie", "https://gw.example.com"]
TEMPLATES = [
    "/api/v2/conversations/calls/{}/participants/{}/attributes",
    "/api/v2/conversations/{}/participants/{}",
    "/api/v2/conversations/calls/{}",
    "/api/v2/analytics/conversations/details/query",
    "/API/v2/conversations/calls/{}/participants/{}/attributes",
    "/api/v2/scripts/{}/bundle.js",
    "/directory/{}/{}",
]
CLEAN_BODIES = [{"attributes": {"a": "b"}}, {"attributes": {"crm": "1", "x.y": ""}}, {"state": "connected", "wrapupSkipped": False}]
TOKEN = {"method": "POST", "url": "https://login.mypurecloud.com/oauth/token", "headers": [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}], "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "grant_type=client_credentials&scope=analytics:readonly"}}


def _post_data(body: Any, form: str) -> Any:
    text = json.dumps(body)
    return {
        "json": {"mimeType": "application/json", "text": text},
        "spaced": {"mimeType": "application/json", "text": " " + text + "\n"},
        "base64": {"mimeType": "application/json", "text": base64.b64encode(text.encode()).decode(), "encoding": "base64"},
        "params": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "a", "value": "b"}]},
        "no text": {"mimeType": "application/json"},
        "empty": {"mimeType": "application/json", "text": ""},
        "not an object": "text",
    }[form]


# An entry is the clean call below with some of its fields changed: most entries repeat a
# clean target, with differences that may or may not matter.
FIELDS: dict[str, list[Any]] = {
    "method": ["PATCH", "patch", "POST", "GET", "PUT", "DELETE", "OPTIONS"],
    "host": HOSTS,
    "template": TEMPLATES,
    "ids": [(a, b) for a in IDS for b in IDS],
    "query": ["", f"?next=/{CONV}", "?a=1", "#x"],
    "auth": ["Bearer example-token-not-real", "Bearer other-token-not-real", "Bearer {token}", None],
    "content_type": ["application/json", "text/plain", None],
    "body": [None, *CLEAN_BODIES, {"attributes": {"a": 1}}, {"attributes": {"a": {"b": "c"}}}, {"attributes": {}, "x_y": "1"}, {"state": "nope"}, [], "text"],
    "form": ["json", "spaced", "base64", "params", "no text", "empty", "not an object"],
    "status": [None, 200, 202, 204, 0, 400, True, 200.0, "200", [202], "no response"],
    "token": [True],
}
CLEAN_CALL: dict[str, Any] = {"method": "PATCH", "host": HOSTS[0], "template": TEMPLATES[0], "ids": (CONV, PART), "query": "", "auth": "Bearer example-token-not-real", "content_type": "application/json", "body": CLEAN_BODIES[0], "form": "json", "status": 202, "token": False}
CHANGES = st.dictionaries(st.sampled_from(sorted(FIELDS)), st.none(), max_size=3).flatmap(
    lambda chosen: st.fixed_dictionaries({field: st.sampled_from(FIELDS[field]) for field in chosen})
)


def _entry(spec: dict[str, Any]) -> dict[str, Any]:
    if spec["token"]:
        return {"request": TOKEN, "response": {"status": 200}}
    headers = [{"name": "Authorization", "value": spec["auth"]}] if spec["auth"] else []
    if spec["content_type"]:
        headers.append({"name": "Content-Type", "value": spec["content_type"]})
    url = spec["host"] + spec["template"].format(*spec["ids"]) + spec["query"]
    request: dict[str, Any] = {"method": spec["method"], "url": url, "headers": headers}
    if spec["body"] is not None:
        request["postData"] = _post_data(spec["body"], spec["form"])
    found: dict[str, Any] = {"request": request}
    if spec["status"] != "no response":
        error = {"message": "bad request", "code": "bad.request", "status": 400, "contextId": "c-1"}
        text = json.dumps(error) if spec["status"] == 400 else ""
        found["response"] = {"status": spec["status"], "content": {"text": text}} if spec["status"] is not None else {}
    return found


def _both_ways(tmp_path: Any, text: str) -> tuple[RunResult, RunResult]:
    path = tmp_path / "c.har"
    path.write_text(text, encoding="utf-8")
    settings = Settings(all_rules(), config=False)
    return run([str(path)], settings), check_text(text, str(path), settings)


def _same(streamed: RunResult, whole: RunResult) -> None:
    assert streamed.findings == whole.findings
    counts = ("requests", "checked", "unreadable", "skipped_entries")
    assert [getattr(streamed, c) for c in counts] == [getattr(whole, c) for c in counts]


def _capture(specs: list[dict[str, Any]]) -> str:
    """A capture of the clean call made twice, then `specs`: its second entry is always a
    clean repeat."""
    chosen = [CLEAN_CALL, {**CLEAN_CALL, "ids": (PART, CONV)}, *specs]
    text = json.dumps({"log": {"entries": [_entry(spec) for spec in chosen]}}, indent=1)
    assert isinstance(list(read_har(StreamedSource("c.har"), [text.encode()], clean_repeats=True))[1], Clean)
    return text


def test_every_single_change_to_a_clean_repeat_is_reported_as_when_built(tmp_path: Any) -> None:
    """The clean call with each one of its fields changed to each of the values above, each
    made twice with other IDs (judged, then repeated) and followed by the clean call again: a
    run that takes `Clean` entries finds what building every request finds, and the capture
    has clean repeats and findings both."""
    specs = []
    for field, values in FIELDS.items():
        for value in values:
            changed = {**CLEAN_CALL, field: value}
            specs += [changed, {**changed, "ids": (IDS[2], PART) if field != "ids" else value}, {**CLEAN_CALL, "ids": (IDS[2], CONV)}]
    text = _capture(specs)
    streamed, whole = _both_ways(tmp_path, text)
    _same(streamed, whole)
    cleared = sum(isinstance(i, Clean) for i in read_har(StreamedSource("c.har"), [text.encode()], clean_repeats=True))
    assert cleared >= len(specs) // 3 and len(streamed.findings) >= 50, (cleared, len(streamed.findings))


@settings(max_examples=100, deadline=None)
@given(changes=st.lists(CHANGES, min_size=1, max_size=14))
def test_clean_repeats_report_what_every_request_built_reports(tmp_path_factory: Any, changes: list[dict[str, Any]]) -> None:
    """Generated captures of a clean call repeated with several changes at once (other IDs,
    hosts, queries, tokens, content types, bodies and their encodings, recorded statuses,
    token requests): a run that takes the reader's `Clean` entries finds exactly what building
    every request finds."""
    text = _capture([{**CLEAN_CALL, **change} for change in changes])
    _same(*_both_ways(tmp_path_factory.mktemp("har"), text))


def test_after_a_token_request_clean_repeats_are_checked_with_its_scopes(tmp_path: Any) -> None:
    """A token request's scopes apply to the requests after it: a repeat the reader gave as
    `Clean` is then built and checked against them."""
    call = {"method": "PATCH", "url": HOST + PATHS[0], "headers": [{"name": "Authorization", "value": "Bearer example-token-not-real"}, {"name": "Content-Type", "value": "application/json"}], "postData": {"mimeType": "application/json", "text": json.dumps(CLEAN_BODIES[0])}}
    entries = [{"request": call}, {"request": call}, {"request": TOKEN}, {"request": call}, {"request": call}]
    text = json.dumps({"log": {"entries": entries}})
    items = list(read_har(StreamedSource("c.har"), [text.encode()], clean_repeats=True))
    assert [type(i).__name__ for i in items] == ["Request", "Clean", "Request", "Clean", "Clean"]
    streamed, whole = _both_ways(tmp_path, text)
    _same(streamed, whole)
    assert [(f.code, f.location.request_index) for f in streamed.findings] == [("SCP003", 3), ("SCP003", 4)]
