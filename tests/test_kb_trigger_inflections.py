"""Every inflection of a trigger lemma is found, with its sense (type, subtype, voice, tense,
lemma), and words written like it are not. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.extract.lexicons import Sense, scan
from marsad.io.clean import clean
from marsad.io.metadata import detect_language, extract_metadata
from marsad.io.readers import record_to_document
from marsad.text.segment import tokenize


def _doc(text: str) -> Document:
    doc = record_to_document({"text": text}, "<test>")
    assert isinstance(doc, Document)
    for stage in (clean, extract_metadata, detect_language, tokenize):
        doc = stage(doc)
    return doc


def triggers(text: str) -> list[tuple[str, Sense]]:
    """(word as written, first trigger sense) for every trigger hit."""
    doc = _doc(text)
    out = []
    for h in scan(doc).triggers:
        senses = [s for s in h.payload if s.cat == "trigger" and s.value != "none"]
        if senses:
            out.append((doc.text[h.start - len(h.prefix) : h.end + len(h.suffix)], senses[0]))
    return out


def found(text: str, word: str) -> Sense:
    hits = [s for w, s in triggers(text) if w == word or word in w]
    assert hits, f"{word!r} not found as a trigger in {text!r}: {triggers(text)}"
    return hits[0]


def types(text: str) -> list[str]:
    return [s.value for _, s in triggers(text)]


# -- voice and tense -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "etype", "lemma"),
    [
        ("هوجم الحاجز العسكري فجر اليوم.", "هوجم", "attack", "هاجم"),
        ("اغتيل القيادي أمام منزله.", "اغتيل", "killing", "اغتال"),
        ("اغتيلت الناشطة في المدينة.", "اغتيلت", "killing", "اغتال"),
        ("أعيدت العائلات إلى بلدها.", "أعيدت", "repatriation", "أعاد"),
        ("هوجمت القافلة على الطريق الدولي.", "هوجمت", "attack", "هاجم"),
    ],
)
def test_passive_perfect(text: str, word: str, etype: str, lemma: str) -> None:
    s = found(text, word)
    assert (s.value, s.voice, s.tense, s.form, s.lemma) == (etype, "passive", "past", "finite", lemma)


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        ("يؤسرون في الكمائن واحداً تلو الآخر.", "يؤسرون", "hostage_taking"),
        ("يعاد المرحّلون إلى بلدانهم كل شهر.", "يعاد", "repatriation"),
        ("تستعاد العائلات على دفعات.", "تستعاد", "repatriation"),
    ],
)
def test_passive_imperfect(text: str, word: str, etype: str) -> None:
    s = found(text, word)
    assert (s.value, s.voice, s.tense) == (etype, "passive", "present")


def test_active_and_ambiguous_voice() -> None:
    # أُعيد "was returned" is also أُعيد "I return (it)"; يَغتال / يُغتال are one spelling
    assert found("أعيد عشرون لاجئاً إلى بلدهم.", "أعيد").voice is None
    assert found("يغتال المسلحون الناشطين.", "يغتال").voice is None
    s = found("هاجم مسلحون الحاجز.", "هاجم")
    assert (s.voice, s.tense) == ("active", "past")
    # يُهاجِم / يُهاجَم and قَتَل / قُتِل are one spelling without vowels
    assert found("يهاجم المسلحون الحواجز ليلاً.", "يهاجم").voice is None
    assert found("قتل ثلاثة مدنيين.", "قتل").voice is None


# -- persons, numbers, genders, moods --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        ("اعتقلنا المشتبه بهم، قال الضابط.", "اعتقلنا", "arrest"),
        ("اعتقلتم أبناءنا بلا تهمة.", "اعتقلتم", "arrest"),
        ("اعتقلت الشرطة شاباً.", "اعتقلت", "arrest"),
        ("يعتقلون كل من يعترض.", "يعتقلون", "arrest"),
        ("نعتقل المطلوبين فور رصدهم.", "نعتقل", "arrest"),
        ("تعتقل الأجهزة الأمنية العشرات.", "تعتقل", "arrest"),
        ("لن يعتقلوا أحداً بعد اليوم.", "يعتقلوا", "arrest"),  # subjunctive
        ("لم يستسلموا رغم الحصار.", "يستسلموا", "other"),  # jussive
    ],
)
def test_persons_and_moods(text: str, word: str, etype: str) -> None:
    assert found(text, word).value == etype


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        ("هاجما الحاجز ثم انسحبا.", "هاجما", "attack"),
        ("اعتقلتا الفتاتين في السوق.", "اعتقلتا", "arrest"),
        ("قُتلا في القصف.", "قُتلا", "killing"),
        ("يهاجمان المواقع ليلاً.", "يهاجمان", "attack"),
    ],
)
def test_duals(text: str, word: str, etype: str) -> None:
    assert found(text, word).value == etype


def test_plurals_of_verbal_nouns() -> None:
    assert found("تصاعدت الاغتيالات في الريف.", "الاغتيالات").value == "killing"
    assert found("شنت القوات مداهمات واسعة.", "مداهمات").subtype == "raid"
    assert found("وقعت انفجارات متتالية.", "انفجارات").value == "attack"
    assert found("نفذت الطائرات غارات على البلدة.", "غارات").subtype == "airstrike"


# -- participles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        ("وصلت حافلات تقل العائدين من المخيم.", "العائدين", "repatriation"),
        ("تم تسجيل أسماء المنقولين إلى السجن الجديد.", "المنقولين", "transfer"),
        ("عُثر على رجل مقتولاً في منزله.", "مقتولاً", "killing"),
        ("طاردت الدوريات الفارين من السجن.", "الفارين", "escape"),
        ("جاب المتظاهرون شوارع المدينة.", "المتظاهرون", "other"),
    ],
)
def test_participles(text: str, word: str, etype: str) -> None:
    s = found(text, word)
    assert (s.value, s.form) == (etype, "participle")


def test_participle_of_people_is_no_trigger() -> None:
    # معتقل / المعتقلين name people (and places), not an arrest
    assert types("زار الوفد المعتقلين في السجن.") == []


# -- verbal nouns, pronouns, clitics ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "etype", "subtype"),
    [
        ("أكد المصدر اعتقاله قبل يومين.", "اعتقاله", "arrest", None),
        ("أعلنت القوات سيطرتها على السجن.", "سيطرتها", "security_operation", "takeover"),
        ("نفت الأسايش مداهمتهم للمنزل.", "مداهمتهم", "security_operation", "raid"),
        ("وباستهداف الحاجز انتهت الهدنة.", "وباستهداف", "attack", None),
        ("فقتلوه أمام عائلته.", "فقتلوه", "killing", None),
        ("وللاستسلام شروط أعلنتها القيادة.", "وللاستسلام", "other", "surrender"),
        ("بدأ نزوح الأهالي من القرى.", "نزوح", "other", "displacement"),
        ("ازدادت حالات الاستسلام.", "الاستسلام", "other", "surrender"),
    ],
)
def test_verbal_nouns_with_clitics(text: str, word: str, etype: str, subtype: str | None) -> None:
    s = found(text, word)
    assert (s.value, s.subtype) == (etype, subtype)


@pytest.mark.parametrize(
    ("text", "word", "subtype"),
    [
        ("انفجرت عبوة ناسفة بدورية.", "عبوة ناسفة", "ied"),
        ("انفجرت العبوة الناسفة بالسيارة.", "العبوة الناسفة", "ied"),
        ("استهدفت طائرة مسيرة سيارة في الريف.", "طائرة مسيرة", "drone_strike"),
        ("وقع الرتل في كمين قرب القرية.", "كمين", "ambush"),
        ("تعرضت البلدة لقصف مدفعي عنيف.", "قصف مدفعي", "shelling"),
        ("فرضت القوات حظر التجول في المدينة.", "حظر", "curfew"),
        ("تواصل القوات حصار الحي منذ أسبوع.", "حصار", "siege"),
        ("أعلن الجيش انسحابه من المنطقة.", "انسحابه", "withdrawal"),
        ("خرجت مظاهرات في عدة مدن.", "مظاهرات", "protest"),
    ],
)
def test_conflict_vocabulary_subtypes(text: str, word: str, subtype: str) -> None:
    assert found(text, word).subtype == subtype


# -- words written like a trigger ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "صلى الناس الفجر ثم انصرفوا.",  # فجر "dawn", not فجّر
        "زار الوفد مدينة تدمر الأثرية.",  # Palmyra, not تُدمّر
        "تقع البلدة في منطقة وادي فرات الأوسط.",  # no فرّا + ت
        "التقى ياسر بأصدقائه.",  # a name, not يأسر
        "لم يعد الوضع كما كان.",  # «no longer», not عاد
        "أعدّت اللجنة تقريرها.",  # «prepared», not أعاد
        "تجمعت القوات في الشوارع.",  # القوات is no ألقوا + ت
        "ووفق مصادر محلية فإن الأسعار ارتفعت.",  # «according to»
    ],
)
def test_homographs_are_no_trigger(text: str) -> None:
    assert types(text) == []


# -- senses ----------------------------------------------------------------------------------


def test_shooting_is_no_release_and_release_is_no_shooting() -> None:
    assert types("أطلق مسلحون النار على الحاجز.") == ["attack"]
    assert types("تعرض الحاجز لإطلاق النار.") == ["attack"]
    assert types("أطلقت قسد سراح عشرين موقوفاً.") == ["release"]
    assert types("طالب الأهالي بإطلاق سراح أبنائهم.") == ["release"]
    assert types("أطلقت الوزارة حملة توعية.") == []  # launched: neither


def test_ceasefire_is_an_agreement_not_a_shooting() -> None:
    s = found("أعلن الطرفان وقف إطلاق النار.", "وقف")
    assert (s.value, s.subtype) == ("agreement", "ceasefire")
    assert types("أعلن الطرفان وقف إطلاق النار.") == ["agreement"]
    assert types("دعا المبعوث إلى وقف فوري لإطلاق النار.") == ["agreement"]


def test_death_sentence_is_a_verdict_not_an_execution() -> None:
    assert [(s.value, s.subtype) for _, s in triggers("حكمت المحكمة على المتهم بالإعدام.")] == [
        ("other", "verdict")
    ]
    # carrying it out is an execution
    assert found("أعدمت السلطات ثلاثة مدانين.", "أعدمت").subtype == "execution"
    # الحكم "rule, government" alone is nothing
    assert types("تولى الحزب الحكم بعد الانتخابات.") == []


def test_handing_over_people_and_handing_oneself_over() -> None:
    s = found("سلمت قسد خمسين معتقلاً إلى العراق.", "سلمت")
    assert (s.value, s.subtype) == ("repatriation", "handover")
    s = found("سلم المطلوب نفسه إلى الشرطة.", "سلم")
    assert (s.value, s.subtype) == ("other", "surrender")
    assert types("سلم المطلوب نفسه إلى الشرطة.") == ["other"]
    assert found("استسلم عشرة مسلحين.", "استسلم").subtype == "surrender"


def test_taking_control_back_is_no_repatriation() -> None:
    assert types("استعادت القوات السيطرة على الحي.") == ["security_operation"]
    assert types("استعاد العراق مئتين من مواطنيه.") == ["repatriation"]


def test_doing_again_is_no_return() -> None:
    # أعاد before a verbal noun: "did it again"
    assert types("أعادت قوى الأمن القبض على المطلوب.") == ["arrest"]
    assert types("قررت السلطات إعادة فتح المعبر.") == []
    assert types("أعادت السلطات مئة عائلة إلى العراق.") == ["repatriation"]


def test_english_senses() -> None:
    assert types("Gunmen opened fire on the checkpoint.") == ["attack"]
    assert types("The group struck a deal with the tribes.") == ["agreement"]
    assert types("The fighters surrendered to the army.") == ["other"]
    assert found("A drone strike hit the car.", "drone strike").subtype == "drone_strike"
    assert found("Thousands were displaced by the fighting.", "displaced").subtype == "displacement"
    assert found("Security forces apprehended two suspects.", "apprehended").value == "arrest"
    assert found("The court sentenced him to death.", "sentenced").subtype == "verdict"
    s = found("The man fled the camp.", "fled")
    assert (s.value, s.tense, s.lemma) == ("escape", "past", "flee")


def test_reporting_verb_and_transfer_share_a_form() -> None:
    """«نقلت» is the reporting verb نقل + ت as well as the transfer: both readings stay."""
    doc = _doc("ونقلت وكالة الأنباء عن مصدر أن القوات نقلتهم إلى سجن آخر.")
    hits = scan(doc)
    assert len(hits.verbs) >= 1 and hits.verbs[0].payload == hits.triggers[0].payload
    assert any(s.cat == "verb" for s in hits.triggers[0].payload)
