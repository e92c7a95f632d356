"""LSH candidates by sorted band keys equal datasketch's MinHashLSH tables."""

from __future__ import annotations

import random

import numpy as np

from marsad.corpus import reuse
from marsad.corpus.bands import colliding_pairs


def _signature(rng: random.Random, base: np.ndarray | None = None, keep: float = 0.0) -> bytes:
    fresh = np.array([rng.getrandbits(32) for _ in range(reuse.NUM_PERM)], dtype=np.uint64)
    if base is not None:
        mask = np.array([rng.random() < keep for _ in range(reuse.NUM_PERM)])
        fresh = np.where(mask, base, fresh)
    return fresh.tobytes()


def test_same_collisions_as_minhash_lsh() -> None:
    rng = random.Random(3)
    blobs: list[bytes] = []
    for _ in range(400):
        if blobs and rng.random() < 0.4:  # a near copy of an earlier signature
            base = np.frombuffer(blobs[rng.randrange(len(blobs))], dtype=np.uint64)
            blobs.append(_signature(rng, base, keep=rng.choice((0.5, 0.8, 0.95))))
        else:
            blobs.append(_signature(rng))
    lsh = reuse.new_index()
    expected = set()
    for i, blob in enumerate(blobs):
        mh = reuse.lean_from_bytes(blob)
        expected.update((int(j), i) for j in lsh.query(mh))
        lsh.insert(i, mh, check_duplication=False)
    sig = np.frombuffer(b"".join(blobs), dtype=np.uint64).reshape(len(blobs), -1)
    earlier, later = colliding_pairs(sig, *reuse.lsh_bands())
    assert set(zip(earlier.tolist(), later.tolist(), strict=True)) == expected
    assert len(expected) > 50
