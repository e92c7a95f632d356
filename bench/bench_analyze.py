#!/usr/bin/env python3
"""Throughput of `marsad analyze` (the full pipeline) over the seeds and the corpus.

    python bench/bench_analyze.py [--repeat 20] [--shared ../shared] [--workers N]

Measures, on this machine:
  * docs/s in one process (per core), after a warm-up pass that loads every lazy resource,
    by the wall clock and per CPU-second of the process (the figure that holds on a machine
    shared with other work), beside a baseline measured in the same run: a read+split pass
    over the same files (read, decode, split into sentences and words);
  * docs/s with a multiprocessing pool over all cores (and per core);
  * peak RSS of the single-process run and of the pool workers;
  * time per stage of marsad.pipeline.stages() (ms/doc and share of the total);
  * time in the cyclic garbage collector (documents should be freed by reference counting).
Memory while streaming 100k documents through the CLI: bench/bench_stream.py.
Reading the input files is excluded (documents are read once up front); JSON encoding of the
output is included in the single-process figure as the CLI pays for it too.
Not a test: prints a table. Target: >= 500 docs/s per core on news-sized articles.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import os
import re
import resource
import statistics
import sys
import time
from copy import deepcopy
from pathlib import Path

from marsad.document import Document
from marsad.io.jsonout import dumps
from marsad.io.readers import read_inputs
from marsad.pipeline import analyze, drop_caches, stages

TARGET = 500.0
REPO = Path(__file__).resolve().parent.parent


def load_documents(shared: Path) -> list[Document]:
    docs = [d for d in read_inputs([str(shared / "seeds"), str(shared / "corpus")]) if isinstance(d, Document)]
    if not docs:
        sys.exit(f"no documents under {shared}/seeds or {shared}/corpus")
    return docs


def fresh(doc: Document) -> Document:
    return Document(source=doc.source, raw=doc.raw, meta=deepcopy(doc.meta))


def run_once(docs: list[Document], cpu: list[float] | None = None) -> float:
    """Wall seconds of one pass (its CPU seconds appended to ``cpu``)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        dumps(analyze(fresh(doc)).to_dict())
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")
_WORD = re.compile(r"\w+")


def read_split(docs: list[Document]) -> float:
    """CPU seconds of the baseline pass: read each input file, decode it (JSON records
    parsed), split its text into sentences and words — what any tool does before analysing."""
    start = time.process_time()
    for doc in docs:
        raw = Path(doc.source).read_text(encoding="utf-8")
        text = json.loads(raw).get("text", "") if doc.source.endswith(".json") else raw
        for sentence in _SENTENCE.split(text):
            _WORD.findall(sentence)
    return time.process_time() - start


def per_stage(docs: list[Document], repeat: int) -> dict[str, float]:
    totals: dict[str, float] = {}
    for _ in range(repeat):
        for doc in docs:
            d = fresh(doc)
            for stage in stages():
                t = time.perf_counter()
                d = stage(d)
                totals[stage.__name__] = totals.get(stage.__name__, 0.0) + time.perf_counter() - t
            drop_caches(d)  # as analyze() does: a cached index must not keep the document alive
    n = len(docs) * repeat
    return {name: total / n for name, total in totals.items()}


def gc_share(docs: list[Document]) -> tuple[float, list[int]]:
    """ms/doc spent in the cyclic garbage collector during one pass, and collections per
    generation (documents should be freed by reference counting, not by the collector)."""
    spent = [0.0]
    counts = [0, 0, 0]
    started: dict[int, float] = {}

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[info["generation"]] = time.perf_counter()
        else:
            counts[info["generation"]] += 1
            spent[0] += time.perf_counter() - started[info["generation"]]

    gc.callbacks.append(watch)
    try:
        run_once(docs)
    finally:
        gc.callbacks.remove(watch)
    return spent[0] * 1000 / len(docs), counts


_POOL_DOCS: list[Document] = []


def _init(docs: list[Document]) -> None:
    global _POOL_DOCS
    _POOL_DOCS = docs
    analyze(fresh(docs[0]))  # warm the worker (lexicons, models) outside the timing


