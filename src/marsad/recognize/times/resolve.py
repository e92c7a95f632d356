"""Resolution of a group of pieces to a time value against the publication date (the
decisions are in the package docstring): dates, relative days, weekdays, periods, vague
periods and durations."""

from __future__ import annotations

import math
from datetime import date, timedelta

from marsad.document import TimeExpression
from marsad.recognize.times.calendars import (
    hijri_to_gregorian,
    iso_week,
    month_bounds,
    safe_date,
    set_day,
    shift_month,
)
from marsad.recognize.times.pieces import Piece
from marsad.recognize.times.vocabulary import WEEKDAYS


def resolve_group(
    group: list[Piece], published: date | None, current: list[int | None] | None = None
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
                set_day(expression, actual + timedelta(days=shift))
    if part is not None and part.part in ("night", "midnight") and expression.latest:
        expression.latest = (date.fromisoformat(expression.latest) + timedelta(days=1)).isoformat()
    return expression


def _resolve_date(piece: Piece, published: date | None, ex: TimeExpression) -> bool:
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
            d = safe_date(year, month, day)
            if d is None:
                return False
            set_day(ex, d)
        else:
            first, last = month_bounds(year, month)
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
                      if (d := safe_date(y, month, day)) is not None]
        if direction == "past":
            chosen = max((d for d in candidates if d < published), default=None)
        elif direction == "future":
            chosen = min((d for d in candidates if d > published), default=None)
        elif direction == "current":
            chosen = safe_date(published.year, month, day)
        else:
            ahead = [d for d in candidates if published < d <= published + timedelta(days=30)]
            chosen = ahead[0] if ahead else max((d for d in candidates if d <= published),
                                                default=None)
        if chosen is None:
            return False
        set_day(ex, chosen)
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
    first, last = month_bounds(y, m)
    ex.value = f"{y:04d}-{m:02d}"
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    return True


def _resolve_relday(piece: Piece, published: date | None, ex: TimeExpression) -> bool:
    ex.relative = True
    if published is not None:
        set_day(ex, published + timedelta(days=piece.offset))
    return True


def _resolve_weekday(piece: Piece, published: date | None, ex: TimeExpression) -> bool:
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
    set_day(ex, day)
    return True


def _resolve_period(
    piece: Piece, published: date | None, ex: TimeExpression,
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
        ex.value, first, last = iso_week(published + timedelta(days=7 * delta))
    elif piece.unit == "month":
        y, m = shift_month(published.year, published.month, delta)
        if piece.day is not None:
            day = safe_date(y, m, piece.day)
            if day is None:
                return False
            set_day(ex, day)
            return True
        ex.value = f"{y:04d}-{m:02d}"
        first, last = month_bounds(y, m)
    else:
        y = published.year + delta
        ex.value = f"{y:04d}"
        first, last = date(y, 1, 1), date(y, 12, 31)
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    if piece.extra.get("to_date") and first <= published <= last:
        ex.latest = published.isoformat()
    return True


def _resolve_from_current(
    piece: Piece, delta: int, current: list[int | None], ex: TimeExpression
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
    y, m = shift_month(year or 2000, month, delta)
    if year is None:
        if piece.day is not None:
            if safe_date(2000, m, piece.day) is not None:  # 2000: a leap year
                ex.value = f"XXXX-{m:02d}-{piece.day:02d}"
        else:
            ex.value = f"XXXX-{m:02d}"
        return
    if piece.day is not None:
        day = safe_date(y, m, piece.day)
        if day is not None:
            set_day(ex, day)
        return
    ex.value = f"{y:04d}-{m:02d}"
    first, last = month_bounds(y, m)
    ex.earliest, ex.latest = first.isoformat(), last.isoformat()


def _resolve_vague(piece: Piece, published: date | None, ex: TimeExpression) -> bool:
    ex.relative = True
    ex.extra["vague"] = piece.direction
    if published is not None:
        if piece.direction == "past":
            ex.latest = published.isoformat()
        else:
            ex.earliest = published.isoformat()
    return True


_DURATION_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D"}


def _resolve_duration(piece: Piece, published: date | None, ex: TimeExpression) -> bool:
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
        set_day(ex, published - timedelta(days=count))
    elif unit == "week":
        ex.value, first, last = iso_week(published - timedelta(days=7 * count))
        ex.earliest, ex.latest = first.isoformat(), last.isoformat()
    elif unit == "month":
        y, m = shift_month(published.year, published.month, -count)
        ex.value = f"{y:04d}-{m:02d}"
        first, last = month_bounds(y, m)
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
