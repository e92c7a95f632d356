"""What the incident page shows: the reports of one happening, grouped so disagreement shows.

An incident is one real-world happening merged from events in several documents. An analyst
wants to see, at a glance: which documents report it (and how each joined the incident),
the count each report gives side by side, each report's modality, which documents copy which
(and why marsad thinks so), and how many independent sources remain once copies are folded
together. ``incident_view`` turns the store's incident object into exactly that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from marsad.web.highlight import count_label

# How an event joined its incident (``joined_by`` in marsad.corpus.incidents): Arabic label,
# English label.
JOINED_BY: dict[str, tuple[str, str]] = {
    "first_report": ("أول تقرير", "first report"),
    "date_overlap": ("تداخل التاريخ", "date overlap"),
    "same_document": ("في الوثيقة نفسها", "same document"),
    "reuse_link": ("رابط إعادة نشر", "reuse link"),
    "same_count": ("العدد نفسه", "same count"),
    "unique_facility_incident": ("الواقعة الوحيدة في المنشأة", "only incident at the facility"),
}


def incident_view(inc: Mapping[str, Any], *,
                  reuse_of: Callable[[str], Iterable[Mapping[str, Any]]],
                  claims_of: Callable[[str], Iterable[Mapping[str, Any]]],
                  outlet_name: Callable[[Any], str]) -> dict[str, Any]:
    """Group an incident's reports by document and explain copying and disagreement.

    ``reuse_of(doc)`` yields the reuse pairs a document takes part in, ``claims_of(doc)``
    its claims (for ``via`` chains), ``outlet_name(outlet)`` a display name.
    """
    joined = {(e.get("doc"), e.get("event")): e.get("joined_by")
              for e in inc.get("events") or [] if isinstance(e, Mapping)}
    reports = [_report(r, joined) for r in inc.get("reports") or []]

    docs: dict[str, dict[str, Any]] = {}
    for r in reports:
        d = docs.get(r["doc"])
        if d is None:
            d = docs[r["doc"]] = {
                "doc": r["doc"], "title": r.get("doc_title"), "outlet": r.get("outlet"),
                "outlet_id": (r.get("outlet") or {}).get("id") if isinstance(
                    r.get("outlet"), Mapping) else None,
                "label": outlet_name(r["outlet"]) if r.get("outlet") else None,
                "published": r.get("published"), "reports": [], "copies": []}
        d["reports"].append(r)
    for d in docs.values():
        d["label"] = d["label"] or d["title"] or d["doc"]

    edges = _copy_edges(docs, reuse_of, claims_of)
    for copier, source, why in edges:
        docs[copier]["copies"].append({"doc": source, "label": docs[source]["label"],
                                       "why": why})
    copied = {source for _, source, _ in edges}
    for d in docs.values():
        d["is_copy"] = bool(d["copies"])
        d["is_copied"] = d["doc"] in copied
    ordered = sorted(docs.values(), key=lambda d: (d["published"] or "9999", d["label"]))

    counts = _by_value(reports, lambda r: count_label(r.get("count")) if r.get("count") else None,
                       docs, sort_key=lambda r: _count_key(r.get("count")))
    return {
        "reports": reports,
        "documents": ordered,
        "n_documents": len(docs),
        "n_outlets": len({d["outlet_id"] or d["label"] for d in docs.values()}),
        "copy_edges": [{"copier": docs[c]["label"], "copier_doc": c,
                        "source": docs[s]["label"], "source_doc": s, "why": why}
                       for c, s, why in edges],
        "counts": counts,
        "count_disagreements": _disagreements(counts),
        "no_count": [r for r in reports if count_label(r.get("count")) == "—"],
        "modalities": _by_value(reports, lambda r: r.get("modality") or "asserted", docs),
        "joined_by": _by_value(reports, lambda r: r.get("joined_by"), docs),
    }


def _report(raw: Mapping[str, Any], joined: Mapping[tuple[Any, Any], Any]) -> dict[str, Any]:
    r = dict(raw)
    event = r.get("event")
    ev = event if isinstance(event, Mapping) else {}
    r["event_id"] = ev.get("id") if ev else event
    r.setdefault("modality", ev.get("modality"))
    r.setdefault("count", ev.get("count"))
    r.setdefault("confidence", ev.get("confidence"))  # absent until events carry one
    speaker = r.get("speaker") or r.get("claim_speaker")
    claim = r.get("claim")
    if speaker is None and isinstance(claim, Mapping):
        speaker = claim.get("speaker")
    r["speaker_obj"] = speaker if isinstance(speaker, Mapping) else (
        {"text": speaker} if speaker else None)
    r["copies_of"] = list(r.get("copies_of") or [])
    r["joined_by"] = r.get("joined_by") or joined.get((r.get("doc"), r["event_id"]))
    return r


def _copy_edges(docs: Mapping[str, Mapping[str, Any]],
                reuse_of: Callable[[str], Iterable[Mapping[str, Any]]],
                claims_of: Callable[[str], Iterable[Mapping[str, Any]]]
                ) -> list[tuple[str, str, str]]:
    """(copier, source, why) between the incident's documents, each pair once."""
    edges: dict[tuple[str, str], str] = {}
    for doc in docs:
        for p in reuse_of(doc):
            a, b = p.get("a"), p.get("b")
            if a not in docs or b not in docs:
                continue
            if p.get("direction") == "a->b":
                pair = (b, a)
            elif p.get("direction") == "b->a":
                pair = (a, b)
            else:  # shared passages, direction unknown: still not independent
                pair = tuple(sorted((a, b)))  # type: ignore[assignment]
            edges.setdefault(pair, p.get("why") or "text reuse")  # type: ignore[arg-type]
    # A claim passed on "via" another member's outlet: that document relays the other one.
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for doc, d in docs.items():
        if d.get("outlet_id"):
            by_outlet[d["outlet_id"]].append(doc)
    for doc in docs:
        vias = {v for c in claims_of(doc) for v in c.get("via") or []}
        for outlet in sorted(vias):
            for other in by_outlet.get(outlet, []):
                if other != doc and (doc, other) not in edges and (other, doc) not in edges:
                    edges[(doc, other)] = f"via: quotes {outlet}"
    return [(c, s, why) for (c, s), why in edges.items()]


