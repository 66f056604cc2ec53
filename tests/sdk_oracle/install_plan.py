"""Would an install plan replace a package that is already installed? (.ci/run asks this.)

    pip install --dry-run --report PLAN.json PureCloudPlatformClientV2==269.0.0
    python tests/sdk_oracle/install_plan.py PLAN.json

Exit 0 when every package in the plan is new to this environment (the SDK can go into the test
environment); exit 1, naming them, when the plan would upgrade or downgrade installed packages
(the SDK then gets a venv of its own).
"""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from typing import Any


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def replaced(plan: dict[str, Any]) -> list[str]:
    """`name installed -> planned` for each package of the plan that is installed already."""
    installed = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}
    changes = []
    for item in plan.get("install", []):
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if normalise(name) in installed:
            changes.append(f"{name} {installed[normalise(name)]} -> {version}")
    return changes


def main(path: str) -> int:
    with open(path, encoding="utf-8") as stream:
        changes = replaced(json.load(stream))
    for change in changes:
        print(f"the SDK would replace {change}")
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
