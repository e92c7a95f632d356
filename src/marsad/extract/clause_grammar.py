"""The clause words event arguments read (``event_triggers.toml`` [grammar]): support verbs,
passive auxiliaries, prepositions, agent markers, origin/destination markers..., and the
small tests on them that places and actors share."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.compiled import compiled
from marsad.extract.context import DocIndex, is_word
from marsad.extract.lexicons import trigger_data
from marsad.text.normalize import normalize_term


@dataclass(frozen=True, slots=True)
class Grammar:
    """Clause words from ``event_triggers.toml`` [grammar], normalised."""

    support_verbs: frozenset[str]
    passive: frozenset[str]
    prepositions: frozenset[str]
    prep_proclitics: frozenset[str]
    targets: frozenset[str]
    agent_markers: tuple[tuple[str, ...], ...]
    coordinators: tuple[tuple[str, ...], ...]
    doer_verbs: tuple[str, ...]
    during: tuple[tuple[str, ...], ...]
    demonstratives: frozenset[str]
    origin_markers: frozenset[str]
    destination_markers: frozenset[str]
    partitive_heads: frozenset[str] = frozenset()
    insurgents: frozenset[str] = frozenset()  # entity ids, not words
    person_origin: tuple[tuple[str, ...], ...] = ()
    origin_place_nouns: frozenset[str] = frozenset()
    construct_heads: frozenset[str] = frozenset()
    distance_units: frozenset[str] = frozenset()


@compiled
def grammar() -> Grammar:
    g = trigger_data()["grammar"]

    def norm_set(key: str) -> frozenset[str]:
        return frozenset(normalize_term(w) for w in g[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(normalize_term(w).split()) for w in g[key])

    return Grammar(
        norm_set("support_verbs"),
        norm_set("passive_auxiliaries"),
        norm_set("prepositions"),
        norm_set("preposition_proclitics"),
        norm_set("target_prepositions"),
        phrases("agent_markers"),
        phrases("coordinators"),
        tuple(normalize_term(w) for w in g["doer_verbs"]),
        phrases("during"),
        norm_set("demonstratives"),
        norm_set("origin_markers"),
        norm_set("destination_markers"),
        norm_set("partitive_heads") if "partitive_heads" in g else frozenset(),
        frozenset(g.get("insurgents", ())),
        phrases("person_origin") if "person_origin" in g else (),
        norm_set("origin_place_nouns") if "origin_place_nouns" in g else frozenset(),
        norm_set("construct_heads") if "construct_heads" in g else frozenset(),
        norm_set("distance_units") if "distance_units" in g else frozenset(),
    )


def bare(word: str) -> str:
    """A word without the conjunction glued to it («وتمكنت» -> «تمكنت»)."""
    if len(word) > 3 and word[0] in "وف":
        return word[1:]
    return word


def _ends_with(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n <= len(words) and tuple(words[-n:]) == phrase


# id of a phrase list -> (the list, its phrases grouped by last word in their order, or None
# when an empty phrase makes the grouping unusable); the list is kept to check identity.
# Phrase lists come from lru-cached grammar data, so there are only a handful.
_ENDINGS: dict[int, tuple[tuple[tuple[str, ...], ...], dict[str, tuple[tuple[str, ...], ...]] | None]] = {}


def _endings_by_last(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[str, ...], ...]] | None:
    entry = _ENDINGS.get(id(phrases))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    grouped: dict[str, list[tuple[str, ...]]] | None = {}
    for p in phrases:
        if not p:
            grouped = None
            break
        grouped.setdefault(p[-1], []).append(p)  # type: ignore[union-attr]
    index = {k: tuple(v) for k, v in grouped.items()} if grouped is not None else None
    _ENDINGS[id(phrases)] = (phrases, index)
    return index


def first_ending(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The first of ``phrases`` (in their order) that ``words`` ends with, else None — what
    a scan with :func:`_ends_with` finds, looking only at phrases ending in the last word."""
    index = _endings_by_last(phrases)
    if index is None:
        return next((p for p in phrases if _ends_with(words, p)), None)
    if not words:
        return None
    for p in index.get(words[-1], ()):
        n = len(p)
        if n <= len(words) and tuple(words[-n:]) == p:
            return p
    return None


def after_preposition(idx: DocIndex, g: Grammar, start: int) -> tuple[bool, bool]:
    """(after a preposition, after a target preposition) for a name beginning at ``start``:
    a separate preposition («في سجون قسد», «على السجن») or one glued to the name's word
    («لداعش», «بقسد», «لـ"قسد"»)."""
    key = ("after_preposition", start)
    found = idx.memo.get(key)
    if found is None:
        found = idx.memo[key] = _after_preposition_uncached(idx, g, start)
    return found  # type: ignore[return-value]


def _after_preposition_uncached(idx: DocIndex, g: Grammar, start: int) -> tuple[bool, bool]:
    prev = idx.tok_norms_before(start, 2)
    word = idx.word_at(start)
    glued = ""
    if word is not None and word.start < start:
        glued = normalize_term(idx.doc.text[word.start : start]).strip('"ـ ')
    elif prev and not is_word(prev[-1]) and len(prev) >= 2:
        glued = prev[-2] if len(prev[-2]) <= 2 else ""  # «لـ"قسد"»
    if glued in g.prep_proclitics:
        return True, False
    last = prev[-1] if prev and is_word(prev[-1]) else ""
    if not last and len(prev) == 2 and prev[-1] in ('"', "'") and is_word(prev[-2]):
        last = prev[-2]  # a quoted name after a preposition: «في "قوات سوريا الديمقراطية"»
    if last in g.prepositions:
        return True, last in g.targets
    return False, False
