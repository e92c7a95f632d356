"""Small look-ups shared by the event tests."""

from __future__ import annotations

from marsad.document import Document, Event


def first(evs: list[Event], kind: str) -> Event:
    """The first event of ``kind`` (the assertion names what was found instead)."""
    found = [e for e in evs if e.type == kind]
    assert found, f"no {kind} event in {[(e.type, e.trigger.text) for e in evs]}"
    return found[0]


def count_min(ev: Event) -> object:
    return ev.count["min"] if ev.count else None


def of_type(doc: Document, kind: str) -> list[Event]:
    return [e for e in doc.events if e.type == kind]


def only(doc: Document, kind: str) -> Event:
    """The one event of ``kind``."""
    found = of_type(doc, kind)
    assert len(found) == 1, [(e.type, e.trigger.text) for e in doc.events]
    return found[0]
