"""``marsad export``: ACLED-compatible rows of events or incidents, as CSV, JSON Lines,
GeoJSON or Parquet."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from marsad.cli import main
from marsad.cli.filters import filter_options, filters_from


@main.command(epilog=(
    "\b\nExamples:\n"
    "  marsad export -o events.csv                         # Excel/QGIS, Arabic intact\n"
    "  marsad export --what incidents --format geojson -o incidents.geojson\n"
    "  marsad export --format parquet -o events.parquet --since 2022-01 --type escape\n"
    "  marsad export --place الحسكة --min-sources 2 --names en\n\n"
    "Columns: ACLED's (event_id, event_date, year, month, day, time_precision, "
    "disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, actor2, "
    "assoc_actor_2, country, iso, admin1, admin2, location, latitude, longitude, "
    "geo_precision, source, notes, fatalities, timestamp), then marsad's (see README). "
    "event_date holds only a full date; a partial date fills year/month/day and "
    "time_precision (1 day, 2 week, 3 month or year)."))
@click.option("--db", "db", default=None, metavar="PATH|URL",
              help="Database: a SQLite file or a postgresql:// URL (default: $MARSAD_DB or "
                   "./marsad.db).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "geojson", "parquet"]),
              default="csv", show_default=True)
@click.option("--what", type=click.Choice(["events", "incidents"]), default=None,
              help="Rows to export: one per event reported in a document, or one per "
                   "incident (events merged across documents). Default: events, and "
                   "incidents for geojson.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output (written whole or not at all).")
@click.option("--no-bom", is_flag=True,
              help="CSV without the UTF-8 byte-order mark (Excel needs it to read Arabic).")
@click.option("--names", type=click.Choice(["ar", "en"]), default="ar", show_default=True,
              help="Names of actors, places, countries and outlets: Arabic, or English where known.")
@filter_options(confidence=True)
def export(db: str | None, fmt: str, what: str | None, output: str | None, no_bom: bool,
           names: str, **kwargs: Any) -> None:
    """Export events or incidents as ACLED-compatible rows (plus marsad's own columns)."""
    from marsad.cli.corpus import _open
    from marsad.corpus.export import ExportError, write_export
    from marsad.store.export_views import FilterError

    filters = filters_from(kwargs)
    kind = what or ("incidents" if fmt == "geojson" else "events")
    store = _open(db, readonly=True)
    try:
        rows = store.export_rows(kind, filters, names=names)
        counts = write_export(fmt, rows, kind, output, bom=not no_bom)
    except (ExportError, FilterError) as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:  # `marsad export | head`: the reader left, not an error of ours
        sys.stderr.close()
        os._exit(0)
    except OSError as exc:
        raise click.ClickException(f"{output or 'stdout'}: {exc.strerror or exc}") from None
    finally:
        store.close()
    if counts.get("unplaced"):
        click.echo(f"marsad: {counts['unplaced']} {kind} have no point on the map (a country- "
                   "or region-level place, or none): written with \"geometry\": null", err=True)
    if output:
        click.echo(f"marsad: {counts['rows']} {kind} written to {output}", err=True)
    sys.stdout.flush()
