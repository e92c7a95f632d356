#!/usr/bin/env python3
"""The two stores side by side: ingest docs/s and search latency at 100,000 documents.

    python bench/bench_store.py                      # 100,000 documents, both backends
    python bench/bench_store.py --n 20000 --pg postgresql://user@host/db

Documents: the real corpus (``../shared/corpus``, else ``demo/``) analysed once by the
pipeline, then derived: document i is real document i mod k with a unique sentence of corpus
words appended (its annotations' offsets stay valid; its text, id and sketches are new).
Preparing the rows (``marsad.store.prepare``: search terms, MinHash, fingerprints) is the
workers' share of ``marsad ingest`` and the same for both stores: it is timed apart, once.

Reported, in one run, A/B interleaved chunk by chunk (this machine is shared and noisy):
  * ingest: ``Store.add_documents`` of prepared documents, batches of 100, docs/s, one
    writer; then with two writer processes at once on a fresh database of ``--concurrent-n``
    documents (SQLite takes one writer at a time; PostgreSQL lets them write together);
  * with ``--rebuild``: the corpus rebuild (reuse + incidents) of all N, then of 100 new
    documents on top of them;
  * search at N documents: median and p95 latency over a fixed set of queries (frequent,
    mid-frequency and rare words, two-word queries, quoted phrases), limit 20, each query
    run ``--repeat`` times, and a check that both stores return the same results.

PostgreSQL: ``--pg URL`` (a database the bench may fill), else a throwaway server started
with the Debian binaries (``tests/pg_server.py``), with PostgreSQL's default durability
(fsync and synchronous commit on), as a shared deployment would run it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.document import text_id
from marsad.store import PreparedDocument, Store, prepare

REPO = Path(__file__).resolve().parent.parent
QUERIES_PER_CLASS = 12


def load_analysed(shared: Path) -> list[dict[str, Any]]:
    from marsad.io.readers import InputError, read_inputs
    from marsad.pipeline import analyze

    folder = shared / "corpus" if (shared / "corpus").is_dir() else REPO / "demo"
    docs = [analyze(d).to_dict() for d in read_inputs([str(folder)]) if not isinstance(d, InputError)]
    if not docs:
        sys.exit(f"no documents under {folder}")
    print(f"source: {len(docs)} analysed documents from {folder}")
    return docs


def derive(base: list[dict[str, Any]], i: int, vocab: list[str]) -> dict[str, Any]:
    rng = random.Random(i)
    src = base[i % len(base)]
    tail = " ".join(rng.choice(vocab) for _ in range(12))
    text = f"{src['text']}\n{tail} ({i})."
    d = dict(src)
    d.update(id=text_id(text), text=text, source=f"bench:{i}")
    return d


def _prepare_chunk(args: tuple[list[dict[str, Any]], int, int, list[str]]) -> list[PreparedDocument]:
    base, start, stop, vocab = args
    return [prepare(derive(base, i, vocab)) for i in range(start, stop)]


def prepared_chunks(base: list[dict[str, Any]], start: int, stop: int, chunk: int,
                    vocab: list[str], pool: Any) -> Any:
    jobs = [(base, s, min(s + chunk, stop), vocab) for s in range(start, stop, chunk)]
    yield from pool.imap(_prepare_chunk, jobs)


def start_pg() -> tuple[str, Any]:
    sys.path.insert(0, str(REPO / "tests"))
    from pg_server import PgServer

    server = PgServer.start(durable=True)
    return server.new_database("bench"), server


def _writer(location: str, docs: list[PreparedDocument], out: Any) -> None:
    with Store(location) as store:
        t = time.perf_counter()
        store.add_documents(docs, batch_size=100)
        out.put(time.perf_counter() - t)


def concurrent_ingest(location: str, docs: list[PreparedDocument], writers: int) -> float:
    """docs/s of ``writers`` processes writing interleaved shares of ``docs`` at once."""
    Store(location).close()
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(location, docs[w::writers], out))
             for w in range(writers)]
    t = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    wall = time.perf_counter() - t
    assert all(p.exitcode == 0 for p in procs)
    with Store(location, readonly=True) as store:
        assert store.stats()["documents"] == len(docs)
    return len(docs) / wall


def make_queries(base: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(class, query): words by document frequency in the real corpus, pairs, phrases."""
    from marsad.store.fts import _WORD
    from marsad.text.normalize import fold

    df: dict[str, int] = {}
    for d in base:
        for w in set(_WORD.findall(fold(d["text"]))):
            if len(w) >= 3:
                df[w] = df.get(w, 0) + 1
    ranked = sorted(df, key=lambda w: (-df[w], w))
    rng = random.Random(7)
    k = QUERIES_PER_CLASS
    frequent = ranked[:k]
    middle = rng.sample(ranked[len(ranked) // 20 : len(ranked) // 5], k)
    rare = rng.sample([w for w in ranked if df[w] == 1], k)
    pairs = [f"{a} {b}" for a, b in zip(rng.sample(ranked[:200], k), rng.sample(ranked[200:2000], k),
                                       strict=True)]
    phrases = []
    for d in rng.sample(base, k):
        words = _WORD.findall(d["text"])
        j = rng.randrange(max(1, len(words) - 3))
        phrases.append('"' + " ".join(words[j : j + 2]) + '"')
    return ([("frequent", q) for q in frequent] + [("mid", q) for q in middle]
            + [("rare", q) for q in rare] + [("two words", q) for q in pairs]
            + [("phrase", q) for q in phrases])


def time_search(store: Store, queries: list[tuple[str, str]], repeat: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    times: dict[str, list[float]] = {}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for cls, q in queries:
            t = time.perf_counter()
            res = store.search(q, limit=20)
            times.setdefault(cls, []).append(time.perf_counter() - t)
            times.setdefault("all", []).append(times[cls][-1])
            results[q] = res
    return times, results


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--concurrent-n", type=int, default=10_000)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")))
    ap.add_argument("--pg", default=None, help="PostgreSQL URL (default: a throwaway server)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--rebuild", action="store_true",
                    help="also time the corpus rebuild: all N, then 100 new documents")
    args = ap.parse_args()

    base = load_analysed(args.shared)
    vocab = sorted({w for d in base for w in d["text"].split() if w.isalpha()})
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    server = None
    pg_url = args.pg
    if pg_url is None:
        pg_url, server = start_pg()
    try:
        run(args, base, vocab, workdir, pg_url, server)
    finally:
        if server:
            server.stop()


