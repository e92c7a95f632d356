"""`marsad batch` on Dask: the single-process results, resumable, day-partitioned."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marsad.batch import dataset
from marsad.batch.engine import InlineEngine
from marsad.batch.run import run_batch
from marsad.batch.sources import plan, read_partition
from marsad.io.readers import read_inputs

DEMO = Path(__file__).parents[1] / "demo"


def _marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True,
                          timeout=900)


def _store_tables(db: Path) -> dict[str, Any]:
    c = sqlite3.connect(db)
    out = {
        "events": sorted(c.execute("SELECT doc, event_id, type, place, date_earliest, date_latest, "
                                   "count_min, count_max, modality, json FROM events").fetchall()),
        "reuse": sorted(c.execute("SELECT a, b, share, direction, why, a_spans, b_spans FROM reuse").fetchall()),
        "incidents": sorted((r[0], json.loads(r[1])) for r in c.execute("SELECT id, json FROM incidents")),
    }
    c.close()
    return out


def _dataset_tables(root: Path) -> dict[str, Any]:
    def rows(name: str) -> list[dict[str, Any]]:
        return [r for f in dataset.table_files(root, name) for r in pq.read_table(f).to_pylist()]

    return {
        "events": sorted((r["doc"], r["event_id"], r["type"], r["place"], r["date_earliest"],
                          r["date_latest"], r["count_min"], r["count_max"], r["modality"], r["json"])
                         for r in rows("events")),
        "reuse": sorted((r["a"], r["b"], r["share"], r["direction"], r["why"], r["a_spans"], r["b_spans"])
                        for r in rows("reuse")),
        "incidents": sorted((r["id"], json.loads(r["json"])) for r in rows("incidents")),
    }


def _single_process(tmp_path: Path, *inputs: str) -> dict[str, Any]:
    db = tmp_path / "single.db"
    done = _marsad("ingest", *inputs, "--db", str(db), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return _store_tables(db)


def test_inline_batch_equals_single_process_on_demo(tmp_path: Path) -> None:
    single = _single_process(tmp_path, str(DEMO))
    result = run_batch([str(DEMO)], tmp_path / "ds", InlineEngine(), files_per_partition=2)
    assert result.failures == [] and result.documents == 5
    batch = _dataset_tables(tmp_path / "ds")
    assert batch == single
    assert single["events"] and single["incidents"]


@pytest.mark.slow
def test_two_worker_local_cluster_equals_single_process(tmp_path: Path, corpus_dir: Path) -> None:
    """The issue's acceptance test: a 2-worker LocalCluster over the demo and the corpus
    gives exactly the events, reuse pairs and incidents of the single-process run, and
    `marsad ingest DIR` puts exactly those in the store."""
    single = _single_process(tmp_path, str(DEMO), str(corpus_dir))
    out = tmp_path / "ds"
    done = _marsad("batch", str(DEMO), str(corpus_dir), "--out", str(out), "--workers", "2")
    assert done.returncode == 0, done.stderr
    batch = _dataset_tables(out)
    assert batch["events"] == single["events"]
    assert batch["reuse"] == single["reuse"] and single["reuse"]
    assert batch["incidents"] == single["incidents"]
    loaded = tmp_path / "loaded.db"
    done = _marsad("ingest", str(out), "--db", str(loaded))
    assert done.returncode == 0, done.stderr
    assert _store_tables(loaded) == single


def _records(day: str, n: int, tag: str) -> list[dict[str, Any]]:
    return [{"text": f"قالت مصادر محلية إن {k + 2} من عناصر التنظيم فروا من سجن الصناعة في الحسكة "
                     f"يوم {day} ({tag} {k}).", "published": day, "url": f"https://x.example/{tag}/{k}"}
            for k in range(n)]


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _day_files(root: Path, table: str, day: str) -> list[str]:
    return sorted(p.name for p in (root / table / f"day={day}").glob("*.parquet"))


def test_killed_run_resumes_without_duplicates(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for k, day in enumerate(["2022-01-20", "2022-01-21", "2022-01-22"]):
        for j, r in enumerate(_records(day, 2, f"k{k}")):
            (inputs / f"{k}{j}.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "ds"
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(inputs)], out, InlineEngine(), files_per_partition=2, kill_after=2)
    assert list((out / dataset.STAGING).iterdir())  # the killed run's work is kept aside
    result = run_batch([str(inputs)], out, InlineEngine(), files_per_partition=2)
    assert result.resumed == 2 and result.documents == 6
    ids = [i for f in dataset.table_files(out, "documents") for i in pq.read_table(f).column("id").to_pylist()]
    assert len(ids) == len(set(ids)) == 6
    assert not (out / dataset.STAGING).exists()
    # a complete re-run of the same inputs replaces, never adds
    again = run_batch([str(inputs)], out, InlineEngine(), files_per_partition=2)
    assert again.resumed == 0
    ids = [i for f in dataset.table_files(out, "documents") for i in pq.read_table(f).column("id").to_pylist()]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 6


def test_killed_during_commit_finishes_on_rerun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shard = tmp_path / "day.jsonl"
    _write_jsonl(shard, _records("2022-01-20", 2, "a") + _records("2022-01-21", 2, "b"))
    out = tmp_path / "ds"
    run_batch([str(shard)], out, InlineEngine())
    _write_jsonl(shard, _records("2022-01-20", 3, "c") + _records("2022-01-21", 1, "d"))
    real = dataset.commit_corpus

    def die(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(dataset, "commit_corpus", die)
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(shard)], out, InlineEngine())
    monkeypatch.setattr(dataset, "commit_corpus", real)
    run_batch([str(shard)], out, InlineEngine())
    ids = [i for f in dataset.table_files(out, "documents") for i in pq.read_table(f).column("id").to_pylist()]
    assert len(ids) == len(set(ids)) == 4


def test_rerun_of_one_day_replaces_only_that_day(tmp_path: Path) -> None:
    first = tmp_path / "all.jsonl"
    _write_jsonl(first, _records("2022-01-20", 3, "a") + _records("2022-01-21", 2, "b"))
    out = tmp_path / "ds"
    run_batch([str(first)], out, InlineEngine())
    kept = _day_files(out, "documents", "2022-01-20")
    kept_bytes = [(out / "documents" / "day=2022-01-20" / n).read_bytes() for n in kept]
    redo = tmp_path / "day21.jsonl"
    _write_jsonl(redo, _records("2022-01-21", 4, "b2"))
    result = run_batch([str(redo)], out, InlineEngine())
    assert result.days == ["2022-01-21"]
    assert _day_files(out, "documents", "2022-01-20") == kept
    assert [(out / "documents" / "day=2022-01-20" / n).read_bytes() for n in kept] == kept_bytes
    day21 = [r for f in (out / "documents" / "day=2022-01-21").glob("*.parquet")
             for r in pq.read_table(f, columns=["url"]).to_pylist()]
    assert sorted(r["url"] for r in day21) == [f"https://x.example/b2/{k}" for k in range(4)]
    # the corpus tables cover both days
    events = _dataset_tables(out)["events"]
    assert {e[0] for e in events} >= {r["id"] for f in dataset.table_files(out, "documents")
                                      for r in pq.read_table(f, columns=["id"]).to_pylist()} - set()


def test_jsonl_slices_and_parquet_text_column(tmp_path: Path) -> None:
    shard = tmp_path / "shard.jsonl"
    records = _records("2022-01-20", 5, "s")
    _write_jsonl(shard, [*records[:2], {"text": ""}, *records[2:]])
    parts, errors = plan([str(shard)], lines_per_partition=2)
    assert errors == [] and len(parts) == 3
    sliced = [(getattr(d, "source", None), getattr(d, "raw", None)) for p in parts for d in read_partition(p)]
    whole = [(getattr(d, "source", None), getattr(d, "raw", None)) for d in read_inputs([str(shard)])]
    assert sliced == whole
    table = pa.table({"body": [r["text"] for r in records], "published": [r["published"] for r in records],
                      "url": [r["url"] for r in records]})
    pq.write_table(table, tmp_path / "articles.parquet", row_group_size=2)
    parts, errors = plan([str(tmp_path / "articles.parquet")], text_column="body")
    assert errors == [] and len(parts) == 3
    docs = [d for p in parts for d in read_partition(p)]
    assert [d.raw for d in docs] == [r["text"] for r in records]
    # a row group larger than a partition is read in slices
    pq.write_table(table, tmp_path / "one_group.parquet")
    parts, _ = plan([str(tmp_path / "one_group.parquet")], text_column="body", lines_per_partition=2)
    sliced = [d for p in parts for d in read_partition(p)]
    assert len(parts) == 3 and [d.raw for d in sliced] == [d.raw for d in docs]
    assert [d.source.rsplit("#", 1)[1] for d in sliced] == ["1", "2", "3", "4", "5"]
    assert [d.meta["published"] for d in docs] == ["2022-01-20"] * 5
    parts, _ = plan([str(tmp_path / "articles.parquet")])
    (error,) = list(read_partition(parts[0]))
    assert "no 'text' column" in error.reason and "--text-column" in error.reason


def test_ingest_of_a_dataset_then_more_articles(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    run_batch([str(DEMO)], out, InlineEngine())
    db = tmp_path / "m.db"
    done = _marsad("ingest", str(out), "--db", str(db))
    assert done.returncode == 0, done.stderr
    shard = tmp_path / "more.jsonl"
    _write_jsonl(shard, _records("2022-01-21", 2, "m"))
    done = _marsad("ingest", str(shard), "--db", str(db))
    assert done.returncode == 0, done.stderr
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*) FROM documents").fetchone()[0] == 7
    assert c.execute("SELECT count(*) FROM documents WHERE corpus_done = 0").fetchone()[0] == 0
    both = _store_tables(db)
    full = tmp_path / "full.db"
    assert _marsad("ingest", str(DEMO), str(shard), "--db", str(full)).returncode == 0
    assert both == _store_tables(full)


@pytest.mark.slow
def test_sigkilled_batch_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    """`kill -9` of a running `marsad batch` (its local cluster too), then the same command:
    it goes on from the finished partitions and the dataset holds every document once."""
    import os
    import signal
    import time

    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(10):
        _write_jsonl(shards / f"s{k:02d}.jsonl", _records(f"2022-01-{10 + k:02d}", 15, f"k{k}"))
    out = tmp_path / "ds"
    cmd = [sys.executable, "-m", "marsad", "batch", str(shards), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.glob("_staging/*/_done/*.json"))) >= 2:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.05)
    proc.wait(60)
    assert killed, "the run ended before it could be killed"
    done = _marsad("batch", str(shards), "--out", str(out), "--workers", "2")
    assert done.returncode == 0, done.stderr
    ids = [i for f in dataset.table_files(out, "documents") for i in pq.read_table(f).column("id").to_pylist()]
    assert len(ids) == len(set(ids)) == 150
    urls = sorted(r["url"] for f in dataset.table_files(out, "documents")
                  for r in pq.read_table(f, columns=["url"]).to_pylist())
    assert urls == sorted(f"https://x.example/k{k}/{j}" for k in range(10) for j in range(15))
    assert not (out / dataset.STAGING).exists()


@pytest.mark.slow
def test_a_worker_lost_mid_run_changes_nothing(tmp_path: Path, corpus_dir: Path) -> None:
    """A worker process killed (SIGKILL, as the system's out-of-memory killer does) while it
    analyses: its nanny starts another, its partitions run again, and the dataset is the one
    an undisturbed run writes."""
    import os
    import signal

    from marsad.batch.engine import DaskEngine

    class KillsAWorker:
        """The Dask engine, a worker killed once the first partition is back."""

        def __init__(self, engine: DaskEngine) -> None:
            self.engine, self.workers, self.killed = engine, engine.workers, False

        def map_unordered(self, fn: Any, args: Any) -> Any:
            for item in self.engine.map_unordered(fn, args):
                if not self.killed:
                    pids = self.engine.client.run(os.getpid)
                    os.kill(min(pids.values()), signal.SIGKILL)
                    self.killed = True
                yield item

        def close(self) -> None:
            self.engine.close()

    inputs = [str(DEMO), str(corpus_dir)]
    calm = run_batch(inputs, tmp_path / "calm", InlineEngine(), files_per_partition=10)
    engine = KillsAWorker(DaskEngine(workers=2))
    try:
        hit = run_batch(inputs, tmp_path / "hit", engine, files_per_partition=10)
    finally:
        engine.close()
    assert engine.killed
    assert (hit.documents, hit.reuse_pairs, hit.incidents) == (
        calm.documents, calm.reuse_pairs, calm.incidents)
    assert _dataset_tables(tmp_path / "hit") == _dataset_tables(tmp_path / "calm")


def test_workers_dying_on_a_step_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    """Dask gives up on a task after its workers died one after the other (KilledWorker):
    `marsad batch` names the step and says what to do, without a traceback."""
    from click.testing import CliRunner
    from distributed.scheduler import KilledWorker

    import marsad.batch.engine as engine_module
    import marsad.batch.run as run_module
    from marsad.cli import main

    class NoCluster:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.workers = 2

        def close(self) -> None:
            pass

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise KilledWorker(task="blocking_task-0-1", last_worker=None, allowed_failures=3)

    monkeypatch.setattr(engine_module, "DaskEngine", NoCluster)
    monkeypatch.setattr(run_module, "run_batch", dies)
    result = CliRunner().invoke(main, ["batch", str(DEMO), "--out", str(tmp_path / "ds")])
    assert result.exit_code == 1, result.output
    assert "the incidents blocking step stopped" in result.output
    assert "--memory-limit" in result.output and "Traceback" not in result.output
