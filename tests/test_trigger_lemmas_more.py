"""Lemmas of the conflict vocabulary added with their guards, on sentences written for these
tests: each is proposed where it tells a happening and not where the same letters say
something else."""

from __future__ import annotations

from event_helpers import prepared
from marsad.extract.proposals import propose


def _proposed(text: str, word: str) -> tuple[str, ...]:
    doc = prepared(text)
    _idx, cands = propose(doc)
    at = doc.text.index(word)
    return next((c.types for c in cands if c.start <= at < c.end), ())


def test_wresting_ground_is_a_takeover_extracting_confessions_is_not() -> None:
    assert "security_operation" in _proposed("انتزع الجيش السيطرة على القرية بعد معارك.", "انتزع")
    assert "security_operation" in _proposed("جاء ذلك بعد انتزاع البلدة من قسد.", "انتزاع")
    assert _proposed("اتهمت المنظمة المحققين بانتزاع اعترافات منه.", "انتزاع") == ()


def test_a_seizure_is_an_operation_self_restraint_is_not() -> None:
    assert "security_operation" in _proposed("ضبطت القوات سيارة مفخخة على الحاجز.", "ضبطت")
    assert "security_operation" in _proposed("وتم ضبط ستة أوكار للتنظيم في القرية.", "ضبط")
    assert _proposed("ودعا الطرفين إلى ضبط النفس.", "ضبط") == ()


def test_forces_spreading_out_are_a_deployment_news_spreading_is_not() -> None:
    assert "security_operation" in _proposed("انتشرت قوات الأمن في شوارع المدينة.", "انتشرت")
    assert _proposed("انتشر الخبر بسرعة في المدينة.", "انتشر") == ()


def test_troops_massed_and_a_death_after_wounds() -> None:
    assert "reinforcement" in _proposed("وصلت حشود عسكرية إلى أطراف البلدة.", "حشود")
    assert _proposed("هاجمت قوات الحشد الشعبي مواقع التنظيم.", "الحشد") == ()
    assert "killing" in _proposed("فارق الشاب الحياة متأثراً بجراحه.", "فارق")
