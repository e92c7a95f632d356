"""The knowledge base loads, is consistent, and answers hierarchy questions."""

from __future__ import annotations

import re

import pytest

from marsad.document import Entity
from marsad.kb import KnowledgeBase, load_kb
from marsad.kb.gazetteer import CONTEXT, ENTITY_TYPES, PLAIN
from marsad.text.normalize import normalize_term

# Where places of this news lie: Syria, Iraq and their neighbours (lat, lon bounds).
_REGION = {"syria": (32.0, 37.5, 35.5, 42.5), "iraq": (29.0, 37.5, 38.5, 48.8)}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_ids_are_unique_snake_case_and_types_valid(kb: KnowledgeBase) -> None:
    for eid, ent in kb.entities.items():
        assert ent.id == eid
        assert ent.type in ENTITY_TYPES, eid
        assert ent.name, eid
        if not eid.startswith("person:"):
            assert re.fullmatch(r"[a-z0-9_]+", eid), eid


def test_every_parent_exists_and_hierarchy_has_no_cycles(kb: KnowledgeBase) -> None:
    for eid, ent in kb.entities.items():
        if ent.parent is not None:
            assert ent.parent in kb.entities, f"{eid}: parent {ent.parent} unknown"
        chain = kb.ancestors(eid)
        assert len(chain) == len(set(chain)), eid


def test_every_alias_resolves_to_one_entity(kb: KnowledgeBase) -> None:
    # a form may have one plain reading, plus context/anaphor readings of other entities
    assert kb.conflicts() == {}
    for form, senses in kb.aliases.items():
        assert senses, form
        assert len({s.entity for s in senses}) == len(senses), form
        assert all(s.entity in kb.entities for s in senses), form


def test_coordinates_in_range(kb: KnowledgeBase) -> None:
    for eid, ent in kb.entities.items():
        if ent.lat is None:
            assert ent.lon is None, eid
            continue
        assert -90 <= ent.lat <= 90 and -180 <= ent.lon <= 180, eid
        country = kb.country_of(eid)
        if country in _REGION and ent.subtype != "country":
            lat0, lat1, lon0, lon1 = _REGION[country]
            assert lat0 <= ent.lat <= lat1 and lon0 <= ent.lon <= lon1, (eid, ent.lat, ent.lon)


def test_places_and_facilities_carry_coordinates(kb: KnowledgeBase) -> None:
    listed = [
        r.entity
        for r in kb.records.values()
        if r.entity.type in ("place", "facility") and r.entity.subtype != "countryside"
    ]
    assert all(e.lat is not None for e in listed), [e.id for e in listed if e.lat is None]
    assert len(listed) >= 150


def test_at_least_forty_actors(kb: KnowledgeBase) -> None:
    actors = [
        r.entity
        for r in kb.records.values()
        if r.source == "actors.toml" and r.entity.type in ("armed_group", "state", "organization")
    ]
    assert len(actors) >= 40


def test_wikidata_ids_are_well_formed(kb: KnowledgeBase) -> None:
    for eid, ent in kb.entities.items():
        if ent.wikidata is not None:
            assert re.fullmatch(r"Q[1-9][0-9]*", ent.wikidata), eid


def test_hierarchy(kb: KnowledgeBase) -> None:
    assert kb.ancestors("ghwayran_prison") == ["ghwayran", "hasakah", "hasakah_governorate", "syria"]
    assert kb.contains("hasakah_governorate", "ghwayran_prison")
    assert kb.contains("syria", "al_hol_camp")
    assert kb.contains("iraq", "jeddah_camp")
    assert not kb.contains("raqqa", "ghwayran_prison")
    assert kb.contains("hasakah", "hasakah")
    assert kb.country_of("raqqa_central_prison") == "syria"
    assert kb.get("deir_ez_zor_countryside_east").parent == "deir_ez_zor_countryside"


def test_entities_are_document_entities(kb: KnowledgeBase) -> None:
    ent = kb.get("sdf")
    assert isinstance(ent, Entity)
    assert ent.type == "armed_group" and ent.name_en
    assert kb.get("isis").wikidata == "Q2429253"
    assert kb.get("us").type == "state"
    assert kb.get("sdf_media_center").parent == "sdf"
    assert kb.get("us_forces").parent == "us"


def test_lookup_spellings(kb: KnowledgeBase) -> None:
    for surface, eid in [
        ("سورية", "syria"), ("سوريا", "syria"), ("ديرالزور", "deir_ez_zor"), ("دير الزور", "deir_ez_zor"),
        ("قامشلو", "qamishli"), ("القامشلي", "qamishli"), ("سجن الصناعة", "ghwayran_prison"),
        ("سجن الثانوية الصناعية", "ghwayran_prison"), ("سجن الحسكة المركزي", "ghwayran_prison"),
        ('سجن "الثانوية الصناعية"', "ghwayran_prison"), ("قسد", "sdf"), ("داعش", "isis"),
        ("عين العرب", "kobani"), ("كوباني", "kobani"), ("المالكية", "al_malikiyah"), ("ديريك", "al_malikiyah"),
        ("Ghweran", "ghwayran"), ("al-Hol camp", "al_hol_camp"), ("ريف الحسكة الجنوبي", "hasakah_countryside_south"),
        ("الريف الشرقي لدير الزور", "deir_ez_zor_countryside_east"),
    ]:
        assert kb.lookup(surface)[:1] == [eid], surface


def test_ordinary_words_need_context(kb: KnowledgeBase) -> None:
    # outlet names that are ordinary words have no plain reading
    for word in ("الوطن", "أثر"):
        senses = kb.aliases.get(normalize_term(word), ())
        assert senses and all(s.kind == CONTEXT for s in senses), word
    # a bare «السجن» or «المخيم» names no facility
    assert kb.lookup("السجن") == [] and kb.lookup("المخيم") == []
    # «التنظيم» is an anaphor, not a plain name
    assert all(s.kind != PLAIN for s in kb.aliases["التنظيم"])
