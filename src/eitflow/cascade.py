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
All of it is exact for the interval model when the links of a model share one approach dT
(the catalogue gives heat and steam the same); only flows in the model's links count.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .scenario import Scenario

TOL_K = 1e-9


@dataclass
class CascadeBlock:
    """Columns and rows of the cascade for one model (see the module docstring).

    Columns `col0 .. col0 + n_cols - 1`: first the z columns (link-major, then interval,
    then period), then the chain columns. `z_link` (position within the model's links),
    `z_lo_c`, `z_hi_c` (interval on the demand's scale, degC) describe each z group of T
    columns.
    """

    n_cols: int
    ub: np.ndarray
    rows: list  # (rows, cols, vals, lo, hi, names) blocks, each numbering its rows from 0
    n_rows: int
    z_link: np.ndarray
    z_lo_c: np.ndarray
    z_hi_c: np.ndarray
    n_z: int  # z columns (z groups x periods)
    chain_rows: np.ndarray  # local row of each chain column, in column order
    row0: int = 0  # first row of the block in the model (set by model.build_arrays)

    def repair(self, A, z: np.ndarray, n_x: int, aux0: int, periods: int) -> None:
        """Make the aux columns of the full column vector `z` consistent after flows x were
        clipped to zero: z of a zeroed link-period is zeroed, and the chain columns are
        recomputed from their rows (in place)."""
        zz = z[aux0:aux0 + self.n_z].reshape(len(self.z_link), periods)
        x = z[:n_x].reshape(-1, periods)
        zz[x[self.z_link] == 0.0] = 0.0
        z[aux0:aux0 + self.n_z] = zz.ravel()
        for k, r in enumerate(self.chain_rows):
            col = aux0 + self.n_z + k
            row = A.getrow(self.row0 + r)
            z[col] = 0.0
            z[col] = max(0.0, -float((row @ z)[0]))


def approach_k(scen: Scenario, rs: str, rd: str) -> float:
    """Minimum approach (K) of a supply resource feeding a demand resource (0 without a
    temperature rule)."""
    cat = scen.catalogue
    return max(cat[rs].min_delta_t_k if cat[rs].quality == "temperature" else 0.0,
               cat[rd].min_delta_t_k if cat[rd].quality == "temperature" else 0.0)


def has_ranges(scen: Scenario) -> bool:
    """True when some flow states a return temperature (the cascade is then modelled)."""
    f = scen.flows
    return "return_temperature_c" in f and bool(np.isfinite(f["return_temperature_c"].to_numpy(float)).any())


def heat_share_above(top_c, ret_c, level_c):
    """Share of a ranged flow's heat located at or above `level_c` (1 for a point flow at
    or above the level, 0 below it)."""
    top_c, ret_c, level_c = (np.asarray(a, float) for a in (top_c, ret_c, level_c))
    point = ~np.isfinite(ret_c)
    span = np.where(point, 1.0, top_c - ret_c)
    share = np.clip((top_c - level_c) / np.where(span > 0, span, 1.0), 0.0, 1.0)
    return np.where(point, (top_c >= level_c - TOL_K).astype(float), share)


def need_share_below(top_c, ret_c, level_c):
    """Share of a demand's need located at or below `level_c` (a point demand: 1 when its
    temperature is at or below the level)."""
    top_c, ret_c, level_c = (np.asarray(a, float) for a in (top_c, ret_c, level_c))
    point = ~np.isfinite(ret_c)
    span = np.where(point, 1.0, top_c - ret_c)
    share = np.clip((level_c - ret_c) / np.where(span > 0, span, 1.0), 0.0, 1.0)
    return np.where(point, (top_c <= level_c + TOL_K).astype(float), share)


