"""Child processes and temporary files that never outlive eitflow.

Every child eitflow starts (the watchdog's solver process, the CBC binary) is started by
`spawn`: in a process group of its own (so one `killpg` stops it and whatever it started)
and, on Linux, with a parent-death signal (``PR_SET_PDEATHSIG`` = SIGKILL, set by a tiny
exec wrapper, not by `preexec_fn`, which is unsafe in a process with threads): the child is
killed by the kernel the moment the process that started it dies, even by SIGKILL. Pool
workers (`--workers`) set the same signal in their initializer (`worker_init`).

Temporary files and directories are registered (`temp_dir`, `track_path`) and removed on
every path out: normally by their context managers, at exit by `cleanup`, and when the
process is killed (SIGKILL, SIGTERM, SIGINT) by a guardian: a small separate Python process
(`start_guardian`, started by the command line) that holds the read end of a pipe; when
eitflow dies the pipe closes and the guardian removes what is still registered and kills the
process groups still registered, then exits. On SIGTERM or SIGINT the command line prints
a clear message and exits at once (`install_signal_handlers`: a thread woken through the
signal wakeup fd, so it works while the main thread is inside a solver).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

_lock = threading.RLock()
_paths: dict[str, None] = {}          # registered temporary paths, in order
_groups: dict[int, subprocess.Popen] = {}  # process-group id -> its leader
_guard: subprocess.Popen | None = None
_guard_fd: int | None = None
_owner = os.getpid()
# what closes a resource of this process's own on a stop signal, before it exits (a sweep's
# local Dask cluster: closed, its multiprocessing semaphores are released, not left to the
# resource tracker, which warns of "leaked semaphore objects" after eitflow's message)
_closers: dict[int, Callable[[], None]] = {}

SCRATCH_PREFIX = "eitflow-"

# Started as `python -S -I -c WRAP PARENT_PID PROGRAM ARGS...`: asks the kernel to SIGKILL it
# when its parent dies, checks that the parent is still the one that started it (it may have
# died in between), then becomes PROGRAM. The signal survives exec.
_WRAP = ("import ctypes,os,sys\n"
         "ctypes.CDLL(None,use_errno=True).prctl(1,9,0,0,0)\n"
         "os.getppid()==int(sys.argv[1]) or os._exit(70)\n"
         "os.execv(sys.argv[2],sys.argv[2:])\n")

# The guardian: reads "+p PATHHEX", "-p PATHHEX", "+g PGID", "-g PGID" lines until the pipe
# closes, then kills the registered groups and removes the registered paths.
_GUARD = r"""
import os, shutil, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
paths, groups = {}, {}
for line in sys.stdin.buffer:
    cmd, _, arg = line.decode("ascii", "replace").strip().partition(" ")
    if cmd == "+p": paths[arg] = 1
    elif cmd == "-p": paths.pop(arg, None)
    elif cmd == "+g": groups[arg] = 1
    elif cmd == "-g": groups.pop(arg, None)
for g in groups:
    try: os.killpg(int(g), signal.SIGKILL)
    except (OSError, ValueError): pass
for p in paths:
    p = os.fsdecode(bytes.fromhex(p))
    try:
        if os.path.isdir(p) and not os.path.islink(p): shutil.rmtree(p, ignore_errors=True)
        else: os.unlink(p)
    except OSError: pass
"""


def linux() -> bool:
    return sys.platform.startswith("linux")


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux); False
    where not available."""
    if not linux():
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(1, int(sig), 0, 0, 0) == 0  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return False


def _tell(line: str) -> None:
    """Send one line to the guardian (atomic: shorter than PIPE_BUF)."""
    fd = _guard_fd
    if fd is None:
        return
    with contextlib.suppress(OSError):
        os.write(fd, (line + "\n").encode("ascii"))


def track_path(path: str | Path) -> None:
    """Register a temporary file or directory: removed at exit, on a signal, or by the
    guardian if eitflow is killed."""
    p = os.path.abspath(os.fspath(path))
    with _lock:
        _paths[p] = None
    _tell("+p " + os.fsencode(p).hex())


