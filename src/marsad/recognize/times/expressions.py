"""``recognize_times``: the pieces found, grouped, resolved and placed in the surrounding
text, then overlapping expressions reduced to the best (dates before periods before
durations, then the longer)."""

from __future__ import annotations

import re
from datetime import date

from marsad.document import Document, TimeExpression
from marsad.recognize.times.context import (
    apply_position,
    future_sentence,
    learn_current,
    resolve_same,
)
from marsad.recognize.times.pieces import RANK, find_pieces, group_pieces
from marsad.recognize.times.resolve import resolve_group
from marsad.recognize.times.vocabulary import time_vocabulary
from marsad.text.segment import ensure_tokenized

_YAWM_BEFORE = re.compile(r"(?<!\w)(?:[وفبل]|في\s+)?يوم\s+$")


def recognize_times(doc: Document) -> Document:
    """Add ``doc.times``: every time expression, resolved as far as the text allows."""
    norm = ensure_tokenized(doc)
    published = _parse_published(doc.published)
    pieces = find_pieces(norm)
    groups = group_pieces(norm.text, pieces)
    expressions: list[tuple[int, int, int, TimeExpression]] = []
    antecedent: TimeExpression | None = None  # the last expression resolved to a calendar value
    # the current year and month as the text itself names them («أيلول الجاري», «العام
    # الجاري 2025»): the anchor of «الشهر الجاري» when there is no publication date
    current: list[int | None] = [None, None]
    vocab = time_vocabulary()
    for group in groups:
        nstart = group[0].start
        nend = group[-1].end
        if group[0].kind in ("weekday", "date"):
            m = _YAWM_BEFORE.search(norm.text, max(0, nstart - 10), nstart)
            if m:  # «يوم الخميس»: the word «يوم» belongs to the expression
                nstart = m.start() + m.group().find("يوم")
        if (
            len(group) == 1
            and group[0].kind == "weekday"
            and group[0].direction is None
            and future_sentence(doc, norm, group[0])
        ):
            group[0].direction = "future"
            group[0].extra["tense"] = "future"
        if group[0].kind == "same":
            expression = resolve_same(group[0], antecedent)
        else:
            expression = resolve_group(group, published, current)
        if expression is None:
            continue
        learn_current(group, current)
        if expression.value is not None or group[0].kind == "period":
            nstart = apply_position(norm.text, nstart, group[0], expression, published, vocab)
        if group[0].extra.get("tense"):
            expression.extra["tense"] = group[0].extra["tense"]
        if expression.value and expression.value[0] in "0123456789X":
            antecedent = expression
        s, e = norm.to_source(nstart, nend)
        expression.start, expression.end, expression.text = s, e, doc.text[s:e]
        expressions.append((min(RANK[p.kind] for p in group), s, e, expression))
    # overlapping expressions: dates before periods before durations, then the longer
    expressions.sort(key=lambda x: (x[0], -(x[2] - x[1]), x[1]))
    kept = _without_overlaps(expressions, len(doc.text))
    kept.sort(key=lambda t: t.start)
    doc.times = kept
    return doc


def _without_overlaps(ranked: list[tuple[int, int, int, TimeExpression]], size: int) -> list[TimeExpression]:
    """The expressions, in rank order, that overlap none kept before them. Kept characters
    are marked in an occupancy map, so a test costs the expression's width, not the number
    kept so far (a text of nothing but «أمس» has thousands)."""
    occupied = bytearray(size + 1)
    taken: list[tuple[int, int]] = []
    empty: list[tuple[int, int]] = []  # kept spans of no width: tested one by one (never seen)
    kept: list[TimeExpression] = []
    for _rank, s, e, expression in ranked:
        if e > s:
            if occupied.find(1, s, e) != -1 or any(s < te and ts < e for ts, te in empty):
                continue
            occupied[s:e] = b"\x01" * (e - s)
        else:
            if any(s < te and ts < e for ts, te in taken):
                continue
            empty.append((s, e))
        taken.append((s, e))
        kept.append(expression)
    return kept


def _parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
