"""The events stage: the proposed candidates decided by the learned models, placed, dated,
merged into one event per happening and rendered as contract events.

``read_candidates`` is everything a decision needs (the candidates of ``extract`` with their
clause-level arguments, and their features); ``extract_events`` decides with the shipped
models.
"""

from __future__ import annotations

import numpy as np

from marsad.document import Actor, Document, Event, Span
from marsad.extract.arguments import time_dict
from marsad.extract.attach import attach_actors
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.discourse import settle_places
from marsad.extract.grammar import out_of_scope, ruled_out
from marsad.extract.lexicons import scan
from marsad.extract.merge import merge_mentions
from marsad.extract.proposals import propose
from marsad.learn.claims import claim_features
from marsad.learn.features import (
    candidate_features,
    document_features,
    modality_features,
    topic_rows,
)
from marsad.learn.linear import LinearModel
from marsad.learn.models import event_model, load
from marsad.learn.rankings import COUNTS, DATES, PLACES, choose
from marsad.text.clauses import clauses

GATES = True

THRESHOLD = 0.5  # least probability that a candidate tells a happening
MODELS = ("topic", "events", "modality", "places", "dates", "counts")
TOPIC_THRESHOLD = 0.7  # least probability that a document reports conflict happenings


def read_candidates(doc: Document) -> tuple[DocIndex, list[Candidate]]:
    idx, cands = propose(doc)
    candidate_features(doc, idx, cands, document_features(doc, cands))
    return idx, cands


def decide(
    cands: list[Candidate],
    model: LinearModel,
    threshold: float = THRESHOLD,
    modality_model: LinearModel | None = None,
) -> None:
    """Set each candidate's ``type`` ("" when it tells no happening), ``probability`` and,
    with a modality model, its ``modality``."""
    if not cands:
        return
    none = model.classes.index("none")
    probs = model.proba_many([c.features for c in cands])
    p_event = 1.0 - probs[:, none]
    calibrated = model.calibrate_many(p_event)
    probs[:, none] = -1.0
    column = {k: j for j, k in enumerate(model.classes)}
    for i, c in enumerate(cands):
        c.probability = float(calibrated[i])
        # the type is one the words can tell: a ceasefire is no shooting though its words hold one
        told = [column[t] for t in c.types if t in column]
        best = max(told, key=lambda j: probs[i, j]) if told else int(probs[i].argmax())
        c.type = model.classes[best] if p_event[i] >= threshold else ""
    if modality_model is not None:
        # only the happenings need a modality: the others tell nothing
        told = [c for c in cands if c.type]
        if told:
            modal = modality_model.proba_many([modality_features(c) for c in told])
            for c, pm in zip(told, modal, strict=True):
                c.modality = modality_model.classes[int(pm.argmax())]


def extract_events(doc: Document) -> Document:
    """The events stage of the pipeline: the document's happenings decided by the shipped
    models."""
    if doc.norm is None or not doc.text:
        doc.events = []
        return doc
    idx, cands = read_candidates(doc)
    model = event_model()
    threshold = float(model.card.get("params", {}).get("threshold", THRESHOLD))
    models = {name: load(name) for name in MODELS}
    doc.events = decide_events(doc, idx, cands, models, threshold)
    rate_claims(doc, load("claims"))
    return doc


def rate_claims(doc: Document, model: LinearModel) -> None:
    """Every claim's calibrated confidence."""
    if not doc.claims:
        return
    margins = model.positive_scores([claim_features(doc, c) for c in doc.claims])
    raw = 1.0 / (1.0 + np.exp(-np.clip(margins, -50, 50)))
    for c, p in zip(doc.claims, model.calibrate_many(raw), strict=True):
        c.confidence = float(p)


# the candidates whose fires and deaths are a conflict's toll (see out_of_scope)
VIOLENT = frozenset({"attack", "clash"})


def decide_events(
    doc: Document,
    idx: DocIndex,
    cands: list[Candidate],
    models: dict[str, LinearModel],
    threshold: float,
) -> list[Event]:
    """The contract events of a document's candidates under ``models`` ("events", and the
    optional "modality" and rankers "places", "dates", "counts"; without a place ranker,
    places follow the clause and the discourse by rule)."""
    topic = models.get("topic")
    # the topic model learned from whole articles: a text shorter than most of them (a
    # headline, a sentence) gives its word features too little to go on
    if topic is not None and cands and len(idx.word_starts) >= int(topic.card.get("min_words", 0)):
        p_conflict = float(topic.proba_of_rows(topic_rows(topic, doc, idx, cands))[-1])
        if p_conflict < float(topic.card.get("threshold", TOPIC_THRESHOLD)):
            return []  # the document reports no conflict or security happening at all
    decide(cands, models["events"], threshold, models.get("modality"))
    ci = clauses(doc)
    violent = sorted(c.start for c in cands if not VIOLENT.isdisjoint(c.types))
    for c in cands:
        if c.type and GATES and (ruled_out(idx, ci, c) is not None or out_of_scope(idx, ci, c, violent)):
            c.type = ""
    happenings = [c for c in cands if c.type]
    attach_actors(idx, scan(doc), happenings)
    if models.get("places") is None:
        settle_places(idx, happenings)
    else:
        choose(PLACES, idx, happenings, models["places"])
    choose(DATES, idx, happenings, models.get("dates"))
    choose(COUNTS, idx, happenings, models.get("counts"))
    groups = merge_mentions(idx, happenings)
    return [_event(doc, idx, i, g) for i, g in enumerate(groups, 1)]


def _narrowest_place(idx: DocIndex, group: list[Candidate]) -> str | None:
    """The place of a happening told in several mentions: the first mention's, narrowed to a
    later mention's place that lies inside it («غارات على ريف إدلب» ... «استهدفت إحدى الغارات
    بلدة البارة»); a later place elsewhere is no narrowing and is left to the first."""
    place = group[0].place
    if not place:
        return place
    for m in group[1:]:
        if m.place and m.place != place and place in idx.ancestors(m.place):
            place = m.place
    return place


def _event(doc: Document, idx: DocIndex, number: int, group: list[Candidate]) -> Event:
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
        # the kind the words tell (airstrike, assassination, ...), when a member's trigger
        # reading of the decided type says it
        subtype=next((m.sense.subtype for m in group if m.sense.value == first.type and m.sense.subtype), None),
        trigger=Span(first.start, first.end, doc.text[first.start : first.end]),
        date=time_dict(date) if date else None,
        place=_narrowest_place(idx, group),
        actors=[Actor(e, r) for e, r in actors.items()],
        count=count,
        # the claim its clearest mention is told in: a happening the outlet tells in its own
        # voice stays the outlet's when a speaker mentions it again (that claim is in claims)
        claim=first.claim.id if first.claim is not None else None,
        modality=first.modality,
        evidence=[Span(m.start, m.end, doc.text[m.start : m.end]) for m in group],
        sentence=first.sentence,
        claims=list(dict.fromkeys(claims)),
        origin=next((m.origin for m in group if m.origin), None),
        destination=next((m.destination for m in group if m.destination), None),
        confidence=max(m.probability for m in group),
    )
    return event
