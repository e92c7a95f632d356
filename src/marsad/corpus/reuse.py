"""Text reuse: which documents copy passages of which, and who copied whom.

Two steps, so that the cost grows with the number of *similar* pairs, never with n²:

1. Candidates. Each document gets a MinHash signature (datasketch, 128 permutations) of its
   normalised 4-word shingles, computed once at ingest and stored. A MinHash LSH index with a
   *low* Jaccard threshold (0.1) proposes candidate pairs. The threshold is low on purpose:
   a rewrite that keeps long passages is far from a duplicate — seeds 000/001 share a 58-word
   passage yet their 4-shingle Jaccard is 0.23 (containment of 001 in 000: 0.32), so the usual
   0.5 would miss them. The LSH band layout is chosen to favour recall (false candidates cost
   one cheap alignment each; missed ones are lost).
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.text.normalize import normalize, normalize_term

NUM_PERM = 128
SHINGLE = 4  # words per shingle (MinHash) and per alignment seed
LSH_THRESHOLD = 0.1
MINHASH_SCHEME = "affine32"  # stored signatures depend on it: change only with a migration
MIN_RUN = 6  # shortest run kept inside a reuse pair
MAX_GAP = 4  # words of edit allowed between two runs of one passage
MIN_ANCHOR = 12  # a pair needs one unquoted run this long (stock phrases observed: <= 7)
MIN_SHARED_WORDS = 20
MAX_CANDIDATES = 50  # per document: the most similar colliding documents only (templated
# texts, e.g. a daily bulletin, would otherwise make every pair a candidate)
MAX_SEED_OCCURRENCES = 8  # ignore seeds repeated more often than this in a (boilerplate)

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


def minhash_of(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
    sh = _shingles(words_of(text).words)
    if sh:
        mh.update_batch(sh)
    return mh


def minhash_bytes(text: str) -> bytes:
    """The stored form of a document's signature (uint64 hash values)."""
    return np.asarray(minhash_of(text).hashvalues, dtype=np.uint64).tobytes()


def lean_from_bytes(blob: bytes) -> LeanMinHash:
    hv = np.frombuffer(blob, dtype=np.uint64)
    return LeanMinHash(seed=1, hashvalues=hv, scheme=MINHASH_SCHEME)


def new_index() -> MinHashLSH:
    # weights favour recall: a false candidate costs one alignment, a false negative is lost
    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=(0.3, 0.7))


def candidate_pairs(
    signatures: Iterable[tuple[str, bytes]], new_ids: set[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Pairs of document ids whose signatures collide in the LSH index (each pair once).

    With ``new_ids``, only pairs involving at least one of them are proposed (incremental).
    Documents are inserted in order; each one queries the index before being inserted, so a
    pair is found exactly once.
    """
    lsh = new_index()
    seen: set[tuple[str, str]] = set()
    sigs: dict[str, LeanMinHash] = {}
    pending_new: list[str] = []

    def best(doc_id: str, mh: LeanMinHash) -> list[str]:
        found = [o for o in lsh.query(mh) if o != doc_id]
        if len(found) > MAX_CANDIDATES:
            # estimated Jaccard of all colliding documents at once (one numpy comparison)
            matrix = np.stack([sigs[o].hashvalues for o in found])
            sim = (matrix == mh.hashvalues).mean(axis=1)
            order = np.argsort(-sim, kind="stable")[:MAX_CANDIDATES]
            found = [found[i] for i in order]
        return found

    for doc_id, blob in signatures:
        if not blob or doc_id in sigs:
            continue
        mh = lean_from_bytes(blob)
        if new_ids is None:
            for other in best(doc_id, mh):
                yield (other, doc_id)
        elif doc_id in new_ids:
            pending_new.append(doc_id)
        sigs[doc_id] = mh
        lsh.insert(doc_id, mh, check_duplication=False)
    for doc_id in pending_new:
        for other in best(doc_id, sigs[doc_id]):
            key = (other, doc_id) if other < doc_id else (doc_id, other)
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
) -> Iterator[dict[str, Any]]:
    """Reuse objects for every candidate pair that aligns (see module docstring)."""
    cache: dict[str, tuple[dict[str, Any], Words] | None] = {}

    def get(doc_id: str) -> tuple[dict[str, Any], Words] | None:
        if doc_id not in cache:
            if len(cache) > 4096:
                cache.clear()
            d = load(doc_id)
            cache[doc_id] = (d, words_of(d.get("text") or "")) if d is not None else None
        return cache[doc_id]

    for x, y in candidate_pairs(signatures, new_ids):
        cx, cy = get(x), get(y)
        if cx is None or cy is None:
            continue
        r = compare(cx[0], cy[0], cx[1], cy[1])
        if r is not None:
            yield r
