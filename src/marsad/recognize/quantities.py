"""Placeholder stage: filled in by its issue."""

from __future__ import annotations

from marsad.document import Document


def recognize_quantities(doc: Document) -> Document:
    return doc
