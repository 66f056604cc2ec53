"""Bounded memos. Their keys come from the input (hosts, paths, bodies, header sets), so a memo
must not grow with it: when one is full it forgets everything and starts again. A capture
repeats a few keys many times, which a fresh memo relearns at once."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

LIMIT = 1024


def remember(memo: dict[K, V], key: K, value: V, limit: int = LIMIT) -> V:
    """Keep `value` under `key` in `memo` (emptied first when it holds `limit` keys); return it."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
