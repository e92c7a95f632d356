"""Round 3 of the time recognizer, on invented phrases: a named weekday that disagrees with
«اليوم»/«أمس», English relative expressions, «حتى الآن», position words (مطلع/منتصف/أواخر),
and «الشهر الجاري» anchored on a month the text itself calls current."""

from __future__ import annotations

from typing import Any

import pytest

from recognize_helpers import times_of

# sentence, published, span, value, keys that must be present with these values
CASES: list[tuple[str, str | None, str, str | None, dict[str, Any]]] = [
    # the named weekday wins over «اليوم»/«أمس»: the most recent such day on or before
    ("وصلت القافلة اليوم الأحد إلى المخيم", "2023-03-13", "اليوم الأحد", "2023-03-12",
     {"weekday": "sunday", "weekday_mismatch": True}),
    ("وصلت القافلة اليوم الأحد إلى المخيم", "2023-03-10", "اليوم الأحد", "2023-03-05",
     {"weekday": "sunday", "weekday_mismatch": True}),
    ("غادرت الحافلات أمس الخميس", "2023-03-12", "أمس الخميس", "2023-03-09",
     {"weekday": "thursday", "weekday_mismatch": True}),
    ("تصل اللجنة غداً الثلاثاء", "2023-03-12", "غداً الثلاثاء", "2023-03-14",
     {"weekday": "tuesday", "weekday_mismatch": True}),
    ("وصلت القافلة اليوم الأحد إلى المخيم", "2023-03-12", "اليوم الأحد", "2023-03-12",
     {"weekday": "sunday"}),
    # English relative expressions
    ("Guards moved the inmates this morning, officials said.", "2023-03-12", "this morning",
     "2023-03-12", {}),
    ("The council met yesterday to discuss the camp.", "2023-03-12", "yesterday", "2023-03-11", {}),
    ("The convoy left on Thursday.", "2023-03-12", "Thursday", "2023-03-09",
     {"weekday": "thursday"}),
    ("The talks stalled last month.", "2023-03-12", "last month", "2023-02", {}),
    ("Earlier this month, the council visited the camp.", "2023-03-12", "Earlier this month",
     "2023-03", {"to_date": True, "earliest": "2023-03-01", "latest": "2023-03-12"}),
    ("The transfer began on Feb. 7 under guard.", "2023-03-12", "Feb. 7", "2023-02-07",
     {"year_inferred": True}),
    ("It was signed on 7 Feb. 2021 in the city.", None, "7 Feb. 2021", "2021-02-07", {}),
    ("It was signed on 20 January 2022 in the city.", None, "20 January 2022", "2022-01-20", {}),
    ("The camp grew in early March.", "2023-03-20", "early March", "2023-03",
     {"position": "early", "earliest": "2023-03-01", "latest": "2023-03-10"}),
    ("Work stopped in mid-2019.", None, "mid-2019", "2019",
     {"position": "mid", "earliest": "2019-05-01", "latest": "2019-08-31"}),
    ("Fifty families have returned so far.", "2023-03-12", "so far", None,
     {"to_date": True, "latest": "2023-03-12"}),
    # «حتى الآن», «منذ بداية العام»
    ("لم يصدر أي بيان حتى الآن عن اللجنة", "2023-03-12", "حتى الآن", None,
     {"to_date": True, "latest": "2023-03-12"}),
    ("عاد 300 شخص منذ بداية العام", "2023-03-12", "بداية العام", "2023",
     {"position": "early", "since": True, "earliest": "2023-01-01", "latest": "2023-03-12"}),
    ("ستنتهي الأعمال نهاية العام", "2023-03-12", "نهاية العام", "2023",
     {"position": "late", "earliest": "2023-09-01", "latest": "2023-12-31"}),
    ("وصلت الدفعة في أواخر الشهر الماضي", "2023-03-12", "أواخر الشهر الماضي", "2023-02",
     {"position": "late", "earliest": "2023-02-21", "latest": "2023-02-28"}),
    ("في مطلع العام الجاري افتتح المركز", "2023-03-12", "مطلع العام الجاري", "2023",
     {"position": "early", "earliest": "2023-01-01", "latest": "2023-04-30"}),
    ("تأجلت الجلسة إلى منتصف الشهر المقبل", "2023-03-12", "منتصف الشهر المقبل", "2023-04",
     {"position": "mid", "earliest": "2023-04-11", "latest": "2023-04-20"}),
    ("افتتح المعبر أواسط تموز 2018", None, "أواسط تموز 2018", "2018-07",
     {"position": "mid", "earliest": "2018-07-11", "latest": "2018-07-20"}),
    ("أغلق المعبر أواخر 2020", None, "أواخر 2020", "2020",
     {"position": "late", "earliest": "2020-09-01", "latest": "2020-12-31"}),
    ("بدأ التسجيل في بداية الشهر", None, "بداية الشهر", None, {"position": None}),
]


@pytest.mark.parametrize(("sentence", "published", "span", "value", "extra"), CASES)
def test_time_round3(sentence: str, published: str | None, span: str, value: str | None,
                     extra: dict[str, Any]) -> None:
    found = times_of(sentence, published)
    assert [t["text"] for t in found] == [span], found
    t = found[0]
    assert t["value"] == value, t
    for key, expected in extra.items():
        assert t.get(key) == expected, (key, t)


def test_current_month_named_earlier_anchors_the_current_month_without_published() -> None:
    found = times_of("بدأ الحصار في أيلول الجاري، وفي 17 من الشهر الجاري سقطت البلدة")
    assert [(t["text"], t["value"]) for t in found] == [
        ("أيلول الجاري", "XXXX-09"), ("17 من الشهر الجاري", "XXXX-09-17")]
    found = times_of("بدأ الحصار في أيلول الجاري، وفي 3 من الشهر الماضي وقعت الغارة")
    assert found[-1]["value"] == "XXXX-08-03"
    found = times_of("وفي العام الجاري 2021 وخلال الشهر الجاري اشتدت المعارك")
    assert found[-1]["text"] == "الشهر الجاري" and found[-1]["value"] is None


def test_current_month_without_any_anchor_stays_null() -> None:
    found = times_of("وفي 17 من الشهر الجاري سقطت البلدة")
    assert [(t["text"], t["value"]) for t in found] == [("17 من الشهر الجاري", None)]


def test_first_of_month_is_not_an_early_position() -> None:
    # «أول أيار» is the first of May, not "early May": «أول» is not a position word
    found = times_of("عطلة في أول أيار 2022")
    assert all("position" not in t for t in found), found
