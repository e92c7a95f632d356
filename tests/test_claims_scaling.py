"""The claims stage costs the same per reporting verb however many come before it: a window
of nothing but «قال» (issue 18's helper found 20,000 characters of it took ~5 s, each verb
looking at every claim before it) grows linearly, not quadratically."""

from __future__ import annotations

import time

from marsad.document import Document
from marsad.extract.claims import extract_claims
from marsad.pipeline import stages


def claims_cpu_seconds(text: str) -> float:
    """Least CPU time of the claims stage alone over three runs (the stages before it once)."""
    doc = Document(source="x", raw=text)
    for stage in stages():
        if stage is extract_claims:
            break
        doc = stage(doc)
    best = float("inf")
    for _ in range(3):
        doc.cache.clear()
        started = time.process_time()
        extract_claims(doc)
        best = min(best, time.process_time() - started)
    return best


def test_claims_grow_linearly_with_repeated_verbs() -> None:
    # the stage alone, without the windows of analyze(): 32,000 characters in one piece
    small = claims_cpu_seconds("قال " * 1_000)
    large = claims_cpu_seconds("قال " * 8_000)
    # eight times the verbs: ~8x when linear (measured 8.3x); 19x when every verb scanned
    # every claim and the rest of its paragraph
    assert large < 12 * small + 0.02, (small, large)
