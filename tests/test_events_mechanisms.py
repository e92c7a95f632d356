"""The mechanisms of the learned events stage, on sentences written for these tests.

Each test reads one mechanism directly — the candidates the lexicons propose, the clause
grammar that rules some out, the options a ranker chooses among, the merge rule — so it holds
whatever the shipped models weigh. A few end-to-end tests check what any sensible model must
do with a plain sentence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from event_helpers import prepared
from marsad.document import Document
from marsad.extract.candidates import Candidate
from marsad.extract.counts import count_options
from marsad.extract.dates import date_options
from marsad.extract.grammar import out_of_scope, ruled_out
from marsad.extract.merge import merge_mentions
from marsad.extract.places import NONE, place_options
from marsad.extract.proposals import propose
from marsad.pipeline import analyze_text
from marsad.text.clauses import clauses


def _candidate(text: str, word: str, published: str | None = None) -> tuple[Document, object, Candidate, list[Candidate]]:
    doc = prepared(text, published)
    idx, cands = propose(doc)
    at = doc.text.index(word)
    found = [c for c in cands if c.start <= at < c.end]
    assert found, [(c.hit.text, c.types) for c in cands]
    return doc, idx, found[0], cands


def _why(text: str, word: str) -> str | None:
    doc, idx, c, _ = _candidate(text, word)
    return ruled_out(idx, clauses(doc), c)


# -- what the grammar of the clause rules out ------------------------------------------


def test_a_negated_happening_in_the_outlet_voice_is_ruled_out() -> None:
    assert _why("ولم تشهد المنطقة أي اشتباكات بين الطرفين.", "اشتباكات") == "negated"
    assert _why("The operation ended without clashes with the gunmen.", "clashes") == "negated"


def test_a_speakers_denial_stays_for_the_model_to_code_as_denied() -> None:
    assert _why("ونفت قوى الأمن الداخلي فرار أي سجين من السجن.", "فرار") is None


def test_a_negated_verb_of_stopping_rules_nothing_out() -> None:
    assert _why("ولم يتوقف القصف المدفعي على القرى حتى الصباح.", "القصف") is None


def test_purpose_condition_question_demand_habit_and_what_came_later() -> None:
    assert _why("تحركت القوات بهدف اعتقال المطلوبين في القرية.", "اعتقال") == "purpose"
    assert _why("وقال إن المسلحين سيفرون إذا هاجمت القوات مواقعهم.", "هاجمت") == "conditional"
    assert _why("هل هرب السجناء من المبنى خلال الليل؟", "هرب") == "question"
    assert _why("وطالب الأهالي بالإفراج عن المعتقلين من أبنائهم.", "الإفراج") == "demand"
    assert _why("ويشن التنظيم بين الحين والآخر هجمات على الحواجز.", "هجمات") == "habitual"
    assert _why("فر المسلحون من القرية قبل أن تعتقلهم القوات.", "تعتقلهم") == "before"


def test_the_main_clause_of_the_same_sentence_stays() -> None:
    assert _why("فر المسلحون من القرية قبل أن تعتقلهم القوات.", "فر") is None


def test_a_disaster_toll_is_out_of_scope_a_fighters_death_is_not() -> None:
    doc, idx, c, _ = _candidate("ارتفعت حصيلة ضحايا الزلزال إلى 800 قتيل في حلب وإدلب.", "قتيل")
    assert out_of_scope(idx, clauses(doc), c)
    doc, idx, c, _ = _candidate("قتل عنصران من تنظيم داعش في كمين قرب مدينة الميادين.", "قتل")
    assert not out_of_scope(idx, clauses(doc), c)


# -- the options the rankers choose among ---------------------------------------------


def _features(options: list, entity: str) -> list[str]:
    return next(o.features for o in options if o.entity == entity)


def test_place_options_tell_the_roles_of_places_apart() -> None:
    text = (
        "الحسكة - قال مصدر في الإدارة الذاتية لشمال وشرق سوريا إن مسلحين هاجموا حاجزاً "
        "للأسايش في بلدة الشدادي، وإن أحد القتلى نازح من مدينة الباب."
    )
    _doc, idx, c, _ = _candidate(text, "هاجموا")
    c.type = "attack"
    options = place_options(idx, c, [])
    entities = {o.entity for o in options}
    assert "al_shaddadi" in entities and NONE in entities
    assert "src=rule" in _features(options, c.clause_place)
    assert any(f.startswith("prep=") for f in _features(options, "al_shaddadi"))
    if "al_bab" in entities:
        assert "person_origin" in _features(options, "al_bab")
    for o in options:
        if o.entity and o.entity in {m.entity for m in idx.dateline_mentions}:
            assert "dateline" in o.features


def test_a_happening_without_a_place_is_offered_the_one_told_before_it() -> None:
    text = "هاجم مسلحون حاجزاً في بلدة الشدادي. واندلعت اشتباكات استمرت ساعتين."
    _doc, idx, first, cands = _candidate(text, "هاجم")
    later = next(c for c in cands if "اشتباكات" in c.hit.text)
    first.type, later.type = "attack", "clash"
    first.place = first.clause_place
    options = place_options(idx, later, [first])
    assert "src=carried" in _features(options, "al_shaddadi")


def test_a_happening_in_the_next_paragraph_is_offered_the_place_told_before_as_farther() -> None:
    # the English press writes a paragraph a sentence: the story's place goes on across them
    text = "Gunmen attacked a checkpoint in al-Shaddadi on Monday.\n\nClashes lasted two hours."
    _doc, idx, first, cands = _candidate(text, "attacked")
    later = next(c for c in cands if "Clashes" in c.hit.text)
    first.type, later.type = "attack", "clash"
    first.place = first.clause_place
    features = _features(place_options(idx, later, [first]), "al_shaddadi")
    assert "src=carried_far" in features and "src=carried" not in features


def test_a_place_that_contains_another_option_is_marked_as_the_wider_frame() -> None:
    text = "قصفت طائرات حربية بلدة الشدادي في محافظة الحسكة."
    _doc, idx, c, _ = _candidate(text, "قصفت")
    c.type = "attack"
    options = place_options(idx, c, [])
    wider = [o.entity for o in options if "contains_option" in o.features]
    assert wider and "al_shaddadi" not in wider
    assert all(o.entity in idx.ancestors("al_shaddadi") for o in options if o.entity in wider)


def test_date_options_carry_the_clause_time_and_the_story_time() -> None:
    text = "هاجم مسلحون حاجزاً في الشدادي أمس. واندلعت اشتباكات استمرت ساعتين."
    _doc, idx, first, cands = _candidate(text, "هاجم", published="2023-05-10")
    first.type = "attack"
    own = date_options(idx, first, [])
    assert any(o.time is not None and o.time.value == "2023-05-09" and "rule" in o.features for o in own)
    first.date = first.clause_date
    later = next(c for c in cands if "اشتباكات" in c.hit.text)
    later.type = "clash"
    carried = date_options(idx, later, [first])
    assert any(o.time is first.date and "src=carried" in o.features for o in carried)
    assert carried[-1].time is None  # and always the option of no date


def test_count_options_read_numbers_and_a_singular_or_dual_patient() -> None:
    doc, idx, c, _ = _candidate("اعتقلت القوات 12 شخصاً في القرية.", "اعتقلت")
    c.type = "arrest"
    counts = [o.count for o in count_options(idx, c, doc.quantities) if o.count]
    assert any(k["min"] == 12 and k["max"] == 12 for k in counts)
    for text, word, n in (("اغتال مسلحون شاباً في البلدة.", "اغتال", 1), ("اعتقلت القوات شابين من القرية.", "اعتقلت", 2)):
        doc, idx, c, _ = _candidate(text, word)
        c.type = "killing"
        counts = [o.count for o in count_options(idx, c, doc.quantities) if o.count]
        assert any(k["min"] == n == k["max"] for k in counts), counts


# -- one event per happening --------------------------------------------------------


def _happening(c: Candidate, kind: str, place: str | None, count: int | None = None) -> Candidate:
    c.type, c.place, c.date = kind, place, None
    c.count = {"min": count, "max": count} if count is not None else None
    c.clause_count = c.count  # the number its own clause states
    return c


def test_mentions_of_one_happening_merge_different_ones_stay_apart() -> None:
    text = (
        "قتل ثلاثة عناصر في بلدة الشدادي. وأكد المصدر مقتل العناصر الثلاثة. "
        "وفي حادثة أخرى قتل شخصان في مدينة الميادين."
    )
    _doc, idx, _, cands = _candidate(text, "قتل")
    killings = [c for c in cands if "killing" in c.types]
    assert len(killings) >= 3
    a = _happening(killings[0], "killing", "al_shaddadi", 3)
    b = _happening(killings[1], "killing", None, None)
    c = _happening(killings[2], "killing", "mayadin", 2)
    groups = merge_mentions(idx, [a, b, c])
    assert [len(g) for g in groups] == [2, 1]  # the retelling joins, another toll stays apart
    # two tolls at one place are two happenings too
    c.place = "al_shaddadi"
    assert len(merge_mentions(idx, [a, c])) == 2
    # a number chosen for a mention from outside its clause tells nothing apart
    c.clause_count = None
    assert len(merge_mentions(idx, [a, c])) == 1


def test_a_mention_that_calls_itself_another_happening_is_not_merged() -> None:
    for text, word in (
        ("قصفت طائرة حربية بلدة الشدادي صباحا. ثم استهدف قصف آخر بلدة الشدادي ظهرا.", "قصف"),
        ("A drone strike hit a truck near Raqqa. Another drone strike hit a truck near Raqqa.", "strike"),
    ):
        _doc, idx, _, cands = _candidate(text, word)
        attacks = [c for c in cands if "attack" in c.types and word in c.hit.text.lower()]
        first = _happening(attacks[0], "attack", "raqqa")
        later = _happening(attacks[-1], "attack", "raqqa")
        assert len(merge_mentions(idx, [first, later])) == 2, text
    # without the word, the same two mentions tell one happening
    _doc, idx, _, cands = _candidate("قصفت طائرة حربية بلدة الشدادي. واستهدف القصف بلدة الشدادي.", "قصف")
    attacks = [c for c in cands if "attack" in c.types]
    assert len(merge_mentions(idx, [_happening(attacks[0], "attack", "raqqa"), _happening(attacks[-1], "attack", "raqqa")])) == 1


# -- what any sensible model does with a plain sentence ------------------------------


def test_a_plain_report_gives_its_happening_with_arguments_and_a_confidence() -> None:
    doc = analyze_text(
        "ألقت قوات الأمن الداخلي القبض على خمسة عناصر من تنظيم داعش في مدينة الحسكة أمس.",
        published="2024-01-10",
    )
    arrests = [e for e in doc.events if e.type == "arrest"]
    assert len(arrests) == 1
    e = arrests[0]
    assert e.trigger.text.startswith("ألقت") and e.trigger.text.endswith("على")
    assert e.count is not None and e.count["min"] == 5
    assert e.place == "hasakah" and e.date is not None and e.date["value"] == "2024-01-09"
    assert e.confidence is not None and 0.0 <= e.confidence <= 1.0
    assert all(c.confidence is not None for c in doc.claims)


def test_off_topic_articles_give_no_events() -> None:
    sport = (
        "فاز نادي الشرطة على نادي الزوراء بهدفين دون مقابل في المباراة التي جرت مساء أمس "
        "ضمن منافسات الدوري العراقي الممتاز لكرة القدم. وسجل هدفي المباراة اللاعب مهند علي "
        "في الشوط الثاني، فيما أهدر الزوراء ركلة جزاء في الدقائق الأخيرة. وبهذا الفوز رفع "
        "الشرطة رصيده إلى 40 نقطة في صدارة الترتيب، متقدماً بفارق خمس نقاط عن أقرب منافسيه، "
        "بينما تجمد رصيد الزوراء عند 30 نقطة في المركز الرابع. ويلتقي الفريقان مجدداً في "
        "نصف نهائي كأس العراق الشهر المقبل على ملعب الشعب الدولي في العاصمة بغداد. وقال "
        "مدرب الشرطة في المؤتمر الصحفي بعد المباراة إن فريقه قدم أداءً متوازناً وإن الهجوم "
        "على مرمى الخصم كان مدروساً، مضيفاً أن المواجهة المقبلة ستكون أصعب."
    )
    assert analyze_text(sport).events == []


def test_the_output_does_not_depend_on_the_hash_seed() -> None:
    text = (
        "قال مصدر محلي إن مسلحين هاجموا حاجزاً للأسايش في بلدة الشدادي فجر أمس، ما أدى إلى "
        "مقتل عنصرين، فيما اعتقلت القوات ثلاثة مشتبه بهم بعد ساعات."
    )
    code = (
        "import json, sys; from marsad.pipeline import analyze_text; "
        "print(json.dumps(analyze_text(sys.argv[1], published='2023-03-01').to_dict(), sort_keys=True))"
    )
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MARSAD_CACHE_DIR": "off"}
        run = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, env=env, check=True)
        outs.append(json.loads(run.stdout))
    assert outs[0] == outs[1]
    assert outs[0]["events"]


def test_a_total_over_a_stretch_of_time_is_a_statistic() -> None:
    assert _why("وتسببت الاستهدافات في درعا منذ مطلع العام بمقتل 67 شخصاً.", "مقتل") == "statistic"
    assert _why("Gunmen have killed 40 people in the province so far this year.", "killed") == "statistic"
    assert _why("قتل خمسة عناصر بهجوم في درعا يوم الأحد.", "قتل") is None


def test_leaving_people_dead_is_a_toll_not_a_departure() -> None:
    assert _why("An air strike on the town has left at least five people dead.", "left") == "toll"
    assert _why("The convoy left the town on Sunday with 40 families.", "left") is None


def test_a_candidate_knows_the_nearest_trigger_beside_it_in_its_sentence() -> None:
    from marsad.learn.events import read_candidates

    doc = prepared("استهدف مسلحون رتلاً عسكرياً بعبوة ناسفة قرب بلدة الشدادي.")
    _idx, cands = read_candidates(doc)
    convoy = next(c for c in cands if "رتل" in c.hit.text)
    assert any(f.startswith("near_before=attack&") for f in convoy.features), convoy.features
    # a trigger of another sentence is no neighbour
    apart = prepared("اعتقلت القوات شاباً في القرية. وهاجم مسلحون حاجزاً قرب البلدة.")
    _idx, cands = read_candidates(apart)
    assert len({c.sentence for c in cands}) == 2
    assert not any(f.startswith("near_") for c in cands for f in c.features), [c.hit.text for c in cands]


def test_a_candidate_knows_whether_the_headline_tells_its_word() -> None:
    from marsad.io.readers import record_to_document
    from marsad.learn.events import read_candidates
    from marsad.pipeline import stages

    doc = record_to_document(
        {"title": "مقتل عنصرين بهجوم في الشدادي", "text": "قتل عنصران من الأمن في هجوم على حاجز. واعتقلت القوات شاباً."},
        "<t>",
    )
    for stage in stages()[:-1]:
        doc = stage(doc)
    _idx, cands = read_candidates(doc)
    told = {c.hit.text for c in cands if "in_title" in c.features}
    assert "قتل" in told and "هجوم" in told
    assert not any("in_title" in c.features for c in cands if "اعتقل" in c.hit.text)


def test_a_place_a_distance_or_compass_word_measures_from_is_a_reference_not_the_place() -> None:
    # a distance before the compass word: the happening is out there, not in the city
    for text, word in (
        ("قتل ثلاثة جنود في كمين بمنطقة تقع على بعد 150 كم شمال بغداد.", "كمين"),
        ("قتل ثلاثة جنود في كمين بمنطقة جبلية (40 كلم) جنوب مدينة كركوك.", "كمين"),
        ("Three soldiers were killed in an ambush 150 km north of Baghdad.", "ambush"),
    ):
        _doc, idx, c, _ = _candidate(text, word)
        assert c.clause_place is None, (text, c.clause_place)
        c.type = "attack"
        for o in place_options(idx, c, []):
            if o.entity in ("baghdad", "kirkuk"):
                assert "locator" in o.features
    # a compass word and a settlement noun between two places: the first is the specific one
    _doc, idx, c, _ = _candidate("قصفت طائرات حربية بلدة الشدادي جنوب مدينة الحسكة.", "قصفت")
    assert c.clause_place == "al_shaddadi"
    # no compass word: the place of the clause stays
    _doc, idx, c, _ = _candidate("قتل ثلاثة جنود في كمين قرب مدينة كركوك.", "كمين")
    assert c.clause_place == "kirkuk"


def test_a_place_named_only_as_a_reference_or_an_origin_is_no_scene_of_the_story() -> None:
    text = (
        "قتل ثلاثة جنود في كمين بمنطقة تقع على بعد 150 كم شمال بغداد، وأحدهم شاب من مدينة "
        "الموصل. واندلعت اشتباكات عنيفة استمرت ساعتين."
    )
    _doc, idx, _first, cands = _candidate(text, "كمين")
    later = next(c for c in cands if "اشتباكات" in c.hit.text)
    later.type = "clash"
    offered = {o.entity: o.features for o in place_options(idx, later, [])}
    for reference in ("baghdad", "mosul"):
        assert "src=lead" not in offered.get(reference, []), reference
        assert "src=most_named" not in offered.get(reference, []), reference


def test_a_landmark_is_as_specific_as_a_facility_and_a_river_as_wide_as_a_region() -> None:
    text = "اندلعت اشتباكات عنيفة في محيط سد تشرين بعد سيطرة الفصائل على مدينة منبج."
    _doc, _idx, c, _ = _candidate(text, "اشتباكات")
    assert c.clause_place == "tishreen_dam"
    text = "قتل ثلاثة عناصر في هجوم على نقطة عسكرية في بلدة ذيبان على ضفاف نهر الفرات."
    _doc, _idx, c, _ = _candidate(text, "هجوم")
    assert c.clause_place == "diban"


def test_a_happening_in_the_next_paragraph_is_offered_the_date_told_before_as_farther() -> None:
    text = "Gunmen attacked a checkpoint in al-Shaddadi on Monday.\n\nClashes lasted two hours."
    _doc, idx, first, cands = _candidate(text, "attacked", published="2023-05-10")
    later = next(c for c in cands if "Clashes" in c.hit.text)
    first.type, later.type = "attack", "clash"
    first.date = first.clause_date
    assert first.date is not None
    carried = [o for o in date_options(idx, later, [first]) if o.time is first.date]
    assert carried and "src=carried_far" in carried[0].features


def test_the_place_ranker_learns_the_narrowest_of_the_places_the_scorer_accepts() -> None:
    from marsad.learn.rankings import PLACES

    text = "فر عشرات السجناء من سجن الصناعة بحي غويران جنوب مدينة الحسكة."
    _doc, idx, c, _ = _candidate(text, "فر")
    c.type = "escape"
    options = place_options(idx, c, [])
    entities = [o.entity for o in options]
    assert "ghwayran_prison" in entities and "ghwayran" in entities
    # both lie within a gold tolerance around the prison: only the prison is taught as chosen
    accepted = [o.entity in ("ghwayran_prison", "ghwayran") for o in options]
    assert PLACES.preferred is not None
    taught = dict(zip(entities, PLACES.preferred(idx, options, accepted), strict=True))
    assert taught["ghwayran_prison"] is True and taught["ghwayran"] is False


def test_a_weapon_listed_among_arms_and_equipment_is_a_thing() -> None:
    assert _why("وضبطت القوات أسلحة وذخائر وعبوات ناسفة في مخبأ قرب القرية.", "عبوات") == "inventory"
    assert _why("Police seized pistols, hand grenades, landmines and phones in the house.", "landmines") == "inventory"
    # a weapon that struck, or one with no equipment beside it, is left to the model
    assert _why("انفجرت عبوة ناسفة بسيارة عسكرية قرب القرية صباح اليوم.", "عبوة") is None
    assert _why("A roadside bomb hit an army patrol near the village.", "roadside bomb") is None


def test_at_least_is_a_count_not_a_negation() -> None:
    assert _why("قُتل ما لا يقل عن خمسة أشخاص بانفجار عبوة ناسفة في المدينة.", "انفجار") is None
    assert _why("Police said no fewer than six militants were killed in the raid.", "killed") is None
    assert _why("لم تقع أي اشتباكات في المدينة خلال الليل.", "اشتباكات") == "negated"


def test_an_air_raid_on_arms_depots_is_no_inventory() -> None:
    assert _why("شنت الطائرات غارات جوية استهدفت مستودعات أسلحة قرب المدينة.", "غارات") is None


def test_what_a_demand_follows_has_happened() -> None:
    text = "ويطالب الخاطفون بفدية مالية للإفراج عن الشاب، بعد اختطافه قرب حاجز على الطريق."
    assert _why(text, "اختطاف") is None
    assert _why(text, "لإفراج") is not None  # the release is what is demanded
    assert _why("وطالب الأهالي بالإفراج عن المعتقلين من أبنائهم.", "الإفراج") == "demand"


def test_a_habit_told_after_the_verb() -> None:
    assert _why("وتستهدف الطائرات المسيرة باستمرار قادة الفصيل في الريف.", "تستهدف") == "habitual"
    assert _why("Turkish drones regularly target commanders of the group.", "target") == "habitual"
    # a habit cue far after the trigger, in its clause, is not the trigger's
    assert _why("استهدفت طائرة مسيرة سيارة قرب القرية التي يمر بها المقاتلون عادة.", "استهدفت") is None
