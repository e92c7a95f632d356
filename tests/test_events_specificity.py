"""Round 4 rules, on sentences written for these tests: event type from the doer, new
triggers, generic mentions, vague counts."""

from __future__ import annotations

import pytest

from event_helpers import kept_by_the_grammar
from marsad.document import Event
from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


def first(text: str, kind: str) -> Event:
    evs = [e for e in analyze_text(text).events if e.type == kind]
    assert evs, [(e.type, e.trigger.text) for e in analyze_text(text).events]
    return evs[0]


def test_taking_a_prison_back_is_a_security_operation() -> None:
    e = first("أعلنت قسد السيطرة الكاملة على سجن غويران بعد أيام من القتال.", "security_operation")
    assert e.place == "ghwayran_prison"


def test_control_of_a_town_is_no_event() -> None:
    assert "security_operation" not in types("وتتنافس الفصائل على السيطرة على مدينة الرقة.")


def test_leaving_a_camp_for_a_country_is_a_repatriation() -> None:
    text = "غادرت صباح اليوم 120 عائلة عراقية مخيم الهول بالتنسيق مع الحكومة العراقية."
    e = first(text, "repatriation")
    assert e.count is not None and e.count["min"] == 120


def test_leaving_without_a_country_is_no_repatriation() -> None:
    assert "repatriation" not in types("غادر الوفد المخيم بعد زيارة قصيرة.")


def test_released_whoever_was_held() -> None:
    text = "وتركت القوات حراسة المخيم، وأطلقت من كان محتجزاً بداخله."
    assert kept_by_the_grammar(text, "أطلقت", "release")


def test_english_died_is_a_killing() -> None:
    assert "killing" in types("At least 40 inmates have died since the attack on the jail.")


@pytest.mark.parametrize(
    "sentence",
    [
        "ويشهد المخيم بين الحين والآخر عمليات فرار أو هجمات ضد الحراس.",
        "وتدرب القوات عناصرها على التعامل مع حالات العصيان في السجون.",
        "وهم من المقاتلين الذين شاركوا في معارك التحرير في الموصل.",
        "وأقيم المخيم لاستقبال الفارين من الحرب.",
        "وكان القيادي ينشط في تهريب المطلوبين عبر الحدود.",
    ],
)
def test_generic_or_historical_mentions_are_no_events(sentence: str) -> None:
    assert not [t for t in types(sentence) if t in ("escape", "attack", "riot", "clash")]


def test_a_dated_mention_is_specific() -> None:
    e = first("وقالت المصادر إن حالات فرار 5 سجناء سجلت يوم 3 آذار في سجن الحسكة.", "escape")
    assert e.count is not None and e.count["min"] == 5


def test_warned_escape_of_dozens_does_not_merge_into_the_escape() -> None:
    text = (
        "فرّ أكثر من 20 سجيناً من سجن غويران يوم 20 كانون الثاني 2022.\n"
        "وحذر قيادي من خطر هروب العشرات من عناصر داعش."
    )
    doc = analyze_text(text)
    asserted = [e for e in doc.events if e.type == "escape" and e.modality == "asserted"]
    assert asserted and asserted[0].count is not None and asserted[0].count["min"] == 21
