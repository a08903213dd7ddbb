"""The fixed-charge network-flow MILP, as arrays (fast path) and as PuLP (readable, exportable).

Variables, for candidate links a = (i -> j): flow x_a >= 0 (supply base units/yr) and,
where a fixed cost or a minimum amount makes it necessary, a binary y_a ("build a").

    maximise   sum_a c_a x_a - sum_a F_a y_a            (c = value EUR/unit, or tCO2/unit)
    s.t.       sum_{a out of i} x_a            <= s_i    every supply i
               sum_{a into j}  yield_a x_a     <= d_j    every demand j  (= d_j if required)
               x_a <= M_a y_a,   x_a >= L_a y_a          every link with a binary
               0 <= x_a <= M_a,  M_a = min(s_i, d_j / yield_a, capacity_a)

A link with no fixed cost and no minimum amount needs no binary (x_a <= M_a is a bound):
this is exact and removes binaries the solver would otherwise branch on.

A supply whose unit must be built (an electrolyser) has a binary v_i: its outgoing flows
<= s_i v_i, and CRF I_i + f_i a year in the objective. Where the model sizes the unit
(`investment_eur_per_unit` k_i) it also has a capacity S_i (supply base units/yr):

               sum_{a out of i} x_at <= (s_it / s_i) S_i   every period t (the profile's share)
               S_i <= s_i v_i,   objective - CRF k_i S_i
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from eitflow.candidates.costs import supply_fixed_eur_per_yr, supply_size_eur_per_unit
from eitflow.candidates.generate import Candidates
from eitflow.candidates.netattach import first_connection
from eitflow.model.arrays import LinearConstraint, MilpArrays, check_bounds
from eitflow.model.blocks import Blocks, RowParts
from eitflow.model.cascade import cascade_block
from eitflow.model.netpass import hub_pass_block, pass_co2_per_unit
from eitflow.model.netplain import is_plain, plain_arrays
from eitflow.model.netsame import hub_own_rows, own_heat_block
from eitflow.model.network import merged_hub_nodes, network_block
from eitflow.model.siting import coupling_rows, impossible, placement_columns, scale_rows
from eitflow.model.siting import objective as placement_objective
from eitflow.scenario import Scenario


def objective_coefficients(cand: Candidates, scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(per-unit coefficient, per-link fixed term) of the chosen objective."""
    if scen.params.objective == "co2":
        return np.asarray(cand.column("co2_t_per_unit"), float), np.zeros(len(cand))
    return np.asarray(cand.column("value_eur_per_unit"), float), np.asarray(cand.column("fixed_eur_per_yr"), float)


def _riders_switch(cand: Candidates, pos: np.ndarray, sup: np.ndarray, yb_of: np.ndarray) -> np.ndarray:
    """`yb_of` (per link of `pos`, its switch's position among the y columns, -1: none) with
    each second connection of a supply into the same network node (a ranged supply's band
    below the network's return, `candidates.netattach`) on the switch of the connection that
    pays for both (`costs.network_leg_coefficients`: one substation per flow, on the first
    band): it carries heat only while that connection is built."""
    to_net, grp = _connections(cand, pos, sup)
    if grp is None:
        return yb_of
    hold = np.full(int(grp.max()) + 1, -1, np.int64)   # per (supply, node): the switch that pays
    np.maximum.at(hold, grp, yb_of[to_net])
    out = yb_of.copy()
    out[to_net] = np.where(yb_of[to_net] < 0, hold[grp], yb_of[to_net])
    return out


