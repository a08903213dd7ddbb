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
  the two pipes' investment (counted once in A, on the plan's link);
- its corridors' built sizes and its built hubs;
- its built supplies (an electrolyser, a capture unit: flows.csv `investment_eur`, whose
  annuity is sunk, `fixed_cost_eur_per_yr` its O&M) and, for a unit the model sizes
  (`investment_eur_per_unit`), the capacity S0 the plan built: up to S0 it costs nothing more,
  beyond it each unit is paid in full;
- a linearly sized corridor likewise: the capacity K0 the plan built (base units/yr) has its
  annuity (fixed and per-capacity parts) sunk and its O&M for K0 paid when it runs; beyond K0
  each unit of capacity is paid in full (annuity and O&M).

The sized parts' price is convex (0, then the full price past K0): the model has one
capacity column, so it is solved twice, held at most at K0 (exact where the re-solve needs no
more) and relaxed (`sunk_plan(..., relax=True)`: every unit at its full price, K0's annuity
off A, exact where the re-solve keeps each at K0 or more, `holds`); `resilience` takes the
relaxed one where it holds, else the held one: an upper bound on the loss where a re-solve
would need one part below and another above its built capacity.

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
from eitflow.candidates.network import LINEAR, network_of
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
    """

    scen: Scenario
    cand: Candidates
    link_annuity: np.ndarray
    hub_annuity: np.ndarray
    option_annuity: np.ndarray
    supply_annuity: np.ndarray
    sized: tuple[np.ndarray, np.ndarray]


def pipe_keys(lk: pd.DataFrame) -> list[tuple]:
    """Per candidate link, the pipe (or connection) it runs over: its supply and demand flows,
    ends, mode, hub and network node. Two links with one key are twins over one pipe: a heat
    pump's link and the direct one of the same pair (`resilience.pipes_reused`, `sunk_plan`)."""
    cols = [c for c in ("supply", "demand", "source_site", "sink_site", "mode", "hub", "net_node") if c in lk]
    return list(zip(*(lk[c].astype(str).to_numpy() for c in cols)))


def _twin_credit(lk: pd.DataFrame, plan: np.ndarray, crf: float, left: np.ndarray) -> np.ndarray:
    """Per candidate link off the plan whose pipe the plan built (`pipe_keys`): the annuity of
    that pipe, CRF x the smaller of the two links' investment (EUR/yr), no more than its
    annual cost `left` (EUR/yr); 0 elsewhere. Without it, a heat pump on a built pipe paid
    the pipe's annuity again."""
    keys = pipe_keys(lk)
    inv = lk["investment_eur"].to_numpy(float)
    built: dict[tuple, float] = {}
    for a in np.flatnonzero(plan):
        built[keys[a]] = max(built.get(keys[a], 0.0), inv[a])
    out = np.zeros(len(lk))
    for b in np.flatnonzero(~plan):
        if keys[b] in built:
            out[b] = min(crf * min(inv[b], built[keys[b]]), max(left[b], 0.0))
    return out


def _sunk_supplies(scen: Scenario, built: Built, crf: float, relax: bool = False) -> tuple[Scenario, np.ndarray]:
    """`scen` with the plan's built supplies sunk (`investment_eur` 0, their O&M
    `fixed_cost_eur_per_yr` kept) and each unit the model sized at the capacity S0 the plan
    built, its per-unit investment 0 and its amount S0 (base units/yr): no more than it has.
    `relax`: a sized unit as built anew (`sunk_plan`). Returns it and the annuity per flow
    taken off (EUR/yr)."""
    f = scen.flows
    ann = np.zeros(len(f))
    inv = np.nan_to_num(f["investment_eur"].to_numpy(float)) if "investment_eur" in f else np.zeros(len(f))
    per = np.nan_to_num(f["investment_eur_per_unit"].to_numpy(float)) if "investment_eur_per_unit" in f else ann * 0
    sized = (per > 0) & (built.supply_size > 0)
    if not (built.supply_built & (inv > 0)).any() and not sized.any():
        return scen, ann
    f = f.copy()
    ann = crf * (np.where(built.supply_built, inv, 0.0) + np.where(sized & ~relax, per * built.supply_size, 0.0))
    if "investment_eur" in f:
        f["investment_eur"] = np.where(built.supply_built, 0.0, f["investment_eur"].to_numpy(float))
    if sized.any() and not relax:
        f["investment_eur_per_unit"] = np.where(sized, 0.0, f["investment_eur_per_unit"].to_numpy(float))
        f["amount"] = np.where(sized, built.supply_size, f["amount"].to_numpy(float))
    return dataclasses.replace(scen, flows=f), ann


