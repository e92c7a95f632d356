"""Time expressions: find them, then resolve them against the publication date.

Contract (``shared/contract.md``, "Time values"): ``value`` is as precise as the text allows
and no more — ``2022-01-20``, ``2022-01``, ``2022``, ``2024-W35``, ``XXXX-11-27`` when the
year is unknown, ``null`` (+ ``weekday``) for a weekday that cannot be anchored. Relative
expressions (أمس، الأسبوع الفائت، 27 تشرين الثاني الماضي) are resolved against
``doc.published``; without it only what the text fixes is resolved.

How it works (one pass each, no per-token regexes):

1. One lexicon scan (``kb/data/time_vocabulary.toml``) finds month names of the three Arabic
   month systems, English and Hijri months, weekdays, relative days (أمس، أول أمس، اليوم),
   parts of the day, period phrases («الأسبوع الماضي»), vague periods («الأيام القادمة»)
   and duration units (يومين، سنوات); one compiled regex finds numeric dates (20/1/2022,
   2022/01/20, 2024.01.16) and years after a cue word (عام 2022، سنة 1958، in 2019).
2. Each hit is parsed locally: a day number before a month («27 تشرين الثاني», «20 من
   كانون الثاني»), a year and a direction word after it, a count and a head word before a
   duration unit («منذ 10 سنوات»).
3. Adjacent day-level pieces merge into one expression: «مساء أمس الأحد», «يوم الخميس
   20/1/2022», «اليوم السبت 31 كانون الثاني 2026».
4. The expression is resolved: see ``_resolve_group`` and the decisions below.

Decisions (documented because the text does not settle them):
* A day or month with no year and no direction word, with a publication date: the
  occurrence on or before ``published`` (or up to 30 days after it, for announcements), with
  ``"year_inferred": true``. Without ``published`` the year stays ``XXXX``.
* A bare weekday («يوم الخميس») with ``published``: the most recent such day on or before it;
  «الخميس الماضي» strictly before; «الخميس المقبل» strictly after, and so is a bare weekday
  in a sentence about the future (سوف، من المقرر، a verb with the future prefix سـ: «ستعقد
  يوم الأحد»), marked ``"tense": "future"``. Without ``published`` a weekday is ``null`` with
  ``weekday`` and ``relative: true``.
* «الشهر نفسه», «اليوم ذاته», «نفس العام», «الـ15 من الشهر نفسه»: the period of the last
  expression resolved before it (``"anaphoric": true``); with no such antecedent, nothing.
* «منذ/قبل N وحدة» (N units ago): the point N units before ``published`` at the precision of
  the unit (days -> date, weeks -> ISO week, months -> month, years -> year), plus
  ``"duration": "P10Y"``. «خلال/بعد N وحدة» has no anchor: value null, only the duration.
* Vague periods («خلال الأيام القادمة», «الأشهر الماضية»): value null, ``"vague":
  "future"|"past"``, and the side of ``published`` in ``earliest``/``latest``.
* Night («ليلة»، «منتصف ليلة أمس»): the interval runs to the next day, since midnight
  belongs to either.
* Hijri dates: value null with ``"calendar": "hijri"`` and ``"hijri"`` as written; when the
  year is given, ``earliest``/``latest`` come from the arithmetic (tabular) Islamic calendar
  widened by 2 days, since the official calendars (Umm al-Qura, sighting) differ from it by
  1-2 days.

dateparser was measured on located candidates: it reads «٢٠ يونيو ٢٠٢٢», «أمس» and «قبل
يومين», but not «27 تشرين الثاني الماضي», «الأسبوع الفائت» or «كانون الثاني 2022» (Levantine
months need a locale), fills a bare month with today's day, and costs 0.4-1 ms a call (100 ms
for the first); nothing here needed it, so it is not used.
"""

from __future__ import annotations

import calendar
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from operator import attrgetter
from typing import Any

from marsad.compiled import compiled
from marsad.document import Document, TimeExpression
from marsad.recognize.numerals import load_toml, vague_duration_counts, words_value
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import NormalizedText, normalize_term
from marsad.text.segment import ensure_tokenized

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# ---------------------------------------------------------------------------------------------
# Vocabulary


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


def _alternation(forms: list[str]) -> str:
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
    head_alt = _alternation(list(heads))
    return TimeVocabulary(
        lexicon=lexicon,
        ambiguous=frozenset(normalize_term(f) for f in data["ambiguous"]["forms"]),
        not_today_after=frozenset(normalize_term(f) for f in data["not_today"]["after"]),
        not_today_before=tuple(normalize_term(f) for f in data["not_today"]["before"]),
        direction_after=re.compile(
            r"\s*,?\s*(?:ال)?(?:[0-9]+\s+)?(?P<dir>" + _alternation(list(all_dirs)) + r")(?!\w)"
        ),
        duration_heads=heads,
        head_before=re.compile(
            r"(?<!\w)[وف]?(?P<head>" + head_alt + r")\s+(?:(?:ال)?(?P<num>[0-9]+)\s*|(?P<words>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s+)?$"
        ),
        directions=all_dirs,
        future_cue=_future_pattern(data["future_cues"]),
        position_before=re.compile(
            r"(?:(?<!\w)(?P<since>" + _alternation(data["period_positions"]["since"]) + r")\s+)?"
            r"(?<!\w)[وفبل]?(?P<pos>" + _alternation(list(positions)) + r")(?:\s+|-)"
            r"(?:(?:شهر|عام|سنه|of)\s+)?$"
        ),
        positions=positions,
        ordinal_day_before=_ordinal_day_pattern(data["ordinal_days"]),
    )


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
    blocked = _alternation([normalize_term(w) for w in table["not_after"]])
    pattern = re.compile(
        r"(?:(?<!\w)(?P<blocked>" + blocked + r")\s+)?(?<!\w)(?P<ord>"
        + _alternation(list(days)) + r")\s+من\s+(?:شهر\s+)?$"
    )
    return pattern, days


