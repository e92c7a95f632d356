"""What an incident rebuild reads from the store, kept in memory by a process that rebuilds
again and again (``marsad watch``).

A watch cycle adds a hundred documents to a store of a hundred thousand; reading every
event again (about 2 s of CPU for 330k events) would cost more than all that the new
documents change outside the clustering itself. The store only ever grows — a document id
already stored is skipped, never replaced, and events belong to their document — so what one
rebuild read is still true at the next: ``IncidentMemory`` reads the documents added since
(by ``seq``) and their events and claims, and remembers the incidents the rebuild wrote.

It never trusts itself blindly. Each incidents write puts a new random token in ``meta``;
a memory whose token is not the stored one (another process rebuilt, or the transaction
that wrote it rolled back) reads everything again, and so does one whose counts of
documents and events are not the store's after reading the new ones. A fresh memory (every
one-off ``ingest``) simply reads everything: there is one path.

Events are kept in (document, event id) order — the order the full read returns on both
stores — so the clustering sees the same input however the memory was filled.
"""

from __future__ import annotations

import bisect
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.corpus.incidents import EventRow
from marsad.corpus.incidents.blocks import BlockIndex

TOKEN_KEY = "incidents_token"
_EVENT_COLUMNS = """doc, event_id, type, place, date_earliest, date_latest, date_value,
                    count_min, count_max, modality"""
_CHUNK = 500  # ids per IN (...) query


@dataclass(slots=True)
class IncidentInputs:
    """Everything the clustering of a store reads."""

    events: list[EventRow]  # by (document, event id)
    previous: list[str | None]  # the incident each event is in since the last rebuild
    ancestors: Callable[[str], list[str]]
    reuse: list[tuple[str, str]]
    via: list[tuple[str, str]]  # (document, outlet its claims pass through)
    doc_outlets: dict[str, str | None]
    facilities: set[str]
    everything: bool  # read whole (else only the documents added since the last read)

    def signature(self) -> dict[str, list[Any]]:
        """``place_signature`` of every place the events name."""
        return place_signature(sorted({e.place for e in self.events if e.place}),
                               self.ancestors, self.facilities)


def place_signature(places: list[str], ancestors: Callable[[str], list[str]],
                    facilities: set[str]) -> dict[str, list[Any]]:
    """Each place -> its ancestors and whether it is a facility: what the clustering reads of
    the knowledge base (a change re-clusters the events there)."""
    return {p: [*ancestors(p), p in facilities] for p in places}


