"""Small look-ups shared by the event tests."""

from __future__ import annotations

from marsad.document import Document, Event


def first(evs: list[Event], kind: str) -> Event:
    """The first event of ``kind`` (the assertion names what was found instead)."""
    found = [e for e in evs if e.type == kind]
    assert found, f"no {kind} event in {[(e.type, e.trigger.text) for e in evs]}"
    return found[0]


def count_min(ev: Event) -> object:
    return ev.count["min"] if ev.count else None


def of_type(doc: Document, kind: str) -> list[Event]:
    return [e for e in doc.events if e.type == kind]


def only(doc: Document, kind: str) -> Event:
    """The one event of ``kind``."""
    found = of_type(doc, kind)
    assert len(found) == 1, [(e.type, e.trigger.text) for e in doc.events]
    return found[0]


def prepared(text: str, published: str | None = None) -> Document:
    """``text`` through every stage of the pipeline before the events stage."""
    from marsad.pipeline import stages

    doc = Document(source="<t>", raw=text, meta={"published": published} if published else {})
    for stage in stages()[:-1]:
        doc = stage(doc)
    return doc


def kept_by_the_grammar(text: str, word: str, event_type: str) -> bool:
    """Is the candidate at ``word`` proposed as ``event_type`` and left to the model by the
    clause grammar (not negated, not a demand or plan, in scope)? A sentence read alone gives
    the model little to go on (no other happening, no document), so the model's own decision
    on it is not what is tested here."""
    from marsad.extract.grammar import out_of_scope, ruled_out
    from marsad.extract.proposals import propose
    from marsad.text.clauses import clauses

    doc = prepared(text)
    idx, cands = propose(doc)
    at = doc.text.index(word)
    found = [c for c in cands if c.start <= at < c.end and event_type in c.types]
    if not found:
        return False
    c = found[0]
    c.type = event_type
    ci = clauses(doc)
    return ruled_out(idx, ci, c) is None and not out_of_scope(idx, ci, c)


def happenings(text: str, published: str | None = None) -> list[Event]:
    """``happening_doc(text, published).events``."""
    return happening_doc(text, published).events


def happening_doc(text: str, published: str | None = None) -> Document:
    """The document ``text`` analysed, its events those found when every candidate the clause grammar keeps is taken as a
    happening (decision threshold 0, no topic gate), typed by the shipped model.

    For tests of what the rules read around a happening — its actors, count, claim, route,
    merge, and which type the lexicon gives it — whatever the model decides about a sentence
    read alone (a one-line text has no date, place or other happening to go on, and a linear
    model trained on whole articles is unsure of it)."""
    from marsad.learn.events import MODELS, decide_events, read_candidates
    from marsad.learn.models import load

    doc = prepared(text, published)
    idx, cands = read_candidates(doc)
    models = {name: load(name) for name in MODELS if name != "topic"}
    doc.events = decide_events(doc, idx, cands, models, 0.0)
    return doc
