"""What `eitflow resilience` says around its table (`cli.analyses.resilience_cmd`): the single-
supplier cap's cost, and the notes after the table (re-solves over generated corridors, losses
with the plan already built that are only upper bounds)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.closure import generated_note
from eitflow.analyses.resilgain import gain_notes
from eitflow.analyses.stranded import sunk_note
from eitflow.results.summary import status_word
from eitflow.results.target import RunLock, run_dir_lock


def hold_run_dir(run_dir: Path, force: bool) -> tuple[RunLock, Path]:
    """RUN_DIR checked (`resilfile.resilience_target`: a run directory, no resilience.csv there
    without `force`) and locked (`results.target.run_dir_lock`, `eitflow run`'s lock, held until
    the file is in place: a run, a report or another resilience on it meanwhile is refused, not
    interleaved), then checked again, since another writer may have been there first.

    Returns
    -------
    (RunLock, Path)
        The lock held (release it) and RUN_DIR/resilience.csv.

    Raises
    ------
    RunDirError, TargetError, OSError
        Not a run directory, a resilience.csv there without `force`, or RUN_DIR held by another
        eitflow process; nothing held then.
    """
    from eitflow.analyses.resilfile import resilience_target

    resilience_target(run_dir, force)
    lock = run_dir_lock(run_dir, holder="eitflow resilience")
    try:
        return lock, resilience_target(run_dir, force)
    except BaseException:
        lock.release()
        raise


def cap_line(df: pd.DataFrame, lang: str) -> str:
    """The line on `--max-supplier-share`'s cost (`df.attrs["supplier_cap"]`: the objective
    uncapped and capped, in the objective's unit, EUR/yr or tCO2/yr); "" without a cap."""
    cap = df.attrs.get("supplier_cap")
    if not cap:
        return ""
    num = lambda v: i18n.text("resil_no_solution", lang) if v is None else i18n.number(v, lang, 2)  # noqa: E731
    share = i18n.number(cap["max_supplier_share"], lang, 2).rstrip("0").rstrip(".,")
    unit = i18n.unit(df.attrs["base"]["objective_unit"], lang)
    rows = i18n.number(cap["n_cap_rows"], lang)
    if cap["objective_capped"] is None:   # it read 'objective 3,827,154.02 -> no solution EUR/yr'
        a = cap["objective_uncapped"]
        return i18n.text("resil_cap_none", lang, share=share, rows=rows,
                         status=status_word(str(df.attrs["base"]["status"]), lang),
                         a=num(a) if a is None else f"{num(a)} {unit}")
    return i18n.text("resil_cap", lang, share=share, rows=rows, a=num(cap["objective_uncapped"]),
                     b=num(cap["objective_capped"]), cost=num(cap["cap_cost"]), unit=unit)


def after_table(df: pd.DataFrame, lang: str) -> list[str]:
    """The notes after the table: over which corridors the closures were re-solved and whether a
    fresh run loses the same (`closure.generated_note`), then the losses with the plan already
    built that are only upper bounds, with their intervals (`stranded.sunk_note`), then the
    closures that raise the CO2 avoided or the net benefit, and why (`resilgain.gain_notes`)."""
    return [n for n in (generated_note(df, lang), sunk_note(df, lang), *gain_notes(df, lang)) if n]
