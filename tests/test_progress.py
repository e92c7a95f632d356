"""Progress lines: done/total, rate, time left; quiet unless asked or on a terminal."""

from __future__ import annotations

import io

import pytest

from marsad.progress import Progress


def test_line_has_done_total_rate_and_eta() -> None:
    p = Progress("ingest", total=1000, stream=io.StringIO(), enabled=False)
    p.start -= 10.0  # ten seconds ago
    p.advance(250)
    line = p.line()
    assert line.startswith("ingest: 250/1,000 (25%) docs, 25 docs/s")
    assert "ETA 30s" in line


def test_without_total_reports_rate_and_elapsed() -> None:
    p = Progress("analyze", stream=io.StringIO(), enabled=False)
    p.start -= 65.0
    p.advance(130)
    assert p.line() == "analyze: 130 docs, 2 docs/s, 1m05s"


def test_plain_lines_in_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_PROGRESS", "1")
    monkeypatch.delenv("MARSAD_NO_PROGRESS", raising=False)
    out = io.StringIO()
    with Progress("batch", total=3, unit="partitions", stream=out, interval=0.0) as p:
        for _ in range(3):
            p.advance()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("batch: 3/3 (100%) partitions")
    assert all("\r" not in line for line in lines)


def test_silent_when_not_a_terminal_or_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_PROGRESS", raising=False)
    out = io.StringIO()
    with Progress("x", total=2, stream=out) as p:
        p.advance(2)
    assert out.getvalue() == ""
    monkeypatch.setenv("MARSAD_NO_PROGRESS", "1")
    with Progress("x", total=2, stream=out, enabled=True) as p:
        p.advance(2)
    assert out.getvalue() == ""
