"""Zero net land take (ZAN) budgets of a siting model: which candidate placements each
budget counts, and the plan's new land take per territory against its budget.

`siting.max_new_land_take_ha` is a number (one budget over every greenfield plot of the
scenario, as the loi Climat et Résilience of 2021 sets a trajectory) or a mapping of
territory codes (plots.csv `territory`: EPCI SIREN, commune INSEE, SCoT) to budgets, as a
SRADDET shares the regional envelope out to SCoTs and PLU(i)s, with `total` for a budget over
all of them as well. Each budget is one row of the MILP (`model.siting.coupling_rows`):

    sum_{k on a greenfield plot of territory t} land_k p_k <= N_t      (each territory t with a budget)
    sum_{k on any greenfield plot}              land_k p_k <= N        (`total`, or the plain number)

A greenfield plot of a territory without a budget counts only in `total` (when given); the
reading refuses budgets for a territory no plot names and greenfield plots without a code when
budgets are per territory (`io.siting`). Territories compare by `ids.territory_key` (01053,
1053 and ' 01053 ' are one commune).

`land_take_use` is the one computation of the plan's land take per territory that every
output reads (summary.json, land_take.csv, the terminal, the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eitflow.ids import TOTAL, territory_key
from eitflow.scenario import Scenario, Siting

__all__ = ["USE_COLUMNS", "Budgets", "budgets", "land_take_use", "placement_caps", "plot_territories"]

#: land_take.csv (and summary.json's `siting.land_take`): one row per budget or territory, in ha
USE_COLUMNS = ["territory", "budget_ha", "new_land_take_ha", "left_ha", "binding", "greenfield_plots", "placements"]

#: hectares within which a budget counts as used up (solver tolerances on 0/1 placements)
_TOL_HA = 1e-6


def plot_territories(st: Siting | None) -> np.ndarray:
    """plots.csv `territory` of each plot as written ('' where none, or no such column)."""
    if st is None:
        return np.zeros(0, object)
    if "territory" not in st.plots:
        return np.full(len(st.plots), "", object)
    return st.plots["territory"].fillna("").astype(str).str.strip().to_numpy(object)


@dataclass(frozen=True)
class Budgets:
    """The land-take budgets of a scenario over its candidate placements.

    labels: per budget, `ids.TOTAL` or the territory's code as plots.csv writes it (its first
        plot's). caps: per budget, ha. row, member: per entry, the budget and the placement
        position (in `scen.placements`) it counts; a greenfield placement is in its
        territory's budget and in the total. new: per placement, the new land take (ha)."""

    labels: list[str]
    caps: np.ndarray
    row: np.ndarray
    member: np.ndarray
    new: np.ndarray

    def taken(self, placed: np.ndarray) -> np.ndarray:
        """Per budget, the new land take (ha) of the placements in `placed` (mask)."""
        w = self.new[self.member] * np.asarray(placed, bool)[self.member]
        return np.bincount(self.row, weights=w, minlength=len(self.labels))

    def binds(self) -> np.ndarray:
        """Per budget, whether it can bind: its candidates could together take more."""
        return self.taken(np.ones(len(self.new), bool)) > self.caps * (1 + 1e-9) + 1e-9

    def row_names(self) -> list[str]:
        """Names of the budgets' rows in the model (an LP file's: letters, digits, '_')."""
        return ["new_land_take" if lab == TOTAL else "new_land_take_" + re.sub(r"\W", "_", lab, flags=re.ASCII)
                for lab in self.labels]


def budgets(scen: Scenario) -> Budgets:
    """The budgets of `siting.max_new_land_take_ha` over `scen.placements` (none when the
    scenario has no placements or no cap)."""
    pl = scen.placements
    new = (pl["new_land_take_ha"].to_numpy(float) if pl is not None and "new_land_take_ha" in pl
           else np.zeros(0 if pl is None else len(pl)))
    total, per = scen.params.siting.land_take_budgets()
    labels: list[str] = []
    caps: list[float] = []
    R, M = [], []
    green = np.flatnonzero(new > 0)
    if total is not None:
        labels.append(TOTAL)
        caps.append(total)
        R.append(np.zeros(len(green), np.int64))
        M.append(green)
    if per and pl is not None:
        terr = plot_territories(scen.siting)
        written = {territory_key(t): t for t in terr[::-1] if t}
        keys = np.array([territory_key(t) if t else "" for t in terr], object)[pl["plot"].to_numpy(np.int64)]
        for code, ha in per.items():
            k = green[keys[green] == territory_key(code)]
            R.append(np.full(len(k), len(labels), np.int64))
            M.append(k)
            labels.append(written.get(territory_key(code), code))
            caps.append(ha)
    cat = (lambda parts, dt: np.concatenate(parts).astype(dt) if parts else np.zeros(0, dt))  # noqa: E731
    return Budgets(labels, np.asarray(caps, float), cat(R, np.int64), cat(M, np.int64), new)


