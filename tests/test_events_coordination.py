"""Coordinated clauses and things moved — on sentences written for these tests."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def _count(e: object) -> float | None:
    c = getattr(e, "count", None)
    return None if c is None else c.get("min")


def test_repeated_verb_is_a_second_happening() -> None:
    doc = analyze_text(
        "أفرجت قوات سوريا الديمقراطية عن 50 معتقلاً من سجن الحسكة وأفرجت عن 20 معتقلاً في الرقة."
    )
    releases = [e for e in doc.events if e.type == "release"]
    assert len(releases) == 2
    assert [_count(e) for e in releases] == [50, 20]
    assert releases[1].place == "raqqa"
    assert releases[0].place != "raqqa"


def test_second_clause_date_and_place_stay_in_it() -> None:
    doc = analyze_text(
        "أفرجت الإدارة الذاتية في آذار 2019 عن 103 معتقلين من سجونها، "
        "وأفرجت في أيار عن العشرات منهم في الرقة.",
        published="2024-06-10",
    )
    releases = [e for e in doc.events if e.type == "release"]
    assert len(releases) == 2
    assert releases[0].place is None
    assert (releases[0].date or {}).get("value") == "2019-03"
    assert _count(releases[0]) == 103


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
