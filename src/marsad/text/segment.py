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
# doc.cache key of the token columns: (doc.tokens, starts, ends, norms), read-only lists
TOKEN_COLUMNS = "token_columns"

# A full stop after one of these words abbreviates it («Gen. Mazloum», «Dr. Ali», «No. 5»,
# «Sept. 12»): never a sentence end. Normalised (lower case), without the dot.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "brig", "capt", "sgt", "cpl",
        "adm", "gov", "sen", "rep", "pres", "amb", "st", "mt", "vol", "fig", "jr",
        "sr", "rev", "hon", "dept", "univ", "inc", "corp", "co", "ltd", "vs", "approx", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
_NUMBER_SIGNS = frozenset({"no", "nos"})
# Words that open an English sentence: after an initialism («U.S.», «a.m.») such a word starts
# a new sentence («... in the U.S. The next day»); any other word continues it («the U.S. Army»).
SENTENCE_OPENERS = frozenset(
    {
        "the", "a", "an", "it", "he", "she", "they", "we", "i", "you", "but", "and", "in", "on",
        "at", "this", "that", "these", "those", "there", "his", "her", "their", "its", "our",
        "after", "before", "meanwhile", "however", "according", "when", "while", "if",
    }
)


def tokenize(doc: Document) -> Document:
    """Add ``norm``, ``tokens``, ``sentences`` and ``paragraphs`` to the document."""
    norm = normalize(doc.text)
    doc.norm = norm
    text = norm.text
    source = doc.text
    # One regex pass, then every per-token step (offset mapping, slicing, Token construction)
    # over whole columns. The mapping is the one NormalizedText.to_source applies, written out
    # for columns. Indexing, slicing and +1 are list comprehensions, not maps: their
    # specialised bytecode (list[int] subscript, int add, str slice) runs twice as fast as a
    # map over a method wrapper such as offsets.__getitem__ or (1).__add__.
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
        starts = [offsets[i] for i in nstarts]
        ends = [offsets[i - 1] + 1 for i in nends]
        marks_end = _trailing_mark_ends(source)
        if marks_end:
            ends = list(map(marks_end.get, ends, ends))
    texts = [source[s:e] for s, e in zip(starts, ends, strict=True)]
    doc.tokens = list(map(_new_tuple, repeat(Token), zip(starts, ends, texts, norms, strict=True)))
    # The columns just built, for DocIndex (marsad.extract.context), which would otherwise
    # take the tokens apart again; valid while doc.tokens is this very list.
    doc.cache[TOKEN_COLUMNS] = (doc.tokens, starts, ends, norms)
    doc.sentences = _spans(norm, marks_end, sentence_cuts(norm))
    doc.paragraphs = _spans(norm, marks_end, _cuts(norm.text, _PARAGRAPH_BREAK))
    return doc


def ensure_tokenized(doc: Document) -> NormalizedText:
    """``doc.norm``, tokenizing first when a stage is run on its own (without ``tokenize``)."""
    if doc.norm is None:
        tokenize(doc)
    assert doc.norm is not None
    return doc.norm


_MATCH_END = re.Match.end
_new_tuple = tuple.__new__  # Token(...) runs the named tuple's Python __new__; this is C
_TRAILING_RUN = re.compile("[" + "".join(sorted(_TRAILING_MARKS)) + "]+")


def _trailing_mark_ends(source: str) -> dict[int, int]:
    """For each position inside a run of marks that close a word (harakat, tatweel), the end
    of that run: a span ending there is extended over them, as ``to_source`` does."""
    out: dict[int, int] = {}
    for m in _TRAILING_RUN.finditer(source):
        start, end = m.span()
        if end - start == 1:
            out[start] = end  # the common run: one haraka or tatweel
        else:
            out.update(dict.fromkeys(range(start, end), end))
    return out


def _cuts(text: str, boundary: re.Pattern[str]) -> list[int]:
    return [0, *map(_MATCH_END, boundary.finditer(text)), len(text)]


# A "sentence" longer than this is no sentence (the longest in the corpus, the seeds and both
# held-out sets is 936 characters) but a text without stops: it is cut at spaces, since
# several stages compare what they find with the rest of its sentence (issue 18).
MAX_SENTENCE_CHARS = 2_000


def sentence_cuts(norm: NormalizedText) -> list[int]:
    """Where sentences end in ``norm.text`` (with 0 and the length around them): at . ! ? …
    or a line break, except a full stop that closes an abbreviation; and at a space (or
    anywhere) where a sentence would run past ``MAX_SENTENCE_CHARS``."""
    text = norm.text
    cuts = [0]
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and is_abbreviation(norm, m.start(), m.end()):
            continue
        _cap(text, cuts, m.end())
        cuts.append(m.end())
    _cap(text, cuts, len(text))
    cuts.append(len(text))
    return cuts


def _cap(text: str, cuts: list[int], end: int) -> None:
    """Add cuts before ``end`` so that no sentence from the last cut is over the cap."""
    while end - cuts[-1] > MAX_SENTENCE_CHARS:
        start = cuts[-1]
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS) + 1
        cuts.append(cut or start + MAX_SENTENCE_CHARS)


def is_abbreviation(norm: NormalizedText, dot: int, after: int) -> bool:
    """Does the full stop at ``dot`` close an abbreviation rather than a sentence?

    A title or other listed abbreviation («Gen.», «No.») always does. So does an initial — a
    single letter, Arabic or Latin, alone or in an initialism («U.S.», «a.m.», «م.») — unless
    the next word is one that opens an English sentence. Any other Latin word keeps its stop
    only before a lower-case word («etc. and»): Arabic has no case to tell by."""
    text = norm.text
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    nxt = after
    while nxt < len(text) and text[nxt] == " ":
        nxt += 1
    if word in ABBREVIATIONS and word.isascii():
        return nxt < len(text) and text[nxt] != "\n"
    if word in _NUMBER_SIGNS:
        return nxt < len(text) and text[nxt].isdigit()  # «No. 5», not «he said no.»
    if nxt >= len(text) or text[nxt] == "\n":
        return False
    end = nxt
    while end < len(text) and text[end].isalpha():
        end += 1
    following = text[nxt:end]
    if len(word) == 1 and (start == 0 or not text[start - 1].isalnum()):
        return bool(following) and following not in SENTENCE_OPENERS
    if word.isascii() and following.isascii() and following:
        # the normalised text is lower case: ask the source whether the next word is
        source_at = norm.offsets[nxt] if norm.offsets is not None else nxt
        return norm.source[source_at].islower()
    return False


def _spans(norm: NormalizedText, marks_end: dict[int, int], cuts: list[int]) -> list[Span]:
    """Spans of the source text between the cuts (offsets in the normalised text), trimmed
    of white space."""
    source = norm.source
    offsets = norm.offsets
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

