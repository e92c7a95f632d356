"""A statement given TO an outlet that is not the publisher travels through it — a sentence
written for this test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def test_statement_to_an_agency_after_the_speaker() -> None:
    doc = analyze_text(
        "وأوضحت الإدارة الذاتية في تصريح لوكالة «سانا» أن المخيم هادئ.", published="2024-01-01"
    )
    claim = next(c for c in doc.claims if c.verb.endswith("وضحت"))
    assert claim.via == ["sana"]
