"""Find command-line tools and packages installed from npm (httpyac, newman, the JS SDK) for
the tests that run them.

A tool is looked for first in the folder named by the environment variable ATTRLINT_NODE_BIN
(e.g. `/tmp/nodetools/node_modules/.bin` after `npm install --prefix /tmp/nodetools <package>`),
then on PATH. Tests skip, saying how to install it, when it is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

NODE_BIN = "ATTRLINT_NODE_BIN"


def node_tool(name: str) -> str | None:
    """The path of the executable `name`, or None when it is not installed."""
    folder = os.environ.get(NODE_BIN)
    found = shutil.which(name, path=folder) if folder else None
    return found or shutil.which(name)


def node_package(name: str) -> Path | None:
    """The folder of the npm package `name` installed beside the tools in $ATTRLINT_NODE_BIN."""
    folder = os.environ.get(NODE_BIN)
    found = Path(folder).parent / name if folder else None
    return found if found is not None and (found / "package.json").is_file() else None


def missing_reason(name: str, package: str) -> str:
    """Why a test that needs the npm tool `name` (from `package`) is skipped, and how to fix it."""
    return (
        f"{name} not found in ${NODE_BIN} or on PATH: npm install --prefix /tmp/nodetools {package} "
        f"and set {NODE_BIN}=/tmp/nodetools/node_modules/.bin"
    )
