"""Persons named by their title or role: «العميد يحيى رسول», «المتحدث باسم قسد فرهاد شامي».

No Arabic NER model can run here, so people come from two sources: the well-known names of
``kb/data/persons.toml`` (matched with every other alias by the mentions lexicon) and this
rule, driven by ``kb/data/person_titles.toml``:

* a *title* (العميد، الشيخ، الدكتور...) is followed by the name;
* a *role* (المتحدث باسم، رئيس، مدير، مسؤول...) is followed by what it is the role of —
  definite words, known entities, باسم/في — then the name, or a comma and a title;
* a name may also stand before its role («شكري الحجي، مسؤول مكتب الخروج»).

A name is 2-4 words that are not stop words, known entities or titles. After a role, or
written before it, its first word must be a known given name (roles are followed by
adjectives as often as by names: «مسؤول أمني كبير»); after a military or honorific title a
name closed by punctuation or a stop word is accepted as it is.

English: a role word (spokesman, commander, director, Gen. ...) followed by two or three
capitalised words, or by its complement and a comma («the head of the prison, Rubar
Hassan»), or a name set off before its role («Rubar Hassan, the head of the prison»).

A person found this way gets the id ``person:`` + the normalised name with underscores
(``person:يحيي_رسول``), unless the name is an alias of ``persons.toml``, whose id it takes.
When the role's complement names an organisation («المتحدث باسم قسد»), it becomes the
person's ``parent``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from marsad.compiled import compiled
from marsad.document import Entity, Mention
from marsad.kb.gazetteer import PLAIN, KnowledgeBase
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import NormalizedText, normalize_term

_HAS_UPPER = re.compile(r"[A-Z]")
_WORD = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_PUNCT_STOP = frozenset(',.;:!?()[]{}"\'|/-«»')
_CONNECTORS = frozenset({"باسم", "في", "ل", "لدي", "عن", "التابع", "التابعه", "-", "/"})
# How far around a title or role its name may lie (characters of normalised text).
_WINDOW_BEFORE = 60
_WINDOW_AFTER = 160
_ORG_TYPES = frozenset({"organization", "armed_group", "state"})

_EN_ROLE_WORDS = (
    r"(?:spokes(?:man|woman|person)|commander|director|head|chief|minister|president|"
    r"envoy|ambassador|official|leader|sheikh|Gen\.|General|Maj\.|Brig\.|Col\.|Colonel|Dr\.|Mr\.|Ms\.)"
)
_EN_NAME = r"((?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){1,3})"
_EN_ROLE = re.compile(r"\b" + _EN_ROLE_WORDS + r"\s+" + _EN_NAME)
# the role's complement, then the name set off by a comma: «the head of the prison, Rubar
# Hassan», «a spokesman for the SDF, Farhad Shami»
_EN_ROLE_OF = re.compile(
    r"\b" + _EN_ROLE_WORDS + r"\s+(?:of|for|at|in)\s+[\w'’ -]{2,50}?,\s+" + _EN_NAME
)
# the name first: «Rubar Hassan, the head of the prison», «Farhad Shami, SDF spokesman»
_EN_NAME_ROLE = re.compile(
    _EN_NAME + r",\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w-]*\s+){0,2}" + _EN_ROLE_WORDS
    + r"(?=\s+(?:of|for|at|in)\b|[,.])"
)
# capitalised words that start a sentence or a clause, not a name
_EN_NOT_NAME = frozenset(
    {
        "The", "A", "An", "In", "On", "At", "And", "But", "Meanwhile", "However", "According",
        "Also", "Then", "This", "That", "These", "Those", "When", "While", "After", "Before",
        "Since", "Last", "Earlier", "Later", "Syrian", "Kurdish", "Iraqi", "American", "Turkish",
        "US", "U.S.", "SDF", "ISIS", "IS", "Mr.", "Ms.", "Dr.",
    }
)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    lexicon: Lexicon[str]  # titles and roles -> "title" | "role"
    given_names: frozenset[str]
    stop_words: frozenset[str]
    strong_titles: frozenset[str]


@compiled
def _vocabulary() -> _Vocabulary:
    path = resources.files("marsad.kb").joinpath("data/person_titles.toml")
    raw = tomllib.loads(path.read_text("utf-8"))
    entries = [(t, "title") for t in raw.get("titles", [])]
    entries += [(r, "role") for r in raw.get("roles", [])]
    return _Vocabulary(
        lexicon=Lexicon(entries),
        given_names=frozenset(normalize_term(n) for n in raw.get("given_names", [])),
        stop_words=frozenset(normalize_term(w) for w in raw.get("stop_words", [])),
        strong_titles=frozenset(normalize_term(t) for t in raw.get("titles", [])),
    )


share_document_pass(lambda: _vocabulary().lexicon)


@dataclass(slots=True)
class _Tok:
    text: str
    start: int  # normalised offsets
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def find_titled_persons(
    norm: NormalizedText, mentions: list[Mention], kb: KnowledgeBase
) -> list[tuple[Mention, Entity]]:
    """Persons introduced by a title or role, not overlapping ``mentions``."""
    voc = _vocabulary()
    text = norm.text
    title_hits = voc.lexicon.scan(norm)
    english = _HAS_UPPER.search(norm.source) is not None
    if not title_hits and not english:
        return []
    # tokens only around the titles: a name lies within a few words of its title or role
    windows: list[list[int]] = []
    for hit in title_hits:
        lo, hi = max(0, hit.nstart - _WINDOW_BEFORE), min(len(text), hit.nend + _WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    # a window edge may cut a word: widen it to the word's boundary
    tokens = [
        _Tok(m.group(), m.start(), m.end())
        for lo, hi in windows
        for m in _WORD.finditer(text, _word_start(text, lo), hi)
    ]
    # normalised spans of the known mentions, to skip them and to read role complements
    spans: dict[int, tuple[int, str]] = {}
    for m in mentions:
        ns = norm.to_norm(m.start)
        spans[ns] = (norm.to_norm_end(m.end), m.entity)
    taken = sorted((s, e) for s, (e, _) in spans.items())
    starts = {t.start: i for i, t in enumerate(tokens)}

    found: list[tuple[int, int, str | None]] = []  # (nstart, nend, parent)
    for hit in title_hits:
        i = _token_at(tokens, starts, hit.nend)
        if i is None:
            continue
        parent: str | None = None
        if hit.payload == "role":
            i, parent = _skip_complement(tokens, i, spans, text, kb)
            if i < len(tokens) and tokens[i].text == ",":
                i += 1
            name = _name_after(text, tokens, i, voc, spans, need_given=True)
            if name is None:
                name = _name_before(text, tokens, starts, hit.nstart - len(hit.prefix), voc, spans)
        else:
            name = _name_after(text, tokens, i, voc, spans, need_given=hit.form not in voc.strong_titles)
        if name is not None:
            found.append((name[0], name[1], parent))

    if english:
        # the English patterns are tried only where the role-word automaton found a role word:
        # run over the whole text, their leading alternation is attempted at every position
        source = norm.source
        for hit in _english_roles().scan(norm):
            role_end = _role_end(source, hit.end)
            before = [
                m for m in _EN_NAME_ROLE.finditer(source, max(0, hit.start - 100), min(len(source), role_end + 8))
                if m.end() == role_end
            ]
            for m in (_EN_ROLE.match(source, hit.start), _EN_ROLE_OF.match(source, hit.start), *before):
                if m is None:
                    continue
                span = _english_name(source, *m.span(1))
                if span is not None:
                    found.append((norm.to_norm(span[0]), norm.to_norm_end(span[1]), None))

    out: list[tuple[Mention, Entity]] = []
    used: list[tuple[int, int]] = []
    for ns, ne, parent in sorted(found):
        if any(ns < e and s < ne for s, e in taken) or any(ns < e and s < ne for s, e in used):
            continue
        used.append((ns, ne))
        s, e, surface = norm.source_span(ns, ne)
        key = normalize_term(text[ns:ne])
        known = [x for x in kb.aliases.get(key, ()) if x.kind == PLAIN and kb.entities[x.entity].type == "person"]
        if known:
            ent = kb.entities[known[0].entity]
        else:
            ent = Entity(
                id="person:" + "_".join(key.split()),
                type="person",
                name=surface,
                parent=parent,
            )
        out.append((Mention(s, e, surface, ent.id), ent))
    return out


@compiled
def _english_roles() -> Lexicon[str]:
    """The role words of the English patterns, for one automaton pass."""
    words = ["spokesman", "spokeswoman", "spokesperson", "commander", "director", "head", "chief",
             "minister", "president", "envoy", "ambassador", "official", "leader", "sheikh", "gen",
             "general", "maj", "brig", "col", "colonel", "dr", "mr", "ms"]
    return Lexicon((w, "role") for w in words)


share_document_pass(_english_roles)


def _role_end(source: str, end: int) -> int:
    """Where _EN_NAME_ROLE's match ends for a role word ending at ``end`` (after «Gen.»)."""
    return end + 1 if source[end : end + 1] == "." else end


