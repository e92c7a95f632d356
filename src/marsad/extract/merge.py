"""One event per happening: mentions of the same happening inside a document merged.

Two mentions tell one happening when they have the same type and modality and nothing they
say tells them apart: their places are the same or one contains the other, their dates
agree, and the numbers their own clauses state agree or one of them states none. A mention
that states a different place, day or number is another happening (two killings in two
villages, or two sources' tolls, are kept apart); a number chosen for a mention from outside
its clause (a toll told in the next sentence, a figure of the story) is a guess about it, not
something it says, and tells nothing apart. A mention that calls itself another happening
(«غارة أخرى», «هجوم مماثل», "another drone strike") starts its own event. The merged event
keeps the first mention as its trigger and the most specific arguments of its members.
"""

from __future__ import annotations

from marsad.document import TimeExpression
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.text.normalize import normalize_term

# «غارة أخرى», «هجوم مماثل», "another strike", "a second attack": the words themselves say the
# mention is a happening besides the one told before it
_ANOTHER_AFTER = frozenset(
    normalize_term(w) for w in ("أخرى", "آخر", "ثانية", "ثان", "ثاني", "ثالثة", "ثالث", "مماثلة", "مماثل", "جديدة", "جديد")
)
_ANOTHER_BEFORE = frozenset({"another", "second", "third", "new", "similar", "separate"})


def tells_another(idx: DocIndex, c: Candidate) -> bool:
    """Does the mention call itself another happening than the ones told before?"""
    s_start, s_end = idx.sentence_bounds(c.start)
    after = idx.words_after(c.end, 1, ceiling=s_end)
    before = idx.words_before(c.start, 1, floor=s_start)
    return bool(after and after[0] in _ANOTHER_AFTER) or bool(before and before[-1].lower() in _ANOTHER_BEFORE)


def _dates_compatible(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    if a is None or b is None or not a.value or not b.value:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _places_compatible(idx: DocIndex, a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return a in idx.ancestors(b) or b in idx.ancestors(a)


def _counts_compatible(a: dict[str, object] | None, b: dict[str, object] | None) -> bool:
    if a is None or b is None:
        return True
    return a.get("min") == b.get("min") and a.get("max") == b.get("max")


def compatible(idx: DocIndex, a: Candidate, b: Candidate) -> bool:
    return (
        a.type == b.type
        and a.modality == b.modality
        and _places_compatible(idx, a.place, b.place)
        and _dates_compatible(a.date, b.date)
        and _counts_compatible(a.clause_count, b.clause_count)
    )


def merge_mentions(idx: DocIndex, events: list[Candidate]) -> list[list[Candidate]]:
    """Groups of mentions, one per happening, in order of first mention."""
    groups: list[list[Candidate]] = []
    for c in events:
        target = None if tells_another(idx, c) else next(
            (g for g in reversed(groups) if all(compatible(idx, m, c) for m in g)), None
        )
        if target is None:
            groups.append([c])
        else:
            target.append(c)
    return groups
