"""The PostgreSQL store beside the SQLite one: one schema in two dialects, the same search
results and scores, locations named without passwords, foreign databases refused, and
``marsad serve --db postgresql://…`` serving the same pages."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.corpus.build import rebuild
from marsad.store import Store, StoreError, display_location, is_postgres_url, prepare
from marsad.store.fts import PG_RANK_SCALE, PG_RANK_WEIGHTS, pg_tsvector

# what the two dialects are allowed to differ in (see marsad.store.schema)
PG_ONLY_TABLES = {"doc_fts_totals"}
ROWID_TABLES = {"events", "claims", "event_actors"}  # PostgreSQL's explicit insertion order
AFFINITY = {"text": "TEXT", "integer": "INTEGER", "bigint": "INTEGER", "double precision": "REAL",
            "bytea": "BLOB"}


def _sqlite_columns(store: Store) -> dict[str, list[tuple[str, str]]]:
    tables = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'doc_fts%'")]
    return {t: [(r["name"], r["type"]) for r in store.conn.execute(f"PRAGMA table_info({t})")]
            for t in tables}


def _pg_columns(store: Store) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, type_ in store.conn.execute(
            """SELECT table_name, column_name, data_type FROM information_schema.columns
               WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"""):
        out.setdefault(table, []).append((column, AFFINITY.get(type_, type_)))
    return out


def test_both_dialects_define_the_same_tables(tmp_path: Path, pg_server: Any) -> None:
    lite = _sqlite_columns(Store(tmp_path / "s.db"))
    pg = _pg_columns(Store(pg_server.new_database("schema")))
    assert set(pg) - set(lite) == PG_ONLY_TABLES | {"doc_fts"}
    assert set(lite) - set(pg) == set()
    for table, columns in lite.items():
        theirs = pg[table]
        if table in ROWID_TABLES:
            assert theirs[-1] == ("rowid", "INTEGER")
            theirs = theirs[:-1]
        assert theirs == columns, table
    # text compares bytewise on both (SQLite's BINARY, PostgreSQL's "C"): the same order
    store = Store(pg_server.new_database("collation"))
    collations = {r[0] for r in store.conn.execute(
        """SELECT collation_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND data_type = 'text'
             AND column_name NOT IN ('analysis', 'json', 'a_spans', 'b_spans', 'value')""")}
    assert collations == {"C"}


def test_locations_and_passwords() -> None:
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("POSTGRES://h/db")
    assert not is_postgres_url("marsad.db") and not is_postgres_url("/data/postgresql.db")
    assert display_location("postgresql://ana:s3cret@db.example/marsad?sslmode=require") == \
        "postgresql://ana:***@db.example/marsad?sslmode=require"
    assert display_location("postgresql://ana@db/marsad") == "postgresql://ana@db/marsad"
    assert display_location("x.db") == "x.db"


def test_unreachable_server_is_a_clear_error_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://ana:s3cret@/marsad?host={tmp_path}&port=1&connect_timeout=2"
    with pytest.raises(StoreError) as err:
        Store(url)
    assert "cannot connect" in str(err.value) and "s3cret" not in str(err.value)
    from click.testing import CliRunner

    from marsad.cli import main

    out = CliRunner().invoke(main, ["search", "سجن", "--db", url])
    assert out.exit_code == 1 and "cannot connect" in out.output
    assert "s3cret" not in out.output and "Traceback" not in out.output


def test_a_database_of_another_application_is_refused(pg_server: Any) -> None:
    import psycopg

    url = pg_server.new_database("foreign")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE documents (id serial PRIMARY KEY, body text)")
    with pytest.raises(StoreError, match="not a marsad database"):
        Store(url)
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'events'"
                            ).fetchone()[0] == 0  # nothing was added to it


def test_frequencies_survive_the_tsvector_encoding(pg_server: Any) -> None:
    """PostgreSQL keeps 256 positions per lexeme; the weights carry any frequency."""
    import psycopg

    body = " ".join(["سجن"] * 70_001 + ["حي"] * 63 + ["فرار"])
    literal, length = pg_tsvector("سجن حي", body)
    assert length == 70_067
    with psycopg.connect(pg_server.admin_url) as conn:
        for term, freq in (("سجن", 70_001 + 2), ("حي", 63 + 2), ("فرار", 1)):
            rank = conn.execute("SELECT ts_rank_cd(%s, %s::tsvector, %s::tsquery)::float8",
                                (PG_RANK_WEIGHTS, literal, f"'{term}'")).fetchone()[0]
            assert rank * PG_RANK_SCALE == freq, term


QUERIES = ["سجن", "السجن", "سجن الصناعة", "الحسكة", "قوات سوريا الديمقراطية", "بالسجن",
           "لسجن", "سجونهم", "داعش", "فرار", "هروب سجناء", '"سجن الصناعة"', "«مخيم الهول»",
           '"قوات سوريا" الحسكة', "اللاجئين", "prison", "ISIS", "SDF", "2022", "كلمة_غائبة",
           "و", "في من على", "الأمم المتحدة", "تركيا", "عودة العائلات"]


def _corpus_docs(corpus_dir: Path | None) -> list[dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    if corpus_dir is not None:
        for p in sorted(corpus_dir.glob("*.json")):
            data = json.loads(p.read_text(encoding="utf-8"))
            for r in data if isinstance(data, list) else [data]:
                d = make_doc(r["text"], title=r.get("title"), published=r.get("published"))
                docs[d["id"]] = d
    # long, repetitive and English documents: frequencies and lengths far from the mean
    long_text = " ".join(["سجن الصناعة في الحسكة"] * 400) + " قوات سوريا الديمقراطية"
    for extra in (long_text, "The SDF said ISIS prisoners escaped from a prison in 2022.",
                  "فرار فرار فرار سجناء من سجن غويران"):
        d = make_doc(extra, title="سجن" if extra == long_text else None)
        docs[d["id"]] = d
    return list(docs.values())


@pytest.fixture(scope="module")
def both_stores(tmp_path_factory: pytest.TempPathFactory, pg_server: Any) -> tuple[Store, Store]:
    from conftest import SHARED_DIR

    corpus = SHARED_DIR / "corpus"
    docs = _corpus_docs(corpus if corpus.is_dir() else None)
    prepared = [prepare(d) for d in docs]
    lite = Store(tmp_path_factory.mktemp("parity") / "s.db")
    pg = Store(pg_server.new_database("parity"))
    for store in (lite, pg):
        store.add_documents(prepared, batch_size=50)
    return lite, pg


@pytest.mark.parametrize("query", QUERIES)
def test_search_gives_the_same_results_and_scores_on_both(query: str,
                                                          both_stores: tuple[Store, Store]) -> None:
    lite, pg = both_stores
    for offset, limit in ((0, 20), (5, 7), (0, 1000)):
        a, b = lite.search(query, offset=offset, limit=limit), pg.search(query, offset=offset,
                                                                          limit=limit)
        assert a == b, (query, offset, limit)


def test_search_filters_agree(both_stores: tuple[Store, Store]) -> None:
    lite, pg = both_stores
    for kw in ({"date_from": "2023-01-01"}, {"date_to": "2021-12-31"},
               {"outlet": "nobody"}, {"event_type": "escape"}):
        assert lite.search("سجن", **kw) == pg.search("سجن", **kw), kw


def test_reads_agree_on_both(both_stores: tuple[Store, Store]) -> None:
    lite, pg = both_stores
    assert lite.stats() == pg.stats()
    for offset in (0, 40):
        assert lite.list_documents(offset=offset, limit=30) == pg.list_documents(offset=offset,
                                                                                 limit=30)


def test_serve_cli_on_postgresql(make_db: Callable[..., str], backend: str) -> None:
    """``marsad serve --db URL`` serves the same pages and API, and names the database
    without its password."""
    text = "هاجم مسلحون سجن غويران في الحسكة وفر مئة سجين بحسب مصادر محلية."
    db = make_db("serve")
    with Store(db) as store:
        store.add_documents([make_doc(text, published="2022-01-21", entities=PRISON_ENTITIES,
                                      events=[event(text, "فر", "escape", date="2022-01-20",
                                                    place="ghwayran_prison", count=(100, 100))])])
        rebuild(store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", "serve",
                             "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:
                    stats = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "marsad serve did not start"
                time.sleep(0.2)
        assert stats["documents"] == 1 and stats["incidents"] == 1
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=%D8%B3%D8%AC%D9%86",
                                    timeout=10) as r:
            page = r.read().decode("utf-8")
        assert "غويران" in page
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"serving {display_location(db)}" in err
