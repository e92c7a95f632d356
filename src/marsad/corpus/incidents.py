"""Incidents: events reported by many documents merged into one real-world happening.

A **dated** event joins an incident when all of these hold:

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
  stretches an incident over the year, and a vague event that fits several incidents equally
  well is ambiguous and joins none of them.

An **undated** event (its text gives no date, or the date could not be anchored) joins a
dated incident only on *strong evidence*, tried in this order; the first rule that applies
decides, and if it points at more than one incident the event is ambiguous and joins none:

1. ``same_document`` — its own document has an event in the incident at the same place
   with a compatible type (one article about the attack also reports the riot);
2. ``reuse_link`` — its document shares passages (text reuse) with a document that has an
   event in the incident at the same place with a compatible type;
3. ``same_count`` — an event of the incident at the same place with a compatible type gives
   the very same count (a specific detail two reports of one happening share);
4. ``unique_facility_incident`` — the place is a *facility* (a prison, a camp: not a town),
   and exactly one dated incident in the corpus is at that facility with a type compatible
   with the incident's main type, and the document's publication date (when known) is no
   more than ``RECENT_DAYS`` after that incident (news reports recent happenings).

In every rule the document's publication date bounds the event: a report cannot describe as
past a happening that starts after it was published (``expected``/``hypothetical`` events
excepted). Rules 1-3 are re-applied until nothing changes, so an undated event can lean on
another undated event that joined before it. Undated events that join nothing group among
themselves at the same place with the same type on a reuse link or the same count.
Every member records how it joined (``joined_by``): ``first_report`` (founded the incident),
``date_overlap``, or one of the rules above.

An event with no place never merges (there is nothing to anchor it); it stays its own incident.

Cost: events are indexed by place and ISO week (blocking), so each event is compared only
with the incidents at its place, its ancestors or inside it during the weeks its interval
touches — not with every incident. ``MAX_INSIDE`` caps the incidents a coarse place (a
country) may choose among: beyond it the event is too vague to place and stays apart.

Per incident: ``outlets``, ``modalities`` (a tally, never a verdict), every report's
``counts`` side by side (disagreement is the point), and ``independent_sources``: documents
linked by copying — a reuse pair, or a claim whose ``via`` chain passes through another
member's outlet — count once (connected components).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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
PRECISE_DAYS = 7  # events at most this wide (day, week) set an incident's span
RECENT_DAYS = 45  # unique_facility_incident: published at most this long after the incident
MAX_INSIDE = 64  # a coarse place choosing among more incidents inside it is too vague
FUTURE_MODALITIES = frozenset({"expected", "hypothetical"})
UNDATED_RULES = ("same_document", "reuse_link", "same_count", "unique_facility_incident")
_MAX_PASSES = 5


def compatible(t1: str, t2: str) -> bool:
    return t1 == t2 or t2 in COMPATIBLE.get(t1, set())


_COMPATIBLE_WITH: dict[str, frozenset[str]] = {}


def _compatible_with(t: str) -> frozenset[str]:
    """``t`` and every type compatible with it (one set test per incident, not a loop)."""
    if t not in _COMPATIBLE_WITH:
        _COMPATIBLE_WITH[t] = frozenset({t, *COMPATIBLE.get(t, ())})
    return _COMPATIBLE_WITH[t]


def main_type(types: Iterable[str]) -> str:
    return min(types, key=lambda t: MAIN_TYPE_RANK.index(t) if t in MAIN_TYPE_RANK else 99)


# a denied or merely possible event does not give the incident its type (a denied riot next
# to an asserted escape is an escape)
UNREAL_MODALITIES = frozenset({"denied", "hypothetical", "expected"})


def _incident_type(members: Iterable[EventRow]) -> str:
    rows = list(members)
    real = [m.type for m in rows if (m.modality or "asserted") not in UNREAL_MODALITIES]
    return main_type(real or [m.type for m in rows])


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


def _ordinal(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class _Ev:
    row: EventRow
    lo: int | None  # date interval as proleptic ordinals (None: undated)
    hi: int | None
    pub: int | None  # the document's publication date

    @property
    def width(self) -> int:
        return self.hi - self.lo if self.lo is not None and self.hi is not None else 10**6


@dataclass(slots=True)
class _Incident:
    members: list[tuple[EventRow, str]] = field(default_factory=list)  # (event, joined_by)
    place: str | None = None
    span: tuple[int, int] | None = None  # hull of day/week-precise members
    vague: tuple[int, int] | None = None  # intersection of coarser members (if no span)
    lo: int | None = None  # hull of every dated member
    hi: int | None = None
    types: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    reg_place: str | None = None
    reg_weeks: set[int] = field(default_factory=set)

    def reach(self) -> tuple[int, int] | None:
        iv = self.span or self.vague
        if iv is None and self.lo is not None and self.hi is not None:
            iv = (self.lo, self.hi)
        return iv


def _add(inc: _Incident, e: _Ev, how: str, ancestors: Callable[[str], list[str]]) -> None:
    row = e.row
    inc.members.append((row, how))
    inc.types.add(row.type)
    inc.docs.add(row.doc)
    if inc.place is None:
        inc.place = row.place
    elif row.place and row.place != inc.place and inc.place in ancestors(row.place):
        inc.place = row.place  # refine to the more specific place
    if e.lo is None or e.hi is None:
        return
    inc.lo = e.lo if inc.lo is None else min(inc.lo, e.lo)
    inc.hi = e.hi if inc.hi is None else max(inc.hi, e.hi)
    if e.width <= PRECISE_DAYS:
        inc.span = (min(inc.span[0], e.lo), max(inc.span[1], e.hi)) if inc.span else (e.lo, e.hi)
    elif inc.vague is None:
        inc.vague = (e.lo, e.hi)
    else:
        lo, hi = max(inc.vague[0], e.lo), min(inc.vague[1], e.hi)
        if lo <= hi:
            inc.vague = (lo, hi)


def _date_fit(e: _Ev, inc: _Incident) -> int | None:
    """How well dated ``e`` fits ``inc`` in time (lower is better), or None if it may not."""
    assert e.lo is not None and e.hi is not None
    if inc.span is not None:
        s, l_ = inc.span
        gap = s - e.hi if e.hi < s else e.lo - l_ if e.lo > l_ else 0
        if gap > DAY_TOLERANCE:
            return None
        # joining must not stretch the incident beyond MAX_SPAN_DAYS
        if e.width <= PRECISE_DAYS and max(l_, e.hi) - min(s, e.lo) > MAX_SPAN_DAYS:
            return None
        return gap
    if inc.vague is not None:
        s, l_ = inc.vague
        return None if e.hi < s or e.lo > l_ else 0
    return None


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
    # the cyclic garbage collector would re-scan every live object (a 100k-document corpus
    # in the caller) again and again while this allocates small objects: 54 s instead of 4 s
    # at 100k events. Nothing built here forms reference cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(list(events), ancestors, reuse_pairs, via_links, doc_outlets, is_facility)
    finally:
        if was_enabled:
            gc.enable()


def _build(
    events: list[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    via_links: Iterable[tuple[str, str]],
    doc_outlets: dict[str, str | None],
    is_facility: Callable[[str], bool] | None,
) -> list[dict[str, Any]]:
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

    evs = [_Ev(r, _ordinal(r.earliest), _ordinal(r.latest), _ordinal(r.published)) for r in events]
    for e in evs:
        if e.lo is None or e.hi is None or e.hi < e.lo:
            e.lo = e.hi = None
    dated = [e for e in evs if e.row.place and e.lo is not None]
    undated = [e for e in evs if e.row.place and e.lo is None]
    placeless = [e for e in evs if not e.row.place]
    # precise events first, so incidents form around day-precise reports
    dated.sort(key=lambda e: (e.width, e.lo, e.row.published or "9999", e.row.doc, e.row.event))

    incidents: list[_Incident] = []
    # blocking: (place, week) -> incidents anchored at that place reaching that week, and
    # (ancestor, week) -> incidents strictly inside that ancestor reaching that week
    at_place: dict[tuple[str, int], list[int]] = defaultdict(list)
    inside: dict[tuple[str, int], list[int]] = defaultdict(list)

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
            at_place[(inc.place, w)].append(idx)
            for a in anc(inc.place):
                inside[(a, w)].append(idx)

    for e in dated:
        p = e.row.place
        assert p is not None and e.lo is not None and e.hi is not None
        chain = [p, *anc(p)]
        my_types = _compatible_with(e.row.type)
        cands: set[int] = set()
        inner: set[int] = set()
        for w in range((e.lo - DAY_TOLERANCE) // 7, (e.hi + DAY_TOLERANCE) // 7 + 1):
            for q in chain:
                cands.update(at_place.get((q, w), ()))
            inner.update(inside.get((p, w), ()))
        if len(inner) <= MAX_INSIDE:
            cands |= inner
        scored: list[tuple[int, int]] = []
        for i in cands:
            inc = incidents[i]
            ip = inc.place
            if ip != p and ip not in chain and (ip is None or p not in anc(ip)):
                continue
            if inc.types.isdisjoint(my_types):
                continue
            score = _date_fit(e, inc)
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
            incidents.append(_Incident())
            best = len(incidents) - 1
            how = "first_report"
        else:
            how = "date_overlap"
        _add(incidents[best], e, how, anc)
        register(best)

    _join_undated(incidents, undated, linked, anc, is_facility)

    singles = [_Incident([(e.row, "first_report")], None, types={e.row.type}, docs={e.row.doc})
               for e in placeless]
    via_by_doc: dict[str, list[str]] = defaultdict(list)
    for d, outlet in via_links:
        via_by_doc[d].append(outlet)
    out = [_render(inc, linked, via_by_doc, doc_outlets) for inc in incidents + singles]
    out.sort(key=lambda x: (x["date"] or "9999", x["id"]))
    return out


def _join_undated(
    incidents: list[_Incident],
    undated: list[_Ev],
    linked: dict[str, set[str]],
    anc: Callable[[str], list[str]],
    is_facility: Callable[[str], bool] | None,
) -> None:
    """Attach undated events to dated incidents on strong evidence, else group them."""
    n_dated = len(incidents)
    by_doc: dict[str, list[tuple[int, EventRow]]] = defaultdict(list)
    by_count: dict[tuple[str, float | None, float | None], list[tuple[int, EventRow]]] = defaultdict(list)
    at_facility: dict[str, list[int]] = defaultdict(list)

    def index_member(i: int, m: EventRow) -> None:
        by_doc[m.doc].append((i, m))
        if m.place and (m.count_min is not None or m.count_max is not None):
            by_count[(m.place, m.count_min, m.count_max)].append((i, m))

    # (place, week) -> incidents a report published that week may be about (lo .. hi+RECENT)
    recent_at: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, inc in enumerate(incidents):
        for m, _ in inc.members:
            index_member(i, m)
        if inc.place is not None:
            at_facility[inc.place].append(i)
            if inc.lo is not None and inc.hi is not None:
                for w in range(inc.lo // 7, (inc.hi + RECENT_DAYS) // 7 + 1):
                    recent_at[(inc.place, w)].append(i)
    main_of = [_incident_type(m for m, _ in inc.members) for inc in incidents]

    def time_ok(e: _Ev, inc: _Incident) -> bool:
        # a report cannot describe as past a happening that starts after its publication
        if e.pub is None or (e.row.modality or "") in FUTURE_MODALITIES or inc.lo is None:
            return True
        return inc.lo <= e.pub

    def via_members(e: _Ev, members: Iterable[tuple[int, EventRow]]) -> set[int]:
        return {i for i, m in members
                if m is not e.row and m.place == e.row.place and compatible(m.type, e.row.type)
                and time_ok(e, incidents[i])}

    def decide(e: _Ev) -> tuple[str, int] | None:
        row = e.row
        for rule in UNDATED_RULES:
            if rule == "same_document":
                found = via_members(e, by_doc.get(row.doc, ()))
            elif rule == "reuse_link":
                found = via_members(e, (x for d in sorted(linked.get(row.doc, ()))
                                        for x in by_doc.get(d, ())))
            elif rule == "same_count":
                if row.count_min is None and row.count_max is None:
                    continue
                found = via_members(e, by_count.get((row.place or "", row.count_min, row.count_max), ()))
            else:
                if is_facility is None or not row.place or not is_facility(row.place):
                    continue
                found = set()
                pool = (at_facility.get(row.place, ()) if e.pub is None
                        else recent_at.get((row.place, e.pub // 7), ()))
                for i in pool:
                    inc = incidents[i]
                    # the type of the incident as dated reports gave it (phase 1)
                    if not compatible(row.type, main_of[i]) or not time_ok(e, inc):
                        continue
                    if e.pub is not None and inc.hi is not None and e.pub - inc.hi > RECENT_DAYS:
                        continue
                    found.add(i)
                    if len(found) > 1:
                        return None  # several incidents at the facility: ambiguous
            if len(found) == 1:
                return rule, next(iter(found))
            if found:
                return None  # the evidence points at several incidents: ambiguous
        return None

    pending = sorted(undated, key=lambda e: (e.row.doc, e.row.event))
    for _ in range(_MAX_PASSES):
        decisions = [(e, decide(e)) for e in pending]
        joined = [(e, d) for e, d in decisions if d is not None]
        if not joined:
            break
        for e, (rule, i) in joined:
            _add(incidents[i], e, rule, anc)
            index_member(i, e.row)
        pending = [e for e, d in decisions if d is None]

    # the rest: undated-only incidents, grouped at one place with one type on a reuse link
    # or the same count (the evidence rules, without a dated anchor)
    u_by_doc: dict[str, list[int]] = defaultdict(list)
    u_by_count: dict[tuple[str, float | None, float | None], list[int]] = defaultdict(list)
    for e in pending:
        row = e.row
        found_rule: tuple[str, int] | None = None
        for d in sorted(linked.get(row.doc, ())):
            for i in u_by_doc.get(d, ()):
                inc = incidents[i]
                if inc.place == row.place and row.type in inc.types:
                    found_rule = ("reuse_link", i)
                    break
            if found_rule:
                break
        if found_rule is None and (row.count_min is not None or row.count_max is not None):
            for i in u_by_count.get((row.place or "", row.count_min, row.count_max), ()):
                if row.type in incidents[i].types:
                    found_rule = ("same_count", i)
                    break
        if found_rule is None:
            incidents.append(_Incident())
            found_rule = ("first_report", len(incidents) - 1)
        how, i = found_rule
        _add(incidents[i], e, how, anc)
        if i >= n_dated:
            if i not in u_by_doc[row.doc]:
                u_by_doc[row.doc].append(i)
            if row.count_min is not None or row.count_max is not None:
                u_by_count[(row.place or "", row.count_min, row.count_max)].append(i)


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


def _render(inc: _Incident, linked: dict[str, set[str]], via_by_doc: dict[str, list[str]],
            doc_outlets: dict[str, str | None]) -> dict[str, Any]:
    members = sorted(inc.members, key=lambda mh: (mh[0].earliest or "9999", mh[0].published or "9999",
                                                  mh[0].doc, mh[0].event))
    rows = [m for m, _ in members]
    main = _incident_type(rows)

    # the date: the most precise value among main-type members, else among all
    def best_date(ms: list[EventRow]) -> str | None:
        dated = [m for m in ms if m.date_value and m.earliest and m.latest]
        if not dated:
            return None
        return min(dated, key=lambda m: (_width(m), m.earliest or "")).date_value

    date = best_date([m for m in rows if m.type == main]) or best_date(rows)
    first = rows[0]
    inc_id = "inc_" + hashlib.sha256(f"{first.doc}/{first.event}".encode()).hexdigest()[:12]
    docs = {m.doc for m in rows}
    # documents that copy: reuse pairs, and via chains (b's claims pass through a's outlet)
    outlet_docs: dict[str, list[str]] = defaultdict(list)
    for d in sorted(docs):
        if o := doc_outlets.get(d):
            outlet_docs[o].append(d)
    edges = [(a, b) for a in docs for b in linked.get(a, ()) if b in docs]
    for d in docs:
        for outlet in via_by_doc.get(d, ()):
            edges.extend((d, other) for other in outlet_docs.get(outlet, ()) if other != d)
    outlets = sorted({o for d in docs if (o := doc_outlets.get(d))})
    modalities = Counter(m.modality or "asserted" for m in rows)
    counts = [{"doc": m.doc, "event": m.event, "min": _number(m.count_min),
               "max": _number(m.count_max)}
              for m in rows if m.count_min is not None or m.count_max is not None]
    earliest = min((m.earliest for m in rows if m.earliest), default=None)
    latest = max((m.latest for m in rows if m.latest), default=None)
    return {
        "id": inc_id,
        "type": main,
        "date": date,
        "place": inc.place,
        "events": [{"doc": m.doc, "event": m.event, "joined_by": how} for m, how in members],
        "outlets": outlets,
        "independent_sources": _components(docs, edges),
        "modalities": dict(sorted(modalities.items())),
        "counts": counts,
        "date_earliest": earliest,
        "date_latest": latest,
        "types": sorted(inc.types),
        "documents": len(docs),
        "joined_by": dict(sorted(Counter(how for _, how in members).items())),
    }


def _width(e: EventRow) -> int:
    lo, hi = _ordinal(e.earliest), _ordinal(e.latest)
    return hi - lo if lo is not None and hi is not None else 10**6


def incident_blocks(
    events: list[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    is_facility: Callable[[str], bool] | None = None,
) -> list[int]:
    """Partition ``events`` into blocks that ``build_incidents`` never lets interact.

    Returns one block number per event. Building the incidents of a union of whole blocks
    gives exactly the incidents the full corpus gives for those events, so a rebuild after
    an ingest only recomputes the blocks the new documents touch (``corpus.build``).

    * **place × time** — a dated event only meets incidents at its place, its ancestors or
      inside it, in the weeks its range widened by ``DAY_TOLERANCE`` touches (the blocking of
      ``_build``). Events are tied through (place, week) nodes: their own place's, and their
      ancestors' where an event there created one. An incident's members lie on one chain of
      places and their week ranges overlap one another (a joining event is within
      ``DAY_TOLERANCE`` of the span), so the weeks it registers are covered by its members'
      nodes and two blocks never meet.
    * **undated** — an undated event at ``p`` is tied to every event at ``p`` of its own
      document, of documents linked to it by reuse and with the same count (rules 1-3 and the
      grouping of the rest), and, for a facility, to every cluster at ``p`` that can hold an
      incident recent at its publication date (rule 4; all of them when it has none).
    """
    was_enabled = gc.isenabled()
    gc.disable()  # as in build_incidents: no cycles here, and the collector rescans the corpus
    try:
        return _blocks(events, ancestors, reuse_pairs, is_facility)
    finally:
        if was_enabled:
            gc.enable()


def _blocks(
    events: list[EventRow],
    ancestors: Callable[[str], list[str]],
    reuse_pairs: Iterable[tuple[str, str]],
    is_facility: Callable[[str], bool] | None,
) -> list[int]:
    n = len(events)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    anc_cache: dict[str, list[str]] = {}

    def anc(p: str) -> list[str]:
        if p not in anc_cache:
            anc_cache[p] = list(ancestors(p))
        return anc_cache[p]

    spans: list[tuple[int, int] | None] = []
    for r in events:
        lo, hi = _ordinal(r.earliest), _ordinal(r.latest)
        spans.append((lo, hi) if lo is not None and hi is not None and hi >= lo else None)

    def weeks(i: int) -> range:
        lo, hi = spans[i]  # type: ignore[misc]
        return range((lo - DAY_TOLERANCE) // 7, (hi + DAY_TOLERANCE) // 7 + 1)

    # one node per (place, week) a dated event's widened range touches; an event joins the
    # nodes of its place and those of its ancestors that exist (an ancestor's event created
    # them), so a town report ties the facilities in it only in the weeks it covers
    dated = [i for i, r in enumerate(events) if r.place and spans[i] is not None]
    keys: dict[tuple[str, int], int] = {}
    for i in dated:
        p = events[i].place
        for w in weeks(i):
            k = keys.get((p, w))  # type: ignore[arg-type]
            if k is None:
                keys[(p, w)] = i  # type: ignore[index]
            else:
                union(i, k)
    for i in dated:
        ws = weeks(i)
        for a in anc(events[i].place):  # type: ignore[arg-type]
            for w in ws:
                k = keys.get((a, w))
                if k is not None:
                    union(i, k)
    # the blocks of dated events: (representative, first day, last day)
    extent: dict[int, list[int]] = {}
    for i in dated:
        root = find(i)
        lo, hi = spans[i]  # type: ignore[misc]
        if root in extent:
            ex = extent[root]
            ex[0], ex[1] = min(ex[0], lo), max(ex[1], hi)
        else:
            extent[root] = [lo, hi]
    clusters: list[tuple[int, int, int]] = [(root, lo, hi) for root, (lo, hi) in extent.items()]
    cluster_index = {c[0]: n for n, c in enumerate(clusters)}
    cluster_of = {i: cluster_index[find(i)] for i in dated}

    linked: dict[str, set[str]] = defaultdict(set)
    for a, b in reuse_pairs:
        linked[a].add(b)
        linked[b].add(a)
    by_doc_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_count: dict[tuple[str, float | None, float | None], list[int]] = defaultdict(list)
    clusters_at: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(events):
        if not r.place:
            continue
        by_doc_place[(r.doc, r.place)].append(i)
        if r.count_min is not None or r.count_max is not None:
            by_count[(r.place, r.count_min, r.count_max)].append(i)
        if i in cluster_of:
            clusters_at[r.place].add(cluster_of[i])

    recent_cache: dict[str, dict[int, list[int]]] = {}

    def recent_at(p: str) -> dict[int, list[int]]:
        """week -> blocks at facility ``p`` that may hold an incident recent that week."""
        if p not in recent_cache:
            by_week: dict[int, list[int]] = defaultdict(list)
            for c in clusters_at.get(p, ()):
                rep, lo, hi = clusters[c]
                for w in range(lo // 7, (hi + RECENT_DAYS) // 7 + 1):
                    by_week[w].append(rep)
            recent_cache[p] = by_week
        return recent_cache[p]

    for i, r in enumerate(events):
        if not r.place or spans[i] is not None:
            continue
        p = r.place
        for d in (r.doc, *linked.get(r.doc, ())):
            for j in by_doc_place.get((d, p), ()):
                union(i, j)
        if r.count_min is not None or r.count_max is not None:
            for j in by_count.get((p, r.count_min, r.count_max), ()):
                union(i, j)
        if is_facility is not None and is_facility(p):
            pub = _ordinal(r.published)
            if pub is None:
                for c in clusters_at.get(p, ()):
                    union(i, clusters[c][0])
            else:
                for rep in recent_at(p).get(pub // 7, ()):
                    union(i, rep)
    return [find(i) for i in range(n)]


def _number(value: float | None) -> float | int | None:
    """A count as the document gave it: 30, not the 30.0 SQLite's REAL column returns."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
