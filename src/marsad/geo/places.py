"""Where a gazetteer place lies: country, governorate (admin1), and how precise its point is.

``place_admin(...)`` is what the export writes in ACLED's ``country``, ``iso``, ``admin1``,
``admin2`` and ``geo_precision`` columns. The governorate always comes from the bundled
boundaries (point in polygon, ``marsad.geo.boundaries``); the knowledge base only says which
country a place is in and which governorate it names as its parent, and that breaks a tie
for a point within a few kilometres of a border (see ``admin_of``). Country-level and
region-level places (a country, «شمال شرق سوريا», a river, a border line) get no admin1 and
are not drawn as points: their coordinates are a centre, not a place where something happened.

ACLED's geo_precision: 1 the place itself (a town, a facility), 2 a part of a region near a
town (the countryside of a town, a mountain), 3 a larger region (governorate, country).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from marsad.geo.boundaries import Admin, admin_of, divisions, iso_numeric

# subtype -> (level, geo_precision, drawn as a point)
_LEVELS: dict[str, tuple[str, int, bool]] = {}
for _subtypes, _level in (
    (("prison", "camp", "military_base", "oil_field", "gas_field", "gas_plant", "airport",
      "crossing", "rehabilitation_centre", "dam", "bridge", "square", "hospital", "school",
      "checkpoint", "base"), ("facility", 1, True)),
    (("city", "town", "village", "neighbourhood", "neighborhood", "district", "subdistrict"),
     ("town", 1, True)),
    (("countryside", "mountain", "valley", "area"), ("area", 2, True)),
    (("governorate", "province"), ("governorate", 3, True)),
    (("region", "border", "river"), ("region", 3, False)),
    (("country",), ("country", 3, False)),
):
    for _s in _subtypes:
        _LEVELS[_s] = _level


@dataclass(frozen=True, slots=True)
class PlaceAdmin:
    level: str                 # facility | town | area | governorate | region | country
    geo_precision: int         # ACLED's 1/2/3
    on_map: bool               # a point worth drawing (not a country or region centre)
    country: str | None = None
    country_ar: str | None = None
    iso: int | None = None     # ISO 3166-1 numeric, as ACLED writes it
    admin1: str | None = None
    admin1_ar: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None  # no district boundaries are bundled (see geo/boundaries.py)
    snapped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def level_of(entity_type: str | None, subtype: str | None) -> tuple[str, int, bool]:
    if subtype and subtype in _LEVELS:
        return _LEVELS[subtype]
    if entity_type == "state":
        return _LEVELS["country"]
    if entity_type == "facility":
        return _LEVELS["prison"]
    return ("place", 2, True)


@lru_cache(maxsize=1)
def _bundled_iso() -> dict[str, int | None]:
    return {d.admin.country: d.admin.iso for d in divisions()}


def _iso(country: str | None) -> int | None:
    if not country:
        return None
    bundled = _bundled_iso().get(country)
    return bundled if bundled is not None else iso_numeric().get(country)


@lru_cache(maxsize=1)
def _kb() -> Any:
    from marsad.kb.gazetteer import load_kb

    return load_kb()


def ancestors_of(entity_id: str, parent: str | None) -> list[str]:
    """The entity's ancestors (nearest first), from the knowledge base."""
    kb = _kb()
    if entity_id in kb:
        return kb.ancestors(entity_id)
    if parent and parent in kb:
        return [parent, *kb.ancestors(parent)]
    return [parent] if parent else []


@lru_cache(maxsize=4096)
def _governorate_code(entity_id: str, country: str | None) -> str | None:
    """The ISO 3166-2 code of a gazetteer governorate: the division holding its own point."""
    ent = _kb().get(entity_id)
    if ent is None or ent.lat is None or ent.lon is None:
        return None
    admin = admin_of(ent.lat, ent.lon, country=country)
    return admin.admin1_code if admin else None


def place_admin(entity_id: str, entity_type: str | None, subtype: str | None,
                lat: float | None, lon: float | None, parent: str | None = None) -> PlaceAdmin:
    """Country, governorate and precision of one place (see the module docstring)."""
    kb = _kb()
    level, precision, on_map = level_of(entity_type, subtype)
    chain = ancestors_of(entity_id, parent)
    country_ent = None
    for eid in [entity_id, *chain]:
        ent = kb.get(eid)
        if ent is not None and (ent.subtype == "country" or ent.type == "state") \
                and ent.subtype in (None, "country"):
            country_ent = ent
            break
    country = country_ent.name_en if country_ent else None
    country_ar = country_ent.name if country_ent else None
    iso = _iso(country)
    if level in ("country", "region") or lat is None or lon is None:
        return PlaceAdmin(level, precision, on_map and lat is not None, country, country_ar, iso)
    bundled_country = country if country in _bundled_iso() else None
    if country and bundled_country is None:  # a place in a country whose divisions are not bundled
        return PlaceAdmin(level, precision, on_map, country, country_ar, iso)
    hint = next((_governorate_code(eid, bundled_country) for eid in [entity_id, *chain]
                 if (e := kb.get(eid)) is not None and e.subtype == "governorate"), None)
    admin: Admin | None = admin_of(lat, lon, country=bundled_country, prefer=hint)
    if admin is None:
        return PlaceAdmin(level, precision, on_map, country, country_ar, iso)
    return PlaceAdmin(level, precision, on_map, admin.country,
                      country_ar if admin.country == country else _arabic_country(admin.country),
                      admin.iso, admin.admin1, admin.admin1_ar, admin.admin1_code, None,
                      admin.snapped)


def _arabic_country(name_en: str) -> str | None:
    return next((e.name for e in _kb().of_type("state")
                 if e.subtype == "country" and e.name_en == name_en), None)
