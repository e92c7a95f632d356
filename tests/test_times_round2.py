"""Time expressions, second round: glued English, anaphoric months, future weekdays, and the
values the contract asks for when nothing anchors an expression. Phrases written for these
tests."""

from __future__ import annotations

import pytest

from recognize_helpers import times_of


@pytest.mark.parametrize(
    ("sentence", "quoted", "value"),
    [
        ("posted onJanuary 23, 2022 by admin", "January 23, 2022", "2022-01-23"),
        ("Updated onMarch 3, 2021", "March 3, 2021", "2021-03-03"),
        ("published inDecember 2020", "December 2020", "2020-12"),
    ],
)
def test_english_month_glued_to_the_word_before(sentence: str, quoted: str, value: str) -> None:
    (t,) = times_of(sentence)
    assert (t["text"], t["value"]) == (quoted, value)


def test_glued_lowercase_words_are_not_split() -> None:
    # only a capital after a lower-case letter marks a lost space
    assert times_of("the summary was decemberish") == []


@pytest.mark.parametrize(
    ("sentence", "published", "quoted", "value"),
    [
        ("بدأ الهجوم في 3 آذار 2022، وفي الـ15 من الشهر نفسه انسحبت القوات.", None,
         "الـ15 من الشهر نفسه", "2022-03-15"),
        ("بدأ الهجوم في 3 آذار 2022، وفي 20 من الشهر ذاته انسحبت القوات.", None,
         "20 من الشهر ذاته", "2022-03-20"),
        ("وصل الوفد في 4 أيلول الجاري، وفي الـ9 من الشهر نفسه غادر.", "2021-09-20",
         "الـ9 من الشهر نفسه", "2021-09-09"),
        ("اندلعت الاشتباكات يوم 20/1/2022 وفي اليوم ذاته فر عشرات السجناء.", None,
         "اليوم ذاته", "2022-01-20"),
        ("جرى التبادل في 12 أيار 2019، وفي نفس العام أفرج عن آخرين.", None,
         "نفس العام", "2019"),
        ("وقع الهجوم في حزيران 2020 ثم تكرر في الشهر نفسه.", None, "الشهر نفسه", "2020-06"),
    ],
)
def test_anaphoric_period_takes_the_last_resolved_time(
    sentence: str, published: str | None, quoted: str, value: str
) -> None:
    found = times_of(sentence, published)
    same = [t for t in found if t["text"] == quoted]
    assert same, found
    assert same[0]["value"] == value
    assert same[0]["anaphoric"] is True


def test_anaphoric_month_without_year_keeps_the_unknown_year() -> None:
    found = times_of("وصلوا في 4 أيلول، وفي الـ15 من الشهر نفسه غادروا.")
    assert [t["value"] for t in found] == ["XXXX-09-04", "XXXX-09-15"]


def test_anaphoric_period_with_no_antecedent_is_not_a_time() -> None:
    assert times_of("وفي الـ15 من الشهر نفسه أعلنت الإدارة النتائج.", "2022-05-02") == []
    assert times_of("وفي اليوم ذاته وصل الوفد.") == []


def test_anaphoric_day_after_a_month_only_is_not_invented() -> None:
    found = times_of("جرى ذلك في آذار 2022، وفي اليوم نفسه وصلوا.")
    assert [t["text"] for t in found] == ["آذار 2022"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("ستعقد الإدارة الذاتية اجتماعاً يوم الأحد لبحث الملف.", "2022-05-08"),
        ("ومن المقرر أن يصل الوفد يوم الخميس إلى الحسكة.", "2022-05-05"),
        ("وسوف تبدأ عملية النقل يوم الاثنين.", "2022-05-09"),
        ("The delegation will arrive on Sunday.", "2022-05-08"),
        # past or present: the last such day on or before publication
        ("عقدت الإدارة الذاتية اجتماعاً يوم الأحد لبحث الملف.", "2022-05-01"),
        ("قال إن السياسة تغيرت يوم الخميس.", "2022-04-28"),
        ("سيطرت القوات على الحي يوم الخميس.", "2022-04-28"),
        ("استمر القتال ستة أيام حتى يوم الخميس.", "2022-04-28"),
    ],
)
def test_bare_weekday_in_a_future_sentence_resolves_forward(sentence: str, value: str) -> None:
    # published on Wednesday 4 May 2022
    (t,) = [t for t in times_of(sentence, "2022-05-04") if "weekday" in t]
    assert t["value"] == value


def test_future_weekday_is_marked_and_same_day_goes_to_next_week() -> None:
    (t,) = times_of("سيصل الوفد يوم الأربعاء.", "2022-05-04")
    assert t["value"] == "2022-05-11" and t["tense"] == "future"


def test_weekday_sentence_boundary_limits_the_future_cue() -> None:
    found = times_of("وصل الوفد يوم الأحد. وسيغادر غداً.", "2022-05-04")
    sunday = next(t for t in found if t.get("weekday") == "sunday")
    assert sunday["value"] == "2022-05-01"


def test_no_published_date_leaves_relative_expressions_unresolved() -> None:
    found = {t["text"]: t for t in times_of("وصل أمس الأحد، وسيعود يوم الخميس، وكان هنا في الشهر الماضي.")}
    assert found["أمس الأحد"]["value"] is None and found["أمس الأحد"]["weekday"] == "sunday"
    assert found["يوم الخميس"]["value"] is None and found["يوم الخميس"]["weekday"] == "thursday"
    assert found["يوم الخميس"]["relative"] is True
    assert found["الشهر الماضي"]["value"] is None


def test_no_published_date_day_and_month_get_unknown_year() -> None:
    (t,) = times_of("أفرج عنهم في 27 تشرين الثاني الماضي")
    assert t["value"] == "XXXX-11-27" and t["relative"] is True
    (t,) = times_of("جرى ذلك في نيسان")
    assert t["value"] == "XXXX-04" and t["relative"] is False
