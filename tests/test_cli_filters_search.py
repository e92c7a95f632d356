"""The corpus commands as a user runs them on the demo corpus: filters on incidents and
search, search's clear errors and JSON offsets, the reuse table, ``analyze --format table``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from marsad.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"


@pytest.fixture(scope="module")
def db(make_db: Callable[..., str]) -> str:
    path = make_db("cli")
    out = CliRunner().invoke(main, ["ingest", str(DEMO), "--db", path, "--jobs", "1"])
    assert out.exit_code == 0, out.output
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("query,message", [
    ("سجن AND الحسكة", "'AND' is not supported"),
    ("سجن*", "'*' is not supported"),
    ("-غويران", "'-' is not supported"),
    ('"سجن الصناعة', "quotation mark is not closed"),
    ("؟!", "no words to search for"),
])
def test_search_says_what_is_wrong_with_a_query(db: str, query: str, message: str) -> None:
    out = run("search", "--db", db, "--", query)  # "--": a query may start with "-"
    assert out.exit_code == 1 and message in out.output
    assert "0 documents" not in out.output


def test_search_json_gives_offsets_not_control_characters(db: str) -> None:
    out = run("search", "سجن الصناعة", "--db", db, "--format", "json")
    assert out.exit_code == 0, out.output
    assert "\\u0002" not in out.output and "\x02" not in out.output
    res = json.loads(out.output)
    assert res["total"] >= 2
    for item in res["items"]:
        snippet = item["snippet"]
        assert item["snippet_matches"], item
        for s, e in item["snippet_matches"]:
            assert snippet[s:e].endswith(("سجن", "الصناعة")), snippet[s:e]
        assert item["matches"] and all(e > s for s, e in item["matches"])


def test_search_matches_index_the_document_text(db: str) -> None:
    from marsad.store import Store

    res = json.loads(run("search", "غويران", "--db", db, "--format", "json").output)
    with Store(db, readonly=True) as store:
        for item in res["items"]:
            text = store.get_document(item["id"])["text"]
            assert item["matches"]
            assert all("غويران" in text[s:e] for s, e in item["matches"])


def test_search_filters(db: str) -> None:
    def ids(*args: str) -> set[str]:
        out = run("search", "الحسكة", "--db", db, "--format", "json", *args)
        assert out.exit_code == 0, out.output
        return {i["id"] for i in json.loads(out.output)["items"]}

    everything = ids()
    assert len(everything) >= 3
    assert ids("--since", "2022-01-22", "--until", "2022-01-31") < everything
    assert ids("--type", "escape") and ids("--type", "escape") < everything
    assert ids("--modality", "denied") == ids("--type", "escape", "--modality", "denied")
    assert ids("--min-reports", "5") < everything
    assert ids("--place", "سجن غويران") <= everything
    # events carry a calibrated confidence: a higher floor keeps fewer documents
    assert ids("--min-confidence", "0.8") <= ids("--min-confidence", "0.2") <= everything
    bad = run("search", "الحسكة", "--db", db, "--place", "المريخ")
    assert bad.exit_code == 1 and "no stored place" in bad.output


def test_incidents_filters(db: str) -> None:
    def incidents(*args: str) -> list[dict[str, Any]]:
        out = run("incidents", "--db", db, "--format", "json", *args)
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    everything = incidents()
    assert len(everything) >= 4
    big = incidents("--min-reports", "3", "--min-sources", "2")
    assert big and all(len(i["events"]) >= 3 and i["independent_sources"] >= 2 for i in big)
    # an ACLED type keeps exactly the incidents the export codes with it
    exported = [json.loads(line) for line in run("export", "--db", db, "--what", "incidents", "--format", "jsonl").output.splitlines()]
    for acled in {r["event_type"] for r in exported}:
        wanted = sorted(r["marsad_type"] for r in exported if r["event_type"] == acled)
        assert sorted(i["type"] for i in incidents("--type", acled)) == wanted, acled
    assert all(i["place"] == "ghwayran_prison" for i in incidents("--place", "ghwayran_prison"))
    assert incidents("--since", "2030") == []
    table = run("incidents", "--db", db, "--format", "table", "--place", "الحسكة")
    assert table.exit_code == 0 and "سجن غويران" in table.output


def test_reuse_table_names_outlet_date_and_title(db: str) -> None:
    out = run("reuse", "--db", db, "--format", "table")
    assert out.exit_code == 0, out.output
    assert "copies" in out.output and "why:" in out.output
    assert "نشرة مرصد التجريبية" in out.output                 # the outlet, not only an id
    assert "2022-01-21" in out.output and "2022-01-22" in out.output
    assert "نزوح عائلات" in out.output                          # a title


def test_analyze_table_for_a_first_look() -> None:
    out = run("analyze", str(DEMO / "01_ghwayran_attack.txt"), "--format", "table")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == f"== {DEMO / '01_ghwayran_attack.txt'}"
    assert "published: 2022-01-21" in lines[2]
    header = next(line for line in lines if line.strip().startswith("type"))
    assert all(col in header for col in ("date", "place", "count", "modality", "according to"))
    assert any(line.strip().startswith("attack") and "2022-01-20" in line and "سجن غويران" in line
               for line in lines)
    assert any("claim by" in line for line in lines)
