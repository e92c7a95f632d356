"""Quantities on the real seeds in ../shared (skipped when absent): the contract's examples.

The seeds are plain text without metadata; the publication date is passed in explicitly.
"""

from __future__ import annotations

from marsad.document import Document
from marsad.recognize.quantities import recognize_quantities
from marsad.recognize.times import recognize_times
from marsad.text.segment import tokenize


def analyse(text: str, published: str | None) -> Document:
    doc = Document(source="t", raw=text, text=text, published=published)
    tokenize(doc)
    recognize_times(doc)
    recognize_quantities(doc)
    return doc


def seed(seed_texts: dict[str, str], prefix: str) -> str:
    (name,) = [n for n in seed_texts if n.startswith(prefix)]
    return seed_texts[name]


def test_seed_quantity_examples(seed_texts: dict[str, str]) -> None:
    doc = analyse(seed(seed_texts, "002_"), "2022-06-20")
    assert any(q.text == "نحو 30" and (q.min, q.max, q.approximate) == (30, 30, True)
               for q in doc.quantities)
    doc = analyse(seed(seed_texts, "000_"), "2022-01-23")
    assert any((q.min, q.max, q.unit) == (700, 800, "prisoner") for q in doc.quantities)
    assert any(q.text == "أكثر من 50" and (q.min, q.max) == (51, None) for q in doc.quantities)
    doc = analyse(seed(seed_texts, "003_"), None)
    assert any(q.text.endswith("عشرات") and (q.min, q.max, q.approximate) == (20, 99, True)
               for q in doc.quantities)
    assert any(q.text == "أكثر من 20" and q.unit == "leader" for q in doc.quantities)
    assert any(q.text == "مهجعين اثنين" and (q.min, q.max) == (2, 2) for q in doc.quantities)
    assert not any("24" in q.text for q in doc.quantities)  # الشرقية24 is a name
    doc = analyse(seed(seed_texts, "004_"), "2024-09-08")
    assert any(q.text == "اثنين" and (q.min, q.max) == (2, 2) for q in doc.quantities)
    doc = analyse(seed(seed_texts, "001_"), "2022-01-24")
    assert any((q.min, q.max, q.unit) == (700, 700, "child") for q in doc.quantities)
    assert any((q.min, q.max, q.unit) == (5, 7, "km2") for q in doc.quantities)
