"""The export as SQL: ACLED-compatible rows for events and incidents, and the views that
show the same rows in the database (``export_events``, ``export_incidents``).

One SQL text per row kind, used twice: ``marsad export`` runs it as a query (over helper
tables it fills in the connection's TEMP schema, so a read-only database works and the rows
always follow the running code), and a corpus rebuild stores it as a view with its helper
tables in the file, so ``datasette marsad.db`` shows the export's columns with facets. A
test compares the two.

Helper tables (rebuilt by every corpus rebuild; derived data, safe to drop):

* ``export_place_admin``: for every stored place, its country, governorate (admin1, from the
  bundled boundaries by point in polygon: ``marsad.geo``), level and ACLED geo_precision;
* ``export_event_types``: ``marsad.corpus.acled.EVENT_TYPE_MAP``, marsad type/subtype to
  ACLED event_type/sub_event_type.

Both stores: the text is written once and its few dialect-bound pieces (JSON access, string
aggregation, date patterns, epoch seconds, "no limit", integer truncation, the temporary
schema) come from ``_Dialect``. PostgreSQL reads the JSON as ``json`` (not ``jsonb``) so that
keys keep their order, truncates as SQLite's CAST does, and returns JSON numbers as
``numeric`` turned back into int/float as SQLite gives them; its read-only sessions build the
helper tables in a transaction of their own that may write only temporary tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from marsad.corpus.acled import EVENT_TYPE_MAP

# Column order of the event rows: ACLED's columns first (in ACLED's order), then marsad's.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "year", "month", "day", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "country", "iso", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "timestamp",
)
EVENT_EXTRA_COLUMNS: tuple[str, ...] = (
    "date_value", "date_earliest", "date_latest", "marsad_type", "marsad_subtype",
    "confidence", "modality", "foiled", "claim_speaker", "speaker_kind", "via", "trigger",
    "published", "url", "source_id", "doc", "incident", "incident_reports",
    "independent_sources", "location_id", "location_level", "admin1_code", "count_min",
    "count_max", "count_unit", "count_total_min", "count_total_max",
)
EVENT_COLUMNS = ACLED_COLUMNS + EVENT_EXTRA_COLUMNS
INCIDENT_EXTRA_COLUMNS: tuple[str, ...] = (
    "date_value", "date_earliest", "date_latest", "dated_by", "first_reported",
    "last_reported", "marsad_type", "marsad_subtype", "confidence", "reports", "documents",
    "independent_sources", "outlets", "modalities", "location_id", "location_level",
    "admin1_code", "count_min", "count_max",
)
INCIDENT_COLUMNS = ACLED_COLUMNS + INCIDENT_EXTRA_COLUMNS
BOOLEAN_COLUMNS = frozenset({"foiled"})

PLACE_TABLE = "export_place_admin"
TYPE_TABLE = "export_event_types"
EVENTS_VIEW = "export_events"
INCIDENTS_VIEW = "export_incidents"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Dialect:
    """The pieces of the export SQL that SQLite and PostgreSQL spell differently."""

    pg: bool

    def json_text(self, col: str, *path: str) -> str:
        if self.pg:
            return f"({col}::json #>> '{{{','.join(path)}}}')"
        return f"json_extract({col}, '$.{'.'.join(path)}')"

    def json_number(self, col: str, *path: str) -> str:
        return f"({self.json_text(col, *path)})::numeric" if self.pg else self.json_text(col, *path)

    def json_flag(self, col: str, key: str) -> str:
        """1 when the JSON value is true, else 0 (SQLite's json_extract of true is 1)."""
        if self.pg:
            return f"coalesce(({self.json_text(col, key)})::boolean::int, 0)"
        return f"coalesce({self.json_text(col, key)}, 0)"

    def concat(self, expr: str) -> str:
        return f"string_agg({expr}, '; ')" if self.pg else f"group_concat({expr}, '; ')"

    def matches(self, value: str, glob: str, regex: str) -> str:
        return f"{value} ~ '{regex}'" if self.pg else f"{value} GLOB '{glob}'"

    def epoch(self, text: str) -> str:
        if self.pg:
            return f"CAST(extract(epoch FROM CAST({text} AS timestamptz)) AS BIGINT)"
        return f"CAST(strftime('%s', {text}) AS INTEGER)"

    def integer(self, expr: str) -> str:
        """Truncated toward zero, as SQLite's CAST(x AS INTEGER)."""
        return f"CAST(trunc({expr}) AS BIGINT)" if self.pg else f"CAST({expr} AS INTEGER)"

    @property
    def no_limit(self) -> str:
        return "ALL" if self.pg else "-1"

    @property
    def temp(self) -> str:
        return "pg_temp." if self.pg else "temp."

    def via_names(self, nm: str) -> str:
        if self.pg:
            return (f"SELECT coalesce({nm}, v.value) AS nm FROM json_array_elements_text("
                    "CAST(c.via AS json)) WITH ORDINALITY AS v(value, key) "
                    "LEFT JOIN entities n ON n.id = v.value ORDER BY v.key")
        return (f"SELECT coalesce({nm}, v.value) AS nm FROM json_each(c.via) v "
                "LEFT JOIN entities n ON n.id = v.value ORDER BY v.key")

    def modalities(self) -> str:
        if self.pg:
            return ("(SELECT string_agg(key || ':' || value, '; ') FROM "
                    "json_each_text(CAST(i.json AS json) -> 'modalities'))")
        return ("(SELECT group_concat(key || ':' || value, '; ') FROM "
                "json_each(i.json, '$.modalities'))")


SQLITE = _Dialect(pg=False)
POSTGRESQL = _Dialect(pg=True)


def dialect_of(conn: Any) -> _Dialect:
    return SQLITE if isinstance(conn, sqlite3.Connection) else POSTGRESQL


def _name(alias: str, names: str) -> str:
    return f"{alias}.name" if names == "ar" else f"coalesce({alias}.name_en, {alias}.name)"


def _date_columns(value: str, dl: _Dialect) -> str:
    """ACLED's date columns from a contract date value (only a full date in event_date)."""
    day = dl.matches(value, "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]",
                     "^[0-9]{4}-[01][0-9]-[0-3][0-9]$")
    year = dl.matches(value, "[0-9][0-9][0-9][0-9]*", "^[0-9]{4}")
    month = dl.matches(value, "????-[01][0-9]*", "^.{4}-[01][0-9]")
    mday = dl.matches(value, "????-[01][0-9]-[0-3][0-9]", "^.{4}-[01][0-9]-[0-3][0-9]$")
    week = dl.matches(value, "[0-9][0-9][0-9][0-9]-W[0-9][0-9]", "^[0-9]{4}-W[0-9]{2}$")
    return f"""
      CASE WHEN {day} THEN {value} END AS event_date,
      CASE WHEN {year} THEN CAST(substr({value}, 1, 4) AS INTEGER) END AS year,
      CASE WHEN {month} THEN CAST(substr({value}, 6, 2) AS INTEGER) END AS month,
      CASE WHEN {mday} THEN CAST(substr({value}, 9, 2) AS INTEGER) END AS day,
      CASE WHEN {day} THEN 1 WHEN {week} THEN 2
           WHEN {year} THEN 3 END AS time_precision"""


def _place_columns(p: str, pa: str, names: str) -> str:
    return f"""
      {pa}.{"country_ar" if names == "ar" else "country"} AS country, {pa}.iso AS iso,
      {pa}.{"admin1_ar" if names == "ar" else "admin1"} AS admin1, {pa}.admin2 AS admin2,
      {_name(p, names)} AS location, {p}.lat AS latitude, {p}.lon AS longitude,
      {pa}.geo_precision AS geo_precision"""


def _type_rule(type_expr: str, subtype_expr: str, schema: str) -> str:
    """The rowid of the most specific ``export_event_types`` row for a type and subtype."""
    return f"""(SELECT r.rowid FROM {schema}{TYPE_TABLE} r
        WHERE r.marsad_type IN ({type_expr}, '*')
          AND r.marsad_subtype IN (coalesce({subtype_expr}, ''), '*')
        ORDER BY r.rank LIMIT 1)"""


def events_sql(schema: str = "", names: str = "ar", dl: _Dialect = SQLITE) -> str:
    """One ACLED-compatible row per stored event (columns: ``EVENT_COLUMNS``).

    ``schema``: where the helper tables are (``""`` for the file, ``"temp."`` for a query on
    a read-only connection); ``names``: ``ar`` (Arabic names) or ``en`` (English where known).
    """
    nm = _name("n", names)
    actors = f"""(SELECT {dl.concat("nm")} FROM (
          SELECT coalesce({{nm}}, a.entity) AS nm FROM event_actors a
          LEFT JOIN entities n ON n.id = a.entity
          WHERE a.doc = e.doc AND a.event_id = e.event_id AND {{cond}}
          ORDER BY {{order}} LIMIT {{limit}} OFFSET {{offset}}) AS s)"""
    agent = {"cond": "a.role = 'agent'", "order": "a.rowid", "nm": nm}
    other = {"cond": "coalesce(a.role, '') <> 'agent'",
             "order": "a.role = 'patient' DESC, a.rowid", "nm": nm}
    return f"""
    SELECT
      e.doc || '/' || e.event_id AS event_id,{_date_columns("e.date_value", dl)},
      t.disorder_type, t.event_type, t.sub_event_type,
      {actors.format(**agent, limit=1, offset=0)} AS actor1,
      {actors.format(**agent, limit=dl.no_limit, offset=1)} AS assoc_actor_1,
      {actors.format(**other, limit=1, offset=0)} AS actor2,
      {actors.format(**other, limit=dl.no_limit, offset=1)} AS assoc_actor_2,{_place_columns("p", "pa", names)},
      {"coalesce(d.outlet_name, d.outlet_id)" if names == "ar"
       else "coalesce(d.outlet_name_en, d.outlet_name, d.outlet_id)"} AS source,
      e.evidence AS notes,
      CASE WHEN e.type = 'killing' AND e.count_min IS NOT NULL
                AND e.modality IN ('asserted', 'alleged')
                AND {dl.json_flag("e.json", "foiled")} = 0
           THEN {dl.integer("e.count_min")} END AS fatalities,
      {dl.epoch("d.ingested_at")} AS timestamp,
      e.date_value, e.date_earliest, e.date_latest,
      e.type AS marsad_type, {dl.json_text("e.json", "subtype")} AS marsad_subtype,
      {dl.json_number("e.json", "confidence")} AS confidence,
      e.modality, {dl.json_flag("e.json", "foiled")} AS foiled,
      c.speaker_text AS claim_speaker, c.speaker_kind,
      (SELECT {dl.concat("nm")} FROM ({dl.via_names(nm)}) AS s) AS via,
      e.trigger_text AS trigger, d.published, d.url, d.outlet_id AS source_id, e.doc,
      x.incident,
      ir.n AS incident_reports,
      i.independent_sources, e.place AS location_id, pa.level AS location_level,
      pa.admin1_code, e.count_min, e.count_max, e.count_unit,
      {dl.json_number("e.json", "count_total", "min")} AS count_total_min,
      {dl.json_number("e.json", "count_total", "max")} AS count_total_max
    FROM events e
    JOIN documents d ON d.id = e.doc
    LEFT JOIN entities p ON p.id = e.place
    LEFT JOIN {schema}{PLACE_TABLE} pa ON pa.entity = e.place
    LEFT JOIN claims c ON c.doc = e.doc AND c.claim_id = e.claim
    LEFT JOIN incident_events x ON x.doc = e.doc AND x.event_id = e.event_id
    LEFT JOIN incidents i ON i.id = x.incident
    LEFT JOIN (SELECT incident, count(*) AS n FROM incident_events GROUP BY incident) ir
      ON ir.incident = x.incident
    LEFT JOIN {schema}{TYPE_TABLE} t
      ON t.rowid = {_type_rule("e.type", dl.json_text("e.json", "subtype"), schema)}
    ORDER BY d.seq, e.rowid"""


def incidents_sql(schema: str = "", names: str = "ar", dl: _Dialect = SQLITE) -> str:
    """One ACLED-compatible row per incident (columns: ``INCIDENT_COLUMNS``).

    An incident without a date of its own has ``dated_by = 'first_report'``: the filters
    and the web timeline place it at ``first_reported`` (when it was first reported, not
    when it happened); its date columns stay empty.
    """
    nm = _name("n", names)
    members = """FROM incident_events y JOIN events m ON m.doc = y.doc AND m.event_id = y.event_id
                 WHERE y.incident = i.id"""
    actors = f"""(SELECT {dl.concat("nm")} FROM (
          SELECT coalesce({nm}, a.entity) AS nm FROM incident_events y
          JOIN event_actors a ON a.doc = y.doc AND a.event_id = y.event_id
          LEFT JOIN entities n ON n.id = a.entity
          WHERE y.incident = i.id AND {{cond}}
          GROUP BY a.entity, n.name, n.name_en ORDER BY count(*) DESC, min(a.rowid)
          LIMIT {{limit}} OFFSET {{offset}}) AS s)"""
    agent = "a.role = 'agent'"
    other = "coalesce(a.role, '') <> 'agent'"
    m_subtype = dl.json_text("m.json", "subtype")
    subtype = f"""(SELECT {m_subtype} {members}
          AND {m_subtype} IS NOT NULL
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)"""
    first_report = "g.first_reported"
    outlet = ("coalesce(d.outlet_name, d.outlet_id)" if names == "ar"
              else "coalesce(d.outlet_name_en, d.outlet_name, d.outlet_id)")
    return f"""
    SELECT
      i.id AS event_id,{_date_columns("i.date", dl)},
      t.disorder_type, t.event_type, t.sub_event_type,
      {actors.format(cond=agent, limit=1, offset=0)} AS actor1,
      {actors.format(cond=agent, limit=dl.no_limit, offset=1)} AS assoc_actor_1,
      {actors.format(cond=other, limit=1, offset=0)} AS actor2,
      {actors.format(cond=other, limit=dl.no_limit, offset=1)} AS assoc_actor_2,{_place_columns("p", "pa", names)},
      (SELECT {dl.concat("o")} FROM (
          SELECT {outlet} AS o FROM incident_events y JOIN documents d ON d.id = y.doc
          WHERE y.incident = i.id AND {outlet} IS NOT NULL
          GROUP BY 1 ORDER BY min(d.published), min(d.seq)) AS s) AS source,
      (SELECT m.evidence {members.replace("WHERE", "JOIN documents d ON d.id = y.doc WHERE")}
          ORDER BY d.published IS NULL, d.published, d.seq, m.rowid LIMIT 1) AS notes,
      (SELECT {dl.integer("min(m.count_min)")} {members} AND m.type = 'killing'
          AND m.count_min IS NOT NULL AND m.modality IN ('asserted', 'alleged')
          AND {dl.json_flag("m.json", "foiled")} = 0) AS fatalities,
      g.timestamp,
      i.date AS date_value, i.date_earliest, i.date_latest,
      CASE WHEN i.date IS NOT NULL THEN 'event'
           WHEN {first_report} IS NOT NULL THEN 'first_report' END AS dated_by,
      {first_report} AS first_reported,
      g.last_reported,
      i.type AS marsad_type, {subtype} AS marsad_subtype,
      (SELECT max({dl.json_number("m.json", "confidence")}) {members}) AS confidence,
      g.reports, g.documents, i.independent_sources, g.outlets,
      {dl.modalities()} AS modalities,
      i.place AS location_id, pa.level AS location_level, pa.admin1_code,
      (SELECT min(m.count_min) {members}) AS count_min,
      (SELECT max(m.count_max) {members}) AS count_max
    FROM incidents i
    LEFT JOIN (  -- what the incident's reports add up to, in one grouped pass
      SELECT y.incident, min(d.published) AS first_reported, max(d.published) AS last_reported,
             max({dl.epoch("d.ingested_at")}) AS timestamp,
             count(*) AS reports, count(DISTINCT y.doc) AS documents,
             count(DISTINCT coalesce(d.outlet_id, d.outlet_name)) AS outlets
      FROM incident_events y JOIN documents d ON d.id = y.doc GROUP BY y.incident
    ) g ON g.incident = i.id
    LEFT JOIN entities p ON p.id = i.place
    LEFT JOIN {schema}{PLACE_TABLE} pa ON pa.entity = i.place
    LEFT JOIN {schema}{TYPE_TABLE} t ON t.rowid = {_type_rule("i.type", subtype, schema)}
    ORDER BY coalesce(i.date_earliest, {first_report}) IS NULL,
             coalesce(i.date_earliest, {first_report}), i.id"""


# --- helper tables -----------------------------------------------------------------------

_PLACE_COLUMNS = ("entity", "level", "geo_precision", "on_map", "country", "country_ar", "iso",
                  "admin1", "admin1_ar", "admin1_code", "admin2", "snapped")


def _fill_helpers(conn: Any, schema: str) -> None:
    from marsad.geo.places import place_admin

    dl = dialect_of(conn)
    text = 'TEXT COLLATE "C"' if dl.pg else "TEXT"
    conn.execute(f"""CREATE TABLE IF NOT EXISTS {schema}{PLACE_TABLE} (
        entity {text} PRIMARY KEY, level {text}, geo_precision INTEGER, on_map INTEGER,
        country {text}, country_ar {text}, iso INTEGER, admin1 {text}, admin1_ar {text},
        admin1_code {text}, admin2 {text}, snapped INTEGER)""")
    # PostgreSQL: the insertion order SQLite's rowid gives, as an explicit last column
    rowid = ", rowid BIGINT GENERATED ALWAYS AS IDENTITY" if dl.pg else ""
    conn.execute(f"""CREATE TABLE IF NOT EXISTS {schema}{TYPE_TABLE} (
        marsad_type {text}, marsad_subtype {text}, event_type {text}, sub_event_type {text},
        disorder_type {text}, rank INTEGER, why {text}{rowid})""")
    conn.execute(f"DELETE FROM {schema}{PLACE_TABLE}")
    conn.execute(f"DELETE FROM {schema}{TYPE_TABLE}")
    rows = []
    for r in conn.execute(
            """SELECT id, type, subtype, lat, lon, parent FROM entities
               WHERE type IN ('place', 'facility') OR subtype = 'country'
                  OR id IN (SELECT place FROM events UNION SELECT place FROM incidents)"""):
        admin = place_admin(r[0], r[1], r[2], r[3], r[4], r[5]).as_dict()
        rows.append((r[0], *(int(v) if isinstance(v, bool) else v  # INTEGER 0/1 on both
                             for v in (admin[k] for k in _PLACE_COLUMNS[1:]))))
    conn.executemany(f"INSERT INTO {schema}{PLACE_TABLE} VALUES ({','.join('?' * 12)})", rows)
    conn.executemany(
        f"INSERT INTO {schema}{TYPE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(r.marsad_type, r.marsad_subtype, r.event_type, r.sub_event_type, r.disorder_type,
          r.rank, r.why) for r in EVENT_TYPE_MAP])


