"""What the grammar of its clause rules out: a trigger word that tells no happening.

A reader does not code what the sentence says did not, might or should happen: a negated
clause in the outlet's own voice («لم تتخلله أي اشتباكات»; a speaker's denial is news and
stays, as a denied event), a purpose («بهدف إطلاق سراح»), a condition («إذا هاجم»), a question,
a demand («طالب بالإفراج عن»), a habit («بين الحين والآخر»), or what is told as coming after
the main clause («قبل أن يُعتقلوا»). These are rules of the language, applied after the learned
decision because the gold holds too few of them for a model to learn them reliably.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.modality import PURPOSE
from marsad.text.clauses import ClauseIndex, inventory_words, toll_words

_NEGATION_REACH = 6  # words between a negation and the trigger it negates
_HABIT_AFTER = 3  # words between a trigger and a habit cue told after it
_LEAD = 2  # the sentences a document's theme is set in
_ARMED = frozenset({"armed_group"})  # a source (SOHR) or a country struck is no fighter
_CLAUSE_KINDS = frozenset({"purpose", "conditional", "before"})
_ASKED = frozenset({"complement", "purpose"})
# attack nouns that name a thing as well as a strike (a raid from the air is never a thing)
_WEAPONS = frozenset({"ied", "drone_strike", "bombing"})


def ruled_out(idx: DocIndex, ci: ClauseIndex, c: Candidate) -> str | None:
    """Why the candidate's clause says it tells no happening, or None."""
    if c.cue == PURPOSE:
        return "purpose"
    clause = ci.at(c.start)
    if clause is None:
        return None
    if clause.kind in _CLAUSE_KINDS:
        return clause.kind
    if clause.sentence in ci.questions:
        return "question"
    s_start, s_end = idx.sentence_bounds(c.start)
    if "cumulative" in ci.sentence_cues(clause.sentence, s_start):
        return "statistic"
    if _tells_a_toll(idx, c, s_end):
        return "toll"
    if _in_inventory(idx, c, s_start, s_end):
        return "inventory"
    cues = ci.cues_before(c.start)
    governing = ci.governing(clause)
    inherited = {cat for _, cat in governing.cues} if governing and clause.kind in _ASKED else set()
    if ("demand" in cues or "demand" in inherited) and not _presupposed(idx, c, s_start):
        return "demand"
    if "habitual" in cues or any(
        cat == "habitual" and p >= c.end and idx.word_count(c.end, p) <= _HABIT_AFTER for p, cat in clause.cues
    ):
        # «تستهدف الطائرات بشكل دائم», "drones regularly target": the habit told after the verb
        return "habitual"
    if "negation" in cues and not (c.claim is not None and c.claim.stance == "deny"):
        last = max(p for p, cat in clause.cues if cat == "negation" and p < c.start)
        if idx.word_count(last, c.start) <= _NEGATION_REACH:
            return "negated"
    return None


def _tells_a_toll(idx: DocIndex, c: Candidate, s_end: int) -> bool:
    """«the strike left five people dead»: a verb of leaving followed, within reach, by the
    state its object is left in."""
    toll = toll_words()
    if c.hit.text.casefold() not in toll.verbs:
        return False
    return any(w.casefold() in toll.states for w in idx.words_after(c.end, toll.reach, ceiling=s_end))


def _in_inventory(idx: DocIndex, c: Candidate, s_start: int, s_end: int) -> bool:
    """A weapon named as a thing among arms and equipment («ضبط أسلحة وعبوات ناسفة», "pistols,
    grenades, landmines"): a noun of an attack listed beside an inventory noun, within reach
    on either side."""
    if c.finite or c.sense.form != "noun" or c.sense.subtype not in _WEAPONS:
        return False
    words, reach = inventory_words()
    near = idx.words_before(c.start, reach, floor=s_start) + idx.words_after(c.end, reach, ceiling=s_end)
    return any(_one_of(w, words) for w in near)


def _one_of(word: str, words: frozenset[str]) -> bool:
    """``word`` is one of ``words``, or one with the conjunction «و» before it."""
    return word in words or (word[:1] == "و" and word[1:] in words)


# «يطالبون بفدية للإفراج عنه، بعد اختطافه»: what a demand follows has happened
_AFTER = frozenset({"بعد", "عقب", "اثر", "after", "following"})


def _presupposed(idx: DocIndex, c: Candidate, s_start: int) -> bool:
    """A verbal noun right after «بعد», «عقب», «إثر», "after": told as done."""
    before = idx.words_before(c.start, 1, floor=s_start)
    return not c.finite and bool(before) and _one_of(before[-1], _AFTER)


def out_of_scope(idx: DocIndex, ci: ClauseIndex, c: Candidate, violent: Sequence[int] = ()) -> bool:
    """A death or an alert with a cause that is no conflict — a disaster, an accident, a
    disease (``clauses.toml`` [cues] nonconflict) — told in its sentence or in the lead of
    the document, with no armed body named in the sentence: the guideline's scope leaves
    it out (an earthquake's toll, a flood's victims).

    ``violent``: the sorted offsets of the document's attack and clash candidates. Fires and
    deaths that come with shelling are its toll, not a disaster's: a cause in the sentence
    does not count when the sentence tells an attack, and a cause in the lead only when the
    lead tells none."""
    s_start, s_end = idx.sentence_bounds(c.start)
    lead_end = idx.sent_ends[min(len(idx.sent_ends), _LEAD) - 1] if idx.sent_ends else 0

    def violence_in(lo: int, hi: int) -> bool:
        i = bisect_left(violent, lo)
        return i < len(violent) and violent[i] < hi

    if violence_in(s_start, s_end):
        return False
    # the cues of the candidate's sentence, then of the lead (not of everything before it)
    cause = "nonconflict" in ci.sentence_cues(idx.sentence_of(c.start), s_start) or (
        not violence_in(0, lead_end)
        and any(
            cat == "nonconflict" and at < lead_end
            for clause in ci.clauses[: bisect_left(ci.starts, lead_end)]
            for at, cat in clause.cues
        )
    )
    if not cause:
        return False
    lo, hi = bisect_left(idx.actor_starts, s_start), bisect_left(idx.actor_starts, s_end)
    for m in idx.actor_mentions[lo:hi]:
        e = idx.entity(m.entity)
        if e is not None and e.type in _ARMED and not idx.is_outlet(m.entity):
            return False
    return True
