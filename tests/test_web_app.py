"""HTTP tests of ``marsad serve``: every page and endpoint over a real Store database.

The database is built with ``marsad.store.Store`` from contract documents written here: our own
invented Arabic sentences (no article text from ../shared), with annotation spans located by
searching the text, so the offsets are exact by construction. Two reports of the same escape
share a passage verbatim (text reuse), a third document reports a transfer in Iraq, and a
hostile document carries HTML/script in its title, text, outlet, url and entity names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.corpus.build import rebuild
from marsad.document import text_id
from marsad.store import Store
from marsad.web.app import CSP, create_app

HOSTILE_TITLE = '<script>alert(1)</script> عنوان "><img src=x onerror=alert(2)>'
HOSTILE_TEXT = (
    'قال مصدر محلي إن <script>alert(1)</script> ظهر في الصفحة. '
    'ثم كتب آخر "><img src=x onerror=alert(2)> في التعليق، '
    "وأفادت التقارير بفرار 3 سجناء من سجن غويران."
)

ENTITIES = {
    "sdf": {"type": "armed_group", "name": "قوات سوريا الديمقراطية", "name_en": "SDF",
            "lat": None, "lon": None, "wikidata": None},
    "ghwayran_prison": {"type": "facility", "name": "سجن غويران", "name_en": "Ghwayran prison",
                        "lat": 36.4786, "lon": 40.7253, "wikidata": None, "parent": "hasakah"},
    "hasakah": {"type": "place", "name": "الحسكة", "name_en": "Hasakah", "lat": 36.5024,
                "lon": 40.7477, "wikidata": None},
    "farhad_shami": {"type": "person", "name": "فرهاد شامي", "name_en": "Farhad Shami",
                     "lat": None, "lon": None, "wikidata": None},
    "al_jadaa_camp": {"type": "facility", "name": "مخيم الجدعة", "name_en": "al-Jadaa camp",
                      "lat": 35.87, "lon": 43.25, "wikidata": None},
    "iraq": {"type": "state", "name": "العراق", "name_en": "Iraq", "lat": None, "lon": None,
             "wikidata": None},
}

SHARED = ("أعلنت قوات سوريا الديمقراطية أن 12 سجيناً فرّوا من سجن غويران في مدينة الحسكة "
          "يوم الخميس 20 كانون الثاني 2022، وأن وحداتها طوقت الأحياء المحيطة بالسجن منذ الصباح "
          "وبدأت عمليات تفتيش واسعة بحثاً عن الفارين بين المنازل والأسواق القريبة.")
TEXT_A = SHARED + "\nوقال المتحدث باسم القوات فرهاد شامي إن عمليات البحث مستمرة."
TEXT_B = SHARED + "\nونقلت مصادر محلية أن عدد الفارين بلغ نحو 20 سجيناً."
TEXT_C = ("نقلت السلطات العراقية 50 شخصاً إلى مخيم الجدعة جنوب الموصل في 3 آذار 2023، "
          "بحسب ما أكدته وزارة الهجرة العراقية في بيان مقتضب.")


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    start = starts[nth]
    return start, start + len(needle)


def _doc(text: str, *, title: str, outlet: dict[str, Any] | None, published: str | None,
         source: str, url: str | None = None, entity_ids: tuple[str, ...] = (),
         mentions: tuple[tuple[str, str], ...] = (), times: tuple[tuple[str, str], ...] = (),
         quantities: tuple[tuple[str, float, float, bool, str], ...] = (),
         events: tuple[dict[str, Any], ...] = (), claims: tuple[dict[str, Any], ...] = (),
         entities: dict[str, Any] | None = None) -> dict[str, Any]:
    ents = entities if entities is not None else {e: ENTITIES[e] for e in entity_ids}
    out_events = []
    for i, ev in enumerate(events, 1):
        ts, te = _span(text, ev["trigger"])
        date = None
        if ev.get("date"):
            ds, de = _span(text, ev["date"][0])
            date = {"value": ev["date"][1], "start": ds, "end": de}
        count = None
        if ev.get("count"):
            cs, ce = _span(text, ev["count"][0])
            count = {"min": ev["count"][1], "max": ev["count"][2],
                     "approximate": len(ev["count"]) > 3 and ev["count"][3],
                     "unit": "prisoner", "start": cs, "end": ce}
        out_events.append({
            "id": f"e{i}", "type": ev["type"], "trigger": {"start": ts, "end": te, "text": text[ts:te]},
            "date": date, "place": ev.get("place"), "actors": ev.get("actors", []),
            "count": count, "claim": ev.get("claim"), "modality": ev.get("modality", "asserted"),
        })
    out_claims = []
    for i, cl in enumerate(claims, 1):
        ss, se = _span(text, cl["speaker"])
        cs, ce = _span(text, cl["content"])
        out_claims.append({
            "id": f"c{i}", "start": cs, "end": ce, "text": text[cs:ce],
            "speaker": {"text": text[ss:se], "start": ss, "end": se, "kind": cl["kind"],
                        "entity": cl.get("entity")},
            "via": [], "verb": cl["verb"], "stance": cl.get("stance", "assert"),
        })
    out_times = []
    for needle, value in times:
        s, e = _span(text, needle)
        out_times.append({"start": s, "end": e, "text": text[s:e], "value": value})
    out_qty = []
    for needle, lo, hi, approx, unit in quantities:
        s, e = _span(text, needle)
        out_qty.append({"start": s, "end": e, "text": text[s:e], "min": lo, "max": hi,
                        "approximate": approx, "unit": unit})
    out_mentions = []
    for needle, entity in mentions:
        s, e = _span(text, needle)
        out_mentions.append({"start": s, "end": e, "text": text[s:e], "entity": entity})
    return {
        "id": text_id(text), "source": source, "url": url, "language": "ar", "title": title,
        "outlet": outlet, "author": None, "dateline": None, "published": published,
        "text": text, "removed": [], "entities": ents, "mentions": out_mentions,
        "times": out_times, "quantities": out_qty, "events": out_events, "claims": out_claims,
    }


def corpus_docs() -> list[dict[str, Any]]:
    escape_event = {"type": "escape", "trigger": "فرّوا", "place": "ghwayran_prison",
                    "date": ("20 كانون الثاني 2022", "2022-01-20")}
    doc_a = _doc(
        TEXT_A, title="فرار سجناء من سجن غويران في الحسكة",
        outlet={"name": "عنب بلدي", "name_en": "Enab Baladi", "id": "enab_baladi"},
        published="2022-01-21", source="fixture/a.txt", url="https://example.org/a",
        entity_ids=("sdf", "ghwayran_prison", "hasakah", "farhad_shami"),
        mentions=(("قوات سوريا الديمقراطية", "sdf"), ("سجن غويران", "ghwayran_prison"),
                  ("الحسكة", "hasakah"), ("فرهاد شامي", "farhad_shami")),
        times=(("20 كانون الثاني 2022", "2022-01-20"),),
        quantities=(("12 سجيناً", 12, 12, False, "prisoner"),),
        events=({**escape_event, "count": ("12 سجيناً", 12, 12), "claim": "c1",
                 "actors": [{"entity": "sdf", "role": "other"}]},),
        claims=({"speaker": "قوات سوريا الديمقراطية", "content": "12 سجيناً فرّوا من سجن غويران",
                 "kind": "official_body", "entity": "sdf", "verb": "أعلنت"},
                {"speaker": "فرهاد شامي", "content": "عمليات البحث مستمرة",
                 "kind": "named_person", "entity": "farhad_shami", "verb": "قال"}),
    )
    doc_b = _doc(
        TEXT_B, title="مصادر: نحو 20 فاراً من سجن غويران",
        outlet={"name": "الوطن", "name_en": "Al-Watan (Syria)", "id": "al_watan"},
        published="2022-01-22", source="fixture/b.txt",
        entity_ids=("sdf", "ghwayran_prison", "hasakah"),
        mentions=(("قوات سوريا الديمقراطية", "sdf"), ("سجن غويران", "ghwayran_prison"),
                  ("الحسكة", "hasakah")),
        times=(("20 كانون الثاني 2022", "2022-01-20"),),
        quantities=(("12 سجيناً", 12, 12, False, "prisoner"),
                    ("نحو 20 سجيناً", 20, 20, True, "prisoner")),
        events=({**escape_event, "count": ("نحو 20 سجيناً", 20, 20, True), "claim": "c2",
                 "modality": "alleged"},),
        claims=({"speaker": "قوات سوريا الديمقراطية", "content": "12 سجيناً فرّوا من سجن غويران",
                 "kind": "official_body", "entity": "sdf", "verb": "أعلنت"},
                {"speaker": "مصادر محلية", "content": "عدد الفارين بلغ نحو 20 سجيناً",
                 "kind": "local_sources", "verb": "نقلت", "stance": "allege"}),
    )
    doc_c = _doc(
        TEXT_C, title="نقل 50 شخصاً إلى مخيم الجدعة",
        outlet={"name": "سانا", "name_en": "SANA (Syrian Arab News Agency)", "id": "sana"},
        published="2023-03-04", source="fixture/c.txt",
        entity_ids=("al_jadaa_camp", "iraq"),
        mentions=(("مخيم الجدعة", "al_jadaa_camp"),),
        times=(("3 آذار 2023", "2023-03-03"),),
        quantities=(("50 شخصاً", 50, 50, False, "person"),),
        events=({"type": "transfer", "trigger": "نقلت", "place": "al_jadaa_camp",
                 "date": ("3 آذار 2023", "2023-03-03"), "count": ("50 شخصاً", 50, 50)},),
    )
    return [doc_a, doc_b, doc_c]


def hostile_doc() -> dict[str, Any]:
    evil_entities = {"evil": {"type": "person", "name": "<svg onload=alert(4)>", "name_en": None,
                              "lat": None, "lon": None, "wikidata": None}}
    doc = _doc(
        HOSTILE_TEXT, title=HOSTILE_TITLE,
        outlet={"name": "<b>outlet</b><script>alert(5)</script>", "name_en": None, "id": None},
        published="2022-02-01", source="fixture/<evil>.html", url="javascript:alert(3)",
        entities=evil_entities,
        mentions=(("<script>alert(1)</script>", "evil"),),
        quantities=(("3 سجناء", 3, 3, False, "prisoner"),),
        events=({"type": "escape", "trigger": "بفرار", "count": ("3 سجناء", 3, 3)},),
        claims=({"speaker": "مصدر محلي", "content": '<script>alert(1)</script> ظهر في الصفحة',
                 "kind": "anonymous_source", "verb": "قال"},),
    )
    return doc


@pytest.fixture(scope="module")
def db_path(make_db: Callable[..., str]) -> str:
    path = make_db("web")
    with Store(path) as store:
        store.add_documents([*corpus_docs(), hostile_doc()])
        rebuild(store)
    return path


@pytest.fixture(scope="module")
def client(db_path: str) -> TestClient:
    with TestClient(create_app(db_path)) as c:
        yield c


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    a, b, c = corpus_docs()
    return {"a": a["id"], "b": b["id"], "c": c["id"], "evil": hostile_doc()["id"]}


# ------------------------------------------------------------------ pages


def _assert_page(resp: Any) -> str:
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["content-type"].startswith("text/html")
    html = resp.text
    assert '<html lang="ar" dir="rtl">' in html
    assert "<script>" not in html.replace('<script src="/static/app.js" defer></script>', "")
    return html


def test_overview_counts_and_timeline(client: TestClient) -> None:
    html = _assert_page(client.get("/"))
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 4
    assert re.search(r'id="stat-documents"><span class="num">4</span>', html)
    assert "نظرة عامة" in html and "Overview" in html
    if stats["incidents"]:
        assert 'class="timeline"' in html and "<circle" in html


def test_document_page_highlights_every_layer(client: TestClient, ids: dict[str, str]) -> None:
    html = _assert_page(client.get(f"/documents/{ids['a']}"))
    for cls in ("hl-event", "hl-speaker", "hl-claim", "hl-ent-armed_group", "hl-ent-facility",
                "hl-ent-person", "hl-time", "hl-qty"):
        assert f"hl {cls}" in html or f" {cls}" in html, cls
    # the side panel links to the words: the event trigger carries the anchor
    assert 'href="#ev-e1"' in html and 'id="ev-e1"' in html
    assert 'id="side-cl-c1"' in html and 'id="sp-c1"' in html
    # what marsad made of it is in the title attribute
    assert "Ghwayran prison" in html and "2022-01-20" in html
    # the cleaned text is all there once tags are stripped
    stripped = re.sub(r"<[^>]+>", "", html.split('id="doctext">', 1)[1].split("</article>")[0])
    assert stripped == TEXT_A


def test_incidents_and_incident_page(client: TestClient, ids: dict[str, str]) -> None:
    _assert_page(client.get("/incidents"))
    items = client.get("/api/incidents").json()["items"]
    assert items, "the corpus builder merged no incident"
    escape = [i for i in items if {e["doc"] for e in i["events"]} >= {ids["a"], ids["b"]}]
    assert escape, "the two reports of the same escape should form one incident"
    html = _assert_page(client.get(f"/incidents/{escape[0]['id']}"))
    assert html.count('class="report') >= 2
    assert "عنب بلدي" in html and "الوطن" in html
    assert "~20 prisoner" in html and "12 prisoner" in html  # each report's own count
    assert f'href="/documents/{ids["a"]}#ev-e1"' in html
    for inc in items:
        _assert_page(client.get(f"/incidents/{inc['id']}"))


def test_reuse_pages(client: TestClient, ids: dict[str, str]) -> None:
    _assert_page(client.get("/reuse"))
    pairs = client.get("/api/reuse").json()["items"]
    pair = next(p for p in pairs if {p["a"], p["b"]} == {ids["a"], ids["b"]})
    html = _assert_page(client.get(f"/reuse/{pair['a']}/{pair['b']}"))
    assert html.count('class="passage"') >= 2
    assert "وحداتها طوقت الأحياء" in html


def test_search_page_marks_matches_and_filters(client: TestClient, ids: dict[str, str]) -> None:
    html = _assert_page(client.get("/search", params={"q": "غويران"}))
    assert "<mark>" in html
    assert f'href="/documents/{ids["a"]}"' in html
    html = _assert_page(client.get("/search", params={"q": "غويران", "outlet": "al_watan"}))
    assert f'href="/documents/{ids["b"]}"' in html
    assert f'href="/documents/{ids["a"]}"' not in html
    _assert_page(client.get("/search"))  # empty form
    html = _assert_page(client.get("/search", params={"q": "غويران", "date_from": "2023-01-01"}))
    assert f'href="/documents/{ids["a"]}"' not in html


def test_documents_map_and_api_docs_pages(client: TestClient) -> None:
    html = _assert_page(client.get("/documents"))
    assert html.count('href="/documents/') >= 4
    _assert_page(client.get("/documents", params={"event_type": "transfer"}))
    html = _assert_page(client.get("/map"))
    assert 'id="map"' in html and "/static/vendor/leaflet/leaflet.js" in html
    fc = client.get("/api/map/incidents").json()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    placed = [f for f in fc["features"] if f["geometry"]]
    assert placed and all(f["geometry"]["type"] == "Point" for f in placed)
    # the transfer into al-Jadaa camp (Iraq) is on the map, in Nineveh
    jadaa = next(f for f in placed if f["properties"]["place"] == "مخيم الجدعة")
    assert jadaa["geometry"]["coordinates"] == [43.25, 35.87]
    assert jadaa["properties"]["admin1"] == "نينوى" and jadaa["properties"]["geo_precision"] == 1
    bounds = client.get("/api/map/boundaries")
    assert bounds.headers["content-type"].startswith("application/geo+json")
    codes = {f["properties"]["admin1_code"] for f in bounds.json()["features"]}
    assert {"SY-HA", "SY-DY", "IQ-NI", "IQ-AN"} <= codes and not any(c.startswith("TR") for c in codes)
    html = _assert_page(client.get("/api/docs"))
    for path in ("/api/documents", "/api/events", "/api/claims", "/api/incidents",
                 "/api/reuse", "/api/search", "/api/stats"):
        assert f"<code>{path}</code>" in html


def test_static_assets_are_bundled(client: TestClient) -> None:
    for path in ("/static/style.css", "/static/app.js", "/static/favicon.svg",
                 "/static/map/levant.geojson", "/static/map.js",
                 "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
                 "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert "Content-Security-Policy" in resp.headers
    assert client.get("/favicon.ico", follow_redirects=False).status_code == 308
    # nothing in the templates or assets points at another origin
    web = Path(__file__).parents[1] / "src" / "marsad" / "web"
    for f in [*web.glob("templates/*.html"), web / "static" / "style.css", web / "static" / "app.js",
              web / "static" / "map.js"]:
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", f.read_text()), f


# ------------------------------------------------------------------ security


def test_hostile_document_is_shown_as_text(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/documents/{ids['evil']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<svg onload" not in html and "<b>outlet</b>" not in html
    assert 'href="javascript:' not in html
    for page in ("/", "/documents", "/search?q=alert", "/search?q=%3Cscript%3E",
                 f"/documents/{ids['evil']}", "/incidents"):
        body = client.get(page).text
        assert "<script>alert" not in body and "<img src=x" not in body, page
    # the API returns the text unchanged (JSON is data, not HTML)
    assert client.get(f"/api/documents/{ids['evil']}").json()["title"] == HOSTILE_TITLE


def test_security_headers_on_every_response(client: TestClient, ids: dict[str, str]) -> None:
    for path in ("/", f"/documents/{ids['a']}", "/api/stats", "/api/docs", "/openapi.json",
                 "/static/style.css", "/documents/nope", "/api/documents/nope"):
        resp = client.get(path)
        assert resp.headers["content-security-policy"] == CSP, path
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP and "unsafe" not in CSP


def test_read_only(client: TestClient, ids: dict[str, str]) -> None:
    for method in ("post", "put", "delete", "patch"):
        resp = getattr(client, method)(f"/api/documents/{ids['a']}")
        assert resp.status_code == 405


def test_404s(client: TestClient) -> None:
    for path in ("/documents/0000", "/incidents/nope", "/reuse/a/b", "/no/such/page"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"].startswith("text/html")
        assert "404" in resp.text
    for path in ("/api/documents/0000", "/api/incidents/nope", "/api/nothing"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"] == "application/json"
        assert "detail" in resp.json()


# ------------------------------------------------------------------ JSON API


def test_api_lists_are_paginated_contract_objects(client: TestClient, ids: dict[str, str]) -> None:
    docs = client.get("/api/documents", params={"limit": 2}).json()
    assert docs["total"] == 4 and docs["limit"] == 2 and len(docs["items"]) == 2
    page2 = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert {d["id"] for d in docs["items"]}.isdisjoint({d["id"] for d in page2["items"]})
    doc = client.get(f"/api/documents/{ids['a']}").json()
    for key in ("id", "source", "language", "title", "outlet", "published", "text", "entities",
                "mentions", "times", "quantities", "events", "claims"):
        assert key in doc
    for m in doc["mentions"]:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    events = client.get("/api/events", params={"event_type": "escape"}).json()
    assert events["total"] >= 2 and all(e["type"] == "escape" for e in events["items"])
    assert client.get("/api/events", params={"doc": ids["c"]}).json()["items"][0]["type"] == "transfer"
    claims = client.get("/api/claims", params={"doc": ids["a"]}).json()
    assert claims["total"] == 2 and claims["items"][0]["speaker"]["kind"] == "official_body"
    incidents = client.get("/api/incidents").json()
    assert incidents["total"] >= 1
    one = client.get(f"/api/incidents/{incidents['items'][0]['id']}").json()
    assert "reports" in one and "independent_sources" in one
    reuse = client.get("/api/reuse", params={"doc": ids["a"]}).json()
    assert reuse["total"] >= 1 and {"a", "b", "a_spans", "b_spans", "share"} <= set(reuse["items"][0])
    found = client.get("/api/search", params={"q": "مخيم الجدعة"}).json()
    assert [r["id"] for r in found["items"]] == [ids["c"]]
    assert "\x02" in found["items"][0]["snippet"]
    assert client.get("/api/outlets").json() and client.get("/api/places").json()
    assert client.get("/openapi.json").json()["info"]["title"] == "marsad API"


def test_api_rejects_bad_parameters(client: TestClient) -> None:
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/documents", params={"offset": -1}).status_code == 422
    assert client.get("/api/documents", params={"date_from": "yesterday"}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such database"):
        create_app(tmp_path / "missing.db")


def test_serve_cli_refuses_missing_db(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from marsad.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "no such database" in result.output
    assert "Traceback" not in result.output
