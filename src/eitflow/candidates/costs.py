"""The cost model, in one place: every money, energy and CO2 coefficient of a candidate
exchange (a direct link or a hub leg), and the annual cost of hubs and of supplies that
must be built. Direct links (`rules.py`) and hub legs (`hubs.py`) call the same functions,
so no formula is written twice.

Per unit of the *supply* resource carried (its base unit), with a route of L km:

- transport: variable cost t = t0 + t1 L (EUR/unit), investment I = I0 + I1 L (EUR),
  fixed cost f (EUR/yr), transport CO2 tau L (tCO2/unit); links.csv may replace t, I, f;
- annuity: CRF(r, n) = r / (1 - (1 + r)^-n) (1/n when r = 0), so the annual fixed cost
  of anything built is F = CRF I + f (EUR/yr);
- pipe losses: yield eta = feeds yield x max(0, 1 - loss_per_km L);
- compression (hydrogen): w = k max(0, ln(p_to / p_from)) MWh/unit, paid at the
  electricity price and charged at its CO2 factor (`electricity.py`); a CO2 network's
  injection into dense phase: the network's `injection_electricity_mwh_per_unit`, likewise;
- heat pump, placed at the demand (pump at the sink): the heat that arrives after the
  pipe, eta (per unit of source heat), enters the evaporator; the pump delivers
  eta COP/(COP-1) and draws eta/(COP-1) MWh of electricity (delivered = arriving +
  electricity); its capacity is paid per MWh delivered, CRF x EUR/kW x 1000 / full-load
  hours;
- electrolyser (a hydrogen supply with `electrolyser_kwh_per_kg` = MWh/t): each tonne
  costs k x electricity price and emits k x electricity CO2 (the flow's own electricity,
  else the scenario's); its `amount` is what the power source allows over the year and
  its `monthly_profile` the solar or wind shape, so hydrogen is only made when it is sold;
- value v = revenue + P_CO2 x CO2 avoided - costs (EUR/unit).

Defaults of every figure are in the catalogue (`data/resources.yaml`) and the scenario's
parameters, each with its source or marked as an assumption.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from eitflow.candidates.electricity import compression_terms, electricity_terms, injection_mwh_per_unit
from eitflow.candidates.pipeloss import HOURS_PER_YEAR, leg_loss_shares, pair_loss_mwh_per_yr
from eitflow.catalogue import NetworkSpec, PipeRating, Transport
from eitflow.scenario import Parameters, Scenario

__all__ = [
    "TransportCost", "annual_fixed_eur_per_yr", "capital_recovery_factor", "compression_terms", "electricity_terms",
    "electricity_mwh_per_unit", "heat_pump_cop", "heat_pump_terms", "hub_fixed_eur_per_yr", "leg_coefficients",
    "corridor_size_costs", "LinearPipeCost", "linear_pipe_cost", "linear_pipe_costs", "SIZE_CLASSES", "link_coefficients", "net_value_eur_per_unit", "network_leg_coefficients", "pipe_yield", "production_terms", "supply_fixed_eur_per_yr",
    "supply_size_eur_per_unit", "transport_costs", "PlacementCost", "placement_costs",
]

Array = np.ndarray


# ------------------------------------------------------------------ annuities
def capital_recovery_factor(params: Parameters) -> float:
    """Annuity per EUR invested (1/yr): r / (1 - (1+r)^-n), or 1/n when r = 0, with the
    scenario's `discount_rate` r and `lifetime_years` n."""
    r, n = params.discount_rate, params.lifetime_years
    return 1.0 / n if r == 0 else r / (1.0 - (1.0 + r) ** (-n))


def annual_fixed_eur_per_yr(params: Parameters, investment_eur: Array | float,
                            fixed_eur_per_yr: Array | float) -> Array:
    """Annual cost of something built (EUR/yr): CRF x investment (EUR) + fixed cost (EUR/yr)."""
    return capital_recovery_factor(params) * np.asarray(investment_eur, float) + np.asarray(fixed_eur_per_yr, float)


# ------------------------------------------------------------------ transport
class TransportCost(NamedTuple):
    """Transport coefficients per link: var_eur_per_unit (EUR per supply unit),
    investment_eur (EUR), fixed_eur_per_yr (EUR/yr, before the annuity of the
    investment) and co2_t_per_unit (tCO2 per supply unit)."""

    var_eur_per_unit: Array
    investment_eur: Array
    fixed_eur_per_yr: Array
    co2_t_per_unit: Array


