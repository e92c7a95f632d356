"""Who speaks when no new speaker is named: relative clauses, negated and impersonal verbs,
explicit unknown subjects, quotations running over several sentences, partitive doers.

Every sentence here is written for these tests."""

from __future__ import annotations

from event_helpers import happenings
from marsad.document import Claim, Document
from marsad.pipeline import analyze_text


def _claim(doc: Document, verb_prefix: str) -> Claim:
    found = [c for c in doc.claims if (c.verb or "").startswith(verb_prefix)]
    assert found, [(c.verb, c.speaker.text) for c in doc.claims]
    return found[0]


def _span_ok(doc: Document, c: Claim) -> None:
    if c.speaker.start is not None:
        assert doc.text[c.speaker.start : c.speaker.end] == c.speaker.text


# -- (a) the antecedent of a relative pronoun speaks ------------------------------------------


def test_information_nouns_before_relative_speak() -> None:
    doc = analyze_text(
        "ونشر الموقع المعلومات والتحليلات التي تؤكد أن قسد نقلت عشرين سجيناً إلى الحسكة."
    )
    c = _claim(doc, "تؤكد")
    assert c.speaker.text == "المعلومات والتحليلات"
    assert c.speaker.kind == "unknown"  # information with nobody named behind it
    _span_ok(doc, c)
    assert doc.text[c.start : c.end].startswith("قسد نقلت")


def test_reports_before_relative_are_media_reports() -> None:
    doc = analyze_text("وتحدثت الصحيفة عن التقارير التي تفيد بأن عشرة سجناء فروا من السجن.")
    c = _claim(doc, "تفيد")
    assert c.speaker.kind == "media_reports"
    assert c.speaker.text == "التقارير"


def test_body_before_relative_speaks() -> None:
    doc = analyze_text("وردت قوات سوريا الديمقراطية التي أعلنت أن الهجوم انتهى على الاتهامات.")
    c = _claim(doc, "أعلنت")
    assert c.speaker.kind == "official_body"
    assert c.speaker.entity == "sdf"


def test_object_before_relative_does_not_speak() -> None:
    # «جهودها التي تزعم أنها تبذلها»: the efforts are what is claimed, not who claims
    doc = analyze_text("وانتقد الأهالي قسد وجهودها التي تزعم أنها تبذلها لحماية السجن.")
    c = _claim(doc, "تزعم")
    assert c.speaker.text != "جهودها"


# -- (c) a negated verb reports nothing; an explicit subject is a new speaker ----------------


def test_negated_reporting_verb_is_no_claim_and_does_not_inherit() -> None:
    doc = analyze_text(
        "أفادت مصادر محلية بأن مسلحين هاجموا حاجزاً قرب السجن. "
        "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن."
    )
    assert [c.verb for c in doc.claims] == ["أفادت"]


def test_negated_masdar_is_no_claim() -> None:
    doc = analyze_text(
        "وقال ضابط في الشرطة، طلب عدم كشف اسمه لأسباب أمنية، إن السجناء نقلوا ليلاً."
    )
    assert [c.verb for c in doc.claims] == ["قال"]
    assert "السجناء نقلوا" in doc.text[doc.claims[0].start : doc.claims[0].end]


def test_explicit_unknown_subject_does_not_inherit() -> None:
    doc = analyze_text(
        "قال مصدر محلي إن الوضع هادئ في المدينة. "
        "وأكد مفتش في الشرطة العسكرية، أن جميع السجناء بقوا في زنازينهم."
    )
    c = _claim(doc, "أكد")
    assert c.speaker.text == "مفتش في الشرطة العسكرية"
    assert c.speaker.kind == "unknown"
    _span_ok(doc, c)


def test_plural_person_subject_is_a_speaker() -> None:
    doc = analyze_text("قالت مصادر إن السجن هادئ. ويرى مقربون من الإدارة أن النقل سيستمر.")
    c = _claim(doc, "يرى")
    assert c.speaker.text is not None and c.speaker.text.startswith("مقربون")


