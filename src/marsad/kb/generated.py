"""The generated layer of the gazetteer: ``kb/data/places_geonames.tsv``.

Written by ``python -m marsad.kb.build_places`` (GeoNames cities500 plus rule variants, checked
against word lists at build time), read here at start-up. A tab-separated file rather than
TOML because it is large and read on every start: splitting lines is ~20x faster than parsing
the same data as TOML.

Two kinds of row (lines starting with ``#`` are comments):

``E  id  name  name_en  subtype  parent  lat  lon  geonames_id  plain forms  guarded forms``
    a place of GeoNames that the reviewed files do not hold;
``V  id  plain forms  guarded forms``
    spelling variants of a reviewed entity (by id) that the build checked.

Forms are ``|``-separated and already normalised. A *plain* form always names the entity; a
*guarded* form is an ordinary word too (الكرامة "dignity") or the name of several places, and
names the entity only after a settlement noun or before a locative anchor (see
``marsad.recognize.mentions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

GENERATED_FILE = "places_geonames.tsv"


@dataclass(frozen=True, slots=True)
class GeneratedPlace:
    id: str
    name: str
    name_en: str
    subtype: str
    parent: str
    lat: float
    lon: float
    geonames: str
    plain: tuple[str, ...]
    guarded: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneratedLayer:
    places: tuple[GeneratedPlace, ...]
    variants: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # reviewed id -> (plain, guarded)


def _split(field: str) -> tuple[str, ...]:
    return tuple(field.split("|")) if field else ()


def parse_generated(text: str, source: str = GENERATED_FILE) -> GeneratedLayer:
    """Parse the generated file; a malformed line raises ValueError naming file and line."""
    places: list[GeneratedPlace] = []
    variants: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            if cols[0] == "E":
                _, eid, name, name_en, subtype, parent, lat, lon, gid, plain, guarded = cols
                places.append(
                    GeneratedPlace(eid, name, name_en, subtype, parent, float(lat), float(lon), gid,
                                   _split(plain), _split(guarded))
                )
            elif cols[0] == "V":
                _, eid, plain, guarded = cols
                variants[eid] = (_split(plain), _split(guarded))
            else:
                raise ValueError(f"unknown row kind {cols[0]!r}")
        except ValueError as exc:
            raise ValueError(f"kb/data/{source}: line {n}: {exc}") from exc
    return GeneratedLayer(tuple(places), variants)


def read_generated() -> GeneratedLayer:
    path = resources.files("marsad.kb").joinpath(f"data/{GENERATED_FILE}")
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return GeneratedLayer((), {})
    return parse_generated(text)
