"""Facilities the gazetteer lacks become entities of their own, located at the town named.

Sentences written for these tests: «سجن X في البلدة» is a prison at that town (its point, the
town as parent); «سجن X المركزي» alone is a prison with no coordinates; «بالسجن»,
«قاعدة البيانات», «مخيم اللاجئين» name no facility; a known facility keeps its entity.
"""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.kb import load_kb
from marsad.pipeline import analyze_text
from marsad.recognize.mentions import recognize_mentions
from marsad.text.segment import tokenize


def _doc(text: str) -> Document:
    doc = Document(source="t", raw=text, text=text)
    tokenize(doc)
    recognize_mentions(doc)
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
    return doc


LOCATED = [
    # (text, facility mention, subtype, the place it is at)
    ("نقلوا إلى سجن الكم في القامشلي", "سجن الكم", "prison", "qamishli"),
    ("وصلت عائلات إلى مخيم الطويحينة قرب الطبقة", "مخيم الطويحينة", "camp", "tabqa"),
    ("هبطت طائرة في مطار منبج", "مطار منبج", "airport", "manbij"),
    ("اعتقل شاب على حاجز الكسرة", "حاجز الكسرة", "checkpoint", "al_kasrah"),
    ("detainees escaped from the Kam prison in Qamishli", "Kam prison", "prison", "qamishli"),
]


@pytest.mark.parametrize(("text", "surface", "subtype", "place"), LOCATED)
def test_unknown_facility_at_the_named_place(text: str, surface: str, subtype: str, place: str) -> None:
    doc = _doc(text)
    facility = [m for m in doc.mentions if m.text == surface]
    assert len(facility) == 1, [(m.text, m.entity) for m in doc.mentions]
    ent = doc.entities[facility[0].entity]
    town = load_kb().get(place)
    assert ent.id.startswith("facility:") and ent.type == "facility" and ent.subtype == subtype
    assert (ent.lat, ent.lon, ent.parent) == (town.lat, town.lon, place)


@pytest.mark.parametrize(
    ("text", "surface"),
    [("اقتحموا سجن البالونة المركزي", "سجن البالونة المركزي"), ('وصلت عائلات إلى مخيم "المبروكة"', 'مخيم "المبروكة"')],
)
def test_unknown_facility_without_a_town_has_no_coordinates(text: str, surface: str) -> None:
    doc = _doc(text)
    (m,) = [m for m in doc.mentions if m.entity.startswith("facility:")]
    assert m.text == surface
    ent = doc.entities[m.entity]
    assert (ent.lat, ent.lon, ent.parent) == (None, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "حكم عليه بالسجن خمس سنوات",
        "قضت المحكمة بسجن المتهمين في دمشق",
        "تحديث قاعدة البيانات",
        "مخيم اللاجئين في لبنان",
        "أقاموا حاجزا أمنيا",
        "سجن انفرادي لمدة شهر",
        "The prison was stormed",
        "عاد السجناء إلى السجن",
    ],
)
def test_no_facility_in_ordinary_phrases(text: str) -> None:
    assert [m.text for m in _doc(text).mentions if m.entity.startswith("facility:")] == []


def test_known_facility_keeps_its_entity() -> None:
    doc = _doc("فرّ سجناء من سجن الأقطان في الرقة")
    assert [(m.text, m.entity) for m in doc.mentions] == [("سجن الأقطان", "al_aqtan_prison"), ("الرقة", "raqqa")]


def test_escape_from_an_unknown_prison_is_placed_there() -> None:
    """Not at Ghwayran or any other known prison that «السجن» could fall back to."""
    doc = analyze_text("أفادت مصادر بفرار 12 سجينا من سجن الكم في القامشلي فجر اليوم.", published="2024-05-01")
    escapes = [e for e in doc.events if e.type == "escape"]
    assert escapes and escapes[0].place == "facility:سجن_الكم"
    assert doc.entities["facility:سجن_الكم"].parent == "qamishli"
