"""Text reuse: which documents copy passages of which, and who copied whom.

Two steps, so that the cost grows with the number of *similar* pairs, never with n²:

1. Candidates, from two indexes, neither of which ever compares all pairs:

   * **Winnowed fingerprints** (Schleimer, Wilkerson & Aiken 2003, the MOSS method) find a
     *passage* copied into a longer text, which whole-document similarity cannot: a 40-word
     copy inside two 500-word articles is a Jaccard of ~0.04. Every 4-word shingle of the
     normalised words is hashed (64 bits); in each window of ``WINNOW`` consecutive hashes the
     minimum is kept. This guarantees that any shared run of ``WINNOW + SHINGLE - 1`` = 9 words
     shares a fingerprint, and a run of 20 words (``MIN_SHARED_WORDS``) at least two. Documents
     are paired through an inverted index (numpy sort of all fingerprints) when they share at
     least ``MIN_SHARED_FP`` = 2 fingerprints; a fingerprint held by more than
     ``MAX_POSTINGS`` documents is boilerplate (a slogan, a stock phrase) and proposes nothing,
     so the pairs generated stay bounded by ``MAX_POSTINGS²`` per fingerprint.
   * **MinHash LSH** (datasketch, 128 permutations, Jaccard threshold ``LSH_THRESHOLD`` =
     0.5) over the same shingles finds near-duplicates, including a wire story reprinted so
     widely that all its fingerprints exceed ``MAX_POSTINGS``. The threshold was 0.1 when
     MinHash was the only index (seeds 000/001 share a 58-word passage at a Jaccard of 0.23),
     but at 0.1 its false collisions grow with n² (bench: 502 candidate pairs at 10k
     documents, 3,640 at 30k, ~30,000 at 100k, nearly all false); passages are the
     fingerprints' job now, and at 0.5 LSH proposes almost only true near-duplicates.

   Both are computed once per document at ingest and stored, with their keys in a persistent
   index (``marsad.store.reuse_index``: LSH band keys and fingerprint postings), so that the
   candidates of k new documents cost O(k) index lookups (``indexed_candidate_pairs``), the
   same pairs as building the in-memory index of every document (``candidate_pairs``).
   On the bench's planted 40-word
   copies (150-word documents, Zipf vocabulary) MinHash alone found 89% (1k) / 97% (10k);
   with the fingerprints, see ``bench/bench_corpus.py`` and the note.
2. Alignment. For every candidate pair, 4-word seeds shared by both texts are extended into
   maximal runs of identical normalised words; runs of >= ``MIN_RUN`` words are kept and runs
   separated by a small edit (<= ``MAX_GAP`` words in both texts) are merged into one passage.
   Spans are reported in each document's own character offsets (``a_spans``/``b_spans``), and
   ``share`` is the fraction of b's words that lie in passages found in a.

What counts as reuse (measured on the 41 real same-topic articles of ../shared: 5 seeds + 36
corpus items, 820 pairs): unrelated reports of the same events share stock phrases of at most
**7** consecutive words («قوات سوريا الديمقراطية قسد», «تنظيم الدولة الاسلامية» + a verb...),
while the two real copies share runs of 58 (seeds 000/001) and 23 words (corpus 032/033, a
rewrite of an SOHR report). So a pair is reuse only when it has an *anchor* passage of at least
``MIN_ANCHOR`` = 12 consecutive words outside quotation marks — well above the longest stock
phrase observed — and at least ``MIN_SHARED_WORDS`` words in total. A passage inside quotation
marks in both texts (an official statement both outlets quote) does not count as an anchor
and does not add to ``share``: quoting the same statement is not copying each other.

Direction: an explicit citation decides first — b's claims pass through a's outlet (``via``,
or a claim whose speaker is that outlet), or b's text says «نقلت صحيفة الوطن …», «بحسب
المرصد …» and a is that outlet's — then the earlier ``published`` date; otherwise null.
The pair is oriented so that ``a`` is the source when a direction is known (``a->b``); when
it is not, ``b`` is the shorter text (share = how much of it is found in the longer).
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.corpus.bands import GOLDEN, colliding_pairs, splitmix
from marsad.text.normalize import normalize, normalize_term

NUM_PERM = 128
SHINGLE = 4  # words per shingle (MinHash) and per alignment seed
LSH_THRESHOLD = 0.5
MINHASH_SCHEME = "affine32"  # stored signatures depend on it: change only with a migration
MIN_RUN = 6  # shortest run kept inside a reuse pair
MAX_GAP = 4  # words of edit allowed between two runs of one passage
MIN_ANCHOR = 12  # a pair needs one unquoted run this long (stock phrases observed: <= 7)
MIN_SHARED_WORDS = 20
MAX_CANDIDATES = 50  # per document: the most similar colliding documents only (templated
# texts, e.g. a daily bulletin, would otherwise make every pair a candidate)
WINNOW = 6  # shingle hashes per winnowing window (guarantee: runs of WINNOW+SHINGLE-1 words)
MIN_SHARED_FP = 2  # fingerprints two documents must share to be aligned
MAX_POSTINGS = 64  # a fingerprint in more documents than this is boilerplate
MAX_SEED_OCCURRENCES = 8  # ignore seeds repeated more often than this in a (boilerplate)
ALIGN_CACHE = 4096  # documents kept decoded during the alignment of candidate pairs

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(slots=True)
class Words:
    """The normalised words of a text and where each is in the source."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    quoted: list[bool]  # inside a quotation in the text


