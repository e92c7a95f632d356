"""How many gold happenings the trigger lexicon proposes at all (../shared/gold).

The decision stage can only keep a happening some trigger hit proposed: the fraction of gold
events whose trigger text (located in the article) a trigger hit overlaps is its ceiling.
Measured 0.745 with the hand-listed surface forms, 0.954 with the lemma entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.learn.coverage import measure
from marsad.learn.gold import load_gold

FLOOR = 0.92


def test_gold_triggers_are_proposed(shared_dir: Path) -> None:
    gold_dir, corpus_dir = shared_dir / "gold", shared_dir / "corpus"
    if not gold_dir.is_dir() or not corpus_dir.is_dir():
        pytest.skip(f"{gold_dir} or {corpus_dir} not present")
    golds = load_gold(gold_dir, corpus_dir)
    if not golds:
        pytest.skip(f"no gold documents with their article in {gold_dir}")
    cov = measure(golds)
    assert cov.located > 300
    assert cov.fraction >= FLOOR, (
        f"trigger coverage {cov.fraction:.3f} ({cov.covered}/{cov.located}) below {FLOOR}; "
        f"missed: {cov.misses[:20]}"
    )
    # every type of happening is mostly proposed
    for etype, (covered, located) in cov.by_type.items():
        if located >= 10:
            assert covered / located >= 0.75, (etype, covered, located)
