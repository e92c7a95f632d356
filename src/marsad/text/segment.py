"""Tokens, sentences and paragraphs with offsets into ``Document.text``.

Segmentation runs on the normalised view (so Arabic punctuation and digits are already
folded) and maps every span back through the offset map.
"""

from __future__ import annotations

import re

from marsad.document import Document, Span, Token
from marsad.text.normalize import normalize

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? (Arabic ؟ is folded to ?) or an ellipsis, followed by space, or at
# a line break. Decimal points (2.5) and initials are kept inside.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?…]+(?=[\s\"')\]]|$)[\"')\]]*|\n+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def tokenize(doc: Document) -> Document:
    """Add ``norm``, ``tokens``, ``sentences`` and ``paragraphs`` to the document."""
    norm = normalize(doc.text)
    doc.norm = norm
    text = norm.text
    source = doc.text
    if norm.offsets is None:
        doc.tokens = [
            Token(m.start(), m.end(), source[m.start() : m.end()], m.group())
            for m in _TOKEN.finditer(text)
        ]
    else:
        to_source = norm.to_source
        tokens: list[Token] = []
        for m in _TOKEN.finditer(text):
            s, e = to_source(m.start(), m.end())
            tokens.append(Token(s, e, source[s:e], m.group()))
        doc.tokens = tokens
    doc.sentences = _split(doc, _SENTENCE_END)
    doc.paragraphs = _split(doc, _PARAGRAPH_BREAK)
    return doc


def _split(doc: Document, boundary: re.Pattern[str]) -> list[Span]:
    """Spans of the source text between boundaries, trimmed of white space."""
    assert doc.norm is not None
    text = doc.norm.text
    spans: list[Span] = []
    pos = 0
    for m in boundary.finditer(text):
        _add_trimmed(doc, spans, pos, m.end())
        pos = m.end()
    _add_trimmed(doc, spans, pos, len(text))
    return spans


def _add_trimmed(doc: Document, spans: list[Span], nstart: int, nend: int) -> None:
    assert doc.norm is not None
    s, e = doc.norm.to_source(nstart, nend) if nend > nstart else (0, 0)
    src = doc.text
    while s < e and src[s].isspace():
        s += 1
    while e > s and src[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append(Span(s, e, src[s:e]))


def sentence_index(doc: Document, offset: int) -> int:
    """Index of the sentence containing source ``offset`` (or the nearest before it)."""
    from bisect import bisect_right

    starts = [s.start for s in doc.sentences]
    return max(0, bisect_right(starts, offset) - 1)
