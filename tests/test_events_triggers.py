"""Events on sentences written for these tests: every type, arguments, merging."""

from __future__ import annotations

from marsad.document import Document, Event
from marsad.pipeline import analyze_text


def events_of(text: str, **kw: str) -> tuple[Document, list[Event]]:
    doc = analyze_text(text, **kw)
    return doc, doc.events


def of_type(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.type == kind]


def test_reporting_naql_is_not_a_transfer() -> None:
    _, events = events_of("ونقلت صحيفة الوطن عن مصدر أمني أن الوضع هادئ في الحسكة.")
    assert of_type(events, "transfer") == []


def test_shooting_is_not_a_release() -> None:
    _, events = events_of("أطلق مسلحون النار على حاجز لقسد، وأدى إطلاق النار إلى إصابة عنصر.")
    assert of_type(events, "release") == []


def test_regaining_a_prison_is_not_a_repatriation() -> None:
    _, events = events_of("لم تتمكن قسد من استعادة السجن بعد يومين من القتال.")
    assert of_type(events, "repatriation") == []


def test_agents_and_patients() -> None:
    _, events = events_of("نقلت قسد عناصر داعش من سجن الرقة المركزي إلى الحسكة.")
    e = of_type(events, "transfer")[0]
    roles = {a.entity: a.role for a in e.actors}
    assert roles.get("sdf") == "agent"
    assert roles.get("isis") == "patient"


def test_escapees_are_agents() -> None:
    _, events = events_of("هرب عشرون من عناصر داعش من سجن غويران.")
    e = of_type(events, "escape")[0]
    assert {a.entity: a.role for a in e.actors}.get("isis") == "agent"


def test_place_most_specific_and_count() -> None:
    doc, events = events_of(
        "هرب نحو 30 سجينا من سجن الرقة المركزي في مدينة الرقة فجر أمس.", published="2022-06-20"
    )
    e = of_type(events, "escape")[0]
    assert e.place == "raqqa_central_prison"
    assert e.count is not None and e.count["min"] == 30 and e.count["approximate"] is True
    assert doc.text[e.count["start"] : e.count["end"]].endswith("30")
    assert e.date is not None and e.date["value"] == "2022-06-19"


def test_bare_prison_resolves_to_last_facility() -> None:
    text = (
        "يضم سجن غويران في مدينة الحسكة آلاف المحتجزين من عناصر داعش منذ سنوات.\n"
        "وأمس هاجم مسلحون السجن بسيارة مفخخة."
    )
    _, events = events_of(text, published="2022-01-21")
    e = of_type(events, "attack")[0]
    assert e.place == "ghwayran_prison"


def test_statement_date_is_not_event_date() -> None:
    text = "أكد مصدر أمني، أمس، أن عشرة سجناء فروا من سجن الرقة المركزي في 3 أيار الماضي."
    _, events = events_of(text, published="2023-06-10")
    e = of_type(events, "escape")[0]
    assert e.date is not None and e.date["value"] == "2023-05-03"


def test_different_happenings_stay_apart() -> None:
    text = (
        "هاجم مسلحون من داعش سجن غويران يوم 20 كانون الثاني 2022.\n"
        "وفي حزيران 2022 هاجم مسلحون سجن غويران مرة أخرى."
    )
    _, events = events_of(text)
    attacks = of_type(events, "attack")
    assert len(attacks) == 2
    assert {a.date["value"] for a in attacks if a.date} == {"2022-01-20", "2022-06"}


def test_event_ids_and_outlet_voice() -> None:
    _, events = events_of("هرب عشرة سجناء من سجن غويران. واعتقلت قسد خمسة منهم.")
    assert [e.id for e in events] == [f"e{i}" for i in range(1, len(events) + 1)]
    assert all(e.claim is None for e in events)
    assert all(e.modality == "asserted" for e in events)


def test_event_points_to_its_claim() -> None:
    # dated («أمس»): undated, this one-sentence report sits on the events model's threshold
    # (p 0.349-0.352 across retrainings), and the test is about the claim, not the threshold
    doc, events = events_of(
        "وأكدت مصادر محلية هروب نحو 30 سجينا من سجن الرقة المركزي أمس.", published="2022-01-21"
    )
    e = of_type(events, "escape")[0]
    assert e.claim is not None
    claim = next(c for c in doc.claims if c.id == e.claim)
    assert claim.speaker.kind == "local_sources"
