"""Long documents analysed window by window, so that cost grows linearly with length.

Several recognisers and extractors compare each thing they find with the others of the
document or of its sentence (a number against every time expression, a trigger against every
mention, a time against the rest of its sentence...). That is cheap for an article, but
quadratic in the length: one line of 1 MB took 9 s and 5 MB 226 s, and a line without a full
stop is one "sentence". So a text longer than ``WINDOW_CHARS`` is cut into windows of at most
that many characters — at a paragraph break when there is one in the window's second half,
else at a sentence end, else at a space, else anywhere — and the stages from ``tokenize`` on
run over each window as over a document of its own. The layers are then put together on the
whole document with their offsets shifted, claim and event ids renumbered in order, and the
references between them (an event's claims, a denial's contradicted event) renumbered alike.

Cleaning, metadata and language run on the whole text first (they are linear), so every
window shares the document's title, outlet, publication date and language. A news article
is far shorter than a window and is analysed exactly as before; what a long text loses is
only what would cross a window boundary (a claim whose quote runs past it, a count told in
one window about an event in the next). ``Document.norm`` stays None for a windowed document:
each window had its own normalised view, and nothing after analysis reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from marsad.document import Document, Span, Token

WINDOW_CHARS = 20_000

_SENTENCE_END = re.compile(r"[.!?؟۔][\"'»”)\]]*\s")


def window_bounds(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each window of ``text``: consecutive, covering it, none longer
    than ``size`` (``WINDOW_CHARS`` as it stands when called); each cut at the best
    boundary in the window's second half."""
    size = WINDOW_CHARS if size is None else size
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = text.rfind("\n\n", lo, hi)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", lo, hi) + 1 or _last_sentence_end(text, lo, hi)
        if cut <= start:
            cut = max(text.rfind(" ", lo, hi) + 1, 0) or hi
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    last = 0
    for m in _SENTENCE_END.finditer(text, lo, hi):
        last = m.end()
    return last


def analyze_in_windows(doc: Document, stages: Sequence[Callable[[Document], Document]],
                       finish: Callable[[Document], None], size: int | None = None) -> Document:
    """Run ``stages`` (tokenize onwards) over each window of ``doc.text``, then ``finish``
    (the pipeline's cache clean-up) on it; merge the layers into ``doc``."""
    for name in ("tokens", "sentences", "paragraphs", "mentions", "times", "quantities",
                 "claims", "events"):
        getattr(doc, name).clear()
    doc.entities.clear()
    doc.norm = None
    for start, end in window_bounds(doc.text, size):
        part = _window_document(doc, start, end)
        for stage in stages:
            part = stage(part)
        finish(part)
        _merge(doc, part, start)
    return doc


def _window_document(doc: Document, start: int, end: int) -> Document:
    text = doc.text[start:end]
    part = Document(source=doc.source, raw=text, meta=dict(doc.meta), text=text,
                    language=doc.language, title=doc.title, outlet=doc.outlet,
                    author=doc.author, dateline=doc.dateline, published=doc.published,
                    url=doc.url)
    if doc.dateline_span and start <= doc.dateline_span[0] and doc.dateline_span[1] <= end:
        part.dateline_span = (doc.dateline_span[0] - start, doc.dateline_span[1] - start)
    return part


def _span(s: Span, by: int) -> Span:
    return Span(s.start + by, s.end + by, s.text)


def _offsets(d: dict[str, Any] | None, by: int) -> dict[str, Any] | None:
    """A copy of a layer's dict (an event's date or count) with its offsets shifted."""
    if d is None:
        return None
    return {k: v + by if isinstance(v, int) and not isinstance(v, bool)
            and (k in ("start", "end") or k.endswith(("_start", "_end"))) else v
            for k, v in d.items()}


def _pair(p: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return (p[0] + by, p[1] + by) if p is not None else None


def _merge(doc: Document, part: Document, by: int) -> None:
    """Add ``part``'s layers to ``doc``, shifted by ``by`` characters."""
    sentence_base = len(doc.sentences)
    doc.tokens.extend(Token(t.start + by, t.end + by, t.text, t.norm) for t in part.tokens)
    doc.sentences.extend(_span(s, by) for s in part.sentences)
    doc.paragraphs.extend(_span(s, by) for s in part.paragraphs)
    for key, entity in part.entities.items():
        doc.entities.setdefault(key, entity)
    for m in part.mentions:
        m.start += by
        m.end += by
        doc.mentions.append(m)
    for t in part.times:
        t.start += by
        t.end += by
        doc.times.append(t)
    for q in part.quantities:
        q.start += by
        q.end += by
        q.unit_span = _pair(q.unit_span, by)
        doc.quantities.append(q)
    claim_ids: dict[str, str] = {}
    for c in part.claims:
        new_id = f"c{len(doc.claims) + 1}"
        claim_ids[c.id] = new_id
        c.id = new_id
        c.start += by
        c.end += by
        c.verb_span = _pair(c.verb_span, by)
        # the chain may hold the speaker object itself: shift each object once
        for speaker in {id(s): s for s in (c.speaker, *c.chain)}.values():
            if speaker.start is not None and speaker.end is not None:
                speaker.start += by
                speaker.end += by
        doc.claims.append(c)
    event_ids: dict[str, str] = {}
    for e in part.events:
        new_id = f"e{len(doc.events) + 1}"
        event_ids[e.id] = new_id
        e.id = new_id
        e.trigger = _span(e.trigger, by)
        e.evidence = [_span(s, by) for s in e.evidence]
        e.date = _offsets(e.date, by)
        e.count = _offsets(e.count, by)
        e.count_total = _offsets(e.count_total, by)
        e.claim = claim_ids.get(e.claim, e.claim) if e.claim else None
        e.claims = [claim_ids.get(c, c) for c in e.claims]
        if e.sentence is not None:
            e.sentence += sentence_base
        doc.events.append(e)
    for e in doc.events[len(doc.events) - len(part.events):]:
        if e.contradicts:
            e.contradicts = event_ids.get(e.contradicts, e.contradicts)
