"""Incidents: an incident as the contract's object — its type, date, members with how each
joined, outlets, counts side by side and independent sources."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from marsad.corpus.incidents.model import EventRow, Incident, incident_type, ordinal


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


def _member_order(member: tuple[EventRow, str]) -> tuple[str, str, str, str]:
    row = member[0]
    return (row.earliest or "9999", row.published or "9999", row.doc, row.event)


def _id_of(first: EventRow) -> str:
    return "inc_" + hashlib.sha256(f"{first.doc}/{first.event}".encode()).hexdigest()[:12]


def incident_id(inc: Incident) -> str:
    """The id ``render`` gives the incident (its first report's), without rendering it."""
    return _id_of(min(inc.members, key=_member_order)[0])


def state_key(inc: Incident) -> str:
    """A digest of everything of the incident ``render`` reads but the documents' links and
    outlets: its place, types and members (which events, how each joined; a stored event row
    never changes, a document being stored once). Equal keys and documents whose links did
    not change render the same object."""
    members = sorted([f"{r.doc}/{r.event}/{how}" for r, how in inc.members])
    text = "\n".join([inc.place or "", *sorted(inc.types), *members])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def render(inc: Incident, linked: dict[str, set[str]], via_by_doc: dict[str, list[str]],
            doc_outlets: dict[str, str | None]) -> dict[str, Any]:
    members = sorted(inc.members, key=_member_order)
    rows = [m for m, _ in members]
    main = incident_type(rows)

    # the date: the most precise value among main-type members, else among all
    def best_date(ms: list[EventRow]) -> str | None:
        dated = [m for m in ms if m.date_value and m.earliest and m.latest]
        if not dated:
            return None
        return min(dated, key=lambda m: (_width(m), m.earliest or "")).date_value

    date = best_date([m for m in rows if m.type == main]) or best_date(rows)
    first = rows[0]
    inc_id = _id_of(first)
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
    counts = [{"doc": m.doc, "event": m.event, "min": number(m.count_min),
               "max": number(m.count_max)}
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
    lo, hi = ordinal(e.earliest), ordinal(e.latest)
    return hi - lo if lo is not None and hi is not None else 10**6



def number(value: float | None) -> float | int | None:
    """A count as the document gave it: 30, not the 30.0 SQLite's REAL column returns."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
