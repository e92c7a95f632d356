"""Incidents: events reported by many documents merged into one real-world happening.

An event joins an incident when all of these hold:

* **type** — compatible by ``COMPATIBLE`` (data below): an attack on a prison, the riot,
  the hostage taking and the escapes it triggered, and the operation that ended it are one
  happening; the incident is typed by its main event (``MAIN_TYPE_RANK``).
* **place** — the same place, or one contains the other (a report of «الحسكة» joins the
  attack on the prison in it); two different facilities never merge. Containment comes from
  the knowledge base (``marsad.kb`` ``load_kb().ancestors``) when available, else from the
  ``parent`` links of the documents' entities.
* **date** — the event's interval, at its own precision (``2022-01`` covers the month), must
  overlap the incident's span widened by ``DAY_TOLERANCE`` days (reports say «أمس», sieges last
  days). The span only grows through day/week-precise members, so a vague ``2022`` never
  stretches an incident over the year.
* an **undated** event joins only on strong evidence: the same facility, the same type, and a
  reuse link between its document and one of the incident's, or the same count.

An event with no place never merges (there is nothing to anchor it); it stays its own incident.

Per incident: ``outlets``, ``modalities`` (a tally, never a verdict), every report's
``counts`` side by side (disagreement is the point), and ``independent_sources``: documents
linked by copying — a reuse pair, or a claim whose ``via`` chain passes through another
member's outlet — count once (connected components).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from marsad.corpus.dates import days_between

# Which event types may describe one happening (symmetric; every type is compatible with
# itself). Data, reviewed like code.
COMPATIBLE: dict[str, set[str]] = {
    "attack": {"clash", "riot", "escape", "hostage_taking", "killing", "security_operation",
               "reinforcement"},
    "clash": {"attack", "riot", "escape", "hostage_taking", "killing", "security_operation"},
    "riot": {"attack", "clash", "escape", "hostage_taking", "killing", "security_operation"},
    "escape": {"attack", "clash", "riot", "hostage_taking", "killing", "security_operation",
               "arrest"},
    "hostage_taking": {"attack", "clash", "riot", "escape", "killing", "security_operation"},
    "killing": {"attack", "clash", "riot", "escape", "hostage_taking", "security_operation"},
    "security_operation": {"attack", "clash", "riot", "escape", "hostage_taking", "killing",
                           "arrest"},
    "arrest": {"security_operation", "escape"},
    "reinforcement": {"attack"},
    "release": {"agreement"},
    "agreement": {"release"},
    "transfer": {"repatriation"},
    "repatriation": {"transfer"},
    "other": set(),
}
# The type an incident takes: the highest-ranked type among its members.
MAIN_TYPE_RANK: tuple[str, ...] = (
    "attack", "riot", "clash", "hostage_taking", "escape", "killing", "security_operation",
    "repatriation", "transfer", "release", "agreement", "arrest", "reinforcement", "other",
)
DAY_TOLERANCE = 7
MAX_SPAN_DAYS = 45  # an incident never covers more than this (a siege, not a season)


def compatible(t1: str, t2: str) -> bool:
    return t1 == t2 or t2 in COMPATIBLE.get(t1, set())


@dataclass(slots=True)
class EventRow:
    doc: str
    event: str
    type: str
    place: str | None
    earliest: str | None
    latest: str | None
    date_value: str | None
    count_min: float | None
    count_max: float | None
    modality: str | None
    published: str | None = None


@dataclass
class _Incident:
    members: list[EventRow] = field(default_factory=list)
    place: str | None = None
    span: tuple[str, str] | None = None  # from day/week-precise members
    vague: tuple[str, str] | None = None  # intersection of coarser members (if no span)
    types: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)


def _months(e: EventRow) -> list[str]:
    """The months (YYYY-MM) an event's interval touches, widened by the day tolerance."""
    if not e.earliest or not e.latest:
        return []
    import datetime as dt

    lo = dt.date.fromisoformat(e.earliest) - dt.timedelta(days=DAY_TOLERANCE)
    hi = dt.date.fromisoformat(e.latest) + dt.timedelta(days=DAY_TOLERANCE)
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _width(e: EventRow) -> int:
    if not e.earliest or not e.latest:
        return 10**6
    return days_between(e.earliest, e.latest)


