"""Gazetteer coverage of the places and sites of north-east Syria and the Iraqi borderlands.

Phrases written for these tests: every name is read with its proclitics and spellings, and
every name that is also an ordinary word (الصور "the pictures", الباب "the door", القائم
"existing", الحصان "the horse", الجزرة "the carrot", الحوائج "needs") names nothing in ordinary
use. Each row is a phrase and the complete list of (quoted text, entity id) it must yield.
"""

from __future__ import annotations

import pytest

from marsad.kb import KnowledgeBase, load_kb
from marsad.text.normalize import normalize_term
from recognize_helpers import mentions

FOUND: list[tuple[str, list[tuple[str, str]]]] = [
    # --- Hasakah governorate
    ("وفي الشدادية اعتقلت دورية شخصين", [("الشدادية", "al_shaddadi")]),
    ("وصلت التعزيزات إلى الشدادي", [("الشدادي", "al_shaddadi")]),
    ("نزحت عائلات من الدشيشة جنوبي الحسكة", [("الدشيشة", "al_dashisha"), ("الحسكة", "hasakah")]),
    ("قصف على تل نصري وأم الكيف", [("تل نصري", "tal_nasri"), ("أم الكيف", "umm_al_kaif")]),
    ("في قرية المناجير", [("المناجير", "al_manajir")]),
    ("على سفوح جبل عبد العزيز", [("جبل عبد العزيز", "jabal_abdulaziz")]),
    ("في بلدة معبدة شرقي القامشلي", [("بلدة معبدة", "al_mabada"), ("القامشلي", "qamishli")]),
    ("اشتباكات في حي طي بالقامشلي", [("حي طي", "tay_qamishli"), ("القامشلي", "qamishli")]),
    ("فروا نحو ريف الحسكة الجنوبي", [("ريف الحسكة الجنوبي", "hasakah_countryside_south")]),
    ("في ريف الحسكة الجنوبي الشرقي", [("ريف الحسكة الجنوبي الشرقي", "hasakah_countryside_southeast")]),
    # --- camps, prisons, bases, fields, crossings
    ("نقلت النساء بمخيم الجدعة", [("مخيم الجدعة", "jeddah_camp")]),
    ("عادت الدفعة إلى الجدعة جنوب الموصل", [("الجدعة", "jeddah_camp"), ("الموصل", "mosul")]),
    ("ونقلوا إلى مخيم نوروز في ديريك", [("مخيم نوروز", "newroz_camp"), ("ديريك", "al_malikiyah")]),
    ("في ملحق الهول", [("ملحق الهول", "al_hol_camp")]),
    ("من مخيم السد جنوبي الحسكة", [("مخيم السد", "al_arisha_camp"), ("الحسكة", "hasakah")]),
    ("وفي سجن نافكر وسجن جيركين", [("سجن نافكر", "navkur_prison"), ("سجن جيركين", "jerkin_prison")]),
    ("داخل سجن البانوراما", [("سجن البانوراما", "panorama_prison")]),
    ("وصل الرتل إلى قاعدة العمر", [("قاعدة العمر", "al_omar_oilfield")]),
    ("هجوم على حقل الجفرة وحقل التنك", [("حقل الجفرة", "al_jafra_oilfield"), ("حقل التنك", "al_tanak_oilfield")]),
    ("قرب معمل غاز السويدية", [("معمل غاز السويدية", "suwaydiyah_gas_plant")]),
    ("عبر معبر فيشخابور", [("معبر فيشخابور", "semalka")]),
    ("عبر معبر اليعربية الحدودي", [("معبر اليعربية", "yarubiyah_crossing")]),
    ("وعبر منفذ الوليد", [("منفذ الوليد", "al_walid_crossing")]),
    ("من معبر البوكمال", [("معبر البوكمال", "abu_kamal_crossing")]),
    ("عند جسر قره قوزاق", [("جسر قره قوزاق", "qara_qozak_bridge")]),
    # --- Deir ez-Zor
    ("وفي الكسرة غربي دير الزور", [("الكسرة", "al_kasrah"), ("دير الزور", "deir_ez_zor")]),
    ("في بلدة الصور", [("بلدة الصور", "al_sour")]),
    ("بين محيميدة وحطلة ودرنج", [("محيميدة", "muhaymida"), ("حطلة", "hatla"), ("درنج", "darnaj")]),
    ("في بلدة الحصان", [("بلدة الحصان", "al_husan")]),
    ("في قرية الحوايج", [("قرية الحوايج", "al_hawayij")]),
    ("داهموا حوايج ذياب", [("حوايج ذياب", "al_hawayij")]),
    ("في جديد عكيدات وأبو حردوب", [("جديد عكيدات", "jadid_akidat"), ("أبو حردوب", "abu_hardoub")]),
    ("وفي البوليل والمريعية", [("البوليل", "al_bulayl"), ("المريعية", "al_muriiyah")]),
    ("في بلدة التبني", [("بلدة التبني", "al_tibni")]),
    # --- Raqqa and Aleppo
    ("في بلدة الجزرة غرب الرقة", [("بلدة الجزرة", "al_jazra_raqqa"), ("الرقة", "raqqa")]),
    ("في ناحية المنصورة", [("ناحية المنصورة", "al_mansoura")]),
    ("في السلحبية ورطلة", [("السلحبية", "al_salhabiyah"), ("رطلة", "ratla")]),
    ("في حي الدرعية", [("حي الدرعية", "al_daraiya_raqqa")]),
    ("في منطقة الباب", [("منطقة الباب", "al_bab")]),
    ("قرب بلدة الراعي", [("بلدة الراعي", "al_rai")]),
    ("في حي صلاح الدين بحلب", [("حي صلاح الدين", "salah_al_din_aleppo"), ("حلب", "aleppo")]),
    # --- Rif Dimashq (the slopes of Mount Hermon)
    ("توغلت دورية في بلدة بيت جن بريف دمشق", [("بلدة بيت جن", "beit_jinn"), ("ريف دمشق", "rif_dimashq_governorate")]),
    ("قصف على أطراف بيت جن", [("بيت جن", "beit_jinn")]),
    # --- Iraq
    ("وفي الرمادي وقضاء القائم", [("الرمادي", "ramadi"), ("قضاء القائم", "al_qaim")]),
    ("في مدينة القائم الحدودية", [("مدينة القائم", "al_qaim")]),
    ("في محافظة صلاح الدين وديالى", [("محافظة صلاح الدين", "salahuddin_governorate"), ("ديالى", "diyala_governorate")]),
    ("من البعاج إلى القيارة", [("البعاج", "al_baaj"), ("القيارة", "al_qayyarah")]),
    ("في الحويجة وبيجي والشرقاط", [("الحويجة", "al_hawija"), ("بيجي", "baiji"), ("الشرقاط", "al_shirqat")]),
    ("في محافظة كركوك", [("محافظة كركوك", "kirkuk_governorate")]),
    ("في بعقوبة والمقدادية", [("بعقوبة", "baqubah"), ("المقدادية", "al_muqdadiyah")]),
    ("في قضاء حديثة والرطبة", [("قضاء حديثة", "haditha"), ("الرطبة", "al_rutba")]),
    ("نقلوا إلى سجن بادوش", [("سجن بادوش", "badush_prison")]),
    # --- English
    ("The last pocket in Baghouz fell in 2019", [("Baghouz", "al_baghuz")]),
    ("families moved to Jadaa camp near Qayyarah", [("Jadaa camp", "jeddah_camp"), ("Qayyarah", "al_qayyarah")]),
    ("in Deir el-Zour and al-Hassaka", [("Deir el-Zour", "deir_ez_zor"), ("al-Hassaka", "hasakah")]),
    ("Israeli troops entered Beit Jinn at dawn", [("Beit Jinn", "beit_jinn")]),
    ("a cell was hit in Salahaddin province", [("Salahaddin province", "salahuddin_governorate")]),
    ("near Tel Abyad and Newroz camp", [("Tel Abyad", "tal_abyad"), ("Newroz camp", "newroz_camp")]),
]

