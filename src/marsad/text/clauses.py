"""Clauses: each sentence cut where a new clause opens, with the cues of each clause.

A clause opens at the start of a sentence, after a punctuation mark, or at a word that opens
one (``kb/data/clauses.toml`` [openers]: a complementiser «أن»/"that", a relative «الذي»/
"which", «قبل أن»/"before", «بعد أن»/"after", «عندما»/"when", «إذا»/"if", «بهدف»/"in order to",
«لأن»/"because", «لكن»/"but", «ثم»). Its ``kind`` is the opener's category ("main" for the
first clause of a sentence; a clause after a mark keeps the kind of a reported-speech clause
it continues). A cue ([cues]: negation, denial, cessation, future, possible, plan, attempt,
demand, threat, habitual, allege, question) reaches from where it stands to the end of its
clause, so a reader asks of any word: which clause is it in, of what kind, and which cues
stand before it in that clause or in the clause that governs it.

The analysis is computed once per document and kept in ``Document.cache``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from marsad.compiled import compiled
from marsad.document import Document
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import normalize_term

_BREAKS = frozenset({",", "،", ";", "؛", ":", "(", ")", "—", "–"})
_CACHE_KEY = "clauses"
# kinds a clause after a comma goes on with («قال إن …، وإن …»)
_CONTINUED = frozenset({"complement", "relative"})


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    sentence: int
    kind: str  # main | complement | relative | before | after | during | conditional | ...
    opener: str = ""  # the opening word, normalised ("" at a sentence start or a mark)
    cues: list[tuple[int, str]] = field(default_factory=list)  # (offset, category)


@dataclass(slots=True)
class ClauseIndex:
    clauses: list[Clause]
    starts: list[int]
    questions: set[int]  # sentences asked as questions

    def at(self, offset: int) -> Clause | None:
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        c = self.clauses[i]
        return c if offset < c.end else None

    def governing(self, clause: Clause) -> Clause | None:
        """The clause before ``clause`` in its sentence (the one a complement, purpose or
        relative clause hangs on)."""
        i = bisect_right(self.starts, clause.start) - 1
        if i > 0 and self.clauses[i - 1].sentence == clause.sentence:
            return self.clauses[i - 1]
        return None

    def sentence_cues(self, sentence: int, start: int) -> set[str]:
        """Cue categories anywhere in sentence number ``sentence`` (which starts at ``start``)."""
        out: set[str] = set()
        for c in self.clauses[max(bisect_left(self.starts, start) - 1, 0) :]:
            if c.sentence > sentence:
                break
            if c.sentence == sentence:
                out.update(cat for _, cat in c.cues)
        return out

    def cues_before(self, offset: int) -> list[str]:
        """Cue categories that stand before ``offset`` in its clause; a negation directly
        before a verb of stopping reads «neg_cessation» (the happening goes on)."""
        c = self.at(offset)
        if c is None:
            return []
        out: list[str] = []
        cues = [(p, cat) for p, cat in c.cues if p < offset]
        for i, (_, cat) in enumerate(cues):
            if cat == "negation" and i + 1 < len(cues) and cues[i + 1][1] == "cessation":
                out.append("neg_cessation")
            elif cat == "cessation" and out and out[-1] == "neg_cessation":
                continue
            else:
                out.append(cat)
        return out


@compiled
def _data() -> dict[str, dict[str, Any]]:
    text = resources.files("marsad.kb").joinpath("data/clauses.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, slots=True)
class TollWords:
    verbs: frozenset[str]
    states: frozenset[str]
    reach: int


@compiled
def toll_words() -> TollWords:
    """The verbs of leaving that tell a toll («left five dead») and the states that end it."""
    data = _data()["toll"]
    return TollWords(frozenset(data["verbs"]), frozenset(data["states"]), int(data["reach"]))


@compiled
def inventory_words() -> tuple[frozenset[str], int]:
    """Nouns of arms and equipment listed as things, and how far from a weapon noun they count."""
    data = _data()["inventory"]
    return frozenset(normalize_term(w).lower() for w in data["words"]), int(data["reach"])


@compiled
def clause_lexicon() -> Lexicon[tuple[str, str]]:
    data = _data()
    entries = [(f, ("opener", kind)) for kind, forms in data["openers"].items() for f in forms]
    entries += [(f, ("cue", cat)) for cat, forms in data["cues"].items() for f in forms]
    return Lexicon(entries)


share_document_pass(clause_lexicon)


_BREAK_RE = re.compile("[" + re.escape("".join(sorted(_BREAKS))) + "]")


def clauses(doc: Document) -> ClauseIndex:
    cached = doc.cache.get(_CACHE_KEY)
    if cached is not None and cached[0] is doc.norm:
        return cached[1]
    assert doc.norm is not None
    text = doc.text
    hits = clause_lexicon().scan(doc.norm)
    # the marks that end a clause and the words that open one or cue it, in text order
    # (a mark sorts before a hit at the same offset)
    events: list[tuple[int, int, object]] = [(m.start(), 0, m.end()) for m in _BREAK_RE.finditer(text)]
    events += [(h.start, 1, h) for h in hits]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[Clause] = []
    questions: set[int] = set()
    k = 0
    for si, sent in enumerate(doc.sentences):
        if text[sent.start : sent.end].rstrip().endswith(("?", "؟")):
            questions.add(si)
        current = Clause(sent.start, sent.end, si, "main")
        out.append(current)
        while k < len(events) and events[k][0] < sent.start:
            k += 1
        while k < len(events) and events[k][0] < sent.end:
            at, kind, item = events[k]
            k += 1
            if kind == 0:
                end = item  # type: ignore[assignment]
                if end < sent.end:
                    cont = current.kind if current.kind in _CONTINUED else "main"
                    current.end = end
                    current = Clause(end, sent.end, si, cont)
                    out.append(current)
                continue
            role, cat = item.payload  # type: ignore[attr-defined]
            if role == "opener":
                if text[current.start : at].strip():
                    current.end = at
                    current = Clause(at, sent.end, si, cat, item.form)  # type: ignore[attr-defined]
                    out.append(current)
                else:
                    current.kind, current.opener = cat, item.form  # type: ignore[attr-defined]
            else:
                current.cues.append((at, cat))
                if cat == "question" and at == sent.start:
                    questions.add(si)
    index = ClauseIndex(out, [c.start for c in out], questions)
    doc.cache[_CACHE_KEY] = (doc.norm, index)
    return index
