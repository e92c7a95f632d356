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

Modules: ``pages`` (the HTML routes) and ``api`` (the JSON routes), over ``queries`` (paging,
filters, 404s), ``templating`` (the Jinja environment and its labels) and ``store_access``
(one read-only store per thread); this module assembles them with the security headers.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.web.api import add_api
from marsad.web.hosts import HostPolicy
from marsad.web.pages import add_pages
from marsad.web.store_access import StoreLike, StoreProvider
from marsad.web.templating import templates_environment

STATIC_DIR = Path(__file__).parent / "static"

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


def create_app(db_path: str | Path | None = None, *, store: StoreLike | None = None,
               hosts: HostPolicy | None = None) -> FastAPI:
    """Build the application over the database at ``db_path`` (opened read-only): a SQLite
    file or a ``postgresql://`` URL.

    ``store`` lets a caller hand in an already open store object instead (used by tests);
    it must then be safe to use from several threads. ``hosts``: answer only requests whose
    ``Host`` header it allows (None: any, for tests and embedding).
    """
    if store is not None:
        provider = StoreProvider(lambda: store)
    else:
        from marsad.store import default_db_path, is_postgres_url

        location = default_db_path(None if db_path is None else str(db_path))
        if not is_postgres_url(location) and not Path(location).is_file():
            raise FileNotFoundError(f"{location}: no such database (create it with `marsad ingest`)")

        def open_store() -> StoreLike:
            from marsad.store import Store

            return Store(location, readonly=True)

        provider = StoreProvider(open_store)
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
    templates = templates_environment()

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

    add_pages(app, st, templates)
    add_api(app, st)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:  # not installed as a distribution (e.g. running from a checkout)
        return "0"
