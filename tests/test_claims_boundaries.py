"""Where a claim's content begins and ends: voice boundaries, colon frames, statement
settings and relayed channels — on sentences written for these tests."""

from __future__ import annotations

from marsad.document import Claim, Document
from marsad.pipeline import analyze_text


def _claim(doc: Document, verb_prefix: str) -> Claim:
    found = [c for c in doc.claims if (c.verb or "").lstrip("وف").startswith(verb_prefix)]
    assert found, [(c.verb, c.speaker.text) for c in doc.claims]
    return found[0]


def _content(doc: Document, c: Claim) -> str:
    return doc.text[c.start : c.end]


def test_contrast_returns_to_outlet_voice() -> None:
    doc = analyze_text(
        "وقال المرصد إن خمسة سجناء فروا من سجن الرقة، بينما لم يصدر أي تعليق من إدارة السجن."
    )
    c = _claim(doc, "قال")
    assert _content(doc, c) == "خمسة سجناء فروا من سجن الرقة"


def test_fi_hin_ends_content_but_not_inside_a_quotation() -> None:
    doc = analyze_text("وأكد المصدر أن القوات اعتقلت ثلاثة مطلوبين في حين تواصل الحملة في البلدة.")
    assert _content(doc, _claim(doc, "أكد")) == "القوات اعتقلت ثلاثة مطلوبين"
    doc = analyze_text("وقال المصدر: «اعتقلنا ثلاثة مطلوبين في حين فر الباقون إلى البادية».")
    assert "فر الباقون" in _content(doc, _claim(doc, "قال"))


def test_pluperfect_background_ends_content() -> None:
    doc = analyze_text(
        "وأوضح المسؤول أن السجن بات آمناً، وكانت القوات قد أعلنت أمس انتهاء العملية."
    )
    assert _content(doc, _claim(doc, "أوضح")) == "السجن بات آمناً"


def test_partition_continues_the_speaker() -> None:
    doc = analyze_text(
        "وأوضح المصدر أن عشرة من المعتقلين عراقيون، بينما ينتمي الباقون إلى جنسيات أخرى."
    )
    assert "الباقون" in _content(doc, _claim(doc, "أوضح"))


def test_prediction_keeps_its_contrast() -> None:
    doc = analyze_text(
        "وتوقع المصدر تراجع الاشتباكات قرب السجن، في حين ستستمر الاضطرابات داخله لأيام."
    )
    assert "ستستمر" in _content(doc, _claim(doc, "توقع"))


def test_written_words_after_a_colon_are_a_claim() -> None:
    doc = analyze_text(
        "وكتب المسؤول الإعلامي في تغريدة على حسابه: «أحبطت قواتنا محاولة فرار من السجن. "
        "والعمليات مستمرة». وفي سياق آخر، هاجم مسلحون حاجزاً للجيش في قرية الكسرة أمس."
    )
    c = _claim(doc, "كتب")
    content = _content(doc, c)
    assert content.startswith("«أحبطت") and content.endswith("مستمرة»")
    attack = next(e for e in doc.events if e.type == "attack")
    assert attack.claim is None  # after the quotation closed, the outlet speaks


def test_bare_subject_before_colon() -> None:
    doc = analyze_text("وتابع المتحدث: «نقلنا خمسين معتقلاً إلى سجن آخر».")
    c = _claim(doc, "تابع")
    assert c.speaker.text == "المتحدث"
    assert _content(doc, c).startswith("«نقلنا")


def test_statement_setting_between_speaker_and_complementiser() -> None:
    doc = analyze_text(
        "وقال المتحدث باسم الإدارة الذاتية في تصريح خاص لوكالة سانا إن عشرين معتقلاً فروا."
    )
    c = _claim(doc, "قال")
    assert c.speaker.text == "المتحدث باسم الإدارة الذاتية"
    assert _content(doc, c) == "عشرين معتقلاً فروا"
    assert c.via == ["sana"]


def test_relative_clause_of_the_statement_noun() -> None:
    doc = analyze_text("وأكدت الهيئة في بيانها الذي نشرته اليوم أن قواتها اعتقلت خمسة مطلوبين.")
    assert len(doc.claims) == 1
    assert _content(doc, doc.claims[0]) == "قواتها اعتقلت خمسة مطلوبين"


def test_relay_in_the_frame_is_the_channel() -> None:
    doc = analyze_text(
        "أعلنت قوات سوريا الديمقراطية أمس أن الهجوم انتهى.\n"
        "وقالت تلك القوات بحسب ما نقلت عنها وكالة هاوار، إن السجن بات تحت سيطرتها."
    )
    c = doc.claims[-1]
    assert _content(doc, c) == "السجن بات تحت سيطرتها"
    assert c.speaker.entity == "sdf"
    assert c.via == ["hawar"]