share_document_pass(lambda: time_vocabulary().lexicon)


_PERIOD_UNIT = {"العام": "year", "السنه": "year", "الشهر": "month"}


def _future_pattern(cues: dict[str, list[str]]) -> re.Pattern[str]:
    """Future-tense cue words, or a verb with the future prefix سـ (سيعقد، ستبدأ، سنواصل)."""
    not_verbs = _alternation(cues["future_prefix_not"])
    return re.compile(
        r"(?<!\w)[وف]?(?:" + _alternation(cues["forms"]) + r")(?!\w)"
        + r"|(?<!\w)[وف]?(?!" + not_verbs + r")س[يتن][^\W\d_]{2,}"
    )


_DAY_BEFORE = re.compile(
    r"(?<![\w.,/])(?:ال)?(?P<day>[0-9]{1,2})(?:\s*(?:من\s+)?(?:شهر\s+)?|\s*[/-]\s*)$"
)
_MONTH_WORD_BEFORE = re.compile(r"(?<!\w)[وفبل]?شهر\s+$")
_YEAR_AFTER = re.compile(
    r"\s*[,/]?\s*(?:من\s+)?(?:(?:عام|سنه|العام|السنه)\s+)?(?P<year>(?:1[3-9]|20)[0-9]{2})(?P<era>\s*(?:م|ه|هجري|هجريه|ميلادي|ميلاديه)(?!\w))?(?![0-9])"
)
_EN_DAY_AFTER = re.compile(r"\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])")
_PAIR_SEP = re.compile(r"\s*[/(-]?\s*$")
_GROUP_GAP = re.compile(r"[\s,|-]*(?:(?:يوم|الموافق|في|on)[\s,]*)?")
_YEAR_ONLY_AFTER = re.compile(r"\s+(?P<year>(?:19|20)[0-9]{2})(?![0-9])")
_YAWM_BEFORE = re.compile(r"(?<!\w)(?:[وفبل]|في\s+)?يوم\s+$")


# ---------------------------------------------------------------------------------------------
# Pieces found in the text


@dataclass(slots=True)
class _Piece:
    kind: str  # date | relday | weekday | part | period | vague | duration
    start: int  # normalised offsets
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: str = "gregorian"
    direction: str | None = None
    offset: int = 0
    weekday: int | None = None
    part: str | None = None
    unit: str | None = None
    count: int | None = None
    head: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_RANK = {"date": 0, "relday": 0, "weekday": 0, "part": 0, "period": 1, "same": 1, "vague": 1,
         "to_date": 1, "duration": 2}


def recognize_times(doc: Document) -> Document:
    """Add ``doc.times``: every time expression, resolved as far as the text allows."""
    norm = ensure_tokenized(doc)
    published = _parse_published(doc.published)
    pieces = _find_pieces(norm)
    groups = _group(norm.text, pieces)
    expressions: list[tuple[int, int, int, TimeExpression]] = []
    antecedent: TimeExpression | None = None  # the last expression resolved to a calendar value
    # the current year and month as the text itself names them («أيلول الجاري», «العام
    # الجاري 2025»): the anchor of «الشهر الجاري» when there is no publication date
    current: list[int | None] = [None, None]
    vocab = time_vocabulary()
    for group in groups:
        nstart = group[0].start
        nend = group[-1].end
        if group[0].kind in ("weekday", "date"):
            m = _YAWM_BEFORE.search(norm.text, max(0, nstart - 10), nstart)
            if m:  # «يوم الخميس»: the word «يوم» belongs to the expression
                nstart = m.start() + m.group().find("يوم")
        if (
            len(group) == 1
            and group[0].kind == "weekday"
            and group[0].direction is None
            and _future_sentence(doc, norm, group[0])
        ):
            group[0].direction = "future"
            group[0].extra["tense"] = "future"
        if group[0].kind == "same":
            expression = _resolve_same(group[0], antecedent)
        else:
            expression = _resolve_group(group, published, current)
        if expression is None:
            continue
        _learn_current(group, current)
        if expression.value is not None or group[0].kind == "period":
            nstart = _apply_position(norm.text, nstart, group[0], expression, published, vocab)
        if group[0].extra.get("tense"):
            expression.extra["tense"] = group[0].extra["tense"]
        if expression.value and expression.value[0] in "0123456789X":
            antecedent = expression
        s, e = norm.to_source(nstart, nend)
        expression.start, expression.end, expression.text = s, e, doc.text[s:e]
        expressions.append((min(_RANK[p.kind] for p in group), s, e, expression))
    # overlapping expressions: dates before periods before durations, then the longer
    expressions.sort(key=lambda x: (x[0], -(x[2] - x[1]), x[1]))
    kept = _without_overlaps(expressions, len(doc.text))
    kept.sort(key=lambda t: t.start)
    doc.times = kept
    return doc


