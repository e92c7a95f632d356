"""The Document: one article carried from stage to stage.

A Document starts as raw input (``raw`` plus whatever metadata the input record carried in
``meta``) and each pipeline stage adds one layer: the cleaned ``text``, the normalised view
used for matching (``norm``), tokens and sentences, then mentions, times, quantities, events
and claims. Every annotation holds character offsets into ``text`` (end exclusive), so
``text[start:end]`` is always the exact quoted span. ``to_dict`` renders the public contract
(``shared/contract.md``); keys may be added there but never renamed or dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from marsad.text.normalize import NormalizedText


@dataclass(slots=True)
class Span:
    """A stretch of ``Document.text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


class Token(NamedTuple):
    """A word or punctuation mark: ``text`` is ``Document.text[start:end]``.

    A named tuple rather than a dataclass: a document has hundreds of tokens, and the
    tokenizer builds them in C (``tuple.__new__``) without a Python ``__init__`` call each."""

    start: int
    end: int
    text: str
    norm: str  # the normalised form, used for lexicon look-ups


@dataclass(slots=True)
class Outlet:
    """The publisher of a document (an entry of ``kb/data/outlets.toml`` or a bare name)."""

    name: str
    name_en: str | None = None
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en, "id": self.id}


@dataclass(slots=True)
class Entity:
    id: str
    type: str  # person|organization|armed_group|state|place|facility
    name: str
    name_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None
    parent: str | None = None  # id of the containing place (facility -> town -> governorate)
    subtype: str | None = None  # e.g. prison, camp, town, governorate, outlet, media

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "lat": self.lat,
            "lon": self.lon,
            "wikidata": self.wikidata,
            "parent": self.parent,
            "subtype": self.subtype,
        }


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "entity": self.entity}


@dataclass(slots=True)
class TimeExpression:
    """A time expression and its resolved value.

    ``value`` follows the contract (``2022-01-20``, ``2022-01``, ``2022``, ``2024-W35``,
    ``XXXX-11-27`` or None). ``earliest``/``latest`` give the interval the value covers as
    ISO dates when it can be anchored, which is what incident matching compares.
    """

    start: int
    end: int
    text: str
    value: str | None
    weekday: str | None = None
    relative: bool = False
    earliest: str | None = None
    latest: str | None = None
    # Optional extra contract keys, only present when they say something: "duration"
    # (ISO 8601, e.g. "P10Y"), "calendar" ("hijri"), "hijri" (the date as written in the Hijri
    # calendar), "part_of_day", "vague" ("past"/"future"), "year_inferred", "weekday_mismatch".
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "relative": self.relative,
            "earliest": self.earliest,
            "latest": self.latest,
        }
        if self.weekday is not None:
            d["weekday"] = self.weekday
        for key, val in self.extra.items():
            d.setdefault(key, val)
        return d


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    min: float | None
    max: float | None
    approximate: bool = False
    unit: str | None = None
    unit_span: tuple[int, int] | None = None  # where the counted noun is written

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "min": self.min,
            "max": self.max,
            "approximate": self.approximate,
            "unit": self.unit,
        }


