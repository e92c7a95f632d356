"""Country and governorate (admin1) of every gazetteer place, by point in polygon over the
bundled Natural Earth boundaries — never typed by hand — checked against the gazetteer's own
parents."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.corpus.acled import EVENT_TYPE_MAP, acled_type, markdown_table
from marsad.geo.boundaries import DATA_FILE, admin_of, divisions
from marsad.geo.places import place_admin
from marsad.kb.gazetteer import load_kb

ROOT = Path(__file__).resolve().parents[1]

# Gazetteer coordinates that disagree with their parent by more than Natural Earth's
# precision; each is a data question for kb/data/, listed so a new one fails this test.
KNOWN_DISAGREEMENTS = {
    # (33.45, 38.75) lies ~7 km inside Syria; the al-Qaim/al-Walid crossing is on the Iraqi side
    "al_walid_crossing",
    # the Golan: Syrian territory that Natural Earth's admin-1 polygons leave to Israel
    "fiq_district",
    # Natural Earth's 1:10m lines, generalised by more than PREFER_DEGREES here: the eastern
    # Ghouta at Damascus's edge, the northern and southern Baghdad belt, the Syrian desert
    # between Homs and Rif Dimashq
    "ain_tarma", "tarmiyah_district", "at_tarmiyah", "al_latifiyah", "as_sab_biyar",
    "nahiyat_as_sab_biyar",
}
# places the gazetteer puts in the occupied Golan: Natural Earth draws them in Israel
OCCUPIED_REGIONS = frozenset({"golan"})


def _places() -> list:
    kb = load_kb()
    return [e for e in kb.of_type("place", "facility") if e.lat is not None]


def _admin(e):
    return place_admin(e.id, e.type, e.subtype, e.lat, e.lon, e.parent)


def test_bundled_boundaries_are_natural_earth_governorates() -> None:
    data = json.loads(DATA_FILE.read_text("utf-8"))
    assert "Natural Earth" in data["source"]
    codes = {d.admin.admin1_code for d in divisions()}
    syria = {c for c in codes if c.startswith("SY-") and not c.endswith("~")}
    iraq = {c for c in codes if c.startswith("IQ-")}
    assert len(syria) == 14 and len(iraq) == 18                  # all governorates
    assert (ROOT / "src/marsad/geo/data/README.md").read_text("utf-8").count("public domain")
    assert admin_of(36.47, 40.72).admin1_code == "SY-HA"          # Ghwayran, Hasakah
    assert admin_of(33.31, 44.37).admin1 == "Baghdad"
    assert admin_of(48.85, 2.35) is None                          # Paris: not bundled


def test_every_syrian_and_iraqi_place_gets_its_governorate_from_the_polygons() -> None:
    kb = load_kb()
    governorates = {e.id: _admin(e).admin1_code for e in _places() if e.subtype == "governorate"}
    assert len(governorates) >= 19 and None not in governorates.values()
    checked = disagree = 0
    for e in _places():
        admin = _admin(e)
        country = kb.country_of(e.id)
        if admin.level in ("region", "country"):
            assert admin.admin1 is None                           # no governorate for a region
            continue
        if country not in ("syria", "iraq"):
            continue
        if e.id in KNOWN_DISAGREEMENTS:
            disagree += 1
            continue
        if OCCUPIED_REGIONS.intersection(kb.ancestors(e.id)):
            continue
        assert admin.admin1 and admin.admin1_code, e.id
        assert admin.country == kb.get(country).name_en, e.id
        parent_gov = next((g for g in [e.id, *kb.ancestors(e.id)] if g in governorates), None)
        if parent_gov:
            assert admin.admin1_code == governorates[parent_gov], (e.id, admin, parent_gov)
            checked += 1
    assert checked > 300 and disagree == len(KNOWN_DISAGREEMENTS)


def test_border_towns_and_country_level_places() -> None:
    kb = load_kb()
    # Natural Earth's border passes north of these towns' points: the gazetteer's country wins
    for town, code in (("kobani", "SY-HL"), ("tal_abyad", "SY-RA"), ("quneitra", "SY-QU")):
        admin = _admin(kb.get(town))
        assert (admin.admin1_code, admin.country, admin.snapped) == (code, admin.country, True)
    syria = _admin(kb.get("syria"))
    assert (syria.level, syria.geo_precision, syria.on_map, syria.iso, syria.admin1) == \
        ("country", 3, False, 760, None)
    region = _admin(kb.get("north_east_syria"))
    assert (region.on_map, region.admin1, region.geo_precision) == (False, None, 3)
    assert _admin(kb.get("ghwayran_prison")).geo_precision == 1
    assert _admin(kb.get("hasakah_countryside")).geo_precision == 2
    assert _admin(kb.get("istanbul")).admin1_code == "TR-34"       # neighbours are bundled too
    cairo = _admin(kb.get("cairo"))                               # outside: country from the KB
    assert (cairo.country, cairo.admin1, cairo.iso) == ("Egypt", None, 818)


def test_acled_type_table_and_its_documentation() -> None:
    assert acled_type("attack", "drone_strike").sub_event_type == "Air/drone strike"
    assert acled_type("killing", "airstrike").event_type == "Explosions/Remote violence"
    assert acled_type("attack", None).event_type == "Battles"
    assert acled_type("security_operation", "raid").sub_event_type == "Arrests"
    # a weapons cache or explosives seized in a raid: ACLED's own sub-event type for it
    assert acled_type("security_operation", "seizure").sub_event_type == "Disrupted weapons use"
    assert acled_type("agreement").sub_event_type == "Agreement"
    assert acled_type("something_new", "unheard_of").sub_event_type == "Other"
    contract_types = ["attack", "clash", "riot", "escape", "release", "transfer", "arrest", "hostage_taking", "killing", "security_operation", "reinforcement", "repatriation", "agreement", "other"]
    assert all(any(r.marsad_type == t for r in EVENT_TYPE_MAP) for t in contract_types)
    doc = (ROOT / "docs" / "acled.md").read_text("utf-8")
    assert markdown_table() in doc, "docs/acled.md is out of date: paste markdown_table()"