def _without_overlaps(ranked: list[tuple[int, int, int, TimeExpression]], size: int) -> list[TimeExpression]:
    """The expressions, in rank order, that overlap none kept before them. Kept characters
    are marked in an occupancy map, so a test costs the expression's width, not the number
    kept so far (a text of nothing but «أمس» has thousands)."""
    occupied = bytearray(size + 1)
    taken: list[tuple[int, int]] = []
    empty: list[tuple[int, int]] = []  # kept spans of no width: tested one by one (never seen)
    kept: list[TimeExpression] = []
    for _rank, s, e, expression in ranked:
        if e > s:
            if occupied.find(1, s, e) != -1 or any(s < te and ts < e for ts, te in empty):
                continue
            occupied[s:e] = b"\x01" * (e - s)
        else:
            if any(s < te and ts < e for ts, te in taken):
                continue
            empty.append((s, e))
        taken.append((s, e))
        kept.append(expression)
    return kept


def _learn_current(group: list[_Piece], current: list[int | None]) -> None:
    """Remember the year / month a text calls current («أيلول الجاري», «العام الحالي 2025»)."""
    for piece in group:
        if piece.direction != "current":
            continue
        if piece.kind == "date" and piece.month is not None and piece.calendar == "gregorian":
            current[1] = piece.month
            if piece.year is not None:
                current[0] = piece.year
        elif piece.kind == "period" and piece.unit == "year" and piece.year is not None:
            current[0] = piece.year


_SINCE_BEFORE = re.compile(r"(?<!\w)و?(?:منذ|since)\s+$")
_THIRDS = {"early": (1, 4, 1, 10), "mid": (5, 8, 11, 20), "late": (9, 12, 21, 31)}


def _apply_position(
    text: str, nstart: int, piece: _Piece, ex: TimeExpression, published: date | None,
    vocab: TimeVocabulary,
) -> int:
    """«مطلع العام الجاري», «منتصف نيسان», «أواخر 2021», «منذ بداية العام»: the position word
    narrows ``earliest``/``latest`` of a year or a month (the value keeps what the text
    gives), and «منذ» before it makes a stretch up to ``published``. Returns the new start."""
    position = piece.extra.get("position")
    since = False
    m = vocab.position_before.search(text, max(0, nstart - 30), nstart)
    if m:
        position = vocab.positions[m.group("pos")]
        since = m.group("since") is not None
        nstart = m.start("pos")
    elif position is not None:  # «منذ بداية العام»: the position word is inside the hit
        since = _SINCE_BEFORE.search(text, max(0, nstart - 10), nstart) is not None
    if position is None:
        return nstart
    value = ex.value or ""
    if not (len(value) == 4 or len(value) == 7) or "-W" in value:
        return nstart  # a week or a day: a position word does not narrow it
    ex.extra["position"] = position
    first_month, last_month, first_day, last_day = _THIRDS[position]
    if not value.startswith("X"):
        year = int(value[:4])
        if len(value) == 4:
            first, last = date(year, first_month, 1), _month_bounds(year, last_month)[1]
        else:
            month = int(value[5:7])
            end = _month_bounds(year, month)[1]
            first = date(year, month, first_day)
            last = end if position == "late" else date(year, month, last_day)
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
        if since and published is not None and published >= first:
            ex.extra["since"] = True
            ex.latest = published.isoformat()
    return nstart


_FUTURE_SENTENCES = "times.future_sentences"  # doc.cache: (norm, {(start, end): future cue in it})
_SENTENCE_STARTS = "times.sentence_starts"  # doc.cache key
_START = attrgetter("start")


def _sentence_starts(doc: Document) -> list[int]:
    """The starts of ``doc.sentences``, built once per document (asked for every time piece)."""
    cached = doc.cache.get(_SENTENCE_STARTS)
    if cached is None or cached[0] is not doc.sentences:
        cached = doc.cache[_SENTENCE_STARTS] = (doc.sentences, list(map(_START, doc.sentences)))
    return cached[1]


def _future_sentence(doc: Document, norm: NormalizedText, piece: _Piece) -> bool:
    """Does the sentence holding ``piece`` speak of the future (سوف، من المقرر، سيعقد)?"""
    text = norm.text
    if doc.sentences:
        src = norm.to_source(piece.start, piece.end)[0]
        starts = _sentence_starts(doc)
        sentence = doc.sentences[max(0, bisect_right(starts, src) - 1)]
        lo, hi = norm.to_norm(sentence.start), norm.to_norm_end(sentence.end)
    else:
        lo, hi = max(0, piece.start - 150), min(len(text), piece.end + 150)
    # once per sentence, not per weekday named in it (a long list of days reads it again)
    cached = doc.cache.get(_FUTURE_SENTENCES)
    if cached is None or cached[0] is not norm:
        cached = doc.cache[_FUTURE_SENTENCES] = (norm, {})
    known: dict[tuple[int, int], bool] = cached[1]
    found = known.get((lo, hi))
    if found is None:
        found = known[(lo, hi)] = time_vocabulary().future_cue.search(text, lo, hi) is not None
    return found


