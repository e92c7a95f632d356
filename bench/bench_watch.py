#!/usr/bin/env python3
"""A watch cycle on a big store: ``marsad watch --once`` adding new pages to N documents.

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

Two cycles add ``--new`` pages each: the first of a new watcher (which compiles its lexicons
then) and the next in the same process (every later cycle of a running ``marsad watch``).
Reported: each cycle's wall time and its parts (fetch+analysis+store, reuse, incidents,
events re-clustered of all), its CPU time (the watching process, the analysis workers: on a
shared machine the steadier figure), a third cycle with nothing new (one conditional
request), and with ``--check`` a full rebuild of a copy of the store (the baseline) and whether the
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


def run_cycle(feeds: Path, db: str, cache: Path, jobs: int) -> tuple[float, float, float, str]:
    """One ``marsad watch --once``: wall seconds, CPU seconds in this process (fetching,
    storing, reuse, incidents) and in its worker processes (analysis, clustering), and its
    output."""
    from click.testing import CliRunner

    from marsad.cli import main

    t0, (c0, k0) = time.perf_counter(), cpu_seconds()
    result = CliRunner().invoke(main, ["watch", str(feeds), "--once", "--db", db, "--rate", "0",
                                       "--cache", str(cache), "--jobs", str(jobs)])
    seconds, (c1, k1) = time.perf_counter() - t0, cpu_seconds()
    if result.exit_code != 0:
        sys.exit(f"watch failed:\n{result.output}")
    return seconds, c1 - c0, k1 - k0, result.output


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

    # cycle 1: the first of a new watcher (its lexicons are compiled in it); cycle 2: the next
    # 100 pages in the same process, as every later cycle of a running ``marsad watch``
    for n_cycle, (docs, prefix) in enumerate(((fresh, "a"), (rest[: args.new], "b")), start=1):
        publish(docs, prefix)
        seconds, cpu, cpu_workers, out = run_cycle(feeds, db, cache, args.jobs)
        print(out.strip())
        m = re.search(r"reuse: (\d+) new pairs \(([\d.]+) s\), incidents: (\d+) \(([\d.]+) s", out)
        store = Store(db, readonly=True)
        stats = store.stats()
        store.close()
        n_events, n_docs = stats["events"], stats["documents"]
        print(f"\ncycle {n_cycle}{' (first of a new watcher)' if n_cycle == 1 else ' (a running watcher)'}: "
              f"+{args.new} pages onto {n_docs - args.new} documents: {seconds:.1f} s wall "
              f"(reuse {m[2] if m else '?'} s, incidents {m[4] if m else '?'} s; {n_events} events "
              f"in the store)", flush=True)
        print(f"cycle CPU: {cpu:.1f} s in the watching process (fetch, store, reuse, incidents) + "
              f"{cpu_workers:.1f} s in worker processes (analysis, clustering)\n", flush=True)
    again, *_, out2 = run_cycle(feeds, db, cache, args.jobs)
    print(f"cycle 3, nothing new: {again:.2f} s ({out2.strip().splitlines()[0]})")

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
