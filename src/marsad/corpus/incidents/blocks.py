"""Incidents: the blocks of events the clustering never lets interact (what an incremental
rebuild recomputes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from marsad.corpus.incidents.model import (
    DAY_TOLERANCE,
    RECENT_DAYS,
    EventRow,
    cyclic_gc_paused,
    ordinal,
)


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
      ``cluster``). Events are tied through (place, week) nodes: their own place's, and their
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
    with cyclic_gc_paused():
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
        lo, hi = ordinal(r.earliest), ordinal(r.latest)
        spans.append((lo, hi) if lo is not None and hi is not None and hi >= lo else None)

    def weeks(i: int) -> range:
        lo, hi = spans[i]  # type: ignore[misc]
        return range((lo - DAY_TOLERANCE) // 7, (hi + DAY_TOLERANCE) // 7 + 1)

    # one node per (place, week) a dated event's widened range touches; an event joins the
    # nodes of its place and those of its ancestors that exist (an ancestor's event created
    # them), so a town report ties the facilities in it only in the weeks it covers
    dated = [i for i, r in enumerate(events) if r.place and spans[i] is not None]
    # events at one place over the same weeks join the same nodes: the first stands for the
    # others (a dense corpus repeats a place and a day many times)
    standing: dict[tuple[str, int, int], int] = {}
    reps: list[int] = []
    for i in dated:
        ws = weeks(i)
        key = (events[i].place, ws.start, ws.stop)
        rep = standing.get(key)  # type: ignore[arg-type]
        if rep is None:
            standing[key] = i  # type: ignore[index]
            reps.append(i)
        else:
            parent[i] = rep  # i is alone so far: nothing was joined yet
    keys: dict[tuple[str, int], int] = {}
    for i in reps:
        p = events[i].place
        for w in weeks(i):
            k = keys.get((p, w))  # type: ignore[arg-type]
            if k is None:
                keys[(p, w)] = i  # type: ignore[index]
            else:
                union(i, k)
    for i in reps:
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
    # make it quadratic. The lists an undated event belongs to itself (its document's events
    # at its place, the events with its count) are tied whole, once per list, whatever the
    # number of undated events in them.
    def tie_all(members: list[int] | tuple[int, ...]) -> None:
        first = members[0]
        for j in members[1:]:
            union(first, j)

    doc_places: dict[tuple[str, str], None] = {}  # (document, place) of an undated event
    count_keys: dict[tuple[str, float | None, float | None], None] = {}
    at_facility: dict[tuple[str, int | None], list[int]] = defaultdict(list)  # (place, week)
    for i, r in enumerate(events):
        if not r.place or spans[i] is not None:
            continue
        p = r.place
        doc_places[(r.doc, p)] = None
        if r.count_min is not None or r.count_max is not None:
            count_keys[(p, r.count_min, r.count_max)] = None
        if is_facility is not None and is_facility(p):
            pub = ordinal(r.published)
            at_facility[(p, None if pub is None else pub // 7)].append(i)

    tied: set[tuple[str, str]] = set()  # (document, place) lists tied together
    for doc, p in doc_places:
        own = by_doc_place[(doc, p)]  # holds the undated event itself
        if (doc, p) not in tied:
            tied.add((doc, p))
            tie_all(own)
        for d in linked.get(doc, ()):
            other = by_doc_place.get((d, p))
            if other:
                if (d, p) not in tied:
                    tied.add((d, p))
                    tie_all(other)
                union(own[0], other[0])
    for key in count_keys:
        tie_all(by_count[key])  # holds the undated events with that count
    for (p, week), undated_there in at_facility.items():
        if week is not None:
            lists = [recent_at(p).get(week, [])]
        else:
            lists = [[clusters[c][0] for c in sorted(clusters_at.get(p, ()))]]
            # without a publication date, rule 4 reads the document's own dated events
            lists += [dated_of_doc.get(events[i].doc, []) for i in undated_there]
        for members in lists:
            if members:
                tie_all(members)
        if week is not None:
            if lists[0]:
                for i in undated_there:
                    union(i, lists[0][0])
        else:
            for i, dated in zip(undated_there, lists[1:], strict=True):
                if lists[0]:
                    union(i, lists[0][0])
                if dated:
                    union(i, dated[0])
    return [find(i) for i in range(n)]
