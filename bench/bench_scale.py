#!/usr/bin/env python3
"""Scale-out figures (issue 15), each against a baseline measured in the same run.

    python bench/bench_scale.py all                 # everything at the issue's sizes (long)
    python bench/bench_scale.py startup
    python bench/bench_scale.py analyze [--files 20000]
    python bench/bench_scale.py batch   [--docs 100000]
    python bench/bench_scale.py corpus  [--sizes 10000 100000 1000000]
    python bench/bench_scale.py ingest  [--docs 100000]     # then the read commands
    (--shared ../shared, --work DIR to keep the generated inputs; --quick: small sizes)

Every command runs as a user runs it (a child process of the installed ``marsad``), timed
by wall clock and by CPU time (the children's rusage), with the peak resident memory of
every process of its tree (psutil, sampled every 0.2 s). CPU seconds per document are
reported beside docs/s because on a shared machine the wall clock measures the neighbours
too. Baseline: a read+split pass over the same inputs (read each file, decode its JSON,
split into sentences and words) in this process.

Inputs: ``analyze`` reads the real articles of ``../shared`` (seeds and corpus, never
copied into the repository) with their numbers, dates and sentence order changed so every
copy is a distinct document (``derive``); ``ingest``/``batch`` read distinct generated
articles (``bench_stream``; copies of 300 articles would make every copy reuse the
others); the ``corpus`` documents are drawn from the real corpus's
word frequencies with planted copied passages and near-duplicates, and events on the
knowledge base's real facilities and towns (``synth_*``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
MARSAD = [sys.executable, "-m", "marsad"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["MARSAD_NO_PROGRESS"] = "1"


# -- measuring ---------------------------------------------------------------------------------

class Sampler:
    """Peak RSS of every process in a tree (the root and all its descendants)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.root = psutil.Process(pid)
        self.peak: dict[int, tuple[str, int]] = {}
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline()[1:4])[:60]
                except psutil.Error:
                    continue
                if rss > self.peak.get(p.pid, ("", 0))[1]:
                    self.peak[p.pid] = (name, rss)
            self._stop.wait(self.interval)

    def stop(self) -> dict[int, tuple[str, int]]:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(cmd: list[str], **kw: Any) -> dict[str, Any]:
    """Run a command; wall seconds, CPU seconds of its tree, peak RSS per process (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=kw.pop("env", ENV), stdout=kw.pop("stdout", subprocess.DEVNULL),
                            stderr=subprocess.PIPE, text=True, **kw)
    sampler = Sampler(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    peaks = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        print(err[-3000:], file=sys.stderr)
        raise SystemExit(f"{' '.join(cmd[:6])} failed ({proc.returncode})")
    return {"wall": wall, "cpu": cpu, "peaks": {pid: (n, rss / 2**20) for pid, (n, rss) in peaks.items()},
            "stderr": err}


def peak_summary(peaks: dict[int, tuple[str, float]]) -> str:
    top = sorted(peaks.values(), key=lambda x: -x[1])[:4]
    return ", ".join(f"{mb:.0f} MB ({name.split(' ')[-1] if name else '?'})" for name, mb in top)


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    return math.log(max(t2, 1e-9) / max(t1, 1e-9)) / math.log(n2 / n1)


# -- real-derived inputs -----------------------------------------------------------------------

def real_records(shared: Path) -> list[dict[str, Any]]:
    from marsad.document import Document
    from marsad.io.readers import read_inputs

    out = []
    for d in read_inputs([str(shared / "seeds"), str(shared / "corpus")]):
        if isinstance(d, Document):
            rec = {"text": d.raw}
            for k in ("published", "outlet", "title", "url"):
                if isinstance(d.meta.get(k), str):
                    rec[k] = d.meta[k]
            out.append(rec)
    if not out:
        raise SystemExit(f"no articles under {shared}/seeds or {shared}/corpus")
    return out


_DIGITS = re.compile(r"\d+")
_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")


def derive(base: dict[str, Any], i: int) -> dict[str, Any]:
    """A distinct article from a real one: numbers changed, two sentences swapped, a date."""
    rng = random.Random(i)
    text = _DIGITS.sub(lambda m: str(rng.randrange(2, 300)) if len(m.group()) < 4 else m.group(), base["text"])
    sentences = _SENTENCE.split(text)
    if len(sentences) > 3:
        a, b = rng.randrange(1, len(sentences)), rng.randrange(1, len(sentences))
        sentences[a], sentences[b] = sentences[b], sentences[a]
    rec = dict(base)
    rec["text"] = " ".join(sentences) + f"\n\n({i})"
    day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(365))
    rec["published"] = day.isoformat()
    rec.pop("url", None)
    return rec


def write_files(records: list[dict[str, Any]], n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}.json").write_text(json.dumps(derive(records[i % len(records)], i), ensure_ascii=False),
                                          encoding="utf-8")
    return folder


def write_shards(n: int, folder: Path, per_shard: int = 10_000) -> Path:
    """Distinct articles for ingest/batch: ``bench_stream``'s generated news (sentence
    templates with random places, actors, numbers and dates). Copies of the ~300 real
    articles would not do here: every copy of one article reuses all the others' text, and
    the reuse stage would measure ~70^2/2 true pairs per article instead of the pipeline."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_stream import article

    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(7)
    for s in range(0, n, per_shard):
        with open(folder / f"shard-{s // per_shard:04d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(s, min(n, s + per_shard)):
                f.write(json.dumps(article(rnd, i), ensure_ascii=False) + "\n")
    return folder


def read_split_baseline(paths: list[Path]) -> tuple[int, float]:
    """Docs and seconds of a plain pass: read, decode the JSON, split sentences and words."""
    word = re.compile(r"\w+")
    t0 = time.perf_counter()
    n = 0
    for root in paths:
        files = sorted(root.rglob("*.json")) + sorted(root.rglob("*.jsonl"))
        for f in files:
            lines = f.read_text(encoding="utf-8").splitlines() if f.suffix == ".jsonl" else [f.read_text(encoding="utf-8")]
            for line in lines:
                text = json.loads(line)["text"]
                for s in _SENTENCE.split(text):
                    word.findall(s)
                n += 1
    return n, time.perf_counter() - t0


# -- the benchmarks ----------------------------------------------------------------------------

def bench_startup(args: argparse.Namespace) -> None:
    one = REPO / "demo" / "01_ghwayran_attack.txt"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "marsad")], env=ENV)
    cache = Path(tempfile.mkdtemp(prefix="marsad-cache-"))
    env = dict(ENV, MARSAD_CACHE_DIR=str(cache))
    run([*MARSAD, "analyze", str(one)], env=env)  # builds the snapshot
    rows = []
    for label, e, cmd in (("python -c pass (interpreter)", env, [sys.executable, "-c", "pass"]),
                          ("analyze 1 file, no disk cache", dict(env, MARSAD_CACHE_DIR="off"), [*MARSAD, "analyze", str(one)]),
                          ("analyze 1 file, cached lexicons", env, [*MARSAD, "analyze", str(one)])):
        runs = [run(cmd, env=e) for _ in range(args.repeat)]
        rows.append((label, statistics.median(r["wall"] for r in runs), statistics.median(r["cpu"] for r in runs)))
    print(f"\n## start-up (median of {args.repeat} runs)")
    print(f"| {'command':34} | wall s | CPU s |\n|{'-' * 36}|--------|-------|")
    for label, wall, cpu in rows:
        print(f"| {label:34} | {wall:6.3f} | {cpu:5.3f} |")
    shutil.rmtree(cache, ignore_errors=True)