def facilities_of(conn: Any) -> set[str]:
    """The ids of the store's facilities (prisons, camps: rule 4 of the clustering)."""
    return {r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'facility'")}


def meta(conn: Any, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


class IncidentMemory:
    """The events, documents and incident memberships of a store, as of the last rebuild
    this process ran on it (see the module's docstring)."""

    def __init__(self) -> None:
        self._token: str | None = None
        self._last_seq = 0
        self._documents: dict[str, tuple[str | None, str | None]] = {}  # published, outlet
        self._events: list[EventRow] = []
        self._previous: list[str | None] = []  # the incident of each event, as stored
        self._via: list[tuple[str, str]] = []
        # the blocks of the events (``blocks``), added to as events come; each event's node
        # (-1: read since the index last grew, in ``_pending``)
        self._index: BlockIndex | None = None
        self._index_signature: dict[str, list[Any]] = {}
        self._nodes: list[int] = []
        self._pending: list[EventRow] = []
        self._last: IncidentInputs | None = None
        self.reads = {"full": 0, "new_only": 0}  # what each read did (tests, the bench)

    def prime(self, conn: Any) -> int:
        """Read the store and make its blocks now (a watcher starting, before its first cycle
        fetches anything), so that its first rebuild too reads only what the cycle added.
        Returns the events read."""
        self.blocks(self.read(conn).signature())
        self._token = meta(conn, TOKEN_KEY)
        return len(self._events)

    def read(self, conn: Any) -> IncidentInputs:
        """The inputs as the store holds them now (inside the rebuild's transaction)."""
        token, self._token = self._token, None  # until ``remember``: a failed rebuild forgets
        everything = token is None or meta(conn, TOKEN_KEY) != token or not self._read_new(conn)
        if everything:
            self._read_all(conn)
        self.reads["full" if everything else "new_only"] += 1
        self._last = IncidentInputs(
            self._events, self._previous, ancestor_fn(conn),
            [(r[0], r[1]) for r in conn.execute("SELECT a, b FROM reuse")],
            list(self._via),
            {doc: outlet for doc, (_, outlet) in self._documents.items()},
            facilities_of(conn), everything)
        return self._last

    def blocks(self, signature: dict[str, list[Any]]) -> list[int]:
        """The block of each event of the last ``read`` (``incidents.BlockIndex``). The index
        is kept and only added to — the new events, the new reuse links — unless a place's
        ancestors or facility status (``signature``: place -> both) are not what they were
        when it was built, or the events were read whole: then it is built again."""
        read = self._last
        assert read is not None, "blocks() before read()"
        facility = read.facilities.__contains__
        old = self._index_signature
        if self._index is None or any(old.get(p, sig) != sig for p, sig in signature.items()):
            self._index = BlockIndex(read.ancestors, facility)
            self._nodes = self._index.add(self._events)
            self._index_signature = signature
        else:
            self._index.use(read.ancestors, facility)
            self._index_signature = old | signature
            for row, node in zip(self._pending, self._index.add(self._pending), strict=True):
                self._nodes[bisect.bisect_left(self._events, _order(row), key=_order)] = node
        self._pending = []
        self._index.link(read.reuse)
        return self._index.blocks(self._nodes)

    def remember(self, rows: list[tuple[str, str, str]], token: str, *, everything: bool
                 ) -> None:
        """After the rebuild wrote the member ``rows`` (incident, document, event id;
        ``everything``: all of them, else those that point elsewhere than before) and stamped
        the store with ``token``."""
        if everything:
            incident_of = {(doc, event): inc for inc, doc, event in rows}
            self._previous = [incident_of.get((e.doc, e.event)) for e in self._events]
        else:
            for inc, doc, event in rows:
                i = bisect.bisect_left(self._events, (doc, event), key=_order)
                if i < len(self._events) and _order(self._events[i]) == (doc, event):
                    self._previous[i] = inc
        self._token = token

    def _read_all(self, conn: Any) -> None:
        self._documents = {}
        self._last_seq = 0
        self._read_documents(conn)
        self._events = [EventRow(*r, self._documents[r[0]][0]) for r in conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY doc, event_id")]
        incident_of = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT doc, event_id, incident FROM incident_events")}
        self._previous = [incident_of.get((e.doc, e.event)) for e in self._events]
        self._index, self._nodes, self._pending = None, [-1] * len(self._events), []
        self._via = []
        for doc, via_json in conn.execute(
                "SELECT doc, via FROM claims WHERE via IS NOT NULL AND via != '[]'"):
            self._via.extend((doc, v) for v in json.loads(via_json))

    def _read_new(self, conn: Any) -> bool:
        """Read the documents added since the last read; False when the store holds what
        this memory cannot account for (then everything is read again)."""
        before = set(self._documents)
        self._read_documents(conn, self._last_seq)
        new = sorted(set(self._documents) - before)
        for i in range(0, len(new), _CHUNK):
            chunk = new[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for r in conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE doc IN ({marks})",
                                  chunk):
                row = EventRow(*r, self._documents[r[0]][0])
                at = bisect.bisect_right(self._events, _order(row), key=_order)
                self._events.insert(at, row)
                self._previous.insert(at, None)
                self._nodes.insert(at, -1)
                self._pending.append(row)
            for doc, via_json in conn.execute(
                    f"SELECT doc, via FROM claims WHERE doc IN ({marks})"
                    " AND via IS NOT NULL AND via != '[]'", chunk):
                self._via.extend((doc, v) for v in json.loads(via_json))
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        return documents == len(self._documents) and events == len(self._events)

    def _read_documents(self, conn: Any, after_seq: int | None = None) -> None:
        """Each document's publication date and outlet (id, else name): all of them, or
        those stored after ``after_seq`` (a whole read scans the table, not the index)."""
        sql = "SELECT id, published, coalesce(outlet_id, outlet_name), seq FROM documents"
        rows = (conn.execute(sql) if after_seq is None
                else conn.execute(sql + " WHERE seq > ?", (after_seq,)))
        for doc, published, outlet, seq in rows:
            self._documents[doc] = (published, outlet)
            self._last_seq = max(self._last_seq, seq)


def _order(row: EventRow) -> tuple[str, str]:
    return (row.doc, row.event)


def stamp(conn: Any) -> str:
    """Mark the stored incidents as changed, in the writer's transaction: a memory holding
    another token reads them all again. Returns the new token."""
    token = uuid.uuid4().hex
    conn.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                 "excluded.value", (TOKEN_KEY, token))
    return token


@lru_cache(maxsize=1)
def _kb_ancestors() -> Callable[[str], list[str]] | None:
    try:
        from marsad.kb.gazetteer import load_kb

        kb = load_kb()
    except Exception:  # the KB is optional here: fall back to the documents' parent links
        return None
    return kb.ancestors


def ancestor_fn(conn: Any) -> Callable[[str], list[str]]:
    parents = {r[0]: r[1] for r in conn.execute("SELECT id, parent FROM entities WHERE parent IS NOT NULL")}
    return ancestors_from(parents)


def ancestors_from(parents: dict[str, str]) -> Callable[[str], list[str]]:
    """A place's chain of ancestors: the knowledge base's, else the documents' parent links
    (``parents``: entity id -> parent id), cached per entity."""
    kb = _kb_ancestors()
    cache: dict[str, list[str]] = {}

    def ancestors(entity_id: str) -> list[str]:
        if entity_id in cache:
            return cache[entity_id]
        chain = kb(entity_id) if kb is not None else []
        if not chain:
            seen = {entity_id}
            cur = parents.get(entity_id)
            while cur and cur not in seen:
                chain.append(cur)
                seen.add(cur)
                cur = parents.get(cur)
        cache[entity_id] = chain
        return chain

    return ancestors