def _given(default: Array, given: Array | None) -> Array:
    """A links.csv value where it is given (not NaN), else the catalogue's."""
    return default if given is None else np.where(np.isnan(given), default, given)


def transport_costs(tr: Transport, route_km: Array, var_cost: Array | None = None, investment: Array | None = None,
                    fixed: Array | None = None) -> TransportCost:
    """Costs of carrying one resource over routes of `route_km` (km) by mode `tr`;
    `var_cost` (EUR/unit), `investment` (EUR) and `fixed` (EUR/yr) replace the catalogue's
    where given (links.csv; NaN = not given)."""
    route = np.asarray(route_km, float)
    vc = _given(tr.var_cost_eur_per_unit + tr.var_cost_eur_per_unit_km * route, var_cost)
    inv = _given(tr.investment_eur + tr.investment_eur_per_km * route, investment)
    fc = _given(np.full(route.shape, tr.fixed_cost_eur_per_yr), fixed)
    return TransportCost(vc, inv, fc, tr.co2_t_per_unit_km * route)


def pipe_yield(base_yield: Array | float, loss_share_per_km: Array | float, route_km: Array) -> Array:
    """Demand units delivered per supply unit after losses along the route: the feeds
    yield x max(0, 1 - loss share per km x route km)."""
    return np.asarray(base_yield, float) * np.clip(1.0 - loss_share_per_km * np.asarray(route_km, float), 0.0, 1.0)


# ------------------------------------------------------------------ energy
def heat_pump_cop(t_source_c: Array, t_sink_c: Array, approach_k: float, carnot_share: float) -> Array:
    """COP of a heat pump lifting heat from a source at `t_source_c` to a sink needing
    `t_sink_c` (degC): `carnot_share` x the Carnot COP between evaporation (source -
    approach) and condensation (sink + approach)."""
    t_cond = np.asarray(t_sink_c, float) + approach_k + 273.15
    lift = np.maximum((np.asarray(t_sink_c, float) + approach_k) - (np.asarray(t_source_c, float) - approach_k), 1e-6)
    return carnot_share * t_cond / lift


def heat_pump_terms(params: Parameters, cop: Array, heat_in: Array) -> tuple[Array, Array, Array]:
    """A heat pump at the demand fed with `heat_in` MWh (the heat that arrives through the
    pipe, per unit of source heat): (heat delivered MWh, electricity MWh, capacity cost EUR),
    each per unit of source heat. delivered = heat_in COP/(COP-1) = heat_in + electricity;
    the capacity (EUR/kW of heat output, annualised, over the full-load hours) is paid per
    MWh delivered."""
    heat_in = np.asarray(heat_in, float)
    elec = heat_in / (np.asarray(cop, float) - 1.0)
    delivered = heat_in + elec
    hp = params.heat_pump
    eur_per_mwh = capital_recovery_factor(params) * hp.investment_eur_per_kw * 1000.0 / hp.full_load_hours
    return delivered, elec, delivered * eur_per_mwh


def _flow_values(scen: Scenario, column: str, fill: float = 0.0) -> Array:
    """Per flow: an optional numeric column of flows.csv, `fill` where empty or absent (the
    flows of placed activities have none of these columns)."""
    if column not in scen.flows:
        return np.full(len(scen.flows), fill)
    v = np.asarray(scen.column("flows", column), float)
    return np.where(np.isnan(v), fill, v)


def electricity_mwh_per_unit(scen: Scenario) -> Array:
    """Per flow: electricity used to make one base unit (MWh/t for an electrolyser: its
    kWh/kg); 0 for every other flow."""
    return _flow_values(scen, "electrolyser_kwh_per_kg")


def production_terms(scen: Scenario) -> tuple[Array, Array]:
    """Per flow: (production cost EUR per base unit, production CO2 tCO2 per base unit) of
    an electrolyser, from its own electricity price and CO2 factor else the scenario's;
    zero for flows that are not electrolysers."""
    p, mwh = scen.params, electricity_mwh_per_unit(scen)
    return (mwh * _flow_values(scen, "electricity_price_eur_per_mwh", p.electricity_price_eur_per_mwh),
            mwh * _flow_values(scen, "electricity_co2_t_per_mwh", p.electricity_co2_t_per_mwh))


