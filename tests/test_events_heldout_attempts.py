"""Foiled attempts, smuggling people out of a camp, a camp named only after its bare noun,
and where escapees went. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def escapes(text: str) -> list[tuple[str, str | None]]:
    return [(e.modality, e.place) for e in analyze_text(text).events if e.type == "escape"]


@pytest.mark.parametrize(
    "text",
    [
        "The Asayish foiled an attempt to smuggle six women out of al-Hol camp on Monday.",
        "أحبطت الأسايش محاولة فرار ثلاث نساء من مخيم الهول مساء الأحد.",
        "أعلنت قوى الأمن إحباطها عملية هروب لنساء من مخيم الهول ليلة الجمعة.",
    ],
)
def test_foiled_attempt_is_an_escape_attempt(text: str) -> None:
    assert escapes(text) == [("asserted", "al_hol_camp")]


def test_plain_negation_still_drops_the_event() -> None:
    assert escapes("لم تسجل أي عملية فرار من مخيم الهول خلال الشهر الماضي.") == []


def test_smuggling_goods_is_no_escape() -> None:
    assert escapes("Traders try to smuggle fuel across the border every week.") == []


def test_bare_camp_before_its_name_is_that_camp() -> None:
    text = (
        "حاولت أربع نساء الفرار من المخيم مساء الجمعة. "
        "وقال مسؤول في مخيم الهول إن البحث جار عن السائق."
    )
    assert escapes(text) == [("asserted", "al_hol_camp")]


def test_where_escapees_went_is_not_the_place_of_the_escape() -> None:
    text = (
        "Several prisoners escaped from Ghwayran prison on Thursday. "
        "Witnesses reported the escape of the prisoners towards the southern countryside "
        "of Hasakah."
    )
    assert escapes(text) == [("asserted", "ghwayran_prison")]


def test_foiled_attempt_is_flagged_in_the_output() -> None:
    from marsad.pipeline import analyze_text

    foiled = analyze_text("أحبطت قوى الأمن الداخلي محاولة فرار خمسة معتقلين من السجن أمس.", published="2022-01-21")
    done = analyze_text("فر خمسة معتقلين من السجن أمس.", published="2022-01-21")
    assert [(e.type, e.to_dict()["foiled"]) for e in foiled.events] == [("escape", True)]
    assert [(e.type, e.to_dict()["foiled"]) for e in done.events] == [("escape", False)]
