"""A background relative clause gives its point time to the main clause, on sentences
written for these tests: in «نقلت القوات المعتقلين الذين اعتقلوا في أوقات مختلفة أمس إلى سجن
الحسكة» the arrest is background (spread over time) and «أمس» dates the transfer; a plural
move verb with no object («... نُقلوا أمس إلى سجن الحسكة») moves its plural subject."""

from __future__ import annotations

from event_helpers import first
from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")


def test_plural_move_of_things_is_no_transfer() -> None:
    doc = analyzed("نقلوا الأسلحة والذخائر إلى مستودع قرب الحسكة أمس.")
    assert "transfer" not in [e.type for e in doc.events]


def test_dated_relative_clause_keeps_its_own_time() -> None:
    doc = analyzed(
        "أفرجت الإدارة الذاتية أمس عن 25 من الموقوفين الذين اعتقلوا في 20 كانون الثاني 2022."
    )
    release = first(doc.events, "release")
    assert release.date is not None and release.date["value"] == "2024-03-04"
