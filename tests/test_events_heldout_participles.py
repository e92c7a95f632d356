"""Participles that name people by what was done to them («المفرج عنهم», "the released
men") point back at a happening told; they are no new event.
Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


def test_arabic_definite_participle_is_no_second_release() -> None:
    text = (
        "أفرجت قسد يوم الخميس عن 40 موقوفاً من أبناء ريف الرقة بكفالة عشائرية. "
        "ووصل المفرج عنهم إلى بلدة الكرامة مساء اليوم نفسه."
    )
    assert types(text) == ["release"]


def test_english_participle_before_people_is_no_second_release() -> None:
    text = (
        "The local council freed 30 detainees on Sunday. "
        "Elders signed guarantees for the released men in the town of Shuhayl."
    )
    assert types(text) == ["release"]


def test_participle_alone_tells_nothing_new() -> None:
    assert "release" not in types("التقى الوفد بالمفرج عنهم في قاعة البلدية.")


def test_release_verb_after_determiner_is_still_a_release() -> None:
    assert "release" in types("The SDF released 12 women from the camp on Monday.")