def run(args: argparse.Namespace, base: list[dict[str, Any]], vocab: list[str], workdir: Path,
        pg_url: str, server: Any) -> None:
    stores = {"sqlite": Store(workdir / "bench.db"), "postgresql": Store(pg_url)}
    write = dict.fromkeys(stores, 0.0)
    t = time.perf_counter()
    _prepare_chunk((base, 10**8, 10**8 + 500, vocab))
    prepare_rate = 500 / (time.perf_counter() - t)
    print(f"machine: {os.cpu_count()} cores, shared with other work: timings are noisy")
    print(f"preparing and writing {args.n} documents (chunks of 2000, A/B alternating)...")
    ctx = mp.get_context("fork")
    with ctx.Pool(max(1, (os.cpu_count() or 2))) as pool:
        order = list(stores)
        for k, chunk in enumerate(prepared_chunks(base, 0, args.n, 2000, vocab, pool)):
            for name in order if k % 2 == 0 else order[::-1]:
                t = time.perf_counter()
                stores[name].add_documents(chunk, batch_size=100)
                write[name] += time.perf_counter() - t
        extra = _prepare_chunk((base, args.n, args.n + 100, vocab))
    print(f"\nprepare (pure; ingest's workers do it): {prepare_rate:,.0f} docs/s in one process")
    print(f"\n{'':24}{'sqlite':>14}{'postgresql':>14}")
    print(f"{'ingest, 1 writer':24}" + "".join(f"{args.n / write[s]:>10,.0f} d/s" for s in stores))

    rebuild: dict[str, float] = {}
    if args.rebuild:
        for name, store in stores.items():
            t = time.perf_counter()
            rebuild(store)  # the first: every document (a full reuse scan + incidents)
            rebuild[f"{name} first"] = time.perf_counter() - t
            store.add_documents(extra)
            t = time.perf_counter()
            rebuild(store)
            rebuild[name] = time.perf_counter() - t
        print(f"{'rebuild, all N':24}" + "".join(f"{rebuild[f'{s} first']:>12.1f} s" for s in stores))
        print(f"{'rebuild, +100 new':24}" + "".join(f"{rebuild[s]:>12.2f} s" for s in stores))

    queries = make_queries(base)
    results = {}
    timing = {}
    for name, store in stores.items():
        store.search(queries[0][1])  # warm the caches once
        timing[name], results[name] = time_search(store, queries, args.repeat)
    for cls in ["all", "frequent", "mid", "rare", "two words", "phrase"]:
        row = "".join(f"{statistics.median(timing[s][cls]) * 1000:>8.1f}/{pct(timing[s][cls], 0.95) * 1000:<5.0f}"
                      for s in stores)
        print(f"{'search ' + cls + ' ms med/p95':24}{row}")
    same = sum(results["sqlite"][q] == results["postgresql"][q] for _, q in queries)
    print(f"same results on both: {same}/{len(queries)} queries")
    for store in stores.values():
        store.close()

    if not args.concurrent_n:
        return
    # concurrency: one writer vs two at once, on fresh databases
    with ctx.Pool(os.cpu_count() or 2) as pool:
        sample = [p for chunk in prepared_chunks(base, 10**7, 10**7 + args.concurrent_n, 2000,
                                                 vocab, pool) for p in chunk]
    conc: dict[str, dict[int, float]] = {}
    for name in stores:
        conc[name] = {}
        for writers in (1, 2):
            loc = (str(workdir / f"conc{writers}.db") if name == "sqlite"
                   else server.new_database(f"conc{writers}") if server else None)
            if loc is None:
                continue
            conc[name][writers] = concurrent_ingest(loc, sample, writers)
    for writers in (1, 2):
        print(f"{f'ingest {args.concurrent_n}, {writers} writer(s)':24}"
              + "".join(f"{conc[s].get(writers, float('nan')):>10,.0f} d/s" for s in stores))
    print(json.dumps({"n": args.n, "write_seconds": write, "rebuild_seconds": rebuild,
                      "concurrent_docs_per_s": conc}, indent=None))


if __name__ == "__main__":
    main()
