"""Positional helpers shared by the claims and events stages.

``DocIndex`` answers the questions both stages ask many times — which sentence or paragraph
holds an offset, which tokens lie between two offsets, which mentions fall in a stretch, who
publishes the document — with bisect over arrays built once per document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from marsad.document import Document, Entity, Mention, TimeExpression, Token
from marsad.kb.outlets import load_outlets
from marsad.text.normalize import normalize_term

# Tokens (normalised) that end a clause for the purposes of attribution and modality scope.
CLAUSE_PUNCT = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "-", "|", "…"})
# Relative pronouns: a verb right after one has the noun before it as subject.
RELATIVES = frozenset(
    {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "who", "which"}
)
_CACHE_ATTR = "_marsad_doc_index"
ACTOR_TYPES = frozenset({"organization", "armed_group", "state", "person"})
PLACE_TYPES = frozenset({"place", "facility"})


@dataclass
class DocIndex:
    doc: Document
    tok_starts: list[int] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    par_starts: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    publisher: str | None = None
    times: list[TimeExpression] = field(default_factory=list)
    time_starts: list[int] = field(default_factory=list)
    word_prefix: list[int] = field(default_factory=list)  # words among the first i tokens

    # per-document memo of derived facts both stages ask for (e.g. an actor's grammatical
    # position), keyed by the asker
    memo: dict[object, object] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Document) -> DocIndex:
        """The index of ``doc`` — built once and kept on the Document (a private attribute,
        not part of the contract) while its tokens, mentions and times stay the same."""
        key = (doc.norm, len(doc.tokens), len(doc.mentions), len(doc.times), len(doc.entities))
        cached = getattr(doc, _CACHE_ATTR, None)
        if cached is not None and cached[0][0] is doc.norm and cached[0][1:] == key[1:]:
            return cached[1]
        idx = cls(doc)
        idx.tok_starts = [t.start for t in doc.tokens]
        idx.word_prefix = [0, *accumulate(1 if t.norm[:1].isalnum() else 0 for t in doc.tokens)]
        idx.sent_starts = [s.start for s in doc.sentences]
        idx.par_starts = [p.start for p in doc.paragraphs]
        idx.mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        idx.mention_starts = [m.start for m in idx.mentions]
        idx.publisher = publisher_id(doc)
        idx.times = sorted(doc.times, key=lambda t: t.start)
        idx.time_starts = [t.start for t in idx.times]
        setattr(doc, _CACHE_ATTR, (key, idx))
        return idx

    # -- segments ---------------------------------------------------------------------
    def sentence_of(self, offset: int) -> int:
        return max(0, bisect_right(self.sent_starts, offset) - 1)

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        if not self.doc.sentences:
            return 0, len(self.doc.text)
        s = self.doc.sentences[self.sentence_of(offset)]
        return s.start, s.end

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.par_starts, offset) - 1)

    # -- tokens -----------------------------------------------------------------------
    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens lying wholly inside [start, end) (a word cut by ``end`` is left out)."""
        i = bisect_left(self.tok_starts, start)
        j = bisect_left(self.tok_starts, end)
        toks = self.doc.tokens[i:j]
        if toks and toks[-1].end > end:
            toks = toks[:-1]
        return toks

    def tokens_before(self, offset: int, n: int, floor: int = 0) -> list[Token]:
        j = bisect_left(self.tok_starts, offset)
        i = max(0, j - n)
        return [t for t in self.doc.tokens[i:j] if t.start >= floor]

    def tokens_after(self, offset: int, n: int, ceiling: int | None = None) -> list[Token]:
        i = bisect_left(self.tok_starts, offset)
        toks = self.doc.tokens[i : i + n]
        return [t for t in toks if ceiling is None or t.end <= ceiling]

    def word_count(self, start: int, end: int) -> int:
        """Words (not punctuation) lying wholly between two offsets."""
        if end <= start:
            return 0
        i = bisect_left(self.tok_starts, start)
        j = bisect_left(self.tok_starts, end)
        if j > i and self.doc.tokens[j - 1].end > end:
            j -= 1
        return self.word_prefix[j] - self.word_prefix[i] if j > i else 0

    def word_at(self, offset: int) -> Token | None:
        """The token covering ``offset``, if any."""
        i = bisect_right(self.tok_starts, offset) - 1
        if i >= 0 and self.doc.tokens[i].end > offset:
            return self.doc.tokens[i]
        return None

    def time_at(self, offset: int) -> TimeExpression | None:
        """The time expression covering ``offset``, if any."""
        i = bisect_right(self.time_starts, offset) - 1
        if i >= 0 and self.times[i].end > offset:
            return self.times[i]
        return None

    def has_clause_break(self, start: int, end: int) -> bool:
        return any(t.norm in CLAUSE_PUNCT for t in self.tokens_between(start, end))

    # -- mentions ---------------------------------------------------------------------
    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self.mention_starts, start)
        out: list[Mention] = []
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.doc.entities.get(entity_id) if entity_id else None

    def is_outlet(self, entity_id: str | None) -> bool:
        e = self.entity(entity_id)
        if e is not None:
            return e.subtype == "outlet"
        return entity_id is not None and entity_id in _outlet_ids()

    def last_mention_before(self, offset: int, types: frozenset[str]) -> Mention | None:
        i = bisect_left(self.mention_starts, offset)
        for m in reversed(self.mentions[:i]):
            e = self.entity(m.entity)
            if e is not None and e.type in types and e.subtype != "outlet":
                return m
        return None

    def ancestors(self, entity_id: str) -> set[str]:
        out: set[str] = set()
        e = self.entity(entity_id)
        while e is not None and e.parent and e.parent not in out:
            out.add(e.parent)
            e = self.entity(e.parent)
        return out


def _outlet_ids() -> frozenset[str]:
    return frozenset(o.id for o in load_outlets())


def publisher_id(doc: Document) -> str | None:
    """The KB id of the document's publisher (from the outlet stage or the input record)."""
    if doc.outlet is not None and doc.outlet.id:
        return doc.outlet.id
    names = [doc.outlet.name if doc.outlet else None, doc.meta.get("outlet")]
    for name in names:
        if not name:
            continue
        key = normalize_term(str(name))
        for o in load_outlets():
            forms = (o.name, o.name_en or "", o.id, *o.aliases)
            if any(key == normalize_term(f) for f in forms if f):
                return o.id
    return None
