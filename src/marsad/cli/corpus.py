"""Corpus commands: ``ingest``, ``search``, ``reuse``, ``incidents`` (``export``: cli/export.py)."""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from marsad.cli import main
from marsad.cli.fetch_options import fetch_options
from marsad.cli.filters import filter_options, filters_from, new_since_option
from marsad.cli.terminal import printable
from marsad.store import Store, StoreError, default_db_path
from marsad.store.export_views import ExportFilters

DB_OPTION = click.option("--db", "db", default=None, metavar="PATH|URL",
                         help="Database: a SQLite file, or a postgresql://user@host/dbname URL "
                              "for a shared PostgreSQL database (default: $MARSAD_DB or "
                              "./marsad.db).")


def _open(db: str | None, readonly: bool = False) -> Store:
    path = default_db_path(db)
    try:
        return Store(path, readonly=readonly)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _echo_json(items: Iterable[dict[str, Any]], fmt: str) -> bool:
    """Print ``items`` as one JSON array (``json``) or one object a line (``jsonl``), each
    as it comes (flat memory; the same text as dumping the whole list); False for any other
    format, which the caller prints itself."""
    out = sys.stdout  # CliRunner swaps it in tests; click.get_text_stream is deprecated
    if fmt == "json":
        first = True
        for item in items:
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.write(("[\n  " if first else ",\n  ") + text)
            first = False
        out.write("[]\n" if first else "\n]\n")
    elif fmt == "jsonl":
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        return False
    return True




def _is_dataset(path: str) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "documents").is_dir() and (p / "_runs").is_dir()


def _ingest_datasets(roots: list[str], db: str | None, batch: int) -> None:
    """Load batch datasets (``marsad batch``) into the store, corpus tables included."""
    try:
        from marsad.batch.load import corpus_rows, prepared_documents
    except ImportError as exc:
        raise click.ClickException(f"loading a batch dataset needs pyarrow ({exc.name} is missing): "
                                   "pip install 'marsad[batch]'") from None
    from marsad.corpus.build import rebuild, replace
    from marsad.progress import Progress

    store = _open(db)
    added = skipped = 0
    reuse: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    for root in roots:
        with Progress(f"ingest {root}") as progress:

            def counted(it: Iterator[Any], progress: Any = progress) -> Iterator[Any]:
                for p in it:
                    progress.advance()
                    yield p

            result = store.add_documents(counted(prepared_documents(Path(root), progress)),
                                         batch_size=batch)
        added += result.added
        skipped += result.skipped
        r, i = corpus_rows(Path(root))
        reuse.extend(r)
        incidents.extend(i)
    if len(roots) == 1:
        replace(store, reuse, incidents)
        corpus = f"; reuse: {len(reuse)} pairs, incidents: {len(incidents)} (from the dataset)"
    else:  # several datasets: their corpus tables do not know each other's documents
        from marsad.parallel import available_cores

        t = rebuild(store, full=True, jobs=available_cores())
        corpus = f"; reuse: {t['reuse_pairs_found']} pairs, incidents: {t['incidents']} (recomputed)"
    click.echo(f"marsad: {added} new documents, {skipped} already stored{corpus}", err=True)
    store.close()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--jobs", "-j", type=int, default=None,
              help="Worker processes (default: all cores).")
@click.option("--batch", type=int, default=100, show_default=True,
              help="Documents per transaction.")
