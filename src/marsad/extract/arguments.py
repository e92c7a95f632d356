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
* ``actors`` — roles by event type:
    escape, riot:                the escapees / rioters (people of a body, or the subject)
                                 are ``agent``; whoever smuggled/let them out or put the riot
                                 down is ``other``;
    hostage_taking:              the holders («عناصر داعش ... يحتجزون رهائن») are ``agent``;
    release, transfer, arrest, repatriation, killing, security_operation,
    attack, reinforcement:       the doer (subject of the verb, owner of the verbal noun,
                                 «من قبل»/«الذي شنته» X) is ``agent``; the people acted on
                                 («عناصر داعش», «سجناء من داعش») are ``patient``;
    clash, agreement:            every party is ``agent``.
  Any other body named in the clause is ``other``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from marsad.compiled import compiled
from marsad.document import Actor, Document, Mention, Quantity, TimeExpression
from marsad.extract.context import RELATIVES, DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits, people_units, trigger_data
from marsad.text.normalize import normalize_term

_PLACE_RANK_BY_SUBTYPE = {
    "prison": 0,
    "camp": 0,
    "base": 0,
    "facility": 0,
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
    "country": 4,
}
_PLACE_WINDOW = 160  # characters around the trigger
_ACTOR_BEFORE = 100
_ACTOR_AFTER = 140
_MOVER_TYPES = frozenset(
    {
        "release",
        "transfer",
        "arrest",
        "repatriation",
        "hostage_taking",
        "killing",
        "security_operation",
        "attack",
        "reinforcement",
    }
)
_BODY_TYPES = frozenset({"organization", "armed_group", "state"})
_PARTY_TYPES = frozenset({"clash", "agreement"})
# a doer named far after the trigger by an explicit marker («قتلوا منذ مطلع الشهر الحالي على
# أيدي عناصر التنظيم»): at most this many words between
_MARKED_AGENT_WORDS = 10
# words allowed between a people noun and its body: «سجناء من تنظيم داعش»
_PARTITIVE = frozenset({"من", "تنظيم", "التنظيم", "ميليشيا", "ميليشيات", "قوات", "of", "the"})


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
            e.subtype not in (None, "country") or not _after_preposition(idx, grammar(), m.start)[0]
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
        words[-1] in g.destination_markers or _bare(words[-1]) in g.destination_markers
    )


