"""Gold annotations (``../shared/annotation.md``) loaded and aligned to analysed documents.

A gold file gives a document's events with ``trigger``/``evidence`` as quoted text (the shared
gold) or as ``[start, end]`` offsets into the article's ``text`` (gold kept in this
repository, which may not quote articles). Either way the spans are found again in the
*cleaned* text of the analysed document (``Document.text``), which is what candidates are
read from.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

# Second-level labels under which a registered domain has three labels (alaraby.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu"})


@dataclass(slots=True)
class GoldEvent:
    type: str
    raw: dict[str, Any]
    place: dict[str, Any] | None = None  # the gold place's reference point and tolerance
    trigger: tuple[int, int] | None = None  # in Document.text, once aligned
    evidence: tuple[int, int] | None = None


@dataclass(slots=True)
class GoldDoc:
    name: str  # the article's file name, e.g. "214.json"
    record: dict[str, Any]  # the article as the corpus holds it
    events: list[GoldEvent]
    outlet: str  # the outlet key folds are split by
    batch: str = ""  # which gold set it comes from
    extra: dict[str, Any] = field(default_factory=dict)


def outlet_key(record: dict[str, Any]) -> str:
    """The outlet an article comes from, as a registered domain when it has a URL («www.
    shafaq.com» and «shafaq.com» are one outlet), else its lower-cased outlet name."""
    host = urlparse(str(record.get("url") or "")).netloc.lower().split(":")[0]
    host = host.removeprefix("www.")
    if host:
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
        return ".".join(labels[-keep:])
    name = record.get("outlet")
    if isinstance(name, dict):
        name = name.get("name")
    return re.sub(r"\s*\(.*?\)\s*", "", str(name or "")).strip().lower() or "?"


def load_places(files: list[Path]) -> dict[str, Any]:
    """Places files (``../shared/gold/places.json`` format) merged in order: reference points
    by key, and ``aliases`` (lower-cased gold names -> key)."""
    places: dict[str, Any] = {"aliases": {}}
    for pf in files:
        p = json.loads(pf.read_text(encoding="utf-8"))
        places["aliases"].update({k.lower(): v for k, v in p.get("aliases", {}).items()})
        places.update({k: v for k, v in p.items() if not k.startswith("_") and k != "aliases"})
    return places


def place_ref(places: dict[str, Any], name: str | None) -> dict[str, Any] | None:
    if not name:
        return None
    key = places.get("aliases", {}).get(name.lower())
    return places.get(key) if key else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


def place_matches(lat: float | None, lon: float | None, name_en: str | None, ref: dict[str, Any]) -> bool:
    """The scorer's rule: within the reference's tolerance, or an English name containing
    one of its names."""
    if lat is not None and lon is not None and km(lat, lon, ref["lat"], ref["lon"]) <= ref["tol_km"]:
        return True
    name = (name_en or "").lower()
    return bool(name) and any(n in name for n in ref.get("names", []))


def load_gold(
    gold_dir: Path, articles_dir: Path, batch: str = "", places: dict[str, Any] | None = None
) -> list[GoldDoc]:
    """Every ``<id>.json`` gold file of ``gold_dir`` with its article from ``articles_dir``;
    each event's place resolved through ``places`` (see ``load_places``)."""
    docs: list[GoldDoc] = []
    for path in sorted(gold_dir.glob("*.json")):
        if path.name == "places.json" or path.name.startswith("places"):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = articles_dir / path.name
        if not article.is_file():
            continue
        record = json.loads(article.read_text(encoding="utf-8"))
        events = [
            GoldEvent(e["type"], e, place_ref(places or {}, e.get("place")))
            for e in gold.get("events", [])
        ]
        docs.append(GoldDoc(path.name, record, events, outlet_key(record), batch))
    return docs


def quoted(record: dict[str, Any], value: Any) -> str | None:
    """A gold ``trigger``/``evidence`` as text: quoted already, or offsets into the record."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return str(record.get("text", ""))[value[0] : value[1]] or None
    return None


def align(text: str, gold: GoldDoc) -> None:
    """Find each gold event's evidence and trigger in ``text`` (a document's cleaned text).

    The evidence is searched first and the trigger inside it, so a trigger word that occurs
    several times is the one of the right clause; a trigger with no evidence found is taken
    at its first occurrence. Whitespace runs are matched loosely (cleaning may fold them)."""
    for ev in gold.events:
        evidence = quoted(gold.record, ev.raw.get("evidence"))
        trigger = quoted(gold.record, ev.raw.get("trigger"))
        ev.evidence = _find(text, evidence, 0, len(text)) if evidence else None
        if trigger:
            lo, hi = ev.evidence if ev.evidence else (0, len(text))
            ev.trigger = _find(text, trigger, lo, hi) or _find(text, trigger, 0, len(text))


def _find(text: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    i = text.find(needle, lo, hi)
    if i >= 0:
        return i, i + len(needle)
    words = needle.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, lo, hi)
    return (m.start(), m.end()) if m else None
