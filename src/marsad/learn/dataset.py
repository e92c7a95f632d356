"""Training examples from gold: every candidate of a gold document, labelled.

A candidate is labelled with a gold event's type when it is that event's trigger (the spans
overlap), or — when no candidate overlaps the gold trigger — when it stands inside the gold
evidence and may express that type. Every other candidate is ``none``: the gold codes a
happening once, at its clearest mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.document import Document
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.io.readers import InputError, record_to_document
from marsad.learn.gold import GoldDoc, align

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


def label_candidates(gold: GoldDoc, cands: list[Candidate]) -> list[str]:
    labels = ["none"] * len(cands)
    for ev in gold.events:
        hit = False
        if ev.trigger is not None:
            s, e = ev.trigger
            for i, c in enumerate(cands):
                if c.start < e and s < c.end:
                    labels[i] = ev.type
                    hit = True
        if hit or ev.evidence is None:
            continue
        s, e = ev.evidence
        inside = [i for i, c in enumerate(cands) if s <= c.start and c.end <= e and labels[i] == "none"]
        typed = [i for i in inside if ev.type in cands[i].types]
        if typed:
            anchor = ev.trigger[0] if ev.trigger else s
            best = min(typed, key=lambda i: abs(cands[i].start - anchor))
            labels[best] = ev.type
    return labels


def examples(golds: list[GoldDoc]) -> tuple[list[Example], dict[str, tuple[Document, DocIndex, list[Candidate]]]]:
    """Labelled examples of every gold document, and each document's analysis (for
    evaluating a fold without analysing it again)."""
    from marsad.extract.events_learned import read_candidates

    out: list[Example] = []
    analysed: dict[str, tuple[Document, DocIndex, list[Candidate]]] = {}
    for g in golds:
        doc = prepare(g)
        idx, cands = read_candidates(doc)
        align(doc.text, g)
        for c, label in zip(cands, label_candidates(g, cands), strict=True):
            out.append(Example(g.name, g.outlet, c.features, label))
        analysed[g.name] = (doc, idx, cands)
    return out, analysed
