"""Turning a contract Document dict into the rows the store writes.

This is pure computation (no database), so ``marsad ingest`` runs it in the worker processes
next to the analysis: the parent process only executes INSERTs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.corpus.dates import interval
from marsad.store.fts import index_text
from marsad.text.normalize import fold

_SENTENCE_END = re.compile(r"[.!?؟…\n]")


@dataclass(slots=True)
class PreparedDocument:
    """Everything the store writes for one document."""

    id: str
    doc: dict[str, Any]
    norm_text: str
    fts_title: str
    fts_body: str
    minhash: bytes | None
    source: str | None = None
    fingerprints: bytes | None = None  # winnowed shingle hashes (marsad.corpus.reuse)
    raw_hash: str | None = None
    events: list[tuple[Any, ...]] = field(default_factory=list)
    actors: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    analysis: str | None = None  # ``doc`` as the JSON the store keeps (made by the worker)

    def slim(self) -> PreparedDocument:
        """Keep of ``doc`` only the fields the store reads besides ``analysis`` (which holds
        all of it): a worker process sends a fraction of the document back to the writer."""
        if self.analysis is not None:
            self.doc = {k: self.doc[k] for k in STORED_FIELDS if k in self.doc}
        return self


# the contract fields the store writes into columns of its own (the rest is in ``analysis``)
STORED_FIELDS = ("id", "source", "url", "title", "outlet", "published", "language", "author",
                 "dateline", "text")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` containing [start, end) (the evidence of an event)."""
    s = start
    while s > 0 and not _SENTENCE_END.match(text[s - 1]):
        s -= 1
    e = end
    while e < len(text) and not _SENTENCE_END.match(text[e]):
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1
    return text[s:e].strip()


def event_interval(ev: dict[str, Any], times: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The event date as an interval: the time expression's own earliest/latest, else derived."""
    date = ev.get("date") or None
    if not date:
        return None, None
    for t in times:
        if t.get("start") == date.get("start") and t.get("end") == date.get("end"):
            if t.get("earliest") and t.get("latest"):
                return t["earliest"], t["latest"]
            break
    if date.get("earliest") and date.get("latest"):
        return date["earliest"], date["latest"]
    iv = interval(date.get("value"))
    return iv if iv else (None, None)


def prepare(doc: dict[str, Any], *, source: str | None = None, raw_hash: str | None = None,
            with_minhash: bool = True) -> PreparedDocument:
    from marsad.corpus.reuse.signatures import sketch_bytes

    doc_id = doc["id"]
    text = doc.get("text") or ""
    prep = PreparedDocument(
        id=doc_id,
        doc=doc,
        norm_text=fold(text),
        fts_title=index_text(doc.get("title") or ""),
        fts_body=index_text(text),
        minhash=None,
        source=source,
        raw_hash=raw_hash,
        analysis=json.dumps(doc, ensure_ascii=False),
    )
    if with_minhash:
        prep.minhash, prep.fingerprints = sketch_bytes(text)
    times = doc.get("times") or []
    for ev in doc.get("events") or []:
        trig = ev.get("trigger") or {}
        count = ev.get("count") or {}
        date = ev.get("date") or {}
        earliest, latest = event_interval(ev, times)
        ts, te = trig.get("start"), trig.get("end")
        evidence = sentence_around(text, ts, te) if isinstance(ts, int) and isinstance(te, int) else None
        prep.events.append((
            doc_id, ev["id"], ev.get("type") or "other", ts, te, trig.get("text"),
            date.get("value"), earliest, latest, ev.get("place"),
            count.get("min"), count.get("max"), count.get("unit"),
            ev.get("modality"), ev.get("claim"), evidence,
            json.dumps(ev, ensure_ascii=False),
        ))
        for a in ev.get("actors") or []:
            prep.actors.append((doc_id, ev["id"], a.get("entity"), a.get("role")))
    for c in doc.get("claims") or []:
        sp = c.get("speaker") or {}
        cs, ce = c.get("start"), c.get("end")
        ctext = c.get("text")
        if ctext is None and isinstance(cs, int) and isinstance(ce, int):
            ctext = text[cs:ce]
        prep.claims.append((
            doc_id, c["id"], cs, ce, ctext, sp.get("text"), sp.get("kind"), sp.get("entity"),
            json.dumps(c.get("via") or [], ensure_ascii=False), c.get("verb"), c.get("stance"),
            json.dumps(c, ensure_ascii=False),
        ))
    for m in doc.get("mentions") or []:
        prep.mentions.append((doc_id, m.get("start"), m.get("end"), m.get("text"), m.get("entity")))
    for eid, e in (doc.get("entities") or {}).items():
        prep.entities.append((
            eid, e.get("type"), e.get("name"), e.get("name_en"), e.get("lat"), e.get("lon"),
            e.get("wikidata"), e.get("parent"), e.get("subtype"),
        ))
    return prep