def _connections(cand: Candidates, pos: np.ndarray, sup: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The connections into a network among the links `pos` (their positions in `pos`) and,
    where a supply has two (a ranged supply's bands), each one's group (supply, network node):
    None when no supply has two (FCNetLib's, most scenarios)."""
    if not cand.has_column("net_node"):
        return np.zeros(0, np.int64), None
    to_net = np.flatnonzero((np.asarray(cand.column("kind"))[pos] == "to_net") & (sup >= 0))
    if len(to_net) < 2 or np.bincount(sup[to_net]).max() < 2:
        return to_net, None
    node = np.asarray(cand.column("net_node"), np.int64)[pos[to_net]]
    _, grp = np.unique(np.stack([sup[to_net], node], axis=1), axis=0, return_inverse=True)
    return to_net, grp.ravel()


def paid_connections(cand: Candidates, flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate link, the fixed cost (EUR/yr) and investment (EUR) the plan `flow` (per
    link) makes it pay: its own, except for a supply's connection in two bands into one network
    node. Their one substation sits on the first band (`costs.network_leg_coefficients`), whose
    switch the second rides (`_riders_switch`); where the first carries nothing and the second
    flows, the substation is built for the second, which pays it in the figures as the model's
    objective does (before, the objective counted it and no figure did: 623,503 against
    628,318 EUR/yr on a process taking all of a source's heat above a network's return)."""
    fixed = np.asarray(cand.column("fixed_eur_per_yr"), float).copy()
    inv = np.asarray(cand.column("investment_eur"), float).copy()
    pos = np.arange(len(fixed))
    to_net, grp = _connections(cand, pos, np.asarray(cand.column("supply"), np.int64))
    if grp is None:
        return fixed, inv
    holder = to_net[first_connection(np.asarray(cand.column("supply"), np.int64)[to_net])]
    for h in holder[flow[holder] <= 0]:   # the holder idle: its first rider flowing pays
        g = grp[np.searchsorted(to_net, h)]
        on = to_net[(grp == g) & (flow[to_net] > 0)]
        if len(on):
            fixed[on[0]] += fixed[h]
            inv[on[0]] += inv[h]
            fixed[h] = inv[h] = 0.0
    return fixed, inv


def period_amounts(scen: Scenario) -> np.ndarray:
    """(flows x periods) amounts in base units per period: one period (the year) without
    monthly profiles, else 12 months, flat (1/12) for flows without a profile."""
    amount = np.asarray(scen.column("flows", "amount"), float)
    if scen.profiles is None:
        return amount[:, None]
    return amount[:, None] * scen.profiles


def build_arrays(scen: Scenario, cand: Candidates, subset: np.ndarray | None = None,
                 extra_demands: np.ndarray | None = None,
                 extra: list[LinearConstraint] | None = None, placements: np.ndarray | None = None,
                 levels: bool = True, tighten: bool = True) -> MilpArrays:
    """The MILP of the candidate links `subset` (all when None), as arrays in named blocks.

    Parameters
    ----------
    scen : Scenario
    cand : Candidates
    subset : array of int, optional
        Candidate-link positions to model (one component or batch); all when None.
    extra_demands : array of int, optional
        Required demands with no link in the subset, added as rows so the model is
        (correctly) infeasible rather than silently dropping them.
    extra : list of LinearConstraint, optional
        Rows over all candidate links added by analyses, applied to each link's yearly flow.
    placements : array of int, optional
        Candidate placements (positions in `scen.placements`) of this batch (siting,
        `model.siting`); all when `subset` is None, else those owning a flow of the subset.
    levels : bool
        Model heat cascading (`model.cascade`); False gives the point model, a relaxation of
        it (the solver uses it only for the bound of a batch left without time).
    tighten : bool
        Fix the injections that a balanced network forces to their bound
        (`model.network.forced_injections`): exact for this model, but not for a question
        about changing the amounts, so the dual prices build without it.

    Returns
    -------
    MilpArrays
        maximise c.z (EUR/yr, or tCO2/yr for the co2 objective) over columns in blocks x
        (flows, supply base units per period), y, w, v (binaries), level and chain (the heat
        cascade), with rows in named blocks (`model.arrays.ROW_BLOCKS`).

    Notes
    -----
    With T periods (12 with monthly profiles, else 1) each link has T flow columns
    (link-major: column a*T + t) and one binary; supplies and demands hold per period,
    a link's big-M is per period, its minimum amount per year.
    `extra_demands`: required demands with no link in the subset, added as rows so the
    model is (correctly) infeasible rather than silently dropping them.
    `extra`: additional rows (see `LinearConstraint`), applied to each link's yearly flow.
    """
    extra = extra or []
    pos = np.arange(len(cand)) if subset is None else np.asarray(subset, np.int64)
    if is_plain(scen, cand, pos, extra_demands, extra, placements, levels) and (
            plain := plain_arrays(scen, cand, pos, tighten)) is not None:
        return plain   # a plain network's model, straight from its arrays (`model.netplain`)
    n = len(pos)
    per = period_amounts(scen)
    T = per.shape[1]
    col = cand.column
    sup = np.asarray(col("supply"), np.int64)[pos]
    dem = np.asarray(col("demand"), np.int64)[pos]
    hnode = np.asarray(col("hub_node"), np.int64)[pos] if cand.has_column("hub_node") else np.full(n, -1)
    hub = np.asarray(col("hub"), np.int64)[pos] if cand.has_column("hub") else np.full(n, -1)
    yld = np.asarray(col("yield"), float)[pos]
    cap = np.asarray(col("capacity"), float)[pos]
    upper = np.asarray(col("upper"), float)[pos]
    lower = np.asarray(col("lower"), float)[pos]
    cx, fy = objective_coefficients(cand, scen)
    cx, fy = cx[pos], fy[pos]
    flows = scen.flows
    required = np.asarray(scen.column("flows", "required"), bool)
    single = np.asarray(scen.column("flows", "single_source"), bool) if "single_source" in flows \
        else np.zeros(len(flows), bool)
    amount = np.asarray(scen.column("flows", "amount"), float)
    is_ss = (dem >= 0) & single[np.maximum(dem, 0)]
    needs_y = (fy > 0) | (lower > 0) | is_ss
    for ec in extra:
        if ec.y_coef is not None:
            needs_y |= np.asarray(ec.y_coef, float)[pos] != 0
    ybin = np.flatnonzero(needs_y)
    nb = len(ybin)
    nx = n * T
    uh = np.unique(hub[hub >= 0])                 # hubs in this subset, each with a binary w
    nh = len(uh)
    hub_fixed = np.zeros(nh) if nh == 0 or scen.params.objective == "co2" else _hub_fixed(scen)[uh]
    hub_ids = np.zeros(0, object) if scen.hubs is None else scen.hubs["hub_id"].to_numpy()
    hub_cap = np.zeros(0) if scen.hubs is None or nh == 0 else scen.hubs["capacity"].to_numpy(float)[uh]
    # supplies that must be built to be used (investment or fixed cost): one binary v each
    sfix = supply_fixed_eur_per_yr(scen)
    ub_ = np.unique(sup[(sup >= 0)]) if scen.params.objective == "net_benefit" else np.zeros(0, np.int64)
    ub_ = ub_[sfix[ub_] > 0] if len(ub_) else ub_
    nv = len(ub_)
    # supplies whose unit the model sizes (investment per unit of capacity): a capacity S_i each,
    # in both objectives (with co2 it costs nothing and `solve.driver` reads the least that carries the plan)
    size_eur, size_inv = supply_size_eur_per_unit(scen)
    usz = np.unique(sup[sup >= 0])
    usz = usz[size_inv[usz] > 0]
    nsz = len(usz)

    # per-period big-M of each link (n, T); with one period this is `upper`
    if T == 1:
        mt = upper[:, None]
    else:
        big = np.inf
        # a network connection drawing on one band of a ranged supply (`upper` = the band's
        # share of the amount, `netattach.attachable`) takes that share of each period's heat:
        # a period's whole heat let a band take heat below the network's return in winter
        share = np.ones(n)
        band = (np.asarray(col("kind"))[pos] == "to_net") & (sup >= 0)
        share[band] = np.clip(upper[band] / np.maximum(amount[sup[band]], 1e-300), 0.0, 1.0)
        ms = np.where((sup >= 0)[:, None], per[np.maximum(sup, 0)] * share[:, None], big)
        md = np.where((dem >= 0)[:, None], per[np.maximum(dem, 0)] / yld[:, None], big)
        mt = np.minimum(np.minimum(ms, md), (cap / T)[:, None])
    flow_ids = scen.column("flows", "flow_id")
    tt = np.tile(np.arange(T), n)           # period of each x column
    aa = np.repeat(np.arange(n), T)         # link (within subset) of each x column

    cols = Blocks()
    cols.add("x", nx, np.repeat(pos, T))
    ycol = cols.add("y", nb, pos[ybin]).start
    wcol = cols.add("w", nh, uh).start
    vcol = cols.add("v", nv, ub_).start
    # candidate placements (siting): a binary p each, scaling its flows' rows (`model.siting`)
    if scen.placements is not None and subset is None and placements is None:
        placements = np.arange(len(scen.placements))
    ppos = placement_columns(scen, np.concatenate([sup[sup >= 0], dem[dem >= 0]]), placements)
    npl = len(ppos)
    pcol = cols.add("p", npl, ppos).start
    zcol = cols.add("size_supply", nsz, usz).start
    parts = RowParts()     # the rows, block by block (`model.blocks.RowParts`)
    rows, R, C, V, LO, HI, NAMES, block = parts.rows, parts.R, parts.C, parts.V, parts.LO, parts.HI, parts.NAMES, parts.block

    sfx = (lambda t: "") if T == 1 else (lambda t: f"_m{t + 1}")
    # supplies (i, t): sum of outgoing x <= s_it
    xs = np.flatnonzero(sup[aa] >= 0)
    us, srow = np.unique(sup[aa[xs]], return_inverse=True)
    block("supply", srow * T + tt[xs], xs, np.ones(len(xs)), np.full(len(us) * T, -np.inf), per[us].ravel(),
          lambda us=us: [f"supply_{flow_ids[i]}{sfx(t)}" for i in us for t in range(T)], np.repeat(us, T))
    # demands (j, t): sum of yield * incoming x <= d_jt (= if required)
    xd = np.flatnonzero(dem[aa] >= 0)
    dem_all = dem[aa[xd]] if extra_demands is None else np.concatenate([dem[aa[xd]], extra_demands])
    ud, drow = np.unique(dem_all, return_inverse=True)
    drow = drow[:len(xd)]
    damt = per[ud].ravel()
    block("demand", drow * T + tt[xd], xd, yld[aa[xd]], np.where(np.repeat(required[ud], T), damt, -np.inf), damt,
          lambda ud=ud: [f"demand_{flow_ids[j]}{sfx(t)}" for j in ud for t in range(T)], np.repeat(ud, T))
    # hub nodes (h, r, t): inflow - outflow = 0; hubs (h, t): inflow <= capacity * w_h
    xh = np.flatnonzero(hnode[aa] >= 0)
    if len(xh):
        sign = np.where(sup[aa[xh]] >= 0, 1.0, -1.0)
        # a hub on a network shares the network node's balance (`model.network`)
        xb = xh[~np.isin(hnode[aa[xh]], merged_hub_nodes(cand))]
        if len(xb):
            un, nrw = np.unique(hnode[aa[xb]], return_inverse=True)
            # what a leg brings in counts as what reaches the hub: its pipe's losses (yield) off
            block("hub_node", nrw * T + tt[xb], xb, np.where(sup[aa[xb]] >= 0, yld[aa[xb]], -1.0), np.zeros(len(un) * T),
                  np.zeros(len(un) * T), [f"hub_node_{k}{sfx(t)}" for k in un for t in range(T)], np.repeat(un, T))
            # what a site takes out of a hub, others put in (`model.netsame`)
            hub_own_rows(scen, sup, dem, hnode, xb, aa, tt, T, block, sfx, yld)
        xin = xh[sign > 0]
        hrow = np.searchsorted(uh, hub[aa[xin]])
        wc = wcol + np.arange(nh)
        block("hub_capacity",
              np.concatenate([hrow * T + tt[xin], np.repeat(np.arange(nh) * T, T) + np.tile(np.arange(T), nh)]),
              np.concatenate([xin, np.repeat(wc, T)]),
              np.concatenate([np.ones(len(xin)), -_hub_capacity_rows(hub_cap, uh, hub, hnode, sup, per).ravel()]),
              np.full(nh * T, -np.inf), np.zeros(nh * T),
              [f"hub_{hub_ids[h]}_capacity{sfx(t)}" for h in uh for t in range(T)], np.repeat(uh, T))
        # a hub standing on a network hands out what its node draws from the network besides what
        # its legs bring in: what leaves by its legs (of all its resources) is held by its
        # capacity too (a station of 80 t/yr handed 50 + 50 to two depots); off a network what
        # leaves is what entered
        on_net = np.unique(hub[aa[xh[np.isin(hnode[aa[xh]], merged_hub_nodes(cand))]]])
        xo = xh[(sign < 0) & np.isin(hub[aa[xh]], on_net)]
        if len(xo):
            uo, orow = np.unique(hub[aa[xo]], return_inverse=True)
            can = np.zeros((len(uo), T))          # what its legs out can take, per period
            np.add.at(can, (orow, tt[xo]), mt.ravel()[xo])
            cap_o = np.minimum(hub_period_capacity(hub_cap[np.searchsorted(uh, uo)], T), np.maximum(can, 1.0))
            block("hub_capacity_out",
                  np.concatenate([orow * T + tt[xo], np.arange(len(uo) * T)]),
                  np.concatenate([xo, np.repeat(wcol + np.searchsorted(uh, uo), T)]),
                  np.concatenate([np.ones(len(xo)), -cap_o.ravel()]), np.full(len(uo) * T, -np.inf),
                  np.zeros(len(uo) * T),
                  [f"hub_{hub_ids[h]}_capacity_out{sfx(t)}" for h in uo for t in range(T)], np.repeat(uo, T))
        # every leg is open only if its hub is built: x_at <= M_at w_h. Implied by the capacity
        # row in integers, but it makes the LP relaxation as strong as facility location's
        # "strong" formulation (x_ij <= d_j y_i) instead of the aggregated one.
        lrow = np.arange(len(xh))
        block("hub_leg", np.concatenate([lrow, lrow]),
              np.concatenate([xh, wcol + np.searchsorted(uh, hub[aa[xh]])]),
              np.concatenate([np.ones(len(xh)), -mt.ravel()[xh]]),
              np.full(len(xh), -np.inf), np.zeros(len(xh)),
              lambda xh=xh: [f"leg_{pos[aa[k]]}_hub{sfx(tt[k])}" for k in xh], pos[aa[xh]])
    # link switches: x_at - M_at y_a <= 0; single-source links: yield * x_a - d_j y_a = 0
    yb_of = np.full(n, -1)
    yb_of[ybin] = np.arange(nb)
    yb_of = _riders_switch(cand, pos, sup, yb_of)
    xb = np.flatnonzero((yb_of[aa] >= 0) & ~is_ss[aa])
    block("link_max", np.concatenate([np.arange(len(xb)), np.arange(len(xb))]),
          np.concatenate([xb, ycol + yb_of[aa[xb]]]),
          np.concatenate([np.ones(len(xb)), -mt.ravel()[xb]]),
          np.full(len(xb), -np.inf), np.zeros(len(xb)),
          lambda xb=xb: [f"link_{pos[aa[k]]}_max{sfx(tt[k])}" for k in xb], pos[aa[xb]])
    ss = np.flatnonzero(is_ss)
    if len(ss):
        if T > 1:
            raise ValueError("single_source demands are not supported with monthly profiles")
        block("link_single", np.concatenate([np.arange(len(ss)), np.arange(len(ss))]),
              np.concatenate([ss, ycol + yb_of[ss]]),
              np.concatenate([yld[ss], -amount[dem[ss]]]),
              np.zeros(len(ss)), np.zeros(len(ss)), [f"link_{pos[k]}_single" for k in ss], pos[ss])
        uj, jrow = np.unique(dem[ss], return_inverse=True)
        block("one_source", jrow, ycol + yb_of[ss], np.ones(len(ss)),
              np.where(required[uj], 1.0, -np.inf), np.ones(len(uj)),
              [f"demand_{flow_ids[j]}_one_source" for j in uj], uj)
    # minimum amounts: sum_t x_at - L_a y_a >= 0
    lb_links = ybin[(lower[ybin] > 0) & ~is_ss[ybin]]
    nl = len(lb_links)
    if nl:
        lmap = np.full(n, -1)
        lmap[lb_links] = np.arange(nl)
        xl = np.flatnonzero(lmap[aa] >= 0)
        block("link_min", np.concatenate([lmap[aa[xl]], np.arange(nl)]),
              np.concatenate([xl, ycol + yb_of[lb_links]]),
              np.concatenate([np.ones(len(xl)), -lower[lb_links]]),
              np.zeros(nl), np.full(nl, np.inf), [f"link_{k}_min" for k in pos[lb_links]], pos[lb_links])
    if nv:
        # a supply is used only if built: sum of its outgoing x_at - s_it v_i <= 0
        xv = np.flatnonzero(np.isin(sup[aa], ub_))
        vrow = np.searchsorted(ub_, sup[aa[xv]]) * T + tt[xv]
        block("supply_built", np.concatenate([vrow, np.arange(nv * T)]),
              np.concatenate([xv, vcol + np.repeat(np.arange(nv), T)]),
              np.concatenate([np.ones(len(xv)), -per[ub_].ravel()]),
              np.full(nv * T, -np.inf), np.zeros(nv * T),
              [f"supply_{flow_ids[i]}_built{sfx(t)}" for i in ub_ for t in range(T)], np.repeat(ub_, T))
    if nsz:
        # a sized supply delivers at most its capacity's share of each period: sum of its outgoing
        # x_it - (s_it / s_i) S_i <= 0 (the month's share of its profile; 1 with one period)
        xz = np.flatnonzero(np.isin(sup[aa], usz))
        zrow = np.searchsorted(usz, sup[aa[xz]]) * T + tt[xz]
        share = per[usz] / np.maximum(amount[usz], 1e-300)[:, None]
        block("supply_use", np.concatenate([zrow, np.arange(nsz * T)]),
              np.concatenate([xz, zcol + np.repeat(np.arange(nsz), T)]),
              np.concatenate([np.ones(len(xz)), -share.ravel()]), np.full(nsz * T, -np.inf), np.zeros(nsz * T),
              [f"supply_{flow_ids[i]}_use{sfx(t)}" for i in usz for t in range(T)], np.repeat(usz, T))
        # and only once built: S_i - s_i v_i <= 0 (S_i <= s_i is its bound where nothing is built)
        zv = np.flatnonzero(np.isin(usz, ub_))
        if len(zv):
            block("supply_size", np.concatenate([np.arange(len(zv))] * 2),
                  np.concatenate([zcol + zv, vcol + np.searchsorted(ub_, usz[zv])]),
                  np.concatenate([np.ones(len(zv)), -amount[usz[zv]]]), np.full(len(zv), -np.inf), np.zeros(len(zv)),
                  [f"supply_{flow_ids[i]}_size" for i in usz[zv]], usz[zv])
    # heat cascading across temperature levels (flows with a return temperature)
    cb = cascade_block(scen, cand, pos, per, cols) if levels else None
    if cb is not None:
        for name, rows_, cols_, vals, lo, hi, names, labels in cb.rows:
            block(name, rows_, cols_, vals, lo, hi, names, labels)
    # shared networks: corridors, sizes and node balances of the networks these links reach
    nb_ = network_block(scen, cand, pos, T, mt, cols, block, sfx, per if tighten and not len(ppos) else None)
    # a site's own heat does not come back to it through a network (`model.netsame`): its columns last
    own_ub, own_int = ((np.zeros(0), np.zeros(0, np.int8)) if nb_ is None
                       else own_heat_block(scen, cand, pos, T, nb_, cols, block, sfx, mt))
    # CO2 a hub on a CO2 network hands straight from its legs in to its legs out: no compression (`model.netpass`)
    pass_c, pass_money, pass_ub = hub_pass_block(scen, cand, pos, T, mt, cols, block, sfx)
    for r, ec in enumerate(extra):
        # bounds only (cheap, once a row): the coefficients are checked once a run (`check_extra`)
        check_bounds(ec, f"extra[{r}] ({ec.name})")
        xc = np.asarray(ec.x_coef, float)[pos][aa]
        cx_ = [np.flatnonzero(xc)]
        vals = [xc[cx_[0]]]
        if ec.y_coef is not None:
            yc = np.asarray(ec.y_coef, float)[pos][ybin]
            nz = np.flatnonzero(yc)
            cx_.append(ycol + nz)
            vals.append(yc[nz])
        if ec.corridor_coef is not None and cand.network is not None and len(cols["size"]):
            # a corridor's coefficient on each of its sizes in the model (labels: option positions)
            zc = np.asarray(ec.corridor_coef, float)[
                np.asarray(cand.network.option_arrays["corridor"], np.int64)[cols["size"].labels]]
            nz = np.flatnonzero(zc)
            cx_.append(cols["size"].start + nz)
            vals.append(zc[nz])
        if ec.hub_pass is not None and len(pass_c):
            # CO2 a hub passes through counts in a CO2 (or objective) row as in the objective (`model.netpass`)
            cx_.append(cols["hub_pass"].start + np.arange(len(pass_c)))
            vals.append(pass_co2_per_unit(scen, cols["hub_pass"].labels) if ec.hub_pass == "co2" else pass_c)
        cc = np.concatenate(cx_)
        block("extra", np.zeros(len(cc)), cc, np.concatenate(vals), [ec.lo], [ec.hi], [f"{ec.name}_{r}"], [r])
    coupling_rows(scen, ppos, pcol, block)
    row_lo, row_hi = np.concatenate(LO), np.concatenate(HI)
    if npl:
        r_, c_, v_ = scale_rows(scen, ppos, pcol, rows, row_lo, row_hi)
        R.append(r_)
        C.append(c_)
        V.append(v_)
    ncol = cols.size
    A = sp.csr_matrix((np.concatenate(V), (np.concatenate(R), np.concatenate(C))), shape=(rows.size, ncol))
    nbin = nb + nh + nv + npl
    nnet = 0 if nb_ is None else len(nb_.c)
    nown = len(own_ub)
    naux = ncol - (nx + nbin) - nsz - nnet - nown - len(pass_c)
    net_c, net_ub, net_int = ((np.zeros(0), np.zeros(0), np.zeros(0, np.int8)) if nb_ is None
                              else (nb_.c, nb_.ub, nb_.integrality))
    size_c = -size_eur[usz] if scen.params.objective == "net_benefit" else np.zeros(nsz)
    c = np.concatenate([cx[aa], -fy[ybin], -hub_fixed, -sfix[ub_], placement_objective(scen, ppos), size_c,
                        np.zeros(naux), net_c, np.zeros(nown), pass_c])
    lb = np.zeros(ncol)
    pub = (~impossible(scen, ppos, np.unique(dem[dem >= 0]))).astype(float)
    ub = np.concatenate([mt.ravel(), np.ones(nb + nh + nv), pub, amount[usz]] + ([] if cb is None else [cb.ub])
                        + [net_ub, own_ub, pass_ub])
    integrality = np.concatenate([np.zeros(nx, np.int8), np.ones(nbin, np.int8), np.zeros(nsz + naux, np.int8),
                                  net_int, own_int, np.zeros(len(pass_c), np.int8)])
    if nb_ is not None and len(nb_.x_at_max):
        lb[nb_.x_at_max] = ub[nb_.x_at_max]   # a balanced network uses every injection fully
    return MilpArrays(c=c, lb=lb, ub=ub, integrality=integrality, A=A, row_lo=row_lo,
                      row_hi=row_hi, links=pos, row_names=NAMES, cols=cols, rows=rows, periods=T,
                      cascade=cb, network=nb_, pass_money=pass_money)


def _hub_fixed(scen: Scenario) -> np.ndarray:
    from eitflow.candidates.costs import hub_fixed_eur_per_yr
    return hub_fixed_eur_per_yr(scen)


def hub_period_capacity(hub_cap: np.ndarray, T: int) -> np.ndarray:
    """Each hub's capacity in a period (hubs x T, supply base units a period): hubs.csv's
    capacity / T, what its capacity row reads wherever the row can bind (`_hub_capacity_rows`;
    below what the supplies with a leg into it hold). unmatched.csv reads a hub whose inflow
    reaches it as full."""
    return np.repeat(hub_cap[:, None] / T, T, axis=1)


def _hub_capacity_rows(hub_cap: np.ndarray, uh: np.ndarray, hub: np.ndarray, hnode: np.ndarray, sup: np.ndarray,
                       per: np.ndarray) -> np.ndarray:
    """The capacity of each hub of `uh` per period (hubs x periods) as its capacity row reads
    it: hubs.csv's capacity / T, but no more than the supplies with a leg into it (links `hub`,
    `hnode`, `sup` of the model) hold in the period (`per`), or 1 base unit where they hold
    none. What enters never exceeds what they hold, so the row is the same; a capacity far
    above it (1e12 t/yr at a 146 t/yr station) made the row's coefficient so large that the
    optimum moved (by 107 EUR/yr at 1e15) or the solve stopped."""
    T = per.shape[1]
    out = hub_period_capacity(hub_cap, T)
    legs = np.flatnonzero((hnode >= 0) & (sup >= 0))
    held = np.zeros((len(uh), T))
    if not len(legs):
        return np.minimum(out, 1.0)
    pairs = np.unique(np.stack([np.searchsorted(uh, hub[legs]), sup[legs]], axis=1), axis=0)
    np.add.at(held, pairs[:, 0], per[pairs[:, 1]])
    return np.minimum(out, np.maximum(held, 1.0))
