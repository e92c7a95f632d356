"""Inflection of trigger lemmas: every written form of a verb, participle or noun.

Used once, by ``python -m marsad.kb.generate``, to write ``kb/data/generated/trigger_forms.tsv``;
marsad reads that file at run time and never imports a morphology library.

* Arabic verbs are conjugated by ``libqutrub`` (a development dependency): perfect and
  imperfect (indicative, subjunctive, jussive), every person, number and gender, active and —
  for transitive verbs — passive. The imperative and the energetic are left out (news does not
  tell happenings with them).
* Participles follow the verb form's pattern: Form I فاعل / مفعول from the root (hollow,
  doubled and defective roots included); Forms II-X and quadriliteral verbs م + the stem of
  the imperfect (يُهاجِم → مهاجم, يُعتقَل → معتقل, يستسلم → مستسلم).
* Nouns (verbal nouns and other event nouns) take their dual, the accusative alef and — ending
  in ة — the ت of the construct before a pronoun (سيطرتها); plurals are written in the data
  (broken plurals are not predictable), except the sound feminine plural of a derived verb's
  verbal noun (اعتقال → اعتقالات), which is regular.
* English verbs follow the regular rules (-s/-es/-ies, -ed/-d/-ied, -ing with a silent e
  dropped) with an irregular table; a phrasal verb inflects its first word (broke out).

Every form is written without diacritics (the normaliser removes them, so forms that differ
only by their vowels — the active and passive of a sound verb — are one form).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# diacritics libqutrub writes (tanwin, short vowels, sukun, dagger alef) and the tatweel; the
# shadda is kept apart (it tells Form II and doubled roots)
_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0653) if c != 0x0651) | {"\u0670", "\u0640"}
_SHADDA = "\u0651"
VOWELS = {"a": "فتحة", "i": "كسرة", "u": "ضمة"}

# pronoun enclitics a noun in the construct takes after the ت of its ة (سيطرتها, مداهمته)
CONSTRUCT_PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "ي", "نا", "ك", "كم")


def strip_marks(word: str) -> str:
    return "".join(c for c in word if c not in _MARKS)


def bare(word: str) -> str:
    """The word without diacritics or shadda."""
    return strip_marks(word).replace(_SHADDA, "")


@dataclass(frozen=True, slots=True)
class Form:
    """One written form and what it is."""

    text: str
    kind: str  # finite | participle | noun
    voice: str = ""  # active | passive | "" (not a verb, or both once written without vowels)
    tense: str = ""  # past | present | ""


# ---------------------------------------------------------------------------------------------
# Arabic verbs


def is_form_one(verb: str) -> bool:
    """A verb of three root letters written as they are (قتل, عاد, رمى) or two and a shadda
    (فرّ): Form I. Three letters and a shadda are Form II (فجّر, حيّد)."""
    b = bare(verb)
    return len(b) == 2 or (len(b) == 3 and _SHADDA not in verb)


def weakness(verb: str) -> str:
    """sound | hollow | defective | doubled, from the written perfect."""
    b = bare(verb)
    if _SHADDA in strip_marks(verb) and len(b) == 2:
        return "doubled"
    if len(b) == 3 and b[1] == "ا" and _SHADDA not in verb:
        return "hollow"
    if b[-1] in "ىا" and len(b) >= 3:
        return "defective"
    if not is_form_one(verb) and _hollow_derived(b):
        return "hollow"
    return "sound"


def _hollow_derived(b: str) -> bool:
    """Derived forms of hollow roots keep a long vowel before the last radical (أعاد, اغتال,
    استعاد, اختار)."""
    return len(b) >= 4 and b[-2] in "اي" and b[0] in "أاإ"


# libqutrub tense names -> (voice, tense, is jussive)
_TENSES = {
    "الماضي المعلوم": ("active", "past", False),
    "المضارع المعلوم": ("active", "present", False),
    "المضارع المنصوب": ("active", "present", False),
    "المضارع المجزوم": ("active", "present", True),
    "الماضي المجهول": ("passive", "past", False),
    "المضارع المجهول": ("passive", "present", False),
    "المضارع المجهول المنصوب": ("passive", "present", False),
    "المضارع المجهول المجزوم": ("passive", "present", True),
}
# persons whose perfect ends in a consonant suffix (-tu, -ta, -na...): a hollow verb shortens
# its stem there (عُدْتُ), the very spelling of a doubled root (أعدّت "she prepared")
_SHORT_STEM_PERSONS = frozenset(
    {"أنا", "أنت", "أنتِ", "أنتما", "أنتما مؤ", "نحن", "أنتم", "أنتن", "هن"}
)


# the feminine plural persons shorten a hollow imperfect too (يعُدْنَ)
_SHORT_IMPERFECT_PERSONS = frozenset({"أنتن", "هن"})


def conjugate(verb: str, imperfect: str = "a", transitive: bool = True) -> dict[str, Form]:
    """Every finite form of ``verb`` (3rd masc. sing. perfect; Form I written with its vowels),
    keyed by its text. ``imperfect`` is the vowel of the imperfect stem for Form I (a/i/u:
    يفعَل/يفعِل/يفعُل). Passives only for transitive verbs.

    Weak verbs drop their jussive (لم يعد "no longer", لم يلق) and a hollow verb the perfect
    persons with a shortened stem: those spellings are other, common words."""
    from libqutrub.mosaref_main import do_sarf  # development dependency, see module doc

    table = do_sarf(
        verb,
        VOWELS[imperfect],
        alltense=True,
        past=True,
        future=True,
        passive=transitive,
        imperative=False,
        future_moode=True,
        confirmed=False,
        transitive=transitive,
        display_format="DICT",
    )
    if not table:
        raise ValueError(f"libqutrub cannot conjugate {verb!r}: write Form I with its vowels")
    weak = weakness(verb)
    found: dict[str, set[tuple[str, str]]] = {}
    for tense_name, persons in table.items():
        meta = _TENSES.get(tense_name.strip())
        if meta is None:
            continue
        voice, tense, jussive = meta
        if voice == "passive" and not transitive:
            continue
        if jussive and weak in ("hollow", "defective"):
            continue
        for person, written in persons.items():
            if weak == "hollow" and person in _SHORT_STEM_PERSONS and (
                tense == "past" or person in _SHORT_IMPERFECT_PERSONS
            ):
                continue
            text = bare(written)
            if text:
                found.setdefault(text, set()).add((voice, tense))
    return {t: _merged(t, "finite", readings) for t, readings in found.items()}


def _merged(text: str, kind: str, readings: set[tuple[str, str]]) -> Form:
    voices = {v for v, _ in readings}
    tenses = {t for _, t in readings}
    return Form(
        text,
        kind,
        voices.pop() if len(voices) == 1 else "",
        tenses.pop() if len(tenses) == 1 else "",
    )


def imperfect_stems(verb: str, imperfect: str = "a") -> tuple[str, str]:
    """(active, passive) stem of the 3rd masc. sing. imperfect, without its prefix ي."""
    from libqutrub.mosaref_main import do_sarf

    table = do_sarf(
        verb, VOWELS[imperfect], alltense=True, past=False, future=True, passive=True,
        imperative=False, future_moode=False, confirmed=False, transitive=True,
        display_format="DICT",
    )  # fmt: skip
    active = bare(table["المضارع المعلوم"]["هو"])[1:]
    passive = bare(table["المضارع المجهول"]["هو"])[1:]
    return active, passive


# ---------------------------------------------------------------------------------------------
# participles


def form_one_root(verb: str, imperfect: str) -> tuple[str, str, str]:
    """The three radicals of a Form I verb; the weak letter of a hollow or defective root
    follows from the imperfect vowel (يعود: و, يبيع: ي; يدعو: و, يرمي: ي)."""
    b = bare(verb)
    weak = weakness(verb)
    if weak == "doubled":
        return b[0], b[1], b[1]
    if weak == "hollow":
        return b[0], "ي" if imperfect == "i" else "و", b[2]
    if weak == "defective":
        return b[0], b[1], "و" if imperfect == "u" else "ي"
    return b[0], b[1], b[2]


def participle_stems(verb: str, imperfect: str, which: Iterable[str]) -> list[str]:
    """The masculine singular participles named in ``which`` (active, passive)."""
    which = set(which)
    out: list[str] = []
    if is_form_one(verb):
        c1, c2, c3 = form_one_root(verb, imperfect)
        weak = weakness(verb)
        if "active" in which:
            first = "آ" if c1 in "أإا" else c1 + "ا"
            if weak == "hollow":
                out.append(first + "ئ" + c3)
            elif weak == "doubled":
                out.append(first + c2)
            elif weak == "defective":
                out.append(first + c2 + "ي")
            else:
                out.append(first + c2 + c3)
        if "passive" in which:
            if weak == "hollow":
                out.append("م" + c1 + c2 + c3)
            elif weak == "doubled":
                out.append("م" + c1 + c2 + "و" + c2)
            elif weak == "defective":
                out.append("م" + c1 + c2 + c3)
            else:
                out.append("م" + c1 + c2 + "و" + c3)
        return out
    active, passive = imperfect_stems(verb, imperfect)
    if "active" in which:
        out.append("م" + active)
    if "passive" in which and ("م" + passive) not in out:
        out.append("م" + passive)
    return out


def participle_forms(stem: str) -> list[str]:
    """A participle with its feminine, dual, plural, accusative and construct endings, and
    the article on those that take it."""
    if stem.endswith(("ي", "ى")):  # defective: الرامي, رامٍ, رامون, رامية
        root = stem[:-1]
        definable = [stem, root + "ية", root + "يات", root + "ين", root + "ون", root + "يان",
                     root + "يين"]  # fmt: skip
        return [*definable, root, *_with_article(definable)]
    definable = [
        stem, stem + "ة", stem + "ان", stem + "ين", stem + "ون", stem + "تان", stem + "تين",
        stem + "ات",
    ]  # fmt: skip
    return [*definable, stem + "ا", stem + "ي", stem + "و", *_with_article(definable)]


def _with_article(forms: list[str]) -> list[str]:
    """The forms with the article written on them (الهجوم): a hit then starts where the word
    does. Accusative and construct forms take no article and are not passed here."""
    return ["ال" + f for f in forms if not f.startswith("ال")]


# ---------------------------------------------------------------------------------------------
# nouns


def noun_forms(noun: str) -> list[str]:
    """A singular noun (or verbal noun) with its dual, accusative and construct forms.

    Phrases (several words) are taken as written."""
    if " " in noun:
        return [noun]
    if noun.endswith("ة"):
        stem = noun[:-1]
        definable = [noun, stem + "تان", stem + "تين"]
        return [*definable, *_with_article(definable)] + [
            stem + "ت" + p for p in CONSTRUCT_PRONOUNS
        ]
    definable = [noun, noun + "ان", noun + "ين"]
    out = [*definable, *_with_article(definable)]
    if not noun.endswith(("ا", "ى", "ء", "ي")):
        out.append(noun + "ا")  # accusative tanwin: هجوماً
    return out


def plural_forms(plural: str) -> list[str]:
    """A plural as written and with the article; a plural in ة takes the construct ت before a
    pronoun (قادة)."""
    if " " in plural:
        return [plural]
    out = [plural, *_with_article([plural])]
    if plural.endswith("ة"):
        out += [plural[:-1] + "ت" + p for p in CONSTRUCT_PRONOUNS]
    return out


def sound_feminine_plural(noun: str) -> str:
    """اعتقال → اعتقالات, مداهمة → مداهمات."""
    return (noun[:-1] if noun.endswith("ة") else noun) + "ات"


def definite_phrase(phrase: str) -> str:
    """A noun-adjective phrase made definite: عبوة ناسفة → العبوة الناسفة."""
    return " ".join(w if w.startswith("ال") else "ال" + w for w in phrase.split())


# ---------------------------------------------------------------------------------------------
# English


_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")
_VOWEL_LETTERS = frozenset("aeiou")


def english_verb_forms(verb: str, irregular: dict[str, list[str]]) -> list[Form]:
    """The forms of an English verb or phrasal verb (its first word inflected)."""
    head, _, rest = verb.partition(" ")
    tail = " " + rest if rest else ""
    third = _plural(head)
    if head in irregular:
        past, participle = irregular[head][0], irregular[head][1]
        ing = irregular[head][2] if len(irregular[head]) > 2 else _ing(head)
    else:
        past = participle = _past(head)
        ing = _ing(head)
    forms = [
        Form(head + tail, "finite", "active", "present"),
        Form(third + tail, "finite", "active", "present"),
        Form(ing + tail, "participle", "active", ""),
    ]
    if past == participle:
        forms.append(Form(past + tail, "finite", "", "past"))
    else:
        forms.append(Form(past + tail, "finite", "active", "past"))
        forms.append(Form(participle + tail, "finite", "passive", "past"))
    return forms


def english_noun_forms(noun: str) -> list[str]:
    """A noun and its plural (a compound pluralises its last word)."""
    *first, last = noun.split(" ")
    return [noun, " ".join([*first, _plural(last)])]


def _plural(word: str) -> str:
    if word.endswith(_SIBILANT_ENDS):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWEL_LETTERS:
        return word[:-1] + "ies"
    return word + "s"


def _doubles(word: str) -> bool:
    """A one-syllable word ending consonant-vowel-consonant doubles its last letter (stab →
    stabbed); longer words are listed in the irregular table when they do (patrol)."""
    vowels = sum(1 for c in word if c in _VOWEL_LETTERS)
    return (
        vowels == 1
        and len(word) >= 3
        and word[-1] not in _VOWEL_LETTERS | {"w", "x", "y"}
        and word[-2] in _VOWEL_LETTERS
        and word[-3] not in _VOWEL_LETTERS
    )


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2] not in _VOWEL_LETTERS:
        return word[:-1] + "ied"
    if _doubles(word):
        return word + word[-1] + "ed"
    return word + "ed"


def _ing(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    if _doubles(word):
        return word + word[-1] + "ing"
    return word + "ing"
