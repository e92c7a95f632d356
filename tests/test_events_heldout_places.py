"""Where an event happened: a place inside a body's name is not it, and a place that only
locates another («الشدادي جنوبي الحسكة») gives way to the place it locates.
Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


def places(text: str, kind: str) -> list[str | None]:
    return [e.place for e in analyze_text(text).events if e.type == kind]


@pytest.mark.parametrize(
    "text",
    [
        "أفرجت «الإدارة الذاتية» لشمال وشرق سوريا عن 25 موقوفاً يوم الأحد.",
        "The Autonomous Administration of North and East Syria released 25 detainees on Sunday.",
    ],
)
def test_place_in_a_body_name_is_not_the_event_place(text: str) -> None:
    assert places(text, "release") == [None]


def test_named_place_still_wins_over_the_body_name() -> None:
    text = "أفرجت «الإدارة الذاتية» لشمال وشرق سوريا عن 25 موقوفاً في بلدة الكسرة."
    assert places(text, "release") == ["al_kasrah"]


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        ("قتل عنصران في هجوم على حاجز عند مدخل مدينة الشدادي جنوبي الحسكة مساء الخميس.",
         "killing", "al_shaddadi"),
        ("وصل المفرج عنهم من السجن إلى بلدة الكسرة غربي دير الزور مساء السبت.",
         "release", "al_kasrah"),
        ("Gunmen killed two guards in Hajin, east of Deir ez-Zor, on Monday.", "killing",
         "hajin"),
    ],
)
def test_locating_place_gives_way(text: str, kind: str, place: str) -> None:
    assert places(text, kind) == [place]


def test_next_happening_with_no_place_continues_the_story() -> None:
    text = (
        "تحدثت مصادر محلية عن فرار عدد من المحتجزين من سجن في مدينة الطبقة ليل الجمعة. "
        "ونفت قوى الأمن ذلك، مؤكدة أن ما جرى محاولة تمرد محدودة."
    )
    assert places(text, "riot") == ["tabqa"]


def test_happening_with_a_time_of_its_own_keeps_no_place() -> None:
    text = (
        "نقلت قسد عشرات السجناء من سجن الصوامع في الرقة إلى الحسكة. "
        "وجاء ذلك بعد فرار خمسة سجناء الأسبوع الماضي."
    )
    assert places(text, "escape") == [None]


def test_sectors_of_a_camp_are_the_camp() -> None:
    text = (
        "يضم مخيم الهول آلاف العائلات من جنسيات مختلفة. "
        "وتشكو المنظمات من نقص الخدمات. "
        "واعتقلت الأسايش يوم الإثنين 12 شخصاً في قطاعات المهاجرين."
    )
    assert places(text, "arrest") == ["al_hol_camp"]