def _resolve_same(piece: _Piece, antecedent: TimeExpression | None) -> TimeExpression | None:
    """«الشهر نفسه», «اليوم ذاته», «الـ15 من الشهر نفسه»: the day, week, month or year of the
    last expression resolved before it, at the precision that expression has. No antecedent,
    or one less precise than the unit asked for: not a time."""
    if antecedent is None or antecedent.value is None:
        return None
    value = antecedent.value
    ex = TimeExpression(0, 0, "", None, relative=True)
    ex.extra["anaphoric"] = True
    unit = piece.unit
    if "-W" in value:
        if unit != "week":
            return None
        ex.value, ex.earliest, ex.latest = value, antecedent.earliest, antecedent.latest
        return ex
    known_year = not value.startswith("X")
    if unit == "year":
        if not known_year:
            return None
        ex.value = value[:4]
        ex.earliest, ex.latest = f"{value[:4]}-01-01", f"{value[:4]}-12-31"
        return ex
    if len(value) < 7:
        return None  # the antecedent gives a year only
    if unit == "month":
        if piece.day is None:
            ex.value = value[:7]
            if known_year:
                first, last = _month_bounds(int(value[:4]), int(value[5:7]))
                ex.earliest, ex.latest = first.isoformat(), last.isoformat()
            return ex
        if not known_year:
            ex.value = f"{value[:7]}-{piece.day:02d}"
            return ex
        day = _safe_date(int(value[:4]), int(value[5:7]), piece.day)
        if day is None:
            return None
        _set_day(ex, day)
        return ex
    if len(value) < 10:
        return None  # «اليوم نفسه», «الأسبوع نفسه» after a month: no day to take
    if not known_year:
        if unit == "day":
            ex.value = value
            return ex
        return None
    day = date.fromisoformat(value)
    if unit == "day":
        _set_day(ex, day)
    else:
        ex.value, first, last = _iso_week(day)
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    return ex


def _parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _find_pieces(norm: NormalizedText) -> list[_Piece]:
    vocab = time_vocabulary()
    dirs = vocab.directions
    text = norm.text
    hits = vocab.lexicon.scan(norm)
    pieces: list[_Piece] = []
    month_hits = [h for h in hits if any(p[0] == "month" for p in h.payload)]
    paired_ends: dict[int, int] = {}  # left month start -> end of the name paired with it
    skip_starts: set[int] = set()  # the right-hand names, read as part of the left one
    # «آب/أغسطس», «أيلول (سبتمبر)»: two names of one month side by side read as one
    for left, right in pairwise(month_hits):
        lp = next(p for p in left.payload if p[0] == "month")
        rp = next(p for p in right.payload if p[0] == "month")
        gap = text[left.nend : right.nstart - len(right.prefix)]
        if lp[1] == rp[1] and lp[2] == rp[2] and len(gap) <= 3 and _PAIR_SEP.match(gap):
            paired_ends[left.nstart] = right.nend
            skip_starts.add(right.nstart)
    for hit in hits:
        if hit.nstart in skip_starts:
            continue
        payload = hit.payload[0]
        kind = payload[0]
        wstart = hit.nstart - len(hit.prefix)  # where the written word begins (with clitics)
        if kind == "month":
            piece = _month_piece(norm, hit.nstart, paired_ends.get(hit.nstart, hit.nend),
                                 wstart, payload, hit.form in vocab.ambiguous,
                                 hit.nstart in paired_ends, vocab)
            if piece is not None:
                pieces.append(piece)
        elif kind == "weekday":
            piece = _Piece("weekday", hit.nstart, hit.nend, weekday=payload[1],
                           direction=payload[2])
            m = vocab.direction_after.match(text, hit.nend)
            if m and piece.direction is None and dirs[m.group("dir")] in ("past", "future", "current"):
                piece.direction = dirs[m.group("dir")]
                piece.end = m.end()
            pieces.append(piece)
        elif kind == "relday":
            if hit.form == "اليوم" and not _is_today(text, hit.nstart - len(hit.prefix),
                                                      hit.nend, vocab):
                continue
            pieces.append(_Piece("relday", hit.nstart, hit.nend, offset=payload[1]))
        elif kind == "part":
            pieces.append(_Piece("part", hit.nstart, hit.nend, part=payload[1]))
        elif kind in ("period", "posperiod"):
            if kind == "posperiod":  # «بداية العام», «منتصف الشهر الماضي»
                m = vocab.direction_after.match(text, hit.nend)
                direction = dirs[m.group("dir")] if m else "current"
                if direction not in ("past", "future", "current"):
                    continue
                piece = _Piece("period", hit.nstart, m.end() if m else hit.nend,
                               unit=payload[1], direction=direction)
                piece.extra["position"] = payload[2]
            else:
                piece = _Piece("period", hit.nstart, hit.nend, unit=payload[1],
                               direction=payload[2])
                if "to_date" in payload[3:]:  # "earlier this month"
                    piece.extra["to_date"] = True
            m = _YEAR_ONLY_AFTER.match(text, piece.end)
            if m and payload[1] == "year":
                piece.year = int(m.group("year"))
                piece.end = m.end()
            if payload[1] == "month" and kind == "period":  # «في 17 من الشهر الجاري»
                _take_day_before(piece, text, wstart)
            pieces.append(piece)
        elif kind == "to_date":
            pieces.append(_Piece("to_date", hit.nstart, hit.nend))
        elif kind == "same":
            piece = _Piece("same", hit.nstart, hit.nend, unit=payload[1])
            if payload[1] == "month":  # «الـ15 من الشهر نفسه»
                _take_day_before(piece, text, wstart)
            pieces.append(piece)
        elif kind == "vague_noun":
            m = vocab.direction_after.match(text, hit.nend)
            if m and dirs[m.group("dir")] in ("past", "future"):
                pieces.append(_Piece("vague", hit.nstart, m.end(), direction=dirs[m.group("dir")]))
        elif kind == "duration":
            piece = _duration_piece(text, wstart, hit.nend, payload, vocab)
            if piece is not None:
                pieces.append(piece)
    pieces.extend(_numeric_pieces(text))
    pieces.sort(key=lambda p: (p.start, -(p.end - p.start)))
    # a piece inside a longer one (a day number that is part of a date) goes
    out: list[_Piece] = []
    for piece in pieces:
        if out and piece.start < out[-1].end:
            if (_RANK[piece.kind], -(piece.end - piece.start)) < (_RANK[out[-1].kind], -(out[-1].end - out[-1].start)):
                out[-1] = piece
            continue
        out.append(piece)
    return out


