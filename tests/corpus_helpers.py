"""Helpers for the corpus tests: contract Document dicts built by hand (no pipeline needed)."""

from __future__ import annotations

from typing import Any

from marsad.document import text_id


def make_doc(text: str, *, outlet: tuple[str, str] | None = None, published: str | None = None,
             events: list[dict[str, Any]] | None = None, claims: list[dict[str, Any]] | None = None,
             entities: dict[str, dict[str, Any]] | None = None, title: str | None = None) -> dict[str, Any]:
    return {
        "id": text_id(text), "source": f"test:{text_id(text)}", "url": None, "language": "ar",
        "title": title, "outlet": {"id": outlet[0], "name": outlet[1], "name_en": None} if outlet else None,
        "author": None, "dateline": None, "published": published, "text": text, "removed": [],
        "entities": entities or {}, "mentions": [], "times": [], "quantities": [],
        "events": events or [], "claims": claims or [],
    }


def event(text: str, trigger: str, type_: str, *, eid: str = "e1", date: str | None = None,
          place: str | None = None, count: tuple[int, int] | None = None,
          modality: str = "asserted", claim: str | None = None) -> dict[str, Any]:
    s = text.index(trigger)
    return {
        "id": eid, "type": type_, "trigger": {"start": s, "end": s + len(trigger), "text": trigger},
        "date": {"value": date, "start": None, "end": None} if date else None,
        "place": place, "actors": [],
        "count": {"min": count[0], "max": count[1], "approximate": False, "unit": "prisoner",
                  "start": None, "end": None} if count else None,
        "claim": claim, "modality": modality, "evidence": [],
    }


PRISON_ENTITIES = {
    "ghwayran_prison": {"type": "facility", "name": "سجن غويران", "name_en": "Ghwayran prison",
                        "lat": 36.47, "lon": 40.72, "wikidata": None, "parent": "hasakah",
                        "subtype": "prison"},
    "hasakah": {"type": "place", "name": "الحسكة", "name_en": "Hasakah", "lat": 36.5, "lon": 40.75,
                "wikidata": None, "parent": None, "subtype": "town"},
    "raqqa_prison": {"type": "facility", "name": "السجن المركزي في الرقة", "name_en": None,
                     "lat": 35.95, "lon": 39.0, "wikidata": None, "parent": None, "subtype": "prison"},
}
