"""Lexicon matching: one Aho-Corasick pass over normalised text, Arabic-aware.

Every lexicon in marsad (places, actors, outlets, event triggers, reporting verbs, furniture
phrases) is a list of surface forms with a payload. ``Lexicon`` compiles them, normalised,
into one pyahocorasick automaton, scans a ``NormalizedText`` once, and keeps the hits that
stand as words:

* left edge: the match starts a word, or is preceded inside its word only by proclitics
  (و ف ب ل ك س and their combinations, with or without the article ال), or by a proclitic
  written apart with a tatweel or a quote mark (لـ«الوطن», بـ"قسد"); a capitalised Latin
  word glued to a lower-case one («onJanuary») starts at its capital;
* the article after ل: «للسجن» is ل + السجن, so a form that starts with ال also matches as ل…
  after a ل proclitic;
* right edge: the match ends a word, or is followed only by one of the lexicon's allowed
  enclitic suffixes (pronoun suffixes for verbs, for instance);
* overlapping hits: the longest wins, then the earliest.

Hits are reported in the normalised string and, through the offset map, in the source text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from operator import itemgetter
from typing import Generic, NamedTuple, TypeVar

import ahocorasick

from marsad.text.normalize import _TRAILING_MARKS, NormalizedText, normalize_term

P = TypeVar("P")

# Proclitic sequences that may be glued to the front of a word (normalised spelling).
# conjunction (و ف) + preposition (ب ل ك) or future/particle (س) — article ال handled apart.
PROCLITICS: frozenset[str] = frozenset(
    {
        "", "و", "ف", "ب", "ل", "ك", "س", "وب", "ول", "وك", "فب", "فل", "فك", "وس", "فس",
        "ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "فكال",
        # ل + ال -> لل (alef of the article drops)
        "لل", "ولل", "فلل",
    }
)
# Proclitics that may stand apart before a quote mark or a tatweel-joined name: لـ«الوطن»
DETACHED_PROCLITICS: frozenset[str] = frozenset({"ل", "ب", "و", "ول", "وب", "ف", "فل", "ك"})

# Pronoun and plural suffixes a verb or noun may carry (normalised spelling).
VERB_SUFFIXES: tuple[str, ...] = (
    "ه", "ها", "هم", "هما", "هن", "ني", "نا", "ك", "كم", "وا", "ا", "ت", "تا", "ن", "ون", "ين",
    "وه", "وها", "وهم", "تها", "ته", "تهم",
)
NOUN_SUFFIXES: tuple[str, ...] = ("ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "ك")
DUAL_PLURAL_SUFFIXES: tuple[str, ...] = ("ان", "ين", "ون", "ات", "يا", "يه", "يين", "يون")


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_DETACH_MARKS = frozenset('"\'ـ')


# Candidates are sorted longest first, then earliest, on one integer computed when the
# candidate is made (a C-level itemgetter key instead of a Python key function): the length
# in the high bits (negated), the start in the low ones.
_RANK_SHIFT = 32
_RANK = itemgetter(0)
_START = itemgetter(0)  # Hit.start: the first field of the tuple
_new_hit = tuple.__new__
# What may stand before the ل-form of an ال word (للسجن = ل + السجن).
_L_PREFIXES = frozenset({"ل", "ول", "فل"})


class Hit(NamedTuple, Generic[P]):
    """A lexicon match: ``start``/``end`` in the source text, ``nstart``/``nend`` normalised.

    ``prefix`` is the proclitic the match carried (normalised), ``suffix`` the enclitic.
    The span covers the lexicon form only: «وبالحسكة» reports «الحسكة».
    An immutable named tuple rather than a frozen dataclass: documents produce hundreds of
    hits and a tuple is built in C.
    """

    start: int
    end: int
    text: str
    nstart: int
    nend: int
    payload: P
    form: str
    prefix: str
    suffix: str


class Lexicon(Generic[P]):
    """A compiled set of surface forms -> payloads.

    ``suffixes`` are the enclitics a form may carry on its right; ``proclitics`` the
    sequences that may be glued to its left (the default, ``PROCLITICS``, includes the
    article: a bare form حسكة also matches in الحسكة).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, P]],
        *,
        suffixes: Iterable[str] = (),
        proclitics: frozenset[str] = PROCLITICS,
    ) -> None:
        self._automaton = ahocorasick.Automaton()
        self._forms: dict[str, list[P]] = {}
        for form, payload in entries:
            key = normalize_term(form)
            if not key:
                continue
            self._forms.setdefault(key, []).append(payload)
        for key, payloads in self._forms.items():
            # value: (form, payload, length matched, is the ل-form, check left edge, check right)
            left, right = is_word_char(key[0]), is_word_char(key[-1])
            self._automaton.add_word(key, (key, payloads[0], len(key), False, left, right))
            if key.startswith("ال") and len(key) > 3:
                # after the preposition ل the article's alef drops: للسجن = ل + السجن
                lkey = "ل" + key[2:]
                if lkey not in self._forms:
                    self._automaton.add_word(lkey, (key, payloads[0], len(lkey), True, True, right))
        self.suffixes = tuple(sorted({normalize_term(s) for s in suffixes if s}, key=len, reverse=True))
        self._suffix_set = frozenset(self.suffixes) | {""}
        self.proclitics = proclitics
        # Last letters of the glued proclitics and first letters of the suffixes: a mid-word
        # candidate whose neighbour is none of them can be rejected before looking up its
        # word (the short particles لا لم ان match inside many words).
        self._proclitic_last = frozenset(p[-1] for p in proclitics if p)
        self._suffix_first = frozenset(s[0] for s in self.suffixes)
        if self._forms:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._forms)

    def payloads(self, form: str) -> list[P]:
        return self._forms.get(normalize_term(form), [])

    def scan(self, norm: NormalizedText) -> list[Hit[P]]:
        """Every word-bounded hit, overlaps resolved (longest, then earliest)."""
        if not self._forms:
            return []
        text = norm.text
        n = len(text)
        procl = self.proclitics
        suffixes = self._suffix_set
        procl_last = self._proclitic_last
        suffix_first = self._suffix_first
        starts: list[int] | None = None  # word starts/ends, fetched on demand
        ends: list[int] = []
        source = norm.source
        offsets = norm.offsets
        size = len(source)
        cands: list[tuple[int, int, int, str, P, str, str]] = []
        append = cands.append
        # The edge checks are written out here rather than called per candidate: this loop
        # runs for every automaton match of every lexicon of every document.
        for end_idx, (key, payload, mlen, lform, word_left, word_right) in self._automaton.iter(text):
            nend = end_idx + 1
            nstart = nend - mlen
            prefix = ""
            if word_left and nstart > 0:
                c = text[nstart - 1]
                if c.isalnum() or c == "_":
                    # The proclitic before the match ends with c: reject on c alone when no
                    # proclitic ends with it and no capital can start a glued Latin word
                    # (the text is lower-cased, so only a form starting a-z can be one).
                    if lform:
                        if c != "ل":
                            continue
                    elif c not in procl_last and not ("a" <= text[nstart] <= "z"):
                        continue
                    if starts is None:
                        starts, ends = norm.word_bounds()
                    ws = starts[bisect_right(starts, nstart - 1) - 1]
                    prefix = text[ws:nstart]
                    if lform:
                        if prefix not in _L_PREFIXES:
                            continue
                    elif prefix not in procl:
                        # a capitalised Latin word glued to a lower-case one («posted
                        # onJanuary 23»): scraped pages lose the space between two
                        # elements, and the capital still marks the word start
                        s = offsets[nstart] if offsets is not None else nstart
                        if not (0 < s < size and "A" <= source[s] <= "Z" and "a" <= source[s - 1] <= "z"):
                            continue
                        prefix = ""
                elif lform:
                    continue
                elif c in _DETACH_MARKS:
                    prefix = self._detached(text, nstart)
            elif lform:
                continue
            suffix = ""
            if word_right and nend < n:
                c = text[nend]
                if c.isalnum() or c == "_":
                    if c not in suffix_first:
                        continue
                    if starts is None:
                        starts, ends = norm.word_bounds()
                    we = ends[bisect_right(starts, nend) - 1]
                    suffix = text[nend:we]
                    if suffix not in suffixes:
                        continue
            append((((nstart - nend) << _RANK_SHIFT) + nstart, nstart, nend, key, payload, prefix, suffix))
        return self._resolve(norm, cands) if cands else []

    @staticmethod
    def _detached(text: str, start: int) -> str:
        """لـ«الوطن» / بـ"قسد": a lone proclitic written apart before a quote mark."""
        j = start - 1
        while j > 0 and text[j - 1] in _DETACH_MARKS:
            j -= 1
        k = j
        while k > 0 and is_word_char(text[k - 1]):
            k -= 1
        if k < j and text[k:j] in DETACHED_PROCLITICS:
            return text[k:j]
        return ""

    def _resolve(
        self, norm: NormalizedText, cands: list[tuple[int, int, int, str, P, str, str]]
    ) -> list[Hit[P]]:
        # stable sort on the rank (longest, then earliest): equal ranks keep scan order
        cands.sort(key=_RANK)
        # occupancy map: one byte per normalised character, so the overlap test is a C-level
        # scan of the candidate's own width rather than a loop over every earlier hit
        taken = bytearray(len(norm.text))
        find = taken.find
        source = norm.source
        offsets = norm.offsets
        size = len(source)
        hits: list[Hit[P]] = []
        append = hits.append
        for _, nstart, nend, key, payload, prefix, suffix in cands:
            if find(1, nstart, nend) != -1:
                continue
            taken[nstart:nend] = b"\x01" * (nend - nstart)
            # NormalizedText.to_source, written out (this runs for every hit)
            if offsets is None:
                s, e = nstart, nend
            else:
                s, e = offsets[nstart], offsets[nend - 1] + 1
                while e < size and source[e] in _TRAILING_MARKS:
                    e += 1
            # tuple.__new__ builds the named tuple in C (Hit(...) runs a Python __new__)
            append(_new_hit(Hit, (s, e, source[s:e], nstart, nend, payload, key, prefix, suffix)))
        hits.sort(key=_START)
        return hits
