"""Normalisation, offset maps and lexicon matching on sentences we wrote."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.text.lexicon import VERB_SUFFIXES, Lexicon
from marsad.text.normalize import fold, normalize, normalize_term
from marsad.text.segment import tokenize


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("أكّدَ", "اكد"),
        ("إطلاق", "اطلاق"),
        ("آلاف", "الاف"),
        ("الحسكة", "الحسكه"),
        ("مستشفى", "مستشفي"),
        ("مسؤول", "مسوول"),
        ("ـــقسد", "قسد"),
        ("٢٠٢٢/١/٢٠", "2022/1/20"),
        ("۱۲۳", "123"),
        ("«الوطن»", '"الوطن"'),
        ("“أثر”", '"أثر"'.replace("أ", "ا")),
        ("نحو 5 – 7", "نحو 5 - 7"),
        ("SDF", "sdf"),
        ("ﻻ", "لا"),
        ("ﺳﺠﻦ", "سجن"),
        ("س\u200fجن", "سجن"),
    ],
)
def test_fold(written: str, folded: str) -> None:
    assert fold(written) == folded


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_offset_map_is_monotonic_and_in_range(text: str) -> None:
    norm = normalize(text)
    for i in range(len(norm.text)):
        s, e = norm.to_source(i, i + 1)
        assert 0 <= s < e <= len(text)
    if norm.offsets is not None:
        assert len(norm.offsets) == len(norm.text)
        assert norm.offsets == sorted(norm.offsets)
        for i, ch in enumerate(norm.text):
            # each normalised character comes from the source character it maps back to
            assert ch in normalize(text[norm.offsets[i]]).text


def test_span_maps_back_through_diacritics_and_tatweel() -> None:
    text = "قالت المصادر إنّ سجنَ الصّـناعة تعرّض لهجوم"
    norm = normalize(text)
    i = norm.text.index("سجن الصناعه")
    s, e = norm.to_source(i, i + len("سجن الصناعه"))
    assert text[s:e] == "سجنَ الصّـناعة"


def _lex() -> Lexicon[str]:
    return Lexicon(
        [
            ("الوطن", "al_watan"),
            ("سجن الصناعة", "ghwayran_prison"),
            ("الحسكة", "hasakah"),
            ("السجن", "prison"),
            ("قسد", "sdf"),
            ("داعش", "isis"),
            ("اعتقل", "arrest"),
        ],
        suffixes=VERB_SUFFIXES,
    )


@pytest.mark.parametrize(
    ("sentence", "quoted", "payload", "prefix"),
    [
        ("قال مصدر لـ«الوطن» إن", "الوطن", "al_watan", "ل"),
        ("وبالحسكة انفجار", "الحسكة", "hasakah", "وب"),
        ("نقلوا السجناء لسجن الصناعة أمس", "سجن الصناعة", "ghwayran_prison", "ل"),
        ("وصلت تعزيزات للسجن", "لسجن", "prison", "ل"),
        ("قالت بـ\"قسد\" إن", "قسد", "sdf", "ب"),
        ("وداعش انسحب", "داعش", "isis", "و"),
        ("اعتقلوا ثلاثة", "اعتقل", "arrest", ""),
        ("واعتقلته الشرطة", "اعتقل", "arrest", "و"),
    ],
)
def test_lexicon_clitics(sentence: str, quoted: str, payload: str, prefix: str) -> None:
    hits = _lex().scan(normalize(sentence))
    assert [(h.text, h.payload, h.prefix) for h in hits] == [(quoted, payload, prefix)]
    for h in hits:
        assert sentence[h.start : h.end] == h.text


@pytest.mark.parametrize(
    "sentence",
    [
        "الوطنية للإعلام",  # a longer word, not the outlet
        "مقسدة",  # letters inside another word
        "الداعشيون",  # suffix not allowed for a noun lexicon entry
        "اعتقالات",  # a different word built on the verb
    ],
)
def test_lexicon_word_boundaries(sentence: str) -> None:
    assert _lex().scan(normalize(sentence)) == []


def test_longest_match_wins() -> None:
    lex = Lexicon([("سجن", "generic"), ("سجن الصناعة", "ghwayran_prison")])
    hits = lex.scan(normalize("هاجموا سجن الصناعة فجرا"))
    assert [h.payload for h in hits] == ["ghwayran_prison"]


def test_normalize_term_collapses_space() -> None:
    assert normalize_term("  سجن   الصناعة ") == "سجن الصناعه"


def test_tokens_and_sentences_quote_the_text() -> None:
    text = "أكدت مصادرُ محلية هروبَ نحو ٣٠ سجيناً. ونفت «قسد» ذلك؟\nوفي سياق آخر، وصلت تعزيزات"
    doc = Document(source="t", raw=text, text=text)
    tokenize(doc)
    for t in doc.tokens:
        assert text[t.start : t.end] == t.text
    assert [s.text for s in doc.sentences] == [
        "أكدت مصادرُ محلية هروبَ نحو ٣٠ سجيناً.",
        "ونفت «قسد» ذلك؟",
        "وفي سياق آخر، وصلت تعزيزات",
    ]
    assert "30" in [t.norm for t in doc.tokens]


def test_span_keeps_marks_on_its_last_letter() -> None:
    text = "هربوا فجراً من السجنِ"
    norm = normalize(text)
    i = norm.text.index("فجرا")
    assert text.__getitem__(slice(*norm.to_source(i, i + 4))) == "فجراً"
    j = norm.text.index("السجن")
    assert text.__getitem__(slice(*norm.to_source(j, j + 5))) == "السجنِ"
