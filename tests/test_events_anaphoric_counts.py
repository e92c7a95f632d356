"""Counts told before, on sentences written for these tests: a happening whose people are
named by pointing back — a pronoun («نقلتهم», «أفرجت عنهم»), a demonstrative («هؤلاء
المعتقلين») or a definite noun of the same people — takes the count of the one counted group
in this or the two sentences before; when that group is not counted, or two groups of other
sizes are there, the count stays null."""

from __future__ import annotations

from event_helpers import count_min, first
from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")




def test_pronoun_in_a_later_sentence_takes_the_group_count() -> None:
    doc = analyzed(
        "اعتقلت قوات الأمن 12 شخصاً في مدينة الطبقة أمس. وقالت مصادر محلية إن القوات نقلتهم"
        " إلى سجن الحسكة."
    )
    assert count_min(first(doc.events, "transfer")) == 12


def test_demonstrative_noun_takes_the_group_count() -> None:
    doc = analyzed(
        "اعتقلت قوات الأمن 12 شخصاً في مدينة الطبقة أمس. وتم نقل هؤلاء المعتقلين إلى سجن"
        " الحسكة."
    )
    assert count_min(first(doc.events, "transfer")) == 12


def test_pronoun_after_preposition_takes_the_group_count() -> None:
    doc = analyzed(
        "نقلت الإدارة الذاتية 30 امرأة من مخيم الهول إلى مخيم روج. وبعد أسبوع أفرجت عنهم."
    )
    assert count_min(first(doc.events, "release")) == 30


def test_uncounted_antecedent_gives_no_count() -> None:
    doc = analyzed(
        "فرّ عدد من السجناء من سجن الرقة. وقُتل حارس خلال الفرار. وألقت القوات القبض عليهم"
        " لاحقاً."
    )
    assert count_min(first(doc.events, "arrest")) is None


def test_two_groups_of_other_sizes_give_no_count() -> None:
    doc = analyzed(
        "اعتقلت القوات 12 شخصاً في الرقة. وأفرجت عن 3 نساء في الطبقة. ثم نقلتهم إلى سجن"
        " الحسكة."
    )
    assert count_min(first(doc.events, "transfer")) is None


def test_the_dead_are_not_the_people_moved() -> None:
    doc = analyzed(
        "قُتل 5 حراس خلال الاشتباكات، واعتقلت القوات 12 شخصاً. وتم نقلهم إلى سجن الحسكة."
    )
    assert count_min(first(doc.events, "transfer")) == 12


def test_a_single_person_is_no_plural_pronoun() -> None:
    doc = analyzed("اعتقلت القوات شاباً في الرقة أمس. ثم نقلتهم إلى سجن الحسكة.")
    assert count_min(first(doc.events, "transfer")) is None


def test_a_group_three_sentences_back_is_too_far() -> None:
    doc = analyzed(
        "اعتقلت القوات 12 شخصاً في الرقة. وشهدت المدينة هدوءاً حذراً. وأغلقت المحال أبوابها."
        " وعادت الحركة إلى الأسواق. ثم نقلتهم القوات إلى سجن الحسكة."
    )
    assert count_min(first(doc.events, "transfer")) is None


def test_definite_noun_of_other_people_gives_no_count() -> None:
    doc = analyzed("أفرجت السلطات عن 20 امرأة أمس. وتم نقل المقاتلين إلى سجن الحسكة.")
    assert count_min(first(doc.events, "transfer")) is None


def test_batch_that_comprises_a_number_counts_the_handover() -> None:
    doc = analyzed(
        "وأعلنت الحكومة أنها تسلّمت الدفعة الأولى، والتي تضم 120 عنصراً من التنظيم،"
        " من السجون السورية."
    )
    assert count_min(first(doc.events, "repatriation")) == 120


def test_definite_noun_of_the_same_people_takes_the_count() -> None:
    doc = analyzed("فرّ 15 سجيناً من سجن الطبقة فجر الأحد. وبعد يومين أُعيد اعتقال السجناء.")
    arrests = [e for e in doc.events if e.type == "arrest"]
    assert arrests and count_min(arrests[0]) == 15


def test_definite_noun_after_persons_needs_a_pointer() -> None:
    doc = analyzed("اعتقلت القوات 12 شخصاً في الرقة أمس. ويأتي ذلك بعد الإفراج عن المعتقلين.")
    assert count_min(first(doc.events, "release")) is None


def test_done_again_is_no_repatriation() -> None:
    doc = analyzed("وأُعيد اعتقال السجناء الفارين بعد يومين، وجرت إعادة نقل المعتقلين إلى سجن الحسكة.")
    assert "repatriation" not in [e.type for e in doc.events]
