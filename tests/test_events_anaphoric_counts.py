"""Counts told before, on sentences written for these tests: a happening whose people are
named by pointing back — a pronoun («نقلتهم», «أفرجت عنهم»), a demonstrative («هؤلاء
المعتقلين») or a definite noun of the same people — takes the count of the one counted group
in this or the two sentences before; when that group is not counted, or two groups of other
sizes are there, the count stays null."""

from __future__ import annotations

from event_helpers import count_min, first, happenings
from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")


def test_batch_that_comprises_a_number_counts_the_handover() -> None:
    evs = happenings(
        "وأعلنت الحكومة أنها تسلّمت الدفعة الأولى، والتي تضم 120 عنصراً من التنظيم،"
        " من السجون السورية.",
        published="2024-03-05",
    )
    assert count_min(first(evs, "repatriation")) == 120


def test_done_again_is_no_repatriation() -> None:
    doc = analyzed("وأُعيد اعتقال السجناء الفارين بعد يومين، وجرت إعادة نقل المعتقلين إلى سجن الحسكة.")
    assert "repatriation" not in [e.type for e in doc.events]
