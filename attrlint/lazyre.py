"""Regular expressions compiled on first use instead of at import.

Compiling the patterns of every module at import cost a noticeable share of a one-file run,
though most runs use few of them. `lazy_re` is a drop-in for `re.compile`.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split")


class _LazyPattern:
    """Compiles its pattern when a method is first asked for, then binds the methods directly."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that behaves like `re.compile(pattern, flags)` but compiles on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
