"""The hand-kept overlay against the reference data in ../shared/data (tests only; the data
itself never enters the product)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from attrlint.checks.scope import suggest_scope
from attrlint.knowledge import Knowledge


@pytest.fixture(scope="module")
def reference(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "genesys-operations-auth.json"
    if not path.is_file():
        pytest.skip("../shared/data is not beside this checkout")
    return json.loads(path.read_text())["operations"]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.load()


def test_scope_names_cover_every_scope_in_the_reference(reference: list[dict[str, Any]], knowledge: Knowledge) -> None:
    seen = {scope for op in reference for scope in op["scopes"] or ()}
    assert len(knowledge.scope_names) == 124
    assert seen <= knowledge.scope_names


def test_scope_rule_agreement(reference: list[dict[str, Any]], knowledge: Knowledge) -> None:
    scoped = [op for op in reference if op["scopes"] and op["auth"] == "oauth"]
    exact = sum(set(knowledge.required_scopes(op["method"], op["path"])) == set(op["scopes"]) for op in scoped)
    base = sum(knowledge.required_scopes(op["method"], op["path"])[0] in op["scopes"] for op in scoped)
    print(f"scope rule: {exact}/{len(scoped)} exact, {base}/{len(scoped)} base")
    assert exact / len(scoped) >= 0.87
    assert base / len(scoped) >= 0.94


def test_scope_rule_is_exact_for_participant_writes(reference: list[dict[str, Any]], knowledge: Knowledge) -> None:
    writes = [
        op
        for op in reference
        if "/participants/{participantId}" in op["path"] and op["method"] != "GET" and op["scopes"] == ["conversations"]
    ]
    assert len(writes) > 40
    for op in writes:
        assert knowledge.required_scopes(op["method"], op["path"]) == ("conversations",), op["path"]


def test_hand_kept_permissions_match_the_reference(reference: list[dict[str, Any]], knowledge: Knowledge) -> None:
    by_key = {f"{op['method']} {op['path']}": op["permissions"] for op in reference}
    checked = 0
    for key, entry in knowledge._data["permissions"]["operations"].items():
        expected = by_key.get(key)
        if expected is None:
            continue
        assert entry["mode"] == expected["mode"], key
        assert sorted(entry["permissions"]) == sorted(expected["list"]), key
        checked += 1
    assert checked >= 80


def test_eighteen_api_hosts(knowledge: Knowledge) -> None:
    assert len(knowledge.domains) == 18
    assert "mypurecloud.com" in knowledge.domains
    assert knowledge.genesys_domain_of("login.usw2.pure.cloud") == "usw2.pure.cloud"


@pytest.mark.parametrize(
    ("invented", "real"),
    [
        ("conversations:modify", "conversations"),
        ("conversations:write", "conversations"),
        ("conversation:write", "conversations"),
        ("conversation:modify", "conversations"),
        ("conversation:view", "conversations:readonly"),
        ("interaction:write", "conversations"),
        ("conversations:view", "conversations:readonly"),
    ],
)
def test_invented_scopes_map_to_real_ones(invented: str, real: str, knowledge: Knowledge) -> None:
    assert invented not in knowledge.scope_names
    assert suggest_scope(invented, knowledge) == real
