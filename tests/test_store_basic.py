"""The store: idempotent ingest, read API shapes, migrations, read-only opening."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.corpus.build import rebuild
from marsad.store import Store, StoreError, default_db_path
from marsad.store.schema import LATEST

TEXT = "أعلنت السلطات المحلية نقل عشرين سجيناً من سجن غويران في الحسكة إلى مكان آخر."


def _doc() -> dict:
    return make_doc(TEXT, outlet=("outlet_one", "الأولى"), published="2023-05-02",
                    title="نقل سجناء", entities=PRISON_ENTITIES,
                    events=[event(TEXT, "نقل", "transfer", date="2023-05-01",
                                  place="ghwayran_prison", count=(20, 20))])


def test_reingest_adds_nothing(make_db: Callable[..., str]) -> None:
    store = Store(make_db())
    assert store.add_documents([_doc()]).added == 1
    before = store.stats()
    r = store.add_documents([_doc(), _doc()])
    assert (r.added, r.skipped) == (0, 2)
    assert store.stats() == before
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_read_api_shapes(make_db: Callable[..., str]) -> None:
    store = Store(make_db())
    store.add_documents([_doc()])
    rebuild(store)
    doc_id = _doc()["id"]
    assert store.stats() == {"documents": 1, "outlets": 1, "events": 1, "claims": 0,
                             "incidents": 1, "reuse_pairs": 0}
    docs = store.list_documents(event_type="transfer", place="ghwayran_prison")
    assert docs["total"] == 1
    assert docs["items"][0]["outlet"] == {"name": "الأولى", "name_en": None, "id": "outlet_one"}
    assert docs["items"][0]["n_events"] == 1
    assert store.list_documents(date_from="2024-01-01")["total"] == 0
    assert store.get_document(doc_id)["text"] == TEXT
    ev = store.list_events(date_from="2023-05-01", date_to="2023-05-31")["items"][0]
    assert ev["place_name"] == "سجن غويران" and ev["date_value"] == "2023-05-01"
    assert ev["evidence_text"] == TEXT
    assert store.list_events(place="hasakah")["total"] == 1  # a place contains its facilities
    assert store.list_outlets() == [{"id": "outlet_one", "name": "الأولى", "name_en": None,
                                     "documents": 1}]
    assert store.list_places()[0]["id"] == "ghwayran_prison"
    inc = store.list_incidents()["items"][0]
    assert inc["title"].startswith("transfer") and inc["lat"] == 36.47
    assert store.get_incident(inc["id"])["reports"][0]["count"]["min"] == 20
    assert store.get_incident("nope") is None


def test_readonly_store_reads_and_refuses_writes(make_db: Callable[..., str]) -> None:
    location = make_db()
    Store(location).add_documents([_doc()])
    ro = Store(location, readonly=True)
    assert ro.stats()["documents"] == 1
    with pytest.raises(Exception, match=r"(?i)read.?only|readonly"):
        ro.conn.execute("DELETE FROM documents")
    ro.close()
    empty = make_db()
    if location.startswith("postgresql://"):
        with pytest.raises(StoreError, match="not a marsad database"):
            Store(empty, readonly=True)  # an empty database: nothing to read
    else:
        with pytest.raises(StoreError, match="no such database"):
            Store(empty, readonly=True)


def test_sqlite_schema_version_and_journal(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).add_documents([_doc()])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    ro = Store(path, readonly=True)
    assert ro.stats()["documents"] == 1
    with pytest.raises(sqlite3.OperationalError):
        ro.conn.execute("DELETE FROM documents")
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        Store(tmp_path / "junk.db")


def test_default_db_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    assert default_db_path() == "marsad.db"
    monkeypatch.setenv("MARSAD_DB", "/tmp/x.db")
    assert default_db_path() == "/tmp/x.db"
    assert default_db_path("y.db") == "y.db"


def test_incidents_for_document_matches_the_incident_members(make_db: Callable[..., str]) -> None:
    from marsad.pipeline import analyze_text
    from marsad.store import Store

    texts = [
        "أفادت مصادر محلية بفرار 12 سجيناً من سجن الرقة المركزي فجر أمس.",
        "قالت مصادر إن 12 سجيناً فروا من سجن الرقة المركزي فجر أمس الأحد.",
    ]
    docs = [analyze_text(t, source=f"t{i}.txt", published="2022-06-20").to_dict()
            for i, t in enumerate(texts)]
    with Store(make_db()) as store:
        store.add_documents(docs)
        rebuild(store)
        for d in docs:
            by_event = store.incidents_for_document(d["id"])
            for inc in store.all_incidents():
                for member in inc["events"]:
                    if member["doc"] == d["id"]:
                        assert by_event[member["event"]]["id"] == inc["id"]
            assert by_event, "each escape report joins an incident"