def words_of(text: str) -> Words:
    norm = normalize(text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    quoted: list[bool] = []
    nt = norm.text
    # a word is quoted when an odd number of quote marks precede it in its paragraph
    inside = False
    pos = 0
    for m in _WORD.finditer(nt):
        seg = nt[pos : m.start()]
        if "\n" in seg:
            inside = False
            seg = seg[seg.rindex("\n") :]
        if seg.count('"') % 2:
            inside = not inside
        pos = m.start()
        s, e = norm.to_source(m.start(), m.end())
        words.append(m.group())
        starts.append(s)
        ends.append(e)
        quoted.append(inside)
    return Words(words, starts, ends, quoted)


def _shingles(words: list[str]) -> list[bytes]:
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]


def norm_words(text: str) -> list[str]:
    """The normalised words of a text (no offsets: for signatures)."""
    return _WORD.findall(normalize(text).text)


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The 128 hash permutations (a function of the seed only): datasketch would draw them
    again for every document, a third of the cost of a signature."""
    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def _minhash_of_shingles(sh: list[bytes]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, permutations=_permutations())
    if sh:
        mh.update_batch(sh)
    return mh


def minhash_of(text: str) -> MinHash:
    return _minhash_of_shingles(_shingles(norm_words(text)))


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
    return _winnow(_shingles(norm_words(text))).tobytes()


def sketch_bytes(text: str) -> tuple[bytes, bytes]:
    """``(minhash, fingerprints)`` of a text, normalising and shingling it once."""
    sh = _shingles(norm_words(text))
    mh = np.asarray(_minhash_of_shingles(sh).hashvalues, dtype=np.uint64).tobytes()
    return mh, _winnow(sh).tobytes()


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


def lean_from_bytes(blob: bytes) -> LeanMinHash:
    hv = np.frombuffer(blob, dtype=np.uint64)
    return LeanMinHash(seed=1, hashvalues=hv, scheme=MINHASH_SCHEME)


def new_index() -> MinHashLSH:
    # weights favour recall: a false candidate costs one alignment, a false negative is lost
    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=(0.3, 0.7))


@lru_cache(maxsize=1)
def lsh_bands() -> tuple[int, int]:
    """``(b, r)``: the bands and rows per band of ``new_index()`` (datasketch's choice)."""
    lsh = new_index()
    return lsh.b, lsh.r


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


def _best_by_jaccard(found: list[str], query: np.ndarray, hashvalues: Callable[[str], np.ndarray]
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
        return _best_by_jaccard([ids[j] for j in found], sig[i], lambda o: sig[position[o]])

    neighbours: dict[int, list[int]] = {}
    if new_ids is None:
        # each document queries the ones inserted before it
        for e, l_ in zip(earlier.tolist(), later.tolist(), strict=True):
            neighbours.setdefault(l_, []).append(e)
        for i in sorted(neighbours):
            doc_id = ids[i]
            for other in best(i, neighbours[i]):
                key = (other, doc_id) if other < doc_id else (doc_id, other)
                if key not in seen:
                    seen.add(key)
                    yield (other, doc_id)
        return
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
                yield key


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
        found = _best_by_jaccard(list(sigs), np.frombuffer(d.minhash, dtype=np.uint64),
                                 lambda o, sigs=sigs: np.frombuffer(sigs[o], dtype=np.uint64))
        for other in found:
            key = (other, d.id) if other < d.id else (d.id, other)
            if key not in seen:
                seen.add(key)
                yield key


@dataclass(slots=True)
class Passage:
    a_start: int  # word indexes, end exclusive
    a_end: int
    b_start: int
    b_end: int
    matched: int  # words actually identical (gaps excluded)
    longest: int  # longest unquoted run inside
    quoted: bool  # every run inside is quoted in both texts


def align(wa: Words, wb: Words) -> list[Passage]:
    """Maximal shared runs of identical words, merged across small edits."""
    a, b = wa.words, wb.words
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - SHINGLE + 1):
        index.setdefault(tuple(a[i : i + SHINGLE]), []).append(i)
    runs: list[tuple[int, int, int]] = []  # (i, j, length)
    j = 0
    nb, na = len(b), len(a)
    while j <= nb - SHINGLE:
        occ = index.get(tuple(b[j : j + SHINGLE]))
        if not occ or len(occ) > MAX_SEED_OCCURRENCES:
            j += 1
            continue
        best_i, best_len = -1, 0
        for i in occ:
            k = SHINGLE
            while i + k < na and j + k < nb and a[i + k] == b[j + k]:
                k += 1
            if k > best_len:
                best_i, best_len = i, k
        if best_len >= MIN_RUN:
            runs.append((best_i, j, best_len))
            j += best_len
        else:
            j += 1
    passages: list[Passage] = []
    for i, j, n in runs:
        q = all(wa.quoted[i : i + n]) and all(wb.quoted[j : j + n])
        if passages:
            p = passages[-1]
            if 0 <= j - p.b_end <= MAX_GAP and 0 <= i - p.a_end <= MAX_GAP:
                p.a_end, p.b_end = i + n, j + n
                p.matched += n
                if not q:
                    p.longest = max(p.longest, n)
                p.quoted = p.quoted and q
                continue
        passages.append(Passage(i, i + n, j, j + n, n, 0 if q else n, q))
    return passages


# --- direction ---------------------------------------------------------------------------

_CITE_CUES = (
    "نقلت", "نقل", "نقلا", "نقلته", "نقله", "وفق", "وفقا", "بحسب", "حسب", "ذكرت", "ذكر",
    "قالت", "افادت", "افاد", "اوردت", "اورد", "نشرت", "نشر", "اشارت", "اكدت", "كشفت",
    "تقرير", "تقريرا",
)


@lru_cache(maxsize=1)
def _outlet_aliases() -> dict[str, tuple[str, ...]]:
    try:
        from marsad.kb.outlets import load_outlets
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for o in load_outlets():
        forms = {normalize_term(x) for x in (o.name, *o.aliases) if x}
        out[o.id] = tuple(sorted(forms, key=len, reverse=True))
    return out


@lru_cache(maxsize=4096)
def _citation_pattern(outlet_id: str, name: str | None) -> re.Pattern[str] | None:
    forms = set(_outlet_aliases().get(outlet_id, ()))
    if name:
        forms.add(normalize_term(name))
    forms = {f for f in forms if len(f) >= 2}
    if not forms:
        return None
    alias = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    cue = "|".join(re.escape(c) for c in _CITE_CUES)
    # cue, up to 4 words (صحيفة / موقع / عن ...), optional proclitic, optional quote, alias
    return re.compile(
        rf"(?<!\w)(?:[وف])?(?:{cue})(?!\w)(?:\W+\w+){{0,4}}?\W+(?:[وبلف]{{1,2}})?\W?\"?(?:{alias})(?!\w)"
    )


def cites(doc: dict[str, Any], outlet_id: str | None, outlet_name: str | None) -> bool:
    """Does ``doc`` attribute its content to the outlet (via chain or an explicit citation)?"""
    if not outlet_id and not outlet_name:
        return False
    own = doc.get("outlet") or {}
    if outlet_id and own.get("id") == outlet_id:
        return False
    if outlet_id:
        for c in doc.get("claims") or []:
            if outlet_id in (c.get("via") or []):
                return True
            sp = c.get("speaker") or {}
            if sp.get("entity") == outlet_id and sp.get("kind") == "outlet":
                return True
    pat = _citation_pattern(outlet_id or "", outlet_name)
    if pat is None:
        return False
    return pat.search(normalize(doc.get("text") or "").text) is not None


def _outlet(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    o = doc.get("outlet") or {}
    return o.get("id"), o.get("name")


def direction(a: dict[str, Any], b: dict[str, Any]) -> tuple[str | None, str]:
    """``("a->b"|"b->a"|None, why)`` for two documents sharing passages."""
    a_id, a_name = _outlet(a)
    b_id, b_name = _outlet(b)
    if cites(b, a_id, a_name):
        return "a->b", f"citation: b quotes {a_id or a_name} (a's publisher)"
    if cites(a, b_id, b_name):
        return "b->a", f"citation: a quotes {b_id or b_name} (b's publisher)"
    pa, pb = a.get("published"), b.get("published")
    if pa and pb and pa != pb:
        if pa < pb:
            return "a->b", f"earlier publication: a {pa} < b {pb}"
        return "b->a", f"earlier publication: b {pb} < a {pa}"
    return None, "no citation and no publication order: direction unknown"


def compare(a: dict[str, Any], b: dict[str, Any], wa: Words | None = None,
            wb: Words | None = None) -> dict[str, Any] | None:
    """The contract reuse object for documents ``a`` and ``b``, or None if not reuse.

    The returned pair may be swapped so that ``a`` is the source when a direction is known.
    """
    wa = wa or words_of(a.get("text") or "")
    wb = wb or words_of(b.get("text") or "")
    passages = align(wa, wb)
    if not passages or max(p.longest for p in passages) < MIN_ANCHOR:
        return None
    kept = [p for p in passages if not p.quoted]
    matched = sum(p.matched for p in kept)
    if matched < MIN_SHARED_WORDS:
        return None
    dir_, why = direction(a, b)
    if dir_ == "b->a" or (dir_ is None and len(wb.words) > len(wa.words)):
        a, b, wa, wb = b, a, wb, wa
        kept = [Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.matched, p.longest, p.quoted)
                for p in kept]
        if dir_ == "b->a":
            dir_ = "a->b"
            why = why.replace("a quotes", "@@").replace("b quotes", "a quotes").replace("@@", "b quotes")
            why = why.replace("b's publisher", "@@").replace("a's publisher", "b's publisher").replace("@@", "a's publisher")
            if why.startswith("earlier publication"):
                why = f"earlier publication: a {a.get('published')} < b {b.get('published')}"
    kept.sort(key=lambda p: p.b_start)
    b_spans = [[wb.starts[p.b_start], wb.ends[p.b_end - 1]] for p in kept]
    a_spans = [[wa.starts[p.a_start], wa.ends[p.a_end - 1]] for p in kept]
    share = sum(p.matched for p in kept) / max(1, len(wb.words))
    return {
        "a": a["id"],
        "b": b["id"],
        "a_spans": a_spans,
        "b_spans": b_spans,
        "share": round(share, 4),
        "direction": dir_,
        "why": why,
    }


def find_reuse(
    signatures: Iterable[tuple[str, bytes]],
    load: Callable[[str], dict[str, Any] | None],
    new_ids: set[str] | None = None,
    fingerprints: Iterable[tuple[str, bytes]] | None = None,
) -> Iterator[dict[str, Any]]:
    """Reuse objects for every candidate pair that aligns (see module docstring)."""
    return reuse_of_pairs(candidate_pairs(signatures, new_ids, fingerprints), load)


def reuse_of_pairs(pairs: Iterable[tuple[str, str]], load: Callable[[str], dict[str, Any] | None]
                   ) -> Iterator[dict[str, Any]]:
    """Reuse objects for the candidate pairs that align.

    Documents are decoded and split into words once while they are in use: the cache keeps
    the ``ALIGN_CACHE`` most recently used (emptying it all at once when full, as it did,
    made each document be decoded ~6 times over at 100k documents)."""
    cache: OrderedDict[str, tuple[dict[str, Any], Words] | None] = OrderedDict()

    def get(doc_id: str) -> tuple[dict[str, Any], Words] | None:
        if doc_id in cache:
            cache.move_to_end(doc_id)
            return cache[doc_id]
        d = load(doc_id)
        value = cache[doc_id] = (d, words_of(d.get("text") or "")) if d is not None else None
        if len(cache) > ALIGN_CACHE:
            cache.popitem(last=False)
        return value

    for x, y in pairs:
        cx, cy = get(x), get(y)
        if cx is None or cy is None:
            continue
        r = compare(cx[0], cy[0], cx[1], cy[1])
        if r is not None:
            yield r
