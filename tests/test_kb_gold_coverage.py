"""Gazetteer coverage of the gold places: every place an event of ../shared/gold happens at
should be an entity of the knowledge base, named so and lying within the gold tolerance.

An entity covers a gold place when its point is within the place's ``tol_km`` of the gold
reference point and one of its English names contains one of the reference's names (the test
score_gold.py makes, here on the gazetteer alone). The fraction covered was 43/50 before the
admin units and the GeoNames layer, 49/50 after (the one left, Kharab al-Jir base, is ~11 km
from the reference point, 10 km allowed).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from marsad.kb import load_kb

FLOOR = 0.95
HELD_OUT = range(400, 603)  # articles being annotated blind: never read


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


def test_gold_places_are_in_the_gazetteer(shared_dir: Path) -> None:
    gold = shared_dir / "gold"
    if not (gold / "places.json").is_file():
        pytest.skip(f"{gold}/places.json not present")
    places = json.loads((gold / "places.json").read_text(encoding="utf-8"))
    aliases = {k.lower(): v for k, v in places.get("aliases", {}).items()}
    names: set[str] = set()
    for f in sorted(gold.glob("[0-9]*.json")):
        if int(f.stem) in HELD_OUT:
            continue
        names.update(e["place"] for e in json.loads(f.read_text(encoding="utf-8")).get("events", []) if e.get("place"))
    kb = load_kb()
    english: dict[str, set[str]] = {}
    for form, senses in kb.aliases.items():
        if form.isascii():
            for s in senses:
                english.setdefault(s.entity, set()).add(form)
    covered, missing = [], []
    for name in sorted(names):
        ref = places.get(aliases.get(name.lower(), ""))
        if ref is None:
            missing.append(name)
            continue
        for eid, forms in english.items():
            e = kb.get(eid)
            if e is None or e.lat is None or e.lon is None:
                continue
            if _km(e.lat, e.lon, ref["lat"], ref["lon"]) > ref["tol_km"]:
                continue
            written = " ".join(forms) + " " + (e.name_en or "").lower()
            if any(n in written for n in ref.get("names", [])):
                covered.append(name)
                break
        else:
            missing.append(name)
    assert names, "no gold places found"
    assert len(covered) / len(names) >= FLOOR, f"covered {len(covered)}/{len(names)}; missing {missing}"