def _grids(nflows, sup, dem, plain, heat, top_s, ret_s, t_d, r_d, hub_lvl) -> dict[int, np.ndarray]:
    """Per demand flow: the levels (degC, demand scale) its range is cut at.

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
    _, lab = connected_components(g, directed=False)
    d_ok = heat & (dem >= 0)
    pairs = [(lab[dem[d_ok]], t_d[d_ok]), (lab[dem[d_ok]], r_d[d_ok]),
             (lab[dem[plain]], top_s[plain]), (lab[dem[plain]], ret_s[plain])]
    hl = np.isfinite(hub_lvl) & ranged_s
    pairs.append((lab[sup[hl]], hub_lvl[hl]))
    key = np.concatenate([p[0] for p in pairs]).astype(np.int64)
    lvl = np.round(np.concatenate([p[1] for p in pairs]), 9)
    ok = np.isfinite(lvl)
    df = pd.DataFrame({"g": key[ok], "lvl": lvl[ok]}).drop_duplicates().sort_values(["g", "lvl"])
    by_group = {int(k): v.to_numpy() for k, v in df.groupby("g")["lvl"]}
    empty = np.zeros(0)
    return {int(j): by_group.get(int(lab[j]), empty) for j in np.unique(dem[d_ok])}


def level_temperatures(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(temperature_c, return_temperature_c) per flow as the cascade sees them. With the
    scenario's `heat_level_step_k` > 0 they are rounded to that step the safe way: supplies
    down and demands up, so every solution of the rounded model is feasible for the exact
    one (its optimum may be slightly lower); fewer distinct levels make a smaller model."""
    f = scen.flows
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float)
    step = scen.params.heat_level_step_k
    if step > 0:
        sup = (f["direction"] == "supply").to_numpy()[:, None]
        tr = np.stack([temp, ret], axis=1) / step
        tr = np.where(sup, np.floor(tr + 1e-9), np.ceil(tr - 1e-9)) * step
        temp, ret = tr[:, 0], tr[:, 1]
        ret = np.where(ret >= temp, np.nan, ret)  # a range rounded to nothing is a point
    return temp, ret


