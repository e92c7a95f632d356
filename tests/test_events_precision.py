"""False events from frames that are no happening, and repeated mentions that must merge.

Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # talk about a happening, even in a dated sentence
        ("انتقد ناشطون تهويل الهجوم على السجن يوم 5 آذار.", "attack"),
        # a demand for a happening
        ("خرجت مظاهرات في البلدة تحمل مطالب الإفراج عن المعتقلين يوم الجمعة.", "release"),
        # what a goal would busy someone with
        ("تسعى الجماعة إلى إشغال الجيش في المنطقة الشرقية بمعارك مع التنظيم.", "clash"),
        # a habit, and a noun after a preposition and its coordinated noun
        ("اعتقلت الشرطة رجلاً كان ينشط في نقل وتهريب المطلوبين.", "transfer"),
        ("اعتقلت الشرطة رجلاً كان ينشط في نقل وتهريب المطلوبين.", "escape"),
        # people who fled a war, told by a finite verb
        ("وقال المسؤول إن مئات الشبان هربوا من المعارك في العراق.", "escape"),
        # past background with no date and no such happening told
        ("يتواصل السجناء مع رفاق لهم أطلق سراحهم في وقت سابق.", "release"),
        # an operation that is the manner of an arrest
        ("ألقت قوى الأمن القبض على قيادي في التنظيم بعملية أمنية في ريف دير الزور.",
         "security_operation"),
    ],
)
def test_frame_is_no_happening(text: str, absent: str) -> None:
    assert absent not in types(text)


def test_frames_keep_the_real_happening() -> None:
    assert types("اعتقلت الشرطة رجلاً كان ينشط في نقل وتهريب المطلوبين.") == ["arrest"]
    assert types("ألقت قوى الأمن القبض على قيادي بعملية أمنية في ريف دير الزور.") == ["arrest"]
    assert types("أفرجت قسد عن 20 معتقلاً يوم الأحد. وشنت قوى الأمن حملة دهم في الشحيل.") == [
        "release", "security_operation"
    ]


def test_english_definite_mention_merges() -> None:
    doc = analyze_text(
        "Gunmen attacked the prison in Hasakah on Friday. Residents said that videos of "
        "the attack spread on Saturday, 200 miles away."
    )
    assert [(e.type, len(e.evidence)) for e in doc.events] == [("attack", 2)]


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


def test_background_gives_no_place() -> None:
    doc = analyze_text(
        "هرب خمسة سجناء من السجن يوم الأحد. وبين الفارين عناصر ممن هربوا بعد سقوط بغداد."
    )
    esc = [e for e in doc.events if e.type == "escape"]
    assert esc and esc[0].place != "baghdad"