@click.option("--no-corpus", is_flag=True, help="Skip recomputing reuse and incidents.")
@fetch_options
def ingest(paths: tuple[str, ...], db: str | None, jobs: int | None, batch: int,
           no_corpus: bool, cache_dir: str, rate: float, timeout: float, retries: int) -> None:
    """Analyse articles and store them (and their analysis) in the database.

    Re-ingesting the same text adds nothing (the same content under another file name is
    not analysed again); a bad file is reported and skipped; an interrupted ingest leaves a
    consistent database and running it again completes it. A directory written by
    `marsad batch` is loaded as it is: its documents, reuse pairs and incidents.

    An http(s) URL is fetched (robots.txt obeyed, one request per --rate seconds to a
    host, cached) and its article extracted; the URL of an RSS/Atom feed or a sitemap
    ingests the pages it lists that are not stored yet. To follow feeds: `marsad watch`.
    """
    datasets = [p for p in paths if _is_dataset(p)]
    if datasets:
        if len(datasets) != len(paths):
            raise click.UsageError("give either batch datasets or articles, not both")
        _ingest_datasets(datasets, db, batch)
        return
    from marsad.cli.ingest_run import ingest_items, url_items
    from marsad.io.readers import read_inputs

    urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    files = [p for p in paths if p not in urls]
    store = _open(db)
    fetcher = None
    items: Iterator[Any] = iter(read_inputs(files, parse_html=False)) if files else iter(())
    if urls:
        from marsad.feeds.fetch import Fetcher

        fetcher = Fetcher(cache_dir, min_interval=rate, timeout=timeout, retries=retries)
        items = itertools.chain(items, url_items(urls, fetcher, store))
    try:
        summary = ingest_items(store, items, jobs=jobs or os.cpu_count() or 1, batch=batch,
                               corpus=not no_corpus)
    finally:
        if fetcher is not None:
            fetcher.close()
        store.close()
    click.echo(summary.message(), err=True)
    sys.exit(1 if summary.failed else 0)


def _search_filtered(store: Store, query: str, offset: int, limit: int,
                     filters: ExportFilters) -> dict[str, Any]:
    """``store.search`` narrowed to the documents ``filters`` allow."""
    from marsad.store.export_views import documents_matching

    allowed = documents_matching(store.conn, filters)
    if allowed is None:
        return store.search(query, offset=offset, limit=limit)
    res = store.search(query, offset=0, limit=max(1, store.stats()["documents"]))
    items = [i for i in res["items"] if i["id"] in allowed]
    return {"total": len(items), "items": items[offset: offset + limit]}


@main.command(epilog=(
    "\b\nExamples:\n"
    "  marsad search 'سجن الصناعة'\n"
    "  marsad search '\"سجن الصناعة\" فرار' --since 2022-01 --type escape --format json\n\n"
    "With --format json each result has the snippet as plain text with the offsets of the "
    "matched words in it (snippet_matches), and the offsets of every matched word in the "
    "document's text (matches: text[start:end])."))
