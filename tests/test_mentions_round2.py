"""Mentions, second round: the fused لل, capital-only acronyms, English persons with roles,
and the lexicon's camel-case word start. Phrases written for these tests."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.kb.gazetteer import load_kb
from marsad.recognize.mentions import recognize_mentions
from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize
from marsad.text.segment import tokenize
from recognize_helpers import mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قدم الدعم للاحتلال الأميركي", [("للاحتلال الأميركي", "us_forces")]),
        ("وللسلطات العراقية دور", [("للسلطات العراقية", "iraqi_government")]),
        ("وصل الوفد للعراق", [("للعراق", "iraq")]),
        # an anaphor in the لل form, after its entity is named
        ("هاجم داعش السجن ثم عاد للتنظيم نفوذه", [("داعش", "isis"), ("للتنظيم", "isis")]),
        # the other proclitics stay outside the quote
        ("وبالحسكة وللحسكة", [("الحسكة", "hasakah"), ("للحسكة", "hasakah")]),
        ("لسجن الصناعة", [("سجن الصناعة", "ghwayran_prison")]),
    ],
)
def test_fused_lam_is_quoted_as_the_whole_word(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HAT units raided the camp", [("HAT", "sdf_counter_terrorism")]),
        ("He wore a hat near the camp", []),
        ("The IS group claimed the attack", [("IS", "isis")]),
        ("This is what it is", []),
        ("The US said it is up to us", [("US", "us")]),
        ("BREAKING: THIS IS WHAT US OFFICIALS SAY", []),
        ("قالت وحدات HAT إن العملية انتهت", [("وحدات HAT", "sdf_counter_terrorism")]),
    ],
)
def test_capital_only_acronyms_match_in_capitals(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


def test_case_sensitive_forms_are_capital_acronyms_only() -> None:
    forms = load_kb().case_sensitive
    assert {"hat", "is", "us"} <= forms
    assert "hawar" not in forms  # also listed as «Hawar»
    assert "sdf" not in forms  # listed in lower case: any case names the SDF


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("the head of the prison, Rubar Hassan held a press conference", "Rubar Hassan"),
        ("Meanwhile Rubar Hassan, the head of the prison, said it was calm.", "Rubar Hassan"),
        ("A spokesman for the camp administration, Jihan Hanan, said.", "Jihan Hanan"),
        ("said Hoshang Hassan, director of the centre.", "Hoshang Hassan"),
    ],
)
def test_english_person_with_a_role(text: str, person: str) -> None:
    people = [t for t, e in mentions(text) if e.startswith("person:") or e == "rubar_hassan"]
    assert people == [person]


def test_english_role_without_a_name_gives_no_person() -> None:
    assert [e for _, e in mentions("In Hasakah, the director of the camp said nothing.") if "person" in e] == []


def test_lexicon_camel_case_boundary() -> None:
    lex = Lexicon([("january", 1), ("القامشلي", 2)])
    hits = lex.scan(normalize("posted onJanuary 23 and xjanuary"))
    assert [(h.text, h.payload) for h in hits] == [("January", 1)]
    # Arabic has no case: a glued word is still not a match
    assert lex.scan(normalize("مالقامشلي والقامشليات")) == []


# -- round 3: a hashtag on a word inside a facility or place name --------------------------------


@pytest.mark.parametrize(
    ("sentence", "quoted", "entity"),
    [
        ("اقتحم مسلحون سجن #الحسكة المركزي فجراً", "سجن #الحسكة المركزي", "ghwayran_prison"),
        ("استعصاء جديد في سجن #غويران بالحسكة", "سجن #غويران", "ghwayran_prison"),
        ("نقلت عائلات من مخيم #الهول إلى العراق", "مخيم #الهول", "al_hol_camp"),
        ("نقلت عائلات من مخيم #روج", "مخيم #روج", "roj_camp"),
    ],
)
def test_hashtag_inside_a_facility_name(sentence: str, quoted: str, entity: str) -> None:
    doc = Document(source="t", raw=sentence, text=sentence)
    tokenize(doc)
    recognize_mentions(doc)
    assert (quoted, entity) in [(m.text, m.entity) for m in doc.mentions]
