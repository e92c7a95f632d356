"""A move of people from one country to another is a repatriation, decided by where the
route's ends lie (the gazetteer's parents); a routine is no happening.
Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def events(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.origin, e.destination) for e in analyze_text(text).events]


def test_move_within_one_country_stays_transfer() -> None:
    found = events("نقلت قسد 40 معتقلاً من سجن غويران إلى سجن الشدادي يوم الخميس.")
    assert [t for t, _, _ in found] == ["transfer"]


def test_routine_move_is_no_happening() -> None:
    assert events("تجري عملية نقل المعتقلين من سوريا إلى العراق بشكل يومي.") == []
