"""What the surrounding text adds to a time expression: the year and month it calls
current, a position word («مطلع», «منتصف», «أواخر») narrowing a year or a month, a sentence
about the future for a bare weekday, and the antecedent of «الشهر نفسه»."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from operator import attrgetter

from marsad.document import Document, TimeExpression
from marsad.recognize.times.calendars import iso_week, month_bounds, safe_date, set_day
from marsad.recognize.times.pieces import Piece
from marsad.recognize.times.vocabulary import TimeVocabulary, time_vocabulary
from marsad.text.normalize import NormalizedText


def learn_current(group: list[Piece], current: list[int | None]) -> None:
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


def apply_position(
    text: str, nstart: int, piece: Piece, ex: TimeExpression, published: date | None,
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
            first, last = date(year, first_month, 1), month_bounds(year, last_month)[1]
        else:
            month = int(value[5:7])
            end = month_bounds(year, month)[1]
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


def future_sentence(doc: Document, norm: NormalizedText, piece: Piece) -> bool:
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


def resolve_same(piece: Piece, antecedent: TimeExpression | None) -> TimeExpression | None:
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
                first, last = month_bounds(int(value[:4]), int(value[5:7]))
                ex.earliest, ex.latest = first.isoformat(), last.isoformat()
            return ex
        if not known_year:
            ex.value = f"{value[:7]}-{piece.day:02d}"
            return ex
        day = safe_date(int(value[:4]), int(value[5:7]), piece.day)
        if day is None:
            return None
        set_day(ex, day)
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
        set_day(ex, day)
    else:
        ex.value, first, last = iso_week(day)
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    return ex
