"""English "according to": leading, inside and trailing, the claim is what the sentence says
outside the attribution phrase, and the source is the phrase after the marker."""

from __future__ import annotations

import pytest

from event_helpers import happenings
from marsad.pipeline import analyze_text


def _claims(text: str) -> list[tuple[str | None, str, str]]:
    doc = analyze_text(text, published="2022-01-21")
    return [(c.speaker.text, c.speaker.kind, doc.text[c.start : c.end]) for c in doc.claims]


@pytest.mark.parametrize(
    ("text", "speaker", "kind", "content"),
    [
        ("Five detainees escaped from the prison on Monday, according to the SDF.",
         "SDF", "official_body", "Five detainees escaped from the prison on Monday"),
        ("According to the SDF, five detainees escaped from the prison on Monday.",
         "SDF", "official_body", "five detainees escaped from the prison on Monday"),
        ("About 300 families left the camp last week, according to local sources in Hasakah.",
         "local sources in Hasakah", "local_sources", "About 300 families left the camp last week"),
        ("According to a statement by the SDF media center, guards stopped a riot on Sunday.",
         "a statement by the SDF", "official_body", "guards stopped a riot on Sunday"),
        ("Thousands of fighters remain in detention, according to U.S. military estimates.",
         "estimates", "unknown", "Thousands of fighters remain in detention"),
    ],
)
def test_according_to(text: str, speaker: str, kind: str, content: str) -> None:
    assert (speaker, kind, content) in _claims(text)


def test_trailing_source_gives_the_event_its_claim() -> None:
    doc = analyze_text(
        "Five detainees escaped from the prison on Monday, according to the SDF.", published="2022-01-21"
    )
    assert [e.type for e in doc.events] == ["escape"]
    assert doc.events[0].claim == doc.claims[0].id


def test_arabic_marker_with_complementiser_keeps_the_whole_clause() -> None:
    claims = _claims("وبحسب المصادر فإن المهاجمين كانوا يستقلون دراجة نارية، وفروا باتجاه القرية.")
    assert claims and claims[0][2].startswith("فإن المهاجمين")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Five detainees escaped from the prison on Monday, an SDF spokesperson said.",
         "Five detainees escaped from the prison on Monday"),
        ('"Five detainees escaped from the prison," the SDF said in a statement.',
         "Five detainees escaped from the prison"),
        ("Five detainees escaped from the prison, the head of the prison administration told Reuters.",
         "Five detainees escaped from the prison"),
        ("On Monday, the SDF said five detainees escaped from the prison.",
         "five detainees escaped from the prison"),
        ("The SDF said that five detainees escaped from the prison.",
         "five detainees escaped from the prison"),
    ],
)
def test_english_frame_before_or_after_what_it_reports(text: str, content: str) -> None:
    claims = _claims(text)
    assert [c[2] for c in claims] == [content]
    # the happening told is linked to the claim that tells it
    evs = happenings(text, published="2022-01-21")
    assert evs and evs[0].claim == analyze_text(text, published="2022-01-21").claims[0].id
