"""One document alone runs in the calling process (marsad.budget, ``inline``): no worker to
fork, and the same budget — the time by an alarm, the memory by the address-space cap, a
document stuck in C code past its budget by a watchdog that ends the process."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from marsad.budget import Budget, Failure, budgeted_map
from test_budget import GOOD, Job, work

ALWAYS = lambda item: True  # noqa: E731


def pid(job: Job) -> int:
    if job.kind == "spin":
        while True:
            pass
    return os.getpid() if job.kind == "ok" else int(work(job))


def test_one_item_runs_here_and_a_batch_in_workers() -> None:
    assert list(budgeted_map(pid, [Job("a")], jobs=2, inline=ALWAYS)) == [os.getpid()]
    two = list(budgeted_map(pid, [Job("a"), Job("b")], jobs=1, inline=ALWAYS))
    assert all(isinstance(p, int) and p != os.getpid() for p in two)
    # the caller's size check says no: a worker
    [other] = budgeted_map(pid, [Job("a")], jobs=1, inline=lambda item: False)
    assert other != os.getpid()


def test_inline_item_over_its_time_budget_is_stopped_and_the_process_restored() -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    [out] = budgeted_map(pid, [Job("s", "spin")], budget=Budget(seconds=1, memory_mb=0), inline=ALWAYS)
    assert time.monotonic() - started < 10
    assert isinstance(out, Failure) and out.source == "s" and "longer than 1 s" in out.reason
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert list(budgeted_map(pid, [Job("a")], inline=ALWAYS)) == [os.getpid()]


def test_inline_item_over_its_memory_budget_fails_alone_and_the_cap_is_lifted() -> None:
    limits = resource.getrlimit(resource.RLIMIT_AS)
    [out] = budgeted_map(work, [Job("m", "memory")], budget=Budget(seconds=30, memory_mb=300), inline=ALWAYS)
    assert isinstance(out, Failure) and "more than 300 MB" in out.reason
    assert resource.getrlimit(resource.RLIMIT_AS) == limits
    [raised] = budgeted_map(work, [Job("r", "raise")], inline=ALWAYS)
    assert isinstance(raised, Failure) and "ValueError: bad luck" in raised.reason


def test_inline_item_stuck_in_c_code_is_reported_and_ends_the_process() -> None:
    # C code that never comes back to the interpreter (where the alarm's exception would be
    # raised) — made here by blocking the alarm during a sleep: the watchdog reports the
    # document and ends the process (CPython's own long loops, regular expressions and big
    # integers included, do check for signals)
    code = ("import signal, time\n"
            "from marsad.budget import Budget, budgeted_map\n"
            "def stuck(item):\n"
            "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
            "    time.sleep(600)\n"
            "for r in budgeted_map(stuck, ['doc.txt'], budget=Budget(seconds=1, memory_mb=0),\n"
            "                      source=str, inline=lambda item: True):\n"
            "    print('returned', r)\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1 and "returned" not in proc.stdout
    assert "marsad: doc.txt: took longer than 1 s" in proc.stderr


def test_analyze_one_file_in_process_keeps_the_budget(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "MARSAD_DOC_SECONDS": "0.5"}  # the warm-up is not charged to it
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "analyze", str(good)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert '"source"' in proc.stdout
