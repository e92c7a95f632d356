"""Table-driven tests of the quantity recognizer on invented Arabic (and some English) phrases.

Each row: sentence, then the expected quantities as (span, min, max, approximate, unit).
An empty list asserts that nothing is recognised (negative cases). Times are recognised
first, as in the pipeline, so numbers inside dates are not counted.
"""

from __future__ import annotations

from typing import Any

import pytest

from marsad.document import Document
from marsad.recognize.quantities import recognize_quantities
from marsad.recognize.times import recognize_times
from marsad.text.segment import tokenize

Row = tuple[str, int | float | None, int | float | None, bool, str | None]


def quantities_of(sentence: str, published: str | None = "2022-06-20") -> list[Any]:
    doc = Document(source="t", raw=sentence, text=sentence, published=published)
    tokenize(doc)
    recognize_times(doc)
    recognize_quantities(doc)
    for q in doc.quantities:
        assert doc.text[q.start : q.end] == q.text
    return doc.quantities


CASES: list[tuple[str, list[Row]]] = [
    # --- contract examples
    ("هروب نحو 30 داعشياً من السجن", [("نحو 30", 30, 30, True, "isis_member")]),
    ("أفرج عن من 700 إلى 800 سجين", [("من 700 إلى 800", 700, 800, False, "prisoner")]),
    ("أطلق سراح أكثر من 50 داعشياً", [("أكثر من 50", 51, None, False, "isis_member")]),
    ("حذّر من هروب عشرات السجناء", [("عشرات", 20, 99, True, "prisoner")]),
    ("ألقت القبض على اثنين فقط", [("اثنين", 2, 2, False, None)]),
    # --- digits and separators
    ("يضم المخيم 1,500 عائلة", [("1,500", 1500, 1500, False, "family")]),
    ("يضم المخيم 1.500 عائلة", [("1.500", 1500, 1500, False, "family")]),
    ("يضم المخيم ١٬٥٠٠ عائلة", [("١٬٥٠٠", 1500, 1500, False, "family")]),
    ("يضم المخيم ١٥٠٠ عائلة", [("١٥٠٠", 1500, 1500, False, "family")]),
    ("بلغت الكلفة 2.5 مليون دولار", [("2.5 مليون", 2500000, 2500000, False, "usd")]),
    ("يبلغ عددهم 1.200.000 نسمة", [("1.200.000", 1200000, 1200000, False, "person")]),
    ("نسبة 45% من السكان", [("45", 45, 45, False, "percent")]),
    ("نحو 60 في المئة منهم", [("نحو 60", 60, 60, True, "percent")]),
    # --- multipliers
    ("يقطنه 71 ألف شخص", [("71 ألف", 71000, 71000, False, "person")]),
    ("يؤوي المخيم نحو 65 ألف نازح", [("نحو 65 ألف", 65000, 65000, True, "displaced")]),
    ("قدّر عددهم بأكثر من 40 ألفاً", [("أكثر من 40 ألفاً", 40001, None, False, None)]),
    ("نزح 2 مليون شخص", [("2 مليون", 2000000, 2000000, False, "person")]),
    ("يضم نحو /11/ ألف امرأة", [("نحو /11/ ألف", 11000, 11000, True, "woman")]),
    ("تجاوز الألف معتقل", [("الألف", 1000, 1000, False, "detainee")]),
    # --- number words
    ("قتل ثلاثة أشخاص", [("ثلاثة", 3, 3, False, "person")]),
    ("أفرج عن خمسة وأربعين معتقلاً", [("خمسة وأربعين", 45, 45, False, "detainee")]),
    ("يضم ثلاثة آلاف سجين", [("ثلاثة آلاف", 3000, 3000, False, "prisoner")]),
    ("يضم ثلاثة آلاف وخمسمئة سجين", [("ثلاثة آلاف وخمسمئة", 3500, 3500, False, "prisoner")]),
    ("نقل مئة وعشرين عنصراً", [("مئة وعشرين", 120, 120, False, "member")]),
    ("نقل مائتي معتقل", [("مائتي", 200, 200, False, "detainee")]),
    ("وصل أحد عشر طفلاً", [("أحد عشر", 11, 11, False, "child")]),
    ("وصلت اثنتا عشرة امرأة", [("اثنتا عشرة", 12, 12, False, "woman")]),
    ("فرّ خمسة عشر سجيناً", [("خمسة عشر", 15, 15, False, "prisoner")]),
    ("قتل أربع نساء", [("أربع", 4, 4, False, "woman")]),
    ("وصل عشرون مقاتلاً", [("عشرون", 20, 20, False, "fighter")]),
    ("نقل ثلاثمئة معتقل", [("ثلاثمئة", 300, 300, False, "detainee")]),
    ("نقل ألفي سجين", [("ألفي", 2000, 2000, False, "prisoner")]),
    ("نقل ألفين من السجناء", [("ألفين", 2000, 2000, False, "prisoner")]),
    ("اعتقلت النساء الأربع", [("الأربع", 4, 4, False, "woman")]),
    ("بقي سجين واحد", [("واحد", 1, 1, False, "prisoner")]),
    # --- duals
    ("فرّ سجينان من السجن", [("سجينان", 2, 2, False, "prisoner")]),
    ("أعيد سجينين إلى الزنزانة", [("سجينين", 2, 2, False, "prisoner")]),
    ("تمرد مهجعين اثنين فقط", [("مهجعين اثنين", 2, 2, False, "dormitory")]),
    ("قتل طفلان وامرأة", [("طفلان", 2, 2, False, "child")]),
    ("انفجرت سيارتان مفخختان", [("سيارتان", 2, 2, False, "vehicle")]),
    ("وصلت عائلتان", [("عائلتان", 2, 2, False, "family")]),
    ("أصيب مدنيين في القصف", []),  # plural, not a dual: «مدنيين» counts nothing
    # --- approximations
    ("فرّ حوالي 30 سجيناً", [("حوالي 30", 30, 30, True, "prisoner")]),
    ("فرّ قرابة 10 سجناء", [("قرابة 10", 10, 10, True, "prisoner")]),
    ("يضم زهاء 500 معتقل", [("زهاء 500", 500, 500, True, "detainee")]),
    ("يضم ما يقارب 400 عنصر", [("ما يقارب 400", 400, 400, True, "member")]),
    ("يضم ما يقرب من 400 عنصر", [("ما يقرب من 400", 400, 400, True, "member")]),
    ("يضم 400 عنصر تقريباً", [("400", 400, 400, True, "member")]),
    ("تهريبها لحوالي 30 سجيناً", [("حوالي 30", 30, 30, True, "prisoner")]),
    # --- bounds
    ("فرّ أكثر من 20 من قادة التنظيم", [("أكثر من 20", 21, None, False, "leader")]),
    ("قتل ما لا يقل عن 12 شخصاً", [("ما لا يقل عن 12", 12, None, False, "person")]),
    ("قتل أقل من 10 أشخاص", [("أقل من 10", None, 9, False, "person")]),
    ("قتل ما يزيد على 15 شخصاً", [("ما يزيد على 15", 16, None, False, "person")]),
    ("قتل ما يزيد عن 15 شخصاً", [("ما يزيد عن 15", 16, None, False, "person")]),
    ("عدد لا يزيد عن 40 عنصراً", [("لا يزيد عن 40", None, 40, False, "member")]),
    ("تتسع لما يصل إلى 300 سجين", [("ما يصل إلى 300", None, 300, False, "prisoner")]),
    ("قتل 12 شخصاً على الأقل", [("12", 12, None, False, "person")]),
    # --- ranges
    ("ما بين 500 إلى 600 عنصر", [("ما بين 500 إلى 600", 500, 600, False, "member")]),
    ("تتراوح بين 100 و300 عنصر", [("بين 100 و300", 100, 300, False, "member")]),
    ("تتراوح بين 100 و 300 عنصر", [("بين 100 و 300", 100, 300, False, "member")]),
    ("مساحة 5 - 7 كم مربع", [("5 - 7", 5, 7, False, "km2")]),
    ("يتراوح بين 25 – 40 عنصراً", [("بين 25 – 40", 25, 40, False, "member")]),
    ("اعتقل 3 أو 4 أشخاص", [("3 أو 4", 3, 4, True, "person")]),
    ("من عشرة إلى عشرين شخصاً", [("من عشرة إلى عشرين", 10, 20, False, "person")]),
    # --- vague counts
    ("اعتقلت مئات الأشخاص", [("مئات", 200, 999, True, "person")]),
    ("يضم آلاف الدواعش", [("آلاف", 2000, 9999, True, "isis_member")]),
    ("نزح عشرات الآلاف", [("عشرات الآلاف", 20000, 99999, True, None)]),
    ("نزح مئات الآلاف من المدنيين", [("مئات الآلاف", 200000, 999999, True, "civilian")]),
    ("وصل بضعة أشخاص", [("بضعة", 3, 9, True, "person")]),
    ("وصل بضع عائلات", [("بضع", 3, 9, True, "family")]),
    ("هروب العشرات من عناصر التنظيم", [("العشرات", 20, 99, True, "member")]),
    ("نقل عدد من السجناء", [("عدد من", 2, None, True, "prisoner")]),
    ("نقل عدداً من السجناء", [("عدداً من", 2, None, True, "prisoner")]),
    ("اعتقل عدة أشخاص", [("عدة", 2, None, True, "person")]),
    # --- counted nouns
    ("سلامة 700 طفل", [("700", 700, 700, False, "child")]),
    ("هروب 30 سجيناً من تنظيم داعش", [("30", 30, 30, False, "prisoner")]),
    ("نقل 150 عنصراً إضافياً", [("150", 150, 150, False, "member")]),
    ("أطلقت سراح 43 شخصاً بينهم امرأة", [("43", 43, 43, False, "person")]),
    ("يوجد 3 عراقيين فقط", [("3", 3, 3, False, "iraqi")]),
    ("عاد 200 عراقي إلى بلدهم", [("200", 200, 200, False, "iraqi")]),
    ("قتل 6 أشخاص", [("6", 6, 6, False, "person")]),
    ("يقع على بعد 45 كيلومتراً", [("45", 45, 45, False, "km")]),
    ("يقع على بعد 7 كيلو مترات", [("7", 7, 7, False, "km")]),
    ("مساحة 20 كم مربع", [("20", 20, 20, False, "km2")]),
    ("غادرت 155 عائلة عراقية", [("155", 155, 155, False, "family")]),
    ("الحصيلة 17 قتيلاً و23 جريحاً", [("17", 17, 17, False, "killed"),
                                      ("و23", 23, 23, False, "wounded")]),
    ("اعتقال 1000 من عناصر التنظيم", [("1000", 1000, 1000, False, "member")]),
    ("اعتقال 5 من أسرى التنظيم", [("5", 5, 5, False, "prisoner")]),
    ("وصل 8 معتقلات", [("8", 8, 8, False, "detainee")]),
    ("نشرت 4 مدرعات", [("4", 4, 4, False, "vehicle")]),
    ("بينهم اثنان من متزعمي التنظيم", [("اثنان", 2, 2, False, "leader")]),
    ("بلغ عددهم 2000 مقاتل", [("2000", 2000, 2000, False, "fighter")]),
    ("يحتجزون أكثر من 50 رهينة", [("أكثر من 50", 51, None, False, "hostage")]),
    ("about 5,000 ISIS prisoners", [("about 5,000", 5000, 5000, True, "prisoner")]),
    ("at least 300 of the militants", [("at least 300", 300, None, False, "fighter")]),
    ("around two hundred militants", [("around two hundred", 200, 200, True, "fighter")]),
    # --- not quantities
    ("تم بناؤه عام 1958", []),
    ("يستمر التفويض حتى 2024", []),
    ("يبلغ عددهم نحو 2000، وهم هربوا", [("نحو 2000", 2000, 2000, True, None)]),
    ("هاجموا يوم الخميس 20/1/2022", []),
    ("الساعة 10:12 بتوقيت دمشق", []),
    ("للتواصل 0933123456", []),
    ("للتواصل +963 933 123 456", []),
    ("شبكة الشرقية24 نقلت الخبر", []),
    ("الطريق الدولي M4 مقطوع", []),
    ("منصة SY24 قالت", []),
    ("أعلنت في بيان ثان", []),
    ("في كانون الثاني 2022", []),
    ("في الـ15 من الشهر نفسه", []),
    ("الدفعة الحادية والعشرين", []),
    ("الدفعة الثانية عشرة", []),
    ("منذ 10 سنوات", []),
    ("قبل يومين", []),
    ("ضرب عصافير عديدة بحجر واحد", []),
    ("في العام 2022 تغير الوضع", []),
    ("رأى أحد السكان", []),
    ("يوم الاثنين", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_quantity_phrase(sentence: str, expected: list[Row]) -> None:
    found = quantities_of(sentence)
    got = [(q.text, q.min, q.max, q.approximate, q.unit) for q in found]
    assert got == expected


def test_unit_span_points_at_the_noun() -> None:
    sentence = "فرّ أكثر من 20 من قادة التنظيم"
    doc = Document(source="t", raw=sentence, text=sentence)
    tokenize(doc)
    recognize_times(doc)
    recognize_quantities(doc)
    (q,) = doc.quantities
    assert q.unit_span is not None
    assert sentence[q.unit_span[0] : q.unit_span[1]] == "قادة"


def test_runs_without_times_layer() -> None:
    # the stage must not crash when called on a bare tokenised document
    doc = Document(source="t", raw="نحو 30 سجيناً", text="نحو 30 سجيناً")
    tokenize(doc)
    recognize_quantities(doc)
    assert [(q.min, q.unit) for q in doc.quantities] == [(30, "prisoner")]
