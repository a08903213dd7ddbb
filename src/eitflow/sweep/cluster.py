"""Running a sweep's runs: on Dask (a local cluster of processes, or any scheduler by
address), or in this process. Either way the runs come back as (run id, output) in the order
they finish; the caller writes them.

On Dask, runs go in chunks that take about `CHUNK_S` each (one run per task until the first
runs are timed; small scenarios solve in a tenth of a second, and a task costs the scheduler
and the client a few milliseconds), at most `window` runs are known to the scheduler at once,
and each finished future is released as soon as its outputs are taken, so the client's memory does not grow with the
sweep and a worker lost later never makes the scheduler recompute a run the client already
has (once the release has reached the scheduler: a worker lost in that moment costs a run
solved twice, never one written twice). A task's key names its runs, and before submitting anything a client
collects from the workers the runs they solved (or were solving, or still held queued) for a
client that was killed (`task.take_recent`): a resumed sweep solves nothing twice.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from eitflow.sweep.task import CHUNK_KEY, Base, chunk_runs, load_base, memo_key, remembered_runs, solve_run, take_recent

Job = tuple[str, str, dict]  # run id, base name, parameters


def make_client(scheduler: str | None, n_workers: int, processes: bool = True):
    """(client, cluster): a Client of the scheduler at `scheduler` (an address, or the path of
    the JSON file `dask scheduler --scheduler-file` writes; cluster None), or of a new
    LocalCluster of `n_workers` worker processes (threads when `processes` is False), one
    thread each."""
    from dask.distributed import Client, LocalCluster

    from eitflow.solve.executors import connect

    if scheduler:
        return connect(scheduler), None
    import dask

    # ":0": the scheduler's HTTP server on a free port (None still binds 8787, which another
    # cluster on the machine may hold). No statistical profiler nor GIL monitor in the workers
    # (they are for the dashboard; idle, they cost a worker 2 % of a core), and a slower
    # system monitor, event-loop health tick (20 ms by default) and nanny memory check
    # (100 ms): an idle 2-worker cluster then takes 1.2 % of a core instead of 5.3 %
    # (measured over 30 s), and on a small machine that CPU is the runs'.
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.admin.system-monitor.gil.enabled": False,
                          "distributed.admin.system-monitor.interval": "2s",
                          "distributed.admin.tick.interval": "1s",
                          "distributed.worker.memory.monitor-interval": "1s"}), _ctrl_c_to_this_process_only():
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=":0")
        return Client(cluster), cluster


@contextlib.contextmanager
def _ctrl_c_to_this_process_only() -> Iterator[None]:
    """SIGINT blocked in this thread while the local cluster starts: the threads it starts
    (its event loop, which starts the worker processes, now and when a worker is restarted)
    and the processes inherit the block, so a Ctrl-C in the terminal, sent to every process of
    the foreground group, reaches eitflow alone, which closes the cluster
    (`procs.close_on_stop`, `sweep.shutdown`). Without it the workers took it too: a KeyboardInterrupt
    traceback from a worker still importing, Dask's warnings from one closing on its own."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):   # pragma: no cover - Windows
        yield
        return
    from multiprocessing import resource_tracker

    # multiprocessing starts its resource tracker on the first semaphore, and then unblocks
    # SIGINT in the thread doing it (the cluster's event loop): started here first, it is not
    # started there, and the block stays
    resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        # a Ctrl-C meanwhile went to a thread not blocking it (the command line's signal
        # thread), or is delivered here now
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


START_S = 60.0  # a sweep stopped while its cluster starts waits this long at most for it to be up (Dask's own
#                 connect timeout is 30 s; 2 workers take 1-3 s on 2 loaded cores)


def worker_threads(client) -> int | None:
    """The worker threads the cluster has now (0: no worker yet); None when it does not say."""
    try:
        return sum(client.nthreads().values())
    except Exception:  # pragma: no cover - a scheduler that does not answer at once
        return None


def default_window(client) -> int:
    """Runs in flight: enough to keep every worker thread fed while its last result travels."""
    return max(32, 8 * (worker_threads(client) or 2))