def _take_day_before(piece: _Piece, text: str, wstart: int) -> bool:
    """A day of the month written just before ``wstart`` («17 من», «الـ15», «الثالث من»,
    «الحادي والثلاثين من») joins the piece."""
    m = _DAY_BEFORE.search(text, max(0, wstart - 14), wstart)
    if m and 1 <= int(m.group("day")) <= 31:
        piece.day = int(m.group("day"))
        piece.start = m.start()
        return True
    pattern, days = time_vocabulary().ordinal_day_before
    # an ordinal ends in a letter and «من» follows it: nothing else can be one
    if not text.endswith(" ", max(0, wstart - 1), wstart) or "من" not in text[max(0, wstart - 10) : wstart]:
        return False
    m = pattern.search(text, max(0, wstart - 40), wstart)
    if m is None or m.group("blocked"):
        return False
    piece.day = days[m.group("ord")]
    piece.start = m.start("ord")
    return True


def _is_today(text: str, wstart: int, end: int, vocab: TimeVocabulary) -> bool:
    """«اليوم» means today, unless it is «اليوم التالي», «ذلك اليوم», «يوم» ... ."""
    after = text[end : end + 12].split()
    if after and after[0].strip(",.") in vocab.not_today_after:
        return False
    before = text[max(0, wstart - 10) : wstart].rstrip()
    return not any(before.endswith(b) and (len(before) == len(b) or not before[-len(b) - 1].isalnum())
                   for b in vocab.not_today_before)


def _month_piece(
    norm: NormalizedText,
    nstart: int,
    nend: int,
    wstart: int,
    payload: tuple[Any, ...],
    ambiguous: bool,
    paired: bool,
    vocab: TimeVocabulary,
) -> _Piece | None:
    text = norm.text
    _kind, month, cal, english = payload
    piece = _Piece("date", nstart, nend, month=month, calendar=cal)
    day_before = _take_day_before(piece, text, wstart)  # always: a paired month takes its day too
    context = paired or day_before
    if _MONTH_WORD_BEFORE.search(text, max(0, wstart - 8), wstart):
        context = True
    nend_dot = nend  # an abbreviation with its full stop: «Jan. 20», «20 Jan. 2022»
    if english and text.startswith(".", nend) and nend - nstart <= 4:
        nend_dot = nend + 1
    if english and piece.day is None:
        m = _EN_DAY_AFTER.match(text, nend_dot)
        if m and 1 <= int(m.group("day")) <= 31:
            follow = text[m.end() : m.end() + 1]
            if not follow.isalnum():
                piece.day = int(m.group("day"))
                piece.end = nend = m.end()
                context = True
    m = _YEAR_AFTER.match(text, nend_dot if nend_dot > nend and piece.end == nend else nend)
    if m:
        piece.year = int(m.group("year"))
        piece.end = m.end()
        era = (m.group("era") or "").strip()
        if era.startswith("ه") and cal == "gregorian":
            return None  # a Gregorian month name with a Hijri year: not something we read
        context = True
    else:
        m = vocab.direction_after.match(text, nend)
        if m:
            d = vocab.directions[m.group("dir")]
            if d in ("past", "future", "current"):
                piece.direction = d
                piece.end = m.end()
                context = True
    if ambiguous and not context and vocab.position_before.search(text, max(0, wstart - 30), wstart):
        context = True  # «early March», «منتصف آب»
    if ambiguous and not context:
        # «آب» written with madda cannot be «أب» (father)
        s, _e = norm.to_source(nstart, nstart + 1)
        if not (norm.source[s] == "آ" and month == 8 and cal == "gregorian"):
            return None
    if cal == "hijri" and piece.year is not None and piece.year > 1500:
        return None  # «رمضان 2022»: a name or a Gregorian year; not a Hijri date
    if cal == "gregorian" and piece.year is not None and piece.year < 1800:
        return None
    if piece.day is not None and piece.year is not None and cal == "gregorian":
        try:
            date(piece.year, month, piece.day)
        except ValueError:
            return None
    return piece


