"""A day of the month written as an ordinal («الثالث من آذار», «الحادي والثلاثين من أكتوبر»),
and the counted nouns that end in a real ه («مشتبهاً»): sentences written for these tests."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text
from marsad.recognize.numerals import load_toml
from marsad.recognize.times.vocabulary import ordinal_days


@pytest.mark.parametrize(
    ("text", "quoted", "value"),
    [
        ("وقع الهجوم في الحادي والثلاثين من أكتوبر الماضي.", "الحادي والثلاثين من أكتوبر الماضي", "2022-10-31"),
        ("وقع الهجوم في الثالث من آذار الماضي.", "الثالث من آذار الماضي", "2022-03-03"),
        ("نقلوا في الحادي عشر من شهر أيلول 2021.", "الحادي عشر من شهر أيلول 2021", "2021-09-11"),
        ("أفرج عنهم في الأول من كانون الثاني الماضي.", "الأول من كانون الثاني الماضي", "2022-01-01"),
        ("وصلت الدفعة في الثاني والعشرين من شباط.", "الثاني والعشرين من شباط", "2022-02-22"),
        ("بدأت الحملة في العشرين من تموز الماضي.", "العشرين من تموز الماضي", "2022-07-20"),
    ],
)
def test_ordinal_day_of_month(text: str, quoted: str, value: str) -> None:
    doc = analyze_text(text, published="2022-11-20")
    assert [(t.text, t.value) for t in doc.times] == [(quoted, value)]


@pytest.mark.parametrize(
    "text",
    ["جرى ذلك في الأسبوع الثالث من آذار الماضي.", "صدر الجزء الثاني من آذار إلى أيار."],
)
def test_ordinal_of_a_period_is_no_day(text: str) -> None:
    doc = analyze_text(text, published="2022-11-20")
    assert doc.times and all(t.value is None or len(t.value) == 7 for t in doc.times)


def test_all_thirty_one_days_are_composed() -> None:
    days = ordinal_days(load_toml("time_vocabulary.toml")["ordinal_days"])
    assert sorted(set(days.values())) == list(range(1, 32))


def test_counted_noun_ending_in_a_real_ha() -> None:
    doc = analyze_text("أعلنت قوى الأمن توقيف 43 مشتبهاً في مخيم الهول.", published="2022-11-20")
    assert [(q.min, q.unit) for q in doc.quantities] == [(43, "accused")]
    assert [(e.type, e.count["min"] if e.count else None) for e in doc.events] == [("arrest", 43)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The SDF detained 11 suspected IS members in Hasakah.", "member"),
        ("They moved 20 foreign women to Roj camp.", "woman"),
    ],
)
def test_english_count_with_two_modifiers_before_its_noun(text: str, unit: str) -> None:
    doc = analyze_text(text, published="2023-05-10")
    assert [q.unit for q in doc.quantities] == [unit]
