"""A report that is the object of a denial («نفت الأسايش ما تداولته صفحات عن هروب …», "denied
reports that …") tells a denied happening, and the denier is its source; the denier going on
in its own voice («نفت قسد …، مؤكدة أن …») is not such a report. Sentences written for this."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


@pytest.mark.parametrize(
    "text",
    [
        "ونفت الأسايش ما تداولته صفحات على مواقع التواصل الاجتماعي عن هروب عشرات العائلات من المخيم.",
        "ونفت قسد ما نقلته وسائل إعلام عن فرار 20 عنصراً من سجن غويران.",
        "The SDF denied reports that 20 fighters escaped from Ghwayran prison.",
    ],
)
def test_denied_report(text: str) -> None:
    doc = analyze_text(text, published="2024-03-11")
    claims = {c.id: c for c in doc.claims}
    assert [(e.type, e.modality) for e in doc.events] == [("escape", "denied")]
    denier = claims[doc.events[0].claim]
    assert (denier.stance, denier.speaker.kind) == ("deny", "official_body")


def test_the_deniers_own_next_words_are_not_denied() -> None:
    doc = analyze_text(
        "نفت قسد وقوع أي عملية فرار، مؤكدة أن ما جرى محاولة تمرد محدودة جرت السيطرة عليها.",
        published="2024-03-11",
    )
    assert ("riot", "asserted") in [(e.type, e.modality) for e in doc.events]
