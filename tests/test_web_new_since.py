"""What is new since a time: the web pages, the API and ``marsad incidents --new-since`` read
the documents' ingestion time (a watch cycle's reports), on both backends."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.cli import main
from marsad.corpus.build import rebuild
from marsad.corpus.dates import parse_moment, parse_period
from marsad.store import Store
from marsad.web.app import create_app

OLD = "هاجم مسلحون سجن غويران في الحسكة فجر الخميس وتبادلوا إطلاق النار مع الحراس لساعات."
NEW = "اندلع حريق كبير في سوق الحسكة المركزي مساء الأحد وأتى على عشرات المحال التجارية."


def test_periods_and_moments() -> None:
    now = datetime(2025, 10, 5, 12, 0, tzinfo=UTC)
    assert parse_period("90s") == 90 and parse_period("15m") == 900 and parse_period("2") == 120
    assert parse_moment("2h", now) == "2025-10-05T10:00:00Z"
    assert parse_moment("1d", now) == "2025-10-04T12:00:00Z"
    assert parse_moment("2025-10-01", now) == "2025-10-01T00:00:00Z"
    assert parse_moment("2025-10-01T08:30+02:00", now) == "2025-10-01T06:30:00Z"
    for bad in ("soon", "0m", "-5m", "2025-13-01"):
        with pytest.raises(ValueError):
            parse_moment(bad, now)


def test_new_since(make_db: Callable[..., str]) -> None:
    db = make_db()
    store = Store(db)
    old = make_doc(OLD, published="2022-01-20", entities=PRISON_ENTITIES,
                   events=[event(OLD, "هاجم", "attack", date="2022-01-20", place="ghwayran_prison")])
    new = make_doc(NEW, published="2022-03-06", entities=PRISON_ENTITIES,
                   events=[event(NEW, "حريق", "other", date="2022-03-06", place="hasakah")])
    store.add_documents([old])
    # the first report came in two days ago (as a watch cycle would have stored it)
    store.conn.execute("UPDATE documents SET ingested_at = '2000-01-01T00:00:00Z'")
    if hasattr(store.conn, "commit"):
        store.conn.commit()
    store.add_documents([new])
    rebuild(store)
    incidents = {i["id"]: i for i in store.all_incidents()}
    recent = store.list_incidents(new_since=parse_moment("1h"))
    assert recent["total"] == 1
    assert recent["items"][0]["events"][0]["doc"] == new["id"]
    assert store.list_documents(new_since=parse_moment("1h"))["total"] == 1
    assert store.list_incidents(new_since="1999-01-01T00:00:00Z")["total"] == len(incidents) == 2
    store.close()

    out = CliRunner().invoke(main, ["incidents", "--db", db, "--new-since", "1h"])
    assert out.exit_code == 0, out.output
    assert [i["events"][0]["doc"] for i in json.loads(out.output)] == [new["id"]]
    bad = CliRunner().invoke(main, ["incidents", "--db", db, "--new-since", "soon"])
    assert bad.exit_code == 2 and "neither a period" in bad.output

    client = TestClient(create_app(db))
    page = client.get("/incidents", params={"new_since": "1h"})
    assert page.status_code == 200
    assert "حريق" in page.text or "other" in page.text
    assert page.text.count('href="/incidents/inc_') == 1
    assert client.get("/incidents").text.count('href="/incidents/inc_') == 2
    docs = client.get("/documents", params={"new_since": "24h"})
    assert docs.status_code == 200 and docs.text.count('href="/documents/') == 1
    api = client.get("/api/incidents", params={"new_since": "2000-01-02"}).json()
    assert api["total"] == 1
    assert client.get("/api/documents", params={"new_since": "7d"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"new_since": "later"}).status_code == 422
