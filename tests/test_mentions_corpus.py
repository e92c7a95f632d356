"""Mentions on the real seeds and corpus resolve to the right entities.

The expectations below were checked by reading each text: «normalised surface=entity id» pairs
that must be found in that document (names only; the articles stay in ../shared). Negative
checks: adjectives, bare generic nouns and ordinary words are never mentions.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from marsad.document import Document
from marsad.recognize.mentions import recognize_mentions
from marsad.text.normalize import fold
from marsad.text.segment import tokenize

EXPECTED: dict[str, list[str]] = {
    "000_bbfc3bd367839e45.txt": ["سوريه=syria", "قسد=sdf", "الوطن=al_watan", "داعش=isis", "حلب=aleppo", "قوات سوريه الديمقراطيه- قسد=sdf", "واشنطن=us", "تنظيم داعش الارهابي=isis", "سجن المدرسه الصناعيه=ghwayran_prison", "الحسكه=hasakah", "الميليشيات=sdf", "للاحتلال الاميركي=us_forces", "شمال شرق سوريه=north_east_syria", "التنظيم=isis", "التحالف الدولي=coalition", "الولايات المتحده=us", "الدواعش=isis", "قوات الاحتلال الاميركي=us_forces", "داعشيا=isis", "للتنظيم الارهابي=isis", "صحيفه الوطن=al_watan"],
    "001_ba5f3b5e9ada3c50.txt": ["قوات سوريا الديمقراطيه-قسد=sdf", "القوات الامريكيه=us_forces", "سجن الثانويه الصناعيه=ghwayran_prison", "الحسكه=hasakah", "اثر=athr_press", "قسد=sdf", "داعش=isis", "سجن الصناعه=ghwayran_prison", "الوطن=al_watan", "سجن المدرسه الصناعيه=ghwayran_prison", "التنظيم=isis", "التحالف الدولي=coalition", "الولايات المتحده=us", "التنظيم المتطرف=isis", "ريف الحسكه الجنوبي=hasakah_countryside_south"],
    "002_1cb9153abf1d5d28.txt": ["سجن الرقه=raqqa_central_prison", "الاحتلال الاميركي=us_forces", "قسد=sdf", "داعش=isis", "سوريه=syria", "قوات سوريه الديمقراطيه- قسد=sdf", "واشنطن=us", "تنظيم داعش الارهابي=isis", "سجن الرقه المركزي=raqqa_central_prison", "جيش الاحتلال الاميركي=us_forces", "التنظيم=isis", "الرقه=raqqa", "الوطن=al_watan", "داعشيا=isis", "الميليشيات=sdf", "الداعشيين=isis", "الرصافه=al_rusafa", "الباديه=syrian_badia", "حلب=aleppo", "القامشلي=qamishli", "محافظه الحسكه=hasakah_governorate", "الجيش العربي السوري=syrian_army", "القوات الروسيه=russian_forces", "شمال شرق البلاد=north_east_syria", "تنظيم داعش=isis", "النظام التركي=turkish_government", "رجب طيب اردوغان=erdogan", "دواعش=isis", "الحسكه=hasakah", "الباديه السوريه=syrian_badia", "مركزها الاعلامي=sdf_media_center", "التحالف الدولي=coalition", "ريف دير الزور الشرقي=deir_ez_zor_countryside_east", "قريه الحجه=al_hajjah", "البصيره=al_busayrah", "مرتزق داعش=isis", "سجن الصناعه بالحسكه=ghwayran_prison", "خلايا التنظيم=isis"],
    "003_81a6f956c548b8d2.txt": ["الحسكه=hasakah", "الشرقيه24=alsharqiya24", "داعش=isis", "شبكه الشرقيه24=alsharqiya24", "تنظيم داعش=isis", "سجن الصناعه=ghwayran_prison", "حي غويران=ghwayran", "خلايا التنظيم=isis", "التنظيم=isis", "مدرسه الصناعه=ghwayran_prison", "قسد=sdf", "حوش الباعر=al_zuhour", "حي الزهور=al_zuhour", "سجن غويران=ghwayran_prison", "ميليشيا قسد=sdf", "الباديه=syrian_badia"],
    "004_5d8dac1e8e8c3930.txt": ["قسد=sdf", "داعش=isis", "الحسكه=hasakah", "سوريا=syria", "واشنطن=us", "قوات سوريه الديمقراطيه=sdf", 'سجن "الصوامع"=sawami_prison', "الرقه=raqqa", 'سجن "الثانويه الصناعيه"=ghwayran_prison', "امريكا=us", "المقاومه السوريه=syrian_resistance", "التنظيم الارهابي=isis", "الدواعش=isis", "الولايات المتحده=us", "تنظيم داعش=isis", "الريف الشرقي لديرالزور=deir_ez_zor_countryside_east", "التحالف الدولي=coalition", "الشدادي=al_shaddadi", "سجن الثانويه الصناعيه=ghwayran_prison", "التحالف=coalition", "شمالي شرقي سوريا=north_east_syria", "الاستخبارات الامريكيه=us_intelligence", "العراق=iraq", "الجيش العراقي=iraqi_army", "الحشد الشعبي=pmf", "للسلطات العراقيه=iraqi_government", "للقوات المسلحه العراقيه=iraqi_army", "يحيي رسول=yahya_rasool", "بغداد=baghdad"],
    "001.json": ["سجن الحسكه المركزي=ghwayran_prison", "داعش=isis", "الحسكه=hasakah", "غويران=ghwayran", "سجن غويران=ghwayran_prison", "محافظه الحسكه=hasakah_governorate", "سوريه=syria", "مصر=egypt", "نهر الخابور=khabur_river", "الوحدات الكرديه=ypg", "تنظيم داعش=isis", "القوات الاميركيه=us_forces", "القاعده الامريكيه في الشدادي=shaddadi_base"],
    "002.json": ["احمد صبري=person:احمد_صبري", "داعش=isis", "سوريا=syria", "التنظيم=isis", "معتقل الحسكه=ghwayran_prison", "سجن الحسكه=ghwayran_prison", "سجن غويران=ghwayran_prison", "الحسكه=hasakah", "تنظيم داعش=isis", 'سجن "غويران"=ghwayran_prison', "التنظيم الارهابي=isis", "قوات سوريا الديموقراطيه=sdf", "حي الزهور=al_zuhour", "قوات سوريه الديمقراطيه=sdf", "قسد=sdf"],
    "003.json": ["داعش=isis", "سجن الطبقه=tabqa_prison", "النشره الدوليه=al_nashra_al_dawlia", "قوات سوريا الديمقراطيه=sdf", "الرقه=raqqa", "قوات التحالف الدولي=coalition", "قسد=sdf", "شمال شرق سوريا=north_east_syria", "التنظيم=isis", "للاداره الذاتيه=autonomous_administration", "الطبقه=tabqa", "ريف الرقه=raqqa_countryside", "تنظيم داعش=isis", "طيران التحالف=coalition", "وكاله اعماق=amaq", "للتنظيم=isis", "مركز الرقه الاعلامي=raqqa_media_center", "الاداره الذاتيه=autonomous_administration", "خلايا داعش=isis", "سجن الطبقه المركزي=tabqa_prison"],
    "004.json": ["قوات سوريا الديمقراطيه=sdf", "داعش=isis", "سجن الرقه المركزي=raqqa_central_prison", "منصه sy24=sy24", "للتنظيم=isis", "قسد=sdf", "الرقه=raqqa"],
    "005.json": ["شفق نيوز=shafaq_news", "دمشق=damascus", "القوات الاميركيه=us_forces", "تنظيم داعش=isis", "الحسكه=hasakah", "قاعده خراب الجير=kharab_al_jir_base", "ريف رميلان=rmelan_countryside", "للعراق=iraq", "وكاله شفق نيوز=shafaq_news", "سوريا=syria", "التنظيم=isis", "القامشلي=qamishli", "العراق=iraq", "قسد=sdf", "قوات التحالف الدولي=coalition", "قوات سوريا الديمقراطيه=sdf", "سجن الصناعه في الحسكه=ghwayran_prison", "داعش=isis", "سجن الصناعه=ghwayran_prison", "الشدادي=al_shaddadi", "الحكومه العراقيه=iraqi_government", "وكاله رويترز=reuters"],
    "006.json": ["اربيل=erbil", "كوردستان24=kurdistan24", "تنظيم داعش=isis", "العراق=iraq", "التنظيم=isis", "سوريا=syria", "قوات سوريا الديمقراطيه (قسد)=sdf", "الجيش العربي السوري=syrian_army"],
    "007.json": ["العراق=iraq", "تنظيم داعش=isis", "قسد=sdf", "سوريا=syria", "الحكومه العراقيه=iraqi_government", "داعش=isis", "شمال شرقي سوريا=north_east_syria", "قوات سوريا الديمقراطيه=sdf", "للدوله العراقيه=iraq", "للقوات المسلحه العراقيه=iraqi_army", "صباح النعمان=sabah_al_numan", "المجلس الوزاري للامن الوطني=iraq_ministerial_council_security", "التحالف الدولي لمكافحه داعش=coalition", "السلطات العراقيه=iraqi_government", "التنظيم=isis"],
    "008.json": ["islamic state=isis", "northeast syria=north_east_syria", "erbil=erbil", "kurdistan region=kurdistan_region", "hasaka province=hasakah_governorate", "islamic state (isis)=isis", "syrian democratic forces (sdf)=sdf", "al-sina'a prison=ghwayran_prison", "hasaka=hasakah", "ghweran=ghwayran", "ghweran prison=ghwayran_prison", "isis=isis", "sdf=sdf", "rudaw=rudaw"],
    "009.json": ["isis=isis", "hasaka prison=ghwayran_prison", "erbil=erbil", "kurdistan region=kurdistan_region", "global coalition=coalition", "islamic state (isis)=isis", "ghweran prison=ghwayran_prison", "hasaka=hasakah", "northeast syria=north_east_syria", "rojava=north_east_syria", "al-sina'a prison=ghwayran_prison", "ghweran=ghwayran", "syrian democratic forces (sdf)=sdf", "coalition forces=coalition", "sdf=sdf", "the coalition=coalition", "hasakah=hasakah", "john w. brennan=john_brennan_oir", "combined joint task force=coalition", "operation inherent resolve=coalition", "cjtf-oir=coalition", "syria=syria", "daesh=isis", "iraq=iraq", "north east syria=north_east_syria", "farhad shami=farhad_shami", "al-hasaka=hasakah", "uk=uk", "syrian observatory for human rights=sohr"],
    "010.json": ["ghweran prison=ghwayran_prison", "hasaka=hasakah", "isis=isis", "al-hasakah=hasakah", "qasd=sdf", "sdf=sdf", "american occupation forces=us_forces", "sana=sana", "international coalition=coalition", "american occupation=us_forces"],
    "011.json": ["al-sina'a prison=ghwayran_prison", "al-sina'a prison in al-hasakah=ghwayran_prison", "isis=isis", "sdf=sdf", "sdf media center=sdf_media_center"],
    "012.json": ["al-hasakah prison=ghwayran_prison", "al-sina'a prison=ghwayran_prison", "geweran=ghwayran", "isis=isis", "coalition forces=coalition", "hasakah=hasakah", "isf=asayish", "anti-terrorist forces=sdf_counter_terrorism", "international coalition=coalition", "sdf=sdf"],
    "013.json": ["sdf=sdf", "asayish=asayish", "isis=isis", "syria=syria", "hasakah=hasakah", "qamishli=qamishli", "north press=north_press", "syrian democratic forces (sdf)=sdf", "internal security forces=asayish", "sina'a prison=ghwayran_prison", "ghweiran=ghwayran", "northeast syria=north_east_syria", "farhad shami=farhad_shami", "sdf media center=sdf_media_center", "al-sina'a prison=ghwayran_prison", "global coalition=coalition", "industrial prison=ghwayran_prison", "al-zohour neighborhood=al_zuhour", "us central command=us_forces", "al-sina'a prison in hasakah=ghwayran_prison"],
    "014.json": ["مخيم الهول=al_hol_camp", "محافظه الحسكه=hasakah_governorate", "شمالي شرقي سوريا=north_east_syria", "قوات الامن الداخلي=asayish", "داعشيه=isis", "داعش=isis", "الاداره الذاتيه=autonomous_administration", "شمال وشرق سوريا=north_east_syria", "مرتزقه داعش=isis", "قوي الامن الداخلي=asayish", "مدينه الباب=al_bab"],
    "015.json": ["مخيم الهول=al_hol_camp", "ريف الحسكه=hasakah_countryside", "التحالف الدولي=coalition", "تنظيم داعش=isis", "التحالف=coalition", "قسد=sdf", "قوات قسد=sdf", "داعش=isis"],
    "016.json": ["المرصد السوري لحقوق الانسان=sohr", "داعش=isis", "مخيم الهول=al_hol_camp", "شمال شرقي سوريا=north_east_syria", "التنظيم=isis", "المرصد=sohr", "للتنظيم=isis"],
    "017.json": ["قوات سوريا الديمقراطيه=sdf", 'سجن "الصناعه في الحسكه=ghwayran_prison', "التحالف الدولي=coalition", 'سجن "الصناعه"=ghwayran_prison', "الحسكه=hasakah", "سجن الصناعه=ghwayran_prison", "داعش=isis", "وكاله هاوار=hawar", "تنظيم داعش=isis", "مرتزقه داعش=isis"],
    "018.json": ["سكاي نيوز عربيه=sky_news_arabia", "قوات سوريا الديمقراطيه=sdf", "سجن غويران=ghwayran_prison", "محافظه الحسكه=hasakah_governorate", "تنظيم داعش الارهابي=isis", "المرصد السوري لحقوق الانسان=sohr", "تنظيم داعش=isis", "الحسكه=hasakah", "سجن غويران/الصناعه=ghwayran_prison", "للتنظيم=isis", "عين العرب/كوباني=kobani", "قسد=sdf", "سجن الصناعه=ghwayran_prison", "سجن الصناعه بالحسكه=ghwayran_prison", "داعش الارهابي=isis"],
    "019.json": ["قسد=sdf", "سجن الصناعه في الحسكه=ghwayran_prison", "سجن الصناعه=ghwayran_prison", "الحسكه=hasakah", "تنظيم داعش=isis", "فرهاد شامي=farhad_shami", "الحره=alhurra", "داعش=isis", "حي غويران=ghwayran", "شمال وشرق سوريا=north_east_syria"],
    "020.json": ["الاداره الذاتيه=autonomous_administration", "داعش=isis", "ديرالزور=deir_ez_zor", "قوات الامن الداخلي=asayish", "الاسايش=asayish", "للاداره الذاتيه=autonomous_administration", "دير_الزور=deir_ez_zor", "ريف دير الزور=deir_ez_zor_countryside", "الشحيل=shheil", "النظام السوري=syrian_government", "الاحتلال الامريكي=us_forces", "الاداره_الذاتيه=autonomous_administration", "تركيا=turkey", "تنظيم داعش=isis", "الرقه=raqqa", "الطبقه=tabqa", "منبج=manbij"],
    "021.json": ["قوات سوريا الديمقراطيه=sdf", "قسد=sdf", "سجن الرقه المركزي=raqqa_central_prison", "سجن الاقطان=al_aqtan_prison", "قوات التحالف الدولي=coalition", "الرقه=raqqa", "مجلس الرقه العسكري=raqqa_military_council", "سجن صيدنايا=sednaya_prison", "الحسكه=hasakah", "داعش=isis", "سجن الرقه=raqqa_central_prison", "التحالف الدولي بقياده واشنطن=coalition"],
    "022.json": ["مخيم الهول=al_hol_camp", "العراق=iraq", "الحسكه=hasakah", "قوات سوريا الديمقراطيه=sdf", "قسد=sdf", "الحكومه العراقيه=iraqi_government", "شكري الحجي=person:شكري_الحجي", "وكاله اخبار الشيعه=shiawaves", "مخيم الجدعه=jeddah_camp", "الموصل=mosul", "الهول=al_hol_camp", "د1عش=isis"],
    "023.json": ["داعش=isis", "التحالف الدولي=coalition", "قوات سوريا الديمقراطيه=sdf", "مصطفي بالي=mustafa_bali", "قوات مكافحه الارهاب=sdf_counter_terrorism", "سجن الحسكه=ghwayran_prison",
                  # hashtags inside names: «محافظة #الحسكة», «سجن #غويران المركزي» are the whole names
                  "محافظه #الحسكه=hasakah_governorate", "سجن #غويران المركزي=ghwayran_prison", "سجن #الحسكه=ghwayran_prison"],
    "024.json": ["تنظيم داعش=isis", "سجن الحسكه=ghwayran_prison", "سوريا=syria", "للطيران الامريكي=us_forces", "سجن الغويران=ghwayran_prison", "الحسكه=hasakah", "شمال شرقي سوريا=north_east_syria", "المروحيات الاميركيه=us_forces", "قوات سوريا الديمقراطيه=sdf", "قسد=sdf", "حي غويران=ghwayran", "داعش=isis", "التحالف الدولي=coalition", "وكاله سبوتنيك الروسيه=sputnik_arabic", "امريكا=us", "شمال شرق سوريا=north_east_syria"],
    "025.json": ["داعشيات=isis", "مخيم الهول=al_hol_camp", "قوي الامن الداخلي=asayish", "الحسكه=hasakah", "شمال شرقي سوريا=north_east_syria", "محافظه الحسكه=hasakah_governorate", "تنظيم داعش الارهابي=isis", "سجن القامشلي=qamishli_prison", "مخيم روج=roj_camp"],
    "026.json": ["الحسكه=hasakah", "مخيم الهول=al_hol_camp", "قوات سوريا الديمقراطيه=sdf", "تنظيم الدوله=isis", "ريف الحسكه=hasakah_countryside", "البغدادي=abu_bakr_al_baghdadi", "العراق=iraq", "سوريا=syria", "التنظيم=isis", "الاسايش=asayish", "للاداره الذاتيه=autonomous_administration", "الهول=al_hol_camp"],
    "027.json": ["مخيم الهول=al_hol_camp", "نورث برس=north_press", "قوات الامن الداخلي=asayish", "الاسايش=asayish", "تنظيم الدوله الاسلاميه=isis", "داعش=isis", "التنظيم=isis", "روسيا=russia", "الدوله الاسلاميه=isis"],
    "028.json": ["islamic state=isis", "amman=amman", "reuters=reuters", "northeastern syria=north_east_syria", "syrian democratic forces (sdf)=sdf", "ypg=ypg", "hasaka=hasakah", "sdf=sdf", "u.s.-led coalition=coalition", "amaq news agency=amaq", "united nations children's agency=unicef", "unicef=unicef", "daesh=isis", "the islamic state=isis", "farhad shami=farhad_shami"],
    "029.json": ["دواعش=isis", "الرقه=raqqa", "قسد=sdf", "قوي الامن الداخلي=asayish", "جهاز مكافحه الارهاب hat=sdf_counter_terrorism", "داعش=isis", "السجن المركزي بمدينه الرقه=raqqa_central_prison", "نهر ميديا=naher_media", "سجن غويران=ghwayran_prison", "الحسكه=hasakah", "دا ع ش=isis", "دير الزور=deir_ez_zor", "القياده المركزيه الاميركيه=us_forces"],
    "030.json": ["ذا ناشيونال=the_national", "سجن الشدادي=shaddadi_prison", "محافظه الحسكه=hasakah_governorate", "القوات الحكوميه السوريه=syrian_army", "تنظيم داعش=isis", "القوات السوريه=syrian_army", "الشدادي=al_shaddadi"],
    "031.json": ["سجن غويران=ghwayran_prison", "داعش=isis", "avatoday=ava_today", "تنظيم داعش=isis", "سوريا=syria", "العراق=iraq", "للدواعش=isis", "الحسكه=hasakah", "التنظيم الارهابي=isis", "قوات سوريا الديمقراطيه (قسد)=sdf", "التحالف الدولي=coalition", "قسد=sdf", "للتحالف=coalition", "قوات سوريا الديمقراطيه=sdf", "المرصد السوري لحقوق الانسان=sohr"],
    "032.json": ["سجن غويران=ghwayran_prison", "الدوله الاسلاميه=isis", "محافظه الحسكه=hasakah_governorate", "قسد=sdf", 'سجن "الصناعه"=ghwayran_prison', "حي غويران=ghwayran", "الحسكه=hasakah", "المرصد السوري=sohr", "التنظيم=isis", "قوي الامن الداخلي=asayish"],
    "033.json": ["داعش=isis", 'سجن "غويران"=ghwayran_prison', "الحسكه=hasakah", "الدوله الاسلاميه=isis", "التنظيم=isis", "قسد=sdf", "المرصد السوري لحقوق الانسان=sohr", "سجن غويران=ghwayran_prison", "قوي الامن الداخلي=asayish", "التحالف الدولي=coalition"],
    "034.json": ["داعش=isis", "سجن الصناعه في الحسكه=ghwayran_prison", "دمشق=damascus", "سجن الصناعه=ghwayran_prison", "الحسكه=hasakah", "شمال شرقي سوريا=north_east_syria", "farhad shami=farhad_shami", "تلفزيون سوريا=syria_tv", "اسطنبول=istanbul", "قوات سوريا الديمقراطيه=sdf", "قسد=sdf", "تنظيم الدوله=isis", 'المركز الاعلامي ل"قسد"=sdf_media_center'],
    "035.json": ["داعش=isis", "سجن غويران=ghwayran_prison", "الحسكه=hasakah", "سوريه=syria", "تنظيم داعش الارهابي=isis", "محافظه الحسكه=hasakah_governorate", "للتنظيم المتطرف=isis", "وكاله الانباء السوريه=sana", "سانا=sana", "سجن الثانويه الصناعيه=ghwayran_prison", "التنظيم=isis", "للقوات الامريكيه=us_forces"],
    "036.json": ["الدفاع السوريه=syria_mod", "مخيم الهول=al_hol_camp", "داعش=isis", "القاهره=cairo", "وزاره الدفاع السوريه=syria_mod", "قوات سوريا الديمقراطيه=sdf", "قسد=sdf", "الجيش العربي السوري=syrian_army", "سانا=sana", "قوي الامن الداخلي=syria_internal_security", "محافظه الحسكه=hasakah_governorate", "شمال شرقي سوريا=north_east_syria"],
}

# Never a mention, whatever the document: nisba adjectives, bare generic nouns.
NEVER = {"السوريه", "العراقيه", "العراقي", "السوري", "الامريكيه", "الاميركيه", "السجن", "المخيم", "الصناعه",
         "السجن المركزي", "المنطقه", "المدينه"}


def _analyse(text: str) -> Document:
    doc = Document(source="test", raw=text, text=text)
    tokenize(doc)
    return recognize_mentions(doc)


@pytest.fixture(scope="module")
def documents(seed_texts: dict[str, str], corpus_records: list[dict[str, Any]]) -> dict[str, Document]:
    texts = dict(seed_texts)
    texts.update({r["_file"]: r["text"] for r in corpus_records})
    return {name: _analyse(text) for name, text in texts.items()}


def test_expected_mentions(documents: dict[str, Document]) -> None:
    missing: list[str] = []
    for name, pairs in EXPECTED.items():
        if name not in documents:
            continue
        found = {f"{fold(m.text)}={m.entity}" for m in documents[name].mentions}
        missing.extend(f"{name}: {p}" for p in pairs if p not in found)
    assert not missing, missing


def test_no_false_mentions(documents: dict[str, Document]) -> None:
    bad = [
        (name, m.text)
        for name, doc in documents.items()
        for m in doc.mentions
        if fold(m.text) in NEVER
    ]
    assert not bad


def test_one_surface_one_entity(documents: dict[str, Document]) -> None:
    """Across all the texts, one written form names one entity (consistency)."""
    seen: dict[str, set[str]] = {}
    for doc in documents.values():
        for m in doc.mentions:
            seen.setdefault(fold(m.text), set()).add(m.entity)
    # «قوى الأمن الداخلي» is read from its sentence (Asayish or the Syrian ministry's force)
    contextual = {"قوي الامن الداخلي"}
    assert {k: v for k, v in seen.items() if len(v) > 1 and k not in contextual} == {}


def test_spans_and_entities(documents: dict[str, Document]) -> None:
    for doc in documents.values():
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert m.entity in doc.entities
        assert set(doc.entities) == {m.entity for m in doc.mentions}
        for ent in doc.entities.values():
            # a facility the gazetteer lacks has a point only when the text names its town
            if ent.type in ("place", "facility") and not ent.id.startswith("facility:"):
                assert ent.lat is not None and ent.lon is not None, ent.id


def test_speed(documents: dict[str, Document]) -> None:
    docs = list(documents.values())
    for doc in docs:  # warm the caches
        recognize_mentions(doc)
    # the best of several rounds: other processes on the machine only ever slow a round down
    rounds: list[float] = []
    for _ in range(5):
        start = time.perf_counter()
        for doc in docs:
            recognize_mentions(doc)
        rounds.append((time.perf_counter() - start) * 1000 / len(docs))
    # the whole pipeline must reach 500 docs/s (2 ms/doc); mentions take ~0.3 ms of that
    assert min(rounds) < 1.5, rounds
