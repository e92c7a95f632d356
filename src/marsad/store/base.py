"""The store interface, and everything in it that is the same SQL on SQLite and PostgreSQL.

``Store(location)`` opens the database at ``location``: a ``postgresql://`` (or
``postgres://``) URL opens a ``PostgresStore`` (``store/postgres.py``), anything else is a
SQLite file path (``SqliteStore``, ``store/sqlite.py``). Both implement the same methods;
the CLI, the corpus rebuild and the web app only ever see ``Store``.

Shared SQL is written once, here and in ``corpus/build.py``, ``corpus/export.py`` and
``store/reuse_index.py``, in the dialect both accept: ``?`` placeholders (the PostgreSQL
connection translates them), ``ON CONFLICT`` upserts, explicit ``NULLS FIRST/LAST`` where
the two order NULLs differently, and ``rowid`` for insertion order (SQLite's implicit one,
an explicit column on PostgreSQL). What differs lives in the dialect classes: connecting and
migrating, transactions and their retries, how a document is inserted (and its search index
row), and full-text search.

Read side (the CLI and the web app; ``web/store_access.py`` ``StoreLike`` is its protocol): ``stats``,
``list_documents``, ``get_document``, ``list_events``, ``list_claims``, ``list_incidents``,
``get_incident``, ``incidents_for_document``, ``list_reuse``, ``search``, ``list_outlets``,
``list_places``, ``entity``; paged results are ``{"total", "items"}``. Write side:
``add_documents``, ``known_inputs``, ``has_document``; the corpus rebuild
(``marsad.corpus.build.rebuild(store)``) runs in ``corpus_transaction``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from marsad.store import export_views
from marsad.store.export_views import ExportFilters
from marsad.store.fts import snippet
from marsad.store.rows import PreparedDocument, prepare

T = TypeVar("T")

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def default_db_path(db: str | None = None) -> str:
    """``--db`` if given, else ``$MARSAD_DB``, else ``./marsad.db``."""
    return db or os.environ.get("MARSAD_DB") or "marsad.db"


def is_postgres_url(location: str) -> bool:
    """Does ``location`` name a PostgreSQL database (rather than a SQLite file)?"""
    return location.lower().startswith(POSTGRES_SCHEMES)


def display_location(location: str) -> str:
    """``location`` fit to print: a URL's password is replaced by ``***``."""
    if not is_postgres_url(location):
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


# backend name -> its Store class; each backend module adds itself when imported (the
# package's __init__ imports both), so this module never imports them (imports point down)
BACKENDS: dict[str, type[Store]] = {}


class StoreError(Exception):
    """A problem with the database a user can act on (printed without a traceback)."""


@dataclass(slots=True)
class IngestResult:
    added: int = 0
    skipped: int = 0


