"""Places of the whole conflict stream, spelling variants, and names that are ordinary words.

Sentences written for these tests. A guarded name (an ordinary word too: الكرامة "dignity",
السلمية "peaceful", دوما "always") is a place only after a settlement noun, before a locative
anchor of its governorate, or once the document has named the place so; otherwise it is
nothing. New places come from the hand-written admin units and the GeoNames layer.
"""

from __future__ import annotations

import pytest

from marsad.kb import load_kb
from recognize_helpers import mentions

FOUND: list[tuple[str, list[tuple[str, str]]]] = [
    # guarded names in their context
    ("اشتباكات في قرية الكرامة شرقي الرقة", [("الكرامة", "al_karamah"), ("الرقة", "raqqa")]),
    ("قصف على الكرامة شرقي الرقة", [("الكرامة", "al_karamah"), ("الرقة", "raqqa")]),
    ("في ناحية الكرامة", [("ناحية الكرامة", "al_karamah")]),
    ("في مدينة السلمية بريف حماة الشرقي", [("السلمية", "as_salamiyah"), ("ريف حماة الشرقي", "hama_countryside_east")]),
    ("انفجار في دوما بالغوطة الشرقية", [("دوما", "duma"), ("الغوطة الشرقية", "eastern_ghouta")]),
    # once named with its noun, the bare name later in the document is the place
    ("وصل الرتل إلى مدينة دوما. وفي دوما اعتقل شخصان", [("دوما", "duma"), ("دوما", "duma")]),
    # admin units and towns by hand
    ("في قضاء داقوق جنوب كركوك", [("قضاء داقوق", "daquq_district"), ("كركوك", "kirkuk")]),
    ("في ناحية آمرلي", [("ناحية آمرلي", "amirli")]),
    ("الصقلاوية شمال الفلوجة", [("الصقلاوية", "saqlawiyah"), ("الفلوجة", "fallujah")]),
    ("في منطقة منبج", [("منطقة منبج", "manbij_district")]),
    ("في محافظة ذي قار", [("محافظة ذي قار", "dhi_qar_governorate")]),
    ("في جرف الصخر شمال بابل", [("جرف الصخر", "jurf_al_sakhar"), ("بابل", "babil_governorate")]),
    # GeoNames places
    ("قصفت الطائرات بلدة تفتناز", [("تفتناز", "taftanaz")]),
    ("وصل إلى زاخو ثم دهوك", [("زاخو", "zaxo"), ("دهوك", "duhok")]),
    # spelling variants by rule
    ("هجوم في جويران", [("جويران", "ghwayran")]),
    ("في تل عفر وسامرا", [("تل عفر", "tal_afar"), ("سامرا", "samarra")]),
    ("قصف على كباني", [("كباني", "kobani")]),
    ("in Dayr al-Zawr and al-Hasakah", [("Dayr al-Zawr", "deir_ez_zor"), ("al-Hasakah", "hasakah")]),
    ("Clashes in Deir Ezzor and Hasaka", [("Deir Ezzor", "deir_ez_zor"), ("Hasaka", "hasakah")]),
    ("the town of Amirli and Daquq district", [("Amirli", "amirli"), ("Daquq district", "daquq_district")]),
]

# Ordinary words that are also (guarded) place names: no place here but the anchors.
NOT_PLACES: list[tuple[str, list[str]]] = [
    ("الكرامة الإنسانية مصونة", []),
    ("دافعوا عن الكرامة في الرقة", ["raqqa"]),  # «في» + a town is no anchor for a word
    ("نحن نعمل دوما على السلام", []),
    ("المظاهرات السلمية في حماة", ["hama"]),
    ("زار الحي القديم", []),
    ("نقل إلى المدينة", []),
    ("the Hamza brigade", []),
    ("شيدت تقنيات حديثة في مدينة حديثة البناء", []),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_places_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOT_PLACES)
def test_ordinary_words_are_no_places(text: str, expected: list[str]) -> None:
    kb = load_kb()
    got = [e for _, e in mentions(text) if kb.get(e) and kb.get(e).type in ("place", "facility")]
    assert got == expected


def test_shared_name_needs_an_anchor_to_choose() -> None:
    """Two villages called «صوران» (Aleppo and Hama): the anchor says which; the noun alone
    does not."""
    kb = load_kb()
    got = mentions("في بلدة صوران بريف حماة")
    assert kb.get(got[0][1]).parent == "hama_governorate"
    got = mentions("في بلدة صوران بريف حلب الشمالي")
    assert kb.get(got[0][1]).parent == "aleppo_governorate"
    assert [e for _, e in mentions("في بلدة صوران")] == []
