"""Recompute the corpus tables (text reuse, incidents) of a store.

Reuse is incremental: every document's MinHash signature and winnowed fingerprints are
computed at ingest and stored, with their rows in the persistent candidate index
(``marsad.store.reuse_index``); a rebuild looks up the candidates of the documents not yet
compared (``documents.corpus_done = 0``) in that index and aligns only those pairs. A batch
larger than ``INDEXED_MAX_NEW_SHARE`` of the store (a first ingest) reads every stored sketch
into memory instead, which is cheaper then and finds the same pairs.

Incidents are recomputed only where they can change, and the result is exactly the full
recompute's: ``incident_blocks`` partitions the events into blocks (place component × time
cluster, with undated events tied to what they may join) that the clustering never lets
interact. The blocks holding an event of a new document or of a document in a new reuse
pair, or a place whose ancestors or facility status changed, are dirty; so is every block an
old incident of a dirty block spans (one new report can merge blocks). Only the events of the
dirty blocks are clustered again, and of the old incidents touching them only those that
come out different are replaced. A change of the clustering code (hash of the ``incidents`` modules),
a missing record of the previous state, or ``full=True`` recomputes everything; new
documents without an event (and no new reuse pair touching one) change nothing, which a few
queries establish (a watch cycle that found nothing new).

The blocks are exact, not small: the clustering is greedy in an order (precise reports
first, by date), and an incident at a coarse place (a governorate, the country) can take
reports from anywhere inside it, so in a dense store most events of a country over months
are one block, and a cycle re-clusters that block (``bench/bench_watch.py``). Measured on the
bench's 100k store: of the ~6,400 dated incidents of the block, ~80 change when 100 reports
arrive (the greedy decisions converge back quickly), but the undated phase's keys — a count
at a place (rule 3, any date) and a facility (rule 4) — tie most of the block's undated
events to those few, so finer exact parts need those two rules bounded in time first.
Blocks never interact, so with ``jobs`` > 1 the blocks to recompute are clustered in forked
worker processes (``corpus.parallel_incidents``): the same incidents, on every core.

The whole rebuild runs in one transaction (``Store.corpus_transaction``): a reader never
sees half of it, and a killed rebuild leaves the previous tables in place (the next ingest
redoes it). On PostgreSQL ingests go on meanwhile: the rebuild works on one snapshot (the
documents committed after it started stay ``corpus_done = 0`` for the next rebuild), and
rebuilds run one at a time. The SQL here runs unchanged on both stores.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.corpus import incidents as incidents_module
from marsad.corpus.incidents import EventRow, build_incidents, incident_blocks
from marsad.corpus.incidents.model import cyclic_gc_paused
from marsad.corpus.parallel_incidents import (
    ClusterJob,
    cluster_blocks,
    cluster_events,
    worth_forking,
)
from marsad.corpus.reuse.candidates import (
    NewDocument,
    candidate_pairs,
    indexed_candidate_pairs,
)
from marsad.corpus.reuse.detect import reuse_of_pairs
from marsad.progress import Progress
from marsad.store import reuse_index

if TYPE_CHECKING:
    from marsad.store.base import Store


@lru_cache(maxsize=1)
def _kb_ancestors() -> Callable[[str], list[str]] | None:
    try:
        from marsad.kb.gazetteer import load_kb

        kb = load_kb()
    except Exception:  # the KB is optional here: fall back to the documents' parent links
        return None
    return kb.ancestors


def _ancestor_fn(conn: Any) -> Callable[[str], list[str]]:
    parents = {r[0]: r[1] for r in conn.execute("SELECT id, parent FROM entities WHERE parent IS NOT NULL")}
    return ancestors_from(parents)


def ancestors_from(parents: dict[str, str]) -> Callable[[str], list[str]]:
    """A place's chain of ancestors: the knowledge base's, else the documents' parent links
    (``parents``: entity id -> parent id), cached per entity."""
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


# Above this share of new documents, reading every stored sketch once (the in-memory index)
# is cheaper than ~100 index lookups per new document; both give the same pairs.
INDEXED_MAX_NEW_SHARE = 0.05


def rebuild(store: Store, full: bool = False, indexed: bool | None = None, jobs: int = 1
            ) -> dict[str, Any]:
    """Recompute reuse for the new documents, then the incidents they can change.

    ``indexed`` forces (True) or forbids (False) the persistent candidate index for an
    incremental run; by default it is used when the new documents are at most
    ``INDEXED_MAX_NEW_SHARE`` of the store. The pairs found are the same either way.
    """
    timings: dict[str, Any] = {}

    def body(conn: Any) -> None:
        t0 = time.perf_counter()
        if full:
            conn.execute("DELETE FROM reuse")
            conn.execute("UPDATE documents SET corpus_done = 0")
        new_ids = {r[0] for r in conn.execute("SELECT id FROM documents WHERE corpus_done = 0")}
        n_pairs = 0
        touched = set(new_ids)
        if new_ids:
            def load(doc_id: str) -> dict[str, Any] | None:
                r = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
                return json.loads(r[0]) if r else None

            # a document stored without fingerprints gets them now (older databases get them
            # for every document in the schema 4 migration)
            reuse_index.fill_missing_fingerprints(conn)
            # the index rows the ingest appended go into the indexed tables before any lookup
            # (all band keys are redone first if the LSH banding changed)
            timings["reuse_bands_rekeyed"] = reuse_index.ensure_band_layout(conn)
            timings["reuse_index_merged"] = reuse_index.merge_pending(conn)
            use_index = indexed if indexed is not None else (
                len(new_ids) <= INDEXED_MAX_NEW_SHARE * reuse_index.count_documents(conn))
            if not full and use_index:
                new_docs = [NewDocument(*row) for row in reuse_index.documents_to_compare(conn)]
                pairs = list(indexed_candidate_pairs(new_docs, reuse_index.SqlCandidateIndex(conn)))
            else:
                signatures = conn.execute(
                    "SELECT id, minhash FROM documents ORDER BY seq").fetchall()
                fingerprints = conn.execute(
                    "SELECT id, fingerprints FROM documents ORDER BY seq").fetchall()
                pairs = list(candidate_pairs(((s[0], s[1]) for s in signatures),
                                             None if full else new_ids,
                                             ((f[0], f[1]) for f in fingerprints)))
                del signatures, fingerprints
            timings["reuse_mode"] = "full" if full else "indexed" if use_index else "scan"
            timings["reuse_candidates"] = len(pairs)
            # each pair is aligned on its own and stored once whatever the order: sorted, the
            # pairs of one document come together and its decoded text stays in the cache
            pairs.sort()
            progress = Progress("rebuild: reuse", total=len(pairs), unit="pairs")

            def counted(items: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
                for pair in items:
                    progress.advance()
                    yield pair

            if jobs > 1 and len(pairs) >= PARALLEL_ALIGN_MIN:
                found = _align_in_workers(store.path, pairs, jobs, progress)
            else:
                found = reuse_of_pairs(counted(pairs), load)
            for r in found:
                conn.execute(
                    """INSERT INTO reuse VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (a, b) DO UPDATE SET share = excluded.share,
                         direction = excluded.direction, why = excluded.why,
                         a_spans = excluded.a_spans, b_spans = excluded.b_spans""",
                    (r["a"], r["b"], r["share"], r["direction"], r["why"],
                     json.dumps(r["a_spans"]), json.dumps(r["b_spans"])),
                )
                # a pair is stored once, whichever way it is oriented
                conn.execute("DELETE FROM reuse WHERE a = ? AND b = ?", (r["b"], r["a"]))
                n_pairs += 1
                touched.update((r["a"], r["b"]))
            conn.execute("UPDATE documents SET corpus_done = 1 WHERE corpus_done = 0")
            progress.close()
        t1 = time.perf_counter()
        timings["reuse_seconds"] = round(t1 - t0, 3)
        timings["reuse_new_documents"] = len(new_ids)
        timings["reuse_pairs_found"] = n_pairs
        with Progress("rebuild: incidents", unit="events") as progress:
            timings.update(_rebuild_incidents(conn, touched, full, jobs))
            progress.advance(timings.get("incidents_recomputed_events", 0))
        timings["incidents_seconds"] = round(time.perf_counter() - t1, 3)

    store.corpus_transaction(body)
    # the export views read the corpus tables: (re)made here, so a SQLite browser shows them
    start = time.perf_counter()
    store.install_export_views()
    timings["export_views_seconds"] = round(time.perf_counter() - start, 3)
    return timings


def replace(store: Store, reuse: list[dict[str, Any]], incidents: list[dict[str, Any]]) -> None:
    """Write reuse pairs and incidents computed elsewhere (``marsad batch``) in place of the
    store's, in one transaction, with the state an incremental rebuild reads next time (the
    candidate index merged, every document compared, the incidents' place signature)."""

    def body(conn: Any) -> None:
        reuse_index.ensure_band_layout(conn)
        reuse_index.merge_pending(conn)
        conn.execute("DELETE FROM reuse")
        conn.executemany(
            """INSERT INTO reuse VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (a, b) DO UPDATE SET share = excluded.share,
                 direction = excluded.direction, why = excluded.why,
                 a_spans = excluded.a_spans, b_spans = excluded.b_spans""",
            [(r["a"], r["b"], r["share"], r["direction"], r["why"], json.dumps(r["a_spans"]),
              json.dumps(r["b_spans"])) for r in reuse])
        conn.execute("UPDATE documents SET corpus_done = 1 WHERE corpus_done = 0")
        conn.execute("DELETE FROM incident_events")
        conn.execute("DELETE FROM incidents")
        _write_incidents(conn, incidents)
        _save_state(conn, _place_signature(conn), None)

    store.corpus_transaction(body)
    store.install_export_views()


