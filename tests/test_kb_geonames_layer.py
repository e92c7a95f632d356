"""The generated layer (GeoNames places, checked variants) and the admin units by hand.

The committed ``places_geonames.tsv`` is checked as data (parents, points inside their
country, the reviewed layer untouched); the build's logic runs on a few invented GeoNames rows
with stand-in word lists (the real ones, wordfreq and arramooz, are build-time dependencies
only).
"""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.kb import load_kb
from marsad.kb.build_places import Row, build, select
from marsad.kb.gazetteer import GUARDED, PLAIN, load_reviewed_kb
from marsad.kb.generated import parse_generated, read_generated
from marsad.kb.variants import arabic_variants, english_variants
from marsad.text.normalize import normalize_term

# rough bounding boxes: a generated point outside its country's box is a wrong parent
BOXES = {"syria": (32.3, 37.4, 35.5, 42.5), "iraq": (29.0, 37.5, 38.7, 48.8)}


def test_generated_layer_counts_and_parents() -> None:
    layer = read_generated()
    kb = load_kb()
    countries = Counter(kb.country_of(p.id) for p in layer.places)
    assert countries["syria"] >= 200 and countries["iraq"] >= 80
    assert countries["lebanon"] >= 30 and countries["turkey"] >= 200 and countries["jordan"] >= 30
    for p in layer.places:
        assert p.parent in kb.entities, p.id
        country = kb.country_of(p.id)
        if country in BOXES:
            lat0, lat1, lon0, lon1 = BOXES[country]
            assert lat0 <= p.lat <= lat1 and lon0 <= p.lon <= lon1, p.id


def test_generated_forms_never_take_a_reviewed_form() -> None:
    reviewed = load_reviewed_kb().aliases
    layer = read_generated()
    for p in layer.places:
        for form in (*p.plain, *p.guarded):
            assert form not in reviewed, (p.id, form)
    for eid, (plain, guarded) in layer.variants.items():
        for form in (*plain, *guarded):
            assert form not in reviewed, (eid, form)


def test_generated_file_errors_name_the_line() -> None:
    with pytest.raises(ValueError, match=r"places_geonames.tsv: line 2"):
        parse_generated("# header\nE\tonly\tthree\n")


def test_admin_units() -> None:
    kb = load_kb()
    syria = [e for e in kb.of_type("place") if e.subtype == "governorate" and kb.country_of(e.id) == "syria"]
    iraq = [e for e in kb.of_type("place") if e.subtype == "governorate" and kb.country_of(e.id) == "iraq"]
    assert len(syria) == 14 and len(iraq) == 19  # 18 governorates and Halabja
    districts = Counter(e.parent for e in kb.of_type("place") if e.subtype == "district")
    for gov in syria:
        if gov.id != "damascus_governorate":  # the city is its own governorate
            assert districts[gov.id] >= 2, gov.id
    for gov in iraq:
        if gov.id not in ("halabja_governorate",):
            assert districts[gov.id] + sum(1 for e in kb.of_type("place") if e.parent == gov.id) >= 2, gov.id


def test_variant_rules() -> None:
    assert "جويران" in arabic_variants("غويران")
    assert "سامرا" in arabic_variants("سامراء")
    assert "تلعفر" in arabic_variants("تل عفر") and "تل عفر" in arabic_variants("تلعفر")
    assert "باغوز" in arabic_variants("الباغوز") and "الغويران" in arabic_variants("غويران")
    assert "ابي الخصيب" in arabic_variants("أبو الخصيب")
    assert "كباني" in arabic_variants("كوباني")
    assert {"deir al-zor", "deir ezzor", "dayr ez-zor"} <= set(english_variants("Deir ez-Zor"))
    assert {"hasaka", "hasakeh", "al-hasakah"} <= set(english_variants("Hasakah"))
    assert {"tal rifat", "tell rifat"} <= set(english_variants("Tall Rif'at"))


class _Words:
    """Stand-in word lists for the build."""

    arabic = frozenset(normalize_term(w) for w in ("الكرامة", "كرامة", "صوران", "الصوران"))

    def is_arabic_word(self, form: str) -> bool:
        return form in self.arabic

    def is_english_word(self, form: str) -> bool:
        return len(form) < 4 or form in ("karama", "al-karama")

    def too_common(self, form: str) -> bool:
        return form in ("السجن", "سجن")

    def zipf(self, form: str) -> float:
        return 0.0


def _row(gid: str, ascii: str, arabic: list[str], lat: float, lon: float, country: str = "SY",
         admin1: str = "10", code: str = "PPL") -> Row:
    return Row(gid, ascii, ascii, [ascii, *arabic], lat, lon, code, country, admin1, 1000)


def test_build_guards_shares_and_leaves_the_reviewed_layer_alone() -> None:
    kb = load_reviewed_kb()
    rows = [
        _row("1", "Al Karama", ["الكرامة"], 35.20, 36.70),  # an ordinary word, in Hama
        _row("2", "Tall Fuqani", ["تل فوقاني", "السجن"], 35.30, 36.80, code="PPLA3"),
        _row("3", "Suran", ["صوران"], 35.29, 36.75),  # two places of one name
        _row("4", "Suran", ["صوران"], 36.57, 37.21, admin1="09"),
        _row("5", "Ar Raqqah", ["الرقة", "رقة"], 35.9500, 39.0100, admin1="04", code="PPLA"),  # reviewed
        _row("6", "Koyunlu", [], 36.80, 40.10, country="TR", admin1="63"),  # by the border
        _row("7", "Ankara", ["أنقرة"], 39.93, 32.86, country="TR", admin1="68", code="PPLC"),  # far away
    ]
    rows.append(_row("8", "Ras Town", [], 36.85, 40.07, admin1="01"))  # anchors row 6
    selected = {r.gid for r in select(rows)}
    assert "6" in selected and "7" not in selected
    b = build(rows, kb, _Words())  # type: ignore[arg-type]
    by_gid = {c.row.gid: c for c in b.places}
    assert "5" not in by_gid  # Raqqa is reviewed: its GeoNames entry only lends spellings
    assert not ({"الرقه"} & set(b.variants.get("raqqa", (set(), set()))[0]))  # reviewed form kept as is
    karama = by_gid["1"]
    assert "الكرامه" in karama.guarded and "الكرامه" not in karama.plain and karama.parent == "hama_governorate"
    fuqani = by_gid["2"]
    assert {"تل فوقاني", "تلفوقاني", "ناحيه تل فوقاني"} <= fuqani.plain
    assert "السجن" not in fuqani.plain | fuqani.guarded
    assert "صوران" in by_gid["3"].guarded and "صوران" in by_gid["4"].guarded
    assert by_gid["4"].parent == "aleppo_governorate" and by_gid["6"].parent == "turkey"
    assert "karama" not in karama.plain and "al-karama" not in karama.plain  # English words dropped


def test_kb_reads_guarded_generated_forms() -> None:
    kb = load_kb()
    senses = kb.aliases[normalize_term("السلمية")]
    assert [s.kind for s in senses if s.entity == "as_salamiyah"] == [GUARDED]
    assert [s.kind for s in kb.aliases[normalize_term("تفتناز")]] == [PLAIN]