class Store:
    """A marsad database. ``Store(location)`` creates or upgrades it; ``readonly=True`` opens
    an existing one for reading only (``marsad serve``, ``search``, ``export``...).

    ``conn`` runs the shared SQL (``?`` placeholders; rows readable by position and by
    column name) on either backend.
    """

    location: str
    readonly: bool
    conn: Any
    backend: str = ""

    def __new__(cls, location: str | os.PathLike[str] | None = None,
                readonly: bool = False) -> Store:
        if cls is Store:
            where = default_db_path(str(location) if location is not None else None)
            cls = BACKENDS["postgresql" if is_postgres_url(where) else "sqlite"]
        return super().__new__(cls)

    @property
    def path(self) -> str:
        """The location (a file path or a URL); the name older callers use."""
        return self.location

    # --- plumbing (the dialects implement the transactions) ------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, body: Callable[[Any], T]) -> T:
        """Run ``body(conn)`` in one write transaction (retried when the backend asks)."""
        raise NotImplementedError

    def corpus_transaction(self, body: Callable[[Any], T]) -> T:
        """Run ``body(conn)`` as the corpus rebuild: one transaction that sees one state of
        the database, one rebuild at a time, never blocking the ingests for long."""
        raise NotImplementedError

    def _write_batch(self, batch: list[PreparedDocument], result: IngestResult) -> None:
        raise NotImplementedError

    def search(self, query: str, offset: int = 0, limit: int = 20, outlet: str | None = None,
               event_type: str | None = None, place: str | None = None,
               date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        """Full-text search (see ``marsad.store.fts``), best first: ``{"total", "items"}``."""
        raise NotImplementedError

    def integrity_check(self) -> str:
        """"ok", or what the backend found wrong."""
        raise NotImplementedError

    def _one(self, sql: str, args: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(args)).fetchone()
        return row[0] if row else None

    # --- writes --------------------------------------------------------------------------

    def known_inputs(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which (source, raw_hash) inputs are already stored (so ingest can skip them)."""
        out: set[tuple[str, str]] = set()
        for source, raw_hash in keys:
            if self.conn.execute(
                "SELECT 1 FROM inputs WHERE source = ? AND raw_hash = ?", (source, raw_hash)
            ).fetchone():
                out.add((source, raw_hash))
        return out

    def documents_for_inputs(self, raw_hashes: Iterable[str]) -> dict[str, str]:
        """raw_hash -> id of the document an input with that content became (whatever its
        source): the same content under another name need not be analysed again."""
        keys = list(dict.fromkeys(raw_hashes))
        out: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            for raw_hash, doc_id in self.conn.execute(
                    f"SELECT raw_hash, doc_id FROM inputs WHERE raw_hash IN ({_qs(chunk)})", chunk):
                out.setdefault(raw_hash, doc_id)
        return out

    def known_sources(self, sources: Iterable[str]) -> set[str]:
        """Which of ``sources`` (file names, URLs) some stored document came from."""
        keys = list(dict.fromkeys(sources))
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            out.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT source FROM inputs WHERE source IN ({_qs(chunk)})", chunk))
        return out

    def add_inputs(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record ``(source, raw_hash, document id)`` inputs of already stored documents."""
        rows = sorted(set(rows))  # sorted: the lock order of every writer (PostgreSQL)
        if rows:
            self._write(lambda conn: conn.executemany(
                "INSERT INTO inputs VALUES (?, ?, ?) ON CONFLICT DO NOTHING", rows))

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_documents(self, docs: Iterable[dict[str, Any] | PreparedDocument],
                      batch_size: int = 100) -> IngestResult:
        """Store analysed documents (contract dicts or prepared rows), a batch per transaction.

        A document already present (same id = same cleaned text) is skipped, never duplicated.
        """
        result = IngestResult()
        batch: list[PreparedDocument] = []
        for d in docs:
            batch.append(d if isinstance(d, PreparedDocument) else prepare(d))
            if len(batch) >= batch_size:
                self._write_batch(batch, result)
                batch = []
        if batch:
            self._write_batch(batch, result)
        return result

    def install_export_views(self) -> None:
        """(Re)create the ``export_events``/``export_incidents`` views and their helper
        tables (``marsad.store.export_views``), so a database browser shows the export."""
        self._write(export_views.install_views)

    def export_rows(self, kind: str, filters: ExportFilters | None = None,
                    names: str = "ar") -> Iterator[dict[str, Any]]:
        """ACLED-compatible rows of ``kind`` (``events`` or ``incidents``), filtered; works
        on a read-only store (the helper tables go to the session's temporary schema)."""
        return export_views.export_rows(self.conn, kind, filters, names)

    # --- reads ---------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        q = self._one
        return {
            "documents": q("SELECT count(*) FROM documents"),
            "outlets": q("SELECT count(DISTINCT coalesce(outlet_id, outlet_name)) FROM documents "
                         "WHERE coalesce(outlet_id, outlet_name) IS NOT NULL"),
            "events": q("SELECT count(*) FROM events"),
            "claims": q("SELECT count(*) FROM claims"),
            "incidents": q("SELECT count(*) FROM incidents"),
            "reuse_pairs": q("SELECT count(*) FROM reuse"),
        }

    def _doc_filters(self, outlet: str | None, event_type: str | None, place: str | None,
                     date_from: str | None, date_to: str | None,
                     alias: str = "d", new_since: str | None = None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if new_since:
            where.append(f"{alias}.ingested_at >= ?")
            args.append(new_since)
        if outlet:
            where.append(f"({alias}.outlet_id = ? OR {alias}.outlet_name = ?)")
            args += [outlet, outlet]
        if event_type:
            where.append(f"EXISTS (SELECT 1 FROM events e WHERE e.doc = {alias}.id AND e.type = ?)")
            args.append(event_type)
        if place:
            where.append(
                f"(EXISTS (SELECT 1 FROM events e WHERE e.doc = {alias}.id AND e.place = ?)"
                f" OR EXISTS (SELECT 1 FROM mentions m WHERE m.doc = {alias}.id AND m.entity = ?))"
            )
            args += [place, place]
        if date_from:
            where.append(f"{alias}.published >= ?")
            args.append(date_from)
        if date_to:
            where.append(f"{alias}.published <= ?")
            args.append(date_to)
        return where, args

    def list_documents(self, offset: int = 0, limit: int = 50, outlet: str | None = None,
                       event_type: str | None = None, place: str | None = None,
                       date_from: str | None = None, date_to: str | None = None,
                       new_since: str | None = None) -> dict[str, Any]:
        where, args = self._doc_filters(outlet, event_type, place, date_from, date_to,
                                        new_since=new_since)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = self._one(f"SELECT count(*) FROM documents d{cond}", args)
        rows = self.conn.execute(
            f"""SELECT d.id, d.title, d.outlet_id, d.outlet_name, d.outlet_name_en, d.published,
                       d.source, d.language,
                       (SELECT count(*) FROM events e WHERE e.doc = d.id) AS n_events,
                       (SELECT count(*) FROM claims c WHERE c.doc = d.id) AS n_claims
                FROM documents d{cond}
                ORDER BY d.published IS NULL, d.published DESC, d.seq DESC
                LIMIT ? OFFSET ?""",
            (*args, limit, offset),
        ).fetchall()
        return {"total": total, "items": [
            {"id": r["id"], "title": r["title"], "outlet": _outlet_obj(r), "published": r["published"],
             "source": r["source"], "language": r["language"], "n_events": r["n_events"],
             "n_claims": r["n_claims"]}
            for r in rows
        ]}

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY seq")]

    def list_events(self, offset: int = 0, limit: int = 50, doc_id: str | None = None,
                    event_type: str | None = None, place: str | None = None,
                    date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        where: list[str] = []
        args: list[Any] = []
        if doc_id:
            where.append("e.doc = ?")
            args.append(doc_id)
        if event_type:
            where.append("e.type = ?")
            args.append(event_type)
        if place:
            where.append("(e.place = ? OR e.place IN (SELECT id FROM entities WHERE parent = ?))")
            args += [place, place]
        if date_from:
            where.append("e.date_latest >= ?")
            args.append(date_from)
        if date_to:
            where.append("e.date_earliest <= ?")
            args.append(date_to)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = self._one(f"SELECT count(*) FROM events e{cond}", args)
        rows = self.conn.execute(
            f"""SELECT e.doc, e.json, e.date_value, e.evidence, d.title, d.outlet_id, d.outlet_name,
                       d.outlet_name_en, d.published, p.name AS place_name
                FROM events e JOIN documents d ON d.id = e.doc
                LEFT JOIN entities p ON p.id = e.place{cond}
                ORDER BY e.date_earliest IS NULL, e.date_earliest DESC, d.seq DESC, e.rowid
                LIMIT ? OFFSET ?""",
            (*args, limit, offset),
        ).fetchall()
        items = []
        for r in rows:
            item = {"doc": r["doc"], "doc_title": r["title"], "outlet": _outlet_obj(r),
                    "published": r["published"]}
            item.update(json.loads(r["json"]))
            item["place_name"] = r["place_name"]
            item["date_value"] = r["date_value"]
            item["evidence_text"] = r["evidence"]
            items.append(item)
        return {"total": total, "items": items}

    def list_claims(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]:
        cond, args = ("WHERE doc = ?", [doc_id]) if doc_id else ("", [])
        total = self._one(f"SELECT count(*) FROM claims {cond}", args)
        rows = self.conn.execute(
            f"SELECT doc, json FROM claims {cond} ORDER BY doc, rowid LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return {"total": total, "items": [{"doc": r["doc"], **json.loads(r["json"])} for r in rows]}

    def _incident_item(self, row: Any) -> dict[str, Any]:
        inc = json.loads(row["json"])
        place = self.conn.execute(
            "SELECT name, name_en, lat, lon FROM entities WHERE id = ?", (row["place"],)
        ).fetchone() if row["place"] else None
        inc["place_name"] = place["name"] if place else None
        inc["lat"] = place["lat"] if place else None
        inc["lon"] = place["lon"] if place else None
        label = inc.get("type") or "event"
        if inc["place_name"]:
            label += f" — {inc['place_name']}"
        if inc.get("date"):
            label += f", {inc['date']}"
        inc["title"] = label
        return inc

    def list_incidents(self, offset: int = 0, limit: int = 50,
                       new_since: str | None = None) -> dict[str, Any]:
        """Incidents, most independently sourced first; ``new_since`` (``YYYY-MM-DDTHH:MM:SSZ``)
        keeps those with a report ingested then or later (new, or grown since)."""
        cond, args = "", ()
        if new_since:
            cond = (" WHERE EXISTS (SELECT 1 FROM incident_events y JOIN documents d ON d.id = y.doc"
                    " WHERE y.incident = i.id AND d.ingested_at >= ?)")
            args = (new_since,)
        total = self._one(f"SELECT count(*) FROM incidents i{cond}", args)
        rows = self.conn.execute(
            f"""SELECT i.*, (SELECT count(*) FROM incident_events x WHERE x.incident = i.id) AS n
               FROM incidents i{cond}
               ORDER BY i.independent_sources DESC NULLS LAST, n DESC,
                        i.date_earliest DESC NULLS LAST, i.id
               LIMIT ? OFFSET ?""",
            (*args, limit, offset),
        ).fetchall()
        return {"total": total, "items": [self._incident_item(r) for r in rows]}

    def incidents_for_document(self, doc_id: str) -> dict[str, dict[str, Any]]:
        """event id -> the incident that event was merged into, for one document."""
        rows = self.conn.execute(
            """SELECT x.event_id, i.* FROM incident_events x JOIN incidents i ON i.id = x.incident
               WHERE x.doc = ?""",
            (doc_id,),
        ).fetchall()
        return {r["event_id"]: self._incident_item(r) for r in rows}

    def incidents_new_since(self, moment: str) -> set[str]:
        """The incidents with a report ingested at or after ``moment`` (``YYYY-MM-DDTHH:MM:SSZ``,
        UTC): those a watch cycle since then created or grew."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT ie.incident FROM incident_events ie JOIN documents d ON d.id = ie.doc"
            " WHERE d.ingested_at >= ?", (moment,))}

    def all_incidents(self) -> Iterator[dict[str, Any]]:
        for r in self.conn.execute("SELECT * FROM incidents ORDER BY date_earliest NULLS FIRST, id"):
            yield self._incident_item(r)

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return None
        inc = self._incident_item(row)
        docs = {m["doc"] for m in inc.get("events", [])}
        copies: dict[str, list[str]] = {d: [] for d in docs}
        for r in self.conn.execute(
            f"SELECT a, b, direction FROM reuse WHERE a IN ({_qs(docs)}) AND b IN ({_qs(docs)})",
            (*docs, *docs),
        ):
            if r["direction"] == "a->b":
                copies[r["b"]].append(r["a"])
            elif r["direction"] == "b->a":
                copies[r["a"]].append(r["b"])
        reports = []
        for m in inc.get("events", []):
            r = self.conn.execute(
                """SELECT e.json, e.modality, e.claim, d.title, d.outlet_id, d.outlet_name,
                          d.outlet_name_en, d.published
                   FROM events e JOIN documents d ON d.id = e.doc
                   WHERE e.doc = ? AND e.event_id = ?""",
                (m["doc"], m["event"]),
            ).fetchone()
            if r is None:
                continue
            ev = json.loads(r["json"])
            speaker = None
            if r["claim"]:
                c = self.conn.execute("SELECT json FROM claims WHERE doc = ? AND claim_id = ?",
                                      (m["doc"], r["claim"])).fetchone()
                if c:
                    speaker = json.loads(c[0]).get("speaker")
            reports.append({
                "doc": m["doc"], "event": m["event"], "doc_title": r["title"],
                "outlet": _outlet_obj(r), "published": r["published"],
                "modality": r["modality"], "type": ev.get("type"), "count": ev.get("count"),
                "trigger": ev.get("trigger"), "date": ev.get("date"),
                "confidence": ev.get("confidence"), "speaker": speaker,
                "copies_of": sorted(copies.get(m["doc"], [])),
            })
        inc["reports"] = reports
        return inc

    def list_reuse(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]:
        cond, args = ("WHERE r.a = ? OR r.b = ?", [doc_id, doc_id]) if doc_id else ("", [])
        total = self._one(f"SELECT count(*) FROM reuse r {cond}", args)
        rows = self.conn.execute(
            f"""SELECT r.*, da.title AS a_title, db.title AS b_title FROM reuse r
                LEFT JOIN documents da ON da.id = r.a LEFT JOIN documents db ON db.id = r.b
                {cond} ORDER BY r.share DESC, r.a, r.b LIMIT ? OFFSET ?""",
            (*args, limit, offset),
        ).fetchall()
        return {"total": total, "items": [_reuse_obj(r) | {"a_title": r["a_title"], "b_title": r["b_title"]}
                                          for r in rows]}

    def all_reuse(self) -> Iterator[dict[str, Any]]:
        for r in self.conn.execute("SELECT * FROM reuse ORDER BY a, b"):
            yield _reuse_obj(r)

    def list_outlets(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT coalesce(outlet_id, outlet_name) AS id, max(outlet_name) AS name,
                      max(outlet_name_en) AS name_en, count(*) AS documents
               FROM documents WHERE coalesce(outlet_id, outlet_name) IS NOT NULL
               GROUP BY coalesce(outlet_id, outlet_name) ORDER BY documents DESC, id"""
        ).fetchall()
        return [dict(r) for r in rows]

    def list_places(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT e.place AS id, p.name, p.name_en, p.lat, p.lon, count(*) AS events
               FROM events e LEFT JOIN entities p ON p.id = e.place
               WHERE e.place IS NOT NULL GROUP BY e.place, p.name, p.name_en, p.lat, p.lon
               ORDER BY events DESC, e.place"""
        ).fetchall()
        return [dict(r) for r in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return dict(r) if r else None


def _qs(items: Iterable[Any]) -> str:
    n = len(list(items))
    return ",".join("?" * n) if n else "NULL"


def _outlet_obj(r: Any) -> dict[str, Any] | None:
    if r["outlet_name"] is None and r["outlet_id"] is None:
        return None
    return {"name": r["outlet_name"], "name_en": r["outlet_name_en"], "id": r["outlet_id"]}


def _reuse_obj(r: Any) -> dict[str, Any]:
    return {"a": r["a"], "b": r["b"], "a_spans": json.loads(r["a_spans"]),
            "b_spans": json.loads(r["b_spans"]), "share": r["share"],
            "direction": r["direction"], "why": r["why"]}


def search_item(r: Any, query: str, score: float) -> dict[str, Any]:
    """One search result (``score``: the bm25 value, negative; shown positive)."""
    return {"id": r["id"], "title": r["title"], "outlet": _outlet_obj(r),
            "published": r["published"], "snippet": snippet(r["text"], query),
            "score": float(f"{-score:.6g}")}


def document_row(p: PreparedDocument) -> tuple[Any, ...]:
    """The ``documents`` columns of ``DOCUMENT_COLUMNS``, in that order (without ``seq``)."""
    d = p.doc
    outlet = d.get("outlet") or {}
    return (p.id, d.get("source"), d.get("url"), d.get("title"), outlet.get("id"),
            outlet.get("name"), outlet.get("name_en"), d.get("published"), d.get("language"),
            d.get("author"), d.get("dateline"), d.get("text") or "", p.norm_text,
            p.analysis or json.dumps(d, ensure_ascii=False), p.minhash, p.fingerprints)


DOCUMENT_COLUMNS = ("id, source, url, title, outlet_id, outlet_name, outlet_name_en, published, "
                    "language, author, dateline, text, norm_text, analysis, minhash, fingerprints")
