"""Running a sweep's runs: on Dask (a local cluster of processes, or any scheduler by
address), or in this process. Either way the runs come back as (run id, output) in the order
they finish; the caller writes them.

On Dask, at most `window` runs are known to the scheduler at once and each finished future
is released as soon as its output is taken, so the client's memory does not grow with the
sweep and a worker lost later never makes the scheduler recompute a run the client already
has. Each run's key is derived from its run id, and before submitting anything a client
collects from the workers the runs they solved (or were solving) for a client that was
killed (`task.take_recent`): a resumed sweep solves nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eitflow.sweep.task import Base, load_base, remembered_run, solve_run, take_recent

Job = tuple[str, str, dict]  # run id, base name, parameters


def make_client(scheduler: str | None, n_workers: int, processes: bool = True):
    """(client, cluster): a Client of the scheduler at `scheduler` (cluster None), or of a new
    LocalCluster of `n_workers` worker processes (threads when `processes` is False), one
    thread each."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    # ":0": the scheduler's HTTP server on a free port (None still binds 8787, which another
    # cluster on the machine may hold)
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=":0")
    return Client(cluster), cluster


def default_window(client) -> int:
    """Runs in flight: enough to keep every worker thread fed while its last result travels."""
    try:
        threads = sum(client.nthreads().values())
    except Exception:  # pragma: no cover - a scheduler that does not answer at once
        threads = 2
    return max(32, 8 * threads)


def on_dask(client, bases: dict[str, Base], jobs: Iterable[Job], outputs: str = "tables",
            window: int | None = None, wait_s: float = 0.0) -> Iterator[tuple[str, dict]]:
    """Submit `jobs` to `client`, `window` at a time, and yield (run id, output) as each run
    finishes (`task.solve_run`'s output; a run whose task failed — its workers died — gives
    {"error": ...}). First, the runs the workers already hold (`task.take_recent`, waiting
    at most `wait_s` for those still being solved) are yielded without being submitted."""
    from dask.distributed import as_completed

    window = window or default_window(client)
    jobs = list(jobs)
    held: dict[str, dict] = {}
    for got in client.run(take_recent, [j[0] for j in jobs], wait_s).values():
        held.update(got)
    rest = []
    for job in jobs:
        if job[0] in held:
            yield job[0], held.pop(job[0])
        else:
            rest.append(job)
    base_futs = {name: client.submit(load_base, b, key=f"eitflow-base-{name}-{b.digest[:16]}", pure=False)
                 for name, b in bases.items()}
    todo = iter(rest)
    ac = as_completed()
    ids: dict[str, str] = {}

    def submit_next() -> bool:
        job = next(todo, None)
        if job is None:
            return False
        rid, base, params = job
        fut = client.submit(remembered_run, base_futs[base], params, rid, outputs, key=f"eitflow-run-{rid}",
                            pure=False)
        ids[fut.key] = rid
        ac.add(fut)
        return True

    try:
        for _ in range(window):
            if not submit_next():
                break
        for fut in ac:
            rid = ids.pop(fut.key)
            try:
                out = fut.result()
            except Exception as exc:  # the task itself failed: e.g. KilledWorker after repeated worker deaths
                out = {"error": f"{type(exc).__name__}: {exc}", "seconds": None}
            fut.release()
            del fut
            submit_next()
            yield rid, out
    finally:
        for f in base_futs.values():
            f.release()


def in_process(bases: dict[str, Base], jobs: Iterable[Job], outputs: str = "tables") -> Iterator[tuple[str, dict]]:
    """The same runs one after the other in this process (no Dask)."""
    for rid, base, params in jobs:
        yield rid, solve_run(bases[base], params, rid, outputs)
