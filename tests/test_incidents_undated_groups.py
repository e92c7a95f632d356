"""Undated events of one document are placed together, on the strongest evidence first.

Synthetic event rows fed to ``build_incidents`` directly: each case is a small invented
corpus (places, dates, counts, reuse pairs) built to isolate one rule.
"""

from __future__ import annotations

from typing import Any

from marsad.corpus.incidents import EventRow, build_incidents

PARENTS = {"prison_a": "town_a", "camp_b": "town_b", "town_a": None, "town_b": None}
FACILITIES = {"prison_a", "camp_b"}


def _ancestors(place: str) -> list[str]:
    chain, cur = [], PARENTS.get(place)
    while cur:
        chain.append(cur)
        cur = PARENTS.get(cur)
    return chain


def row(doc: str, event: str, type_: str, place: str | None = "prison_a", *,
        date: str | None = None, published: str | None = None,
        count: tuple[int, int] | None = None, modality: str = "asserted") -> EventRow:
    """An event row; ``date`` is ``YYYY-MM-DD``, ``YYYY`` or a partial ``XXXX-MM-DD``."""
    earliest = latest = None
    if date and not date.startswith("XXXX"):
        earliest, latest = (date, date) if len(date) == 10 else (f"{date}-01-01", f"{date}-12-31")
    return EventRow(doc, event, type_, place, earliest, latest, date, count and count[0],
                    count and count[1], modality, published)


