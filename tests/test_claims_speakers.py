"""Claims on sentences written for these tests: speaker kinds, stances, chains, coreference."""

from __future__ import annotations

import pytest

from marsad.document import Claim, Document
from marsad.pipeline import analyze_text


def claims_of(text: str, **kw: str) -> tuple[Document, list[Claim]]:
    doc = analyze_text(text, **kw)
    return doc, doc.claims


def only(doc: Document, verb_prefix: str) -> Claim:
    found = [c for c in doc.claims if (c.verb or "").startswith(verb_prefix)]
    assert found, [(c.verb, c.speaker.text) for c in doc.claims]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("أكد مصدر مقرب من قياديي قسد أن عناصر من داعش فروا من السجن.", "anonymous_source"),
        ("وأفاد مراسل أثر بأن اشتباكات اندلعت قرب السجن.", "correspondent"),
        ("وقالت مصادر محلية في الرقة إن قسد نقلت عشرة سجناء.", "local_sources"),
        ("وكشفت تقارير استخباراتية أن قسد نقلت سجناء من داعش.", "intelligence_reports"),
        ("وذكر ناشطون أن قسد اعتقلت خمسة شبان.", "activists"),
        ("ونقلت وسائل إعلام عراقية أن بغداد تسلمت مئة عنصر.", "media_reports"),
        ("وأعلنت قسد أنها ألقت القبض على قيادي في داعش.", "official_body"),
    ],
)
def test_speaker_kind(sentence: str, kind: str) -> None:
    doc, claims = claims_of(sentence)
    assert claims, f"no claim in {sentence!r}"
    c = claims[0]
    assert c.speaker.kind == kind, (c.speaker, c.verb)
    assert c.speaker.text is not None
    assert doc.text[c.speaker.start : c.speaker.end] == c.speaker.text


def test_official_body_has_entity() -> None:
    doc, _ = claims_of("وأعلنت قسد أنها ألقت القبض على قيادي في داعش.")
    c = only(doc, "وأعلنت".removeprefix("و"))
    assert c.speaker.entity == "sdf"


def test_leaked_material_speaker() -> None:
    doc, _claims = claims_of("وتداول ناشطون تسريبات تفيد بأن قسد عقدت صفقة مع داعش.")
    c = only(doc, "تداول")
    assert c.speaker.kind == "leaked_material"
    assert c.stance == "allege"
    assert [s.kind for s in c.chain] == ["activists"]


def test_named_person_with_title() -> None:
    doc, _claims = claims_of("وقال العميد سامر حداد إن القوات ألقت القبض على عشرة مطلوبين.")
    c = only(doc, "قال")
    assert c.speaker.kind == "named_person"
    assert "سامر" in (c.speaker.text or "")


def test_outlet_speaker() -> None:
    doc, _ = claims_of("وذكرت صحيفة الوطن أن عشرين سجينا فروا من سجن الرقة المركزي.")
    c = only(doc, "ذكرت")
    assert c.speaker.kind == "outlet"
    assert c.speaker.entity == "al_watan"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("نفت قسد أن يكون أي سجين قد فر من السجن.", "deny"),
        ("وزعمت قسد أنها أحبطت هجوما على السجن.", "allege"),
        ("وادعى المتحدث أن الحراس لم يغادروا مواقعهم.", "allege"),
        ("وتوقع مصدر أن تندلع اشتباكات جديدة.", "predict"),
        ("وحذر مصدر من أن عناصر داعش سيهاجمون السجن.", "warn"),
        ("وأكد مصدر أن السجن تعرض لهجوم.", "assert"),
    ],
)
def test_stance(sentence: str, stance: str) -> None:
    _, claims = claims_of(sentence)
    assert claims and claims[0].stance == stance, [(c.verb, c.stance) for c in claims]


def test_content_and_verb_spans_are_exact() -> None:
    text = "وأكد مصدر أمني، أمس، أن عشرة سجناء فروا من سجن الرقة المركزي."
    doc, claims = claims_of(text, published="2023-05-10")
    c = claims[0]
    assert doc.text[c.start : c.end].startswith("عشرة سجناء فروا")
    assert c.verb == "أكد"
    assert c.verb_span is not None and doc.text[c.verb_span[0] : c.verb_span[1]] == "أكد"