def net_value_eur_per_unit(params: Parameters, revenue: Array, co2_t_per_unit: Array, cost: Array) -> Array:
    """Value of one supply unit carried (EUR): revenue + carbon price x CO2 avoided - costs."""
    return revenue + params.carbon_price_eur_per_t * co2_t_per_unit - cost


# ------------------------------------------------------------------ whole links
def link_coefficients(scen: Scenario, s: Array, d: Array, yld: Array, route_km: Array, tr: Transport,
                      cap: Array, var_cost: Array | None = None, fixed: Array | None = None,
                      invest: Array | None = None, co2f: Array | None = None, cop: Array | None = None,
                      s_share: Array | None = None, d_share: Array | None = None) -> dict[str, Array]:
    """Coefficients of direct links s -> d of one supply resource carried by `tr`.

    Parameters
    ----------
    scen : Scenario
    s, d : array of int
        Positions in `scen.flows` of each link's supply and demand.
    yld : array of float
        Demand units per supply unit after pipe losses (`pipe_yield`).
    route_km : array of float
        Route length (km).
    tr : Transport
        The transport mode (catalogue).
    cap : array of float
        Link capacity (supply base units/yr; inf = none).
    var_cost, fixed, invest : array of float, optional
        links.csv values (EUR/unit, EUR/yr, EUR) replacing the catalogue's where not NaN.
    co2f : array of float
        Per flow, tCO2 per base unit of the input a demand replaces.
    cop : array of float, optional
        Heat-pump COP per link (NaN where none): the pump sits at the demand (`heat_pump_terms`).
    s_share, d_share : array of float, optional
        Shares of the supply and of the demand a link can reach across temperature levels
        (heat cascading); None = all.

    Returns
    -------
    dict of arrays
        yield_ (demand units per supply unit), var_cost_eur_per_unit, investment_eur (EUR),
        fixed_eur_per_yr (CRF I + f, EUR/yr), co2_t_per_unit (tCO2 per supply unit),
        value_eur_per_unit (EUR per supply unit), upper and lower (supply units/yr).
    """
    f = scen.flows
    p = scen.params
    amount = f["amount"].to_numpy(float)
    price = f["price_eur_per_unit"].to_numpy(float)
    mina = f["min_amount"].to_numpy(float)
    assert co2f is not None
    t = transport_costs(tr, route_km, var_cost, invest, fixed)
    vc = t.var_eur_per_unit
    elec_co2 = np.zeros(len(s))
    comp = scen.catalogue[f["resource"].iat[s[0]]].compression_mwh_per_unit_ln if len(s) else 0.0
    if comp > 0:
        pr = f["pressure_bar"].to_numpy(float)
        c_eur, c_co2 = compression_terms(p, comp, pr[s], pr[d])
        vc, elec_co2 = vc + c_eur, elec_co2 + c_co2
    if cop is not None and np.isfinite(cop).any():
        hp = np.isfinite(cop)
        delivered, elec, cap_eur = heat_pump_terms(p, np.where(hp, cop, 2.0), yld)
        yld = np.where(hp, delivered, yld)
        e_eur, e_co2 = electricity_terms(p, elec)
        vc = vc + np.where(hp, e_eur + cap_eur, 0.0)
        elec_co2 = elec_co2 + np.where(hp, e_co2, 0.0)
    prod_cost, prod_co2 = production_terms(scen)
    co2 = yld * co2f[d] - t.co2_t_per_unit - elec_co2 - prod_co2[s]
    value = net_value_eur_per_unit(p, yld * price[d] + price[s] - prod_cost[s], co2, vc)
    ss = 1.0 if s_share is None else s_share
    ds = 1.0 if d_share is None else d_share
    with np.errstate(divide="ignore", invalid="ignore"):  # yield 0 (all lost on the way): dropped by the rules
        upper = np.minimum(np.minimum(amount[s] * ss, amount[d] * ds / yld), cap)
        lower = np.maximum(mina[s], mina[d] / yld)
    return dict(yield_=yld, var_cost_eur_per_unit=vc, investment_eur=t.investment_eur,
                fixed_eur_per_yr=annual_fixed_eur_per_yr(p, t.investment_eur, t.fixed_eur_per_yr),
                co2_t_per_unit=co2, value_eur_per_unit=value, upper=upper, lower=lower)


