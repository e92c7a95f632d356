"""Incident blocks: the clustering of each block alone is the clustering of all, and the block
index grown batch by batch (``BlockIndex.add``/``link``, any order) partitions the events as
one built in one go."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from marsad.corpus.build import rebuild
from marsad.corpus.incident_inputs import IncidentMemory
from marsad.corpus.incidents import build_incidents, incident_blocks
from marsad.corpus.incidents.blocks import BlockIndex
from marsad.store import Store
from test_incident_memory import _docs, _partition
from test_incidents_incremental import _generated_undated


def _read(make_db: Callable[..., str], docs: list[dict[str, Any]]) -> Any:
    store = Store(make_db())
    store.add_documents(docs)
    rebuild(store)  # the reuse pairs
    read = store.corpus_transaction(IncidentMemory().read)
    store.close()
    return read


def test_clustering_each_block_alone_is_clustering_all(make_db: Callable[..., str]) -> None:
    for seed in (91, 92):
        read = _read(make_db, _docs(seed) + _generated_undated(60, seed=seed + 5))
        facility = read.facilities.__contains__
        blocks = incident_blocks(read.events, read.ancestors, read.reuse, facility)
        by_block: dict[int, list[Any]] = defaultdict(list)
        for e, b in zip(read.events, blocks, strict=True):
            by_block[b].append(e)
        assert len(by_block) > 10

        def cluster(events: list[Any], read: Any = read) -> list[dict[str, Any]]:
            return build_incidents(events, read.ancestors, read.reuse, read.via,
                                   read.doc_outlets, is_facility=read.facilities.__contains__)

        alone = sorted((inc for part in by_block.values() for inc in cluster(part)),
                       key=lambda inc: inc["id"])
        assert alone == sorted(cluster(read.events), key=lambda inc: inc["id"])


def test_index_grown_in_any_order_is_the_index_built_at_once(make_db: Callable[..., str]) -> None:
    read = _read(make_db, _docs(93))
    facility = read.facilities.__contains__
    at_once = _partition(incident_blocks(read.events, read.ancestors, read.reuse, facility))
    by_doc: dict[str, list[Any]] = defaultdict(list)
    for e in read.events:
        by_doc[e.doc].append(e)
    rng = random.Random(94)
    for _ in range(3):
        docs = list(by_doc)
        rng.shuffle(docs)
        pairs = list(read.reuse)
        rng.shuffle(pairs)
        index = BlockIndex(read.ancestors, facility)
        node_of: dict[int, int] = {}
        for k in range(0, len(docs), 17):  # documents come in batches, links in between
            batch = [e for d in docs[k : k + 17] for e in by_doc[d]]
            node_of.update(zip(map(id, batch), index.add(batch), strict=True))
            index.link(pairs[: len(pairs) * (k + 17) // len(docs)])
        index.link(pairs)
        grown = index.blocks(node_of[id(e)] for e in read.events)
        assert _partition(grown) == at_once
