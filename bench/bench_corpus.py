"""Time text reuse and incident building on generated corpora (1k, 10k and optionally 100k).

Synthetic documents are drawn from a Zipf-like vocabulary (so common words collide as in
news); 2% of them copy a 40-word passage of an earlier document (planted reuse). Synthetic
events fall on 60 facilities inside 12 towns over two years. The figures to read are the
seconds per document as n grows: an n² method would multiply them by 10 at each step.

    python bench/bench_corpus.py            # 1k and 10k
    python bench/bench_corpus.py --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import tracemalloc
from typing import Any

from marsad.corpus.incidents import EventRow, build_incidents
from marsad.corpus.reuse import find_reuse, minhash_bytes

TYPES = ("attack", "riot", "escape", "release", "transfer", "arrest", "repatriation")


def make_corpus(n: int, seed: int = 1) -> tuple[dict[str, dict[str, Any]], set[tuple[str, str]]]:
    rng = random.Random(seed)
    vocab = [f"كلمة{i}" for i in range(20000)]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
    docs: dict[str, dict[str, Any]] = {}
    planted: set[tuple[str, str]] = set()
    ids: list[str] = []
    for i in range(n):
        words = rng.choices(vocab, weights, k=150)
        doc_id = f"d{i:06d}"
        if ids and rng.random() < 0.02:
            src = rng.choice(ids)
            src_words = docs[src]["text"].split()
            k = rng.randrange(0, len(src_words) - 40)
            words[50:90] = src_words[k : k + 40]
            planted.add((src, doc_id))
        docs[doc_id] = {"id": doc_id, "text": " ".join(words), "published": None, "outlet": None,
                        "claims": []}
        ids.append(doc_id)
    return docs, planted


def make_events(n: int, seed: int = 2) -> tuple[list[EventRow], dict[str, list[str]]]:
    rng = random.Random(seed)
    parents = {f"fac{j}": [f"town{j % 12}", "country"] for j in range(60)}
    parents.update({f"town{j}": ["country"] for j in range(12)})
    start = dt.date(2022, 1, 1)
    events = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(730))
        r = rng.random()
        if r < 0.6:
            value, lo, hi = day.isoformat(), day.isoformat(), day.isoformat()
        elif r < 0.8:
            value = day.strftime("%Y-%m")
            lo = day.replace(day=1).isoformat()
            hi = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            hi = hi.isoformat()
        else:
            value = lo = hi = None
        place = rng.choice(list(parents)) if rng.random() < 0.9 else None
        events.append(EventRow(f"d{i:06d}", "e1", rng.choice(TYPES), place, lo, hi, value,
                               None, None, "asserted", None))
    return events, parents


def run(n: int) -> None:
    docs, planted = make_corpus(n)
    t0 = time.perf_counter()
    sigs = [(k, minhash_bytes(d["text"])) for k, d in docs.items()]
    t1 = time.perf_counter()
    found = list(find_reuse(sigs, docs.get))
    t2 = time.perf_counter()
    pairs = {(r["a"], r["b"]) for r in found} | {(r["b"], r["a"]) for r in found}
    recall = sum(1 for p in planted if p in pairs) / max(1, len(planted))
    events, parents = make_events(n)
    tracemalloc.start()
    t3 = time.perf_counter()
    incidents = build_incidents(events, lambda p: parents.get(p, []), [], [], {})
    t4 = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"n={n:>7}  minhash {t1 - t0:7.2f} s ({(t1 - t0) / n * 1e3:.2f} ms/doc)  "
          f"reuse (LSH+align) {t2 - t1:7.2f} s ({(t2 - t1) / n * 1e3:.2f} ms/doc, "
          f"{len(found)} pairs, planted recall {recall:.2f})  "
          f"incidents {t4 - t3:6.2f} s ({(t4 - t3) / n * 1e3:.3f} ms/event, "
          f"{len(incidents)} incidents, peak {peak:.0f} MB)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = ap.parse_args()
    for n in args.sizes:
        run(n)


if __name__ == "__main__":
    main()