def _duration_piece(
    text: str, wstart: int, nend: int, payload: tuple[Any, ...], vocab: TimeVocabulary
) -> _Piece | None:
    _kind, unit, count = payload
    m = vocab.head_before.search(text, max(0, wstart - 40), wstart)
    if not m:
        return None
    number: int | None = None
    if m.group("num"):
        number = int(m.group("num"))
    elif m.group("words"):
        number = words_value(m.group("words"))
        if number is None and m.group("words") not in vague_duration_counts():
            return None  # other words between the head and the unit: not a duration
        if number is None:
            count = -1  # «قبل عدة شهور»: some months ago
    if number is None:
        number = None if count < 0 else max(count, 1)
    head = vocab.duration_heads[m.group("head")]
    return _Piece("duration", m.start("head"), nend, unit=unit, count=number, head=head)


@compiled
def _numeric_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Numeric dates, 4-digit years, and the cue that must stand before a year.

    Both scanning patterns start with a digit, so that the regex engine skips to the digits
    of the text; a pattern that starts with a look-behind or an alternation of cue words is
    tried at every position (it cost more than the rest of the stage). So is one that starts
    with a repeat: hence [0-9][0-9]{0,3}, not [0-9]{1,4}."""
    cues = load_toml("time_vocabulary.toml")["year_cues"]
    dates = re.compile(
        r"(?P<a>[0-9][0-9]{0,3})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{2,4})"
        r"(?![\w/-]|[.,][0-9])"
    )
    years = re.compile(r"(?P<year>(?:1[89]|20)[0-9]{2})(?P<suffix>م)?(?![\w/]|[.,-][0-9])")
    cue = re.compile(
        r"(?<!\w)(?:(?P<cue>" + _alternation(cues["in_span"]) + r")|"
        + _alternation(cues["context"]) + r")(?:\s+|(?<=mid)-)$"
    )
    return dates, years, cue


_NOT_BEFORE_DATE = frozenset("_.,/-")


def _numeric_pieces(text: str) -> list[_Piece]:
    """Numeric dates (20/1/2022, 2022-01-20) and years after a cue word (عام 2022, in 2019)."""
    dates, years, cue = _numeric_patterns()
    pieces: list[_Piece] = []
    for m in dates.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_DATE):
            continue  # inside a longer number or code: «12/1/2022» in «x12/1/2022»
        piece = _numeric_piece(m)
        if piece is not None:
            pieces.append(piece)
    for m in years.finditer(text):
        start = m.start()
        c = cue.search(text, max(0, start - 30), start)
        if c is None:
            continue
        cue_start = c.start("cue") if c.group("cue") else start
        pieces.append(_Piece("date", cue_start, m.end(), year=int(m.group("year"))))
    return pieces


def _numeric_piece(m: re.Match[str]) -> _Piece | None:
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
        if len(c) > 2:
            return None
    elif len(c) in (2, 4) and len(a) <= 2:
        day, month, year = int(a), int(b), int(c)
        if len(c) == 2:
            year += 2000
        if month > 12 and day <= 12:
            day, month = month, day
    else:
        return None
    if not 1900 <= year <= 2099:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return _Piece("date", m.start(), m.end(), year=year, month=month, day=day)


_GROUPABLE = frozenset({"date", "relday", "weekday", "part"})


def _group(text: str, pieces: list[_Piece]) -> list[list[_Piece]]:
    """Merge adjacent day-level pieces («مساء أمس الأحد») into one expression."""
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups and piece.kind in _GROUPABLE:
            last = groups[-1]
            kinds = {p.kind for p in last}
            gap = text[last[-1].end : piece.start]
            if (
                last[-1].kind in _GROUPABLE
                and piece.kind not in kinds
                and len(gap) <= 12
                and _GROUP_GAP.fullmatch(gap)
                and not (piece.kind == "part" and "part" in kinds)
            ):
                last.append(piece)
                continue
        groups.append([piece])
    return groups


# ---------------------------------------------------------------------------------------------
# Resolution


def _iso_week(day: date) -> tuple[str, date, date]:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The arithmetic (tabular, civil epoch) Islamic calendar; official dates differ by 1-2 days."""
    jdn = (
        day
        + math.ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + 1948440
        - 1
    )
    return date.fromordinal(jdn - 1721425)


