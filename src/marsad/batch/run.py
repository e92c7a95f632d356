"""One batch run, start to end (what ``marsad batch`` calls)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.batch import dataset, incidents_step, reuse_step
from marsad.batch.analyze_step import run_partition, write_table
from marsad.batch.engine import Engine
from marsad.batch.sources import Partition, plan
from marsad.batch.tables import REUSE
from marsad.progress import Progress


@dataclass
class BatchResult:
    documents: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    reuse_pairs: int = 0
    incidents: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    partitions: int = 0
    resumed: int = 0


def run_batch(inputs: list[str], out: str | Path, engine: Engine, *,
              overrides: dict[str, str] | None = None, text_column: str = "text",
              files_per_partition: int | None = None,
              report: Callable[[str], None] | None = None,
              kill_after: int | None = None) -> BatchResult:
    """Analyse ``inputs`` into the dataset at ``out`` and recompute its corpus tables.

    ``kill_after`` (tests) stops the run after that many partitions, as a kill would.
    """
    say = report or (lambda _msg: None)
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    overrides = dict(overrides or {})
    result = BatchResult()
    t0 = time.perf_counter()
    kw: dict[str, Any] = {"text_column": text_column}
    if files_per_partition:
        kw["files_per_partition"] = files_per_partition
    partitions, errors = plan(inputs, **kw)
    result.failures.extend((e.source, e.reason) for e in errors)
    result.partitions = len(partitions)
    key = dataset.run_key(partitions, {"overrides": overrides, "text_column": text_column})
    staging, run = dataset.staging_dir(root, key)
    done = {int(p.stem) for p in (staging / "_done").glob("*.json")} if (staging / "_done").exists() else set()
    result.resumed = len(done & {p.index for p in partitions})
    days: set[str] = set()
    with Progress("batch: analyze", total=len(partitions), unit="partitions") as progress:
        args = [(p, str(staging), run, overrides) for p in partitions]
        for n, (_, summary) in enumerate(engine.map_unordered(run_partition, args), 1):
            result.documents += summary["documents"]
            result.failures.extend(tuple(f) for f in summary["failures"])
            days.update(summary["days"])
            progress.advance()
            if kill_after is not None and n >= kill_after:
                raise KeyboardInterrupt("stopped by kill_after")
    result.days = sorted(days)
    result.seconds["analyze"] = round(time.perf_counter() - t0, 3)
    say(f"{result.documents} documents analysed in {len(partitions)} partitions"
        + (f" ({result.resumed} done by an earlier attempt)" if result.resumed else ""))
    dataset.commit_days(root, staging, run, result.days)
    t1 = time.perf_counter()
    corpus = staging / "_corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    result.reuse_pairs, reuse_pairs = corpus_reuse(root, corpus, engine, say)
    t2 = time.perf_counter()
    result.seconds["reuse"] = round(t2 - t1, 3)
    result.incidents = corpus_incidents(root, corpus, engine, reuse_pairs, say)
    result.seconds["incidents"] = round(time.perf_counter() - t2, 3)
    dataset.commit_corpus(root, corpus)
    (root / "_runs").mkdir(exist_ok=True)
    (root / "_runs" / f"{run}.json").write_text(json.dumps({
        "run": run, "inputs": inputs, "documents": result.documents, "days": result.days,
        "failures": len(result.failures), "reuse_pairs": result.reuse_pairs,
        "incidents": result.incidents, "seconds": result.seconds}, ensure_ascii=False))
    dataset.finish(root, staging)
    result.seconds["total"] = round(time.perf_counter() - t0, 3)
    return result


def corpus_reuse(root: Path, work: Path, engine: Engine, say: Callable[[str], None]
                 ) -> tuple[int, list[tuple[str, str]]]:
    """The ``reuse`` table of the whole dataset (written under ``work``); its (a, b) pairs."""
    index = dataset.doc_index(root)
    n = len(index)
    buckets = max(8, 4 * engine.workers)  # each bucket ~1/buckets of the sketches in one task
    shuffle = work / "shuffle"
    # map: documents files grouped into tasks of ~DOCS_PER_SKETCH_TASK documents
    groups: list[tuple[list[str], list[Any]]] = [([], [])]
    size = 0
    for f, gk in zip(index.files, index.gkey_of_row, strict=True):
        if size >= reuse_step.DOCS_PER_SKETCH_TASK:
            groups.append(([], []))
            size = 0
        groups[-1][0].append(str(f))
        groups[-1][1].append(gk)
        size += len(gk)
    with Progress("batch: reuse sketches", total=len(groups), unit="tasks") as progress:
        for _ in engine.map_unordered(reuse_step.sketch_task,
                                      [(fs, gks, str(shuffle), i, buckets) for i, (fs, gks) in enumerate(groups)]):
            progress.advance()
    results: list[Any] = [None] * buckets
    with Progress("batch: reuse candidates", total=buckets, unit="buckets") as progress:
        for i, r in engine.map_unordered(reuse_step.bucket_task, [(str(shuffle), k, n) for k in range(buckets)]):
            results[i] = r
            progress.advance()
    shutil.rmtree(shuffle, ignore_errors=True)
    pairs = reuse_step.merge_candidates(results, index)
    del results
    say(f"text reuse: {len(pairs)} candidate pairs among {n} documents")
    chunks = [pairs[i : i + reuse_step.PAIRS_PER_ALIGN_TASK]
              for i in range(0, len(pairs), reuse_step.PAIRS_PER_ALIGN_TASK)]
    args = []
    for k, chunk in enumerate(chunks):
        need = {g for pair in chunk for g in pair}
        locations = {g: (str(index.files[int(index.file_of[g])]), int(index.row_of[g])) for g in need}
        args.append((chunk, locations, str(work / "reuse" / f"part-{k:05d}.parquet")))
    found: list[tuple[str, str]] = []
    with Progress("batch: reuse alignment", total=len(pairs), unit="pairs") as progress:
        for i, r in engine.map_unordered(reuse_step.align_task, args):
            found.extend(r)
            progress.advance(len(chunks[i]))
    if not found:  # the table exists, empty, as a reader expects
        write_table(work / "reuse" / "part-00000.parquet", [], REUSE)
    found.sort()
    return len(found), found


def corpus_incidents(root: Path, work: Path, engine: Engine, reuse_pairs: list[tuple[str, str]],
                     say: Callable[[str], None]) -> int:
    index = dataset.doc_index(root)
    bins = max(1, 2 * engine.workers)
    bin_dir = work / "bins"
    keys = (index.runs, index.first_keys, index.first_gkeys)
    [(_, sizes)] = list(engine.map_unordered(
        incidents_step.blocking_task, [(str(root), keys, reuse_pairs, str(bin_dir), bins)]))
    say(f"incidents: {sum(sizes)} events in {bins} bins of whole blocks")
    total = 0
    with Progress("batch: incidents", total=bins, unit="bins") as progress:
        args = [(str(bin_dir / f"bin-{k:04d}.pickle"), str(work / "incidents" / f"part-{k:04d}.parquet"))
                for k in range(bins)]
        for _, count in engine.map_unordered(incidents_step.cluster_task, args):
            total += count
            progress.advance()
    shutil.rmtree(bin_dir, ignore_errors=True)
    return total


__all__ = ["BatchResult", "Partition", "run_batch"]
