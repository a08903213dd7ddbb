"""Heat cascading across temperature levels: the temperature-interval model, kept linear.

A heat (or steam) flow with `return_temperature_c` spans a range. A supply gives its heat
while cooling from `temperature_c` down to its return; a demand needs heat while its
medium is heated from its return up to `temperature_c`. Heat is spread evenly over the
range (constant heat-capacity flow rate). Without a return temperature all the heat sits
at `temperature_c`, as in the annual point model.

Levels are on the demand's scale: supply heat at theta degC sits at theta - dT (the
approach of the resource pair). Heat at a level serves needs at that level or below. So a
60 degC reject can preheat the 40 -> 50 degC part of a 70/40 district-heating return, a
hotter source covers the rest, and a flue gas cooling 150 -> 60 degC gives only its part
above 90 degC to a 80 degC process. Heat-pump links and hub legs deliver at the demand's
top, and a heat pump may draw its source heat at any level.

Formulation, per period t (columns appended after the model's x, y and w columns):
- each link a into a ranged demand j gets columns z_ak >= 0 for the elementary intervals k
  of j's range it can reach (cut at every level of the flows coupled to j, `_grids`),
  with sum_k z_ak = x_a (supply units);
- demand j, interval k: sum_a yield_a z_ak <= d_jt * width_k / (T_j - R_j);
- ranged supply i: what it sends to needs located at or above each level theta inside its
  range is at most s_it (T_i - theta) / (T_i - R_i). These nested rows are written as a
  chain of cumulative columns c_im = c_i,m-1 + (heat drawn in band m), c_im <= bound_m, so
  each z or x enters one row only.
- a ranged supply's band into a shared network (`netattach.attachable`: its heat from its top
  down to the network's return) enters its chain at that return, beside its direct links, so
  the two cannot both take the top of its range (where the supply has no other claim, the
  band's own bound says the same and no row is written).
All of it is exact for the interval model when the links of a model share one approach dT
(the catalogue gives heat and steam the same); only flows in the model's links count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netattach import band_levels
from eitflow.candidates.temperature import TOL_K, _heat_terms, has_ranges
from eitflow.model.blocks import Blocks
from eitflow.scenario import Scenario


@dataclass
class CascadeBlock:
    """Columns and rows of the cascade for one model (see the module docstring).

    Columns: the model's column blocks "level" (the z columns, z group-major, then period)
    and "chain" (period-major, then supply, then level from the top). `z_link`
    (position within the model's links), `z_lo_c`, `z_hi_c` (interval on the demand's
    scale, degC) describe each z group of T columns. `step_k` is the rounding of levels
    used (0 = exact levels).
    """

    n_cols: int
    ub: np.ndarray
    rows: list  # (block name, rows, cols, vals, lo, hi, names, labels), each numbering its rows from 0
    n_rows: int
    z_link: np.ndarray
    z_lo_c: np.ndarray
    z_hi_c: np.ndarray
    n_z: int  # z columns (z groups x periods)
    entry_cols: np.ndarray   # columns (in the model) of the heat drawn into each chain band ...
    entry_chain: np.ndarray  # ... and the chain column (0-based among chain columns) of that band
    chain_start: np.ndarray  # per chain column: first of its (supply, period) chain
    chain_flow: np.ndarray   # per chain column: its supply (flow position)
    step_k: float = 0.0

    def repair(self, z: np.ndarray, cols: Blocks, periods: int) -> None:
        """Make the aux columns of the full column vector `z` consistent after flows x were
        clipped to zero (in place): z of a zeroed link-period is zeroed and the chain
        columns are recomputed as cumulative sums of their bands."""
        lv, ch = cols["level"].slice, cols["chain"].slice
        zz = z[lv].reshape(len(self.z_link), periods)
        x = z[cols["x"].slice].reshape(-1, periods)
        zz[x[self.z_link] == 0.0] = 0.0
        z[lv] = zz.ravel()
        nc = len(self.chain_start)
        if nc:
            band = np.bincount(self.entry_chain, weights=z[self.entry_cols], minlength=nc)
            cs = np.cumsum(band)
            start = np.flatnonzero(self.chain_start)
            seg = np.cumsum(self.chain_start) - 1
            before = np.concatenate([[0.0], cs])[start][seg]
            z[ch] = np.maximum(cs - before, 0.0)


def _grids(nflows, sup, dem, plain, heat, top_s, ret_s, t_d, r_d, hub_lvl):
    """The levels (degC, demand scale) demands' ranges are cut at, as (G, goff, gid):
    group k's sorted levels are G[goff[k]:goff[k+1]], and gid[j] is flow j's group.

    A supply's rows (at the levels of the needs it serves) must not cut through an interval
    of any demand it serves, so demands linked to one ranged supply share their levels:
    the grid is one per group of flows coupled through ranged supplies (exact, and much
    smaller than one grid per model). Every demand is also cut at the top (and bottom) of
    each supply that serves it directly, where that supply's reach ends."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ranged_s = np.isfinite(ret_s) & (sup >= 0)
    e = plain & ranged_s & (dem >= 0)
    g = coo_matrix((np.ones(int(e.sum())), (sup[e], dem[e])), shape=(nflows, nflows))
    ngroups, lab = connected_components(g, directed=False)
    d_ok = heat & (dem >= 0)
    pairs = [(lab[dem[d_ok]], t_d[d_ok]), (lab[dem[d_ok]], r_d[d_ok]),
             (lab[dem[plain]], top_s[plain]), (lab[dem[plain]], ret_s[plain])]
    hl = np.isfinite(hub_lvl) & ranged_s
    pairs.append((lab[sup[hl]], hub_lvl[hl]))
    key = np.concatenate([p_[0] for p_ in pairs]).astype(np.int64)
    lvl = np.round(np.concatenate([p_[1] for p_ in pairs]), 9)
    ok = np.isfinite(lvl)
    df = pd.DataFrame({"g": key[ok], "lvl": lvl[ok]}).drop_duplicates().sort_values(["g", "lvl"])
    G = df["lvl"].to_numpy(float)
    goff = np.concatenate([[0], np.cumsum(np.bincount(df["g"].to_numpy(np.int64), minlength=ngroups))])
    return G, goff, lab


