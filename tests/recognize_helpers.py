"""Helpers for the recognizer tests: run the stages a test needs on one invented text."""

from __future__ import annotations

from typing import Any

from marsad.document import Document
from marsad.recognize.mentions import recognize_mentions
from marsad.recognize.quantities import recognize_quantities
from marsad.recognize.times import recognize_times
from marsad.text.segment import tokenize


def analyse(text: str, published: str | None) -> Document:
    """Tokens, times and quantities of ``text`` (quantities read the times first)."""
    doc = Document(source="t", raw=text, text=text, published=published)
    tokenize(doc)
    recognize_times(doc)
    recognize_quantities(doc)
    return doc


def times_of(sentence: str, published: str | None = None) -> list[dict[str, Any]]:
    """The contract dicts of the sentence's time expressions, each span checked exact."""
    doc = Document(source="t", raw=sentence, text=sentence, published=published)
    tokenize(doc)
    recognize_times(doc)
    for t in doc.times:
        assert doc.text[t.start : t.end] == t.text
    return [t.to_dict() for t in doc.times]


def mentions(text: str) -> list[tuple[str, str]]:
    """(text, entity) of every mention, each span checked exact and its entity registered."""
    doc = Document(source="test", raw=text, text=text)
    tokenize(doc)
    recognize_mentions(doc)
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.entity in doc.entities
    return [(m.text, m.entity) for m in doc.mentions]
