"""Date values as intervals, at their own precision.

Incident matching compares *intervals*: ``2022-01`` covers 2022-01-01..2022-01-31 and so
contains ``2022-01-20``; ``2022`` covers the whole year; ``2024-W35`` its seven days. A value
that cannot be anchored (``XXXX-11-27``, None) has no interval.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from datetime import UTC, datetime, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def interval(value: str | None) -> tuple[str, str] | None:
    """``(earliest, latest)`` ISO dates covered by a contract date value, or None."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            dt.date(int(m[1]), int(m[2]), int(m[3]))
            return value, value
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            last = calendar.monthrange(y, mo)[1]
            return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        if m := _WEEK.match(value):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start.isoformat(), (start + dt.timedelta(days=6)).isoformat()
    except ValueError:
        return None
    return None


def precision(value: str | None) -> str | None:
    """``day``, ``week``, ``month``, ``year`` or None (the ACLED-like time precision)."""
    if not value:
        return None
    if _DAY.match(value):
        return "day"
    if _WEEK.match(value):
        return "week"
    if _MONTH.match(value):
        return "month"
    if _YEAR.match(value):
        return "year"
    return None


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_period(value: str) -> float:
    """Seconds in ``90s``, ``15m``, ``2h``, ``1d`` (a bare number is minutes)."""
    m = _PERIOD.match(value or "")
    if not m:
        raise ValueError(f"{value!r} is not a period such as 90s, 15m, 2h or 1d")
    seconds = float(m.group(1)) * _UNIT[m.group(2)]
    if seconds <= 0:
        raise ValueError(f"{value!r}: the period must be more than zero")
    return seconds


def parse_moment(value: str, now: datetime | None = None) -> str:
    """A UTC time stamp ``YYYY-MM-DDTHH:MM:SSZ`` (the store's ``ingested_at``) from a period
    back from now (``15m``, ``2h``, ``1d``) or an ISO date or time (UTC unless it says)."""
    now = now or datetime.now(UTC)
    try:
        moment = now - timedelta(seconds=parse_period(value))
    except ValueError:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is neither a period (15m, 2h, 1d) nor an ISO date or "
                             "time (2025-10-05, 2025-10-05T08:00)") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
