"""Span helpers shared by the time and quantity recognizers."""

from __future__ import annotations

from marsad.text.normalize import NormalizedText


def _is_mark(ch: str) -> bool:
    """Characters normalisation deletes after a letter: harakat, tanwin, shadda, tatweel."""
    code = ord(ch)
    return 0x064B <= code <= 0x065F or code in (0x0670, 0x0640)


def source_span(norm: NormalizedText, nstart: int, nend: int) -> tuple[int, int]:
    """The source span of a normalised span, keeping the marks written on its last letter.

    Normalisation drops diacritics and tatweel, so the plain offset map would cut «فجراً»
    to «فجرا» and «هـ» to «ه»; a quoted span must end where the written word ends.
    """
    start, end = norm.to_source(nstart, nend)
    source = norm.source
    while end < len(source) and _is_mark(source[end]):
        end += 1
    return start, end
