"""Happenings told in a relative clause about people («المعتقلين الذين اعتقلوا ...», "detainees
who were arrested ...") describe who the people are: background, unless the clause gives the
happening a time that is a point or a number of its own. Sentences written for these tests."""

from __future__ import annotations

import pytest

from event_helpers import of_type, only
from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-10")




@pytest.mark.parametrize(
    "text",
    [
        # spread over time: a date later in the clause is no date of one arrest
        "نقلت قسد أمس 40 من المعتقلين الذين اعتقلوا على فترات متفاوتة خلال المعارك قبل 3 سنوات إلى سجن الشدادي.",
        "نقلت قسد أمس 40 من المعتقلين الذين اعتقلوا في أوقات سابقة إلى سجن الشدادي.",
        "نقلت قسد أمس 40 من السجناء الذين تم اعتقالهم خلال السنوات الماضية إلى سجن الشدادي.",
        "نقلت قسد أمس 40 من السجناء الذين كانوا قد اعتقلوا منذ سنوات إلى سجن الشدادي.",
        "نقلت قسد أمس 40 سجيناً ممن اعتقلوا سابقاً إلى سجن الشدادي.",
        # a year counted back from the publication is no day told
        "نقلت قسد أمس 40 من المعتقلين الذين اعتقلوا قبل 3 سنوات إلى سجن الشدادي.",
        # a participle naming the people by their past
        "نقلت قسد أمس 40 من المعتقلين سابقاً إلى سجن الشدادي.",
    ],
)
def test_arrest_describing_the_detainees_is_background(text: str) -> None:
    doc = analyzed(text)
    assert of_type(doc, "arrest") == []
    move = only(doc, "transfer")
    assert move.date is not None and move.date["value"] == "2024-03-09"
    assert move.count is not None and move.count["min"] == 40


@pytest.mark.parametrize(
    "text",
    [
        "The SDF moved 40 detainees who were arrested at different times to al-Shaddadi prison.",
        "The SDF released 25 detainees who had been arrested over the past years.",
        "The SDF released 25 detainees who had been arrested years ago.",
    ],
)
def test_english_relative_clause_is_background(text: str) -> None:
    doc = analyzed(text)
    assert of_type(doc, "arrest") == []
    main = [e for e in doc.events if e.type in ("transfer", "release")]
    assert len(main) == 1 and main[0].count is not None and main[0].count["min"] in (25, 40)


def test_relative_clause_with_a_written_date_stays_an_event() -> None:
    doc = analyzed(
        "أفرجت الإدارة الذاتية أمس عن 25 من الموقوفين الذين اعتقلوا في 20 كانون الثاني 2022."
    )
    arrest = only(doc, "arrest")
    assert arrest.date is not None and arrest.date["value"] == "2022-01-20"
    release = only(doc, "release")
    # the time and the number before the relative pronoun belong to the release
    assert release.date is not None and release.date["value"] == "2024-03-09"
    assert release.count is not None and release.count["min"] == 25
    assert arrest.count is None


def test_english_relative_clause_with_a_written_date_stays_an_event() -> None:
    doc = analyzed(
        "The SDF released on Monday 25 detainees who had been arrested on 20 January 2022."
    )
    arrest = only(doc, "arrest")
    assert arrest.date is not None and arrest.date["value"] == "2022-01-20"
    release = only(doc, "release")
    assert release.count is not None and release.count["min"] == 25
    assert arrest.count is None


def test_main_clause_arrest_stays_and_the_pluperfect_escape_is_background() -> None:
    doc = analyzed("اعتقلت قسد أمس 12 شخصاً كانوا قد فروا من السجن.")
    arrest = only(doc, "arrest")
    assert arrest.date is not None and arrest.date["value"] == "2024-03-09"
    assert arrest.count is not None and arrest.count["min"] == 12
    assert of_type(doc, "escape") == []


def test_background_joins_the_happening_the_document_tells() -> None:
    doc = analyzed(
        "فرّ 7 سجناء من سجن الرقة المركزي فجر السبت. "
        "وقالت مصادر محلية إن قسد اعتقلت أمس ثلاثة من السجناء الذين فروا من السجن على فترات متفاوتة."
    )
    escapes = of_type(doc, "escape")
    assert len(escapes) == 1
    assert escapes[0].count is not None and escapes[0].count["min"] == 7
    assert len(escapes[0].evidence) == 2


def test_relative_clause_about_a_place_with_a_point_time_stays() -> None:
    # not about people, and dated to a day: the attack is told
    doc = analyzed("زار الوفد سجن الحسكة الذي هاجمه مسلحون في 20 كانون الثاني 2022.")
    attack = only(doc, "attack")
    assert attack.date is not None and attack.date["value"] == "2022-01-20"


def test_a_vague_time_right_after_the_verb_opening_the_sentence_is_the_verbs() -> None:
    # «أمس» after the verb and its subject dates the verb, not a happening after it
    doc = analyzed("أفرجت الإدارة الذاتية أمس عن 25 موقوفاً كانوا قد اعتقلوا في 3 شباط 2023.")
    release = only(doc, "release")
    assert release.date is not None and release.date["value"] == "2024-03-09"
