"""Placeholder stage: filled in by its issue."""

from __future__ import annotations

from marsad.document import Document


def extract_claims(doc: Document) -> Document:
    return doc
