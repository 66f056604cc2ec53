"""Shared test helpers: run inputs through the real readers and engine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from attrlint.checks import Options
from attrlint.config import Config
from attrlint.model import Finding, ReadFailure, Request
from attrlint.rules import all_rules
from attrlint.runner import Settings, check_text
from attrlint.sources import ReadOptions

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONV = "3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f"
PART = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def lint_text(
    text: str,
    name: str = "input.txt",
    input_format: str = "auto",
    options: Options | None = None,
    method: str | None = None,
    url: str | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Every finding for `text`, read as `name` would be, all rules selected, suppressions applied."""
    settings = Settings(all_rules(), options or Options(), ReadOptions(input_format, method, url))
    return check_text(text, name, settings, config).findings


def codes(findings: Sequence[Finding]) -> list[str]:
    """The sorted finding codes."""
    return sorted(f.code for f in findings)


def only_request(results: Sequence[Request | ReadFailure]) -> Request:
    """The one request a reader returned (fails the test on none, several, or a failure)."""
    assert len(results) == 1, results
    assert isinstance(results[0], Request), results[0]
    return results[0]


def note_codes(request: Request) -> list[str]:
    """The codes of the reader's notes on `request`, in order."""
    return [note.code for note in request.notes]


@pytest.fixture
def shared_dir() -> Path:
    """The shared reference folder beside the repository (skips when absent)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs are asserted as text: `--format auto` must not switch to annotations in CI."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
