"""Clustering blocks of events on several cores.

``incident_blocks`` partitions the events into blocks the clustering never lets interact, so
the incidents of a union of blocks are the union of each block's incidents: the blocks to
recompute are dealt to ``jobs`` forked processes (largest first, each to the least loaded),
each clusters its share and renders the incidents that need it, and the parent gathers them.
The result is the one-process result, in the same order.

What travels back is small: each incident's id and ``state_key``, the ids of those left as
they were, and the rendered objects of the others — never the event rows (the workers read
them from the parent's memory, forked copy-on-write).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.corpus.incidents.cluster import clustering, rendered_order
from marsad.corpus.incidents.model import EventRow
from marsad.corpus.incidents.render import incident_id, state_key

# Below this many events one process clusters them faster than forking workers.
PARALLEL_MIN_EVENTS = 20_000


def worth_forking(jobs: int, n_events: int) -> bool:
    """Are ``n_events`` worth dealing to ``jobs`` forked processes? (A caller that would
    compute the blocks only for them asks first.)"""
    return jobs > 1 and n_events >= PARALLEL_MIN_EVENTS and sys.platform != "win32"


@dataclass(slots=True)
class ClusterJob:
    """What clustering the recomputed blocks reads (shared with forked workers)."""

    ancestors: Callable[[str], list[str]]
    reuse: list[tuple[str, str]]
    via: list[tuple[str, str]]
    doc_outlets: dict[str, str | None]
    facilities: set[str]
    # an incident whose state_key is its old one, among those replaced (``stale``), over no
    # document in ``touched``, is left in place unrendered
    old_keys: dict[str, str]
    stale: set[str]
    touched: set[str]


@dataclass(slots=True)
class Clustered:
    keys: dict[str, str]  # every incident recomputed -> its state_key
    kept: set[str]  # those left as they were (not rendered)
    rendered: list[dict[str, Any]]  # the others, by date then id
    count: int  # incidents recomputed


def cluster_events(events: Sequence[EventRow], job: ClusterJob) -> Clustered:
    """Cluster ``events`` (whole blocks) in this process."""
    result = clustering(events, job.ancestors, job.reuse, job.via, job.doc_outlets,
                        is_facility=job.facilities.__contains__)
    keys: dict[str, str] = {}
    kept: set[str] = set()
    others = []
    for inc in result.incidents:
        inc_id, key = incident_id(inc), state_key(inc)
        keys[inc_id] = key
        if (inc_id in job.stale and job.old_keys.get(inc_id) == key
                and job.touched.isdisjoint(m.doc for m, _ in inc.members)):
            kept.add(inc_id)
        else:
            others.append(inc)
    return Clustered(keys, kept, result.rendered(others), len(result.incidents))


def share_blocks(sizes: dict[int, int], parts: int) -> list[set[int]]:
    """Deal blocks (block -> events) into ``parts`` sets of near-equal events: the largest
    block first, each to the lightest part (ties by block number: deterministic)."""
    loads = [0] * parts
    shares: list[set[int]] = [set() for _ in range(parts)]
    for block, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        k = min(range(parts), key=lambda j: (loads[j], j))
        shares[k].add(block)
        loads[k] += size
    return [s for s in shares if s]


_SHARED: tuple[list[list[EventRow]], ClusterJob] | None = None  # set before the fork


def _cluster_share(k: int) -> Clustered:
    assert _SHARED is not None
    parts, job = _SHARED
    return cluster_events(parts[k], job)


def cluster_blocks(events: Sequence[EventRow], blocks: Sequence[int], job: ClusterJob,
                   jobs: int) -> Clustered:
    """Cluster ``events`` (whole blocks; ``blocks[i]`` is event i's) over ``jobs`` processes
    when they are many, else here. Same result either way."""
    sizes = Counter(blocks)
    if not worth_forking(jobs, len(events)) or len(sizes) < 2:
        return cluster_events(events, job)
    shares = share_blocks(sizes, jobs)
    share_of = {b: k for k, bs in enumerate(shares) for b in bs}
    parts: list[list[EventRow]] = [[] for _ in shares]
    for e, b in zip(events, blocks, strict=True):
        parts[share_of[b]].append(e)
    global _SHARED
    import multiprocessing as mp

    _SHARED = (parts, job)
    try:
        with mp.get_context("fork").Pool(len(parts)) as pool:
            results = pool.map(_cluster_share, range(len(parts)), chunksize=1)
    finally:
        _SHARED = None
    merged = Clustered({}, set(), [], 0)
    for r in results:
        merged.keys.update(r.keys)
        merged.kept.update(r.kept)
        merged.rendered.extend(r.rendered)
        merged.count += r.count
    merged.rendered.sort(key=rendered_order)
    return merged
