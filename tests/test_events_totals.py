"""Running totals, on sentences written for these tests: «لترتفع الحصيلة إلى 20», "bringing
the death toll to 20" add up a series; told in a consequence clause the total is the
``count_total`` of the happening before it (which keeps its own count) and its toll noun is
no second happening; told as its own clause («وارتفع عدد القتلى إلى 40») it counts the
whole series (``count`` and ``count_total``). A plain «بلغ» without a word of the whole is
the happening's own number."""

from __future__ import annotations

from marsad.document import Document, Event
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")


def of_type(evs: list[Event], kind: str) -> list[Event]:
    return [e for e in evs if e.type == kind]


def minimum(c: dict[str, object] | None) -> object:
    return c["min"] if c else None


def test_reaching_without_a_word_of_the_whole_is_the_own_count() -> None:
    doc = analyzed("فرّ سجناء من سجن الرقة أمس، وبلغ عددهم 15 سجيناً.")
    escape = of_type(doc.events, "escape")[0]
    assert escape.count_total is None


def test_a_number_of_is_no_total() -> None:
    doc = analyzed("ارتفع عدد من المعتقلين إلى سطح السجن، واعتقلت القوات 7 أشخاص.")
    arrest = of_type(doc.events, "arrest")[0]
    assert minimum(arrest.count) == 7
    assert arrest.count_total is None


