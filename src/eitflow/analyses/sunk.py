"""A company's closure with the plan already built: its investment spent (sunk), so a re-solve
pays only the running costs of what it keeps of the plan (`resilience`'s sunk columns).

`resilience`'s first re-solve builds anew: it pays again the annuity of every link, corridor
and hub it keeps, so a pipe or corridor it replaces by another partner or route counts as
stranded although the one built could keep running (an upper bound). Here the plan's links,
built corridor sizes and hubs cost only their O&M in the re-solve (their annual fixed cost
less the annuity CRF x investment, `candidates.costs.annual_fixed_eur_per_yr`); the
territory still pays those annuities whatever it does, so they are added back to the plan's
side of the loss:

    loss (sunk) = (plan's net benefit + A) - re-solve's net benefit (plan's assets sunk)

with A the annuities of the plan's assets in the re-solved part (EUR/yr). Stranded (sunk) is
the investment of the plan's assets that this re-solve leaves carrying nothing (EUR).

Not sunk (paid again if kept, as in the first re-solve): a heat pump's capacity (paid per
MWh in the link's value), the per-capacity part of a linearly sized corridor (its fixed part
is sunk), and supplies built for the plan (an electrolyser).

Units: EUR, EUR/yr.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from eitflow.candidates.costs import capital_recovery_factor
from eitflow.candidates.generate import Candidates
from eitflow.candidates.network import network_of
from eitflow.results.netparts import corridors_reached
from eitflow.results.result import Result
from eitflow.scenario import Scenario


class Sunk(NamedTuple):
    """The plan's assets as already built (`sunk_plan`).

    scen, cand: the scenario (built hubs' investment 0) and candidates (the plan's links' and
        built corridor options' fixed_eur_per_yr less their annuity) of the re-solves.
    link_annuity: per candidate link, the annuity taken off (EUR/yr; 0 off the plan).
    hub_annuity: per scenario hub, the annuity taken off (EUR/yr).
    option_annuity: per network option, the annuity taken off (EUR/yr).
    """

    scen: Scenario
    cand: Candidates
    link_annuity: np.ndarray
    hub_annuity: np.ndarray
    option_annuity: np.ndarray


def sunk_plan(scen: Scenario, cand: Candidates, base: Result) -> Sunk:
    """The scenario and candidates in which the plan `base` is already built: its links (flow
    > 0), its corridors' built options and its built hubs cost their O&M alone, their annual
    fixed cost (CRF x investment + O&M, EUR/yr) less the annuity CRF x investment.

    Parameters
    ----------
    scen : Scenario
        The scenario `base` solved.
    cand : Candidates
        Its candidates (money in EUR, EUR/yr).
    base : Result
        The plan (with a solution).

    Returns
    -------
    Sunk
        The sunk scenario and candidates, and the annuities taken off (EUR/yr).
    """
    crf = capital_recovery_factor(scen.params)
    lk = cand.links
    plan = np.asarray(base.solution.flow, float) > 0
    link_ann = np.where(plan, crf * lk["investment_eur"].to_numpy(float), 0.0)
    fixed = lk["fixed_eur_per_yr"].to_numpy(float)
    # never below 0: a cost given without its investment's annuity in it keeps what it has
    link_ann = np.minimum(link_ann, np.maximum(fixed, 0.0))
    links = lk.copy()
    links["fixed_eur_per_yr"] = fixed - link_ann
    net = cand.network
    opt_ann = np.zeros(0)
    if net is not None:
        oa = net.option_arrays
        ob = base.solution.option_built
        built = np.zeros(len(oa["option"]), bool) if ob is None else np.asarray(ob, bool)
        ofix = np.asarray(oa["fixed_eur_per_yr"], float)
        opt_ann = np.where(built, np.minimum(crf * np.asarray(oa["investment_eur"], float), np.maximum(ofix, 0.0)), 0.0)
        net = dataclasses.replace(net, option_arrays={**oa, "fixed_eur_per_yr": ofix - opt_ann})
    sunk_cand = dataclasses.replace(cand, links=links, network=net)
    hubs = scen.hubs
    hub_ann = np.zeros(0 if hubs is None else len(hubs))
    if hubs is not None and len(hubs) and base.solution.hub_built is not None:
        hb = np.asarray(base.solution.hub_built, bool)
        inv = hubs["investment_eur"].to_numpy(float)
        hub_ann = np.where(hb, crf * np.nan_to_num(inv), 0.0)
        hubs = hubs.copy()
        hubs["investment_eur"] = np.where(hb, 0.0, inv)
        scen = dataclasses.replace(scen, hubs=hubs)
    return Sunk(scen, sunk_cand, link_ann, hub_ann, opt_ann)


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
    through (`plan_scope`), in the network pieces they reach (`results.netparts.corridors_reached`)."""
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
    return total
