"""Event actors: who did what to whom, from the clause of one trigger.

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
from dataclasses import dataclass

from marsad.compiled import compiled
from marsad.document import Actor, Mention
from marsad.extract.arguments import Scope
from marsad.extract.clause_grammar import Grammar, after_preposition, bare, first_ending, grammar
from marsad.extract.context import RELATIVES, DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits

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
                (words and bare(words[0]).startswith(g.doer_verbs))
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
    oblique, target = after_preposition(idx, g, m.start)
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
    if prev and bare(prev[-1]) in g.passive:
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
        if bare(norm) in g.support_verbs:
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
