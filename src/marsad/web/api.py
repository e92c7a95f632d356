"""The JSON API under ``/api/``: the contract objects, paginated as ``{"total", "offset",
"limit", "items"}``, with the OpenAPI schema FastAPI builds from these routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import Response

from marsad.store.fts import query_problem, unmark
from marsad.web import mapview
from marsad.web.new_since import moment as _moment
from marsad.web.queries import MAX_LIMIT, MAX_OFFSET, filters_of, found, is_store_error, paged
from marsad.web.store_access import StoreLike


def add_api(app: FastAPI, st: Callable[[], StoreLike]) -> None:
    """Register the JSON API on ``app`` (``st()``: the calling thread's store)."""
    Offset = Query(0, ge=0, le=MAX_OFFSET, description="skip this many items")
    Limit = Query(50, ge=1, le=MAX_LIMIT, description="return at most this many items")
    NewSince = Query(None, description="only what was ingested since: a period back from now "
                                       "(15m, 24h, 7d) or an ISO date/time in UTC")

    @app.get("/api/stats", tags=["corpus"], summary="Counts of documents, outlets, events...")
    def api_stats() -> dict[str, Any]:
        return st().stats()

    @app.get("/api/documents", tags=["documents"], summary="List documents (filterable)")
    def api_documents(offset: int = Offset, limit: int = Limit, outlet: str | None = None,
                      event_type: str | None = None, place: str | None = None,
                      date_from: str | None = None, date_to: str | None = None,
                      new_since: str | None = NewSince) -> dict[str, Any]:
        filters = filters_of(outlet, event_type, place, date_from, date_to)
        return paged(st().list_documents(offset=offset, limit=limit, new_since=_moment(new_since),
                                          **filters), offset, limit)

    @app.get("/api/documents/{doc_id}", tags=["documents"],
             summary="One document: the full contract object")
    def api_document(doc_id: str) -> dict[str, Any]:
        return found(st().get_document(doc_id), f"no document {doc_id!r}")

    @app.get("/api/events", tags=["events"], summary="List events across documents")
    def api_events(offset: int = Offset, limit: int = Limit, doc: str | None = None,
                   event_type: str | None = None, place: str | None = None,
                   date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        filters = filters_of(None, event_type, place, date_from, date_to)
        del filters["outlet"]  # events are filtered by document, type, place and date
        return paged(st().list_events(offset=offset, limit=limit, doc_id=doc, **filters),
                      offset, limit)

    @app.get("/api/claims", tags=["claims"], summary="List claims (who said what)")
    def api_claims(offset: int = Offset, limit: int = Limit,
                   doc: str | None = None) -> dict[str, Any]:
        return paged(st().list_claims(offset=offset, limit=limit, doc_id=doc), offset, limit)

    @app.get("/api/incidents", tags=["incidents"], summary="List incidents (events merged)")
    def api_incidents(offset: int = Offset, limit: int = Limit,
                      new_since: str | None = NewSince) -> dict[str, Any]:
        return paged(st().list_incidents(offset=offset, limit=limit,
                                          new_since=_moment(new_since)), offset, limit)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"],
             summary="One incident with its reports")
    def api_incident(incident_id: str) -> dict[str, Any]:
        return found(st().get_incident(incident_id), f"no incident {incident_id!r}")

    @app.get("/api/reuse", tags=["reuse"], summary="Text reuse pairs (who copied whom)")
    def api_reuse(offset: int = Offset, limit: int = Limit,
                  doc: str | None = None) -> dict[str, Any]:
        return paged(st().list_reuse(offset=offset, limit=limit, doc_id=doc), offset, limit)

    @app.get("/api/search", tags=["search"],
             summary="Full-text search; snippets mark matches with \\u0002...\\u0003")
    def api_search(q: str = Query(..., min_length=1, description="search terms"),
                   offset: int = Offset, limit: int = Query(20, ge=1, le=MAX_LIMIT),
                   outlet: str | None = None, event_type: str | None = None,
                   place: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> dict[str, Any]:
        filters = filters_of(outlet, event_type, place, date_from, date_to)
        if problem := query_problem(q):
            raise HTTPException(400, f"search {q!r}: {problem}")
        try:
            res = st().search(q, offset=offset, limit=limit, **filters)
        except Exception as exc:
            if not is_store_error(exc):
                raise
            raise HTTPException(400, str(exc)) from None
        for item in res["items"]:  # the marked snippet stays; a plain one with offsets beside it
            item["snippet_text"], item["snippet_matches"] = unmark(item.get("snippet") or "")
        return paged(res, offset, limit)

    @app.get("/api/map/incidents", tags=["map"],
             summary="Incidents as GeoJSON points (the map's data; country/region-level ones "
                     "have a null geometry)")
    def api_map_incidents() -> dict[str, Any]:
        return mapview.incidents_geojson(st())

    @app.get("/api/map/boundaries", tags=["map"],
             summary="Governorate outlines of Syria and Iraq (GeoJSON, Natural Earth)")
    def api_map_boundaries() -> Response:
        return Response(mapview.boundaries_json(), media_type="application/geo+json")

    @app.get("/api/outlets", tags=["corpus"], summary="Outlets with document counts")
    def api_outlets() -> list[dict[str, Any]]:
        return st().list_outlets()

    @app.get("/api/places", tags=["corpus"], summary="Places with coordinates and event counts")
    def api_places() -> list[dict[str, Any]]:
        return st().list_places()
