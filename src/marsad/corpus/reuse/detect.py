"""Reuse objects (the contract's ``reuse``) for candidate pairs: aligned, kept when one
unquoted passage reaches ``MIN_ANCHOR`` words and ``MIN_SHARED_WORDS`` are shared, and
oriented source first when the direction is known."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from marsad.corpus.reuse.alignment import Passage, Words, align, words_of
from marsad.corpus.reuse.candidates import candidate_pairs
from marsad.corpus.reuse.direction import direction

MIN_ANCHOR = 12  # a pair needs one unquoted run this long (stock phrases observed: <= 7)
MIN_SHARED_WORDS = 20
ALIGN_CACHE = 4096  # documents kept decoded during the alignment of candidate pairs


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