def _sunk_options(oa: dict, built: np.ndarray, cap: np.ndarray | None, crf: float,
                  relax: bool = False) -> tuple[dict, np.ndarray]:
    """A network's option arrays with its built options sunk: a size's fixed_eur_per_yr less
    its annuity; a linear size built at K0 (`cap`, base units/yr) becomes a size of K0: its
    rated capacity K0, its per-capacity O&M for K0 paid with its fixed part when it runs (the
    pipe in the ground is K0 however little it carries), nothing more per unit of capacity.
    `relax`: a linear size's per-capacity part as built anew (`sunk_plan`). Returns them and
    the annuity per option taken off (EUR/yr): CRF x (investment + cap_investment x K0)."""
    ofix = np.asarray(oa["fixed_eur_per_yr"], float)
    ann = np.where(built, np.minimum(crf * np.asarray(oa["investment_eur"], float), np.maximum(ofix, 0.0)), 0.0)
    fix = ofix - ann
    out = {**oa}
    lin = built & (np.asarray(oa["size"], object) == LINEAR)
    if lin.any() and "cap_investment_eur" in oa and cap is not None and not relax:
        k0 = np.where(lin, np.asarray(cap, float), 0.0)
        kfix = np.asarray(oa["cap_fixed_eur_per_yr"], float)
        kann = np.where(lin, np.minimum(crf * np.asarray(oa["cap_investment_eur"], float), np.maximum(kfix, 0.0)), 0.0)
        fix = fix + k0 * (kfix - kann)   # its O&M at K0
        out["cap_fixed_eur_per_yr"] = np.where(lin, 0.0, kfix)
        out["capacity"] = np.where(lin, k0, np.asarray(oa["capacity"], float))
        ann = ann + kann * k0
    out["fixed_eur_per_yr"] = fix
    return out, ann


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


def sunk_plan(scen: Scenario, cand: Candidates, base: Result | Built, relax: bool = False) -> Sunk:
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
    relax : bool
        The sized parts (a linear size's K, a sized supply's S) priced as built anew, their
        annuity for K0 (S0) not taken off: a relaxation of the sunk pricing (K0 sunk, only what
        exceeds it paid) that is exact where a re-solve keeps each at K0 or more (`holds`), as
        the default, holding each at most at K0, is exact where it needs no more.

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
    twin = _twin_credit(lk, plan, crf, fixed)   # the plan's pipe, already in the ground, under a heat pump
    links = lk.copy()
    links["fixed_eur_per_yr"] = fixed - link_ann - twin
    net = cand.network
    opt_ann = np.zeros(0)
    if net is not None:
        oa, opt_ann = _sunk_options(net.option_arrays, built.option_built, built.option_capacity, crf, relax)
        net = dataclasses.replace(net, option_arrays=oa)
    sunk_cand = dataclasses.replace(cand, links=links, network=net)
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
    k0 = np.zeros(0)
    if cand.network is not None:
        lin = built.option_built & (np.asarray(cand.network.option_arrays["size"], object) == LINEAR)
        k0 = np.where(lin, built.option_capacity, 0.0)
    f = scen.flows
    per = np.nan_to_num(f["investment_eur_per_unit"].to_numpy(float)) if "investment_eur_per_unit" in f else None
    s0 = np.zeros(len(f)) if per is None else np.where(per > 0, built.supply_size, 0.0)
    return Sunk(scen, sunk_cand, link_ann, hub_ann, opt_ann, sup_ann, (k0, s0))


def holds(sunk: Sunk, res: Result) -> bool:
    """Whether the re-solve `res` of `sunk_plan(..., relax=True)` keeps each built sized part
    (`Sunk.sized`) it could use at its built capacity or more: every linear size with K0 > 0
    built with K >= K0, every sized supply with S0 > 0 at S >= S0, within the re-solved part
    (options and flows `res` has). Then its relaxed pricing is the sunk one, and its optimum
    the sunk optimum. True where there is no sized part."""
    k0, s0 = sunk.sized
    sol = res.solution
    tol = 1e-6
    if len(k0) and k0.any() and sol.option_capacity is not None:
        mine = np.zeros(len(k0), bool)
        lk = res.candidates.links
        if res.candidates.network is not None and len(lk):
            net = res.candidates.network
            reached = corridors_reached(res.candidates, net.corridors, np.ones(len(lk), bool))["corridor"]
            mine = np.isin(np.asarray(net.option_arrays["corridor"], np.int64), reached)
        k = np.asarray(sol.option_capacity, float)
        if np.any(mine & (k0 > 0) & (k < k0 * (1 - tol))):
            return False
    if s0.any() and sol.supply_size is not None:
        lk = res.candidates.links
        used = np.zeros(len(s0), bool)
        used[np.unique(lk["supply"].to_numpy(np.int64)[lk["supply"].to_numpy(np.int64) >= 0])] = True
        if np.any(used & (s0 > 0) & (np.asarray(sol.supply_size, float) < s0 * (1 - tol))):
            return False
    return True


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
    net = sunk.cand.network
    if net is not None and len(sunk.option_annuity):
        # the corridors of the pieces the part reaches, not all of the resource's network: a
        # piece no corridor joins to them (another town's) is neither re-solved nor in the plan's part
        mine = corridors_reached(base.candidates, net.corridors, affected & (base.solution.flow > 0))["corridor"]
        total += float(sunk.option_annuity[np.isin(np.asarray(net.option_arrays["corridor"], np.int64), mine)].sum())
    h = sunk.scen.hubs
    if h is not None and len(sunk.hub_annuity):
        total += float(sunk.hub_annuity[h["hub_id"].astype(str).isin(hubs).to_numpy()].sum())
    # the built supplies the part's chosen links draw on (as `totals_row` counts them in the part)
    s = base.candidates.links["supply"].to_numpy(np.int64)[affected & (base.solution.flow > 0)]
    total += float(sunk.supply_annuity[np.unique(s[s >= 0])].sum())
    return total
