"""The close of a sweep's Dask client and of the local cluster it made: one close, bounded,
whichever way the sweep ends (its runs all in, or a stop signal: Ctrl-C, SIGTERM, SIGHUP).

A sweep makes one `Shutdown` when its cluster is up. Its normal end calls it from the main
thread; a stop calls it too (`procs.close_on_stop`), from the thread the signal reached, which
may be the main thread itself, interrupted inside that very close. Whoever calls first starts
the close; any later call waits for that same close, within the same deadline, and never
starts a second one. The close takes at most `CLOSE_S` in order, then `KILLED_S` once the
cluster's worker processes are killed: a worker whose event loop cannot answer (a run in C
holding the GIL, a worker hung in its own close), or this process's event loop held, never
keeps the command past that.
"""

from __future__ import annotations

import contextlib
import threading
import time

CLOSE_S = 5.0   # a sweep waits this long at most for its cluster to close in order,
KILLED_S = 2.0  # then kills the local cluster's worker processes and waits this long more (s)


class Shutdown:
    """The one close of `client` and of the LocalCluster `local` it made (None: a cluster of
    someone else's, its client closed, the cluster left running), bounded.

    ``shutdown()`` at the sweep's normal end, ``shutdown(stop=True)`` from a stop; the first
    call starts the close, every call returns once it is over or its time is up: `CLOSE_S` s
    after it started for the close in order (the client, then the cluster, so that its worker
    processes and the semaphores of their multiprocessing queues go with it); past that, the
    local cluster's worker processes are killed (a run being solved is lost: the sweep resumes
    it) and the close is given `KILLED_S` s more. A stop then releases the semaphores of the
    cluster's queues here (`_release_semaphores`: it ends with `os._exit`, which leaves them to
    the resource tracker, which warns of "leaked semaphore objects" after eitflow's message);
    a normal end leaves that to Python's exit, which does it for every multiprocessing object
    of the process (a caller's own pool included, which must not be closed here).

    A stop first tells Dask, here and on the local cluster's workers, not to log the teardown
    (each cancelled run, a worker's heartbeat to the scheduler already gone: warnings and
    tracebacks after eitflow's message); a close that has to kill the workers tells it here.
    Once over, the client and the cluster are marked closed for Dask, whose exit hooks would
    otherwise close them a second time (`_closed_for_dask`).

    Parameters
    ----------
    client : dask.distributed.Client
    local : dask.distributed.LocalCluster or None

    Before, the normal end closed without any bound, and a stop during it (its closer already
    forgotten) left at once, the cluster half closed; a stop during the runs closed the
    cluster with a bound, and the main thread's end then closed it a second time, without one.
    """

    def __init__(self, client, local) -> None:
        self.client, self.local = client, local
        # reentrant: a stop signal's handler runs in the main thread between two bytecodes, so
        # it may call this close while that thread is inside it
        self._lock = threading.RLock()
        self._closing: threading.Thread | None = None
        self._started = 0.0
        self.killed = False   # the close in order was not over in CLOSE_S: the workers were killed

    def __call__(self, stop: bool = False) -> None:
        """Close, or wait for the close under way, within its bound.

        Parameters
        ----------
        stop : bool
            A stop signal is ending the command (`procs._stop`, which then exits).

        Returns at most `CLOSE_S` + `KILLED_S` = 7 s after the first call (s).
        """
        if stop:
            _quiet_teardown()   # first: what follows may log, here, at any point
        with self._lock:
            if self._closing is None:
                self._started = time.monotonic()
                closing = threading.Thread(target=_close_in_order, args=(self.client, self.local, CLOSE_S, stop),
                                           daemon=True, name="eitflow-sweep-close")
                closing.start()
                self._closing = closing
            closing = self._closing
        # waited for in this thread, never run in it: the close may need what this thread
        # holds (the stop handler interrupts the main thread anywhere, even inside a lock
        # the event loop needs)
        closing.join(self._left(CLOSE_S))
        if self.local is not None and closing.is_alive():
            self.killed = True
            _quiet_teardown()   # the workers' deaths are chosen: no news
            _kill_workers(self.local)
            closing.join(self._left(CLOSE_S + KILLED_S))
        _closed_for_dask(self.client, self.local)
        if stop and self.local is not None:
            # whatever the close did: one that ended within its time may still have left the
            # cluster's queues open (its steps' time-outs are suppressed: the full suite once
            # had 4 semaphores leaked after workers were killed and the close thread ended);
            # semaphores already released are not in the registry any more
            _release_semaphores()

    def _left(self, bound_s: float) -> float:
        """Seconds left until `bound_s` after the close started (0 once past)."""
        return max(0.0, self._started + bound_s - time.monotonic())


def _close_in_order(client, local, timeout: float, quiet: bool) -> None:
    """The client closed, then the cluster, each step whatever the one before did (a client
    whose close timed out still has its cluster closed); `quiet`: the workers' logs silenced
    first (a stop: its runs are dropped on purpose). The first step waits for every worker,
    without a time limit of Dask's: the caller bounds the whole (`Shutdown`)."""
    if quiet and local is not None:
        with contextlib.suppress(Exception):
            client.run(_quiet_teardown, on_error="ignore")
    with contextlib.suppress(Exception):
        client.close(timeout=timeout)
    if local is not None:
        with contextlib.suppress(Exception):
            local.close(timeout=timeout)


def _closed_for_dask(client, local) -> None:
    """Mark `client` and `local` closed, as a close that ended in order leaves them: else
    Dask's own exit hooks (`distributed.deploy.spec.close_clusters`, the default client's
    close) closed them again at Python's exit, 10 s and 3 s at most each, and a `__del__`
    without a bound. Plain attributes, read by those hooks before anything else."""
    from distributed.core import Status

    with contextlib.suppress(Exception):
        client.status = "closed"
    if local is not None:
        with contextlib.suppress(Exception):
            local.status = Status.closed


def _kill_workers(local) -> None:
    """SIGKILL the worker processes of the LocalCluster `local`, its nannies first told that
    the cluster is closing (a nanny restarts a worker that dies otherwise)."""
    import os
    import signal

    from distributed import Nanny
    from distributed.core import Status

    for nanny in list(getattr(local, "workers", {}).values()):
        if not isinstance(nanny, Nanny):   # a cluster of threads: no process to kill
            continue
        with contextlib.suppress(Exception):
            # a plain attribute the event loop reads when a worker exits (`Nanny._on_worker_exit`)
            nanny.status = Status.closing_gracefully
            pid = nanny.process.process.pid if nanny.process is not None else None
            if pid:
                os.kill(pid, signal.SIGKILL)


def _release_semaphores() -> None:
    """Unlink and unregister the semaphores of this process's multiprocessing objects (the
    local cluster's queues), as Python's own exit does (`multiprocessing.util`'s exit function
    runs these finalizers; a stop ends with `os._exit`, which runs none): else the resource
    tracker warns of "leaked semaphore objects" after eitflow's message."""
    from multiprocessing import util

    run = getattr(util, "_run_finalizers", None)
    if run is not None:
        with contextlib.suppress(Exception):
            run(0)   # the finalizers of exit priority 0 and above: semaphores' and queues'


def _quiet_teardown() -> None:
    """Dask's loggers of this process silenced: a sweep's cluster is being torn down (the
    scheduler logs a closed client's comm at CRITICAL itself, with a traceback)."""
    import logging

    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
