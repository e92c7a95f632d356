"""«أعاد»/«إعادة» with another happening's verbal noun means "again": a re-arrest is an
arrest, never a repatriation. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    "text",
    [
        "أعادت الحكومة العراقية 150 عائلة من مخيم الهول إلى العراق.",
        # the return told first, a separate arrest after a number
        "أعادت بغداد 40 عراقياً من المخيم واعتقلت خمسة منهم عند الحدود.",
    ],
)
def test_a_real_return_stays(text: str) -> None:
    assert "repatriation" in types(text)
