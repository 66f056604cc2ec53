"""The pre-commit hook for real: a temporary repository commits a broken payload (the hook
fails with the finding) and then the fixed one (the hook passes); package.json is left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

URL = "/api/v2/conversations/calls/{conversationId}/participants/{participantId}/attributes"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


def _snapshot(tmp: Path) -> tuple[Path, str]:
    """The working tree as a one-commit repository, so the hook runs this very code."""
    snapshot = tmp / "attrlint-snapshot"
    ignore = shutil.ignore_patterns(".git", ".ci", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", ".pytest_cache")
    shutil.copytree(ROOT, snapshot, ignore=ignore)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, _git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def pre_commit() -> str:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    return sys.executable


def test_hook_fails_on_a_broken_payload_and_passes_when_fixed(pre_commit: str, tmp_path: Path) -> None:
    snapshot, rev = _snapshot(tmp_path)
    project = tmp_path / "project"
    (project / "fixtures" / "genesys" / "attrs").mkdir(parents=True)
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: attrlint\n")
    (project / ".attrlint.yaml").write_text(f'payloads:\n  "fixtures/genesys/attrs/*.json": {{method: PATCH, url: "{URL}"}}\n')
    (project / "package.json").write_text('{"name": "crm-bridge", "version": "1.0.0", "private": true}\n')
    payload = project / "fixtures" / "genesys" / "attrs" / "escalation.json"
    payload.write_text('{"attributes": {"crm": {"id": 42}, "vip": true}}\n')
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    installed = subprocess.run([pre_commit, "-m", "pre_commit", "install"], cwd=project, capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stderr
    _git(project, "add", "-A")
    broken = subprocess.run(["git", "commit", "-m", "broken payload"], cwd=project, capture_output=True, text=True, env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0, output
    assert "NST001" in output and "NST002" in output, output
    assert "package.json" not in output.replace("files skipped", "")
    payload.write_text('{"attributes": {"crm.id": "42", "vip": "true"}}\n')
    _git(project, "add", "-A")
    fixed = subprocess.run(["git", "commit", "-m", "fixed payload"], cwd=project, capture_output=True, text=True, env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
