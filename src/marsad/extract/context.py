"""Positional helpers shared by the claims and events stages.

``DocIndex`` answers the questions both stages ask many times — which sentence or paragraph
holds an offset, which tokens lie between two offsets, which mentions fall in a stretch, who
publishes the document — with bisect over arrays built once per document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import attrgetter

from marsad.compiled import compiled
from marsad.document import Document, Entity, Mention, TimeExpression, Token
from marsad.kb.outlets import load_outlets
from marsad.text.normalize import normalize_term
from marsad.text.segment import TOKEN_COLUMNS

# Tokens (normalised) that end a clause for the purposes of attribution and modality scope.
CLAUSE_PUNCT = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "-", "|", "…"})
# Relative pronouns: a verb right after one has the noun before it as subject.
RELATIVES = frozenset(
    {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "who", "which"}
)
_CACHE_KEY = "doc_index"
_START = attrgetter("start")
_END = attrgetter("end")
_NORM = attrgetter("norm")


def _start_then_longest(m: Mention) -> tuple[int, int]:
    return m.start, -m.end

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
    tok_ends: list[int] = field(default_factory=list)
    tok_norms: list[str] = field(default_factory=list)
    # the words (tokens beginning with a letter or digit) alone, for the many "which words
    # stand between X and Y" questions: starts, ends and normalised forms
    word_starts: list[int] = field(default_factory=list)
    word_ends: list[int] = field(default_factory=list)
    word_norms: list[str] = field(default_factory=list)
    sent_ends: list[int] = field(default_factory=list)
    # mentions of bodies that can act (not outlets) and of places, each with its starts
    actor_mentions: list[Mention] = field(default_factory=list)
    actor_starts: list[int] = field(default_factory=list)
    place_mentions: list[Mention] = field(default_factory=list)
    place_starts: list[int] = field(default_factory=list)
    outlet_flags: dict[str, bool] = field(default_factory=dict)
    # the city a report is filed from («أربيل (كوردستان24)-», "QAMISHLI, Syria (North
    # Press) –"): where the outlet writes, not where things happened — no event place
    dateline_mentions: list[Mention] = field(default_factory=list)

    # per-document memo of derived facts both stages ask for (e.g. an actor's grammatical
    # position), keyed by the asker
    memo: dict[object, object] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Document) -> DocIndex:
        """The index of ``doc`` — built once and kept in ``doc.cache`` (not part of the
        contract) while its tokens, mentions and times stay the same."""
        key = (doc.norm, len(doc.tokens), len(doc.mentions), len(doc.times), len(doc.entities))
        cached = doc.cache.get(_CACHE_KEY)
        if cached is not None and cached[0][0] is doc.norm and cached[0][1:] == key[1:]:
            return cached[1]
        idx = cls(doc)
        tokens = doc.tokens
        columns = doc.cache.get(TOKEN_COLUMNS)
        if columns is not None and columns[0] is tokens:
            # the tokenizer's own columns (read-only, like every list of the index)
            _, starts, ends, norms = columns
            idx.tok_starts, idx.tok_ends, idx.tok_norms = starts, ends, norms
            # a tokenizer token is a run of letters/digits (all of it isalnum: the regex's
            # \w is isalnum or "_") or one punctuation mark: a C-level map tells them apart
            is_word: list[bool] = list(map(str.isalnum, norms))
        else:
            # map over attrgetters runs in C: cheaper than three list comprehensions
            starts = idx.tok_starts = list(map(_START, tokens))
            ends = idx.tok_ends = list(map(_END, tokens))
            norms = idx.tok_norms = list(map(_NORM, tokens))
            # a token is a word when it begins with a letter or digit; the tokenizer cuts
            # punctuation into one-character tokens, so only those need the (slow, Unicode)
            # isalnum test
            is_word = [len(n) > 1 or n.isalnum() for n in norms]
        idx.word_prefix = [0, *accumulate(is_word)]
        idx.word_starts = list(compress(starts, is_word))
        idx.word_ends = list(compress(ends, is_word))
        idx.word_norms = list(compress(norms, is_word))
        idx.sent_starts = list(map(_START, doc.sentences))
        idx.sent_ends = list(map(_END, doc.sentences))
        idx.par_starts = list(map(_START, doc.paragraphs))
        idx.mentions = sorted(doc.mentions, key=_start_then_longest)
        idx.mention_starts = list(map(_START, idx.mentions))
        idx.publisher = publisher_id(doc)
        outlet_ids = _outlet_ids()
        for m in idx.mentions:
            e = doc.entities.get(m.entity)
            outlet = e.subtype == "outlet" if e is not None else m.entity in outlet_ids
            idx.outlet_flags[m.entity] = outlet
            if e is None:
                continue
            if e.type in ACTOR_TYPES and not outlet:
                idx.actor_mentions.append(m)
            if e.type in PLACE_TYPES or e.type == "state":
                if _dateline_at(doc.text, m.start, m.end):
                    idx.dateline_mentions.append(m)
                else:
                    idx.place_mentions.append(m)
        idx.actor_starts = list(map(_START, idx.actor_mentions))
        idx.place_starts = list(map(_START, idx.place_mentions))
        idx.times = sorted(doc.times, key=_START)
        idx.time_starts = list(map(_START, idx.times))
        doc.cache[_CACHE_KEY] = (key, idx)
        return idx

    # -- segments ---------------------------------------------------------------------
    # conditional expressions rather than max(): these run thousands of times per document
    def sentence_of(self, offset: int) -> int:
        i = bisect_right(self.sent_starts, offset) - 1
        return i if i > 0 else 0

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        if not self.sent_starts:
            return 0, len(self.doc.text)
        i = bisect_right(self.sent_starts, offset) - 1
        if i < 0:
            i = 0
        return self.sent_starts[i], self.sent_ends[i]

    def paragraph_of(self, offset: int) -> int:
        i = bisect_right(self.par_starts, offset) - 1
        return i if i > 0 else 0

    # -- tokens -----------------------------------------------------------------------
    def tokens_between(self, start: int, end: int, first: int | None = None) -> list[Token]:
        """Tokens lying wholly inside [start, end) (a word cut by ``end`` is left out); with
        ``first``, only the first that many of them (without copying the rest)."""
        i = bisect_left(self.tok_starts, start)
        j = bisect_left(self.tok_starts, end)
        if j > i and self.tok_ends[j - 1] > end:
            j -= 1
        if first is not None and j > i + first:
            j = i + first
        return self.doc.tokens[i:j]

    def tokens_before(self, offset: int, n: int, floor: int = 0) -> list[Token]:
        j = bisect_left(self.tok_starts, offset)
        i = j - n if j > n else 0
        if floor > 0 and i < j and self.tok_starts[i] < floor:
            i = bisect_left(self.tok_starts, floor, i, j)
        return self.doc.tokens[i:j]

    def tok_norms_before(self, offset: int, n: int, floor: int = 0) -> list[str]:
        """Normalised forms of :meth:`tokens_before`."""
        j = bisect_left(self.tok_starts, offset)
        i = j - n if j > n else 0
        if floor > 0 and i < j and self.tok_starts[i] < floor:
            i = bisect_left(self.tok_starts, floor, i, j)
        return self.tok_norms[i:j]

    def tokens_after(self, offset: int, n: int, ceiling: int | None = None) -> list[Token]:
        i = bisect_left(self.tok_starts, offset)
        j = min(i + n, len(self.tok_starts))
        if ceiling is not None and i < j and self.tok_ends[j - 1] > ceiling:
            j = bisect_right(self.tok_ends, ceiling, i, j)
        return self.doc.tokens[i:j]

    def tok_norms_after(self, offset: int, n: int, ceiling: int | None = None) -> list[str]:
        """Normalised forms of :meth:`tokens_after`."""
        i = bisect_left(self.tok_starts, offset)
        j = min(i + n, len(self.tok_starts))
        if ceiling is not None and i < j and self.tok_ends[j - 1] > ceiling:
            j = bisect_right(self.tok_ends, ceiling, i, j)
        return self.tok_norms[i:j]

    def words_between(self, start: int, end: int) -> list[str]:
        """Normalised words lying wholly inside [start, end)."""
        i = bisect_left(self.word_starts, start)
        j = bisect_left(self.word_starts, end)
        if j > i and self.word_ends[j - 1] > end:
            j -= 1
        return self.word_norms[i:j]

    def words_before(self, offset: int, n: int, floor: int = 0) -> list[str]:
        """The last ``n`` words (normalised) beginning before ``offset``, none before ``floor``."""
        j = bisect_left(self.word_starts, offset)
        i = max(0, j - n, bisect_left(self.word_starts, floor))
        return self.word_norms[i:j]

    def words_after(self, offset: int, n: int, ceiling: int | None = None) -> list[str]:
        """The next ``n`` words (normalised) from ``offset``, none ending after ``ceiling``."""
        i = bisect_left(self.word_starts, offset)
        j = i + n
        if ceiling is not None:
            j = min(j, bisect_right(self.word_ends, ceiling))
        return self.word_norms[i:j]

    def next_word(self, offset: int) -> int:
        """Index (into ``word_starts``) of the first word beginning at or after ``offset``."""
        return bisect_left(self.word_starts, offset)

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
        i = bisect_left(self.tok_starts, start)
        j = bisect_left(self.tok_starts, end)
        if j > i and self.tok_ends[j - 1] > end:
            j -= 1
        if self.word_prefix[j] - self.word_prefix[i] == j - i:
            return False  # words only
        return not CLAUSE_PUNCT.isdisjoint(self.tok_norms[i:j])

    # -- mentions ---------------------------------------------------------------------
    def mentions_in(self, start: int, end: int) -> list[Mention]:
        # by index from a bisect, not over a copy of the rest of the list: this runs for
        # many offsets of a long document
        mentions = self.mentions
        i = bisect_left(self.mention_starts, start)
        j = bisect_left(self.mention_starts, end, i)
        return [m for m in mentions[i:j] if m.end <= end]

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.doc.entities.get(entity_id) if entity_id else None

    def is_outlet(self, entity_id: str | None) -> bool:
        if entity_id is None:
            return False
        flag = self.outlet_flags.get(entity_id)
        if flag is not None:
            return flag
        e = self.entity(entity_id)
        if e is not None:
            return e.subtype == "outlet"
        return entity_id is not None and entity_id in _outlet_ids()

    def last_mention_before(self, offset: int, types: frozenset[str]) -> Mention | None:
        mentions = self.mentions
        for k in range(bisect_left(self.mention_starts, offset) - 1, -1, -1):
            m = mentions[k]
            e = self.entity(m.entity)
            if e is not None and e.type in types and e.subtype != "outlet":
                return m
        return None

    def ancestors(self, entity_id: str) -> set[str]:
        key = ("ancestors", entity_id)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._ancestors(entity_id)
        return found  # type: ignore[return-value]

    def _ancestors(self, entity_id: str) -> set[str]:
        out: set[str] = set()
        e = self.entity(entity_id)
        while e is not None and e.parent and e.parent not in out:
            out.add(e.parent)
            e = self.entity(e.parent)
        return out


_DATELINE_MAX_START = 200  # a dateline opens the article body: within its first lines
_DATELINE_MARKS = ("(", "-", "–", "—", ",", "،")


def _dateline_at(text: str, start: int, end: int) -> bool:
    """A place name opening a line near the top and followed by the outlet in brackets, a
    dash or a comma: the dateline «الحسكة - ...», «ERBIL, Kurdistan Region - ...»."""
    if start > _DATELINE_MAX_START or (start > 0 and text[start - 1] != "\n"):
        return False
    after = text[end : end + 4].lstrip(" \u00a0")
    if not after.startswith(_DATELINE_MARKS):
        return False
    # a dash or bracket must come within the line's first words: «دمشق - نقلت ...»
    line = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
    head = line[:60]
    return any(mark in head for mark in ("(", "-", "–", "—"))


def is_word(norm: str) -> bool:
    """A token that is a word (begins with a letter or digit), not punctuation. The
    tokenizer cuts punctuation into one-character tokens, so a longer token is a word and
    only one-character tokens need the (slow, Unicode) ``isalnum``."""
    return len(norm) > 1 or norm.isalnum()


@compiled
def _outlet_ids() -> frozenset[str]:
    return frozenset(o.id for o in load_outlets())


def publisher_id(doc: Document) -> str | None:
    """The KB id of the document's publisher (from the outlet stage or the input record)."""
    if doc.outlet is not None and doc.outlet.id:
        return doc.outlet.id
    names = [doc.outlet.name if doc.outlet else None, doc.meta.get("outlet")]
    by_form = _outlet_id_by_form()
    for name in names:
        if not name:
            continue
        found = by_form.get(normalize_term(str(name)))
        if found is not None:
            return found
    return None


@compiled
def _outlet_id_by_form() -> dict[str, str]:
    """Normalised name, English name, id or alias -> outlet id, the first outlet listing it
    winning (the order a scan of ``load_outlets()`` would find it in)."""
    table: dict[str, str] = {}
    for o in load_outlets():
        for f in (o.name, o.name_en or "", o.id, *o.aliases):
            if f:
                table.setdefault(normalize_term(f), o.id)
    return table
