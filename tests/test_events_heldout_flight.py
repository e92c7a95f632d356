"""Attackers getting away after their attack are no escape from custody.

Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    "text",
    [
        "أطلق مسلحون النار على سيارة في بلدة الصور، وذكرت مصادر أن المسلحين لاذوا بالفرار.",
        "قالت المصادر إن المهاجمين كانوا على دراجة نارية وفروا باتجاه البادية.",
        "استهدف هجوم حاجزاً للشرطة قرب المدينة وفرّ المهاجمون نحو الصحراء مساء الجمعة.",
        "هاجم مجهولون نقطة عسكرية في ريف دير الزور ثم فروا إلى جهة مجهولة.",
        "Gunmen opened fire on a checkpoint and fled towards the desert.",
    ],
)
def test_attackers_fleeing_is_no_escape(text: str) -> None:
    assert "escape" not in types(text)


