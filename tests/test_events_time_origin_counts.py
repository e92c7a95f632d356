"""Dates from an event's own clause, someone's origin is no event place, a lone indefinite
patient counts one — on sentences written for these tests."""

from __future__ import annotations

from event_helpers import of_type
from marsad.document import Document, Event
from marsad.pipeline import analyze_text


def analyzed(text: str, published: str | None = "2023-09-20") -> Document:
    return analyze_text(text, published=published)


def count(ev: Event) -> tuple[object, object, object] | None:
    return (ev.count["min"], ev.count["max"], ev.count["unit"]) if ev.count else None


def date(ev: Event) -> object:
    return ev.date["value"] if ev.date else None


# -- dates --------------------------------------------------------------------------------


def test_a_stretch_since_a_time_does_not_split_one_happening() -> None:
    doc = analyzed(
        "قُتل 6 أشخاص منذ مطلع الشهر الحالي في مخيم الهول. ووثق المرصد مقتل 6 أشخاص منذ "
        "مطلع كانون الأول في المخيم.",
        published=None,
    )
    assert len(of_type(doc, "killing")) == 1


# -- places -------------------------------------------------------------------------------


def test_where_a_victim_comes_from_is_not_the_place() -> None:
    doc = analyzed("قُتل نازح من مدينة الباب في مخيم الهول.")
    assert of_type(doc, "killing")[0].place == "al_hol_camp"


def test_son_of_a_town_is_origin() -> None:
    doc = analyzed("اعتقلت القوات الأمنية شاباً من أبناء مدينة الرقة في مخيم الهول.")
    assert of_type(doc, "arrest")[0].place == "al_hol_camp"


def test_a_place_after_min_still_places_an_escape() -> None:
    doc = analyzed("فرّ عشرة سجناء من سجن غويران.")
    assert of_type(doc, "escape")[0].place == "ghwayran_prison"


# -- counts -------------------------------------------------------------------------------


def test_a_lone_refugee_killed_counts_one_woman() -> None:
    doc = analyzed("قُتلت لاجئة في مخيم الهول يوم 3 آذار 2023.")
    assert count(of_type(doc, "killing")[0]) == (1, 1, "woman")


def test_arrest_of_a_young_man_counts_one() -> None:
    doc = analyzed("أعلنت قوى الأمن الداخلي اعتقال شاب في مدينة الرقة.")
    assert count(of_type(doc, "arrest")[0]) == (1, 1, "man")


def test_arrest_of_one_of_the_leaders_counts_one() -> None:
    doc = analyzed("ألقت القوات القبض على أحد متزعمي التنظيم في ريف دير الزور.")
    assert count(of_type(doc, "arrest")[0]) == (1, 1, "person")


def test_a_dual_counts_two() -> None:
    doc = analyzed("أعلنت الشرطة مقتل طفلين في مخيم الهول.")
    assert count(of_type(doc, "killing")[0]) == (2, 2, "child")


def test_a_pronoun_patient_is_not_counted_from_the_next_word() -> None:
    doc = analyzed("جرى نقلهم شاب وامرأة إلى سجن الحسكة.")
    assert all(e.count is None or e.count["min"] != 1 for e in of_type(doc, "transfer"))


def test_others_after_a_number_count_people() -> None:
    doc = analyzed("اعتقلت القوات الأمنية 20 آخرين في مدينة الحسكة يوم 5 آذار 2023.")
    assert of_type(doc, "arrest")[0].count["min"] == 20  # type: ignore[index]
