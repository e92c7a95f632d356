"""Counted nouns (``kb/data/units.toml``): every written form of each, and the noun a number
counts — looked up in a dict only at the word a number points to (after it, after a
partitive «من» or an English modifier, or before an adjectival number), with proclitics and
possessive pronouns allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.compiled import compiled
from marsad.recognize.numerals import load_toml, numbers_data
from marsad.text.normalize import normalize_term


@dataclass(slots=True, frozen=True)
class UnitForm:
    unit: str
    dual: bool


@compiled
def unit_forms() -> dict[str, UnitForm]:
    """Every written form of every counted noun (normalised) -> its unit."""
    data = load_toml("units.toml")
    forms: dict[str, UnitForm] = {}

    def add(form: str, unit: str, dual: bool = False) -> None:
        key = normalize_term(form)
        if key and key not in forms:
            forms[key] = UnitForm(unit, dual)

    for unit, table in data.items():
        # the endings are read on the forms as written: normalisation folds ة into ه, and a
        # noun ending in a real ه («مشتبه») takes the tanwin alef and the regular dual
        raw_singular = list(table.get("singular", []))
        raw_plural = list(table.get("plural", []))
        singular = [normalize_term(f) for f in raw_singular]
        plural = [normalize_term(f) for f in raw_plural]
        plural_set = set(plural)
        for raw, form in zip(raw_singular + raw_plural, singular + plural, strict=True):
            add(form, unit)
            # accusative tanwin alef: سجيناً، أطفالاً، مدنياً (not after ة/ا/ء, nor on قتلى)
            takes_alef = not raw.endswith(("ة", "ا", "أ", "ء", "ى", "ي")) or (
                raw.endswith("ي") and form in singular
            )
            if " " not in form and takes_alef:
                add(form + "ا", unit)
        for raw, form in zip(raw_singular, singular, strict=True):
            if " " in form:
                continue
            stem = form[:-1] + "ت" if raw.endswith("ة") else form
            for dual in (stem + "ان", stem + "ين"):
                if dual not in plural_set and dual not in forms:
                    add(dual, unit, dual=True)
        for form in plural:
            if form.endswith("ين") and " " not in form:
                add(form[:-1], unit)  # construct state: «متزعمي التنظيم», «معتقلي داعش»
        for form in table.get("dual", []):
            add(form, unit, dual=True)
        for form in table.get("english", []):
            add(form, unit)
    return forms


@compiled
def unit_lookup() -> dict[str, str]:
    """Normalised counted noun (or percent phrase) -> unit, for look-ups next to a number."""
    table = {form: unit.unit for form, unit in unit_forms().items()}
    for form in numbers_data()["percent"]["forms"]:
        table.setdefault(normalize_term(form), "percent")
    return table


_UNIT_PROCLITICS = ("", "ال", "و", "وال", "ب", "بال", "لل", "ل", "ف", "فال", "ك")
_WORD = re.compile(r"[^\W_]+|%")
# Possessive pronouns glued to a counted noun (normalised), longest first; the one-letter ones
# (ه، ي) are left out: ه is also the folded ta marbuta and ي the nisba ending.
_POSSESSIVE_SUFFIXES = ("هما", "ها", "هم", "هن", "كم", "نا")
_LAST_WORD = re.compile(r"([^\W_]+)\s+$")
_PARTITIVE = re.compile(r"\s*(?:من|of(?: the)?)\s+")
_SPACE = re.compile(r"\s*")
_EN_MODIFIERS = re.compile(
    r"(?P<one>(?!(?:of|and|or|in|at|from|to|on|by|with|for)\s)[a-z'-]+\s+)"
    r"(?P<two>(?!(?:of|and|or|in|at|from|to|on|by|with|for)\s)[a-z'-]+\s+)?"
)


@compiled
def _unit_heads() -> tuple[frozenset[str], int]:
    """The first words of the counted nouns of ``unit_lookup`` and their most words: a
    look-up whose first word is not among them cannot succeed, however many words follow."""
    keys = unit_lookup()
    return frozenset(k.split(" ")[0] for k in keys), max((k.count(" ") + 1 for k in keys), default=1)


@lru_cache(maxsize=8192)
def _proclitics_of(first: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The proclitics ``first`` may start with, and those of them that leave a possible first
    word of a counted noun (the others fail for every length): the same few words follow
    numbers in every document."""
    prefixes = tuple(p for p in _UNIT_PROCLITICS if first.startswith(p))
    heads, _ = _unit_heads()
    return prefixes, tuple(p for p in prefixes if len(first) > len(p) and first[len(p) :] in heads)


