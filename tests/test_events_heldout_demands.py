"""What a demand asks for, and a past happening named as the start of a stretch of time,
are no events. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from event_helpers import kept_by_the_grammar
from marsad.pipeline import analyze_text


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


def test_an_asserted_battle_is_left_to_the_model() -> None:
    assert kept_by_the_grammar("اندلعت معارك عنيفة في بلدة الباغوز مساء الأحد.", "معارك", "clash")
    assert not kept_by_the_grammar("طالبت العائلات بوقف المعارك في بلدة الباغوز.", "المعارك", "clash")
