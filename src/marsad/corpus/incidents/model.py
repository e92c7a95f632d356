"""Incidents: the data each decision reads — which types may describe one happening, the
event rows, an incident's running state (place, span, types) and how a member updates it."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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
MAX_PASSES = 5


def compatible(t1: str, t2: str) -> bool:
    return t1 == t2 or t2 in COMPATIBLE.get(t1, set())


_COMPATIBLE_WITH: dict[str, frozenset[str]] = {}


def compatible_with(t: str) -> frozenset[str]:
    """``t`` and every type compatible with it (one set test per incident, not a loop)."""
    if t not in _COMPATIBLE_WITH:
        _COMPATIBLE_WITH[t] = frozenset({t, *COMPATIBLE.get(t, ())})
    return _COMPATIBLE_WITH[t]


def main_type(types: Iterable[str]) -> str:
    return min(types, key=lambda t: MAIN_TYPE_RANK.index(t) if t in MAIN_TYPE_RANK else 99)


# a denied or merely possible event does not give the incident its type (a denied riot next
# to an asserted escape is an escape)
UNREAL_MODALITIES = frozenset({"denied", "hypothetical", "expected"})


def incident_type(members: Iterable[EventRow]) -> str:
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


_ORDINALS: dict[str, int | None] = {}


def ordinal(iso: str | None) -> int | None:
    """The day of an ISO date as a proleptic ordinal (None: no date, or not one). Cached: a
    corpus of years names a few thousand days, three times per event."""
    if not iso:
        return None
    day = _ORDINALS.get(iso, -1)
    if day == -1:
        try:
            day = dt.date.fromisoformat(iso[:10]).toordinal()
        except ValueError:
            day = None
        if len(_ORDINALS) < 1_000_000:
            _ORDINALS[iso] = day
    return day


@dataclass(slots=True)
class Ev:
    row: EventRow
    lo: int | None  # date interval as proleptic ordinals (None: undated)
    hi: int | None
    pub: int | None  # the document's publication date

    @property
    def width(self) -> int:
        return self.hi - self.lo if self.lo is not None and self.hi is not None else 10**6


@dataclass(slots=True)
class Incident:
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


def add_member(inc: Incident, e: Ev, how: str, ancestors: Callable[[str], list[str]]) -> None:
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


def date_fit(e: Ev, inc: Incident) -> int | None:
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



@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
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

