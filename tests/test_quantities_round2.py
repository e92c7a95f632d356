"""Quantities, second round: counted nouns with a pronoun suffix, the full range phrase,
English number words, ranges and approximations. Phrases written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.document import Document
from marsad.recognize.quantities import recognize_quantities
from marsad.recognize.times import recognize_times
from marsad.text.segment import tokenize


def quantities(text: str) -> list[tuple[Any, ...]]:
    doc = Document(source="t", raw=text, text=text)
    tokenize(doc)
    recognize_times(doc)
    recognize_quantities(doc)
    for q in doc.quantities:
        assert doc.text[q.start : q.end] == q.text
    return [(q.text, q.min, q.max, q.approximate, q.unit) for q in doc.quantities]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل القصف أطفالها الثلاث", [("الثلاث", 3, 3, False, "child")]),
        ("فقدت أطفالها الثلاثة وزوجها", [("الثلاثة", 3, 3, False, "child")]),
        ("أفرجت عن معتقليها الخمسة", [("الخمسة", 5, 5, False, "detainee")]),
        ("سلمت عناصرهم العشرين إلى العراق", [("العشرين", 20, 20, False, "member")]),
        ("نقلت سجناءهم الأربعة", [("الأربعة", 4, 4, False, "prisoner")]),
        # a noun that is not a counted noun gives no unit, pronoun or not
        ("قال قادتها الثلاثة", [("الثلاثة", 3, 3, False, "leader")]),
        ("قالت بياناتها الثلاثة", [("الثلاثة", 3, 3, False, None)]),
    ],
)
def test_counted_noun_with_a_possessive_pronoun(sentence: str, expected: list[tuple[Any, ...]]) -> None:
    assert quantities(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "quoted", "low", "high"),
    [
        ("يتراوح عددهم من بين 700 إلى 800 شخص", "من بين 700 إلى 800", 700, 800),
        ("يقدر عددهم ما بين 500 إلى 600 عنصر", "ما بين 500 إلى 600", 500, 600),
        ("نقل من 700 إلى 800 معتقل", "من 700 إلى 800", 700, 800),
        ("بين 100 و300 سجين", "بين 100 و300", 100, 300),
    ],
)
def test_range_span_is_the_whole_range_phrase(sentence: str, quoted: str, low: int, high: int) -> None:
    (q,) = quantities(sentence)
    assert q[:3] == (quoted, low, high)


def test_min_bayn_without_a_range_is_not_a_range() -> None:
    # «من بين 700 معتقل»: among 700 detainees
    assert quantities("فر 20 من بين 700 معتقل") == [
        ("20", 20, 20, False, None),
        ("700", 700, 700, False, "detainee"),
    ]


@pytest.mark.parametrize(
    ("sentence", "quoted", "low", "high", "approximate", "unit"),
    [
        ("Thirteen prisoners escaped", "Thirteen", 13, 13, False, "prisoner"),
        ("eleven guards were wounded", "eleven", 11, 11, False, "guard"),
        ("nineteen children were evacuated", "nineteen", 19, 19, False, "child"),
        ("twenty-five guards were wounded", "twenty-five", 25, 25, False, "guard"),
        ("forty two women left the camp", "forty two", 42, 42, False, "woman"),
        ("seventy men were moved", "seventy", 70, 70, False, "man"),
        ("ninety-nine families returned", "ninety-nine", 99, 99, False, "family"),
        ("nearly two hundred prisoners", "nearly two hundred", 200, 200, True, "prisoner"),
        ("about 30 prisoners", "about 30", 30, 30, True, "prisoner"),
        ("more than 50 fighters", "more than 50", 51, None, False, "fighter"),
        ("between 100 and 300 detainees", "between 100 and 300", 100, 300, False, "detainee"),
        ("from 10 to 20 guards", "from 10 to 20", 10, 20, False, "guard"),
        ("up to 5,000 people", "up to 5,000", None, 5000, False, "person"),
        ("at least 180 prisoners", "at least 180", 180, None, False, "prisoner"),
        ("hundreds of detainees", "hundreds", 200, 999, True, "detainee"),
        ("dozens of children", "dozens", 24, 99, True, "child"),
        ("thousands of families", "thousands", 2000, 9999, True, "family"),
        ("scores of fighters", "scores", 40, 99, True, "fighter"),
    ],
)
def test_english_numbers(
    sentence: str, quoted: str, low: Any, high: Any, approximate: bool, unit: str
) -> None:
    (q,) = quantities(sentence)
    assert q == (quoted, low, high, approximate, unit)