def leg_coefficients(scen: Scenario, kind: str, resource: str, flow_pos: Array, hub: Array, route_km: Array,
                     cap: Array, var_cost: Array | None = None, fixed: Array | None = None,
                     invest: Array | None = None) -> dict[str, Array]:
    """Coefficients of hub legs of one hub resource, per unit of that resource carried:
    `kind` "to_hub" (supply `flow_pos` -> hub `hub`: disposal avoided - transport - hub
    handling - compression to the hub's pressure - an electrolyser's production) or
    "from_hub" (hub -> demand `flow_pos`: yield x (price + carbon price x CO2 factor) -
    transport - compression to the demand's pressure). A leg's yield loses what its pipe does
    (`pipeloss.leg_loss_shares`, a direct link's rule): into the hub, what arrives per unit sent.
    Same keys as `link_coefficients`, with `yield` for `yield_`."""
    f, p, cat = scen.flows, scen.params, scen.catalogue
    hubs = scen.hubs
    assert hubs is not None
    tr = cat[resource].transport
    amount = np.asarray(scen.column("flows", "amount"), float)[flow_pos]
    price = np.asarray(scen.column("flows", "price_eur_per_unit"), float)[flow_pos]
    mina = np.asarray(scen.column("flows", "min_amount"), float)[flow_pos]
    hcap = hubs["capacity"].to_numpy(float)[hub]
    t = transport_costs(tr, route_km, var_cost, invest, fixed)
    vc, tco2 = t.var_eur_per_unit, t.co2_t_per_unit
    comp = cat[resource].compression_mwh_per_unit_ln
    if comp > 0:
        hp = hubs["pressure_bar"].to_numpy(float)[hub]
        fp = f["pressure_bar"].to_numpy(float)[flow_pos]
        c_eur, c_co2 = compression_terms(p, comp, *((fp, hp) if kind == "to_hub" else (hp, fp)))
        vc, tco2 = vc + c_eur, tco2 + c_co2
    if kind == "to_hub":
        prod_cost, prod_co2 = (a[flow_pos] for a in production_terms(scen))
        # what reaches the hub per unit sent: the leg's pipe loses heat as a direct link's does
        yld = pipe_yield(1.0, leg_loss_shares(scen, resource, kind, flow_pos, 1.0, np.minimum(hcap, cap)), route_km)
        co2 = -tco2 - prod_co2
        value = net_value_eur_per_unit(p, price - prod_cost, co2, vc + hubs["var_cost_eur_per_unit"].to_numpy(float)[hub])
        upper = np.minimum(np.minimum(amount, hcap), cap)
        lower = mina
    else:
        from eitflow.catalogue import feeds_of
        fres = scen.column("flows", "resource")[flow_pos]
        fy = np.array([feeds_of(resource, cat[resource]).get(x, 0.0) for x in fres], float).reshape(len(flow_pos))
        yld = pipe_yield(fy, leg_loss_shares(scen, resource, kind, flow_pos, fy, np.minimum(hcap, cap)), route_km)
        co2_flow = np.asarray(scen.column("flows", "co2_factor_t_per_unit"), float)[flow_pos]
        e = np.where(np.isnan(co2_flow), [cat[x].co2_factor_t_per_unit for x in fres], co2_flow)
        co2 = yld * e - tco2
        value = net_value_eur_per_unit(p, yld * price, co2, vc)
        upper = np.minimum(np.minimum(amount / np.maximum(yld, 1e-12), hcap), cap)
        lower = mina / np.maximum(yld, 1e-12)
    return {"yield": yld, "var_cost_eur_per_unit": vc, "investment_eur": t.investment_eur,
            "fixed_eur_per_yr": annual_fixed_eur_per_yr(p, t.investment_eur, t.fixed_eur_per_yr),
            "co2_t_per_unit": co2, "value_eur_per_unit": value, "upper": upper, "lower": lower}


# ------------------------------------------------------------------ things built once
def hub_fixed_eur_per_yr(scen: Scenario) -> Array:
    """Per hub of `scen.hubs`: annual cost once built, CRF x investment + fixed cost (EUR/yr)."""
    h = scen.hubs
    assert h is not None
    return annual_fixed_eur_per_yr(scen.params, h["investment_eur"].to_numpy(float),
                                   h["fixed_cost_eur_per_yr"].to_numpy(float))