def untrack_path(path: str | Path) -> None:
    """Forget a registered path (it was removed, or committed under its final name)."""
    p = os.path.abspath(os.fspath(path))
    with _lock:
        _paths.pop(p, None)
    _tell("-p " + os.fsencode(p).hex())


def remove_path(path: str | Path) -> None:
    """Remove a file or directory tree (no error if it is gone), then forget it."""
    p = os.fspath(path)
    with contextlib.suppress(OSError):
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.unlink(p)
    untrack_path(p)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_scratch(base: str) -> None:
    """Scratch directories of eitflow processes that no longer exist (killed without a
    guardian): removed when the next one is made."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if not entry.name.startswith(SCRATCH_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            parts = entry.name[len(SCRATCH_PREFIX):].split("-")
            if len(parts) >= 2 and parts[0].isdigit() and int(parts[0]) != os.getpid() \
                    and not _pid_alive(int(parts[0])):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def temp_dir(purpose: str = "tmp", base: str | Path | None = None) -> Iterator[Path]:
    """A registered temporary directory (`<tmp>/eitflow-<pid>-<purpose>-XXXX`), removed when
    the block ends, at exit, on a signal, or by the guardian."""
    base = os.fspath(base) if base is not None else tempfile.gettempdir()
    _remove_stale_scratch(base)
    with registering():
        path = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{purpose}-", dir=base)
        track_path(path)
    try:
        yield Path(path)
    finally:
        remove_path(path)


def spawn(argv: list[str], group: bool = True, **popen_kw) -> subprocess.Popen:
    """Start a child that dies with this process: its own process group (`group`, so
    `kill_group` stops it and its own children) and, on Linux, SIGKILL when this process
    dies (through the exec wrapper). Registered until `kill_group` or `forget`."""
    cmd = list(argv)
    if linux():
        cmd = [sys.executable, "-S", "-I", "-c", _WRAP, str(os.getpid()), *cmd]
        if not os.path.isabs(argv[0]):
            found = shutil.which(argv[0])
            cmd[6] = found or argv[0]
    popen_kw.setdefault("close_fds", True)
    proc = subprocess.Popen(cmd, start_new_session=group, **popen_kw)
    if group:
        with _lock:
            _groups[proc.pid] = proc
        _tell(f"+g {proc.pid}")
    return proc


def kill_group(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    """SIGKILL the child's process group (the child and what it started), reap it, forget it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout)
    forget(proc)


def forget(proc: subprocess.Popen) -> None:
    """Stop tracking a child that has ended (its group is killed before, for stragglers)."""
    if proc.poll() is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with _lock:
        _groups.pop(proc.pid, None)
    _tell(f"-g {proc.pid}")


def close_on_stop(close: Callable[[], None]) -> int:
    """Call `close` if a stop signal ends the command (`install_signal_handlers`), after its
    message and before the children are killed; the key for `forget_close`."""
    with _lock:
        key = max(_closers, default=0) + 1
        _closers[key] = close
    return key


def forget_close(key: int) -> None:
    with _lock:
        _closers.pop(key, None)


def cleanup() -> None:
    """Kill every registered child group and remove every registered path (idempotent).
    Runs at exit; the command line also calls it on SIGTERM and SIGINT."""
    if os.getpid() != _owner:
        return
    with _lock:
        groups = list(_groups.values())
        paths = list(_paths)
    for proc in groups:
        kill_group(proc, timeout=1.0)
    for p in reversed(paths):
        remove_path(p)


atexit.register(cleanup)


