"""Multi-word triggers with inserted words: the head word is in the automaton, the words that
complete the phrase are checked after the scan (text/phrases.py, extract/lexicons.py).
Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from marsad.extract.lexicons import SUFFIXES, scan
from marsad.text.normalize import normalize, normalize_term
from marsad.text.phrases import phrase_follows, word_follows, word_matches
from test_kb_trigger_inflections import _doc, triggers, types

SUFFIX_SET = frozenset(normalize_term(s) for s in SUFFIXES)


def test_word_matches_with_clitics() -> None:
    assert word_matches("عليه", "علي", SUFFIX_SET)  # على + ه (normalised)
    assert word_matches("بالاعدام", "اعدام", SUFFIX_SET)
    assert word_matches("للنار", "النار", SUFFIX_SET)  # ل + النار
    assert word_matches("النار", "نار", SUFFIX_SET)
    assert word_matches("سيطرتها", "سيطره", SUFFIX_SET)  # ة → ت before a pronoun
    assert word_matches("بسجنه", "بسجن", SUFFIX_SET)
    assert not word_matches("السجن", "بسجن", SUFFIX_SET)
    assert not word_matches("نارين", "نار", frozenset({"ه"}))


def _follows(text: str, after: str, parts: list[list[str]], gap: int) -> list[str] | None:
    norm = normalize(text)
    end = norm.text.index(normalize_term(after)) + len(normalize_term(after))
    spans = phrase_follows(
        norm, end, tuple(tuple(normalize_term(w) for w in p) for p in parts), gap, SUFFIX_SET
    )
    return None if spans is None else [norm.text[s:e] for s, e in spans]


def test_phrase_follows_within_the_gap() -> None:
    text = "ألقت قوات الأمن الداخلي القبض على ثلاثة."
    assert _follows(text, "ألقت", [["القبض"], ["على"]], 3) == ["القبض", "علي"]
    assert _follows(text, "ألقت", [["القبض"]], 2) is None  # three words stand between
    assert _follows("السيطرة بشكل تام على السجن", "السيطرة", [["على"]], 3) == ["علي"]


def test_a_sentence_mark_ends_the_phrase_but_a_comma_does_not() -> None:
    assert _follows("أطلقت القوات النار. سراح المعتقلين", "أطلقت", [["سراح"]], 6) is None
    assert _follows("أطلقت قسد، بوساطة عشائرية، سراح عشرين", "أطلقت", [["سراح"]], 6) == ["سراح"]


def test_word_follows() -> None:
    norm = normalize("استعادت القوات السيطرة على الحي")
    end = len(normalize_term("استعادت"))
    assert word_follows(norm, end, (normalize_term("السيطرة"),), 2, SUFFIX_SET)
    assert not word_follows(norm, end, (normalize_term("الحي"),), 2, SUFFIX_SET)


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("ألقت قوات الأمن الداخلي القبض على ثلاثة مطلوبين.", "arrest"),
        ("تمكنت الشرطة من إلقاء القبض عليه.", "arrest"),
        ("قبضت دورية أمس على مهرب.", "arrest"),
        ("أعلنت القوات السيطرة بشكل تام على السجن.", "security_operation"),
        ("سيطرت القوات بشكل كامل على المبنى.", "security_operation"),
        ("أطلقت ميليشيا محلية خلال الساعات الماضية سراح عدد من الموقوفين.", "release"),
        ("أخلت السلطات سبيل الصحفي.", "release"),
        ("فرضت القوات حظراً شاملاً للتجول.", "security_operation"),
        ("سقط خمسة قتلى في القصف.", "killing"),
        ("ارتقى عدد من المدنيين جراء القصف.", "killing"),
        ("فقد عنصر من الشرطة حياته في الهجوم.", "killing"),
        ("فككت الأجهزة الأمنية خلية إرهابية.", "arrest"),
        ("The army took full control of the prison.", "security_operation"),
        ("Forces regained control over the town.", "security_operation"),
        ("Ten inmates broke out of the jail.", "escape"),
        ("The coalition launched a new operation.", "security_operation"),
    ],
)
def test_phrase_with_inserted_words(text: str, etype: str) -> None:
    assert etype in types(text), triggers(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("ألقى الوزير كلمة في المؤتمر.", "arrest"),  # ألقى without القبض
        ("تقع المنطقة تحت سيطرة الجيش.", "security_operation"),  # a state: no على
        ("سقط المطر طوال الليل.", "killing"),  # سقط without the killed
        ("ارتقى الفريق إلى المركز الأول.", "killing"),  # rising to a rank
        ("Fighting broke out near the town.", "escape"),  # no "of": not an escape
        ("The ministry took note of the report.", "security_operation"),  # no control
        # seven words between the verb and القبض: beyond the gap
        ("ألقت وحدة من قوات الأمن الخاصة في المدينة أمس القبض", "arrest"),
    ],
)
def test_head_without_its_phrase_is_no_trigger(text: str, absent: str) -> None:
    assert absent not in types(text), triggers(text)


def test_the_completing_words_belong_to_the_phrase() -> None:
    """«ألقت ... القبض على»: one arrest, told by its head; the words that complete it are
    given as the phrase's words."""
    text = "ألقت قوات الأمن القبض على ثلاثة."
    doc = _doc(text)
    hits = scan(doc)
    assert [h.text for h in hits.triggers] == ["ألقت"]
    words = hits.phrase_words[hits.triggers[0].start]
    assert [doc.text[s:e] for s, e in words] == ["القبض", "على"]


def test_a_blocked_phrase_gap_keeps_the_other_reading() -> None:
    # the phrase «وقف إطلاق النار» takes إطلاق: no shooting is told
    assert types("اتفق الطرفان على وقف شامل لإطلاق النار.") == ["agreement", "agreement"]