def _work(index: int) -> int:
    doc = _POOL_DOCS[index % len(_POOL_DOCS)]
    dumps(analyze(fresh(doc)).to_dict())
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pool_run(docs: list[Document], workers: int, total: int, rounds: int = 3) -> tuple[float, int]:
    """Median seconds of ``rounds`` timed runs of ``total`` documents over the pool (one run
    is as noisy as one pass of the single-process figure, which is a median too)."""
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    times: list[float] = []
    peak = 0
    with ctx.Pool(workers, initializer=_init, initargs=(docs,)) as pool:
        pool.map(_work, range(workers * 2), chunksize=1)  # warm-up
        for _ in range(rounds):
            start = time.perf_counter()
            rss = pool.map(_work, range(total), chunksize=max(1, total // (workers * 8)))
            times.append(time.perf_counter() - start)
            peak = max(peak, *rss)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the documents (default 20)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    docs = load_documents(args.shared)
    chars = statistics.mean(len(d.raw) for d in docs)
    t = time.perf_counter()
    analyze(fresh(docs[0]))
    cold = time.perf_counter() - t
    run_once(docs)  # warm-up pass

    cpu: list[float] = []
    baseline: list[float] = []
    times: list[float] = []
    for _ in range(args.repeat):  # interleaved: both see the same load on a shared machine
        baseline.append(read_split(docs))
        times.append(run_once(docs, cpu))
    best, median = min(times), statistics.median(times)
    single = len(docs) / median
    per_cpu = len(docs) / statistics.median(cpu)
    base_rate = len(docs) / statistics.median(baseline)
    single_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    gc_ms, gc_counts = gc_share(docs)
    stage_ms = per_stage(docs, max(3, args.repeat // 4))
    total_stage = sum(stage_ms.values())

    total = len(docs) * args.repeat
    pool_elapsed, pool_rss = pool_run(docs, args.workers, total)
    pooled = total / pool_elapsed

    print(f"marsad analyze benchmark: {len(docs)} documents (seeds + corpus), mean {chars:,.0f} chars, "
          f"{args.repeat} passes, {os.cpu_count()} cores")
    print(f"first document (cold: loads lexicons/models): {cold * 1000:,.0f} ms")
    print()
    print(f"{'run':<28}{'docs/s':>10}{'docs/s/core':>13}{'ms/doc':>9}{'peak RSS MB':>13}")
    print(f"{'single process (median)':<28}{single:>10,.0f}{single:>13,.0f}{1000 / single:>9.2f}{single_rss:>13,.0f}")
    print(f"{'single process (best)':<28}{len(docs) / best:>10,.0f}{len(docs) / best:>13,.0f}{1000 * best / len(docs):>9.2f}{'':>13}")
    print(f"{f'pool x{args.workers} (median of 3)':<28}{pooled:>10,.0f}{pooled / args.workers:>13,.0f}{1000 * args.workers / pooled:>9.2f}{pool_rss / 1024:>13,.0f}")
    print(f"{'single process, CPU time':<28}{per_cpu:>10,.0f}{per_cpu:>13,.0f}{1000 / per_cpu:>9.2f}{'':>13}")
    print(f"{'baseline read+split, CPU':<28}{base_rate:>10,.0f}{base_rate:>13,.0f}{1000 / base_rate:>9.2f}{'':>13}"
          f"   (analyze costs {base_rate / per_cpu:,.0f}x the baseline)")
    verdict = "meets" if per_cpu >= TARGET else "BELOW"
    print(f"target {TARGET:,.0f} docs/s per core: {verdict} ({per_cpu / TARGET:.0%} of target per CPU-second "
          f"in one process; {single / TARGET:.0%} by the wall clock)")
    print(f"garbage collector: {gc_ms:.3f} ms/doc ({gc_counts[0]}/{gc_counts[1]}/{gc_counts[2]} "
          f"collections of generation 0/1/2 in one pass of {len(docs)} documents)")
    print()
    print(f"{'stage':<24}{'ms/doc':>9}{'share':>8}")
    for name, ms in sorted(stage_ms.items(), key=lambda kv: -kv[1]):
        print(f"{name:<24}{ms * 1000:>9.3f}{ms / total_stage:>8.0%}")
    print(f"{'all stages':<24}{total_stage * 1000:>9.3f}")


if __name__ == "__main__":
    main()