def bench_analyze(args: argparse.Namespace, work: Path) -> None:
    records = real_records(args.shared)
    folder = work / f"files-{args.files}"
    if not folder.exists():
        write_files(records, args.files, folder)
    n, base = read_split_baseline([folder])
    print(f"\n## analyze {n} real-derived files (baseline read+split: {n / base:,.0f} docs/s)")
    print("| jobs | wall s | docs/s | docs/s per core | CPU s/doc | speed-up | x baseline time | peak RSS |")
    print("|------|--------|--------|-----------------|-----------|----------|-----------------|----------|")
    first = None
    for jobs in (1, 2):
        r = run([*MARSAD, "analyze", str(folder), "--jobs", str(jobs), "-o", os.devnull])
        rate = n / r["wall"]
        first = first or r["wall"]
        print(f"| {jobs} | {r['wall']:.1f} | {rate:,.0f} | {rate / jobs:,.0f} | {r['cpu'] / n * 1000:.2f} ms | "
              f"{first / r['wall']:.2f}x | {r['wall'] / base:.0f}x | {peak_summary(r['peaks'])} |")


def bench_batch(args: argparse.Namespace, work: Path) -> None:
    folder = work / f"generated-{args.docs}"
    if not folder.exists():
        write_shards(args.docs, folder)
    n, base = read_split_baseline([folder])
    out = work / f"batch-{args.docs}"
    shutil.rmtree(out, ignore_errors=True)
    r = run([*MARSAD, "batch", str(folder), "--out", str(out), "--workers", "2", "--memory-limit", "1GB"])
    workers = [mb for name, mb in r["peaks"].values() if "distributed" in name or "spawn" in name or "multiprocessing" in name]
    print(f"\n## batch: {n} documents on a 2-worker local cluster (baseline read+split {n / base:,.0f} docs/s)")
    print(f"end to end {r['wall']:.0f} s ({n / r['wall']:,.0f} docs/s), CPU {r['cpu'] / n * 1000:.2f} ms/doc; "
          f"peak RSS per process: {peak_summary(r['peaks'])}; max worker {max(workers, default=0):.0f} MB")
    for line in r["stderr"].splitlines()[-4:]:
        print("   ", line)


