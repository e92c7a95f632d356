"""Pages and accounts as sources («صفحات موالية», «مواقع التواصل الاجتماعي», "social media
accounts") are media reports: sentences written for this test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


@pytest.mark.parametrize(
    "text",
    [
        "ونقلت صفحات موالية أن 20 عنصراً فروا من السجن.",
        "وتداولت مواقع التواصل الاجتماعي أن 20 عنصراً فروا من السجن.",
        "Social media accounts reported that 20 fighters escaped.",
    ],
)
def test_pages_are_media_reports(text: str) -> None:
    doc = analyze_text(text, published="2022-11-20")
    assert [c.speaker.kind for c in doc.claims] == ["media_reports"]
