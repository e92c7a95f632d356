"""The per-document budget (marsad.budget): a document that runs too long, needs too much
memory, crashes its worker, raises, or cannot be pickled costs only itself — in input order,
with one worker or several, and through the real commands."""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from marsad.budget import Budget, Failure, budgeted_map

GOOD = "قالت مصادر محلية إن الهدوء عاد إلى المدينة بعد ظهر اليوم، وإن الحركة في الأسواق طبيعية.\n"


@dataclass
class Job:
    source: str
    kind: str = "ok"
    raw: str = ""
    payload: Any = field(default=None)


def work(job: Job) -> str:
    if job.kind == "sleep":
        time.sleep(600)
    elif job.kind == "crash":
        ctypes.string_at(0)  # SIGSEGV in C code
    elif job.kind == "memory":
        hog = bytearray(4 * 1024 * 1024 * 1024)
        return str(len(hog))
    elif job.kind == "raise":
        raise ValueError("bad luck")
    elif job.kind == "unpicklable_result":
        return lambda: None  # type: ignore[return-value]
    return job.source.upper()


def deep_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_failure_costs_only_its_item_and_order_is_kept(jobs: int) -> None:
    jobs_in = [Job("a"), Job("b", "sleep"), Job("c"), Job("d", "crash"), Job("e"),
               Job("f", "memory"), Job("g"), Job("h", "raise"), Job("i", payload=deep_list(5000)),
               Job("j", "unpicklable_result"), Job("k")]
    started = time.monotonic()
    out = list(budgeted_map(work, jobs_in, jobs=jobs, budget=Budget(seconds=3, memory_mb=300)))
    assert time.monotonic() - started < 60
    assert [o if isinstance(o, str) else o.source for o in out] == \
        ["A", "b", "C", "d", "E", "f", "G", "h", "i", "j", "K"]
    reasons = {o.source: o.reason for o in out if isinstance(o, Failure)}
    assert "longer than 3 s" in reasons["b"]
    assert "SIGSEGV" in reasons["d"]
    assert "more than 300 MB" in reasons["f"]
    assert "ValueError: bad luck" in reasons["h"]
    assert "could not be passed to a worker" in reasons["i"]
    assert "could not be passed back" in reasons["j"]


def test_read_ahead_is_bounded_while_one_item_is_slow() -> None:
    taken = 0

    def items() -> Any:
        nonlocal taken
        yield Job("slow", "sleep")
        for i in range(1000):
            taken += 1
            yield Job(f"x{i}")

    results = budgeted_map(work, items(), jobs=2, budget=Budget(seconds=2, memory_mb=0))
    first = next(results)
    assert isinstance(first, Failure)
    assert taken <= 2 * 4 + 2  # read ahead of the slow one: at most 4 per worker
    assert len(list(results)) == 1000


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                          capture_output=True, timeout=180, env={**os.environ, **env}, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        (d / f"{i}_good.txt").write_text(f"{GOOD}الخبر {i}.\n", encoding="utf-8")
    # 300,000 paragraphs (6 MB of markup): parsed in the worker, seconds of work and over
    # 200 MB, far over a 0.3 s budget and a 100 MB one
    (d / "2_big.html").write_text(
        "<html><body>" + "".join(f"<p>سطر {i}</p>" for i in range(300_000)) + "</body></html>",
        encoding="utf-8")
    return d


@pytest.mark.parametrize(("env", "reason"), [
    ({"MARSAD_DOC_SECONDS": "0.3"}, "per-document time budget"),
    ({"MARSAD_DOC_MEMORY_MB": "100"}, "per-document memory budget"),
])
def test_commands_keep_the_batch_when_one_document_is_over_budget(
        batch: Path, tmp_path: Path, env: dict[str, str], reason: str) -> None:
    proc = run("analyze", str(batch), env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [Path(json.loads(line)["source"]).name for line in proc.stdout.splitlines()] == \
        ["0_good.txt", "1_good.txt", "2_good.txt", "3_good.txt"]
    assert "2_big.html" in proc.stderr and reason in proc.stderr
    for jobs in ("1", "2"):
        db = tmp_path / f"{jobs}-{len(env)}.db"
        proc = run("ingest", str(batch), "--db", str(db), "-j", jobs, "--no-corpus", env=env)
        assert proc.returncode == 1 and "2_big.html" in proc.stderr and reason in proc.stderr
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4


def test_default_budget_scales_with_the_document() -> None:
    budget = Budget()
    assert budget.seconds_for(Job("x", raw="")) == 60
    assert budget.seconds_for(Job("x", raw="x" * 20_000_000)) == 260
    assert Budget(seconds=5).seconds_for(Job("x", raw="x" * 20_000_000)) == 5
