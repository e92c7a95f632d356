"""Where the batch steps run: a Dask cluster, or this process (tests, tiny inputs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


class Engine(Protocol):
    workers: int

    def map_unordered(self, fn: Callable[..., Any], args: Sequence[tuple[Any, ...]]
                      ) -> Iterator[tuple[int, Any]]:
        """``(index, fn(*args[index]))`` as each finishes."""
        ...

    def close(self) -> None: ...


class InlineEngine:
    """Every step in this process, one after the other."""

    workers = 1

    def map_unordered(self, fn: Callable[..., Any], args: Sequence[tuple[Any, ...]]
                      ) -> Iterator[tuple[int, Any]]:
        for i, a in enumerate(args):
            yield i, fn(*a)

    def close(self) -> None:
        pass


class DaskEngine:
    """A ``distributed.Client`` on the scheduler given, or on a local cluster of one
    single-threaded worker process per core (the pipeline is pure Python: threads would
    share one interpreter lock)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 memory_limit: str | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        # tasks are long and hold little data: no work stealing of running partitions, no
        # spilling of the small results, and no pausing a worker whose memory passed 80 % of
        # its limit: a paused worker resumes only once its memory falls, and the
        # interpreter's seldom does (it is not given back to the system), so with every
        # worker paused a run would wait for ever. A worker past 95 % is restarted by its
        # nanny and its task runs again.
        dask.config.set({"distributed.scheduler.work-stealing": False,
                         "distributed.worker.daemon": False,
                         "distributed.worker.memory.target": False,
                         "distributed.worker.memory.spill": False,
                         "distributed.worker.memory.pause": False})
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            from marsad.parallel import available_cores

            n = workers or available_cores()
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        memory_limit=memory_limit or "auto",
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def map_unordered(self, fn: Callable[..., Any], args: Sequence[tuple[Any, ...]]
                      ) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed

        if not args:
            return
        futures = [self.client.submit(fn, *a, pure=False, key=f"{fn.__name__}-{i}-{id(args)}")
                   for i, a in enumerate(args)]
        index = {f.key: i for i, f in enumerate(futures)}
        for future in as_completed(futures):
            result = future.result()
            i = index[future.key]
            future.release()
            yield i, result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
