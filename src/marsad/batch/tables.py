"""The Parquet tables of a batch dataset: their schemas and the rows of one document.

Per-document tables are partitioned by the day the document was published
(``day=YYYY-MM-DD``, ``day=unknown`` without a date): ``documents``, ``events``, ``claims``,
``entities``. Corpus tables are whole: ``reuse`` and ``incidents``. Every per-document row
carries the document's place in the corpus order, ``run`` (the batch run) and ``ord`` (its
position in that run), which decides ties in reuse and incidents as insertion order does in
the store.

The rows are the store's (``marsad.store.prepare``), so a dataset loads into the store with
no analysis, and a reader of the Parquet sees the columns ``docs/schema.md`` describes.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from marsad.store.rows import PreparedDocument

UNKNOWN_DAY = "unknown"
ROW_GROUP_ROWS = 256  # documents: small row groups, read one at a time by the reuse step

DOCUMENTS = pa.schema([
    ("id", pa.string()), ("run", pa.int64()), ("ord", pa.int64()), ("source", pa.string()),
    ("raw_hash", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("outlet_id", pa.string()), ("outlet_name", pa.string()), ("outlet_name_en", pa.string()),
    ("published", pa.string()), ("language", pa.string()), ("author", pa.string()),
    ("dateline", pa.string()), ("text", pa.string()), ("analysis", pa.string()),
    ("minhash", pa.binary()), ("fingerprints", pa.binary()),
])
EVENTS = pa.schema([
    ("doc", pa.string()), ("event_id", pa.string()), ("type", pa.string()),
    ("trigger_start", pa.int64()), ("trigger_end", pa.int64()), ("trigger_text", pa.string()),
    ("date_value", pa.string()), ("date_earliest", pa.string()), ("date_latest", pa.string()),
    ("place", pa.string()), ("count_min", pa.float64()), ("count_max", pa.float64()),
    ("count_unit", pa.string()), ("modality", pa.string()), ("claim", pa.string()),
    ("evidence", pa.string()), ("json", pa.string()),
    ("published", pa.string()), ("run", pa.int64()), ("ord", pa.int64()), ("pos", pa.int32()),
])
CLAIMS = pa.schema([
    ("doc", pa.string()), ("claim_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()), ("speaker_text", pa.string()), ("speaker_kind", pa.string()),
    ("speaker_entity", pa.string()), ("via", pa.string()), ("verb", pa.string()),
    ("stance", pa.string()), ("json", pa.string()), ("run", pa.int64()), ("ord", pa.int64()),
])
ENTITIES = pa.schema([
    ("id", pa.string()), ("type", pa.string()), ("name", pa.string()), ("name_en", pa.string()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("wikidata", pa.string()),
    ("parent", pa.string()), ("subtype", pa.string()), ("doc", pa.string()),
    ("run", pa.int64()), ("ord", pa.int64()),
])
REUSE = pa.schema([
    ("a", pa.string()), ("b", pa.string()), ("share", pa.float64()), ("direction", pa.string()),
    ("why", pa.string()), ("a_spans", pa.string()), ("b_spans", pa.string()),
])
INCIDENTS = pa.schema([
    ("id", pa.string()), ("type", pa.string()), ("date", pa.string()),
    ("date_earliest", pa.string()), ("date_latest", pa.string()), ("place", pa.string()),
    ("independent_sources", pa.int64()), ("json", pa.string()),
])

DAY_TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "events": EVENTS, "claims": CLAIMS,
                                    "entities": ENTITIES}
CORPUS_TABLES: dict[str, pa.Schema] = {"reuse": REUSE, "incidents": INCIDENTS}


def day_of(published: str | None) -> str:
    if published and len(published) >= 10 and published[4] == "-" and published[7] == "-":
        return published[:10]
    return UNKNOWN_DAY


def document_rows(p: PreparedDocument, run: int, ord_: int, analysis: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of one prepared document, by table."""
    d = p.doc
    outlet = d.get("outlet") or {}
    published = d.get("published")
    doc = {
        "id": p.id, "run": run, "ord": ord_, "source": p.source, "raw_hash": p.raw_hash,
        "url": d.get("url"), "title": d.get("title"), "outlet_id": outlet.get("id"),
        "outlet_name": outlet.get("name"), "outlet_name_en": outlet.get("name_en"),
        "published": published, "language": d.get("language"), "author": d.get("author"),
        "dateline": d.get("dateline") if isinstance(d.get("dateline"), str) else None,
        "text": d.get("text") or "", "analysis": analysis, "minhash": p.minhash,
        "fingerprints": p.fingerprints,
    }
    events = []
    for pos, e in enumerate(p.events):
        row = dict(zip(EVENTS.names[:17], e, strict=True))
        row.update(published=published, run=run, ord=ord_, pos=pos)
        events.append(row)
    claims = []
    for c in p.claims:
        row = dict(zip(CLAIMS.names[:12], c, strict=True))
        row.update(run=run, ord=ord_)
        claims.append(row)
    entities = []
    for e in p.entities:
        row = dict(zip(ENTITIES.names[:9], e, strict=True))
        row.update(doc=p.id, run=run, ord=ord_)
        entities.append(row)
    return {"documents": [doc], "events": events, "claims": claims, "entities": entities}