def _by_value(reports: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any],
              docs: Mapping[str, Mapping[str, Any]],
              sort_key: Callable[[dict[str, Any]], Any] | None = None) -> list[dict[str, Any]]:
    """Reports grouped by a value, each group listing which outlets give it."""
    groups: dict[Any, dict[str, Any]] = {}
    for r in reports:
        value = key(r)
        if value is None or value == "—":
            continue
        g = groups.setdefault(value, {"value": value, "reports": 0, "sources": [],
                                      "order": sort_key(r) if sort_key else 0,
                                      "unit": (r.get("count") or {}).get("unit") if sort_key else None})
        g["reports"] += 1
        d = docs[r["doc"]]
        if not any(s["doc"] == d["doc"] for s in g["sources"]):
            g["sources"].append({"doc": d["doc"], "label": d["label"], "is_copy": d.get("is_copy", False), "event_id": r["event_id"]})
    return sorted(groups.values(), key=lambda g: (str(g["unit"] or ""), g["order"],
                                                  -g["reports"]))


def _disagreements(counts: list[dict[str, Any]]) -> list[tuple[str | None, list[str]]]:
    """Units for which the reports give more than one count (counts of different things —
    leaders, hostages, families — are not a disagreement)."""
    by_unit: dict[str | None, list[str]] = defaultdict(list)
    for g in counts:
        by_unit[g["unit"]].append(g["value"])
    return [(unit, values) for unit, values in by_unit.items() if len(values) > 1]


def _count_key(count: Mapping[str, Any] | None) -> tuple[float, float]:
    if not count:
        return (float("inf"), float("inf"))
    lo, hi = count.get("min"), count.get("max")
    lo_f = float(lo) if isinstance(lo, int | float) else float(hi or 0)
    hi_f = float(hi) if isinstance(hi, int | float) else float("inf")
    return (lo_f, hi_f)
