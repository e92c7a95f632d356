"""Clause grammar of event arguments, on sentences written for these tests: who did it
(VSO, SVO, chained verbs, support verbs, passives, possessives), dates inherited from the
happening an event is part of, definite back-references merging, and move routes."""

from __future__ import annotations

from event_helpers import first, happening_doc, happenings
from marsad.document import Event


def events(text: str, published: str = "2024-01-10") -> list[Event]:
    # the grammar of a happening's arguments, whatever the model makes of a lone sentence
    return happenings(text, published=published)


def roles(ev: Event) -> dict[str, str]:
    return {a.entity: a.role for a in ev.actors}


# -- actors -------------------------------------------------------------------------------


def test_vso_agent_then_patient() -> None:
    ev = first(events("نقلت قسد عناصر داعش إلى سجن غويران."), "transfer")
    assert roles(ev) == {"sdf": "agent", "isis": "patient"}


def test_topic_set_apart_by_a_comma() -> None:
    ev = first(events('وكشفت التقارير أن "الولايات المتحدة"، نقلت عدداً من سجناء داعش.'), "transfer")
    assert roles(ev)["us"] == "agent"
    assert ev.place != "us"  # a country as subject is an actor, not the place


def test_vso_object_of_an_attack_is_patient() -> None:
    evs = events("هاجمت داعش قسد وقتلت عشرة عناصر.")
    assert roles(first(evs, "attack")) == {"isis": "agent", "sdf": "patient"}
    # the chained verb «وقتلت» shares the subject of «هاجمت»
    assert roles(first(evs, "killing"))["isis"] == "agent"


def test_agent_of_a_verbal_noun_after_its_relative_or_marker() -> None:
    evs = events("فرّ عناصر من سجن غويران خلال الهجوم الذي تعرض له من خلايا داعش.")
    assert roles(first(evs, "attack"))["isis"] == "agent"
    ev = first(events("جرى اعتقال الشاب من قبل قسد في الرقة."), "arrest")
    assert roles(ev)["sdf"] == "agent"


def test_possessive_antecedent_smuggled_the_escapees() -> None:
    text = (
        "حققت قسد الموالية لواشنطن أهدافاً من خلال تهريبها لحوالي 30 سجيناً من تنظيم داعش "
        "من سجن الرقة."
    )
    ev = first(events(text), "escape")
    assert roles(ev)["sdf"] == "agent"  # the smuggler, not «واشنطن» after its preposition
    assert roles(ev)["isis"] == "patient"
    assert roles(ev)["us"] == "other"


def test_fleeing_people_are_the_agents_of_an_escape() -> None:
    ev = first(events("قالت مصادر إن مسلحين من داعش فرّوا من السجن."), "escape")
    assert roles(ev) == {"isis": "agent"}


# -- dates --------------------------------------------------------------------------------


def test_event_during_another_takes_its_date_and_place() -> None:
    text = (
        "شنت خلايا داعش هجوماً على سجن غويران يوم الخميس 20 كانون الثاني 2022. "
        "وفرّ عشرات السجناء خلال الهجوم."
    )
    evs = events(text)
    escape = first(evs, "escape")
    assert escape.date is not None and escape.date["value"] == "2022-01-20"
    assert escape.place == "ghwayran_prison"


# -- merging ------------------------------------------------------------------------------


def test_different_counts_stay_apart() -> None:
    text = "فرّ خمسة سجناء من سجن الرقة. وفي حادثة أخرى فرّ ثلاثون سجيناً من سجن غويران."
    assert len([e for e in events(text) if e.type == "escape"]) == 2


# -- routes -------------------------------------------------------------------------------


def test_transfer_route() -> None:
    ev = first(events("نقلت قسد عناصر داعش من سجن الرقة إلى سجن غويران."), "transfer")
    assert ev.origin == "raqqa_central_prison"
    assert ev.destination == "ghwayran_prison"
    assert ev.place == "raqqa_central_prison"  # where it happened: the facility it left
    d = ev.to_dict()
    assert d["origin"] == "raqqa_central_prison" and d["destination"] == "ghwayran_prison"


def test_transfer_with_destination_only() -> None:
    ev = first(events("نقلت قسد عناصر داعش إلى سجن غويران."), "transfer")
    assert ev.origin is None
    assert ev.destination == "ghwayran_prison" and ev.place == "ghwayran_prison"


# -- English ------------------------------------------------------------------------------


def test_english_events_and_claims() -> None:
    # like the other tests here, whatever the model makes of a lone sentence: the shipped
    # model puts «20 detainees escaped» read alone within a few hundredths of its threshold
    doc = happening_doc(
        "The SDF initially said it had thwarted the escape. Officials said fighters attacked "
        "the prison on Thursday and 20 detainees escaped.",
        published="2022-01-24",
    )
    kinds = {e.type for e in doc.events}
    assert {"escape", "attack"} <= kinds
    first_claim = doc.claims[0]
    assert first_claim.speaker.entity == "sdf"
    assert any(c.speaker.kind == "anonymous_source" for c in doc.claims)
