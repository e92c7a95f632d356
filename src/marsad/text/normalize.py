"""Normalisation for matching, with an offset map back to the cleaned text.

Arabic news writes one word many ways: hamza forms on alef (أ إ آ ٱ), ta marbuta or ha (ة ه),
alef maqsura or ya (ى ي), with or without diacritics and tatweel, Arabic-Indic, Persian or
Western digits, and every quote style. Lexicons and the text are matched in one normal form;
``NormalizedText`` remembers where each normalised character came from so that any match can
be reported as an exact span of the original.

Most characters map to one character. Diacritics, tatweel and invisible format characters map
to nothing; presentation-form ligatures (ﻻ, ﷲ) expand to several. Only documents that contain
such characters pay for an explicit per-character map; the rest share the identity map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Characters deleted outright: Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alef,
# Quranic marks), tatweel, and invisible format controls (ZWJ/ZWNJ, bidi marks and embeddings,
# soft hyphen, BOM).
_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u06D6", "\u06D7", "\u06D8", "\u06D9", "\u06DA", "\u06DB", "\u06DC"]
    + ["\u06DF", "\u06E0", "\u06E1", "\u06E2", "\u06E3", "\u06E4", "\u06E7", "\u06E8", "\u06EA"]
    + ["\u06EB", "\u06EC", "\u06ED", "\u0610", "\u0611", "\u0612", "\u0613", "\u0614", "\u0615"]
    + ["\u0616", "\u0617", "\u0618", "\u0619", "\u061A", "\u00AD", "\uFEFF", "\u200B", "\u200C"]
    + ["\u200D", "\u200E", "\u200F", "\u061C", "\u2066", "\u2067", "\u2068", "\u2069"]
    + [chr(c) for c in range(0x202A, 0x202F)]
)

# One-to-one replacements.
_REPLACE: dict[str, str] = {
    # alef with hamza / madda / wasla -> bare alef
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    # hamza carriers: ؤ -> و, ئ -> ي (مسؤول / مسئول still differ by one letter; lexicons list both)
    "ؤ": "و", "ئ": "ي",
    # ta marbuta -> ha, alef maqsura and Persian/Urdu ya -> ya, keheh -> kaf, heh variants -> ha
    "ة": "ه", "ى": "ي", "ی": "ي", "ې": "ي", "ے": "ي", "ک": "ك", "ھ": "ه", "ہ": "ه", "ۀ": "ه",
    # punctuation
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": ".",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‹": '"', "›": '"',
    "〝": '"', "〞": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "−": "-", "―": "-", "‐": "-", "‑": "-",
    # spaces
    "\u00A0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200A": " ", "\u202F": " ",
    "\u3000": " ", "\t": " ", "\u2007": " ", "\u2008": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u205F": " ",
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _REPLACE[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _REPLACE[_d] = str(_i)
for _c in range(ord("A"), ord("Z") + 1):
    _REPLACE[chr(_c)] = chr(_c + 32)
for _c in range(0xC0, 0xDF):
    if _c != 0xD7:
        _REPLACE[chr(_c)] = chr(_c).lower()


def _fold_char(ch: str) -> str:
    """The normal form of one character (may be empty or several characters)."""
    if ch in _DELETE_SET:
        return ""
    if ch in _REPLACE:
        return _REPLACE[ch]
    return ch


_DELETE_SET = frozenset(_DELETE)
# Deleted characters that belong to the letter before them (diacritics and tatweel, not the
# invisible format controls, which belong to no word).
_TRAILING_MARKS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)] + [chr(c) for c in range(0x0610, 0x061B)]
)
_TABLE: dict[int, str] = {ord(c): "" for c in _DELETE}
_TABLE.update({ord(k): v for k, v in _REPLACE.items()})

# Arabic presentation forms (and the Allah / salla ligatures) decompose with NFKC, then fold.
_EXPANDING: set[str] = set()
for _c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
    _ch = chr(_c)
    _n = unicodedata.normalize("NFKC", _ch)
    if _n == _ch or not _n:
        continue
    _folded = "".join(_fold_char(x) for x in _n)
    if _folded.strip() == "" and _n.strip() != "":
        # isolated harakat forms such as U+FE70 decompose to space + haraka: drop them
        _folded = ""
    _TABLE[_c] = _folded
    if len(_folded) != 1:
        _EXPANDING.add(_ch)

# The same table as a list indexed by code point: str.translate looks a dict up per character
# and a miss raises (and clears) a KeyError, which makes Arabic text, where most characters map
# to themselves, twice as slow as this list, where they map to their own code point. Astral
# characters fall off the end, which translate reads as "unchanged".
_FAST_TABLE: list[int | str] = list(range(0x10000))
for _k, _v in _TABLE.items():
    _FAST_TABLE[_k] = _v

# The characters the table changes, as one class, and what each becomes: _fold_text replaces
# them string by string instead of translating every character.
_FOLDED_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
_FOLD_OF: dict[str, str] = {chr(c): v for c, v in _TABLE.items()}
# An article holds a dozen distinct such characters (ة ى أ إ digits, quotes, a few marks); one
# in presentation forms holds dozens, and translate is then the faster way.
_MAX_REPLACED = 24

_NOT_ONE_TO_ONE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(_DELETE_SET | _EXPANDING | {"ـ"})) + "]"
)

_WORD_RUN = re.compile(r"\w+")
_MATCH_START = re.Match.start
_MATCH_END = re.Match.end


@dataclass(slots=True)
class NormalizedText:
    """A normalised view of ``source`` and the way back.

    ``offsets[i]`` is the index in ``source`` of the character that produced ``text[i]``;
    ``offsets`` is None when the mapping is the identity (the common case).
    """

    text: str
    source: str
    offsets: list[int] | None = None
    # word starts and ends in ``text`` (runs of \w), computed once on first use and shared by
    # every lexicon scanned over this text
    _words: tuple[list[int], list[int]] | None = field(default=None, repr=False, compare=False)
    # the hits of the lexicons scanned in one shared pass over ``text`` (marsad.text.lexicon
    # keeps them here: the set scanned with, and each lexicon's hits)
    shared_hits: tuple[object, list[list[Any]]] | None = field(default=None, repr=False, compare=False)

    def word_bounds(self) -> tuple[list[int], list[int]]:
        """Sorted starts and ends of the words (runs of letters, digits, ``_``) of ``text``
        (possibly with one-character punctuation tokens among them, see set_word_bounds)."""
        if self._words is None:
            matches = list(_WORD_RUN.finditer(self.text))
            self._words = (list(map(_MATCH_START, matches)), list(map(_MATCH_END, matches)))
        return self._words

    def set_word_bounds(self, starts: list[int], ends: list[int]) -> None:
        """Record the word bounds when the caller has them already (the tokenizer does).

        ``starts``/``ends`` may include one-character punctuation tokens: a word character
        lies in exactly one word, and the last start at or before it is that word's."""
        self._words = (starts, ends)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the source span that produced it."""
        if self.offsets is None:
            return start, end
        if end <= start:
            s = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return s, s
        s = self.offsets[start]
        e = self.offsets[end - 1] + 1
        # A source character that expanded to several normalised ones is quoted whole, and the
        # marks written on the last letter (tanwin, shadda, tatweel) stay with it: «فجراً», not
        # «فجرا».
        source = self.source
        while e < len(source) and source[e] in _TRAILING_MARKS:
            e += 1
        return s, e

    def source_span(self, start: int, end: int) -> tuple[int, int, str]:
        s, e = self.to_source(start, end)
        return s, e, self.source[s:e]

    def to_norm(self, source_index: int) -> int:
        """The first normalised index produced at or after ``source_index``."""
        if self.offsets is None:
            return source_index
        return bisect_left(self.offsets, source_index)

    def to_norm_end(self, source_end: int) -> int:
        """The normalised index just after everything produced before ``source_end``."""
        if self.offsets is None:
            return source_end
        return bisect_right(self.offsets, source_end - 1)


def _fold_text(source: str) -> str:
    """``source.translate(_FAST_TABLE)``, three times faster on an article.

    translate looks every character up in the table, building an int object for each one
    beyond Latin-1, while most Arabic letters map to themselves. Here each distinct character
    the table changes is replaced throughout at once (str.replace runs at memchr speed): the
    text before the first one found holds none, so the search resumes there. No replacement
    holds a character of the table, so the order of the replacements changes nothing."""
    if source.isascii():
        return source.translate(_FAST_TABLE)  # CPython translates pure ASCII on a fast path
    search = _FOLDED_CHAR.search
    text = source
    found = search(text)
    for _ in range(_MAX_REPLACED):
        if found is None:
            return text
        ch = found.group()
        at = found.start()
        text = text.replace(ch, _FOLD_OF[ch])
        found = search(text, at)
    return text if found is None else text.translate(_FAST_TABLE)


def normalize(source: str) -> NormalizedText:
    """Normalise ``source`` for matching, keeping the offset map back to it."""
    folded = _fold_text(source)
    specials = _NOT_ONE_TO_ONE.finditer(source)
    first = next(specials, None)
    if first is None:
        return NormalizedText(folded, source, None)
    # Runs of one-to-one characters are copied as whole ranges; only the deleted or expanded
    # characters between them are handled one by one.
    offsets: list[int] = []
    table = _TABLE
    pos = 0
    for m in _chain(first, specials):
        i = m.start()
        offsets.extend(range(pos, i))
        out = table.get(ord(source[i]), source[i])
        if out:
            offsets.extend([i] * len(out))
        pos = i + 1
    offsets.extend(range(pos, len(source)))
    return NormalizedText(folded, source, offsets)


def _chain(first: re.Match[str], rest: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    yield first
    yield from rest


@lru_cache(maxsize=65536)
def normalize_term(term: str) -> str:
    """Normalise a lexicon entry the same way as the text (no offsets needed)."""
    return " ".join(term.translate(_FAST_TABLE).split())


def fold(text: str) -> str:
    """Normalise a string for comparison (offsets discarded; whitespace collapsed)."""
    return " ".join(text.translate(_FAST_TABLE).split())
