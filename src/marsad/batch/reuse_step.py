"""Text reuse over a dataset, spread over the workers, with the single-process result.

``marsad.corpus.reuse.candidate_pairs`` (what ``marsad ingest`` runs) inserts every document
in corpus order into an in-memory MinHash LSH and a fingerprint index. Here no process holds
the documents or their sketches; the same candidates come from a groupby:

1. **map** (``sketch_task``, one per group of documents files): each document's 25 LSH band
   keys and its winnowed fingerprints, each row written to one of ``buckets`` shuffle files
   by its key (``key % buckets``), with the document's corpus position (``gkey``).
2. **reduce** (``bucket_task``, one per bucket): a sort groups equal keys. A band group
   yields (later, earlier) for every two documents in it (what a query of the later document
   finds among those inserted before it); a fingerprint group of 2..``MAX_POSTINGS``
   documents yields each pair once with a count of 1.
3. **merge** (here, over pairs, never documents): fingerprint counts summed over buckets and
   kept from ``MIN_SHARED_FP`` on, capped at ``MAX_CANDIDATES`` per document most-shared
   first (``_capped_fingerprint_pairs``'s rule and order); band pairs capped per later
   document at the ``MAX_CANDIDATES`` most similar earlier ones (``best_by_jaccard``, which
   reads signatures only for a document over the cap); then the band pairs the fingerprints
   did not already propose.
4. **align** (``align_task``, chunks of pairs): each task reads just the documents its pairs
   need (their Parquet row groups) and runs ``compare``, as ``reuse_of_pairs`` does.

Band keys are the 64-bit keys of the persistent index (``lsh_band_keys``); two different
bands sharing one is a 1-in-2^64 event.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from marsad.batch.dataset import DocIndex
from marsad.batch.tables import ROW_GROUP_ROWS
from marsad.corpus import reuse as R
from marsad.corpus.bands import band_keys, group_pairs

DOCS_PER_SKETCH_TASK = 20_000
PAIRS_PER_ALIGN_TASK = 4_000


def sketch_task(files: list[str], gkeys: list[np.ndarray], out_dir: str, task_no: int,
                buckets: int) -> int:
    """Write the band keys and fingerprints of the documents in ``files`` by bucket."""
    band_rows: list[np.ndarray] = []  # columns: band, key, gkey
    fp_rows: list[np.ndarray] = []  # columns: fingerprint, gkey
    for path, gk in zip(files, gkeys, strict=True):
        t = pq.read_table(path, columns=["minhash", "fingerprints"])
        minhashes = t.column("minhash").to_pylist()
        fingerprints = t.column("fingerprints").to_pylist()
        sig_rows, sig_keys = [], []
        for row, g in enumerate(gk.tolist()):
            if g < 0:
                continue  # a repeated text: its first occurrence stands
            if minhashes[row]:
                sig_rows.append(np.frombuffer(minhashes[row], dtype=np.uint64))
                sig_keys.append(g)
            if fingerprints[row]:
                fp = np.frombuffer(fingerprints[row], dtype=np.uint64).view(np.int64)
                fp_rows.append(np.stack([fp, np.full(len(fp), g, dtype=np.int64)], axis=1))
        if sig_rows:
            keys = band_keys(np.stack(sig_rows), *R.lsh_bands())
            n, b = keys.shape
            band_rows.append(np.stack([np.tile(np.arange(b, dtype=np.int64), n), keys.ravel(),
                                       np.repeat(np.asarray(sig_keys, dtype=np.int64), b)], axis=1))
    out = Path(out_dir)
    for kind, rows in (("bands", band_rows), ("fps", fp_rows)):
        arr = np.concatenate(rows) if rows else np.zeros((0, 3 if kind == "bands" else 2), dtype=np.int64)
        key_col = arr[:, 1] if kind == "bands" else arr[:, 0]
        bucket = (key_col.view(np.uint64) % np.uint64(buckets)).astype(np.int64)
        for k in range(buckets):
            folder = out / kind / f"{k:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            np.save(folder / f"{task_no:06d}.npy", arr[bucket == k])
    return len(band_rows)


def _load_bucket(folder: Path, width: int) -> np.ndarray:
    parts = [np.load(p) for p in sorted(folder.glob("*.npy"))] if folder.exists() else []
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def bucket_task(out_dir: str, bucket: int, n_docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(band pair keys later*n+earlier, fingerprint pair keys lo*n+hi, their counts)``."""
    out = Path(out_dir)
    bands = _load_bucket(out / "bands" / f"{bucket:04d}", 3)
    order = np.lexsort((bands[:, 2], bands[:, 1], bands[:, 0]))
    bands = bands[order]
    # one group per (band, key): a combined sortable id of the run
    same = np.r_[False, (bands[1:, 0] == bands[:-1, 0]) & (bands[1:, 1] == bands[:-1, 1])]
    group = np.cumsum(~same)
    earlier, later = group_pairs(group, bands[:, 2], None)
    lsh = np.unique(later * n_docs + earlier)
    del bands, order, same, group, earlier, later
    fps = _load_bucket(out / "fps" / f"{bucket:04d}", 2)
    fps = fps[np.lexsort((fps[:, 1], fps[:, 0]))]
    lo, hi = group_pairs(fps[:, 0], fps[:, 1], R.MAX_POSTINGS)
    # a fingerprint held by more than MAX_POSTINGS documents proposes nothing: _group_pairs
    # skipped those runs
    keys, counts = np.unique(lo * n_docs + hi, return_counts=True)
    return lsh, keys, counts


