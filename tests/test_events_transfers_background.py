"""Transfers told several times, planned transfers, batches, and background relative
clauses — on sentences written for these tests."""

from __future__ import annotations

from marsad.document import Event
from marsad.extract.lexicons import scan
from marsad.pipeline import analyze_text


def _events(text: str, kind: str | None = None) -> list[Event]:
    doc = analyze_text(text, published="2026-02-01")
    return [e for e in doc.events if kind is None or e.type == kind]


def _moves(text: str) -> list[Event]:
    return [e for e in _events(text) if e.type in ("transfer", "repatriation")]


def test_in_preparation_for_a_transfer_is_expected() -> None:
    moves = _moves(
        "نقلت القوات الأمريكية يوم الأحد عشرات المعتقلين من سجن غويران في الحسكة إلى "
        "قاعدة خراب الجير، تمهيداً لنقلهم إلى العراق."
    )
    assert [e.modality for e in moves] == ["asserted", "expected"]


def test_will_be_transferred_is_expected() -> None:
    (move,) = _moves("وقال المسؤول إنه سيتم نقل 200 معتقل من سجن غويران إلى العراق الأسبوع المقبل.")
    assert move.modality == "expected"


def test_the_people_moved_named_by_a_pronoun_continue_the_transfer() -> None:
    (move,) = _moves(
        "نقلت قسد معتقلين من سجن غويران إلى سجن الشدادي. وقال مصدر إن الحراسة كانت مشددة. "
        "وأضاف أن الطريق أغلق لساعات. وأكد أن المعتقلين الذين تم نقلهم من الأجانب."
    )
    assert [s.text for s in move.evidence] == ["نقلت", "تم نقلهم"]


def test_a_batch_that_arrived_is_a_transfer() -> None:
    (move,) = _moves("وكانت الدفعة الأولى من هؤلاء المعتقلين قد وصلت من سوريا إلى العراق.")
    assert move.trigger.text == "الدفعة الأولى من"
    assert _moves("وصلت دفعة جديدة من المساعدات إلى المخيم.") == []


def test_a_batch_governed_by_a_move_verb_is_no_second_move() -> None:
    moves = _moves("تسلمت السلطات العراقية الدفعة الأولى من المعتقلين من قسد.")
    assert [e.trigger.text for e in moves] == ["تسلمت"]


def test_repatriation_happens_in_the_state_taking_its_people_back() -> None:
    (move,) = _moves(
        "أعلنت الحكومة العراقية أن العراق استعاد 300 معتقل من عناصر داعش كانوا محتجزين في سوريا."
    )
    assert (move.type, move.place, move.destination) == ("repatriation", "iraq", "iraq")


def test_people_noun_with_the_article_is_not_the_facility() -> None:
    doc = analyze_text("وصل هؤلاء المعتقلين إلى بغداد.")
    assert [h.text for h in scan(doc).people] == ["المعتقلين"]


def test_unanchored_relative_clause_is_background() -> None:
    assert _events("زار الوفد السجن الذي شهد هجوماً في الماضي.", "attack") == []
    assert _events("أفرجت قسد عن عشرة أشخاص كانوا قد اعتقلوا في أوقات سابقة.", "arrest") == []
    assert _events("The camp holds civilians who have been arrested by the guards.", "arrest") == []


def test_anchored_relative_clause_is_an_event() -> None:
    (attack,) = _events("زار الوفد سجن غويران الذي شهد هجوماً في 20 كانون الثاني 2022.", "attack")
    assert attack.date is not None and attack.date["value"] == "2022-01-20"


def test_relative_clause_joins_the_happening_the_document_tells() -> None:
    (attack,) = _events(
        "هاجم التنظيم سجن غويران يوم الخميس. وقالت قسد إن عناصرها صدوا الهجوم الذي شنه "
        "التنظيم على السجن."
    )
    assert len(attack.evidence) >= 2