def _resolve_group(
    group: list[_Piece], published: date | None, current: list[int | None] | None = None
) -> TimeExpression | None:
    by_kind = {p.kind: p for p in group}
    expression = TimeExpression(0, 0, "", None)
    part = by_kind.get("part")
    if part is not None:
        expression.extra["part_of_day"] = part.part
    weekday = by_kind.get("weekday")
    if weekday is not None:
        expression.weekday = WEEKDAYS[weekday.weekday or 0]
    if "date" in by_kind:
        resolved = _resolve_date(by_kind["date"], published, expression)
    elif "relday" in by_kind:
        resolved = _resolve_relday(by_kind["relday"], published, expression)
    elif weekday is not None:
        resolved = _resolve_weekday(weekday, published, expression)
    elif "period" in by_kind:
        resolved = _resolve_period(by_kind["period"], published, expression, current)
    elif "to_date" in by_kind:  # «حتى الآن»: a stretch ending at publication
        expression.relative = True
        expression.extra["to_date"] = True
        expression.latest = published.isoformat() if published else None
        resolved = True
    elif "vague" in by_kind:
        resolved = _resolve_vague(by_kind["vague"], published, expression)
    elif "duration" in by_kind:
        resolved = _resolve_duration(by_kind["duration"], published, expression)
    else:
        return None  # a part of the day alone («مساء») is not a date
    if not resolved:
        return None
    day = expression.value
    if weekday is not None and day and len(day) == 10 and day[0].isdigit():
        actual = date.fromisoformat(day)
        if actual.weekday() != weekday.weekday:
            expression.extra["weekday_mismatch"] = True
            if "relday" in by_kind and "date" not in by_kind:
                # «اليوم السبت» in a text published on Sunday: the article was written the day
                # before (publication dates are often the next day's edition, or the crawl's);
                # the named weekday is firmer than «today»/«yesterday», so take the most recent
                # day with that name on or before the day they point at («غداً السبت»: the
                # first one on or after it)
                target = weekday.weekday or 0
                if by_kind["relday"].offset > 0:
                    shift = (target - actual.weekday()) % 7
                else:
                    shift = -((actual.weekday() - target) % 7)
                _set_day(expression, actual + timedelta(days=shift))
    if part is not None and part.part in ("night", "midnight") and expression.latest:
        expression.latest = (date.fromisoformat(expression.latest) + timedelta(days=1)).isoformat()
    return expression


def _set_day(expression: TimeExpression, day: date) -> None:
    expression.value = day.isoformat()
    expression.earliest = expression.latest = day.isoformat()


def _resolve_date(piece: _Piece, published: date | None, ex: TimeExpression) -> bool:
    if piece.calendar == "hijri":
        ex.extra["calendar"] = "hijri"
        y = f"{piece.year:04d}" if piece.year else "XXXX"
        m = f"{piece.month:02d}"
        ex.extra["hijri"] = f"{y}-{m}-{piece.day:02d}" if piece.day else f"{y}-{m}"
        if piece.year and piece.month:
            if piece.day:
                first = last = hijri_to_gregorian(piece.year, piece.month, piece.day)
            else:
                first = hijri_to_gregorian(piece.year, piece.month, 1)
                last = hijri_to_gregorian(piece.year, piece.month, 29) + timedelta(days=1)
            ex.earliest = (first - timedelta(days=2)).isoformat()
            ex.latest = (last + timedelta(days=2)).isoformat()
        return True
    year, month, day = piece.year, piece.month, piece.day
    if month is None:
        if year is None:
            return False
        ex.value = f"{year:04d}"
        ex.earliest, ex.latest = f"{year:04d}-01-01", f"{year:04d}-12-31"
        return True
    if year is not None:
        if day is not None:
            d = _safe_date(year, month, day)
            if d is None:
                return False
            _set_day(ex, d)
        else:
            first, last = _month_bounds(year, month)
            ex.value = f"{year:04d}-{month:02d}"
            ex.earliest, ex.latest = first.isoformat(), last.isoformat()
        return True
    # no year in the text
    if published is None:
        ex.value = f"XXXX-{month:02d}-{day:02d}" if day else f"XXXX-{month:02d}"
        ex.relative = piece.direction is not None
        return True
    ex.relative = True
    direction = piece.direction
    if direction is None:
        ex.extra["year_inferred"] = True
    if day is not None:
        candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                      if (d := _safe_date(y, month, day)) is not None]
        if direction == "past":
            chosen = max((d for d in candidates if d < published), default=None)
        elif direction == "future":
            chosen = min((d for d in candidates if d > published), default=None)
        elif direction == "current":
            chosen = _safe_date(published.year, month, day)
        else:
            ahead = [d for d in candidates if published < d <= published + timedelta(days=30)]
            chosen = ahead[0] if ahead else max((d for d in candidates if d <= published),
                                                default=None)
        if chosen is None:
            return False
        _set_day(ex, chosen)
        return True
    pub_index = published.year * 12 + published.month - 1
    options = [(y, month) for y in (published.year - 1, published.year, published.year + 1)]
    if direction == "past":
        y, m = max(o for o in options if o[0] * 12 + o[1] - 1 < pub_index)
    elif direction == "future":
        y, m = min(o for o in options if o[0] * 12 + o[1] - 1 > pub_index)
    elif direction == "current":
        y, m = published.year, month
    else:
        ahead = [o for o in options if 0 < o[0] * 12 + o[1] - 1 - pub_index <= 1]
        y, m = ahead[0] if ahead else max(o for o in options if o[0] * 12 + o[1] - 1 <= pub_index)
    first, last = _month_bounds(y, m)
    ex.value = f"{y:04d}-{m:02d}"
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    return True


