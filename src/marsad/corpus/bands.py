"""MinHash LSH candidates by sorting band keys, instead of an in-memory hash table per band.

``datasketch.MinHashLSH`` keeps, for each of its b bands, a table from the band's values to
the documents holding them: at 100,000 documents that is 2.5 million small Python objects
(~0.75 GB) besides the signatures. The same collisions come from one sort: every document's
b band keys (``band_keys``: a 64-bit hash of the band's r values, the persistent index's
key) in a flat array, sorted by (band, key); equal neighbours collide. Pairs drawn from a
run of equal keys are then checked against the signatures themselves (``same_band``), so a
64-bit hash collision never proposes a pair: the result is exactly the table's.
"""

from __future__ import annotations

import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def splitmix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a stable 64-bit mix (Python's ``hash`` is salted)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def band_keys(signatures: np.ndarray, b: int, r: int) -> np.ndarray:
    """The key of each of ``b`` bands of ``r`` values of many signatures at once:
    (n, 128) uint64 -> (n, b) int64 (``marsad.corpus.reuse.lsh_band_keys``, vectorised)."""
    bands = signatures[:, : b * r].reshape(len(signatures), b, r)
    with np.errstate(over="ignore"):
        h = np.zeros((len(signatures), b), dtype=np.uint64)
        for j in range(r):
            h = splitmix(h * GOLDEN + bands[:, :, j])
    return h.view(np.int64)


def group_pairs(group_key: np.ndarray, members: np.ndarray, max_size: int | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """(first, second) member of every two in each run of equal ``group_key`` (sorted, and
    members ascending inside a run), for runs of 2..``max_size`` members."""
    empty = np.zeros(0, dtype=np.int64)
    if len(group_key) < 2:
        return empty, empty
    starts = np.flatnonzero(np.r_[True, group_key[1:] != group_key[:-1]])
    sizes = np.diff(np.r_[starts, len(group_key)])
    top = int(sizes.max()) if max_size is None else min(int(sizes.max()), max_size)
    firsts, seconds = [], []
    for size in range(2, top + 1):
        group_starts = starts[sizes == size]
        if not len(group_starts):
            continue
        iu, ju = np.triu_indices(size, 1)
        firsts.append(members[group_starts[:, None] + iu[None, :]].ravel())
        seconds.append(members[group_starts[:, None] + ju[None, :]].ravel())
    if not firsts:
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def colliding_pairs(signatures: np.ndarray, b: int, r: int) -> tuple[np.ndarray, np.ndarray]:
    """``(earlier, later)`` positions of every two signatures sharing at least one whole
    band of ``r`` values (of ``b``; each pair once, earlier < later)."""
    n = len(signatures)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = band_keys(signatures, b, r)
    band = np.tile(np.arange(b, dtype=np.int64), n)
    key = keys.ravel()
    member = np.repeat(np.arange(n, dtype=np.int64), b)
    order = np.lexsort((member, key, band))
    band, key, member = band[order], key[order], member[order]
    same = np.r_[False, (band[1:] == band[:-1]) & (key[1:] == key[:-1])]
    earlier, later = group_pairs(np.cumsum(~same), member)
    pair = np.unique(later * n + earlier)
    later, earlier = pair // n, pair % n
    # the bands themselves, not only their hashes, must be equal (in slices: flat memory)
    bb = b
    real = np.zeros(len(pair), dtype=bool)
    for s in range(0, len(pair), _VERIFY_SLICE):
        e, l_ = earlier[s : s + _VERIFY_SLICE], later[s : s + _VERIFY_SLICE]
        x = signatures[e, : bb * r].reshape(len(e), bb, r)
        y = signatures[l_, : bb * r].reshape(len(l_), bb, r)
        real[s : s + _VERIFY_SLICE] = (x == y).all(axis=2).any(axis=1)
    return earlier[real], later[real]


_VERIFY_SLICE = 50_000
