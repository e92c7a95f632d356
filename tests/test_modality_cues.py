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


@pytest.mark.parametrize(
    ("sentence", "kind", "modality"),
    [
        ("هرب عشرة سجناء من سجن غويران.", "escape", "asserted"),
        ("وتقول مصادر إن قسد قد تطلق سراح السجناء إذا ما تم الاتفاق.", "agreement", "hypothetical"),
        ("لو هاجم التنظيم السجن لفر المئات.", "attack", "hypothetical"),
        ("ومن المتوقع أن تندلع اشتباكات في محيط السجن.", "clash", "expected"),
        ("وسوف تنقل قسد عناصر داعش إلى الحسكة.", "transfer", "expected"),
        ("وستنقل قسد عناصر داعش إلى الحسكة الأسبوع المقبل.", "transfer", "expected"),
        ("وتداول ناشطون ما قالوا إنها صفقة بين قسد وداعش.", "agreement", "alleged"),
    ],
)
def test_cue_modality(sentence: str, kind: str, modality: str) -> None:
    assert first(sentence, kind).modality == modality


def test_denial_of_an_escape() -> None:
    doc = analyze_text("نفت قسد فرار سجناء من داعش من سجن الرقة المركزي.")
    e = next(e for e in doc.events if e.type == "escape")
    assert e.modality == "denied"
    claim = next(c for c in doc.claims if c.id == e.claim)
    assert claim.stance == "deny"
    assert claim.speaker.entity == "sdf"
    assert e.place == "raqqa_central_prison"


def test_denial_and_assertion_both_visible() -> None:
    text = (
        "أكدت مصادر محلية في الرقة هروب نحو 30 سجينا من سجن الرقة المركزي فجر أمس.\n"
        "في المقابل، نفت قسد فرار سجناء من سجن الرقة المركزي."
    )
    doc = analyze_text(text, published="2022-06-20")
    escapes = [e for e in doc.events if e.type == "escape"]
    assert {e.modality for e in escapes} == {"asserted", "denied"}
    denied = next(e for e in escapes if e.modality == "denied")
    asserted = next(e for e in escapes if e.modality == "asserted")
    assert denied.contradicts == asserted.id
    assert [e for e in doc.events if e.type == "agreement"] == []  # «في المقابل» is no deal


def test_predicted_clash() -> None:
    doc = analyze_text("وتوقع المصدر اندلاع اشتباكات بين قسد وعناصر داعش خلال الأيام المقبلة.")
    e = next(e for e in doc.events if e.type == "clash")
    assert e.modality == "expected"
    claim = next(c for c in doc.claims if c.id == e.claim)
    assert claim.stance == "predict"


def test_warning_is_expected() -> None:
    doc = analyze_text("وحذرت تقارير استخباراتية من تمرد كبير داخل السجن.")
    e = next(e for e in doc.events if e.type == "riot")
    assert e.modality == "expected"


def test_leaked_deal() -> None:
    text = "كما تداول بعض النشطاء تسريبات لاتفاق جرى بين قسد وداعش مقابل إطلاق سراح أربعة عناصر."
    doc = analyze_text(text)
    deal = next(e for e in doc.events if e.type == "agreement")
    assert deal.modality == "alleged"
    claim = next(c for c in doc.claims if c.id == deal.claim)
    assert claim.speaker.kind == "leaked_material"
    assert claim.stance == "allege"


def test_allegation_verb() -> None:
    doc = analyze_text("وزعمت قسد أنها ألقت القبض على قيادي في داعش بريف دير الزور.")
    e = next(e for e in doc.events if e.type == "arrest")
    assert e.modality == "alleged"


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


def test_denial_claim_keeps_a_denied_event() -> None:
    doc = analyze_text("ونفت قسد أن يكون أي سجين قد فر من سجن الحسكة.")
    e = next(e for e in doc.events if e.type == "escape")
    assert e.modality == "denied"


def test_undergoing_is_not_a_purpose() -> None:
    doc = analyze_text("وأعلنت قسد تعرض مبنى السجن، المخصص للمعتقلين، لقصف صاروخي صباح اليوم.")
    e = next(e for e in doc.events if e.type == "attack")
    assert e.modality == "asserted"


def test_a_plan_to_do_is_expected() -> None:
    doc = analyze_text("وكشفت مصادر عن تحرك عراقي لاستعادة مواطنيها من مخيم الهول.")
    e = next(e for e in doc.events if e.type == "repatriation")
    assert e.modality == "expected"


def test_lan_is_not_la() -> None:
    doc = analyze_text("كانت العملية مفتعلة لأن من تم تهريبهم مكلفون بمهام.")
    e = next(e for e in doc.events if e.type == "escape")
    assert e.modality == "asserted"