def start_guardian() -> None:
    """Start the guardian (once per process): it removes the registered paths and kills the
    registered groups if this process dies without doing it (SIGKILL). Cheap: a Python
    without site packages, ~15 ms."""
    global _guard, _guard_fd
    if _guard is not None:
        return
    r, w = os.pipe()
    try:
        _guard = subprocess.Popen([sys.executable, "-S", "-I", "-c", _GUARD], stdin=r, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    finally:
        os.close(r)
    _guard_fd = w
    with _lock:
        for p in _paths:
            _tell("+p " + os.fsencode(p).hex())
        for g in _groups:
            _tell(f"+g {g}")


def guardian_pid() -> int | None:
    return None if _guard is None else _guard.pid


def worker_init() -> None:
    """Initializer of pool worker processes (forked): die with the parent, leave Ctrl-C to
    the parent (it stops the pool), and own nothing of the parent's registrations."""
    global _owner
    ppid = os.getppid()
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != ppid:  # the parent died before the signal was set
        os._exit(70)
    with _lock:
        _paths.clear()
        _groups.clear()
    _owner = os.getpid()


_stop_message: Callable[[int], str] | None = None
_stopping = threading.Lock()
_registering = threading.Lock()  # held from a path's creation to its registration
_registering_owner: int | None = None
_registering_wait = 5.0   # the most a stop waits for the block under way (s)
_deferred: list[int] = []


@contextlib.contextmanager
def registering(wait_s: float = 5.0) -> Iterator[None]:
    """A block that creates a path and registers it (`track_path`), or starts something and
    registers its closer (`close_on_stop`: a sweep's local cluster): a stop by SIGTERM,
    SIGINT or SIGHUP waits for the block to end, at most `wait_s` seconds, so the thing is
    never made unregistered and left behind. Keep the block to the creation and the
    registration."""
    global _registering_owner, _registering_wait
    try:
        with _registering:
            _registering_owner, _registering_wait = threading.get_ident(), wait_s
            try:
                yield
            finally:
                _registering_owner, _registering_wait = None, 5.0
    finally:
        if _deferred:
            _stop(_deferred[0])


def _stop(signum: int) -> None:
    """Leave now: a message, the registered children and paths removed, exit 128 + signal."""
    if _registering_owner == threading.get_ident():
        # the handler interrupted this very thread inside `registering`: stop when it ends
        _deferred.append(signum)
        return
    if not _stopping.acquire(blocking=False):
        return
    # another thread may be between creating a path and registering it: let it finish
    # (bounded: a stop must never hang); kept, so that no other path is created meanwhile
    _registering.acquire(timeout=_registering_wait)
    msg = f"eitflow: stopped by signal {signum}"
    with contextlib.suppress(Exception):   # the stop goes on, whatever its message does
        msg = _stop_message(signum) if _stop_message is not None else msg
    with contextlib.suppress(OSError):
        os.write(2, ("\n" + msg + "\n").encode("utf-8", "replace"))
    with _lock:
        closers = list(_closers.values())
    for close in closers:
        with contextlib.suppress(Exception):
            close()
    with contextlib.suppress(Exception):
        cleanup()
    os._exit(128 + signum)


def stopping() -> bool:
    """Whether a stop signal is ending the command (`_stop` is running, in some thread)."""
    return _stopping.locked()


STOP_WAIT_S = 60.0  # the most another thread waits for a stop under way to end the process


def install_signal_handlers(message: Callable[[int], str]) -> None:
    """SIGTERM, SIGINT and SIGHUP stop the command at once, whatever the main thread is doing
    (inside HiGHS, which releases the GIL, or waiting for a pool): the C-level handler
    writes the signal to a wakeup fd, a thread reads it, prints `message(signum)`, kills the
    children, removes the temporary files and exits with 128 + the signal number."""
    global _stop_message
    first = _stop_message is None
    _stop_message = message
    if not first:
        return
    r, w = os.pipe()
    os.set_blocking(w, False)
    signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, lambda signum, frame: _stop(signum))

    def watch() -> None:
        while True:
            try:
                data = os.read(r, 16)
            except OSError:
                return
            if not data:
                return
            for b in data:
                if b in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    _stop(b)

    threading.Thread(target=watch, name="eitflow-signals", daemon=True).start()