def _build(rows: list[EventRow], reuse: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
    docs = {r.doc for r in rows}
    return build_incidents(rows, _ancestors, reuse or [], [], dict.fromkeys(docs),
                           is_facility=FACILITIES.__contains__)


def _where(incidents: list[dict[str, Any]]) -> dict[str, tuple[int, str]]:
    """``doc/event`` -> (index of its incident, joined_by)."""
    return {f"{m['doc']}/{m['event']}": (n, m["joined_by"])
            for n, inc in enumerate(incidents) for m in inc["events"]}


# two dated attacks at the prison, months apart: «the only incident at the prison» never holds
MARCH = row("march", "e1", "attack", date="2022-03-05", published="2022-03-06")
JULY = [row("july", "e1", "attack", date="2022-07-10", published="2022-07-11"),
        row("july", "e2", "arrest", date="2022-07-10", published="2022-07-11", count=(40, 40))]


def test_reuse_link_of_one_event_carries_the_documents_other_undated_event() -> None:
    # the undated report (published after both) copies the March report; its escape is
    # compatible with the March attack, its arrest is not (but is compatible with the escape)
    # and happens to give the count of the July arrests: the link to March outranks a count
    # shared with July, and the document is not scattered over both
    undated = [row("copy", "e1", "escape", published="2022-07-20"),
               row("copy", "e2", "arrest", published="2022-07-20", count=(40, 40))]
    incs = _build([MARCH, *JULY, *undated], reuse=[("march", "copy")])
    where = _where(incs)
    assert where["copy/e1"] == (where["march/e1"][0], "reuse_link")
    assert where["copy/e2"] == (where["march/e1"][0], "same_document")
    assert where["july/e2"][0] != where["march/e1"][0]


def test_two_undated_events_of_one_document_stay_together_without_evidence() -> None:
    # no date, no publication date, no link, two incidents at the prison: the document's
    # attack and riot are one happening of its own, not two incidents
    undated = [row("u", "e1", "attack"), row("u", "e2", "riot")]
    incs = _build([MARCH, *JULY, *undated])
    where = _where(incs)
    assert where["u/e1"][0] == where["u/e2"][0]
    assert where["u/e1"][0] not in (where["march/e1"][0], where["july/e1"][0])
    assert {where["u/e1"][1], where["u/e2"][1]} == {"first_report", "same_document"}
    # ... while an event of another place or an incompatible type is not drawn in
    other = _build([row("v", "e1", "attack"), row("v", "e2", "transfer"),
                    row("v", "e3", "riot", place="camp_b")])
    assert len(other) == 3


def test_strong_evidence_naming_two_incidents_separates_the_document() -> None:
    # the undated report copies both dated reports; each of its events matches one of them
    undated = [row("both", "e1", "security_operation", published="2022-07-12"),
               row("both", "e2", "arrest", published="2022-07-12", count=(40, 40)),
               row("both", "e3", "escape", published="2022-07-12", count=(7, 7))]
    dated_march = [MARCH, row("march", "e2", "escape", date="2022-03-05", published="2022-03-06",
                              count=(7, 7))]
    incs = _build([*dated_march, *JULY, *undated])
    where = _where(incs)
    # same_count: the arrest points at July only, the escape at March only
    assert where["both/e2"] == (where["july/e2"][0], "same_count")
    assert where["both/e3"] == (where["march/e2"][0], "same_count")
    # the operation has no count and fits both: it cannot be carried either way
    assert where["both/e1"][0] not in (where["march/e1"][0], where["july/e1"][0])


def test_unique_facility_refuses_an_incident_far_from_the_documents_own_dates() -> None:
    old = row("old", "e1", "arrest", date="2019-05-10", published="2019-05-11")
    # no publication date, but the document dates its other event (in the town) 2022
    report = [row("r", "e1", "attack", place="town_a", date="2022-03-10"),
              row("r", "e2", "arrest")]
    where = _where(_build([old, *report]))
    assert where["r/e2"][0] != where["old/e1"][0]
    assert where["r/e2"][1] == "first_report"
    # the same report dated near the incident joins it as the only one at the prison
    near = [row("n", "e1", "attack", place="town_a", date="2019-05-20"), row("n", "e2", "arrest")]
    where = _where(_build([old, *near]))
    assert where["n/e2"] == (where["old/e1"][0], "unique_facility_incident")
    # nothing dated in the document at all: a precisely dated incident can still be "the" one
    bare = [row("b", "e1", "arrest")]
    where = _where(_build([old, *bare]))
    assert where["b/e1"] == (where["old/e1"][0], "unique_facility_incident")


def test_no_anchor_never_joins_an_incident_known_only_to_a_year() -> None:
    # a background clause «in 2019 ...» founds a year-wide incident at the prison; a report
    # with no date and no publication date about arrests there is not evidently about it
    background = row("bg", "e1", "arrest", date="2019", published="2022-01-26")
    bare = [row("b", "e1", "arrest")]
    where = _where(_build([background, *bare]))
    assert where["b/e1"][0] != where["bg/e1"][0]


def test_undated_report_of_a_siege_goes_to_the_precise_incident_as_one() -> None:
    # the shape of a real report: no publication date; the security operation, the arrests
    # and the attack are undated; the prison has a year-only background incident (arrests in
    # 2019) and the day-precise attack. Old behaviour: the arrest joined 2019 alone, and
    # dragged the others; now the document goes together to the attack.
    background = row("bg", "e1", "arrest", date="2019", published="2022-01-26")
    attack = row("att", "e1", "attack", date="2022-01-20", published="2022-01-21")
    report = [row("r", "e1", "security_operation"), row("r", "e2", "arrest", count=(1000, 1000)),
              row("r", "e3", "attack")]
    where = _where(_build([background, attack, *report]))
    target = where["att/e1"][0]
    assert where["r/e1"] == (target, "unique_facility_incident")
    assert where["r/e3"] == (target, "unique_facility_incident")
    assert where["r/e2"] == (target, "same_document")  # arrests alone fit no attack
    assert where["bg/e1"][0] != target


def test_unique_facility_for_two_events_pointing_apart_keeps_the_document_apart() -> None:
    # two precise incidents at the prison, an attack and an arrest; an undated report whose
    # attack fits only the first and whose arrest fits only the second: a guess either way
    attack = row("att", "e1", "attack", date="2022-01-20", published="2022-01-21")
    arrests = row("arr", "e1", "arrest", date="2022-01-25", published="2022-01-26")
    report = [row("r", "e1", "attack"), row("r", "e2", "security_operation"),
              row("r", "e3", "arrest")]
    incs = _build([attack, arrests, *report])
    where = _where(incs)
    own = {where[f"r/e{k}"][0] for k in (1, 2, 3)}
    assert len(own) == 1
    assert own.isdisjoint({where["att/e1"][0], where["arr/e1"][0]})


def test_type_of_the_incident_decides_unique_facility() -> None:
    # the camp's only incident is a repatriation: an undated escape there is not it
    repat = row("rep", "e1", "repatriation", place="camp_b", date="2022-05-01",
                published="2022-05-02")
    esc = row("esc", "e1", "escape", place="camp_b", published="2022-05-03")
    where = _where(_build([repat, esc]))
    assert where["esc/e1"][0] != where["rep/e1"][0]


def test_partial_dates_keep_a_chronology_apart() -> None:
    # a chronology of escapes from one camp, days without a year: several happenings
    chronology = [row("c", "e1", "escape", place="camp_b", date="XXXX-08-19", count=(4, 4)),
                  row("c", "e2", "escape", place="camp_b", date="XXXX-08-19", count=(5, 5)),
                  row("c", "e3", "escape", place="camp_b", date="XXXX-09-04"),
                  row("c", "e4", "escape", place="camp_b")]
    incs = _build(chronology)
    where = _where(incs)
    assert where["c/e1"][0] == where["c/e2"][0]  # the same day
    assert where["c/e3"][0] != where["c/e1"][0]
    # the undated one links both days: which of them it belongs to is a guess
    assert where["c/e4"][0] not in (where["c/e1"][0], where["c/e3"][0])
    # a partial date never joins an incident on other days, even with the very same count
    dated = row("d", "e1", "escape", place="camp_b", date="2022-01-20", count=(4, 4),
                published="2022-01-21")
    where = _where(_build([dated, row("p", "e1", "escape", place="camp_b", date="XXXX-09-15",
                                      count=(4, 4))]))
    assert where["p/e1"][0] != where["d/e1"][0]
    where = _where(_build([dated, row("q", "e1", "escape", place="camp_b", date="XXXX-01",
                                      count=(4, 4))]))
    assert where["q/e1"] == (where["d/e1"][0], "same_count")


def test_same_document_outranks_everything() -> None:
    # the document dates its attack in July; its undated escape copies nothing and shares
    # the count of the March escape: the document's own dated event decides
    march_escape = row("march", "e2", "escape", date="2022-03-05", published="2022-03-06",
                       count=(9, 9))
    report = [row("r", "e1", "attack", date="2022-07-10", published="2022-07-12"),
              row("r", "e2", "escape", published="2022-07-12", count=(9, 9))]
    where = _where(_build([MARCH, march_escape, *report]))
    assert where["r/e2"] == (where["r/e1"][0], "same_document")
