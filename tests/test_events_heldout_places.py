"""Where an event happened: a place inside a body's name is not it, and a place that only
locates another («الشدادي جنوبي الحسكة») gives way to the place it locates.
Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def places(text: str, kind: str) -> list[str | None]:
    return [e.place for e in analyze_text(text).events if e.type == kind]


def test_named_place_still_wins_over_the_body_name() -> None:
    text = "أفرجت «الإدارة الذاتية» لشمال وشرق سوريا عن 25 موقوفاً في بلدة الكسرة."
    assert places(text, "release") == ["al_kasrah"]


def test_sectors_of_a_camp_are_the_camp() -> None:
    text = (
        "يضم مخيم الهول آلاف العائلات من جنسيات مختلفة. "
        "وتشكو المنظمات من نقص الخدمات. "
        "واعتقلت الأسايش يوم الإثنين 12 شخصاً في قطاعات المهاجرين."
    )
    assert places(text, "arrest") == ["al_hol_camp"]