def _resolve_relday(piece: _Piece, published: date | None, ex: TimeExpression) -> bool:
    ex.relative = True
    if published is not None:
        _set_day(ex, published + timedelta(days=piece.offset))
    return True


def _resolve_weekday(piece: _Piece, published: date | None, ex: TimeExpression) -> bool:
    # a weekday always needs an anchor: relative, and with no publication date value null
    ex.relative = True
    if published is None:
        return True
    target = piece.weekday or 0
    back = (published.weekday() - target) % 7
    if piece.direction == "past":
        day = published - timedelta(days=back or 7)
    elif piece.direction == "future":
        day = published + timedelta(days=((target - published.weekday()) % 7) or 7)
    else:
        day = published - timedelta(days=back)
    _set_day(ex, day)
    return True


def _resolve_period(
    piece: _Piece, published: date | None, ex: TimeExpression,
    current: list[int | None] | None = None,
) -> bool:
    delta = {"past": -1, "future": 1, "current": 0}.get(piece.direction or "", 0)
    if piece.year is not None:
        ex.value = f"{piece.year:04d}"
        ex.earliest, ex.latest = f"{piece.year:04d}-01-01", f"{piece.year:04d}-12-31"
        return True
    ex.relative = True
    if piece.extra.get("to_date"):
        ex.extra["to_date"] = True
    if published is None:
        if current is not None and piece.unit in ("month", "year"):
            _resolve_from_current(piece, delta, current, ex)
        return True
    if piece.unit == "week":
        ex.value, first, last = _iso_week(published + timedelta(days=7 * delta))
    elif piece.unit == "month":
        y, m = _shift_month(published.year, published.month, delta)
        if piece.day is not None:
            day = _safe_date(y, m, piece.day)
            if day is None:
                return False
            _set_day(ex, day)
            return True
        ex.value = f"{y:04d}-{m:02d}"
        first, last = _month_bounds(y, m)
    else:
        y = published.year + delta
        ex.value = f"{y:04d}"
        first, last = date(y, 1, 1), date(y, 12, 31)
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    if piece.extra.get("to_date") and first <= published <= last:
        ex.latest = published.isoformat()
    return True


def _resolve_from_current(
    piece: _Piece, delta: int, current: list[int | None], ex: TimeExpression
) -> None:
    """No publication date, but the text named the current month or year earlier: «في أيلول
    الجاري ... في 17 من الشهر الجاري» is 17 September (year unknown: ``XXXX-09-17``)."""
    year, month = current
    if piece.unit == "year":
        if year is not None:
            ex.value = f"{year + delta:04d}"
            ex.earliest, ex.latest = f"{year + delta:04d}-01-01", f"{year + delta:04d}-12-31"
        return
    if month is None:
        return
    y, m = _shift_month(year or 2000, month, delta)
    if year is None:
        if piece.day is not None:
            if _safe_date(2000, m, piece.day) is not None:  # 2000: a leap year
                ex.value = f"XXXX-{m:02d}-{piece.day:02d}"
        else:
            ex.value = f"XXXX-{m:02d}"
        return
    if piece.day is not None:
        day = _safe_date(y, m, piece.day)
        if day is not None:
            _set_day(ex, day)
        return
    ex.value = f"{y:04d}-{m:02d}"
    first, last = _month_bounds(y, m)
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()


def _resolve_vague(piece: _Piece, published: date | None, ex: TimeExpression) -> bool:
    ex.relative = True
    ex.extra["vague"] = piece.direction
    if published is not None:
        if piece.direction == "past":
            ex.latest = published.isoformat()
        else:
            ex.earliest = published.isoformat()
    return True


_DURATION_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D"}


def _resolve_duration(piece: _Piece, published: date | None, ex: TimeExpression) -> bool:
    unit, count = piece.unit or "day", piece.count
    if count is not None:
        if unit in _DURATION_CODE:
            ex.extra["duration"] = f"P{count}{_DURATION_CODE[unit]}"
        else:
            ex.extra["duration"] = f"PT{count}{'H' if unit == 'hour' else 'M'}"
    if piece.head != "ago":
        # «خلال 6 أشهر», «بعد ستة أيام من القتال»: no anchor of its own, only a duration;
        # «بعد أيام», «خلال ساعات» say nothing a reader could use
        return count is not None
    ex.relative = True
    if count is None:
        ex.extra["vague"] = "past"
        if published is not None:
            ex.latest = published.isoformat()
        return True
    if published is None:
        return True
    if unit == "day":
        _set_day(ex, published - timedelta(days=count))
    elif unit == "week":
        ex.value, first, last = _iso_week(published - timedelta(days=7 * count))
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    elif unit == "month":
        y, m = _shift_month(published.year, published.month, -count)
        ex.value = f"{y:04d}-{m:02d}"
        first, last = _month_bounds(y, m)
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    elif unit == "year":
        y = published.year - count
        ex.value = f"{y:04d}"
        ex.earliest, ex.latest = f"{y:04d}-01-01", f"{y:04d}-12-31"
    else:  # hours, minutes: within the day or two before publication
        hours = count if unit == "hour" else count / 60
        ex.earliest = (published - timedelta(days=math.ceil(hours / 24) or 1)).isoformat()
        ex.latest = published.isoformat()
    return True
