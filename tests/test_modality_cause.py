"""A prediction does not reach the cause it gives — sentences written for these tests."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


@pytest.mark.parametrize(
    ("sentence", "kind", "modality"),
    [
        # the cause is reported as fact by the speaker
        ("وتوقع المصدر أن تستمر الفوضى في السجن لوجود رهائن لدى السجناء.", "hostage_taking",
         "asserted"),
        ("ورجح المسؤول أن تشدد القوات الإجراءات بسبب فرار سجناء من السجن.", "escape", "asserted"),
        ("وحذر القيادي من فوضى جديدة إثر هجوم التنظيم على السجن.", "attack", "asserted"),
        # the predicted event itself stays expected
        ("وتوقع المصدر أن تندلع اشتباكات عنيفة في محيط السجن.", "clash", "expected"),
        # a denial still reaches its cause
        ("ونفت القوات فرار سجناء بسبب هجوم على السجن.", "attack", "denied"),
    ],
)
def test_cause_in_prediction(sentence: str, kind: str, modality: str) -> None:
    doc = analyze_text(sentence)
    found = [e for e in doc.events if e.type == kind]
    assert found, [(e.type, e.trigger.text, e.modality) for e in doc.events]
    assert found[0].modality == modality
    assert found[0].claim is not None  # still the speaker's report
