"""Incidents over a dataset: blocks first, then the blocks clustered in parallel.

``marsad.corpus.incidents.incident_blocks`` partitions the events into blocks (place ×
week, undated events tied to what they may join) that the clustering never lets interact:
the incidents of a union of whole blocks are exactly the full corpus's incidents for those
events. So:

1. ``blocking_task`` (one worker) reads the events (not the documents: ~100 bytes of
   columns per event), computes the blocks, packs them into ``bins`` bins of similar size
   and writes each bin's events with the reuse links, ``via`` chains and outlets of its
   documents only;
2. ``cluster_task`` (one per bin, in parallel) runs ``build_incidents`` on its bin and
   writes its part of the ``incidents`` table.

Events are read in corpus order (document, then the event's place in it), the order in
which the store inserts them, so incident ids (the hash of the first member) are the same.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from marsad.batch.dataset import lookup_gkeys, table_files
from marsad.corpus.incidents import EventRow, build_incidents, incident_blocks

_EVENT_COLUMNS = ["doc", "event_id", "type", "place", "date_earliest", "date_latest",
                  "date_value", "count_min", "count_max", "modality", "published", "run", "ord",
                  "pos"]


def _first_rows(path: Path, columns: list[str], index: tuple[np.ndarray, np.ndarray, np.ndarray]
                ) -> tuple[dict[str, list[Any]], np.ndarray]:
    """The columns of a table file and each row's document gkey (-1: a repeated text)."""
    t = pq.read_table(path, columns=[*columns, "run", "ord"] if "run" not in columns else columns)
    gk = lookup_gkeys(*index, t.column("run").to_numpy(), t.column("ord").to_numpy())
    return {c: t.column(c).to_pylist() for c in columns}, gk


def _intern(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


def _ancestors(parents: dict[str, str]) -> Callable[[str], list[str]]:
    """``marsad.corpus.incident_inputs.ancestors_from``: the knowledge base's chain, else the documents'
    parent links."""
    from marsad.corpus.incident_inputs import ancestors_from

    return ancestors_from(parents)


def blocking_task(root: str, index: tuple[np.ndarray, np.ndarray, np.ndarray],
                  reuse_pairs: list[tuple[str, str]], out_dir: str, bins: int) -> list[int]:
    """Compute the blocks and write the bins (see the module docstring); events per bin."""
    base = Path(root)
    rows: list[tuple[int, int, EventRow]] = []
    for f in table_files(base, "events"):
        cols, gk = _first_rows(f, _EVENT_COLUMNS, index)
        for i, g in enumerate(gk.tolist()):
            if g < 0:
                continue
            rows.append((g, cols["pos"][i], EventRow(
                _intern(cols["doc"][i]), cols["event_id"][i], _intern(cols["type"][i]),
                _intern(cols["place"][i]), _intern(cols["date_earliest"][i]),
                _intern(cols["date_latest"][i]), _intern(cols["date_value"][i]),
                cols["count_min"][i], cols["count_max"][i], _intern(cols["modality"][i]),
                _intern(cols["published"][i]))))
    rows.sort(key=lambda r: (r[0], r[1]))
    events = [r[2] for r in rows]
    del rows
    # entities: the first row of an id stands (the store keeps the first type and the
    # first parent given)
    first_type: dict[str, tuple[int, str | None]] = {}
    parent: dict[str, tuple[int, str]] = {}
    for f in table_files(base, "entities"):
        cols, gk = _first_rows(f, ["id", "type", "parent"], index)
        for i, g in enumerate(gk.tolist()):
            if g < 0:
                continue
            eid = cols["id"][i]
            if eid not in first_type or g < first_type[eid][0]:
                first_type[eid] = (g, cols["type"][i])
            p = cols["parent"][i]
            if p and (eid not in parent or g < parent[eid][0]):
                parent[eid] = (g, p)
    facilities = {eid for eid, (_, t) in first_type.items() if t == "facility"}
    parents = {eid: p for eid, (_, p) in parent.items()}
    del first_type, parent
    ancestors = _ancestors(parents)
    blocks = incident_blocks(events, ancestors, reuse_pairs, is_facility=facilities.__contains__)
    # via chains and outlets, of first occurrences
    via: dict[str, list[str]] = defaultdict(list)
    for f in table_files(base, "claims"):
        cols, gk = _first_rows(f, ["doc", "via"], index)
        for i, g in enumerate(gk.tolist()):
            v = cols["via"][i]
            if g >= 0 and v and v != "[]":
                via[cols["doc"][i]].extend(json.loads(v))
    outlets: dict[str, str | None] = {}
    for f in table_files(base, "documents"):
        cols, gk = _first_rows(f, ["id", "outlet_id", "outlet_name"], index)
        for i, g in enumerate(gk.tolist()):
            if g >= 0:
                outlets[cols["id"][i]] = cols["outlet_id"][i] or cols["outlet_name"][i]
    # pack whole blocks into bins, largest first, each into the emptiest bin
    members: dict[int, list[int]] = defaultdict(list)
    for i, b in enumerate(blocks):
        members[b].append(i)
    load = [0] * bins
    bin_of_block: dict[int, int] = {}
    for b, ms in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        k = min(range(bins), key=load.__getitem__)
        bin_of_block[b] = k
        load[k] += len(ms)
    per_bin: list[list[EventRow]] = [[] for _ in range(bins)]
    for e, b in zip(events, blocks, strict=True):
        per_bin[bin_of_block[b]].append(e)  # corpus order kept inside each bin
    linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b in reuse_pairs:
        linked[a].append((a, b))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for k, evs in enumerate(per_bin):
        docs = {e.doc for e in evs}
        places = {e.place for e in evs if e.place}
        payload = {
            "events": evs,
            "reuse": [pair for d in docs for pair in linked.get(d, ()) if pair[1] in docs],
            "via": [(d, v) for d in docs for v in via.get(d, ())],
            "outlets": {d: outlets.get(d) for d in docs},
            "facilities": facilities & places,
            "parents": parents,
        }
        with open(out / f"bin-{k:04d}.pickle", "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return [len(b) for b in per_bin]


def cluster_task(bin_path: str, out_path: str) -> int:
    """``build_incidents`` on one bin; its rows written to ``out_path``."""
    from marsad.batch.analyze_step import write_table
    from marsad.batch.tables import INCIDENTS

    with open(bin_path, "rb") as fh:
        payload = pickle.load(fh)
    facilities = payload["facilities"]
    incidents = build_incidents(payload["events"], _ancestors(payload["parents"]), payload["reuse"],
                                payload["via"], payload["outlets"],
                                is_facility=facilities.__contains__)
    write_table(Path(out_path), incident_rows(incidents), INCIDENTS)
    return len(incidents)


def incident_rows(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": inc["id"], "type": inc["type"], "date": inc["date"],
             "date_earliest": inc.get("date_earliest"), "date_latest": inc.get("date_latest"),
             "place": inc["place"], "independent_sources": inc["independent_sources"],
             "json": json.dumps(inc, ensure_ascii=False)} for inc in incidents]
