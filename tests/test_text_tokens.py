"""The tokenizer's column-wise fast path against the plain definition, lexicon word bounds,
and documents freed by reference counting after the pipeline."""

from __future__ import annotations

import gc
import re
import weakref
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document, Span, Token
from marsad.pipeline import analyze_text
from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize
from marsad.text.segment import is_abbreviation, tokenize

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?…]+(?=[\s\"')\]]|$)[\"')\]]*|\n+")

# letters, diacritics, tatweel, format controls, presentation forms, digits, punctuation
_ALPHABET = st.sampled_from(
    [
        *"والسجنقدعشبلكف abAB1٢_.,!?…\n\"'«»()-",
        *["\u064e", "\u0651", "\u0640", "\u200c", "\u200f", "\u06e5", "\ufefb", "\ufe70", "\u0670", "ﷺ"],
    ]
)


def reference_tokens(text: str) -> list[Token]:
    """The definition: tokens of the normalised text, each mapped back with to_source."""
    norm = normalize(text)
    out = []
    for m in _TOKEN.finditer(norm.text):
        s, e = norm.to_source(m.start(), m.end())
        out.append(Token(s, e, text[s:e], m.group()))
    return out


def reference_sentences(text: str) -> list[Span]:
    norm = normalize(text)
    ends = [
        m.end() for m in _SENTENCE_END.finditer(norm.text)
        if not (norm.text[m.start()] == "." and is_abbreviation(norm, m.start(), m.end()))
    ]
    cuts = [0, *ends, len(norm.text)]
    spans = []
    for a, b in pairwise(cuts):
        if b <= a:
            continue
        s, e = norm.to_source(a, b)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e, text[s:e]))
    return spans


@given(st.text(_ALPHABET, max_size=80))
@settings(max_examples=400, deadline=None)
def test_tokens_and_sentences_match_the_definition(text: str) -> None:
    doc = tokenize(Document(source="t", raw=text, text=text))
    assert doc.tokens == reference_tokens(text)
    assert doc.sentences == reference_sentences(text)
    for t in doc.tokens:
        assert text[t.start : t.end] == t.text


@given(st.text(_ALPHABET, max_size=60))
@settings(max_examples=200, deadline=None)
def test_lexicon_hits_do_not_depend_on_who_found_the_words(text: str) -> None:
    lex = Lexicon([("السجن", 1), ("قسد", 2), ("داعش", 3), ("ab", 4)], suffixes=("ها", "ون"))
    from_tokenizer = tokenize(Document(source="t", raw=text, text=text)).norm
    assert from_tokenizer is not None
    assert lex.scan(from_tokenizer) == lex.scan(normalize(text))


def test_analysed_document_is_freed_without_the_cycle_collector() -> None:
    doc = analyze_text("قالت قسد إن 20 عنصراً من داعش فروا من سجن غويران أمس.", published="2022-01-21")
    assert not doc.cache  # the stages' private caches are emptied at the end
    ref = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert ref() is None
    finally:
        gc.enable()
