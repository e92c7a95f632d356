"""A bounded cache of what a function makes of a word, kept across documents.

The words of news articles repeat from one to the next, so a derivation of a word (its
proclitics read off, its row in a model) is worth keeping: read through
``map(cache.__getitem__, words)`` or ``cache[word]``, a known word costs one C-level dict
look-up instead of a Python call. The cache is emptied when it reaches ``limit`` words, so a
long stream never grows it without end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")


class WordCache(dict[str, V]):
    """word -> ``derive(word)``, computed on first look-up."""

    def __init__(self, derive: Callable[[str], V], limit: int = 200_000) -> None:
        super().__init__()
        self.derive = derive
        self.limit = limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.derive(word)
        return value
