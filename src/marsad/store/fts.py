"""Clitic-aware full-text indexing and snippets for Arabic.

SQLite's FTS5 tokenizers know nothing about Arabic clitics: «لسجن» and «سجن» are different
tokens to them. So the store feeds FTS5 a pre-tokenised term stream: every word of the
normalised text (``marsad.text.normalize.fold``: hamza/alef, ta marbuta, alef maqsura,
diacritics, digits) followed by the stems obtained by stripping its proclitics
(و ف ب ل ك + the article ال, لل) and, for nouns, a possessive enclitic (ها هم هما هن كم).
A query word is matched against that stream, so «سجن الصناعة» finds «لسجن الصناعة» and
«والسجن». A query word is tried as written *and* as its stems (alternatives, never
replacements): «السجن» also finds «سجن», «لسجن» also finds «سجن» and «بسجنهم», «سجونهم» also
finds «سجون». A word that merely starts with a proclitic letter («لبنان», «باب») still matches
itself first; its stripped form only adds hits, and stems shorter than 3 letters are not tried.
A single-letter enclitic (ه, ي, ك) is never stripped: after normalisation ه is also the ta
marbuta («مدرسه») and ي the nisba ending («سوري»), so stripping them would be wrong more
often than right.

A quoted part of a query («"سجن الصناعة"», «سجن الصناعة» in guillemets) is a *phrase*: its
words must follow each other in the text (each in any of its forms). FTS5 cannot express
"consecutive, each with alternatives", so the store asks FTS5 for documents holding all the
words and keeps those where ``contains_phrase`` finds them in sequence.

A query's cost is bounded: at most ``MAX_QUERY_WORDS`` words and ``MAX_QUERY_CHARS``
characters (a longer one is refused with ``QueryError``, which the store reports as a bad
query), a word repeated adds nothing to the match expression, and a snippet reads at most the
first ``SNIPPET_SCAN_CHARS`` characters of a document. A query of 1,000 repeated words took
82 s on the command line and 126 s per web request before.

Snippets are built here rather than by FTS5 (whose ``snippet()`` would quote the term stream):
the best window of the original text, with matched words wrapped in ``\\x02``...``\\x03``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from marsad.text.normalize import fold, normalize

HL_START = "\x02"
HL_END = "\x03"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Proclitic sequences, longest first so that «وبال» is tried before «و».
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال",
                     "لل", "ال")
_SHORT_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
# possessive / object pronouns (two letters or more; see the module docstring for ه ي ك)
_ENCLITICS = ("كما", "هما", "هم", "هن", "ها", "كم", "كن", "نا")
MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 1_000
SNIPPET_SCAN_CHARS = 200_000
FTS_TERMS_VERSION = 2  # bump when word_terms changes: the store re-indexes (schema hook)
_MIN_STEM = 3  # a stem shorter than this is more likely a mis-split than a word


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one normalised word: itself and its clitic-stripped stems."""
    terms = [word]
    stems: list[str] = []
    for p in _ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p):]
            stems.append(rest)  # بالسجن -> سجن
            if p != "ال":
                stems.append("ال" + rest)  # بالسجن -> السجن
            break
    for p in _SHORT_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= _MIN_STEM and not word[len(p):].startswith("ال"):
            stems.append(word[len(p):])  # لسجن -> سجن
            break
    for s in _ENCLITICS:
        for base in [word, *stems]:
            if base.endswith(s) and len(base) - len(s) >= _MIN_STEM:
                stems.append(base[: -len(s)])
    for s in stems:
        if s not in terms:
            terms.append(s)
    return tuple(terms)


def index_text(text: str) -> str:
    """The FTS5 term stream for ``text`` (a string of space-separated terms)."""
    out: list[str] = []
    for m in _WORD.finditer(fold(text)):
        out.extend(word_terms(m.group()))
    return " ".join(out)


@lru_cache(maxsize=20_000)
def query_terms(word: str) -> tuple[str, ...]:
    """What one normalised query word may match in the index (see module docstring)."""
    alts = [word]
    for p in _ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            alts.append(word[len(p):])
            break
    else:
        for p in _SHORT_PREFIXES:
            rest = word[len(p):]
            if word.startswith(p) and len(rest) >= _MIN_STEM:
                alts.append(rest)  # لسجن -> سجن, as an alternative
                if rest.startswith("ال") and len(rest) - 2 >= 2:
                    alts.append(rest[2:])
                break
    for base in list(alts):
        for s in _ENCLITICS:
            if base.endswith(s) and len(base) - len(s) >= _MIN_STEM:
                alts.append(base[: -len(s)])
                break
    return tuple(dict.fromkeys(alts))


class QueryError(ValueError):
    """A query too long to run within the search's cost bound; the message says why."""


