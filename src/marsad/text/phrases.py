"""Phrases with a gap: the words that must (or must not) follow a lexicon hit.

A multi-word expression is matched by its head word in the automaton (every inflection of
ألقى, السيطرة, "take") and its other words checked here, after the scan: each must follow
the one before within ``gap`` words — an adverb, an adjective or the subject may stand between
(«ألقت قوات الأمن القبض على», «السيطرة بشكل تام على», "took full control"). A following word
may carry proclitics and enclitics (بالإعدام, عليه, سيطرتها). A sentence mark ends the search.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from marsad.text.lexicon import PROCLITICS
from marsad.text.normalize import NormalizedText

# marks that end the clause a phrase may span (the comma does not: «أطلقت قسد، بوساطة
# عشائرية، سراح ...»)
STOP_MARKS = frozenset(".;:?!\n")


def word_matches(word: str, term: str, suffixes: frozenset[str]) -> bool:
    """``word`` is ``term`` with proclitics before it and an enclitic after it; a term
    ending in ه (a normalised ة) also takes the construct ت before its enclitic (سيطرتها)."""
    return matches_any(word, frozenset((term,)), suffixes)


def matches_any(word: str, terms: frozenset[str], suffixes: frozenset[str]) -> bool:
    """``word`` is one of ``terms`` with clitics (see ``word_matches``). A handful of set
    look-ups: the proclitic is at most three letters, the enclitic at most four."""
    if word in terms:
        return True
    for k in range(min(4, len(word) - 1)):
        proclitic = word[:k]
        if k and proclitic not in PROCLITICS:
            continue
        rest = word[k:]
        if rest in terms:
            return True
        if proclitic.endswith("لل") and "ال" + rest in terms:
            return True  # للنار = ل + النار
        for n in range(1, min(5, len(rest) - 1)):
            if rest[-n:] not in suffixes:
                continue
            stem = rest[:-n]
            if stem in terms or (stem.endswith("ت") and stem[:-1] + "ه" in terms):
                return True
    return False


def _words_after(norm: NormalizedText, end: int) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) of the words after normalised offset ``end``, up to a sentence
    mark."""
    text = norm.text
    starts, ends = norm.word_bounds()
    i = bisect_left(starts, end)
    prev = end
    while i < len(starts):
        s, e = starts[i], ends[i]
        i += 1
        if any(c in STOP_MARKS for c in text[prev:s]):
            return
        prev = e
        word = text[s:e]
        if not (word[0].isalnum() or word[0] == "_"):
            if word in STOP_MARKS:
                return
            continue
        yield s, e, word


def phrase_follows(
    norm: NormalizedText,
    end: int,
    parts: tuple[tuple[str, ...], ...],
    gap: int,
    suffixes: frozenset[str],
) -> list[tuple[int, int]] | None:
    """The (start, end) of the words completing the phrase after ``end`` — each part one of
    its alternatives, within ``gap`` words of the part before — or None when it is not
    there."""
    found: list[tuple[int, int]] = []
    k = 0
    skipped = 0
    sets = _term_sets(parts)
    for start, stop, word in _words_after(norm, end):
        if matches_any(word, sets[k], suffixes):
            found.append((start, stop))
            k += 1
            skipped = 0
            if k == len(parts):
                return found
            continue
        skipped += 1
        if skipped > gap:
            return None
    return None


def word_follows(
    norm: NormalizedText, end: int, terms: tuple[str, ...], gap: int, suffixes: frozenset[str]
) -> bool:
    """One of ``terms`` among the ``gap`` + 1 words after ``end``."""
    (wanted,) = _term_sets((terms,))
    for n, (_, _, word) in enumerate(_words_after(norm, end)):
        if n > gap:
            return False
        if matches_any(word, wanted, suffixes):
            return True
    return False


@lru_cache(maxsize=1024)
def _term_sets(parts: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(p) for p in parts)
