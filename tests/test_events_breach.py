"""A security breach is an attack only when the insurgents made it at a facility, on
sentences written for these tests: «الخرق الأمني الذي أحدثه تنظيم داعش داخل السجن» is an
attack; a ceasefire breach («خرق الهدنة»), a breach with no doer, or one by another side is
none. A definite storming with no doer of its own keeps the side of the storming told before."""

from __future__ import annotations

from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")


def types(doc: Document) -> list[str]:
    return [e.type for e in doc.events]


def test_ceasefire_breach_is_no_attack() -> None:
    doc = analyzed("واتهمت قسد تنظيم داعش بخرق الهدنة قرب سجن غويران أمس.")
    assert "attack" not in types(doc)


def test_breach_with_no_insurgent_doer_is_no_attack() -> None:
    doc = analyzed("وأشار المصدر إلى أن الخرق الأمني داخل سجن غويران سيستمر لفترة أطول.")
    assert "attack" not in types(doc)


