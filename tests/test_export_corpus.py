"""Export: ACLED-compatible rows of events and incidents as CSV, JSONL, GeoJSON and Parquet.

The database is built from contract documents written here (invented sentences), with the
cases an analyst meets: a partial date, a week, an unanchored year, a drone strike (subtype),
a killing with a count and one that is denied, a confidence, a country-level place, and
cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.cli import main
from marsad.corpus.build import rebuild
from marsad.store import Store
from marsad.store.export_views import EVENT_COLUMNS, INCIDENT_COLUMNS

TEXT_A = ("أفرجت الإدارة الذاتية عن خمسين موقوفاً من سجن غويران في الحسكة بوساطة عشائرية. "
          "وقتل سبعة عناصر في هجوم بطائرة مسيرة قرب السجن.")
TEXT_B = "نفت قسد مقتل ثلاثة حراس في سجن غويران، وقالت إن الوضع في سوريا مستقر منذ أسبوع."
TEXT_C = "قال ناشطون إن اشتباكات اندلعت في 27 تشرين الثاني قرب السجن."

ENTITIES = {**PRISON_ENTITIES,
            "syria": {"type": "state", "name": "سوريا", "name_en": "Syria", "lat": 35.0,
                      "lon": 38.5, "wikidata": "Q858", "parent": None, "subtype": "country"},
            "sdf": {"type": "armed_group", "name": "قوات سوريا الديمقراطية", "name_en": "SDF",
                    "lat": None, "lon": None, "wikidata": None, "parent": None, "subtype": None}}


def _docs() -> list[dict[str, Any]]:
    release = event(TEXT_A, "أفرجت", "release", date="2023-06", place="ghwayran_prison",
                    count=(50, 50))
    release["actors"] = [{"entity": "hasakah", "role": "agent"}, {"entity": "sdf", "role": "agent"}]
    strike = event(TEXT_A, "قتل", "killing", eid="e2", date="2023-06-14",
                   place="ghwayran_prison", count=(7, 7))
    strike.update(subtype="drone_strike", confidence=0.9)
    denied = event(TEXT_B, "مقتل", "killing", date="2024-W35", place="ghwayran_prison",
                   count=(3, 3), modality="denied")
    denied["confidence"] = 0.4
    country = event(TEXT_B, "مستقر", "other", eid="e2", place="syria")
    clash = event(TEXT_C, "اشتباكات", "clash", date="XXXX-11-27", place="ghwayran_prison")
    return [
        make_doc(TEXT_A, outlet=("outlet_one", "=HYPERLINK(\"x\")"), published="2023-06-15",
                 entities=ENTITIES, events=[release, strike], title="@عنوان"),
        make_doc(TEXT_B, outlet=("outlet_two", "الثانية"), published="2024-08-30",
                 entities=ENTITIES, events=[denied, country]),
        make_doc(TEXT_C, outlet=("outlet_two", "الثانية"), published="2023-12-01",
                 entities=ENTITIES, events=[clash]),
    ]


@pytest.fixture(scope="module")
def db(make_db: Callable[..., str]) -> str:
    """The export's database, on each backend."""
    path = make_db("export")
    docs = _docs()
    docs[0]["url"] = "-2+3 https://example.org/a"
    with Store(path) as store:
        store.add_documents(docs)
        rebuild(store)
    return path


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def jsonl(db: str, *args: str) -> list[dict[str, Any]]:
    out = run("export", "--db", db, "--format", "jsonl", *args)
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines()]


def by_type(rows: list[dict[str, Any]]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(r["marsad_type"], r["modality"]): r for r in rows}


