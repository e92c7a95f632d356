"""The layout of a batch dataset on disk, and how a run's output replaces what was there.

    DIR/documents/day=2022-01-21/part-<run>-<partition>.parquet    (and events, claims, entities)
    DIR/reuse/part-*.parquet, DIR/incidents/part-*.parquet         (the whole corpus)
    DIR/_staging/<run key>/...                                     (a run in progress)

A run writes everything under its staging folder first. Its key is a hash of its inputs
(paths, sizes, modification times) and options, so running the same command again after a
kill finds the partitions already done (their ``.done`` markers) and does only the rest.

Committing replaces, for each day the run has documents of, that day's folder in every
per-document table: the old folder is moved aside, the run's moved in, then the old one is
deleted. A day the run has no document of is left as it was, so a re-run of one day
replaces only that day. The step is idempotent: a folder holding only this run's files was
already swapped, so a commit killed half-way is finished by the next attempt, and a day is
never there twice. The corpus tables are then recomputed from every day and swapped whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from marsad.batch import tables
from marsad.batch.sources import Partition

STAGING = "_staging"
TRASH = "_trash"


def run_key(partitions: list[Partition], options: dict[str, Any]) -> str:
    h = hashlib.blake2b(digest_size=12)
    h.update(json.dumps(options, sort_keys=True).encode())
    for part in partitions:
        h.update(repr((part.kind, part.start, part.stop, part.text_column)).encode())
        for p in part.paths:
            try:
                st = os.stat(p)
                h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode("utf-8", "surrogatepass"))
            except OSError:
                h.update(p.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def staging_dir(root: Path, key: str) -> tuple[Path, int]:
    """The run's staging folder and its run number (kept across a killed attempt)."""
    staging = root / STAGING / key
    staging.mkdir(parents=True, exist_ok=True)
    info = staging / "run.json"
    if info.exists():
        return staging, int(json.loads(info.read_text())["run"])
    run = time.time_ns() // 1000  # microseconds: increasing from run to run
    tmp = info.with_suffix(".tmp")
    tmp.write_text(json.dumps({"run": run}))
    os.replace(tmp, info)
    return staging, run


def _only_this_run(folder: Path, run: int) -> bool:
    names = [p.name for p in folder.iterdir() if p.suffix == ".parquet"]
    return bool(names) and all(n.startswith(f"part-{run}-") for n in names)


def commit_days(root: Path, staging: Path, run: int, days: list[str]) -> None:
    """Replace each of ``days`` in every per-document table with the run's (see above)."""
    trash = root / TRASH / str(run)

    def put_aside(target: Path, name: str, day: str) -> None:
        aside = trash / name / f"day={day}"
        aside.parent.mkdir(parents=True, exist_ok=True)
        if aside.exists():
            shutil.rmtree(aside)
        os.replace(target, aside)

    for day in days:
        for name in tables.DAY_TABLES:
            target = root / name / f"day={day}"
            new = staging / name / f"day={day}"
            if new.exists():
                if target.exists():
                    put_aside(target, name, day)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(new, target)
            elif target.exists() and not _only_this_run(target, run):
                # the day is replaced and the run has no rows of this table for it
                put_aside(target, name, day)
    shutil.rmtree(trash, ignore_errors=True)


def commit_corpus(root: Path, staging: Path) -> None:
    """Swap the corpus tables computed in ``staging`` into place."""
    for name in tables.CORPUS_TABLES:
        new = staging / name
        if not new.exists():
            continue
        target = root / name
        aside = root / TRASH / f"{name}-{staging.name}"
        if target.exists():
            if aside.exists():
                shutil.rmtree(aside)
            os.replace(target, aside)
        os.replace(new, target)
        shutil.rmtree(aside, ignore_errors=True)


