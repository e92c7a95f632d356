"""`marsad analyze --jobs N`: the same bytes, in the same order, for any N."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marsad.parallel import ordered_map

DEMO = Path(__file__).parents[1] / "demo"


def _analyze(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "marsad", "analyze", *args], capture_output=True,
                          timeout=600)


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_jobs_output_is_byte_identical_on_demo(fmt: str) -> None:
    one = _analyze(str(DEMO), "--format", fmt, "--jobs", "1")
    assert one.returncode == 0, one.stderr
    for jobs in ("2", "3"):
        many = _analyze(str(DEMO), "--format", fmt, "--jobs", jobs)
        assert many.returncode == 0, many.stderr
        assert many.stdout == one.stdout


@pytest.mark.slow
def test_jobs_output_is_byte_identical_on_corpus(corpus_dir: Path) -> None:
    one = _analyze(str(corpus_dir), "--jobs", "1")
    two = _analyze(str(corpus_dir), "--jobs", "2")
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout
    assert one.stdout.count(b"\n") > 200


def test_bad_file_reported_once_and_batch_goes_on(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"{i:02d}.txt").write_text(f"قالت مصادر إن {i + 2} أشخاص فروا من سجن الصناعة في الحسكة.",
                                               encoding="utf-8")
    (tmp_path / "03b.txt").write_bytes(b"\x00\x01\x02binary\x00")
    one = _analyze(str(tmp_path), "--jobs", "1")
    two = _analyze(str(tmp_path), "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout.count(b"\n") == 6
    assert two.stderr.count(b"03b.txt") == 1


def _square(x: int) -> int:
    return x * x


def test_ordered_map_keeps_order_and_streams() -> None:
    consumed = 0

    def items():  # counts how far the pool has read ahead
        nonlocal consumed
        for i in range(2000):
            consumed += 1
            yield i

    results = ordered_map(_square, items(), 2, chunk=4, ahead=2)
    first = [next(results) for _ in range(10)]
    assert first == [i * i for i in range(10)]
    # jobs * ahead chunks in flight, plus one refill per chunk taken: not the whole input
    assert consumed <= 4 * (2 * 2 + 3)
    assert list(results) == [i * i for i in range(10, 2000)]
