"""Timeline and map geometry for the server-rendered SVG figures."""

from __future__ import annotations

import datetime as dt
import json

from marsad.web.mapdata import MAP_FILE, country_paths, projection
from marsad.web.svg import incident_map, parse_date, timeline


def test_parse_date_is_only_as_precise_as_the_value() -> None:
    assert parse_date("2022-01-20") == dt.date(2022, 1, 20)
    assert parse_date("2022-01") == dt.date(2022, 1, 1)
    assert parse_date("2022") == dt.date(2022, 1, 1)
    assert parse_date("2024-W35") == dt.date.fromisocalendar(2024, 35, 1)
    assert parse_date({"value": "2022-02-03"}) == dt.date(2022, 2, 3)
    for unanchored in ("XXXX-11-27", None, "", "2022-13-01", "soon"):
        assert parse_date(unanchored) is None


def test_timeline_orders_points_by_date_and_keeps_undated_apart() -> None:
    incidents = [
        {"id": "i1", "type": "escape", "date": "2022-01-20", "events": [{}, {}]},
        {"id": "i2", "type": "transfer", "date": "2023-03", "events": [{}]},
        {"id": "i3", "type": "release", "date": None, "events": [{}]},
    ]
    tl = timeline(incidents)
    xs = {p["incident"]["id"]: p["x"] for p in tl["points"]}
    assert xs["i1"] < xs["i2"]
    assert [i["id"] for i in tl["undated"]] == ["i3"]
    assert {lane["type"] for lane in tl["lanes"]} == {"escape", "transfer"}
    assert tl["ticks"]
    assert timeline([])["points"] == []


def test_bundled_map_has_syria_and_iraq_and_projects_known_places() -> None:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    ids = {f["properties"]["id"] for f in data["features"]}
    assert {"SY", "IQ", "TR", "JO"} <= ids
    assert "Natural Earth" in data["source"]
    paths = {c["id"]: c for c in country_paths()}
    assert paths["SY"]["focus"] and paths["IQ"]["focus"] and not paths["TR"]["focus"]
    proj = projection()
    # Hasakah (north-east Syria) lies east of Damascus and north of Baghdad on the drawing
    hx, hy = proj.point(40.75, 36.50)
    dx, dy = proj.point(36.29, 33.51)
    bx, by = proj.point(44.37, 33.31)
    assert dx < hx < bx and hy < dy and hy < by
    assert 0 < hx < proj.width and 0 < hy < proj.height


def test_incident_map_places_only_incidents_with_coordinates_in_view() -> None:
    m = incident_map([
        {"id": "a", "type": "escape", "lat": 36.48, "lon": 40.72, "events": [{}]},
        {"id": "b", "type": "escape", "lat": None, "lon": None},
        {"id": "c", "type": "escape", "lat": 48.85, "lon": 2.35},  # Paris: outside the map
    ])
    assert [p["incident"]["id"] for p in m["points"]] == ["a"]
    assert {i["id"] for i in m["unplaced"]} == {"b", "c"}
