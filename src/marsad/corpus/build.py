"""Recompute the corpus tables (text reuse, incidents) of a store.

Reuse is incremental: every document's MinHash signature and winnowed fingerprints are
computed at ingest and stored; a rebuild indexes all of them and aligns only candidate pairs
that involve documents not yet compared (``documents.corpus_done = 0``). Incidents are recomputed in full (a linear pass
with blocking by place and month, see ``incidents.py``) because one new report can merge two
incidents. The whole rebuild runs in one transaction: a reader never sees half of it, and a
killed rebuild leaves the previous tables in place (the next ingest redoes it).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from marsad.corpus.incidents import EventRow, build_incidents
from marsad.corpus.reuse import find_reuse, fingerprint_bytes

if TYPE_CHECKING:
    from marsad.store.sqlite import Store


@lru_cache(maxsize=1)
def _kb_ancestors() -> Callable[[str], list[str]] | None:
    try:
        from marsad.kb.gazetteer import load_kb

        kb = load_kb()
    except Exception:  # the KB is optional here: fall back to the documents' parent links
        return None
    return kb.ancestors


def _ancestor_fn(conn: sqlite3.Connection) -> Callable[[str], list[str]]:
    parents = {r[0]: r[1] for r in conn.execute("SELECT id, parent FROM entities WHERE parent IS NOT NULL")}
    kb = _kb_ancestors()
    cache: dict[str, list[str]] = {}

    def ancestors(entity_id: str) -> list[str]:
        if entity_id in cache:
            return cache[entity_id]
        chain = kb(entity_id) if kb is not None else []
        if not chain:
            seen = {entity_id}
            cur = parents.get(entity_id)
            while cur and cur not in seen:
                chain.append(cur)
                seen.add(cur)
                cur = parents.get(cur)
        cache[entity_id] = chain
        return chain

    return ancestors


def rebuild(store: Store, full: bool = False) -> dict[str, Any]:
    timings: dict[str, Any] = {}

    def body(conn: sqlite3.Connection) -> None:
        t0 = time.perf_counter()
        if full:
            conn.execute("DELETE FROM reuse")
            conn.execute("UPDATE documents SET corpus_done = 0")
        new_ids = {r[0] for r in conn.execute("SELECT id FROM documents WHERE corpus_done = 0")}
        n_pairs = 0
        if new_ids:
            def load(doc_id: str) -> dict[str, Any] | None:
                r = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
                return json.loads(r[0]) if r else None

            # documents stored before fingerprints existed (schema 1) get them now
            missing = conn.execute(
                "SELECT id, text FROM documents WHERE fingerprints IS NULL").fetchall()
            for doc_id, text in missing:
                conn.execute("UPDATE documents SET fingerprints = ? WHERE id = ?",
                             (fingerprint_bytes(text), doc_id))
            signatures = conn.execute(
                "SELECT id, minhash FROM documents ORDER BY seq").fetchall()
            fingerprints = conn.execute(
                "SELECT id, fingerprints FROM documents ORDER BY seq").fetchall()
            for r in find_reuse(((s[0], s[1]) for s in signatures), load,
                                None if full else new_ids,
                                fingerprints=((f[0], f[1]) for f in fingerprints)):
                conn.execute(
                    "INSERT OR REPLACE INTO reuse VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (r["a"], r["b"], r["share"], r["direction"], r["why"],
                     json.dumps(r["a_spans"]), json.dumps(r["b_spans"])),
                )
                # a pair is stored once, whichever way it is oriented
                conn.execute("DELETE FROM reuse WHERE a = ? AND b = ?", (r["b"], r["a"]))
                n_pairs += 1
            conn.execute("UPDATE documents SET corpus_done = 1 WHERE corpus_done = 0")
        t1 = time.perf_counter()
        timings["reuse_seconds"] = round(t1 - t0, 3)
        timings["reuse_new_documents"] = len(new_ids)
        timings["reuse_pairs_found"] = n_pairs
        incidents = compute_incidents(conn)
        conn.execute("DELETE FROM incident_events")
        conn.execute("DELETE FROM incidents")
        for inc in incidents:
            conn.execute(
                "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (inc["id"], inc["type"], inc["date"], inc.get("date_earliest"),
                 inc.get("date_latest"), inc["place"], inc["independent_sources"],
                 json.dumps(inc, ensure_ascii=False)),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO incident_events VALUES (?, ?, ?)",
                [(inc["id"], m["doc"], m["event"]) for m in inc["events"]],
            )
        timings["incidents_seconds"] = round(time.perf_counter() - t1, 3)
        timings["incidents"] = len(incidents)

    store._write(body)
    return timings


def compute_incidents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT e.doc, e.event_id, e.type, e.place, e.date_earliest, e.date_latest,
                  e.date_value, e.count_min, e.count_max, e.modality, d.published
           FROM events e JOIN documents d ON d.id = e.doc"""
    )
    events = [EventRow(*r) for r in rows]
    reuse = [(r[0], r[1]) for r in conn.execute("SELECT a, b FROM reuse")]
    via: list[tuple[str, str]] = []
    for doc, via_json in conn.execute("SELECT doc, via FROM claims WHERE via IS NOT NULL AND via != '[]'"):
        via.extend((doc, v) for v in json.loads(via_json))
    doc_outlets = {r[0]: r[1] for r in conn.execute(
        "SELECT id, coalesce(outlet_id, outlet_name) FROM documents")}
    facilities = {r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'facility'")}
    return build_incidents(events, _ancestor_fn(conn), reuse, via, doc_outlets,
                           is_facility=facilities.__contains__)
