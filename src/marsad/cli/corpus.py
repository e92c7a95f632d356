"""Corpus commands: ``ingest``, ``search``, ``reuse``, ``incidents``, ``export``."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from marsad.cli import main
from marsad.store import PreparedDocument, Store, StoreError, default_db_path

DB_OPTION = click.option("--db", "db", default=None, metavar="PATH",
                         help="Database file (default: $MARSAD_DB or ./marsad.db).")


def _open(db: str | None, readonly: bool = False) -> Store:
    path = default_db_path(db)
    try:
        return Store(path, readonly=readonly)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _echo_json(items: list[dict[str, Any]], fmt: str) -> bool:
    """Print ``items`` as one JSON array (``json``) or one object a line (``jsonl``); False
    for any other format, which the caller prints itself."""
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
    else:
        return False
    return True


def _raw_hash(doc: Any) -> str:
    h = hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(doc.meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def _analyse(item: tuple[Any, str]) -> PreparedDocument | tuple[str, str]:
    """Worker: analyse one Document and prepare its rows (or say why it failed)."""
    from marsad.pipeline import analyze
    from marsad.store import prepare

    doc, raw_hash = item
    try:
        analysed = analyze(doc)
        if not analysed.text.strip():
            return (doc.source, "no text found")
        return prepare(analysed.to_dict(), source=doc.source, raw_hash=raw_hash)
    except Exception as exc:  # one bad document never stops the batch
        return (doc.source, f"analysis failed: {type(exc).__name__}: {exc}")


def _init_worker() -> None:
    # the parent handles Ctrl-C; workers just stop
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--jobs", "-j", type=int, default=None,
              help="Worker processes (default: all cores).")
@click.option("--batch", type=int, default=100, show_default=True,
              help="Documents per transaction.")
@click.option("--no-corpus", is_flag=True, help="Skip recomputing reuse and incidents.")
def ingest(paths: tuple[str, ...], db: str | None, jobs: int | None, batch: int,
           no_corpus: bool) -> None:
    """Analyse articles and store them (and their analysis) in the database.

    Re-ingesting the same text adds nothing; a bad file is reported and skipped; an
    interrupted ingest leaves a consistent database and running it again completes it.
    """
    from marsad.io.readers import InputError, read_inputs

    store = _open(db)
    failed = 0
    already = 0
    jobs = jobs or os.cpu_count() or 1

    def inputs() -> Iterator[tuple[Any, str]]:
        nonlocal failed, already
        for item in read_inputs(paths):
            if isinstance(item, InputError):
                click.echo(f"marsad: {item}", err=True)
                failed += 1
                continue
            raw_hash = _raw_hash(item)
            if store.known_inputs([(item.source, raw_hash)]):
                already += 1  # same file, same content: nothing to analyse
                continue
            yield item, raw_hash

    def prepared(results: Iterator[PreparedDocument | tuple[str, str]]) -> Iterator[PreparedDocument]:
        nonlocal failed
        for r in results:
            if isinstance(r, tuple):
                click.echo(f"marsad: {r[0]}: {r[1]}", err=True)
                failed += 1
                continue
            yield r

    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit="doc", file=sys.stderr, desc="ingest")

    def counted(it: Iterator[PreparedDocument]) -> Iterator[PreparedDocument]:
        for p in it:
            if progress is not None:
                progress.update(1)
            yield p

    pool = None
    try:
        if jobs > 1:
            pool = mp.get_context("fork" if sys.platform != "win32" else "spawn").Pool(
                jobs, initializer=_init_worker)
            results: Iterator[Any] = pool.imap(_analyse, inputs(), chunksize=4)
        else:
            results = map(_analyse, inputs())
        result = store.add_documents(counted(prepared(results)), batch_size=batch)
        if pool is not None:
            pool.close()
            pool.join()
    except KeyboardInterrupt:
        if pool is not None:
            pool.terminate()
        click.echo("marsad: interrupted; stored batches are kept, run the same command to finish",
                   err=True)
        sys.exit(130)
    finally:
        if progress is not None:
            progress.close()
    msg = (f"marsad: {result.added} new documents, {result.skipped + already} already stored"
           + (f", {failed} failed" if failed else ""))
    if not no_corpus:
        t = store.rebuild_corpus()
        msg += (f"; reuse: {t['reuse_pairs_found']} new pairs ({t['reuse_seconds']} s), "
                f"incidents: {t['incidents']} ({t['incidents_seconds']} s)")
    click.echo(msg, err=True)
    store.close()
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def search(query: str, db: str | None, limit: int, offset: int, fmt: str) -> None:
    """Full-text search (spelling- and clitic-insensitive), best matches first.

    Words in quotes form a phrase that must appear in that order: '"سجن الصناعة" الحسكة'.
    """
    store = _open(db, readonly=True)
    try:
        res = store.search(query, offset=offset, limit=limit)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(res, ensure_ascii=False, indent=2))
        return
    click.echo(f"{res['total']} documents")
    tty = sys.stdout.isatty()
    for item in res["items"]:
        outlet = (item["outlet"] or {}).get("name") or "-"
        click.echo(f"\n{item['id']}  {item['published'] or '----------'}  {outlet}  "
                   f"score {item['score']}")
        if item["title"]:
            click.echo(f"  {item['title']}")
        snip = item["snippet"]
        snip = snip.replace("\x02", "\x1b[1m" if tty else "[").replace("\x03", "\x1b[0m" if tty else "]")
        click.echo(f"  {snip}")


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json",
              show_default=True)
def reuse(db: str | None, fmt: str) -> None:
    """Text reuse between stored documents: who copied whom, and why we think so."""
    store = _open(db, readonly=True)
    pairs = list(store.all_reuse())
    if not _echo_json(pairs, fmt):
        click.echo(f"{'a':16}  {'b':16}  {'share':>5}  {'dir':4}  why")
        for p in pairs:
            click.echo(f"{p['a']:16}  {p['b']:16}  {p['share']:5.2f}  {p['direction'] or '-':4}  "
                       f"{p['why']}")


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json",
              show_default=True)
@click.option("--min-reports", type=int, default=1, show_default=True,
              help="Only incidents reported by at least this many events.")
def incidents(db: str | None, fmt: str, min_reports: int) -> None:
    """Events merged across documents: one incident per real-world happening."""
    store = _open(db, readonly=True)
    items = [i for i in store.all_incidents() if len(i["events"]) >= min_reports]
    if not _echo_json(items, fmt):
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
            place = (i.get("place_name") or i.get("place") or "-")[:24]
            click.echo(f"{i['id']:16}  {i['type']:18}  {i['date'] or '-':10}  {place:24}  "
                       f"{len(i['events']):3}  {i['independent_sources']:3}  {mods}"
                       + (f" / {counts}" if counts else ""))


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "geojson"]), default="csv",
              show_default=True)
@click.option("--what", type=click.Choice(["events", "incidents"]), default=None,
              help="Rows to export (default: events for csv/jsonl, incidents for geojson).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def export(db: str | None, fmt: str, what: str | None, output: str | None) -> None:
    """Export events (ACLED-like rows) or incidents (GeoJSON points, JSON Lines)."""
    from marsad.corpus.export import event_rows, incidents_geojson, write_csv, write_jsonl

    store = _open(db, readonly=True)
    what = what or ("incidents" if fmt == "geojson" else "events")
    with contextlib.ExitStack() as stack:
        out = (stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
               if output else sys.stdout)
        if what == "events":
            rows = event_rows(store.conn)
            if fmt == "csv":
                n = write_csv(rows, out)
            elif fmt == "jsonl":
                n = write_jsonl(rows, out)
            else:
                raise click.UsageError("events export as GeoJSON: use --what incidents")
        else:
            if fmt == "geojson":
                fc, missing = incidents_geojson(store.all_incidents())
                out.write(json.dumps(fc, ensure_ascii=False) + "\n")
                n = len(fc["features"])
                if missing:
                    click.echo(f"marsad: {missing} incidents without coordinates left out", err=True)
            elif fmt == "jsonl":
                n = write_jsonl(store.all_incidents(), out)
            else:
                raise click.UsageError("incidents export: use --format geojson or jsonl")
    if output:
        click.echo(f"marsad: {n} {what} written to {output}", err=True)
