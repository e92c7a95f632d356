"""A raid takes its type from its doer, also when the doer is named by its men in the
construct («مسلحي الميليشيا», «عناصر قسد»). Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def raid_types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events if e.trigger.text.startswith(("داهم", "دهم", "مداهم"))]


@pytest.mark.parametrize(
    "text",
    [
        "وذكرت المصادر أن عناصر قسد داهموا عدداً من المنازل في بلدة الصور.",
        "قال الأهالي إن مسلحي قوات سوريا الديمقراطية داهموا منازل في قرية الحصين.",
        "داهمت قوات الأسايش منازل في حي غويران فجر الإثنين.",
    ],
)
def test_raid_by_a_force_is_a_security_operation(text: str) -> None:
    assert raid_types(text) == ["security_operation"]


