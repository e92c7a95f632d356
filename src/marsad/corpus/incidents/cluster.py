"""Incidents: the clustering — dated events placed greedily in a canonical order (precise
reports first, by date) into the incidents at their place and time, then the undated ones
(``undated``), then every incident rendered as a contract object (``render``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from marsad.corpus.incidents.model import (
    DAY_TOLERANCE,
    MAX_INSIDE,
    PRECISE_DAYS,
    Ev,
    EventRow,
    Incident,
    add_member,
    compatible_with,
    cyclic_gc_paused,
    date_fit,
    ordinal,
)
from marsad.corpus.incidents.render import render
from marsad.corpus.incidents.undated import join_undated


def build_incidents(
    events: Iterable[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    via_links: Iterable[tuple[str, str]],
    doc_outlets: dict[str, str | None],
    is_facility: Callable[[str], bool] | None = None,
) -> list[dict[str, Any]]:
    """Cluster events into contract incident objects (see the module docstring).

    ``is_facility(place)`` tells a facility (prison, camp) from a town or region; without it
    the ``unique_facility_incident`` rule never applies.
    """
    return clustering(events, ancestors, reuse_pairs, via_links, doc_outlets, is_facility).rendered()


@dataclass(slots=True)
class Clustering:
    """The incidents as clustered (their running state), and what rendering one reads."""

    incidents: list[Incident]
    linked: dict[str, set[str]]
    via_by_doc: dict[str, list[str]]
    doc_outlets: dict[str, str | None]

    def render(self, inc: Incident) -> dict[str, Any]:
        return render(inc, self.linked, self.via_by_doc, self.doc_outlets)

    def rendered(self, incidents: Iterable[Incident] | None = None) -> list[dict[str, Any]]:
        """Contract objects of ``incidents`` (default: all), by date then id."""
        out = [self.render(inc) for inc in (self.incidents if incidents is None else incidents)]
        out.sort(key=rendered_order)
        return out


def rendered_order(incident: dict[str, Any]) -> tuple[str, str]:
    """The order of rendered incidents: by date (undated last), then id."""
    return (incident["date"] or "9999", incident["id"])


@cyclic_gc_paused()
def clustering(
    events: Iterable[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    via_links: Iterable[tuple[str, str]],
    doc_outlets: dict[str, str | None],
    is_facility: Callable[[str], bool] | None = None,
) -> Clustering:
    """``build_incidents`` before rendering: a caller that kept the rendering of an unchanged
    incident (``render.state_key``) renders only the others."""
    linked: dict[str, set[str]] = defaultdict(set)
    reuse_list = list(reuse_pairs)
    for a, b in reuse_list:
        linked[a].add(b)
        linked[b].add(a)
    anc_cache: dict[str, list[str]] = {}

    def anc(p: str) -> list[str]:
        if p not in anc_cache:
            anc_cache[p] = list(ancestors(p))
        return anc_cache[p]

    evs = [Ev(r, ordinal(r.earliest), ordinal(r.latest), ordinal(r.published)) for r in events]
    for e in evs:
        if e.lo is None or e.hi is None or e.hi < e.lo:
            e.lo = e.hi = None
    dated = [e for e in evs if e.row.place and e.lo is not None]
    undated = [e for e in evs if e.row.place and e.lo is None]
    placeless = [e for e in evs if not e.row.place]
    # precise events first, so incidents form around day-precise reports
    dated.sort(key=lambda e: (e.width, e.lo, e.row.published or "9999", e.row.doc, e.row.event))

    incidents: list[Incident] = []
    # blocking: place -> week -> incidents anchored at that place reaching that week, and
    # ancestor -> week -> incidents strictly inside that ancestor reaching that week
    at_place: dict[str, dict[int, list[int]]] = defaultdict(dict)
    inside: dict[str, dict[int, list[int]]] = defaultdict(dict)

    def register(idx: int) -> None:
        inc = incidents[idx]
        iv = inc.reach()
        if iv is None or inc.place is None:
            return
        if inc.reg_place != inc.place:
            inc.reg_place, inc.reg_weeks = inc.place, set()
        weeks = range((iv[0] - DAY_TOLERANCE) // 7, (iv[1] + DAY_TOLERANCE) // 7 + 1)
        for w in weeks:
            if w in inc.reg_weeks:
                continue
            inc.reg_weeks.add(w)
            at_place[inc.place].setdefault(w, []).append(idx)
            for a in anc(inc.place):
                inside[a].setdefault(w, []).append(idx)

    chains: dict[str, tuple[list[str], set[str]]] = {}  # place -> it and its ancestors
    for e in dated:
        p = e.row.place
        assert p is not None and e.lo is not None and e.hi is not None
        if (known := chains.get(p)) is None:
            chain = [p, *anc(p)]
            known = chains[p] = (chain, set(chain))
        chain, on_chain = known
        my_types = compatible_with(e.row.type)
        weeks = range((e.lo - DAY_TOLERANCE) // 7, (e.hi + DAY_TOLERANCE) // 7 + 1)
        cands: set[int] = set()
        for q in chain:
            if by_week := at_place.get(q):
                for w in weeks:
                    if found := by_week.get(w):
                        cands.update(found)
        inner: set[int] | None = set()  # None: more than MAX_INSIDE, none of them counts
        if by_week := inside.get(p):
            for w in weeks:
                if found := by_week.get(w):
                    inner.update(found)
                    if len(inner) > MAX_INSIDE:
                        inner = None  # a country over a year: thousands, looked at no further
                        break
        if inner:
            cands |= inner
        scored: list[tuple[int, int]] = []
        for i in cands:
            inc = incidents[i]
            ip = inc.place
            if ip not in on_chain and (ip is None or p not in anc(ip)):
                continue
            if inc.types.isdisjoint(my_types):
                continue
            score = date_fit(e, inc)
            if score is not None:
                scored.append((score, i))
        best: int | None = None
        if scored:
            scored.sort()
            tied = [i for s, i in scored if s == scored[0][0]]
            # a vague event (a month, a year) fitting several incidents equally is ambiguous
            if len(tied) == 1 or e.width <= PRECISE_DAYS:
                best = tied[0]
        if best is None:
            incidents.append(Incident())
            best = len(incidents) - 1
            how = "first_report"
        else:
            how = "date_overlap"
        add_member(incidents[best], e, how, anc)
        register(best)

    # what each document itself dates (any place): the anchors of rule 4
    anchors: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for e in evs:
        if e.lo is not None and e.hi is not None:
            anchors[e.row.doc].append((e.lo, e.hi))
    join_undated(incidents, undated, linked, anc, is_facility, anchors)

    singles = [Incident([(e.row, "first_report")], None, types={e.row.type}, docs={e.row.doc})
               for e in placeless]
    via_by_doc: dict[str, list[str]] = defaultdict(list)
    for d, outlet in via_links:
        via_by_doc[d].append(outlet)
    return Clustering(incidents + singles, linked, via_by_doc, doc_outlets)