def bench_ingest(args: argparse.Namespace, work: Path) -> None:
    folder = work / f"generated-{args.docs}"
    if not folder.exists():
        write_shards(args.docs, folder)
    n, base = read_split_baseline([folder])
    db = work / f"ingest-{args.docs}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    r = run([*MARSAD, "ingest", str(folder), "--db", str(db), "--jobs", "2"])
    print(f"\n## ingest {n} distinct documents, 2 jobs (baseline read+split {n / base:,.0f} docs/s)")
    print(f"{r['wall']:.0f} s = {n / r['wall']:,.0f} docs/s, CPU {r['cpu'] / n * 1000:.2f} ms/doc; "
          f"peak RSS: {peak_summary(r['peaks'])}")
    print("   ", r["stderr"].strip().splitlines()[-1] if r["stderr"].strip() else "")
    print("\n## read commands over that store (flat memory: compare with a 10x smaller store)")
    print("| command | wall s | peak RSS |\n|---|---|---|")
    for cmd in (["reuse", "--format", "json"], ["incidents", "--format", "json"],
                ["export", "--format", "csv"], ["export", "--format", "geojson"]):
        r = run([*MARSAD, *cmd, "--db", str(db)], stdout=subprocess.DEVNULL)
        print(f"| {' '.join(cmd)} | {r['wall']:.1f} | {peak_summary(r['peaks'])} |")


# -- synthetic corpus for the corpus stages -----------------------------------------------------

TYPES = ("attack", "riot", "escape", "release", "transfer", "arrest", "repatriation")


def vocabulary(shared: Path) -> tuple[list[str], list[float]]:
    from marsad.corpus.reuse.signatures import norm_words

    counts: Counter[str] = Counter()
    for rec in real_records(shared):
        counts.update(norm_words(rec["text"]))
    words = [w for w, _ in counts.most_common()]
    return words, [counts[w] for w in words]


