"""Incidents: undated events, joined to dated incidents only on strong evidence (the rules of
``marsad.corpus.incidents``), a document's undated events decided together."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from marsad.corpus.incidents.model import (
    DAY_TOLERANCE,
    FUTURE_MODALITIES,
    RECENT_DAYS,
    UNDATED_RULES,
    Ev,
    EventRow,
    Incident,
    add_member,
    compatible,
    compatible_with,
    incident_type,
)

MAX_PASSES = 5


def partial_dates_conflict(a: EventRow, b: EventRow) -> bool:
    """Both carry a date without a year (``XXXX-08-19``, ``XXXX-09``) and name different days."""
    va, vb = a.date_value or "", b.date_value or ""
    if not (va.startswith("XXXX-") and vb.startswith("XXXX-")):
        return False
    return not (va.startswith(vb) or vb.startswith(va))


def partial_fits(row: EventRow, inc: Incident) -> bool:
    """A date without a year (``XXXX-09-15``) agrees with the incident's members and dates.

    Null beats a guess, but a partial date is still evidence: the 15th of September is not
    the attack of 20 January, whatever the year.
    """
    value = row.date_value or ""
    if not value.startswith("XXXX-"):
        return True
    for p in inc.partials:
        if not (value.startswith(p) or p.startswith(value)):
            return False
    if inc.lo is None or inc.hi is None:
        return True
    return _partial_in(value, inc.lo, inc.hi)


@lru_cache(maxsize=1 << 16)
def _partial_in(value: str, lo: int, hi: int) -> bool:
    """Does ``value`` (``XXXX-09-15``, ``XXXX-09``) fall, in some year, within the days
    ``lo``..``hi`` widened by ``DAY_TOLERANCE``? (Cached: the facility rule asks it of every
    incident of a pool, the same few spans again and again.)"""
    parts = value.split("-")
    try:
        month = int(parts[1])
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:  # a week or a season: nothing to compare
        return True
    lo, hi = lo - DAY_TOLERANCE, hi + DAY_TOLERANCE
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


def _linked_groups(evs: list[Ev], linked: Callable[[EventRow, EventRow], bool]) -> list[list[Ev]]:
    """Connected components of ``evs`` under ``linked`` (a handful of events per document)."""
    comp = list(range(len(evs)))
    for a in range(len(evs)):
        for b in range(a):
            if comp[a] != comp[b] and linked(evs[a].row, evs[b].row):
                old, new = comp[a], comp[b]
                comp = [new if c == old else c for c in comp]
    by_comp: dict[int, list[Ev]] = defaultdict(list)
    for k, e in zip(comp, evs, strict=True):
        by_comp[k].append(e)
    return list(by_comp.values())


def _doc_groups(undated: list[Ev]) -> list[list[Ev]]:
    """The undated events of each document, grouped at one place by compatible types.

    A report that tells, undated, of an attack on a prison and of the arrests that ended it
    speaks of one happening: its undated events at one place whose types are connected by
    ``COMPATIBLE`` are placed together (the evidence of one carries the others). When the
    document's own partial dates set two of them apart (``XXXX-08-19`` and ``XXXX-09-04``: a
    chronology of escapes from one camp), it reports several happenings there: only events
    of the same partial date go together, and those without one are decided alone (which
    day they belong to would be a guess).
    """
    at: dict[tuple[str, str], list[Ev]] = defaultdict(list)
    for e in sorted(undated, key=lambda e: (e.row.doc, e.row.event)):
        at[(e.row.doc, e.row.place or "")].append(e)

    def fits(a: EventRow, b: EventRow) -> bool:
        return compatible(a.type, b.type) and not partial_dates_conflict(a, b)

    def same_day(a: EventRow, b: EventRow) -> bool:
        return compatible(a.type, b.type) and a.date_value == b.date_value

    groups: list[list[Ev]] = []
    for evs in at.values():
        for members in _linked_groups(evs, fits):
            # linked through an event without a date, two of them may still name other days
            if not any(partial_dates_conflict(x.row, y.row)
                       for n, x in enumerate(members) for y in members[:n]):
                groups.append(members)
                continue
            partial = [e for e in members if (e.row.date_value or "").startswith("XXXX-")]
            groups.extend([e] for e in members if not (e.row.date_value or "").startswith("XXXX-"))
            groups.extend(_linked_groups(partial, same_day))
    groups.sort(key=lambda g: (g[0].row.doc, g[0].row.event))
    return groups


def _has_partial_date(group: list[Ev]) -> bool:
    """A member's date has no year (``XXXX-09-15``): ``partial_fits`` reads the incidents'."""
    return any((e.row.date_value or "").startswith("XXXX-") for e in group)


def join_undated(
    incidents: list[Incident],
    undated: list[Ev],
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
    main_of = [incident_type(m for m, _ in inc.members) for inc in incidents]
    typed_pools: dict[tuple[tuple[str, int | None], str], list[int]] = {}

    def time_ok(e: Ev, inc: Incident) -> bool:
        # a report cannot describe as past a happening that starts after its publication
        if e.pub is None or (e.row.modality or "") in FUTURE_MODALITIES or inc.lo is None:
            return True
        return inc.lo <= e.pub

    def date_ok(e: Ev, i: int) -> bool:
        inc = incidents[i]
        if not time_ok(e, inc):
            return False
        value = e.row.date_value
        # only a date without a year can disagree with the incident (``partial_fits``)
        return not value or not value.startswith("XXXX-") or partial_fits(e.row, inc)

    def via_members(e: Ev, groups: Iterable[dict[int, set[str]]]) -> set[int]:
        """The incidents of ``groups`` (members at e's place) with a member of a type
        compatible with e's (``COMPATIBLE`` is symmetric) that e's date allows. e itself is
        pending, never a member yet. Two are as good as all: ``decide`` reads only whether
        the evidence names one incident (which) or several (a count many reports repeat
        names hundreds)."""
        found: set[int] = set()
        refused: set[int] = set()
        mine = compatible_with(e.row.type)
        for group in groups:
            for i, types in group.items():
                if i in found or i in refused or types.isdisjoint(mine):
                    continue
                if date_ok(e, i):
                    found.add(i)
                    if len(found) > 1:
                        return found
                else:
                    refused.add(i)
        return found

    def facility_fits(e: Ev, i: int) -> bool:
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

    def evidence(e: Ev, rule: str) -> set[int]:
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

    def decide(group: list[Ev]) -> list[tuple[Ev, str, int]]:
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

    def reads(g: list[Ev], docs: set[tuple[str, str | None]],
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
    # reads changed: the members indexed under its keys (rules 1-3), or, for a group with a
    # date without a year, an incident's such dates (date_ok, for every rule). Undated
    # members change nothing else an evidence reads (an incident's dates, main type and the
    # facility pools stay as phase 1 left them), so such a group is not decided again: same
    # passes, same result.
    settled = [False] * len(pending)
    for _ in range(MAX_PASSES):
        decisions = [(g, [] if quiet else decide(g)) for g, quiet in zip(pending, settled, strict=True)]
        if not any(d for _, d in decisions):
            break
        rest: list[list[Ev]] = []
        remainder: list[bool] = []  # what is left of a group of which some members joined
        new_docs: set[tuple[str, str | None]] = set()
        new_counts: set[tuple[str, float | None, float | None]] = set()
        partials_grew = False
        for g, d in decisions:
            for e, rule, i in d:
                before = len(incidents[i].partials)
                add_member(incidents[i], e, rule, anc)
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
        # an incident's dates without a year are read only for a member with such a date
        settled = [not part and not (partials_grew and _has_partial_date(g))
                   and not reads(g, new_docs, new_counts)
                   for g, part in zip(rest, remainder, strict=True)]

    # the rest: undated-only incidents, one per document group, merged at one place with one
    # type on a reuse link or the same count (the evidence rules, without a dated anchor)
    u_by_doc: dict[str, list[int]] = defaultdict(list)
    u_by_count: dict[tuple[str, float | None, float | None], list[int]] = defaultdict(list)

    def undated_target(g: list[Ev]) -> tuple[Ev, str, int] | None:
        for e in g:
            row = e.row
            for d in sorted(linked.get(row.doc, ())):
                for i in u_by_doc.get(d, ()):
                    inc = incidents[i]
                    if (inc.place == row.place and row.type in inc.types
                            and all(partial_fits(x.row, inc) for x in g)):
                        return e, "reuse_link", i
        for e in g:
            row = e.row
            if row.count_min is not None or row.count_max is not None:
                for i in u_by_count.get((row.place or "", row.count_min, row.count_max), ()):
                    if (row.type in incidents[i].types
                            and all(partial_fits(x.row, incidents[i]) for x in g)):
                        return e, "same_count", i
        return None

    def own_evidence(e: Ev, i: int) -> str | None:
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
            incidents.append(Incident())
            target = (g[0], "first_report", len(incidents) - 1)
        carrier, how, i = target
        # how each joins, decided before any of them is indexed into the incident
        hows = [how if e is carrier else own_evidence(e, i) or "same_document" for e in g]
        for e, how_e in zip(g, hows, strict=True):
            row = e.row
            add_member(incidents[i], e, how_e, anc)
            if i >= n_dated:
                if i not in u_by_doc[row.doc]:
                    u_by_doc[row.doc].append(i)
                if row.count_min is not None or row.count_max is not None:
                    u_by_count[(row.place or "", row.count_min, row.count_max)].append(i)
