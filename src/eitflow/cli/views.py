"""The analyses' tables as the terminal shows them: the columns that say nothing there left out
or said together, so that a table fits 120 columns (`--csv` writes every column as computed).

Each view keeps the figures as computed (`results.zones`, `analyses.alternatives`): only which
columns are shown and how two codes read together change."""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.scenario import Scenario


def zone_totals(df: pd.DataFrame, scen: Scenario) -> pd.DataFrame:
    """zones' totals without `allocation` (one rule on every row, said in the title) and, in a
    scenario without hubs, `n_hubs_built` (0 on every row): at 150 columns the thirteen columns
    were one block per zone (en 127 characters at their narrowest + 2 x 13, fr 138 + 26)."""
    drop = ["allocation"] + ([] if scen.hubs is not None and len(scen.hubs) else ["n_hubs_built"])
    return df.drop(columns=[c for c in drop if c in df.columns])


def zone_pairs(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """zones' exchanges by pair of zones in fewer columns, each figure kept: without `inside`
    (the two zones' names say it), the resources in one column ("heat"; "sludge → fertiliser"
    where what is used is another resource than what is supplied) and, where every row's
    amount received is in the unit of its amount, one unit after the two amounts. zae_example
    at 120 columns was one block per pair: thirteen columns of at least 117 characters in
    English (121 in French) + 2 x 13 between them; now ten of 90 (99) + 2 x 10."""
    out = df.drop(columns=[c for c in ("inside",) if c in df.columns])
    if {"supply_resource", "demand_resource"} <= set(out.columns):
        said = [i18n.resource_name(a, lang) if a == b else
                f"{i18n.resource_name(a, lang)} → {i18n.resource_name(b, lang)}"
                for a, b in zip(out["supply_resource"].astype(str), out["demand_resource"].astype(str))]
        at = list(out.columns).index("supply_resource")
        out = out.drop(columns=["supply_resource", "demand_resource"])
        out.insert(at, "resources_supplied_used", said)
    if {"unit", "demand_unit", "demand_amount"} <= set(out.columns) and (out["unit"] == out["demand_unit"]).all():
        unit = out.pop("unit")
        out = out.drop(columns="demand_unit")
        out.insert(list(out.columns).index("demand_amount") + 1, "unit", unit)
    return out


#: the portfolios' corridor counts: nothing to say where no plan builds a corridor
CORRIDOR_COUNTS = ("n_corridors", "n_corridors_added", "n_corridors_removed")
#: the changes against rank 0, said together in one column each ("+1 / -2")
CHANGES = {"links_added_removed": ("n_added", "n_removed"),
           "corridors_added_removed": ("n_corridors_added", "n_corridors_removed")}


def portfolios(ports: pd.DataFrame) -> pd.DataFrame:
    """alternatives' plans as the terminal shows them, each figure kept once: without their lists
    of links and corridors (the differences' table names them); without the total that is the
    objective itself (the net benefit beside an objective of EUR/yr, CO2 avoided beside one of
    tCO2/yr: the same figure twice); where no plan builds a corridor, without the corridor counts
    (0 on every row); the status only where some solve is not optimal; and what each plan adds and
    removes against rank 0 said together, "+1 / -2". ludres_backbone's fifteen columns in French
    took 148 characters at their narrowest, one block of 17 lines per plan at 120 columns; tavaux_h2's
    152 at 150 columns (with the plan marked)."""
    out = ports.drop(columns=[c for c in ("links", "corridors") if c in ports.columns])
    same = [c for c in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr") if c in out.columns and "objective" in out
            and len(out) and np.allclose(out[c].to_numpy(float), out["objective"].to_numpy(float), rtol=1e-9, atol=1e-6)]
    out = out.drop(columns=same[:1])
    counts = [c for c in CORRIDOR_COUNTS if c in out.columns]
    if counts and (out[counts].fillna(0) == 0).all().all():
        out = out.drop(columns=counts)
    if "status" in out.columns and (out["status"] == "optimal").all():
        out = out.drop(columns="status")
    for name, (a, r) in CHANGES.items():
        if a in out.columns and r in out.columns:
            at = list(out.columns).index(a)
            said = [f"+{x:.0f} / -{y:.0f}" if np.isfinite(x) and np.isfinite(y) else "–"
                    for x, y in zip(out[a].to_numpy(float), out[r].to_numpy(float))]
            out = out.drop(columns=[a, r])
            out.insert(at, name, said)
    return out


def run_plan_note(ports: pd.DataFrame, unit: str, lang: str) -> str | None:
    """Where the run's plan is not rank 0 (an alternative better than it found within its solve's
    gap): its rank and how far below rank 0 it is (in `unit`, the objective's), and why; None
    where it is rank 0 (every exact solve)."""
    run = ports.index[ports["plan"] == "run"] if "plan" in ports.columns else []
    if not len(run) or run[0] == ports.index[0]:
        return None
    r = ports.loc[run[0]]
    return i18n.text("alt_run_not_first", lang, rank=i18n.number(int(r["rank"]), lang),
                     diff=i18n.number(float(ports["objective"].iat[0] - r["objective"]), lang, 0),
                     unit=i18n.unit(unit, lang), gap=i18n.percent(float(r["gap"]), lang, 2))
