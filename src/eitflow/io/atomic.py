"""One way to write a file: into a temporary file beside it, flushed to the disk, then renamed
over it in one step.

A reader (QGIS holding eitflow.gpkg, a browser reloading report.html, Excel opening
results.xlsx) sees the old file or the new one, never half of one; a write that fails (a full
disk, a Chromium that hangs, an interrupted command) leaves the old file as it was and no
temporary file behind. The temporary file is in the same directory, so the rename is one step
of one file system, and its name is hidden and unique (`TMP_TAG`: a sweep's `clean_partial`
removes what a killed process left), so two writers never share one.

Each writer of eitflow that replaces a file goes through `replacing` (a library that writes to
a path: openpyxl, matplotlib, GDAL, Chromium) or `write_bytes` / `write_text` (the bytes in
hand); see tests/test_atomic_writes.py.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: what every temporary file's name holds, after its target's (".NAME.tmp-XXXXXXXX")
TMP_TAG = ".tmp-"


def temp_beside(path: str | os.PathLike[str], suffix: str = "") -> Path:
    """A new hidden name beside `path` for its temporary file (``.NAME.tmp-XXXXXXXX`` +
    `suffix`, for a writer that picks its format by extension: GDAL's ``.gpkg``)."""
    path = Path(path)
    return path.with_name(f".{path.name}{TMP_TAG}{secrets.token_hex(4)}{suffix}")


def _fsync(path: Path) -> None:
    """Flush `path`'s bytes to the disk: a full disk on a file system that allocates late
    says so here, before the rename, not after it with the old file gone."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Flush the directory entry of the rename (best effort: not every file system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def replacing(path: str | os.PathLike[str], suffix: str = "") -> Iterator[Path]:
    """Write `path` through the temporary file this yields (`temp_beside`).

    The block writes the temporary file; when it ends without error the file is flushed to the
    disk and renamed over `path` in one step. On any error (in the block, the flush or the
    rename, an interrupt included) the temporary file is removed, `path` is left as it was and
    the error goes on. The directory of `path` must exist. Where `path` is a symbolic link, the
    file it points to is replaced (as writing in place did), not the link.

    Parameters
    ----------
    path : path-like
        The file to write (replaced if it exists).
    suffix : str, optional
        An ending for the temporary file's name, for writers that choose their format by it.

    Yields
    ------
    Path
        The temporary file to write; it does not exist yet.
    """
    path = Path(path)
    if path.is_symlink():   # a link to a shared folder's file stays a link: its target is written
        path = path.resolve()
    tmp = temp_beside(path, suffix)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` at once (`replacing`); the file gets the usual (umask) permissions.

    Returns
    -------
    Path
        `path`.
    """
    with replacing(path) as tmp:
        with open(tmp, "xb") as fh:
            fh.write(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` at once, encoded (UTF-8 by default) as it is: no newline
    translation; a text that cannot be encoded fails before the temporary file is made."""
    return write_bytes(path, text.encode(encoding))
