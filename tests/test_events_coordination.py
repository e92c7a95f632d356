"""Coordinated clauses and things moved — on sentences written for these tests."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def _count(e: object) -> float | None:
    c = getattr(e, "count", None)
    return None if c is None else c.get("min")


def test_moving_materiel_is_no_transfer() -> None:
    for text in (
        "نقلت قوات سوريا الديمقراطية تعزيزات عسكرية إلى محيط السجن.",
        "ونقلت القوات 20 آلية عسكرية إلى الحسكة.",
        "نقلت قسد الوقود والذخائر إلى القاعدة.",
    ):
        doc = analyze_text(text)
        assert not [e for e in doc.events if e.type == "transfer"], text


def test_people_before_materiel_is_a_transfer() -> None:
    for text in (
        "نقلت قسد عشرات العناصر وأسلحتهم إلى سجن الشدادي.",
        "نقلت قسد 20 معتقلاً إلى الحسكة.",
    ):
        doc = analyze_text(text)
        assert [e for e in doc.events if e.type == "transfer"], text
