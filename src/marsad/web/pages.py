"""The HTML pages (Arabic-first, right-to-left): overview, incidents, documents with every
value highlighted where it came from, reuse pairs aligned, search, map, and the offline API
reference."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from marsad.store.fts import query_problem
from marsad.web import highlight, mapview, svg
from marsad.web.incident_view import JOINED_BY, incident_view
from marsad.web.new_since import moment as _moment
from marsad.web.new_since import new_choice as _new_choice
from marsad.web.queries import (
    MAX_LIMIT,
    MAX_OFFSET,
    PAGE_SIZE,
    filter_choices,
    filters_of,
    form_of,
    found,
    is_store_error,
    pager,
)
from marsad.web.store_access import StoreLike
from marsad.web.templating import outlet_name


def add_pages(app: FastAPI, st: Callable[[], StoreLike], templates: Jinja2Templates) -> None:
    """Register the HTML pages on ``app`` (``st()``: the calling thread's store)."""

    def page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        store = st()
        incidents = store.list_incidents(offset=0, limit=MAX_LIMIT)
        items = incidents["items"]
        recent = store.list_documents(offset=0, limit=10)["items"]
        _fill_excerpts(store, recent)
        top = sorted(items, key=lambda i: (-(i.get("independent_sources") or 0),
                                           -len(i.get("events") or [])))[:12]
        return page(request, "overview.html", {
            "nav": "overview", "stats": store.stats(),
            "timeline": svg.timeline(mapview.timeline_items(store) or items),
            "top_incidents": top, "incidents_total": incidents["total"],
            "outlets": store.list_outlets(),
            "recent": recent,
        })

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def incidents_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET),
                       new_since: str = "") -> HTMLResponse:
        moment = _moment(new_since)
        res = st().list_incidents(offset=offset, limit=PAGE_SIZE, new_since=moment)
        return page(request, "incidents.html", {
            "nav": "incidents", "result": res, "pager": pager(request, res, offset),
            "new": _new_choice(new_since, moment, "/incidents")})

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: str) -> HTMLResponse:
        store = st()
        inc = found(store.get_incident(incident_id),
                     f"لا يوجد حدث بهذا المعرف · no incident {incident_id!r}")
        view = incident_view(
            inc, outlet_name=outlet_name,
            reuse_of=lambda d: store.list_reuse(offset=0, limit=MAX_LIMIT, doc_id=d)["items"],
            claims_of=lambda d: store.list_claims(offset=0, limit=MAX_LIMIT, doc_id=d)["items"])
        _fill_excerpts(store, view["documents"], title_key="title", id_key="doc")
        return page(request, "incident.html", {"nav": "incidents", "inc": inc, "view": view,
                                               "reports": view["reports"],
                                               "JOINED_BY": JOINED_BY})

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET), outlet: str = "",
                       event_type: str = "", place: str = "", date_from: str = "",
                       date_to: str = "", new_since: str = "") -> HTMLResponse:
        filters = filters_of(outlet, event_type, place, date_from, date_to)
        moment = _moment(new_since)
        res = st().list_documents(offset=offset, limit=PAGE_SIZE, new_since=moment, **filters)
        _fill_excerpts(st(), res["items"])
        return page(request, "documents.html", {
            "nav": "documents", "result": res, "pager": pager(request, res, offset),
            "new": _new_choice(new_since, moment, "/documents"),
            "form": form_of(outlet, event_type, place, date_from, date_to),
            **filter_choices(st())})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        store = st()
        doc = found(store.get_document(doc_id),
                     f"لا توجد وثيقة بهذا المعرف · no document {doc_id!r}")
        text = doc.get("text") or ""
        marked = highlight.render_highlighted(text, highlight.document_highlights(doc))
        reuse = store.list_reuse(offset=0, limit=50, doc_id=doc_id)["items"]
        return page(request, "document.html", {
            "nav": "documents", "doc": doc, "marked": marked, "reuse": reuse,
            "dir": "rtl" if (doc.get("language") or "ar") in {"ar", "fa", "ur", "ps"} else "ltr",
            "claims_by_id": {c["id"]: c for c in doc.get("claims") or []},
            "incident_of": _incidents_by_event(store, doc_id),
        })

    @app.get("/reuse", response_class=HTMLResponse, include_in_schema=False)
    def reuse_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
        res = st().list_reuse(offset=offset, limit=PAGE_SIZE)
        for side in ("a", "b"):
            _fill_excerpts(st(), res["items"], title_key=f"{side}_title", id_key=side,
                           out_key=f"{side}_excerpt")
        return page(request, "reuse.html", {
            "nav": "reuse", "result": res, "pager": pager(request, res, offset)})

    @app.get("/reuse/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def reuse_pair_page(request: Request, a: str, b: str) -> HTMLResponse:
        store = st()
        pair = next((p for p in store.list_reuse(offset=0, limit=MAX_LIMIT, doc_id=a)["items"]
                     if {p.get("a"), p.get("b")} == {a, b}), None)
        doc_a, doc_b = (store.get_document(pair["a"]), store.get_document(pair["b"])) if pair \
            else (None, None)
        if pair is None or doc_a is None or doc_b is None:
            raise HTTPException(404, f"لا يوجد تشابه نصي بين · no reuse pair {a!r} / {b!r}")
        return page(request, "reuse_pair.html", {
            "nav": "reuse", "pair": pair, "doc_a": doc_a, "doc_b": doc_b,
            "rows": _aligned(pair, doc_a.get("text") or "", doc_b.get("text") or "")})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET),
                    outlet: str = "", event_type: str = "", place: str = "",
                    date_from: str = "", date_to: str = "") -> HTMLResponse:
        filters = filters_of(outlet, event_type, place, date_from, date_to)
        res = None
        error = None
        if q.strip() and (problem := query_problem(q.strip())):
            error, res = problem, {"total": 0, "items": []}
        elif q.strip():
            try:
                res = st().search(q.strip(), offset=offset, limit=PAGE_SIZE, **filters)
            except Exception as exc:  # a query the full-text engine cannot parse
                if not is_store_error(exc):
                    raise
                error, res = str(exc), {"total": 0, "items": []}
            for item in res["items"]:
                item["snippet_html"] = highlight.mark_snippet(item.get("snippet") or "")
            _fill_excerpts(st(), res["items"])
        return page(request, "search.html", {
            "nav": "search", "q": q, "result": res, "error": error,
            "pager": pager(request, res, offset) if res else None,
            "form": form_of(outlet, event_type, place, date_from, date_to),
            **filter_choices(st())})

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, since: str = "", until: str = "", type: str = "",
                 min_confidence: str = "") -> HTMLResponse:
        return page(request, "map.html", {
            "nav": "map", "unmapped": mapview.unmapped(st()),
            "form": {"since": since, "until": until, "type": type,
                     "min_confidence": min_confidence},
            "type_choices": svg.EVENT_TYPES_AR})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=308)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "api_docs.html", {"nav": "api",
                                               "endpoints": _endpoints(app.openapi())})

    @app.get("/api", include_in_schema=False)
    def api_root() -> RedirectResponse:
        return RedirectResponse("/api/docs")


