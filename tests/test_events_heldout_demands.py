"""What a demand asks for, and a past happening named as the start of a stretch of time,
are no events. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.extract.grammar import out_of_scope, ruled_out
from marsad.extract.proposals import propose
from marsad.pipeline import analyze_text, stages
from marsad.text.clauses import clauses


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("استعادت الحكومة العراقية 200 من رعاياها من مخيم الهول يوم الثلاثاء.",
         "repatriation"),
        # a demand and, in its own clause, the happening itself
        ("طالبت العائلات بالإفراج عن المعتقلين، وأفرجت قسد عن 30 منهم يوم السبت.", "release"),
    ],
)
def test_the_happening_itself_stays(text: str, present: str) -> None:
    assert present in types(text)


def kept_by_the_grammar(text: str, word: str, event_type: str) -> bool:
    """Is the candidate at ``word`` proposed as ``event_type`` and left to the model by the
    clause grammar (not negated, not a demand or plan, in scope)? A sentence read alone gives
    the model little to go on (no other happening, no document), so the model's own decision
    on it is not what is tested here."""
    doc = Document(source="<t>", raw=text, meta={})
    for stage in stages()[:-1]:
        doc = stage(doc)
    idx, cands = propose(doc)
    at = doc.text.index(word)
    found = [c for c in cands if c.start <= at < c.end and event_type in c.types]
    if not found:
        return False
    c = found[0]
    c.type = event_type
    ci = clauses(doc)
    return ruled_out(idx, ci, c) is None and not out_of_scope(idx, ci, c)


def test_an_asserted_battle_is_left_to_the_model() -> None:
    assert kept_by_the_grammar("اندلعت معارك عنيفة في بلدة الباغوز مساء الأحد.", "معارك", "clash")
    assert not kept_by_the_grammar("طالبت العائلات بوقف المعارك في بلدة الباغوز.", "المعارك", "clash")
