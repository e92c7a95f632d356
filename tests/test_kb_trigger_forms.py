"""Trigger lemmas and their generated forms (kb/data/triggers, kb/morphology, kb/generate).

The generated file must be what the generator writes from the data; the morphology rules are
checked on words of the language, not on any article."""

from __future__ import annotations

import importlib.util
import tomllib

import pytest

from marsad.kb import morphology as m
from marsad.kb.generate import entry_forms, generated
from marsad.kb.triggers import (
    TriggerDataError,
    family_files,
    read_entries,
    trigger_entries,
    trigger_forms,
)

HAS_QUTRUB = importlib.util.find_spec("libqutrub") is not None
needs_qutrub = pytest.mark.skipif(
    not HAS_QUTRUB, reason="libqutrub is not installed (pip install -e '.[dev]')"
)

EVENT_TYPES = {
    "attack", "clash", "riot", "escape", "release", "transfer", "arrest", "hostage_taking",
    "killing", "security_operation", "reinforcement", "repatriation", "agreement", "other",
}  # fmt: skip


@needs_qutrub
def test_generated_files_are_in_sync_with_the_data() -> None:
    for path, text in generated().items():
        assert path.read_text("utf-8") == text, (
            f"{path} is out of date: run python -m marsad.kb.generate"
        )


def test_generated_entries_match_the_data_files() -> None:
    """The conditions marsad reads at run time are those of the TOML entries (this part
    needs no morphology library)."""
    from marsad.kb.generate import entries_path, render_entries

    assert entries_path().read_text("utf-8") == render_entries()


def test_every_entry_has_a_contract_type_and_every_form_an_entry() -> None:
    entries = trigger_entries()
    assert len(entries) > 100
    for e in entries.values():
        assert e.type in EVENT_TYPES | {"none"}, e
    forms = trigger_forms()
    assert len({f.form for f in forms}) > 3000
    assert {f.entry.key for f in forms} == set(entries)
    for f in forms:
        assert f.kind in ("finite", "participle", "noun")
        assert f.voice in (None, "active", "passive")
        assert f.tense in (None, "past", "present")


def test_subtypes_come_from_one_vocabulary() -> None:
    allowed = {
        "airstrike", "drone_strike", "shelling", "ied", "bombing", "ambush", "assassination",
        "execution", "kidnapping", "surrender", "displacement", "withdrawal", "siege", "curfew",
        "protest", "verdict", "raid", "sweep", "deployment", "takeover", "ceasefire",
        "handover", "deportation", "cordon", "alert", "closure", "foiled", "incursion",
        "crowd_control", "seizure",
    }  # fmt: skip
    used = {e.subtype for e in trigger_entries().values() if e.subtype}
    assert used <= allowed, used - allowed


def test_a_malformed_entry_is_named() -> None:
    with pytest.raises(TriggerDataError, match=r"triggers/demo\.toml entry 2: no type"):
        read_entries("demo", {"entry": [{"type": "attack"}, {"verb": "هاجم"}]})
    with pytest.raises(TriggerDataError, match="gap"):
        read_entries("demo", {"entry": [{"type": "attack", "then": ["على"], "gap": -1}]})
    (entry, raw), = read_entries("demo", {"entry": [{"type": "attack", "nounz": ["x"]}]})
    with pytest.raises(TriggerDataError, match=r"unknown keys \['nounz'\]"):
        list(entry_forms(entry, raw, {}))


def test_family_files_parse() -> None:
    families = dict(family_files())
    assert {"attack", "killing", "arrest", "escape", "other", "security"} <= set(families)
    for text in families.values():
        tomllib.loads(text)


# -- English ---------------------------------------------------------------------------------

IRREGULAR = {"flee": ["fled", "fled", "fleeing"], "break": ["broke", "broken"],
             "shoot": ["shot", "shot"], "strike": ["struck", "struck"],
             "kidnap": ["kidnapped", "kidnapped", "kidnapping"]}  # fmt: skip


def _en(verb: str) -> dict[str, tuple[str, str, str]]:
    return {f.text: (f.kind, f.voice, f.tense) for f in m.english_verb_forms(verb, IRREGULAR)}


def test_english_regular_verbs() -> None:
    assert set(_en("target")) == {"target", "targets", "targeted", "targeting"}
    assert set(_en("raid")) == {"raid", "raids", "raided", "raiding"}
    assert set(_en("agree")) == {"agree", "agrees", "agreed", "agreeing"}
    assert set(_en("die")) == {"die", "dies", "died", "dying"}
    assert set(_en("mutiny")) == {"mutiny", "mutinies", "mutinied", "mutinying"}
    assert set(_en("deploy")) == {"deploy", "deploys", "deployed", "deploying"}
    assert set(_en("clash")) == {"clash", "clashes", "clashed", "clashing"}
    assert set(_en("stab")) == {"stab", "stabs", "stabbed", "stabbing"}  # one syllable doubles
    assert _en("attack")["attacked"] == ("finite", "", "past")  # active or passive
    assert _en("attack")["attacking"][0] == "participle"