def test_bare_continuation_still_inherits() -> None:
    doc = analyze_text(
        "قال مصدر محلي إن قسد نقلت عشرة سجناء. وأضاف أن عملية النقل جرت ليلاً."
    )
    c = _claim(doc, "أضاف")
    assert c.speaker.text == "مصدر محلي"


def test_impersonal_note_is_the_outlets_voice() -> None:
    doc = analyze_text(
        "قال مصدر محلي إن قسد نقلت عشرة سجناء. يذكر أن السجن يضم نحو ألف معتقل."
    )
    assert [c.verb for c in doc.claims] == ["قال"]


def test_several_sources_with_numeral_quantifier() -> None:
    doc = analyze_text("أفادت عدة مصادر متطابقة بأن عشرين سجيناً فروا من السجن.")
    c = _claim(doc, "أفادت")
    assert c.speaker.text is not None and c.speaker.text.startswith("مصادر")


def test_resumptive_pronoun_after_verb() -> None:
    doc = analyze_text("جاء ذلك في وقت قالت فيه مصادر أمنية إن خمسة سجناء نقلوا إلى بغداد.")
    c = _claim(doc, "قالت")
    assert c.speaker.text == "مصادر أمنية"


def test_postposed_information_takes_its_named_source() -> None:
    doc = analyze_text(
        "وحسب معلومات تداولتها وسائل إعلام محلية، فإن قسد نقلت عشرين سجيناً إلى الحسكة."
    )
    assert doc.claims
    assert doc.claims[0].speaker.kind == "media_reports"


# -- (b) a quotation or a colon carries the claim into the next sentences --------------------


def test_open_quotation_continues_over_sentences() -> None:
    doc = analyze_text(
        'وقال البيان: "ألقت قواتنا القبض على عشرة عناصر. وتستمر عمليات التمشيط في المنطقة."\n'
        "وفي سياق آخر هاجم مسلحون حاجزاً للجيش في قرية الكسرة أمس."
    )
    c = _claim(doc, "قال")
    content = doc.text[c.start : c.end]
    assert "وتستمر عمليات التمشيط" in content
    assert "هاجم مسلحون" not in content
    attack = next(e for e in doc.events if e.type == "attack")
    assert attack.claim is None  # a new paragraph without a cue is the outlet's voice


def test_colon_then_next_sentence_in_paragraph() -> None:
    doc = analyze_text(
        "وأضاف المصدر في حديثه:\nإن السجناء نقلوا فجراً."
    )
    # the colon ends a paragraph here: no claim may run into the next one
    for c in doc.claims:
        assert "\n" not in doc.text[c.start : c.end]


def test_closed_quotation_does_not_continue() -> None:
    doc = analyze_text(
        'وقال المصدر: "نقلت قسد عشرة سجناء". وفي المساء هاجم مسلحون حاجزاً للشرطة.'
    )
    c = _claim(doc, "قال")
    assert "هاجم" not in doc.text[c.start : c.end]


# -- (d) a partitive phrase names the doer -----------------------------------------------------


def test_partitive_force_is_the_doer() -> None:
    doc = analyze_text(
        'أكدت مصادر أنّ عناصر من القوات الخاصة في "قوات سوريا الديمقراطية"، قامت بنقل عشرين '
        "سجيناً من سجن الصناعة."
    )
    transfer = next(e for e in doc.events if e.type == "transfer")
    roles = {a.entity: a.role for a in transfer.actors}
    assert roles.get("sdf") == "agent", roles


def test_partitive_unit_before_finite_verb() -> None:
    doc = analyze_text("قالت مصادر إن وحدات من الجيش العراقي اعتقلت خمسة عناصر من داعش.")
    arrest = next(e for e in doc.events if e.type == "arrest")
    roles = {a.entity: a.role for a in arrest.actors}
    assert roles.get("iraqi_army") == "agent", roles
    assert roles.get("isis") == "patient", roles


