"""Tokens, sentences and paragraphs with offsets into ``Document.text``.

Segmentation runs on the normalised view (so Arabic punctuation and digits are already
folded) and maps every span back through the offset map.
"""

from __future__ import annotations

import re
from itertools import accumulate, pairwise, repeat

from marsad.document import Document, Span, Token
from marsad.text.normalize import _TRAILING_MARKS, NormalizedText, normalize

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
_TOKEN_SPLIT = re.compile(r"([^\W_]+|[^\w\s])")
# A sentence ends at . ! ? (Arabic ؟ is folded to ?) or an ellipsis, followed by space, or at
# a line break. Decimal points (2.5) and initials are kept inside.
# Written to start with a character class so that the regex engine can skip ahead to the
# candidate characters (a leading look-behind made it try every position).
_SENTENCE_END = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])(?<!\d.)[.!?…]*(?=[\s\"')\]]|$)[\"')\]]*|(?<=\n)\n*)"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def tokenize(doc: Document) -> Document:
    """Add ``norm``, ``tokens``, ``sentences`` and ``paragraphs`` to the document."""
    norm = normalize(doc.text)
    doc.norm = norm
    text = norm.text
    source = doc.text
    # One regex pass, then every per-token step (offset mapping, slicing, Token construction)
    # as a C-level map over whole columns, with no Python loop over the tokens. The mapping is
    # the one NormalizedText.to_source applies, written out for columns.
    # split() gives gap, token, gap, token, ..., gap as plain strings: their running lengths
    # are the token bounds. (Holding a list of Match objects instead made the cyclic garbage
    # collector run six times as often: Match objects are tracked, strings and ints are not.)
    parts = _TOKEN_SPLIT.split(text)
    bounds = list(accumulate(map(len, parts)))
    norms = parts[1::2]
    nstarts = bounds[0:-1:2]
    nends = bounds[1::2]
    if "_" not in text:
        # the word tokens are then exactly the \w runs the lexicons need: hand them over so
        # that no lexicon scan has to find the words again
        norm.set_word_bounds(nstarts, nends)
    offsets = norm.offsets
    marks_end: dict[int, int] = {}
    if offsets is None:
        starts, ends = nstarts, nends
    else:
        starts = list(map(offsets.__getitem__, nstarts))
        ends = list(map(_PLUS_ONE, map(offsets.__getitem__, map(_MINUS_ONE, nends))))
        marks_end = _trailing_mark_ends(source)
        if marks_end:
            ends = list(map(marks_end.get, ends, ends))
    texts = map(source.__getitem__, map(slice, starts, ends))
    doc.tokens = list(map(_new_tuple, repeat(Token), zip(starts, ends, texts, norms, strict=True)))
    doc.sentences = _spans(norm, marks_end, _SENTENCE_END)
    doc.paragraphs = _spans(norm, marks_end, _PARAGRAPH_BREAK)
    return doc


def ensure_tokenized(doc: Document) -> NormalizedText:
    """``doc.norm``, tokenizing first when a stage is run on its own (without ``tokenize``)."""
    if doc.norm is None:
        tokenize(doc)
    assert doc.norm is not None
    return doc.norm


_MATCH_END = re.Match.end
_new_tuple = tuple.__new__  # Token(...) runs the named tuple's Python __new__; this is C
_PLUS_ONE = (1).__add__
_MINUS_ONE = (-1).__add__
_TRAILING_RUN = re.compile("[" + "".join(sorted(_TRAILING_MARKS)) + "]+")


def _trailing_mark_ends(source: str) -> dict[int, int]:
    """For each position inside a run of marks that close a word (harakat, tatweel), the end
    of that run: a span ending there is extended over them, as ``to_source`` does."""
    out: dict[int, int] = {}
    for m in _TRAILING_RUN.finditer(source):
        end = m.end()
        for p in range(m.start(), end):
            out[p] = end
    return out


def _spans(norm: NormalizedText, marks_end: dict[int, int], boundary: re.Pattern[str]) -> list[Span]:
    """Spans of the source text between boundaries (found in the normalised text), trimmed
    of white space."""
    text = norm.text
    source = norm.source
    offsets = norm.offsets
    cuts = [0, *map(_MATCH_END, boundary.finditer(text)), len(text)]
    spans: list[Span] = []
    for nstart, nend in pairwise(cuts):
        if nend <= nstart:
            continue
        if offsets is None:
            s, e = nstart, nend
        else:
            s = offsets[nstart]
            e = offsets[nend - 1] + 1
            e = marks_end.get(e, e)
        chunk = source[s:e]
        left = chunk.lstrip()
        if not left:
            continue
        s += len(chunk) - len(left)
        kept = left.rstrip()
        spans.append(Span(s, s + len(kept), kept))
    return spans

