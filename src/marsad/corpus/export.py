"""Writing the export: ACLED-compatible rows as CSV, JSON Lines, GeoJSON or Parquet.

The rows come from ``marsad.store.export_views`` (one SQL text per row kind, also stored as
the ``export_events``/``export_incidents`` views). This module only writes them, in the forms
analysts open:

* **CSV** for Excel and QGIS: UTF-8 with a byte-order mark (Excel reads Arabic only with it;
  ``bom=False`` leaves it out), CRLF line ends, booleans as ``true``/``false``, whole numbers
  without ``.0``, and every text cell that a spreadsheet would run as a formula (starting with
  ``= + - @``, a tab or a carriage return, or their full-width forms) prefixed with ``'``
  (OWASP's advice for CSV injection) — an outlet name, a URL or an evidence sentence is text.
* **JSON Lines**: one object per row, values as stored (numbers, ``true``/``false``, null).
* **GeoJSON** (RFC 7946): a FeatureCollection of Point features in WGS84 longitude/latitude
  order with the row as *flat* properties (QGIS shows nested values as strings). A row whose
  place is a country or a region, or has no coordinates, keeps ``"geometry": null`` so nothing
  is lost and nothing is drawn in the middle of a country.
* **Parquet**: one typed column per field (``pyarrow``, the ``parquet`` extra).

``write_export`` writes to a temporary file beside the target and renames it only when the
whole export succeeded, so a refused format or an error never leaves an empty or partial file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from marsad.store.export_views import BOOLEAN_COLUMNS, EVENT_COLUMNS, INCIDENT_COLUMNS

FORMATS = ("csv", "jsonl", "geojson", "parquet")
# cells a spreadsheet would evaluate: OWASP's list plus the full-width forms Excel also reads
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
INT_COLUMNS = frozenset({
    "year", "month", "day", "time_precision", "iso", "geo_precision", "fatalities",
    "timestamp", "incident_reports", "independent_sources", "reports", "documents", "outlets",
})
FLOAT_COLUMNS = frozenset({
    "latitude", "longitude", "confidence", "count_min", "count_max", "count_total_min",
    "count_total_max",
})
# places whose coordinates are a centre, not where something happened
UNMAPPED_LEVELS = frozenset({"country", "region"})


class ExportError(Exception):
    """The export cannot be written as asked (the message says why and what to do)."""


def columns(kind: str) -> tuple[str, ...]:
    return EVENT_COLUMNS if kind == "events" else INCIDENT_COLUMNS


def _typed(column: str, value: Any) -> Any:
    """A stored value as its column's type (SQLite gives 0/1 for booleans, REAL counts)."""
    if value is None:
        return None
    if column in BOOLEAN_COLUMNS:
        return bool(value)
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        return float(value)
    return value


def typed_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {k: _typed(k, v) for k, v in row.items()}


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for null, true/false, whole numbers without ``.0``, formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], fields: tuple[str, ...]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    n = 0
    for row in typed_rows(rows):
        writer.writerow([csv_cell(row.get(k)) for k in fields])
        n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str], fields: tuple[str, ...]) -> int:
    n = 0
    for row in typed_rows(rows):
        out.write(json.dumps({k: row.get(k) for k in fields}, ensure_ascii=False) + "\n")
        n += 1
    return n


def geometry(row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point (longitude, latitude) for a row placed at a town or facility."""
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is None or lon is None or row.get("location_level") in UNMAPPED_LEVELS:
        return None
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def write_geojson(rows: Iterable[dict[str, Any]], out: IO[str],
                  fields: tuple[str, ...]) -> tuple[int, int]:
    """Write a FeatureCollection feature by feature (no whole-corpus list in memory);
    returns (features, features without a point)."""
    out.write('{"type":"FeatureCollection","features":[\n')
    n = unplaced = 0
    for row in typed_rows(rows):
        geom = geometry(row)
        unplaced += geom is None
        feature = {"type": "Feature", "id": row["event_id"], "geometry": geom,
                   "properties": {k: row.get(k) for k in fields}}
        out.write(("" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n, unplaced


def parquet_table(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise ExportError("Parquet needs pyarrow: pip install 'marsad[parquet]'") from None

    def arrow_type(column: str) -> Any:
        if column in BOOLEAN_COLUMNS:
            return pa.bool_()
        if column in INT_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    schema = pa.schema([(c, arrow_type(c)) for c in fields])
    data = [{k: row.get(k) for k in fields} for row in typed_rows(rows)]
    return pa.Table.from_pylist(data, schema=schema)


def _write(fmt: str, rows: Iterable[dict[str, Any]], kind: str, path: str | None,
           bom: bool, binary_out: Callable[[], IO[bytes]], text_out: Callable[[], IO[str]]
           ) -> dict[str, int]:
    fields = columns(kind)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = parquet_table(rows, fields)
        pq.write_table(table, binary_out() if path is None else path)
        return {"rows": table.num_rows}
    out = text_out()
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        return {"rows": write_csv(rows, out, fields)}
    if fmt == "jsonl":
        return {"rows": write_jsonl(rows, out, fields)}
    if fmt == "geojson":
        n, unplaced = write_geojson(rows, out, fields)
        return {"rows": n, "unplaced": unplaced}
    raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def write_export(fmt: str, rows: Iterable[dict[str, Any]], kind: str, output: str | None,
                 *, bom: bool = True, stdout: IO[str] | None = None) -> dict[str, int]:
    """Write ``rows`` (of ``kind``: events or incidents) as ``fmt`` to ``output``, or to
    ``stdout`` when None. A file appears only once everything was written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401 - fail before anything is written
        except ImportError:
            raise ExportError("Parquet needs pyarrow: pip install 'marsad[parquet]'") from None
    if output is None:
        import sys

        out = stdout or sys.stdout
        if fmt == "parquet" and out.isatty():
            raise ExportError("Parquet is binary: write it to a file with -o FILE")
        return _write(fmt, rows, kind, None, bom, lambda: out.buffer, lambda: out)  # type: ignore[attr-defined]
    target = Path(output)
    if target.is_dir():
        raise ExportError(f"{output}: is a directory")
    if not target.parent.resolve().is_dir():
        raise ExportError(f"{output}: directory {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        with contextlib.ExitStack() as stack:
            def text() -> IO[str]:
                return stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))

            def binary() -> IO[bytes]:
                return stack.enter_context(open(tmp, "wb"))

            counts = _write(fmt, rows, kind, tmp if fmt == "parquet" else None, bom, binary, text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return counts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
