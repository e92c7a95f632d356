"""The events stage: candidates proposed, decided by the learned model, placed, merged.

``read_candidates`` is everything a decision needs (the candidates with their clause-level
arguments and features); ``extract_events`` decides with the shipped model, lets the discourse
supply missing places, merges mentions of one happening and renders contract events.
"""

from __future__ import annotations

from marsad.document import Actor, Document, Event, Span
from marsad.extract.arguments import time_dict
from marsad.extract.attach import attach_arguments, facility_anaphora
from marsad.extract.candidates import Candidate, find_candidates
from marsad.extract.context import DocIndex
from marsad.extract.discourse import settle_places
from marsad.extract.lexicons import scan
from marsad.extract.merge import merge_mentions
from marsad.learn.features import candidate_features, document_features
from marsad.learn.linear import LinearModel
from marsad.learn.models import event_model

THRESHOLD = 0.5  # least probability that a candidate tells a happening


def read_candidates(doc: Document) -> tuple[DocIndex, list[Candidate]]:
    hits = scan(doc)
    idx = DocIndex.build(doc)
    cands = find_candidates(doc, idx, hits)
    attach_arguments(doc, idx, hits, cands, facility_anaphora(idx, hits))
    candidate_features(doc, idx, cands, document_features(doc, cands))
    return idx, cands


def decide(cands: list[Candidate], model: LinearModel, threshold: float = THRESHOLD) -> None:
    """Set each candidate's ``type`` ("" when it tells no happening) and ``probability``."""
    none = model.classes.index("none")
    for c in cands:
        p = model.proba(c.features)
        p_event = 1.0 - float(p[none])
        p[none] = -1.0
        best = int(p.argmax())
        c.probability = model.calibrate(p_event)
        c.type = model.classes[best] if p_event >= threshold else ""


def extract_events(doc: Document, model: LinearModel | None = None, threshold: float = THRESHOLD) -> Document:
    if doc.norm is None or not doc.text:
        doc.events = []
        return doc
    idx, cands = read_candidates(doc)
    doc.events = decide_events(doc, idx, cands, model or event_model(), threshold)
    return doc


def decide_events(
    doc: Document, idx: DocIndex, cands: list[Candidate], model: LinearModel, threshold: float
) -> list[Event]:
    """The contract events of a document's candidates under ``model``."""
    decide(cands, model, threshold)
    happenings = [c for c in cands if c.type]
    settle_places(idx, happenings)
    groups = merge_mentions(idx, happenings)
    return [_event(doc, i, g) for i, g in enumerate(groups, 1)]


def _event(doc: Document, number: int, group: list[Candidate]) -> Event:
    first = group[0]
    actors: dict[str, str] = {}
    for m in group:
        for a in m.actors:
            if a.entity not in actors or (actors[a.entity] == "other" and a.role != "other"):
                actors[a.entity] = a.role
    date = next((m.date for m in group if m.date is not None), None)
    count = next((m.count for m in group if m.count is not None), None)
    claims = [m.claim.id for m in group if m.claim is not None]
    event = Event(
        id=f"e{number}",
        type=first.type,
        trigger=Span(first.start, first.end, doc.text[first.start : first.end]),
        date=time_dict(date) if date else None,
        place=first.place,
        actors=[Actor(e, r) for e, r in actors.items()],
        count=count,
        claim=first.claim.id if first.claim is not None else (claims[0] if claims else None),
        modality=first.modality,
        evidence=[Span(m.start, m.end, doc.text[m.start : m.end]) for m in group],
        sentence=first.sentence,
        claims=list(dict.fromkeys(claims)),
        origin=next((m.origin for m in group if m.origin), None),
        destination=next((m.destination for m in group if m.destination), None),
        confidence=max(m.probability for m in group),
    )
    return event
