"""resilience.csv in a run directory: `eitflow resilience SCEN --out RUN` writes the table there,
and the report and results.xlsx re-rendered from RUN (`eitflow report RUN`) read it back, so
the printed table, the CSV, the sheet and the report show one frame's figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.i18n import Phrase
from eitflow.results.rundir import RunDirError, read_summary
from eitflow.results.spreadsheet import neutralise_frame, restore_frame

#: the file's name in a run directory
RESILIENCE_FILE = "resilience.csv"

#: its text columns (every other column is a number: EUR/yr, tCO2/yr, EUR, counts, the gap)
TEXT_COLUMNS = ("site_id", "name", "zone", "objective_unit", "stranded_links", "stranded_shared", "partners",
                "shortfall", "status", "status_fresh")


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """Write a table as every analysis's ``--csv`` does: no live formula (`neutralise_frame`),
    floats to 10 significant digits, '\\n' line ends; written to a file of its own beside `path`
    and renamed into place in one step, so a reader sees the old file or the new one, never half
    of it, and a failed write leaves nothing behind."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)   # as the run's other files, not mkstemp's 0600
    try:
        neutralise_frame(df).to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def resilience_target(run_dir: Path, force: bool) -> Path:
    """Where `eitflow resilience --out RUN_DIR` writes: RUN_DIR/resilience.csv, checked before any
    solve. RUN_DIR must be an eitflow run directory (its summary.json); an existing
    resilience.csv is replaced only with `force`, as a run directory is.

    Raises
    ------
    RunDirError
        RUN_DIR is not a run directory, or resilience.csv exists and `force` is False.
    """
    read_summary(run_dir)   # a run directory, or RunDirError naming it
    path = Path(run_dir) / RESILIENCE_FILE
    if path.exists() and not force:
        raise RunDirError(Phrase("resil_out_exists", path=str(path)))
    if path.exists() and not path.is_file():
        raise RunDirError(Phrase("resil_out_not_file", path=str(path)))
    return path


def read_resilience(run_dir: str | Path) -> pd.DataFrame | None:
    """RUN_DIR/resilience.csv as `analyses.resilience.resilience` made it (text cells as
    written, numbers as floats: EUR/yr, tCO2/yr, EUR), or None where the run has none.

    Raises
    ------
    RunDirError
        The file cannot be read as a resilience table: naming the file, the row (header = 1) and
        the column, and what was expected.
    """
    path = Path(run_dir) / RESILIENCE_FILE
    if not path.is_file():
        return None
    try:
        df = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise RunDirError(Phrase("resil_file_bad", path=str(path), why=str(exc).strip())) from None
    for c in ("site_id", "net_benefit_lost_eur_per_yr", "stranded_investment_eur"):
        if c not in df.columns:
            raise RunDirError(Phrase("resil_file_column", path=str(path), col=c))
    for c in df.columns:
        if c in TEXT_COLUMNS:
            df[c] = df[c].fillna("").astype(str)
            continue
        num = pd.to_numeric(df[c], errors="coerce")
        bad = np.flatnonzero(num.isna().to_numpy() & df[c].notna().to_numpy())
        if len(bad):
            raise RunDirError(Phrase("resil_file_cell", path=str(path), row=int(bad[0]) + 2, col=c,
                                     found=str(df[c].iat[int(bad[0])])[:40]))
        df[c] = num.astype(float)
    return restore_frame(df, TEXT_COLUMNS)
