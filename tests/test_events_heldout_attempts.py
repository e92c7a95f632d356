"""Foiled attempts, smuggling people out of a camp, a camp named only after its bare noun,
and where escapees went. Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def escapes(text: str) -> list[tuple[str, str | None]]:
    return [(e.modality, e.place) for e in analyze_text(text).events if e.type == "escape"]


def test_plain_negation_still_drops_the_event() -> None:
    assert escapes("لم تسجل أي عملية فرار من مخيم الهول خلال الشهر الماضي.") == []


def test_smuggling_goods_is_no_escape() -> None:
    assert escapes("Traders try to smuggle fuel across the border every week.") == []


def test_where_escapees_went_is_not_the_place_of_the_escape() -> None:
    text = (
        "Several prisoners escaped from Ghwayran prison on Thursday. "
        "Witnesses reported the escape of the prisoners towards the southern countryside "
        "of Hasakah."
    )
    assert escapes(text) == [("asserted", "ghwayran_prison")]