def cascade_block(scen: Scenario, links: pd.DataFrame, pos: np.ndarray, per: np.ndarray, col0: int,
                  x_col) -> CascadeBlock | None:
    """The cascade of the links `pos` (positions in `links`), or None when no flow in them
    has a temperature range. `per` is (flows x periods) amounts; `x_col(a, t)` the column of
    link a (within `pos`) in period t."""
    f = scen.flows
    if not has_ranges(scen) or len(pos) == 0:
        return None
    cat = scen.catalogue
    T = per.shape[1]
    temp, ret = level_temperatures(scen)
    lk = links.iloc[pos]
    sup = lk["supply"].to_numpy(np.int64)
    dem = lk["demand"].to_numpy(np.int64)
    kind = lk["kind"].to_numpy()
    rs, rd = lk["supply_resource"].to_numpy(), lk["demand_resource"].to_numpy()
    hp = np.isfinite(lk["heat_pump_cop"].to_numpy(float))
    yld = lk["yield"].to_numpy(float)
    heat = np.array([cat[a].quality == "temperature" or cat[b].quality == "temperature" for a, b in zip(rs, rd)],
                    bool)
    dT = np.array([approach_k(scen, a, b) for a, b in zip(rs, rd)])
    s_ok, d_ok = sup >= 0, dem >= 0
    t_s = np.where(s_ok, temp[np.maximum(sup, 0)], np.nan)
    r_s = np.where(s_ok, ret[np.maximum(sup, 0)], np.nan)
    t_d = np.where(d_ok, temp[np.maximum(dem, 0)], np.nan)
    r_d = np.where(d_ok, ret[np.maximum(dem, 0)], np.nan)
    if not (heat & (np.isfinite(r_s) | np.isfinite(r_d))).any():
        return None
    hub_t = np.full(len(pos), np.nan)
    if scen.hubs is not None and "hub" in lk:
        h = lk["hub"].to_numpy(np.int64)
        hub_t = np.where(h >= 0, scen.hubs["temperature_c"].to_numpy(float)[np.maximum(h, 0)], np.nan)

    direct = heat & (kind == "direct")
    # reach: the highest level a link's heat can serve
    reach = np.where(direct & ~hp, t_s - dT, np.inf)
    grids = _grids(len(f), sup, dem, direct & ~hp, heat, t_s - dT, r_s - dT, t_d, r_d,
                   np.where(kind == "to_hub", hub_t - dT, np.nan))

    blocks, nrow = [], 0
    ub_parts = []

    def add(rows, cols, vals, lo, hi, names):
        nonlocal nrow
        blocks.append((np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(vals, float),
                       np.asarray(lo, float), np.asarray(hi, float), names))
        nrow += len(lo)

    # --- z columns: links into ranged demands, per elementary interval they reach
    zl, zlo, zhi = [], [], []
    ranged_d = heat & d_ok & np.isfinite(r_d) & (kind != "to_hub")
    for a in np.flatnonzero(ranged_d):
        grid = grids[dem[a]]
        g = grid[(grid > r_d[a] + TOL_K) & (grid < t_d[a] - TOL_K)]
        edges = np.concatenate([[r_d[a]], g, [t_d[a]]])
        lo, hi = edges[:-1], edges[1:]
        keep = hi <= reach[a] + TOL_K
        zl.append(np.full(int(keep.sum()), a))
        zlo.append(lo[keep])
        zhi.append(hi[keep])
    z_link = np.concatenate(zl) if zl else np.zeros(0, np.int64)
    z_lo = np.concatenate(zlo) if zlo else np.zeros(0)
    z_hi = np.concatenate(zhi) if zhi else np.zeros(0)
    nzg = len(z_link)
    n_z = nzg * T
    zc = col0 + np.arange(n_z).reshape(nzg, T)          # z column of (group, period)
    ub_parts.append(np.full(n_z, np.inf))
    fid = f["flow_id"].to_numpy()
    sfx = (lambda t: "") if T == 1 else (lambda t: f"_m{t + 1}")
    if ranged_d.any():
        # sum_k z_akt - x_at = 0
        za = np.flatnonzero(ranged_d)  # a link that reaches no interval is held at 0 by its row
        zrow = np.searchsorted(za, z_link)
        for t in range(T):
            add(np.concatenate([zrow, np.arange(len(za))]),
                np.concatenate([zc[:, t], [x_col(a, t) for a in za]]),
                np.concatenate([np.ones(nzg), -np.ones(len(za))]),
                np.zeros(len(za)), np.zeros(len(za)),
                [f"link_{pos[a]}_levels{sfx(t)}" for a in za])
    if nzg:
        # demand j, interval k: sum_a yield_a z_akt <= d_jt * width_k / span_j
        key = pd.DataFrame({"j": dem[z_link], "lo": np.round(z_lo, 9), "hi": np.round(z_hi, 9)})
        uk, krow = np.unique(key.to_numpy(float), axis=0, return_inverse=True)
        krow = np.asarray(krow).ravel()
        j = uk[:, 0].astype(np.int64)
        share = (uk[:, 2] - uk[:, 1]) / (temp[j] - ret[j])
        for t in range(T):
            cap = per[j, t] * share
            add(krow, zc[:, t], yld[z_link], np.full(len(uk), -np.inf), cap,
                [f"demand_{fid[int(r[0])]}_{r[1]:g}_{r[2]:g}C{sfx(t)}" for r in uk])

    # --- ranged supplies: heat sent to needs at or above each level <= the heat there
    entries = []  # (link, level in the supply's own degC, z group or -1)
    for g_, a in enumerate(z_link):
        if np.isfinite(reach[a]):
            entries.append((a, z_lo[g_] + dT[a], g_))
    for a in np.flatnonzero(heat & s_ok & np.isfinite(r_s) & ~ranged_d):
        if kind[a] == "direct" and not hp[a] and d_ok[a]:
            entries.append((a, t_d[a] + dT[a], -1))
        elif kind[a] == "to_hub" and np.isfinite(hub_t[a]):
            entries.append((a, hub_t[a], -1))
    n_chain = 0
    chain_ub, chain_rows = [], []
    if entries:
        ea = np.array([e[0] for e in entries], np.int64)
        elev = np.array([e[1] for e in entries], float)
        eg = np.array([e[2] for e in entries], np.int64)
        es = sup[ea]
        ranged_s = np.isfinite(r_s[ea])
        ea, elev, eg, es = ea[ranged_s], elev[ranged_s], eg[ranged_s], es[ranged_s]
        for i in np.unique(es):
            m = es == i
            top, bot = temp[i], ret[i]
            lv = elev[m]
            th = np.unique(np.round(lv[(lv > bot + TOL_K)], 9))[::-1]   # thresholds, descending
            th = np.minimum(th, top)
            th = np.unique(th)[::-1]
            if len(th) == 0:
                continue
            M = len(th)
            # band of each entry: first threshold it reaches (levels below the last are free)
            band = np.searchsorted(-th, -np.round(lv, 9), side="left")
            band = np.where(lv >= th[-1] - TOL_K, np.minimum(band, M - 1), -1)
            # the searchsorted above gives the first index with th <= lv (th descending)
            bound_share = (top - th) / (top - bot)
            for t in range(T):
                ccol = col0 + n_z + n_chain + np.arange(M)
                chain_ub.append(per[i, t] * bound_share)
                sel = band >= 0
                cols_e = np.array([zc[g_, t] if g_ >= 0 else x_col(a, t)
                                   for g_, a in zip(eg[m][sel], ea[m][sel])], np.int64)
                rows_c = np.arange(M)
                prev = rows_c[1:]
                add(np.concatenate([rows_c, prev, band[sel]]),
                    np.concatenate([ccol, ccol[:-1], cols_e]),
                    np.concatenate([np.ones(M), -np.ones(M - 1), -np.ones(int(sel.sum()))]),
                    np.zeros(M), np.zeros(M),
                    [f"supply_{fid[i]}_above_{lvl:g}C{sfx(t)}" for lvl in th])
                chain_rows.append(nrow - M + np.arange(M))
                n_chain += M
    ub = np.concatenate(ub_parts + chain_ub) if chain_ub else np.concatenate(ub_parts)
    return CascadeBlock(n_cols=n_z + n_chain, ub=ub, rows=blocks, n_rows=nrow, z_link=z_link,
                        z_lo_c=z_lo, z_hi_c=z_hi, n_z=n_z,
                        chain_rows=np.concatenate(chain_rows) if chain_rows else np.zeros(0, np.int64))


