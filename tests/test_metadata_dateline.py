"""Datelines and where they stand: ``doc.dateline`` and ``doc.dateline_span`` (the span of the
place in ``text`` when the dateline stays in the text, None when its line was removed).
Invented articles."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text

BODY = "قالت مصادر محلية إن دورية مشتركة جابت شوارع المدينة صباح اليوم وسط انتشار أمني واسع."
EN_BODY = "Local sources said a joint patrol toured the streets of the city on Thursday morning."


@pytest.mark.parametrize(
    ("text", "dateline", "outlet", "in_text"),
    [
        (f"القامشلي (كوردستان24) - {BODY}", "القامشلي", "kurdistan24", True),
        (f"عنوان عن الدورية المشتركة\nالرقة - نورث برس\n{BODY}", "الرقة", "north_press", False),
        (f"عنوان عن الدورية المشتركة\nالرقة - نورث برس: {BODY}", "الرقة", "north_press", True),
        (f"عنوان عن الدورية المشتركة\nجسر: الرقة: {BODY}", "الرقة", "jesr_press", True),
        (f"عنوان عن الدورية المشتركة\nجسر: الرقة:\n{BODY}", "الرقة", "jesr_press", False),
        (f"عنوان عن الدورية المشتركة\n| دير الزور- سامر خليل\n{BODY}", "دير الزور", None, False),
        (f"عنوان عن الدورية المشتركة\nمنبج- {BODY}", "منبج", None, True),
        (f"RAQQA, Syria (North Press) – {EN_BODY}", "RAQQA", "north_press", True),
        (f"BAGHDAD (Reuters) - {EN_BODY}", "BAGHDAD", "reuters", True),
    ],
)
def test_dateline_and_its_span(text: str, dateline: str, outlet: str | None, in_text: bool) -> None:
    doc = analyze_text(text)
    assert doc.dateline == dateline
    if outlet is not None:
        assert doc.outlet is not None and doc.outlet.id == outlet
    if in_text:
        assert doc.dateline_span is not None
        s, e = doc.dateline_span
        assert doc.text[s:e] == dateline
        assert doc.to_dict()["dateline_span"] == [s, e]
    else:
        assert doc.dateline_span is None
        assert dateline not in doc.text[:20]


def test_a_dash_inside_the_first_sentence_is_not_a_dateline() -> None:
    doc = analyze_text(f"عنوان عن الدورية المشتركة\nقالت اللجنة - وهي هيئة محلية - إن {BODY}")
    assert doc.dateline is None and doc.dateline_span is None