def test_csv_bytes_open_in_excel_with_arabic_intact(db: str, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    out = run("export", "--db", db, "-o", str(target))
    assert out.exit_code == 0, out.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # the BOM Excel needs for UTF-8
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF records only
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(csv.reader(io.StringIO(text)).__next__()) == EVENT_COLUMNS
    assert len(rows) == 5
    assert "سجن غويران" in text and "أفرجت" in text             # Arabic bytes intact
    release = next(r for r in rows if r["marsad_type"] == "release")
    # formula injection neutralised in every text cell; numbers stay numbers
    assert release["source"] == "'=HYPERLINK(\"x\")"
    assert release["url"] == "'-2+3 https://example.org/a"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert release["foiled"] == "false" and release["count_min"] == "50"
    assert {r["foiled"] for r in rows} == {"false"}
    assert not any("XXXX" in r[c] for r in rows for c in ("event_date", "year", "month", "day"))
    no_bom = run("export", "--db", db, "--no-bom")
    assert no_bom.exit_code == 0 and not no_bom.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert no_bom.stdout_bytes.decode("utf-8").startswith("event_id,event_date,year,")


def test_acled_columns(db: str) -> None:
    rows = by_type(jsonl(db))
    release = rows[("release", "asserted")]
    assert (release["event_date"], release["year"], release["month"], release["day"],
            release["time_precision"]) == (None, 2023, 6, None, 3)
    assert (release["event_type"], release["sub_event_type"]) == ("Strategic developments", "Other")
    assert (release["actor1"], release["assoc_actor_1"]) == ("الحسكة", "قوات سوريا الديمقراطية")
    assert (release["country"], release["iso"], release["admin1"], release["admin2"]) == \
        ("سوريا", 760, "الحسكة", None)
    assert (release["location"], release["latitude"], release["geo_precision"]) == \
        ("سجن غويران", 36.47, 1)
    assert release["notes"] == TEXT_A.split(". ")[0] + "." or release["notes"].startswith("أفرجت")
    assert release["fatalities"] is None and isinstance(release["timestamp"], int)
    strike = rows[("killing", "asserted")]
    assert (strike["event_date"], strike["time_precision"], strike["day"]) == ("2023-06-14", 1, 14)
    assert (strike["event_type"], strike["sub_event_type"], strike["disorder_type"]) == \
        ("Explosions/Remote violence", "Air/drone strike", "Political violence")
    assert (strike["marsad_subtype"], strike["confidence"], strike["fatalities"]) == \
        ("drone_strike", 0.9, 7)
    denied = rows[("killing", "denied")]
    assert denied["fatalities"] is None                           # a denied killing counts no one
    assert (denied["event_date"], denied["year"], denied["time_precision"]) == (None, 2024, 2)
    clash = rows[("clash", "asserted")]
    assert (clash["event_date"], clash["year"], clash["month"], clash["day"],
            clash["time_precision"], clash["date_value"]) == (None, None, 11, 27, None, "XXXX-11-27")
    country = rows[("other", "asserted")]
    assert (country["country"], country["admin1"], country["geo_precision"],
            country["location_level"]) == ("سوريا", None, 3, "country")
    english = by_type(jsonl(db, "--names", "en"))[("release", "asserted")]
    assert (english["country"], english["admin1"], english["location"], english["assoc_actor_1"]) \
        == ("Syria", "Al-Hasakah", "Ghwayran prison", "SDF")


def _check_rfc7946(fc: dict[str, Any], columns: tuple[str, ...]) -> None:
    """The parts of RFC 7946 a GIS relies on, and flat properties for QGIS."""
    assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list)
    assert "crs" not in fc                                       # RFC 7946 §4: WGS84 only
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["id"], str | int)
        geom = f["geometry"]
        if geom is not None:
            assert geom["type"] == "Point"
            lon, lat = geom["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert all(len(str(c).split(".")[-1]) <= 6 for c in (lon, lat))  # §11.2
        assert tuple(f["properties"]) == columns
        assert all(not isinstance(v, dict | list) for v in f["properties"].values())


@pytest.mark.parametrize("what", ["events", "incidents"])
def test_geojson_is_rfc7946_with_flat_properties(db: str, tmp_path: Path, what: str) -> None:
    target = tmp_path / f"{what}.geojson"
    out = run("export", "--db", db, "--format", "geojson", "--what", what, "-o", str(target))
    assert out.exit_code == 0, out.output
    fc = json.loads(target.read_text("utf-8"))
    _check_rfc7946(fc, EVENT_COLUMNS if what == "events" else INCIDENT_COLUMNS)
    geoms = {f["properties"]["location_id"]: f["geometry"] for f in fc["features"]}
    assert geoms["ghwayran_prison"] == {"type": "Point", "coordinates": [40.72, 36.47]}
    assert geoms["syria"] is None                                # no point in mid-country
    assert "no point on the map" in out.stderr
    pyogrio = pytest.importorskip("pyogrio")                     # GDAL/OGR, what QGIS reads with
    info = pyogrio.read_info(target)
    assert info["features"] == len(fc["features"])
    fields = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert fields["latitude"] == "float64" and fields["year"] in ("int32", "int64")
    assert fields["admin1"] == "object" and fields["event_id"] == "object"


def test_parquet_reads_back_with_pyarrow(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for what in ("events", "incidents"):
        target = tmp_path / f"{what}.parquet"
        out = run("export", "--db", db, "--format", "parquet", "--what", what, "-o", str(target))
        assert out.exit_code == 0, out.output
        table = pq.read_table(target)
        assert tuple(table.column_names) == (EVENT_COLUMNS if what == "events" else INCIDENT_COLUMNS)
        assert table.num_rows == len(jsonl(db, "--what", what))
        types = {f.name: str(f.type) for f in table.schema}
        assert (types["year"], types["latitude"], types["admin1"]) == ("int64", "double", "string")
        if what == "events":
            assert types["foiled"] == "bool"
            assert table.to_pylist() == jsonl(db)                # same values as JSON Lines


def test_refused_or_failed_export_leaves_no_file(db: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.parquet"
    monkeypatch.setitem(sys.modules, "pyarrow", None)            # as if pyarrow were absent
    out = run("export", "--db", db, "--format", "parquet", "-o", str(target))
    assert out.exit_code == 1 and "pip install 'marsad[parquet]'" in out.output
    monkeypatch.undo()
    assert not target.exists()
    bad = run("export", "--db", db, "--place", "nowhere", "-o", str(tmp_path / "x.csv"))
    assert bad.exit_code == 1 and "'nowhere'" in bad.output
    assert not (tmp_path / "x.csv").exists()
    kept = tmp_path / "kept.csv"
    kept.write_text("previous export\n")
    bad = run("export", "--db", db, "--since", "2023-13", "-o", str(kept))
    assert bad.exit_code == 2 and kept.read_text() == "previous export\n"
    missing_dir = run("export", "--db", db, "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert missing_dir.exit_code == 1 and "does not exist" in missing_dir.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.csv"]  # no .part left behind


def test_filters(db: str) -> None:
    def types(*args: str) -> list[str]:
        return sorted(f"{r['marsad_type']}:{r['modality']}" for r in jsonl(db, *args))

    # a month overlaps the days in it; the undated clash counts at its report (2023-12-01)
    assert types("--since", "2023-06-10", "--until", "2023-12") == \
        ["clash:asserted", "killing:asserted", "release:asserted"]
    assert types("--since", "2023-07", "--until", "2023-12") == ["clash:asserted"]
    assert types("--since", "2024") == ["killing:denied", "other:asserted"]
    assert types("--type", "Explosions/Remote violence") == ["killing:asserted"]
    assert types("--type", "drone_strike", "--type", "release") == \
        ["killing:asserted", "release:asserted"]
    assert len(types("--place", "syria")) == 5                 # every place is in Syria
    assert len(types("--place", "الحسكة")) == 4                 # the town and the prison in it
    assert types("--place", "SY-HA") == types("--place", "الحسكة")
    assert types("--outlet", "الثانية", "--modality", "denied") == ["killing:denied"]
    assert types("--min-confidence", "0.5") == ["killing:asserted"]  # unknown is left out
    assert types("--min-sources", "5") == [] and len(types("--min-reports", "1")) == 5
    incidents = jsonl(db, "--what", "incidents", "--outlet", "outlet_one")
    assert {r["marsad_type"] for r in incidents} == {"release", "killing"}
    bad = run("export", "--db", db, "--outlet", "nobody")
    assert bad.exit_code == 1 and "no stored document is from this outlet" in bad.output
    bad = run("export", "--db", db, "--modality", "maybe")
    assert bad.exit_code == 2


def test_views_in_the_database_match_the_export(db: str) -> None:
    from marsad.corpus.export import typed_rows
    from marsad.store.export_views import _plain

    store = Store(db, readonly=True)
    conn = store.conn
    views = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'view'" if store.backend == "sqlite" else
        "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()")}
    assert {"export_events", "export_incidents"} <= views
    for view, what in (("export_events", "events"), ("export_incidents", "incidents")):
        stored = list(typed_rows({k: _plain(r[k]) for k in r.keys()}  # noqa: SIM118 (a row)
                                 for r in conn.execute(f"SELECT * FROM {view}")))
        assert stored == jsonl(db, "--what", what)
    facet = dict(conn.execute(
        "SELECT admin1, count(*) FROM export_events GROUP BY admin1").fetchall())
    assert facet == {"الحسكة": 4, None: 1}


def test_incident_rows_date_undated_incidents_by_first_report(db: str) -> None:
    rows = {r["marsad_type"] + ":" + str(r["date_value"]): r for r in jsonl(db, "--what", "incidents")}
    other = next(r for r in rows.values() if r["marsad_type"] == "other")
    assert (other["dated_by"], other["first_reported"], other["event_date"]) == \
        ("first_report", "2024-08-30", None)
    killing = next(r for r in rows.values() if r["marsad_type"] == "killing"
                   and r["modalities"] == "asserted:1")
    assert killing["fatalities"] == 7 and killing["sub_event_type"] == "Air/drone strike"


def test_datasette_facets_the_export_view(db: str) -> None:
    """The README's datasette example (datasette is optional: skipped when not installed)."""
    if not Path(db).is_file():
        pytest.skip("datasette reads SQLite files")
    pytest.importorskip("datasette")
    import asyncio

    from datasette.app import Datasette

    async def facets() -> dict[str, Any]:
        ds = Datasette([db])
        name = Path(db).stem
        resp = await ds.client.get(f"/{name}/export_events.json?_facet=admin1&_facet=event_type")
        assert resp.status_code == 200
        return resp.json()["facet_results"]

    results = asyncio.run(facets())
    admin1 = {r["value"]: r["count"] for r in results["admin1"]["results"]}
    assert admin1 == {"الحسكة": 4}
    assert {r["value"] for r in results["event_type"]["results"]} >= {"Explosions/Remote violence"}
