"""The data behind the Leaflet map and the overview timeline, from the export's incident rows.

The map's points are the incidents GeoJSON of ``marsad export`` (``marsad.corpus.export.
geometry``): a country- or region-level place has no point, so it is listed beside the map,
not drawn in mid-country. Stores without ``export_rows`` (test doubles) fall back to the
incident list.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from marsad.corpus.export import geometry, typed_rows
from marsad.web.svg import EVENT_TYPES_AR

MAX_INCIDENTS = 100_000
MAP_COUNTRIES = ("SY", "IQ")


def _rows(store: Any) -> list[dict[str, Any]] | None:
    export_rows = getattr(store, "export_rows", None)
    if export_rows is None:
        return None
    return list(typed_rows(export_rows("incidents")))


def _incident(row: dict[str, Any]) -> dict[str, Any]:
    """An export row in the shape the templates' incident helpers read."""
    return {"id": row["event_id"], "type": row["marsad_type"], "date": row["date_value"],
            "place": row["location_id"], "place_name": row["location"],
            "first_reported": row["first_reported"], "dated_by": row["dated_by"],
            "reports": row["reports"], "independent_sources": row["independent_sources"],
            "confidence": row["confidence"]}


def timeline_items(store: Any) -> list[dict[str, Any]] | None:
    """Every incident for the timeline (undated ones carry their first report date)."""
    rows = _rows(store)
    return None if rows is None else [_incident(r) for r in rows]


def unmapped(store: Any) -> list[dict[str, Any]]:
    """Incidents the map cannot place: a country/region-level place, or none."""
    rows = _rows(store)
    if rows is None:
        items = store.list_incidents(offset=0, limit=MAX_INCIDENTS)["items"]
        return [i for i in items if i.get("lat") is None or i.get("lon") is None]
    return [_incident(r) for r in rows if geometry(r) is None]


def incidents_geojson(store: Any) -> dict[str, Any]:
    """Incidents as a GeoJSON FeatureCollection with the few flat properties the map shows."""
    rows = _rows(store)
    features = []
    if rows is None:
        for inc in store.list_incidents(offset=0, limit=MAX_INCIDENTS)["items"]:
            point = geometry({"latitude": inc.get("lat"), "longitude": inc.get("lon")})
            features.append({"type": "Feature", "id": inc["id"], "geometry": point,
                             "properties": {"id": inc["id"], "type": inc.get("type"),
                                            "type_ar": EVENT_TYPES_AR.get(inc.get("type") or ""),
                                            "place": inc.get("place_name"),
                                            "date_value": inc.get("date"),
                                            "reports": len(inc.get("events") or [])}})
        return {"type": "FeatureCollection", "features": features}
    for r in rows:
        features.append({"type": "Feature", "id": r["event_id"], "geometry": geometry(r),
                         "properties": {
                             "id": r["event_id"], "type": r["marsad_type"],
                             "type_ar": EVENT_TYPES_AR.get(r["marsad_type"] or ""),
                             "place": r["location"], "country": r["country"],
                             "admin1": r["admin1"], "geo_precision": r["geo_precision"],
                             "date_value": r["date_value"], "date_earliest": r["date_earliest"],
                             "date_latest": r["date_latest"], "dated_by": r["dated_by"],
                             "first_reported": r["first_reported"], "reports": r["reports"],
                             "independent_sources": r["independent_sources"],
                             "confidence": r["confidence"]}})
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def boundaries_json() -> bytes:
    """The governorates of Syria and Iraq from the bundled boundaries, as GeoJSON bytes."""
    from marsad.geo.boundaries import feature_collection

    data = feature_collection()
    features = [f for f in data["features"] if f["properties"]["iso2"] in MAP_COUNTRIES]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