def build_incidents(
    events: Iterable[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    via_links: Iterable[tuple[str, str]],
    doc_outlets: dict[str, str | None],
) -> list[dict[str, Any]]:
    """Cluster events into contract incident objects (see the module docstring)."""
    evs = list(events)
    linked: dict[str, set[str]] = defaultdict(set)
    reuse_list = list(reuse_pairs)
    for a, b in reuse_list:
        linked[a].add(b)
        linked[b].add(a)
    # precise events first, so incidents form around day-precise reports
    evs.sort(key=lambda e: (_width(e), e.earliest or "9999", e.published or "9999", e.doc, e.event))

    incidents: list[_Incident] = []
    # (place, month) -> incidents at that place or inside it with a member near that month;
    # (place, None) -> incidents there; blocking keeps the work per event small at any scale
    buckets: dict[tuple[str, str | None], set[int]] = defaultdict(set)
    singles: list[_Incident] = []

    def chain(p: str | None) -> list[str]:
        return [p, *ancestors(p)] if p else []

    def register(idx: int, members: list[EventRow]) -> None:
        for p in chain(incidents[idx].place):
            buckets[(p, None)].add(idx)
            for m in members:
                for mo in _months(m):
                    buckets[(p, mo)].add(idx)

    for e in evs:
        if e.place is None:
            singles.append(_Incident([e], None, None, None, {e.type}, {e.doc}))
            continue
        my_chain = chain(e.place)
        months = _months(e)
        if months:
            cand_ids: set[int] = set()
            for mo in months:
                cand_ids |= buckets.get((e.place, mo), set())
                for anc in my_chain[1:]:
                    cand_ids |= {i for i in buckets.get((anc, mo), ()) if incidents[i].place == anc}
            # incidents made only of undated events at this very place
            cand_ids |= {i for i in buckets.get((e.place, None), ())
                         if incidents[i].place == e.place and incidents[i].span is None
                         and incidents[i].vague is None}
        else:
            cand_ids = {i for i in buckets.get((e.place, None), ()) if incidents[i].place == e.place}
        best, best_score = None, None
        for i in sorted(cand_ids):
            inc = incidents[i]
            if inc.place != e.place and inc.place not in my_chain and e.place not in chain(inc.place):
                continue
            if not any(compatible(e.type, t) for t in inc.types):
                continue
            score = _date_fit(e, inc, linked)
            if score is not None and (best_score is None or score < best_score):
                best, best_score = i, score
        if best is None:
            incidents.append(_Incident())
            best = len(incidents) - 1
        inc = incidents[best]
        old_place = inc.place
        _add(inc, e, ancestors)
        register(best, inc.members if inc.place != old_place else [e])

    via_list = list(via_links)
    out = [_render(inc, reuse_list, via_list, doc_outlets) for inc in incidents + singles]
    out.sort(key=lambda x: (x["date"] or "9999", x["id"]))
    return out


def _date_fit(e: EventRow, inc: _Incident, linked: dict[str, set[str]]) -> int | None:
    """How well ``e`` fits ``inc`` in time (lower is better), or None if it may not join."""
    if e.earliest is None:
        # undated: same facility, same type, and a reuse link or the same count
        if inc.place != e.place or e.type not in inc.types:
            return None
        if any(d in linked.get(e.doc, ()) for d in inc.docs):
            return 10**5
        if e.count_min is not None and any(
            m.count_min == e.count_min and m.count_max == e.count_max for m in inc.members
        ):
            return 10**5
        return None
    assert e.latest is not None
    if inc.span is not None:
        s, l_ = inc.span
        if e.latest < s:
            gap = days_between(e.latest, s)
        elif e.earliest > l_:
            gap = days_between(l_, e.earliest)
        else:
            gap = 0
        if gap > DAY_TOLERANCE:
            return None
        # joining must not stretch the incident beyond MAX_SPAN_DAYS
        if _width(e) <= 7:
            lo, hi = min(s, e.earliest), max(l_, e.latest)
            if days_between(lo, hi) > MAX_SPAN_DAYS:
                return None
        return gap
    if inc.vague is not None:
        s, l_ = inc.vague
        if e.latest < s or e.earliest > l_:
            return None
        return 0
    # an incident of undated events only takes dated events on strong evidence too
    if inc.place == e.place and e.type in inc.types and any(d in linked.get(e.doc, ()) for d in inc.docs):
        return 10**5
    return None


def _add(inc: _Incident, e: EventRow, ancestors: Callable[[str], list[str]]) -> None:
    inc.members.append(e)
    inc.types.add(e.type)
    inc.docs.add(e.doc)
    if inc.place is None:
        inc.place = e.place
    elif e.place and e.place != inc.place and inc.place in ancestors(e.place):
        inc.place = e.place  # refine to the more specific place
    if e.earliest and e.latest:
        if _width(e) <= 7:
            inc.span = (min(inc.span[0], e.earliest), max(inc.span[1], e.latest)) if inc.span else (e.earliest, e.latest)
        elif inc.vague is None:
            inc.vague = (e.earliest, e.latest)
        else:
            lo, hi = max(inc.vague[0], e.earliest), min(inc.vague[1], e.latest)
            if lo <= hi:
                inc.vague = (lo, hi)


def _components(docs: set[str], edges: Iterable[tuple[str, str]]) -> int:
    parent = {d: d for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    return len({find(d) for d in docs})


def _render(inc: _Incident, reuse: list[tuple[str, str]], via: list[tuple[str, str]],
            doc_outlets: dict[str, str | None]) -> dict[str, Any]:
    members = sorted(inc.members, key=lambda m: (m.earliest or "9999", m.published or "9999", m.doc, m.event))
    main = min(inc.types, key=lambda t: MAIN_TYPE_RANK.index(t) if t in MAIN_TYPE_RANK else 99)
    # the date: the most precise value among main-type members, else among all
    def best_date(ms: list[EventRow]) -> str | None:
        dated = [m for m in ms if m.date_value and m.earliest]
        if not dated:
            return None
        return min(dated, key=lambda m: (_width(m), m.earliest or "")).date_value

    date = best_date([m for m in members if m.type == main]) or best_date(members)
    first = members[0]
    inc_id = "inc_" + hashlib.sha256(f"{first.doc}/{first.event}".encode()).hexdigest()[:12]
    docs = {m.doc for m in members}
    # documents that copy: reuse pairs, and via chains (b's claims pass through a's outlet)
    outlet_docs: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        if doc_outlets.get(d):
            outlet_docs[doc_outlets[d]].append(d)  # type: ignore[index]
    edges = [(a, b) for a, b in reuse if a in docs and b in docs]
    for d, outlet in via:
        if d in docs:
            edges.extend((d, other) for other in outlet_docs.get(outlet, ()) if other != d)
    outlets = sorted({o for d in docs if (o := doc_outlets.get(d))})
    modalities = Counter(m.modality or "asserted" for m in members)
    counts = [{"doc": m.doc, "event": m.event, "min": m.count_min, "max": m.count_max}
              for m in members if m.count_min is not None or m.count_max is not None]
    earliest = min((m.earliest for m in members if m.earliest), default=None)
    latest = max((m.latest for m in members if m.latest), default=None)
    return {
        "id": inc_id,
        "type": main,
        "date": date,
        "place": inc.place,
        "events": [{"doc": m.doc, "event": m.event} for m in members],
        "outlets": outlets,
        "independent_sources": _components(docs, edges),
        "modalities": dict(sorted(modalities.items())),
        "counts": counts,
        "date_earliest": earliest,
        "date_latest": latest,
        "types": sorted(inc.types),
        "documents": len(docs),
    }
