"""An ordered, streaming process-pool map: results in input order, memory bounded.

``multiprocessing.Pool.imap`` reads its whole input ahead (its feeder thread does not wait),
so a directory of a million files would sit in memory as Documents. ``ordered_map`` keeps at
most ``jobs * ahead`` chunks in flight: a new chunk is sent only when the oldest one's results
are taken, so the memory is flat whatever the input's size, and the results come out in the
order of the input (a chunk's results are yielded only after every chunk before it).

Workers are forked after the parent has loaded the compiled lexicons (``warm``), so they share
them (copy-on-write) instead of each loading or building them. Few inputs are not worth a
pool: with fewer than ``2 * jobs`` items, the map runs in this process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _run_chunk(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return [fn(item) for item in items]


def _quiet_worker() -> None:
    # the parent handles Ctrl-C (and terminates the pool); workers just stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int, *, chunk: int = 4,
                ahead: int = 4, warm: Callable[[], None] | None = None) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, in input order, streaming.

    ``fn`` must be a module-level function (it is pickled to the workers). ``warm`` runs in
    the parent before the workers are forked (to load what they will share).
    """
    it = iter(items)
    if jobs <= 1:
        yield from map(fn, it)
        return
    head = list(islice(it, 2 * jobs))
    if len(head) < 2 * jobs:  # too few to pay for starting workers
        yield from map(fn, head)
        return
    if warm is not None:
        warm()
    import multiprocessing as mp  # here: a run that needs no pool (one file) never loads it

    method = "fork" if sys.platform != "win32" else "spawn"
    pool = mp.get_context(method).Pool(jobs, initializer=_quiet_worker)
    try:
        source = chain(head, it)
        pending: deque[Any] = deque()

        def submit() -> bool:
            batch = list(islice(source, chunk))
            if not batch:
                return False
            pending.append(pool.apply_async(_run_chunk, (fn, batch)))
            return True

        for _ in range(jobs * ahead):
            if not submit():
                break
        while pending:
            results = pending.popleft().get()
            submit()
            yield from results
        pool.close()
        pool.join()
    finally:
        pool.terminate()
