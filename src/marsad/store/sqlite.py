"""The SQLite store: documents, their analysis, and the corpus tables, in one file.

Concurrency and crash safety: the database runs in WAL mode (readers never block the writer),
every write happens inside ``BEGIN IMMEDIATE`` … ``COMMIT`` (a document and all its child rows
are written in the same transaction, so a killed process leaves either the whole document or
none of it), ``busy_timeout`` makes a second writer wait for the lock instead of failing, and
``_write`` retries a transaction that still meets SQLITE_BUSY. The corpus rebuild is one such
transaction too: while it runs, ingests wait (one writer at a time is SQLite's model).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any, TypeVar

from marsad.store import reuse_index
from marsad.store.base import (
    BACKENDS,
    DOCUMENT_COLUMNS,
    IngestResult,
    Store,
    StoreError,
    default_db_path,
    document_row,
    search_item,
)
from marsad.store.fts import (
    FTS_TERMS_VERSION,
    QueryError,
    contains_phrase,
    fts_match_expression,
    index_text,
    parse_phrases,
)
from marsad.store.rows import PreparedDocument
from marsad.store.schema import BACKFILLS, LATEST, SQLITE

__all__ = ["IngestResult", "SqliteStore", "Store", "StoreError", "default_db_path"]

T = TypeVar("T")

BUSY_TIMEOUT_MS = 60_000
MAX_BUSY_RETRIES = 20
MAX_PHRASE_SCAN = 5000  # best-ranked documents checked for a quoted phrase's word order


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


class SqliteStore(Store):
    """A marsad database in one SQLite file."""

    backend = "sqlite"

    def __init__(self, location: str | os.PathLike[str] | None = None,
                 readonly: bool = False) -> None:
        self.location = str(location) if location is not None else default_db_path()
        self.readonly = readonly
        try:
            if readonly:
                if not os.path.exists(self.location):
                    raise StoreError(f"{self.location}: no such database (run `marsad ingest` first)")
                uri = "file:" + os.path.abspath(self.location) + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                            check_same_thread=False)
            else:
                parent = os.path.dirname(os.path.abspath(self.location))
                if not os.path.isdir(parent):
                    raise StoreError(f"{self.location}: directory does not exist")
                self.conn = sqlite3.connect(self.location, isolation_level=None,
                                            check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if foreign := _foreign_tables(self.conn):
                # never add marsad's tables to someone else's database
                shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
                raise StoreError(f"{self.location}: a SQLite database marsad did not make "
                                 f"(tables: {shown}); give another --db path")
            if not readonly:
                self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise StoreError(f"{self.location}: not a marsad database")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: {exc}") from exc

    # --- transactions --------------------------------------------------------------------

    def _retry(self, fn: Callable[[], T]) -> T:
        for attempt in range(MAX_BUSY_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == MAX_BUSY_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
        raise AssertionError("unreachable")

    def _write(self, body: Callable[[Any], T]) -> T:
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

    def corpus_transaction(self, body: Callable[[Any], T]) -> T:
        return self._write(body)  # the one writer: nothing changes while it runs

    def _migrate(self) -> None:
        def body(conn: sqlite3.Connection) -> None:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > LATEST:
                raise StoreError(f"{self.location}: made by a newer marsad (schema {version})")
            for i in range(version, LATEST):
                for stmt in _split_sql(SQLITE[i]):
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

    # --- writes --------------------------------------------------------------------------

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

    # --- search --------------------------------------------------------------------------

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
                     ORDER BY score, d.seq"""
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
        return {"total": total, "items": [search_item(r, query, r["score"]) for r in rows]}

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
    conn.execute(f"INSERT INTO documents (seq, {DOCUMENT_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                 (seq, *document_row(p)))
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
    insert_layers(conn, p)


def insert_layers(conn: Any, p: PreparedDocument) -> None:
    """A new document's annotation rows (in the transaction that inserted the document)."""
    conn.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", p.mentions)
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        p.events,
    )
    conn.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?)", p.actors)
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     " ON CONFLICT DO NOTHING", p.claims)


BACKENDS["sqlite"] = SqliteStore
