"""Clause analysis: where clauses open, their kinds, and the cues that reach each word."""

from __future__ import annotations

from marsad.document import Document
from marsad.pipeline import stages
from marsad.text.clauses import clauses


def _doc(text: str) -> Document:
    doc = Document(source="<t>", raw=text)
    for stage in stages()[:4]:  # clean, metadata, language, tokenize
        doc = stage(doc)
    return doc


def _clause_of(doc: Document, word: str):
    ci = clauses(doc)
    at = doc.text.index(word)
    return ci, ci.at(at), at


def test_complement_relative_and_before_clauses() -> None:
    doc = _doc("قال المتحدث إن القوات التي وصلت أمس داهمت القرية قبل أن تنسحب منها.")
    ci, c, _ = _clause_of(doc, "داهمت")
    assert c is not None
    kinds = [cl.kind for cl in ci.clauses]
    assert kinds[0] == "main"
    assert "complement" in kinds and "relative" in kinds and "before" in kinds
    assert ci.at(doc.text.index("تنسحب")).kind == "before"


def test_negation_reaches_to_the_end_of_its_clause_only() -> None:
    doc = _doc("لم تسجل أي اشتباكات في المنطقة، لكن القوات اعتقلت خمسة أشخاص.")
    ci, _, at = _clause_of(doc, "اشتباكات")
    assert "negation" in ci.cues_before(at)
    assert "negation" not in ci.cues_before(doc.text.index("اعتقلت"))


def test_a_negated_verb_of_stopping_asserts_what_goes_on() -> None:
    doc = _doc("ولم يتوقف القصف المدفعي على القرى طوال الليل.")
    ci, _, at = _clause_of(doc, "القصف")
    cues = ci.cues_before(at)
    assert "neg_cessation" in cues and "negation" not in cues


def test_still_is_no_negation() -> None:
    doc = _doc("لا تزال الاشتباكات مستمرة في محيط البلدة.")
    ci, _, at = _clause_of(doc, "الاشتباكات")
    assert "negation" not in ci.cues_before(at)


def test_questions_and_demands() -> None:
    doc = _doc("هل هرب السجناء من المبنى؟ وطالب الأهالي بالإفراج عن أبنائهم.")
    ci = clauses(doc)
    assert ci.at(doc.text.index("هرب")).sentence in ci.questions
    assert "demand" in ci.cues_before(doc.text.index("بالإفراج"))


def test_english_clauses() -> None:
    doc = _doc("Officials said that no prisoners escaped, while guards arrested two men before they could flee.")
    ci = clauses(doc)
    assert "negation" in ci.cues_before(doc.text.index("escaped"))
    assert ci.at(doc.text.index("flee")).kind == "before"
    assert "negation" not in ci.cues_before(doc.text.index("arrested"))
