"""Crash safety and concurrency, on both backends: SIGKILL mid-ingest then a re-run; two and
four ingesters of overlapping inputs at once (exact document, event and input counts, no
duplicate, every document whole); the corpus rebuilds those ingesters ran concurrently give
the reuse pairs and incidents of one full rebuild."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from marsad.corpus.build import rebuild
from marsad.store import Store, StoreError

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
              pytest.mark.slow]

WORDS = ("سوق", "مدرسة", "حديقة", "مكتبة", "شارع", "جسر", "ملعب", "مخبز", "مسرح", "متحف")
PLACES = ("سجن غويران في الحسكة", "مخيم الهول", "سجن الرقة المركزي", "سجن الشدادي")


def _write_docs(folder: Path, n: int, offset: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"batch{offset}.jsonl", "w", encoding="utf-8") as f:
        for i in range(offset, offset + n):
            rng = random.Random(i)  # same i, same text: overlapping batches share documents
            w = WORDS[i % len(WORDS)]
            filler = " ".join(f"{rng.choice(WORDS)}{rng.randrange(500)}" for _ in range(25))
            text = (f"افتتحت البلدية {w} رقم {i} في الحي الشمالي من المدينة صباح يوم الأحد، "
                    f"وحضر الافتتاح عدد من السكان. {filler}.")
            f.write(json.dumps({"text": text, "published": "2023-04-02"}, ensure_ascii=False) + "\n")


def _escape_record(i: int) -> dict[str, Any]:
    """Document i: an escape and re-arrests at one of four facilities, one of 9 days; every
    fifth one reprints an earlier one with a line added (text reuse)."""
    rng = random.Random(i)
    filler = " ".join(f"{rng.choice(WORDS)}{rng.randrange(900)}" for _ in range(20))
    j = i - i % 5 if i % 5 == 4 else i
    body = (f"أفادت مصادر محلية بفرار {5 + j % 17} سجناء من {PLACES[j % 4]} فجر يوم {1 + j % 9} "
            f"آذار 2023، وقالت قوى الأمن الداخلي إنها أعادت اعتقال بعضهم. {filler}.")
    if i != j:
        body = f"نقلت صحيفة محلية رقم {i} أن {body} وأضافت أن البحث جار عن الباقين."
    return {"text": body, "published": "2023-03-28"}


def _write_records(path: Path, numbers: range) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for i in numbers:
            f.write(json.dumps(_escape_record(i), ensure_ascii=False) + "\n")


def _ingest_cmd(db: str, *paths: Path, jobs: int = 2, batch: int = 10) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli import main; main()", "ingest",
            *map(str, paths), "--db", db, "--jobs", str(jobs), "--batch", str(batch)]


def _count(db: str) -> int:
    try:
        with Store(db, readonly=True) as store:
            return store.stats()["documents"]
    except (StoreError, Exception):  # not created yet, or locked for a moment
        return 0


def _check_consistent(db: str) -> int:
    """Every stored document whole (its layers as in its analysis), no orphan, no duplicate;
    returns how many documents are stored."""
    with Store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
        conn = store.conn
        # one snapshot for all the reads below (writers may be committing meanwhile)
        conn.execute("BEGIN" if store.backend == "sqlite" else
                     "BEGIN ISOLATION LEVEL REPEATABLE READ")
        n = 0
        for doc_id, analysis in conn.execute("SELECT id, analysis FROM documents").fetchall():
            d = json.loads(analysis)
            events = conn.execute("SELECT count(*) FROM events WHERE doc = ?", (doc_id,)).fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims WHERE doc = ?", (doc_id,)).fetchone()[0]
            mentions = conn.execute("SELECT count(*) FROM mentions WHERE doc = ?", (doc_id,)).fetchone()[0]
            assert (events, claims, mentions) == (len(d["events"]), len(d["claims"]), len(d["mentions"]))
            n += 1
        orphans = conn.execute("SELECT count(*) FROM events WHERE doc NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0
        assert conn.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == n
        assert conn.execute("SELECT count(DISTINCT seq) FROM documents").fetchone()[0] == n
        conn.execute("COMMIT")
    return n


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path, make_db: Callable[..., str]) -> None:
    n_docs = 600
    _write_docs(tmp_path / "in", n_docs)
    db = make_db("crash")
    proc = subprocess.Popen(_ingest_cmd(db, tmp_path / "in"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while _count(db) < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes
    proc.wait()
    stored = _check_consistent(db)
    assert 0 < stored < n_docs, "the kill must land mid-ingest"
    rerun = subprocess.run(_ingest_cmd(db, tmp_path / "in"), capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert _check_consistent(db) == n_docs
    again = subprocess.run(_ingest_cmd(db, tmp_path / "in"), capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and "0 new documents" in again.stderr
    assert _check_consistent(db) == n_docs


def test_two_concurrent_ingests(tmp_path: Path, make_db: Callable[..., str]) -> None:
    _write_docs(tmp_path / "x", 200, 0)
    _write_docs(tmp_path / "y", 200, 100)  # half overlaps x: same texts, same ids
    db = make_db("both")
    procs = [subprocess.Popen(_ingest_cmd(db, tmp_path / d, jobs=1, batch=5),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for d in ("x", "y")]
    errs = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        errs.append(err)
        assert p.returncode == 0, err
    assert not any("locked" in e for e in errs)
    assert _check_consistent(db) == 300


def _snapshot(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (sorted(store.all_incidents(), key=lambda i: i["id"]),
            sorted(store.all_reuse(), key=lambda r: (r["a"], r["b"])))


def test_four_concurrent_ingesters_of_overlapping_inputs(tmp_path: Path,
                                                         make_db: Callable[..., str]) -> None:
    """Four ``marsad ingest`` processes at once (each ends with its corpus rebuild): A, B and
    C overlap by half; D reads A's and C's very files again. 120 distinct documents."""
    from marsad.io.readers import InputError, read_inputs
    from marsad.pipeline import analyze

    files = {"a": range(0, 60), "b": range(30, 90), "c": range(60, 120)}
    for name, numbers in files.items():
        _write_records(tmp_path / name / f"{name}.jsonl", numbers)
    inputs = {"a": [tmp_path / "a"], "b": [tmp_path / "b"], "c": [tmp_path / "c"],
              "d": [tmp_path / "c", tmp_path / "a"]}
    db = make_db("four")
    Store(db).close()  # the schema exists before the race (creating it at once is tested below)
    procs = [subprocess.Popen(_ingest_cmd(db, *paths, jobs=1, batch=7), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
             for paths in inputs.values()]
    # while they write, every document a reader sees is whole (its layers all there)
    seen = []
    deadline = time.monotonic() + 300
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        seen.append(_check_consistent(db))
        time.sleep(0.1)
    assert seen == sorted(seen)  # documents only ever appear
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errs
    # exactly the distinct documents and their events: nothing lost, nothing twice
    distinct = {}
    for doc in read_inputs([str(tmp_path / n) for n in files]):
        assert not isinstance(doc, InputError)
        d = analyze(doc).to_dict()
        distinct[d["id"]] = d
    assert len(distinct) == 120
    assert _check_consistent(db) == 120
    added = sum(int(e.split(" new documents")[0].rsplit(" ", 1)[-1]) for e in errs)
    assert added == 120, errs  # each document added by exactly one of the four
    with Store(db) as store:
        stats = store.stats()
        assert stats["events"] == sum(len(d["events"]) for d in distinct.values()) > 120
        assert stats["claims"] == sum(len(d["claims"]) for d in distinct.values())
        n_inputs = store.conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
        assert n_inputs == 180  # one row per (file record, content): D's records are A's and C's
        # every document was compared by one of the concurrent rebuilds, and together they
        # give what one full rebuild gives
        assert store.conn.execute(
            "SELECT count(*) FROM documents WHERE corpus_done = 0").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM reuse_bands_pending").fetchone()[0] == 0
        concurrent = _snapshot(store)
        assert concurrent[0] and concurrent[1]
        rebuild(store, full=True)
        assert _snapshot(store) == concurrent
        assert store.search("سجن الشدادي")["total"] == 30


def test_processes_creating_one_new_database_at_once(make_db: Callable[..., str]) -> None:
    """Four processes open the same new database at the same moment: one creates the
    schema, the others wait and use it."""
    db = make_db("race")
    code = "import sys; from marsad.store import Store; Store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errs = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errs
    with Store(db, readonly=True) as store:
        assert store.stats()["documents"] == 0
