"""The PostgreSQL store: one database shared by several ingesters, analysts and the web UI.

``Store("postgresql://user@host/dbname")`` (or ``--db``/``$MARSAD_DB`` set to such a URL)
opens it with psycopg 3; the tables are those of ``schema.POSTGRESQL``, created on first use.

Concurrency (several ``marsad ingest`` processes, a ``marsad serve`` and analysts at once):

* **Nothing lost, nothing duplicated.** A document goes in with ``INSERT … ON CONFLICT (id)
  DO NOTHING RETURNING seq``: of two writers of the same text, the second waits for the
  first to commit and then skips it (or inserts it, if the first rolled back). Its layers,
  search row and reuse-index rows are written only by the transaction that inserted it.
* **No half-written document is ever visible**: a batch is one transaction (READ
  COMMITTED), so a reader sees all of a document's rows or none; a killed ingester's open
  transaction is rolled back by the server.
* **No deadlocks between writers**: every batch takes its row locks in one global order —
  documents, then entities, then inputs, each sorted by key — and updates an existing
  entity only when it fills one of its empty fields (the common case locks nothing). A
  transaction that still meets a deadlock or a serialization failure is retried.
* **The corpus rebuild** (reuse, incidents) runs one at a time (a session advisory lock)
  in one REPEATABLE READ transaction: it sees one snapshot, works on the documents
  committed before it, and leaves those committed meanwhile (``corpus_done = 0``, their
  pending index rows) to the next rebuild. Ingests never wait for it.
* Creating or upgrading the schema happens under an advisory lock, so that processes
  opening a new database at once create it once.

Full-text search uses the same terms, query syntax and bm25 scores as the SQLite store
(``marsad.store.fts``: the tsvector form of the FTS5 index).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from marsad.store import reuse_index
from marsad.store.base import (
    BACKENDS,
    IngestResult,
    Store,
    StoreError,
    default_db_path,
    display_location,
    search_item,
)
from marsad.store.fts import (
    FTS_TERMS_VERSION,
    PG_RANK_SCALE,
    PG_RANK_WEIGHTS,
    QueryError,
    bm25,
    bm25_idf,
    check_query,
    contains_phrase,
    index_text,
    parse_phrases,
    pg_phrases,
    pg_term_query,
    pg_tsquery,
    pg_tsvector,
)
from marsad.store.pg_ingest import write_batch
from marsad.store.rows import PreparedDocument
from marsad.store.schema import BACKFILLS, LATEST, POSTGRESQL


def _psycopg() -> Any:
    """psycopg, imported on first use (a SQLite user never pays its ~0.1 s import)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency; this names the fix
        return None
    return psycopg

T = TypeVar("T")

# advisory lock keys ("marsad" + a number): per database
LOCK_MIGRATE = 0x6D61727361640001
LOCK_REBUILD = 0x6D61727361640002
MAX_RETRIES = 8
MAX_PHRASE_SCAN = 5000  # as the SQLite store: best-ranked documents checked for a phrase
_CHUNK = 1000


@lru_cache(maxsize=4096)
def pg_sql(sql: str) -> str:
    """The shared SQL (``?`` placeholders) as psycopg wants it (``%s``, a literal ``%%``);
    a ``?`` inside a string literal or a ``--`` comment stays."""
    out: list[str] = []
    quoted = comment = False
    prev = ""
    for ch in sql:
        if comment:
            comment = ch != "\n"
        elif ch == "'":
            quoted = not quoted
        elif ch == "-" and prev == "-" and not quoted:
            comment = True
        if ch == "?" and not quoted and not comment:
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type:
    index = {n: i for i, n in enumerate(names)}

    class Row(tuple):  # type: ignore[type-arg]
        """A result row read by position or by column name (as ``sqlite3.Row``)."""

        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            if isinstance(key, str):
                key = index[key]
            return tuple.__getitem__(self, key)

        def keys(self) -> list[str]:
            return list(names)

    return Row


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Any]:
    desc = cursor.description
    if desc is None:
        return tuple
    return _row_class(tuple(d.name for d in desc))


def _no_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL; stored text never does (see pg_ingest.copy_text), so
    a NUL in a value looked for (a filter typed into the web UI) becomes U+FFFD, as there."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


