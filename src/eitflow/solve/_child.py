"""The watchdog's solver process: ``python -m eitflow.solve._child``.

Speaks over its standard streams with the parent (`solve.watchdog`), in frames of an
8-byte big-endian length and a pickle:

* stdin, one request: (MilpArrays, SolverOptions, solver time limit in s or None for the
  time left until the deadline, start or None, scratch directory, deadline in epoch s); after it, stdin stays open for as long as the parent wants the
  solve: end of file (the parent closed it, or died) kills this process and its group;
* stdout: ("ready",) once imported, ("inc", objective, bound, z) for each improving
  solution, then ("done", BatchResult) or ("error", message).

The solver's own output goes to /dev/null. On Linux the process was started with a
parent-death signal (`procs.spawn`), so it never outlives the parent even when stdin
cannot tell (a parent frozen, not dead, is stopped by the parent's own deadline).
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import time
from typing import Any, BinaryIO

HEADER = struct.Struct(">Q")


def write_frame(fh: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(HEADER.pack(len(data)) + data)
    fh.flush()


def read_frame(fh: BinaryIO) -> Any:
    head = fh.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError
    size = HEADER.unpack(head)[0]
    data = fh.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - from the parent that started us


def _die_with_stdin(stdin: BinaryIO) -> None:
    """Block on stdin; at end of file the parent is gone or wants us gone."""
    try:
        while stdin.read(65536):
            pass
    except (OSError, ValueError):
        pass
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)  # this process and the CBC binary it may run
    finally:
        os._exit(3)


def main() -> None:
    proto = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the solver's banner and logs must not reach the parent's protocol
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    stdin = sys.stdin.buffer
    import numpy as np

    from eitflow.solve.backends import backend  # import before saying ready: the slow part

    write_frame(proto, ("ready",))
    try:
        arr, opts, limit, start, scratch, deadline = read_frame(stdin)
    except EOFError:
        os._exit(0)
    threading.Thread(target=_die_with_stdin, args=(stdin,), daemon=True).start()
    if scratch:
        tempfile.tempdir = scratch  # CBC's model and solution files go where the parent removes them
    lock = threading.Lock()

    def on_incumbent(obj: float, bound: float, z: np.ndarray) -> None:
        with lock:
            write_frame(proto, ("inc", obj, bound, z))

    if limit is None:
        limit = max(deadline - time.time(), 0.01)
    try:
        res = backend(opts.name).solve(arr, opts, limit, start=start, on_incumbent=on_incumbent)
        with lock:
            write_frame(proto, ("done", res))
    except BaseException as exc:  # reported to the parent, which returns status error
        with lock:
            write_frame(proto, ("error", f"{type(exc).__name__}: {exc}"))
    os._exit(0)


if __name__ == "__main__":
    main()