def unit_at(text: str, pos: int) -> tuple[str, int, int] | None:
    """The counted noun written at ``pos`` (up to three words, proclitics allowed)."""
    m = _WORD.search(text, pos, pos + 40)
    if m is None or m.start() != pos:
        return None
    table = unit_lookup()
    first = m.group()
    prefixes, viable = _proclitics_of(first)
    if viable:
        _, most_words = _unit_heads()
        words: list[re.Match[str]] = [m]
        cursor = m.end()
        while len(words) < min(3, most_words):
            m = _WORD.search(text, cursor, cursor + 40)
            if m is None or text[cursor : m.start()].strip():
                break
            words.append(m)
            cursor = m.end()
        forms = [w.group() for w in words]
        for n in range(len(words), 0, -1):
            rest = " ".join(forms[:n])
            for prefix in viable:
                unit = table.get(rest[len(prefix) :])
                if unit is not None:
                    return unit, pos + len(prefix), words[n - 1].end()
    # a noun with a possessive pronoun: «أطفالها الثلاث», «معتقليهم», «عناصرنا» (the span
    # keeps the pronoun: it is written on the noun)
    rest = first
    if not rest.endswith(_POSSESSIVE_SUFFIXES):
        return None
    for suffix in _POSSESSIVE_SUFFIXES:
        if rest.endswith(suffix) and len(rest) > len(suffix) + 2:
            stem = rest[: -len(suffix)]
            # ta marbuta is written ت before a pronoun: «قادتها» = قادة + ها
            stems = (stem, stem[:-1] + "ه") if stem.endswith("ت") else (stem,)
            for prefix in prefixes:
                for form in stems:
                    unit = table.get(form[len(prefix) :])
                    if unit is not None and len(form) > len(prefix) + 1:
                        return unit, pos + len(prefix), pos + len(first)
    return None


def unit_after(text: str, pos: int, by_wstart: dict[int, Any]) -> tuple[str, tuple[int, int]] | None:
    """The counted noun after a number: next word, after a partitive «من», or (English) one
    word further («5,000 ISIS prisoners»)."""
    m = _SPACE.match(text, pos)
    candidates = [m.end()] if m else []
    p = _PARTITIVE.match(text, pos)
    if p:
        candidates.append(p.end())
    if m and text[m.end() : m.end() + 1].isascii():
        w = _EN_MODIFIERS.match(text, m.end(), m.end() + 40)
        if w:
            # one or two modifiers before the noun: «5,000 ISIS prisoners», «11 suspected IS
            # members», «20 foreign women» (a preposition or conjunction ends the phrase)
            candidates.append(w.end(1))
            if w.group(2):
                candidates.append(w.end(2))
    for cand in candidates:
        found = unit_at(text, cand)
        if found is not None:
            return found[0], (found[1], found[2])
    return None


def unit_before(text: str, start: int) -> tuple[str, tuple[int, int]] | None:
    m = _LAST_WORD.search(text, max(0, start - 30), start)
    if m is None:
        return None
    found = unit_at(text, m.start(1))
    if found is not None and found[2] == m.end(1):
        return found[0], (found[1], found[2])
    return None
