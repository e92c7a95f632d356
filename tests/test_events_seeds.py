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


def test_002_denial_carried_by_the_escape_it_denies(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    denied = events(doc, "escape", "denied")
    assert denied, [(e.type, e.modality) for e in doc.events]
    e = denied[0]
    assert e.place == "raqqa_central_prison"
    c = claim(doc, e.claim)
    assert c.stance == "deny"
    assert c.speaker.entity in ("sdf", "sdf_media_center")
    # the escape asserted by local sources stays visible, with its count and date
    asserted = events(doc, "escape", "asserted")
    main = next(a for a in asserted if a.place == "raqqa_central_prison")
    assert e.contradicts == main.id
    assert main.count is not None and main.count["min"] == 30
    assert main.date is not None and main.date["value"] == "2022-06-19"
    assert any(claim(doc, cid).speaker.kind == "local_sources" for cid in main.claims)


def test_002_no_riot_and_alleged_arrest(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    # «لا وجود لأي استعصاء» in an asserting claim: a negated happening is no event
    assert not events(doc, "riot")
    arrests = events(doc, "arrest", "alleged")
    assert arrests and claim(doc, arrests[0].claim).stance == "allege"


def test_002_january_attack_stays_apart(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    attacks = events(doc, "attack")
    assert (
        attacks and attacks[-1].date is not None and attacks[-1].date["value"].startswith("2022-01")
    )
    assert attacks[-1].place == "ghwayran_prison"


def test_001_outlet_quoting_source(seeds: dict[str, Document]) -> None:
    doc = seeds["001"]
    quoted = [c for c in doc.claims if c.via == ["al_watan"]]
    assert quoted and quoted[0].speaker.kind == "anonymous_source"
    assert any(c.speaker.kind == "correspondent" for c in doc.claims)
    # «وأشار المصدر» after the quotation keeps the same source
    assert sum(c.speaker.kind == "anonymous_source" for c in doc.claims) >= 4


def test_000_source_and_release(seeds: dict[str, Document]) -> None:
    doc = seeds["000"]
    assert doc.claims and doc.claims[0].speaker.kind == "anonymous_source"
    assert all(c.via == [] for c in doc.claims)  # al-Watan's own source
    releases = [e for e in events(doc, "release", "asserted") if e.date is not None]
    assert releases and releases[0].date["value"].endswith("11-27")
    assert releases[0].count is not None and releases[0].count["min"] >= 50
    warn = [c for c in doc.claims if c.stance == "warn"]
    assert warn and warn[0].speaker.kind == "intelligence_reports"
    assert events(doc, "riot", "expected")
    assert events(doc, "clash", "expected")


def test_003_escape_during_attack_and_leaked_deal(seeds: dict[str, Document]) -> None:
    doc = seeds["003"]
    esc = events(doc, "escape", "asserted")
    assert esc and esc[0].place == "ghwayran_prison"
    assert esc[0].count is not None and esc[0].count["min"] == 21
    attack = events(doc, "attack", "asserted")
    assert attack and attack[0].date is not None and attack[0].date["value"] == "2022-01-20"
    deal = events(doc, "agreement")
    assert deal and deal[0].modality == "alleged"
    assert claim(doc, deal[0].claim).stance == "allege"
    assert any(c.speaker.kind == "leaked_material" for c in doc.claims)


def test_004_transfer_and_intelligence(seeds: dict[str, Document]) -> None:
    doc = seeds["004"]
    transfers = events(doc, "transfer")
    assert transfers and transfers[0].place in ("sawami_prison", "raqqa")
    assert {a.entity: a.role for a in transfers[0].actors}.get("isis") == "patient"
    kinds = {c.speaker.kind for c in doc.claims}
    assert {"media_reports", "intelligence_reports", "named_person"} <= kinds
    assert events(doc, "repatriation")


def test_corpus_runs(corpus_records: list[dict]) -> None:
    for rec in corpus_records:
        doc = analyze_text(rec["text"], published=rec.get("published"), outlet=rec.get("outlet"))
        ids = [e.id for e in doc.events]
        assert len(ids) == len(set(ids))
        for e in doc.events:
            assert e.claim is None or any(c.id == e.claim for c in doc.claims)
            assert e.modality in ("asserted", "denied", "alleged", "expected", "hypothetical")


def test_seed_actors_from_clause_grammar(seeds: dict[str, Document]) -> None:
    """Doers further from the trigger than the next word: the US forces storming the prison
    in 001 (support verb «بدأت ... بعملية اقتحام»), the SDF smuggling the Raqqa escapees in
    002 («تهريبها»: the possessive's antecedent)."""
    storm = [
        e for e in events(seeds["001"], "security_operation") if "اقتحام" in e.trigger.text
    ]
    assert any({a.entity: a.role for a in e.actors}.get("us_forces") == "agent" for e in storm)
    smuggle = [e for e in events(seeds["002"], "escape") if "تهريبها" in e.trigger.text]
    assert smuggle and {a.entity: a.role for a in smuggle[0].actors}.get("sdf") == "agent"


def test_seed_escape_back_reference_merges(seeds: dict[str, Document]) -> None:
    """004: the escape of five told once with its week and recalled as «هروب الخمس»."""
    dated = [e for e in events(seeds["004"], "escape") if e.date and e.count]
    assert dated
    assert len(dated[0].evidence) >= 2
    assert dated[0].count is not None and dated[0].count["min"] == 5
