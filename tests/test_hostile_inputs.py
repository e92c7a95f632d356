"""Hostile files in a batch: each costs only itself, with `analyze`, `ingest -j 1` and
`ingest -j 2`; every other document of the batch is output and stored (issue 18).

Each case runs the real command in a subprocess with a time limit, so a hang fails the test
instead of stalling the suite."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.document import Document
from marsad.io.readers import InputError, _jsonl_documents, read_inputs

GOOD = "قالت مصادر محلية إن الهدوء عاد إلى المدينة بعد ظهر اليوم، وإن الحركة في الأسواق طبيعية.\n"
LIMIT = 120  # seconds for any one command below; each takes a few seconds when correct


def marsad(*args: str, env: dict[str, str] | None = None, timeout: float = LIMIT,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", "from marsad.cli import main; main()", *args],
        capture_output=True, timeout=timeout, env={**os.environ, **(env or {})}, cwd=cwd,
        check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def good_files(d: Path, n: int = 3) -> list[str]:
    names = []
    for i in range(n):
        name = f"good_{i}.txt"
        (d / name).write_text(f"{GOOD}الخبر رقم {i}.\n", encoding="utf-8")
        names.append(name)
    return names


def stored_sources(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {Path(r[0]).name for r in conn.execute("SELECT source FROM inputs")}


def check_batch(d: Path, tmp: Path, bad: dict[str, str], good: list[str]) -> None:
    """analyze, ingest -j 1 and ingest -j 2 over ``d``: every good file out and stored,
    each bad one named once with its reason, no traceback."""
    proc = marsad("analyze", str(d))
    assert "Traceback" not in proc.stderr, proc.stderr
    out = {Path(json.loads(line)["source"]).name for line in proc.stdout.splitlines()}
    assert set(good) <= out, (good, out, proc.stderr)
    assert proc.returncode == 1
    for name, reason in bad.items():
        assert any(name in line and reason in line for line in proc.stderr.splitlines()), (name, proc.stderr)
    for jobs in ("1", "2"):
        db = tmp / f"j{jobs}.db"
        proc = marsad("ingest", str(d), "--db", str(db), "-j", jobs, "--no-corpus")
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, proc.stderr
        assert set(good) <= stored_sources(db), proc.stderr
        for name, reason in bad.items():
            assert any(name in line and reason in line for line in proc.stderr.splitlines()), (jobs, name, proc.stderr)


def test_json_number_over_4300_digits_costs_only_its_file(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    good = good_files(d)
    (d / "big_number.json").write_text('{"text": "نص", "n": ' + "9" * 5000 + "}", encoding="utf-8")
    (d / "big_number_line.jsonl").write_text(
        '{"text": "نص", "n": ' + "9" * 5000 + "}\n" + json.dumps({"text": GOOD}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    check_batch(d, tmp_path, {"big_number.json": "too many digits",
                              "big_number_line.jsonl#1": "too many digits"},
                [*good, "big_number_line.jsonl#2"])


def test_record_key_nested_500_levels_costs_only_its_record(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    good = good_files(d, 6)  # more documents than workers, before and after the bad one
    deep = "[" * 600 + "]" * 600
    (d / "good_3_deep.json").write_text('{"text": "' + GOOD.strip() + '", "extra": ' + deep + "}", encoding="utf-8")
    check_batch(d, tmp_path, {"good_3_deep.json": "nested more than 32 levels"}, good)


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    good = good_files(d)
    bad_name = os.fsencode(str(d)) + b"/caf\xe9.txt"
    with open(bad_name, "w", encoding="utf-8") as fh:
        fh.write(GOOD + "اسم ملف غير صالح.\n")
    proc = marsad("analyze", str(d), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr
    sources = [json.loads(line)["source"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(s.endswith("caf\\xe9.txt") for s in sources), sources
    assert len(sources) == 4
    for jobs in ("1", "2"):
        db = tmp_path / f"u{jobs}.db"
        proc = marsad("ingest", str(d), "--db", str(db), "-j", jobs, "--no-corpus")
        assert proc.returncode == 0, proc.stderr
        assert stored_sources(db) == {*good, "caf\\xe9.txt"}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and /dev/urandom")
def test_fifo_and_devices_behind_article_names_are_not_read(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    good = good_files(d)
    os.mkfifo(d / "pipe.txt")  # nobody ever writes to it: opening it would block forever
    (d / "zero.jsonl").symlink_to("/dev/zero")  # endless bytes, never a newline
    (d / "zero.txt").symlink_to("/dev/zero")
    (d / "random.html").symlink_to("/dev/urandom")
    reason = "not a regular file"
    check_batch(d, tmp_path, {"pipe.txt": reason, "zero.jsonl": reason, "zero.txt": reason,
                              "random.html": reason}, good)


def test_a_reader_failing_on_one_file_does_not_stop_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.io import readers

    good_files(tmp_path, 2)
    (tmp_path / "boom.txt").write_text(GOOD, encoding="utf-8")
    real = readers._text_document

    def fragile(data: bytes, source: str) -> Any:
        if source.endswith("boom.txt"):
            raise RuntimeError("a reader bug")
        return real(data, source)

    monkeypatch.setattr(readers, "_text_document", fragile)
    items = list(read_inputs([str(tmp_path)]))
    assert [Path(i.source).name for i in items] == ["boom.txt", "good_0.txt", "good_1.txt"]
    assert isinstance(items[0], InputError) and "RuntimeError: a reader bug" in items[0].reason


def test_jsonl_stream_stops_at_the_size_limit() -> None:
    class Endless(io.RawIOBase):  # /dev/zero as a stream: no newline, no end
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            b[:] = b"\0" * len(b)
            return len(b)

    items = list(_jsonl_documents(io.BufferedReader(Endless()), "s.jsonl", 1000, total_limit=10_000))
    assert isinstance(items[-1], InputError) and "over the" in items[-1].reason


def test_zero_width_only_text_is_refused_as_empty(tmp_path: Path) -> None:
    invisible = "\u200b\u200c\u200d\ufeff\u2060\u200e\u202e \n\t\u00ad\u061c"
    (tmp_path / "zw.txt").write_text(invisible, encoding="utf-8")
    (tmp_path / "zw.json").write_text(json.dumps({"text": invisible}), encoding="utf-8")
    (tmp_path / "zw.html").write_text(f"<html><body><p>{invisible}</p></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("\u200b" + GOOD, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    errors = {Path(i.source).name: i.reason for i in items if isinstance(i, InputError)}
    assert set(errors) == {"zw.txt", "zw.json", "zw.html"}
    assert all("empty" in r or "no article text" in r for r in errors.values()), errors
    assert [Path(i.source).name for i in items if isinstance(i, Document)] == ["ok.txt"]


def test_analyze_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    content = json.dumps({"text": GOOD}, ensure_ascii=False) + "\n"
    src.write_text(content, encoding="utf-8")
    proc = marsad("analyze", str(src), "-o", str(src))
    assert proc.returncode == 1 and "also an input" in proc.stderr
    assert src.read_text(encoding="utf-8") == content
    d = tmp_path / "dir"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "out.jsonl").write_text("{}\n", encoding="utf-8")
    proc = marsad("analyze", str(d), "-o", str(d / "out.jsonl"))
    assert proc.returncode == 1 and "inside the input directory" in proc.stderr
    assert (d / "out.jsonl").read_text(encoding="utf-8") == "{}\n"


def test_analyze_output_replaces_the_file_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    proc = marsad("analyze", str(tmp_path / "a.txt"), "-o", str(out))
    assert proc.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"].startswith("قالت")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]  # no temp left


def test_export_failing_late_keeps_the_output_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "m.db"
    assert marsad("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-j", "1").returncode == 0
    keep = tmp_path / "keep.csv"
    keep.write_text("precious\n", encoding="utf-8")
    for args, status in ((["--place", "nowhere_at_all"], 1), (["--since", "2022-13"], 2)):
        proc = marsad("export", "--db", str(db), *args, "-o", str(keep))
        assert proc.returncode == status, proc.stderr
        assert keep.read_text(encoding="utf-8") == "precious\n"
    proc = marsad("export", "--db", str(db), "--format", "csv", "-o", str(keep))
    assert proc.returncode == 0, proc.stderr
    header = keep.read_text(encoding="utf-8").splitlines()[0]
    assert header != "precious" and "," in header


def test_ingest_refuses_a_sqlite_file_marsad_did_not_make(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    proc = marsad("ingest", str(tmp_path / "a.txt"), "--db", str(other), "-j", "1")
    assert proc.returncode == 1 and "did not make" in proc.stderr and "contacts" in proc.stderr
    with sqlite3.connect(other) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["contacts"]
    for cmd in (["search", "x"], ["incidents"]):
        proc = marsad(*cmd, "--db", str(other))
        assert proc.returncode == 1 and "did not make" in proc.stderr


def test_search_escapes_terminal_control_sequences(tmp_path: Path) -> None:
    record = {"text": GOOD, "title": "عنوان \x1b]0;pwned\x07 \x1b[2J \x9b31m", "outlet": "منفذ\x1b[5m"}
    (tmp_path / "c.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "c.db"
    assert marsad("ingest", str(tmp_path / "c.json"), "--db", str(db), "-j", "1").returncode == 0
    proc = marsad("search", "الهدوء", "--db", str(db))
    assert proc.returncode == 0
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in proc.stdout
    assert "\\x1b]0;pwned\\x07" in proc.stdout
    assert "[الهدوء]" in proc.stdout  # the match markers still shown (not a terminal: brackets)


def test_analyze_output_reads_back_as_input(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parent.parent / "demo"
    first = tmp_path / "first.jsonl"
    assert marsad("analyze", str(demo), "-o", str(first)).returncode == 0
    proc = marsad("analyze", str(first))
    assert proc.returncode == 0, proc.stderr
    before = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    after = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(after) == len(before) and any(d["outlet"] for d in before)
    for a, b in zip(before, after, strict=True):
        assert b["outlet"] == a["outlet"] and b["published"] == a["published"]
        assert b["title"] == a["title"]
