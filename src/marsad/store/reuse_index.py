"""The persistent text-reuse candidate index (schema 4): SQL for ``marsad.corpus.reuse``.

Two plain indexed tables, so that the candidates of k new documents cost O(k) index lookups
instead of loading every stored sketch:

* ``reuse_bands(band, key, doc_seq)``: one row per LSH band of a document's MinHash signature
  (``marsad.corpus.reuse.lsh_band_keys``); the documents sharing a ``(band, key)`` collide.
* ``reuse_fingerprints(hash, doc_seq)``: one row per winnowed fingerprint of a document.

Writing ~125 rows per document at random places of two B-trees costs ~1 ms per document
when each ingest transaction (100 documents) rewrites the pages it touched (measured at 10k
documents). So a document's rows are *appended* to ``reuse_bands_pending`` /
``reuse_fingerprints_pending`` in the document's own transaction (a crash never leaves a
document without its rows), and ``merge_pending``, run by the corpus rebuild before any
lookup and in its transaction, moves them into the indexed tables in key order: one pass
over the pages they touch.

Documents are referred to by ``documents.seq`` (an integer: a fraction of the size of the
text id in tables of ~25 and ~100 rows per document). The unique indexes and ``ON CONFLICT DO
NOTHING`` make a repeated merge a no-op, never a duplicate.

The SQL runs unchanged on both stores (``conn``: a sqlite3 connection or the PostgreSQL
store's ``conn``). On PostgreSQL the merge runs in the rebuild's REPEATABLE READ snapshot, so
the rows of a document committed meanwhile are neither merged nor deleted: the next rebuild
merges them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_CHUNK = 500  # host parameters per IN (...) query


def pending_rows(seq: int, minhash: bytes | None, fingerprints: bytes | None
                 ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """One document's candidate-index rows: (band, key, seq) and (hash, seq)."""
    from marsad.corpus.reuse.signatures import fingerprint_keys, lsh_band_keys

    bands = [(band, key, seq) for band, key in enumerate(lsh_band_keys(minhash))] if minhash else []
    hashes = [(h, seq) for h in fingerprint_keys(fingerprints)] if fingerprints else []
    return bands, hashes


def index_document(conn: Any, seq: int, minhash: bytes | None,
                   fingerprints: bytes | None) -> None:
    """Append one document's candidate-index rows (call inside the document's transaction)."""
    bands, hashes = pending_rows(seq, minhash, fingerprints)
    if bands:
        conn.executemany("INSERT INTO reuse_bands_pending VALUES (?, ?, ?)", bands)
    if hashes:
        conn.executemany("INSERT INTO reuse_fingerprints_pending VALUES (?, ?)", hashes)


def merge_pending(conn: Any) -> int:
    """Move the appended rows into the indexed tables (sorted: one pass over the index).

    Returns how many documents' rows were merged.
    """
    n = conn.execute("SELECT count(DISTINCT doc_seq) FROM reuse_bands_pending").fetchone()[0]
    conn.execute("""INSERT INTO reuse_bands (band, key, doc_seq)
                    SELECT band, key, doc_seq FROM reuse_bands_pending
                    ORDER BY band, key, doc_seq ON CONFLICT DO NOTHING""")
    conn.execute("""INSERT INTO reuse_fingerprints (hash, doc_seq)
                    SELECT hash, doc_seq FROM reuse_fingerprints_pending
                    ORDER BY hash, doc_seq ON CONFLICT DO NOTHING""")
    conn.execute("DELETE FROM reuse_bands_pending")
    conn.execute("DELETE FROM reuse_fingerprints_pending")
    return n


