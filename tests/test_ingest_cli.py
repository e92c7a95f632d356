"""``marsad ingest``: bad files reported and skipped, re-ingest adds nothing, reuse computed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.store import Store

ARTICLE = ("أعلنت البلدية اليوم عن خطة لترميم السوق القديم في وسط المدينة خلال الأشهر المقبلة، "
           "وقال رئيس البلدية إن الأعمال ستبدأ بالواجهات الحجرية والأسقف الخشبية القديمة ثم تنتقل "
           "إلى شبكة الصرف الصحي والإنارة، على أن تنتهي قبل حلول فصل الشتاء المقبل بحسب الجدول.")


def test_ingest_bad_file_and_reingest(tmp_path: Path, make_db: Callable[..., str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text(
        json.dumps({"text": "نقلت صحيفة محلية أن " + ARTICLE, "published": "2024-02-03"},
                   ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    db = make_db()
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "--jobs", "1"])
    assert first.exit_code == 1  # one bad line
    assert "b.jsonl" in first.output and "2 new documents" in first.output
    assert "Traceback" not in first.output
    reuse = json.loads(runner.invoke(main, ["reuse", "--db", db]).output)
    assert len(reuse) == 1 and reuse[0]["share"] > 0.9
    second = runner.invoke(main, ["ingest", str(tmp_path / "in" / "a.txt"), "--db", db])
    assert second.exit_code == 0 and "0 new documents" in second.output
    missing = runner.invoke(main, ["ingest", str(tmp_path / "nope.txt"), "--db", db])
    assert missing.exit_code == 1 and "nope.txt" in missing.output
    table = runner.invoke(main, ["incidents", "--db", db, "--format", "table"])
    assert table.exit_code == 0


def test_marsad_db_selects_the_database(tmp_path: Path, make_db: Callable[..., str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """``$MARSAD_DB`` (a file or a postgresql:// URL) is used when --db is not given."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = make_db()
    monkeypatch.setenv("MARSAD_DB", db)
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--jobs", "1"])
    assert first.exit_code == 0 and "1 new documents" in first.output, first.output
    found = json.loads(runner.invoke(main, ["search", "السوق القديم", "--format", "json"]).output)
    assert found["total"] == 1
    assert Store(db, readonly=True).stats()["documents"] == 1