def test_via_outlet_quoting_source() -> None:
    doc, _ = claims_of(
        "ونقلت صحيفة الوطن عن مصدر أمني أن عشرة سجناء فروا من السجن.", outlet="أثر برس"
    )
    c = only(doc, "نقلت")
    assert c.speaker.kind == "anonymous_source"
    assert c.via == ["al_watan"]


def test_publisher_is_not_an_intermediary() -> None:
    text = "وأكدت مصادر محلية في الرقة لـ«الوطن» هروب نحو 30 سجينا من سجن الرقة المركزي."
    doc, _ = claims_of(text, outlet="الوطن")
    c = only(doc, "أكدت")
    assert c.speaker.kind == "local_sources"
    assert c.via == []
    assert "الوطن" not in doc.text[c.start : c.end]
    # the same words in another outlet: al-Watan passed them on
    doc2, _ = claims_of(text, outlet="أثر برس")
    assert only(doc2, "أكدت").via == ["al_watan"]


def test_correspondent_quoting_outlet_quoting_source() -> None:
    text = "وأفاد مراسل أثر نقلاً عن صحيفة الوطن عن مصدر أمني بأن عشرين سجينا فروا من السجن."
    doc, _ = claims_of(text, outlet="أثر برس")
    c = only(doc, "أفاد")
    assert c.speaker.kind == "anonymous_source"
    assert c.via == ["al_watan"]  # the correspondent works for the publisher itself
    assert [s.kind for s in c.chain] == ["outlet", "correspondent"]
    doc2, _ = claims_of(text, outlet="الشرقية 24")
    assert only(doc2, "أفاد").via == ["al_watan", "athr_press"]


def test_bare_continuation_keeps_speaker() -> None:
    text = (
        "أكدت مصادر محلية أن قسد نقلت سجناء من داعش إلى الحسكة.\n"
        "وأشارت إلى أن عملية النقل جرت ليلا.\n"
        "وأشار المصدر إلى أن السجناء من جنسيات أجنبية."
    )
    _doc, claims = claims_of(text)
    assert len(claims) == 3
    assert {c.speaker.kind for c in claims} == {"local_sources"}


def test_participle_continuation_keeps_speaker() -> None:
    doc, claims = claims_of(
        "نفت قسد فرار سجناء من سجن الرقة المركزي، مشيرة إلى أن الإجراءات احترازية."
    )
    assert [c.stance for c in claims] == ["deny", "assert"]
    assert claims[1].speaker.entity == claims[0].speaker.entity == "sdf"
    assert doc.text[claims[0].start : claims[0].end] == "فرار سجناء من سجن الرقة المركزي"


def test_postposed_attribution() -> None:
    doc, claims = claims_of("فر خمسة سجناء من سجن غويران فجر اليوم، بحسب ما أعلنت قسد.")
    assert claims
    c = claims[0]
    assert c.speaker.entity == "sdf"
    assert doc.text[c.start : c.end].startswith("فر خمسة سجناء")


def test_statement_of_media_center_is_in_chain() -> None:
    text = "نفت قسد فرار سجناء من سجن الرقة المركزي، وفق ما جاء في بيان لمركزها الإعلامي."
    doc, _claims = claims_of(text)
    c = only(doc, "نفت")
    assert c.stance == "deny"
    assert c.chain and c.chain[-1].kind == "official_body"
    assert "وفق" not in doc.text[c.start : c.end]


def test_unrelated_words_are_not_claims() -> None:
    text = "وقعت اشتباكات بين قسد وداعش قرب السجن، الأمر الذي كشف عن ضعف الحراسة."
    _, claims = claims_of(text)
    assert claims == []


def test_english_claims() -> None:
    _doc, claims = claims_of(
        "The SDF said that 20 prisoners escaped from Ghwayran prison, according to local sources."
    )
    assert claims
    assert claims[0].stance == "assert"


def test_speaker_phrase_stops_at_a_verb() -> None:
    from marsad.pipeline import analyze_text

    doc = analyze_text("ونفت صفحات إخبارية محلية تعرض سجن غويران لقصف صاروخي.")
    assert doc.claims
    assert doc.claims[0].speaker.text == "صفحات إخبارية محلية"
    assert doc.claims[0].speaker.kind == "media_reports"