def on_dask(client, bases: dict[str, Base], jobs: Iterable[Job], outputs: str = "tables",
            window: int | None = None, wait_s: float = 0.0,
            no_workers: Callable[[], None] | None = None) -> Iterator[tuple[str, dict]]:
    """Submit `jobs` to `client`, `window` at a time, and yield (run id, output) as each run
    finishes (`task.solve_run`'s output; a run whose task failed — its workers died — gives
    {"error": ...}). First, the runs the workers already hold (`task.take_recent`, waiting
    at most `wait_s` for those still being solved) are yielded without being submitted.
    `no_workers` is called when the cluster has had no worker for `WATCH_S` (every worker
    lost: Dask waits for one without a word), once until workers come back."""
    from dask.distributed import as_completed

    window = window or default_window(client)
    jobs = list(jobs)
    held: dict[str, dict] = {}
    # a killed client's chunks of these runs may still be known to the scheduler (it notices
    # the death, then releases them) and one queued on a worker could start after the workers
    # are asked what they are solving: wait until the scheduler holds none of them first
    _wait_for_released(client, {j[0] for j in jobs}, wait_s)
    # a worker that fails to answer is skipped: it holds nothing the sweep cannot solve again
    asked = [(j[0], memo_key(bases[j[1]], j[0], outputs)) for j in jobs]   # as this sweep writes them
    for got in client.run(take_recent, asked, wait_s, on_error="ignore").values():
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
    pending: list[Job] = []  # taken from `todo`, not submitted yet (a chunk is one base's runs)
    ac = as_completed()
    in_flight: dict[str, list[str]] = {}
    per_run = _Estimate()

    def submit_next() -> int:
        """Submit the next chunk of runs (as many as take about CHUNK_S by the runs measured so
        far, one until then); the number of runs submitted."""
        size = min(per_run.chunk(), window)
        while len(pending) < size:
            job = next(todo, None)
            if job is None:
                break
            pending.append(job)
        if not pending:
            return 0
        base = pending[0][1]
        chunk = [pending.pop(0)]
        while pending and len(chunk) < size and pending[0][1] == base:
            chunk.append(pending.pop(0))
        rids = [j[0] for j in chunk]
        fut = client.submit(remembered_runs, base_futs[base], [(j[0], j[2]) for j in chunk], outputs,
                            key=CHUNK_KEY + ".".join(rids), pure=False)
        in_flight[fut.key] = rids
        ac.add(fut)
        return len(rids)

    stop = threading.Event()
    if no_workers is not None:
        threading.Thread(target=_watch_workers, args=(client, stop, no_workers), daemon=True,
                         name="eitflow-sweep-workers").start()
    try:
        n = 0
        while n < window:
            k = submit_next()
            if not k:
                break
            n += k
        for fut in ac:
            rids = in_flight.pop(fut.key)
            try:
                outs = dict(fut.result())
            except Exception as exc:  # the task itself failed: e.g. KilledWorker after repeated worker deaths
                outs = {rid: {"error": f"{type(exc).__name__}: {exc}", "seconds": None} for rid in rids}
            fut.release()
            del fut
            per_run.add(outs.values())
            while sum(map(len, in_flight.values())) < window and submit_next():
                pass
            for rid in rids:
                yield rid, outs[rid]
    finally:
        stop.set()
        for f in base_futs.values():
            f.release()


WATCH_S = 30.0  # a cluster without a worker this long is said (once, until workers come back)


def _watch_workers(client, stop: threading.Event, say: Callable[[], None]) -> None:
    """Call `say` when the cluster has had no worker for WATCH_S (checked every WATCH_S / 3)."""
    since = None
    told = False
    while not stop.wait(WATCH_S / 3):
        if worker_threads(client) == 0:
            since = time.monotonic() if since is None else since
            if not told and time.monotonic() - since >= WATCH_S and not stop.is_set():
                say()
                told = True
        else:
            since, told = None, False


def _chunk_keys(dask_scheduler=None) -> list[str]:
    """The keys of the run chunks the scheduler holds (run on the scheduler)."""
    return [str(k) for k in dask_scheduler.tasks if chunk_runs(k)]


def _wait_for_released(client, run_ids: set[str], wait_s: float) -> None:
    """Wait (at most `wait_s` seconds) until the scheduler holds no chunk naming one of
    `run_ids`: before this client submits anything, such a chunk is a killed client's, which
    the scheduler releases once it has noticed the death (a chunk already running finishes on
    its worker and is handed over by `task.take_recent`; one not started never starts)."""

    end = time.monotonic() + wait_s
    while True:
        held = {r for k in client.run_on_scheduler(_chunk_keys) for r in chunk_runs(k)}
        if not (held & run_ids) or time.monotonic() >= end:
            return
        time.sleep(0.05)


CHUNK_S = 2.0      # a task should take about this long: the scheduler's and the client's cost per task
MAX_CHUNK = 32     # is then a small share of it, and a lost worker loses little


class _Estimate:
    """The median wall time of the runs seen so far (s), and the chunk size it gives."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def add(self, outs) -> None:
        for o in outs:
            s = o.get("seconds")
            if s:
                self.seconds.append(float(s))
        del self.seconds[:-200]  # the recent ones

    def chunk(self) -> int:
        if len(self.seconds) < 4:
            return 1
        med = sorted(self.seconds)[len(self.seconds) // 2]
        return int(min(MAX_CHUNK, max(1, CHUNK_S / max(med, 1e-3))))


def in_process(bases: dict[str, Base], jobs: Iterable[Job], outputs: str = "tables") -> Iterator[tuple[str, dict]]:
    """The same runs one after the other in this process (no Dask)."""
    for rid, base, params in jobs:
        yield rid, solve_run(bases[base], params, rid, outputs)
