"""Happenings told in a relative clause about people («المعتقلين الذين اعتقلوا ...», "detainees
who were arrested ...") describe who the people are: background, unless the clause gives the
happening a time that is a point or a number of its own. Sentences written for these tests."""

from __future__ import annotations

from event_helpers import only
from marsad.document import Document
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-10")


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
