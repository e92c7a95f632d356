"""False events from frames that are no happening, and repeated mentions that must merge.

Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


def test_english_possessive_is_definite() -> None:
    doc = analyze_text(
        "Gunmen attacked the prison in Hasakah on Friday. Far away, 300 people watched "
        "videos of Friday's attack."
    )
    assert [e.type for e in doc.events] == ["attack"]


def test_idafa_to_a_name_merges() -> None:
    doc = analyze_text(
        "هاجم مسلحون سجن الصناعة يوم الخميس. وبعد يومين من هجوم سجن الصناعة قالت قسد إن الوضع "
        "هادئ."
    )
    assert [(e.type, len(e.evidence)) for e in doc.events] == [("attack", 2)]


