"""CO2 that a hub standing on a CO2 network takes in and hands straight out again by its own
legs never enters the pipes: it pays no compression into dense phase.

A leg into such a hub pays the network's injection electricity per unit it carries
(`candidates.hubs.network_injection`, `electricity.injection_mwh_per_unit`: 0.11 MWh/t), since
the hub's node is the network's and what it takes in may go down the pipes. What leaves the hub
by its legs out in the same period, up to what came in by its legs in, went from truck to truck:
the model refunds that compression. Per such hub h (its resource's network has an injection
electricity e > 0 MWh/unit) and period t, a column p_ht >= 0, the CO2 passed through:

    hub_pass_in   p_ht - sum_{legs l into h} yield_l x_lt <= 0
    hub_pass_out  p_ht - sum_{legs l out of h} x_lt <= 0

with objective coefficient +e x (electricity price + carbon price x its CO2 factor) EUR per unit
(`objective: co2`: +e x CO2 factor tCO2 per unit). The refund only gains, so at an optimum
p_ht = min(in, out): the compression is paid on max(0, in - out) of the hub's own legs, what the
hub puts into the pipes, and a hub drawing from the pipes for its legs out pays nothing more. The
run's figures read the same rule (`hub_passed`, `results.injection`). Before 2026-12-07 CO2 trucked
in and out of such a hub paid 8.8 EUR/t (+ 0.572 EUR/t of carbon at 100 EUR/t) for a compression
that never took place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eitflow.candidates.electricity import electricity_terms, injection_mwh_per_unit
from eitflow.candidates.generate import Candidates
from eitflow.candidates.hubs import hub_nodes
from eitflow.model.arrays import LinearConstraint, MilpArrays
from eitflow.model.blocks import Blocks
from eitflow.model.network import merged_hub_nodes
from eitflow.scenario import Scenario

__all__ = ["co2_row", "hub_pass_block", "hub_passed", "leg_pass_refund", "pass_best", "pass_co2_per_unit", "pass_columns",
           "pass_refund", "passed_co2_t_per_yr", "passed_part", "plan_co2_t_per_yr"]


def pass_refund(scen: Scenario, resource: str) -> tuple[float, float]:
    """(EUR, tCO2) per unit of `resource` a hub on its network passes straight through: the
    injection electricity's cost and CO2 (`electricity.electricity_terms` of
    `injection_mwh_per_unit`; 8.8 EUR/t and 0.00572 tCO2/t for CO2 at 80 EUR/MWh and 0.052
    tCO2/MWh), 0 for a resource whose network has none."""
    rc = scen.catalogue[resource] if resource in scen.catalogue else None
    eur, co2 = electricity_terms(scen.params, injection_mwh_per_unit(None if rc is None else rc.network, True))
    return float(eur), float(co2)


def pass_hubs(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Hub nodes (`candidates.hubs.hub_nodes`) standing on a network whose injection uses
    electricity (CO2): the hubs whose legs in refund what their legs out take."""
    on = merged_hub_nodes(cand)
    if not len(on):
        return on
    res = hub_nodes(scen)["resource"].to_numpy().astype(str)[on]
    return on[np.array([pass_refund(scen, r)[0] > 0 or pass_refund(scen, r)[1] > 0 for r in res], bool)]