def merge_candidates(results: list[tuple[np.ndarray, np.ndarray, np.ndarray]], index: DocIndex
                     ) -> list[tuple[int, int]]:
    """The candidate pairs (gkey a, gkey b), in ``candidate_pairs``'s orientation."""
    n = len(index)
    ids = index.ids
    # fingerprints: counts summed over buckets, kept from MIN_SHARED_FP on
    keys = np.concatenate([r[1] for r in results]) if results else np.zeros(0, dtype=np.int64)
    counts = np.concatenate([r[2] for r in results]) if results else np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    uniq = keys[starts]
    summed = np.add.reduceat(counts, starts) if len(keys) else counts
    keep = summed >= R.MIN_SHARED_FP
    uniq, summed = uniq[keep], summed[keep]
    xs, ys = (uniq // n).tolist(), (uniq % n).tolist()
    triples = []
    for x, y, c in zip(xs, ys, summed.tolist(), strict=True):
        a, b = (x, y) if ids[x] < ids[y] else (y, x)
        triples.append((a, b, c))
    # the cap: most-shared first, then by id, at most MAX_CANDIDATES per document
    triples.sort(key=lambda t: (-t[2], ids[t[0]], ids[t[1]]))
    per_doc: dict[int, int] = defaultdict(int)
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for a, b, _ in triples:
        if per_doc[a] >= R.MAX_CANDIDATES or per_doc[b] >= R.MAX_CANDIDATES:
            continue
        per_doc[a] += 1
        per_doc[b] += 1
        pairs.append((a, b))
        seen.add((a, b) if a < b else (b, a))
    # MinHash bands: per later document, its colliding earlier ones (capped by similarity)
    lsh = np.unique(np.concatenate([r[0] for r in results])) if results else np.zeros(0, dtype=np.int64)
    later, earlier = lsh // max(n, 1), lsh % max(n, 1)
    by_later: dict[int, list[int]] = defaultdict(list)
    for lt, er in zip(later.tolist(), earlier.tolist(), strict=True):
        by_later[lt].append(er)
    over = {lt: found for lt, found in by_later.items() if len(found) > R.MAX_CANDIDATES}
    signatures = _signatures(index, {g for lt, f in over.items() for g in (lt, *f)}) if over else {}
    for lt in sorted(by_later):
        found = by_later[lt]
        if lt in over:
            chosen = R.best_by_jaccard([ids[g] for g in found], signatures[lt],
                                        lambda o, by_id={ids[g]: g for g in found}: signatures[by_id[o]])
            gk = {ids[g]: g for g in found}
            found = [gk[o] for o in chosen]
        for er in found:
            key = (er, lt) if er < lt else (lt, er)
            if key not in seen:
                seen.add(key)
                pairs.append((er, lt))
    return pairs


def _signatures(index: DocIndex, gkeys: set[int]) -> dict[int, np.ndarray]:
    """MinHash signatures of a few documents (read from their row groups)."""
    out: dict[int, np.ndarray] = {}
    for g, blob in _read_rows(index, sorted(gkeys), "minhash"):
        out[g] = np.frombuffer(blob, dtype=np.uint64)
    return out


def _read_rows(index: DocIndex, gkeys: list[int], column: str) -> Iterator[tuple[int, Any]]:
    by_file: dict[int, list[int]] = defaultdict(list)
    for g in gkeys:
        by_file[int(index.file_of[g])].append(g)
    for f, gs in by_file.items():
        yield from read_rows(str(index.files[f]), [int(index.row_of[g]) for g in gs], gs, column)


def read_rows(path: str, rows: list[int], keys: list[int], column: str) -> Iterator[tuple[int, Any]]:
    """``(key, value)`` of ``column`` at ``rows`` of a documents file, reading only the row
    groups that hold them."""
    pf = pq.ParquetFile(path)
    by_group: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r, k in zip(rows, keys, strict=True):
        by_group[r // ROW_GROUP_ROWS].append((r % ROW_GROUP_ROWS, k))
    for rg in sorted(by_group):
        # only the rows asked for are kept (a row group is read whole, then dropped)
        col = pf.read_row_group(rg, columns=[column]).column(column)
        for i, k in by_group[rg]:
            yield k, col[i].as_py()


def align_task(pairs: list[tuple[int, int]], locations: dict[int, tuple[str, int]],
               out_path: str) -> list[tuple[str, str]]:
    """``reuse_of_pairs`` over these candidate pairs, reading the documents they need: the
    rows found are written to ``out_path`` (one part of the ``reuse`` table: the spans stay
    out of the client's memory) and their (a, b) pairs returned."""
    from marsad.batch.analyze_step import write_table
    from marsad.batch.tables import REUSE

    by_file: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for g, (path, row) in locations.items():
        by_file[path].append((row, g))
    docs: dict[int, dict[str, Any]] = {}
    for path, items in by_file.items():
        for g, analysis in read_rows(path, [r for r, _ in items], [g for _, g in items], "analysis"):
            docs[g] = json.loads(analysis)
    words: dict[int, R.Words] = {}
    out = []
    for x, y in pairs:
        for g in (x, y):
            if g not in words:
                words[g] = R.words_of(docs[g].get("text") or "")
        r = R.compare(docs[x], docs[y], words[x], words[y])
        if r is not None:
            out.append(r)
    rows = reuse_rows(out)
    if rows:
        write_table(Path(out_path), rows, REUSE)
    return [(r["a"], r["b"]) for r in rows]


def reuse_rows(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the ``reuse`` table (spans as JSON, like the store), sorted."""
    rows = [{"a": r["a"], "b": r["b"], "share": r["share"], "direction": r["direction"],
             "why": r["why"], "a_spans": json.dumps(r["a_spans"]), "b_spans": json.dumps(r["b_spans"])}
            for r in found]
    rows.sort(key=lambda r: (r["a"], r["b"]))
    return rows
