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


def test_a_bare_vague_number_as_the_object_counts_the_arrest() -> None:
    doc = analyzed("نفذت قسد حملة مداهمات في الحي، واعتقلت العشرات في الرقة.")
    assert count(only(doc, "arrest")) == (20, 99)
    assert only(doc, "security_operation").count is None


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


def test_the_second_of_two_coordinated_verbs_takes_its_own_bare_number() -> None:
    doc = analyzed("أفرجت قسد عن 50 معتقلاً من سجن الحسكة وأفرجت عن العشرات في الرقة.")
    assert sorted(count(e) for e in of_type(doc, "release")) == [(20, 99), (50, 50)]  # type: ignore[type-var]


def test_a_number_in_a_relative_clause_after_the_trigger_is_not_its_count() -> None:
    doc = analyzed("قُتل عدد من الحراس في الوقت الذي تم فيه إخلاء 20 عنصراً من السجن.")
    assert only(doc, "killing").count is None


def test_a_facility_population_is_not_the_attack_count() -> None:
    doc = analyzed("شن مسلحون هجوماً على السجن الذي يضم 5000 معتقل.")
    assert only(doc, "attack").count is None


def test_their_number_in_a_relative_clause_counts_the_people_moved() -> None:
    doc = analyzed("نقلت قسد المعتقلين الذين يبلغ عددهم 150 إلى سجن الشدادي.")
    assert count(only(doc, "transfer")) == (150, 150)


def test_a_goal_across_a_comma_gives_the_attack_no_count() -> None:
    doc = analyzed("هاجم مسلحون سجن الحسكة فجر اليوم، لتحرير رفاقهم البالغ عددهم 3000 مقاتل.")
    assert only(doc, "attack").count is None


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اعتقلت قسد 12 شخصاً ونقلتهم إلى سجن الحسكة.", (12, 12)),
        ("أُفرج عن 6 نساء من سجن القامشلي، ونُقلن مع أطفالهن إلى مخيم روج.", (6, 6)),
    ],
)
def test_a_coordinated_move_of_the_same_people_shares_their_count(
    text: str, expected: tuple[int, int]
) -> None:
    assert count(only(analyzed(text), "transfer")) == expected


def test_english_object_count() -> None:
    doc = analyzed("The SDF released 30 detainees and transferred 12 others to Hasakah.")
    assert count(only(doc, "release")) == (30, 30)
    assert count(only(doc, "transfer")) == (12, 12)


def test_kama_opens_a_clause_of_its_own() -> None:
    # «كما أفرجت ...»: the second release keeps its place and number, the first takes neither
    doc = analyzed(
        "وسبق أن أفرجت قسد عن 150 موقوفاً في بداية شباط الماضي، كما أفرجت عن العشرات في منبج."
    )
    releases = sorted(of_type(doc, "release"), key=lambda e: e.trigger.start)
    assert [count(e) for e in releases] == [(150, 150), (20, 99)]
    assert releases[0].place is None
    assert releases[1].place == "manbij"
