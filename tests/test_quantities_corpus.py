"""Quantities on the real seeds in ../shared (skipped when absent): the contract's examples.

The seeds are plain text without metadata; the publication date is passed in explicitly.
"""

from __future__ import annotations

from collections.abc import Callable

from recognize_helpers import analyse


def test_seed_quantity_examples(seed: Callable[[str], str]) -> None:
    doc = analyse(seed("002_"), "2022-06-20")
    assert any(q.text == "نحو 30" and (q.min, q.max, q.approximate) == (30, 30, True)
               for q in doc.quantities)
    doc = analyse(seed("000_"), "2022-01-23")
    assert any((q.min, q.max, q.unit) == (700, 800, "prisoner") for q in doc.quantities)
    assert any(q.text == "أكثر من 50" and (q.min, q.max) == (51, None) for q in doc.quantities)
    doc = analyse(seed("003_"), None)
    assert any(q.text.endswith("عشرات") and (q.min, q.max, q.approximate) == (20, 99, True)
               for q in doc.quantities)
    assert any(q.text == "أكثر من 20" and q.unit == "leader" for q in doc.quantities)
    assert any(q.text == "مهجعين اثنين" and (q.min, q.max) == (2, 2) for q in doc.quantities)
    assert not any("24" in q.text for q in doc.quantities)  # الشرقية24 is a name
    doc = analyse(seed("004_"), "2024-09-08")
    assert any(q.text == "اثنين" and (q.min, q.max) == (2, 2) for q in doc.quantities)
    doc = analyse(seed("001_"), "2022-01-24")
    assert any((q.min, q.max, q.unit) == (700, 700, "child") for q in doc.quantities)
    assert any((q.min, q.max, q.unit) == (5, 7, "km2") for q in doc.quantities)