def test_english_irregular_and_phrasal_verbs() -> None:
    assert set(_en("flee")) == {"flee", "flees", "fled", "fleeing"}
    assert set(_en("break out")) == {"break out", "breaks out", "broke out", "broken out",
                                     "breaking out"}  # fmt: skip
    assert _en("break out")["broke out"] == ("finite", "active", "past")
    assert _en("break out")["broken out"] == ("finite", "passive", "past")
    assert {"shot", "struck", "kidnapped", "kidnapping"} <= set(_en("shoot")) | set(
        _en("strike")
    ) | set(_en("kidnap"))


def test_english_nouns() -> None:
    assert m.english_noun_forms("airstrike") == ["airstrike", "airstrikes"]
    assert m.english_noun_forms("drone strike") == ["drone strike", "drone strikes"]
    assert m.english_noun_forms("casualty") == ["casualty", "casualties"]
    assert m.english_noun_forms("ambush") == ["ambush", "ambushes"]


# -- Arabic nouns and participles (rules of the language, no library) ------------------------


def test_noun_forms_dual_accusative_construct_article() -> None:
    forms = set(m.noun_forms("هجوم"))
    assert {"هجوم", "هجومان", "هجومين", "هجوما", "الهجوم", "الهجومين"} <= forms
    assert "الهجوما" not in forms  # the accusative alef takes no article
    forms = set(m.noun_forms("مداهمة"))
    assert {"مداهمة", "المداهمة", "مداهمتان", "مداهمتين", "مداهمته", "مداهمتها",
            "مداهمتهم"} <= forms  # fmt: skip
    assert "المداهمتها" not in forms
    assert m.sound_feminine_plural("اعتقال") == "اعتقالات"
    assert m.sound_feminine_plural("مداهمة") == "مداهمات"
    assert m.definite_phrase("عبوة ناسفة") == "العبوة الناسفة"


def test_form_one_participles_by_root_class() -> None:
    assert m.participle_stems("قَتَلَ", "u", ["active", "passive"]) == ["قاتل", "مقتول"]
    assert m.participle_stems("عَادَ", "u", ["active"]) == ["عائد"]  # hollow: ئ
    assert m.participle_stems("فَرَّ", "i", ["active"]) == ["فار"]  # doubled
    assert m.participle_stems("أَسَرَ", "i", ["active"]) == ["آسر"]  # hamza: آ
    assert m.participle_stems("رَمَى", "i", ["passive"]) == ["مرمي"]  # defective
    forms = set(m.participle_forms("مقتول"))
    assert {"مقتول", "مقتولة", "مقتولا", "مقتولين", "مقتولون", "مقتولات", "المقتولين"} <= forms


def test_verb_form_is_told_by_letters_and_shadda() -> None:
    assert m.is_form_one("قَتَلَ") and m.is_form_one("فَرَّ") and m.is_form_one("عَادَ")
    assert not m.is_form_one("فجّر")  # three letters and a shadda: Form II
    assert not m.is_form_one("اعتقل") and not m.is_form_one("أفرج")
    assert m.weakness("عَادَ") == "hollow" and m.weakness("فَرَّ") == "doubled"
    assert m.weakness("رَمَى") == "defective" and m.weakness("أعاد") == "hollow"
    assert m.weakness("قَتَلَ") == "sound"


# -- Arabic verbs (libqutrub) ----------------------------------------------------------------


@needs_qutrub
def test_conjugation_has_persons_moods_and_passives() -> None:
    forms = m.conjugate("هاجم", "a", transitive=True)
    assert {"هاجم", "هاجمت", "هاجموا", "هاجما", "هاجمنا", "يهاجم", "تهاجم", "يهاجمون",
            "يهاجمان", "يهاجموا", "نهاجم"} <= set(forms)  # fmt: skip
    assert forms["هوجم"] == m.Form("هوجم", "finite", "passive", "past")
    assert forms["هاجموا"].voice == "active"
    assert forms["يهاجم"].voice == ""  # يُهاجِم / يُهاجَم: one spelling
    assert forms["يهاجم"].tense == "present"


@needs_qutrub
def test_hollow_verbs_keep_their_long_stem() -> None:
    forms = m.conjugate("اغتال", "a", transitive=True)
    assert {"اغتال", "اغتالوا", "اغتيل", "اغتيلت", "يغتال", "يغتالون"} <= set(forms)
    # the shortened stems are other words (أعدّت "she prepared", لم يعد "no longer")
    back = m.conjugate("أعاد", "a", transitive=True)
    assert {"أعاد", "أعيد", "يعيد", "يعاد"} <= set(back)
    assert not {"أعد", "يعد", "تعد", "أعدت", "يعدن"} & set(back)
    intransitive = m.conjugate("عَادَ", "u", transitive=False)
    assert "عيد" not in intransitive and "يعد" not in intransitive


@needs_qutrub
def test_derived_participles_follow_the_imperfect() -> None:
    assert m.participle_stems("اعتقل", "a", ["active"]) == ["معتقل"]
    assert m.participle_stems("تظاهر", "a", ["active"]) == ["متظاهر"]
    assert m.participle_stems("أفرج", "a", ["passive"]) == ["مفرج"]
    assert m.participle_stems("استسلم", "a", ["active"]) == ["مستسلم"]
