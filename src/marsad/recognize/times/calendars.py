"""Calendar arithmetic: ISO weeks, month shifts and bounds, dates that may not exist, the
tabular Hijri calendar, and a day as a time value."""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta

from marsad.document import TimeExpression


def iso_week(day: date) -> tuple[str, date, date]:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
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


def set_day(expression: TimeExpression, day: date) -> None:
    expression.value = day.isoformat()
    expression.earliest = expression.latest = day.isoformat()
