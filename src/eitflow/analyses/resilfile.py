"""resilience.csv in a run directory: `eitflow resilience SCEN --out RUN` writes the table there,
and the report and results.xlsx re-rendered from RUN (`eitflow report RUN`) read it back, so
the printed table, the CSV, the sheet and the report show one frame's figures.

The file does not depend on the language `resilience` ran in: its figures are numbers, its
site_id, zone, status and objective_unit codes, and each cell that lists things in words
(`resilsay.SAID_COLUMNS`: stranded_links, stranded_shared, partners, shortfall) is there once per
language, `partners_en`, `partners_fr` (`run_table`); `read_resilience(RUN, lang)` gives them back
as `partners` etc. in the report's language. Before, they were in the language resilience ran
in, and a French report of a run whose resilience ran in English showed English cells."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.analyses.resilsay import SAID_COLUMNS
from eitflow.i18n import LANGS, Phrase
from eitflow.results.rundir import RunDirError, read_summary
from eitflow.results.spreadsheet import restore_frame
from eitflow.scenario import Scenario

#: the file's name in a run directory
RESILIENCE_FILE = "resilience.csv"

#: its text columns (every other column is a number: EUR/yr, tCO2/yr, EUR, counts, the gap)
TEXT_COLUMNS = ("site_id", "name", "zone", "objective_unit", "stranded_links", "stranded_shared", "partners",
                "shortfall", "outlets_lost", "status", "status_fresh", "net_benefit_lost_sunk_figure", "net_benefit_lost_sunk_fresh_figure")


def run_table(df: pd.DataFrame) -> pd.DataFrame:
    """`resilience`'s table as the run directory keeps it: each list column in every language of
    `df.attrs["said"]` (`resilience(..., langs=LANGS)`), `partners_en`, `partners_fr`, in the
    column's place; `df` as it is without them."""
    said = df.attrs.get("said") or {}
    if not said:
        return df
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        if c in SAID_COLUMNS:
            for g, frame in said.items():
                out[f"{c}_{g}"] = frame[c].to_numpy()
        else:
            out[c] = df[c]
    return out


def _said(df: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """A run table's list columns in `lang` (`partners_fr` read as `partners`), the other
    languages' dropped; a file written before they were per language as it is."""
    if lang is None or not any(f"{c}_{lang}" in df.columns for c in SAID_COLUMNS):
        return df
    out = df.rename(columns={f"{c}_{lang}": c for c in SAID_COLUMNS})
    out = out.drop(columns=[f"{c}_{g}" for c in SAID_COLUMNS for g in LANGS if f"{c}_{g}" in out.columns])
    out.attrs["file_columns"] = {c: f"{c}_{lang}" for c in SAID_COLUMNS}   # where each came from
    return out


def same_inputs(run_dir: Path, scen: Scenario) -> None:
    """Refuse a scenario whose tables are not those RUN_DIR was made from (summary.json's `inputs`:
    each file's sha256): `eitflow resilience tavaux_h2/scenario.yaml --out runs/redon_h2` wrote
    Tavaux's closures into the Redon run, whose report then listed them under its own title. The
    tables (sites.csv, flows.csv...) are compared, each by its key, and the scenario's own file only
    where it holds them (a workbook); the run directory itself as SCENARIO reads its inputs/ copies,
    byte for byte the same. A run without recorded inputs (a scenario built from DataFrames), or a
    scenario without files, is not checked.

    Parameters
    ----------
    run_dir : Path
        The run directory resilience.csv goes into (its summary.json's `inputs`).
    scen : Scenario
        The scenario read from SCENARIO: its `source` and `files` (the paths read).

    Raises
    ------
    RunDirError
        Naming the first table that differs, the run's file it should be, and what to give instead.
    """
    from eitflow.results.rundir import sha256

    was = read_summary(run_dir).get("inputs") or {}
    files: dict[str, Path | None] = dict(scen.files)
    if not was or (scen.source is None and not files):
        return
    # the tables, by key; a workbook's are in the scenario's own file
    keys = sorted(set(files) | (set(was) - {"scenario"})) if files else ["scenario"]
    files = files or {"scenario": scen.source}
    for key in keys:
        mine, theirs = files.get(key), was.get(key) or {}
        same = mine is not None and Path(mine).is_file() and sha256(Path(mine)) == theirs.get("sha256")
        if not same:
            edited = mine is not None and theirs.get("path") and Path(mine).resolve() == Path(theirs["path"]).resolve()
            raise RunDirError(Phrase("resil_out_edited_inputs" if edited else "resil_out_other_inputs", run=str(run_dir), table=key,
                                     mine=str(mine) if mine is not None else "-",
                                     was=str(theirs.get("path") or "-")))


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


def read_resilience(run_dir: str | Path, lang: str | None = None) -> pd.DataFrame | None:
    """RUN_DIR/resilience.csv as `analyses.resilience.resilience` made it (text cells as
    written, numbers as floats: EUR/yr, tCO2/yr, EUR), or None where the run has none. With
    `lang` ('en', 'fr'), its list columns in that language (`partners_fr` as `partners`: the
    report's and the sheet's); None: each language's column as in the file.

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
        text = {*TEXT_COLUMNS, *(f"{c}_{g}" for c in SAID_COLUMNS for g in LANGS)}
        df = pd.read_csv(path, dtype={c: str for c in text}, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise RunDirError(Phrase("resil_file_bad", path=str(path), why=str(exc).strip())) from None
    for c in ("site_id", "net_benefit_lost_eur_per_yr", "stranded_investment_eur"):
        if c not in df.columns:
            raise RunDirError(Phrase("resil_file_column", path=str(path), col=c))
    for c in df.columns:
        if c in text:
            df[c] = df[c].fillna("").astype(str)
            continue
        num = pd.to_numeric(df[c], errors="coerce")
        bad = np.flatnonzero(num.isna().to_numpy() & df[c].notna().to_numpy())
        if len(bad):
            raise RunDirError(Phrase("resil_file_cell", path=str(path), row=int(bad[0]) + 2, col=c,
                                     found=str(df[c].iat[int(bad[0])])[:40]))
        df[c] = num.astype(float)
    return _mixed(_said(restore_frame(df, tuple(text)), lang))


#: a file written before the losses were two lists: its one list held buyers and sellers alike
MIXED = "losses_mixed"


def _mixed(df: pd.DataFrame) -> pd.DataFrame:
    """A file without `outlets_lost` (written before what buyers lack and what suppliers no
    longer sell were two lists): its `shortfall` holds both, so it is read as `losses_mixed`
    ("what partners lose", not "what buyers lack", which would mislabel its sellers)."""
    if any(c == "outlets_lost" or c.startswith("outlets_lost_") for c in df.columns):
        return df
    names = {c: MIXED + c[len("shortfall"):] for c in df.columns if c == "shortfall" or c.startswith("shortfall_")}
    if not names:
        return df
    out = df.rename(columns=names)
    out.attrs = dict(df.attrs)
    if "file_columns" in out.attrs:
        out.attrs["file_columns"] = {names.get(k, k): v for k, v in out.attrs["file_columns"].items()}
    return out
