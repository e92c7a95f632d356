"""«دفعة» is a batch noun: governed by another happening's verb it is that happening's
object, not a move of its own. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def types(text: str) -> list[str]:
    return [e.type for e in analyze_text(text).events]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("أفرجت الإدارة الذاتية يوم الأحد عن دفعة جديدة من المحتجزين.", "release"),
        ("أطلقت قسد سراح دفعة من الموقوفين بوساطة عشائرية.", "release"),
        ("اعتقلت الأسايش دفعة من المطلوبين في حملة على الحي.", "arrest"),
    ],
)
def test_governed_batch_is_no_transfer(text: str, kind: str) -> None:
    found = types(text)
    assert kind in found
    assert "transfer" not in found


