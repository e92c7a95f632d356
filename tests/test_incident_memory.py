"""A process that rebuilds again and again (``marsad watch``) keeps what it read and wrote in
an ``IncidentMemory``: the next rebuild reads only the documents added since, and its
incidents are still exactly a full rebuild's. The memory reads everything again when it
cannot vouch for itself (another process rebuilt; its own rebuild failed). Both backends."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

import marsad.corpus.build as build
from marsad.corpus.build import rebuild
from marsad.corpus.incident_inputs import IncidentMemory
from marsad.corpus.incidents import incident_blocks
from marsad.store import Store
from test_incidents_incremental import _full_copy, _generated, _generated_undated, _snapshot


def _docs(seed: int) -> list[dict[str, Any]]:
    docs = _generated(80, seed=seed) + _generated_undated(60, seed=seed + 1)
    random.Random(seed + 2).shuffle(docs)
    return docs


def _partition(blocks: list[int]) -> list[int]:
    """Block numbers renamed by first appearance: equal lists, equal partitions."""
    names: dict[int, int] = {}
    return [names.setdefault(b, len(names)) for b in blocks]


def _fresh_blocks(store: Store) -> list[int]:
    read = store.corpus_transaction(IncidentMemory().read)
    return incident_blocks(read.events, read.ancestors, read.reuse, read.facilities.__contains__)


def _assert_as_full_rebuild(store: Store, docs: list[dict[str, Any]],
                            make_db: Callable[..., str]) -> None:
    """``store``'s incidents are those of a full rebuild of ``docs``; closes it."""
    full = _full_copy(docs, make_db)
    assert _snapshot(store) == _snapshot(full)
    full.close()
    store.close()


def _fresh_read(store: Store) -> tuple[list[Any], list[str | None]]:
    read = store.corpus_transaction(IncidentMemory().read)
    return read.events, read.previous


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_reads_only_new_documents_and_equals_full(make_db: Callable[..., str],
                                                         monkeypatch: Any, jobs: int) -> None:
    import marsad.corpus.parallel_incidents as parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_EVENTS", 0)  # jobs=2: forked even for a few
    docs = _docs(51)
    store = Store(make_db())
    memory = IncidentMemory()
    for n in range(4):
        store.add_documents(docs[n * 35 : (n + 1) * 35])
        timings = rebuild(store, jobs=jobs, memory=memory)
        assert timings["incidents_mode"] == ("full" if n == 0 else "incremental")
        full = _full_copy(docs[: (n + 1) * 35], make_db)
        assert _snapshot(store) == _snapshot(full), n
        full.close()
        # what it holds is what reading the store afresh gives, in the same order: the
        # events and the incident each is in
        assert (memory._events, memory._previous) == _fresh_read(store)
        # the block index grown with each batch partitions them as one built afresh
        if n:
            assert memory._index is not None and not memory._pending
            kept = _partition(memory._index.blocks(memory._nodes))
            assert kept == _partition(_fresh_blocks(store))
            assert len(set(kept)) > 10
    assert memory.reads == {"full": 1, "new_only": 3}
    store.close()


def test_memory_reads_everything_after_another_writer(make_db: Callable[..., str]) -> None:
    docs = _docs(61)
    store = Store(make_db())
    memory = IncidentMemory()
    store.add_documents(docs[:50])
    rebuild(store, memory=memory)
    store.add_documents(docs[50:90])
    rebuild(store)  # another process (its own memory): the stored token changes
    store.add_documents(docs[90:])
    rebuild(store, memory=memory)
    assert memory.reads == {"full": 2, "new_only": 0}
    _assert_as_full_rebuild(store, docs, make_db)


def test_memory_forgets_a_rebuild_that_failed(make_db: Callable[..., str],
                                              monkeypatch: Any) -> None:
    docs = _docs(71)
    store = Store(make_db())
    memory = IncidentMemory()
    store.add_documents(docs[:60])
    rebuild(store, memory=memory)
    store.add_documents(docs[60:100])

    def broken(conn: Any, incidents: list[dict[str, Any]], *rest: Any) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(build, "_write_incidents", broken)
        with pytest.raises(OSError):
            rebuild(store, memory=memory)  # rolled back: nothing of it is stored
    store.add_documents(docs[100:])
    rebuild(store, memory=memory)
    assert memory.reads == {"full": 2, "new_only": 1}
    _assert_as_full_rebuild(store, docs, make_db)


def test_events_removed_behind_its_back_leave_no_member(make_db: Callable[..., str]) -> None:
    """marsad never removes an event, but a store edited by hand may lose some: the incidents
    that held them are recomputed and no member row is left pointing at nothing."""
    docs = _docs(81)
    store = Store(make_db())
    store.add_documents(docs[:80])
    rebuild(store)
    victim = next(d["id"] for d in docs[:80] if len(d["events"]) > 1)

    def remove(conn: Any) -> None:
        conn.execute("DELETE FROM event_actors WHERE doc = ?", (victim,))
        conn.execute("DELETE FROM events WHERE doc = ?", (victim,))

    store.corpus_transaction(remove)
    store.add_documents(docs[80:])
    rebuild(store)
    full = Store(make_db("full"))
    full.add_documents(docs)
    full.corpus_transaction(remove)
    rebuild(full, full=True)
    assert _snapshot(store) == _snapshot(full)
    left = store.corpus_transaction(lambda conn: conn.execute(
        "SELECT count(*) FROM incident_events WHERE doc = ?", (victim,)).fetchone()[0])
    assert left == 0
    full.close()
    store.close()
