"""The cost model of a candidate exchange, in one place: transport (variable, investment,
fixed), annuities, compression, heat pumps, pipe losses, electrolysers, and the annual cost
of hubs and of supplies that must be built.

Electrolysers.

Electrolysers: the cost and CO2 of making hydrogen from electricity.

A hydrogen supply with `electrolyser_kwh_per_kg` (system consumption, kWh of electricity
per kg of H2, = MWh per t) is an electrolyser. Each tonne it delivers costs
`kwh_per_kg x electricity price` (EUR/MWh: the flow's `electricity_price_eur_per_mwh`,
else the scenario's) and emits `kwh_per_kg x electricity CO2 factor` (tCO2/MWh: the
flow's `electricity_co2_t_per_mwh`, else the scenario's). Both are charged on every link
or hub leg leaving the supply, on top of its `price_eur_per_unit` (for an electrolyser:
minus its other variable costs, water and stack wear, in EUR/t). Its `amount` (t/yr) is
what the power source allows over the year and its `monthly_profile` the solar or wind
shape, so hydrogen is only made when it is sold.
"""

from __future__ import annotations

import numpy as np

from eitflow.scenario import Scenario


def heat_pump_cop(t_source_c: np.ndarray, t_sink_c: np.ndarray, approach_k: float, carnot_share: float) -> np.ndarray:
    """COP of a heat pump lifting heat from a source at `t_source_c` to a sink needing `t_sink_c`
    (degC): a share of the Carnot COP between evaporation (source - approach) and
    condensation (sink + approach) temperatures."""
    t_cond = t_sink_c + approach_k + 273.15
    lift = np.maximum((t_sink_c + approach_k) - (t_source_c - approach_k), 1e-6)
    return carnot_share * t_cond / lift


