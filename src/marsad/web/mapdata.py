"""The offline map: country outlines of Syria, Iraq and their neighbours, drawn as SVG.

The outlines live in ``static/map/levant.geojson``. They were extracted at development time
from the npm package ``world-atlas`` 2.0.2 (``countries-50m.json``, TopoJSON made from Natural
Earth 1:50m admin-0 countries; Natural Earth is public domain) with::

    python -m marsad.web.mapdata path/to/world-atlas/countries-50m.json

so the file can be rebuilt and audited. No tile server, no download at run time: the server
projects lon/lat with a plain equirectangular projection (x scaled by cos of the mid
latitude so shapes keep their proportions) and writes SVG paths into the page.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MAP_FILE = Path(__file__).parent / "static" / "map" / "levant.geojson"

# ISO 3166-1 numeric ids in world-atlas -> (id, Arabic name, English name, is focus country)
COUNTRIES: dict[str, tuple[str, str, str, bool]] = {
    "760": ("SY", "سوريا", "Syria", True),
    "368": ("IQ", "العراق", "Iraq", True),
    "792": ("TR", "تركيا", "Turkey", False),
    "400": ("JO", "الأردن", "Jordan", False),
    "422": ("LB", "لبنان", "Lebanon", False),
    "376": ("IL", "إسرائيل", "Israel", False),
    "275": ("PS", "فلسطين", "Palestine", False),
    "682": ("SA", "السعودية", "Saudi Arabia", False),
    "364": ("IR", "إيران", "Iran", False),
    "414": ("KW", "الكويت", "Kuwait", False),
    "196": ("CY", "قبرص", "Cyprus", False),
}

# The window drawn: Syria and Iraq with a margin (lon/lat degrees).
VIEW_LON = (34.6, 49.0)
VIEW_LAT = (28.8, 38.2)
# Outlines are clipped to a slightly larger box so neighbours are not carried whole.
CLIP_LON = (31.0, 52.0)
CLIP_LAT = (26.0, 40.5)


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular lon/lat -> SVG x/y for the fixed map window."""

    width: float
    height: float
    kx: float
    ky: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - VIEW_LON[0]) * self.kx, (VIEW_LAT[1] - lat) * self.ky)

    def contains(self, lon: float, lat: float) -> bool:
        return VIEW_LON[0] <= lon <= VIEW_LON[1] and VIEW_LAT[0] <= lat <= VIEW_LAT[1]


@lru_cache(maxsize=1)
def projection(width: float = 900.0) -> Projection:
    mid_lat = math.radians((VIEW_LAT[0] + VIEW_LAT[1]) / 2)
    kx = width / (VIEW_LON[1] - VIEW_LON[0])
    ky = kx / math.cos(mid_lat)
    height = (VIEW_LAT[1] - VIEW_LAT[0]) * ky
    return Projection(width, round(height, 1), kx, ky)


@lru_cache(maxsize=1)
def country_paths() -> tuple[dict[str, Any], ...]:
    """Each country of the bundled file as ``{"id","name","name_en","focus","d"}`` (SVG path)."""
    proj = projection()
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    out: list[dict[str, Any]] = []
    for feature in data["features"]:
        props = feature["properties"]
        parts: list[str] = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                pts = [proj.point(lon, lat) for lon, lat in ring]
                parts.append(
                    "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z"
                )
        out.append(
            {
                "id": props["id"],
                "name": props["name"],
                "name_en": props["name_en"],
                "focus": props["focus"],
                "d": "".join(parts),
                "label": _label_point(props["id"], proj),
            }
        )
    # Neighbours first so the focus countries are drawn on top.
    out.sort(key=lambda c: c["focus"])
    return tuple(out)


_LABELS = {"SY": (38.3, 35.3), "IQ": (43.6, 32.6), "TR": (38.5, 37.8), "JO": (36.9, 30.6),
           "SA": (41.0, 29.3), "IR": (47.6, 34.2), "LB": (35.4, 33.3), "KW": (47.6, 29.25)}


def _label_point(country_id: str, proj: Projection) -> tuple[float, float] | None:
    lonlat = _LABELS.get(country_id)
    return proj.point(*lonlat) if lonlat else None


# --- development-time extraction from world-atlas TopoJSON ----------------------------------


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        pts: list[tuple[float, float]] = []
        for dx, dy in arc:  # delta-encoded, quantised
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in arc_ids:
        seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(seg if not pts else seg[1:])
    return pts


def _clip_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # Clamping to the box is enough for an outline map: parts outside collapse onto its edge,
    # which lies outside the visible window.
    return [
        (min(max(lon, CLIP_LON[0]), CLIP_LON[1]), min(max(lat, CLIP_LAT[0]), CLIP_LAT[1]))
        for lon, lat in ring
    ]


def _simplify(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Drop points closer than ``tolerance`` degrees to the last kept one (keeps files small)."""
    kept = [ring[0]]
    for lon, lat in ring[1:-1]:
        plon, plat = kept[-1]
        if abs(lon - plon) + abs(lat - plat) >= tolerance:
            kept.append((lon, lat))
    kept.append(ring[-1])
    return kept


def build_from_topojson(topojson_path: str, out_path: Path = MAP_FILE) -> None:
    topology = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        meta = COUNTRIES.get(str(geom.get("id")))
        if meta is None:
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        coords = []
        for polygon in polygons:
            rings = []
            for ring_arcs in polygon:
                ring = _clip_ring(_ring(ring_arcs, arcs))
                if not any(
                    CLIP_LON[0] < lon < CLIP_LON[1] and CLIP_LAT[0] < lat < CLIP_LAT[1]
                    for lon, lat in ring
                ):
                    continue
                ring = _simplify(ring, 0.02)
                if len(ring) >= 4:
                    rings.append([[round(lon, 3), round(lat, 3)] for lon, lat in ring])
            if rings:
                coords.append(rings)
        cid, name, name_en, focus = meta
        features.append(
            {
                "type": "Feature",
                "properties": {"id": cid, "name": name, "name_en": name_en, "focus": focus},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "world-atlas 2.0.2 countries-50m (Natural Earth 1:50m, public domain)",
        "features": features,
    }
    out_path.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - development tool
    build_from_topojson(sys.argv[1])