def install_views(conn: Any) -> None:
    """(Re)create the helper tables and the two views in the database (inside the caller's
    write transaction)."""
    dl = dialect_of(conn)
    _fill_helpers(conn, "")
    for view, sql in ((EVENTS_VIEW, events_sql(dl=dl)), (INCIDENTS_VIEW, incidents_sql(dl=dl))):
        conn.execute(f"DROP VIEW IF EXISTS {view}")
        conn.execute(f"CREATE VIEW {view} AS {sql}")


def query_sources(conn: Any, names: str = "ar") -> tuple[str, str]:
    """Fill the helper tables in TEMP (works on a read-only connection) and return the
    events and incidents queries over them."""
    dl = dialect_of(conn)
    _fill_helpers(conn, dl.temp)
    return events_sql(dl.temp, names, dl), incidents_sql(dl.temp, names, dl)


def _plain(value: Any) -> Any:
    """A JSON number PostgreSQL returns as numeric, as SQLite's json_extract gives it."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 \
            else float(value)
    return value


def rows(conn: Any, sql: str, where: Iterable[str] = (),
         args: Iterable[Any] = ()) -> Iterable[dict[str, Any]]:
    """The rows of ``sql`` (an events or incidents query) that pass the WHERE clauses."""
    cond = " AND ".join(f"({w})" for w in where)
    cur = conn.execute(f"SELECT * FROM ({sql}) AS x WHERE {cond or 'TRUE'}", tuple(args))
    names = [c[0] for c in cur.description]
    for r in cur:
        yield dict(zip(names, map(_plain, r), strict=True))


def _with_temp_tables(conn: Any, fn: Callable[[], T]) -> T:
    """Run ``fn`` where it may fill TEMP tables: SQLite's TEMP schema is writable on a
    read-only connection; PostgreSQL's read-only sessions get a transaction of their own
    that may write (only temporary tables are written), whose tables go at its end."""
    if not dialect_of(conn).pg:
        return fn()
    raw = conn.raw
    raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        raw.execute("SET TRANSACTION READ WRITE")
        result = fn()
        raw.execute(f"DROP TABLE IF EXISTS pg_temp.{PLACE_TABLE}, pg_temp.{TYPE_TABLE}")
        raw.execute("COMMIT")
        return result
    except BaseException:
        if not raw.closed and not raw.broken:
            raw.execute("ROLLBACK")
        raise


# --- filters -----------------------------------------------------------------------------


class FilterError(ValueError):
    """A filter value that names nothing in the database (the message says which)."""


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """What ``export``, ``incidents`` and ``search`` can be narrowed by.

    ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD; a row is kept when its date interval
    overlaps them; an undated row is placed at its report date (an event at its document's
    publication, an incident at its first report). ``types``: marsad types or subtypes, or
    ACLED event/sub-event types. ``places``: place ids or names (Arabic or English), which
    include every place inside them, or a governorate (admin1 name or ISO 3166-2 code).
    ``outlets``: outlet ids or names. ``min_sources``/``min_reports``: of the incident.
    ``min_confidence``: events without a confidence are left out (unknown is not high).
    """

    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    min_sources: int | None = None
    min_reports: int | None = None
    min_confidence: float | None = None

    def event_level(self) -> bool:
        """True when a filter looks at events (not only at a document's date and outlet)."""
        return bool(self.types or self.places or self.modalities or self.min_sources
                    or self.min_reports or self.min_confidence is not None)


def _bound(value: str | None, end: bool) -> str | None:
    from marsad.corpus.dates import interval

    if not value:
        return None
    span = interval(value)
    if span is None:
        raise FilterError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return span[1] if end else span[0]


def _fold(text: str) -> str:
    from marsad.text.normalize import fold

    return fold(text.strip().removeprefix("محافظة ").strip()).casefold()


def _resolve_places(conn: Any, names: Iterable[str],
                    schema: str) -> tuple[set[str], set[str]]:
    """Place filter values -> (entity ids, including every place inside them; admin1 codes)."""
    from marsad.geo.places import ancestors_of

    entities = conn.execute(
        "SELECT id, name, name_en, parent FROM entities WHERE type IN ('place', 'facility', 'state')"
    ).fetchall()
    divisions = conn.execute(
        f"SELECT DISTINCT admin1_code, admin1, admin1_ar FROM {schema}{PLACE_TABLE} "
        "WHERE admin1_code IS NOT NULL").fetchall()
    ids: set[str] = set()
    codes: set[str] = set()
    for value in names:
        key = _fold(value)
        found = {e[0] for e in entities if key in (_fold(e[0]), _fold(e[1] or ""), _fold(e[2] or ""))}
        found_codes = {d[0] for d in divisions if key in {_fold(x or "") for x in d}}
        if not found and not found_codes:
            raise FilterError(f"--place {value!r}: no stored place or governorate has this "
                              "id or name")
        ids |= found
        codes |= found_codes
    inside = {e[0] for e in entities if ids & set(ancestors_of(e[0], e[3]))}
    return ids | inside, codes


def filter_clauses(conn: Any, f: ExportFilters, kind: str,
                   schema: str) -> tuple[list[str], list[Any]]:
    """WHERE clauses (and their arguments) over the columns of the events or incidents rows."""
    where: list[str] = []
    args: list[Any] = []
    report_date = "published" if kind == "events" else "first_reported"
    if (since := _bound(f.since, end=False)) is not None:
        where.append(f"coalesce(date_latest, {report_date}) >= ?")
        args.append(since)
    if (until := _bound(f.until, end=True)) is not None:
        where.append(f"coalesce(date_earliest, {report_date}) <= ?")
        args.append(until)
    if f.types:
        wanted = [t.strip().casefold() for t in f.types]
        marks = ",".join("?" * len(wanted))
        where.append(" OR ".join(f"lower({c}) IN ({marks})" for c in (
            "marsad_type", "marsad_subtype", "event_type", "sub_event_type")))
        args += wanted * 4
    if f.places:
        ids, codes = _resolve_places(conn, f.places, schema)
        where.append(f"location_id IN ({','.join('?' * len(ids)) or 'NULL'}) "
                     f"OR admin1_code IN ({','.join('?' * len(codes)) or 'NULL'})")
        args += sorted(ids) + sorted(codes)
    if f.outlets:
        marks = ",".join("?" * len(f.outlets))
        docs = (f"SELECT id FROM documents WHERE outlet_id IN ({marks}) "
                f"OR outlet_name IN ({marks}) OR outlet_name_en IN ({marks})")
        known = conn.execute(f"SELECT count(*) FROM ({docs}) AS x",
                             list(f.outlets) * 3).fetchone()[0]
        if not known:
            raise FilterError(f"--outlet {', '.join(f.outlets)}: no stored document is from "
                              "this outlet (ids and names: marsad export --help)")
        if kind == "events":
            where.append(f"doc IN ({docs})")
        else:
            where.append(f"event_id IN (SELECT incident FROM incident_events WHERE doc IN ({docs}))")
        args += list(f.outlets) * 3
    if f.modalities:
        marks = ",".join("?" * len(f.modalities))
        if kind == "events":
            where.append(f"modality IN ({marks})")
        else:
            where.append(f"""event_id IN (SELECT y.incident FROM incident_events y JOIN events m
                ON m.doc = y.doc AND m.event_id = y.event_id WHERE m.modality IN ({marks}))""")
        args += list(f.modalities)
    if f.min_sources is not None:
        where.append("independent_sources >= ?")
        args.append(f.min_sources)
    if f.min_reports is not None:
        where.append(f"{'incident_reports' if kind == 'events' else 'reports'} >= ?")
        args.append(f.min_reports)
    if f.min_confidence is not None:
        where.append("confidence >= ?")
        args.append(f.min_confidence)
    return where, args


def export_rows(conn: Any, kind: str, filters: ExportFilters | None = None,
                names: str = "ar") -> Iterator[dict[str, Any]]:
    """The filtered ACLED-compatible rows of ``kind`` (``events`` or ``incidents``)."""
    dl = dialect_of(conn)

    def query() -> Iterable[dict[str, Any]]:
        events, incidents = query_sources(conn, names)
        where, args = filter_clauses(conn, filters or ExportFilters(), kind, dl.temp)
        found = rows(conn, events if kind == "events" else incidents, where, args)
        return list(found) if dl.pg else found  # PostgreSQL: read before the tables go

    return iter(_with_temp_tables(conn, query))


def documents_matching(conn: Any, f: ExportFilters) -> set[str] | None:
    """Ids of the documents a search may return under ``f`` (None: no filter applies).

    A document's own date is its publication (``since``/``until``) and its outlet; the
    other filters keep documents reporting at least one event that passes them all.
    """
    if not (f.event_level() or f.outlets or f.since or f.until):
        return None
    dl = dialect_of(conn)

    def query() -> set[str]:
        where: list[str] = []
        args: list[Any] = []
        if (since := _bound(f.since, end=False)) is not None:
            where.append("d.published >= ?")
            args.append(since)
        if (until := _bound(f.until, end=True)) is not None:
            where.append("d.published <= ?")
            args.append(until)
        if f.outlets:
            marks = ",".join("?" * len(f.outlets))
            where.append(f"(d.outlet_id IN ({marks}) OR d.outlet_name IN ({marks}) "
                         f"OR d.outlet_name_en IN ({marks}))")
            args += list(f.outlets) * 3
        if f.event_level():
            events, _ = query_sources(conn)
            only_events = ExportFilters(types=f.types, places=f.places, modalities=f.modalities,
                                        min_sources=f.min_sources, min_reports=f.min_reports,
                                        min_confidence=f.min_confidence)
            ev_where, ev_args = filter_clauses(conn, only_events, "events", dl.temp)
            cond = " AND ".join(f"({w})" for w in ev_where)
            where.append(f"d.id IN (SELECT doc FROM ({events}) AS x WHERE {cond})")
            args += ev_args
        sql = "SELECT d.id FROM documents d WHERE " + " AND ".join(where)
        return {r[0] for r in conn.execute(sql, args)}

    return _with_temp_tables(conn, query)
