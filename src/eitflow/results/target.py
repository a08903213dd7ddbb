"""Where a run directory goes: checked before solving, locked while the run lasts, and
replaced in one step.

Rules (`check_target`), the same with and without a solve:

* a destination that does not exist, or an empty directory, is used;
* an existing non-empty directory is replaced only with ``force=True``, and only when it is
  an eitflow run directory (its summary.json, written by eitflow, says so): never a plain
  file, a symbolic link, a user's directory, the current directory or one of its parents,
  the home directory, or a directory holding the scenario's inputs;
* the parent must be writable (a read-only or missing destination is refused before
  solving, with the reason).

`RunLock` holds an advisory lock (``flock``) on ``.NAME.eitflow-lock`` beside the run from
before the solve until the run is committed: a second run on the same destination is refused
at once instead of silently replacing the first one's result, naming the command that holds it
and since when (the lock file records its process id, command and start, `lock_record`). The lock dies with its process,
and its file is removed (by the guardian, `procs`, if the process is killed). `commit` puts a
complete staged directory in place with one rename (an atomic exchange with the old run under
``force``, on Linux).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
import time
from pathlib import Path

import eitflow.procs as procs
from eitflow.i18n import Phrase

MIN_FREE_BYTES = 64 << 10  # a destination with less room is refused before solving
SUMMARY_KEYS = {"status", "objective_name", "versions"}  # what every summary.json eitflow writes holds
#: how a refusal names the destination and the switch that replaces a run: a Python caller's
#: arguments (`write_run(result, out, force=True)`) by default; the command line passes its options
PYTHON_NAMES = ("out", "force=True")
CLI_NAMES = ("--out", "--force")


class RunExistsError(FileExistsError):
    """The output directory exists and is not empty; pass force=True to replace it."""


class TargetError(ValueError):
    """The destination cannot or must not receive a run directory (exit 2, before solving)."""


class RunBusyError(TargetError):
    """Another eitflow run is writing the same destination."""


def is_run_dir(path: str | Path) -> bool:
    """Whether `path` is a directory eitflow wrote: a real directory whose summary.json (a
    regular file under 50 MB) is a JSON object with eitflow's summary keys."""
    p = Path(path)
    s = p / "summary.json"
    try:
        if p.is_symlink() or not p.is_dir() or s.is_symlink() or not s.is_file() or s.stat().st_size > 50 << 20:
            return False
        data = json.loads(s.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and SUMMARY_KEYS <= set(data)


def _within(a: Path, b: Path) -> bool:
    """Whether `a` is `b` or lies inside it (both resolved)."""
    try:
        return a == b or a.is_relative_to(b)
    except ValueError:  # pragma: no cover
        return False


def _writable_dir(out: Path) -> None:
    """The nearest existing ancestor of `out` must be a writable directory on a file system
    with room left."""
    a = out.parent
    while not a.exists() and a != a.parent:
        a = a.parent
    if not a.is_dir():
        raise TargetError(Phrase("tgt_parent_file", out=str(out), a=str(a)))
    try:
        st = os.statvfs(a)
        if st.f_flag & os.ST_RDONLY:
            raise TargetError(Phrase("tgt_readonly", out=str(out), a=str(a)))
        if st.f_bavail * st.f_frsize < MIN_FREE_BYTES:
            raise TargetError(Phrase("tgt_full", out=str(out), a=str(a)))
    except (OSError, AttributeError):
        pass
    if not os.access(a, os.W_OK | os.X_OK):
        raise TargetError(Phrase("tgt_permission", out=str(out), a=str(a)))


def check_target(out: str | Path, force: bool, inputs: list[Path] | tuple = (),
                 names: tuple[str, str] = PYTHON_NAMES) -> None:
    """Refuse a destination that must not or cannot receive a run directory (the rules in
    the module docstring). Raises `RunExistsError` (exists, no force) or `TargetError`.
    `names`: how the messages name the destination and the force switch (`PYTHON_NAMES`, the
    arguments; the command line's `CLI_NAMES`)."""
    out = Path(out)
    o, f = names
    if out.is_symlink():
        raise TargetError(Phrase("tgt_symlink", out=str(out)))
    if out.exists() and not out.is_dir():
        raise TargetError(Phrase("tgt_is_file", out=str(out), f=f))
    real = out.resolve()
    protected = {Path.cwd().resolve(): "tgt_cwd", Path.home().resolve(): "tgt_home", Path(real.anchor): "tgt_root"}
    for p, what in protected.items():
        if _within(p, real):
            raise TargetError(Phrase("tgt_protected", out=str(out), what=Phrase(what)))
    for p in inputs:
        if _within(Path(p).resolve(), real):
            raise TargetError(Phrase("tgt_input", out=str(out), p=str(p)))
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise RunExistsError(Phrase("tgt_exists", out=str(out), o=o, f=f))
        if not is_run_dir(out):
            raise TargetError(Phrase("tgt_not_run", out=str(out), o=o, f=f))
    _writable_dir(out)


#: what a lock file's holder may read as: a command ("eitflow run", "eitflow resilience") or a
#: Python function ("write_run"); anything else in the file is not said
_HOLDER = re.compile(r"[a-z][a-z_ .-]{0,39}")


def lock_record(holder: str, now: float | None = None) -> str:
    """What a lock file holds: the process id, the command holding the lock (`holder`) and
    since when (UTC, ISO 8601, to the second), a line each: "4242", "eitflow run",
    "2026-12-06T22:45:38Z". Before, the process id alone, so a refusal could say only
    "another eitflow run", whatever held it."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    return f"{os.getpid()}\n{holder}\n{stamp}\n"


def busy_phrase(record: str, out: Path, o: str) -> Phrase:
    """The refusal of a destination whose lock file holds `record` (`lock_record`): naming the
    command that holds it, its process and since when ("... is being written by 'eitflow
    resilience' (process 4242, since 2026-12-06 22:45:38 UTC)"); the process alone from a file
    with only its id (an older eitflow), nothing of it from one unreadable."""
    lines = [x.strip() for x in record.splitlines()]
    pid = lines[0] if lines and lines[0].isdigit() else ""
    holder = lines[1] if len(lines) > 1 and _HOLDER.fullmatch(lines[1]) else ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})Z", lines[2]) if len(lines) > 2 else None
    if pid and holder and m:
        since = Phrase("tgt_since", y=m[1], m=m[2], d=m[3], t=m[4])
        return Phrase("tgt_busy_by", out=str(out), cmd=holder, pid=pid, since=since, o=o)
    return Phrase("tgt_busy_pid" if pid else "tgt_busy", out=str(out), pid=pid, o=o)


class RunLock:
    """An exclusive advisory lock on the destination `out` (``.NAME.eitflow-lock`` beside
    it), held from before the solve until the run is committed. `holder`: the command taking
    it ("eitflow run", "eitflow report", "eitflow resilience"), written in the lock file with
    the process and the time (`lock_record`), so a second command refused names it."""

    def __init__(self, out: str | Path, names: tuple[str, str] = PYTHON_NAMES, holder: str = "eitflow run"):
        self.out = Path(out)
        self.names = names  # how a refusal names the destination (`check_target`)
        self.holder = holder
        self.path = self.out.parent / f".{self.out.name}.eitflow-lock"
        self.fd: int | None = None

    def acquire(self) -> RunLock:
        import fcntl

        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TargetError(Phrase("tgt_cannot_create", d=str(self.out.parent), why=str(exc.strerror))) from None
        while True:
            # created and registered in one block: a SIGTERM meanwhile never leaves it behind
            with procs.registering():
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                except OSError as exc:
                    raise TargetError(Phrase("tgt_cannot_write_in", d=str(self.out.parent), why=str(exc.strerror))) from None
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                        os.close(fd)
                        raise TargetError(Phrase("tgt_cannot_lock", p=str(self.path), why=str(exc.strerror))) from None
                    record = os.read(fd, 256).decode("ascii", "replace")
                    os.close(fd)
                    raise RunBusyError(busy_phrase(record, self.out, self.names[0])) from None
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(self.path))
                except FileNotFoundError:
                    same = False
                if not same:  # the file was removed (its holder finished) between open and lock: again
                    os.close(fd)
                    continue
                os.ftruncate(fd, 0)
                os.write(fd, lock_record(self.holder).encode("ascii", "replace"))
                self.fd = fd
                procs.track_path(self.path)
                return self

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        procs.untrack_path(self.path)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> RunLock:
        return self if self.fd is not None else self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def run_dir_lock(run_dir: str | Path, names: tuple[str, str] = CLI_NAMES, holder: str = "eitflow run") -> RunLock:
    """Hold an existing run directory for a command that adds to it (`eitflow resilience --out
    RUN_DIR` writing resilience.csv, `eitflow report RUN_DIR` its report and workbook): the lock
    `eitflow run` holds on it while writing it (``.NAME.eitflow-lock`` beside it), so two such
    commands, or one beside a run, are never interleaved: the second is refused at once.

    Parameters
    ----------
    run_dir : str or Path
        The run directory (it must exist: check it first, e.g. `rundir.read_summary`).
    names : (str, str)
        How a refusal names the destination's option (``--out`` by default; "RUN_DIR" for `report`).
    holder : str
        The command taking it ("eitflow resilience", "eitflow report"), as a refusal names it.

    Returns
    -------
    RunLock
        Acquired; `release` it (or use it as a context manager).

    Raises
    ------
    RunBusyError
        Another eitflow process holds the run directory (naming it and its process).
    TargetError
        The lock cannot be made beside it (a read-only parent directory).
    """
    return RunLock(Path(run_dir).resolve(), names, holder).acquire()   # `--out .` and `--out run/` lock `run` too


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def commit(staged: Path, out: Path) -> None:
    """Put the complete directory `staged` (in a staging directory beside `out`) in place of
    `out` in one step. An existing `out` (an empty directory, or a run replaced under force)
    ends up inside the staging directory, which the caller removes."""
    if out.is_dir() and any(out.iterdir()):
        if _exchange(staged, out):
            return
        os.replace(out, staged.parent / "replaced")  # pragma: no cover - not Linux
    os.replace(staged, out)