def _english_name(source: str, start: int, end: int) -> tuple[int, int] | None:
    """The name inside a matched run of capitalised words, less the sentence words before it
    («Meanwhile Rubar Hassan» -> «Rubar Hassan»); None when fewer than two words are left."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", source[start:end])]
    while words and source[words[0][0] : words[0][1]] in _EN_NOT_NAME:
        words.pop(0)
    if len(words) < 2:
        return None
    return words[0][0], words[-1][1]


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isalnum():
        pos -= 1
    return pos


def _token_at(tokens: list[_Tok], starts: dict[int, int], pos: int) -> int | None:
    """Index of the first token starting at or after ``pos`` (skipping spaces)."""
    for p in range(pos, pos + 4):
        if p in starts:
            return starts[p]
    return None


def _skip_complement(
    tokens: list[_Tok], i: int, spans: dict[int, tuple[int, str]], text: str, kb: KnowledgeBase
) -> tuple[int, str | None]:
    """Skip what a role is the role of: «باسم القائد العام للقوات المسلحة العراقية»."""
    parent: str | None = None
    steps = 0
    while i < len(tokens) and steps < 8:
        tok = tokens[i]
        if tok.start in spans:
            end, eid = spans[tok.start]
            ent = kb.get(eid)
            if parent is None and ent is not None and ent.type in _ORG_TYPES:
                parent = eid
            while i < len(tokens) and tokens[i].start < end:
                i += 1
            steps += 1
            continue
        w = tok.text
        if w == '"' or w in _CONNECTORS or (tok.is_word and _definite(w)):
            i += 1
            steps += 1
            continue
        break
    return i, parent


def _definite(word: str) -> bool:
    return word.startswith(("ال", "لل", "بال", "وال")) and len(word) > 3


def _name_word(tok: _Tok, voc: _Vocabulary, first: bool) -> bool:
    w = tok.text
    if not tok.is_word or len(w) < 2:
        return False
    if w in voc.given_names:
        return True
    if w in voc.stop_words or w in voc.strong_titles:
        return False
    if first:
        if w.startswith("ال"):
            return False
        # a proclitic glued to the first word (وقال، بالي is a name but is listed) ends it
        if len(w) > 3 and w[0] in "وبلف" and w[1:] in voc.stop_words:
            return False
    return True


def _name_after(
    text: str,
    tokens: list[_Tok],
    i: int,
    voc: _Vocabulary,
    spans: dict[int, tuple[int, str]],
    *,
    need_given: bool,
) -> tuple[int, int] | None:
    if i >= len(tokens) or tokens[i].start in spans:
        return None
    if not _name_word(tokens[i], voc, first=True):
        return None
    if need_given and tokens[i].text not in voc.given_names:
        return None
    j = i + 1
    phrase_break = False  # the run ended at a word that starts the next phrase
    while (
        j < len(tokens)
        and j - i < 4
        and tokens[j].start not in spans
        and "\n" not in text[tokens[j - 1].end : tokens[j].start]
        and _name_word(tokens[j], voc, first=False)
    ):
        w = tokens[j].text
        if w.startswith("و") and w not in voc.given_names:
            phrase_break = True  # «... ومسؤول آخر»: a conjunction starts the next phrase
            break
        if w[0] in "لب" and len(w) >= 5 and w not in voc.given_names:
            phrase_break = True  # «... لوكالة الأنباء», «... بالحسكة»: a preposition does
            break
        j += 1
    if j - i < 2:
        return None
    if not need_given and j < len(tokens) and not phrase_break:
        nxt = tokens[j]
        closed = (not nxt.is_word) or nxt.text in voc.stop_words or nxt.start in spans
        if not closed and tokens[i].text not in voc.given_names:
            return None
    return tokens[i].start, tokens[j - 1].end


def _name_before(
    text: str,
    tokens: list[_Tok], starts: dict[int, int], role_start: int, voc: _Vocabulary, spans: dict[int, tuple[int, str]]
) -> tuple[int, int] | None:
    """A name written before its role: «شكري الحجي، مسؤول مكتب الخروج»."""
    k = starts.get(role_start)
    if k is None:
        return None
    j = k - 1
    while j >= 0 and tokens[j].text in {",", '"', "-"}:
        j -= 1
    if j == k - 1:
        return None  # the name must be set off by a comma or quotes
    end = j
    while (
        j >= 0
        and end - j < 3
        and tokens[j].start not in spans
        and "\n" not in text[tokens[j].end : tokens[j + 1].start]
        and _name_word(tokens[j], voc, first=False)
    ):
        j -= 1
    first = j + 1
    # shrink from the left to the first given name
    while first < end and tokens[first].text not in voc.given_names:
        first += 1
    if end - first < 1 or tokens[first].text not in voc.given_names:
        return None
    return tokens[first].start, tokens[end].end
