"""Per-document budgets: work on each document runs in a worker process, within a time and a
memory limit, so that one document can cost at most itself.

``budgeted_map(func, items, jobs=N)`` calls ``func(item)`` for every item in worker processes
and yields the results in input order. What goes wrong with one item is a ``Failure`` for
that item only, and the batch goes on:

* it runs longer than its time budget: its worker is killed and replaced;
* it allocates more than the memory budget: each worker's address space is capped
  (``RLIMIT_AS``: its size when it started plus the budget), the allocation fails with a
  ``MemoryError`` (or the worker dies in C code), the worker is replaced;
* its worker dies (a crash in a C extension, the kernel's OOM killer): replaced;
* it cannot be sent to a worker, or its result cannot be sent back (pickling fails: e.g. a
  value nested deeper than Python's recursion limit);
* ``func`` raises.

Why processes, even for one job: only a process can be stopped wherever it is (a regular
expression or an HTML parser in C never returns to the interpreter to see a signal) and only
a process has its own memory to cap. The budgets come from the environment:
``MARSAD_DOC_SECONDS`` (default: 60 s plus 10 s per million characters, so a 20 MB text still
fits while a runaway is stopped) and ``MARSAD_DOC_MEMORY_MB`` (default 2048).

One document alone runs in this process when the caller allows it (``inline``: the CLI does
for an input of at most ``INLINE_MAX_CHARS``): forking a worker, and the worker's
copy-on-write faults on the lexicons it reads, would cost more than analysing one article.
Its budget is then kept here: the time by an interval timer whose SIGALRM raises in the
analysis (``_OverTime``, not an ``Exception``, so no stage can swallow it), the memory by the
same address-space cap, set on this process for that document and lifted after. A signal
reaches Python code only: should the document sit in C code past its budget (a regular
expression, the HTML parser), a watchdog thread reports it and ends the process a second
later — with one document there is no batch to lose. A batch of several documents always
goes to workers, which can be stopped wherever they are.

Worker start-up is not charged to a document: ``warm_up`` (compiling the lexicons, importing
the parsers) runs once in the parent before workers are forked, so they and every replacement
start warm; where processes are spawned instead, each worker warms up and says it is ready
before it gets an item.

At most ``4 * jobs`` items are read ahead of the oldest unfinished one, so memory stays flat
however long the input and however slow one document.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_BASE_SECONDS = 60.0
DEFAULT_SECONDS_PER_MILLION_CHARS = 10.0
DEFAULT_MEMORY_MB = 2048
READ_AHEAD_PER_JOB = 4
# a document this long or shorter (characters of its raw text or markup) may run in this
# process when it is the only one (an article is ~1,000-10,000; 1 MB takes ~2 s)
INLINE_MAX_CHARS = 1_000_000
# how long past its budget a document may sit in C code, out of the alarm's reach, before
# the watchdog ends the process
INLINE_GRACE_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Budget:
    """What one document may cost: ``seconds`` (None: scaled with its size, see
    ``seconds_for``) and ``memory_mb`` of address space above a worker's own (0: no cap)."""

    seconds: float | None = None
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls) -> Budget:
        seconds = _env_number("MARSAD_DOC_SECONDS")
        memory = _env_number("MARSAD_DOC_MEMORY_MB")
        return cls(seconds=seconds if seconds else None,
                   memory_mb=int(memory) if memory is not None else DEFAULT_MEMORY_MB)

    def seconds_for(self, item: Any) -> float:
        if self.seconds is not None:
            return self.seconds
        size = len(getattr(item, "raw", "") or "")
        return DEFAULT_BASE_SECONDS + DEFAULT_SECONDS_PER_MILLION_CHARS * size / 1e6


def _env_number(name: str) -> float | None:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None


