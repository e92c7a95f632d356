"""English and Arabic trigger coverage and descriptive participles (own sentences)."""

from __future__ import annotations

from event_helpers import happenings
from marsad.pipeline import analyze_text


def _types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text, published="2022-01-21").events]


def _kept(text: str) -> list[str]:
    """The types the lexicon and the clause grammar give the sentence's happenings."""
    return [e.type for e in happenings(text, published="2022-01-21")]


def test_cordon_encircle_and_full_control_are_security_operations() -> None:
    assert _kept("Police encircled the prison at dawn.") == ["security_operation"]
    assert _kept("The army imposed a security cordon around the district.") == [
        "security_operation"
    ]
    assert _kept("The SDF took full control of the prison.") == ["security_operation"]


def test_targeted_the_guards_is_an_attack() -> None:
    assert _types("Gunmen targeted the guards of the prison.") == ["attack"]


def test_arabic_body_found_and_participle_killed() -> None:
    assert _types("عُثر على جثة رجل قرب مخيم الهول.") == ["killing"]
    assert _types("وُجدت امرأة مقتولة داخل خيمتها في مخيم الهول.") == ["killing"]
    assert _types("سيطرت بشكل كامل على سجن الصناعة.") == ["security_operation"]


def test_descriptive_participle_is_no_arrest() -> None:
    assert _types("The guards counted militants previously detained within the prison.") == []
    assert _kept("The SDF detained 20 militants in the town.") == ["arrest"]
    assert _kept("Five militants were detained in the town.") == ["arrest"]


def test_civilians_fleeing_are_no_escape() -> None:
    assert "escape" not in _types("Residents fleeing the shelling reached the city.")
    assert "escape" in _types("Ten prisoners escaped from the jail.")




def test_claimed_the_lives_is_a_death_not_a_statement() -> None:
    text = "The fire in the camp claimed the lives of three detainees."
    assert analyze_text(text, published="2022-01-21").claims == []
    assert _kept(text) == ["killing"]
    assert analyze_text("Cholera claims the life of a child in the camp.").claims == []
    # the reporting verb still opens its claim
    doc = analyze_text("The group claimed that its fighters killed five guards.", published="2022-01-21")
    assert [c.verb for c in doc.claims] == ["claimed"]


def test_prisoner_exchange_is_a_release_and_exchange_of_fire_is_not() -> None:
    assert _kept("جرت عملية تبادل للأسرى بين الطرفين قرب مدينة الباب.") == ["release"]
    assert _kept("The two sides completed a prisoner exchange near the crossing.") == ["release"]
    assert "release" not in _kept("تبادل الطرفان إطلاق النار قرب الحاجز.")
    assert _kept("تبادل الوزيران الاتهامات خلال الجلسة.") == []


def test_popular_movement_is_a_protest_and_diplomatic_movement_is_not() -> None:
    assert _kept("وتواصل الحراك الشعبي في ساحة المدينة لليوم العاشر.") == ["other"]
    assert _kept("خرج حراك سلمي في البلدة رفضاً لرفع الأسعار.") == ["other"]
    assert _kept("تصاعد الحراك الدبلوماسي بين العاصمتين.") == []


def test_patrolling_is_a_deployment() -> None:
    assert _kept("Army units patrolled the border villages overnight.") == ["security_operation"]
    assert _kept("Police stepped up patrolling around the camp.") == ["security_operation"]


def test_sentenced_to_death_is_a_verdict_not_a_killing() -> None:
    assert _kept("A court in Baghdad sentenced four men to death on Monday.") == ["other"]
    assert _kept("The judge sentenced the former officer to life in prison.") == ["other"]
    # a death of its own is still a killing
    assert "killing" in _kept("Gunmen killed two guards and the death toll rose in Baghdad.")


def test_rockets_fired_and_strikes_on_a_place_are_attacks() -> None:
    assert "attack" in _kept("Militants fired two rockets at the base near Kirkuk.")
    assert "attack" in _kept("Five rockets were fired at the base near Kirkuk.")
    assert "attack" in _kept("Israeli strikes on Damascus wounded four people.")
    assert "attack" in _kept("أطلقت الفصائل صاروخين على قاعدة عسكرية قرب كركوك.")
    # a workers' strike, a launched campaign: no munition, nothing struck
    assert _kept("The workers went on strike in Basra.") == []
    assert "attack" not in _kept("The ministry launched a vaccination campaign in Basra.")
