"""Which number counts an event, and which claim an event is told in — on sentences written
for these tests: a subgroup after «بينهم» and a facility's population are no event count, a
goal («لتحرير ...») keeps the numbers it governs, and a happening the outlet tells in its own
voice stays the outlet's when a speaker mentions it again."""

from __future__ import annotations

from event_helpers import count_min, first, happening_doc
from marsad.document import Document


def analyzed(text: str) -> Document:
    # the count rules read every happening the grammar keeps, whatever the model decides
    return happening_doc(text, published="2024-03-05")


def test_subset_does_not_replace_the_whole() -> None:
    doc = analyzed("فرّ 40 سجيناً من سجن الرقة المركزي، ومن بينهم 6 قياديين.")
    assert count_min(first(doc.events, "escape")) == 40


def test_a_batch_that_holds_people_counts_its_transfer() -> None:
    doc = analyzed("نقلت قسد دفعة من المعتقلين إلى العراق ضمت 75 شخصاً.")
    ev = next(e for e in doc.events if e.type in ("transfer", "repatriation"))
    assert count_min(ev) == 75


def test_pronoun_partitive_after_a_number() -> None:
    doc = analyzed("حاولت نساء الفرار من المخيم وألقت قوى الأمن القبض على 2 منهن.")
    assert count_min(first(doc.events, "arrest")) == 2


def test_own_voice_event_stays_the_outlets() -> None:
    doc = analyzed(
        "هرب سبعة سجناء من سجن الرقة المركزي مساء الأحد.\n"
        "وقال مصدر أمني إن السلطات تلاحق الفارين في ريف المدينة."
    )
    assert first(doc.events, "escape").claim is None


def test_event_first_told_by_a_speaker_is_theirs() -> None:
    doc = analyzed(
        "قال مصدر أمني إن سبعة سجناء هربوا من سجن الرقة المركزي مساء الأحد.\n"
        "وتلاحق السلطات الفارين في ريف المدينة."
    )
    ev = first(doc.events, "escape")
    assert ev.claim is not None
    claim = next(c for c in doc.claims if c.id == ev.claim)
    assert claim.speaker.kind == "anonymous_source"
