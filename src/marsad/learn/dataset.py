"""Training examples from gold: every candidate of a gold document, labelled.

A candidate is labelled with a gold event's type when it is that event's trigger (the spans
overlap), or — when no candidate overlaps the gold trigger — when it stands inside the gold
evidence and may express that type. Every other candidate is ``none``: the gold codes a
happening once, at its clearest mention.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from marsad.document import Document
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.io.readers import InputError, record_to_document
from marsad.learn.gold import GoldDoc, GoldEvent, align
from marsad.learn.rankings import Ranking

RECORD_KEYS = ("text", "title", "url", "outlet", "published")


@dataclass
class Example:
    doc: str  # gold document name
    outlet: str
    features: list[str]
    label: str


def prepare(gold: GoldDoc) -> Document:
    """The article analysed by every stage before events."""
    from marsad.pipeline import stages

    doc = record_to_document({k: gold.record.get(k) for k in RECORD_KEYS}, gold.name)
    if isinstance(doc, InputError):
        raise ValueError(str(doc))
    for stage in stages()[:-1]:
        doc = stage(doc)
    return doc


def label_candidates(gold: GoldDoc, cands: list[Candidate]) -> list[GoldEvent | None]:
    """The gold event each candidate tells (None: it tells no gold event)."""
    labels: list[GoldEvent | None] = [None] * len(cands)
    for ev in gold.events:
        hit = False
        if ev.trigger is not None:
            s, e = ev.trigger
            for i, c in enumerate(cands):
                if c.start < e and s < c.end:
                    labels[i] = ev
                    hit = True
        if hit or ev.evidence is None:
            continue
        s, e = ev.evidence
        inside = [i for i, c in enumerate(cands) if s <= c.start and c.end <= e and labels[i] is None]
        typed = [i for i in inside if ev.type in cands[i].types]
        if typed:
            anchor = ev.trigger[0] if ev.trigger else s
            best = min(typed, key=lambda i: abs(cands[i].start - anchor))
            labels[best] = ev
    return labels


@dataclass
class PlaceExample:
    doc: str
    outlet: str
    group: int  # options of one happening share a group
    features: list[str]
    label: bool


@dataclass
class Analysed:
    doc: Document
    idx: DocIndex
    cands: list[Candidate]
    gold: list[GoldEvent | None]


def analyse(golds: list[GoldDoc]) -> dict[str, Analysed]:
    """Each gold document analysed up to its candidates, with the gold event each tells."""
    from marsad.learn.events import read_candidates

    out: dict[str, Analysed] = {}
    for g in golds:
        doc = prepare(g)
        idx, cands = read_candidates(doc)
        align(doc.text, g)
        out[g.name] = Analysed(doc, idx, cands, label_candidates(g, cands))
    return out


# How unlabelled candidates of a type the gold codes in the same document are treated: they
# may be other mentions of a coded happening (the gold codes each happening once), so they
# teach the model little about what a happening is ("keep": as "none"; "drop": left out).
COREF_NEGATIVES = "drop"


def event_examples(golds: list[GoldDoc], analysed: dict[str, Analysed]) -> list[Example]:
    out: list[Example] = []
    for g in golds:
        a = analysed[g.name]
        coded = {e.type for e in g.events}
        for c, ev in zip(a.cands, a.gold, strict=True):
            if ev is None and COREF_NEGATIVES == "drop" and coded.intersection(c.types):
                continue
            out.append(Example(g.name, g.outlet, c.features, ev.type if ev else "none"))
    return out


def ranking_examples(golds: list[GoldDoc], analysed: dict[str, Analysed], ranking: Ranking) -> list[PlaceExample]:
    """For every candidate that tells a gold event the gold says something about (its place,
    date or count): each option of ``ranking``, labelled by the scorer's rule. Happenings
    whose gold value no option reaches teach nothing and are left out. The happenings before
    a candidate carry their gold-correct values (what a perfect ranker would have chosen)."""
    out: list[PlaceExample] = []
    group = 0
    for g in golds:
        a = analysed[g.name]
        previous: list[Candidate] = []
        for c, ev in zip(a.cands, a.gold, strict=True):
            if ev is None:
                continue
            c.type = ev.type
            options = ranking.options(a.idx, c, previous)
            labels = [ranking.correct(a.idx, o, ev) for o in options]
            if ranking.preferred is not None:
                labels = ranking.preferred(a.idx, options, labels)
            right = next((o for o, ok in zip(options, labels, strict=True) if ok), None)
            ranking.assign(c, ranking.value(right) if right is not None else ranking.own(c))
            previous.append(c)
            if not any(labels):
                continue
            group += 1
            for o, ok in zip(options, labels, strict=True):
                out.append(PlaceExample(g.name, g.outlet, group, o.features, bool(ok)))
    return out


def modality_examples(golds: list[GoldDoc], analysed: dict[str, Analysed]) -> list[Example]:
    """Every candidate that tells a gold event, labelled with the gold stance."""
    from marsad.learn.features import modality_features

    out: list[Example] = []
    for g in golds:
        a = analysed[g.name]
        for c, ev in zip(a.cands, a.gold, strict=True):
            if ev is not None:
                stance = ev.raw.get("stance") or "asserted"
                out.append(Example(g.name, g.outlet, modality_features(c), stance))
    return out



def topic_examples(golds: list[GoldDoc], analysed: dict[str, Analysed]) -> list[Example]:
    """One example per document: does its gold code any happening?"""
    from marsad.learn.features import topic_features

    out: list[Example] = []
    for g in golds:
        a = analysed[g.name]
        label = "yes" if g.events else "none"
        out.append(Example(g.name, g.outlet, topic_features(a.doc, a.idx, a.cands), label))
    return out


@dataclass
class ClaimExample:
    doc: str
    features: list[str]
    label: bool


def claim_examples(gold_files: Sequence[Path], articles: dict[str, Path]) -> list[ClaimExample]:
    """Examples from old-format gold files (``{document file name: {"claims": [...]}}``);
    ``articles`` maps a gold file's stem (e.g. "seeds", "corpus") to the folder of its
    documents. Documents that cannot be read are skipped."""
    from marsad.io.readers import read_inputs
    from marsad.learn.claims import claim_features, match_claims
    from marsad.pipeline import stages

    out: list[ClaimExample] = []
    for path in gold_files:
        folder = articles.get(path.stem)
        if folder is None:
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        for name, ann in sorted(gold.items()):
            source = folder / name
            if not source.is_file() or "claims" not in ann:
                continue
            for doc in read_inputs([str(source)]):
                if isinstance(doc, InputError):
                    continue
                for stage in stages()[:-1]:
                    doc = stage(doc)
                matched = {si for _, si in match_claims(ann["claims"], doc.claims)}
                for i, c in enumerate(doc.claims):
                    out.append(ClaimExample(name, claim_features(doc, c), i in matched))
                break
    return out
