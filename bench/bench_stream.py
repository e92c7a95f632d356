#!/usr/bin/env python3
"""Memory while streaming: `marsad analyze` over many generated documents, RSS sampled.

    python bench/bench_stream.py [--docs 100000] [--interval 2] [--keep]

Writes a JSON Lines file of generated Arabic news articles to a temporary directory (not the
repository), runs ``marsad analyze FILE -o OUT`` as a child process and samples the child's
resident memory with psutil every ``--interval`` seconds, together with the number of output
lines written so far (which shows the CLI writes incrementally rather than at the end).
Prints the RSS series, the growth between the first and last quarter of the run, and the
throughput. Memory is "flat" when RSS after warm-up stays within a few MB while the document
count grows by orders of magnitude.

The articles are assembled from sentence templates written for this benchmark (invented,
neutral wording in the register of the region's news), with random places, actors, numbers,
dates and names, so that no two documents are the same and every stage has work to do.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

PLACES = ["الحسكة", "القامشلي", "الرقة", "دير الزور", "الشدادي", "منبج", "عين العرب", "تل تمر",
          "الهول", "البصيرة", "هجين", "الطبقة", "حلب", "بغداد", "الموصل", "الأنبار"]
ACTORS = ["قوات سوريا الديمقراطية", "قسد", "تنظيم داعش", "التحالف الدولي", "الأسايش",
          "الجيش العراقي", "القوات الأمريكية", "الإدارة الذاتية", "الحشد الشعبي"]
FACILITIES = ["سجن غويران", "سجن الصناعة", "مخيم الهول", "مخيم روج", "سجن الرقة المركزي",
              "سجن علايا", "قاعدة الشدادي"]
NAMES = ["أحمد", "محمد", "خالد", "علي", "حسن", "فرهاد", "سيامند", "عمر", "يوسف", "سليمان"]
FAMILIES = ["الحسن", "العلي", "شامي", "إبراهيم", "الخلف", "درويش", "عثمان", "الأحمد"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول"]
WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
APPROX = ["نحو", "حوالي", "قرابة", "أكثر من", "ما لا يقل عن", ""]
UNITS = ["معتقلاً", "سجيناً", "عنصراً", "شخصاً", "عائلة", "طفلاً", "امرأة"]

SENTENCES = [
    "قالت مصادر محلية إن {actor} نفذت حملة دهم في ريف {place} واعتقلت {approx} {n} {unit}.",
    "أعلنت {actor} يوم {weekday} الماضي نقل {n} {unit} من {facility} إلى {place}.",
    "وأفاد مراسلنا في {place} بأن اشتباكات اندلعت فجر أمس قرب {facility} بين {actor} و{actor2}.",
    "وذكر المتحدث باسم {actor} {name} في تصريح صحفي أن الوضع تحت السيطرة.",
    "وكانت {actor} قد أفرجت في {day} {month} {year} عن {approx} {n} {unit} بوساطة عشائرية.",
    "ونقلت وكالة الأنباء عن مصدر أمني قوله إن {n} {unit} فروا من {facility} خلال الأسبوع الماضي.",
    "وتشهد مناطق {place} توتراً أمنياً منذ {years} سنوات، وفق ما أفاد به سكان محليون.",
    "وأكد {name} أن عمليات التسليم ستستمر خلال الأيام القادمة بالتنسيق مع {actor}.",
    "وأشار التقرير إلى أن بين {lo} و{hi} {unit} ما زالوا محتجزين في {facility}.",
    "ومن المقرر أن تعقد {actor} اجتماعاً يوم {weekday} المقبل في {place} لبحث ملف المحتجزين.",
]


def article(rnd: random.Random, i: int) -> dict[str, str]:
    n_sent = rnd.randint(5, 14)
    parts = []
    for _ in range(n_sent):
        lo = rnd.randint(2, 400)
        actor, actor2 = rnd.sample(ACTORS, 2)
        parts.append(rnd.choice(SENTENCES).format(
            actor=actor, actor2=actor2, place=rnd.choice(PLACES), facility=rnd.choice(FACILITIES),
            name=f"{rnd.choice(NAMES)} {rnd.choice(FAMILIES)}", approx=rnd.choice(APPROX),
            n=rnd.randint(2, 900), unit=rnd.choice(UNITS), weekday=rnd.choice(WEEKDAYS),
            day=rnd.randint(1, 28), month=rnd.choice(MONTHS), year=rnd.randint(2018, 2025),
            years=rnd.randint(2, 10), lo=lo, hi=lo + rnd.randint(10, 500),
        ))
    paragraphs = [" ".join(parts[k : k + 3]) for k in range(0, len(parts), 3)]
    record = {
        "text": "\n\n".join(paragraphs),
        "title": f"{rnd.choice(ACTORS)} في {rnd.choice(PLACES)}: تطورات ملف المحتجزين ({i})",
        "url": f"https://example.org/news/{i}",
    }
    if rnd.random() < 0.7:
        record["published"] = f"{rnd.randint(2019, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    return record


def write_corpus(path: Path, count: int, seed: int = 7) -> int:
    rnd = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            line = json.dumps(article(rnd, i), ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


def count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between RSS samples")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="marsad-stream-"))
    try:
        corpus, out = tmp / "corpus.jsonl", tmp / "out.jsonl"
        t = time.perf_counter()
        size = write_corpus(corpus, args.docs)
        print(f"generated {args.docs:,} documents ({size / 2**20:,.0f} MB) in {time.perf_counter() - t:.0f} s: {corpus}")
        marsad = shutil.which("marsad")
        cmd = [marsad] if marsad else [sys.executable, "-c", "from marsad.cli import main; main()"]
        env = dict(os.environ, MARSAD_NO_PROGRESS="1")
        start = time.perf_counter()
        proc = subprocess.Popen([*cmd, "analyze", str(corpus), "-o", str(out)], env=env)
        child = psutil.Process(proc.pid)
        samples: list[tuple[float, int, float]] = []  # (seconds, docs written, RSS MB)
        while proc.poll() is None:
            try:
                rss = child.memory_info().rss / 2**20
            except psutil.Error:
                break
            samples.append((time.perf_counter() - start, count_lines(out), rss))
            time.sleep(args.interval)
        elapsed = time.perf_counter() - start
        written = count_lines(out)
        print(f"exit status {proc.returncode}; {written:,} documents written in {elapsed:,.0f} s "
              f"({written / elapsed:,.0f} docs/s, one process, output written and encoded)")
        print(f"{'seconds':>8}{'docs out':>10}{'RSS MB':>9}")
        step = max(1, len(samples) // 25)
        for sec, docs, rss in samples[::step] + ([samples[-1]] if samples else []):
            print(f"{sec:>8.0f}{docs:>10,}{rss:>9.1f}")
        if len(samples) >= 8:
            q = len(samples) // 4
            first = max(r for _, _, r in samples[q : 2 * q])
            last = max(r for _, _, r in samples[-q:])
            peak = max(r for _, _, r in samples)
            print(f"RSS: peak {peak:.1f} MB; max in 2nd quarter {first:.1f} MB, in last quarter {last:.1f} MB "
                  f"(growth {last - first:+.1f} MB while {samples[-1][1] - samples[2 * q - 1][1]:,} more documents went through)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
