"""Modality on sentences written for these tests."""

from __future__ import annotations

import pytest

from marsad.document import Event
from marsad.pipeline import analyze_text


def first(text: str, kind: str) -> Event:
    doc = analyze_text(text)
    found = [e for e in doc.events if e.type == kind]
    assert found, [(e.type, e.trigger.text) for e in doc.events]
    return found[0]


def test_purpose_is_not_a_happening() -> None:
    doc = analyze_text("استقدمت قسد تعزيزات بهدف إطلاق سراح الحراس المحتجزين.")
    assert [e.type for e in doc.events] == ["reinforcement"]


@pytest.mark.parametrize(
    "sentence",
    [
        "لم يهرب أي سجين من سجن غويران.",
        "ونوهت قسد بأنه لا وجود لأي استعصاء داخل السجن.",
        "وانتهت العملية دون وقوع اشتباكات مع الأهالي.",
        "وقال المصدر إن المطلوبين لم يتم اعتقالهم حتى الآن.",
        "أرسلت القوات دورية للقبض على المطلوبين في البلدة.",
        "وتسعى الحكومة بغية إطلاق سراح المختطفين إلى التفاوض.",
        "وجرى اتفاق بين الطرفين مقابل إطلاق سراح أربعة عناصر.",
    ],
)
def test_negated_or_purposed_happening_is_no_event(sentence: str) -> None:
    doc = analyze_text(sentence)
    assert not [e for e in doc.events if e.type in ("escape", "riot", "clash", "arrest", "release")]


def test_undergoing_is_not_a_purpose() -> None:
    doc = analyze_text("وأعلنت قسد تعرض مبنى السجن، المخصص للمعتقلين، لقصف صاروخي صباح اليوم.")
    e = next(e for e in doc.events if e.type == "attack")
    assert e.modality == "asserted"


