"""Transfers told several times, planned transfers, batches, and background relative
clauses — on sentences written for these tests."""

from __future__ import annotations

from marsad.document import Event
from marsad.extract.lexicons import scan
from marsad.pipeline import analyze_text


def _events(text: str, kind: str | None = None) -> list[Event]:
    doc = analyze_text(text, published="2026-02-01")
    return [e for e in doc.events if kind is None or e.type == kind]


def _moves(text: str) -> list[Event]:
    return [e for e in _events(text) if e.type in ("transfer", "repatriation")]


def test_people_noun_with_the_article_is_not_the_facility() -> None:
    doc = analyze_text("وصل هؤلاء المعتقلين إلى بغداد.")
    assert [h.text for h in scan(doc).people] == ["المعتقلين"]


def test_anchored_relative_clause_is_an_event() -> None:
    (attack,) = _events("زار الوفد سجن غويران الذي شهد هجوماً في 20 كانون الثاني 2022.", "attack")
    assert attack.date is not None and attack.date["value"] == "2022-01-20"


def test_relative_clause_joins_the_happening_the_document_tells() -> None:
    (attack,) = _events(
        "هاجم التنظيم سجن غويران يوم الخميس. وقالت قسد إن عناصرها صدوا الهجوم الذي شنه "
        "التنظيم على السجن."
    )
    assert len(attack.evidence) >= 2
