"""The marsad web application: server-rendered pages and a JSON API over a store.

``create_app(db_path)`` opens the database (a SQLite file or a PostgreSQL URL) read-only, one
connection per worker thread, and serves:

* HTML pages (Arabic-first, right-to-left): overview, incidents, documents with every value
  highlighted where it came from, reuse pairs aligned, search, map;
* JSON under ``/api/`` with the contract objects, paginated as
  ``{"total", "offset", "limit", "items"}``; the OpenAPI schema at ``/openapi.json`` and an
  offline, server-rendered reference page at ``/api/docs``.

Everything is read-only (GET only). All text is escaped by Jinja's autoescape or by
``highlight.py``; every response, a 500 included, carries a strict Content-Security-Policy
(no inline script or style, nothing from another origin), so the pages work offline and a
hostile article cannot run code in the analyst's browser. With ``hosts`` (``marsad serve``
always passes them) only requests naming an allowed host are answered (``web/hosts.py``:
DNS rebinding). Offsets are bounded (``MAX_OFFSET``): a huge one is a 422, not a database
overflow.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.store.fts import query_problem, unmark
from marsad.web import highlight, mapview, svg
from marsad.web.hosts import HostPolicy
from marsad.web.incident_view import JOINED_BY, incident_view
from marsad.web.new_since import moment as _moment
from marsad.web.new_since import new_choice as _new_choice

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PAGE_SIZE = 25
MAX_LIMIT = 500
# SQLite's integers stop at 2**63 - 1: an offset past that overflowed into a 500
MAX_OFFSET = 1_000_000_000
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class StoreLike(Protocol):
    """The read half of ``marsad.store.Store`` (see notes/store_api.md)."""

    def stats(self) -> dict[str, int]: ...
    def list_documents(self, offset: int = 0, limit: int = 50, **filters: Any) -> dict[str, Any]: ...
    def get_document(self, doc_id: str) -> dict[str, Any] | None: ...
    def list_events(self, offset: int = 0, limit: int = 50, **filters: Any) -> dict[str, Any]: ...
    def list_claims(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]: ...
    def list_incidents(self, offset: int = 0, limit: int = 50,
                       new_since: str | None = None) -> dict[str, Any]: ...
    def get_incident(self, incident_id: str) -> dict[str, Any] | None: ...
    def list_reuse(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]: ...
    def search(self, query: str, offset: int = 0, limit: int = 20, **filters: Any) -> dict[str, Any]: ...
    def list_outlets(self) -> list[dict[str, Any]]: ...
    def list_places(self) -> list[dict[str, Any]]: ...


class _StoreProvider:
    """One read-only Store per thread, opened on first use."""

    def __init__(self, factory: Callable[[], StoreLike]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._all: list[StoreLike] = []
        self._lock = threading.Lock()

    def get(self) -> StoreLike:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._factory()
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                close = getattr(store, "close", None)
                if close:
                    close()
            self._all.clear()


def create_app(db_path: str | Path | None = None, *, store: StoreLike | None = None,
               hosts: HostPolicy | None = None) -> FastAPI:
    """Build the application over the database at ``db_path`` (opened read-only): a SQLite
    file or a ``postgresql://`` URL.

    ``store`` lets a caller hand in an already open store object instead (used by tests);
    it must then be safe to use from several threads. ``hosts``: answer only requests whose
    ``Host`` header it allows (None: any, for tests and embedding).
    """
    if store is not None:
        provider = _StoreProvider(lambda: store)
    else:
        from marsad.store import default_db_path, is_postgres_url

        location = default_db_path(None if db_path is None else str(db_path))
        if not is_postgres_url(location) and not Path(location).is_file():
            raise FileNotFoundError(f"{location}: no such database (create it with `marsad ingest`)")

        def open_store() -> StoreLike:
            from marsad.store import Store

            return Store(location, readonly=True)

        provider = _StoreProvider(open_store)
        provider.get()  # fail now, not on the first request, if the file is not a marsad db

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        provider.close()

    app = FastAPI(
        lifespan=lifespan,
        title="marsad API",
        summary="مرصد: read-only access to documents, events, claims, incidents and text reuse.",
        version=_version(),
        docs_url=None,  # the default pages load Swagger/ReDoc from a CDN: we serve our own
        redoc_url=None,
    )
    app.state.store_provider = provider
    templates = _templates()

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., Any]) -> Any:
        if hosts is not None and not hosts.allows(request.headers.get("host")):
            response: Any = PlainTextResponse(
                f"marsad answers only as {hosts.describe()} (marsad serve --allow-host NAME "
                "adds a name)", status_code=400)
        else:
            response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Any:
        # Starlette answers an unhandled error outside every middleware: the headers the
        # middleware adds would be missing from exactly the responses nobody planned
        response: Any = (JSONResponse({"detail": "internal server error"}, status_code=500)
                         if request.url.path.startswith("/api/")
                         else PlainTextResponse("marsad: internal server error", status_code=500))
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail,
                                    "nav": ""},
            status_code=exc.status_code,
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    def st() -> StoreLike:
        return provider.get()

    def page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    # ---------------------------------------------------------------- HTML pages

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
            "nav": "incidents", "result": res, "pager": _pager(request, res, offset),
            "new": _new_choice(new_since, moment, "/incidents")})

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: str) -> HTMLResponse:
        store = st()
        inc = _found(store.get_incident(incident_id),
                     f"لا يوجد حدث بهذا المعرف · no incident {incident_id!r}")
        view = incident_view(
            inc, outlet_name=_outlet_name,
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
        filters = _filters(outlet, event_type, place, date_from, date_to)
        moment = _moment(new_since)
        res = st().list_documents(offset=offset, limit=PAGE_SIZE, new_since=moment, **filters)
        _fill_excerpts(st(), res["items"])
        return page(request, "documents.html", {
            "nav": "documents", "result": res, "pager": _pager(request, res, offset),
            "new": _new_choice(new_since, moment, "/documents"),
            "form": _form(outlet, event_type, place, date_from, date_to),
            **_filter_choices(st())})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        store = st()
        doc = _found(store.get_document(doc_id),
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
            "nav": "reuse", "result": res, "pager": _pager(request, res, offset)})

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
        filters = _filters(outlet, event_type, place, date_from, date_to)
        res = None
        error = None
        if q.strip() and (problem := query_problem(q.strip())):
            error, res = problem, {"total": 0, "items": []}
        elif q.strip():
            try:
                res = st().search(q.strip(), offset=offset, limit=PAGE_SIZE, **filters)
            except Exception as exc:  # a query the full-text engine cannot parse
                if not _is_store_error(exc):
                    raise
                error, res = str(exc), {"total": 0, "items": []}
            for item in res["items"]:
                item["snippet_html"] = highlight.mark_snippet(item.get("snippet") or "")
            _fill_excerpts(st(), res["items"])
        return page(request, "search.html", {
            "nav": "search", "q": q, "result": res, "error": error,
            "pager": _pager(request, res, offset) if res else None,
            "form": _form(outlet, event_type, place, date_from, date_to),
            **_filter_choices(st())})

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

    # ---------------------------------------------------------------- JSON API

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
        filters = _filters(outlet, event_type, place, date_from, date_to)
        return _paged(st().list_documents(offset=offset, limit=limit, new_since=_moment(new_since),
                                          **filters), offset, limit)

    @app.get("/api/documents/{doc_id}", tags=["documents"],
             summary="One document: the full contract object")
    def api_document(doc_id: str) -> dict[str, Any]:
        return _found(st().get_document(doc_id), f"no document {doc_id!r}")

    @app.get("/api/events", tags=["events"], summary="List events across documents")
    def api_events(offset: int = Offset, limit: int = Limit, doc: str | None = None,
                   event_type: str | None = None, place: str | None = None,
                   date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        filters = _filters(None, event_type, place, date_from, date_to)
        del filters["outlet"]  # events are filtered by document, type, place and date
        return _paged(st().list_events(offset=offset, limit=limit, doc_id=doc, **filters),
                      offset, limit)

    @app.get("/api/claims", tags=["claims"], summary="List claims (who said what)")
    def api_claims(offset: int = Offset, limit: int = Limit,
                   doc: str | None = None) -> dict[str, Any]:
        return _paged(st().list_claims(offset=offset, limit=limit, doc_id=doc), offset, limit)

    @app.get("/api/incidents", tags=["incidents"], summary="List incidents (events merged)")
    def api_incidents(offset: int = Offset, limit: int = Limit,
                      new_since: str | None = NewSince) -> dict[str, Any]:
        return _paged(st().list_incidents(offset=offset, limit=limit,
                                          new_since=_moment(new_since)), offset, limit)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"],
             summary="One incident with its reports")
    def api_incident(incident_id: str) -> dict[str, Any]:
        return _found(st().get_incident(incident_id), f"no incident {incident_id!r}")

    @app.get("/api/reuse", tags=["reuse"], summary="Text reuse pairs (who copied whom)")
    def api_reuse(offset: int = Offset, limit: int = Limit,
                  doc: str | None = None) -> dict[str, Any]:
        return _paged(st().list_reuse(offset=offset, limit=limit, doc_id=doc), offset, limit)

    @app.get("/api/search", tags=["search"],
             summary="Full-text search; snippets mark matches with \\u0002...\\u0003")
    def api_search(q: str = Query(..., min_length=1, description="search terms"),
                   offset: int = Offset, limit: int = Query(20, ge=1, le=MAX_LIMIT),
                   outlet: str | None = None, event_type: str | None = None,
                   place: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> dict[str, Any]:
        filters = _filters(outlet, event_type, place, date_from, date_to)
        if problem := query_problem(q):
            raise HTTPException(400, f"search {q!r}: {problem}")
        try:
            res = st().search(q, offset=offset, limit=limit, **filters)
        except Exception as exc:
            if not _is_store_error(exc):
                raise
            raise HTTPException(400, str(exc)) from None
        for item in res["items"]:  # the marked snippet stays; a plain one with offsets beside it
            item["snippet_text"], item["snippet_matches"] = unmark(item.get("snippet") or "")
        return _paged(res, offset, limit)

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

    return app


# -------------------------------------------------------------------- helpers


def _found(item: dict[str, Any] | None, detail: str) -> dict[str, Any]:
    """``item``, or a 404 with ``detail`` when the store has no such object."""
    if item is None:
        raise HTTPException(404, detail)
    return item


def _is_store_error(exc: Exception) -> bool:
    try:
        from marsad.store import StoreError
    except ImportError:  # a fake store in tests
        return False
    return isinstance(exc, StoreError)


def incident_text(inc: Mapping[str, Any]) -> str:
    """A short plain-text Arabic label (for tooltips and <title>): type — place (date)."""
    etype = str(inc.get("type") or "other")
    label = svg.EVENT_TYPES_AR.get(etype, etype)
    if inc.get("place_name"):
        label += f" — {inc['place_name']}"
    if date := svg.date_value(inc.get("date")):
        label += f" ({date})"
    return label


def incident_label(inc: Mapping[str, Any]) -> Markup:
    """The same label as HTML: the date is isolated left-to-right, so RTL text does not
    reorder its digits into "20-01-2022" (Chromium ignores the Unicode isolate characters in
    some fonts; a <bdi dir="ltr"> element always works)."""
    etype = str(inc.get("type") or "other")
    html = escape(svg.EVENT_TYPES_AR.get(etype, etype))
    if inc.get("place_name"):
        html += Markup(" — ") + escape(inc["place_name"])
    if date := svg.date_value(inc.get("date")):
        html += Markup(' <bdi class="num" dir="ltr">') + escape(date) + Markup("</bdi>")
    return Markup(html)


def entity_html(entities: Mapping[str, Any], entity_id: str | None) -> Markup:
    """An entity's Arabic name with its English name isolated beside it (never reordered)."""
    if not entity_id:
        return Markup("—")
    ent = entities.get(entity_id) or {}
    html = escape(ent.get("name") or entity_id)
    if ent.get("name_en") and ent.get("name_en") != ent.get("name"):
        html += Markup(' <bdi class="en" dir="ltr">') + escape(ent["name_en"]) + Markup("</bdi>")
    return Markup(html)


