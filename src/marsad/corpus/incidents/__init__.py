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

from marsad.corpus.incidents.blocks import incident_blocks
from marsad.corpus.incidents.cluster import build_incidents
from marsad.corpus.incidents.model import (
    COMPATIBLE,
    DAY_TOLERANCE,
    FUTURE_MODALITIES,
    MAIN_TYPE_RANK,
    MAX_INSIDE,
    MAX_SPAN_DAYS,
    PRECISE_DAYS,
    RECENT_DAYS,
    UNDATED_RULES,
    EventRow,
    compatible,
    main_type,
)

__all__ = [
    "COMPATIBLE", "DAY_TOLERANCE", "FUTURE_MODALITIES", "MAIN_TYPE_RANK", "MAX_INSIDE",
    "MAX_SPAN_DAYS", "PRECISE_DAYS", "RECENT_DAYS", "UNDATED_RULES", "EventRow", "build_incidents",
    "compatible", "incident_blocks", "main_type",
]