def ensure_band_layout(conn: Any) -> bool:
    """Re-key ``reuse_bands`` when the LSH banding (b × r) changed since it was written.

    The band keys depend on ``marsad.corpus.reuse.lsh_bands()``; ``meta.reuse_bands`` records
    the banding they were made with. Returns True when the bands were rebuilt.
    """
    from marsad.corpus.reuse.signatures import lsh_band_keys, lsh_bands

    layout = "{}x{}".format(*lsh_bands())
    row = conn.execute("SELECT value FROM meta WHERE key = 'reuse_bands'").fetchone()
    if row is not None and row[0] == layout:
        return False
    rebuilt = row is not None
    if rebuilt:
        conn.execute("DELETE FROM reuse_bands")
        conn.execute("DELETE FROM reuse_bands_pending")
        rows = conn.execute("SELECT seq, minhash FROM documents WHERE minhash IS NOT NULL")
        while batch := rows.fetchmany(1000):
            conn.executemany("INSERT INTO reuse_bands_pending VALUES (?, ?, ?)",
                             [(band, key, seq) for seq, minhash in batch
                              for band, key in enumerate(lsh_band_keys(minhash))])
    conn.execute("INSERT INTO meta VALUES ('reuse_bands', ?)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (layout,))
    return rebuilt


def backfill(conn: Any) -> None:
    """Index every stored document (migration 4: a database made before the index existed).

    Documents stored before fingerprints existed (schema 1, NULL) get them computed from
    their text first, so that after schema 4 only a document not yet compared can lack them.
    """
    fill_missing_fingerprints(conn, only_uncompared=False)
    rows = conn.execute("SELECT seq, minhash, fingerprints FROM documents ORDER BY seq")
    while batch := rows.fetchmany(1000):
        for seq, minhash, fingerprints in batch:
            index_document(conn, seq, minhash, fingerprints)
    merge_pending(conn)
    ensure_band_layout(conn)


def fill_missing_fingerprints(conn: Any, only_uncompared: bool = True) -> int:
    """Compute and store the NULL ``documents.fingerprints`` (of documents not yet compared,
    through the ``corpus_done`` index, unless ``only_uncompared`` is False); index them too
    when the document is already indexed. Returns how many were filled."""
    from marsad.corpus.reuse.signatures import fingerprint_bytes

    where = "fingerprints IS NULL" + (" AND corpus_done = 0" if only_uncompared else "")
    missing = conn.execute(f"SELECT seq, id, text FROM documents WHERE {where}").fetchall()
    for seq, doc_id, text in missing:
        fingerprints = fingerprint_bytes(text)
        conn.execute("UPDATE documents SET fingerprints = ? WHERE id = ?", (fingerprints, doc_id))
        if only_uncompared:  # the migration's back-fill indexes every document afterwards
            index_document(conn, seq, None, fingerprints)
    return len(missing)


class SqlCandidateIndex:
    """``marsad.corpus.reuse.CandidateIndex`` over the store's tables (one connection)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def fingerprint_postings(self, fingerprint: int, limit: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT doc_seq FROM reuse_fingerprints WHERE hash = ? LIMIT ?", (fingerprint, limit))
        return [r[0] for r in rows]

    def band_members(self, band: int, key: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT doc_seq FROM reuse_bands WHERE band = ? AND key = ?", (band, key))
        return [r[0] for r in rows]

    def documents(self, keys: Iterable[int]) -> dict[int, tuple[str, bytes | None]]:
        keys = list(keys)
        out: dict[int, tuple[str, bytes | None]] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for seq, doc_id, minhash in self.conn.execute(
                    f"SELECT seq, id, minhash FROM documents WHERE seq IN ({marks})", chunk):
                out[seq] = (doc_id, minhash)
        return out


def documents_to_compare(conn: Any) -> list[tuple[int, str, bytes | None, bytes | None]]:
    """``(seq, id, minhash, fingerprints)`` of the documents not yet compared, in seq order."""
    return conn.execute(
        "SELECT seq, id, minhash, fingerprints FROM documents WHERE corpus_done = 0 ORDER BY seq"
    ).fetchall()


def count_documents(conn: Any) -> int:
    """How many documents are stored."""
    return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