def level_temperatures(scen: Scenario, step: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(temperature_c, return_temperature_c) per flow as the cascade sees them. With the
    scenario's `heat_level_step_k` > 0 they are rounded to that step the safe way: supplies
    down and demands up, so every solution of the rounded model is feasible for the exact
    one (its optimum may be slightly lower); fewer distinct levels make a smaller model.
    `step` overrides the scenario's."""
    f = scen.flows
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float)
    step = scen.params.heat_level_step_k if step is None else step
    if step > 0:
        sup = (f["direction"].to_numpy() == "supply")[:, None]
        tr = np.stack([temp, ret], axis=1) / step
        tr = np.where(sup, np.floor(tr + 1e-9), np.ceil(tr - 1e-9)) * step
        temp, ret = tr[:, 0], tr[:, 1]
        ret = np.where(ret >= temp, np.nan, ret)  # a range rounded to nothing is a point
    return temp, ret


#: rounding steps (K) tried, in order, when a model's exact levels need more interval columns
#: than the scenario's `heat_level_max_columns`
AUTO_STEPS_K = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)


def cascade_block(scen: Scenario, cand: Candidates, pos: np.ndarray, per: np.ndarray,
                  cols: Blocks) -> CascadeBlock | None:
    """The cascade of the links `pos` (positions in `cand.links`), or None when no flow in them
    has a temperature range. `per` is (flows x periods) amounts; the model's flow columns
    are link-major (column of link a in period t: a * T + t)."""
    if not has_ranges(scen) or len(pos) == 0:
        return None
    lk = cand.links.iloc[pos]   # (its frame read only here: a run without ranges makes none)
    sup = lk["supply"].to_numpy(np.int64)
    dem = lk["demand"].to_numpy(np.int64)
    heat, dT = _heat_terms(scen, lk["supply_resource"].to_numpy(), lk["demand_resource"].to_numpy())
    temp0, ret0 = level_temperatures(scen)
    if not (heat & (np.isfinite(ret0[np.maximum(sup, 0)]) & (sup >= 0)
                    | np.isfinite(ret0[np.maximum(dem, 0)]) & (dem >= 0))).any():
        return None
    step = scen.params.heat_level_step_k
    limit = scen.params.heat_level_max_columns
    steps = [step] + [s_ for s_ in AUTO_STEPS_K if s_ > step] if limit > 0 else [step]
    for k, st in enumerate(steps):
        temp, ret = temp0, ret0
        if st != scen.params.heat_level_step_k:
            temp, ret = level_temperatures(scen, st)
        blk = _block(scen, lk, pos, per, cols.size, cols["x"].start, sup, dem, heat, dT, temp, ret, st,
                     max_z=limit if (limit > 0 and k < len(steps) - 1) else None)
        if blk is not None:
            if not (blk.n_cols or blk.n_rows):
                return None
            cols.add("level", blk.n_z, np.repeat(pos[blk.z_link], per.shape[1]))
            cols.add("chain", blk.n_cols - blk.n_z, blk.chain_flow)
            return blk
    raise AssertionError("unreachable")  # pragma: no cover


