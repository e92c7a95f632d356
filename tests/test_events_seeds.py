"""Events and claims on the real seed articles (read from ../shared/seeds; skipped if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.document import Claim, Document, Event
from marsad.pipeline import analyze_text


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        docs[path.name[:3]] = analyze_text(path.read_text(encoding="utf-8-sig"), source=str(path))
    if len(docs) < 5:
        pytest.skip("../shared/seeds incomplete")
    return docs


def claim(doc: Document, cid: str | None) -> Claim:
    assert cid is not None
    return next(c for c in doc.claims if c.id == cid)


def events(doc: Document, kind: str, modality: str | None = None) -> list[Event]:
    return [
        e for e in doc.events if e.type == kind and (modality is None or e.modality == modality)
    ]


def test_spans_are_exact(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for e in doc.events:
            assert doc.text[e.trigger.start : e.trigger.end] == e.trigger.text
            for s in e.evidence:
                assert doc.text[s.start : s.end] == s.text
            if e.date:
                assert e.date["start"] < e.date["end"]
        for c in doc.claims:
            assert 0 <= c.start <= c.end <= len(doc.text)
            sp = c.speaker
            if sp.start is not None:
                assert doc.text[sp.start : sp.end] == sp.text


def test_001_outlet_quoting_source(seeds: dict[str, Document]) -> None:
    doc = seeds["001"]
    quoted = [c for c in doc.claims if c.via == ["al_watan"]]
    assert quoted and quoted[0].speaker.kind == "anonymous_source"
    assert any(c.speaker.kind == "correspondent" for c in doc.claims)
    # «وأشار المصدر» after the quotation keeps the same source
    assert sum(c.speaker.kind == "anonymous_source" for c in doc.claims) >= 4


def test_corpus_runs(corpus_records: list[dict]) -> None:
    for rec in corpus_records:
        doc = analyze_text(rec["text"], published=rec.get("published"), outlet=rec.get("outlet"))
        ids = [e.id for e in doc.events]
        assert len(ids) == len(set(ids))
        for e in doc.events:
            assert e.claim is None or any(c.id == e.claim for c in doc.claims)
            assert e.modality in ("asserted", "denied", "alleged", "expected", "hypothetical")


def test_seed_escape_back_reference_merges(seeds: dict[str, Document]) -> None:
    """004: the escape of five told once with its week and recalled as «هروب الخمس»."""
    dated = [e for e in events(seeds["004"], "escape") if e.date and e.count]
    assert dated
    assert len(dated[0].evidence) >= 2
    assert dated[0].count is not None and dated[0].count["min"] == 5
