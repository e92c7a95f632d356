"""Incidents: reports merged per real-world happening, sources counted independently."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_helpers import PRISON_ENTITIES, event, make_doc
from marsad.store import Store

R1 = ("هاجم مسلحون فجر الخميس سجن غويران في مدينة الحسكة وأطلقوا النار على الحراس، "
      "وتمكن نحو مئة سجين من الفرار بحسب مصادر محلية تحدثت عن اشتباكات عنيفة.")
R2 = ("شنت خلايا تابعة للتنظيم هجوماً واسعاً على السجن في حي غويران بالحسكة يوم العشرين من "
      "كانون الثاني، وقالت قوى الأمن الداخلي إن عشرات السجناء حاولوا الهرب خلال الاستعصاء.")
R2_COPY = ("نقلت وكالة الأنباء أن " + R2[:-1] + " وأن التعزيزات وصلت إلى محيط السجن مساء اليوم.")
DENIAL = ("نفت قوى الأمن الداخلي الأنباء التي تحدثت عن هروب سجناء من سجن غويران في الحسكة "
          "خلال الهجوم، مؤكدة أن الوضع تحت السيطرة الكاملة.")
LATER = ("اندلع استعصاء جديد داخل سجن غويران في الحسكة بعد شهر من الهجوم الأول، إذ احتج "
         "السجناء على نقص الطعام والرعاية الصحية وأحرقوا عدداً من الأغطية.")


def _store(tmp_path: Path, docs: list[dict]) -> Store:
    store = Store(tmp_path / "t.db")
    store.add_documents(docs)
    store.rebuild_corpus()
    return store


def _docs() -> dict[str, dict]:
    ents = PRISON_ENTITIES
    return {
        "r1": make_doc(R1, outlet=("outlet_one", "الأولى"), published="2022-01-21", entities=ents,
                       events=[event(R1, "هاجم", "attack", date="2022-01-20", place="ghwayran_prison"),
                               event(R1, "الفرار", "escape", eid="e2", date="2022-01-20",
                                     place="ghwayran_prison", count=(100, 100))]),
        "r2": make_doc(R2, outlet=("outlet_two", "الثانية"), published="2022-01-22", entities=ents,
                       events=[event(R2, "هجوماً", "attack", date="2022-01-20", place="hasakah"),
                               event(R2, "الاستعصاء", "riot", eid="e2", date="2022-01",
                                     place="ghwayran_prison", count=(20, 99))]),
        "copy": make_doc(R2_COPY, outlet=("outlet_three", "الوكالة"), published="2022-01-23",
                         entities=ents,
                         events=[event(R2_COPY, "هجوماً", "attack", date="2022-01-20",
                                       place="ghwayran_prison")]),
        "denial": make_doc(DENIAL, outlet=("outlet_four", "الرابعة"), published="2022-01-21",
                           entities=ents,
                           events=[event(DENIAL, "هروب", "escape", date="2022-01-20",
                                         place="ghwayran_prison", modality="denied")]),
        "later": make_doc(LATER, outlet=("outlet_one", "الأولى"), published="2022-02-21",
                          entities=ents,
                          events=[event(LATER, "استعصاء", "riot", date="2022-02-20",
                                        place="ghwayran_prison")]),
    }


def test_two_independent_reports_one_incident(tmp_path: Path) -> None:
    d = _docs()
    store = _store(tmp_path, [d["r1"], d["r2"]])
    items = store.list_incidents()["items"]
    assert len(items) == 1
    inc = items[0]
    assert inc["type"] == "attack"
    assert inc["place"] == "ghwayran_prison"  # the most specific place wins over the town
    assert inc["date"] == "2022-01-20"
    assert inc["independent_sources"] == 2
    assert sorted(inc["outlets"]) == ["outlet_one", "outlet_two"]
    assert len(inc["events"]) == 4
    # both counts shown side by side, never averaged
    assert {(c["min"], c["max"]) for c in inc["counts"]} == {(100, 100), (20, 99)}
    assert inc["lat"] == 36.47


def test_copy_does_not_add_an_independent_source(tmp_path: Path) -> None:
    d = _docs()
    store = _store(tmp_path, [d["r1"], d["r2"], d["copy"]])
    assert store.stats()["reuse_pairs"] == 1
    (inc,) = store.list_incidents()["items"]
    assert len({m["doc"] for m in inc["events"]}) == 3
    assert inc["independent_sources"] == 2
    full = store.get_incident(inc["id"])
    assert full is not None
    copies = {r["doc"]: r["copies_of"] for r in full["reports"]}
    assert copies[d["copy"]["id"]] == [d["r2"]["id"]]


def test_denial_is_counted_under_denied(tmp_path: Path) -> None:
    d = _docs()
    store = _store(tmp_path, [d["r1"], d["denial"]])
    (inc,) = store.list_incidents()["items"]
    assert inc["modalities"] == {"asserted": 2, "denied": 1}
    assert inc["independent_sources"] == 2


def test_same_prison_a_month_apart_kept_apart(tmp_path: Path) -> None:
    d = _docs()
    store = _store(tmp_path, [d["r1"], d["r2"], d["later"]])
    items = store.list_incidents()["items"]
    assert len(items) == 2
    dates = sorted(i["date"] for i in items)
    assert dates == ["2022-01-20", "2022-02-20"]


def test_undated_event_needs_strong_evidence(tmp_path: Path) -> None:
    d = _docs()
    text = "تحدثت تقارير عن هجوم على سجن غويران دون تحديد موعده."
    undated = make_doc(text, entities=PRISON_ENTITIES,
                       events=[event(text, "هجوم", "attack", place="ghwayran_prison")])
    store = _store(tmp_path, [d["r1"], undated])
    assert store.stats()["incidents"] == 2  # no reuse link, no shared count: kept apart
    same_count = make_doc(text + " وقيل إن مئة سجين فروا.", entities=PRISON_ENTITIES,
                          events=[event(text, "هجوم", "attack", place="ghwayran_prison"),
                                  event(text + " وقيل إن مئة سجين فروا.", "فروا", "escape",
                                        eid="e2", place="ghwayran_prison", count=(100, 100))])
    store2 = Store(tmp_path / "t2.db")
    store2.add_documents([d["r1"], same_count])
    store2.rebuild_corpus()
    # the escape with the same count joins; the undated attack has no evidence of its own
    sizes = sorted(len(i["events"]) for i in store2.list_incidents()["items"])
    assert sizes == [1, 3]


def test_incident_ids_are_stable(tmp_path: Path) -> None:
    d = _docs()
    a = _store(tmp_path, [d["r1"], d["r2"]]).list_incidents()["items"][0]["id"]
    b = Store(tmp_path / "b.db")
    b.add_documents([d["r2"], d["r1"]])
    b.rebuild_corpus()
    assert b.list_incidents()["items"][0]["id"] == a


SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def test_seed_reports_of_january_2022_attack_form_one_incident(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from marsad.pipeline import analyze_text

    docs = [analyze_text(p.read_text("utf-8"), source=str(p)).to_dict()
            for p in sorted(SEEDS.glob("*.txt"))]
    dated = {d["id"] for d in docs for e in d["events"]
             if e["type"] in ("attack", "riot", "escape", "hostage_taking", "clash")
             and ((e["date"] or {}).get("value") or "").startswith("2022-01")}
    if len(dated) < 3:
        # the seeds carry no `published` date, so «أمس»/«الخميس الماضي» cannot be resolved and
        # the stages leave most events undated; an undated event rightly joins only on strong
        # evidence (same facility + type + reuse link or same count)
        pytest.xfail(f"only {len(dated)} seeds have a dated prison event (upstream dates)")
    store = _store(tmp_path, docs)
    attacks = [i for i in store.list_incidents(limit=1000)["items"]
               if i["type"] == "attack" and (i["date"] or "").startswith("2022-01")]
    assert len(attacks) == 1, attacks
    assert len({m["doc"] for m in attacks[0]["events"]}) >= 3