def _block(scen, lk, pos, per, col0, x0, sup, dem, heat, dT, temp, ret, step, max_z) -> CascadeBlock | None:
    """The block at one rounding of levels; None when it would exceed `max_z` z columns."""
    f = scen.flows
    T = per.shape[1]
    n = len(pos)
    kind = lk["kind"].to_numpy()
    hp = np.isfinite(lk["heat_pump_cop"].to_numpy(float))
    yld = lk["yield"].to_numpy(float)
    s_ok, d_ok = sup >= 0, dem >= 0
    t_s = np.where(s_ok, temp[np.maximum(sup, 0)], np.nan)
    r_s = np.where(s_ok, ret[np.maximum(sup, 0)], np.nan)
    t_d = np.where(d_ok, temp[np.maximum(dem, 0)], np.nan)
    r_d = np.where(d_ok, ret[np.maximum(dem, 0)], np.nan)
    hub_t = np.full(n, np.nan)
    if scen.hubs is not None and "hub" in lk:
        h = lk["hub"].to_numpy(np.int64)
        hub_t = np.where(h >= 0, scen.hubs["temperature_c"].to_numpy(float)[np.maximum(h, 0)], np.nan)
    plain = heat & (kind == "direct") & ~hp
    reach = np.where(plain, t_s - dT, np.inf)  # the highest level a link's heat can serve
    lvl, band_a = band_levels(scen, kind, sup, lk["supply_resource"].to_numpy(), heat, ret)
    net_t = np.where(band_a, lvl, np.nan)   # band B draws from the bottom: nothing to bound
    # a hub leg or a network band draws a ranged supply's heat above one level (supply scale):
    # the demands that supply serves directly are cut there too
    draw = np.where(kind == "to_hub", hub_t, net_t)
    G, goff, gid = _grids(len(f), sup, dem, plain, heat, t_s - dT, r_s - dT, t_d, r_d, draw - dT)

    # --- z columns: per link into a ranged demand, the elementary intervals it reaches
    ranged_d = heat & d_ok & np.isfinite(r_d) & (kind != "to_hub")
    ar = np.flatnonzero(ranged_d)
    g = gid[dem[ar]]
    top = np.minimum(t_d[ar], reach[ar])
    i0 = _search(G, goff, g, r_d[ar] + TOL_K, "right")   # first level above the bottom
    i1 = _search(G, goff, g, top - TOL_K, "left")          # first level at or above the top
    cnt = np.where(top > r_d[ar] + TOL_K, np.maximum(i1 - i0, 0) + 1, 0)
    if max_z is not None and int(cnt.sum()) * T > max_z:
        return None
    z_link = np.repeat(ar, cnt)
    p_ = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)  # position within its link
    base = np.repeat(i0, cnt)
    last = p_ == np.repeat(cnt, cnt) - 1
    z_lo = np.where(p_ == 0, np.repeat(r_d[ar], cnt), G[np.maximum(base + p_ - 1, 0)] if len(G) else 0.0)
    z_hi = np.where(last, np.repeat(top, cnt), G[np.minimum(base + p_, max(len(G) - 1, 0))] if len(G) else 0.0)
    nzg = len(z_link)
    n_z = nzg * T
    zc = col0 + np.arange(n_z).reshape(nzg, T)          # z column of (group, period)
    fid = f["flow_id"].to_numpy()
    sfx = (lambda t: "") if T == 1 else (lambda t: f"_m{t + 1}")
    blocks, nrow = [], 0

    def add(name, labels, rows, cols, vals, lo, hi, names):
        nonlocal nrow
        blocks.append((name, np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(vals, float),
                       np.asarray(lo, float), np.asarray(hi, float), names, np.asarray(labels, np.int64)))
        nrow += len(lo)

    if len(ar):
        # sum_k z_akt - x_at = 0 (a link that reaches no interval is held at 0 by its row)
        zrow = np.searchsorted(ar, z_link)
        for t in range(T):
            add("cascade_link", pos[ar],
                np.concatenate([zrow, np.arange(len(ar))]), np.concatenate([zc[:, t], x0 + ar * T + t]),
                np.concatenate([np.ones(nzg), -np.ones(len(ar))]), np.zeros(len(ar)), np.zeros(len(ar)),
                [f"link_{pos[a]}_levels{sfx(t)}" for a in ar])
    if nzg:
        # demand j, interval k: sum_a yield_a z_akt <= d_jt * width_k / span_j
        key = np.stack([dem[z_link].astype(float), np.round(z_lo, 9), np.round(z_hi, 9)], axis=1)
        uk, krow = np.unique(key, axis=0, return_inverse=True)
        krow = np.asarray(krow).ravel()
        j = uk[:, 0].astype(np.int64)
        share = (uk[:, 2] - uk[:, 1]) / (temp[j] - ret[j])
        names = [f"demand_{fid[int(r[0])]}_{r[1]:g}_{r[2]:g}C" for r in uk]
        for t in range(T):
            add("cascade_demand", j, krow, zc[:, t], yld[z_link], np.full(len(uk), -np.inf), per[j, t] * share,
                [nm + sfx(t) for nm in names])

    # --- ranged supplies: heat sent to needs at or above each level <= the heat there
    zr = np.isfinite(reach[z_link]) & np.isfinite(r_s[z_link])      # z of plain links from ranged supplies
    xe = np.flatnonzero(heat & s_ok & np.isfinite(r_s) & ~ranged_d
                        & ((plain & d_ok) | ((kind == "to_hub") & np.isfinite(hub_t))))
    # a network band (its heat above the network's floor) counts where its supply also has
    # other claims on its heat; alone, its link's upper bound already says it
    xn = np.flatnonzero(np.isfinite(net_t) & np.isin(sup, np.concatenate([sup[z_link[zr]], sup[xe]])))
    xe = np.concatenate([xe, xn])
    e_link = np.concatenate([z_link[zr], xe])
    e_lvl = np.concatenate([z_lo[zr] + dT[z_link[zr]],
                            np.where(kind[xe] == "to_hub", hub_t[xe], np.where(kind[xe] == "to_net", net_t[xe],
                                                                              t_d[xe] + dT[xe]))])
    e_zg = np.concatenate([np.flatnonzero(zr), np.full(len(xe), -1)])
    e_src = sup[e_link]
    bot, topc = ret[e_src], temp[e_src]
    keep = e_lvl > bot + TOL_K
    e_link, e_lvl, e_zg, e_src = e_link[keep], np.minimum(e_lvl[keep], topc[keep]), e_zg[keep], e_src[keep]
    entry_cols = np.zeros(0, np.int64)
    entry_chain = np.zeros(0, np.int64)
    chain_start = np.zeros(0, bool)
    chain_ub = np.zeros(0)
    chain_flow = np.zeros(0, np.int64)
    if len(e_link):
        lv = np.round(e_lvl, 9)
        U = pd.DataFrame({"src": e_src, "lvl": lv}).drop_duplicates().sort_values(["src", "lvl"],
                                                                                  ascending=[True, False])
        us, ul = U["src"].to_numpy(np.int64), U["lvl"].to_numpy(float)
        nU = len(U)
        idx = pd.MultiIndex.from_arrays([us, ul])
        band = idx.get_indexer(pd.MultiIndex.from_arrays([e_src, lv]))
        first = np.r_[True, us[1:] != us[:-1]]
        bound = (temp[us] - ul) / (temp[us] - ret[us])  # share of the supply's heat above each level
        ccol0 = col0 + n_z
        cols_e, chains, ubs, starts = [], [], [], []
        for t in range(T):
            ccol = ccol0 + t * nU + np.arange(nU)
            ecol = np.where(e_zg >= 0, zc[np.maximum(e_zg, 0), t] if nzg else 0, x0 + e_link * T + t)
            prev = np.flatnonzero(~first)
            add("cascade_supply", us, np.concatenate([np.arange(nU), prev, band]),
                np.concatenate([ccol, ccol[prev - 1], ecol]),
                np.concatenate([np.ones(nU), -np.ones(len(prev)), -np.ones(len(band))]),
                np.zeros(nU), np.zeros(nU),
                [f"supply_{fid[i]}_above_{lvl:g}C{sfx(t)}" for i, lvl in zip(us, ul)])
            cols_e.append(ecol)
            chains.append(t * nU + band)
            ubs.append(per[us, t] * bound)
            starts.append(first)
        entry_cols = np.concatenate(cols_e).astype(np.int64)
        entry_chain = np.concatenate(chains).astype(np.int64)
        chain_start = np.concatenate(starts)
        chain_flow = np.tile(us, T)
        chain_ub = np.concatenate(ubs)
    ub = np.concatenate([np.full(n_z, np.inf), chain_ub])
    return CascadeBlock(n_cols=n_z + len(chain_ub), ub=ub, rows=blocks, n_rows=nrow, z_link=z_link,
                        z_lo_c=z_lo, z_hi_c=z_hi, n_z=n_z, entry_cols=entry_cols, entry_chain=entry_chain,
                        chain_start=chain_start, chain_flow=chain_flow, step_k=step)


def _search(G: np.ndarray, goff: np.ndarray, g: np.ndarray, v: np.ndarray,
            side: Literal["left", "right"]) -> np.ndarray:
    """Vectorised searchsorted of v[k] within group g[k]'s levels G[goff[g]:goff[g+1]]
    (global index): complex keys (group + i*level) sort lexicographically, exactly."""
    if len(G) == 0:
        return goff[g].copy()
    gk = np.repeat(np.arange(len(goff) - 1), np.diff(goff)).astype(float) + 1j * G
    return np.searchsorted(gk, g.astype(float) + 1j * v, side=side)


