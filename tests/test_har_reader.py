"""HAR captures: streaming, filtering, positions inside postData.text, recorded responses."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.checks import Options
from attrlint.fastpath import ids_alike
from attrlint.model import ReadFailure, Request, Skipped, SourceText
from attrlint.rules import all_rules
from attrlint.runner import Settings, check_text, run
from attrlint.sources import read_input
from attrlint.sources.har import _HEADER_PLACES, StreamedSource, _EntryReader, _LazyEntry, _walk, read_har
from attrlint.sources.positions import json_offsets

from conftest import CONV, PART, ROOT, codes, lint_text

API = "https://api.mypurecloud.com/api/v2/conversations"
GOOD = f"{API}/calls/{CONV}/participants/{PART}/attributes"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
AUTH = {"name": "Authorization", "value": "Bearer example-token-not-real"}
JSON_TYPE = {"name": "Content-Type", "value": "application/json"}


def entry(
    method: str,
    url: str,
    body: Any = None,
    status: int = 0,
    response: Any = None,
    headers: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/2",
        "headers": [AUTH, JSON_TYPE] if headers is None else headers,
        "queryString": [],
        "cookies": [],
    }
    if body is not None:
        request["postData"] = {
            "mimeType": "application/json",
            "text": body if isinstance(body, str) else json.dumps(body, indent=1),
        }
    content = {"mimeType": "application/json", "size": 0, "text": json.dumps(response) if response is not None else ""}
    return {
        "startedDateTime": "2026-11-21T10:00:00.000Z",
        "time": 1,
        "request": request,
        "response": {"status": status, "statusText": "", "headers": [], "content": content},
    }


def har(*entries: dict[str, Any], **log: Any) -> str:
    return json.dumps(
        {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, **log, "entries": list(entries)}},
        indent=2,
        ensure_ascii=False,
    )


def test_fifty_entries_only_the_broken_patch_is_reported() -> None:
    noise = [entry("GET", f"https://apps.mypurecloud.com/static/app{i}.js") for i in range(20)]
    noise += [entry("GET", f"https://cdn.example.com/x{i}") for i in range(15)]
    noise += [entry("OPTIONS", GOOD) for _ in range(5)]
    noise += [entry("GET", f"{API}/{CONV}") for _ in range(8)]
    entries = (
        noise[:24]
        + [entry("PATCH", GOOD, {"attributes": {"crm_status": "escalated"}})]
        + noise[24:]
        + [entry("PATCH", GOOD, {"attributes": {"crm": {"id": 42}}})]
    )
    assert len(entries) == 50
    found = lint_text(har(*entries), "capture.har")
    assert codes(found) == ["NST001"]
    assert found[0].location.request_index == 49
    items = read_input(SourceText("capture.har", har(*entries)))
    skipped: dict[str, int] = {}
    for item in items:
        if isinstance(item, Skipped):
            skipped[item.reason] = skipped.get(item.reason, 0) + item.entries
    assert skipped == {"static assets": 20, "other hosts": 15, "OPTIONS preflights": 5}
    assert sum(isinstance(i, Request) for i in items) == 10


def test_body_key_position_inside_post_data_text() -> None:
    text = har(entry("PATCH", GOOD, {"attributes": {"note": 'a "quoted" \u00fc', "crm": {"id": 42}}}))
    (finding,) = lint_text(text, "c.har")
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith('\\"crm\\"')


def test_recorded_400_is_shown_and_unexplained_one_is_said_so() -> None:
    error = {
        "message": "Invalid value",
        "code": "bad.request",
        "status": 400,
        "contextId": "5f0c8a1e-0000-4000-8000-000000000001",
    }
    found = lint_text(har(entry("PATCH", GOOD, {"attributes": {"a": "b"}}, 400, error)), "c.har")
    assert codes(found) == ["TRC001", "TRC002"]
    assert "contextId 5f0c8a1e-0000-4000-8000-000000000001" in found[0].message + found[1].message


def test_seed_error_code_body_is_not_genesys() -> None:
    body = {"error_code": "invalid_request_body", "message": "Invalid input"}
    found = lint_text(
        har(
            entry(
                "PUT",
                "https://api.mypurecloud.com/api/v2/interactions/participants",
                {"attributes": {"a": {"b": 1}}},
                400,
                body,
            )
        ),
        "c.har",
    )
    assert codes(found) == ["NST001", "PTH001", "TRC003"]


def test_base64_params_mimetype_and_lowercase_method() -> None:
    import base64

    raw = base64.b64encode(json.dumps({"attributes": {"vip": True}}).encode()).decode()
    first = entry("patch", GOOD, headers=[AUTH])
    first["request"]["postData"] = {"mimeType": "application/json", "text": raw, "encoding": "base64"}
    token = entry("POST", "https://login.mypurecloud.com/oauth/token", headers=[])
    token["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "params": [
            {"name": "grant_type", "value": "client_credentials"},
            {"name": "scope", "value": "conversations:write"},
        ],
    }
    found = lint_text(har(token, first), "c.har")
    assert codes(found) == ["NST002", "SCP001", "SCP003"]  # the token request makes it a client-credentials call


def test_gateway_hosts_are_checked_only_when_declared() -> None:
    text = har(
        entry(
            "PUT",
            f"https://gw.example.com/api/v2/conversations/calls/{CONV}/participants/{PART}/attributes",
            {"attributes": {"a": "b"}},
        )
    )
    assert lint_text(text, "c.har") == []
    items = read_input(SourceText("c.har", text), hosts=("gw.example.com",))
    assert [type(i).__name__ for i in items] == ["Request"]


def test_log_keys_in_any_order_and_pages() -> None:
    document = {
        "log": {
            "entries": [entry("PUT", GOOD, {"attributes": {"a": "b"}})],
            "pages": [{"id": "p", "title": "t"}],
            "version": "1.2",
        },
        "x": [1, {"y": 2}],
    }
    assert codes(lint_text(json.dumps(document), "c.har")) == ["VRB001"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"log": {"entries": [{"request": {"method": "GET", "url": "https://api.mypurecloud.com/api/v2/x"}}, ',
            "Expecting",
        ),
        ('{"log": {"entries": [{"request": {}}]}}', "no request.url"),
        (
            '{"log": {"entries": [{"request": {"url": "https://x.example/"}} {"x": 1}]}}',
            "expected ',' or ']' between entries, found '{'",
        ),
        ('{"log": {"version": "1.2" "entries": []}}', "expected ',' or '}' after a value, found '\"'"),
        ("[]", "expected '{'"),
        ('{"log": {"entries": [{"x": ' + "[" * 100_000 + "]" * 100_000 + "}]}}", "it nests deeper than attrlint can read"),
        ('{"log": {"entries": [{"time": ' + "1" * 5_000 + "}]}}", "a number has more than 4,300 digits, more than attrlint reads"),
    ],
)
def test_malformed_har_is_a_read_failure_with_a_position(text: str, message: str) -> None:
    items = read_input(SourceText("bad.har", text), "har")
    failure = items[-1]
    assert isinstance(failure, ReadFailure), items
    assert message in failure.message
    assert failure.span is not None


def test_a_body_number_past_pythons_digit_limit_is_an_unreadable_body() -> None:
    """Not an invalid URL, not a traceback: the body is reported unreadable, the rest is checked."""
    text = har(entry("PATCH", GOOD, '{"attributes": {"a": ' + "1" * 5_000 + "}}"), entry("PATCH", GOOD, {"attributes": {"m": 2}}))
    found = lint_text(text, "n.har")
    assert codes(found) == ["NST002", "PRS001"]
    (failure,) = [f for f in found if f.code == "PRS001"]
    assert "a number has more than 4,300 digits, more than attrlint reads" in failure.message


def test_members_after_the_entries_are_read_past_when_streamed(tmp_path: Any) -> None:
    """A large value after `entries` (a browser's `pages`) is read past even when reading it
    drops the text before it: the capture is not refused."""
    entries = [entry("GET", "https://cdn.example.com/app.js", response="x" * 700_000), entry("PATCH", GOOD, {"attributes": {"m": 2}})]
    text = json.dumps({"log": {"version": "1.2", "entries": entries, "pages": [{"id": "p", "title": "t" * 2_000_000}]}})
    path = tmp_path / "pages.har"
    path.write_text(text)
    streamed = run([str(path)], Settings(all_rules(), config=False))
    assert [f.code for f in streamed.findings] == ["NST002"] and streamed.unreadable == 0
    assert [f.code for f in check_text(text, str(path), Settings(all_rules())).findings] == ["NST002"]


@pytest.mark.parametrize("where", ["header", "body"])
def test_values_nested_near_the_decoders_depth_are_no_traceback(where: str) -> None:
    """A header value or a body nested just short of what the decoder reads: the entry is read,
    and reported without a traceback (a body deeper than the rules follow is unreadable)."""
    for depth in range(960, 1000, 3):
        nested = "[" * depth + "]" * depth
        if where == "header":
            text = har(entry("GET", f"{API}/calls/{CONV}", headers=[AUTH, {"name": "X", "value": "V"}])).replace('"V"', nested)
            assert codes(lint_text(text, "deep.har")) in ([], ["PRS001"])
        else:
            found = lint_text(har(entry("PATCH", GOOD, '{"attributes": {"a": ' + nested + "}}")), "deep.har")
            assert codes(found) == ["PRS001"] and "nests deeper than attrlint can read" in found[0].message


def test_a_byte_order_mark_and_directive_words_read_alike_streamed_and_whole(tmp_path: Any) -> None:
    """check_text reads a capture as a run reads its file: a byte order mark is no column, and
    text in a capture that looks like a suppression comment is data, not a directive."""
    call = entry("PATCH", GOOD, {"attributes": {"a": "b"}}, headers=[JSON_TYPE])
    call["comment"] = "# attrlint: ignore[HDR002] known"
    text = "\ufeff" + har(call)
    path = tmp_path / "bom.har"
    path.write_text(text, encoding="utf-8")
    settings = Settings(all_rules(), config=False)
    streamed, whole = run([str(path)], settings), check_text(text, str(path), settings)
    assert [f.code for f in streamed.findings] == ["HDR002"]
    assert streamed.findings == whole.findings and whole.suppressed == 0


def test_a_broken_entry_is_placed_where_it_breaks_when_streamed() -> None:
    """The window shown for a syntax error reaches the error, however far into the entry."""
    good = entry("GET", f"{API}/calls/{CONV}", headers=[AUTH] + [{"name": f"X{i}", "value": "v"} for i in range(60)])
    text = har(good).replace('"X50"', '"X50" oops', 1)
    chunks = [text.encode()[i : i + 4096] for i in range(0, len(text), 4096)]
    (failure,) = list(read_har(StreamedSource("b.har"), chunks))
    assert isinstance(failure, ReadFailure) and failure.span is not None
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "oops" in row)
    assert failure.span.start.line == line
    assert text.splitlines()[line - 1][failure.span.start.column - 1 :].startswith("oops")


def test_an_entry_with_an_unparsable_url_fails_alone() -> None:
    """urlsplit refuses `https://[host/...`: that entry is one PRS001 at its URL, with a fix
    for URLs; the entries around it are still checked."""
    broken = entry("GET", "https://[api.mypurecloud.com/api/v2/conversations")
    text = har(entry("PATCH", GOOD, {"attributes": {"n": 1}}), broken, entry("PATCH", GOOD, {"attributes": {"m": 2}}))
    found = lint_text(text, "u.har")
    assert codes(found) == ["NST002", "NST002", "PRS001"]
    (failure,) = [f for f in found if f.code == "PRS001"]
    assert failure.message == "cannot read har input: invalid URL: Invalid IPv6 URL"
    assert "square brackets belong only around an IPv6 address" in failure.fix
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "https://[api" in row)
    assert (failure.location.line, failure.location.request_index) == (line, 1)


def test_streaming_across_chunks_keeps_lines_and_columns() -> None:
    big = entry("GET", "https://cdn.example.com/big.js")
    big["response"]["content"]["text"] = "x" * 3_000_000
    entries = [big] * 3 + [entry("PATCH", GOOD, {"attributes": {"n": 1}})]
    text = har(*entries)
    data = text.encode()
    chunks = [data[i : i + 65_536] for i in range(0, len(data), 65_536)]
    source = StreamedSource("big.har")
    from attrlint.engine import lint
    from attrlint.rules import all_rules

    found = []
    for item in read_har(source, chunks):
        if isinstance(item, Request):
            found.extend(lint(item, all_rules(), Options()))
    (finding,) = found
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if '\\"n\\": 1' in line)
    assert finding.location.line == expected_line
    assert source.line_text(expected_line) == text.splitlines()[expected_line - 1]


def test_repeated_header_sets_are_read_like_any_other() -> None:
    """Header sets are shared between the entries that repeat them: a repeat must read exactly
    as a first sight, odd values (numbers, booleans, missing) and pseudo-headers included."""
    sets: list[list[Any]] = [
        [AUTH, JSON_TYPE, {"name": "X-Count", "value": 1}],
        [AUTH, JSON_TYPE, {"name": "X-Count", "value": True}],  # equal to 1 as a key, not as a header
        [AUTH, JSON_TYPE, {"name": "X-Count", "value": "1"}],
        [AUTH, JSON_TYPE, {"name": "X-Count"}],
        [{"name": ":authority", "value": "api.mypurecloud.com"}, AUTH, JSON_TYPE],
        [AUTH, "not a header", JSON_TYPE, {"name": "X-List", "value": ["a"]}],
    ]
    entries = [entry("GET", f"{API}/calls/{CONV}", headers=headers) for headers in sets * 2]
    text = har(*entries)
    requests = [item for item in read_har(SourceText("h.har", text), [text.encode()]) if isinstance(item, Request)]
    expected = [
        [("Authorization", AUTH["value"]), ("Content-Type", "application/json"), *extra]
        for extra in (
            [("X-Count", "1")],
            [("X-Count", "True")],
            [("X-Count", "1")],
            [("X-Count", "")],
            [],
            [("X-List", "['a']")],
        )
    ]
    assert [list(request.headers.items_raw()) for request in requests] == expected * 2


def _seed_request(name: str, case: dict[str, Any]) -> Request:
    (request,) = [
        i
        for i in read_input(SourceText(str(SEEDS / name), (SEEDS / name).read_text()), url=case.get("url"))
        if isinstance(i, Request)
    ]
    return request


@pytest.mark.parametrize("name", sorted(yaml.safe_load((SEEDS / "expected.yaml").read_text())))
def test_every_seed_request_as_a_har_entry(name: str) -> None:
    case = yaml.safe_load((SEEDS / "expected.yaml").read_text())[name]
    request = _seed_request(name, case)
    url = request.url if "://" in request.url else f"https://{request.host or 'api.mypurecloud.com'}{request.path}"
    if not request.target_known:
        url, method = case["url"], "PATCH"
    else:
        method = request.method or "GET"
    url = (
        url.replace("{", "%7B").replace("}", "%7D")
        if request.origin.format == "curl" and "{" in request.url and "-g" not in (SEEDS / name).read_text()
        else url
    )
    headers = (
        [{"name": k, "value": v} for k, v in request.headers.items_raw()]
        if request.headers_known
        else [AUTH, JSON_TYPE]
    )
    text = har(entry(method, url, request.body_text, headers=headers))
    opts = case.get("options", {})
    options = Options(scopes=tuple(opts["scopes"]) if "scopes" in opts else None, grant=opts.get("grant"))
    found = lint_text(text, "seed.har", options=options)
    expected = [c for c in case["expect"] if not c.startswith("PRS")]
    assert codes(found) == sorted(expected), [f"{f.code}: {f.message}" for f in found]


_HEADERS = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"name": st.sampled_from(["Authorization", ":path", "content-type", 'x-"q"']), "value": st.text(max_size=6)}
        ),
        st.fixed_dictionaries({"value": st.text(max_size=3), "name": st.just("accept")}),
        st.fixed_dictionaries({"name": st.just("x-n")}, optional={"value": st.floats()}),
        st.integers(),
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(
    headers=_HEADERS,
    body=st.one_of(st.none(), st.text(max_size=8), st.just({"mimeType": "x"}), st.lists(st.integers(), max_size=2)),
    extra=st.dictionaries(
        st.sampled_from(["bodySize", "cookies", "comment"]), st.one_of(st.floats(), st.text(max_size=3)), max_size=2
    ),
    indent=st.sampled_from([None, 1, 4]),
    status=st.sampled_from([200, 404, "x"]),
)
def test_entry_places_are_where_the_json_scanner_puts_them(
    headers: list[Any], body: Any, extra: dict[str, Any], indent: int | None, status: Any
) -> None:
    """The reader walks an entry member by member (C decoder) to find the places findings
    point at; `json_offsets` (the pure-Python scanner) must agree on each, NaN included."""
    request: dict[str, Any] = {**extra, "method": "PATCH", "headers": headers, "url": GOOD}
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": body} if not isinstance(body, dict) else body
    text = json.dumps(
        {"time": 1, "request": request, "response": {"status": status}}, indent=indent, ensure_ascii=False
    )
    lazy = _LazyEntry(text, 0)
    start = text.index('"request"') + len('"request"')
    start = text.index("{", start)
    _, end = json.JSONDecoder().raw_decode(text, start)
    expected = json_offsets(text[start:end])
    pointers = ["/method", "/url", "/postData/text", *(f"/headers/{i}/value" for i in range(len(headers)))]
    for pointer in pointers:
        found = expected.get(pointer)
        assert lazy.find("/request" + pointer) == (None if found is None else (start + found[0], start + found[1])), (
            pointer
        )


@pytest.mark.parametrize(
    "template",
    [
        '{"time": 1, "request": R, "response": {"status": 400}}',
        '{"request": {"url": "x", "method": "GET"}, "time": 1, "request": R}',  # the last one counts
        '{"request": R, "r\\u0065quest": {"url": "y", "method": "PUT", "headers": []}}',  # so does an escaped one
        '{"comment": "request", "request": R}',
        '{"comment": "a \\"request\\" b", "request": R, "x": {"request": 1}}',
        '{"request" : R}',
        '{\n  "request"\n  :\n  R\n}',
    ],
)
def test_request_places_are_found_alike_by_the_short_walk(template: str) -> None:
    """The places inside `request` are found by walking that member alone when its key is
    written once and nothing is escaped with \\u, else by walking every member: both give
    what the walk of every member gives, repeated and escaped keys included."""
    request = json.dumps({"method": "PATCH", "url": GOOD, "headers": [AUTH, JSON_TYPE], "postData": {"text": "{}"}})
    text = template.replace("R", request)
    lazy, walked = _LazyEntry(text, 5), _LazyEntry(text, 5)
    pointers = ["/request/method", "/request/url", "/request/postData/text", "/request/headers/0/value", "/request/headers/1/value"]
    expected = {p: walked._parts[1].get(p) for p in pointers[:3]}
    for start in walked._parts[0]:  # headers: each place from the last request that has it
        _walk(text, start, _HEADER_PLACES, "/request", expected)
    assert {p: lazy.find(p) for p in pointers} == {p: expected.get(p) for p in pointers}
    assert lazy.find("/request/url") is not None


def test_lines_are_counted_across_compaction_and_asked_in_order() -> None:
    """Lines are counted only when a place is asked for or text is dropped; every place asked
    while streaming must match the place in the whole text."""
    entries = [
        entry("PATCH", GOOD, {"attributes": {"n": i}} if i % 7 == 0 else {"attributes": {"a": "b"}}) for i in range(400)
    ]
    for index, item in enumerate(entries):
        item["response"]["content"]["text"] = "y\n" * (index * 97 % 5000)
    text = har(*entries)
    data = text.encode()
    source = StreamedSource("lines.har")
    from attrlint.engine import lint
    from attrlint.rules import all_rules

    found = []
    for item in read_har(source, [data[i : i + 70_001] for i in range(0, len(data), 70_001)]):
        if isinstance(item, Request):
            found.extend(lint(item, all_rules(), Options()))
    whole = lint_text(text, "lines.har")
    assert [(f.code, f.location.line, f.location.column) for f in found] == [
        (f.code, f.location.line, f.location.column) for f in whole
    ]
    assert len(found) == len(range(0, 400, 7))
    lines = text.splitlines()
    assert all(source.line_text(f.location.line) == lines[f.location.line - 1] for f in found)


SEGMENTS = st.sampled_from([CONV, PART.upper(), "api", "v2", "oauth", "token", "app.js", f"{CONV}.js", "x.css", "", "a?b", "q#f", "-", "."])


@settings(max_examples=400, deadline=None)
@given(
    scheme=st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "", "//"]),
    host=st.sampled_from(["api.mypurecloud.com", "login.mypurecloud.com", "gw.example.com", CONV, f"u@{CONV}"]),
    segments=st.lists(SEGMENTS, max_size=6),
    tail=st.sampled_from(["", "/", f"?next=/{CONV}", f"#/{CONV}", ".js", "?x.js"]),
    method=st.sampled_from(["GET", "OPTIONS", "PATCH"]),
)
def test_skip_reasons_are_alike_for_urls_alike_with_other_ids(scheme: str, host: str, segments: list[str], tail: str, method: str) -> None:
    """The reader remembers skip reasons by method and URL with its UUID segments alike: for
    any URL, that gives the reason the URL itself gives."""
    reader = _EntryReader(SourceText("c.har", ""), frozenset({"gw.example.com", CONV}))
    url = scheme + host + "".join("/" + segment for segment in segments) + tail
    assert reader._skip_reason(method, ids_alike(url)) == reader._skip_reason(method, url)
