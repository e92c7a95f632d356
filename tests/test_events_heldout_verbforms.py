"""A verb form takes neither the article nor a noun's ending.

«الفرات» is no «فرّ» with «ال» and «ات»; «رحلة» is no «رحّل» with «ة». The verbal noun that
is written like the perfect («القتل», «الهرب») is listed as a noun and still counts.
Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # the river (with and without the article) is no escape
        ("انتشرت دوريات على ضفاف نهر الفرات قرب بلدة الشحيل يوم الثلاثاء.", "escape"),
        ("عبرت العبارة من الضفة الأخرى للفرات صباح أمس.", "escape"),
        ("وصلت قوافل المياه إلى قرى ريف دير الزور الواقعة على الفرات.", "escape"),
        ("تقع البلدة في منطقة وادي فرات الأوسط.", "escape"),
        # trips are no deportation, peace is no handing over
        ("نظمت الجمعية رحلتين إلى الساحل خلال الصيف.", "repatriation"),
        ("قامت المدرسة برحلة إلى البادية للمعتقلين السابقين.", "repatriation"),
        ("دعا الوجهاء إلى السلم الأهلي بين العشائر والمعتقلين.", "repatriation"),
    ],
)
def test_verb_form_with_noun_morphology_is_no_trigger(text: str, absent: str) -> None:
    assert absent not in types(text)


