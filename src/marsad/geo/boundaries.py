"""Point in polygon over the bundled admin-1 boundaries (governorates, provinces).

``admin_of(lat, lon)`` gives the country and first-level division that contain a point, from
``geo/data/admin1.geojson`` (Natural Earth 1:10m admin-1, public domain; see
``geo/data/README.md``). Each polygon carries its bounding box, so a lookup tests the ray
crossing of only the few polygons whose box holds the point.

The polygons are simplified (a few hundred metres), so a point on a coast or a border can
fall just outside every polygon; such a point takes the nearest polygon within
``SNAP_DEGREES`` (about 5 km) and is marked ``snapped``.

Admin-2 (districts) is not bundled: no district boundaries for Syria or Iraq under an open
licence are published on the package registries marsad may use (PyPI, npm, Debian), so
``admin2`` stays empty rather than being typed by hand.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "admin1.geojson"
SNAP_DEGREES = 0.05
# How far a point may lie outside the governorate the gazetteer puts it in and still take it:
# Natural Earth's 1:10m admin-1 lines are generalised by up to ~15 km where governorates meet
# in built-up belts (Baghdad's districts, the Damascus Ghouta)
PREFER_DEGREES = 0.15

Ring = list[tuple[float, float]]  # (lon, lat) pairs, closed


@dataclass(frozen=True, slots=True)
class Admin:
    """The divisions holding a point."""

    country: str          # English short name ("Syria")
    iso: int | None       # ISO 3166-1 numeric (ACLED's ``iso``: 760 for Syria)
    iso2: str             # ISO 3166-1 alpha-2
    admin1: str           # English name of the governorate/province ("Al-Hasakah")
    admin1_ar: str        # its Arabic name ("الحسكة")
    admin1_code: str      # ISO 3166-2 ("SY-HA")
    snapped: bool = False  # outside every (simplified) polygon, taken from the nearest one


@dataclass(frozen=True, slots=True)
class _Division:
    admin: Admin
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    polygons: tuple[tuple[Ring, ...], ...]   # each: outer ring, then holes
    official: bool                           # has an ISO 3166-2 code (not "SY-X01~")


def _inside_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray casting (a horizontal ray towards +lon)."""
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > lat) != (y0 > lat):
            cross = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
            if lon < cross:
                inside = not inside
        x0, y0 = x1, y1
    return inside


def _inside(lon: float, lat: float, division: _Division) -> bool:
    west, south, east, north = division.bbox
    if not (west <= lon <= east and south <= lat <= north):
        return False
    for outer, *holes in division.polygons:
        if _inside_ring(lon, lat, outer) and not any(_inside_ring(lon, lat, h) for h in holes):
            return True
    return False


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _distance(lon: float, lat: float, division: _Division,
              limit: float = SNAP_DEGREES) -> float:
    """Degrees from the point to the division's outline (inf when its box is farther than
    ``limit``)."""
    west, south, east, north = division.bbox
    if not (west - limit <= lon <= east + limit and south - limit <= lat <= north + limit):
        return math.inf
    best = math.inf
    for polygon in division.polygons:
        ring = polygon[0]
        for (ax, ay), (bx, by) in itertools.pairwise(ring):
            best = min(best, _segment_distance(lon, lat, ax, ay, bx, by))
    return best


@lru_cache(maxsize=1)
def divisions() -> tuple[_Division, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        p = feature["properties"]
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        polygons = tuple(tuple([(float(x), float(y)) for x, y in ring] for ring in poly)
                         for poly in polys)
        xs = [x for poly in polygons for x, _ in poly[0]]
        ys = [y for poly in polygons for _, y in poly[0]]
        out.append(_Division(
            admin=Admin(country=p["country"], iso=p.get("iso"), iso2=p["iso2"],
                        admin1=p["admin1"], admin1_ar=p["admin1_ar"],
                        admin1_code=p["admin1_code"]),
            bbox=(min(xs), min(ys), max(xs), max(ys)), polygons=polygons,
            official=not p["admin1_code"].endswith("~")))
    return tuple(out)


def _snapped(admin: Admin) -> Admin:
    return Admin(admin.country, admin.iso, admin.iso2, admin.admin1, admin.admin1_ar,
                 admin.admin1_code, snapped=True)


def admin_of(lat: float | None, lon: float | None, *, country: str | None = None,
             prefer: str | None = None) -> Admin | None:
    """The country and governorate holding a point, or None outside the bundled area.

    ``country`` (an English name, "Syria") limits the answer to that country's divisions: a
    border town such as Kobani or Tal Abyad lies within Natural Earth's precision of the
    Turkish border, and the gazetteer knows which side it is on. ``prefer`` (an ISO 3166-2
    code) is the governorate the gazetteer puts the place in: it wins over the polygon
    holding the point only when the point is within ``PREFER_DEGREES`` of it (the same
    ambiguity, between two governorates). A point outside every division takes the nearest
    one within ``SNAP_DEGREES``; either way the answer is marked ``snapped``.

    Natural Earth also has units without an ISO 3166-2 code (the UNDOF zone on the Golan,
    which holds Quneitra city): a point there takes the nearest governorate of the same
    country (what ACLED and the gazetteer call it).
    """
    if lat is None or lon is None:
        return None
    pool = [d for d in divisions() if d.official and (country is None or d.admin.country == country)]
    holder = next((d for d in pool if _inside(lon, lat, d)), None)
    if holder is None:
        unit = next((d for d in divisions() if not d.official and _inside(lon, lat, d)), None)
        if unit is not None:
            same = [d for d in pool if d.admin.country == unit.admin.country]
            near = min(same, key=lambda d: _distance(lon, lat, d, limit=4 * SNAP_DEGREES),
                       default=None)
            if near is not None and _distance(lon, lat, near, limit=4 * SNAP_DEGREES) < math.inf:
                return _snapped(near.admin)
            return unit.admin
    if holder is not None and (prefer is None or holder.admin.admin1_code == prefer):
        return holder.admin
    if prefer is not None:
        preferred = next((d for d in pool if d.admin.admin1_code == prefer), None)
        if preferred is not None and _distance(lon, lat, preferred, limit=PREFER_DEGREES) <= PREFER_DEGREES:
            return _snapped(preferred.admin)
    if holder is not None:
        return holder.admin
    best, best_d = None, SNAP_DEGREES
    for division in pool:
        d = _distance(lon, lat, division)
        if d <= best_d:
            best, best_d = division, d
    return _snapped(best.admin) if best is not None else None


def feature_collection() -> dict[str, Any]:
    """The bundled boundaries as GeoJSON (for the web map's offline base layer)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def iso_numeric() -> dict[str, int]:
    """English country name (Natural Earth's) -> ISO 3166-1 numeric, for every country."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {name: int(code) for name, code in (data.get("iso_numeric") or {}).items()}


def countries() -> list[tuple[str, str]]:
    """(iso2, English name) of every country whose divisions are bundled."""
    return sorted({(d.admin.iso2, d.admin.country) for d in divisions()})
