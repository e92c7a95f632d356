"""The count of a happening is the number whose counted noun is that trigger's own argument —
the object after a transitive verb, the subject after an intransitive one, the genitive after
a verbal noun, the noun after the patient's preposition — not whatever number stands
nearest. Sentences written for these tests."""

from __future__ import annotations

import pytest

from event_helpers import of_type, only
from marsad.document import Document, Event
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-10")


def count(ev: Event) -> tuple[object, object] | None:
    return (ev.count["min"], ev.count["max"]) if ev.count else None


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("نقلت قسد 30 معتقلاً إلى سجن الشدادي.", "transfer", (30, 30)),
        ("فرّ 5 سجناء من سجن الرقة المركزي.", "escape", (5, 5)),
        ("أعلنت قسد هروب نحو 30 عنصراً من السجن.", "escape", (30, 30)),
        ("بدأت السلطات نقل 200 سجين إلى سجن الحسكة.", "transfer", (200, 200)),
    ],
)
def test_the_triggers_own_argument(text: str, kind: str, expected: tuple[int, int]) -> None:
    assert count(only(analyzed(text), kind)) == expected


def test_a_bare_number_after_the_patient_preposition() -> None:
    doc = analyzed("تمكنت قوى الأمن من إلقاء القبض على اثنين فقط من الفارين.")
    assert count(only(doc, "arrest")) == (2, 2)


def test_a_bare_number_with_a_noun_after_it_is_not_people() -> None:
    # «3 صهاريج» are things moved: no transfer of people at all
    doc = analyzed("نقلت قسد 3 صهاريج إلى الحسكة.")
    assert of_type(doc, "transfer") == []


def test_each_trigger_keeps_its_own_number() -> None:
    doc = analyzed("فرّ 5 سجناء من سجن الرقة، ونقلت قسد 30 معتقلاً إلى سجن الشدادي.")
    assert count(only(doc, "escape")) == (5, 5)
    assert count(only(doc, "transfer")) == (30, 30)


def test_their_number_in_a_relative_clause_counts_the_people_moved() -> None:
    doc = analyzed("نقلت قسد المعتقلين الذين يبلغ عددهم 150 إلى سجن الشدادي.")
    assert count(only(doc, "transfer")) == (150, 150)


def test_a_toll_after_a_comma_counts_the_clash() -> None:
    doc = analyzed("اندلعت اشتباكات بين الطرفين قرب السجن، أسفرت عن إصابة 5 أشخاص.")
    assert count(only(doc, "clash")) == (5, 5)


def test_a_toll_in_a_relative_clause_counts_the_attack() -> None:
    doc = analyzed(
        "Gunmen targeted the guards of the prison, as a result of which two guards were wounded."
    )
    assert count(only(doc, "attack")) == (2, 2)


def test_the_wounded_after_the_dead_do_not_count_the_killing() -> None:
    doc = analyzed("ارتفعت حصيلة المواجهات لتصبح 17 قتيلاً و23 جريحاً.")
    killing = only(doc, "killing")
    assert count(killing) == (17, 17)