# Below this many candidate pairs, starting worker processes costs more than it saves.
PARALLEL_ALIGN_MIN = 2000
_ALIGN_CHUNK = 500
_reader: Any = None  # a worker's read-only store (one per process)


def _align_chunk(task: tuple[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
    """Worker: align a chunk of candidate pairs, reading the documents from the store (the
    documents are committed; the parent's open transaction only writes corpus tables)."""
    global _reader
    path, pairs = task
    if _reader is None or _reader.path != path:
        from marsad.store import Store

        _reader = Store(path, readonly=True)
    return list(reuse_of_pairs(pairs, _reader.get_document))


def _align_in_workers(path: str, pairs: list[tuple[str, str]], jobs: int, progress: Progress
                      ) -> Iterator[dict[str, Any]]:
    """``reuse_of_pairs`` over ``jobs`` processes, chunks of sorted pairs, in order."""
    from marsad.parallel import ordered_map

    chunks = [(path, pairs[i : i + _ALIGN_CHUNK]) for i in range(0, len(pairs), _ALIGN_CHUNK)]
    for (_, chunk), found in zip(chunks, ordered_map(_align_chunk, chunks, jobs, chunk=1), strict=True):
        progress.advance(len(chunk))
        yield from found


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the clustering code (every module of ``marsad.corpus.incidents``): incidents
    kept from a run of other code are stale."""
    digest = hashlib.sha256()
    for path in sorted(Path(incidents_module.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _documents(conn: Any) -> dict[str, tuple[str | None, str | None]]:
    """Each document's publication date and outlet (id, else name), read once for both."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT id, published, coalesce(outlet_id, outlet_name) FROM documents")}


def _load_events(conn: Any, documents: dict[str, tuple[str | None, str | None]]) -> list[EventRow]:
    """Every event row with its document's publication date (from ``documents``: joining
    the documents table in SQL costs twice the scan of the events)."""
    rows = conn.execute(
        """SELECT doc, event_id, type, place, date_earliest, date_latest,
                  date_value, count_min, count_max, modality FROM events"""
    )
    return [EventRow(*r, documents[r[0]][0]) for r in rows]


def _load_events_placed(conn: Any, documents: dict[str, tuple[str | None, str | None]]
                        ) -> tuple[list[EventRow], list[str | None]]:
    """The events (``_load_events``) and the incident each is in after the previous rebuild
    (None: never clustered). Two reads: joined, the events' scan costs twice as much."""
    events = _load_events(conn, documents)
    incident_of = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT doc, event_id, incident FROM incident_events")}
    return events, [incident_of.get((e.doc, e.event)) for e in events]


def _meta(conn: Any, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _write_incidents(conn: Any, incidents: list[dict[str, Any]]) -> None:
    for inc in incidents:
        conn.execute(
            "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (inc["id"], inc["type"], inc["date"], inc.get("date_earliest"),
             inc.get("date_latest"), inc["place"], inc["independent_sources"],
             json.dumps(inc, ensure_ascii=False)),
        )
        conn.executemany(
            "INSERT INTO incident_events VALUES (?, ?, ?)"
            " ON CONFLICT (doc, event_id) DO UPDATE SET incident = excluded.incident",
            [(inc["id"], m["doc"], m["event"]) for m in inc["events"]],
        )


def _rebuild_incidents(conn: Any, touched: set[str], full: bool, jobs: int = 1) -> dict[str, Any]:
    """Replace the incidents that the documents in ``touched`` can change (all if ``full``),
    clustering the blocks to recompute over ``jobs`` processes when they are many."""
    # the cyclic collector would rescan every row object loaded here (see cyclic_gc_paused)
    with cyclic_gc_paused():
        return _replace_incidents(conn, touched, full, jobs)


def _unchanged(conn: Any, touched: set[str]) -> bool:
    """Can nothing of the incidents have changed? True when no document in ``touched`` (the
    new ones and those in new reuse pairs) has an event, the clustering code is the same, and
    every place's ancestors and facility status are as last time: a watch cycle that found
    nothing new (or only pages without events) then costs a few queries, not a re-read of
    every event of the store."""
    if _meta(conn, "incidents_code") != _code_version():
        return False
    old_json = _meta(conn, "incident_places")
    if old_json is None:
        return False
    docs = sorted(touched)
    for i in range(0, len(docs), 500):
        chunk = docs[i : i + 500]
        marks = ",".join("?" * len(chunk))
        if conn.execute(f"SELECT 1 FROM events WHERE doc IN ({marks}) LIMIT 1", chunk).fetchone():
            return False
    return json.loads(old_json) == _place_signature(conn)


def _place_signature(conn: Any) -> dict[str, list[Any]]:
    """``_signature`` of every place the stored events name."""
    facilities = {r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'facility'")}
    places = sorted(r[0] for r in conn.execute(
        "SELECT DISTINCT place FROM events WHERE place IS NOT NULL"))
    return _signature(places, _ancestor_fn(conn), facilities)


def _signature(places: list[str], ancestors: Callable[[str], list[str]], facilities: set[str]
               ) -> dict[str, list[Any]]:
    """Each place -> its ancestors and whether it is a facility: what the clustering reads of
    the knowledge base (a change re-clusters the events there)."""
    return {p: [*ancestors(p), p in facilities] for p in places}


def _replace_incidents(conn: Any, touched: set[str], full: bool, jobs: int) -> dict[str, Any]:
    if not full and _unchanged(conn, touched):
        total = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        return {"incidents": total, "incidents_mode": "unchanged",
                "incidents_recomputed_events": 0}
    clock = time.process_time()
    documents = _documents(conn)
    events, previous = _load_events_placed(conn, documents)
    inputs = _incident_inputs(conn, documents)
    parts: dict[str, float] = {"load": time.process_time() - clock}
    ancestors, reuse, facilities = inputs[0], inputs[1], inputs[4]
    places = sorted({e.place for e in events if e.place})
    signature = _signature(places, ancestors, facilities)
    old_signature_json = _meta(conn, "incident_places")
    old_signature = json.loads(old_signature_json) if old_signature_json else None
    if full or old_signature is None or _meta(conn, "incidents_code") != _code_version():
        conn.execute("DELETE FROM incident_events")
        conn.execute("DELETE FROM incidents")
        job = ClusterJob(*inputs, old_keys={}, stale=set(), touched=set())
        if worth_forking(jobs, len(events)):
            blocks = incident_blocks(events, ancestors, reuse, is_facility=facilities.__contains__)
            done = cluster_blocks(events, blocks, job, jobs)
        else:
            done = cluster_events(events, job)
        _write_incidents(conn, done.rendered)
        _save_state(conn, signature, done.keys)
        return {"incidents": len(done.rendered), "incidents_mode": "full",
                "incidents_recomputed_events": len(events)}

    clock = time.process_time()
    blocks = incident_blocks(events, ancestors, reuse, is_facility=facilities.__contains__)
    parts["blocks"] = time.process_time() - clock
    changed_places = {p for p in places if old_signature.get(p) != signature[p]}
    dirty = {b for e, b in zip(events, blocks, strict=True)
             if e.doc in touched or (e.place and e.place in changed_places)}
    # an event no incident holds (never clustered) makes its block dirty
    dirty.update(b for b, inc_id in zip(blocks, previous, strict=True) if inc_id is None)
    # an old incident whose member is gone is replaced (rare: counted before looked for)
    stale: set[str] = set()
    held = sum(1 for inc_id in previous if inc_id is not None)
    if conn.execute("SELECT count(*) FROM incident_events").fetchone()[0] != held:
        stale.update(r[0] for r in conn.execute(
            """SELECT DISTINCT ie.incident FROM incident_events ie WHERE NOT EXISTS
               (SELECT 1 FROM events e WHERE e.doc = ie.doc AND e.event_id = ie.event_id)"""))
    # an old incident with a member in a dirty block is replaced, and every block it spans is
    # recomputed with it (blocks merged by a new report): to the fixed point, a pass over the
    # events each (the first finds them, the second nothing new)
    grew = True
    while grew:
        grew = False
        for b, inc_id in zip(blocks, previous, strict=True):
            if inc_id is None:
                continue
            if b in dirty:
                if inc_id not in stale:
                    stale.add(inc_id)
                    grew = True
            elif inc_id in stale:
                dirty.add(b)
                grew = True
    subset, subset_blocks = [], []
    for e, b in zip(events, blocks, strict=True):
        if b in dirty:
            subset.append(e)
            subset_blocks.append(b)
    parts["dirty"] = time.process_time() - clock - parts["blocks"]
    clock = time.process_time()
    # most incidents of the recomputed blocks come out as they were: those are left in
    # place (same row, same members), only the others are replaced. One whose state (place,
    # types, members and how each joined) is as last time, over documents whose links did not
    # change, is known to render the same object without rendering it
    old_keys: dict[str, str] = json.loads(_meta(conn, "incident_keys") or "{}")
    done = cluster_blocks(subset, subset_blocks,
                          ClusterJob(*inputs, old_keys=old_keys, stale=stale, touched=touched), jobs)
    keys, kept, incidents = done.keys, done.kept, done.rendered
    # CPU time of this process: with workers, the clustering's own is theirs
    parts["cluster"] = time.process_time() - clock
    clock = time.process_time()
    stale_ids = sorted(stale - kept)
    old_json: dict[str, str] = {}
    for i in range(0, len(stale_ids), 500):
        chunk = stale_ids[i : i + 500]
        for row in conn.execute(f"SELECT id, json FROM incidents WHERE id IN ({','.join('?' * len(chunk))})",
                                chunk):
            old_json[row[0]] = row[1]
    kept.update(inc["id"] for inc in incidents
                if old_json.get(inc["id"]) == json.dumps(inc, ensure_ascii=False))
    gone = [(inc_id,) for inc_id in stale_ids if inc_id not in kept]
    conn.executemany("DELETE FROM incident_events WHERE incident = ?", gone)
    conn.executemany("DELETE FROM incidents WHERE id = ?", gone)
    _write_incidents(conn, [inc for inc in incidents if inc["id"] not in kept])
    gone_ids = {g[0] for g in gone}
    _save_state(conn, signature,
                {k: v for k, v in old_keys.items() if k not in gone_ids} | keys)
    total = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    parts["write"] = time.process_time() - clock
    return {"incidents": total, "incidents_mode": "incremental",
            # CPU seconds of each part (the wall time is incidents_seconds)
            "incidents_parts_cpu_seconds": {k: round(v, 3) for k, v in parts.items()},
            "incidents_recomputed_events": len(subset), "incidents_replaced": len(gone),
            "incidents_unchanged": len(kept),
            # of the incidents recomputed, those whose state changed were rendered again
            "incidents_recomputed": done.count, "incidents_rendered": len(incidents),
            "incidents_dirty_blocks": len(dirty), "incidents_blocks": len(set(blocks))}


def _save_state(conn: Any, signature: dict[str, list[Any]], keys: dict[str, str] | None) -> None:
    """What the next incremental rebuild compares against: every place's ancestors, the
    clustering code and each stored incident's ``state_key`` (None: unknown, e.g. incidents
    computed elsewhere — the next rebuild then renders every incident it recomputes)."""
    upsert = "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    conn.execute(upsert, ("incident_places", json.dumps(signature, ensure_ascii=False)))
    conn.execute(upsert, ("incidents_code", _code_version()))
    if keys is None:
        conn.execute("DELETE FROM meta WHERE key = 'incident_keys'")
    else:
        conn.execute(upsert, ("incident_keys", json.dumps(keys, sort_keys=True)))


def _incident_inputs(conn: Any, documents: dict[str, tuple[str | None, str | None]]) -> tuple[
        Callable[[str], list[str]], list[tuple[str, str]], list[tuple[str, str]],
        dict[str, str | None], set[str]]:
    reuse = [(r[0], r[1]) for r in conn.execute("SELECT a, b FROM reuse")]
    via: list[tuple[str, str]] = []
    for doc, via_json in conn.execute("SELECT doc, via FROM claims WHERE via IS NOT NULL AND via != '[]'"):
        via.extend((doc, v) for v in json.loads(via_json))
    doc_outlets = {doc: outlet for doc, (_, outlet) in documents.items()}
    facilities = {r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'facility'")}
    return _ancestor_fn(conn), reuse, via, doc_outlets, facilities


def compute_incidents(conn: Any) -> list[dict[str, Any]]:
    """Every incident of the corpus, computed from scratch (not written)."""
    documents = _documents(conn)
    ancestors, reuse, via, doc_outlets, facilities = _incident_inputs(conn, documents)
    return build_incidents(_load_events(conn, documents), ancestors, reuse, via, doc_outlets,
                           is_facility=facilities.__contains__)