# Ordinary words that are also names: nothing here is a place.
NOT_FOUND: list[str] = [
    "نشر الناشطون الصور على مواقع التواصل",
    "وأظهرت الصور دمارا واسعا",
    "فتح الباب أمام المفاوضات",
    "وأغلق الباب بعد الاجتماع",
    "حافظوا على الوضع القائم",
    "التقى القائم بالأعمال بالوزير",
    "ركب الرجل الحصان",
    "أكل الطفل الجزرة",
    "قضاء الحوائج من أعمال الخير",
    "ارتدى معطفا باللون الرمادي",
    "انتشر الدخان الرمادي فوق المعمل",
    "وتحدث عن عمى البصيرة",
    "نجحت في شتى الميادين",
    "اعتمدت الوزارة نظام هجين للتعليم",
    "قال صلاح الدين محمود إن الطريق مغلق",
    "شيدت تقنيات حديثة في مدينة حديثة البناء",
    "احتفلوا بعيد نوروز",
    "صدر الحكم عن محكمة الرصافة",
    "يبلغ من العمر ثلاثين عاما",
    "قررت الحكومة التبني الكامل للخطة",
    "تعرضت السيارات المعبدة",
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_names_found_in_context(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ordinary_words_name_no_place(text: str) -> None:
    kb = load_kb()
    places = [(t, e) for t, e in mentions(text) if kb.get(e) and kb.get(e).type in ("place", "facility")]
    assert places == []


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_new_places_sit_in_their_governorate(kb: KnowledgeBase) -> None:
    for eid, governorate in [
        ("al_dashisha", "hasakah_governorate"), ("darnaj", "deir_ez_zor_governorate"),
        ("al_jazra_raqqa", "raqqa_governorate"), ("newroz_camp", "hasakah_governorate"),
        ("navkur_prison", "hasakah_governorate"), ("al_jafra_oilfield", "deir_ez_zor_governorate"),
        ("kirkuk", "kirkuk_governorate"), ("al_baaj", "nineveh_governorate"), ("baiji", "salahuddin_governorate"),
        ("jeddah_camp", "nineveh_governorate"), ("yarubiyah_crossing", "hasakah_governorate"),
    ]:
        assert kb.contains(governorate, eid), eid


def test_guarded_names_have_no_bare_reading(kb: KnowledgeBase) -> None:
    for word in ("الصور", "الباب", "القائم", "الحصان", "الجزرة", "الحوايج", "المنصورة", "صلاح الدين", "التبني",
                 "حديثة", "الحسينية", "مظلوم", "البحرة", "الجنينة", "الراعي", "الجفرة", "نوروز", "العمر"):
        # a guarded reading (after «بلدة», before «شرقي الرقة») is allowed; a plain one is not
        assert [s for s in kb.aliases.get(normalize_term(word), ()) if s.kind == "plain"] == [], word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فروا جنوبي ريف الحسكة", [("جنوبي ريف الحسكة", "hasakah_countryside_south")]),
        ("وفي شمال شرقي ريف الرقة", [("شمال شرقي ريف الرقة", "raqqa_countryside_northeast")]),
        ("بالريف الشرقي لمحافظة دير الزور", [("الريف الشرقي لمحافظة دير الزور", "deir_ez_zor_countryside_east")]),
        ("في ريف محافظة الحسكة الجنوبي", [("ريف محافظة الحسكة الجنوبي", "hasakah_countryside_south")]),
        ("في ريف الدرباسية", [("ريف الدرباسية", "al_darbasiyah_countryside")]),
    ],
)
def test_countryside_written_with_adverb_or_governorate(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected
