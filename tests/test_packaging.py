"""The wheel carries rules/ and schemas/ and works from a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("attrlint-*.whl"))


def test_wheel_contains_rules_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert {f"attrlint/_data/rules/{n}" for n in rule_files} <= names
    for data in (
        "rules/_index.json",
        "schemas/catalog.json",
        "schemas/overlay.json",
        "schemas/report.schema.json",
        "schemas/bodies/ParticipantAttributes.json",
    ):
        assert f"attrlint/_data/{data}" in names


def test_installed_wheel_checks_a_seed_request(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    seed = tmp_path / "seed.sh"
    seed.write_text((ROOT / "tests" / "fixtures" / "seeds" / "000-question-filled.sh").read_text())
    result = subprocess.run(
        [str(env_dir / "bin" / "attrlint"), "check", "--format", "json", str(seed)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert '"code": "PTH001"' in result.stdout
    located = subprocess.run(
        [str(python), "-c", "import attrlint.resources as r; print(r.data_dir('rules'))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert "_data" in located.stdout and str(env_dir) in located.stdout
