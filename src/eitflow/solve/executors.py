"""Where batches run: how many at once an executor takes, and a Dask cluster as an executor.

`optimise(scen, executor=...)` accepts any `concurrent.futures.Executor`: a process pool, or
a Dask cluster's (`dask_executor`), so one scenario's components — first pass, LP-guided
starts and the gap-closing second pass — are spread over the cluster's workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from eitflow.i18n import Phrase


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


class SchedulerError(ConnectionError):
    """A Dask scheduler that cannot be used: its address (or scheduler file) and why."""


PROBE_S = 5.0  # how long a scheduler has to greet a new connection (it does at once)


def connect(scheduler: str, timeout: float | None = None):
    """A dask.distributed Client of `scheduler`: an address (tcp://host:8786) or the path of
    the JSON file `dask scheduler --scheduler-file FILE` writes (the usual way on SLURM/PBS).

    Raises
    ------
    SchedulerError
        At once, naming the address, where nothing could work: a scheduler file that does not
        exist or holds no address, an address Dask cannot read, a host that does not resolve,
        nothing listening on the port, or a server there that is not a Dask scheduler (an
        HTTP server such as the dashboard's port: Dask itself would wait on it for ever, or
        fail with a memory error). Within `timeout` (s; Dask's connect timeout, 30 s by
        default) when the scheduler does not answer.
    """
    import json
    import os

    from dask.distributed import Client

    address = scheduler
    if "://" not in scheduler and (os.path.isfile(scheduler) or scheduler.endswith(".json") or os.sep in scheduler):
        try:
            with open(scheduler, encoding="utf-8") as fh:
                address = json.load(fh)["address"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SchedulerError(Phrase("sched_file_missing" if isinstance(exc, FileNotFoundError)
                                        else "sched_file_no_address", file=scheduler)) from None
    _probe(str(address), scheduler)
    try:
        return Client(address, timeout=timeout) if timeout else Client(address)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(Phrase("sched_cannot_connect", where=str(address), error=str(exc))) from None


def _probe(address: str, given: str) -> None:
    """Check, before Dask tries (it retries a refused connection for 30 s and waits for ever
    on a server that never answers), that `address` names a Dask scheduler: the scheme is one
    Dask knows, and for tcp:// the host resolves, something listens on the port and greets
    us first as a Dask server does (8 bytes: the length of its handshake). An HTTP server
    says nothing until it is asked. (The scheduler logs the probe at INFO: "closed before
    handshake completed".)"""
    import socket
    import struct

    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    where = address if address == given else f"{address} (from {given})"
    try:
        scheme, loc = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"unknown scheme '{scheme}://' (Dask knows {', '.join(sorted(backends))}://)")
        if scheme != "tcp":
            return
        host, port = parse_host_port(loc)
        if not 0 < int(port) < 65536:
            raise ValueError(f"port {port} out of range")
    except ValueError as exc:
        raise SchedulerError(Phrase("sched_bad_address", where=where, error=str(exc))) from None
    try:
        sock = socket.create_connection((host, port), timeout=PROBE_S)
    except socket.gaierror as exc:
        raise SchedulerError(Phrase("sched_unknown_host", where=where, host=host, error=str(exc.strerror))) from None
    except ConnectionRefusedError:
        raise SchedulerError(Phrase("sched_refused", where=where)) from None
    except OSError as exc:  # a timeout, no route to the host
        raise SchedulerError(Phrase("sched_unreachable", where=where, error=str(exc or "no answer"))) from None
    try:
        sock.settimeout(PROBE_S)
        head = b""
        while len(head) < 8:
            got = sock.recv(8 - len(head))
            if not got:
                break
            head += got
    except OSError:
        head = b""
    finally:
        sock.close()
    if len(head) < 8 or struct.unpack("<Q", head)[0] > 2**20:
        raise SchedulerError(Phrase("sched_not_dask", where=where))


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
