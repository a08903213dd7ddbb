"""Where a sweep's files live: a local directory, or any fsspec URL (s3://, gs://, az://,
memory://...) for object storage. Only the client writes here; workers return bytes.

A run is finished when runs/<id>/summary.json exists. Locally a run directory is written into
a hidden temporary sibling and renamed into place (a killed client leaves no half-written
run; leftovers of one are removed when the sweep starts again), and tables grow by whole
lines, each in one write. On object storage every file is one atomic PUT and summary.json
is written last, so a run with some files but no summary.json is simply unfinished.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import eitflow.procs as procs
from eitflow.io.atomic import TMP_TAG, write_bytes


class SweepLockedError(RuntimeError):
    """Another sweep client is writing this sweep directory."""


def is_url(location: str | Path) -> bool:
    """Whether `location` is a URL for fsspec (file:// URLs count as local paths)."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def local_path(location: str | Path) -> Path:
    """A local sweep location (a path, or a file:// URL) as a path, ~ expanded."""
    text = str(location)
    return Path(text[len("file://"):] if text.startswith("file://") else text).expanduser()


class Store:
    """A sweep directory: `location` is a local path (made absolute here) or an fsspec URL."""

    def __init__(self, location: str | Path):
        text = str(location)
        self.fs = None
        if is_url(text):
            import fsspec

            self.fs, path = fsspec.core.url_to_fs(text)
            self.root = path.rstrip("/")
            self.url = text.rstrip("/")
        else:
            path = local_path(text).resolve()
            self.root = str(path)
            self.url = self.root
            path.mkdir(parents=True, exist_ok=True)
        self._lock_fd: int | None = None

    @property
    def local(self) -> Path | None:
        """The directory, when it is on this machine's disk."""
        return None if self.fs is not None else Path(self.root)

    def path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def __str__(self) -> str:
        return self.url

    # ---------------------------------------------------------------- whole files
    def put(self, rel: str, data: bytes) -> None:
        """Write one file, replacing it at once (a reader sees the old or the new file)."""
        if self.fs is not None:
            self.fs.pipe_file(self.path(rel), data)
            return
        target = Path(self.path(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, data)

    def get(self, rel: str) -> bytes | None:
        """A file's bytes, or None when it does not exist."""
        try:
            if self.fs is not None:
                return self.fs.cat_file(self.path(rel))
            return Path(self.path(rel)).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.path(rel)) if self.fs is not None else os.path.exists(self.path(rel))

    def append(self, rel: str, data: bytes) -> bool:
        """Append whole lines in one write (False on object storage, which cannot append)."""
        if self.fs is not None:
            return False
        fd = os.open(self.path(rel), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        return True

    # ---------------------------------------------------------------- runs
    def put_run(self, rid: str, files: dict[str, bytes]) -> None:
        """Write runs/<rid>/ with `files` (relative path -> bytes), summary.json last."""
        names = sorted(files, key=lambda n: n == "summary.json")
        if self.fs is not None:
            for name in names:
                self.fs.pipe_file(self.path(f"runs/{rid}/{name}"), files[name])
            return
        runs = Path(self.path("runs"))
        runs.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{rid}{TMP_TAG}", dir=runs))
        try:
            for name in names:
                p = tmp / name
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(files[name])
            target = runs / rid
            # a stop (Ctrl-C) counts the runs written to say so (`cli.sweep`): it holds this lock
            # from before it counts, so a run lands before the count, or never
            with procs.registering():
                if target.exists():  # an unfinished directory (no summary.json) of another writer
                    shutil.rmtree(target)
                os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def finished(self) -> set[str]:
        """Ids of the runs whose summary.json exists (one listing, not one request per run)."""
        if self.fs is not None:
            found = self.fs.glob(self.path("runs/*/summary.json"))
            return {p.rstrip("/").split("/")[-2] for p in found}
        runs = Path(self.path("runs"))
        if not runs.is_dir():
            return set()
        return {e.name for e in os.scandir(runs)
                if not e.name.startswith(".") and os.path.exists(os.path.join(e.path, "summary.json"))}

    def clean_partial(self) -> int:
        """Remove what a killed client left half-written (temporary directories and files)."""
        if self.fs is not None:
            return 0
        n = 0
        for folder in (Path(self.root), Path(self.root) / "runs"):
            if not folder.is_dir():
                continue
            for e in os.scandir(folder):
                if e.name.startswith(".") and TMP_TAG in e.name:
                    shutil.rmtree(e.path, ignore_errors=True) if e.is_dir() else os.unlink(e.path)
                    n += 1
        return n

    # ---------------------------------------------------------------- one writer
    def lock(self, out_name: str = "out") -> None:
        """Hold the sweep directory for this client (`SweepLockedError` if another holds it).
        Object storage has no lock: run one client per sweep there. `out_name`: how the
        message names the destination (`run_sweep`'s argument; the command line's --out)."""
        if self.fs is not None:
            return
        import fcntl

        fd = os.open(self.path(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip()
            os.close(fd)
            from eitflow.i18n import Phrase

            pid = Phrase("sweep_e_locked_pid", pid=holder) if holder else ""
            raise SweepLockedError(Phrase("sweep_e_locked", path=self.root, pid=pid, out=out_name)) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None


def recorded_lang(location: str | Path) -> str | None:
    """The language the sweep at `location` was written in (its sweep.json's `lang`), or None
    (a new directory, or one written before sweep.json said it): a sweep resumed without
    --lang keeps it, as `eitflow report RUN` keeps a run's."""
    import json

    if is_url(location):
        data = Store(location).get("sweep.json")
    else:
        p = local_path(location) / "sweep.json"
        data = p.read_bytes() if p.is_file() else None
    try:
        lang = json.loads(data).get("lang") if data else None
    except (ValueError, AttributeError):
        return None
    return lang if isinstance(lang, str) else None


def refuse_foreign_directory(out: str | Path, out_name: str = "out") -> None:
    """A sweep writes into a new or empty directory, or a sweep's own (its sweep.json: resumed);
    any other existing directory is refused before anything is written, as `run` refuses one
    (README, Output safety). It wrote into any: a user's results.csv and plan.csv were replaced,
    and an `eitflow run` directory or the base scenario's own folder took a sweep's files.
    Hidden entries (a lock, a killed client's leftovers) do not count; object storage is not
    looked at (`store.Store`)."""
    from eitflow.i18n import Phrase
    from eitflow.sweep.spec import SweepError

    if is_url(out):
        return
    p = local_path(out)
    if not p.is_dir() or (p / "sweep.json").is_file():
        return
    seen = sorted(e.name for e in p.iterdir() if not e.name.startswith("."))
    if seen:
        raise SweepError(Phrase("sweep_e_not_sweep_dir", out=f"{out_name} {p}",
                                names=", ".join(seen[:4]) + (", ..." if len(seen) > 4 else "")))
