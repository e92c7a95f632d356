"""What a demand asks for, and a past happening named as the start of a stretch of time,
are no events. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("وتطالب السلطات المحلية الحكومات الأجنبية باستعادة رعاياها من المخيمات.",
         "repatriation"),
        ("دعا المبعوث الأممي يوم الإثنين الدول إلى استعادة مواطنيها المحتجزين.",
         "repatriation"),
        ("حثت المنظمة بغداد على تسلم المعتقلين العراقيين في أقرب وقت.", "repatriation"),
        ("جدد الأهالي المطالبة بالإفراج عن أبنائهم المعتقلين يوم الجمعة.", "release"),
        ("The council urged states to repatriate their nationals held in the camps.",
         "repatriation"),
        # background: a battle that starts a stretch of time
        ("تعيش آلاف العائلات في المخيم منذ انتهاء معارك الباغوز في آذار 2019.", "clash"),
        ("يقبع المحتجزون في السجون منذ معارك الرقة.", "clash"),
        ("The camp has held the families since the battle of Baghuz in 2019.", "clash"),
    ],
)
def test_asked_for_or_referenced_is_no_event(text: str, absent: str) -> None:
    assert absent not in types(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("استعادت الحكومة العراقية 200 من رعاياها من مخيم الهول يوم الثلاثاء.",
         "repatriation"),
        ("اندلعت معارك عنيفة في بلدة الباغوز مساء الأحد.", "clash"),
        # a demand and, in its own clause, the happening itself
        ("طالبت العائلات بالإفراج عن المعتقلين، وأفرجت قسد عن 30 منهم يوم السبت.", "release"),
    ],
)
def test_the_happening_itself_stays(text: str, present: str) -> None:
    assert present in types(text)
