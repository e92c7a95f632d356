"""Guarded place names: names that are ordinary words too, read as places only in context.

Many villages are called by ordinary words (الكرامة "dignity", النصر "victory", الحرية
"freedom", السلام "peace", الصالحية) and some names belong to several places (two «صوران»).
The gazetteer marks such forms *guarded* (``kb.gazetteer.GUARDED``); a guarded form names a
place only when the text says it is one:

* a settlement noun stands right before it: «قرية الكرامة», «بلدة النصر», «مدينة العمارة»,
  «ناحية السعدية», «حي الصالحية», «قضاء الحي»;
* a locative anchor follows it in the same clause, naming a place of the same governorate
  (or, outside Syria and Iraq, of the same country): a compass word or «قرب» and a place
  («الكرامة شرقي الرقة», «الكرامة قرب الرقة»), or a countryside, district or governorate
  («الكرامة بريف الرقة», «الكرامة في ريف الرقة الشرقي», «السعدية التابعة لمحافظة ديالى»).
  «في» + a town is not enough: «حققوا النصر في الرقة» is a victory in Raqqa;
* or the document has already named that place with such context.

When several places share the form, the noun alone does not say which: the anchor must.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from marsad.kb.gazetteer import KnowledgeBase
from marsad.text.normalize import normalize_term

SETTLEMENT_NOUNS = frozenset(
    normalize_term(w)
    for w in ("قرية", "بلدة", "مدينة", "ناحية", "حي", "قضاء", "منطقة", "قرى", "بلدات", "قريتي", "بلدتي",
              "مدينتي", "مزرعة", "مخيم", "village", "town", "city")
)
# Words that may stand between a guarded name and its anchor. The anchor-kind words say where
# the place lies relative to the anchor; the article-like ones only join.
_DIRECTIONS = frozenset(
    normalize_term(w)
    for w in ("شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "قرب", "بالقرب", "قرابة",
              "محاذاة", "بمحاذاة", "جوار", "بجوار", "شرقا", "غربا", "شمالا", "جنوبا")
)
_JOINERS = frozenset(
    normalize_term(w)
    for w in ("في", "ب", "من", "ل", "لل", "التابعة", "التابع", "الواقعة", "الواقع", "ضمن", "عن", "كم", "كيلومتر",
              "كيلومترات", "ريف", "بريف", "الريف")
)
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT = frozenset(",-():/")
# anchors that are an area, for which «في»/«ب» is enough: «بريف الرقة», «في محافظة ديالى»
AREA_SUBTYPES = frozenset({"countryside", "governorate", "district", "subdistrict"})
_MAX_GAP_WORDS = 5


def after_settlement_noun(text: str, nstart: int, nend: int, prefix: str) -> bool:
    """Is the word right before the name (its own proclitic aside) a settlement noun?

    Not when an indefinite name is an adjective of the noun in a construct: «مدينة حديثة
    البناء» is a newly built city, not the city of Haditha."""
    left = nstart - len(prefix)
    words = text[max(0, left - 24) : left].split()
    if not words or (left > 0 and not text[left - 1].isspace()):
        return False
    word = words[-1]
    if word not in SETTLEMENT_NOUNS and not (word[:1] in _PROCLITICS and word[1:] in SETTLEMENT_NOUNS):
        return False
    if not text.startswith("ال", nstart):
        following = text[nend : nend + 24].split()
        if following and following[0].startswith("ال"):
            return False
    return True


def anchored(gap: str, anchor_subtype: str | None) -> bool:
    """May ``gap`` (the text between a name and a place mention) join them as a location?"""
    tokens = _TOKEN.findall(gap)
    words = [t for t in tokens if t not in _PUNCT]
    if len(words) > _MAX_GAP_WORDS or any(t not in _PUNCT and not t.isdigit() and t not in _DIRECTIONS
                                          and t not in _JOINERS for t in tokens):
        return False
    if any(w in _DIRECTIONS for w in words):
        return True
    if words == ["ب"] and anchor_subtype == "region":
        return True  # «دوما بالغوطة الشرقية»: X بـ a region locates X
    return anchor_subtype in AREA_SUBTYPES


def region_finder(kb: KnowledgeBase) -> Callable[[str], str | None]:
    """entity id -> its governorate (or, outside the governorates, its country)."""
    cache: dict[str, str | None] = {}

    def region(eid: str) -> str | None:
        if eid in cache:
            return cache[eid]
        found = None
        for x in [eid, *kb.ancestors(eid)]:
            ent = kb.get(x)
            if ent is not None and ent.subtype == "governorate":
                found = x
                break
        if found is None:
            found = kb.country_of(eid)
        cache[eid] = found
        return found

    return region
