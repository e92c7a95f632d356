"""Trigger coverage: how many gold happenings the trigger lexicon proposes at all.

The learned stage can only decide on words the lexicon found; a gold event whose trigger no
lexicon hit overlaps is lost before any decision. This measures that ceiling: the fraction of
gold events (their trigger text found in the article) overlapped by a trigger hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.document import Document
from marsad.extract.lexicons import scan
from marsad.io.readers import InputError, record_to_document
from marsad.learn.gold import GoldDoc, align, load_gold

# stages up to the normalised text: enough for the lexicon scan
_RECORD_KEYS = ("text", "title", "url", "outlet", "published")


@dataclass
class Coverage:
    located: int = 0  # gold events whose trigger was found in the article
    covered: int = 0  # of those, overlapped by a trigger hit
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (doc, type, trigger)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [covered, located]

    @property
    def fraction(self) -> float:
        return self.covered / self.located if self.located else 0.0


def _normalised(gold: GoldDoc) -> Document:
    from marsad.io.clean import clean
    from marsad.io.metadata import detect_language, extract_metadata
    from marsad.text.segment import tokenize

    doc = record_to_document({k: gold.record.get(k) for k in _RECORD_KEYS}, gold.name)
    if isinstance(doc, InputError):
        raise ValueError(str(doc))
    for stage in (clean, extract_metadata, detect_language, tokenize):
        doc = stage(doc)
    return doc


def trigger_spans(doc: Document) -> list[tuple[int, int]]:
    """Source spans of every trigger hit that may tell a happening (not a blocking form), and
    of the words completing its phrase («ألقت ... القبض»)."""
    hits = scan(doc)
    spans: list[tuple[int, int]] = []
    for h in hits.triggers:
        if any(s.cat == "trigger" and s.value != "none" for s in h.payload):
            spans.append((h.start, h.end))
            spans += hits.phrase_words.get(h.start, [])
    return spans


def measure(golds: list[GoldDoc]) -> Coverage:
    cov = Coverage()
    for g in golds:
        doc = _normalised(g)
        align(doc.text, g)
        spans = trigger_spans(doc)
        for ev in g.events:
            if ev.trigger is None:
                continue
            s, e = ev.trigger
            cov.located += 1
            tally = cov.by_type.setdefault(ev.type, [0, 0])
            tally[1] += 1
            if any(a < e and s < b for a, b in spans):
                cov.covered += 1
                tally[0] += 1
            else:
                cov.misses.append((g.name, ev.type, doc.text[s:e]))
    return cov


def measure_dir(gold_dir: str, corpus_dir: str) -> Coverage:
    from pathlib import Path

    return measure(load_gold(Path(gold_dir), Path(corpus_dir)))
