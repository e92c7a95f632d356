"""What is new since a time: the ``new_since`` parameter of the incidents and documents pages
and of the API (a period back from now or a UTC date/time, read by ``corpus.dates``)."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from marsad.corpus.dates import parse_moment

# the "what is new" choices of the incidents and documents pages: (value, Arabic, English)
NEW_SINCE_CHOICES = (("1h", "آخر ساعة", "last hour"), ("24h", "آخر يوم", "last 24 h"),
                     ("7d", "آخر أسبوع", "last 7 days"))


def moment(new_since: str | None) -> str | None:
    """``new_since`` (a period back from now, ``15m``/``24h``/``7d``, or an ISO date/time in
    UTC) as the store's time stamp; a 422 naming the value when it is neither."""
    if not new_since:
        return None
    try:
        return parse_moment(new_since)
    except ValueError as exc:
        raise HTTPException(422, f"new_since: {exc}") from None


def new_choice(value: str, moment: str | None, action: str) -> dict[str, Any]:
    return {"value": value, "moment": moment, "action": action, "choices": NEW_SINCE_CHOICES}