def test_people_of_a_body_are_not_the_doer_of_a_chained_verb() -> None:
    doc = analyze_text(
        "ضربت قسد طوقاً أمنياً حول السجن بعد فرار سجناء بينهم عناصر من داعش، "
        "ونفذت حملة مداهمات واعتقلت العشرات."
    )
    arrest = next(e for e in doc.events if e.type == "arrest")
    roles = {a.entity: a.role for a in arrest.actors}
    assert roles.get("isis") != "agent", roles


# -- corpus reading: general causes of what a reader would call wrong ------------------------


def test_speaker_phrase_ends_before_particle_qad() -> None:
    doc = analyze_text("وكانت مصادر محلية قد تحدثت عن هجوم شنه مسلحون على حاجز قرب السجن.")
    c = _claim(doc, "تحدثت")
    assert c.speaker.text == "مصادر محلية"


def test_documenting_monitor_is_the_speaker_not_an_actor() -> None:
    doc = analyze_text("ووثق المرصد السوري لحقوق الإنسان مقتل خمسة أشخاص داخل مخيم الهول.")
    c = _claim(doc, "وثق")
    assert c.speaker.entity == "sohr"
    killing = next(e for e in doc.events if e.type == "killing")
    assert killing.claim == c.id
    assert "sohr" not in {a.entity for a in killing.actors}


def test_marked_doer_far_after_the_trigger() -> None:
    # (a total «منذ مطلع الشهر» would make it a statistic: the gap here is an evening)
    evs = happenings("قتل ثلاثة رجال مساء يوم الأحد الماضي على أيدي عناصر تنظيم داعش.")
    killing = next(e for e in evs if e.type == "killing")
    roles = {a.entity: a.role for a in killing.actors}
    assert roles.get("isis") == "agent", roles


def test_rioters_are_agents_the_guards_are_not() -> None:
    doc = analyze_text(
        "نفذ عناصر من داعش عصياناً داخل سجن غويران، وقالت قسد إنها أنهت العصيان بعد ساعات."
    )
    riot = next(e for e in doc.events if e.type == "riot")
    roles = {a.entity: a.role for a in riot.actors}
    assert roles.get("isis") == "agent", roles
    assert roles.get("sdf") != "agent", roles


def test_doer_clause_after_indefinite_noun() -> None:
    doc = analyze_text("وتزامن ذلك مع استعصاء نفذه أسرى تنظيم داعش داخل سجن غويران.")
    riot = next(e for e in doc.events if e.type == "riot")
    roles = {a.entity: a.role for a in riot.actors}
    assert roles.get("isis") == "agent", roles


def test_marked_doer_does_not_cross_a_clause() -> None:
    doc = analyze_text(
        "وتحدث البيان عن فرار عدد من عناصر التنظيم، بينما لم يصدر تعليق من قبل قسد."
    )
    escape = next(e for e in doc.events if e.type == "escape")
    roles = {a.entity: a.role for a in escape.actors}
    assert roles.get("sdf") != "agent", roles


def test_source_named_again_keeps_the_channel() -> None:
    """«نقلت صحيفة الوطن عن مصدر ... وبيّن المصدر»: the source still speaks through al_watan."""
    text = (
        "ونقلت صحيفة الوطن عن مصدر محلي أن عشرات السجناء فروا من سجن الحسكة.\n"
        "وبيّن المصدر أن قسد نقلت عناصر داعش إلى سجن آخر."
    )
    doc = analyze_text(text, outlet="athr_press")
    assert len(doc.claims) >= 2
    first, second = doc.claims[0], doc.claims[1]
    assert first.via == ["al_watan"]
    assert second.speaker.kind == first.speaker.kind
    assert second.via == ["al_watan"]
