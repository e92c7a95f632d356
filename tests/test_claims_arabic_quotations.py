"""Verbs inside an Arabic direct quotation belong to the claim that opened it. Sentences
written for these tests."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def _verbs(text: str) -> list[str | None]:
    return [c.verb for c in analyze_text(text, published="2023-05-01").claims]


def test_first_person_verbs_inside_a_quotation_are_not_claims() -> None:
    verbs = _verbs(
        "وقال مصدر محلي لمراسلنا: “تحدثت مع الحراس، وأكدوا لي أن الوضع هادئ، وأقول إن "
        "الخطر ما زال قائماً”."
    )
    assert verbs == ["قال"]


def test_guillemets_open_a_quotation_too() -> None:
    verbs = _verbs("وأفادت مصادر محلية: «رأيت بنفسي الحافلات، وأكد لي السائق أنها تقل معتقلين».")
    assert verbs == ["أفادت"]


def test_a_closed_quotation_does_not_hide_the_next_claim() -> None:
    verbs = _verbs(
        "وقال مسؤول في الإدارة الذاتية إن “الوضع تحت السيطرة”. وأكدت مصادر محلية أن "
        "الاشتباكات توقفت."
    )
    assert verbs == ["قال", "أكدت"]
