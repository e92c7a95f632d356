"""The SQLite store: documents, their analysis, and the corpus tables, in one file.

Concurrency and crash safety: the database runs in WAL mode (readers never block the writer),
every write happens inside ``BEGIN IMMEDIATE`` … ``COMMIT`` (a document and all its child rows
are written in the same transaction, so a killed process leaves either the whole document or
none of it), ``busy_timeout`` makes a second writer wait for the lock instead of failing, and
``_write`` retries a transaction that still meets SQLITE_BUSY. Everything SQL lives in this
package so that another backend (PostgreSQL) can implement the same ``Store`` interface.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from marsad.store import export_views, reuse_index
from marsad.store.export_views import ExportFilters
from marsad.store.fts import (
    FTS_TERMS_VERSION,
    QueryError,
    contains_phrase,
    fts_match_expression,
    index_text,
    parse_phrases,
    snippet,
)
from marsad.store.rows import PreparedDocument, prepare
from marsad.store.schema import BACKFILLS, LATEST, MIGRATIONS

T = TypeVar("T")

BUSY_TIMEOUT_MS = 60_000
MAX_BUSY_RETRIES = 20
MAX_PHRASE_SCAN = 5000  # best-ranked documents checked for a quoted phrase's word order


def default_db_path(db: str | None = None) -> str:
    """``--db`` if given, else ``$MARSAD_DB``, else ``./marsad.db``."""
    return db or os.environ.get("MARSAD_DB") or "marsad.db"


class StoreError(Exception):
    """A problem with the database file a user can act on (printed without a traceback)."""


@dataclass(slots=True)
class IngestResult:
    added: int = 0
    skipped: int = 0


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


class Store:
    """A marsad database (SQLite). ``Store(path)`` creates/upgrades it; ``readonly=True``
    opens an existing one for reading only (``marsad serve``)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, readonly: bool = False) -> None:
        self.path = str(path) if path is not None else default_db_path()
        self.readonly = readonly
        try:
            if readonly:
                if not os.path.exists(self.path):
                    raise StoreError(f"{self.path}: no such database (run `marsad ingest` first)")
                uri = "file:" + os.path.abspath(self.path) + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                            check_same_thread=False)
            else:
                parent = os.path.dirname(os.path.abspath(self.path))
                if not os.path.isdir(parent):
                    raise StoreError(f"{self.path}: directory does not exist")
                self.conn = sqlite3.connect(self.path, isolation_level=None,
                                            check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if foreign := _foreign_tables(self.conn):
                # never add marsad's tables to someone else's database
                shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
                raise StoreError(f"{self.path}: a SQLite database marsad did not make (tables: "
                                 f"{shown}); give another --db path")
            if not readonly:
                self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise StoreError(f"{self.path}: not a marsad database")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    # --- plumbing ------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _retry(self, fn: Callable[[], T]) -> T:
        for attempt in range(MAX_BUSY_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == MAX_BUSY_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
        raise AssertionError("unreachable")

    def _write(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``body`` in one IMMEDIATE transaction, retrying when the database is busy."""

        def attempt() -> T:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                result = body(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return result

        return self._retry(attempt)

    def _migrate(self) -> None:
        def body(conn: sqlite3.Connection) -> None:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > LATEST:
                raise StoreError(f"{self.path}: made by a newer marsad (schema {version})")
            for i in range(version, LATEST):
                for stmt in _split_sql(MIGRATIONS[i]):
                    conn.execute(stmt)
                if i + 1 in BACKFILLS:
                    getattr(reuse_index, BACKFILLS[i + 1])(conn)
                conn.execute(f"PRAGMA user_version = {i + 1}")
            if self._fts_version(conn) != FTS_TERMS_VERSION:
                _reindex_fts(conn)

        if (self.conn.execute("PRAGMA user_version").fetchone()[0] != LATEST
                or self._fts_version(self.conn) != FTS_TERMS_VERSION):
            self._write(body)

    @staticmethod
    def _fts_version(conn: sqlite3.Connection) -> int | None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fts_terms_version'").fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            return None
        return int(row[0]) if row else None

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

    def add_inputs(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record ``(source, raw_hash, document id)`` inputs of already stored documents."""
        rows = list(rows)
        if rows:
            self._write(lambda conn: conn.executemany(
                "INSERT OR IGNORE INTO inputs VALUES (?, ?, ?)", rows))

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

    def _write_batch(self, batch: list[PreparedDocument], result: IngestResult) -> None:
        def body(conn: sqlite3.Connection) -> tuple[int, int]:
            added = skipped = 0
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
            for p in batch:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (p.id,)).fetchone():
                    skipped += 1
                else:
                    seq += 1
                    _insert_document(conn, p, seq)
                    added += 1
                if p.source and p.raw_hash:
                    conn.execute("INSERT OR IGNORE INTO inputs VALUES (?, ?, ?)",
                                 (p.source, p.raw_hash, p.id))
            return added, skipped

        added, skipped = self._write(body)
        result.added += added
        result.skipped += skipped

    def install_export_views(self) -> None:
        """(Re)create the ``export_events``/``export_incidents`` views and their helper
        tables (``marsad.store.export_views``), so a SQLite browser shows the export."""
        self._write(export_views.install_views)

    def export_rows(self, kind: str, filters: ExportFilters | None = None,
                    names: str = "ar") -> Iterator[dict[str, Any]]:
        """ACLED-compatible rows of ``kind`` (``events`` or ``incidents``), filtered; works
        on a read-only store (the helper tables go to TEMP)."""
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
                     alias: str = "d") -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
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
                       date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        where, args = self._doc_filters(outlet, event_type, place, date_from, date_to)
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

    def _incident_item(self, row: sqlite3.Row) -> dict[str, Any]:
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

    def list_incidents(self, offset: int = 0, limit: int = 50) -> dict[str, Any]:
        total = self._one("SELECT count(*) FROM incidents")
        rows = self.conn.execute(
            """SELECT i.*, (SELECT count(*) FROM incident_events x WHERE x.incident = i.id) AS n
               FROM incidents i
               ORDER BY i.independent_sources DESC, n DESC, i.date_earliest DESC, i.id
               LIMIT ? OFFSET ?""",
            (limit, offset),
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

    def all_incidents(self) -> Iterator[dict[str, Any]]:
        for r in self.conn.execute("SELECT * FROM incidents ORDER BY date_earliest, id"):
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
                "confidence": ev.get("confidence"), "speaker": speaker, "copies_of": sorted(copies.get(m["doc"], [])),
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

    def search(self, query: str, offset: int = 0, limit: int = 20, outlet: str | None = None,
               event_type: str | None = None, place: str | None = None,
               date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        try:
            match = fts_match_expression(query)
        except QueryError as exc:
            raise StoreError(f"search: {exc}") from None
        if match is None:
            return {"total": 0, "items": []}
        where, args = self._doc_filters(outlet, event_type, place, date_from, date_to)
        cond = "".join(" AND " + w for w in where)
        base = f"FROM doc_fts JOIN documents d ON d.seq = doc_fts.rowid WHERE doc_fts MATCH ?{cond}"
        select = f"""SELECT d.id, d.title, d.outlet_id, d.outlet_name, d.outlet_name_en,
                            d.published, d.text, bm25(doc_fts, 2.0, 1.0) AS score {base}
                     ORDER BY score"""
        phrases = parse_phrases(query)
        try:
            if phrases:
                # FTS5 found every word; keep the documents where each phrase is in order
                rows = [r for r in self.conn.execute(f"{select} LIMIT ?", (match, *args, MAX_PHRASE_SCAN))
                        if all(contains_phrase(r["text"], p) or contains_phrase(r["title"] or "", p)
                               for p in phrases)]
                total = len(rows)
                rows = rows[offset : offset + limit]
            else:
                total = self._one(f"SELECT count(*) {base}", (match, *args))
                rows = self.conn.execute(f"{select} LIMIT ? OFFSET ?",
                                         (match, *args, limit, offset)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search: {exc}") from exc
        return {"total": total, "items": [
            {"id": r["id"], "title": r["title"], "outlet": _outlet_obj(r), "published": r["published"],
             "snippet": snippet(r["text"], query), "score": float(f"{-r['score']:.6g}")}
            for r in rows
        ]}

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
               WHERE e.place IS NOT NULL GROUP BY e.place ORDER BY events DESC, e.place"""
        ).fetchall()
        return [dict(r) for r in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return dict(r) if r else None

    def integrity_check(self) -> str:
        return self._one("PRAGMA integrity_check")


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database that is not marsad's ([] for marsad's, or an empty file)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not names or (version > 0 and {"documents", "inputs"} <= set(names)):
        return []
    return names


def _qs(items: Iterable[Any]) -> str:
    n = len(list(items))
    return ",".join("?" * n) if n else "NULL"


def _outlet_obj(r: sqlite3.Row) -> dict[str, Any] | None:
    if r["outlet_name"] is None and r["outlet_id"] is None:
        return None
    return {"name": r["outlet_name"], "name_en": r["outlet_name_en"], "id": r["outlet_id"]}


def _reuse_obj(r: sqlite3.Row) -> dict[str, Any]:
    return {"a": r["a"], "b": r["b"], "a_spans": json.loads(r["a_spans"]),
            "b_spans": json.loads(r["b_spans"]), "share": r["share"],
            "direction": r["direction"], "why": r["why"]}


def _split_sql(script: str) -> list[str]:
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        if line.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf))
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf))
    return out


def _reindex_fts(conn: sqlite3.Connection) -> None:
    """Rebuild the search index from the stored texts (the clitic stemming changed)."""
    conn.execute("INSERT INTO doc_fts(doc_fts) VALUES ('delete-all')")
    for seq, title, text in conn.execute("SELECT seq, title, text FROM documents").fetchall():
        conn.execute("INSERT INTO doc_fts (rowid, title, body) VALUES (?, ?, ?)",
                     (seq, index_text(title or ""), index_text(text or "")))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('fts_terms_version', ?)",
                 (str(FTS_TERMS_VERSION),))


def _insert_document(conn: sqlite3.Connection, p: PreparedDocument, seq: int) -> None:
    d = p.doc
    outlet = d.get("outlet") or {}
    conn.execute(
        """INSERT INTO documents (id, seq, source, url, title, outlet_id, outlet_name,
               outlet_name_en, published, language, author, dateline, text, norm_text, analysis,
               minhash, fingerprints)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (p.id, seq, d.get("source"), d.get("url"), d.get("title"), outlet.get("id"),
         outlet.get("name"), outlet.get("name_en"), d.get("published"), d.get("language"),
         d.get("author"), d.get("dateline"), d.get("text") or "", p.norm_text,
         p.analysis or json.dumps(d, ensure_ascii=False), p.minhash, p.fingerprints),
    )
    conn.execute("INSERT INTO doc_fts (rowid, title, body) VALUES (?, ?, ?)",
                 (seq, p.fts_title, p.fts_body))
    # the text-reuse candidate index, in the document's transaction (never one without the other)
    reuse_index.index_document(conn, seq, p.minhash, p.fingerprints)
    conn.executemany(
        """INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET
             lat = coalesce(entities.lat, excluded.lat), lon = coalesce(entities.lon, excluded.lon),
             parent = coalesce(entities.parent, excluded.parent),
             name_en = coalesce(entities.name_en, excluded.name_en),
             wikidata = coalesce(entities.wikidata, excluded.wikidata),
             subtype = coalesce(entities.subtype, excluded.subtype)""",
        p.entities,
    )
    conn.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", p.mentions)
    conn.executemany(
        "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.events,
    )
    conn.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?)", p.actors)
    conn.executemany("INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     p.claims)