def synth_text(i: int, vocab: list[str], cum_weights: list[float]) -> str:
    """Document i's text: real words at their real frequencies; 2% copy a 40-word passage of
    an earlier document, 1% are an earlier document with 5% of its words changed.
    (``cum_weights``: the words' cumulative frequencies, computed once: ``random.choices``
    would add up the whole vocabulary again at every call, and draws the same words.)"""
    rng = random.Random(i * 7919 + 1)
    kind = rng.random()
    if i > 10 and kind < 0.01:
        words = synth_text(rng.randrange(i), vocab, cum_weights).split()
        for _ in range(len(words) // 20):
            words[rng.randrange(len(words))] = rng.choices(vocab, cum_weights=cum_weights)[0]
        return " ".join(words)
    words = rng.choices(vocab, cum_weights=cum_weights, k=rng.randrange(150, 601))
    if i > 10 and kind < 0.03:
        src = synth_text(rng.randrange(i), vocab, cum_weights).split()
        k = rng.randrange(0, max(1, len(src) - 40))
        mid = len(words) // 2
        words[mid : mid + 40] = src[k : k + 40]
    return " ".join(words)


def synth_partition(index: int, start: int, stop: int, out: str, vocab: list[str], weights: list[float],
                    places: list[str]) -> int:
    """Write documents and events rows of documents start..stop-1 as a batch partition."""
    from marsad.batch import tables
    from marsad.batch.analyze_step import ORD_SHIFT, part_name, write_table
    from marsad.corpus.reuse.signatures import sketch_bytes

    docs, events = [], []
    cum_weights = list(itertools.accumulate(weights))
    for i in range(start, stop):
        rng = random.Random(i)
        text = synth_text(i, vocab, cum_weights)
        doc_id = f"{i:016x}"
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(730))
        outlet = f"outlet{rng.randrange(40)}"
        analysis = json.dumps({"id": doc_id, "text": text, "published": day.isoformat(),
                               "outlet": {"id": outlet, "name": outlet}, "claims": []})
        mh, fp = sketch_bytes(text)
        ord_ = (index << ORD_SHIFT) | (i - start)
        docs.append({"id": doc_id, "run": 1, "ord": ord_, "published": day.isoformat(), "outlet_id": outlet,
                     "text": text, "analysis": analysis, "minhash": mh, "fingerprints": fp})
        for pos in range(rng.choice((1, 1, 2, 3))):
            r = rng.random()
            ev_day = day - dt.timedelta(days=rng.randrange(3))
            if r < 0.6:
                value = lo = hi = ev_day.isoformat()
            elif r < 0.8:
                value = ev_day.strftime("%Y-%m")
                lo = ev_day.replace(day=1).isoformat()
                hi = ((ev_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).isoformat()
            else:
                value = lo = hi = None
            count = float(rng.randrange(2, 60)) if rng.random() < 0.3 else None
            events.append({"doc": doc_id, "event_id": f"e{pos + 1}", "type": rng.choice(TYPES),
                           "place": rng.choice(places) if rng.random() < 0.9 else None,
                           "date_value": value, "date_earliest": lo, "date_latest": hi,
                           "count_min": count, "count_max": count, "modality": "asserted",
                           "json": "{}", "published": day.isoformat(), "run": 1, "ord": ord_, "pos": pos})
    name = part_name(1, index)
    write_table(Path(out) / "documents" / "day=unknown" / name, docs, tables.DOCUMENTS, tables.ROW_GROUP_ROWS)
    write_table(Path(out) / "events" / "day=unknown" / name, events, tables.EVENTS)
    return len(docs)


def bench_corpus(args: argparse.Namespace, work: Path) -> None:
    from marsad.batch import run as batch_run
    from marsad.batch.engine import DaskEngine
    from marsad.kb.gazetteer import load_kb

    vocab, weights = vocabulary(args.shared)
    kb = load_kb()
    places = sorted(e.id for e in kb.of_type("facility"))[:60] + sorted(
        e.id for e in kb.of_type("place") if e.subtype in ("town", "city"))[:12]
    results = []
    for n in args.sizes:
        root = work / f"corpus-{n}"
        engine = DaskEngine(workers=2, memory_limit="2GB")
        try:
            if not (root / "_runs").exists():
                shutil.rmtree(root, ignore_errors=True)
                t0 = time.perf_counter()
                step = 5000
                argv = [(k, s, min(n, s + step), str(root), vocab, weights, places)
                        for k, s in enumerate(range(0, n, step))]
                for _ in engine.map_unordered(synth_partition, argv):
                    pass
                (root / "_runs").mkdir()
                print(f"(setup: {n} synthetic documents sketched in {time.perf_counter() - t0:.0f} s)")
            peaks = _WorkerPeaks(engine)
            corpus = root / "_corpus"
            shutil.rmtree(corpus, ignore_errors=True)
            t0 = time.perf_counter()
            pairs, reuse_pairs = batch_run.corpus_reuse(root, corpus, engine, lambda m: None)
            t1 = time.perf_counter()
            reuse_peak = peaks.take()
            incidents = batch_run.corpus_incidents(root, corpus, engine, reuse_pairs, lambda m: None)
            t2 = time.perf_counter()
            inc_peak = peaks.take()
            peaks.stop()
        finally:
            engine.close()
        client = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append((n, t1 - t0, t2 - t1, reuse_peak, inc_peak, client, pairs, incidents))
    print("\n## corpus stages on a 2-worker local cluster (synthetic, real word frequencies)")
    print("| docs | reuse s | incidents s | total s | reuse pairs | incidents | peak worker MB reuse / incidents | client MB |")
    print("|------|---------|-------------|---------|-------------|-----------|----------------------------------|-----------|")
    for n, tr, ti, pr, pi, pc, pairs, inc in results:
        print(f"| {n:,} | {tr:.1f} | {ti:.1f} | {tr + ti:.1f} | {pairs:,} | {inc:,} | {pr:.0f} / {pi:.0f} | {pc:.0f} |")
    for (n1, r1, i1, *_), (n2, r2, i2, *_) in itertools.pairwise(results):
        print(f"growth {n1:,} -> {n2:,}: reuse N^{exponent(n1, r1, n2, r2):.2f}, incidents N^{exponent(n1, i1, n2, i2):.2f}")


class _WorkerPeaks:
    """Peak RSS of the cluster's worker processes between two ``take`` calls."""

    def __init__(self, engine: Any) -> None:
        self.pids = [w["pid"] for w in engine.client.scheduler_info()["workers"].values() if "pid" in w] or [
            p.pid for p in psutil.Process().children(recursive=True)]
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                with contextlib.suppress(psutil.Error):
                    self.peak = max(self.peak, psutil.Process(pid).memory_info().rss / 2**20)
            self._stop.wait(0.2)

    def take(self) -> float:
        peak, self.peak = self.peak, 0.0
        return peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["all", "startup", "analyze", "batch", "corpus", "ingest"])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")))
    ap.add_argument("--work", type=Path, default=None, help="keep generated inputs here")
    ap.add_argument("--files", type=int, default=20_000)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="small sizes, to check the script")
    args = ap.parse_args()
    if args.quick:
        args.files, args.docs, args.sizes, args.repeat = 1000, 2000, [2000, 10000], 3
    work = args.work or Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# bench_scale ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    try:
        if args.what in ("all", "startup"):
            bench_startup(args)
        if args.what in ("all", "analyze"):
            bench_analyze(args, work)
        if args.what in ("all", "batch"):
            bench_batch(args, work)
        if args.what in ("all", "corpus"):
            bench_corpus(args, work)
        if args.what in ("all", "ingest"):
            bench_ingest(args, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n(load average at the end: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