def _fill_excerpts(store: StoreLike, items: list[dict[str, Any]], *, title_key: str = "title",
                   id_key: str = "id", out_key: str = "excerpt") -> None:
    """Give untitled documents an ``excerpt`` (their first words) to show instead of a hash."""
    for item in items:
        if item.get(title_key) or not item.get(id_key):
            continue
        doc = store.get_document(item[id_key])
        text = " ".join(((doc or {}).get("text") or "").split())
        if text:
            item[out_key] = text[:90].rsplit(" ", 1)[0] + "…" if len(text) > 90 else text


def _incidents_by_event(store: StoreLike, doc_id: str) -> dict[str, dict[str, Any]]:
    """event id -> the incident it was merged into, for one document's events."""
    direct = getattr(store, "incidents_for_document", None)
    if direct is not None:  # the SQLite store answers from its index
        return dict(direct(doc_id))
    out: dict[str, dict[str, Any]] = {}
    for inc in store.list_incidents(offset=0, limit=MAX_LIMIT)["items"]:
        for member in inc.get("events") or []:
            if isinstance(member, Mapping) and member.get("doc") == doc_id:
                out[str(member.get("event"))] = inc
    return out


def _aligned(pair: Mapping[str, Any], text_a: str, text_b: str) -> list[dict[str, Any]]:
    """Shared passages of a reuse pair as rows: the passage in A beside the passage in B."""
    a_spans = [tuple(s) for s in pair.get("a_spans") or []]
    b_spans = [tuple(s) for s in pair.get("b_spans") or []]
    rows = []
    for k in range(max(len(a_spans), len(b_spans))):
        a = a_spans[k] if k < len(a_spans) else None
        b = b_spans[k] if k < len(b_spans) else None
        rows.append({
            "a": text_a[a[0]:a[1]] if a else "", "b": text_b[b[0]:b[1]] if b else "",
            "a_span": a, "b_span": b,
        })
    return rows


def _endpoints(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, ops in (schema.get("paths") or {}).items():
        for method, op in ops.items():
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required"),
                       "type": (p.get("schema") or {}).get("type")
                       or "/".join(str(s.get("type")) for s in (p.get("schema") or {}).get("anyOf", [])),
                       "description": p.get("description") or ""}
                      for p in op.get("parameters") or []]
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary"),
                        "tags": op.get("tags") or [], "params": params})
    return out
