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

from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.modality import PURPOSE
from marsad.text.clauses import ClauseIndex

_NEGATION_REACH = 6  # words between a negation and the trigger it negates
_LEAD = 2  # the sentences a document's theme is set in
_ARMED = frozenset({"armed_group"})  # a source (SOHR) or a country struck is no fighter
_CLAUSE_KINDS = frozenset({"purpose", "conditional", "before"})
_ASKED = frozenset({"complement", "purpose"})


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
    cues = ci.cues_before(c.start)
    governing = ci.governing(clause)
    inherited = {cat for _, cat in governing.cues} if governing and clause.kind in _ASKED else set()
    if "demand" in cues or "demand" in inherited:
        return "demand"
    if "habitual" in cues:
        return "habitual"
    if "negation" in cues and not (c.claim is not None and c.claim.stance == "deny"):
        last = max(p for p, cat in clause.cues if cat == "negation" and p < c.start)
        if idx.word_count(last, c.start) <= _NEGATION_REACH:
            return "negated"
    return None


def out_of_scope(idx: DocIndex, ci: ClauseIndex, c: Candidate) -> bool:
    """A death or an alert with a cause that is no conflict — a disaster, an accident, a
    disease (``clauses.toml`` [cues] nonconflict) — told in its sentence or in the lead of
    the document, with no armed body named in the sentence: the guideline's scope leaves
    it out (an earthquake's toll, a flood's victims)."""
    s_start, s_end = idx.sentence_bounds(c.start)
    lead_end = idx.sent_ends[min(len(idx.sent_ends), _LEAD) - 1] if idx.sent_ends else 0
    cause = any(
        cat == "nonconflict" and (s_start <= at < s_end or at < lead_end)
        for clause in ci.clauses[: bisect_left(ci.starts, max(s_end, lead_end))]
        for at, cat in clause.cues
    )
    if not cause:
        return False
    lo, hi = bisect_left(idx.actor_starts, s_start), bisect_left(idx.actor_starts, s_end)
    for m in idx.actor_mentions[lo:hi]:
        e = idx.entity(m.entity)
        if e is not None and e.type in _ARMED and not idx.is_outlet(m.entity):
            return False
    return True