def placement_caps(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate placement, the tightest budget counting it (ha; inf: none) and that
    budget's label ('' when none)."""
    b = budgets(scen)
    cap = np.full(len(b.new), np.inf)
    label = np.full(len(b.new), "", object)
    for r in np.argsort(-b.caps, kind="stable"):   # loosest first, so the tightest is written last
        k = b.member[b.row == r]
        cap[k] = b.caps[r]
        label[k] = b.labels[r]
    return cap, label


def land_take_use(scen: Scenario, placed: np.ndarray, could: np.ndarray | None = None) -> pd.DataFrame:
    """The plan's new land take per territory against its budget (`USE_COLUMNS`, ha).

    Parameters
    ----------
    scen : Scenario
        The expanded siting scenario (every candidate placement, `candidates.placements`).
    placed : numpy.ndarray of bool
        Per candidate placement, whether the plan places it.
    could : numpy.ndarray of bool, optional
        Per candidate placement, whether the model could place it (the placements that may
        pay, `prune_placements`); default every one.

    Returns
    -------
    pandas.DataFrame
        First the whole scenario (`territory` = 'total'; its budget NaN when there is none),
        then each territory with a budget (in the order given), then each other territory of
        a greenfield plot (budget NaN; by code). `new_land_take_ha`: ha the plan takes there
        on greenfield plots; `left_ha`: budget less that; `binding`: the budget is used up (to
        1e-6 ha) or leaves less than any greenfield candidate of the territory not in the plan
        and in `could` would take (no further greenfield placement that may pay fits there: one
        that never pays is not held back by the budget); `greenfield_plots`: its greenfield plots; `placements`:
        the plan's placements taking new land there. A greenfield plot without a territory
        counts in the total only.
    """
    placed = np.asarray(placed, bool)
    could = np.ones(len(placed), bool) if could is None else np.asarray(could, bool)
    pl, st = scen.placements, scen.siting
    b = budgets(scen)
    terr = plot_territories(st)
    gplots = np.asarray(st.plots["greenfield"], bool) if st is not None and "greenfield" in st.plots \
        else np.zeros(len(terr), bool)
    q = pl["plot"].to_numpy(np.int64) if pl is not None else np.zeros(0, np.int64)
    keys = np.array([territory_key(t) if t else "" for t in terr], object)
    pkeys = keys[q]
    takes = b.new > 0
    total_cap = next((c for lab, c in zip(b.labels, b.caps) if lab == TOTAL), np.nan)
    rows = [(TOTAL, total_cap, np.ones(len(b.new), bool), int(gplots.sum()))]
    budgeted = {territory_key(lab): (lab, c) for lab, c in zip(b.labels, b.caps) if lab != TOTAL}
    others = sorted({t for t, g in zip(terr, gplots) if g and t and territory_key(t) not in budgeted},
                    key=territory_key)
    seen = set()
    for lab in [*[lab for lab, _ in budgeted.values()], *others]:
        k = territory_key(lab)
        if k in seen:
            continue
        seen.add(k)
        cap = budgeted[k][1] if k in budgeted else np.nan
        rows.append((lab, cap, pkeys == k, int((gplots & (keys == k)).sum())))
    out = []
    for lab, cap, mine, n_green in rows:
        used = float(b.new[mine & placed].sum())
        left = cap - used
        rest = b.new[mine & takes & could & ~placed]
        binding = bool(np.isfinite(cap) and (left <= _TOL_HA or (len(rest) and rest.min() > left + _TOL_HA)))
        out.append({"territory": lab, "budget_ha": cap, "new_land_take_ha": used, "left_ha": left,
                    "binding": binding, "greenfield_plots": n_green, "placements": int((mine & placed & takes).sum())})
    return pd.DataFrame(out, columns=USE_COLUMNS)