def finish(root: Path, staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    for folder in (root / STAGING, root / TRASH):
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()


def table_files(root: Path, name: str) -> list[Path]:
    """The Parquet files of a table, days in order, then file names. A file being written
    (or left half-written by a killed run) has a hidden temporary name and is no part of it."""
    base = root / name
    if not base.exists():
        return []
    files = (p for p in base.rglob("*.parquet") if not p.name.startswith("."))
    return sorted(files, key=lambda p: (p.parent.name, p.name))


@dataclass
class DocIndex:
    """Every stored document once, in corpus order (``gkey`` = 0, 1, ...).

    ``ids[g]``: the id; ``file_of[g]``/``row_of[g]``: where its row is (``files``).
    ``first``: per documents file, the gkey of each row, or -1 for a row repeating a text
    already seen earlier in the corpus order (the first occurrence stands, as in the store).
    """

    files: list[Path]
    ids: np.ndarray
    file_of: np.ndarray
    row_of: np.ndarray
    gkey_of_row: list[np.ndarray]
    runs: np.ndarray  # the distinct run numbers, sorted
    first_keys: np.ndarray  # sorted (run rank << ORD_BITS | ord) of every first occurrence
    first_gkeys: np.ndarray  # the gkey of each of first_keys

    def __len__(self) -> int:
        return len(self.ids)

    def gkeys(self, runs: np.ndarray, ords: np.ndarray) -> np.ndarray:
        """The gkey of the documents at (run, ord), -1 for a repeated text's later copy."""
        return lookup_gkeys(self.runs, self.first_keys, self.first_gkeys, runs, ords)


ORD_BITS = 44


def lookup_gkeys(run_values: np.ndarray, first_keys: np.ndarray, first_gkeys: np.ndarray,
                 runs: np.ndarray, ords: np.ndarray) -> np.ndarray:
    if not len(first_keys):
        return np.full(len(runs), -1, dtype=np.int64)
    rank = np.searchsorted(run_values, runs)
    keys = (rank.astype(np.int64) << ORD_BITS) | ords.astype(np.int64)
    pos = np.clip(np.searchsorted(first_keys, keys), 0, len(first_keys) - 1)
    return np.where(first_keys[pos] == keys, first_gkeys[pos], -1)


def doc_index(root: Path) -> DocIndex:
    files = table_files(root, "documents")
    ids: list[np.ndarray] = []
    runs: list[np.ndarray] = []
    ords: list[np.ndarray] = []
    file_no: list[np.ndarray] = []
    rows: list[np.ndarray] = []
    for i, f in enumerate(files):
        t = pq.read_table(f, columns=["id", "run", "ord"])
        n = t.num_rows
        ids.append(np.asarray(t.column("id").to_pylist(), dtype=object))
        runs.append(t.column("run").to_numpy())
        ords.append(t.column("ord").to_numpy())
        file_no.append(np.full(n, i, dtype=np.int32))
        rows.append(np.arange(n, dtype=np.int32))
    if not files:
        empty = np.zeros(0, dtype=np.int64)
        return DocIndex([], np.zeros(0, dtype=object), empty, empty, [], empty, empty, empty)
    all_ids = np.concatenate(ids)
    all_runs, all_ords = np.concatenate(runs), np.concatenate(ords)
    order = np.lexsort((all_ords, all_runs))
    fno, rno = np.concatenate(file_no), np.concatenate(rows)
    gkey_of_row = [np.full(len(x), -1, dtype=np.int64) for x in ids]
    seen: set[str] = set()
    keep: list[int] = []
    for pos in order.tolist():
        doc_id = all_ids[pos]
        if doc_id in seen:
            continue
        seen.add(doc_id)
        gkey_of_row[fno[pos]][rno[pos]] = len(keep)
        keep.append(pos)
    kept = np.asarray(keep, dtype=np.int64)
    run_values = np.unique(all_runs)
    keys = (np.searchsorted(run_values, all_runs[kept]).astype(np.int64) << ORD_BITS) | all_ords[kept]
    key_order = np.argsort(keys, kind="stable")
    return DocIndex(files, all_ids[kept], fno[kept], rno[kept], gkey_of_row, run_values,
                    keys[key_order], np.arange(len(kept), dtype=np.int64)[key_order])
