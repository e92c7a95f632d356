"""One automaton pass for several lexicons: each lexicon gets exactly the hits of its own scan.

The pipeline scans every document with six lexicons (names, times, quantities, person titles,
English roles, extraction forms). ``LexiconSet`` runs them as one automaton; these tests hold
it to the single-lexicon results, including forms shared between lexicons with different
edge rules, and check the document pass that keeps the hits on the ``NormalizedText``.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.pipeline import analyze_text, stages
from marsad.text.lexicon import Hit, Lexicon, LexiconSet
from marsad.text.normalize import normalize

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _run_stages(text: str) -> Document:
    """The pipeline's stages without ``analyze``'s final clean-up of caches."""
    doc = Document(source="<test>", raw=text, meta={"published": "2022-01-23"})
    for stage in stages():
        doc = stage(doc)
    return doc


def _key(hits: list[Hit[object]]) -> list[tuple[int, int, str, object, str, str]]:
    return [(h.start, h.end, h.text, h.payload, h.prefix, h.suffix) for h in hits]


def _lexicons() -> list[Lexicon[str]]:
    verbs: Lexicon[str] = Lexicon([("نقل", "move"), ("قال", "say"), ("السجن", "noun")], suffixes=("وا", "هم", "ت"))
    places: Lexicon[str] = Lexicon([("السجن", "place"), ("سجن الصناعة", "prison"), ("الحسكة", "city")])
    particles: Lexicon[str] = Lexicon([("لا", "neg"), ("لم", "neg"), ("نقل", "noun")])
    return [verbs, places, particles]


TEXTS = [
    "وقالت المصادر إن قسد نقلتهم من سجن الصناعة في الحسكة إلى السجن المركزي",
    "لم ينقلوا أحدا، ولا علم لهم بنقل المعتقلين للسجن وبالحسكة",
    "نقلوا السجناء ثم نقلهم ثانية، ثم نقلت الشرطة الباقين إلى سجنها",
    "دخل للسجن لـ«الحسكة» بـ\"قسد\" posted onJanuary 23",
    "",
    "ـــ ، ؟ ٣٠ ,,,",
]


@pytest.mark.parametrize("text", TEXTS)
def test_set_gives_each_lexicon_its_own_scan(text: str) -> None:
    lexicons = _lexicons()
    combined = LexiconSet(lexicons).scan(normalize(text))
    for lexicon, hits in zip(lexicons, combined, strict=True):
        assert _key(hits) == _key(LexiconSet([lexicon]).scan(normalize(text))[0])


def test_shared_form_keeps_each_lexicons_edge_rules() -> None:
    verbs, places, particles = _lexicons()
    hits = LexiconSet([verbs, places, particles]).scan(normalize("ثم نقلوا المعتقلين ونقل آخرين"))
    # «نقل» is in two lexicons: with the suffix وا only the verb lexicon accepts it
    assert [(h.text, h.suffix) for h in hits[0]] == [("نقل", "وا"), ("نقل", "")]
    assert [(h.text, h.prefix) for h in hits[2]] == [("نقل", "و")]
    assert hits[1] == []


def test_overlaps_are_resolved_within_a_lexicon_not_across() -> None:
    verbs, places, _ = _lexicons()
    hits = LexiconSet([verbs, places]).scan(normalize("هاجموا سجن الصناعة والسجن المركزي"))
    assert [h.text for h in hits[1]] == ["سجن الصناعة", "السجن"]
    assert [h.payload for h in hits[0]] == ["noun"]


def test_empty_set_and_empty_lexicon() -> None:
    empty: Lexicon[str] = Lexicon([])
    assert LexiconSet([]).scan(normalize("نص")) == []
    assert LexiconSet([empty]).scan(normalize("نص")) == [[]]
    assert empty.scan(normalize("نص")) == []


def test_document_pass_runs_once_per_text_and_matches_solo_scans() -> None:
    from marsad.extract.lexicons import extraction_lexicon
    from marsad.kb.gazetteer import load_kb

    doc = _run_stages(
        "وقالت مصادر محلية إن قوات سوريا الديمقراطية نقلت أمس 30 معتقلاً من سجن غويران في الحسكة"
    )
    norm = doc.norm
    assert norm is not None and norm.shared_hits is not None
    names = load_kb().lexicon
    assert names.scan(norm) is names.scan(norm)  # read from the pass, not scanned again
    fresh = normalize(doc.text)
    for lexicon in (names, extraction_lexicon()):
        assert _key(lexicon.scan(norm)) == _key(LexiconSet([lexicon]).scan(fresh)[0])
    assert {m.entity for m in doc.mentions} >= {"sdf", "ghwayran_prison"}


def test_analyze_drops_the_shared_hits_so_documents_pickle_small() -> None:
    doc = analyze_text("نقلت قسد 30 معتقلاً من سجن غويران", published="2022-01-23")
    assert doc.norm is not None and doc.norm.shared_hits is None
    assert len(pickle.dumps(doc)) < 100_000


def test_lexicon_outside_the_pass_scans_alone() -> None:
    own: Lexicon[str] = Lexicon([("الحسكة", "city")])
    norm = normalize("في الحسكة")
    assert [h.text for h in own.scan(norm)] == ["الحسكة"]
    assert norm.shared_hits is None or all(own is not lx for lx in norm.shared_hits[0].lexicons)  # type: ignore[attr-defined]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_document_pass_equals_solo_scans_on_the_seeds() -> None:
    from marsad.io.readers import read_inputs
    from marsad.text import lexicon as lexicon_module

    docs = [d for d in read_inputs([str(SEEDS)]) if not isinstance(d, Exception)]
    assert docs
    for doc in docs:
        analyzed = _run_stages(doc.raw)
        norm = analyzed.norm
        assert norm is not None and norm.shared_hits is not None
        shared_set, shared_hits = norm.shared_hits
        assert shared_set is lexicon_module._SHARED._set
        fresh = normalize(analyzed.text)
        for lexicon, hits in zip(shared_set.lexicons, shared_hits, strict=True):  # type: ignore[attr-defined]
            assert _key(hits) == _key(LexiconSet([lexicon]).scan(fresh)[0])
