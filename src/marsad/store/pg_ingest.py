"""Writing one batch of documents into PostgreSQL, in a dozen statements whatever its size.

A batch is one transaction (``PostgresStore._write_batch``). Its statements, in this order:

1. ``seq`` numbers for the batch's documents, in the batch's order (``nextval``), so that
   ``seq`` is insertion order as on SQLite (search ties and listings break on it);
2. the documents, by ``COPY`` into a temporary table, then one ``INSERT … SELECT … ORDER BY
   id ON CONFLICT (id) DO NOTHING RETURNING seq``: the documents another writer stored first
   are skipped (the statement waits for that writer's commit), the rest are inserted in id
   order;
3. for the inserted documents only, every child row by ``COPY``: search rows, reuse-index
   rows, mentions, events, event actors, claims (a document's child rows are written only by
   the transaction that inserted it, so nothing can conflict there);
4. the entities (sorted by id; an existing entity is updated only to fill an empty field);
5. the inputs (sorted), ``ON CONFLICT DO NOTHING``.

Every writer takes its row locks in the same order (documents, entities, inputs, each by
key), so concurrent batches never deadlock on each other.
"""

from __future__ import annotations

from typing import Any

from marsad.store import reuse_index
from marsad.store.base import DOCUMENT_COLUMNS, document_row
from marsad.store.fts import pg_tsvector
from marsad.store.rows import PreparedDocument

_EVENT_COLUMNS = ("doc, event_id, type, trigger_start, trigger_end, trigger_text, date_value, "
                  "date_earliest, date_latest, place, count_min, count_max, count_unit, "
                  "modality, claim, evidence, json")
_CLAIM_COLUMNS = ('doc, claim_id, start, "end", text, speaker_text, speaker_kind, '
                  "speaker_entity, via, verb, stance, json")
_ENTITY_TYPES = ("text", "text", "text", "text", "float8", "float8", "text", "text", "text")


def write_batch(conn: Any, raw: Any, batch: list[PreparedDocument]) -> tuple[int, int]:
    """Store ``batch`` (``conn``: the store's ``PgConnection``; ``raw``: its psycopg
    connection, inside the transaction). Returns (added, skipped)."""
    firsts: list[PreparedDocument] = []
    seen: set[str] = set()
    for p in batch:
        if p.id not in seen:
            seen.add(p.id)
            firsts.append(p)
    seqs = [r[0] for r in conn.execute(
        "SELECT nextval(pg_get_serial_sequence('documents', 'seq')) FROM generate_series(1, ?)",
        (len(firsts),))]
    # the documents go through a session-private staging table: COPY is the fast way in,
    # and only INSERT … ON CONFLICT skips what a concurrent writer stored first
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS incoming_documents AS SELECT seq, "
                 f"{DOCUMENT_COLUMNS} FROM documents WITH NO DATA")
    conn.execute("TRUNCATE incoming_documents")
    with raw.cursor() as cur, cur.copy(
            f"COPY incoming_documents (seq, {DOCUMENT_COLUMNS}) FROM STDIN") as copy:
        copy.write(copy_text([(seq, *document_row(p)) for seq, p in zip(seqs, firsts, strict=True)]))
    inserted = {r[0] for r in conn.execute(
        f"INSERT INTO documents (seq, {DOCUMENT_COLUMNS}) SELECT * FROM incoming_documents"
        " ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING seq")}
    added = [(seq, p) for seq, p in zip(seqs, firsts, strict=True) if seq in inserted]
    if added:
        _copy_children(conn, raw, added)
        # in the batch's order: the first value seen of an entity's field wins
        upsert_entities(conn, [e for _, p in added for e in p.entities])
    keys = sorted({(p.source, p.raw_hash, p.id) for p in batch if p.source and p.raw_hash})
    if keys:
        conn.execute("INSERT INTO inputs SELECT * FROM unnest(?::text[], ?::text[], ?::text[])"
                     " ORDER BY 1, 2 ON CONFLICT DO NOTHING",
                     [list(c) for c in zip(*keys, strict=True)])
    return len(added), len(batch) - len(added)


