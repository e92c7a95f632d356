"""The filter options shared by ``export``, ``incidents`` and ``search``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from marsad.corpus.dates import interval, parse_moment
from marsad.store.export_views import ExportFilters

MODALITIES = ("asserted", "denied", "alleged", "expected", "hypothetical")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value and interval(value) is None:
        raise click.BadParameter(f"{value!r} is not a date: YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def filter_options(*, confidence: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a command with --since/--until/--type/--place/--outlet/--modality/
    --min-sources/--min-reports (and --min-confidence)."""
    options = [
        click.option("--since", callback=_date, metavar="DATE",
                     help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD). Undated rows "
                          "count at their report date."),
        click.option("--until", callback=_date, metavar="DATE",
                     help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help="A marsad type or subtype (escape, drone_strike) or an ACLED "
                          "event/sub-event type ('Battles'); repeat for several."),
        click.option("--place", "places", multiple=True, metavar="PLACE",
                     help="A place id or name (Arabic or English), with everything inside "
                          "it, or a governorate (name or ISO code, e.g. SY-HA); repeatable."),
        click.option("--outlet", "outlets", multiple=True, metavar="OUTLET",
                     help="An outlet id or name; repeatable."),
        click.option("--modality", "modalities", multiple=True,
                     type=click.Choice(MODALITIES), help="Repeatable."),
        click.option("--min-sources", type=click.IntRange(min=0), default=None,
                     help="Only incidents (or events of incidents) with at least this many "
                          "independent sources."),
        click.option("--min-reports", type=click.IntRange(min=0), default=None,
                     help="Only incidents (or events of incidents) reported by at least "
                          "this many events."),
    ]
    if confidence:
        options.append(click.option(
            "--min-confidence", type=click.FloatRange(0, 1), default=None,
            help="Only events with a confidence of at least this (0-1); events that carry "
                 "no confidence are left out, since unknown is not high."))

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return decorate


def filters_from(kwargs: dict[str, Any]) -> ExportFilters:
    """Take the filter options out of a command's keyword arguments."""
    return ExportFilters(
        since=kwargs.pop("since", None), until=kwargs.pop("until", None),
        types=tuple(kwargs.pop("types", ()) or ()), places=tuple(kwargs.pop("places", ()) or ()),
        outlets=tuple(kwargs.pop("outlets", ()) or ()),
        modalities=tuple(kwargs.pop("modalities", ()) or ()),
        min_sources=kwargs.pop("min_sources", None), min_reports=kwargs.pop("min_reports", None),
        min_confidence=kwargs.pop("min_confidence", None))


def new_since_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        try:
            return parse_moment(value) if value else None
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(
        "--new-since", callback=convert, metavar="TIME",
        help="Only what the store learnt since TIME: incidents with a report ingested then "
             "or later (new, or grown). TIME is a period back from now (15m, 2h, 1d) or an "
             "ISO date/time in UTC (2025-10-05T08:00). Unlike --since, which reads the "
             "events' dates.")(fn)
