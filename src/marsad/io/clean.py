"""Boilerplate removal (minimal version)."""

from __future__ import annotations

from marsad.document import Document


def clean(doc: Document) -> Document:
    doc.text = doc.raw.replace("\r\n", "\n").strip()
    return doc
