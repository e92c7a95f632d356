"""Pieces of time expressions found in the text (one lexicon scan and one numeric regex),
each parsed locally — a day before a month, a year and a direction after it, a count and a
head before a duration unit — and adjacent day-level pieces grouped into one expression."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from marsad.compiled import compiled
from marsad.recognize.numerals import load_toml, vague_duration_counts, words_value
from marsad.recognize.times.vocabulary import TimeVocabulary, alternation, time_vocabulary
from marsad.text.normalize import NormalizedText

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


@dataclass(slots=True)
class Piece:
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


RANK = {"date": 0, "relday": 0, "weekday": 0, "part": 0, "period": 1, "same": 1, "vague": 1,
         "to_date": 1, "duration": 2}


def find_pieces(norm: NormalizedText) -> list[Piece]:
    vocab = time_vocabulary()
    dirs = vocab.directions
    text = norm.text
    hits = vocab.lexicon.scan(norm)
    pieces: list[Piece] = []
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
            piece = Piece("weekday", hit.nstart, hit.nend, weekday=payload[1],
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
            pieces.append(Piece("relday", hit.nstart, hit.nend, offset=payload[1]))
        elif kind == "part":
            pieces.append(Piece("part", hit.nstart, hit.nend, part=payload[1]))
        elif kind in ("period", "posperiod"):
            if kind == "posperiod":  # «بداية العام», «منتصف الشهر الماضي»
                m = vocab.direction_after.match(text, hit.nend)
                direction = dirs[m.group("dir")] if m else "current"
                if direction not in ("past", "future", "current"):
                    continue
                piece = Piece("period", hit.nstart, m.end() if m else hit.nend,
                               unit=payload[1], direction=direction)
                piece.extra["position"] = payload[2]
            else:
                piece = Piece("period", hit.nstart, hit.nend, unit=payload[1],
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
            pieces.append(Piece("to_date", hit.nstart, hit.nend))
        elif kind == "same":
            piece = Piece("same", hit.nstart, hit.nend, unit=payload[1])
            if payload[1] == "month":  # «الـ15 من الشهر نفسه»
                _take_day_before(piece, text, wstart)
            pieces.append(piece)
        elif kind == "vague_noun":
            m = vocab.direction_after.match(text, hit.nend)
            if m and dirs[m.group("dir")] in ("past", "future"):
                pieces.append(Piece("vague", hit.nstart, m.end(), direction=dirs[m.group("dir")]))
        elif kind == "duration":
            piece = _duration_piece(text, wstart, hit.nend, payload, vocab)
            if piece is not None:
                pieces.append(piece)
    pieces.extend(_numeric_pieces(text))
    pieces.sort(key=lambda p: (p.start, -(p.end - p.start)))
    # a piece inside a longer one (a day number that is part of a date) goes
    out: list[Piece] = []
    for piece in pieces:
        if out and piece.start < out[-1].end:
            if (RANK[piece.kind], -(piece.end - piece.start)) < (RANK[out[-1].kind], -(out[-1].end - out[-1].start)):
                out[-1] = piece
            continue
        out.append(piece)
    return out


def _take_day_before(piece: Piece, text: str, wstart: int) -> bool:
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
) -> Piece | None:
    text = norm.text
    _kind, month, cal, english = payload
    piece = Piece("date", nstart, nend, month=month, calendar=cal)
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
) -> Piece | None:
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
    return Piece("duration", m.start("head"), nend, unit=unit, count=number, head=head)


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
        r"(?<!\w)(?:(?P<cue>" + alternation(cues["in_span"]) + r")|"
        + alternation(cues["context"]) + r")(?:\s+|(?<=mid)-)$"
    )
    return dates, years, cue


_NOT_BEFORE_DATE = frozenset("_.,/-")


def _numeric_pieces(text: str) -> list[Piece]:
    """Numeric dates (20/1/2022, 2022-01-20) and years after a cue word (عام 2022, in 2019)."""
    dates, years, cue = _numeric_patterns()
    pieces: list[Piece] = []
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
        pieces.append(Piece("date", cue_start, m.end(), year=int(m.group("year"))))
    return pieces


def _numeric_piece(m: re.Match[str]) -> Piece | None:
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
    return Piece("date", m.start(), m.end(), year=year, month=month, day=day)


_GROUPABLE = frozenset({"date", "relday", "weekday", "part"})


def group_pieces(text: str, pieces: list[Piece]) -> list[list[Piece]]:
    """Merge adjacent day-level pieces («مساء أمس الأحد») into one expression."""
    groups: list[list[Piece]] = []
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
