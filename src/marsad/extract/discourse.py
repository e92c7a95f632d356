"""What the discourse supplies to a happening its own clause leaves unsaid.

A report names the place of its story once — in the lead, or in the sentence that opens a
paragraph — and tells the rest without repeating it: «أعلنت قسد مقتل 22 عنصراً خلال
اشتباكات اليوم» after a lead about the prison attack happened at the prison. A happening with
no place in its clause takes the place of the happening told before it in its paragraph, else
the scene of the document: the most specific place of its lead. Moves take their origin first
(where the people were taken from), then the place of their clause, then their destination.
"""

from __future__ import annotations

from marsad.extract.arguments import place_rank
from marsad.extract.attach import MOVE_TYPES
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex

_SCENE_SENTENCES = 2  # the lead: the first sentences of the text


def scene_place(idx: DocIndex) -> str | None:
    """The most specific place named in the lead of the document (no dateline city, no
    place inside a body's name), or None."""
    if not idx.sent_starts:
        return None
    last = min(len(idx.sent_starts), _SCENE_SENTENCES) - 1
    end = idx.sent_ends[last]
    datelines = {(m.start, m.end) for m in idx.dateline_mentions}
    best: tuple[int, int, str] | None = None
    for m in idx.place_mentions:
        if m.start >= end:
            break
        if (m.start, m.end) in datelines:
            continue
        e = idx.entity(m.entity)
        if e is None or e.type == "state":
            continue
        key = (place_rank(idx, m.entity), m.start, m.entity)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def settle_places(idx: DocIndex, events: list[Candidate]) -> None:
    """Give every decided happening a place: its route or clause, else the discourse."""
    for c in events:
        c.place = c.clause_place
        c.place_source = "clause" if c.place else ""
        if c.type in MOVE_TYPES:
            place = c.origin or c.place or c.destination
            if place is not None:
                c.place = place
                c.place_source = "route" if place in (c.origin, c.destination) else c.place_source
    scene: str | None = None
    scene_read = False
    for i, c in enumerate(events):
        if c.place is not None:
            continue
        par = idx.paragraph_of(c.start)
        prev = next(
            (p for p in reversed(events[:i]) if p.place is not None and idx.paragraph_of(p.start) == par),
            None,
        )
        if prev is None:
            prev = next(
                (n for n in events[i + 1 :] if n.place is not None and n.sentence == c.sentence),
                None,
            )
        if prev is not None:
            c.place, c.place_source = prev.place, "carried"
            continue
        if not scene_read:
            scene, scene_read = scene_place(idx), True
        if scene is not None:
            c.place, c.place_source = scene, "scene"