def count_html(count: Mapping[str, Any] | None) -> Markup:
    """A count label as an isolated left-to-right run ("≥ 21 leader", "~200–999 family")."""
    label = highlight.count_label(count)
    if label == "—":
        return Markup("—")
    return Markup('<bdi class="num" dir="ltr">') + escape(label) + Markup("</bdi>")


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


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:  # not installed as a distribution (e.g. running from a checkout)
        return "0"


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        EVENT_TYPES_AR=svg.EVENT_TYPES_AR, MODALITY_AR=svg.MODALITY_AR,
        entity_label=highlight.entity_label, count_label=highlight.count_label,
        date_value=svg.date_value, outlet_name=_outlet_name, incident_label=incident_label,
        incident_text=incident_text, entity_html=entity_html, count_html=count_html,
        KIND_AR=highlight.KIND_AR, STANCE_AR=highlight.STANCE_AR,
    )
    env.tests["web_url"] = _is_web_url
    return Jinja2Templates(env=env)


def _is_web_url(value: Any) -> bool:
    # Only http(s) links are rendered as links: a stored url like "javascript:..." is shown
    # as text, never made clickable.
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _outlet_name(outlet: Any) -> str:
    if not outlet:
        return "—"
    if isinstance(outlet, str):
        return outlet
    name, name_en = outlet.get("name"), outlet.get("name_en")
    if name and name_en and name != name_en:
        return f"{name} · {name_en}"
    return str(name or name_en or outlet.get("id") or "—")


