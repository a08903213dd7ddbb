"""Economics for each partner: a price band per exchange and the benefit of each company.

For a chosen direct exchange a = (supplier i -> buyer j) carrying x (supply units/yr) at a
transfer price p (EUR per supply unit) paid by the buyer to the supplier:

    supplier gain = (q_i + p) x                   (disposal avoided + what it is paid)
    buyer gain    = (v_a - q_i - p) x - F_a       (input and CO2 avoided, less transport,
                                                    investment and fixed costs, less the price)

Both gain when  -q_i <= p <= v_a - q_i - F_a / x : that is the band. Inside it, the price
suggested by the model is the value of the supplier's resource at the optimum: the dual
of its supply row in the LP with the chosen links fixed (a scarce supply earns a rent, an
abundant one earns nothing), clipped to the band. Company benefits use that price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.model.build import build_arrays
from eitflow.results.result import Result
from eitflow.results.tables import used_amounts
from eitflow.solve.highs import highs_model

BAND_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "amount", "unit",
                "price_min_eur_per_unit", "price_max_eur_per_unit", "price_suggested_eur_per_unit",
                "supplier_benefit_eur_per_yr", "buyer_benefit_eur_per_yr"]


def supply_duals(result: Result) -> np.ndarray:
    """Per flow: dual value (EUR per base unit/yr) of its supply row in the LP with the chosen
    links fixed (binaries fixed to the solution); NaN for flows not in the model."""
    import highspy

    scen, cand, sol = result.scenario, result.candidates, result.solution
    out = np.full(len(scen.flows), np.nan)
    if len(cand.links) == 0 or sol.objective is None:
        return out
    arr = build_arrays(scen, cand)
    n = arr.n_x
    lb, ub = arr.lb.copy(), arr.ub.copy()
    ybuilt = np.zeros(arr.A.shape[1] - n)
    nb, nh = len(arr.ybin), len(arr.hubs)
    ybuilt[:nb] = sol.built[arr.links[arr.ybin]]
    if nh and sol.hub_built is not None:
        ybuilt[nb:nb + nh] = sol.hub_built[arr.hubs]
    if len(arr.builds) and sol.supply_built is not None:
        ybuilt[nb + nh:nb + nh + len(arr.builds)] = sol.supply_built[arr.builds]
    fix = n + np.flatnonzero(arr.integer_cols)
    lb[fix] = ub[fix] = ybuilt[fix - n]
    h = highs_model(arr.relaxed(lb, ub))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return out
    duals = np.abs(np.asarray(h.getSolution().row_dual))  # a <= row of a maximisation: value >= 0
    T = arr.periods
    ids = scen.flows["flow_id"].to_numpy()
    pos = {fid: k for k, fid in enumerate(ids)}
    for r in range(arr.n_supply_rows):
        name = arr.row_names[r][len("supply_"):]
        fid = name.rsplit("_m", 1)[0] if T > 1 else name
        k = pos[fid]
        out[k] = duals[r] if np.isnan(out[k]) else out[k] + duals[r]
    if T > 1:
        out /= T  # average monthly value: an indication only with profiles
    return out


def price_bands(result: Result) -> pd.DataFrame:
    """Per chosen direct exchange: the transfer-price band within which both partners gain,
    the suggested price, and each partner's benefit at that price (EUR/yr)."""
    scen, cand, sol = result.scenario, result.candidates, result.solution
    lk = cand.links
    used = np.flatnonzero((sol.flow > 0) & (lk["kind"].to_numpy() == "direct"))
    if len(used) == 0:
        return pd.DataFrame(columns=BAND_COLUMNS)
    sub = lk.iloc[used]
    x = sol.flow[used]
    s = sub["supply"].to_numpy(np.int64)
    q = scen.flows["price_eur_per_unit"].to_numpy(float)[s]
    v = sub["value_eur_per_unit"].to_numpy(float)
    F = sub["fixed_eur_per_yr"].to_numpy(float)
    # a supply that had to be built (an electrolyser) recovers its annual cost over what it
    # delivers: each of its exchanges carries the same share per unit
    build = np.zeros(len(s))
    if sol.supply_built is not None and sol.supply_built.any():
        from eitflow.candidates.costs import supply_fixed_eur_per_yr
        out = used_amounts(scen, cand, sol)
        fs = np.where(sol.supply_built, supply_fixed_eur_per_yr(scen), 0.0)
        build = np.where(out[s] > 0, fs[s] / np.maximum(out[s], 1e-300), 0.0)
    pmin = -q + build + 0.0  # no negative zeros in the tables
    pmax = v - q - F / x
    lam = supply_duals(result)[s]
    sugg = np.clip(np.nan_to_num(lam, nan=0.0) - q, pmin, np.maximum(pmin, pmax)) + 0.0
    return pd.DataFrame({
        "source_site": sub["source_site"].to_numpy(), "sink_site": sub["sink_site"].to_numpy(),
        "supply_resource": sub["supply_resource"].to_numpy(), "demand_resource": sub["demand_resource"].to_numpy(),
        "amount": x, "unit": [scen.catalogue[r].base_unit for r in sub["supply_resource"]],
        "price_min_eur_per_unit": pmin, "price_max_eur_per_unit": pmax, "price_suggested_eur_per_unit": sugg,
        "supplier_benefit_eur_per_yr": (q + sugg - build) * x,
        "buyer_benefit_eur_per_yr": (v - q - sugg) * x - F,
    }, columns=BAND_COLUMNS)


def company_benefits(result: Result) -> pd.DataFrame:
    """Per site: benefit as supplier, as buyer, and in all (EUR/yr) at the suggested prices."""
    bands = price_bands(result)
    sup = bands.groupby("source_site")["supplier_benefit_eur_per_yr"].sum()
    buy = bands.groupby("sink_site")["buyer_benefit_eur_per_yr"].sum()
    out = pd.DataFrame({"as_supplier_eur_per_yr": sup, "as_buyer_eur_per_yr": buy}).fillna(0.0)
    out["total_eur_per_yr"] = out.sum(axis=1)
    out.index.name = "site_id"
    return out.reset_index().sort_values("site_id", kind="stable").reset_index(drop=True)


