"""The dateline city is where the outlet writes, not where things happened — sentences
written for these tests."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def test_arabic_dateline_is_not_the_event_place() -> None:
    doc = analyze_text("أربيل (وكالة ما)- أفرجت السلطات عن 20 موقوفاً يوم الأحد.\n", published="2024-03-05")
    ev = next(e for e in doc.events if e.type == "release")
    assert ev.place is None


def test_place_in_the_body_still_counts() -> None:
    doc = analyze_text(
        "أربيل (وكالة ما)- أفرجت السلطات عن 20 موقوفاً من سجن غويران يوم الأحد.\n",
        published="2024-03-05",
    )
    ev = next(e for e in doc.events if e.type == "release")
    assert ev.place == "ghwayran_prison"


def test_a_town_opening_a_sentence_is_no_dateline() -> None:
    doc = analyze_text("شهدت الحسكة اشتباكات عنيفة يوم الأحد.\n", published="2024-03-05")
    ev = next(e for e in doc.events if e.type == "clash")
    assert ev.place == "hasakah"