def unreachable_share(scen: Scenario, links: pd.DataFrame) -> np.ndarray:
    """Per flow: the share of a ranged flow that no candidate link can use because of
    temperatures: a demand's need above the hottest partner's reach, a supply's heat below
    the coolest need it could serve. 0 for point flows and for flows with a heat-pump link
    or a hub leg (which deliver at any level)."""
    f = scen.flows
    out = np.zeros(len(f))
    if not has_ranges(scen) or len(links) == 0:
        return out
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float)
    sup, dem = links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)
    plain = (links["kind"].to_numpy() == "direct") & ~np.isfinite(links["heat_pump_cop"].to_numpy(float))
    dT = np.array([approach_k(scen, a, b) for a, b in zip(links["supply_resource"], links["demand_resource"])])
    for k in np.flatnonzero(np.isfinite(ret)):
        mine = (dem == k) if f["direction"].iat[k] == "demand" else (sup == k)
        if not mine.any() or not plain[mine].all():
            continue
        if f["direction"].iat[k] == "demand":
            reach = float(np.max(temp[sup[mine]] - dT[mine]))
            out[k] = 1.0 - float(need_share_below(temp[k], ret[k], reach))
        else:
            d = dem[mine]
            low = float(np.min(np.where(np.isfinite(ret[d]), ret[d], temp[d]) + dT[mine]))
            out[k] = 1.0 - float(heat_share_above(temp[k], ret[k], low))
    return out
