"""Crash safety and concurrency: SIGKILL mid-ingest, two ingests at once (issue 7)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

WORDS = ("سوق", "مدرسة", "حديقة", "مكتبة", "شارع", "جسر", "ملعب", "مخبز", "مسرح", "متحف")


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


def _ingest_cmd(db: Path, *paths: Path, jobs: int = 2, batch: int = 10) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli import main; main()", "ingest",
            *map(str, paths), "--db", str(db), "--jobs", str(jobs), "--batch", str(batch)]


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _check_consistent(db: Path) -> int:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = 0
    for doc_id, analysis in conn.execute("SELECT id, analysis FROM documents"):
        d = json.loads(analysis)
        events = conn.execute("SELECT count(*) FROM events WHERE doc = ?", (doc_id,)).fetchone()[0]
        claims = conn.execute("SELECT count(*) FROM claims WHERE doc = ?", (doc_id,)).fetchone()[0]
        mentions = conn.execute("SELECT count(*) FROM mentions WHERE doc = ?", (doc_id,)).fetchone()[0]
        assert (events, claims, mentions) == (len(d["events"]), len(d["claims"]), len(d["mentions"]))
        n += 1
    orphans = conn.execute("SELECT count(*) FROM events WHERE doc NOT IN (SELECT id FROM documents)")
    assert orphans.fetchone()[0] == 0
    assert conn.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == n
    conn.close()
    return n


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    n_docs = 1500
    _write_docs(tmp_path / "in", n_docs)
    db = tmp_path / "crash.db"
    proc = subprocess.Popen(_ingest_cmd(db, tmp_path / "in"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 40
    while _count(db) < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes
    proc.wait()
    stored = _check_consistent(db)
    assert 0 < stored < n_docs, "the kill must land mid-ingest"
    rerun = subprocess.run(_ingest_cmd(db, tmp_path / "in"), capture_output=True, text=True,
                           timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert _check_consistent(db) == n_docs
    again = subprocess.run(_ingest_cmd(db, tmp_path / "in"), capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 0 and "0 new documents" in again.stderr
    assert _check_consistent(db) == n_docs


def test_two_concurrent_ingests(tmp_path: Path) -> None:
    _write_docs(tmp_path / "x", 400, 0)
    _write_docs(tmp_path / "y", 400, 200)  # half overlaps x: same texts, same ids
    db = tmp_path / "both.db"
    procs = [subprocess.Popen(_ingest_cmd(db, tmp_path / d, jobs=1, batch=5),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for d in ("x", "y")]
    errs = []
    for p in procs:
        _, err = p.communicate(timeout=60)
        errs.append(err)
        assert p.returncode == 0, err
    assert not any("locked" in e for e in errs)
    assert _check_consistent(db) == 600
