"""Families escaping a camp are an escape (families fleeing the fighting are not), and an
English "brought back" with people is a repatriation. Sentences written for these tests."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هربت عشرات العائلات من مخيم الهول.", [("escape", "asserted")]),
        ("ونفت إدارة المخيم هروب عشرات العائلات من المخيم.", [("escape", "denied")]),
        ("Dozens of families escaped from al-Hol camp last night.", [("escape", "asserted")]),
        ("فرت مئات العائلات من المعارك في ريف دير الزور.", [("clash", "asserted")]),
        ("Iraq brought back 150 families from al-Hol on Monday, the ministry said.",
         [("repatriation", "asserted")]),
        ("The army brought back calm to the town.", []),
    ],
)
def test_flight_and_return(text: str, expected: list[tuple[str, str]]) -> None:
    doc = analyze_text(text, published="2022-11-20")
    assert [(e.type, e.modality) for e in doc.events] == expected
