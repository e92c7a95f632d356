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

``LexiconSet`` compiles several lexicons into one automaton and scans them in one pass, each
with its own edge rules. The lexicons every document is read with register themselves
(``share_document_pass``): the first scan of a text runs the whole set once and keeps the
hits on the ``NormalizedText`` for the other lexicons' scans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from marsad.compiled import cached_value
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
# Occupancy runs for _resolve, by width: indexing a tuple instead of building the bytes for
# every accepted hit.
_ONES_MAX = 64
_ONES: tuple[bytes, ...] = tuple(b"\x01" * w for w in range(_ONES_MAX))


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

    A lexicon registered with ``share_document_pass`` is scanned together with the other
    registered ones: the first ``scan`` of a text runs one automaton over it for all of them
    and keeps every lexicon's hits on the ``NormalizedText``, so the stages that follow read
    theirs without passing over the text again.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, P]],
        *,
        suffixes: Iterable[str] = (),
        proclitics: frozenset[str] = PROCLITICS,
    ) -> None:
        # form -> its first payload; the rare further payloads of a form apart. One list per
        # form would be ~45,000 more objects for every process to unpickle at start-up (the
        # compiled-data snapshot holds the lexicons).
        self._forms: dict[str, P] = {}
        self._more: dict[str, list[P]] = {}
        for form, payload in entries:
            key = normalize_term(form)
            if not key:
                continue
            if key in self._forms:
                self._more.setdefault(key, []).append(payload)
            else:
                self._forms[key] = payload
        self.suffixes = tuple(sorted({normalize_term(s) for s in suffixes if s}, key=len, reverse=True))
        self.proclitics = proclitics
        # The word-edge rules of this lexicon, as one tuple carried in every automaton value:
        # the proclitics, their last letters, the suffixes' first letters and the suffixes.
        # A mid-word candidate whose neighbour is none of those letters is rejected before
        # its word is looked up (the short particles لا لم ان match inside many words).
        self._edges = (
            proclitics,
            frozenset(p[-1] for p in proclitics if p),
            frozenset(s[0] for s in self.suffixes),
            frozenset(self.suffixes) | {""},
        )
        self._alone: LexiconSet | None = None
        self._shared_slot: int | None = None  # position in the shared document pass

    def __len__(self) -> int:
        return len(self._forms)

    def payloads(self, form: str) -> list[P]:
        key = normalize_term(form)
        if key not in self._forms:
            return []
        return [self._forms[key], *self._more.get(key, ())]

    def automaton_entries(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """(automaton key, value) for every form: the value is (form, payload, length
        matched, is the ل-form, check left edge, check right edge, edge rules).

        The ل-form of «السجن» is matched as «لسجن» after the preposition ل: its automaton key
        is «للسجن», preposition included (a «لسجن» after anything else is no such form, and
        the automaton then never reports it), while the length matched stays that of «لسجن»."""
        edges = self._edges
        for key, payload in self._forms.items():
            left, right = is_word_char(key[0]), is_word_char(key[-1])
            yield key, (key, payload, len(key), False, left, right, edges)
            if key.startswith("ال") and len(key) > 3:
                # after the preposition ل the article's alef drops: للسجن = ل + السجن
                lkey = "ل" + key[2:]
                if lkey not in self._forms:
                    yield "ل" + lkey, (key, payload, len(lkey), True, True, right, edges)

    def scan(self, norm: NormalizedText) -> list[Hit[P]]:
        """Every word-bounded hit, overlaps resolved (longest, then earliest).

        The list may be shared with later callers (see ``share_document_pass``): read it,
        do not change it."""
        if not self._forms:
            return []
        if self._shared_slot is not None or _SHARED.pending():
            hits = _SHARED.hits(norm, self)
            if hits is not None:
                return hits
        if self._alone is None:
            self._alone = LexiconSet([self])
        return self._alone.scan(norm)[0]


class LexiconSet:
    """Several lexicons compiled into one automaton and scanned in one pass.

    ``scan`` gives each lexicon exactly the hits its own scan would: candidates are checked
    against the word-edge rules of the lexicon they come from and overlaps are resolved
    within each lexicon, never across them. A form found in several lexicons is one automaton
    key whose value lists each lexicon's entry.
    """

    def __init__(self, lexicons: list[Lexicon[Any]]) -> None:
        self.lexicons = lexicons
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        for slot, lexicon in enumerate(lexicons):
            for key, value in lexicon.automaton_entries():
                # the rank's length part ((-length) << _RANK_SHIFT), computed once here rather
                # than for every candidate of every document
                grouped.setdefault(key, []).append((*value, slot, -value[2] << _RANK_SHIFT))
        # The automaton stores an int per key, the position of its values in ``_values``: an
        # automaton of ints pickles as one block of nodes (the compiled-data snapshot loads
        # it ~10x faster than one holding a Python tuple per key), and the tuples live in a
        # plain list that pickle shares with the lexicons.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._values: list[tuple[tuple[Any, ...], ...]] = []
        for key, values in grouped.items():
            self._automaton.add_word(key, len(self._values))
            self._values.append(tuple(values))
        self._empty = not grouped
        if grouped:
            self._automaton.make_automaton()

    def scan(self, norm: NormalizedText) -> list[list[Hit[Any]]]:
        """The hits of every lexicon in ``norm``, in the order of ``lexicons``."""
        cands: list[list[tuple[int, int, int, str, Any, str, str]]] = [[] for _ in self.lexicons]
        if self._empty:
            return cands
        text = norm.text
        n = len(text)
        starts: list[int] | None = None  # word starts/ends, fetched on demand
        ends: list[int] = []
        source = norm.source
        offsets = norm.offsets
        size = len(source)
        appends = [c.append for c in cands]  # bound once: one candidate list per lexicon
        table = self._values
        # The edge checks are written out here rather than called per candidate: this loop
        # runs for every automaton match of every document.
        for end_idx, at in self._automaton.iter(text):
            nend = end_idx + 1
            for key, payload, mlen, lform, word_left, word_right, edges, slot, rank in table[at]:
                nstart = nend - mlen
                prefix = ""
                if word_left and nstart > 0:
                    c = text[nstart - 1]
                    if c.isalnum() or c == "_":
                        # The proclitic before the match ends with c: reject on c alone when
                        # no proclitic ends with it and no capital can start a glued Latin
                        # word (the text is lower-cased, so only a form starting a-z can be).
                        if lform:
                            if c != "ل":
                                continue
                        elif c not in edges[1] and not ("a" <= text[nstart] <= "z"):
                            continue
                        if starts is None:
                            starts, ends = norm.word_bounds()
                        ws = starts[bisect_right(starts, nstart - 1) - 1]
                        prefix = text[ws:nstart]
                        if lform:
                            if prefix not in _L_PREFIXES:
                                continue
                        elif prefix not in edges[0]:
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
                        prefix = _detached_proclitic(text, nstart)
                elif lform:
                    continue
                suffix = ""
                if word_right and nend < n:
                    c = text[nend]
                    if c.isalnum() or c == "_":
                        if c not in edges[2]:
                            continue
                        if starts is None:
                            starts, ends = norm.word_bounds()
                        we = ends[bisect_right(starts, nend) - 1]
                        suffix = text[nend:we]
                        if suffix not in edges[3]:
                            continue
                appends[slot]((rank + nstart, nstart, nend, key, payload, prefix, suffix))
        return [_resolve(norm, c) if c else [] for c in cands]


class _SharedPass:
    """The lexicons every document is scanned with, run as one ``LexiconSet``.

    Modules register a factory (``share_document_pass``); the set is built on the first scan
    after a registration, from every registered lexicon at once, and each text's hits are
    kept on its ``NormalizedText`` (``shared_hits``) for the other lexicons' scans.
    """

    def __init__(self) -> None:
        self._factories: list[Callable[[], Lexicon[Any]]] = []
        self._set: LexiconSet | None = None
        self._built = 0  # factories included in _set

    def register(self, factory: Callable[[], Lexicon[Any]]) -> None:
        self._factories.append(factory)

    def pending(self) -> bool:
        return self._built != len(self._factories)

    def _current(self) -> LexiconSet:
        if self._set is None or self.pending():
            lexicons: list[Lexicon[Any]] = []
            for factory in self._factories:
                lexicon = factory()
                if lexicon not in lexicons:
                    lexicons.append(lexicon)
            for old in self._set.lexicons if self._set is not None else ():
                old._shared_slot = None
            for slot, lexicon in enumerate(lexicons):
                lexicon._shared_slot = slot
            # the compiled set comes from the disk snapshot when the lexicons did (the same
            # pickle, so its lexicons are these very objects); a set of other lexicons, e.g.
            # after a late registration, is built
            cached = cached_value(f"{__name__}.shared_pass.{len(lexicons)}",
                                  lambda: LexiconSet(lexicons))
            if len(cached.lexicons) != len(lexicons) or any(
                    a is not b for a, b in zip(cached.lexicons, lexicons, strict=True)):
                cached = LexiconSet(lexicons)
            self._set = cached
            self._built = len(self._factories)
        return self._set

    def hits(self, norm: NormalizedText, lexicon: Lexicon[Any]) -> list[Hit[Any]] | None:
        """``lexicon``'s hits in ``norm`` from the shared pass, or None when it is not in it."""
        shared = self._current()
        slot = lexicon._shared_slot
        if slot is None:
            return None
        cached = norm.shared_hits
        if cached is None or cached[0] is not shared:
            cached = norm.shared_hits = (shared, shared.scan(norm))
        return cached[1][slot]


_SHARED = _SharedPass()


def share_document_pass(factory: Callable[[], Lexicon[Any]]) -> None:
    """Scan the lexicon ``factory`` returns (a cached, process-wide lexicon) in the one pass
    shared by all registered lexicons. Register at import time: the shared automaton is
    rebuilt when a registration arrives after it was built."""
    _SHARED.register(factory)


def _detached_proclitic(text: str, start: int) -> str:
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


def _resolve(norm: NormalizedText, cands: list[tuple[int, int, int, str, Any, str, str]]) -> list[Hit[Any]]:
    # stable sort on the rank (longest, then earliest): equal ranks keep scan order
    cands.sort(key=_RANK)
    # occupancy map: one byte per normalised character, so the overlap test is a C-level
    # scan of the candidate's own width rather than a loop over every earlier hit
    taken = bytearray(len(norm.text))
    find = taken.find
    source = norm.source
    offsets = norm.offsets
    size = len(source)
    hits: list[Hit[Any]] = []
    append = hits.append
    ones = _ONES
    marks = _TRAILING_MARKS
    for _, nstart, nend, key, payload, prefix, suffix in cands:
        if find(1, nstart, nend) != -1:
            continue
        width = nend - nstart
        taken[nstart:nend] = ones[width] if width < _ONES_MAX else b"\x01" * width
        # NormalizedText.to_source, written out (this runs for every hit)
        if offsets is None:
            s, e = nstart, nend
        else:
            s = offsets[nstart]
            e = offsets[nend - 1] + 1
            while e < size and source[e] in marks:
                e += 1
        # tuple.__new__ builds the named tuple in C (Hit(...) runs a Python __new__)
        append(_new_hit(Hit, (s, e, source[s:e], nstart, nend, payload, key, prefix, suffix)))
    if len(hits) > 1:
        hits.sort(key=_START)
    return hits
