"""Where a happening took place: every place the text offers for it, described for a ranker.

A reader places a happening by its clause («في»، «قرب»، «داخل» + place, the object of an attack
verb, the origin of a move), and, when its clause names none, by the story around it: the
place of the happening told before it in the paragraph, or the scene set in the lead. A place
named for another reason is not where it happened: the dateline city, a speaker's location,
the origin of a person («نازح من مدينة الباب»), the sponsor in «المدعومة من روسيا», a place
inside a body's name. ``place_options`` lists every candidate place of a decided happening
with the features that tell these roles apart; the learned ranker (``marsad.learn``) picks
one, or none.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from marsad.extract.arguments import (
    _in_actor_name,
    _locator,
    _person_origin,
    place_rank,
)
from marsad.extract.attach import MOVE_TYPES
from marsad.extract.buckets import bucket
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.text.normalize import normalize_term

NONE = ""  # the option "no place"
_LEAD_SENTENCES = 2
_RANKS = ("facility", "local", "district", "province", "country", "unknown")


@dataclass(slots=True)
class PlaceOption:
    entity: str  # entity id, or NONE
    features: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _DocPlaces:
    """Per-document facts about places, computed once for all happenings."""

    counts: dict[str, int]
    lead: dict[str, None]
    first: dict[str, int]  # entity -> first mention offset
    dateline: set[str]
    top: str | None = None  # the place named most often (the first of those)


def _doc_places(idx: DocIndex) -> _DocPlaces:
    key = "doc_places"
    known = idx.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    lead_end = idx.sent_ends[min(len(idx.sent_ends), _LEAD_SENTENCES) - 1] if idx.sent_ends else 0
    lead: dict[str, None] = {}  # ordered (a set's order changes with the hash seed)
    for k, m in enumerate(idx.place_mentions):
        if _not_a_scene(idx, k):
            continue  # a reference point, an origin, part of a name: not where things happen
        counts[m.entity] = counts.get(m.entity, 0) + 1
        first.setdefault(m.entity, m.start)
        if m.start < lead_end:
            lead[m.entity] = None
    top = max(counts, key=lambda e: (counts[e], -first[e])) if counts else None
    out = _DocPlaces(counts, lead, first, {m.entity for m in idx.dateline_mentions}, top)
    idx.memo[key] = out
    return out


def _not_a_scene(idx: DocIndex, k: int) -> bool:
    """Is place mention ``k`` named for a reason other than being where something happens —
    the point a distance or a compass word measures from, someone's origin, part of a body's
    name? Such a place is no scene of the story (lead, most named) either."""
    start = idx.place_mentions[k].start
    return _locator(idx, k) or _person_origin(idx, start) or _in_actor_name(idx, start)


def _mention_features(idx: DocIndex, k: int, s_start: int) -> tuple[list[str], list[str]]:
    """(features, features crossed with the happening's type) of place mention ``k`` that do
    not depend on the happening: the words before it and the roles that rule it out."""
    key = ("place_mention_features", k)
    known = idx.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    m = idx.place_mentions[k]
    prev = idx.words_before(m.start, 2, floor=s_start)
    word = idx.word_at(m.start)
    glued = ""
    if word is not None and word.start < m.start:
        glued = normalize_term(idx.doc.text[word.start : m.start])
    prep = f"prep={glued or (prev[-1] if prev else '^')}"
    f = ["in_sentence", prep]
    if len(prev) > 1:
        f.append(f"prep2={prev[-2]}")
    if _person_origin(idx, m.start):
        f.append("person_origin")
    if _in_actor_name(idx, m.start):
        f.append("actor_name")
    if _locator(idx, k):
        f.append("locator")
    out = (f, [prep])
    idx.memo[key] = out
    return out


def _entity_features(idx: DocIndex, dp: _DocPlaces, ent: str) -> tuple[list[str], str]:
    """(features, the rank feature) of a place entity in this document."""
    key = ("place_entity_features", ent)
    known = idx.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    e = idx.entity(ent)
    rank = f"rank={_RANKS[min(place_rank(idx, ent), 5)]}"
    f = [rank, f"named={bucket(dp.counts.get(ent, 0), (0, 1, 2, 4))}", "bias"]
    if e is not None:
        f.append(f"kind={e.subtype or e.type}")
        f.append(f"coords={int(e.lat is not None)}")
    if ent in dp.lead:
        f.append("in_lead")
    if ent in dp.dateline:
        f.append("dateline")
    out = (f, rank)
    idx.memo[key] = out
    return out


def place_options(idx: DocIndex, c: Candidate, previous: list[Candidate]) -> list[PlaceOption]:
    """Every place the text offers for the decided happening ``c`` (``previous``: the
    happenings decided before it, in text order), plus the option of no place."""
    dp = _doc_places(idx)
    # entity -> (features, features to cross with the happening's type)
    options: dict[str, tuple[list[str], list[str]]] = {}
    s_start, s_end = idx.sentence_bounds(c.start)
    pms = idx.place_mentions
    for k in range(bisect_left(idx.place_starts, s_start), len(pms)):
        m = pms[k]
        if m.start >= s_end:
            break
        if c.start < m.end and m.start < c.end:
            continue
        f, x = options.setdefault(m.entity, ([], []))
        after = m.start >= c.end
        words = idx.word_count(c.end, m.start) if after else idx.word_count(m.end, c.start)
        side = "side=after" if after else "side=before"
        f.append(side)
        x.append(side)
        f.append(f"dist={bucket(words, (0, 1, 2, 4, 8, 16))}")
        if not idx.has_clause_break(min(c.end, m.end), max(c.start, m.start)):
            f.append("same_clause")
        if not c.scope.contains(m.start, m.end):
            f.append("out_of_scope")
        mf, mx = _mention_features(idx, k, s_start)
        f += mf
        x += mx
    for ent, src in ((c.clause_place, "src=rule"), (c.origin, "src=origin"), (c.destination, "src=destination")):
        if ent:
            f, x = options.setdefault(ent, ([], []))
            f.append(src)
            x.append(src)
    par = idx.paragraph_of(c.start)
    for p in reversed(previous):
        if p.place:
            # the story goes on where the last happening was told: within its paragraph, or
            # (short paragraphs of one sentence, as the English press writes) before it
            src = "src=carried" if idx.paragraph_of(p.start) == par else "src=carried_far"
            f, x = options.setdefault(p.place, ([], []))
            f.append(src)
            x.append(src)
            if p.type == c.type:
                f.append(f"{src}_same_type")
            break
    for ent in dp.lead:
        f, x = options.setdefault(ent, ([], []))
        f.append("src=lead")
        x.append("src=lead")
    if dp.top is not None:
        f, x = options.setdefault(dp.top, ([], []))
        f.append("src=most_named")
        x.append("src=most_named")
    out: list[PlaceOption] = []
    rule_ancestors = idx.ancestors(c.clause_place) if c.clause_place else set()
    t = c.type
    # a place that contains another option is the wider frame of a narrower one («غارة على
    # بلدة X بريف إدلب»): the reader names the narrowest
    inner: set[str] = set()
    for ent in options:
        inner.update(idx.ancestors(ent).intersection(options))
    for ent, (f, x) in options.items():
        ef, rank = _entity_features(idx, dp, ent)
        f += ef
        x.append(rank)
        if ent in inner:
            f.append("contains_option")
            x.append("contains_option")
        if c.clause_place and ent != c.clause_place:
            if ent in rule_ancestors:
                f.append("contains_rule")
            elif c.clause_place in idx.ancestors(ent):
                f.append("inside_rule")
        # the type of the happening crossed with the role of the place
        f += [f"{t}&{v}" for v in x]
        out.append(PlaceOption(ent, f))
    out.append(PlaceOption(NONE, ["none", f"none&{t}", f"none&moves={int(t in MOVE_TYPES)}"]))
    return out
