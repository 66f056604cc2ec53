"""Reporters: each turns a run's result into the text of one output format.

Reporters never decide anything; they only render what the engine found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attrlint.runner import RunResult

Reporter = Callable[["RunResult", bool], str]
FORMATS = ("text", "json")


def get_reporter(name: str) -> Reporter:
    """The render function of an output format (imported on demand)."""
    if name == "json":
        from attrlint.reporters.json import render
    else:
        from attrlint.reporters.text import render
    return render
