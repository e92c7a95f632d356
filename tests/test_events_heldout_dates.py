"""One time told once for happenings tied by the grammar: a cause and its result, verbs
chained by «و». Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def dates(text: str) -> dict[str, str | None]:
    doc = analyze_text(text, published="2024-03-06")
    return {e.type: (e.date or {}).get("value") for e in doc.events}  # type: ignore[misc]


def test_operation_and_the_arrest_it_led_to_share_the_day() -> None:
    found = dates(
        "نفذت قوى الأمن عملية أمنية في بلدة الشحيل، فجر يوم الأحد 3 آذار، أسفرت عن القبض "
        "على أربعة مطلوبين."
    )
    assert found["security_operation"] == found["arrest"] == "2024-03-03"


def test_attack_and_the_killing_it_caused_share_the_day() -> None:
    found = dates(
        "هجوم لمسلحين على حاجز عند مدخل بلدة الهول مساء أمس الثلاثاء، ما أدى لمقتل عنصرين."
    )
    assert found["attack"] == found["killing"] == "2024-03-05"


def test_chained_verbs_share_the_time() -> None:
    found = dates(
        "نقلت قسد أمس الثلاثاء عشرات المحتجزين إلى سجن الشدادي. "
        "وقال الأهالي إن عناصر الأسايش داهموا في اليوم ذاته منازل في قرية تل حميس "
        "واعتقلوا 7 شبان."
    )
    assert found["arrest"] == found["security_operation"] == "2024-03-05"


