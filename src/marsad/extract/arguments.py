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
    escape:                      the escapees are ``agent``; whoever smuggled/let them out
                                 is ``other``;
    hostage_taking:              the holders («عناصر داعش ... يحتجزون رهائن») are ``agent``;
    release, transfer, arrest, repatriation, killing, security_operation,
    attack, reinforcement:       the doer (subject of the verb, owner of the verbal noun,
                                 «من قبل»/«الذي شنته» X) is ``agent``; the people acted on
                                 («عناصر داعش», «سجناء من داعش») are ``patient``;
    clash, riot, agreement:      every party is ``agent``.
  Any other body named in the clause is ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.document import Actor, Document, Mention, Quantity, TimeExpression
from marsad.extract.context import ACTOR_TYPES, RELATIVES, DocIndex
from marsad.extract.lexicons import ExtractionHits, people_units

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
_PARTY_TYPES = frozenset({"clash", "riot", "agreement"})
_OBJECT_PRONOUNS = frozenset({"ه", "ها", "هم", "هما", "هن"})
_AGENT_MARKERS = ("من قبل", "على يد", "على أيدي", "by")
# support verbs between a subject and the verbal noun it governs: «قسد قامت بنقل»
_LIGHT_VERBS = frozenset(
    {"قام", "قامت", "قاموا", "يقوم", "تقوم", "يقومون", "قد", "نفذ", "نفذت", "شن", "شنت"}
)
# verbs whose subject does the event named before the relative: «الهجوم الذي شنته خلايا ...»
_DOER_VERBS = ("شن", "نفذ", "قام", "ارتكب", "تبني", "carried", "launched", "staged")
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
        return not any(s < end and start < e for s, e in self.excluded)


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
    idx: DocIndex, scope: Scope, tstart: int, tend: int, anaphora: list[tuple[int, int, str]]
) -> str | None:
    cands: list[tuple[int, int, str]] = []
    for m in idx.mentions_in(
        max(scope.start, tstart - _PLACE_WINDOW), min(scope.end, tend + _PLACE_WINDOW)
    ):
        e = idx.entity(m.entity)
        if (
            e is None
            or e.type not in ("place", "facility", "state")
            or not scope.contains(m.start, m.end)
        ):
            continue
        if e.type == "state" and e.subtype not in (None, "country"):
            continue
        dist = tstart - m.end if m.end <= tstart else m.start - tend
        cands.append((place_rank(idx, m.entity), max(dist, 0), m.entity))
    for s, e, ent in anaphora:
        if scope.contains(s, e) and abs(s - tstart) <= _PLACE_WINDOW:
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


def time_dict(t: TimeExpression) -> dict[str, object]:
    return {"value": t.value, "start": t.start, "end": t.end}


def quantity_fits(doc: Document, hits: ExtractionHits, q: Quantity) -> bool:
    if q.unit is not None:
        return q.unit in people_units()
    # a bare number: the counted noun must follow at once («30 منهم», «20 من قادة»)
    return any(0 <= p.start - q.end <= 4 for p in hits.people)


def count_dict(q: Quantity) -> dict[str, object]:
    return {
        "min": q.min,
        "max": q.max,
        "approximate": q.approximate,
        "unit": q.unit,
        "start": q.start,
        "end": q.end,
    }


def find_actors(
    idx: DocIndex,
    hits: ExtractionHits,
    scope: Scope,
    event_type: str,
    tstart: int,
    tend: int,
    finite: bool,
    suffix: str,
) -> list[Actor]:
    doc = idx.doc
    lo = max(scope.start, tstart - _ACTOR_BEFORE)
    hi = min(scope.end, tend + _ACTOR_AFTER)
    mentions = [
        m
        for m in idx.mentions_in(lo, hi)
        if scope.contains(m.start, m.end)
        and (e := idx.entity(m.entity)) is not None
        and e.type in ACTOR_TYPES
        and not idx.is_outlet(m.entity)
        and not (m.start < tend and tstart < m.end)
    ]
    if not mentions and not (suffix in _OBJECT_PRONOUNS or suffix.endswith(("ها", "ه"))):
        return []
    roles: dict[str, str] = {}

    people = [p for p in hits.people if lo - 30 <= p.start < hi]

    def people_modified(m: Mention) -> bool:
        """«عناصر داعش», «سجناء من داعش», «قادة تنظيم داعش»: people of that body."""
        for p in people:
            if p.end <= m.start and m.start - p.end < 40 and idx.word_count(p.end, m.start) <= 2:
                words = [t.norm for t in idx.tokens_between(p.end, m.start) if t.norm[0].isalnum()]
                if all(w in _PARTITIVE for w in words):
                    return True
        return False

    subject: str | None = None
    for m in mentions:
        if m.start >= tend and m.start - tend < 60:
            # «قتلوا على أيدي عناصر داعش», «من قبل قسد»: the doer, people or not
            marker_text = doc.text[tend : m.start]
            at = max(marker_text.rfind(marker) for marker in _AGENT_MARKERS)
            if at >= 0 and idx.word_count(tend + at, m.start) <= 5:
                subject = m.entity
                break
        if people_modified(m):
            continue
        if m.start >= tend:
            between = idx.tokens_between(tend, m.start)
            words = [t for t in between if t.norm[0].isalnum()]
            text_between = doc.text[tend : m.start]
            if finite and len(words) <= 1 and not any(t.norm in (",", ".") for t in between):
                subject = m.entity  # VSO: «نقلت قسد عناصر ...»
                break
            if len(words) <= 4 and any(
                t.norm in RELATIVES
                and i + 1 < len(words)
                and words[i + 1].norm.startswith(_DOER_VERBS)
                for i, t in enumerate(words)
            ):
                subject = m.entity  # «الهجوم الذي شنته خلايا التنظيم»
                break
            if any(marker in text_between for marker in _AGENT_MARKERS) and len(words) <= 3:
                subject = m.entity
                break
        elif (
            finite
            and m.end <= tstart
            and all(
                t.norm in _LIGHT_VERBS
                for t in idx.tokens_between(m.end, tstart)
                if t.norm[0].isalnum()
            )
        ):
            subject = m.entity  # SVO: «قسد تنقل ...», «قسد قامت بنقل ...»
    if subject is None and suffix and not finite and suffix[-1] in ("ه", "ا"):
        # a verbal noun with a possessive: «تهريبها» — the body named last before it
        prior = idx.last_mention_before(tstart, frozenset({"organization", "armed_group", "state"}))
        if prior is not None and prior.start >= idx.sentence_bounds(tstart)[0]:
            subject = prior.entity
    for m in mentions:
        if m.entity == subject:
            continue
        if people_modified(m):
            if event_type in ("escape", "hostage_taking") or event_type in _PARTY_TYPES:
                # escapees and hostage-holders are named as people of a body; the hostages
                # themselves (guards, workers) are rarely a body of the KB
                role = "agent"
            elif event_type == "reinforcement":
                role = "other"
            else:
                role = "patient"
        else:
            role = "agent" if event_type in _PARTY_TYPES else "other"
        _assign(roles, m.entity, role)
    if subject is not None:
        if event_type == "escape":
            _assign(roles, subject, "other")
        else:
            _assign(roles, subject, "agent")
    return [Actor(e, r) for e, r in roles.items()]


_ROLE_STRENGTH = {"agent": 2, "patient": 1, "other": 0}


def _assign(roles: dict[str, str], entity: str, role: str) -> None:
    old = roles.get(entity)
    if old is None or _ROLE_STRENGTH[role] > _ROLE_STRENGTH[old]:
        roles[entity] = role