def supply_fixed_eur_per_yr(scen: Scenario) -> Array:
    """Per flow: annual cost of a supply's unit once built (an electrolyser, a capture unit), CRF x
    `investment_eur` + `fixed_cost_eur_per_yr` (EUR/yr); 0 elsewhere."""
    return annual_fixed_eur_per_yr(scen.params, _flow_values(scen, "investment_eur"),
                                   _flow_values(scen, "fixed_cost_eur_per_yr"))


def supply_size_eur_per_unit(scen: Scenario) -> tuple[Array, Array]:
    """Per flow: (CRF x `investment_eur_per_unit` EUR/yr, `investment_eur_per_unit` EUR) per unit of
    yearly capacity of a unit the model sizes (an electrolyser, in t/yr); 0 elsewhere (`model.build`)."""
    per_unit = _flow_values(scen, "investment_eur_per_unit")
    return capital_recovery_factor(scen.params) * per_unit, per_unit


# ------------------------------------------------------------------ siting: activities on plots
class PlacementCost(NamedTuple):
    """Per candidate placement (activity a on plot q), all for ONE instance:

    land_eur_per_yr = land_ha_a x (CRF x (land price_q + remediation_q) + rent_q) (EUR/yr);
    activity_eur_per_yr = CRF x investment_a + fixed_a (EUR/yr);
    revenue_eur_per_yr = the activity's own earnings (EUR/yr; break-even templates: exactly
    its activity_eur_per_yr); cost_eur_per_yr = land + activity - revenue, the placement's
    term in the objective (paid when placed, whatever its exchanges); investment_eur =
    investment_a + land_ha_a x (price_q + remediation_q) (EUR)."""

    land_eur_per_yr: Array
    activity_eur_per_yr: Array
    revenue_eur_per_yr: Array
    cost_eur_per_yr: Array
    investment_eur: Array


def placement_costs(params: Parameters, land_ha: Array, investment_eur: Array, fixed_eur_per_yr: Array,
                    revenue_eur_per_yr: Array, break_even: Array, land_price_eur_per_ha: Array,
                    remediation_eur_per_ha: Array, land_rent_eur_per_ha_yr: Array) -> PlacementCost:
    """The annual cost terms of candidate placements (arrays aligned per placement; see
    `PlacementCost`). A purchase and a remediation are paid once and annualised like any
    investment (CRF over lifetime_years at discount_rate); a rent is paid every year."""
    crf = capital_recovery_factor(params)
    once = np.asarray(land_ha, float) * (np.asarray(land_price_eur_per_ha, float)
                                         + np.asarray(remediation_eur_per_ha, float))
    land = crf * once + np.asarray(land_ha, float) * np.asarray(land_rent_eur_per_ha_yr, float)
    act = annual_fixed_eur_per_yr(params, investment_eur, fixed_eur_per_yr)
    rev = np.where(np.asarray(break_even, bool), act, np.asarray(revenue_eur_per_yr, float))
    return PlacementCost(land, act, rev, land + act - rev, np.asarray(investment_eur, float) + once)


# ------------------------------------------------------------------ shared networks (corridors)
def mwh_per_yr(watts):
    """A steady loss of `watts` (W) over the year, in MWh/yr: the one conversion of a pipe's
    W/m (the catalogue's sizes, corridors.csv's measured loss, linear sizing's line)."""
    return watts * HOURS_PER_YEAR / 1e6


class CorridorCost(NamedTuple):
    """Per corridor (rows) and pipe size (columns): investment_eur (EUR), fixed_eur_per_yr
    (CRF x investment + O&M share x investment, EUR/yr), capacity (rated, base units/yr) and
    loss (heat lost by the pipe pair while it exists, base units/yr: loss_w_per_m x length x
    8,760 h), both at the network's temperatures (`NetworkSpec.rating`)."""

    investment_eur: Array
    fixed_eur_per_yr: Array
    capacity: Array
    loss: Array


