"""The time vocabulary (``kb/data/time_vocabulary.toml``) compiled once: the lexicon of
month names, weekdays, relative days, parts of the day, periods and duration units, and the
patterns of the words around them (directions, duration heads, positions, future cues,
ordinal days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.compiled import compiled
from marsad.recognize.numerals import load_toml
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import normalize_term

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(slots=True, frozen=True)
class TimeVocabulary:
    lexicon: Lexicon[tuple[Any, ...]]
    ambiguous: frozenset[str]
    not_today_after: frozenset[str]
    not_today_before: tuple[str, ...]
    direction_after: re.Pattern[str]  # a direction word right after a month / weekday
    duration_heads: dict[str, str]  # normalised head -> "ago" | "span"
    head_before: re.Pattern[str]  # a duration head (and count) ending where a unit starts
    directions: dict[str, str]  # normalised direction word -> past | future | current
    future_cue: re.Pattern[str]  # a word that puts its sentence in the future
    position_before: re.Pattern[str]  # «مطلع», «منتصف», «أواخر» ending where a time starts
    positions: dict[str, str]  # normalised position word -> early | mid | late
    # «الثالث من آذار»: the pattern of an ordinal day before a month, and ordinal -> day
    ordinal_day_before: tuple[re.Pattern[str], dict[str, int]]


def alternation(forms: list[str]) -> str:
    keys = sorted({normalize_term(f) for f in forms if f}, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


@compiled
def time_vocabulary() -> TimeVocabulary:
    data = load_toml("time_vocabulary.toml")
    roles: dict[str, list[tuple[Any, ...]]] = {}

    def add(form: str, payload: tuple[Any, ...]) -> None:
        key = normalize_term(form)
        if key:
            roles.setdefault(key, []).append(payload)

    for number, forms in data["gregorian_months"].items():
        for form in forms:
            add(form, ("month", int(number), "gregorian", form.isascii()))
    for number, forms in data["hijri_months"].items():
        for form in forms:
            add(form, ("month", int(number), "hijri", False))
    for name, forms in data["weekdays"].items():
        for form in forms:
            add(form, ("weekday", WEEKDAYS.index(name), None))
            if form.isascii():  # English puts the direction first: «last Thursday»
                add(f"last {form}", ("weekday", WEEKDAYS.index(name), "past"))
                add(f"next {form}", ("weekday", WEEKDAYS.index(name), "future"))
    for form, offset in data["relative_days"].items():
        add(form, ("relday", int(offset)))
    for form, part in data["parts_of_day"].items():
        add(form, ("part", part))
        if not form.endswith(("ة", "ء")):
            add(form + "ا", ("part", part))  # adverbial accusative: صباحاً، ليلاً
    directions: dict[str, str] = {}
    for direction, forms in data["directions"].items():
        for form in forms:
            directions[normalize_term(form)] = direction
    demonstratives = {"هذا", "هذه"}
    for unit, nouns in data["periods"].items():
        for noun in nouns:
            for dform, direction in directions.items():
                if dform in demonstratives:
                    add(f"{dform} {noun}", ("period", unit, direction))
                else:
                    add(f"{noun} {dform}", ("period", unit, direction))
    same = data["anaphoric_periods"]
    for unit in ("day", "week", "month", "year"):
        for noun in same[unit]:
            for word in same["same_after"]:
                add(f"{noun} {word}", ("same", unit))
            for word in same["same_before"]:
                add(f"{word} {noun}", ("same", unit))
    for phrase, (unit, direction, *flags) in data["period_phrases_en"].items():
        add(phrase, ("period", unit, direction, *flags))
    positions: dict[str, str] = {}
    for position in ("early", "mid", "late"):
        for form in data["period_positions"][position]:
            positions[normalize_term(form)] = position
            for noun in data["period_positions"]["nouns"]:
                add(f"{form} {noun}", ("posperiod", _PERIOD_UNIT[normalize_term(noun)], position))
    for form in data["to_date"]["forms"]:
        add(form, ("to_date",))
    vague = data["vague_periods"]
    for noun in vague["nouns"]:
        add(noun, ("vague_noun",))
    for form, (unit, count) in data["duration_units"].items():
        add(form, ("duration", unit, int(count)))

    lexicon: Lexicon[tuple[Any, ...]] = Lexicon((form, tuple(p)) for form, p in roles.items())

    vague_dirs = {normalize_term(f): "past" for f in vague["past"]}
    vague_dirs.update({normalize_term(f): "future" for f in vague["future"]})
    all_dirs = {**directions, **vague_dirs}
    all_dirs = {k: v for k, v in all_dirs.items() if k not in demonstratives}
    heads = {normalize_term(f): "ago" for f in data["duration_heads"]["ago"]}
    heads.update({normalize_term(f): "span" for f in data["duration_heads"]["span"]})
    head_alt = alternation(list(heads))
    return TimeVocabulary(
        lexicon=lexicon,
        ambiguous=frozenset(normalize_term(f) for f in data["ambiguous"]["forms"]),
        not_today_after=frozenset(normalize_term(f) for f in data["not_today"]["after"]),
        not_today_before=tuple(normalize_term(f) for f in data["not_today"]["before"]),
        direction_after=re.compile(
            r"\s*,?\s*(?:ال)?(?:[0-9]+\s+)?(?P<dir>" + alternation(list(all_dirs)) + r")(?!\w)"
        ),
        duration_heads=heads,
        head_before=re.compile(
            r"(?<!\w)[وف]?(?P<head>" + head_alt + r")\s+(?:(?:ال)?(?P<num>[0-9]+)\s*|(?P<words>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s+)?$"
        ),
        directions=all_dirs,
        future_cue=_future_pattern(data["future_cues"]),
        position_before=re.compile(
            r"(?:(?<!\w)(?P<since>" + alternation(data["period_positions"]["since"]) + r")\s+)?"
            r"(?<!\w)[وفبل]?(?P<pos>" + alternation(list(positions)) + r")(?:\s+|-)"
            r"(?:(?:شهر|عام|سنه|of)\s+)?$"
        ),
        positions=positions,
        ordinal_day_before=_ordinal_day_pattern(data["ordinal_days"]),
    )


share_document_pass(lambda: time_vocabulary().lexicon)


def ordinal_days(table: dict[str, Any]) -> dict[str, int]:
    """Normalised ordinal phrase -> day of the month (1–31), composed from the data's parts."""
    units = [normalize_term(u) for u in table["units"]]
    one = normalize_term(table["one_of_compound"])
    teen = normalize_term(table["teen"])
    tens = [normalize_term(t) for t in table["tens"]]
    days = {u: i for i, u in enumerate(units, 1)}
    days[normalize_term(table["ten"])] = 10
    for i, u in enumerate([one, *units[1:]], 1):
        days[f"{u} {teen}"] = 10 + i
    for t, base in zip(tens, (20, 30), strict=True):
        days[t] = base
        for i, u in enumerate([one, *units[1:]], 1):
            if base + i <= 31:
                days[f"{u} و{t}"] = base + i
    return days


def _ordinal_day_pattern(table: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, int]]:
    """The ordinal day ending just before a month name, with the period noun that may stand
    before it («الأسبوع الثالث من»: then it is no day)."""
    days = ordinal_days(table)
    blocked = alternation([normalize_term(w) for w in table["not_after"]])
    pattern = re.compile(
        r"(?:(?<!\w)(?P<blocked>" + blocked + r")\s+)?(?<!\w)(?P<ord>"
        + alternation(list(days)) + r")\s+من\s+(?:شهر\s+)?$"
    )
    return pattern, days


_PERIOD_UNIT = {"العام": "year", "السنه": "year", "الشهر": "month"}


def _future_pattern(cues: dict[str, list[str]]) -> re.Pattern[str]:
    """Future-tense cue words, or a verb with the future prefix سـ (سيعقد، ستبدأ، سنواصل)."""
    not_verbs = alternation(cues["future_prefix_not"])
    return re.compile(
        r"(?<!\w)[وف]?(?:" + alternation(cues["forms"]) + r")(?!\w)"
        + r"|(?<!\w)[وف]?(?!" + not_verbs + r")س[يتن][^\W\d_]{2,}"
    )