def hub_pass_block(scen: Scenario, cand: Candidates, pos: np.ndarray, T: int, x_ub: np.ndarray, cols: Blocks,
                   block: Callable[..., None], sfx: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add the columns ``hub_pass`` and rows ``hub_pass_in``, ``hub_pass_out`` (module docstring)
    of the hubs of `pass_hubs` with legs both in and out among the model's links `pos`.

    Parameters
    ----------
    scen, cand : the scenario and its candidates.
    pos : array of int
        The model's links (positions in `cand.links`), in the order of its x columns.
    T : int
        Periods (12 with monthly profiles, else 1).
    x_ub : array of float
        Per link of `pos` and period, its flow's bound (links x T, supply units a period).
    cols, block, sfx : the model's column blocks, its row adder and period suffix (`model.build`).

    Returns
    -------
    (array, array, array)
        Per new column, in order: its objective coefficient (EUR per unit under net_benefit,
        tCO2 per unit under co2), its net-benefit coefficient (EUR per unit, `solve.co2cost`) and
        its upper bound (units a period); empty without any.
    """
    none = (np.zeros(0), np.zeros(0), np.zeros(0))
    on = pass_hubs(scen, cand)
    if not len(on) or not cand.has_column("hub_node"):
        return none
    kind = np.asarray(cand.column("kind")).astype(str)[pos]
    hn = np.asarray(cand.column("hub_node"), np.int64)[pos]
    at = np.isin(hn, on)
    legs_in, legs_out = at & (kind == "to_hub"), at & (kind == "from_hub")
    mine = np.intersect1d(hn[legs_in], hn[legs_out])     # hubs the model reaches both ways
    if not len(mine):
        return none
    k = len(mine)
    yld = np.asarray(cand.column("yield"), float)[pos]
    x0 = cols["x"].start
    p0 = cols.add("hub_pass", k * T, np.repeat(mine, T)).start
    t = np.arange(T)
    nodes = hub_nodes(scen)
    hub_ids, res = nodes["hub_id"].to_numpy().astype(str), nodes["resource"].to_numpy().astype(str)
    ub = np.zeros((k, T))
    for name, legs, coef in (("hub_pass_in", legs_in, yld), ("hub_pass_out", legs_out, np.ones(len(pos)))):
        li = np.flatnonzero(legs & np.isin(hn, mine))
        row = np.searchsorted(mine, hn[li])
        can = np.zeros((k, T))
        np.add.at(can, row, coef[li][:, None] * x_ub[li])
        ub = can if name == "hub_pass_in" else np.minimum(ub, can)
        block(name, np.concatenate([(row[:, None] * T + t).ravel(), np.arange(k * T)]),
              np.concatenate([(x0 + li[:, None] * T + t).ravel(), p0 + np.arange(k * T)]),
              np.concatenate([-np.repeat(coef[li], T), np.ones(k * T)]), np.full(k * T, -np.inf), np.zeros(k * T),
              lambda name=name: [f"hub_{hub_ids[h]}_{res[h]}_{name[4:]}{sfx(p)}" for h in mine for p in range(T)],
              np.repeat(mine, T))
    terms = np.array([pass_refund(scen, r) for r in res[mine]], float).reshape(k, 2)
    money = terms[:, 0] + scen.params.carbon_price_eur_per_t * terms[:, 1]
    c = terms[:, 1] if scen.params.objective == "co2" else money
    return np.repeat(c, T), np.repeat(money, T), ub.ravel()


def hub_passed(scen: Scenario, cand: Candidates, period_flow: np.ndarray | None, flow: np.ndarray,
               outs: bool = False) -> np.ndarray:
    """Per candidate link, what a leg into a hub on a CO2 network hands straight to the hub's legs
    out (base units/yr; 0 elsewhere), by the model's rule (`model.netpass`): in each period the
    hub passes min(in, out) of its own legs' flows (in: what its legs in bring, yield x flow; out:
    what its legs out take), shared among its legs in in proportion to what each brings.

    Parameters
    ----------
    scen, cand : the scenario and its candidates.
    period_flow : array of float or None
        The solution's ``period_flow`` (links x periods), read where it matches `flow`; else the
        year is one period.
    flow : array of float
        Per candidate link, its flow (supply base units/yr).
    outs : bool
        Also per leg out, what of its flow came straight from the hub's legs in (the same min(in,
        out) a period, shared among the legs out in proportion to what each takes; `x - this` is
        what it draws from the network).

    Returns
    -------
    array of float
        Units/yr passed through per leg in (and, `outs`, per leg out); the legs in of a hub sum to its sum over the periods
        of min(in, out): 100,000 t/yr in and 30,000 t/yr out by truck, 30,000 t/yr.
    """
    lk = cand.links
    out = np.zeros(len(lk))
    on = pass_hubs(scen, cand) if len(lk) and "hub_node" in lk and "kind" in lk else np.zeros(0, np.int64)
    if not len(on):
        return out
    pf = period_flow
    per = (np.asarray(pf, float) if pf is not None and np.ndim(pf) == 2 and np.shape(pf)[0] == len(lk)
           and np.allclose(np.asarray(pf, float).sum(axis=1), flow, rtol=1e-6, atol=1e-6)
           else np.asarray(flow, float)[:, None])
    kind, hn = lk["kind"].to_numpy().astype(str), lk["hub_node"].to_numpy(np.int64)
    brings = per * lk["yield"].to_numpy(float)[:, None]
    for h in on:
        legs_in, legs_out = np.flatnonzero((hn == h) & (kind == "to_hub")), np.flatnonzero((hn == h) & (kind == "from_hub"))
        into, taken = brings[legs_in].sum(axis=0), per[legs_out].sum(axis=0)
        share = np.where(into > 0, np.minimum(into, taken) / np.where(into > 0, into, 1.0), 0.0)
        out[legs_in] = (brings[legs_in] * share).sum(axis=1)
        if outs:
            part = np.where(taken > 0, np.minimum(into, taken) / np.where(taken > 0, taken, 1.0), 0.0)
            out[legs_out] = (per[legs_out] * part).sum(axis=1)
    return out


def passed_co2_t_per_yr(scen: Scenario, cand: Candidates, period_flow: np.ndarray | None, flow: np.ndarray) -> float:
    """The CO2 of the compression the hubs' refund spares (tCO2/yr): `hub_passed` x
    `pass_refund`'s tCO2 per unit, summed; what the ``hub_pass`` columns add to a plan's CO2
    avoided under `objective: co2` beyond its links' (`solve.lexico` adds it to theirs)."""
    passed = hub_passed(scen, cand, period_flow, flow)
    legs = np.flatnonzero(passed > 0)
    if not len(legs):
        return 0.0
    res = cand.links["supply_resource"].to_numpy().astype(str)[legs]
    return float(sum(pass_refund(scen, r)[1] * q for r, q in zip(res, passed[legs])))


