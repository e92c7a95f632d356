"""Number words: the vocabulary of ``kb/data/numbers.toml`` and the arithmetic of compounds.

Used by the quantity recognizer (which scans for number words with a lexicon) and by the time
recognizer (which reads the count in «منذ ستة أشهر»). Arabic compounds are read the usual
way: units, tens and hundreds add up («خمسة وأربعين» 45, «مئة وعشرون» 120), a multiplier
scales everything since the previous multiplier («ثلاثة آلاف وخمسمئة» 3500).

pyarabic's ``number.text2number`` was measured (~4 µs a call) but reads «مائتين» as 0 and
«إحدى عشرة» as 10, so the small table below is used instead.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from marsad.compiled import compiled
from marsad.text.normalize import normalize_term

_UNIT_STEMS_FOR_HUNDREDS = {3: ("ثلاث",), 4: ("أربع",), 5: ("خمس",), 6: ("ست",), 7: ("سبع",),
                            8: ("ثمان", "ثماني"), 9: ("تسع",)}


@dataclass(slots=True, frozen=True)
class NumberWord:
    """One number word: ``value`` added, or ``multiplier`` applied to what came before."""

    value: int
    multiplier: bool = False


def load_toml(name: str) -> dict[str, Any]:
    """A data file of ``marsad.kb``; a broken file names itself in the error."""
    path = resources.files("marsad.kb").joinpath(f"data/{name}")
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - data files are tested
        raise ValueError(f"kb/data/{name}: {exc}") from exc


@compiled
def numbers_data() -> dict[str, Any]:
    return load_toml("numbers.toml")


@compiled
def number_words() -> dict[str, NumberWord]:
    """Normalised number word -> its value (teens and hundreds expanded)."""
    data = numbers_data()
    words: dict[str, NumberWord] = {}

    def add(forms: Iterable[str], word: NumberWord) -> None:
        for form in forms:
            key = normalize_term(form)
            if key and key not in words:
                words[key] = word

    for table in ("units", "tens", "hundreds", "teens", "english", "english_tens"):
        for value, forms in data.get(table, {}).items():
            add(forms, NumberWord(int(value)))
    for table in ("multiplier_duals",):
        for value, forms in data.get(table, {}).items():
            add(forms, NumberWord(int(value)))
    for table in ("multipliers", "english_multipliers"):
        for value, forms in data.get(table, {}).items():
            add(forms, NumberWord(int(value), multiplier=True))
    # English 21-99: «twenty-five», «twenty five»
    for tens, tens_forms in data.get("english_tens", {}).items():
        for unit in range(1, 10):
            for ten in tens_forms:
                for one in data["english"][str(unit)]:
                    add([f"{ten}-{one}", f"{ten} {one}"], NumberWord(int(tens) + unit))
    # 13-19: the unit (either gender) followed by عشر / عشرة
    for value in range(3, 10):
        for unit in data["units"][str(value)]:
            for ten in ("عشر", "عشرة"):
                add([f"{unit} {ten}"], NumberWord(10 + value))
    # 300-900: the unit stem and مئة / مائة, joined or apart
    for value, stems in _UNIT_STEMS_FOR_HUNDREDS.items():
        for stem in stems:
            for hundred in ("مئة", "مائة"):
                add([f"{stem}{hundred}", f"{stem} {hundred}"], NumberWord(100 * value))
    return words


def compose(words: Iterable[NumberWord]) -> int | None:
    """The value of a run of number words («ثلاثة آلاف وخمسمئة» -> 3500)."""
    total = 0
    current = 0
    seen = False
    for word in words:
        seen = True
        if word.multiplier and word.value == 100:
            current = max(current, 1) * 100  # English «two hundred»: scales the units only
        elif word.multiplier:
            total += max(current, 1) * word.value
            current = 0
        else:
            current += word.value
    return total + current if seen else None


@compiled
def vague_duration_counts() -> frozenset[str]:
    return frozenset(normalize_term(f) for f in numbers_data()["vague_duration_counts"]["forms"])


def words_value(phrase: str) -> int | None:
    """Value of a short normalised phrase made only of number words, else None.

    «ستة» 6, «خمسة واربعين» 45, «ثلاثه الاف» 3000; anything else in the phrase gives None.
    """
    table = number_words()
    parts = phrase.split()
    values: list[NumberWord] = []
    i = 0
    while i < len(parts):
        # two-word forms first (teens, «ثلاث مئة»)
        pair = " ".join(parts[i : i + 2]) if i + 1 < len(parts) else ""
        if pair and pair in table:
            values.append(table[pair])
            i += 2
            continue
        word = parts[i]
        if word not in table and word.startswith("و") and word[1:] in table:
            word = word[1:]
        if word not in table:
            return None
        values.append(table[word])
        i += 1
    return compose(values)
