"""What `eitflow resilience` says around its table (`cli.analyses.resilience_cmd`): the single-
supplier cap's cost, the table as the terminal shows it (`table_view`), and the notes after the
table (the legend of its marks, re-solves over generated corridors, losses with the plan already
built that are only upper bounds)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.closure import generated_note
from eitflow.analyses.resilgain import gain_notes
from eitflow.analyses.resilheads import legend, short_label, shown_fresh
from eitflow.analyses.stranded import UPPER_BOUND, sunk_note
from eitflow.results.summary import plan_status
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
        # in plain words, as resilience's status columns (`plan_status`: "aucun plan possible"): it
        # said the solver's "infaisable", "temps écoulé"
        return i18n.text("resil_cap_none", lang, share=share, rows=rows,
                         status=plan_status(str(df.attrs["base"]["status"]), lang),
                         a=num(a) if a is None else f"{num(a)} {unit}")
    return i18n.text("resil_cap", lang, share=share, rows=rows, a=num(cap["objective_uncapped"]),
                     b=num(cap["objective_capped"]), cost=num(cap["cap_cost"]), unit=unit)


#: the objective's own figure: objective_lost is it again where the objective is the net benefit or the CO2
_OWN = {"EUR/yr": "net_benefit_lost_eur_per_yr", "tCO2/yr": "co2_lost_t_per_yr"}


def table_view(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """resilience's table as the terminal shows it, each figure as computed (`--csv` keeps every
    column): the figures the report shows per company (`report.resilience.FIGURES`), then the
    objective lost where it is not the net benefit lost again and a fresh run's, the status in plain
    words (`plan_status`: "plan optimal", not "optimal"; "meilleur plan trouvé", not "réalisable")
    and the gap where some re-solve is not optimal. The losses counted two ways head short,
    "bénéfice net perdu ¹ / ²" (`resilheads.short_label`, the report's and the sheet's), the legend
    and where the lists are after the table (`after_table`); a bound's cell marked "≤" (its
    interval in the note after the table). ludres_backbone in French at 120 columns was one block
    of 40 lines per company, 22 columns with headers of up to 9 words; it is now one table."""
    from eitflow.report.resilience import FIGURES

    if not len(df):
        return df
    unit = str(df["objective_unit"].iat[0]) if "objective_unit" in df else ""
    own = _OWN.get(unit)
    again = own in df and "objective_lost" in df and np.allclose(
        df["objective_lost"].to_numpy(float), df[own].to_numpy(float), rtol=1e-9, atol=1e-6, equal_nan=True)
    statuses = [c for c in ("status", "status_fresh") if c in df]
    exact = all((df[c].astype(str) == "optimal").all() for c in statuses)   # the gaps within the target
    keep = ["site_id", "zone", *FIGURES, *([] if again else ["objective_lost", "objective_unit"]), *shown_fresh(df), "status",
            *([] if exact else ["gap"])]
    out = df[[c for c in keep if c in df.columns]].copy()
    if "objective_lost_fresh" in out and "objective_unit" not in out:
        out.insert(list(out.columns).index("objective_lost_fresh") + 1, "objective_unit", df["objective_unit"])
    for c in statuses:
        out[c] = [plan_status(v, lang) if isinstance(v, str) and v else v for v in out[c]]
    bounds = {f"{stem}_eur_per_yr": (df[f"{stem}_figure"].astype(str) == UPPER_BOUND).to_numpy()
              for stem in ("net_benefit_lost_sunk", "net_benefit_lost_sunk_fresh") if f"{stem}_figure" in df}
    out.attrs = {**df.attrs, "upper_bounds": bounds, "parts": fresh_apart(list(out.columns), lang),
                 "labels": {c: lab for c in out.columns if (lab := short_label(c, lang)) is not None}}
    return out


def fresh_apart(columns: list[str], lang: str) -> list[tuple[list[str], str | None]] | None:
    """Where `table_view`'s table with `columns` is too wide for one table (`cli.tables.split_parts`),
    the two it prints instead: the closures re-solved over the plan (the report's figures, the
    plan's status and gap), then the fresh run's columns (`resilheads.shown_fresh`) under a title
    saying they are marked ³, each company by its name; None without a fresh run. ludres_backbone
    with --fresh: 12 columns at their narrowest 125 characters in French (123 in English) + 2 x 12
    between them were one block of 15 lines per company at 120 columns; the first table is now the
    one printed without --fresh, the second five columns (the objective's unit in its header)."""
    fresh = shown_fresh(columns)
    if not fresh:
        return None
    unit = ["objective_unit"] if "objective_unit" in columns else []
    plan = [c for c in columns if c not in fresh and (c != "objective_unit" or "objective_lost" in columns)]
    return [(plan, None), (["site_id", *fresh[:1], *unit, *fresh[1:]], i18n.text("resil_fresh_table", lang))]


def under_table(df: pd.DataFrame, lang: str) -> list[str]:
    """The lines right under the terminal's table (`table_view`): what its marks ¹ ² (and ³, a
    fresh run's) mean (`resilheads.legend`, the report's and the sheet's) and where its lists
    are; [] without rows."""
    return [legend(lang, df.columns), i18n.text("resil_lists_elsewhere", lang)] if len(df) else []


def after_table(df: pd.DataFrame, lang: str) -> list[str]:
    """The notes after the table: over which corridors the closures were re-solved and whether a
    fresh run loses the same (`closure.generated_note`), then the losses with the plan already
    built that are only upper bounds, with their intervals (`stranded.sunk_note`), then the
    closures that raise the CO2 avoided or the net benefit, and why (`resilgain.gain_notes`)."""
    return [n for n in (generated_note(df, lang), sunk_note(df, lang), *gain_notes(df, lang)) if n]


__all__ = ["after_table", "cap_line", "fresh_apart", "hold_run_dir", "table_view", "under_table"]