def corridor_size_costs(params: Parameters, spec: NetworkSpec, length_km: Array, capacity_factor: float,
                        rating: PipeRating, energy: bool) -> CorridorCost:
    """Costs of building corridors of `length_km` (km) with each pipe size of `spec`.

    Parameters
    ----------
    params : Parameters
        Discount rate and lifetime (the annuity).
    spec : NetworkSpec
        The resource's network block of the catalogue (sizes: capacity in its capacity_unit,
        EUR per metre of trench, W per metre).
    length_km : array of float
        Trench length of each corridor (km).
    capacity_factor : float
        From the sizes' capacity unit to the resource's base unit per year (8,760 for MW -> MWh/yr).
    rating : PipeRating
        The sizes' capacity and heat loss at the network's temperatures, as multiples of the
        table's (`NetworkSpec.rating`).
    energy : bool
        Whether the base unit is an energy (MWh/yr): only then are W/m losses counted.
    """
    length = np.asarray(length_km, float)[:, None]
    per_m = np.array([s.investment_eur_per_m for s in spec.sizes], float)[None, :]
    inv = per_m * 1000.0 * length
    fixed = annual_fixed_eur_per_yr(params, inv, spec.fixed_cost_share_per_yr * inv)
    cap = np.broadcast_to(np.array([s.capacity for s in spec.sizes], float)[None, :] * capacity_factor * rating.capacity,
                          inv.shape)
    w_per_m = np.array([s.loss_w_per_m for s in spec.sizes], float)[None, :] if energy else np.zeros((1, len(spec.sizes)))
    loss = pair_loss_mwh_per_yr(w_per_m, length, rating.loss)
    return CorridorCost(inv, fixed, np.array(cap), loss)


def network_leg_coefficients(scen: Scenario, kind: str, resource: str, flow_pos: Array,
                             cop: Array | None = None, share: Array | None = None,
                             pressure_bar: float | None = None) -> dict[str, Array]:
    """Coefficients of the connections of flows to a network of `resource`, per unit carried
    by the leg (the supply's base unit into the network; network units out of it).

    `kind` "to_net": supply `flow_pos` injects: yield = 1, or COP/(COP-1) through a heat pump
    at injection (`cop` finite; it lifts the supply to the network's temperature, paying its
    electricity and capacity as `heat_pump_terms`); value = disposal avoided - production cost
    - heat pump - the network's `injection_electricity_mwh_per_unit` (CO2's compression into dense
    phase, MWh/t, at the electricity price); CO2 = - production CO2 - those electricities' CO2. "from_net": the network
    serves demand `flow_pos`: yield = the catalogue's feeds yield; value = yield x (price +
    carbon price x CO2 factor); CO2 = yield x CO2 factor. Each connection pays the catalogue's
    `connection_investment_eur` (a substation), annualised. `share`: the part of a supply the
    connection can use (ranged supplies: its band above or below the network's return,
    `netattach.attachable`; 1 = all); a supply given twice (two bands) has one connection, paid
    by its first band, the second riding on its switch (`model.build`). `pressure_bar`: the network's
    operating pressure (hydrogen): a supply below it pays the compression into it, a demand
    above it the compression out of it (`compression_terms`, as a hub's legs). Keys as
    `link_coefficients`."""
    f, p, cat = scen.flows, scen.params, scen.catalogue
    spec = cat[resource].network
    assert spec is not None
    n = len(flow_pos)
    amount = np.asarray(scen.column("flows", "amount"), float)[flow_pos]
    price = np.asarray(scen.column("flows", "price_eur_per_unit"), float)[flow_pos]
    mina = np.asarray(scen.column("flows", "min_amount"), float)[flow_pos]
    # one connection per flow: a supply cut in two bands (`share`) pays it on its first, the
    # other connection riding on that one's switch (`model.build`), as does its minimum amount
    fp, first = np.asarray(flow_pos), np.ones(n, bool)
    if not bool((fp[1:] > fp[:-1]).all()):   # a supply in two bands (each flow once and in order: no sort)
        first[:] = False
        first[np.unique(fp, return_index=True)[1]] = True
    inv = np.where(first, spec.connection_investment_eur, 0.0)
    c_eur, c_co2 = np.zeros(n), np.zeros(n)
    if pressure_bar is not None and cat[resource].compression_mwh_per_unit_ln > 0:
        fp = f["pressure_bar"].to_numpy(float)[flow_pos]
        pn = np.full(n, float(pressure_bar))
        c_eur, c_co2 = compression_terms(p, cat[resource].compression_mwh_per_unit_ln,
                                         *((fp, pn) if kind == "to_net" else (pn, fp)))
    if kind == "to_net":
        prod_cost, prod_co2 = (a[flow_pos] for a in production_terms(scen))
        yld, vc, elec_co2 = np.ones(n), np.zeros(n), np.zeros(n)
        if cop is not None and np.isfinite(cop).any():
            hp = np.isfinite(cop)
            delivered, elec, cap_eur = heat_pump_terms(p, np.where(hp, cop, 2.0), np.ones(n))
            yld = np.where(hp, delivered, 1.0)
            e_eur, e_co2 = electricity_terms(p, elec)
            vc = np.where(hp, e_eur + cap_eur, 0.0)
            elec_co2 = np.where(hp, e_co2, 0.0)
        # a CO2 network's compression of what enters it into dense phase (`injection_electricity_mwh_per_unit`)
        i_eur, i_co2 = electricity_terms(p, injection_mwh_per_unit(spec, np.ones(n, bool)))
        vc = vc + c_eur + i_eur
        co2 = -prod_co2 - elec_co2 - c_co2 - i_co2
        value = net_value_eur_per_unit(p, price - prod_cost, co2, vc)
        upper = amount * (1.0 if share is None else share)
        lower = np.where(first, mina, 0.0)
    else:
        from eitflow.catalogue import feeds_of
        fres = scen.column("flows", "resource")[flow_pos]
        feeds = feeds_of(resource, cat[resource])
        yld = np.array([feeds.get(x, 0.0) for x in fres], float).reshape(n)
        co2_flow = np.asarray(scen.column("flows", "co2_factor_t_per_unit"), float)[flow_pos]
        e = np.where(np.isnan(co2_flow), [cat[x].co2_factor_t_per_unit for x in fres], co2_flow)
        co2 = yld * e - c_co2
        vc = c_eur
        value = net_value_eur_per_unit(p, yld * price, co2, vc)
        upper = amount / np.maximum(yld, 1e-12)
        lower = mina / np.maximum(yld, 1e-12)
    return {"yield": yld, "var_cost_eur_per_unit": vc, "investment_eur": inv,
            "fixed_eur_per_yr": annual_fixed_eur_per_yr(p, inv, 0.0), "co2_t_per_unit": co2,
            "value_eur_per_unit": value, "upper": upper, "lower": lower}


