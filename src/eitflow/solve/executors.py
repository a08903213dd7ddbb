"""Where batches run: how many at once an executor takes, and a Dask cluster as an executor.

`optimise(scen, executor=...)` accepts any `concurrent.futures.Executor`: a process pool, or
a Dask cluster's (`dask_executor`), so one scenario's components — first pass, LP-guided
starts and the gap-closing second pass — are spread over the cluster's workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager


def executor_slots(executor: Executor | None, workers: int = 1) -> int:
    """Batches to run at once on `executor`: its workers (a process pool's processes, a Dask
    cluster's worker threads), at least `workers`; 1 without an executor."""
    if executor is None:
        return 1
    n = getattr(executor, "_max_workers", None)
    client = getattr(executor, "_client", None)
    if n is None and client is not None:
        try:
            n = sum(client.nthreads().values())
        except Exception:  # pragma: no cover - a scheduler that does not answer
            n = None
    return max(int(workers), int(n or 1))


def connect(scheduler: str):
    """A dask.distributed Client of `scheduler`: an address (tcp://host:8786) or the path of
    the JSON file `dask scheduler --scheduler-file FILE` writes (the usual way on SLURM/PBS)."""
    import os

    from dask.distributed import Client

    if "://" not in scheduler and os.path.isfile(scheduler):
        return Client(scheduler_file=scheduler)
    return Client(scheduler)


@contextmanager
def dask_executor(scheduler: str) -> Iterator[Executor]:
    """An Executor on the Dask scheduler `scheduler` (an address, or a scheduler file: see
    `connect`), closed on exit.

    Tasks are submitted with ``pure=False``: the same batch solved again in the second pass is
    a new computation, never the cached first one.
    """
    client = connect(scheduler)
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
