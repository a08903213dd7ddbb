"""A company's closure with the plan already built: its investment spent (sunk), so a re-solve
pays only the running costs of what it keeps of the plan (`resilience`'s sunk columns).

`resilience`'s first re-solve builds anew: it pays again the annuity of every link, corridor
and hub it keeps, so a pipe or corridor it replaces by another partner or route counts as
stranded although the one built could keep running (an upper bound). Here what the plan built
costs only its O&M in the re-solve (its annual fixed cost less the annuity CRF x investment,
`candidates.costs.annual_fixed_eur_per_yr`); the territory still pays those annuities whatever
it does, so they are added back to the plan's side of the loss:

    loss (sunk) = (plan's net benefit + A) - re-solve's net benefit (plan's assets sunk)

with A the annuities of the plan's assets in the re-solved part (EUR/yr). Stranded (sunk) is
the investment of the plan's links, corridors and hubs that this re-solve leaves carrying
nothing (EUR).

The rule, asset by asset (what the plan built, at its O&M alone in the re-solve):

- its links (flow > 0), and a link over the same pipe (a heat pump's twin of a built direct
  pipe, or the other way round: the same supply and demand, ends, mode, hub and network node,
  `pipe_keys`), whose annuity is the pipe's part already in the ground: CRF x the smaller of
  the two pipes' investment (counted once in A, on the plan's link); the pipe's O&M is paid
  once, on the plan's link, whose switch the twin's may not exceed (a row, `Sunk.rows`);
- its corridors' built sizes and its built hubs;
- its built supplies (an electrolyser, a capture unit: flows.csv `investment_eur`, whose
  annuity is sunk, `fixed_cost_eur_per_yr` its O&M) and, for a unit the model sizes
  (`investment_eur_per_unit`), the capacity S0 the plan built: up to S0 it costs nothing more,
  beyond it each unit is paid in full;
- a linearly sized corridor likewise: the capacity K0 the plan built (base units/yr) has its
  annuity (fixed and per-capacity parts) sunk and its O&M for K0 paid when it runs; beyond K0
  each unit of capacity is paid in full (annuity and O&M).

The sized parts' price is convex (0, then the full price past K0 or S0). A corridor's is
exact: its built size held at K0 and its growth a twin corridor of the same trench at the full
price per unit of capacity, built only with it (`_growth`). A sized supply has one capacity
column, so it is solved twice: held at most at S0 (a plan the closure can run) and relaxed
(`sunk_plan(..., relax=True)`: every unit at its full price; `relaxed_credit` prices its plan
at the sunk pricing and gives a lower bound). `resilience` takes the better plan, exact where
the relaxed one keeps each usable unit at S0 or more, else an upper bound said with the lower
one (`df.attrs["sunk_bounds"]`, `stranded.sunk_note`).

Not sunk (paid again if used, as in the first re-solve): a heat pump's capacity (paid per MWh
in the link's value, EUR/MWh), and what the plan did not build.

Units: EUR, EUR/yr; capacities in the flow's or network's base units/yr.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np
import pandas as pd

from eitflow.candidates.costs import capital_recovery_factor
from eitflow.candidates.generate import Candidates
from eitflow.candidates.nettables import Network
from eitflow.candidates.network import LINEAR, network_of
from eitflow.model.arrays import LinearConstraint
from eitflow.results.netparts import corridors_reached
from eitflow.results.result import Result
from eitflow.scenario import Scenario


class Sunk(NamedTuple):
    """The plan's assets as already built (`sunk_plan`).

    scen, cand: the scenario (built hubs' and supplies' investment 0, a sized supply's
        capacity fixed at the plan's) and candidates (the plan's links', their twins' and
        built corridor options' fixed_eur_per_yr less their annuity) of the re-solves.
    link_annuity: per candidate link, the annuity taken off (EUR/yr; 0 off the plan; a twin's
        credit is not in it: it is the plan's pipe's, counted there).
    hub_annuity: per scenario hub, the annuity taken off (EUR/yr).
    option_annuity: per network option, the annuity taken off (EUR/yr; a linear size's fixed
        and per-capacity parts at the built capacity).
    supply_annuity: per flow, the annuity taken off (EUR/yr; built supplies only).
    sized: per network option and per flow, the built sized parts (a linear size's K0, a
        sized supply's S0, base units/yr; 0 elsewhere), which `relax` prices otherwise.
    rows: the rows every re-solve adds (`optimise`'s `extra`): a twin's switch no more than
        its plan link's, which pays the pipe's O&M once (`_twin_credit`).
    """

    scen: Scenario
    cand: Candidates
    link_annuity: np.ndarray
    hub_annuity: np.ndarray
    option_annuity: np.ndarray
    supply_annuity: np.ndarray
    sized: tuple[np.ndarray, np.ndarray]
    rows: tuple[LinearConstraint, ...] = ()


def pipe_keys(lk: pd.DataFrame) -> list[tuple]:
    """Per candidate link, the pipe (or connection) it runs over: its supply and demand flows,
    ends, mode, hub and network node. Two links with one key are twins over one pipe: a heat
    pump's link and the direct one of the same pair (`resilience.pipes_reused`, `sunk_plan`)."""
    cols = [c for c in ("supply", "demand", "source_site", "sink_site", "mode", "hub", "net_node") if c in lk]
    return list(zip(*(lk[c].astype(str).to_numpy() for c in cols)))


def _twin_credit(lk: pd.DataFrame, plan: np.ndarray, crf: float, left: np.ndarray,
                 om: np.ndarray) -> tuple[np.ndarray, list[LinearConstraint]]:
    """Per candidate link off the plan whose pipe the plan built (`pipe_keys`): what of its
    annual cost `left` (EUR/yr) the pipe in the ground already covers, the annuity CRF x the
    smaller of the two links' investment and the pipe's O&M, the smaller of the two links'
    (`om`, EUR/yr: the plan's link pays it in the re-solve), no more than `left`; 0
    elsewhere. And per such twin a row: its switch <= the plan link's, so the pipe's O&M is
    paid once, on the plan's link, whichever of the two runs (one pipe in the ground).
    Without the credit a heat pump on a built pipe paid the pipe's annuity again; without the
    O&M's part the pipe's O&M was paid twice where both ran."""
    keys = pipe_keys(lk)
    inv = lk["investment_eur"].to_numpy(float)
    built: dict[tuple, int] = {}   # per pipe, the plan's link over it (the dearest pipe)
    for a in np.flatnonzero(plan):
        if keys[a] not in built or inv[a] > inv[built[keys[a]]]:
            built[keys[a]] = int(a)
    out = np.zeros(len(lk))
    rows = []
    for b in np.flatnonzero(~plan):
        a = built.get(keys[b])
        if a is None:
            continue
        shared = min(om[a], max(left[b] - crf * inv[b], 0.0))   # the pipe's O&M, once
        out[b] = min(crf * min(inv[b], inv[a]) + max(shared, 0.0), max(left[b], 0.0))
        if shared > 0:
            y = np.zeros(len(lk))
            y[b], y[a] = 1.0, -1.0
            rows.append(LinearConstraint(np.zeros(len(lk)), y, hi=0.0, name=f"sunk_twin_{b}_{a}"))
    return out, rows


def _sunk_supplies(scen: Scenario, built: Built, crf: float,
                   relax: bool | np.ndarray = False) -> tuple[Scenario, np.ndarray]:
    """`scen` with the plan's built supplies sunk (`investment_eur` 0, their O&M
    `fixed_cost_eur_per_yr` kept) and each unit the model sized at the capacity S0 the plan
    built, its per-unit investment 0 and its amount S0 (base units/yr): no more than it has.
    `relax` (for all, or per flow): a sized unit as built anew (`sunk_plan`). Returns it and
    the annuity per flow taken off (EUR/yr)."""
    f = scen.flows
    ann = np.zeros(len(f))
    inv = np.nan_to_num(f["investment_eur"].to_numpy(float)) if "investment_eur" in f else np.zeros(len(f))
    per = np.nan_to_num(f["investment_eur_per_unit"].to_numpy(float)) if "investment_eur_per_unit" in f else ann * 0
    sized = (per > 0) & (built.supply_size > 0)
    if not (built.supply_built & (inv > 0)).any() and not sized.any():
        return scen, ann
    f = f.copy()
    held = sized & ~np.asarray(relax, bool)
    ann = crf * (np.where(built.supply_built, inv, 0.0) + np.where(held, per * built.supply_size, 0.0))
    if "investment_eur" in f:
        f["investment_eur"] = np.where(built.supply_built, 0.0, f["investment_eur"].to_numpy(float))
    if held.any():
        f["investment_eur_per_unit"] = np.where(held, 0.0, f["investment_eur_per_unit"].to_numpy(float))
        f["amount"] = np.where(held, built.supply_size, f["amount"].to_numpy(float))
    return dataclasses.replace(scen, flows=f), ann


def _sunk_options(oa: dict, built: np.ndarray, cap: np.ndarray | None, crf: float) -> tuple[dict, np.ndarray]:
    """A network's option arrays with its built options sunk: a size's fixed_eur_per_yr less
    its annuity; a linear size built at K0 (`cap`, base units/yr) becomes a size of K0: its
    rated capacity K0, its per-capacity O&M for K0 paid with its fixed part when it runs (the
    pipe in the ground is K0 however little it carries), nothing more per unit of capacity.
    What it may grow beyond K0 is a twin corridor's (`_growth`). Returns them and
    the annuity per option taken off (EUR/yr): CRF x (investment + cap_investment x K0)."""
    ofix = np.asarray(oa["fixed_eur_per_yr"], float)
    ann = np.where(built, np.minimum(crf * np.asarray(oa["investment_eur"], float), np.maximum(ofix, 0.0)), 0.0)
    fix = ofix - ann
    out = {**oa}
    lin = built & (np.asarray(oa["size"], object) == LINEAR)
    if lin.any() and "cap_investment_eur" in oa and cap is not None:
        k0 = np.where(lin, np.asarray(cap, float), 0.0)
        kfix = np.asarray(oa["cap_fixed_eur_per_yr"], float)
        kann = np.where(lin, np.minimum(crf * np.asarray(oa["cap_investment_eur"], float), np.maximum(kfix, 0.0)), 0.0)
        fix = fix + k0 * (kfix - kann)   # its O&M at K0
        out["cap_fixed_eur_per_yr"] = np.where(lin, 0.0, kfix)
        out["capacity"] = np.where(lin, k0, np.asarray(oa["capacity"], float))
        ann = ann + kann * k0
    out["fixed_eur_per_yr"] = fix
    return out, ann


def _growth(net: Network, full: dict, k0: np.ndarray, n_links: int) -> tuple[Network, list[LinearConstraint]]:
    """`net` (its built linear sizes held at K0, `_sunk_options`) with, for each, the growth
    beyond K0 as a twin corridor of the same trench (id "<corridor_id>+": the same places,
    length, way, yield and pumping), whose linear size carries what exceeds K0 at the full
    price per unit of capacity (annuity and O&M: `full`, the option arrays before K0 was held),
    no fixed part and no fixed loss (the trench is dug), up to the size's largest capacity less
    K0; and per twin a row: it is built only with the corridor it grows (`corridor_coef`), so
    K0 is not bought back cheaper as growth alone. The price of capacity K on a built corridor
    is then O&M(K0) + full price x max(0, K - K0): convex, which the LP takes exactly (before,
    the re-solve was held at K0, or priced every unit in full, exact only where the re-solve
    kept every built size at K0 or more: else the held figure, an upper bound on the loss).
    `k0`: per option, K0 (base units/yr; 0 where not a built linear size); `n_links`: the
    candidate links (the rows' x coefficients, all 0)."""
    grow = np.flatnonzero(k0 > 0)
    if not len(grow):
        return net, []
    ca, oa = net.corridor_arrays, net.option_arrays
    nc = len(ca["corridor"])
    cor = np.asarray(oa["corridor"], np.int64)[grow]
    ca2 = {k: np.concatenate([np.asarray(v), np.asarray(v)[cor]]) for k, v in ca.items()}
    ca2["corridor"] = np.arange(nc + len(grow))
    ca2["corridor_id"] = np.concatenate([np.asarray(ca["corridor_id"], object),
                                         np.array([f"{i}+" for i in np.asarray(ca["corridor_id"])[cor]], object)])
    ca2["existing"][nc:] = False
    ca2["capacity"][nc:] = np.inf
    new = np.arange(nc, nc + len(grow))
    add = {k: np.asarray(full[k])[grow].copy() for k in oa}
    add["corridor"] = new
    add["capacity"] = np.maximum(np.asarray(full["capacity"], float)[grow] - k0[grow], 0.0)
    for k in ("investment_eur", "fixed_eur_per_yr", "loss"):
        add[k] = np.zeros(len(grow))
    oa2 = {k: np.concatenate([np.asarray(oa[k]), add[k]]) for k in oa}
    oa2["option"] = np.arange(len(oa2["corridor"]))
    rows = []
    for c, g in zip(cor, new):
        z = np.zeros(nc + len(grow))
        z[g], z[c] = 1.0, -1.0
        rows.append(LinearConstraint(np.zeros(n_links), hi=0.0, name=f"sunk_growth_{g}", corridor_coef=z))
    return dataclasses.replace(net, corridor_arrays=ca2, option_arrays=oa2), rows


class Built(NamedTuple):
    """What a plan built, over a scenario's candidates: plan, per candidate link (flow > 0);
    option_built and option_capacity (a linear size's K, base units/yr), per network option;
    supply_built and supply_size (base units/yr), per flow; hub_built, per scenario hub."""

    plan: np.ndarray
    option_built: np.ndarray
    option_capacity: np.ndarray
    supply_built: np.ndarray
    supply_size: np.ndarray
    hub_built: np.ndarray


def built_of(scen: Scenario, cand: Candidates, base: Result) -> Built:
    """What the plan `base` (of `scen` over `cand`) built (`Built`)."""
    sol = base.solution
    no = len(cand.network.option_arrays["option"]) if cand.network is not None else 0
    nf, nh = len(scen.flows), 0 if scen.hubs is None else len(scen.hubs)
    arr = lambda v, n, t: np.zeros(n, t) if v is None else np.asarray(v, t)  # noqa: E731
    return Built(np.asarray(sol.flow, float) > 0, arr(sol.option_built, no, bool), arr(sol.option_capacity, no, float),
                 arr(sol.supply_built, nf, bool), arr(sol.supply_size, nf, float), arr(sol.hub_built, nh, bool))


def sunk_plan(scen: Scenario, cand: Candidates, base: Result | Built, relax: bool | np.ndarray = False) -> Sunk:
    """The scenario and candidates in which the plan `base` is already built: its links (flow
    > 0) and their twins over the same pipe, its corridors' built options, its built hubs and
    its built supplies cost their O&M alone, their annual fixed cost (CRF x investment + O&M,
    EUR/yr) less the annuity CRF x investment (the rule: the module's docstring).

    Parameters
    ----------
    scen : Scenario
        The scenario `base` solved (or, with `base` a `Built`, the one it is carried onto).
    cand : Candidates
        Its candidates (money in EUR, EUR/yr).
    base : Result or Built
        The plan (with a solution), or what it built over `cand` (`built_of`, `carried`).
    relax : bool or array of bool (per flow)
        The sized supplies (all, or those where True) priced as built anew, their annuity for
        S0 not taken off: a relaxation of the sunk pricing (S0 sunk, only what exceeds it paid,
        `relaxed_credit`); the others held at most at S0. A linear corridor is always exact
        (`_growth`).

    Returns
    -------
    Sunk
        The sunk scenario and candidates, and the annuities taken off (EUR/yr).
    """
    built = base if isinstance(base, Built) else built_of(scen, cand, base)
    crf = capital_recovery_factor(scen.params)
    lk = cand.links
    plan = built.plan
    link_ann = np.where(plan, crf * lk["investment_eur"].to_numpy(float), 0.0)
    fixed = lk["fixed_eur_per_yr"].to_numpy(float)
    # never below 0: a cost given without its investment's annuity in it keeps what it has
    link_ann = np.minimum(link_ann, np.maximum(fixed, 0.0))
    # the plan's pipe, already in the ground, under a heat pump: its O&M paid once, on the plan's link
    twin, rows = _twin_credit(lk, plan, crf, fixed, fixed - link_ann)
    links = lk.copy()
    links["fixed_eur_per_yr"] = fixed - link_ann - twin
    net = cand.network
    opt_ann = np.zeros(0)
    if net is not None:
        oa, opt_ann = _sunk_options(net.option_arrays, built.option_built, built.option_capacity, crf)
        lin = built.option_built & (np.asarray(net.option_arrays["size"], object) == LINEAR)
        k0 = np.where(lin, built.option_capacity, 0.0) if "cap_investment_eur" in oa else np.zeros(len(lin))
        net, grown = _growth(dataclasses.replace(net, option_arrays=oa), net.option_arrays, k0, len(lk))
        rows += grown
        opt_ann = np.concatenate([opt_ann, np.zeros(len(net.option_arrays["option"]) - len(opt_ann))])
    sunk_cand = dataclasses.replace(cand, links=links, network=net)
    # the sized supplies' built capacity S0, read before the held pricing sets their price to 0
    # (read after, it was 0 everywhere, so the relaxation was never solved)
    f = scen.flows
    per = np.nan_to_num(f["investment_eur_per_unit"].to_numpy(float)) if "investment_eur_per_unit" in f else None
    s0 = np.zeros(len(f)) if per is None else np.where(per > 0, built.supply_size, 0.0)
    scen, sup_ann = _sunk_supplies(scen, built, crf, relax)
    hubs = scen.hubs
    hub_ann = np.zeros(0 if hubs is None else len(hubs))
    if hubs is not None and len(hubs):
        hb = built.hub_built
        inv = hubs["investment_eur"].to_numpy(float)
        hub_ann = np.where(hb, crf * np.nan_to_num(inv), 0.0)
        hubs = hubs.copy()
        hubs["investment_eur"] = np.where(hb, 0.0, inv)
        scen = dataclasses.replace(scen, hubs=hubs)
    return Sunk(scen, sunk_cand, link_ann, hub_ann, opt_ann, sup_ann, (np.zeros(len(opt_ann)), s0), tuple(rows))


def relaxed_credit(held: Sunk, relaxed: Sunk, res: Result) -> tuple[float, float]:
    """What a re-solve `res` of the relaxed pricing (`sunk_plan(..., relax=True)`: a sized
    supply's every unit at its full annuity c) gains at the sunk pricing (its built S0 sunk,
    only c x max(0, S - S0) paid), EUR/yr: (c x min(S, S0) summed over the sized supplies,
    its net benefit at the sunk pricing less its own; c x S0 summed over those the re-solve can
    use, the most any re-solve can gain so). With A the plan's annuities at the sunk pricing
    (`plan_annuity` of `held`), loss = plan + A - (net benefit of `res` + the first) is the
    loss of a plan the closure can run (an upper bound on the loss), and plan + A - (net
    benefit of `res` + the second) a lower bound; the two agree where `res` keeps every sized
    supply it can use at S0 or more. A supply no link of `res` reaches (a closed company's
    unit) adds to neither: its S is 0 at both pricings, its S0's annuity in A."""
    ann = held.supply_annuity - relaxed.supply_annuity   # per flow: c x S0 (sized supplies)
    s0 = relaxed.sized[1]
    sol = res.solution
    if not s0.any() or sol.supply_size is None:
        return 0.0, 0.0
    size = np.asarray(sol.supply_size, float)
    on = s0 > 0
    gain = float(np.sum(ann[on] * np.minimum(size[on], s0[on]) / s0[on]))
    lk = res.candidates.links
    sup = lk["supply"].to_numpy(np.int64)
    usable = np.zeros(len(s0), bool)
    usable[np.unique(sup[sup >= 0])] = True
    return gain, float(ann[on & usable].sum())


def plan_scope(base: Result, affected: np.ndarray) -> tuple[set[str], set[str]]:
    """The shared networks (resources) and hubs (hub_ids) the plan's chosen links within
    `affected` (a mask over the candidate links) go through: the shared infrastructure a
    closure's re-solve covers (`resilience.idle_shared`, `plan_annuity`)."""
    L = base.statistics.links()
    L = L[affected[L["link"].to_numpy()]]
    ends = [*L["source_site"].astype(str), *L["sink_site"].astype(str), *L["network_party"].astype(str)]
    nets = {r for r in (network_of(p) for p in ends) if r is not None}
    return nets, set(L["hub_id"].astype(str)) - {""}


def plan_annuity(base: Result, sunk: Sunk, affected: np.ndarray) -> float:
    """The annuities (EUR/yr) of the plan's assets within a closure's re-solved part, which
    `sunk` takes off the re-solve and the territory pays whatever it does: the chosen links
    in `affected`, and the built corridor options and hubs of the networks and hubs they go
    through (`plan_scope`), in the network pieces they reach (`results.netparts.corridors_reached`),
    and the built supplies those links draw on."""
    _, hubs = plan_scope(base, affected)
    total = float(sunk.link_annuity[affected].sum())
    net = base.candidates.network   # the plan's corridors (the growth twins after them carry no annuity)
    if net is not None and len(sunk.option_annuity):
        # the corridors of the pieces the part reaches, not all of the resource's network: a
        # piece no corridor joins to them (another town's) is neither re-solved nor in the plan's part
        mine = corridors_reached(base.candidates, net.corridors, affected & (base.solution.flow > 0))["corridor"]
        o_cor = np.asarray(net.option_arrays["corridor"], np.int64)
        total += float(sunk.option_annuity[:len(o_cor)][np.isin(o_cor, mine)].sum())
    h = sunk.scen.hubs
    if h is not None and len(sunk.hub_annuity):
        total += float(sunk.hub_annuity[h["hub_id"].astype(str).isin(hubs).to_numpy()].sum())
    # the built supplies the part's chosen links draw on (as `totals_row` counts them in the part)
    s = base.candidates.links["supply"].to_numpy(np.int64)[affected & (base.solution.flow > 0)]
    total += float(sunk.supply_annuity[np.unique(s[s >= 0])].sum())
    return total


def grow_rows(cand: Candidates, s0: np.ndarray, grow: np.ndarray) -> list[LinearConstraint]:
    """Per sized supply j where `grow` is True, a row: what j sends (its links' flows, supply
    base units/yr) >= its built capacity S0 (`s0`), the part of the plans where j's unit grows
    beyond S0 (one period: a unit's capacity is what it sends). Solved with j priced as built
    anew (`sunk_plan(..., relax=grow)`), its net benefit + c x S0 (its S0's annuity, sunk) is
    the sunk pricing's exactly there; with the others held at S0, each set of units that grows
    is one part of the plans, and the best of the parts is the sunk optimum."""
    sup = cand.links["supply"].to_numpy(np.int64)
    rows = []
    for j in np.flatnonzero(grow):
        x = (sup == j).astype(float)
        rows.append(LinearConstraint(x, lo=float(s0[j]), name=f"sunk_grows_{j}"))
    return rows
