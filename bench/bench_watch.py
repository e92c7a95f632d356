#!/usr/bin/env python3
"""Watch cycles on a big store: ``marsad watch`` adding new pages to N documents.

    python bench/bench_watch.py                       # 100 new pages onto 100,000 documents
    python bench/bench_watch.py --docs 20000 --new 100 --work /tmp/w   # keep the built store
    python bench/bench_watch.py --docs 20000 --check  # also: incremental == full rebuild

The store: the real articles of ``../shared/corpus`` analysed once (never copied into the
repository), then derived into ``--docs`` documents: document i takes article i mod k's
annotations (events, places, counts, claims) with every date moved by the same random
number of days (-540..+540; months and years by whole months/years) so the store spans
three years, and its words replaced by other corpus words of the same length (the
annotations' offsets stay in range; copies of one article do not all reuse each other).
The new pages: ``--new`` real articles served as HTML pages by a local HTTP server (with an
RSS feed listing them), each with a sentence of its own; the cycle fetches, extracts,
analyses (``--jobs``), stores them and updates reuse and incidents.

One watcher (``marsad watch --every 1h``, its sleep between cycles replaced by publishing
the next pages) gets ready as it starts (reported apart: lexicons compiled, the HTML stack
loaded, the store's events and their blocks read), then runs three cycles, each reading only
the documents it adds: the first of a new watcher adds ``--new`` pages, the second adds
``--new`` more (every later cycle of a running watcher), the third finds nothing new (one
conditional request). Reported: each cycle's wall time and its parts
(fetch+analysis+store, reuse, incidents, events re-clustered of all), its CPU time (the
watching process, the analysis and clustering workers: on a shared machine the steadier
figure), and with ``--check`` a full rebuild of a copy of the store (the baseline) and whether the
incremental reuse pairs and incidents equal the full rebuild's. Timings are wall clock on a
machine that may be shared: compare the figures of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' local HTTP server

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def load_articles(shared: Path) -> list[Any]:
    from marsad.io.readers import InputError, read_inputs

    folder = shared / "corpus"
    docs = [d for d in read_inputs([str(folder)]) if not isinstance(d, InputError)]
    if not docs:
        sys.exit(f"no articles under {folder}")
    return docs


def shift_value(value: str | None, days: int) -> str | None:
    """A date value moved by ``days`` at its own precision (others unchanged)."""
    if not value:
        return value
    if m := _DAY.match(value):
        d = dt.date(int(m[1]), int(m[2]), int(m[3])) + dt.timedelta(days=days)
        return d.isoformat()
    if m := _MONTH.match(value):
        months = int(m[1]) * 12 + int(m[2]) - 1 + round(days / 30.4)
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if m := _YEAR.match(value):
        return f"{int(m[1]) + round(days / 365):04d}"
    return value


def derive(base: list[dict[str, Any]], i: int, by_len: dict[int, list[str]]) -> dict[str, Any]:
    from marsad.document import text_id

    rng = random.Random(i)
    src = base[i % len(base)]
    days = rng.randrange(-540, 541)
    text = re.sub(r"\w+", lambda m: rng.choice(by_len.get(len(m[0])) or [m[0]]), src["text"])
    d = json.loads(json.dumps(src))
    d.update(id=text_id(text), text=text, source=f"bench:{i}",
             published=shift_value(src.get("published"), days))
    for ev in d.get("events") or []:
        if ev.get("date") and ev["date"].get("value"):
            ev["date"] = {"value": shift_value(ev["date"]["value"], days), "start": None, "end": None}
    d["times"] = []
    return d


def _prepare(args: tuple[list[dict[str, Any]], int, int, dict[int, list[str]]]) -> list[Any]:
    from marsad.store import prepare

    base, start, stop, by_len = args
    return [prepare(derive(base, i, by_len)) for i in range(start, stop)]


def build_store(path: Path, n: int, analysed: list[dict[str, Any]], jobs: int) -> dict[str, float]:
    import multiprocessing as mp

    from marsad.corpus.build import rebuild
    from marsad.store import Store

    by_len: dict[int, list[str]] = defaultdict(list)
    for w in sorted({w for d in analysed for w in re.findall(r"\w+", d["text"])}):
        by_len[len(w)].append(w)
    store = Store(str(path))
    t0 = time.perf_counter()
    chunks = [(analysed, s, min(s + 1000, n), dict(by_len)) for s in range(0, n, 1000)]
    with mp.get_context("fork").Pool(jobs) as pool:
        for k, prepared in enumerate(pool.imap(_prepare, chunks)):
            store.add_documents(prepared, batch_size=500)
            if k % 10 == 9:
                print(f"  stored {(k + 1) * 1000} documents, {time.perf_counter() - t0:.0f} s",
                      flush=True)
    t1 = time.perf_counter()
    first = rebuild(store, jobs=jobs)
    t2 = time.perf_counter()
    events = store.stats()["events"]
    store.close()
    return {"store_seconds": t1 - t0, "first_rebuild_seconds": t2 - t1, "events": events,
            "first_incidents_seconds": first["incidents_seconds"]}


def page_html(doc: Any, k: int) -> bytes:
    title = doc.meta.get("title") or f"article {k}"
    published = doc.meta.get("published") or ""
    paras = "".join(f"<p>{p}</p>" for p in doc.raw.split("\n") if p.strip())
    own = f"<p>وأضاف المراسل في تقريره رقم {k} أن المتابعة مستمرة حتى صدور بيان رسمي.</p>"
    return (f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{published}">'
            f'<meta property="og:site_name" content="bench outlet {k % 7}"></head><body>'
            f"<article><h1>{title}</h1>{paras}{own}</article></body></html>").encode()


def copy_store(src: str | Path, dst: str) -> None:
    """A copy of the store ``src`` at ``dst``, written back to disk before anything is timed
    (the write-back of gigabytes would land inside the timed cycle). A previous run's
    write-ahead log at ``dst`` is not the copy's: removed first."""
    for stale in (dst, dst + "-wal", dst + "-shm"):
        Path(stale).unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    os.sync()


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished child processes."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def run_watcher(feeds: Path, db: str, cache: Path, jobs: int,
                between: list[Callable[[], None]]
                ) -> tuple[tuple[float, float], list[tuple[float, float, float]], str]:
    """``marsad watch --every 1h`` as a user runs it, in this process, for ``len(between) + 1``
    cycles: instead of sleeping until the next cycle it calls the next function of
    ``between`` (which publishes new pages), then Ctrl-C after the last cycle. Returns the
    watcher's start-up (wall and CPU seconds from the command's start to the end of its
    reading of the store), each cycle's wall seconds, CPU seconds in this process (fetching,
    storing, reuse, incidents) and in its finished worker processes (analysis, clustering),
    and the watcher's output."""
    from click.testing import CliRunner

    import marsad.cli.watch as watch_module
    from marsad.cli import main
    from marsad.corpus.incident_inputs import IncidentMemory

    cycles: list[tuple[float, float, float]] = []
    clock = [time.perf_counter(), *cpu_seconds()]
    startup: list[float] = []

    def restart_clock() -> tuple[float, float, float]:
        now, cpu, kids = time.perf_counter(), *cpu_seconds()
        elapsed = (now - clock[0], cpu - clock[1], kids - clock[2])
        clock[:] = [now, cpu, kids]
        return elapsed

    def next_cycle(seconds: float) -> None:
        cycles.append(restart_clock())
        if len(cycles) > len(between):
            raise KeyboardInterrupt
        between[len(cycles) - 1]()
        restart_clock()

    real_prime, real_sleep = IncidentMemory.prime, watch_module.time.sleep

    def timed_prime(memory: IncidentMemory, conn: Any) -> int:
        read = real_prime(memory, conn)
        wall, cpu, kids = restart_clock()
        startup.extend((wall, cpu + kids))
        return read

    IncidentMemory.prime = timed_prime  # type: ignore[method-assign]
    watch_module.time.sleep = next_cycle  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(main, ["watch", str(feeds), "--every", "1h", "--db", db,
                                           "--rate", "0", "--cache", str(cache),
                                           "--jobs", str(jobs)])
    finally:
        IncidentMemory.prime = real_prime  # type: ignore[method-assign]
        watch_module.time.sleep = real_sleep  # type: ignore[assignment]
    if result.exit_code != 0 or len(cycles) != len(between) + 1 or not startup:
        sys.exit(f"watch failed:\n{result.output}")
    return (startup[0], startup[1]), cycles, result.output


