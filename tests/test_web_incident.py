"""The incident and document views an analyst reads: disagreement, copying, bidi-safe labels.

Uses an in-memory fake store (our own invented Arabic and English sentences, no article text
from ../shared) so every key the views can show — ``joined_by``, ``via`` chains, transfer
``origin``/``destination``, an English document — is present and checked.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.web.app import create_app
from marsad.web.incident_view import incident_view
from marsad.web.svg import incident_map
from marsad.web.templating import incident_label

ENTITIES = {
    "ghwayran_prison": {"type": "facility", "name": "سجن غويران", "name_en": "Ghwayran prison",
                        "lat": 36.4786, "lon": 40.7253},
    "hasakah": {"type": "place", "name": "الحسكة", "name_en": "Hasakah", "lat": 36.50,
                "lon": 40.75},
    "al_hol_camp": {"type": "facility", "name": "مخيم الهول", "name_en": "al-Hol camp",
                    "lat": 36.37, "lon": 41.15},
    "enab": {"type": "organization", "name": "عنب بلدي", "name_en": "Enab Baladi"},
}
TEXT_1 = "أعلنت القوات فرار 12 سجيناً من سجن غويران. ونقلت 40 عائلة من مخيم الهول إلى الحسكة."
TEXT_2 = "قال مصدر لعنب بلدي إن نحو 20 سجيناً فروا من سجن غويران."
TEXT_3 = "Officials said about 20 prisoners escaped from Ghwayran prison on Thursday."


def _at(text: str, needle: str) -> dict[str, Any]:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def _docs() -> dict[str, dict[str, Any]]:
    d1 = {
        "id": "d1", "language": "ar", "title": "فرار من سجن غويران", "published": "2022-01-21",
        "outlet": {"id": "enab", "name": "عنب بلدي", "name_en": "Enab Baladi"},
        "text": TEXT_1, "entities": ENTITIES, "mentions": [], "times": [], "quantities": [],
        "events": [
            {"id": "e1", "type": "escape", "trigger": _at(TEXT_1, "فرار"),
             "date": {"value": "2022-01-20"}, "place": "ghwayran_prison", "actors": [],
             "count": {"min": 12, "max": 12, "unit": "prisoner"}, "claim": "c1",
             "modality": "asserted"},
            {"id": "e2", "type": "transfer", "trigger": _at(TEXT_1, "ونقلت"), "date": None,
             "place": "al_hol_camp", "origin": "al_hol_camp", "destination": "hasakah",
             "actors": [], "count": {"min": 40, "max": 40, "unit": "family"}, "claim": None,
             "modality": "asserted"},
        ],
        "claims": [{"id": "c1", **_at(TEXT_1, "فرار 12 سجيناً من سجن غويران"),
                    "speaker": {**_at(TEXT_1, "القوات"), "kind": "official_body",
                                "entity": None},
                    "via": [], "verb": "أعلنت", "stance": "assert"}],
    }
    d2 = {
        "id": "d2", "language": "ar", "title": None, "published": "2022-01-22",
        "outlet": {"id": "watan", "name": "الوطن", "name_en": "Al-Watan"},
        "text": TEXT_2, "entities": ENTITIES, "mentions": [], "times": [], "quantities": [],
        "events": [{"id": "e1", "type": "escape", "trigger": _at(TEXT_2, "فروا"), "date": None,
                    "place": "ghwayran_prison", "actors": [],
                    "count": {"min": 20, "max": 20, "approximate": True, "unit": "prisoner"},
                    "claim": "c1", "modality": "alleged"}],
        "claims": [{"id": "c1", **_at(TEXT_2, "نحو 20 سجيناً فروا من سجن غويران"),
                    "speaker": {**_at(TEXT_2, "مصدر"), "kind": "anonymous_source",
                                "entity": None},
                    "via": ["enab"], "verb": "قال", "stance": "allege"}],
    }
    d3 = {
        "id": "d3", "language": "en", "title": "Prisoners escape", "published": "2022-01-21",
        "outlet": {"id": "reuters", "name": "رويترز", "name_en": "Reuters"},
        "text": TEXT_3, "entities": ENTITIES, "mentions": [], "times": [], "quantities": [],
        "events": [{"id": "e1", "type": "escape", "trigger": _at(TEXT_3, "escaped"),
                    "date": None, "place": "ghwayran_prison", "actors": [],
                    "count": {"min": 20, "max": 20, "approximate": True, "unit": "prisoner"},
                    "claim": None, "modality": "asserted"}],
        "claims": [],
    }
    return {"d1": d1, "d2": d2, "d3": d3}


INCIDENT = {
    "id": "inc_1", "type": "escape", "date": "2022-01-20", "place": "ghwayran_prison",
    "place_name": "سجن غويران", "lat": 36.4786, "lon": 40.7253,
    "events": [{"doc": "d1", "event": "e1", "joined_by": "first_report"},
               {"doc": "d2", "event": "e1", "joined_by": "same_count"},
               {"doc": "d3", "event": "e1", "joined_by": "date_overlap"}],
    "outlets": ["enab", "reuters", "watan"], "independent_sources": 2,
    "modalities": {"alleged": 1, "asserted": 2},
    "counts": [{"doc": "d1", "min": 12, "max": 12}, {"doc": "d2", "min": 20, "max": 20},
               {"doc": "d3", "min": 20, "max": 20}],
}


class FakeStore:
    """Just enough of marsad.store.Store for the pages under test."""

    def __init__(self) -> None:
        self.docs = _docs()

    def _reports(self) -> list[dict[str, Any]]:
        out = []
        for m in INCIDENT["events"]:
            doc = self.docs[m["doc"]]
            ev = next(e for e in doc["events"] if e["id"] == m["event"])
            claim = next((c for c in doc["claims"] if c["id"] == ev["claim"]), None)
            out.append({"doc": doc["id"], "event": ev["id"], "doc_title": doc["title"],
                        "outlet": doc["outlet"], "published": doc["published"],
                        "modality": ev["modality"], "type": ev["type"], "count": ev["count"],
                        "trigger": ev["trigger"], "date": ev["date"],
                        "speaker": claim["speaker"] if claim else None, "copies_of": []})
        return out

    def stats(self) -> dict[str, int]:
        return {"documents": 3, "outlets": 3, "events": 4, "claims": 2, "incidents": 1,
                "reuse_pairs": 0}

    def list_documents(self, offset: int = 0, limit: int = 50, **_: Any) -> dict[str, Any]:
        items = [{k: d[k] for k in ("id", "title", "outlet", "published", "language")}
                 | {"n_events": len(d["events"]), "n_claims": len(d["claims"])}
                 for d in self.docs.values()]
        return {"total": len(items), "items": items[offset:offset + limit]}

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        return self.docs.get(doc_id)

    def list_claims(self, offset: int = 0, limit: int = 50,
                    doc_id: str | None = None) -> dict[str, Any]:
        items = [c for d in self.docs.values() if doc_id in (None, d["id"]) for c in d["claims"]]
        return {"total": len(items), "items": items[offset:offset + limit]}

    def list_incidents(self, offset: int = 0, limit: int = 50) -> dict[str, Any]:
        return {"total": 1, "items": [dict(INCIDENT)][offset:offset + limit]}

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        if incident_id != INCIDENT["id"]:
            return None
        return {**INCIDENT, "reports": self._reports()}

    def list_reuse(self, offset: int = 0, limit: int = 50,
                   doc_id: str | None = None) -> dict[str, Any]:
        return {"total": 0, "items": []}

    def list_outlets(self) -> list[dict[str, Any]]:
        return []

    def list_places(self) -> list[dict[str, Any]]:
        return []


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(store=FakeStore())) as c:
        yield c


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_incident_page_shows_disagreement_copying_and_how_reports_joined(
        client: TestClient) -> None:
    html = client.get("/incidents/inc_1").text
    text = _text(html)
    # one line says how many independent sources remain and who copies whom (via chain)
    line = _text(html.split('id="sources-line">', 1)[1].split("</p>", 1)[0])
    assert "3 تقارير من 3 وثيقة" in line and "2 مصادر مستقلة" in line
    assert re.search(r"الوطن · Al-Watan\s+ينقل عن · copies\s+عنب بلدي · Enab Baladi", line), line
    # the counts side by side, and the disagreement named with its unit
    counts = _text(html.split('id="counts"', 1)[1].split("</section>", 1)[0])
    assert "12 prisoner" in counts and "~20 prisoner" in counts
    assert "the reports disagree on the count" in counts
    # how each report joined the incident
    for label in ("أول تقرير", "العدد نفسه", "تداخل التاريخ"):
        assert label in text, label
    assert html.count('class="report-row') == 3
    # the untitled document shows its first words, not its id
    assert "قال مصدر لعنب بلدي" in text


def test_counts_of_different_things_are_not_a_disagreement() -> None:
    inc = {"events": [], "reports": [
        {"doc": "a", "event": "e1", "count": {"min": 12, "max": 12, "unit": "prisoner"}},
        {"doc": "b", "event": "e1", "count": {"min": 3, "max": 3, "unit": "guard"}},
    ]}
    view = incident_view(inc, reuse_of=lambda d: [], claims_of=lambda d: [],
                         outlet_name=str)
    assert len(view["counts"]) == 2 and view["count_disagreements"] == []


def test_reuse_direction_makes_the_later_document_the_copy() -> None:
    inc = {"events": [], "reports": [{"doc": "a", "event": "e1"}, {"doc": "b", "event": "e1"}]}
    pairs = {"a": [{"a": "a", "b": "b", "direction": "a->b", "why": "citation: b quotes x"}],
             "b": [{"a": "a", "b": "b", "direction": "a->b", "why": "citation: b quotes x"}]}
    view = incident_view(inc, reuse_of=lambda d: pairs[d], claims_of=lambda d: [],
                         outlet_name=str)
    assert [(e["copier_doc"], e["source_doc"]) for e in view["copy_edges"]] == [("b", "a")]
    docs = {d["doc"]: d for d in view["documents"]}
    assert docs["b"]["is_copy"] and docs["a"]["is_copied"] and not docs["a"]["is_copy"]


def test_document_side_panel_names_places_speakers_via_and_route(client: TestClient) -> None:
    html = client.get("/documents/d1").text
    panel = html.split('class="sidepanel"', 1)[1]
    # the place by name, its English name isolated so RTL does not reorder it
    assert 'سجن غويران <bdi class="en" dir="ltr">Ghwayran prison</bdi>' in panel
    # a transfer shows where from and where to
    route = _text(panel.split('class="route"', 1)[1].split("</dd>", 1)[0])
    assert "مخيم الهول" in route and "الحسكة" in route and route.index("مخيم") < route.index("الحسكة")
    # the speaker with its kind, the claim's stance in Arabic, the incident it belongs to
    assert "جهة رسمية" in panel and "يؤكد" in panel
    assert 'href="/incidents/inc_1"' in panel
    # clicking the event jumps to (and flashes) its trigger
    assert 'data-target="ev-e1"' in panel and 'id="ev-e1"' in html

    html2 = client.get("/documents/d2").text
    panel2 = html2.split('class="sidepanel"', 1)[1]
    assert "عبر · via" in panel2 and "Enab Baladi" in panel2  # the via chain, by name
    assert "مصدر مجهول" in panel2 and "يزعم" in panel2


def test_english_document_text_is_left_to_right(client: TestClient) -> None:
    html = client.get("/documents/d3").text
    assert re.search(r'<article class="doctext card" dir="ltr" lang="en"', html)
    html_ar = client.get("/documents/d1").text
    assert re.search(r'<article class="doctext card" dir="rtl" lang="ar"', html_ar)


def test_incident_label_isolates_the_date() -> None:
    label = incident_label({"type": "escape", "place_name": "<سجن>", "date": "2022-01-20"})
    assert str(label) == 'فرار — &lt;سجن&gt; <bdi class="num" dir="ltr">2022-01-20</bdi>'


def test_map_fans_out_a_crowded_place_and_labels_do_not_overlap() -> None:
    incidents = [{"id": f"i{k}", "type": "attack", "lat": 36.4786, "lon": 40.7253,
                  "place_name": "سجن غويران", "events": [{}] * (k + 1)} for k in range(8)]
    incidents += [{"id": "h", "type": "escape", "lat": 36.37, "lon": 41.15,
                   "place_name": "مخيم الهول", "events": [{}]},
                  {"id": "b", "type": "transfer", "lat": 33.31, "lon": 44.37,
                   "place_name": "بغداد", "events": [{}]}]
    m = incident_map(incidents)
    assert len({(p["x"], p["y"]) for p in m["points"]}) == len(incidents)  # every dot clickable
    places = {pl["name"]: pl for pl in m["places"]}
    assert len(places["سجن غويران"]["incidents"]) == 8
    labelled = [pl for pl in m["places"] if pl["label"]]
    assert places["سجن غويران"]["label"] and places["بغداد"]["label"]
    boxes = []
    for pl in labelled:
        w = 7.5 * len(pl["name"]) + 30
        x0 = {"end": pl["label_x"] - w, "start": pl["label_x"]}.get(pl["anchor"],
                                                                     pl["label_x"] - w / 2)
        boxes.append((x0, pl["label_y"] - 12, x0 + w, pl["label_y"] + 4))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_incident_and_document_pages_keep_strict_csp(client: TestClient) -> None:
    for path in ("/incidents/inc_1", "/documents/d1", "/documents/d3", "/map", "/"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert "unsafe" not in resp.headers["content-security-policy"]
        assert "style=" not in resp.text and "<script>" not in resp.text, path
    assert client.get("/incidents/nope").status_code == 404
