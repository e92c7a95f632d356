"""The arguments chosen by ranking: place, date and count of a decided happening.

Each ranking lists the options the text offers for a happening (``extract.places``,
``extract.dates``, ``extract.counts``), and a binary linear model scores each option; the best
one is taken when it is the clause's own or scores above the ranking's threshold. Training
labels an option correct by the scorer's own rule (a place within the gold tolerance, a date
value starting with the gold date, the same count bounds).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.learn.gold import GoldEvent, place_matches
from marsad.learn.linear import LinearModel


@dataclass(frozen=True)
class Ranking:
    name: str  # the model's name
    options: Callable[[DocIndex, Candidate, list[Candidate]], list[Any]]
    value: Callable[[Any], Any]  # an option's value (None: the option "nothing")
    own: Callable[[Candidate], Any]  # what the clause itself gave
    assign: Callable[[Candidate, Any], None]
    correct: Callable[[DocIndex, Any, GoldEvent], bool | None]  # None: the gold says nothing
    threshold: float
    # which of the options the scorer accepts a reader would give (default: all of them)
    preferred: Callable[[DocIndex, list[Any], list[bool | None]], list[bool | None]] | None = None


def _place_options(idx: DocIndex, c: Candidate, previous: list[Candidate]) -> list[Any]:
    from marsad.extract.places import place_options

    return place_options(idx, c, previous)


def _place_correct(idx: DocIndex, option: Any, ev: GoldEvent) -> bool | None:
    if ev.place is None:
        return None
    e = idx.doc.entities.get(option.entity) if option.entity else None
    return e is not None and place_matches(e.lat, e.lon, e.name_en, ev.place)


def _narrowest(idx: DocIndex, options: list[Any], labels: list[bool | None]) -> list[bool | None]:
    """Of the places the scorer accepts, the narrowest: a reader names the prison, not the
    neighbourhood around it, though both lie within the gold tolerance («سجن الصناعة بحي
    غويران»). A correct place containing another correct one is taught as not chosen."""
    right = {o.entity for o, ok in zip(options, labels, strict=True) if ok}
    wider: set[str] = set()
    for ent in right:
        wider.update(idx.ancestors(ent).intersection(right))
    return [False if ok and o.entity in wider else ok for o, ok in zip(options, labels, strict=True)]


def _date_options(idx: DocIndex, c: Candidate, previous: list[Candidate]) -> list[Any]:
    from marsad.extract.dates import date_options

    return date_options(idx, c, previous)


def _date_correct(idx: DocIndex, option: Any, ev: GoldEvent) -> bool | None:
    gold = ev.raw.get("date")
    if not gold:
        return None
    return option.time is not None and (option.time.value or "").startswith(gold)


def _count_options(idx: DocIndex, c: Candidate, previous: list[Candidate]) -> list[Any]:
    from marsad.extract.counts import count_options

    return count_options(idx, c, idx.doc.quantities)


def count_ok(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    """The scorer's rule: same bounds; an open 'more than N' may be written N or N + 1."""
    gmin, gmax, smin, smax = gold.get("min"), gold.get("max"), got.get("min"), got.get("max")
    if gmax is None and smax is None and isinstance(gmin, int) and isinstance(smin, int):
        return smin in (gmin, gmin + 1)
    return gmin == smin and gmax == smax


def _count_correct(idx: DocIndex, option: Any, ev: GoldEvent) -> bool | None:
    gold = ev.raw.get("count")
    if not gold:
        return None
    return option.count is not None and count_ok(gold, option.count)


def _set_place(c: Candidate, v: Any) -> None:
    c.place = v or None


def _set_date(c: Candidate, v: Any) -> None:
    c.date = v


def _set_count(c: Candidate, v: Any) -> None:
    c.count = v


PLACES = Ranking(
    "places", _place_options, lambda o: o.entity or None, lambda c: c.clause_place, _set_place,
    _place_correct, 0.0, _narrowest,
)
DATES = Ranking(
    "dates", _date_options, lambda o: o.time, lambda c: c.clause_date, _set_date, _date_correct, 0.3,
)
COUNTS = Ranking(
    "counts", _count_options, lambda o: o.count, lambda c: c.clause_count, _set_count,
    _count_correct, 0.3,
)
RANKINGS = (PLACES, DATES, COUNTS)


def _sigmoid(m: float) -> float:
    if m >= 0:
        return 1.0 / (1.0 + math.exp(-m))
    e = math.exp(m)
    return e / (1.0 + e)


def choose(ranking: Ranking, idx: DocIndex, happenings: list[Candidate], model: LinearModel | None) -> None:
    """Each happening's value under ``ranking``: the best option when it is the clause's own
    or the model is confident enough, else the clause's own (also without a model)."""
    previous: list[Candidate] = []
    for c in happenings:
        own = ranking.own(c)
        ranking.assign(c, own)
        if model is not None:
            options = ranking.options(idx, c, previous)
            if len(options) == 1:  # the option "nothing" alone: nothing to rank
                previous.append(c)
                continue
            margins = model.positive_scores([o.features for o in options])
            best = max(range(len(options)), key=margins.__getitem__)
            value = ranking.value(options[best])
            if value is own or value == own or _sigmoid(margins[best]) >= ranking.threshold:
                ranking.assign(c, value)
        previous.append(c)
