"""Ways the press writes known places, on sentences written for these tests: a name quoted
after its head noun, a region's other names, an English name that is an English word too."""

from __future__ import annotations

from event_helpers import prepared


def _places(text: str) -> set[str]:
    return set(prepared(text).entities)


def test_a_place_name_quoted_after_its_head_noun_is_the_place() -> None:
    assert "tishreen_dam" in _places('اندلعت اشتباكات عنيفة قرب سد "تشرين" شرقي منبج.')


def test_the_hamrin_range_by_its_other_names() -> None:
    assert "hamrin_mountains" in _places("نفذت القوات عملية تفتيش في تلال حمرين.")
    assert "hamrin_mountains" in _places("Troops swept the Hamrin hills overnight.")


def test_the_english_names_of_ain_al_asad() -> None:
    assert "ain_al_asad_base" in _places("Rockets were fired at al-Asad air base in Anbar.")
    assert "ain_al_asad_base" in _places("A drone targeted the Asad base on Monday.")


def test_an_english_name_that_is_an_english_word_names_the_place_only_capitalised() -> None:
    assert "hit_iraq" not in _places("A roadside bomb hit a patrol near the border.")
    assert "hit_iraq" in _places("Gunmen attacked a checkpoint in Hit on Monday.")


def test_the_kaf_spelling_of_daquq_and_the_saladin_name_of_its_province() -> None:
    # Iraqi and Kurdish outlets write the qaf of داقوق as kaf; the English press the
    # governorate as "Saladin"
    assert "daquq_district" in _places("نفذت القوات عملية تفتيش في منطقة داكوك جنوب كركوك.")
    assert "salahuddin_governorate" in _places("A roadside bomb struck a patrol in Saladin governorate.")
