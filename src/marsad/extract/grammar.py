"""What the grammar of its clause rules out: a trigger word that tells no happening.

A reader does not code what the sentence says did not, might or should happen: a negated
clause in the outlet's own voice («لم تتخلله أي اشتباكات»; a speaker's denial is news and
stays, as a denied event), a purpose («بهدف إطلاق سراح»), a condition («إذا هاجم»), a question,
a demand («طالب بالإفراج عن»), a habit («بين الحين والآخر»), or what is told as coming after
the main clause («قبل أن يُعتقلوا»). These are rules of the language, applied after the learned
decision because the gold holds too few of them for a model to learn them reliably.
"""

from __future__ import annotations

from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.modality import PURPOSE
from marsad.text.clauses import ClauseIndex

_NEGATION_REACH = 6  # words between a negation and the trigger it negates
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
