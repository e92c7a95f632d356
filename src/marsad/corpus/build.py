"""Recompute the corpus tables (text reuse, incidents) of a store.

Reuse is incremental: every document's MinHash signature and winnowed fingerprints are
computed at ingest and stored, with their rows in the persistent candidate index
(``marsad.store.reuse_index``); a rebuild looks up the candidates of the documents not yet
compared (``documents.corpus_done = 0``) in that index and aligns only those pairs. A batch
larger than ``INDEXED_MAX_NEW_SHARE`` of the store (a first ingest) reads every stored sketch
into memory instead, which is cheaper then and finds the same pairs.

Incidents are recomputed only where they can change, and the result is exactly the full
recompute's: the events are partitioned into blocks (``incidents.BlockIndex``: place
component × time, with undated events tied to what they may join) that the clustering never
lets interact. The blocks holding an event of a new document or of a document in a new reuse
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
worker processes (``corpus.parallel_incidents``): the same incidents, on every core. What
the rebuild reads of the store — every event, the incident each is in, their blocks — comes
from an ``IncidentMemory`` (``corpus.incident_inputs``): a one-off rebuild reads it all, a
running watcher keeps it between cycles and reads only the documents added since.

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
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.corpus import incidents as incidents_module
from marsad.corpus.incident_inputs import (
    IncidentMemory,
    ancestor_fn,
    facilities_of,
    meta,
    place_signature,
    stamp,
)
from marsad.corpus.incidents import EventRow
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


# Above this share of new documents, reading every stored sketch once (the in-memory index)
# is cheaper than ~100 index lookups per new document; both give the same pairs.
INDEXED_MAX_NEW_SHARE = 0.05


def rebuild(store: Store, full: bool = False, indexed: bool | None = None, jobs: int = 1,
            memory: IncidentMemory | None = None) -> dict[str, Any]:
    """Recompute reuse for the new documents, then the incidents they can change.

    ``indexed`` forces (True) or forbids (False) the persistent candidate index for an
    incremental run; by default it is used when the new documents are at most
    ``INDEXED_MAX_NEW_SHARE`` of the store. The pairs found are the same either way.
    ``memory``: what this process's last rebuild of the store read and wrote (a watcher
    keeps one), so that only the documents added since are read (``corpus.incident_inputs``);
    by default everything is read.
    """
    memory = memory if memory is not None else IncidentMemory()
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
            timings.update(_rebuild_incidents(conn, touched, full, jobs, memory))
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


def _write_incidents(conn: Any, incidents: list[dict[str, Any]],
                     was_in: dict[tuple[str, str], str | None] | None = None
                     ) -> list[tuple[str, str, str]]:
    """Insert ``incidents`` and point their members' rows at them (``was_in``: the incident
    each event's row points at already, whose rows are left as they are). Returns the member
    rows written (incident, document, event id)."""
    written: list[tuple[str, str, str]] = []
    for inc in incidents:
        conn.execute(
            "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (inc["id"], inc["type"], inc["date"], inc.get("date_earliest"),
             inc.get("date_latest"), inc["place"], inc["independent_sources"],
             json.dumps(inc, ensure_ascii=False)),
        )
        rows = [(inc["id"], m["doc"], m["event"]) for m in inc["events"]
                if was_in is None or was_in.get((m["doc"], m["event"])) != inc["id"]]
        conn.executemany(
            "INSERT INTO incident_events VALUES (?, ?, ?)"
            " ON CONFLICT (doc, event_id) DO UPDATE SET incident = excluded.incident", rows)
        written.extend(rows)
    return written


def _rebuild_incidents(conn: Any, touched: set[str], full: bool, jobs: int,
                       memory: IncidentMemory) -> dict[str, Any]:
    """Replace the incidents that the documents in ``touched`` can change (all if ``full``),
    clustering the blocks to recompute over ``jobs`` processes when they are many."""
    # the cyclic collector would rescan every row object loaded here (see cyclic_gc_paused)
    with cyclic_gc_paused():
        return _replace_incidents(conn, touched, full, jobs, memory)


def _unchanged(conn: Any, touched: set[str]) -> bool:
    """Can nothing of the incidents have changed? True when no document in ``touched`` (the
    new ones and those in new reuse pairs) has an event, the clustering code is the same, and
    every place's ancestors and facility status are as last time: a watch cycle that found
    nothing new (or only pages without events) then costs a few queries, not a re-read of
    every event of the store."""
    if meta(conn, "incidents_code") != _code_version():
        return False
    old_json = meta(conn, "incident_places")
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
    """``place_signature`` of every place the stored events name."""
    places = sorted(r[0] for r in conn.execute(
        "SELECT DISTINCT place FROM events WHERE place IS NOT NULL"))
    return place_signature(places, ancestor_fn(conn), facilities_of(conn))


def _replace_incidents(conn: Any, touched: set[str], full: bool, jobs: int,
                       memory: IncidentMemory) -> dict[str, Any]:
    if not full and _unchanged(conn, touched):
        total = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        return {"incidents": total, "incidents_mode": "unchanged",
                "incidents_recomputed_events": 0}
    clock = time.process_time()
    read = memory.read(conn)
    events, previous = read.events, read.previous
    inputs = (read.ancestors, read.reuse, read.via, read.doc_outlets, read.facilities)
    parts: dict[str, float] = {"load": time.process_time() - clock}
    how_read = "everything" if read.everything else "new documents"
    signature = read.signature()
    old_signature_json = meta(conn, "incident_places")
    old_signature = json.loads(old_signature_json) if old_signature_json else None
    if full or old_signature is None or meta(conn, "incidents_code") != _code_version():
        conn.execute("DELETE FROM incident_events")
        conn.execute("DELETE FROM incidents")
        job = ClusterJob(*inputs, old_keys={}, stale=set(), touched=set())
        if worth_forking(jobs, len(events)):
            done = cluster_blocks(events, memory.blocks(signature), job, jobs)
        else:
            done = cluster_events(events, job)
        rows = _write_incidents(conn, done.rendered)
        memory.remember(rows, _save_state(conn, signature, done.keys), everything=True)
        return {"incidents": len(done.rendered), "incidents_mode": "full",
                "incidents_read": how_read,
                "incidents_recomputed_events": len(events)}

    clock = time.process_time()
    blocks = memory.blocks(signature)
    parts["blocks"] = time.process_time() - clock
    changed_places = {p for p, sig in signature.items() if old_signature.get(p) != sig}
    # the blocks of the new documents' events, of places whose ancestry changed and of events
    # no incident holds (never clustered) are recomputed
    dirty = {b for e, b, inc_id in zip(events, blocks, previous, strict=True)
             if inc_id is None or e.doc in touched or e.place in changed_places}
    # an old incident whose member is gone is replaced (rare: counted before looked for)
    stale: set[str] = set()
    if (conn.execute("SELECT count(*) FROM incident_events").fetchone()[0]
            != len(previous) - previous.count(None)):
        orphans = """FROM incident_events ie WHERE NOT EXISTS
               (SELECT 1 FROM events e WHERE e.doc = ie.doc AND e.event_id = ie.event_id)"""
        stale.update(r[0] for r in conn.execute(f"SELECT DISTINCT ie.incident {orphans}"))
        conn.execute(f"DELETE FROM incident_events WHERE (doc, event_id) IN "
                     f"(SELECT ie.doc, ie.event_id {orphans})")
    # an old incident with a member in a dirty block is replaced, and every block it spans is
    # recomputed with it (a block split by a change of ancestry): to the fixed point
    stale |= {inc_id for b, inc_id in zip(blocks, previous, strict=True)
              if b in dirty and inc_id is not None}
    while spanned := {b for b, inc_id in zip(blocks, previous, strict=True)
                      if inc_id in stale and b not in dirty}:
        dirty |= spanned
        stale |= {inc_id for b, inc_id in zip(blocks, previous, strict=True)
                  if b in spanned and inc_id is not None}
    subset: list[EventRow] = []
    subset_blocks: list[int] = []
    was_in: dict[tuple[str, str], str | None] = {}  # its member row is rewritten if it changes
    for e, b, inc_id in zip(events, blocks, previous, strict=True):
        if b in dirty:
            subset.append(e)
            subset_blocks.append(b)
            was_in[(e.doc, e.event)] = inc_id
    parts["dirty"] = time.process_time() - clock - parts["blocks"]
    clock = time.process_time()
    # most incidents of the recomputed blocks come out as they were: those are left in
    # place (same row, same members), only the others are replaced. One whose state (place,
    # types, members and how each joined) is as last time, over documents whose links did not
    # change, is known to render the same object without rendering it
    old_keys: dict[str, str] = json.loads(meta(conn, "incident_keys") or "{}")
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
    conn.executemany("DELETE FROM incidents WHERE id = ?", gone)
    # every event of the recomputed blocks is in an incident again: its row is rewritten if
    # that incident is another than before (a big incident that gained a member keeps the
    # rows of the others), and a gone incident keeps none
    rows = _write_incidents(conn, [inc for inc in incidents if inc["id"] not in kept], was_in)
    gone_ids = {g[0] for g in gone}
    token = _save_state(conn, signature,
                        {k: v for k, v in old_keys.items() if k not in gone_ids} | keys)
    memory.remember(rows, token, everything=False)
    total = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    parts["write"] = time.process_time() - clock
    return {"incidents": total, "incidents_mode": "incremental", "incidents_read": how_read,
            # CPU seconds of each part (the wall time is incidents_seconds)
            "incidents_parts_cpu_seconds": {k: round(v, 3) for k, v in parts.items()},
            "incidents_recomputed_events": len(subset), "incidents_replaced": len(gone),
            "incidents_unchanged": len(kept),
            # of the incidents recomputed, those whose state changed were rendered again
            "incidents_recomputed": done.count, "incidents_rendered": len(incidents),
            "incidents_dirty_blocks": len(dirty), "incidents_blocks": len(set(blocks))}


def _save_state(conn: Any, signature: dict[str, list[Any]], keys: dict[str, str] | None) -> str:
    """What the next incremental rebuild compares against: every place's ancestors, the
    clustering code and each stored incident's ``state_key`` (None: unknown, e.g. incidents
    computed elsewhere — the next rebuild then renders every incident it recomputes), and a
    new token for the memories of other processes (returned)."""
    upsert = "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    conn.execute(upsert, ("incident_places", json.dumps(signature, ensure_ascii=False)))
    conn.execute(upsert, ("incidents_code", _code_version()))
    if keys is None:
        conn.execute("DELETE FROM meta WHERE key = 'incident_keys'")
    else:
        conn.execute(upsert, ("incident_keys", json.dumps(keys, sort_keys=True)))
    return stamp(conn)
