"""``marsad ingest DIR`` of a batch dataset: its documents and corpus tables into the store.

Nothing is analysed again: each document's stored analysis (the contract JSON) and sketches
become the store's rows, in corpus order, a batch per transaction (a document already in
the store is skipped, never duplicated); then the dataset's reuse pairs and incidents replace
the store's, so the store shows exactly what the batch computed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from marsad.batch import dataset
from marsad.progress import Progress


def is_dataset(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "documents").is_dir() and (p / "_runs").is_dir()


def prepared_documents(root: Path, progress: Progress | None = None) -> Iterator[Any]:
    """The dataset's documents as the store's prepared rows, first occurrences, corpus order."""
    from marsad.store import prepare

    index = dataset.doc_index(root)
    if progress is not None:
        progress.total = len(index)
    order = sorted(range(len(index.files)),
                   key=lambda i: int(index.gkey_of_row[i][index.gkey_of_row[i] >= 0].min())
                   if (index.gkey_of_row[i] >= 0).any() else -1)
    for i in order:
        gk = index.gkey_of_row[i]
        if not (gk >= 0).any():
            continue
        pf = pq.ParquetFile(index.files[i])
        base = 0
        for rg in range(pf.metadata.num_row_groups):
            t = pf.read_row_group(rg, columns=["source", "raw_hash", "analysis", "minhash", "fingerprints"])
            cols = {c: t.column(c).to_pylist() for c in t.column_names}
            for j in range(t.num_rows):
                if gk[base + j] < 0:
                    continue
                p = prepare(json.loads(cols["analysis"][j]), source=cols["source"][j],
                            raw_hash=cols["raw_hash"][j], with_minhash=False)
                p.minhash, p.fingerprints = cols["minhash"][j], cols["fingerprints"][j]
                yield p
            base += t.num_rows


def corpus_rows(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dataset's reuse pairs (contract objects) and incidents (contract objects)."""
    reuse = []
    for f in dataset.table_files(root, "reuse"):
        for r in pq.read_table(f).to_pylist():
            reuse.append({**r, "a_spans": json.loads(r["a_spans"]), "b_spans": json.loads(r["b_spans"])})
    incidents = [json.loads(r["json"]) for f in dataset.table_files(root, "incidents")
                 for r in pq.read_table(f, columns=["json"]).to_pylist()]
    return reuse, incidents