def snapshot(db: str) -> tuple[list[str], list[str]]:
    from marsad.store import Store

    store = Store(db, readonly=True)
    reuse = sorted(json.dumps(r, sort_keys=True) for r in store.all_reuse())
    incidents = sorted(json.dumps(i, sort_keys=True) for i in store.all_incidents())
    store.close()
    return reuse, incidents


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--shared", type=Path,
                    default=Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")))
    ap.add_argument("--work", type=Path, default=None,
                    help="keep the built store here (reused by the next run with the same --docs)")
    ap.add_argument("--check", action="store_true",
                    help="also rebuild a copy in full and compare (the baseline)")
    args = ap.parse_args()
    os.environ["MARSAD_NO_PROGRESS"] = "1"
    from feeds_server import FeedServer, Route
    from marsad.corpus.build import rebuild
    from marsad.pipeline import analyze
    from marsad.store import Store

    work = args.work or Path(tempfile.mkdtemp(prefix="marsad-watch-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, possibly shared: timings are noisy")
    articles = load_articles(args.shared)
    # two batches of new pages: ``fresh`` (never in the store) and the real texts of the first
    # ``--new`` templates (the store holds only their word-replaced derivations)
    if len(articles) < args.new * 2:
        sys.exit(f"{len(articles)} articles: too few for 2 x {args.new} new pages")
    rng = random.Random(0)
    rng.shuffle(articles)
    fresh, rest = articles[: args.new], articles[args.new :]
    built = work / f"store-{args.docs}.db"
    if not built.exists():
        t = time.perf_counter()
        analysed = [analyze(d).to_dict() for d in rest]
        print(f"analysed {len(analysed)} articles (the store's templates) in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        info = build_store(work / "building.db", args.docs, analysed, args.jobs)
        (work / "building.db").rename(built)
        print(f"built the store: {args.docs} documents, {info['events']} events; stored in "
              f"{info['store_seconds']:.0f} s, first rebuild {info['first_rebuild_seconds']:.1f} s "
              f"(incidents {info['first_incidents_seconds']} s)", flush=True)
    db = str(work / "cycle.db")
    copy_store(built, db)
    # a store built by other clustering code is brought up to date first (a full rebuild of
    # its incidents), so the cycle measures the incremental path
    t = time.perf_counter()
    store = Store(db)
    up = rebuild(store, jobs=args.jobs)
    store.close()
    if up["incidents_mode"] != "unchanged":
        print(f"store brought up to date ({up['incidents_mode']}): "
              f"{time.perf_counter() - t:.1f} s", flush=True)

    server = FeedServer().start()
    server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain")
    items: list[str] = []

    def publish(docs: list[Any], prefix: str) -> None:
        """Serve ``docs`` as pages and list them first in the feed (a new ETag)."""
        for k, doc in enumerate(docs):
            path = f"/{prefix}/{k}"
            server.routes[path] = Route(page_html(doc, k), etag=f'"{prefix}{k}"')
            items.insert(k, f"<item><title>{prefix}{k}</title><link>{server.base}{path}</link></item>")
        server.routes["/rss.xml"] = Route(
            ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>b</title>'
             + "".join(items) + "</channel></rss>").encode("utf-8"), "application/rss+xml",
            etag=f'"{prefix}"')

    feeds = work / "feeds.txt"
    feeds.write_text(f"{server.base}/rss.xml\n", encoding="utf-8")
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)

    # one watcher: it gets ready once, then three cycles, each reading only what it adds: the
    # first of a new watcher, the next 100 pages (every later cycle of a running ``marsad
    # watch``) and one with nothing new
    publish(fresh, "a")
    (start_wall, start_cpu), cycles, out = run_watcher(
        feeds, db, cache, args.jobs, [lambda: publish(rest[: args.new], "b"), lambda: None])
    lines = out.strip().splitlines()
    print(f"watcher start-up (the command; lexicons, HTML stack, the store's events and blocks "
          f"read once): {start_wall:.1f} s wall, {start_cpu:.1f} s CPU "
          f"({next(x for x in lines if 'ready:' in x)})\n")
    heads = [line for line in lines if " cycle: " in line]
    summaries = [line for line in lines if " new documents, " in line]
    store = Store(db, readonly=True)
    n_events, n_docs = store.stats()["events"], store.stats()["documents"]
    store.close()
    names = ("first of a new watcher", "a running watcher", "nothing new")
    for n, ((seconds, cpu, cpu_workers), head, summary) in enumerate(
            zip(cycles, heads, summaries, strict=True)):
        print(head)
        print(summary)
        m = re.search(r"reuse: (\d+) new pairs \(([\d.]+) s\), incidents: (\d+) \(([\d.]+) s",
                      summary)
        added = args.new if n < 2 else 0
        before = n_docs - 2 * args.new + n * args.new if n < 2 else n_docs
        print(f"\ncycle {n + 1} ({names[n]}): +{added} pages onto {before} documents: "
              f"{seconds:.1f} s wall (reuse {m[2] if m else '-'} s, incidents "
              f"{m[4] if m else '-'} s; {n_events} events in the store at the end)", flush=True)
        print(f"cycle CPU: {cpu:.1f} s in the watching process (fetch, store, reuse, incidents) + "
              f"{cpu_workers:.1f} s in worker processes (analysis, clustering)\n", flush=True)

    if args.check:
        full_db = str(work / "full.db")
        copy_store(db, full_db)
        t, (c0, k0) = time.perf_counter(), cpu_seconds()
        store = Store(full_db)
        timings = rebuild(store, full=True, jobs=args.jobs)
        store.close()
        full_seconds, (c1, k1) = time.perf_counter() - t, cpu_seconds()
        inc, full = snapshot(db), snapshot(full_db)
        print(f"baseline, full rebuild of the same store: {full_seconds:.1f} s wall, "
              f"{c1 - c0 + k1 - k0:.1f} s CPU (reuse {timings['reuse_seconds']} s, incidents "
              f"{timings['incidents_seconds']} s)")
        print(f"incremental == full rebuild: reuse pairs {inc[0] == full[0]} ({len(inc[0])}), "
              f"incidents {inc[1] == full[1]} ({len(inc[1])})")
    server.stop()
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
