"""Export speed: ACLED-compatible rows per second for events and incidents, and the cost of
refreshing the export views at each ingest, on generated documents (bench_corpus's).

Baseline in the same run: a plain scan of the same events joined with their documents (what
any export must at least read). Timings on a shared machine are noisy: compare within a run.

    python3 bench/bench_export.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from bench_corpus import _store_docs


def run(n: int) -> None:
    from marsad.corpus.build import rebuild
    from marsad.corpus.export import write_export
    from marsad.store import Store

    docs = _store_docs(n, 0)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        with Store(path) as store:
            store.add_documents(docs, batch_size=500)
            timings = rebuild(store)
        with Store(path, readonly=True) as store:
            t0 = time.perf_counter()
            scanned = sum(1 for _ in store.conn.execute(
                "SELECT e.*, d.outlet_name, d.published FROM events e JOIN documents d ON d.id = e.doc"))
            t1 = time.perf_counter()
            counts = {}
            for kind in ("events", "incidents"):
                start = time.perf_counter()
                out = io.StringIO()
                rows = write_export("csv", store.export_rows(kind), kind, None, stdout=out)["rows"]
                counts[kind] = (rows, time.perf_counter() - start)
    base = t1 - t0
    ev_rows, ev_s = counts["events"]
    inc_rows, inc_s = counts["incidents"]
    print(f"export n={n}: baseline scan {scanned} events {base:.2f} s "
          f"({scanned / max(base, 1e-9):,.0f}/s) | events CSV {ev_rows} rows {ev_s:.2f} s "
          f"({ev_rows / max(ev_s, 1e-9):,.0f}/s) | incidents CSV {inc_rows} rows {inc_s:.2f} s "
          f"({inc_rows / max(inc_s, 1e-9):,.0f}/s) | views refreshed at ingest in "
          f"{timings['export_views_seconds']} s (rebuild: reuse {timings['reuse_seconds']} s, "
          f"incidents {timings['incidents_seconds']} s)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    for n in ap.parse_args().sizes:
        run(n)


if __name__ == "__main__":
    main()
