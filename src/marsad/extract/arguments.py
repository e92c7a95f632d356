"""Event arguments: place, date, count and actors of one trigger, from its clause.

Conventions (documented in the contract's terms):

* ``place`` — the most specific place named in the event's scope (its claim's content, or its
  sentence in the outlet's voice): a facility before a town, a town before a governorate, a
  governorate before a country; among equals the nearest. A bare «السجن» stands for the
  facility named last before it. Places inside a speaker phrase («مصادر محلية في الرقة») are
  where the speaker is, not where the event happened, and are skipped.
* ``date`` — a time expression inside the scope, nearest to this trigger (a time between two
  triggers belongs to the nearer one). Times in a claim's frame («أكد المصدر، أمس، أن ...»)
  date the statement and are never used.
* ``count`` — a quantity counting people (a unit from ``event_triggers.toml`` [people].units,
  or a bare number followed by a people noun), nearest to the trigger within the scope.

The actors of an event and their roles: ``marsad.extract.actors``; the clause words both
read: ``marsad.extract.clause_grammar``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from marsad.document import Document, Quantity, TimeExpression
from marsad.extract.clause_grammar import after_preposition, bare, first_ending, grammar
from marsad.extract.context import DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits, people_units
from marsad.text.normalize import normalize_term

_PLACE_RANK_BY_SUBTYPE = {
    "prison": 0,
    "camp": 0,
    "base": 0,
    "facility": 0,
    # a landmark is a point, as specific as a facility; a river or a border is a line along
    # a whole region, as wide as a governorate
    "dam": 0,
    "bridge": 0,
    "square": 0,
    "crossing": 0,
    "neighbourhood": 1,
    "neighborhood": 1,
    "village": 1,
    "town": 1,
    "city": 1,
    "district": 2,
    "subdistrict": 2,
    "countryside": 2,
    "governorate": 3,
    "region": 3,
    "river": 3,
    "border": 3,
    "country": 4,
}
_PLACE_WINDOW = 160  # characters around the trigger


@dataclass(slots=True)
class Scope:
    start: int
    end: int
    excluded: list[tuple[int, int]] = field(default_factory=list)  # speaker phrases, frames

    def contains(self, start: int, end: int) -> bool:
        if start < self.start or end > self.end:
            return False
        for s, e in self.excluded:  # noqa: SIM110 - a plain loop: no generator in a hot path
            if s < end and start < e:
                return False
        return True


def place_rank(idx: DocIndex, entity_id: str) -> int:
    e = idx.entity(entity_id)
    if e is None:
        return 5
    if e.type == "facility":
        return 0
    if e.type == "state":
        return 4
    return _PLACE_RANK_BY_SUBTYPE.get(e.subtype or "", 2)


def find_place(
    idx: DocIndex,
    scope: Scope,
    tstart: int,
    tend: int,
    anaphora: list[tuple[int, int, str]],
    *,
    flight: bool = False,
) -> str | None:
    """The most specific place of the trigger's scope (see the module docstring). For a
    ``flight`` (an escape) a place the escapees went towards («فروا باتجاه البادية», "towards
    the southern countryside") is where they went, not where they escaped from."""
    cands: list[tuple[int, int, str]] = []
    lo = max(scope.start, tstart - _PLACE_WINDOW)
    hi = min(scope.end, tend + _PLACE_WINDOW)
    pms = idx.place_mentions
    for k in range(bisect_left(idx.place_starts, lo), len(pms)):
        m = pms[k]
        if m.start >= hi:
            break
        if m.end > hi or not scope.contains(m.start, m.end):
            continue
        e = idx.doc.entities[m.entity]
        if e.type == "state" and (
            e.subtype not in (None, "country") or not after_preposition(idx, grammar(), m.start)[0]
        ):
            continue  # a country as subject or object is an actor («نقلت العراق»), not a place
        if _person_origin(idx, m.start):
            continue  # «نازح من مدينة الباب»: where someone comes from
        if flight and _after_destination(idx, m.start):
            continue
        if _in_actor_name(idx, m.start):
            continue  # «الإدارة الذاتية لشمال وشرق سوريا»: part of a body's name
        if _locator(idx, k):
            continue  # «مدخل مدينة الشدادي جنوبي الحسكة»: where the place before lies
        dist = tstart - m.end if m.end <= tstart else m.start - tend
        cands.append((place_rank(idx, m.entity), max(dist, 0), m.entity))
    for s, e, ent in anaphora:
        if s > tstart + _PLACE_WINDOW:
            break
        if s >= tstart - _PLACE_WINDOW and scope.contains(s, e):
            dist = tstart - e if e <= tstart else s - tend
            cands.append((place_rank(idx, ent), max(dist, 0), ent))
    if not cands:
        return None
    cands.sort()
    best = cands[0][2]
    # a place that contains another candidate is less specific than it
    for _, _, ent in cands[1:]:
        if best in idx.ancestors(ent):
            best = ent
    return best


_DIRECTIONS = frozenset(
    normalize_term(w)
    for w in (
        "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "بشمال", "بجنوب",
        "بشرق", "بغرب", "north", "south", "east", "west", "northeast", "northwest",
        "southeast", "southwest", "north-east", "north-west", "south-east", "south-west", "of",
    )
)


def _after_destination(idx: DocIndex, start: int) -> bool:
    """A destination marker («باتجاه», «نحو», "towards") before the place, over an article
    or a generic place noun («باتجاه قرية العزبة», "towards the southern countryside")."""
    g = grammar()
    words = idx.words_before(start, 3, floor=idx.sentence_bounds(start)[0])
    while words and (words[-1] in g.origin_place_nouns or words[-1] in _DIRECTIONS):
        words.pop()
    return bool(words) and (
        words[-1] in g.destination_markers or bare(words[-1]) in g.destination_markers
    )


def _locator(idx: DocIndex, k: int) -> bool:
    """Is place mention ``k`` (of ``idx.place_mentions``) a reference point that locates
    something else rather than the place of a happening? Either it locates the place named
    right before it — «بلدة الكسرة غربي دير الزور», «الشدادي جنوب بلدة العظيم», "Hajin, east of
    Deir ez-Zor" (the earlier place is the specific one) — or a distance measures from it —
    «على بعد 200 كم شمال بغداد», «(20 كلم) جنوب بلدة العظيم», "200 km north of Baghdad"
    (the happening is somewhere out there, not in it). Memoised: every trigger near the place
    asks."""
    key = ("locator", k)
    known = idx.memo.get(key)
    if known is None:
        known = idx.memo[key] = _locator_uncached(idx, k)
    return known  # type: ignore[return-value]


def _locator_uncached(idx: DocIndex, k: int) -> bool:
    g = grammar()
    m = idx.place_mentions[k]
    words = idx.words_before(m.start, 6, floor=idx.sentence_bounds(m.start)[0])
    while words and words[-1] in g.origin_place_nouns and words[-1] != "of":
        words.pop()  # «جنوب بلدة العظيم», "north of the town of"
    compass = 0
    while words and (words[-1] in _DIRECTIONS or words[-1] == "the"):
        compass += words.pop() not in ("of", "the")
    if not compass:
        return False
    if words and words[-1] in g.distance_units:
        return True
    if k == 0:
        return False
    prev = idx.place_mentions[k - 1]
    if prev.end > m.start or m.start - prev.end > 40:
        return False
    between = idx.words_between(prev.end, m.start)
    return 0 < len(between) <= 4 and all(
        w in _DIRECTIONS or w in g.origin_place_nouns for w in between
    )


_NAME_GAP = frozenset(" \t«»\"'()")  # what may stand between a body's name and «لـ»


def _in_actor_name(idx: DocIndex, start: int) -> bool:
    """Is the place at ``start`` the genitive completing a body's name — «الإدارة الذاتية
    لشمال وشرق سوريا», «المجلس العسكري لدير الزور», "the Autonomous Administration of North
    and East Syria"? A place inside an actor's name is not where its deeds happened."""
    key = ("actor_name", start)
    known = idx.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    text = idx.doc.text
    found = False
    edge = -1
    if start >= 1 and text[start - 1] == "ل":
        edge = start - 1
    else:
        for link in ("of ", "of the "):
            if text[max(0, start - len(link)) : start].lower() == link:
                edge = start - len(link)
    if edge > 0:
        k = edge
        while k > 0 and text[k - 1] in _NAME_GAP:
            k -= 1
        if k < edge or text[edge] != "ل":
            i = bisect_left(idx.actor_starts, k - 60)
            for m in idx.actor_mentions[i:]:
                if m.start >= k:
                    break
                if m.end == k:
                    e = idx.entity(m.entity)
                    found = e is not None and e.type in ("organization", "armed_group")
                    break
    idx.memo[key] = found
    return found


def _person_origin(idx: DocIndex, start: int) -> bool:
    """Is the place at ``start`` someone's origin («ابن مدينة الباب», «المنحدر من», "a man
    from al-Bab") rather than where something happened? (memoised: every trigger near the
    place asks)"""
    key = ("person_origin", start)
    known = idx.memo.get(key)
    if known is None:
        known = idx.memo[key] = _person_origin_uncached(idx, start)
    return known  # type: ignore[return-value]


def _person_origin_uncached(idx: DocIndex, start: int) -> bool:
    g = grammar()
    words = idx.tok_norms_before(start, 5)
    while words and words[-1] in g.origin_place_nouns:
        words = words[:-1]
    if not words:
        return False
    if first_ending(words, g.person_origin) is not None:
        return True
    last = bare(words[-1])
    return last != words[-1] and first_ending([*words[:-1], last], g.person_origin) is not None


def time_dict(t: TimeExpression) -> dict[str, object]:
    return {"value": t.value, "start": t.start, "end": t.end}


# «عدد من», «بعض», "a number of": no number at all — an event count stays null
_VAGUE_COUNT_WORDS = frozenset({"عدد", "وعدد", "بعض", "وبعض", "a", "several", "some"})
# «الذين يبلغ عددهم 150»: the number of the people named before it
_THEIR_NUMBER = frozenset({"عددهم", "عددهن", "تعدادهم", "تعدادهن"})


def quantity_fits(doc: Document, hits: ExtractionHits, q: Quantity) -> bool:
    words = q.text.split(maxsplit=1)
    if (
        q.max is None
        and words
        and words[0].lower() in _VAGUE_COUNT_WORDS
        and not any(ch.isdigit() for ch in q.text)
    ):
        return False
    if q.unit is not None:
        return q.unit in people_units()
    # a bare number: the counted noun must follow at once («30 منهم», «20 من قادة»)
    if any(0 <= p.start - q.end <= 4 for p in hits.people):
        return True
    # or the number is «their number» of people named before: «المعتقلين الذين يبلغ
    # عددهم 150», «أنصارهم البالغ عددهم 3500» (هم/هن stand for people, not things)
    before = doc.text[max(0, q.start - 16) : q.start].split()
    return bool(before) and normalize_term(before[-1]) in _THEIR_NUMBER


def count_dict(q: Quantity) -> dict[str, object]:
    return {
        "min": q.min,
        "max": q.max,
        "approximate": q.approximate,
        "unit": q.unit,
        "start": q.start,
        "end": q.end,
    }

def find_route(
    idx: DocIndex, scope: Scope, tend: int, anaphora: list[tuple[int, int, str]]
) -> tuple[str | None, str | None]:
    """(origin, destination) of a move: «من X إلى Y» after the trigger, in its clause."""
    g = grammar()
    limit = min(scope.end, tend + 200)
    for t in idx.tokens_between(tend, limit):
        if t.norm in (".", ";", ":", "?", "!"):
            limit = t.start
            break
    places: list[tuple[int, int, str]] = []
    for m in idx.mentions_in(tend, limit):
        e = idx.entity(m.entity)
        if (
            e is not None
            and e.type in ("place", "facility", "state")
            and scope.contains(m.start, m.end)
        ):
            places.append((m.start, m.end, m.entity))
    places += [(s, e, ent) for s, e, ent in anaphora if tend <= s < limit]
    places.sort()
    origin: str | None = None
    destination: str | None = None
    for s, _, ent in places:
        prev = [t.norm for t in idx.tokens_before(s, 2) if is_word(t.norm)]
        word = idx.word_at(s)
        glued = ""
        if word is not None and word.start < s:
            glued = normalize_term(idx.doc.text[word.start : s])
        last = glued or (prev[-1] if prev else "")
        if origin is None and last in g.origin_markers:
            origin = ent
        elif destination is None and (last in g.destination_markers or glued in ("ل", "لل")):
            destination = ent
    return origin, destination
