"""The arguments of event candidates from their clause: place, route, date, count, actors.

A time or a number belongs to the nearest candidate of its scope (a time between two
triggers to the nearer one), a place to the clause it stands in (``find_place``), a route
(«من X إلى Y») to the move it follows. What the clause does not say stays empty here: the
discourse (``extract/discourse.py``) may supply it once the happenings are decided.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Protocol, TypeVar

from marsad.document import Document, Quantity
from marsad.extract.actors import find_actors
from marsad.extract.arguments import (
    count_dict,
    find_place,
    find_route,
    quantity_fits,
)
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.lexicons import ExtractionHits, trigger_data
from marsad.text.normalize import normalize_term

MOVE_TYPES = frozenset({"transfer", "repatriation"})


def attach_arguments(
    doc: Document,
    idx: DocIndex,
    hits: ExtractionHits,
    cands: list[Candidate],
    anaphora: list[tuple[int, int, str]],
) -> None:
    """Fill each candidate's clause-level arguments (for every type it may have)."""
    _attach_times(doc, idx, cands)
    _attach_counts(doc, idx, hits, cands)
    for c in cands:
        kind = c.types[0]
        c.clause_place = find_place(
            idx, c.scope, c.start, c.end, anaphora, flight=kind == "escape"
        )
        if MOVE_TYPES.intersection(c.types):
            c.origin, c.destination = find_route(idx, c.scope, c.end, anaphora)



def attach_actors(idx: DocIndex, hits: ExtractionHits, happenings: list[Candidate]) -> None:
    """The doers and the acted-on of each decided happening (only of those: reading roles
    is the costliest argument, and a candidate that tells nothing needs none)."""
    for c in happenings:
        c.actors = find_actors(
            idx, hits, c.scope, c.type, c.start, c.end, c.finite, c.hit.suffix,
            causative=c.sense.causative,
        )


def _nearest(cands: list[Candidate], start: int, end: int) -> tuple[int, Candidate] | None:
    """The candidate nearest to the span (distance in characters), if any."""
    best: tuple[int, Candidate] | None = None
    for c in cands:
        if not c.scope.contains(start, end):
            continue
        dist = start - c.end if c.end <= start else c.start - end
        dist = max(dist, 0)
        if best is None or dist < best[0]:
            best = (dist, c)
    return best


def _by_sentence(cands: list[Candidate]) -> dict[int, list[Candidate]]:
    out: dict[int, list[Candidate]] = {}
    for c in cands:
        out.setdefault(c.sentence, []).append(c)
    return out


class _Located(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=_Located)


def _nearest_owners(idx: DocIndex, cands: list[Candidate], items: Iterable[T]) -> dict[int, T]:
    """For each candidate (by ``id``), the item of its sentence that has it as its nearest
    candidate and lies nearest to it (``items`` have ``start`` and ``end``)."""
    groups = _by_sentence(cands)
    best: dict[int, tuple[int, T]] = {}
    for item in items:
        found = _nearest(groups.get(idx.sentence_of(item.start), []), item.start, item.end)
        if found is None:
            continue
        dist, owner = found
        if id(owner) not in best or dist < best[id(owner)][0]:
            best[id(owner)] = (dist, item)
    return {k: v[1] for k, v in best.items()}


def _attach_times(doc: Document, idx: DocIndex, cands: list[Candidate]) -> None:
    owned = _nearest_owners(idx, cands, (t for t in doc.times if t.value is not None))
    for c in cands:
        if id(c) in owned:
            c.clause_date = owned[id(c)]


def _attach_counts(
    doc: Document, idx: DocIndex, hits: ExtractionHits, cands: list[Candidate]
) -> None:
    time_ends = list(accumulate((t.end for t in idx.times), max))

    def counted(q: Quantity) -> bool:
        k = bisect_left(idx.time_starts, q.end)
        if k and time_ends[k - 1] > q.start:
            return False  # a number inside a time
        return quantity_fits(doc, hits, q)

    owned = _nearest_owners(idx, cands, (q for q in doc.quantities if counted(q)))
    for c in cands:
        if id(c) in owned:
            c.clause_count = count_dict(owned[id(c)])


def facility_anaphora(idx: DocIndex, hits: ExtractionHits) -> list[tuple[int, int, str]]:
    """(start, end, facility id) for each bare «السجن» / «المخيم» that stands for a facility
    the document names: the one of its kind named last before it, or, in a lead that names it
    only further down, the one named next when it is the only one of its kind."""
    out: list[tuple[int, int, str]] = []
    for h in hits.anaphora:
        inside = idx.mentions_in(h.start - 60, h.end)
        if any(m.start <= h.start < m.end for m in inside):
            continue  # part of a name («السجن المركزي» recognised as a facility)
        camp = "مخيم" in h.form or "camp" in h.form or h.form in _camp_forms()
        prior = _last_facility(idx, h.start, camp) or _next_facility(idx, h.end, camp)
        if prior is not None:
            out.append((h.start, h.end, prior))
    return out


@lru_cache(maxsize=1)
def _camp_forms() -> frozenset[str]:
    forms = trigger_data()["facility_anaphora"].get("camp_forms", ())
    return frozenset(normalize_term(f) for f in forms)


def _next_facility(idx: DocIndex, offset: int, camp: bool) -> str | None:
    found: str | None = None
    for m in idx.mentions[bisect_left(idx.mention_starts, offset) :]:
        e = idx.entity(m.entity)
        if e is None or e.type != "facility" or (e.subtype == "camp") != camp:
            continue
        if found is not None and m.entity != found:
            return None  # two camps (prisons) named: no telling which one
        found = m.entity
    return found


def _last_facility(idx: DocIndex, offset: int, camp: bool) -> str | None:
    i = bisect_left(idx.mention_starts, offset)
    for m in reversed(idx.mentions[:i]):
        e = idx.entity(m.entity)
        if e is not None and e.type == "facility" and (e.subtype == "camp") == camp:
            return m.entity
    return None