class LinearPipeCost(NamedTuple):
    """Pipe cost and loss per metre of trench linear in the rated capacity K (in the sizes'
    capacity unit, e.g. MW): investment a + b K (EUR/m) and loss c + e K (W/m), for K up to
    `k_max` (the largest size)."""

    a_eur_per_m: float
    b_eur_per_m_per_cap: float
    c_w_per_m: float
    e_w_per_m_per_cap: float
    k_max: float
    sizes: str = ""   # the sizes it runs through, 'DN65-DN150' (corridors.csv's `size` under `sizing: classes`)


def linear_pipe_cost(spec: NetworkSpec) -> LinearPipeCost:
    """The least-squares lines through a resource's pipe sizes (investment and loss per metre
    of trench against capacity, unweighted, one point per size): what
    `networks.<resource>.sizing: linear` prices a corridor with. A negative intercept or slope
    (a table that falls somewhere) is clipped at 0; a single size gives a flat line."""
    return linear_pipe_costs(spec, 1)[0]


SIZE_CLASSES = 3   # `sizing: classes`: small, medium and large pipes, each priced on its own line


def linear_pipe_costs(spec: NetworkSpec, classes: int = 1) -> list[LinearPipeCost]:
    """`classes` least-squares lines, each through a run of consecutive sizes, smallest first
    (15 sizes: 5 each; one size: a flat line), up to its largest: `sizing: classes` (one line
    priced real territories' corridors 30-38 % below their catalogue sizes, three 4-6 %:
    benchmarks/HISTORY.md, "Size classes")."""
    sizes = sorted(spec.sizes, key=lambda s: s.capacity)
    cap = np.array([s.capacity for s in sizes], float)
    inv = np.array([s.investment_eur_per_m for s in sizes], float)
    loss = np.array([s.loss_w_per_m for s in sizes], float)
    out = []
    for k in np.array_split(np.arange(len(cap)), max(1, min(int(classes), len(cap)))):
        run = "-".join(dict.fromkeys((sizes[k[0]].name, sizes[k[-1]].name)))
        if len(k) < 2 or np.ptp(cap[k]) == 0:
            out.append(LinearPipeCost(float(inv[k].max()), 0.0, float(loss[k].max()), 0.0, float(cap[k].max()), run))
            continue
        b, a = np.polyfit(cap[k], inv[k], 1)
        e, c = np.polyfit(cap[k], loss[k], 1)
        out.append(LinearPipeCost(max(float(a), 0.0), max(float(b), 0.0), max(float(c), 0.0), max(float(e), 0.0),
                                  float(cap[k].max()), run))
    return out
