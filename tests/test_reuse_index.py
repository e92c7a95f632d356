"""The persistent text-reuse candidate index (schema 4): same pairs as the scan of every sketch.

Incremental ingests through the index must give exactly the candidate pairs and the ``reuse``
rows of the previous method (every stored MinHash signature and fingerprint loaded into an
in-memory index), caps and ordering rules included; an old (schema 3) database upgrades in
place; a document and its index rows are written together or not at all.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus_helpers import make_doc
from marsad.corpus.build import rebuild
from marsad.corpus.reuse.candidates import (
    MAX_CANDIDATES,
    MAX_POSTINGS,
    NewDocument,
    candidate_pairs,
    fingerprint_pairs,
    indexed_candidate_pairs,
)
from marsad.corpus.reuse.signatures import lsh_band_keys, lsh_bands, new_index, sketch_bytes
from marsad.store import Store, reuse_index
from marsad.store.schema import LATEST

VOCAB = [f"كلمة{i}" for i in range(3000)]
WEIGHTS = [1 / (i + 1) ** 0.9 for i in range(len(VOCAB))]


def _words(rng: random.Random, n: int) -> list[str]:
    return rng.choices(VOCAB, WEIGHTS, k=n)


def synthetic_corpus(n: int, seed: int) -> list[dict[str, Any]]:
    """Zipf-vocabulary texts; some copy a 40-word passage of an earlier one, some reprint an
    earlier one with a few words changed (near-duplicates: LSH candidates)."""
    rng = random.Random(seed)
    texts: list[list[str]] = []
    for _ in range(n):
        words = _words(rng, rng.randrange(120, 300))
        r = rng.random()
        if texts and r < 0.15:
            src = rng.choice(texts)
            k = rng.randrange(0, len(src) - 40)
            mid = len(words) // 2
            words[mid : mid + 40] = src[k : k + 40]
        elif texts and r < 0.25:
            words = list(rng.choice(texts))
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(VOCAB)
        texts.append(words)
    docs = {}
    for i, words in enumerate(texts):
        d = make_doc(" ".join(words), published=f"2023-01-{1 + i % 28:02d}")
        docs[d["id"]] = d
    return list(docs.values())


def seed_docs(seeds_dir: Path | None) -> list[dict[str, Any]]:
    if seeds_dir is None or not seeds_dir.is_dir():
        return []
    return [make_doc(p.read_text(encoding="utf-8-sig")) for p in sorted(seeds_dir.glob("*.txt"))]


def reuse_table(store: Store) -> list[dict[str, Any]]:
    return list(store.all_reuse())


def ingest_in_batches(location: str | Path, docs: list[dict[str, Any]], sizes: Iterable[int],
                      indexed: bool) -> Store:
    store = Store(location)
    i = 0
    for size in sizes:
        store.add_documents(docs[i : i + size])
        timings = rebuild(store, indexed=indexed)
        assert timings["reuse_mode"] == ("indexed" if indexed else "scan")
        i += size
    assert i == len(docs)
    return store


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    from conftest import SHARED_DIR

    return seed_docs(SHARED_DIR / "seeds") + synthetic_corpus(150, seed=4)


def test_incremental_batches_through_the_index_equal_a_full_rebuild(
        make_db: Callable[..., str], corpus: list[dict[str, Any]]) -> None:
    sizes = [40, 1, 10, 30, 3, 50, len(corpus) - 134]
    store = ingest_in_batches(make_db(), corpus, sizes, indexed=True)
    incremental = reuse_table(store)
    full = Store(make_db())
    full.add_documents(corpus)
    rebuild(full, full=True)
    assert incremental == reuse_table(full)
    assert len(incremental) >= 15  # the planted copies are found
    # re-running the full rebuild on the incrementally built store changes nothing
    rebuild(store, full=True)
    assert reuse_table(store) == incremental


def test_seed_copy_is_found_incrementally(make_db: Callable[..., str], seeds_dir: Path) -> None:
    """Seed 001 copies a passage of seed 000: ingested a day apart, the index finds it."""
    docs = seed_docs(seeds_dir)
    filler = synthetic_corpus(60, seed=9)
    store = ingest_in_batches(make_db(), [docs[0], *filler, docs[1]], [61, 1], indexed=True)
    pairs = {frozenset((r["a"], r["b"])) for r in store.all_reuse()}
    assert frozenset((docs[0]["id"], docs[1]["id"])) in pairs


def test_index_and_scan_agree_batch_by_batch(make_db: Callable[..., str],
                                             corpus: list[dict[str, Any]]) -> None:
    """Stricter than equality with a full rebuild (which caps over all pairs at once): the
    same batches through the index and through the scan give the same rows."""
    sizes = [70, 2, 25, len(corpus) - 97]
    a = ingest_in_batches(make_db(), corpus, sizes, indexed=True)
    b = ingest_in_batches(make_db(), corpus, sizes, indexed=False)
    assert reuse_table(a) == reuse_table(b)


class MemoryIndex:
    """``CandidateIndex`` over dictionaries (what the store's tables hold)."""

    def __init__(self, sketches: list[tuple[str, bytes, bytes]]) -> None:
        self.docs = {k: (doc_id, mh) for k, (doc_id, mh, _) in enumerate(sketches)}
        self.postings: dict[int, list[int]] = {}
        self.bands: dict[tuple[int, int], list[int]] = {}
        for k, (_, mh, fp) in enumerate(sketches):
            for h in np.frombuffer(fp, dtype=np.uint64).view(np.int64).tolist():
                self.postings.setdefault(h, []).append(k)
            for band, key in enumerate(lsh_band_keys(mh)):
                self.bands.setdefault((band, key), []).append(k)

    def fingerprint_postings(self, fingerprint: int, limit: int) -> list[int]:
        return self.postings.get(fingerprint, [])[:limit]

    def band_members(self, band: int, key: int) -> list[int]:
        return self.bands.get((band, key), [])

    def documents(self, keys: Iterable[int]) -> dict[int, tuple[str, bytes | None]]:
        return {k: self.docs[k] for k in keys}


def _templated(rng: random.Random) -> list[str]:
    """Texts that bind every cap: 60 reprints of one bulletin (LSH collisions > MAX_CANDIDATES,
    fingerprint pairs > MAX_CANDIDATES per document), 55 identical copies of another (ties in
    estimated Jaccard at the cut), 70 sharing a slogan (> MAX_POSTINGS), unrelated texts."""
    bulletin = _words(rng, 200)
    slogan = _words(rng, 30)
    texts = [_words(rng, 150)] * 55
    for _ in range(60):
        words = list(bulletin)
        for _ in range(rng.randrange(1, 12)):
            words[rng.randrange(len(words))] = rng.choice(VOCAB)
        texts.append(words)
    for _ in range(70):
        texts.append(_words(rng, 100) + slogan + _words(rng, 100))
    texts += [_words(rng, 200) for _ in range(40)]
    rng.shuffle(texts)
    return [" ".join(w) for w in texts]


def test_candidate_pairs_identical_when_caps_bind() -> None:
    rng = random.Random(21)
    texts = _templated(rng)
    sketches = [(f"t{i:04d}", *sketch_bytes(t)) for i, t in enumerate(texts)]
    sigs = [(d, mh) for d, mh, _ in sketches]
    fps = [(d, fp) for d, _, fp in sketches]
    index = MemoryIndex(sketches)
    lsh = new_index()
    assert (lsh.b, lsh.r) == lsh_bands()
    for new in (range(150, 170), range(0, 5), [3, 77, 140], range(len(texts))):
        new_ids = {sketches[k][0] for k in new}
        expected = list(candidate_pairs(sigs, new_ids, fps))
        new_docs = [NewDocument(k, *sketches[k]) for k in sorted(new)]
        got = list(indexed_candidate_pairs(new_docs, index))
        assert len(got) == len(set(got))
        assert set(got) == {tuple(sorted(p)) for p in expected}
    # every cap was really exercised: a bulletin collides with more than MAX_CANDIDATES
    # documents in LSH and in fingerprint pairs, and the slogan's postings exceed MAX_POSTINGS
    lsh_collisions = max(len({o for band, key in enumerate(lsh_band_keys(mh))
                              for o in index.band_members(band, key)}) - 1
                         for _, mh, _ in sketches)
    assert lsh_collisions > MAX_CANDIDATES
    fp_partners: dict[str, int] = {}
    for a, b, _ in fingerprint_pairs(fps):
        fp_partners[a] = fp_partners.get(a, 0) + 1
        fp_partners[b] = fp_partners.get(b, 0) + 1
    assert max(fp_partners.values()) > MAX_CANDIDATES
    assert max(len(v) for v in index.postings.values()) > MAX_POSTINGS


class CollidingIndex(MemoryIndex):
    """Every band key collides with every document (as if the 64-bit keys all clashed)."""

    def band_members(self, band: int, key: int) -> list[int]:
        return list(self.docs)


def test_band_key_clashes_are_filtered_against_the_signatures() -> None:
    rng = random.Random(8)
    texts = _templated(rng)[:120]
    sketches = [(f"t{i:04d}", *sketch_bytes(t)) for i, t in enumerate(texts)]
    sigs = [(d, mh) for d, mh, _ in sketches]
    new = range(100, 120)
    expected = {tuple(sorted(p)) for p in candidate_pairs(sigs, {sketches[k][0] for k in new})}
    got = indexed_candidate_pairs([NewDocument(k, sketches[k][0], sketches[k][1], None)
                                   for k in new], CollidingIndex(sketches))
    assert set(got) == expected


def test_lsh_band_keys_collide_exactly_when_datasketch_does() -> None:
    rng = random.Random(2)
    base = _words(rng, 150)
    texts = [" ".join(base)]
    for n_changes in (1, 3, 10, 40, 150):
        w = list(base)
        for _ in range(n_changes):
            w[rng.randrange(len(w))] = rng.choice(VOCAB)
        texts.append(" ".join(w))
    sketches = [(f"x{i}", *sketch_bytes(t)) for i, t in enumerate(texts)]
    lsh = new_index()
    from marsad.corpus.reuse.signatures import lean_from_bytes

    for doc_id, mh, _ in sketches:
        lsh.insert(doc_id, lean_from_bytes(mh))
    index = MemoryIndex(sketches)
    for k, (doc_id, mh, _) in enumerate(sketches):
        expected = set(lsh.query(lean_from_bytes(mh))) - {doc_id}
        colliding = {index.docs[o][0] for band, key in enumerate(lsh_band_keys(mh))
                     for o in index.band_members(band, key)} - {doc_id}
        assert colliding == expected, k


def _drop_index(path: Path) -> None:
    """Make the file what schema 3 wrote: no index tables, user_version 3."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE reuse_bands; DROP TABLE reuse_fingerprints; DROP TABLE reuse_bands_pending; "
        "DROP TABLE reuse_fingerprints_pending; DROP INDEX documents_corpus_done; "
        "PRAGMA user_version = 3;")
    conn.close()


def _index_counts(conn: Any) -> tuple[int, int]:
    """Index rows (merged + appended at ingest, not yet merged), bands and fingerprints."""
    return tuple(sum(conn.execute(f"SELECT count(*) FROM {t}{suffix}").fetchone()[0]
                     for suffix in ("", "_pending"))
                 for t in ("reuse_bands", "reuse_fingerprints"))  # type: ignore[return-value]


def _expected_counts(conn: Any) -> tuple[int, int]:
    b, _ = lsh_bands()
    bands = fps = 0
    for mh, fp in conn.execute("SELECT minhash, fingerprints FROM documents"):
        bands += b if mh else 0
        fps += len(fp) // 8 if fp else 0
    return bands, fps


def _sqlite_counts(path: Path, counts: Callable[[Any], tuple[int, int]]) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return counts(conn)
    finally:
        conn.close()


def test_schema_3_database_is_back_filled_and_finds_the_same_pairs(
        tmp_path: Path, corpus: list[dict[str, Any]]) -> None:
    path = tmp_path / "old.db"
    store = ingest_in_batches(path, corpus[:100], [100], indexed=False)
    store.close()
    written = _sqlite_counts(path, _index_counts)
    assert written == _sqlite_counts(path, _expected_counts) and written[0] > 0
    _drop_index(path)
    conn = sqlite3.connect(path)
    # two documents from before fingerprints existed (schema 1): the migration computes them
    conn.execute("UPDATE documents SET fingerprints = NULL WHERE seq IN (3, 50)")
    conn.commit()
    conn.close()
    store = Store(path)  # upgrades in place
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert _sqlite_counts(path, _index_counts) == written
    store = ingest_in_batches(path, corpus[100:], [5, len(corpus) - 105], indexed=True)
    assert _sqlite_counts(path, _index_counts) == _sqlite_counts(path, _expected_counts)
    upgraded = reuse_table(store)
    fresh = ingest_in_batches(tmp_path / "fresh.db", corpus, [100, 5, len(corpus) - 105],
                              indexed=False)
    assert upgraded == reuse_table(fresh)


def test_document_and_index_rows_are_written_together(
        make_db: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
        corpus: list[dict[str, Any]]) -> None:
    store = Store(make_db())
    store.add_documents(corpus[:20])
    before = _index_counts(store.conn)
    real: Callable[..., Any] = reuse_index.pending_rows
    calls = {"n": 0}

    def failing(seq: int, minhash: bytes | None, fingerprints: bytes | None) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")  # a crash half-way through a batch
        return real(seq, minhash, fingerprints)

    monkeypatch.setattr(reuse_index, "pending_rows", failing)
    with pytest.raises(OSError):
        store.add_documents(corpus[20:30], batch_size=10)
    monkeypatch.undo()
    assert store.stats()["documents"] == 20
    assert _index_counts(store.conn) == before
    # the batch again, then everything again: no duplicate index rows
    store.add_documents(corpus[20:30])
    store.add_documents(corpus[:30])
    assert store.stats()["documents"] == 30
    assert _index_counts(store.conn) == _expected_counts(store.conn)
    rebuild(store, indexed=True)  # merges the appended rows
    assert store.conn.execute("SELECT count(*) FROM reuse_fingerprints_pending").fetchone()[0] == 0
    assert _index_counts(store.conn) == _expected_counts(store.conn)


def test_band_keys_are_redone_when_the_banding_changes(
        make_db: Callable[..., str], corpus: list[dict[str, Any]]) -> None:
    """Stored band keys depend on (b, r): a store written with another banding is re-keyed."""
    store = ingest_in_batches(make_db(), corpus[:60], [60], indexed=False)
    store.conn.execute("UPDATE meta SET value = '20x6' WHERE key = 'reuse_bands'")
    store.conn.execute("UPDATE reuse_bands SET key = key + 1")  # as if made by other bands
    store.add_documents(corpus[60:])
    timings = rebuild(store, indexed=True)
    assert timings["reuse_bands_rekeyed"] is True
    assert _index_counts(store.conn) == _expected_counts(store.conn)
    fresh = ingest_in_batches(make_db(), corpus, [60, len(corpus) - 60], indexed=False)
    assert reuse_table(store) == reuse_table(fresh)


def test_band_layout_is_datasketchs_choice() -> None:
    # the (b, r) kept as data must be what datasketch's MinHashLSH chooses for our threshold,
    # permutations and weights: the band keys of the index and its in-memory LSH agree
    lsh = new_index()
    assert lsh_bands() == (lsh.b, lsh.r)


def test_band_keys_do_not_import_scipy() -> None:
    # the ingest parent and the corpus rebuild only look up band keys: importing datasketch
    # (and scipy with it, half a second) is left to the processes that make signatures
    import subprocess
    import sys

    code = ("import sys; from marsad.corpus.build import rebuild; "
            "from marsad.store.reuse_index import pending_rows; "
            "pending_rows(1, bytes(1024), bytes(16)); print('scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
