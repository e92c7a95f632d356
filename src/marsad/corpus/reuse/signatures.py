"""A document's reuse sketches, computed once at ingest and stored: the MinHash signature
of its 4-word shingles and its winnowed fingerprints, with the keys the persistent index
stores for them (LSH band keys, fingerprints as signed integers)."""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from marsad.corpus.bands import GOLDEN, splitmix
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

# datasketch is imported where a signature is made, not with this module: it imports scipy
# (half a second), which a process that only looks up band keys (the ingest parent, the
# corpus rebuild) never needs

NUM_PERM = 128
SHINGLE = 4  # words per shingle (MinHash) and per alignment seed
LSH_THRESHOLD = 0.5
MINHASH_SCHEME = "affine32"  # stored signatures depend on it: change only with a migration
WINNOW = 6  # shingle hashes per winnowing window (guarantee: runs of WINNOW+SHINGLE-1 words)

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def norm_words(text: str) -> list[str]:
    """The normalised words of a text (no offsets: for signatures)."""
    return WORD.findall(normalize(text).text)


def shingles(words: list[str]) -> list[bytes]:
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The 128 hash permutations (a function of the seed only): datasketch would draw them
    again for every document, a third of the cost of a signature."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def _minhash_of_shingles(sh: list[bytes]) -> MinHash:
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, permutations=_permutations())
    if sh:
        mh.update_batch(sh)
    return mh


def minhash_of(text: str) -> MinHash:
    return _minhash_of_shingles(shingles(norm_words(text)))


def minhash_bytes(text: str) -> bytes:
    """The stored form of a document's signature (uint64 hash values)."""
    return np.asarray(minhash_of(text).hashvalues, dtype=np.uint64).tobytes()


def _winnow(shingles: list[bytes]) -> np.ndarray:
    """The document's fingerprints: sorted unique 64-bit hashes chosen by winnowing."""
    if not shingles:
        return np.zeros(0, dtype=np.uint64)
    # two CRC-32s with different seeds make a stable 64-bit hash (Python's hash() is salted)
    h = np.fromiter(((zlib.crc32(s) << 32) | zlib.crc32(s, 0x9E3779B9) for s in shingles),
                    dtype=np.uint64, count=len(shingles))
    if len(h) <= WINNOW:
        return np.unique(h[[int(np.argmin(h))]])
    windows = np.lib.stride_tricks.sliding_window_view(h, WINNOW)
    picked = windows.argmin(axis=1) + np.arange(len(windows))
    return np.unique(h[picked])


def fingerprint_bytes(text: str) -> bytes:
    """The stored form of a document's winnowed fingerprints (sorted uint64)."""
    return _winnow(shingles(norm_words(text))).tobytes()


def sketch_bytes(text: str) -> tuple[bytes, bytes]:
    """``(minhash, fingerprints)`` of a text, normalising and shingling it once."""
    sh = shingles(norm_words(text))
    mh = np.asarray(_minhash_of_shingles(sh).hashvalues, dtype=np.uint64).tobytes()
    return mh, _winnow(sh).tobytes()


def lean_from_bytes(blob: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    hv = np.frombuffer(blob, dtype=np.uint64)
    return LeanMinHash(seed=1, hashvalues=hv, scheme=MINHASH_SCHEME)


LSH_WEIGHTS = (0.3, 0.7)  # favour recall: a false candidate costs one alignment, a miss is lost
# The bands and rows per band datasketch's MinHashLSH chooses for LSH_THRESHOLD, NUM_PERM and
# LSH_WEIGHTS (it integrates the false positive and negative areas with scipy): kept here so
# that band keys need neither; tests/test_reuse_index.py checks it is still datasketch's choice
LSH_BANDS = (25, 5)


def new_index() -> MinHashLSH:
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)


def lsh_bands() -> tuple[int, int]:
    """``(b, r)``: the bands and rows per band of ``new_index()`` (datasketch's choice)."""
    return LSH_BANDS


def lsh_band_keys(minhash: bytes) -> list[int]:
    """The key of each LSH band of a stored signature, as signed 64-bit integers.

    ``new_index()`` splits the signature into ``b`` bands of ``r`` values and two documents
    collide when one band is identical; the persistent index stores one key per band (a stable
    64-bit hash of its values, not Python's salted ``hash``). Keys equal by a hash collision
    are told apart by ``same_band`` against the signatures, so the candidates are exactly the
    in-memory ``MinHashLSH``'s.
    """
    b, r = lsh_bands()
    bands = np.frombuffer(minhash, dtype=np.uint64)[: b * r].reshape(b, r)
    with np.errstate(over="ignore"):
        h = np.zeros(b, dtype=np.uint64)
        for j in range(r):
            h = splitmix(h * GOLDEN + bands[:, j])
    return h.view(np.int64).tolist()


def same_band(a: bytes, b_: bytes) -> bool:
    """Do two stored signatures collide in the LSH index (one identical band)?"""
    b, r = lsh_bands()
    x = np.frombuffer(a, dtype=np.uint64)[: b * r].reshape(b, r)
    y = np.frombuffer(b_, dtype=np.uint64)[: b * r].reshape(b, r)
    return bool((x == y).all(axis=1).any())


def fingerprint_keys(fingerprints: bytes) -> list[int]:
    """A document's fingerprints as signed 64-bit integers (what the persistent index stores)."""
    return np.frombuffer(fingerprints, dtype=np.uint64).view(np.int64).tolist()
