"""The counting and time vocabularies load, and each written form means one thing."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from importlib import resources

from marsad.recognize.numerals import number_words, words_value
from marsad.recognize.times.vocabulary import time_vocabulary
from marsad.recognize.units import unit_forms, unit_lookup
from marsad.text.normalize import normalize_term


def _data(name: str) -> dict:
    return tomllib.loads(resources.files("marsad.kb").joinpath(f"data/{name}").read_text("utf-8"))


def test_every_unit_form_names_one_unit() -> None:
    units: dict[str, set[str]] = defaultdict(set)
    for unit, table in _data("units.toml").items():
        for key in ("singular", "plural", "dual", "english"):
            for form in table.get(key, []):
                units[normalize_term(form)].add(unit)
    clashes = {form: names for form, names in units.items() if len(names) > 1}
    assert clashes == {}


def test_generated_unit_forms() -> None:
    forms = unit_forms()
    assert forms["سجينا"].unit == "prisoner"  # accusative سجيناً
    assert forms["سجينان"].dual and forms["سجينين"].dual
    assert forms["عايلتين"].dual  # عائلتين, after normalisation
    assert not forms["معتقلين"].dual  # the plural, not «two detainees»
    assert not forms["مدنيين"].dual
    assert unit_lookup()["متزعمي"] == "leader"  # construct state
    assert unit_lookup()["كم مربع"] == "km2"


def test_number_words() -> None:
    table = number_words()
    assert table["اثنتين"].value == 2
    assert table["ثلاثمايه"].value == 300
    assert table["الف"].multiplier
    assert words_value("خمسه واربعين") == 45
    assert words_value("ثلاثه الاف وخمسمايه") == 3500
    assert words_value("اثنتا عشره") == 12
    assert words_value("سجين") is None


def test_time_vocabulary_loads() -> None:
    vocab = time_vocabulary()
    assert len(vocab.lexicon) > 200
    months = _data("time_vocabulary.toml")["gregorian_months"]
    assert sorted(int(m) for m in months) == list(range(1, 13))
    assert vocab.directions["الفايت"] == "past"