def _filters(outlet: str | None, event_type: str | None, place: str | None,
             date_from: str | None, date_to: str | None) -> dict[str, Any]:
    for label, value in (("date_from", date_from), ("date_to", date_to)):
        if value and not _DATE_RE.match(value):
            raise HTTPException(422, f"{label} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return {"outlet": outlet or None, "event_type": event_type or None, "place": place or None,
            "date_from": date_from or None, "date_to": date_to or None}


def _form(outlet: str, event_type: str, place: str, date_from: str, date_to: str) -> dict[str, str]:
    return {"outlet": outlet, "event_type": event_type, "place": place,
            "date_from": date_from, "date_to": date_to}


def _filter_choices(store: StoreLike) -> dict[str, Any]:
    return {"outlet_choices": store.list_outlets(), "place_choices": store.list_places(),
            "type_choices": svg.EVENT_TYPES_AR}


def _paged(res: Mapping[str, Any], offset: int, limit: int) -> dict[str, Any]:
    return {"total": res["total"], "offset": offset, "limit": limit, "items": res["items"]}


def _pager(request: Request, res: Mapping[str, Any] | None, offset: int) -> dict[str, Any]:
    total = int(res["total"]) if res else 0
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v}

    def link(off: int) -> str:
        return "?" + urlencode({**params, "offset": off})

    return {
        "total": total, "first": offset + 1 if total else 0,
        "last": min(total, offset + PAGE_SIZE),
        "prev": link(max(0, offset - PAGE_SIZE)) if offset > 0 else None,
        "next": link(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
    }


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
