"""Exports a GIS or a spreadsheet can read: events as ACLED-like rows, incidents as GeoJSON.

One row per event with the columns analysts know from ACLED (``event_date``,
``time_precision``, ``event_type``, ``actor1``/``actor2``, ``location``, ``latitude``/
``longitude``, ``geo_precision``...) plus what marsad adds: who says so (``source_outlet``,
``claim_speaker``, ``speaker_kind``), the ``modality`` and the ``evidence`` sentence.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from marsad.corpus.dates import precision

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "doc", "incident", "event_date", "time_precision", "event_type", "actor1",
    "actor2", "location", "location_id", "latitude", "longitude", "geo_precision", "count_min",
    "count_max", "count_unit", "source_outlet", "published", "claim_speaker", "speaker_kind",
    "modality", "trigger", "evidence", "url",
    # added by marsad, last so that column positions stay stable: an attempt told as stopped,
    # and a running total told with the event (see docs/schema.md)
    "foiled", "count_total_min", "count_total_max",
)

_GEO_PRECISION = {
    "facility": "facility", "prison": "facility", "camp": "facility", "town": "town",
    "city": "town", "village": "town", "neighbourhood": "town", "neighborhood": "town",
    "district": "town", "subdistrict": "town", "countryside": "governorate",
    "governorate": "governorate", "region": "governorate", "country": "country",
}


def geo_precision(entity: dict[str, Any] | None) -> str | None:
    if not entity:
        return None
    for key in (entity.get("subtype"), entity.get("type")):
        if key and key in _GEO_PRECISION:
            return _GEO_PRECISION[key]
    return "facility" if entity.get("type") == "facility" else None


def event_rows(conn: Any) -> Iterator[dict[str, Any]]:
    """One dict per stored event, with the EVENT_COLUMNS keys (``conn``: sqlite3 connection)."""
    names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM entities")}
    sql = """
        SELECT e.doc, e.event_id, e.type, e.date_value, e.place, e.count_min, e.count_max,
               e.count_unit, e.modality, e.trigger_text, e.evidence, e.claim, e.json,
               d.outlet_name, d.outlet_id, d.published, d.url,
               p.type AS p_type, p.subtype AS p_subtype, p.name AS p_name, p.lat, p.lon,
               c.speaker_text, c.speaker_kind, x.incident
        FROM events e JOIN documents d ON d.id = e.doc
        LEFT JOIN entities p ON p.id = e.place
        LEFT JOIN claims c ON c.doc = e.doc AND c.claim_id = e.claim
        LEFT JOIN incident_events x ON x.doc = e.doc AND x.event_id = e.event_id
        ORDER BY d.seq, e.rowid"""
    for r in conn.execute(sql):
        actors = conn.execute(
            "SELECT entity, role FROM event_actors WHERE doc = ? AND event_id = ?",
            (r["doc"], r["event_id"]),
        ).fetchall()
        contract = json.loads(r["json"]) if r["json"] else {}
        total = contract.get("count_total") or {}
        agents = [names.get(a[0], a[0]) for a in actors if a[1] == "agent"]
        others = [names.get(a[0], a[0]) for a in actors if a[1] != "agent"]
        yield {
            "event_id": f"{r['doc']}/{r['event_id']}",
            "doc": r["doc"],
            "incident": r["incident"],
            "event_date": r["date_value"],
            "time_precision": precision(r["date_value"]),
            "event_type": r["type"],
            "actor1": "; ".join(agents) or None,
            "actor2": "; ".join(others) or None,
            "location": r["p_name"],
            "location_id": r["place"],
            "latitude": r["lat"],
            "longitude": r["lon"],
            "geo_precision": geo_precision(
                {"type": r["p_type"], "subtype": r["p_subtype"]} if r["place"] else None),
            "count_min": r["count_min"],
            "count_max": r["count_max"],
            "count_unit": r["count_unit"],
            "source_outlet": r["outlet_name"] or r["outlet_id"],
            "published": r["published"],
            "claim_speaker": r["speaker_text"],
            "speaker_kind": r["speaker_kind"],
            "modality": r["modality"],
            "trigger": r["trigger_text"],
            "evidence": r["evidence"],
            "url": r["url"],
            "foiled": bool(contract.get("foiled")),
            "count_total_min": total.get("min"),
            "count_total_max": total.get("max"),
        }


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    w.writeheader()
    n = 0
    for row in rows:
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
        n += 1
    return n


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def incidents_geojson(incidents: Iterator[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """A FeatureCollection of incident points; incidents without coordinates are left out
    (returned count) since a map cannot place them."""
    features = []
    missing = 0
    for inc in incidents:
        if inc.get("lat") is None or inc.get("lon") is None:
            missing += 1
            continue
        features.append({
            "type": "Feature",
            "id": inc["id"],
            "geometry": {"type": "Point", "coordinates": [inc["lon"], inc["lat"]]},
            "properties": {
                "id": inc["id"],
                "type": inc.get("type"),
                "date": inc.get("date"),
                "place": inc.get("place"),
                "place_name": inc.get("place_name"),
                "outlets": list(inc.get("outlets") or []),
                "independent_sources": inc.get("independent_sources"),
                "reports": len(inc.get("events") or []),
                "modalities": dict(inc.get("modalities") or {}),
                "counts": list(inc.get("counts") or []),
            },
        })
    return {"type": "FeatureCollection", "features": features}, missing


def csv_string(rows: Iterator[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_csv(rows, buf)
    return buf.getvalue()
