"""``marsad watch FEEDS_FILE``: follow feeds, ingest what is new, again every --every."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from marsad.cli import main
from marsad.cli.corpus import DB_OPTION, _open
from marsad.cli.fetch_options import fetch_options
from marsad.cli.terminal import printable
from marsad.corpus.dates import parse_period


def _period(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_period(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command(epilog=(
    "\b\nA feeds file has one feed a line: its URL, then optionally the outlet's name:\n"
    "  https://example.org/rss.xml   Example News\n"
    "  https://example.net/sitemap-news.xml\n"
    "Lines starting with # are comments.\n\n"
    "\b\nExamples:\n"
    "  marsad watch feeds.txt                 # every 15 minutes until Ctrl-C\n"
    "  marsad watch feeds.txt --once          # one cycle (for cron)\n"
    "  marsad incidents --new-since 1h        # what the last hour changed"))
@click.argument("feeds_file", type=click.Path(dir_okay=False))
@DB_OPTION
@click.option("--every", "every", default="15m", show_default=True, callback=_period,
              metavar="PERIOD", help="Time between the starts of two cycles: 90s, 15m, 2h, 1d.")
@click.option("--once", is_flag=True, help="Run one cycle and exit.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@fetch_options
def watch(feeds_file: str, db: str | None, every: float, once: bool, jobs: int | None,
          cache_dir: str, rate: float, timeout: float, retries: int) -> None:
    """Follow RSS/Atom feeds and sitemaps: ingest the new articles they list, update reuse
    and incidents, and do it again every --every.

    Each cycle reads the feeds file again (edit it while watching), asks each feed whether
    it changed since the last cycle (a conditional request: an unchanged feed costs one
    request), fetches the pages of links the store does not hold (robots.txt obeyed, one
    request per --rate seconds to a host, timeouts and retries), extracts and analyses
    them, and updates the corpus tables for the new documents only. A feed or page that
    fails is reported in one line naming its URL; the cycle goes on. A page that failed is
    tried again an hour later, then after 2, 4... hours (at most a week). Ctrl-C stops.
    """
    from marsad.cli.ingest_run import ingest_items, warm_up
    from marsad.corpus.incident_inputs import IncidentMemory
    from marsad.feeds.fetch import Fetcher
    from marsad.feeds.follow import CycleStats, FailedLinks, cycle, read_feeds_file
    from marsad.store import StoreError

    jobs = jobs or os.cpu_count() or 1
    store = _open(db)
    # A watcher that keeps running gets ready once: the lexicons compiled and the HTML stack
    # loaded (every cycle's workers are forked from it), the store's events and their blocks
    # read and kept up to date by each cycle's rebuild, which then reads only the documents
    # it added. (--once does only what its cycle needs.)
    memory = IncidentMemory()
    if not once:
        started = time.monotonic()
        warm_up(pages=True)
        try:
            events = store.corpus_transaction(memory.prime)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"marsad: ready: lexicons compiled, the store read ({events} events), "
                   f"{time.monotonic() - started:.1f} s", err=True)
    try:
        while True:
            started = time.monotonic()
            feeds, errors = read_feeds_file(feeds_file)
            for err in errors:
                click.echo(printable(f"marsad: {err}"), err=True)
            if not feeds and once:
                raise click.ClickException(f"{feeds_file}: no feeds to follow")
            stats = CycleStats()
            failed = FailedLinks(Path(cache_dir) / "failed-links.json")
            try:
                with Fetcher(cache_dir, min_interval=rate, timeout=timeout,
                             retries=retries) as fetcher:
                    pages = cycle(feeds, fetcher, store.known_sources, stats, failed)
                    try:
                        summary = ingest_items(store, pages, jobs=jobs, on_failure=failed.failed,
                                               memory=memory)
                    finally:
                        failed.save()
                    requests = fetcher.requests
            except click.ClickException as exc:  # the database went away, the disk is full...
                if once:
                    raise
                # a long watch outlives a passing failure: the next cycle tries again (what
                # this one stored is kept; what it did not, the next one fetches)
                click.echo(printable(f"marsad: cycle failed: {exc.format_message()}; "
                                     f"trying again in {every:g} s"), err=True)
                time.sleep(every)
                continue
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            click.echo(
                f"marsad: {stamp} cycle: {stats.feeds} feeds ({stats.unchanged} unchanged, "
                f"{stats.failed_feeds} failed), {stats.links} links ({stats.known} already "
                f"stored, {stats.waiting} failed before and retried later), {stats.pages} pages "
                f"fetched, {requests} requests, "
                f"{time.monotonic() - started:.1f} s", err=True)
            click.echo(summary.message(), err=True)
            if once:
                break
            wait = every - (time.monotonic() - started)
            if wait > 0:
                time.sleep(wait)
    except KeyboardInterrupt:
        click.echo("marsad: watch stopped", err=True)
    finally:
        store.close()
    sys.exit(0)