def pass_co2_per_unit(scen: Scenario, hubs: np.ndarray) -> np.ndarray:
    """Per ``hub_pass`` column (its label: the hub node, `hub_pass_block`), the CO2 its refund
    spares (tCO2 per unit passed: `pass_refund`, 0.00572 tCO2/t for CO2 at 0.052 tCO2/MWh)."""
    res = hub_nodes(scen)["resource"].to_numpy().astype(str)
    return np.array([pass_refund(scen, r)[1] for r in res[np.asarray(hubs, np.int64)]], float)


def co2_row(scen: Scenario, cand: Candidates, lo: float = -np.inf, hi: float = np.inf,
            name: str = "co2_min") -> LinearConstraint:
    """The row bounding a plan's CO2 avoided (tCO2/yr), lo <= CO2 <= hi, as the co2 objective
    counts it: its links' CO2 (``co2_t_per_unit`` x flow) and the compression its CO2 hubs spare
    (the ``hub_pass`` columns, `pass_co2_per_unit`). The one row every stage that bounds CO2
    avoided adds (`solve.lexico`, `analyses.pareto`); on the links alone, a plan whose hub passes
    CO2 through fell short of its own CO2 (pareto points infeasible).

    Parameters
    ----------
    scen, cand : the scenario and the candidates the row is over.
    lo, hi : float
        Bounds on CO2 avoided (tCO2/yr); infinite: none on that side.
    name : str
        The row's name in the model.
    """
    return LinearConstraint(cand.links["co2_t_per_unit"].to_numpy(float), lo=lo, hi=hi, name=name, hub_pass="co2")


def plan_co2_t_per_yr(scen: Scenario, cand: Candidates, period_flow: np.ndarray | None, flow: np.ndarray) -> float:
    """A plan's CO2 avoided (tCO2/yr) as `co2_row` and the co2 objective count it: its links'
    (``co2_t_per_unit`` x flow) plus `passed_co2_t_per_yr`. 100,000 t/yr piped in at 0.09
    tCO2/t with 30,000 t/yr of it trucked out through a hub: 9,000 + 30,000 x 0.00572 = 9,171.6.

    Parameters
    ----------
    scen, cand : the scenario and the plan's candidates.
    period_flow : array of float or None
        The solution's ``period_flow`` (`hub_passed`).
    flow : array of float
        Per candidate link, its flow (supply base units/yr).
    """
    f = np.asarray(flow, float)
    return float(cand.links["co2_t_per_unit"].to_numpy(float) @ f) + passed_co2_t_per_yr(scen, cand, period_flow, f)


