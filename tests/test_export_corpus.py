"""Export: ACLED-like event rows (CSV/JSONL) and incidents as GeoJSON points."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.cli import main
from marsad.corpus.export import EVENT_COLUMNS
from marsad.store import Store

TEXT = "أفرجت الإدارة الذاتية عن خمسين موقوفاً من سجن غويران في الحسكة بوساطة عشائرية."


def _db(tmp_path: Path) -> str:
    path = tmp_path / "e.db"
    ev = event(TEXT, "أفرجت", "release", date="2023-06", place="ghwayran_prison", count=(50, 50))
    ev["actors"] = [{"entity": "hasakah", "role": "agent"}]
    store = Store(path)
    store.add_documents([make_doc(TEXT, outlet=("outlet_one", "الأولى"), published="2023-06-10",
                                  entities=PRISON_ENTITIES, events=[ev])])
    store.rebuild_corpus()
    store.close()
    return str(path)


def test_export_csv_rows(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert len(rows) == 1 and tuple(rows[0]) == EVENT_COLUMNS
    r = rows[0]
    assert (r["event_date"], r["time_precision"], r["event_type"]) == ("2023-06", "month", "release")
    assert (r["location"], r["geo_precision"], r["latitude"]) == ("سجن غويران", "facility", "36.47")
    assert (r["count_min"], r["source_outlet"], r["modality"]) == ("50.0", "الأولى", "asserted")
    assert r["actor1"] == "الحسكة" and r["evidence"] == TEXT and r["incident"].startswith("inc_")


def test_export_geojson_incidents(tmp_path: Path) -> None:
    target = tmp_path / "inc.geojson"
    out = CliRunner().invoke(main, ["export", "--db", _db(tmp_path), "--format", "geojson",
                                    "-o", str(target)])
    assert out.exit_code == 0, out.output
    fc = json.loads(target.read_text("utf-8"))
    assert fc["type"] == "FeatureCollection"
    (f,) = fc["features"]
    assert f["geometry"] == {"type": "Point", "coordinates": [40.72, 36.47]}
    p = f["properties"]
    assert p["type"] == "release" and p["outlets"] == ["outlet_one"]
    assert p["independent_sources"] == 1 and p["modalities"] == {"asserted": 1}
    assert p["counts"][0]["min"] == 50


def test_export_marks_foiled_attempts_and_running_totals(tmp_path: Path) -> None:
    from marsad.pipeline import analyze_text

    path = tmp_path / "f.db"
    store = Store(path)
    store.add_documents([
        analyze_text("أحبطت قوى الأمن الداخلي محاولة فرار خمسة معتقلين من سجن غويران أمس.",
                     published="2022-01-21").to_dict(),
        analyze_text("فر خمسة معتقلين من سجن الصناعة في الحسكة أمس.", published="2022-03-02").to_dict(),
    ])
    store.rebuild_corpus()
    store.close()
    out = CliRunner().invoke(main, ["export", "--db", str(path), "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert sorted((r["event_type"], r["foiled"]) for r in rows) == [("escape", "False"), ("escape", "True")]
    assert all(r["count_total_min"] == "" for r in rows)