def check_query(query: str) -> None:
    """Raise ``QueryError`` for a query over the size bounds (see the module docstring)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; at most "
                         f"{MAX_QUERY_CHARS:,} are searched")
    words = sum(1 for _ in _WORD.finditer(query))
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"the query has {words:,} words; at most {MAX_QUERY_WORDS} are searched")


def parse_query(query: str) -> list[tuple[str, ...]]:
    """The query as a list of word alternatives (each inner tuple: one word's forms),
    a repeated word once."""
    return list(dict.fromkeys(query_terms(m.group()) for m in _WORD.finditer(fold(query))))


_QUOTED = re.compile(r'["«“]([^"«»“”]+)["»”]')


def parse_phrases(query: str) -> list[list[tuple[str, ...]]]:
    """The quoted phrases of a query (two words or more), as lists of word alternatives."""
    out = []
    for m in _QUOTED.finditer(fold(query)):
        words = parse_query(m.group(1))
        if len(words) > 1:
            out.append(words)
    return out


def contains_phrase(text: str, phrase: list[tuple[str, ...]]) -> bool:
    """Do the phrase's words follow each other in ``text`` (each in any of its forms)?"""
    if not phrase:
        return True
    terms = [set(word_terms(m.group())) for m in _WORD.finditer(fold(text))]
    n = len(phrase)
    for i in range(len(terms) - n + 1):
        if all(not terms[i + k].isdisjoint(phrase[k]) for k in range(n)):
            return True
    return False


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word must match (in any of its forms).

    Quoted phrases are matched here as their words; ``contains_phrase`` then checks order.
    """
    check_query(query)
    words = parse_query(query)
    if not words:
        return None
    groups = []
    for alts in words:
        ors = " OR ".join(_fts_quote(a) for a in alts)
        groups.append(f"({ors})" if len(alts) > 1 else ors)
    return " AND ".join(groups)


def snippet(text: str, query: str, width: int = 32) -> str:
    """A window of ``text`` around the densest query matches, with highlight markers
    (looked for in the first ``SNIPPET_SCAN_CHARS`` characters)."""
    text = text[:SNIPPET_SCAN_CHARS]
    words = parse_query(query)
    wanted: dict[str, int] = {}
    for i, alts in enumerate(words):
        for a in alts:
            wanted.setdefault(a, i)
    norm = normalize(text)
    tokens: list[tuple[int, int, int | None]] = []  # (source start, end, matched query word)
    for m in _WORD.finditer(norm.text):
        hit = None
        for t in word_terms(m.group()):
            if t in wanted:
                hit = wanted[t]
                break
        s, e = norm.to_source(m.start(), m.end())
        tokens.append((s, e, hit))
    if not tokens:
        return text[:200]
    # the window of `width` tokens covering the most distinct query words (then most hits)
    best, best_key = 0, (-1, -1)
    hits_at = [i for i, t in enumerate(tokens) if t[2] is not None]
    for i in hits_at or [0]:
        start = max(0, i - width // 4)
        window = tokens[start : start + width]
        found = {t[2] for t in window if t[2] is not None}
        key = (len(found), sum(1 for t in window if t[2] is not None))
        if key > best_key:
            best, best_key = start, key
    window = tokens[best : best + width]
    out: list[str] = []
    pos = window[0][0]
    if best > 0:
        out.append("… ")
    for s, e, hit in window:
        out.append(text[pos:s].replace("\n", " "))
        out.append(f"{HL_START}{text[s:e]}{HL_END}" if hit is not None else text[s:e])
        pos = e
    if best + width < len(tokens):
        out.append(" …")
    return "".join(out)


# --- query checks and match offsets (for the command line and the JSON API) ---------------

# what another engine would read as an operator: AND/OR/NOT/NEAR as words, a wildcard, a
# boost, a word excluded or required by a sign in front (brackets and colons are ignored)
_OPERATOR = re.compile(r"(?<!\S)(AND|OR|NOT|NEAR)(?![^\s(])|\*|\^|(?<!\S)[-+](?=\w)")


def query_problem(query: str) -> str | None:
    """Why a query cannot be searched as the user meant it, or None when it can.

    marsad search finds documents holding every word (in any of its clitic forms) and
    quoted phrases in order; it has no operators, so a query written for another engine
    (``a AND b``, ``prison*``, ``-word``) would silently search for other words.
    """
    if not query.strip():
        return "the query is empty"
    try:
        check_query(query)
    except QueryError as exc:
        return str(exc)
    quotes = query.count('"')
    if quotes % 2 or query.count("«") != query.count("»") or query.count("“") != query.count("”"):
        return "a quotation mark is not closed: close the phrase or remove the quote"
    if m := _OPERATOR.search(query):
        return (f"{m.group()!r} is not supported: marsad search finds documents holding every "
                "word (in any of its forms) and \"quoted phrases\" in order; there are no "
                "operators (AND, OR, NOT, NEAR, *, ^, a leading - or +)")
    if not parse_query(query):
        return "the query has no words to search for"
    return None


def unmark(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet without its ``\\x02``/``\\x03`` markers, and the [start, end) offsets of the
    marked words in the returned string."""
    out: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in marked:
        if ch == HL_START:
            start = pos
        elif ch == HL_END:
            if start is not None:
                spans.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


def match_spans(text: str, query: str) -> list[list[int]]:
    """[start, end) offsets in ``text`` of every word that matches a query word."""
    wanted = {a for alts in parse_query(query) for a in alts}
    if not wanted:
        return []
    norm = normalize(text)
    spans = []
    for m in _WORD.finditer(norm.text):
        if not wanted.isdisjoint(word_terms(m.group())):
            s, e = norm.to_source(m.start(), m.end())
            spans.append([s, e])
    return spans


# --- PostgreSQL: the same index as a tsvector, and FTS5's bm25 reproduced ----------------
#
# PostgreSQL's own text search would re-parse and re-normalise the words; the store instead
# writes the very terms FTS5 indexes (``word_terms``) as tsvector lexemes and queries them as
# tsquery lexemes, both typed as literals (no parser, no dictionary), lower-cased as FTS5's
# unicode61 tokenizer does. A document matches the same queries on both stores.
#
# Ranking: FTS5's ``bm25(doc_fts, 2.0, 1.0)`` needs, per query phrase and document, the
# phrase's weighted frequency (title occurrences x 2 + body occurrences). The tsvector keeps
# it in the lexeme's positions: position weights D, C and B stand for 1, 64 and 4096 units,
# and ``ts_rank_cd(PG_RANK_WEIGHTS, terms, 'lexeme')`` sums the weights of a lexeme's
# positions (one cover per occurrence), i.e. returns the frequency times 2^-12, exactly (powers
# of two). With the document count, the total and per-document lengths and each phrase's
# document frequency, ``bm25`` below computes the score with FTS5's formula and operation
# order, so both stores give the same scores, and the same order (ties by ``seq``).

PG_RANK_WEIGHTS = "{0.000244140625,0.015625,1,1}"  # D, C, B, A: 2^-12, 2^-6, 1, 1 per position
PG_RANK_SCALE = 4096.0  # ts_rank_cd x this = weighted frequency
_UNITS = ((4096, "B"), (64, "C"), (1, ""))
_MAX_POSITIONS = 256  # PostgreSQL keeps at most 256 positions per lexeme
_MAX_LEXEME_BYTES = 2046  # longer lexemes are refused by PostgreSQL (FTS5 has no limit)
_MAX_TSVECTOR_BYTES = 900_000  # under PostgreSQL's 1 MB of lexeme text per tsvector
BM25_K1 = 1.2
BM25_B = 0.75


def _lexeme(term: str) -> str:
    if "'" in term or "\\" in term:
        term = term.replace("\\", "\\\\").replace("'", "''")
    return "'" + term + "'"


@lru_cache(maxsize=4096)
def _positions(freq: int) -> str:
    """Positions whose weights add up to ``freq`` units (see above)."""
    out: list[str] = []
    rest = freq
    for i, (unit, label) in enumerate(_UNITS):
        # the larger units first; leave room for the at most 63 + 63 smaller ones
        room = _MAX_POSITIONS - len(out) - 63 * (len(_UNITS) - 1 - i)
        n = min(rest // unit, room)
        out.extend(f"{len(out) + 1}{label}" for _ in range(n))
        rest -= n * unit
    return ",".join(out)


def pg_tsvector(fts_title: str, fts_body: str) -> tuple[str, int]:
    """The tsvector literal and the length in terms of a document's FTS5 term streams."""
    title, body = fts_title.lower().split(), fts_body.lower().split()
    freq = Counter(body)
    for t in title:
        freq[t] += 2
    parts: list[str] = []
    size = 0
    for term, f in freq.items():
        n = len(term.encode("utf-8"))
        if n > _MAX_LEXEME_BYTES or size + n > _MAX_TSVECTOR_BYTES:
            continue  # beyond PostgreSQL's limits: such a word is not searchable there
        size += n
        parts.append(f"{_lexeme(term)}:{_positions(f)}")
    return " ".join(parts), len(title) + len(body)


def pg_phrases(query: str) -> list[str]:
    """The FTS5 phrases of ``fts_match_expression(query)``, in order (bm25 sums over them)."""
    return [a.lower() for alts in parse_query(query) for a in alts]


def pg_tsquery(query: str) -> str | None:
    """The tsquery literal matching what ``fts_match_expression`` matches."""
    words = parse_query(query)
    if not words:
        return None
    return " & ".join("(" + " | ".join(_lexeme(a.lower()) for a in alts) + ")" for alts in words)


def pg_term_query(term: str) -> str:
    """A tsquery literal of one lexeme (a phrase of the query)."""
    return _lexeme(term)


def bm25_idf(n_rows: int, n_hit: int) -> float:
    """FTS5's IDF of a phrase found in ``n_hit`` of ``n_rows`` rows (never <= 0)."""
    idf = math.log((n_rows - n_hit + 0.5) / (n_hit + 0.5))
    return idf if idf > 0.0 else 1e-6


def bm25(freqs: list[float], length: int, idfs: list[float], avgdl: float) -> float:
    """FTS5's ``bm25()`` value (negative; lower is better) of one document."""
    k1, b = BM25_K1, BM25_B
    score = 0.0
    for f, idf in zip(freqs, idfs, strict=True):
        score += idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / avgdl)))
    return -1.0 * score
