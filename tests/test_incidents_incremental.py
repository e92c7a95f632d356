"""Incremental incident rebuilds give exactly the incidents of a full rebuild.

Documents are ingested in batches; after each batch the store's incidents (rebuilt
incrementally: only the blocks the new documents touch) are compared, field by field, with
those of a database holding the same documents rebuilt in full
(``rebuild(store, full=True)``). On both backends.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.corpus.build import rebuild
from marsad.store import Store

ENTITIES: dict[str, dict[str, Any]] = {
    **PRISON_ENTITIES,
    "panorama_prison": {"type": "facility", "name": "سجن بانوراما", "name_en": None, "lat": None,
                        "lon": None, "wikidata": None, "parent": "hasakah", "subtype": "prison"},
    "qamishli": {"type": "place", "name": "القامشلي", "name_en": None, "lat": None, "lon": None,
                 "wikidata": None, "parent": None, "subtype": "town"},
    "hol_camp": {"type": "facility", "name": "مخيم الهول", "name_en": None, "lat": None,
                 "lon": None, "wikidata": None, "parent": None, "subtype": "camp"},
    "shaddadi_prison": {"type": "facility", "name": "سجن الشدادي", "name_en": None, "lat": None,
                        "lon": None, "wikidata": None, "parent": "hasakah", "subtype": "prison"},
    "amuda": {"type": "place", "name": "عامودا", "name_en": None, "lat": None, "lon": None,
              "wikidata": None, "parent": None, "subtype": "town"},
    "syria": {"type": "place", "name": "سوريا", "name_en": "Syria", "lat": None, "lon": None,
              "wikidata": None, "parent": None, "subtype": "country"},
}
for _j in range(3):
    ENTITIES[f"town{_j}"] = {"type": "place", "name": f"بلدة{_j}", "name_en": None, "lat": None,
                             "lon": None, "wikidata": None, "parent": "syria", "subtype": "town"}
for _j in range(6):
    ENTITIES[f"fac{_j}"] = {"type": "facility", "name": f"سجن{_j}", "name_en": None, "lat": None,
                            "lon": None, "wikidata": None, "parent": f"town{_j % 3}",
                            "subtype": "prison"}

ATTACK = ("هاجم مسلحون فجر الخميس سجن غويران في مدينة الحسكة وأطلقوا النار على الحراس، "
          "وتمكن نحو مئة سجين من الفرار بحسب مصادر محلية تحدثت عن اشتباكات عنيفة.")
RIOT = ("شنت خلايا تابعة للتنظيم هجوماً واسعاً على السجن في حي غويران بالحسكة يوم العشرين من "
        "كانون الثاني، وقالت قوى الأمن الداخلي إن عشرات السجناء حاولوا الهرب خلال الاستعصاء.")
RIOT_COPY = "نقلت وكالة الأنباء أن " + RIOT[:-1] + " وأن التعزيزات وصلت إلى محيط السجن مساء اليوم."
LATER = ("اندلع استعصاء جديد داخل سجن غويران في الحسكة بعد شهر من الهجوم الأول، إذ احتج "
         "السجناء على نقص الطعام والرعاية الصحية وأحرقوا عدداً من الأغطية.")
RAQQA_UNDATED = ("تحدث سكان في مدينة الرقة عن فرار عدد من السجناء من السجن المركزي بعد أن "
                 "أحدثوا فتحة في جدار المهجع الشمالي، ولم تعلق الإدارة الذاتية على الحادثة حتى الآن.")
RAQQA_DATED = "أفادت شبكة محلية بأن " + RAQQA_UNDATED[:-1] + " مساء الثلاثاء الماضي بحسب شهود."
COUNT_UNDATED = ("أكد مصدر أمني أن مئة سجين فروا من سجن غويران خلال الفوضى التي رافقت "
                 "الهجوم، وأن البحث عنهم ما زال جارياً في الأحياء المجاورة.")
PANORAMA_ATTACK = ("استهدف هجوم بسيارة مفخخة بوابة سجن بانوراما جنوب الحسكة صباح السبت، "
                   "وردت القوات المكلفة بحراسته بإطلاق نار كثيف على المهاجمين.")
PANORAMA_UNDATED = ("قالت مصادر محلية إن مهاجمين حاولوا اقتحام سجن بانوراما وإن القوات "
                    "صدت الهجوم بعد ساعات من الاشتباك.")
PANORAMA_EARLIER = ("شهد سجن بانوراما استعصاء للمحتجزين احتجاجاً على ظروف الاحتجاز قبل "
                    "أسبوعين من الهجوم، انتهى بتدخل وحدات مكافحة الشغب.")
QAMISHLI = ("انفجرت عبوة ناسفة قرب دورية عسكرية على الطريق الواصل بين القامشلي وعامودا ظهر "
            "الاثنين، ما أدى إلى إصابة عنصرين بجروح وفق بيان صادر عن المجلس العسكري.")
QAMISHLI_COPY = "وذكر موقع إخباري أن " + QAMISHLI[:-1] + " دون أن يحدد الجهة المنفذة للهجوم."

QAMISHLI_LATER = ("استهدفت طائرة مسيرة سيارة مدنية في ريف القامشلي الشرقي مساء الاثنين، "
                  "ولم تسفر الضربة عن إصابات بحسب ما نقله مراسلون في المنطقة.")
# an undated report reusing both: ambiguous while the two are separate incidents
QAMISHLI_BOTH = ("تكرر الاستهداف في المنطقة. " + QAMISHLI + " وفي حادثة ذات صلة "
                 + QAMISHLI_LATER)
QAMISHLI_BRIDGE = ("تواصلت الهجمات على الدوريات قرب القامشلي طوال الأسابيع الماضية، إذ سجل "
                   "ناشطون هجوماً جديداً كل أسبوع تقريباً على الطرق الريفية.")
QAMISHLI_COUNT = ("أصيب عنصران من قوات الأمن في هجوم على دورية في القامشلي، ونقلا إلى "
                  "المستشفى الوطني لتلقي العلاج.")
HOL_APRIL = ("اقتحمت مجموعة مسلحة أحد قطاعات مخيم الهول مطلع نيسان وأطلقت النار على "
             "نقطة حراسة قبل أن تنسحب باتجاه البادية.")
HOL_MAY = ("تعرض مخيم الهول لهجوم ثان في العشرين من أيار استهدف مقر الإدارة، وأعلنت "
           "القوات الأمنية حظر تجول في القطاعات الشرقية.")
HOL_UNDATED = ("روى نازحون في مخيم الهول أن مسلحين هاجموا المقر الإداري وأن الاشتباك "
               "استمر قرابة ساعة قبل وصول التعزيزات.")
HOL_APRIL_MORE = ("كشفت مصادر من داخل مخيم الهول أن المجموعة نفسها عادت بعد أسبوع واستهدفت "
                  "قطاعاً آخر، ثم نفذت هجوماً ثالثاً بعد ستة أيام.")

# al-Shaddadi prison: the joint placement of a document's undated events, and rule 4 read
# against the document's own dates (anchors)
SHADDADI_MARCH = ("هاجمت خلية مسلحة سجن الشدادي جنوب الحسكة فجر الأحد وتبادلت إطلاق النار مع "
                  "الحراس لساعات قبل أن تنسحب نحو البادية.")
SHADDADI_MARCH_MORE = ("أكد مسؤول محلي أن الهجوم على سجن الشدادي أسفر عن إصابة ثلاثة من الحراس، "
                       "وأن التحقيق ما زال جارياً لمعرفة كيف وصل المهاجمون إلى السور.")
SHADDADI_JULY = ("استهدف مسلحون بوابة سجن الشدادي بقذائف صاروخية مساء الجمعة، وأعلنت القوات حالة "
                 "الاستنفار في محيط السجن وأغلقت الطرق المؤدية إليه.")
# no publication date, nothing dated: copies the July report (ingested only in batch 3)
SHADDADI_UNDATED = ("روى شهود أن " + SHADDADI_JULY[:-1] + "، وأن عدداً من السجناء حاولوا الفرار "
                    "خلال الهجوم فاعتقلتهم القوات بعد ساعات من المطاردة.")
# no publication date; dates its other event (in a town) in October, far from March
SHADDADI_ANCHORED = ("انفجرت عبوة في عامودا يوم العشرين من تشرين الأول، وتحدث الأهالي عن "
                     "هجوم على سجن الشدادي لم يحددوا موعده.")


def _own_batches() -> list[list[dict[str, Any]]]:
    e = ENTITIES
    attack = make_doc(ATTACK, outlet=("one", "الأولى"), published="2022-01-21", entities=e,
                      events=[event(ATTACK, "هاجم", "attack", date="2022-01-20", place="ghwayran_prison"),
                              event(ATTACK, "الفرار", "escape", eid="e2", date="2022-01-20",
                                    place="ghwayran_prison", count=(100, 100))])
    riot = make_doc(RIOT, outlet=("two", "الثانية"), published="2022-01-22", entities=e,
                    events=[event(RIOT, "هجوماً", "attack", date="2022-01-20", place="hasakah"),
                            event(RIOT, "الاستعصاء", "riot", eid="e2", date="2022-01",
                                  place="ghwayran_prison", count=(20, 99))])
    later = make_doc(LATER, outlet=("one", "الأولى"), published="2022-02-21", entities=e,
                     events=[event(LATER, "استعصاء", "riot", date="2022-02-20", place="ghwayran_prison")])
    raqqa_undated = make_doc(RAQQA_UNDATED, outlet=("three", "الثالثة"), published="2022-06-02",
                             entities=e, events=[event(RAQQA_UNDATED, "فرار", "escape",
                                                       place="raqqa_prison")])
    panorama = make_doc(PANORAMA_ATTACK, outlet=("two", "الثانية"), published="2022-03-06", entities=e,
                        events=[event(PANORAMA_ATTACK, "هجوم", "attack", date="2022-03-05",
                                      place="panorama_prison")])
    panorama_undated = make_doc(PANORAMA_UNDATED, outlet=("four", "الرابعة"), published="2022-03-10",
                                entities=e, events=[event(PANORAMA_UNDATED, "اقتحام", "attack",
                                                          place="panorama_prison")])
    # batch 2: an undated copy of the riot report (joins by reuse_link), and a dated report
    # copying the old undated Raqqa report (the old document's event now joins by reuse_link)
    riot_copy = make_doc(RIOT_COPY, outlet=("five", "الوكالة"), published="2022-01-23", entities=e,
                         events=[event(RIOT_COPY, "الاستعصاء", "riot", place="ghwayran_prison")])
    raqqa_dated = make_doc(RAQQA_DATED, outlet=("four", "الرابعة"), published="2022-06-01",
                           entities=e, events=[event(RAQQA_DATED, "فرار", "escape", date="2022-05-31",
                                                     place="raqqa_prison")])
    # batch 3 (with the Qamishli bridge and al-Hol below): the same count as the January escape (same_count), and an earlier riot at
    # Panorama: the prison no longer has a single incident, so the undated report leaves
    same_count = make_doc(COUNT_UNDATED, outlet=("three", "الثالثة"), published="2022-01-25", entities=e,
                          events=[event(COUNT_UNDATED, "فروا", "escape", place="ghwayran_prison",
                                        count=(100, 100))])
    panorama_earlier = make_doc(PANORAMA_EARLIER, outlet=("five", "الوكالة"), published="2022-02-21",
                                entities=e, events=[event(PANORAMA_EARLIER, "استعصاء", "riot",
                                                          date="2022-02-20", place="panorama_prison")])
    # a town (no facility rule): the undated copy joins the old dated report by reuse_link
    qamishli = make_doc(QAMISHLI, outlet=("six", "السادسة"), published="2022-09-13", entities=e,
                        events=[event(QAMISHLI, "انفجرت", "attack", date="2022-09-12", place="qamishli",
                                      count=(2, 2))])
    qamishli_copy = make_doc(QAMISHLI_COPY, outlet=("seven", "السابعة"), published="2022-09-14",
                             entities=e, events=[event(QAMISHLI_COPY, "انفجرت", "attack",
                                                       place="qamishli")])
    # two Qamishli attacks four weeks apart and an undated report copying both (ambiguous);
    # batch 3 reports the attacks in between: one incident, which the undated one then joins
    qamishli_later = make_doc(QAMISHLI_LATER, outlet=("six", "السادسة"), published="2022-10-11",
                              entities=e, events=[event(QAMISHLI_LATER, "استهدفت", "attack",
                                                        date="2022-10-10", place="qamishli",
                                                        count=(2, 2))])
    # no reuse, only the count: ambiguous too until the bridge
    qamishli_count = make_doc(QAMISHLI_COUNT, outlet=("ten", "العاشرة"), published="2022-10-20",
                              entities=e, events=[event(QAMISHLI_COUNT, "هجوم", "attack",
                                                        place="qamishli", count=(2, 2))])
    qamishli_both = make_doc(QAMISHLI_BOTH, outlet=("eight", "الثامنة"), published="2022-10-12",
                             entities=e, events=[event(QAMISHLI_BOTH, "الاستهداف", "attack",
                                                       place="qamishli")])
    bridge = make_doc(QAMISHLI_BRIDGE, outlet=("nine", "التاسعة"), published="2022-10-04", entities=e,
                      events=[event(QAMISHLI_BRIDGE, "الهجمات", "attack", date=day, eid=f"e{k}",
                                    place="qamishli")
                              for k, day in enumerate(("2022-09-19", "2022-09-26", "2022-10-03"))])
    # al-Hol: the April attack is too old for a report published on 25 May, so the undated
    # one joins the May attack; batch 3 stretches the April incident into the recent window
    # (a cluster far from the May one): the camp now has two candidates and it stays apart
    hol_april = make_doc(HOL_APRIL, outlet=("one", "الأولى"), published="2022-04-02", entities=e,
                         events=[event(HOL_APRIL, "اقتحمت", "attack", date="2022-04-01", place="hol_camp")])
    hol_may = make_doc(HOL_MAY, outlet=("two", "الثانية"), published="2022-05-21", entities=e,
                       events=[event(HOL_MAY, "لهجوم", "attack", date="2022-05-20", place="hol_camp")])
    hol_undated = make_doc(HOL_UNDATED, outlet=("three", "الثالثة"), published="2022-05-25", entities=e,
                           events=[event(HOL_UNDATED, "هاجموا", "attack", place="hol_camp")])
    hol_more = make_doc(HOL_APRIL_MORE, outlet=("four", "الرابعة"), published="2022-04-20", entities=e,
                        events=[event(HOL_APRIL_MORE, "واستهدفت", "attack", date="2022-04-08",
                                      place="hol_camp"),
                                event(HOL_APRIL_MORE, "هجوماً", "attack", eid="e2", date="2022-04-14",
                                      place="hol_camp")])
    # al-Shaddadi. Batch 1: the March attack is the only incident at the prison; the undated
    # report (an escape and the arrests that ended it) goes there as one document (the escape
    # by unique_facility_incident, the arrests carried), while the anchored report stays apart
    # (its own dates are October). Batch 2: another report of March makes the prison's block
    # dirty (the anchored report must still read its October event). Batch 3: the July report
    # the undated one copies: its reuse link takes both its events to July.
    sh_march = make_doc(SHADDADI_MARCH, outlet=("one", "الأولى"), published="2022-03-07", entities=e,
                        events=[event(SHADDADI_MARCH, "هاجمت", "attack", date="2022-03-06",
                                      place="shaddadi_prison")])
    sh_undated = make_doc(SHADDADI_UNDATED, outlet=("eleven", "الحادية عشرة"), entities=e,
                          events=[event(SHADDADI_UNDATED, "الفرار", "escape", place="shaddadi_prison"),
                                  event(SHADDADI_UNDATED, "فاعتقلتهم", "arrest", eid="e2",
                                        place="shaddadi_prison")])
    sh_anchored = make_doc(SHADDADI_ANCHORED, outlet=("twelve", "الثانية عشرة"), entities=e,
                           events=[event(SHADDADI_ANCHORED, "انفجرت", "attack", date="2022-10-20",
                                         place="amuda"),
                                   event(SHADDADI_ANCHORED, "هجوم", "attack", eid="e2",
                                         place="shaddadi_prison")])
    sh_march_more = make_doc(SHADDADI_MARCH_MORE, outlet=("two", "الثانية"), published="2022-03-08",
                             entities=e, events=[event(SHADDADI_MARCH_MORE, "الهجوم", "attack",
                                                       date="2022-03-06", place="shaddadi_prison")])
    sh_july = make_doc(SHADDADI_JULY, outlet=("three", "الثالثة"), published="2022-07-09", entities=e,
                       events=[event(SHADDADI_JULY, "استهدف", "attack", date="2022-07-08",
                                     place="shaddadi_prison")])
    return [[attack, riot, later, raqqa_undated, panorama, panorama_undated, qamishli, qamishli_later,
             qamishli_both, qamishli_count, hol_april, hol_may, hol_undated, sh_march, sh_undated,
             sh_anchored],
            [riot_copy, raqqa_dated, qamishli_copy, sh_march_more],
            [same_count, panorama_earlier, bridge, hol_more, sh_july]]


def _generated(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    vocab = [f"كلمة{i}" for i in range(3000)]
    types = ("attack", "riot", "escape", "release", "transfer", "arrest")
    places = [*(f"fac{j}" for j in range(6)), "town0", "town1", "town2", "syria"]
    docs = []
    for i in range(n):
        text = " ".join(rng.choices(vocab, k=40)) + f" حادثة رقم {seed}-{i} " + " ".join(rng.choices(vocab, k=40))
        events = []
        for k in range(rng.randrange(1, 3)):
            day = 1 + rng.randrange(330)
            r = rng.random()
            date = (f"2022-{1 + day // 28:02d}-{1 + day % 28:02d}" if r < 0.55
                    else f"2022-{1 + day // 28:02d}" if r < 0.75 else None)
            count = (rng.choice((10, 20, 30)),) * 2 if rng.random() < 0.3 else None
            ev = event(text, "حادثة", rng.choice(types), eid=f"e{k + 1}", date=date,
                       place=(rng.choice(places[:-1]) if rng.random() < 0.9
                              else "syria" if rng.random() < 0.3 else None), count=count)
            events.append(ev)
        docs.append(make_doc(text, published=f"2022-{1 + rng.randrange(8):02d}-15", entities=ENTITIES,
                             events=events, outlet=(f"o{i % 7}", f"منفذ{i % 7}")))
    return docs


def _snapshot(store: Store) -> list[dict[str, Any]]:
    return sorted(store.all_incidents(), key=lambda i: i["id"])


def _full_copy(docs: list[dict[str, Any]], make_db: Callable[..., str]) -> Store:
    """A new database holding the same documents (same order), rebuilt in full."""
    copy = Store(make_db("full"))
    copy.add_documents(docs)
    rebuild(copy, full=True)
    return copy


def test_incremental_rebuilds_equal_full_rebuild(make_db: Callable[..., str]) -> None:
    own = _own_batches()
    gen = _generated(90, seed=7)
    batches = [own[0] + gen[:40], own[1] + gen[40:65], own[2] + gen[65:], []]
    store = Store(make_db())
    modes = []
    stored: list[dict[str, Any]] = []
    for n, batch in enumerate(batches):
        store.add_documents(batch)
        stored += batch
        timings = rebuild(store)
        modes.append(timings)
        full = _full_copy(stored, make_db)
        assert sorted(map(str, full.all_reuse())) == sorted(map(str, store.all_reuse()))
        got, want = _snapshot(store), _snapshot(full)
        assert [i["id"] for i in got] == [i["id"] for i in want]
        for g, w in zip(got, want, strict=True):
            for key in ("events", "joined_by", "counts", "modalities", "independent_sources",
                        "type", "date", "place", "outlets", "documents", "types"):
                assert g[key] == w[key], (n, g["id"], key)
            assert g == w
        full.close()
    assert modes[0]["incidents_mode"] == "full"  # nothing recorded yet
    assert all(m["incidents_mode"] == "incremental" for m in modes[1:3])
    # the later batches re-cluster only part of the corpus; a batch without new events
    # (a watch cycle that found nothing) reads no event at all
    assert modes[1]["incidents_recomputed_events"] < store.stats()["events"]
    assert modes[3]["incidents_mode"] == "unchanged"
    assert modes[3]["incidents_recomputed_events"] == 0
    # an incident recomputed with the same members, joins and place, over documents whose
    # links did not change, is kept as stored without being rendered again
    assert all(m["incidents_rendered"] < m["incidents_recomputed"] for m in modes[1:3])

    by_event = {(m["doc"], m["event"]): (inc, m["joined_by"])
                for inc in store.all_incidents() for m in inc["events"]}
    docs = {d["text"]: d["id"] for b in own for d in b}
    assert by_event[(docs[RIOT_COPY], "e1")][1] == "reuse_link"
    assert by_event[(docs[RAQQA_UNDATED], "e1")][1] == "reuse_link"  # an old document
    assert by_event[(docs[COUNT_UNDATED], "e1")][1] == "same_count"
    assert by_event[(docs[QAMISHLI_COPY], "e1")][1] == "reuse_link"
    assert by_event[(docs[QAMISHLI_BOTH], "e1")][1] == "reuse_link"  # the bridge merged them
    assert by_event[(docs[QAMISHLI_COUNT], "e1")][1] == "same_count"
    inc, how = by_event[(docs[HOL_UNDATED], "e1")]
    assert how == "first_report" and len(inc["events"]) == 1
    # al-Shaddadi: the undated report's escape and arrests went to July together
    july, how = by_event[(docs[SHADDADI_JULY], "e1")]
    assert by_event[(docs[SHADDADI_UNDATED], "e1")] == (july, "reuse_link")
    assert by_event[(docs[SHADDADI_UNDATED], "e2")] == (july, "same_document")
    inc, how = by_event[(docs[SHADDADI_ANCHORED], "e2")]
    assert how == "first_report" and len(inc["events"]) == 1
    # with two incidents at Panorama the undated report is ambiguous: its own incident
    inc, how = by_event[(docs[PANORAMA_UNDATED], "e1")]
    assert how == "first_report" and len(inc["events"]) == 1


def test_first_batch_joins(make_db: Callable[..., str]) -> None:
    own = _own_batches()
    store = Store(make_db())
    store.add_documents(own[0])
    rebuild(store)
    joined = {m["doc"]: m["joined_by"] for inc in store.all_incidents() for m in inc["events"]}
    ids = {d["text"]: d["id"] for d in own[0]}
    assert joined[ids[PANORAMA_UNDATED]] == "unique_facility_incident"
    assert joined[ids[HOL_UNDATED]] == "unique_facility_incident"
    assert joined[ids[QAMISHLI_BOTH]] == "first_report"  # two candidate incidents
    assert joined[ids[QAMISHLI_COUNT]] == "first_report"
    # one document, placed together: the March attack is the only incident at the prison
    by_event = {(m["doc"], m["event"]): (inc["id"], m["joined_by"])
                for inc in store.all_incidents() for m in inc["events"]}
    march = by_event[(ids[SHADDADI_MARCH], "e1")][0]
    assert by_event[(ids[SHADDADI_UNDATED], "e1")] == (march, "unique_facility_incident")
    assert by_event[(ids[SHADDADI_UNDATED], "e2")] == (march, "same_document")
    # the anchored report's own date (October) is far from March: it stays apart
    assert by_event[(ids[SHADDADI_ANCHORED], "e2")][1] == "first_report"


def test_changed_ancestry_is_recomputed(make_db: Callable[..., str]) -> None:
    # a later document gives the Raqqa prison a parent: places' ancestry is part of the state
    own = _own_batches()
    store = Store(make_db())
    store.add_documents(own[0])
    rebuild(store)
    text = "وقع هجوم في محافظة الرقة على حاجز قرب السجن المركزي."
    ents = {**ENTITIES, "raqqa": {"type": "place", "name": "الرقة", "name_en": None, "lat": None,
                                  "lon": None, "wikidata": None, "parent": None, "subtype": "town"}}
    ents["raqqa_prison"] = {**ents["raqqa_prison"], "parent": "raqqa"}
    extra = make_doc(text, published="2022-06-01", entities=ents,
                     events=[event(text, "هجوم", "attack", date="2022-05-31", place="raqqa")])
    store.add_documents([extra])
    rebuild(store)
    full = _full_copy([*own[0], extra], make_db)
    assert _snapshot(store) == _snapshot(full)


def test_incremental_equals_full_on_random_batches(make_db: Callable[..., str]) -> None:
    for seed in (11, 12, 13):
        docs = _generated(120, seed=seed)
        store = Store(make_db())
        for n in range(4):
            store.add_documents(docs[n * 30 : (n + 1) * 30])
            rebuild(store)
            full = _full_copy(docs[: (n + 1) * 30], make_db)
            assert _snapshot(store) == _snapshot(full), (seed, n)
            full.close()
        store.close()


def _generated_undated(n: int, seed: int) -> list[dict[str, Any]]:
    """Documents rich in what the undated rules read: no publication date, several undated
    events at one place, dates without a year, shared counts, copied passages."""
    rng = random.Random(seed)
    vocab = [f"كلمة{i}" for i in range(3000)]
    types = ("attack", "riot", "escape", "arrest", "security_operation", "transfer")
    places = ["fac0", "fac1", "fac2", "town0", "hol_camp"]
    passages = [" ".join(rng.choices(vocab, k=30)) for _ in range(8)]
    docs = []
    for i in range(n):
        text = (" ".join(rng.choices(vocab, k=30)) + f" واقعة {seed}-{i} "
                + (rng.choice(passages) if rng.random() < 0.4 else " ".join(rng.choices(vocab, k=30))))
        place = rng.choice(places)
        events = []
        for k in range(rng.randrange(1, 4)):
            day = 1 + rng.randrange(300)
            r = rng.random()
            date = (f"2022-{1 + day // 28:02d}-{1 + day % 28:02d}" if r < 0.35
                    else f"XXXX-{1 + day // 28:02d}-{1 + day % 28:02d}" if r < 0.45 else None)
            count = (rng.choice((10, 20)),) * 2 if rng.random() < 0.3 else None
            events.append(event(text, "واقعة", rng.choice(types), eid=f"e{k + 1}", date=date,
                                place=place if rng.random() < 0.8 else rng.choice(places),
                                count=count))
        published = f"2022-{1 + rng.randrange(10):02d}-15" if rng.random() < 0.5 else None
        docs.append(make_doc(text, published=published, entities=ENTITIES, events=events,
                             outlet=(f"o{i % 5}", f"منفذ{i % 5}")))
    return docs


def test_incremental_equals_full_with_undated_documents(make_db: Callable[..., str]) -> None:
    for seed in (21, 22):
        docs = _generated_undated(100, seed=seed)
        store = Store(make_db())
        for n in range(4):
            store.add_documents(docs[n * 25 : (n + 1) * 25])
            timings = rebuild(store)
            full = _full_copy(docs[: (n + 1) * 25], make_db)
            assert _snapshot(store) == _snapshot(full), (seed, n)
            full.close()
            if n:
                assert timings["incidents_mode"] == "incremental"
        store.close()


def test_blocks_clustered_in_workers_equal_one_process(make_db: Callable[..., str],
                                                       monkeypatch: Any) -> None:
    """``rebuild(jobs=2)`` deals the blocks to two forked workers (here even for a few
    events): the incidents, their joins and the state kept for the next rebuild are those of
    one process, full and incremental."""
    import marsad.corpus.parallel_incidents as parallel

    docs = _generated(60, seed=31) + _generated_undated(60, seed=32)
    random.Random(33).shuffle(docs)
    stores = {jobs: Store(make_db(f"jobs{jobs}")) for jobs in (1, 2)}
    for n in range(3):
        for jobs, store in stores.items():
            limit = 0 if jobs == 2 else 10**9
            monkeypatch.setattr(parallel, "PARALLEL_MIN_EVENTS", limit)
            store.add_documents(docs[n * 40 : (n + 1) * 40])
            timings = rebuild(store, jobs=jobs)
            assert timings["incidents_mode"] == ("full" if n == 0 else "incremental")
        one, two = (_snapshot(stores[j]) for j in (1, 2))
        assert len(one) > 20 and one == two, n
        keys = [s.corpus_transaction(lambda conn: conn.execute(
            "SELECT value FROM meta WHERE key = 'incident_keys'").fetchone()[0])
            for s in stores.values()]
        assert keys[0] == keys[1]
    for store in stores.values():
        store.close()


def test_blocks_are_dealt_largest_first_to_the_lightest_worker() -> None:
    from marsad.corpus.parallel_incidents import share_blocks

    assert share_blocks({1: 50, 2: 30, 3: 25, 4: 5}, 2) == [{1, 4}, {2, 3}]
    assert share_blocks({7: 3}, 2) == [{7}]  # fewer blocks than workers: no empty share
    assert share_blocks({1: 1, 2: 1, 3: 1}, 1) == [{1, 2, 3}]
