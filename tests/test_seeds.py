"""The five forum threads (shared/seeds/): every request in them gets the findings the facts
doc §5 implies, and the correct request lints clean on every attributes endpoint and region."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from attrlint.checks import Options

from conftest import CONV, PART, ROOT, codes, lint_text

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
EXPECTED: dict[str, Any] = yaml.safe_load((SEEDS / "expected.yaml").read_text())
ATTRIBUTE_PATHS = [
    "/api/v2/conversations/{c}/participants/{p}/attributes",
    "/api/v2/conversations/calls/{c}/participants/{p}/attributes",
    "/api/v2/conversations/callbacks/{c}/participants/{p}/attributes",
    "/api/v2/conversations/emails/{c}/participants/{p}/attributes",
    "/api/v2/conversations/messages/{c}/participants/{p}/attributes",
    "/api/v2/conversations/cobrowsesessions/{c}/participants/{p}/attributes",
]
HOSTS = [
    "api.mypurecloud.com",
    "api.mypurecloud.ie",
    "api.mypurecloud.com.au",
    "api.usw2.pure.cloud",
    "api.use2.us-gov-pure.cloud",
    "api.edee1.eusc-pure.cloud",
]
BODY = {"attributes": {"crm_status": "escalated", "crm_record_id": "12345"}}


def test_every_fixture_has_expectations() -> None:
    files = sorted(p.name for p in SEEDS.iterdir() if p.name != "expected.yaml")
    assert files == sorted(EXPECTED)


def test_every_seed_thread_is_covered(shared_dir: Path) -> None:
    threads = sorted(p.name[:3] for p in (shared_dir / "seeds").iterdir())
    assert threads == sorted({name[:3] for name in EXPECTED})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_request(name: str) -> None:
    case = EXPECTED[name]
    opts = case.get("options", {})
    options = Options(scopes=tuple(opts["scopes"]) if "scopes" in opts else None, grant=opts.get("grant"))
    text = (SEEDS / name).read_text()
    found = lint_text(text, str(SEEDS / name), options=options, url=case.get("url"))
    assert codes(found) == sorted(case["expect"]), [f"{f.code}: {f.message}" for f in found]
    for code, fragment in case.get("fix_contains", {}).items():
        fixes = [f.fix for f in found if f.code == code]
        assert any(fragment in fix for fix in fixes), (code, fragment, fixes)
    for finding in found:
        assert "example-token-not-real" not in finding.message + finding.fix


def _variants(host: str, template: str) -> dict[str, str]:
    path = template.format(c=CONV, p=PART)
    url = f"https://{host}{path}"
    body = json.dumps(BODY)
    return {
        "request.json": json.dumps(
            {
                "method": "PATCH",
                "url": url,
                "headers": {"Authorization": "Bearer example-token-not-real", "Content-Type": "application/json"},
                "body": BODY,
            }
        ),
        "request.sh": f"curl -X PATCH '{url}' -H 'Authorization: Bearer example-token-not-real' -H 'Content-Type: application/json' -d '{body}'\n",
        "request.http": f"PATCH {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer example-token-not-real\r\nContent-Type: application/json\r\n\r\n{body}\r\n",
    }


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("template", ATTRIBUTE_PATHS)
def test_correct_attribute_patch_lints_clean(host: str, template: str) -> None:
    for name, text in _variants(host, template).items():
        found = lint_text(text, name, options=Options(scopes=("conversations",)))
        assert codes(found) == [], (name, [f"{f.code}: {f.message}" for f in found])


def test_correct_body_alone_lints_clean() -> None:
    assert lint_text(json.dumps(BODY), "body.json") == []
