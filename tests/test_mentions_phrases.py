"""Entity mentions on phrases written for these tests (clitics, spellings, negatives).

Each row is a phrase and the complete list of (quoted text, entity id) it must yield.
"""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.recognize.mentions import recognize_mentions
from marsad.text.segment import tokenize
from recognize_helpers import mentions

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # --- places: spellings and clitics
    ("وصلت القافلة إلى الحسكة مساء", [("الحسكة", "hasakah")]),
    ("انفجار في الحسكه", [("الحسكه", "hasakah")]),
    ("عادوا وبالحسكة بقي آخرون", [("الحسكة", "hasakah")]),
    ("نقلوا للحسكة", [("للحسكة", "hasakah")]),
    ("توجه وفد إلى ديرالزور", [("ديرالزور", "deir_ez_zor")]),
    ("في دير الزور وريفها", [("دير الزور", "deir_ez_zor")]),
    ("من قامشلو إلى عامودا", [("قامشلو", "qamishli"), ("عامودا", "amuda")]),
    ("بالقامشلي", [("القامشلي", "qamishli")]),
    ("في محافظة الحسكة", [("محافظة الحسكة", "hasakah_governorate")]),
    ("في عين العرب/كوباني", [("عين العرب/كوباني", "kobani")]),
    ("بلدة البصيرة وقرية الحجة", [("البصيرة", "al_busayrah"), ("قرية الحجة", "al_hajjah")]),
    ("في ريف دير الزور الشرقي", [("ريف دير الزور الشرقي", "deir_ez_zor_countryside_east")]),
    ("في الريف الشرقي لديرالزور", [("الريف الشرقي لديرالزور", "deir_ez_zor_countryside_east")]),
    ("فروا نحو ريف الحسكة الجنوبي", [("ريف الحسكة الجنوبي", "hasakah_countryside_south")]),
    ("في الريف الجنوبي للحسكة", [("الريف الجنوبي للحسكة", "hasakah_countryside_south")]),
    ("في ريف الرقة", [("ريف الرقة", "raqqa_countryside")]),
    ("ريف حلب الشمالي", [("ريف حلب الشمالي", "aleppo_countryside_north")]),
    ("في حي غويران جنوب المدينة", [("حي غويران", "ghwayran")]),
    ("انسحبوا نحو حوش الباعر", [("حوش الباعر", "al_zuhour")]),
    ("شمال شرقي سوريا", [("شمال شرقي سوريا", "north_east_syria")]),
    ("في شمال وشرق سورية", [("شمال وشرق سورية", "north_east_syria")]),
    ("نحو البادية السورية", [("البادية السورية", "syrian_badia")]),
    ("في #دير_الزور", [("دير_الزور", "deir_ez_zor")]),
    ("في مدينة الطبقة بريف الرقة", [("الطبقة", "tabqa"), ("ريف الرقة", "raqqa_countryside")]),
    ("إلى مخيم الجدعة في الموصل", [("مخيم الجدعة", "jeddah_camp"), ("الموصل", "mosul")]),
    ("في ناحية القيارة جنوب الموصل", [("ناحية القيارة", "al_qayyarah"), ("الموصل", "mosul")]),
    ("عادوا إلى العراق", [("العراق", "iraq")]),
    ("من سورية إلى العراق", [("سورية", "syria"), ("العراق", "iraq")]),
    ("وصلوا أربيل", [("أربيل", "erbil")]),
    # --- facilities: one prison, many names; quoted names
    ("هاجموا سجن الصناعة", [("سجن الصناعة", "ghwayran_prison")]),
    ("في سجن غويران", [("سجن غويران", "ghwayran_prison")]),
    ("داخل سجن الثانوية الصناعية", [("سجن الثانوية الصناعية", "ghwayran_prison")]),
    ("بسجن المدرسة الصناعية", [("سجن المدرسة الصناعية", "ghwayran_prison")]),
    ("سجن «الثانوية الصناعية»", [("سجن «الثانوية الصناعية»", "ghwayran_prison")]),
    ('في سجن "الصناعة" بالحسكة', [('سجن "الصناعة"', "ghwayran_prison"), ("الحسكة", "hasakah")]),
    ("سجن الحسكة المركزي", [("سجن الحسكة المركزي", "ghwayran_prison")]),
    ("لسجن الصناعة", [("سجن الصناعة", "ghwayran_prison")]),
    ("من سجن الرقة المركزي", [("سجن الرقة المركزي", "raqqa_central_prison")]),
    ("من سجن الصوامع", [("سجن الصوامع", "sawami_prison")]),
    ("في مخيم الهول", [("مخيم الهول", "al_hol_camp")]),
    ("في مخيّم الهول", [("مخيّم الهول", "al_hol_camp")]),
    ("ونقلن إلى مخيم روج", [("مخيم روج", "roj_camp")]),
    ("إلى قاعدة خراب الجير", [("قاعدة خراب الجير", "kharab_al_jir_base")]),
    ("سجن علايا في القامشلي", [("سجن علايا", "alaya_prison"), ("القامشلي", "qamishli")]),
    # --- actors
    ("أعلنت قسد", [("قسد", "sdf")]),
    ("ميليشيات «قسد»", [("قسد", "sdf")]),
    ("لـ«قسد»", [("قسد", "sdf")]),
    ("بـ\"قسد\"", [("قسد", "sdf")]),
    ("قوات سوريا الديمقراطية", [("قوات سوريا الديمقراطية", "sdf")]),
    ("قوات سورية الديمقراطية- قسد", [("قوات سورية الديمقراطية- قسد", "sdf")]),
    ("وقوات سوريا الديموقراطية", [("قوات سوريا الديموقراطية", "sdf")]),
    ("عناصر تنظيم داعش", [("تنظيم داعش", "isis")]),
    ("هروب 30 داعشياً", [("داعشياً", "isis")]),
    ("بين قسد والدواعش", [("قسد", "sdf"), ("الدواعش", "isis")]),
    ("تنظيم الدولة الإسلامية", [("تنظيم الدولة الإسلامية", "isis")]),
    ("محاولة فرار داعشيات", [("داعشيات", "isis")]),
    ("بدعم من التحالف الدولي", [("التحالف الدولي", "coalition")]),
    ("القوات الأمريكية والقوات الأميركية", [("القوات الأمريكية", "us_forces"), ("القوات الأميركية", "us_forces")]),
    ("للاحتلال الأميركي", [("للاحتلال الأميركي", "us_forces")]),
    ("الموالية لواشنطن", [("واشنطن", "us")]),
    ("الجيش العربي السوري والقوات الروسية", [("الجيش العربي السوري", "syrian_army"), ("القوات الروسية", "russian_forces")]),
    ("الحكومة العراقية", [("الحكومة العراقية", "iraqi_government")]),
    ("الجيش العراقي والحشد الشعبي", [("الجيش العراقي", "iraqi_army"), ("الحشد الشعبي", "pmf")]),
    ("المرصد السوري لحقوق الإنسان", [("المرصد السوري لحقوق الإنسان", "sohr")]),
    ("أفرجت الإدارة الذاتية", [("الإدارة الذاتية", "autonomous_administration")]),
    ("بيان لمركزها الإعلامي عن قسد", [("قسد", "sdf")]),
    ("قالت قسد في بيان لمركزها الإعلامي", [("قسد", "sdf"), ("مركزها الإعلامي", "sdf_media_center")]),
    ("المركز الإعلامي لقوات سوريا الديمقراطية", [("المركز الإعلامي لقوات سوريا الديمقراطية", "sdf_media_center")]),
    ("قوات الأسايش", [("قوات الأسايش", "asayish")]),
    ("الأمم المتحدة واليونيسف", [("الأمم المتحدة", "un"), ("اليونيسف", "unicef")]),
    # --- anaphors: only after the entity was named
    ("هاجم التنظيم السجن", []),
    ("هاجم داعش السجن ثم انسحب التنظيم", [("داعش", "isis"), ("التنظيم", "isis")]),
    ("حلق طيران التحالف", [("طيران التحالف", "coalition")]),
    ("التحالف", []),
    ("التحالف الدولي ... وقال التحالف", [("التحالف الدولي", "coalition"), ("التحالف", "coalition")]),
    # --- outlets that are ordinary words: only in a media context
    ("الدفاع عن الوطن واجب", []),
    ("قال مصدر لـ«الوطن»", [("الوطن", "al_watan")]),
    ("نقلت صحيفة الوطن", [("صحيفة الوطن", "al_watan")]),
    ("أفاد مراسل “أثر” بأن", [("أثر", "athr_press")]),
    ("لم يترك الحادث أثر يذكر", []),
    ("ترك الأثر", []),
    # --- outlets named by an ordinary phrase: the phrase is the place, today; the media noun makes it the outlet
    ("أعلنت الإمارات اليوم عن إرسال مساعدات", [("الإمارات", "uae")]),
    ("قالت صحيفة الإمارات اليوم إن المساعدات وصلت", [("صحيفة الإمارات اليوم", "emarat_alyoum")]),
    ("تشهد حلب اليوم قصفا مكثفا", [("حلب", "aleppo")]),
    ("أفاد مراسل تلفزيون حلب اليوم", [("تلفزيون حلب اليوم", "halab_today")]),
    ("The federal government in Baghdad", [("Baghdad", "baghdad")]),
    ("قال مصدر اقتصادي في دمشق", [("دمشق", "damascus")]),
    ("نقلت جريدة الرياض عن مصادر في دمشق", [("جريدة الرياض", "al_riyadh"), ("دمشق", "damascus")]),
    # --- negatives: adjectives, bare generic nouns, ordinary words
    ("الأراضي السورية والعراقية", []),
    ("المدن العراقية", []),
    ("السجن المركزي", []),
    ("داخل السجن وحول المخيم", []),
    ("صناعة السيارات", []),
    ("في صناعة الأدوية", []),
    ("الحجة الدامغة", []),
    ("ذي الحجة", []),
    ("تقديم الأدلة", []),
    # --- names inside ordinary phrases (not_names) and names that need their settlement noun
    ("بعد صلاة المغرب", []),
    ("عاد إلى المغرب", [("المغرب", "morocco")]),
    ("بسبب القوة القاهرة", []),
    ("وصل إلى القاهرة", [("القاهرة", "cairo")]),
    ("أبناء الطبقة الوسطى", []),
    ("في الطبقة بريف الرقة", [("الطبقة", "tabqa"), ("ريف الرقة", "raqqa_countryside")]),
    ("قال إنه مصر على موقفه", []),
    ("نشر الصور", []),
    ("في بلدة الصور", [("بلدة الصور", "al_sour")]),
    ("سلوك غير مقبول", []),
    ("السفيرة الأمريكية", []),
    ("في مخيمي الهول وروج", [("مخيمي الهول", "al_hol_camp"), ("روج", "roj_camp")]),
    ("المرحلين من الهول", [("الهول", "al_hol_camp")]),
    ("في بلدة الهول", [("بلدة الهول", "al_hol")]),
    ("خلية الإعلام الأمني", [("خلية الإعلام الأمني", "iraq_security_media_cell")]),
    ("الحسكة مدينة سورية", [("الحسكة", "hasakah")]),
    ("نقلت مصادر سورية", []),
    ("عاد إلى سورية", [("سورية", "syria")]),
    ("في شمال سورية", [("سورية", "syria")]),
    ("قوات تركية", []),
    # --- English
    ("SDF forces attacked ISIS cells near al-Hol camp in Hasakah.", [("SDF", "sdf"), ("ISIS", "isis"), ("al-Hol camp", "al_hol_camp"), ("Hasakah", "hasakah")]),
    ("the al-Sina'a prison in Ghweran neighborhood", [("al-Sina'a prison", "ghwayran_prison"), ("Ghweran", "ghwayran")]),
    ("this is us", []),
    ("fled towards the southern countryside of Hasaka", [("southern countryside of Hasaka", "hasakah_countryside_south")]),
    ("in eastern Deir ez-Zor countryside", [("eastern Deir ez-Zor countryside", "deir_ez_zor_countryside_east")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


def test_at_least_sixty_phrases() -> None:
    assert len(CASES) >= 60


def test_internal_security_reading_follows_the_sentence() -> None:
    sdf_side = mentions("حاصرت قسد وقوى الأمن الداخلي السجن.")
    assert ("قوى الأمن الداخلي", "asayish") in sdf_side
    gov_side = mentions("وقالت وزارة الدفاع السورية إن الجيش العربي السوري سيتعاون مع قوى الأمن الداخلي.")
    assert ("قوى الأمن الداخلي", "syria_internal_security") in gov_side


PERSONS: list[tuple[str, str, str]] = [
    ("وقال العميد سعد معن، إن القوات تقدمت.", "سعد معن", "person:سعد_معن"),
    ("وأكد المتحدث باسم قسد آزاد حسين في تصريح أن الوضع هادئ.", "آزاد حسين", "person:ازاد_حسين"),
    ("صرح الشيخ حاتم الجبوري لوكالة الأنباء بأن", "حاتم الجبوري", "person:حاتم_الجبوري"),
    ("أعلن قائد قوات الأسايش في الحسكة، علي الحسن، أن الحملة انتهت.", "علي الحسن", "person:علي_الحسن"),
    ("وقالت نسرين عبدالله، المتحدثة باسم وحدات حماية المرأة، إن", "نسرين عبدالله", "person:نسرين_عبدالله"),
    ("رئيس النظام التركي رجب طيب اردوغان", "رجب طيب اردوغان", "erdogan"),
    ("قال القائد العام لقسد مظلوم عبدي", "مظلوم عبدي", "mazloum_abdi"),
    ("The SDF commander Mazloum Abdi said", "Mazloum Abdi", "mazloum_abdi"),
    ("Gen. Michael Kurilla visited the camp", "Michael Kurilla", "person:michael_kurilla"),
]


@pytest.mark.parametrize(("text", "surface", "eid"), PERSONS, ids=[p[1] for p in PERSONS])
def test_titled_persons(text: str, surface: str, eid: str) -> None:
    assert (surface, eid) in mentions(text)


@pytest.mark.parametrize(
    "text",
    ["وكشف مدير السجن ومسؤول آخر عن الحادث.", "وقال مسؤول أمني كبير إن الهجوم فشل.", "قال المتحدث إن"],
)
def test_roles_without_names_give_no_person(text: str) -> None:
    doc = Document(source="t", raw=text, text=text)
    tokenize(doc)
    recognize_mentions(doc)
    assert not [e for e in doc.entities.values() if e.type == "person"]


def test_person_parent_from_role_complement() -> None:
    doc = Document(source="t", raw="وأكد المتحدث باسم قسد آزاد حسين أن", text="وأكد المتحدث باسم قسد آزاد حسين أن")
    tokenize(doc)
    recognize_mentions(doc)
    assert doc.entities["person:ازاد_حسين"].parent == "sdf"


def test_stage_works_without_tokenizer() -> None:
    doc = Document(source="t", raw="في الحسكة", text="في الحسكة")
    recognize_mentions(doc)
    assert [(m.text, m.entity) for m in doc.mentions] == [("الحسكة", "hasakah")]
