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
dated incident only on *strong evidence*. A document's undated events are placed **together**:
those at one place whose types are connected by ``COMPATIBLE`` form the document's group (an
undated attack on a prison and the arrests that ended it are one happening), and the group is
decided as one. The rules are tried in this order, strongest first; the first rule for which
some member has evidence decides:

1. ``same_document`` — its own document dates an event in the incident at the same place
   with a compatible type (one article about the attack also reports the riot);
2. ``reuse_link`` — its document shares passages (text reuse) with a document that has an
   event in the incident at the same place with a compatible type;
3. ``same_count`` — an event of the incident at the same place with a compatible type gives
   the very same count (a specific detail two reports of one happening share);
4. ``unique_facility_incident`` — the place is a *facility* (a prison, a camp: not a town),
   and exactly one dated incident is at that facility with a main type compatible with the
   event's, near what the document says about time: with a publication date, the incident
   ends no more than ``RECENT_DAYS`` before it (news reports recent happenings); without
   one, one of the document's own dated events (any place) lies within ``RECENT_DAYS`` of
   the incident; with neither (nothing anchors the document in time), the incident must be
   precisely dated (a day- or week-precise member), never one known only to a month or a
   year (typically a background clause: «in 2019 ...»).

If the group's evidence at that rule names one incident, the whole group joins it: members
with the evidence record the rule, the members it carries record ``same_document`` (their
document's event is in the incident). If it names several, the group is ambiguous and stays
together on its own — unless the rule is one of 1-3 and each piece of evidence names exactly
one incident: then the document reports several happenings, the members with evidence join
theirs, and the others wait. Events whose partial dates (``XXXX-08-19``, ``XXXX-09-04``: no
year) name different days are never grouped, and a partial date never joins an incident whose
members or dates it contradicts.

In every rule the document's publication date bounds the event: a report cannot describe as
past a happening that starts after it was published (``expected``/``hypothetical`` events
excepted). Rules are re-applied until nothing changes, so a group can lean on another
undated event (of a linked document, or with the same count) that joined before it. Groups
that join nothing form their own incidents (founder ``first_report``, the rest
``same_document``), merged at the same place with the same type on a reuse link or the same
count. Every member records how it joined (``joined_by``): ``first_report`` (founded the
incident), ``date_overlap``, or one of the rules above.

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
    partials: set[str] = field(default_factory=set)  # members' dates without a year

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
    if (row.date_value or "").startswith("XXXX-"):
        inc.partials.add(row.date_value)  # type: ignore[arg-type]
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
    with _cyclic_gc_paused():
        return _build(list(events), ancestors, reuse_pairs, via_links, doc_outlets, is_facility)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block: it would re-scan every live object (a
    100k-document corpus in the caller) again and again while the clustering allocates small
    objects (54 s instead of 4 s at 100k events), and nothing built there forms cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
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

    # what each document itself dates (any place): the anchors of rule 4
    anchors: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for e in evs:
        if e.lo is not None and e.hi is not None:
            anchors[e.row.doc].append((e.lo, e.hi))
    _join_undated(incidents, undated, linked, anc, is_facility, anchors)

    singles = [_Incident([(e.row, "first_report")], None, types={e.row.type}, docs={e.row.doc})
               for e in placeless]
    via_by_doc: dict[str, list[str]] = defaultdict(list)
    for d, outlet in via_links:
        via_by_doc[d].append(outlet)
    out = [_render(inc, linked, via_by_doc, doc_outlets) for inc in incidents + singles]
    out.sort(key=lambda x: (x["date"] or "9999", x["id"]))
    return out


def _partial_dates_conflict(a: EventRow, b: EventRow) -> bool:
    """Both carry a date without a year (``XXXX-08-19``, ``XXXX-09``) and name different days."""
    va, vb = a.date_value or "", b.date_value or ""
    if not (va.startswith("XXXX-") and vb.startswith("XXXX-")):
        return False
    return not (va.startswith(vb) or vb.startswith(va))


def _partial_fits(row: EventRow, inc: _Incident) -> bool:
    """A date without a year (``XXXX-09-15``) agrees with the incident's members and dates.

    Null beats a guess, but a partial date is still evidence: the 15th of September is not
    the attack of 20 January, whatever the year.
    """
    value = row.date_value or ""
    if not value.startswith("XXXX-"):
        return True
    if any(not (value.startswith(p) or p.startswith(value)) for p in inc.partials):
        return False
    if inc.lo is None or inc.hi is None:
        return True
    parts = value.split("-")
    try:
        month = int(parts[1])
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:  # a week or a season: nothing to compare
        return True
    lo, hi = inc.lo - DAY_TOLERANCE, inc.hi + DAY_TOLERANCE
    y0, y1 = dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year
    if y1 - y0 > 1:
        return True
    for year in range(y0, y1 + 1):
        try:
            if day is not None:
                first = last = dt.date(year, month, day).toordinal()
            else:
                first = dt.date(year, month, 1).toordinal()
                last = (dt.date(year + month // 12, month % 12 + 1, 1).toordinal()) - 1
        except ValueError:  # 29 February of a common year, a month 13: no such day
            continue
        if first <= hi and last >= lo:
            return True
    return False


def _linked_groups(evs: list[_Ev], linked: Callable[[EventRow, EventRow], bool]) -> list[list[_Ev]]:
    """Connected components of ``evs`` under ``linked`` (a handful of events per document)."""
    comp = list(range(len(evs)))
    for a in range(len(evs)):
        for b in range(a):
            if comp[a] != comp[b] and linked(evs[a].row, evs[b].row):
                old, new = comp[a], comp[b]
                comp = [new if c == old else c for c in comp]
    by_comp: dict[int, list[_Ev]] = defaultdict(list)
    for k, e in zip(comp, evs, strict=True):
        by_comp[k].append(e)
    return list(by_comp.values())


def _doc_groups(undated: list[_Ev]) -> list[list[_Ev]]:
    """The undated events of each document, grouped at one place by compatible types.

    A report that tells, undated, of an attack on a prison and of the arrests that ended it
    speaks of one happening: its undated events at one place whose types are connected by
    ``COMPATIBLE`` are placed together (the evidence of one carries the others). When the
    document's own partial dates set two of them apart (``XXXX-08-19`` and ``XXXX-09-04``: a
    chronology of escapes from one camp), it reports several happenings there: only events
    of the same partial date go together, and those without one are decided alone (which
    day they belong to would be a guess).
    """
    at: dict[tuple[str, str], list[_Ev]] = defaultdict(list)
    for e in sorted(undated, key=lambda e: (e.row.doc, e.row.event)):
        at[(e.row.doc, e.row.place or "")].append(e)

    def fits(a: EventRow, b: EventRow) -> bool:
        return compatible(a.type, b.type) and not _partial_dates_conflict(a, b)

    def same_day(a: EventRow, b: EventRow) -> bool:
        return compatible(a.type, b.type) and a.date_value == b.date_value

    groups: list[list[_Ev]] = []
    for evs in at.values():
        for members in _linked_groups(evs, fits):
            # linked through an event without a date, two of them may still name other days
            if not any(_partial_dates_conflict(x.row, y.row)
                       for n, x in enumerate(members) for y in members[:n]):
                groups.append(members)
                continue
            partial = [e for e in members if (e.row.date_value or "").startswith("XXXX-")]
            groups.extend([e] for e in members if not (e.row.date_value or "").startswith("XXXX-"))
            groups.extend(_linked_groups(partial, same_day))
    groups.sort(key=lambda g: (g[0].row.doc, g[0].row.event))
    return groups


def _join_undated(
    incidents: list[_Incident],
    undated: list[_Ev],
    linked: dict[str, set[str]],
    anc: Callable[[str], list[str]],
    is_facility: Callable[[str], bool] | None,
    anchors: dict[str, list[tuple[int, int]]],
) -> None:
    """Attach undated events to dated incidents on strong evidence, else group them.

    ``anchors`` holds each document's dated event intervals (any place): what the document
    itself says about when it happened.
    """
    n_dated = len(incidents)
    # the members of incidents by (document, place) and by (place, count), each as incident ->
    # the members' types there: the evidence of rules 1-3 asks which incidents hold a member
    # at the event's place with a compatible type (a count many reports repeat gives
    # hundreds of members of a few incidents: grouped, each incident is looked at once)
    by_doc: dict[tuple[str, str | None], dict[int, set[str]]] = defaultdict(dict)
    by_count: dict[tuple[str, float | None, float | None], dict[int, set[str]]] = defaultdict(dict)
    at_facility: dict[str, list[int]] = defaultdict(list)

    def index_member(i: int, m: EventRow) -> None:
        by_doc[(m.doc, m.place)].setdefault(i, set()).add(m.type)
        if m.place and (m.count_min is not None or m.count_max is not None):
            by_count[(m.place, m.count_min, m.count_max)].setdefault(i, set()).add(m.type)

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
    typed_pools: dict[tuple[tuple[str, int | None], str], list[int]] = {}

    def time_ok(e: _Ev, inc: _Incident) -> bool:
        # a report cannot describe as past a happening that starts after its publication
        if e.pub is None or (e.row.modality or "") in FUTURE_MODALITIES or inc.lo is None:
            return True
        return inc.lo <= e.pub

    def date_ok(e: _Ev, i: int) -> bool:
        inc = incidents[i]
        if not time_ok(e, inc):
            return False
        value = e.row.date_value
        # only a date without a year can disagree with the incident (``_partial_fits``)
        return not value or not value.startswith("XXXX-") or _partial_fits(e.row, inc)

    def via_members(e: _Ev, groups: Iterable[dict[int, set[str]]]) -> set[int]:
        """The incidents of ``groups`` (members at e's place) with a member of a type
        compatible with e's (``COMPATIBLE`` is symmetric) that e's date allows. e itself is
        pending, never a member yet."""
        found: set[int] = set()
        refused: set[int] = set()
        mine = _compatible_with(e.row.type)
        for group in groups:
            for i, types in group.items():
                if i in found or i in refused or types.isdisjoint(mine):
                    continue
                (found if date_ok(e, i) else refused).add(i)
        return found

    def facility_fits(e: _Ev, i: int) -> bool:
        """Rule 4 for one incident: its main type, and its dates near what the document says."""
        inc = incidents[i]
        # the type of the incident as dated reports gave it (phase 1)
        if not compatible(e.row.type, main_of[i]) or not date_ok(e, i):
            return False
        if inc.lo is None or inc.hi is None:
            return False
        if e.pub is not None:  # news reports recent happenings
            return e.pub - inc.hi <= RECENT_DAYS
        own = anchors.get(e.row.doc)
        if own:  # no publication date: the document's own dated events must come near
            return any(max(lo - inc.hi, inc.lo - hi, 0) <= RECENT_DAYS for lo, hi in own)
        # nothing in the document places it in time: only a precisely dated happening can be
        # "the" one it reports, never one known to a month or a year (a background mention)
        return inc.span is not None

    def evidence(e: _Ev, rule: str) -> set[int]:
        row = e.row
        if rule == "same_document":
            return via_members(e, [by_doc.get((row.doc, row.place), {})])
        if rule == "reuse_link":
            return via_members(e, [by_doc.get((d, row.place), {})
                                   for d in sorted(linked.get(row.doc, ()))])
        if rule == "same_count":
            if row.count_min is None and row.count_max is None:
                return set()
            return via_members(e, [by_count.get((row.place or "", row.count_min, row.count_max), {})])
        if is_facility is None or not row.place or not is_facility(row.place):
            return set()
        key = (row.place, None) if e.pub is None else (row.place, e.pub // 7)
        pool = typed_pools.get((key, row.type))
        if pool is None:
            # the pool's incidents whose main type is compatible with the event's (the
            # first test of facility_fits), kept for the next event of this type there
            whole = at_facility.get(row.place, ()) if e.pub is None else recent_at.get(key, ())
            pool = [i for i in whole if compatible(row.type, main_of[i])]
            typed_pools[(key, row.type)] = pool
        found: set[int] = set()
        for i in pool:
            if facility_fits(e, i):
                found.add(i)
                if len(found) > 1:
                    break  # not the only one: ambiguous however many more there are
        return found

    def decide(group: list[_Ev]) -> list[tuple[_Ev, str, int]]:
        """Where a document's group goes: (event, joined_by, incident) for those that join."""
        for rule in UNDATED_RULES:
            found = [(e, f) for e in group if (f := evidence(e, rule))]
            if not found:
                continue  # no evidence of this kind: try the next, weaker one
            targets = set().union(*(f for _, f in found))
            if len(targets) == 1:
                # one incident: the members with this evidence carry the others of the group
                (i,) = targets
                own = {id(e) for e, _ in found}
                return [(e, rule if id(e) in own else "same_document", i) for e in group
                        if id(e) in own or date_ok(e, i)]
            if rule != "unique_facility_incident" and all(len(f) == 1 for _, f in found):
                # strong evidence, each piece unambiguous, names several incidents: the
                # document reports several happenings; the members without evidence wait
                return [(e, rule, next(iter(f))) for e, f in found]
            return []  # ambiguous: the group stays together, apart (null beats a guess)
        return []

    def reads(g: list[_Ev], docs: set[tuple[str, str | None]],
              counts: set[tuple[str, float | None, float | None]]) -> bool:
        """Does the evidence of rules 1-3 for ``g`` look up one of these index keys?"""
        for e in g:
            row = e.row
            if (row.doc, row.place) in docs or any((d, row.place) in docs
                                                   for d in linked.get(row.doc, ())):
                return True
            if ((row.count_min is not None or row.count_max is not None)
                    and (row.place or "", row.count_min, row.count_max) in counts):
                return True
        return False

    pending = _doc_groups(undated)
    # A group that found nothing in a pass finds nothing in the next unless what its evidence
    # reads changed: the members indexed under its keys (rules 1-3), or an incident's dates
    # without a year (date_ok, for every rule). Undated members change nothing else an
    # evidence reads (an incident's dates, main type and the facility pools stay as phase 1
    # left them), so such a group is not decided again: same passes, same result.
    settled = [False] * len(pending)
    for _ in range(_MAX_PASSES):
        decisions = [(g, [] if quiet else decide(g)) for g, quiet in zip(pending, settled, strict=True)]
        if not any(d for _, d in decisions):
            break
        rest: list[list[_Ev]] = []
        remainder: list[bool] = []  # what is left of a group of which some members joined
        new_docs: set[tuple[str, str | None]] = set()
        new_counts: set[tuple[str, float | None, float | None]] = set()
        partials_grew = False
        for g, d in decisions:
            for e, rule, i in d:
                before = len(incidents[i].partials)
                _add(incidents[i], e, rule, anc)
                index_member(i, e.row)
                partials_grew = partials_grew or len(incidents[i].partials) != before
                m = e.row
                new_docs.add((m.doc, m.place))
                if m.place and (m.count_min is not None or m.count_max is not None):
                    new_counts.add((m.place, m.count_min, m.count_max))
            placed = {id(e) for e, _, _ in d}
            if left := [e for e in g if id(e) not in placed]:
                rest.append(left)
                remainder.append(bool(d))
        pending = rest
        settled = [not part and not partials_grew and not reads(g, new_docs, new_counts)
                   for g, part in zip(rest, remainder, strict=True)]

    # the rest: undated-only incidents, one per document group, merged at one place with one
    # type on a reuse link or the same count (the evidence rules, without a dated anchor)
    u_by_doc: dict[str, list[int]] = defaultdict(list)
    u_by_count: dict[tuple[str, float | None, float | None], list[int]] = defaultdict(list)

    def undated_target(g: list[_Ev]) -> tuple[_Ev, str, int] | None:
        for e in g:
            row = e.row
            for d in sorted(linked.get(row.doc, ())):
                for i in u_by_doc.get(d, ()):
                    inc = incidents[i]
                    if (inc.place == row.place and row.type in inc.types
                            and all(_partial_fits(x.row, inc) for x in g)):
                        return e, "reuse_link", i
        for e in g:
            row = e.row
            if row.count_min is not None or row.count_max is not None:
                for i in u_by_count.get((row.place or "", row.count_min, row.count_max), ()):
                    if (row.type in incidents[i].types
                            and all(_partial_fits(x.row, incidents[i]) for x in g)):
                        return e, "same_count", i
        return None

    def own_evidence(e: _Ev, i: int) -> str | None:
        row = e.row
        if row.type not in incidents[i].types:
            return None
        if incidents[i].place == row.place and any(
                i in u_by_doc.get(d, ()) for d in linked.get(row.doc, ())):
            return "reuse_link"
        if ((row.count_min is not None or row.count_max is not None)
                and i in u_by_count.get((row.place or "", row.count_min, row.count_max), ())):
            return "same_count"
        return None

    for g in pending:
        target = undated_target(g)
        if target is None:
            incidents.append(_Incident())
            target = (g[0], "first_report", len(incidents) - 1)
        carrier, how, i = target
        # how each joins, decided before any of them is indexed into the incident
        hows = [how if e is carrier else own_evidence(e, i) or "same_document" for e in g]
        for e, how_e in zip(g, hows, strict=True):
            row = e.row
            _add(incidents[i], e, how_e, anc)
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
      document (its document's group, rule 1), of documents linked to it by reuse and with
      the same count (rules 2-3 and the grouping of the rest), and, for a facility, to every
      cluster at ``p`` that can hold an incident recent at its publication date (rule 4; all
      of them when it has none, and then also to every dated event of its document, whatever
      the place: rule 4 reads them as the document's anchors in time).
    """
    with _cyclic_gc_paused():
        return _blocks(events, ancestors, reuse_pairs, is_facility)


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

    dated_of_doc: dict[str, list[int]] = defaultdict(list)  # any place, placeless too
    for i, r in enumerate(events):
        if spans[i] is not None:
            dated_of_doc[r.doc].append(i)
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

    # An undated event is tied to every member of some lists (its document's events at its
    # place, those with its count...). Tying to all of a list is tying the list together
    # once, then to its first member: linear, where a count repeated by many reports would
    # make it quadratic.
    tied: set[Any] = set()

    def tie(i: int, key: Any, members: list[int] | tuple[int, ...]) -> None:
        if not members:
            return
        if key not in tied:
            tied.add(key)
            first = members[0]
            for j in members[1:]:
                union(first, j)
        union(i, members[0])

    for i, r in enumerate(events):
        if not r.place or spans[i] is not None:
            continue
        p = r.place
        for d in (r.doc, *linked.get(r.doc, ())):
            tie(i, ("doc", d, p), by_doc_place.get((d, p), ()))
        if r.count_min is not None or r.count_max is not None:
            key = (p, r.count_min, r.count_max)
            tie(i, ("count", key), by_count.get(key, ()))
        if is_facility is not None and is_facility(p):
            pub = _ordinal(r.published)
            if pub is None:
                tie(i, ("facility", p), [clusters[c][0] for c in sorted(clusters_at.get(p, ()))])
                # without a publication date, rule 4 reads the document's own dated events
                tie(i, ("dated", r.doc), dated_of_doc.get(r.doc, ()))
            else:
                tie(i, ("recent", p, pub // 7), recent_at(p).get(pub // 7, ()))
    return [find(i) for i in range(n)]


def _number(value: float | None) -> float | int | None:
    """A count as the document gave it: 30, not the 30.0 SQLite's REAL column returns."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
