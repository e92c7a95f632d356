"""Broken inputs generated here: each gets one clear stderr line naming it, the batch goes on,
and the exit status says something failed. No traceback, ever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.io.readers import InputError, read_inputs

GOOD = "قالت مصادر محلية إن الهدوء عاد إلى المدينة بعد ظهر اليوم، وإن الحركة في الأسواق طبيعية.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", "from marsad.cli import main; main()", "analyze", *args],
        capture_output=True,
        input=stdin,
        env=full_env,
        check=False,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def errors_of(paths: list[str], **kw: int) -> dict[str, str]:
    return {item.source: item.reason for item in read_inputs(paths, **kw) if isinstance(item, InputError)}


@pytest.fixture()
def broken_dir(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "01_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "02_empty.txt").write_bytes(b"")
    (d / "03_blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (d / "04_image.txt").write_bytes(PNG)  # an image saved with a .txt name
    (d / "05_truncated.json").write_text('{"text": "نص مقطوع', encoding="utf-8")
    (d / "06_not_a_record.json").write_text("[1, 2]", encoding="utf-8")
    (d / "07_mixed.jsonl").write_text(
        json.dumps({"text": GOOD}, ensure_ascii=False) + "\n{bad json\n" + json.dumps({"title": "no text"}) + "\n"
        + json.dumps({"text": GOOD, "published": 2022}, ensure_ascii=False) + "\n" + json.dumps({"text": GOOD}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (d / "08_undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 40 + b"\xff\xfe\xfd")
    (d / "09_utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (d / "10_cp1256.txt").write_bytes(GOOD.encode("cp1256"))
    (d / "11_dangling.txt").symlink_to(d / "does_not_exist.txt")
    (d / "12_good.html").write_text(f"<html><body><p>{GOOD}</p></body></html>", encoding="utf-8")
    return d


def test_each_bad_file_is_named_with_a_reason(broken_dir: Path) -> None:
    errs = {Path(k).name: v for k, v in errors_of([str(broken_dir)]).items()}
    assert "empty" in errs["02_empty.txt"]
    assert "empty" in errs["03_blank.txt"]
    assert "binary" in errs["04_image.txt"] and "PNG" in errs["04_image.txt"]
    assert "invalid JSON" in errs["05_truncated.json"]
    assert "not an object" in errs["06_not_a_record.json#1"]
    assert "invalid JSON" in errs["07_mixed.jsonl#2"]
    assert '"text"' in errs["07_mixed.jsonl#3"]
    assert '"published"' in errs["07_mixed.jsonl#4"]
    assert "undecodable" in errs["08_undecodable.txt"] or "binary" in errs["08_undecodable.txt"]
    assert "no such file" in errs["11_dangling.txt"]
    good = [d for d in read_inputs([str(broken_dir)]) if isinstance(d, Document)]
    names = sorted(Path(d.source).name for d in good)
    assert names == ["01_good.txt", "07_mixed.jsonl#1", "07_mixed.jsonl#5", "09_utf16.txt", "10_cp1256.txt", "12_good.html"]
    for doc in good:
        assert "الهدوء عاد إلى المدينة" in doc.raw


def test_cli_reports_each_failure_once_and_continues(broken_dir: Path) -> None:
    proc = run_cli(str(broken_dir), str(broken_dir / "missing.txt"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert all(line.startswith("marsad: ") for line in lines)
    # 02 03 04 05 06#1 06#2 07#2 07#3 07#4 08 11 and the missing path: one line each
    assert len(lines) == 12
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(docs) == 6
    assert any("missing.txt: no such file or directory" in line for line in lines)


def test_unreadable_file_and_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inner.txt").write_text(GOOD, encoding="utf-8")
    real_open = Path.open

    def guarded_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p).name == "locked" else real_access(p, mode))
    errs = errors_of([str(secret), str(locked)])
    assert errs == {str(secret): "permission denied", str(locked): "permission denied (directory)"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "closed.txt"
    f.write_text(GOOD, encoding="utf-8")
    f.chmod(0)
    try:
        assert errors_of([str(f)]) == {str(f): "permission denied"}
    finally:
        f.chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc for peak RSS")
def test_file_over_the_size_limit_is_refused_without_loading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = ("سطر طويل من نص عربي عادي يتكرر كثيرا. " * 40 + "\n").encode("utf-8")
    with big.open("wb") as fh:
        for _ in range((50 * 1024 * 1024) // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    script = (
        "import resource, sys\n"
        "from marsad.io.readers import read_inputs, InputError\n"
        "items = list(read_inputs([sys.argv[1]]))\n"
        "print(sum(isinstance(i, InputError) for i in items), len(items))\n"
        # VmHWM: peak RSS of this process image (ru_maxrss would include the forking parent's)
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True)
    counts, rss_kb = proc.stdout.split("\n")[:2]
    assert counts == "1 2"
    assert int(rss_kb) < 120 * 1024, f"peak RSS {int(rss_kb) // 1024} MB: the big file was loaded"
    cli = run_cli(str(tmp_path))
    assert cli.returncode == 1
    assert "big.txt: file is 50 MB, over the 20 MB limit" in cli.stderr
    assert len(cli.stdout.splitlines()) == 1


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD * 20, encoding="utf-8")
    assert "over the" in errors_of([str(f)], max_bytes=100)[str(f)]
    proc = run_cli(str(f), env={"MARSAD_MAX_BYTES": "100"})
    assert proc.returncode == 1 and "over the 100 bytes limit" in proc.stderr


def test_jsonl_overlong_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(read_inputs([str(f)], max_bytes=1000))
    assert isinstance(items[0], InputError) and "longer than" in items[0].reason
    assert isinstance(items[1], Document) and items[1].source.endswith("#2")


def test_lone_surrogates_in_json_are_replaced(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text('{"text": "\\ud800 نص \\udfff فيه بدائل منفردة.", "title": "\\udc00"}', encoding="utf-8")
    proc = run_cli(str(f))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "\ufffd" in doc["text"]


def test_bad_published_option_is_a_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    for bad in ("2022-13-01", "20/01/2022", "yesterday", "2022-02-30"):
        proc = run_cli(str(f), "--published", bad)
        assert proc.returncode == 2
        assert "YYYY-MM-DD" in proc.stderr and "Traceback" not in proc.stderr


def test_record_with_bad_published_value_gives_null_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": GOOD, "published": "sometime last week"}, ensure_ascii=False), encoding="utf-8")
    proc = run_cli(str(f))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["published"] is None


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "deep.json"
    f.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    proc = run_cli(str(f))
    assert proc.returncode == 1 and "deep.json" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_memory_budget_caps_what_a_worker_can_allocate() -> None:
    # the per-document memory budget (marsad.budget) as a worker sets it: 64 MB above what
    # the process holds; a 256 MB allocation must fail there, a 16 MB one must not
    script = (
        "from marsad.budget import _cap_memory\n"
        "_cap_memory(64)\n"
        "small = bytearray(16 * 1024 * 1024)\n"
        "try:\n"
        "    big = bytearray(256 * 1024 * 1024)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "refused"
