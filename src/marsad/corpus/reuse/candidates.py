"""Candidate pairs for alignment, never all pairs: documents sharing winnowed
fingerprints (an inverted index) or colliding in a MinHash LSH band, at most
``MAX_CANDIDATES`` per document — from every sketch in memory (``candidate_pairs``) or
through the store's persistent index (``indexed_candidate_pairs``), with the same result."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from marsad.corpus.bands import colliding_pairs
from marsad.corpus.reuse.signatures import fingerprint_keys, lsh_band_keys, lsh_bands, same_band

MAX_CANDIDATES = 50  # per document: the most similar colliding documents only (templated
# texts, e.g. a daily bulletin, would otherwise make every pair a candidate)
MIN_SHARED_FP = 2  # fingerprints two documents must share to be aligned
MAX_POSTINGS = 64  # a fingerprint in more documents than this is boilerplate


def fingerprint_pairs(
    fingerprints: Iterable[tuple[str, bytes]], new_ids: set[str] | None = None
) -> list[tuple[str, str, int]]:
    """``(x, y, shared)`` for documents sharing >= MIN_SHARED_FP fingerprints (x < y).

    An inverted index built by sorting all fingerprints at once: pairs come only from
    fingerprints held by 2..MAX_POSTINGS documents, so the work follows the shared passages,
    never n². With ``new_ids`` only pairs involving a new document are returned.
    """
    ids: list[str] = []
    hashes: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    seen: set[str] = set()
    for doc_id, blob in fingerprints:
        if not blob or doc_id in seen:
            continue
        seen.add(doc_id)
        fp = np.frombuffer(blob, dtype=np.uint64)
        hashes.append(fp)
        owners.append(np.full(len(fp), len(ids), dtype=np.int64))
        ids.append(doc_id)
    if len(ids) < 2:
        return []
    h = np.concatenate(hashes)
    o = np.concatenate(owners)
    order = np.argsort(h, kind="stable")
    h, o = h[order], o[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, len(h)])
    n = len(ids)
    keys: list[np.ndarray] = []
    for size in range(2, MAX_POSTINGS + 1):
        group_starts = starts[sizes == size]
        if not len(group_starts):
            continue
        iu, ju = np.triu_indices(size, 1)
        x = o[group_starts[:, None] + iu[None, :]].ravel()
        y = o[group_starts[:, None] + ju[None, :]].ravel()
        lo, hi = np.minimum(x, y), np.maximum(x, y)
        keys.append(lo * n + hi)
    if not keys:
        return []
    pair_keys, shared = np.unique(np.concatenate(keys), return_counts=True)
    keep = shared >= MIN_SHARED_FP
    pair_keys, shared = pair_keys[keep], shared[keep]
    xs, ys = pair_keys // n, pair_keys % n
    if new_ids is not None:
        is_new = np.fromiter((i in new_ids for i in ids), dtype=bool, count=n)
        keep = is_new[xs] | is_new[ys]
        xs, ys, shared = xs[keep], ys[keep], shared[keep]
    out = []
    for x, y, c in zip(xs.tolist(), ys.tolist(), shared.tolist(), strict=True):
        a, b = ids[x], ids[y]
        out.append((a, b, c) if a < b else (b, a, c))
    return out


def best_by_jaccard(found: list[str], query: np.ndarray, hashvalues: Callable[[str], np.ndarray]
                     ) -> list[str]:
    """The MAX_CANDIDATES colliding documents most similar to ``query`` (all if fewer).

    Ties are broken by document id (datasketch returns a set, whose order is arbitrary).
    """
    if len(found) <= MAX_CANDIDATES:
        return found
    found = sorted(found)
    # estimated Jaccard of all colliding documents at once (one numpy comparison)
    matrix = np.stack([hashvalues(o) for o in found])
    sim = (matrix == query).mean(axis=1)
    order = np.argsort(-sim, kind="stable")[:MAX_CANDIDATES]
    return [found[i] for i in order]


def _capped_fingerprint_pairs(pairs: Iterable[tuple[str, str, int]]) -> Iterator[tuple[str, str]]:
    """The most-shared pairs first, at most MAX_CANDIDATES per document (templated texts)."""
    per_doc: dict[str, int] = {}
    for a, b, _ in sorted(pairs, key=lambda t: (-t[2], t[0], t[1])):
        if per_doc.get(a, 0) >= MAX_CANDIDATES or per_doc.get(b, 0) >= MAX_CANDIDATES:
            continue
        per_doc[a] = per_doc.get(a, 0) + 1
        per_doc[b] = per_doc.get(b, 0) + 1
        yield (a, b)


def candidate_pairs(
    signatures: Iterable[tuple[str, bytes]], new_ids: set[str] | None = None,
    fingerprints: Iterable[tuple[str, bytes]] | None = None,
) -> Iterator[tuple[str, str]]:
    """Candidate pairs (each once): shared fingerprints, then colliding MinHash signatures.

    With ``new_ids``, only pairs involving at least one of them are proposed (incremental).
    Documents are inserted in order; each one queries the index before being inserted, so a
    pair is found exactly once.
    """
    seen: set[tuple[str, str]] = set()
    if fingerprints is not None:
        for a, b in _capped_fingerprint_pairs(fingerprint_pairs(fingerprints, new_ids)):
            seen.add((a, b))
            yield (a, b)
    # MinHash LSH: the documents sharing a band, by sorting band keys (marsad.corpus.bands;
    # the same collisions as datasketch's MinHashLSH without its per-band hash tables)
    ids: list[str] = []
    blobs: list[bytes] = []
    known: set[str] = set()
    for doc_id, blob in signatures:
        if not blob or doc_id in known:
            continue
        known.add(doc_id)
        ids.append(doc_id)
        blobs.append(blob)
    if not ids:
        return
    sig = np.frombuffer(b"".join(blobs), dtype=np.uint64).reshape(len(ids), -1)
    del blobs
    earlier, later = colliding_pairs(sig, *lsh_bands())
    position = {doc_id: i for i, doc_id in enumerate(ids)}

    def best(i: int, found: list[int]) -> list[str]:
        return best_by_jaccard([ids[j] for j in found], sig[i], lambda o: sig[position[o]])

    neighbours: dict[int, list[int]] = {}
    if new_ids is None:
        # each document queries the ones inserted before it
        for e, l_ in zip(earlier.tolist(), later.tolist(), strict=True):
            neighbours.setdefault(l_, []).append(e)
    else:
        # incremental: each new document queries every other one
        is_new = [doc_id in new_ids for doc_id in ids]
        for e, l_ in zip(earlier.tolist(), later.tolist(), strict=True):
            if is_new[e]:
                neighbours.setdefault(e, []).append(l_)
            if is_new[l_]:
                neighbours.setdefault(l_, []).append(e)
    for i in sorted(neighbours):
        doc_id = ids[i]
        for other in best(i, neighbours[i]):
            key = (other, doc_id) if other < doc_id else (doc_id, other)
            if key not in seen:
                seen.add(key)
                # a full pass yields (earlier inserted, later); an incremental one, id order
                yield (other, doc_id) if new_ids is None else key


class CandidateIndex(Protocol):
    """The persistent candidate index of a store (``marsad.store.reuse_index``).

    Documents are referred to by an integer key (the store's insertion sequence).
    """

    def fingerprint_postings(self, fingerprint: int, limit: int) -> list[int]:
        """Up to ``limit`` documents holding the fingerprint (signed 64-bit)."""
        ...

    def band_members(self, band: int, key: int) -> list[int]:
        """The documents whose LSH band ``band`` has key ``key``."""
        ...

    def documents(self, keys: Iterable[int]) -> dict[int, tuple[str, bytes | None]]:
        """``key -> (document id, stored MinHash signature)``."""
        ...


@dataclass(slots=True)
class NewDocument:
    """A document to compare against the store (its stored sketches)."""

    key: int
    id: str
    minhash: bytes | None
    fingerprints: bytes | None


def indexed_candidate_pairs(new_docs: Sequence[NewDocument], index: CandidateIndex
                            ) -> Iterator[tuple[str, str]]:
    """``candidate_pairs(all signatures, new ids, all fingerprints)`` through a persistent index.

    The same pairs, capped and ordered by the same rules, but the work is a few index lookups
    per new document (its fingerprints' postings, its LSH bands' members) instead of loading
    every stored sketch: O(new documents), not O(corpus). The index must hold every stored
    document, the new ones included.
    """
    new_keys = {d.key for d in new_docs}
    # 1. fingerprints: a pair's count is the number of its shared fingerprints held by at
    # most MAX_POSTINGS documents (the postings include the new documents themselves)
    counts: dict[tuple[int, int], int] = {}
    hashes: set[int] = set()
    for d in new_docs:
        if d.fingerprints:
            hashes.update(fingerprint_keys(d.fingerprints))
    for h in hashes:
        members = index.fingerprint_postings(h, MAX_POSTINGS + 1)
        if len(members) < 2 or len(members) > MAX_POSTINGS:
            continue
        for x in members:
            if x not in new_keys:
                continue
            for y in members:
                # a pair of two new documents is counted once, from its smaller key
                if y != x and (y not in new_keys or x < y):
                    pair = (x, y) if x < y else (y, x)
                    counts[pair] = counts.get(pair, 0) + 1
    kept = [(pair, c) for pair, c in counts.items() if c >= MIN_SHARED_FP]
    ids = {d.key: d.id for d in new_docs}
    missing = {k for pair, _ in kept for k in pair if k not in ids}
    ids.update({k: v[0] for k, v in index.documents(missing).items()})
    triples = []
    for (x, y), c in kept:
        a, b = ids[x], ids[y]
        triples.append((a, b, c) if a < b else (b, a, c))
    seen: set[tuple[str, str]] = set()
    for pair in _capped_fingerprint_pairs(triples):
        seen.add(pair)
        yield pair
    # 2. MinHash LSH: the documents sharing one band with a new document
    for d in new_docs:
        if not d.minhash:
            continue
        colliding: set[int] = set()
        for band, key in enumerate(lsh_band_keys(d.minhash)):
            colliding.update(index.band_members(band, key))
        colliding.discard(d.key)
        others = index.documents(colliding)
        sigs = {doc_id: blob for doc_id, blob in others.values()
                if blob and doc_id != d.id and same_band(d.minhash, blob)}
        found = best_by_jaccard(list(sigs), np.frombuffer(d.minhash, dtype=np.uint64),
                                 lambda o, sigs=sigs: np.frombuffer(sigs[o], dtype=np.uint64))
        for other in found:
            key = (other, d.id) if other < d.id else (d.id, other)
            if key not in seen:
                seen.add(key)
                yield key
