"""Cost per document against its size, on one-line text and one-line HTML (issue 18).

    python bench/bench_hostile.py [--max-mb 20] [--quick]

For each size from 100 KB to 20 MB, one document is read (the HTML parsed) and analysed in a
fresh process, which reports its seconds and peak memory. The text is real articles
(``../shared/corpus`` or ``$MARSAD_SHARED/corpus``, the articles below 400; else
``demo/``) joined into one line with no
line break; the HTML is the same text as ``<p>`` paragraphs of one page on one line.

Baselines, measured in the same run on the same bytes: a read-and-split pass (decode,
normalise, split into words: the least any analysis must do, linear by construction), and the
same text laid out as paragraphs (one article per paragraph, the shape of real input). The
growth exponent is the slope of log(seconds) against log(size) between the smallest and the
largest size: 1 is linear, 2 quadratic. Before this issue one-line text grew with exponent ~2
(1 MB 9 s, 5 MB 226 s). Then the cost of a search against the length of its query.

The machine may be shared: read the ratios (against the baseline of the same run), not the
absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared")) / "corpus"
SIZES_MB = [0.1, 0.3, 1, 3, 10, 20]


def articles() -> list[str]:
    """Real article texts: the shared corpus below 400 (400-602 are being annotated blind),
    else the demo articles."""
    texts: list[str] = []
    if CORPUS.is_dir():
        for p in sorted(CORPUS.glob("*.json")):
            if p.stem.isdigit() and int(p.stem) < 400:
                texts.append(json.loads(p.read_text(encoding="utf-8"))["text"])
    if not texts:
        from marsad.document import Document
        from marsad.io.readers import read_inputs

        texts = [d.raw for d in read_inputs([str(ROOT / "demo")]) if isinstance(d, Document)]
    return texts


def build(kind: str, size: int, path: Path) -> None:
    """Write a ``kind`` input of ``size`` bytes to ``path``."""
    texts = articles()
    pieces: list[str] = []
    total = 0
    i = 0
    while total < size:
        t = texts[i % len(texts)]
        i += 1
        piece = " ".join(t.split()) if kind in ("oneline", "html") else t.strip()
        pieces.append(piece)
        total += len(piece.encode("utf-8")) + 2
    if kind == "oneline":
        body = " ".join(pieces)
    elif kind == "paragraphs":
        body = "\n\n".join(pieces)
    else:
        body = ("<html><head><title>صفحة طويلة</title><meta property=\"article:published_time\" "
                "content=\"2022-01-21\"></head><body><article>"
                + "".join(f"<p>{p}</p>" for p in pieces) + "</article></body></html>")
    path.write_text(body, encoding="utf-8")


def run_case(kind: str, path: str) -> dict[str, float]:
    """In this (fresh) process: read and analyse one file, or only read and split it."""
    from marsad.io.readers import read_inputs
    from marsad.pipeline import analyze, warm_up

    warm_up()
    started = time.perf_counter()
    if kind == "split":
        from marsad.text.normalize import normalize

        data = Path(path).read_bytes().decode("utf-8")
        words = normalize(data).text.split()
        chars = len(data)
        assert words
    else:
        doc = next(iter(read_inputs([path])))
        read = time.perf_counter() - started
        doc = analyze(doc)  # type: ignore[arg-type]
        chars = len(doc.text)
    seconds = time.perf_counter() - started
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    out = {"seconds": seconds, "chars": chars, "peak_mb": peak / 1024}
    if kind != "split":
        out["read_seconds"] = read
    return out


def measure(kind: str, size: int, folder: Path) -> dict[str, float]:
    suffix = ".html" if kind == "html" else ".txt"
    path = folder / f"{kind}_{size}{suffix}"
    build("oneline" if kind == "split" else kind, size, path)
    proc = subprocess.run([sys.executable, __file__, "--case", kind, str(path)],
                          capture_output=True, text=True, check=True)
    path.unlink()
    return json.loads(proc.stdout)


def exponent(rows: list[tuple[int, float]]) -> float:
    (s0, t0), (s1, t1) = rows[0], rows[-1]
    return math.log(t1 / t0) / math.log(s1 / s0) if t0 > 0 and s1 > s0 else float("nan")


def bench_sizes(max_mb: float) -> None:
    sizes = [int(mb * 1_000_000) for mb in SIZES_MB if mb <= max_mb]
    kinds = ["split", "paragraphs", "oneline", "html"]
    series: dict[str, list[tuple[int, float]]] = {k: [] for k in kinds}
    print(f"{'size':>8} | " + " | ".join(f"{k:>22}" for k in kinds))
    print(f"{'':>8} | " + " | ".join(f"{'s':>7} {'MB/s':>6} {'peak MB':>7}" for _ in kinds))
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            cells = []
            for kind in kinds:
                r = measure(kind, size, Path(tmp))
                series[kind].append((size, r["seconds"]))
                cells.append(f"{r['seconds']:7.2f} {size / 1e6 / r['seconds']:6.2f} {r['peak_mb']:7.0f}")
            print(f"{size / 1e6:7.1f}M | " + " | ".join(cells), flush=True)
    print()
    print("growth exponent (1 = linear, 2 = quadratic), smallest to largest size:")
    for kind in kinds:
        print(f"  {kind:11} {exponent(series[kind]):.2f}")
    print("cost against the read-and-split baseline at the largest size:")
    base = series["split"][-1][1]
    for kind in kinds[1:]:
        print(f"  {kind:11} {series[kind][-1][1] / base:6.1f}x")


def bench_search() -> None:
    from marsad.corpus.build import rebuild
    from marsad.document import Document
    from marsad.io.readers import read_inputs
    from marsad.pipeline import analyze
    from marsad.store import Store, StoreError

    words = ["سجن", "الحسكة", "قسد", "هروب", "داعش", "مخيم", "الهول", "العراق", "نقل", "قال",
             "مصادر", "محلية", "عناصر", "التنظيم", "الأمن", "الأسايش", "هجوم", "غويران", "قوات",
             "سوريا", "الديمقراطية", "عشرات", "السجناء", "الخميس", "أمس", "المدينة", "حي",
             "الصناعة", "العمليات", "الأطفال", "النساء", "عائلات"]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "s.db")
        sources = [str(CORPUS)] if CORPUS.is_dir() else [str(ROOT / "demo")]
        docs = [analyze(d).to_dict() for d in read_inputs(sources) if isinstance(d, Document)]
        with Store(db) as store:
            store.add_documents(docs)
            rebuild(store)
        with Store(db, readonly=True) as store:
            print(f"\nsearch over {len(docs)} documents: seconds per query against its length")
            base = None
            for n in (1, 2, 4, 8, 16, 32):
                query = " ".join(words[:n])
                started = time.perf_counter()
                for _ in range(5):
                    store.search(query, limit=20)
                t = (time.perf_counter() - started) / 5
                base = base or t
                print(f"  {n:4} words  {t * 1000:8.1f} ms  ({t / base:5.1f}x one word)")
            for label, query in (("1,000 repeated words", " ".join(["في"] * 1000)),
                                 ("100 one-letter words", " ".join(["س"] * 100))):
                started = time.perf_counter()
                try:
                    store.search(query)
                    outcome = "ran"
                except StoreError as exc:
                    outcome = f"refused: {exc}"
                print(f"  {label}: {(time.perf_counter() - started) * 1000:.1f} ms, {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=float, default=20)
    parser.add_argument("--quick", action="store_true", help="sizes up to 3 MB")
    parser.add_argument("--case", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(*args.case)))
        return
    print(f"marsad cost against document size ({os.cpu_count()} cores; the machine may be shared)\n")
    bench_sizes(3 if args.quick else args.max_mb)
    bench_search()


if __name__ == "__main__":
    main()