@dataclass(slots=True)
class Failure:
    """Why one item produced no result; ``source`` names the item."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def _source_of(item: Any) -> str:
    return str(getattr(item, "source", None) or "<item>")


def run_guarded(func: Callable[[T], R], item: T, source: str) -> R | Failure:
    """``func(item)``, or a Failure saying what it raised (used inside each worker)."""
    try:
        return func(item)
    except MemoryError:
        raise
    except Exception as exc:
        return Failure(source, f"internal error ({type(exc).__name__}: {exc}); please report it")


# ------------------------------------------------------------------------------- worker side


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _cap_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform: the time budget still holds
        return
    base = _address_space()
    if base is None:
        return
    limit = base + memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn: Connection, func: Callable[[Any], Any], memory_mb: int,
                 warm_up: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    faulthandler.disable()  # a crash is reported by the parent, once, naming the document
    if warm_up is not None:
        with contextlib.suppress(Exception):  # a document will then report the problem
            warm_up()
    _cap_memory(memory_mb)
    try:
        conn.send_bytes(b"ready")
    except OSError:
        return
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        source = "<item>"
        try:
            item = pickle.loads(message)
            source = _source_of(item)
            result: Any = run_guarded(func, item, source)
            del item
            reply = pickle.dumps(("ok", result), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            reply = pickle.dumps(("memory", source))
            with contextlib.suppress(OSError):
                conn.send_bytes(reply)
            os._exit(3)  # a worker that ran out of memory is not trusted with the next item
        except RecursionError as exc:
            reply = pickle.dumps(("ok", Failure(source, f"result could not be passed back ({exc})")))
        except Exception as exc:
            reply = pickle.dumps(("ok", Failure(source, f"result could not be passed back ({type(exc).__name__})")))
        try:
            conn.send_bytes(reply)
        except (OSError, ValueError):
            return


# ------------------------------------------------------------------------------- parent side


@dataclass(slots=True)
class _Slot(Generic[T]):
    process: Any
    conn: Connection
    ready: bool = False
    index: int | None = None
    source: str = ""
    deadline: float = 0.0
    seconds: float = 0.0


def _context() -> Any:
    import multiprocessing as mp  # here: a document run inline needs none of it

    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def budgeted_map(func: Callable[[T], R], items: Iterable[T], *, jobs: int = 1,
                 budget: Budget | None = None, source: Callable[[T], str] = _source_of,
                 warm_up: Callable[[], None] | None = None,
                 inline: Callable[[T], bool] | None = None) -> Iterator[R | Failure]:
    """``func(item)`` for each item, in ``jobs`` worker processes, each item within
    ``budget``; results (or Failures) in input order. ``func`` must be picklable where
    processes are spawned (a module-level function); ``warm_up`` prepares a worker (see the
    module docstring). When ``items`` holds one item and ``inline(item)`` is true, that item
    runs in this process instead, within the same budget (see the module docstring)."""
    budget = budget or Budget.from_env()
    it: Iterator[T] = iter(items)
    if inline is not None and _can_run_inline():
        head = list(islice(it, 2))  # one item, or a batch?
        if len(head) == 1 and inline(head[0]):
            if warm_up is not None:
                warm_up()  # not charged to the document, as in a worker
            yield run_inline(func, head[0], budget, source(head[0]))
            return
        it = chain(head, it)
    yield from _pooled_map(func, it, max(1, jobs), budget, source, warm_up)


# --------------------------------------------------------------------------- in this process


class _OverTime(BaseException):
    """Raised by the alarm into the work of an inline item that ran out of time."""


def _can_run_inline() -> bool:
    # SIGALRM is delivered to the main thread only; no interval timer off POSIX
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def run_inline(func: Callable[[T], R], item: T, budget: Budget, source: str) -> R | Failure:
    """``func(item)`` in this process within ``budget``, or a Failure naming ``source``."""
    seconds = budget.seconds_for(item)
    running = threading.Event()

    def alarm(signum: int, frame: Any) -> None:
        if running.is_set():
            raise _OverTime

    def watchdog() -> None:
        # the alarm could not stop it: C code that does not come back to the interpreter
        if running.is_set():
            with contextlib.suppress(Exception):
                sys.stderr.write(f"marsad: {Failure(source, _time_reason(seconds))}\n")
                sys.stderr.flush()
            os._exit(1)

    limits = _lower_memory_cap(budget.memory_mb)
    previous = signal.signal(signal.SIGALRM, alarm)
    guard = threading.Timer(seconds + INLINE_GRACE_SECONDS, watchdog)
    guard.daemon = True
    try:
        running.set()
        guard.start()
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return run_guarded(func, item, source)
        finally:
            running.clear()
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OverTime:
        return Failure(source, _time_reason(seconds))
    except MemoryError:
        return Failure(source, _memory_reason(budget))
    finally:
        guard.cancel()
        signal.signal(signal.SIGALRM, previous)
        _restore_memory_cap(limits)


def _lower_memory_cap(memory_mb: int) -> tuple[int, int] | None:
    """Cap this process's address space as a worker's is; the limits to restore after."""
    try:
        import resource
    except ImportError:
        return None
    before = resource.getrlimit(resource.RLIMIT_AS)
    try:
        _cap_memory(memory_mb)
    except (OSError, ValueError):
        return None
    return before


def _restore_memory_cap(limits: tuple[int, int] | None) -> None:
    if limits is None:
        return
    import resource

    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_AS, limits)


# ------------------------------------------------------------------------------ in workers


def _pooled_map(func: Callable[[T], R], it: Iterator[T], jobs: int, budget: Budget,
                source: Callable[[T], str], warm_up: Callable[[], None] | None,
                ) -> Iterator[R | Failure]:
    from multiprocessing.connection import wait as wait_for

    ctx = _context()
    slots: list[_Slot[T]] = []
    if warm_up is not None and ctx.get_start_method() == "fork":
        warm_up()  # once, here: every worker forked from now on starts warm

    def start() -> _Slot[T]:
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker_main,
                              args=(child_conn, func, budget.memory_mb, warm_up), daemon=True)
        process.start()
        child_conn.close()
        return _Slot(process, parent_conn)

    def stop(slot: _Slot[T]) -> None:
        with contextlib.suppress(Exception):
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()

    def replace(slot: _Slot[T]) -> None:
        stop(slot)
        slots[slots.index(slot)] = start()

    exhausted = False
    next_read = 0
    next_out = 0
    done: dict[int, R | Failure] = {}
    window = READ_AHEAD_PER_JOB * jobs
    restarts = 0
    try:
        slots.extend(start() for _ in range(jobs))
        while True:
            # hand out work to idle workers
            for slot in slots:
                while slot.ready and slot.index is None and not exhausted and next_read - next_out < window:
                    try:
                        item = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                    index, next_read = next_read, next_read + 1
                    label = source(item)
                    seconds = budget.seconds_for(item)
                    try:
                        payload = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                    except Exception as exc:  # e.g. RecursionError on a hostile structure
                        done[index] = Failure(label, f"could not be passed to a worker process ({type(exc).__name__})")
                        continue
                    del item
                    try:
                        slot.conn.send_bytes(payload)
                    except (OSError, ValueError):
                        done[index] = Failure(label, "its worker process could not be reached")
                        replace(slot)
                        break  # ``slot`` is gone from ``slots``: its fresh one waits for its turn
                    slot.index, slot.source, slot.seconds = index, label, seconds
                    slot.deadline = time.monotonic() + seconds
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [s for s in slots if s.index is not None]
            starting = [s for s in slots if not s.ready]
            if not busy and not starting:
                if exhausted and next_out == next_read:
                    return
                continue
            if exhausted and next_out == next_read:
                return
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic()) if busy else None
            ready = wait_for([s.conn for s in busy + starting]
                         + [s.process.sentinel for s in busy + starting], timeout)
            now = time.monotonic()
            for slot in starting:
                if slot.conn in ready:
                    try:
                        slot.ready = slot.conn.recv_bytes() == b"ready"
                    except (EOFError, OSError):
                        slot.ready = False
                if not slot.ready and slot.process.sentinel in ready:
                    restarts += 1
                    if restarts > 3 * jobs + 3:
                        raise RuntimeError("worker processes die as they start; see the messages above")
                    replace(slot)  # died while warming up: try a fresh one
            for slot in list(busy):
                assert slot.index is not None
                if slot.conn in ready:
                    try:
                        kind, value = pickle.loads(slot.conn.recv_bytes())
                    except (EOFError, OSError, pickle.UnpicklingError):
                        kind, value = "died", None
                    if kind == "ok":
                        done[slot.index] = value
                        slot.index = None
                        continue
                    if kind == "memory":
                        done[slot.index] = Failure(slot.source, _memory_reason(budget))
                    else:
                        done[slot.index] = Failure(slot.source, _death_reason(slot, budget))
                    slot.index = None
                    replace(slot)
                elif slot.process.sentinel in ready:
                    done[slot.index] = Failure(slot.source, _death_reason(slot, budget))
                    slot.index = None
                    replace(slot)
                elif now >= slot.deadline:
                    done[slot.index] = Failure(slot.source, _time_reason(slot.seconds))
                    slot.index = None
                    replace(slot)
    finally:
        for slot in slots:
            stop(slot)


def _time_reason(seconds: float) -> str:
    return (f"took longer than {seconds:g} s, the per-document time budget "
            "(MARSAD_DOC_SECONDS raises it); stopped")


def _memory_reason(budget: Budget) -> str:
    return (f"needed more than {budget.memory_mb} MB, the per-document memory budget "
            "(MARSAD_DOC_MEMORY_MB raises it); stopped")


def _death_reason(slot: _Slot[Any], budget: Budget) -> str:
    slot.process.join(1)
    code = slot.process.exitcode
    if code == 3:
        return _memory_reason(budget)
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        how = f"was killed by {name}"
        if -code == signal.SIGKILL:
            how += " (out of memory?)"
    else:
        how = f"exited with status {code}"
    return f"its worker process {how} while analysing it; skipped"