def leg_pass_refund(scen: Scenario, cand: Candidates) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate link, what a leg into a hub of `pass_hubs` gets back per unit its hub
    passes straight to a leg out (0 on every other link): (EUR per unit, the electricity and its
    CO2 at the carbon price, as the ``hub_pass`` columns' net benefit; tCO2 per unit). CO2 at
    80 EUR/MWh, 0.052 tCO2/MWh and 100 EUR/tCO2: 8.8 + 0.572 = 9.372 EUR/t and 0.00572 tCO2/t.
    A route alone through the hub (leg in, leg out) passes all that reaches the hub: its value is
    the legs' and this refund on what reaches the hub (`analyses.hubroute`)."""
    lk = cand.links
    eur, co2 = np.zeros(len(lk)), np.zeros(len(lk))
    on = pass_hubs(scen, cand) if len(lk) and "hub_node" in lk and "kind" in lk else np.zeros(0, np.int64)
    if not len(on):
        return eur, co2
    legs = np.flatnonzero((lk["kind"].to_numpy().astype(str) == "to_hub") & np.isin(lk["hub_node"].to_numpy(np.int64), on))
    for a, r in zip(legs, lk["supply_resource"].to_numpy().astype(str)[legs]):
        e, c = pass_refund(scen, r)
        eur[a], co2[a] = e + scen.params.carbon_price_eur_per_t * c, c
    return eur, co2


def pass_columns(scen: Scenario, cand: Candidates, pos: np.ndarray, passed: np.ndarray) -> dict[str, np.ndarray]:
    """Per chosen link (`pos`, positions in `cand.links`), what `passed_part` and the network's
    allocation (`results.netallocation.bearers`, `results.hubsplit`) read, as `Statistics.links`'
    columns: ``hub_passed``, what a leg into a hub of `pass_hubs` hands straight to the hub's legs
    out (`passed`, base units/yr; NaN on every other link); ``hub_passed_out``, what a leg out of
    such a hub took straight from its legs in (`passed` there, `hub_passed` with `outs`: never in
    the pipes; NaN on every other link); and a leg in's `leg_pass_refund`,
    ``pass_refund_eur_per_unit`` (EUR per unit) and ``pass_refund_t_per_unit`` (tCO2 per unit)."""
    pos = np.asarray(pos, np.int64)
    eur, co2 = (a[pos] for a in leg_pass_refund(scen, cand))
    on = (eur != 0) | (co2 != 0)
    lk = cand.links
    hubs = pass_hubs(scen, cand) if len(lk) and "hub_node" in lk and "kind" in lk else np.zeros(0, np.int64)
    out = np.zeros(len(pos), bool)
    if len(hubs) and len(pos):
        out = (lk["kind"].to_numpy().astype(str)[pos] == "from_hub") & np.isin(lk["hub_node"].to_numpy(np.int64)[pos], hubs)
    p = np.asarray(passed, float)
    return {"hub_passed": np.where(on, p, np.nan), "hub_passed_out": np.where(out, p, np.nan),
            "pass_refund_eur_per_unit": eur, "pass_refund_t_per_unit": co2}


def passed_part(figure: np.ndarray, amount: np.ndarray, passed: np.ndarray, refund: np.ndarray) -> np.ndarray:
    """Of a leg into a hub's figure (EUR/yr, or tCO2/yr), the part that goes with what its hub
    hands straight to its legs out, by this module's rule: what the leg would be worth had its hub
    put nothing into the pipes (its figure plus the compression it pays on ``amount - passed``,
    `refund` per unit, as `results.injection` charges it) for the ``passed / amount`` of what it
    carries. The rest, the compression of what the hub puts into the pipes with it, goes with what
    enters the network. A leg of a hub on no CO2 network (`passed` NaN, `pass_columns`), or one
    kept built carrying nothing (nothing of it enters the pipes: its fixed cost): all of its figure.

    Parameters
    ----------
    figure : array of float
        Per leg, its figure (EUR/yr or tCO2/yr), after whatever shares come before.
    amount, passed : array of float
        Per leg, what it carries and what of it its hub passes straight out (base units/yr).
    refund : array of float
        Per leg, the compression per unit (EUR per unit with `figure` in EUR/yr, tCO2 per unit
        with it in tCO2/yr; `leg_pass_refund`).

    Returns
    -------
    array of float
        The passed part, in `figure`'s unit. 100,000 t/yr trucked in at -657,040 EUR/yr (-1,000 of
        truck CO2, -656,040 of compression on the 70,000 put into the pipes at 9.372 EUR/t),
        30,000 passed straight out: (-657,040 + 9.372 x 70,000) x 30,000 / 100,000 = -300.
    """
    f, x = np.asarray(figure, float), np.asarray(amount, float)
    p, r = np.asarray(passed, float), np.asarray(refund, float)
    mine = ~np.isnan(p)
    p = np.where(mine, p, 0.0)
    part = np.where(x > 0, (f + r * (x - p)) * p / np.where(x > 0, x, 1.0), f)
    return np.where(mine, part, f)


def pass_best(arr: MilpArrays) -> float:
    """The most the ``hub_pass`` columns of `arr` add to its objective: each at its bound (units
    a period) x its coefficient where positive (EUR per unit under net_benefit, tCO2 per unit
    under co2); 0 without any. A bound over the links each at their best (`solve.schedule`'s
    fallback) adds it: a leg in's value pays the compression this refunds. 100,000 t/yr able to
    pass at 9.372 EUR/t: 937,200 EUR/yr."""
    if "hub_pass" not in arr.cols or not len(arr.cols["hub_pass"]):
        return 0.0
    c, ub = arr.c[arr.cols["hub_pass"].slice], arr.ub[arr.cols["hub_pass"].slice]
    return float(c[c > 0] @ ub[c > 0])   # (a column worth 0 adds nothing, unbounded or not)
