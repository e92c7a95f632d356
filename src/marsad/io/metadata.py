"""Document-level metadata (minimal version)."""

from __future__ import annotations

from marsad.document import Document


def extract_metadata(doc: Document) -> Document:
    doc.published = doc.meta.get("published")
    doc.title = doc.meta.get("title")
    return doc


def detect_language(doc: Document) -> Document:
    doc.language = "ar"
    return doc
