"""Locate the data that ships with attrlint: the `rules/` and `schemas/` folders.

In a built wheel they live in `attrlint/_data/`; in a source checkout (editable install or
running from the tree) they are the top-level folders next to the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder `name` (`"rules"` or `"schemas"`) wherever this install keeps it."""
    bundled = _PACKAGE_DIR / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name
