"""The map step: one partition in, its Parquet rows out (written by the worker).

For each document of the partition: the pipeline (``marsad.pipeline.analyze``), the store's
rows (``marsad.store.prepare``, which also computes the text-reuse sketches: MinHash
signature and winnowed fingerprints), then one Parquet file per table and day. The files are
named by partition (``part-<run>-<index>.parquet``), so a retried or re-run partition
overwrites its own files and never adds a second copy; a ``.done`` marker written last says
the partition is complete.

What goes back to the client is small: counts, the days written, the failures (source and
reason). The same text in two partitions is resolved later, by corpus order (``dataset``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.batch import tables
from marsad.batch.sources import Partition, read_partition
from marsad.io.readers import InputError

ORD_SHIFT = 24  # ord = partition index << ORD_SHIFT | position in the partition


def part_name(run: int, index: int) -> str:
    return f"part-{run}-{index:06d}.parquet"


def write_table(path: Path, rows: list[dict[str, Any]], schema: pa.Schema,
                row_group_size: int | None = None) -> None:
    """Write rows as one Parquet file, atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=schema)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp, row_group_size=row_group_size, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_partition(part: Partition, staging: str, run: int, overrides: dict[str, str]) -> dict[str, Any]:
    """Analyse one partition and write its rows under ``staging`` (see the module docstring)."""
    from marsad.io.jsonout import dumps
    from marsad.pipeline import analyze
    from marsad.store import prepare

    done_marker = Path(staging) / "_done" / f"{part.index:06d}.json"
    if done_marker.exists():  # finished by an earlier (killed) attempt of this run
        return json.loads(done_marker.read_text(encoding="utf-8"))
    by_day: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    failures: list[tuple[str, str]] = []
    seen: set[str] = set()
    position = 0
    for item in read_partition(part):
        if isinstance(item, InputError):
            failures.append((item.source, item.reason))
            continue
        item.meta.update(overrides)
        raw_hash = raw_input_hash(item)
        try:
            doc = analyze(item)
            if not doc.text.strip():
                failures.append((item.source, "no text found"))
                continue
            contract = doc.to_dict()
            prepared = prepare(contract, source=item.source, raw_hash=raw_hash)
        except Exception as exc:  # one bad document never stops the batch
            failures.append((item.source, f"analysis failed: {type(exc).__name__}: {exc}"))
            continue
        if prepared.id in seen:  # the same text twice in the partition: the first stands
            continue
        seen.add(prepared.id)
        ord_ = (part.index << ORD_SHIFT) | position
        position += 1
        rows = tables.document_rows(prepared, run, ord_, dumps(contract))
        day = tables.day_of(contract.get("published"))
        for name, table_rows in rows.items():
            by_day[day][name].extend(table_rows)
    for day, per_table in by_day.items():
        for name, schema in tables.DAY_TABLES.items():
            rows = per_table.get(name, [])
            if rows:
                write_table(Path(staging) / name / f"day={day}" / part_name(run, part.index), rows,
                            schema, tables.ROW_GROUP_ROWS if name == "documents" else None)
    summary = {"index": part.index, "documents": len(seen), "failures": failures,
               "days": sorted(by_day)}
    done_marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = done_marker.with_suffix(".tmp")
    tmp.write_text(json.dumps(summary), encoding="utf-8")
    os.replace(tmp, done_marker)
    return summary


def raw_input_hash(doc: Any) -> str:
    """The hash of an input as ``marsad ingest`` records it (raw text and record metadata)."""
    import hashlib

    h = hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(doc.meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]