@dataclass(slots=True)
class Actor:
    entity: str
    role: str  # agent|patient|other

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "role": self.role}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    date: dict[str, Any] | None = None  # {"value","start","end"}
    place: str | None = None
    actors: list[Actor] = field(default_factory=list)
    count: dict[str, Any] | None = None  # {"min","max","approximate","unit","start","end"}
    claim: str | None = None
    modality: str = "asserted"
    evidence: list[Span] = field(default_factory=list)  # every trigger merged into this event
    sentence: int | None = None
    claims: list[str] = field(default_factory=list)  # every claim reporting a merged mention
    contradicts: str | None = None  # a denied event: the asserted event it denies
    # a move (transfer, repatriation): the place it left and the place it reached (entity
    # ids); ``place`` is the origin when known, else the destination
    origin: str | None = None
    destination: str | None = None
    # a running total told with the happening («لترتفع الحصيلة إلى 17», "bringing the toll
    # to 20"): same shape as ``count``; ``count`` stays the happening's own number, and
    # equals this only when the event is the whole series («ارتفعت حصيلة القتلى إلى 102»)
    count_total: dict[str, Any] | None = None
    # an attempt told as stopped («أحبطت الأسايش محاولة فرار», "foiled an attempt to smuggle
    # five women out"): the attempt is the event, and it did not succeed
    foiled: bool = False
    # what kind of the type the text tells (airstrike, drone_strike, assassination, ...), for
    # exports that map to ACLED's sub-event types; None when the words do not say
    subtype: str | None = None
    # the probability that this is a real happening of this type, calibrated on held-out
    # folds of the gold (``marsad.learn``)
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "subtype": self.subtype,
            "trigger": self.trigger.to_dict(),
            "date": self.date,
            "place": self.place,
            "actors": [a.to_dict() for a in self.actors],
            "count": self.count,
            "claim": self.claim,
            "modality": self.modality,
            "evidence": [s.to_dict() for s in self.evidence],
            "claims": list(self.claims),
            "contradicts": self.contradicts,
            "origin": self.origin,
            "destination": self.destination,
            "count_total": self.count_total,
            "foiled": self.foiled,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
        }


@dataclass(slots=True)
class Speaker:
    text: str | None
    start: int | None
    end: int | None
    kind: str = "unknown"
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "entity": self.entity,
        }


@dataclass(slots=True)
class Claim:
    id: str
    start: int
    end: int
    speaker: Speaker
    via: list[str] = field(default_factory=list)
    verb: str | None = None
    stance: str = "assert"
    verb_span: tuple[int, int] | None = None
    # every intermediary the claim passed through, nearest first, entity or not (added by
    # the claims stage; ``via`` keeps the entity ids only)
    chain: list[Speaker] = field(default_factory=list)
    # the probability that the claim is attributed as a reader would (speaker kind and
    # stance), calibrated on held-out documents (``marsad.learn.claims``)
    confidence: float | None = None

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict(),
            "via": list(self.via),
            "verb": self.verb,
            "stance": self.stance,
        }
        if text is not None:
            d["text"] = text[self.start : self.end]
        if self.verb_span is not None:
            d["verb_start"], d["verb_end"] = self.verb_span
        d["chain"] = [s.to_dict() for s in self.chain]
        d["confidence"] = None if self.confidence is None else round(self.confidence, 3)
        return d


@dataclass
class Document:
    """One article and every layer of analysis added to it so far."""

    source: str
    raw: str
    meta: dict[str, Any] = field(default_factory=dict)  # what the input record said
    text: str = ""
    language: str = "und"
    title: str | None = None
    outlet: Outlet | None = None
    author: str | None = None
    dateline: str | None = None
    # the span in ``text`` of the dateline place when it stays in the text («الحسكة - ...»,
    # «QAMISHLI, Syria (North Press) –»); None when the dateline came from a removed byline
    dateline_span: tuple[int, int] | None = None
    published: str | None = None
    url: str | None = None
    removed: list[str] = field(default_factory=list)
    norm: NormalizedText | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    # Stages' private per-document caches (the claims stage's scan and index, reused by the
    # events stage). Not part of the contract; ``pipeline.analyze`` clears it at the end.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable id: a hash of the cleaned text (same text, same id)."""
        return text_id(self.text)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "language": self.language,
            "title": self.title,
            "outlet": self.outlet.to_dict() if self.outlet else None,
            "author": self.author,
            "dateline": self.dateline,
            "dateline_span": list(self.dateline_span) if self.dateline_span else None,
            "published": self.published,
            "text": self.text,
            "removed": list(self.removed),
            "entities": {k: e.to_dict() for k, e in self.entities.items()},
            "mentions": [m.to_dict() for m in self.mentions],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict(self.text) for c in self.claims],
        }


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