def _copy_children(conn: Any, raw: Any, added: list[tuple[int, PreparedDocument]]) -> None:
    fts, bands, hashes = [], [], []
    mentions: list[tuple[Any, ...]] = []
    actors: list[tuple[Any, ...]] = []
    events: dict[tuple[Any, Any], tuple[Any, ...]] = {}
    claims: dict[tuple[Any, Any], tuple[Any, ...]] = {}
    for seq, p in added:
        terms, length = pg_tsvector(p.fts_title, p.fts_body)
        fts.append((seq, terms, length))
        b, h = reuse_index.pending_rows(seq, p.minhash, p.fingerprints)
        bands += b
        hashes += h
        mentions += p.mentions
        actors += p.actors
        for e in p.events:  # a repeated id keeps its first row, as INSERT OR IGNORE
            events.setdefault((e[0], e[1]), e)
        for c in p.claims:
            claims.setdefault((c[0], c[1]), c)
    with raw.cursor() as cur:
        for table, rows in (("doc_fts (seq, terms, length)", fts),
                            ("reuse_bands_pending (band, key, doc_seq)", bands),
                            ("reuse_fingerprints_pending (hash, doc_seq)", hashes),
                            ('mentions (doc, start, "end", text, entity)', mentions),
                            (f"events ({_EVENT_COLUMNS})", list(events.values())),
                            ("event_actors (doc, event_id, entity, role)", actors),
                            (f"claims ({_CLAIM_COLUMNS})", list(claims.values()))):
            if rows:
                with cur.copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(copy_text(rows))
    conn.execute("INSERT INTO doc_fts_totals VALUES (?, ?)",
                 (len(fts), sum(length for _, _, length in fts)))


def _copy_value(v: Any) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, str):  # COPY's text format escapes these four (str.replace: fast passes)
        if "\x00" in v:  # PostgreSQL text cannot hold NUL: the replacement character instead
            v = v.replace("\x00", "\ufffd")
        return (v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, bytes):
        return "\\\\x" + v.hex()  # bytea's hex form, its backslash escaped for COPY
    raise TypeError(f"no COPY text form for {type(v).__name__}")


def copy_text(rows: list[tuple[Any, ...]]) -> str:
    """Rows in COPY's text format (what psycopg's ``write_row`` does, in one pass)."""
    return "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)


def upsert_entities(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    """Insert new entities; fill an existing one's empty fields (as the SQLite upsert's
    coalesce) but lock and rewrite it only when there is something to fill."""
    if not rows:
        return
    merged: dict[str, list[Any]] = {}
    for row in rows:  # the first value seen wins, as with one upsert after another
        cur = merged.setdefault(row[0], list(row))
        for i in (3, 4, 5, 6, 7, 8):
            if cur[i] is None:
                cur[i] = row[i]
    ids = sorted(merged)
    values = [[merged[i][k] for i in ids] for k in range(9)]
    for k in (4, 5):  # lat, lon: one array type
        values[k] = [None if v is None else float(v) for v in values[k]]
    unnest = ", ".join(f"?::{t}[]" for t in _ENTITY_TYPES)
    conn.execute(f"INSERT INTO entities SELECT * FROM unnest({unnest}) AS u ORDER BY 1"
                 " ON CONFLICT DO NOTHING", values)
    stored = {r[0]: r for r in conn.execute(
        "SELECT id, name_en, lat, lon, wikidata, parent, subtype FROM entities WHERE id = ANY(?)",
        (ids,))}
    fill = []
    for i in ids:
        new, old = merged[i], stored.get(i)
        if old is not None and any(old[k] is None and new[k + 2] is not None for k in range(1, 7)):
            fill.append((new[3], new[4], new[5], new[8], new[7], new[6], i))
    conn.executemany(
        """UPDATE entities SET name_en = coalesce(name_en, ?), lat = coalesce(lat, ?),
               lon = coalesce(lon, ?), subtype = coalesce(subtype, ?),
               parent = coalesce(parent, ?), wikidata = coalesce(wikidata, ?)
           WHERE id = ?""", fill)