def _economics(scen: Scenario, s: np.ndarray, d: np.ndarray, yld: np.ndarray, dist_km: np.ndarray,
               tr, cap: np.ndarray, var_cost: np.ndarray | None, fixed: np.ndarray | None,
               invest: np.ndarray | None, co2f: np.ndarray, cop: np.ndarray | None = None,
               s_share: np.ndarray | None = None, d_share: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Coefficients of links s->d (positions in flows) of one supply resource.

    `yld` already includes pipe losses; `cop` (NaN where no heat pump) adds the heat
    pump: delivered heat = yld * COP/(COP-1) per unit of source heat, electricity
    1/(COP-1) MWh per unit of source heat, capacity cost per MWh delivered. `s_share` and
    `d_share` are the shares of the supply and of the demand a link can reach across
    temperature levels (cascade.py); None is all."""
    f = scen.flows
    p = scen.params
    amount = f["amount"].to_numpy(float)
    price = f["price_eur_per_unit"].to_numpy(float)
    mina = f["min_amount"].to_numpy(float)
    route = dist_km
    vc = tr.var_cost_eur_per_unit + tr.var_cost_eur_per_unit_km * route
    if var_cost is not None:
        vc = np.where(np.isnan(var_cost), vc, var_cost)
    inv = tr.investment_eur + tr.investment_eur_per_km * route
    if invest is not None:
        inv = np.where(np.isnan(invest), inv, invest)
    fc = np.full(len(s), tr.fixed_cost_eur_per_yr)
    if fixed is not None:
        fc = np.where(np.isnan(fixed), fc, fixed)
    co2 = yld * co2f[d] - tr.co2_t_per_unit_km * route
    comp = scen.catalogue[f["resource"].iat[s[0]]].compression_mwh_per_unit_ln if len(s) else 0.0
    if comp > 0:
        pr = f["pressure_bar"].to_numpy(float)
        lnr = np.nan_to_num(np.log(pr[d] / pr[s]), nan=0.0).clip(min=0.0)  # only when pressure must rise
        vc = vc + comp * lnr * p.electricity_price_eur_per_mwh
        co2 = co2 - comp * lnr * p.electricity_co2_t_per_mwh
    if cop is not None and np.isfinite(cop).any():
        hp = np.isfinite(cop)
        elec = np.where(hp, 1.0 / (np.where(hp, cop, 2.0) - 1.0), 0.0)  # MWh_el per MWh of source heat
        boost = 1.0 + elec  # delivered / source heat, before losses
        hpp = p.heat_pump
        cap_cost = p.capital_recovery_factor * hpp.investment_eur_per_kw * 1000.0 / hpp.full_load_hours
        yld = np.where(hp, yld * boost, yld)
        vc = vc + elec * p.electricity_price_eur_per_mwh + np.where(hp, yld * cap_cost, 0.0)
        co2 = yld * co2f[d] - tr.co2_t_per_unit_km * route - elec * p.electricity_co2_t_per_mwh
    # an electrolyser pays for its electricity and emits its CO2 per unit it delivers
    prod_cost, prod_co2 = production_terms(scen)
    co2 = co2 - prod_co2[s]
    value = yld * price[d] + price[s] - prod_cost[s] + p.carbon_price_eur_per_t * co2 - vc
    ss = 1.0 if s_share is None else s_share
    ds = 1.0 if d_share is None else d_share
    upper = np.minimum(np.minimum(amount[s] * ss, amount[d] * ds / yld), cap)
    lower = np.maximum(mina[s], mina[d] / yld)
    return dict(yield_=yld, var_cost_eur_per_unit=vc, investment_eur=inv,
                fixed_eur_per_yr=p.capital_recovery_factor * inv + fc,
                co2_t_per_unit=co2, value_eur_per_unit=value, upper=upper, lower=lower)




def electricity_mwh_per_unit(scen: Scenario) -> np.ndarray:
    """Per flow: electricity used to make one base unit (MWh/t for hydrogen); 0 elsewhere."""
    f = scen.flows
    if "electrolyser_kwh_per_kg" not in f:
        return np.zeros(len(f))
    return np.nan_to_num(f["electrolyser_kwh_per_kg"].to_numpy(float), nan=0.0)


def production_terms(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per flow: (production cost EUR per base unit, production CO2 tCO2 per base unit);
    zero for flows that are not electrolysers."""
    f = scen.flows
    p = scen.params
    mwh = electricity_mwh_per_unit(scen)
    price = f["electricity_price_eur_per_mwh"].to_numpy(float) if "electricity_price_eur_per_mwh" in f \
        else np.full(len(f), np.nan)
    co2 = f["electricity_co2_t_per_mwh"].to_numpy(float) if "electricity_co2_t_per_mwh" in f \
        else np.full(len(f), np.nan)
    price = np.where(np.isnan(price), p.electricity_price_eur_per_mwh, price)
    co2 = np.where(np.isnan(co2), p.electricity_co2_t_per_mwh, co2)
    return mwh * price, mwh * co2


def hub_fixed_eur_per_yr(scen: Scenario) -> np.ndarray:
    """Per hub: CRF * investment + fixed cost (EUR/yr)."""
    h = scen.hubs
    return scen.params.capital_recovery_factor * h["investment_eur"].to_numpy(float) + \
        h["fixed_cost_eur_per_yr"].to_numpy(float)


def supply_fixed_eur_per_yr(scen: Scenario) -> np.ndarray:
    """Per flow: CRF x `investment_eur` + `fixed_cost_eur_per_yr` of a supply that must be
    built to be used (an electrolyser, a capture or treatment unit); 0 elsewhere."""
    f = scen.flows
    inv = f["investment_eur"].to_numpy(float) if "investment_eur" in f else np.zeros(len(f))
    fix = f["fixed_cost_eur_per_yr"].to_numpy(float) if "fixed_cost_eur_per_yr" in f else np.zeros(len(f))
    return scen.params.capital_recovery_factor * np.nan_to_num(inv) + np.nan_to_num(fix)


