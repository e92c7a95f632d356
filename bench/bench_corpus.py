"""Time text reuse and incident building on generated corpora (1k, 10k and optionally 100k).

Synthetic documents (150-600 words, news-sized) are drawn from a Zipf-like vocabulary (so
common words collide as in news); 2% of them copy a 40-word passage of an earlier, original
document into their middle (planted reuse: a passage in a longer article, not a duplicate).
Synthetic events fall on 60 facilities inside 12 towns over two years; 20% are undated.

Reported per size: seconds for the sketches (MinHash + fingerprints, done at ingest), the
candidate generation, the alignment, and incidents; recall of the planted copies (and with
MinHash LSH at 0.1 alone, the previous design, for comparison); precision (found pairs that are planted copies, or two
copies of overlapping passages of one source); peak RSS. An n² method would multiply the
per-document figures by 10 at each step.

    python bench/bench_corpus.py            # 1k and 10k
    python bench/bench_corpus.py --sizes 1000 10000 100000
    python bench/bench_corpus.py --store 10000   # ingest n into a store, then 10 more:
                                                 # incremental vs full incident rebuild,
                                                 # reuse by scan vs persistent index
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import tempfile
import time
from typing import Any

from marsad.corpus import reuse
from marsad.corpus.build import rebuild
from marsad.corpus.incidents import EventRow, build_incidents
from marsad.corpus.reuse.candidates import candidate_pairs
from marsad.corpus.reuse.detect import find_reuse
from marsad.corpus.reuse.signatures import sketch_bytes

TYPES = ("attack", "riot", "escape", "release", "transfer", "arrest", "repatriation")
COPY_WORDS = 40


def make_corpus(n: int, seed: int = 1) -> tuple[dict[str, dict[str, Any]], set[tuple[str, str]]]:
    """Documents and the set of truly reusing pairs (unordered, as sorted tuples)."""
    rng = random.Random(seed)
    vocab = [f"كلمة{i}" for i in range(20000)]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
    docs: dict[str, dict[str, Any]] = {}
    originals: list[str] = []
    copies: list[tuple[str, str, int]] = []  # (copy, source, offset in source)
    for i in range(n):
        words = rng.choices(vocab, weights, k=rng.randrange(150, 601))
        doc_id = f"d{i:06d}"
        if originals and rng.random() < 0.02:
            src = rng.choice(originals)
            src_words = docs[src]["text"].split()
            k = rng.randrange(0, len(src_words) - COPY_WORDS)
            mid = len(words) // 2
            words[mid : mid + COPY_WORDS] = src_words[k : k + COPY_WORDS]
            copies.append((doc_id, src, k))
        else:
            originals.append(doc_id)
        docs[doc_id] = {"id": doc_id, "text": " ".join(words), "published": None, "outlet": None,
                        "claims": []}
    truth = {tuple(sorted((c, s))) for c, s, _ in copies}
    # two copies of overlapping passages of one source share >= 20 words: reuse too
    by_src: dict[str, list[tuple[str, int]]] = {}
    for c, s, k in copies:
        by_src.setdefault(s, []).append((c, k))
    for group in by_src.values():
        for i, (c1, k1) in enumerate(group):
            for c2, k2 in group[i + 1 :]:
                if COPY_WORDS - abs(k1 - k2) >= 20:
                    truth.add(tuple(sorted((c1, c2))))
    return docs, truth  # type: ignore[return-value]


def make_events(n: int, seed: int = 2) -> tuple[list[EventRow], dict[str, list[str]]]:
    rng = random.Random(seed)
    parents = {f"fac{j}": [f"town{j % 12}", "country"] for j in range(60)}
    parents.update({f"town{j}": ["country"] for j in range(12)})
    start = dt.date(2022, 1, 1)
    events = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(730))
        r = rng.random()
        if r < 0.6:
            value, lo, hi = day.isoformat(), day.isoformat(), day.isoformat()
        elif r < 0.8:
            value = day.strftime("%Y-%m")
            lo = day.replace(day=1).isoformat()
            hi = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            hi = hi.isoformat()
        else:
            value = lo = hi = None
        place = rng.choice(list(parents)) if rng.random() < 0.9 else None
        events.append(EventRow(f"d{i:06d}", "e1", rng.choice(TYPES), place, lo, hi, value,
                               None, None, "asserted", day.isoformat()))
    return events, parents


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, compare_lsh_only: bool) -> None:
    docs, truth = make_corpus(n)
    t0 = time.perf_counter()
    sketches = {k: sketch_bytes(d["text"]) for k, d in docs.items()}
    sigs = [(k, s[0]) for k, s in sketches.items()]
    fps = [(k, s[1]) for k, s in sketches.items()]
    t1 = time.perf_counter()
    n_candidates = sum(1 for _ in candidate_pairs(sigs, None, fps))
    t2 = time.perf_counter()
    found = list(find_reuse(sigs, docs.get, fingerprints=fps))
    t3 = time.perf_counter()
    pairs = {tuple(sorted((r["a"], r["b"]))) for r in found}
    planted = {p for p in truth}
    recall = len(planted & pairs) / max(1, len(planted))
    precision = len(pairs & truth) / max(1, len(pairs))
    lsh_note = ""
    if compare_lsh_only:
        # the previous design: MinHash LSH alone, at the low threshold it needed for passages
        saved = reuse.LSH_THRESHOLD
        reuse.LSH_THRESHOLD = 0.1
        try:
            lsh_pairs = {tuple(sorted((r["a"], r["b"]))) for r in find_reuse(sigs, docs.get)}
        finally:
            reuse.LSH_THRESHOLD = saved
        lsh_note = (f", previous MinHash-LSH@0.1 alone "
                    f"{len(planted & lsh_pairs) / max(1, len(planted)):.3f}")
    events, parents = make_events(n)
    t4 = time.perf_counter()
    incidents = build_incidents(events, lambda p: parents.get(p, []), [], [], {},
                                is_facility=lambda p: p.startswith("fac"))
    t5 = time.perf_counter()
    align_s = (t3 - t2) - (t2 - t1)  # find_reuse = candidates + alignment
    print(f"n={n:>7} | sketches {t1 - t0:7.2f} s ({(t1 - t0) / n * 1e3:.2f} ms/doc) | "
          f"candidates {t2 - t1:6.2f} s ({n_candidates} pairs, {n_candidates / n:.3f}/doc) | "
          f"alignment {max(0.0, align_s):6.2f} s | reuse total {t3 - t2:6.2f} s "
          f"({(t3 - t2) / n * 1e3:.3f} ms/doc) | {len(pairs)} found, {len(planted)} true: "
          f"recall {recall:.3f}{lsh_note}, precision {precision:.3f} | "
          f"incidents {t5 - t4:6.2f} s ({(t5 - t4) / n * 1e3:.3f} ms/event, "
          f"{len(incidents)} incidents) | peak RSS {peak_rss_mb():.0f} MB", flush=True)


def _store_docs(n: int, extra: int) -> list[dict[str, Any]]:
    """``n + extra`` contract documents: the generated texts with the generated events."""
    texts, _ = make_corpus(n + extra)
    events, parents = make_events(n + extra)
    entities: dict[str, dict[str, Any]] = {
        p: {"type": "facility" if p.startswith("fac") else "place", "name": p, "name_en": None,
            "lat": None, "lon": None, "wikidata": None, "parent": chain[0], "subtype": None}
        for p, chain in parents.items()}
    entities["country"] = {"type": "place", "name": "country", "name_en": None, "lat": None,
                           "lon": None, "wikidata": None, "parent": None, "subtype": None}
    docs = []
    for (doc_id, d), ev in zip(texts.items(), events, strict=True):
        text = d["text"]
        date = {"value": ev.date_value, "start": None, "end": None} if ev.date_value else None
        docs.append({
            "id": doc_id, "source": f"bench:{doc_id}", "url": None, "language": "ar", "title": None,
            "outlet": {"id": f"o{int(doc_id[1:]) % 40}", "name": f"o{int(doc_id[1:]) % 40}",
                       "name_en": None},
            "author": None, "dateline": None, "published": ev.published, "text": text,
            "removed": [], "entities": {k: entities[k] for k in (ev.place, *parents.get(ev.place or "", []))
                                        if k},
            "mentions": [], "times": [], "quantities": [], "claims": [],
            "events": [{"id": "e1", "type": ev.type, "trigger": {"start": 0, "end": 5, "text": text[:5]},
                        "date": date, "place": ev.place, "actors": [], "count": None, "claim": None,
                        "modality": "asserted", "evidence": []}],
        })
    return docs


def run_store(n: int, extra: int = 10) -> None:
    """Ingest n documents, rebuild, ingest ``extra`` more: incremental vs full rebuild."""
    from marsad.store import Store

    docs = _store_docs(n, extra)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        store.add_documents(docs[:n], batch_size=500)
        t1 = time.perf_counter()
        first = rebuild(store)
        t2 = time.perf_counter()
        store.add_documents(docs[n:])
        t3 = time.perf_counter()
        # reuse of the +extra documents twice: the previous scan of every stored sketch, then
        # (after forgetting it) the persistent candidate index; both must find the same rows
        scan = rebuild(store, indexed=False)
        scan_rows = sorted(map(str, store.all_reuse()))
        new_ids = [d["id"] for d in docs[n:]]
        marks = ",".join("?" * len(new_ids))
        store.conn.execute(f"UPDATE documents SET corpus_done = 0 WHERE id IN ({marks})", new_ids)
        store.conn.execute(f"DELETE FROM reuse WHERE a IN ({marks}) OR b IN ({marks})",
                           new_ids + new_ids)
        t3b = time.perf_counter()
        inc = rebuild(store, indexed=True)
        t4 = time.perf_counter()
        same_reuse = scan_rows == sorted(map(str, store.all_reuse()))
        noop = rebuild(store)
        t5 = time.perf_counter()
        incremental = sorted(map(str, store.all_incidents()))
        full = rebuild(store, full=True)
        t6 = time.perf_counter()
        same = incremental == sorted(map(str, store.all_incidents()))
        same_full_reuse = sorted(map(str, store.all_reuse())) == scan_rows
        store.close()
        migration = _time_migration(os.path.join(tmp, "bench.db"))
    print(f"store n={n}: ingest {t1 - t0:.1f} s, first rebuild {t2 - t1:.2f} s "
          f"(incidents {first['incidents_seconds']} s, {first['incidents_mode']}) | "
          f"+{extra} docs: ingest {t3 - t2:.2f} s, rebuild {t4 - t3b:.2f} s (reuse "
          f"{inc['reuse_seconds']} s, incidents {inc['incidents_seconds']} s, "
          f"{inc['incidents_recomputed_events']} of {n + extra} events re-clustered, "
          f"{inc.get('incidents_dirty_blocks')} of {inc.get('incidents_blocks')} blocks) | "
          f"no-op rebuild {t5 - t4:.2f} s (incidents {noop['incidents_seconds']} s) | "
          f"full rebuild {t6 - t5:.2f} s (reuse {full['reuse_seconds']} s, incidents "
          f"{full['incidents_seconds']} s) | incremental == full: {same}", flush=True)
    print(f"store n={n}: reuse of +{extra} docs: scan of all sketches {scan['reuse_seconds']} s, "
          f"persistent index {inc['reuse_seconds']} s ({inc['reuse_pairs_found']} pairs; same rows "
          f"as the scan: {same_reuse}, as a full rebuild: {same_full_reuse}) | migration 3->4 "
          f"back-fill of {n + extra} documents {migration:.1f} s", flush=True)


def _time_migration(path: str) -> float:
    """Seconds to upgrade the store to schema 4 (index back-fill) from schema 3."""
    import sqlite3

    from marsad.store import Store

    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE reuse_bands; DROP TABLE reuse_fingerprints; DROP TABLE reuse_bands_pending; "
        "DROP TABLE reuse_fingerprints_pending; DROP INDEX documents_corpus_done; "
        "PRAGMA user_version = 3;")
    conn.close()
    t0 = time.perf_counter()
    Store(path).close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--no-lsh-only", action="store_true",
                    help="skip the MinHash-LSH-only recall comparison")
    ap.add_argument("--store", type=int, nargs="*", default=None,
                    help="sizes for the store bench (ingest n, then 10 more) instead")
    args = ap.parse_args()
    if args.store is not None:
        for n in args.store or [10000]:
            run_store(n)
        return
    for n in args.sizes:
        run(n, compare_lsh_only=not args.no_lsh_only and n <= 10000)


if __name__ == "__main__":
    main()