class PgConnection:
    """The part of ``sqlite3.Connection`` the shared SQL uses, over a psycopg connection."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        return self.raw.execute(pg_sql(sql), tuple(map(_no_nul, args)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(pg_sql(sql), rows)

    def close(self) -> None:
        self.raw.close()


class PostgresStore(Store):
    """A marsad database in PostgreSQL (see the module docstring)."""

    backend = "postgresql"

    def __init__(self, location: str | os.PathLike[str] | None = None,
                 readonly: bool = False) -> None:
        self.location = str(location) if location is not None else default_db_path()
        self.readonly = readonly
        where = display_location(self.location)
        psycopg = _psycopg()
        if psycopg is None:
            raise StoreError(f"{where}: PostgreSQL needs psycopg: pip install 'psycopg[binary]'")
        try:
            self.raw = psycopg.connect(self.location, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as exc:
            raise StoreError(f"{where}: cannot connect: {str(exc).strip()}") from exc
        self.conn = PgConnection(self.raw)
        try:
            if readonly:
                self.raw.execute("SET default_transaction_read_only = on")
                version = _schema_version(self.conn, where)
                if version == 0:
                    raise StoreError(f"{where}: not a marsad database (run `marsad ingest` first)")
                if version > LATEST:
                    raise StoreError(f"{where}: made by a newer marsad (schema {version})")
            else:
                self._migrate()
        except StoreError:
            self.raw.close()
            raise
        except psycopg.Error as exc:
            self.raw.close()
            raise StoreError(f"{where}: {str(exc).strip()}") from exc

    # --- transactions --------------------------------------------------------------------

    def _write(self, body: Callable[[Any], T], isolation: str = "READ COMMITTED") -> T:
        """Run ``body(conn)`` in one transaction; retried on a deadlock or serialization
        failure (the transaction was rolled back: running it again is safe)."""
        psycopg = _psycopg()
        pg_errors = psycopg.errors
        for attempt in range(MAX_RETRIES):
            self.raw.execute(f"BEGIN ISOLATION LEVEL {isolation}")
            try:
                result = body(self.conn)
                self.raw.execute("COMMIT")
                return result
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                self._rollback()
                if attempt == MAX_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
            except (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction,
                    psycopg.OperationalError) as exc:
                self._rollback()  # what a user can act on: no traceback
                raise StoreError(f"{display_location(self.location)}: "
                                 f"{str(exc).strip()}") from exc
            except BaseException:
                self._rollback()
                raise
        raise AssertionError("unreachable")

    def _rollback(self) -> None:
        if not self.raw.closed and not self.raw.broken:
            self.raw.execute("ROLLBACK")

    def corpus_transaction(self, body: Callable[[Any], T]) -> T:
        self.raw.execute("SELECT pg_advisory_lock(%s)", (LOCK_REBUILD,))  # one rebuild at a time
        try:
            def rebuild(conn: PgConnection) -> T:
                _fold_fts_totals(conn)
                return body(conn)

            return self._write(rebuild, isolation="REPEATABLE READ")
        finally:
            if not self.raw.closed and not self.raw.broken:
                self.raw.execute("SELECT pg_advisory_unlock(%s)", (LOCK_REBUILD,))

    def install_export_views(self) -> None:
        """As on SQLite, under the rebuild's lock: concurrent ingests each end with this, and
        PostgreSQL's DDL (CREATE TABLE IF NOT EXISTS, CREATE VIEW) is not safe to race."""
        from marsad.store import export_views

        self.raw.execute("SELECT pg_advisory_lock(%s)", (LOCK_REBUILD,))
        try:
            self._write(export_views.install_views)
        finally:
            if not self.raw.closed and not self.raw.broken:
                self.raw.execute("SELECT pg_advisory_unlock(%s)", (LOCK_REBUILD,))

    def _migrate(self) -> None:
        where = display_location(self.location)

        def body(conn: PgConnection) -> None:
            version = _schema_version(conn, where)  # again, under the lock
            if version > LATEST:
                raise StoreError(f"{where}: made by a newer marsad (schema {version})")
            for i in range(version, LATEST):
                if POSTGRESQL[i].strip():
                    self.raw.execute(POSTGRESQL[i])  # several statements: no parameters
                if i + 1 in BACKFILLS:
                    getattr(reuse_index, BACKFILLS[i + 1])(conn)
                _set_meta(conn, "schema_version", str(i + 1))
            if _meta(conn, "fts_terms_version") != str(FTS_TERMS_VERSION):
                _reindex_fts(conn)

        if (_schema_version(self.conn, where) == LATEST
                and _meta(self.conn, "fts_terms_version") == str(FTS_TERMS_VERSION)):
            return
        # a session lock taken before the transaction begins: the transaction then starts
        # after another process's migration committed, and sees its tables (a lock taken
        # inside it would leave the catalog cache of its start in use)
        self.raw.execute("SELECT pg_advisory_lock(%s)", (LOCK_MIGRATE,))
        try:
            self._write(body)
        finally:
            self.raw.execute("SELECT pg_advisory_unlock(%s)", (LOCK_MIGRATE,))

    # --- writes --------------------------------------------------------------------------

    def _write_batch(self, batch: list[PreparedDocument], result: IngestResult) -> None:
        def body(conn: PgConnection) -> tuple[int, int]:
            return write_batch(conn, self.raw, batch)

        added, skipped = self._write(body)
        result.added += added
        result.skipped += skipped

    # --- search --------------------------------------------------------------------------

    def search(self, query: str, offset: int = 0, limit: int = 20, outlet: str | None = None,
               event_type: str | None = None, place: str | None = None,
               date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
        try:
            check_query(query)
        except QueryError as exc:
            raise StoreError(f"search: {exc}") from None
        match = pg_tsquery(query)
        if match is None:
            return {"total": 0, "items": []}
        where, args = self._doc_filters(outlet, event_type, place, date_from, date_to)
        cond = "".join(" AND " + w for w in where)
        phrases = pg_phrases(query)
        distinct = list(dict.fromkeys(phrases))
        term_queries = [pg_term_query(t) for t in distinct]

        def ranked(conn: PgConnection) -> list[tuple[float, int]]:
            # Evaluating @@ or ts_rank_cd means decompressing a document's tsvector, a cost
            # the planner does not see: left to itself it scans every row (or merges with
            # documents in seq order) for a common word, 2-5 s at 100,000 documents. The
            # GIN index is always the way in; documents are joined only to the matches.
            conn.execute("SET LOCAL enable_seqscan = off")
            # and no JIT: the disabled scans' cost penalty would make every query here "big"
            # enough to be compiled, ~0.2 s each for queries that run in a millisecond
            conn.execute("SET LOCAL jit = off")
            hits_sql = ", ".join("(SELECT count(*) FROM doc_fts WHERE terms @@ ?::tsquery)"
                                 for _ in distinct)
            stats = conn.execute(
                "SELECT coalesce(sum(documents), 0)::bigint, coalesce(sum(terms), 0)::bigint, "
                f"{hits_sql} FROM doc_fts_totals", term_queries).fetchone()
            # float8: float4's text form is only its shortest decimal, not its exact value
            ranks = ", ".join(f"ts_rank_cd('{PG_RANK_WEIGHTS}', f.terms, ?::tsquery)::float8"
                              for _ in distinct)
            matches = f"SELECT f.seq, f.length, {ranks} FROM doc_fts f WHERE f.terms @@ ?::tsquery"
            if cond:
                matches = (f"WITH m AS MATERIALIZED ({matches}) SELECT m.* FROM m "
                           f"JOIN documents d ON d.seq = m.seq WHERE TRUE{cond}")
            rows = conn.execute(matches, (*term_queries, match, *args)).fetchall()
            if not rows:
                return []
            n_rows, n_terms = stats[0], stats[1]
            idf_of = {t: bm25_idf(n_rows, n) for t, n in zip(distinct, stats[2:], strict=True)}
            idfs = [idf_of[t] for t in phrases]
            avgdl = float(n_terms) / float(n_rows)
            position = {t: i for i, t in enumerate(distinct)}
            out = []
            for r in rows:
                freqs = [r[2 + position[t]] * PG_RANK_SCALE for t in phrases]
                out.append((bm25(freqs, r[1], idfs, avgdl), r[0]))
            out.sort()
            return out

        # the statistics and the matches from one snapshot
        scored = self._write(ranked, isolation="REPEATABLE READ READ ONLY")
        quoted = parse_phrases(query)
        if quoted:
            kept = []
            for chunk in _chunks(scored[:MAX_PHRASE_SCAN], _CHUNK):
                docs = self._documents_by_seq([seq for _, seq in chunk])
                kept += [(score, docs[seq]) for score, seq in chunk if seq in docs
                         and all(contains_phrase(docs[seq]["text"], p)
                                 or contains_phrase(docs[seq]["title"] or "", p) for p in quoted)]
            total = len(kept)
            page = kept[offset : offset + limit]
        else:
            total = len(scored)
            window = scored[offset : offset + limit]
            docs = self._documents_by_seq([seq for _, seq in window])
            page = [(score, docs[seq]) for score, seq in window if seq in docs]
        return {"total": total, "items": [search_item(r, query, score) for score, r in page]}

    def _documents_by_seq(self, seqs: list[int]) -> dict[int, Any]:
        if not seqs:
            return {}
        rows = self.conn.execute(
            """SELECT d.seq, d.id, d.title, d.outlet_id, d.outlet_name, d.outlet_name_en,
                      d.published, d.text FROM documents d WHERE d.seq = ANY(?)""", (seqs,))
        return {r["seq"]: r for r in rows}

    def integrity_check(self) -> str:
        """"ok", or which invariant of the tables does not hold (read in one snapshot)."""
        return self._write(self._check, isolation="REPEATABLE READ READ ONLY")

    def _check(self, conn: PgConnection) -> str:
        problems = []
        q = self._one
        if q("SELECT count(*) FROM documents d WHERE NOT EXISTS "
             "(SELECT 1 FROM doc_fts f WHERE f.seq = d.seq)"):
            problems.append("documents without a search row")
        if q("SELECT count(*) FROM doc_fts f WHERE NOT EXISTS "
             "(SELECT 1 FROM documents d WHERE d.seq = f.seq)"):
            problems.append("search rows without a document")
        totals = self.conn.execute(
            "SELECT coalesce(sum(documents), 0)::bigint, coalesce(sum(terms), 0)::bigint "
            "FROM doc_fts_totals").fetchone()
        actual = self.conn.execute(
            "SELECT count(*), coalesce(sum(length), 0)::bigint FROM doc_fts").fetchone()
        if tuple(totals) != tuple(actual):
            problems.append(f"search totals {tuple(totals)} != {tuple(actual)}")
        if q("SELECT count(*) FROM incident_events x WHERE NOT EXISTS "
             "(SELECT 1 FROM incidents i WHERE i.id = x.incident)"):
            problems.append("incident members without an incident")
        return "; ".join(problems) or "ok"

    def close(self) -> None:
        self.raw.close()


def _chunks(items: list[T], n: int) -> Iterable[list[T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _meta(conn: PgConnection, key: str) -> str | None:
    if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(conn: PgConnection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (key, value))


def _schema_version(conn: PgConnection, where: str) -> int:
    """0 for an empty database; refuses one holding another application's tables."""
    if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
        if conn.execute("SELECT to_regclass('documents')").fetchone()[0] is not None:
            raise StoreError(f"{where}: not a marsad database (it has a 'documents' table "
                             "of its own)")
        return 0
    value = _meta(conn, "schema_version")
    if value is None:
        raise StoreError(f"{where}: not a marsad database (it has a 'meta' table of its own)")
    return int(value)


def _fold_fts_totals(conn: PgConnection) -> None:
    """Replace the visible increments by their sum (in the rebuild's snapshot: increments
    committed meanwhile are not visible, so they are kept)."""
    n, terms, rows = conn.execute(
        "SELECT coalesce(sum(documents), 0)::bigint, coalesce(sum(terms), 0)::bigint, count(*) "
        "FROM doc_fts_totals").fetchone()
    if rows > 1:
        conn.execute("DELETE FROM doc_fts_totals")
        conn.execute("INSERT INTO doc_fts_totals VALUES (?, ?)", (n, terms))


def _reindex_fts(conn: PgConnection) -> None:
    """Rebuild the search rows from the stored texts (the clitic stemming changed)."""
    conn.execute("DELETE FROM doc_fts")
    conn.execute("DELETE FROM doc_fts_totals")
    n = total = 0
    for seq, title, text in conn.execute("SELECT seq, title, text FROM documents").fetchall():
        terms, length = pg_tsvector(index_text(title or ""), index_text(text or ""))
        conn.execute("INSERT INTO doc_fts VALUES (?, ?::tsvector, ?)", (seq, terms, length))
        n += 1
        total += length
    if n:
        conn.execute("INSERT INTO doc_fts_totals VALUES (?, ?)", (n, total))
    _set_meta(conn, "fts_terms_version", str(FTS_TERMS_VERSION))


BACKENDS["postgresql"] = PostgresStore
