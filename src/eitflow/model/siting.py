"""The placement block of the MILP (`eitflow site`): one binary p_k per candidate placement
k = (activity a, plot q), whose flows are rows of the scenario like any other
(`candidates.placements`).

    maximise   ... - sum_k C_k p_k                           C_k: land + activity - revenue (EUR/yr)
    s.t.       sum_{links out of i} x            - s_i p_k <= 0     supply i of placement k
               sum_{links into j}  yield x       - d_j p_k <= 0     demand j of k  (= 0 if required)
               sum_{single-source switches of j} y   - p_k <= 0     (= 0 if required)
               sum_{k on plot q} land_k p_k               <= area_q   (a plot's land)
               sum_{k on plot q, activity in group g} p_k <= 1       (alternatives: one of a group per plot)
               min_a <= sum_{k of activity a} p_k         <= max_a    (how many instances)
               sum_{k on a greenfield plot of t} land_k p_k <= N_t   (new land take, ZAN budget of each
                                                                   territory t, or of all: `model.landtake`)
               p_k in {0, 1}

Everything else (links, hubs, built supplies, profiles, the heat cascade) is unchanged: a
placement's flows are ordinary flows whose right-hand sides are multiplied by p_k, so with
p_k = 0 every link of k carries nothing (its switch may stay off) and with p_k = 1 the
model is the ordinary one with k's flows added. The cascade rows of a ranged flow need no
scaling: its supply or demand row already forces its links to 0 when p_k = 0. At most one
instance of an activity per plot (a binary, not a count): a second instance on the same plot
would need its own copy of every flow (say two greenhouses: declare a bigger one).

Land rows are written only for plots whose candidates could together exceed the plot, and
count rows only for activities with min_count > 0 or more candidate plots than max_count;
the others cannot bind, so they neither tighten nor couple anything (`coupling`). A land-take
row (`siting.max_new_land_take_ha`: N ha on greenfield plots, France's zero net land take, for
the whole scenario or per territory) is written only where the greenfield candidates it counts
could together take more than N; it couples them into one model. Placing
nothing is always feasible when every min_count is 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eitflow.model.blocks import Blocks
from eitflow.model.landtake import budgets
from eitflow.scenario import Scenario

__all__ = ["coupling", "flow_placement", "land_take_binds", "placement_columns", "scale_rows"]

#: row blocks whose right-hand side is a placement's flow amount (labels: flow positions)
SCALED_ROWS = ("supply", "demand", "one_source")


def flow_placement(scen: Scenario) -> np.ndarray:
    """Per flow of the scenario: its placement (-1 for the territory's flows)."""
    f = scen.flows
    return f["placement"].to_numpy(np.int64) if "placement" in f else np.full(len(f), -1, np.int64)


def group_keys(scen: Scenario) -> np.ndarray:
    """Per candidate placement: the (plot, group) row it belongs to (-1: none), for the
    alternatives of a group on a plot with two candidates or more."""
    pl, st = scen.placements, scen.siting
    if pl is None or st is None or not len(pl) or "group" not in st.activities:
        return np.full(0 if pl is None else len(pl), -1, np.int64)
    g = st.activities["group"].astype(str).to_numpy()[pl["activity"].to_numpy(np.int64)]
    key = np.char.add(np.char.add(pl["plot"].astype(str).to_numpy().astype(str), "|"), g.astype(str))
    uniq, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
    return np.where((g != "") & (cnt[inv] > 1), inv, -1).astype(np.int64)


def coupling(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(plots with a land row that can bind, activities with a count row that can bind), as
    positions in `scen.siting.plots` and `scen.siting.activities`."""
    pl = scen.placements
    if pl is None or scen.siting is None or not len(pl):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    st = scen.siting
    land = np.bincount(pl["plot"].to_numpy(np.int64), weights=pl["land_ha"].to_numpy(float),
                       minlength=len(st.plots))
    plots = np.flatnonzero(land > st.plots["area_ha"].to_numpy(float) * (1 + 1e-9))
    n = np.bincount(pl["activity"].to_numpy(np.int64), minlength=len(st.activities))
    acts = np.flatnonzero((n > st.activities["max_count"].to_numpy(int)) | (st.activities["min_count"].to_numpy(int)
                                                                            > 0))
    return plots, acts


def land_take_binds(scen: Scenario) -> np.ndarray:
    """The land-take budgets that can bind (`model.landtake.budgets` positions): a cap
    `siting.max_new_land_take_ha` (the whole scenario's, or a territory's) that the candidates
    on its greenfield plots could together exceed."""
    return np.flatnonzero(budgets(scen).binds())


def placement_columns(scen: Scenario, flows_in_model: np.ndarray, given: np.ndarray | None) -> np.ndarray:
    """Placement positions of a model: those `given` (a batch's), plus those owning a flow the
    model has rows for (so a placed flow is never left unscaled); sorted."""
    if scen.placements is None:
        return np.zeros(0, np.int64)
    fp = flow_placement(scen)
    own = fp[np.asarray(flows_in_model, np.int64)]
    parts = [own[own >= 0]]
    if given is not None:
        parts.append(np.asarray(given, np.int64))
    return np.unique(np.concatenate(parts)).astype(np.int64)


def objective(scen: Scenario, pos: np.ndarray) -> np.ndarray:
    """Objective coefficient of each placement column: -C_k (EUR/yr); 0 for objective co2."""
    if scen.params.objective == "co2" or scen.placements is None:
        return np.zeros(len(pos))
    return -scen.placements["cost_eur_per_yr"].to_numpy(float)[pos]


def coupling_rows(scen: Scenario, pos: np.ndarray, pcol: int,
                  block: Callable[..., None]) -> None:
    """Add the land rows of the plots and the count rows of the activities that can bind, and
    the group rows (one alternative per plot), for the placements in `pos` (the decomposition
    keeps each such row's placements together)."""
    pl = scen.placements
    if pl is None or scen.siting is None or not len(pos):
        return
    st = scen.siting
    plots, acts = coupling(scen)
    q = pl["plot"].to_numpy(np.int64)[pos]
    a = pl["activity"].to_numpy(np.int64)[pos]
    land = pl["land_ha"].to_numpy(float)[pos]
    k = np.flatnonzero(np.isin(q, plots))
    if len(k):
        uq, r = np.unique(q[k], return_inverse=True)
        block("land", r, pcol + k, land[k], np.full(len(uq), -np.inf), st.plots["area_ha"].to_numpy(float)[uq],
              [f"plot_{i}_land" for i in st.plots["plot_id"].to_numpy()[uq]], uq)
    k = np.flatnonzero(np.isin(a, acts))
    if len(k):
        ua, r = np.unique(a[k], return_inverse=True)
        act = st.activities
        block("count", r, pcol + k, np.ones(len(k)), act["min_count"].to_numpy(float)[ua],
              act["max_count"].to_numpy(float)[ua],
              [f"activity_{i}_count" for i in act["activity_id"].to_numpy()[ua]], ua)
    g = group_keys(scen)[pos]
    k = np.flatnonzero(g >= 0)
    if len(k):
        ug, r = np.unique(g[k], return_inverse=True)
        block("group", r, pcol + k, np.ones(len(k)), np.full(len(ug), -np.inf), np.ones(len(ug)),
              [f"plot_group_{i}" for i in ug], ug)
    b = budgets(scen)
    binds = np.flatnonzero(b.binds())
    if len(binds):   # one row per budget that can bind, over its placements in this model
        local = np.full(len(pl), -1, np.int64)
        local[pos] = np.arange(len(pos))
        e = np.flatnonzero(np.isin(b.row, binds) & (local[b.member] >= 0))
        if len(e):
            ub, r = np.unique(b.row[e], return_inverse=True)
            names = b.row_names()
            block("land_take", r, pcol + local[b.member[e]], b.new[b.member[e]], np.full(len(ub), -np.inf),
                  b.caps[ub], [names[i] for i in ub], ub)


def scale_rows(scen: Scenario, pos: np.ndarray, pcol: int, rows: Blocks, lo: np.ndarray,
               hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multiply the right-hand side of every row of a placed flow by its placement's binary:
    a row lo <= a.z <= h (lo = h or -inf) becomes lo' <= a.z - h p_k <= 0 (lo' = 0 or -inf).
    Changes `lo` and `hi` in place; returns the new entries (rows, columns, values)."""
    if not len(pos):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    fp = flow_placement(scen)
    local = np.full(max(int(fp.max(initial=-1)), int(pos.max())) + 1, -1, np.int64)
    local[pos] = np.arange(len(pos))
    R, C, V = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
    for name in SCALED_ROWS:
        blk = rows[name]
        if not len(blk):
            continue
        k = fp[blk.labels]
        m = k >= 0
        r = blk.indices[m]
        h = hi[r].copy()
        R.append(r)
        C.append(pcol + local[k[m]])
        V.append(-h)
        lo[r] = np.where(np.isfinite(lo[r]), lo[r] - h, -np.inf)
        hi[r] = 0.0
    return np.concatenate(R), np.concatenate(C), np.concatenate(V)


def impossible(scen: Scenario, pos: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """Mask over `pos`: placements with a required demand that no link of the model reaches
    (`linked`: the demand flows the model's links serve). Such a placement cannot be placed,
    and is held at 0 rather than making the whole model infeasible."""
    if not len(pos):   # no placement in the model (every scenario without siting)
        return np.zeros(0, bool)
    fp = flow_placement(scen)
    req = np.flatnonzero(scen.required_demands() & (fp >= 0))
    req = req[np.isin(fp[req], pos)]
    return np.isin(pos, fp[req[~np.isin(req, linked)]])