def _locator(idx: DocIndex, k: int) -> bool:
    """Is place mention ``k`` (of ``idx.place_mentions``) the reference that locates the
    place named right before it — «بلدة الكسرة غربي دير الزور», «الشدادي جنوبي الحسكة»,
    "Hajin, east of Deir ez-Zor"? Then the earlier place is the specific one, and this one
    is no candidate of its own."""
    if k == 0:
        return False
    m = idx.place_mentions[k]
    prev = idx.place_mentions[k - 1]
    if prev.end > m.start or m.start - prev.end > 30:
        return False
    between = idx.words_between(prev.end, m.start)
    return (
        0 < len(between) <= 3
        and any(w != "of" for w in between)
        and all(w in _DIRECTIONS for w in between)
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
    bare = _bare(words[-1])
    return bare != words[-1] and first_ending([*words[:-1], bare], g.person_origin) is not None


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


@dataclass(frozen=True, slots=True)
class Grammar:
    """Clause words from ``event_triggers.toml`` [grammar], normalised."""

    support_verbs: frozenset[str]
    passive: frozenset[str]
    prepositions: frozenset[str]
    prep_proclitics: frozenset[str]
    targets: frozenset[str]
    agent_markers: tuple[tuple[str, ...], ...]
    coordinators: tuple[tuple[str, ...], ...]
    doer_verbs: tuple[str, ...]
    during: tuple[tuple[str, ...], ...]
    demonstratives: frozenset[str]
    origin_markers: frozenset[str]
    destination_markers: frozenset[str]
    partitive_heads: frozenset[str] = frozenset()
    insurgents: frozenset[str] = frozenset()  # entity ids, not words
    person_origin: tuple[tuple[str, ...], ...] = ()
    origin_place_nouns: frozenset[str] = frozenset()
    construct_heads: frozenset[str] = frozenset()


@compiled
def grammar() -> Grammar:
    g = trigger_data()["grammar"]

    def norm_set(key: str) -> frozenset[str]:
        return frozenset(normalize_term(w) for w in g[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(normalize_term(w).split()) for w in g[key])

    return Grammar(
        norm_set("support_verbs"),
        norm_set("passive_auxiliaries"),
        norm_set("prepositions"),
        norm_set("preposition_proclitics"),
        norm_set("target_prepositions"),
        phrases("agent_markers"),
        phrases("coordinators"),
        tuple(normalize_term(w) for w in g["doer_verbs"]),
        phrases("during"),
        norm_set("demonstratives"),
        norm_set("origin_markers"),
        norm_set("destination_markers"),
        norm_set("partitive_heads") if "partitive_heads" in g else frozenset(),
        frozenset(g.get("insurgents", ())),
        phrases("person_origin") if "person_origin" in g else (),
        norm_set("origin_place_nouns") if "origin_place_nouns" in g else frozenset(),
        norm_set("construct_heads") if "construct_heads" in g else frozenset(),
    )


def _bare(word: str) -> str:
    """A word without the conjunction glued to it («وتمكنت» -> «تمكنت»)."""
    if len(word) > 3 and word[0] in "وف":
        return word[1:]
    return word


def _ends_with(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n <= len(words) and tuple(words[-n:]) == phrase


# id of a phrase list -> (the list, its phrases grouped by last word in their order, or None
# when an empty phrase makes the grouping unusable); the list is kept to check identity.
# Phrase lists come from lru-cached grammar data, so there are only a handful.
_ENDINGS: dict[int, tuple[tuple[tuple[str, ...], ...], dict[str, tuple[tuple[str, ...], ...]] | None]] = {}


def _endings_by_last(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[str, ...], ...]] | None:
    entry = _ENDINGS.get(id(phrases))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    grouped: dict[str, list[tuple[str, ...]]] | None = {}
    for p in phrases:
        if not p:
            grouped = None
            break
        grouped.setdefault(p[-1], []).append(p)  # type: ignore[union-attr]
    index = {k: tuple(v) for k, v in grouped.items()} if grouped is not None else None
    _ENDINGS[id(phrases)] = (phrases, index)
    return index


def first_ending(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The first of ``phrases`` (in their order) that ``words`` ends with, else None — what
    a scan with :func:`_ends_with` finds, looking only at phrases ending in the last word."""
    index = _endings_by_last(phrases)
    if index is None:
        return next((p for p in phrases if _ends_with(words, p)), None)
    if not words:
        return None
    for p in index.get(words[-1], ()):
        n = len(p)
        if n <= len(words) and tuple(words[-n:]) == p:
            return p
    return None


@dataclass(slots=True)
class _Actor:
    mention: Mention
    member: bool  # «عناصر داعش»: people of the body, not the body itself
    oblique: bool  # after a preposition («في سجون قسد», «لداعش»)
    target: bool  # after على/ضد («هجوم على قسد»)
    # «عناصر من القوات الخاصة في قسد»: where the force phrase naming this body begins (the
    # body is the doer when that phrase is the subject), else None
    partitive_start: int | None = None


def find_actors(
    idx: DocIndex,
    hits: ExtractionHits,
    scope: Scope,
    event_type: str,
    tstart: int,
    tend: int,
    finite: bool,
    suffix: str,
    *,
    causative: bool = False,
) -> list[Actor]:
    """Roles from Arabic clause structure (see the module docstring):

    * the doer: «من قبل/على يد X» after the trigger; a relative clause «الذي شنته X»; for a
      verb, the subject right after it (VSO «نقلت قسد عناصر») or, failing that, the subject
      of its clause before it (SVO «قسد تنقل», a coordinated verb sharing the subject of the
      verb before it: «نشرت ... قبل أن تفرض»); for a verbal noun, the subject of the support
      verb governing it («بدأت القوات ... بعملية اقتحام», «قسد قامت بنقل»), the body right
      after it («هجوم داعش»), or the antecedent of its possessive pronoun («تهريبها»);
    * a passive («تم نقلهم», «أُسروا») has no known doer: its subject is acted on;
    * people of a body («عناصر داعش») are what a move/arrest/release acts on; they are the
      doers of an escape or a hostage taking (unless the escape is caused: «تهريب»).
    """
    g = grammar()
    lo = max(scope.start, tstart - _ACTOR_BEFORE)
    hi = min(scope.end, tend + _ACTOR_AFTER)
    actors: list[_Actor] = []
    ams = idx.actor_mentions
    for k in range(bisect_left(idx.actor_starts, lo), len(ams)):
        m = ams[k]
        if m.start >= hi:
            break
        if m.end > hi or (m.start < tend and tstart < m.end) or not scope.contains(m.start, m.end):
            continue
        actors.append(_classify(idx, hits, g, m))
    if not actors:
        return []
    passive = _is_passive(idx, g, tstart, scope.start)
    subject: _Actor | None = None
    patient_first: _Actor | None = None
    after = [a for a in actors if a.mention.start >= tend]
    before = [a for a in actors if a.mention.end <= tstart]
    # 1. an explicit doer after the trigger
    after_words: list[str] = []
    after_starts: list[int] = []
    if after:
        wi = bisect_left(idx.word_starts, tend)
        after_words = idx.words_between(tend, min(hi, tend + 120))
        after_starts = idx.word_starts[wi : wi + len(after_words)]
    for a in after:
        if a.mention.start - tend > 110:
            break
        words = after_words[: bisect_left(after_starts, a.mention.start)]
        if len(words) > _MARKED_AGENT_WORDS or (
            len(words) > 6 and idx.has_clause_break(tend, a.mention.start)
        ):
            break
        if _agent_marked(g, words):
            subject = a
            break
        if (
            not finite
            and len(words) <= 4
            and (
                # «هجوم شنه مقاتلو التنظيم», «استعصاء نفذه أسرى داعش»: an indefinite noun
                # takes its doer's clause without a relative pronoun
                (words and _bare(words[0]).startswith(g.doer_verbs))
                or any(
                    w in RELATIVES
                    and i + 1 < len(words)
                    and words[i + 1].startswith(g.doer_verbs)
                    for i, w in enumerate(words)
                )
            )
        ):
            subject = a  # «الهجوم الذي شنته خلايا التنظيم»
            break
    if subject is None and after and not passive:
        first = after[0]
        words = _words(idx, tend, first.mention.start)
        adjacent = len(words) <= 1 and not idx.has_clause_break(tend, first.mention.start)
        if adjacent and not first.oblique and not first.member and (finite or not words):
            subject = first  # VSO «نقلت قسد ...»; a noun's owner «هجوم داعش»
    if subject is None and after and passive:
        first = after[0]
        if not first.oblique and idx.word_count(tend, first.mention.start) <= 1:
            patient_first = first  # «نُقل قادة داعش», «تم نقل عناصر قسد»
    if subject is None and not passive:
        anchor = tstart
        if not finite:
            verb_at = _support_verb_before(idx, g, tstart, scope.start)
            if verb_at is not None:
                vstart, vend = verb_at
                # VSO on the support verb: «بدأت القوات الأمريكية ... بعملية اقتحام»
                for a in actors:
                    if vend <= a.mention.start < tstart and not a.oblique and not a.member:
                        if idx.word_count(vend, a.mention.start) <= 1:
                            subject = a
                        break
                anchor = vstart
            else:
                anchor = -1
        if subject is None and anchor >= 0:
            # the dead are named as the subject of an unvowelled «قتلوا» (= «قُتلوا»): a
            # partitive phrase is no doer of a killing
            partitive_ok = event_type != "killing"
            subject = _clause_subject(idx, g, before, anchor, scope.start, partitive_ok)
    if subject is None and suffix and not finite and suffix[-1] in ("ه", "ا"):
        # a verbal noun with a possessive: «تهريبها» — the body named last before it
        sent_start = idx.sentence_bounds(tstart)[0]
        for a in reversed(before):
            if a.mention.start >= sent_start and not a.member and not a.oblique:
                subject = a
                break
        if subject is None:
            i = bisect_left(idx.mention_starts, lo)
            for m in reversed(idx.mentions[:i]):
                if m.start < sent_start:
                    break
                e = idx.entity(m.entity)
                if e is None or e.type not in _BODY_TYPES or idx.is_outlet(m.entity):
                    continue
                a = _classify(idx, hits, g, m)
                if not a.member and not a.oblique:
                    subject = a
                    break
    roles: dict[str, str] = {}
    for a in actors:
        if a is subject or (subject is not None and a.mention.entity == subject.mention.entity):
            continue
        if a is patient_first:
            _assign(roles, a.mention.entity, "patient")
            continue
        role = "other"
        if event_type in _PARTY_TYPES:
            role = "agent"
        elif a.member:
            if (event_type == "escape" and not causative) or event_type == "riot":
                role = "agent"  # the prisoners flee or riot
            elif event_type == "hostage_taking":
                role = "agent"  # hostage holders are named as people of a body
            elif event_type == "reinforcement":
                role = "other"
            elif (
                event_type in ("attack", "security_operation")
                and subject is None
                and finite
                and after
                and a is after[0]
                and idx.word_count(tend, a.mention.start) <= 1
            ):
                role = "agent"  # VSO with the doers named as people: «اقتحم عناصر داعش»
            else:
                role = "patient"
        elif a.target and event_type == "attack" and a.mention.start >= tend:
            role = "patient"  # «هجوم على قسد»
        elif (
            subject is not None
            and finite
            and a.mention.start >= subject.mention.end
            and a.mention.start >= tend
            and not a.oblique
            and idx.word_count(subject.mention.end, a.mention.start) <= 1
            and event_type in _MOVER_TYPES
        ):
            role = "patient"  # VSO object: «اعتقلت قسد داعشياً»
        _assign(roles, a.mention.entity, role)
    if subject is not None:
        _assign(roles, subject.mention.entity, "agent")
    return [Actor(e, r) for e, r in roles.items()]


def _classify(idx: DocIndex, hits: ExtractionHits, g: Grammar, m: Mention) -> _Actor:
    """The grammatical position of a body's mention (memoised per document)."""
    key = ("actor", m.start, m.end, m.entity)
    found = idx.memo.get(key)
    if found is None:
        found = idx.memo[key] = _classify_uncached(idx, hits, g, m)
    return found  # type: ignore[return-value]


def _classify_uncached(idx: DocIndex, hits: ExtractionHits, g: Grammar, m: Mention) -> _Actor:
    oblique, target = _after_preposition(idx, g, m.start)
    member = False
    people = hits.people
    starts = idx.memo.get("people_starts")
    if starts is None:
        starts = idx.memo["people_starts"] = [p.start for p in people]
    first = max(0, bisect_left(starts, m.start - 40) - 1)  # type: ignore[arg-type]
    for p in people[first:]:
        if m.start <= p.start < m.end:
            member = True  # the name itself begins with a people noun: «مرتزقة داعش»
            break
        if p.end <= m.start and m.start - p.end < 40 and idx.word_count(p.end, m.start) <= 2:
            if _PARTITIVE.issuperset(idx.words_between(p.end, m.start)):
                member = True
                break
        elif p.start > m.start:
            break
    partitive_start = None if target else _partitive_start(idx, g, m.start)
    return _Actor(m, member, oblique, target, partitive_start)


_PARTITIVE_PREPOSITIONS = frozenset({"في", "من", "of", "from"})


def _partitive_start(idx: DocIndex, g: Grammar, start: int) -> int | None:
    """Start of «عناصر من القوات الخاصة في» before a body's name at ``start``: a force noun
    (``partitive_heads``), then at most three words (adjectives, «من» + another force noun),
    then في/من right before the name."""
    if not g.partitive_heads:
        return None
    k = bisect_left(idx.word_starts, start)
    if k == 0:
        return None
    head = idx.word_norms[k - 1]
    if (
        head in g.construct_heads or (head[:1] in "وف" and head[1:] in g.construct_heads)
    ) and not idx.has_clause_break(idx.word_ends[k - 1], start):
        # the construct «مسلحي الميليشيا», «عناصر قسد»: the force named by its men
        return idx.word_starts[k - 1]
    if idx.word_norms[k - 1] not in _PARTITIVE_PREPOSITIONS:
        return None
    if idx.has_clause_break(idx.word_ends[k - 1], start):
        return None
    found: int | None = None
    for j in range(k - 2, max(-1, k - 6), -1):
        w = idx.word_norms[j]
        if idx.has_clause_break(idx.word_ends[j], idx.word_starts[j + 1]):
            break
        if w in g.partitive_heads or (w[:1] in "وف" and w[1:] in g.partitive_heads):
            found = idx.word_starts[j]  # keep going: «عناصر من القوات الخاصة» starts earlier
    return found


def _after_preposition(idx: DocIndex, g: Grammar, start: int) -> tuple[bool, bool]:
    """(after a preposition, after a target preposition) for a name beginning at ``start``:
    a separate preposition («في سجون قسد», «على السجن») or one glued to the name's word
    («لداعش», «بقسد», «لـ"قسد"»)."""
    key = ("after_preposition", start)
    found = idx.memo.get(key)
    if found is None:
        found = idx.memo[key] = _after_preposition_uncached(idx, g, start)
    return found  # type: ignore[return-value]


def _after_preposition_uncached(idx: DocIndex, g: Grammar, start: int) -> tuple[bool, bool]:
    prev = idx.tok_norms_before(start, 2)
    word = idx.word_at(start)
    glued = ""
    if word is not None and word.start < start:
        glued = normalize_term(idx.doc.text[word.start : start]).strip('"ـ ')
    elif prev and not is_word(prev[-1]) and len(prev) >= 2:
        glued = prev[-2] if len(prev[-2]) <= 2 else ""  # «لـ"قسد"»
    if glued in g.prep_proclitics:
        return True, False
    last = prev[-1] if prev and is_word(prev[-1]) else ""
    if not last and len(prev) == 2 and prev[-1] in ('"', "'") and is_word(prev[-2]):
        last = prev[-2]  # a quoted name after a preposition: «في "قوات سوريا الديمقراطية"»
    if last in g.prepositions:
        return True, last in g.targets
    return False, False


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


def _words(idx: DocIndex, start: int, end: int) -> list[str]:
    return idx.words_between(start, end)


def _agent_marked(g: Grammar, words: list[str]) -> bool:
    """«... من قبل X», «على يد X», «by X»: a marker just before X (``words``: the words
    between the trigger and X)."""
    if _marker_words().isdisjoint(words):
        return False
    for marker in g.agent_markers:
        n = len(marker)
        for i in range(max(0, len(words) - n - 2), len(words) - n + 1):
            if tuple(words[i : i + n]) == marker:
                return len(words) - (i + n) <= 2 and len(words) <= _MARKED_AGENT_WORDS
    return False


@compiled
def _coordinator_ends() -> frozenset[str]:
    return frozenset(c[-1] for c in grammar().coordinators)


@compiled
def _marker_words() -> frozenset[str]:
    return frozenset(w for marker in grammar().agent_markers for w in marker)


def _is_passive(idx: DocIndex, g: Grammar, tstart: int, floor: int) -> bool:
    # the word before the trigger (at most one punctuation mark between)
    prev = [n for n in idx.tok_norms_before(tstart, 2, floor) if is_word(n)]
    if prev and _bare(prev[-1]) in g.passive:
        return True
    # a written damma on the first letter: «نُقل», «أُسروا», «قُتل»
    text = idx.doc.text
    word = idx.word_at(tstart)
    start = word.start if word is not None else tstart
    return "\u064f" in text[start : min(start + 3, len(text))]


def _support_verb_before(
    idx: DocIndex, g: Grammar, tstart: int, floor: int
) -> tuple[int, int] | None:
    """A verb governing this verbal noun within four words before it («قامت بنقل», «بدأت
    مساء أمس، بعملية اقتحام», «تمكنت من إلقاء»); times and a comma after them are skipped."""
    words = 0
    j = bisect_left(idx.tok_starts, tstart)
    lowest = max(0, j - 12)
    norms, starts = idx.tok_norms, idx.tok_starts
    for k in range(j - 1, lowest - 1, -1):
        start = starts[k]
        if start < floor:
            break
        norm = norms[k]
        if not is_word(norm):
            if norm == "," and idx.time_at(start - 1) is not None:
                continue
            if norm == '"':
                continue
            return None
        if idx.time_at(start) is not None:
            continue
        if _bare(norm) in g.support_verbs:
            return start, idx.tok_ends[k]
        words += 1
        if words >= 3:
            return None
    return None


def _clause_subject(
    idx: DocIndex,
    g: Grammar,
    before: list[_Actor],
    anchor: int,
    floor: int,
    partitive_ok: bool = True,
) -> _Actor | None:
    """The subject of the clause a verb at ``anchor`` stands in: a body before it with no
    clause break between («قسد تنقل», «"قسد" قامت»), or — when the verb is chained to the
    one before by و/ثم/قبل أن — the subject of that earlier verb, across a comma."""
    prev_norms = [n for n in idx.tok_norms_before(anchor, 3, floor) if is_word(n)]
    anchor_word = idx.word_at(anchor)
    chained = bool(anchor_word and anchor_word.norm[:1] in "وف" and len(anchor_word.norm) > 3)
    if (
        not chained
        and prev_norms
        and prev_norms[-1] in _coordinator_ends()
        and first_ending(prev_norms, g.coordinators) is not None
    ):
        chained = True
    candidates = [
        a
        for a in before
        if a.mention.end <= anchor
        and (
            (not a.oblique and not a.member) or (partitive_ok and a.partitive_start is not None)
        )
    ]
    if not candidates:
        return None
    if chained:
        # the subject of the chain: the first body of the clause chain (no sentence break);
        # a partitive phrase counts only right before its own verb
        for a in candidates:
            if a.oblique or a.member:
                continue
            if idx.word_count(a.mention.end, anchor) <= 25:
                return a
        return None
    a = candidates[-1]
    gap = idx.word_count(a.mention.end, anchor)
    if gap > 6:
        return None
    phrase_start = a.partitive_start if a.partitive_start is not None else a.mention.start
    if idx.has_clause_break(a.mention.end, anchor) and (
        gap > 0 or idx.word_count(floor, phrase_start) > 0
    ):
        # only a topic opening its clause may stand apart: «أن "الولايات المتحدة"، نقلت»
        return None
    return a


_ROLE_STRENGTH = {"agent": 2, "patient": 1, "other": 0}


def _assign(roles: dict[str, str], entity: str, role: str) -> None:
    old = roles.get(entity)
    if old is None or _ROLE_STRENGTH[role] > _ROLE_STRENGTH[old]:
        roles[entity] = role