@click.argument("query")
@DB_OPTION
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0, 1_000_000_000), default=0)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@filter_options(confidence=True)
def search(query: str, db: str | None, limit: int, offset: int, fmt: str, **kwargs: Any) -> None:
    """Full-text search (spelling- and clitic-insensitive), best matches first.

    Every word must appear (in any of its forms); words in quotes form a phrase that must
    appear in that order: '"سجن الصناعة" الحسكة'. There are no operators (AND, OR, *).
    --since/--until look at the publication date; --type, --place, --modality,
    --min-sources, --min-reports and --min-confidence keep documents reporting an event
    that passes them all.
    """
    from marsad.store.export_views import FilterError
    from marsad.store.fts import match_spans, query_problem, unmark

    filters = filters_from(kwargs)
    if problem := query_problem(query):
        raise click.ClickException(f"search {query!r}: {problem}")
    store = _open(db, readonly=True)
    try:
        res = _search_filtered(store, query, offset, limit, filters)
    except (StoreError, FilterError) as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        for item in res["items"]:
            item["snippet"], item["snippet_matches"] = unmark(item["snippet"])
            doc = store.get_document(item["id"]) or {}
            item["matches"] = match_spans(doc.get("text") or "", query)
        click.echo(json.dumps({"query": query, "total": res["total"], "offset": offset,
                               "items": res["items"]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{res['total']} documents")
    tty = sys.stdout.isatty()
    for item in res["items"]:
        outlet = printable((item["outlet"] or {}).get("name") or "-", newlines=False)
        click.echo(f"\n{item['id']}  {item['published'] or '----------'}  {outlet}  "
                   f"score {item['score']}")
        if item["title"]:
            click.echo(f"  {printable(item['title'], newlines=False)}")
        # the text's own control characters are escaped; the match markers (\x02...\x03)
        # become bold on a terminal, brackets elsewhere
        marks = {"\x02": "\x1b[1m" if tty else "[", "\x03": "\x1b[0m" if tty else "]"}
        snip = "".join(marks.get(part) or printable(part, newlines=False)
                       for part in re.split("([\x02\x03])", item["snippet"]))
        click.echo(f"  {snip}")


def _brief(store: Store, doc_id: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A document's outlet, title and date (for the reuse table)."""
    if doc_id not in cache:
        doc = store.get_document(doc_id) or {}
        cache[doc_id] = {"outlet": (doc.get("outlet") or {}).get("name") or "-",
                         "title": doc.get("title") or " ".join((doc.get("text") or "").split()[:8]),
                         "published": doc.get("published") or "----------"}
    return cache[doc_id]


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json",
              show_default=True)
def reuse(db: str | None, fmt: str) -> None:
    """Text reuse between stored documents: who copied whom, and why we think so.

    The table shows each pair as the source (the document copied from, when the direction
    is known) and the copy, each with its outlet, date and title.
    """
    store = _open(db, readonly=True)
    if _echo_json(store.all_reuse(), fmt):
        return
    cache: dict[str, dict[str, Any]] = {}
    click.echo(f"{'share':>5}  {'direction':9}  document (outlet · date · title)")
    for p in store.all_reuse():
        first, second, arrow = (p["b"], p["a"], "copies") if p["direction"] == "b->a" else \
            (p["a"], p["b"], "copies" if p["direction"] == "a->b" else "shares")
        rows = []
        for role, doc_id in (("", first), (arrow, second)):
            b = _brief(store, doc_id, cache)
            rows.append(f"{role:9}  {doc_id}  {_cut(b['outlet'], 24)} · {b['published']} · "
                        f"{_cut(b['title'], 60)}")
        click.echo(printable(f"{p['share']:5.2f}  {rows[0]}", newlines=False))
        click.echo(printable(f"{'':5}  {rows[1]}", newlines=False))
        click.echo(printable(f"{'':5}  why: {p['why']}", newlines=False))


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json",
              show_default=True)
@filter_options(confidence=True)
@new_since_option
def incidents(db: str | None, fmt: str, new_since: str | None, **kwargs: Any) -> None:
    """Events merged across documents: one incident per real-world happening.

    Filters: see `marsad export --help`; an undated incident counts at its first report.
    --new-since 1h: only incidents a report ingested in the last hour created or grew.
    """
    from marsad.store.export_views import FilterError

    filters = filters_from(kwargs)
    store = _open(db, readonly=True)
    try:
        wanted = {r["event_id"] for r in store.export_rows("incidents", filters)}
        if new_since:
            wanted &= store.incidents_new_since(new_since)
    except FilterError as exc:
        raise click.ClickException(str(exc)) from None
    if not _echo_json((i for i in store.all_incidents() if i["id"] in wanted), fmt):
        items = [i for i in store.all_incidents() if i["id"] in wanted]
        click.echo(f"{'id':16}  {'type':18}  {'date':10}  {'place':24}  rep  ind  modalities / counts")
        # For reading: dated incidents in time order, then the undated, most reported first.
        items.sort(key=lambda i: (i.get("date_earliest") is None, i.get("date_earliest") or "",
                                  -len(i["events"]), i["id"]))
        for i in items:
            mods = ",".join(f"{k}:{v}" for k, v in i["modalities"].items())
            counts = " ".join(
                f"{c['min'] if c['min'] is not None else '?'}"
                + (f"-{c['max']}" if c["max"] not in (None, c["min"]) else "")
                for c in i["counts"])
            place = printable(i.get("place_name") or i.get("place") or "-", newlines=False)[:24]
            click.echo(f"{i['id']:16}  {i['type']:18}  {i['date'] or '-':10}  {place:24}  "
                       f"{len(i['events']):3}  {i['independent_sources']:3}  {mods}"
                       + (f" / {counts}" if counts else ""))
