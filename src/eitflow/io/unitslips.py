"""Values written in a unit a thousand times off: read as given, and said.

- **A price per kWh or per kg.** flows.csv's `price_eur_per_unit` is per the resource's base
  unit (EUR/MWh, EUR/t, EUR/m3), whatever its `unit` column says. Heat is commonly quoted in
  EUR/kWh and hydrogen in EUR/kg: 0.05 written for 50 EUR/MWh, or 8 for 8,000 EUR/t, is read
  1,000 times too small and makes the exchange look worthless without a word. Said where the
  resource's catalogue entry has a floor (`price_floor_eur_per_unit`: heat and steam
  1 EUR/MWh, hydrogen 100 EUR/t) and the price, not 0, is below it in absolute value; or where
  the flow's own unit is 1,000 times the base unit's or smaller (kWh/yr, kg/yr, L/yr) and the
  price, not 0, is below 1 EUR per base unit: its writer thinks in small units.
- **A CO2 factor in kg.** `co2_factor_t_per_unit` is in tonnes of CO2 per base unit; ADEME's
  Base Empreinte gives factors in kgCO2e, so 227 (kg per MWh of gas) written for 0.227 counts
  the CO2 avoided 1,000 times over. Said where a factor is more than `CO2_FACTOR_RATIO` times the
  catalogue's for the resource (heat 0.252 tCO2/MWh, hydrogen 11 tCO2/t): no fuel or process
  replaced emits 20 times the catalogue's reference, a factor in kg does 1,000 times.
- **An electrolyser's price per kW.** `investment_eur_per_unit` is per t/yr of hydrogen
  capacity; a quote is per kW. Per t/yr it is EUR/kW x kWh/kg x 1,000 / full-load hours: even
  running all 8,760 hours a year, a 300-EUR/kW unit (`CHEAPEST_EUR_PER_KW`, the cheapest
  Chinese alkaline offers of 2021) costs kWh/kg x 34 EUR per t/yr (1,884 at 55 kWh/kg). Said
  where an electrolyser's row gives less.
- **An area in m².** plots.csv's `area_ha` is in hectares; a cadastre or CNIG figure in m²
  (20,000 for a 2-ha brownfield) makes a plot of 200 km², whose rent and land take rule it out
  without a word. Said where a plot is over `LARGEST_PLOT_HA` (2,000 ha: the largest French
  industrial land reserves, such as PIICTO's at Fos, are a few hundred to about 1,200 ha).
- **A land price per m².** plots.csv's `land_price_eur_per_ha`, `remediation_eur_per_ha` and
  `land_rent_eur_per_ha_yr` are per hectare; French land is priced per m² (a business-park lot
  at 30 EUR/m², a port lease at 1 EUR/m²/yr, remediation at 50 EUR/m²), so 30 written for
  300,000 EUR/ha makes the land 10,000 times too cheap and the plot wins on it without a word.
  Said where a price, not 0, is below `CHEAPEST_LAND_EUR_PER_HA` (1,000 EUR/ha: French farmland
  and forest sell for a few thousand EUR/ha, SAFER's yearly *Le prix des terres*; a price per
  m² up to 1,000 EUR/m² is caught) or a rent below `CHEAPEST_RENT_EUR_PER_HA_YR` (20 EUR/ha/yr:
  farm rents, the cheapest land let, are tens to hundreds of EUR/ha/yr; rents of 0.5 to 20
  EUR/m²/yr are caught). A column mapped from a CNIG standard (its `terr_m2_prix` is per m²,
  converted) is not said: the slip is writing per m² in a column per ha.

- **A temperature in kelvins.** `temperature_c` and `return_temperature_c` are in degC; a
  figure copied from a thermodynamics table or a simulation in kelvins (353.15 for a 80-degC
  district-heating demand) is read 273.15 degrees too hot: no supply reaches such a demand and
  it is left unmatched without a word. Said where a temperature ends in the kelvins' .15 (from
  `KELVIN_FROM_C` = 213.15 K, -60 degC, up: 413.15 is 140 degC), where a demand of hot water
  (`heat`) needs 273 degC or more (hot water is not delivered above about 200 degC: above it,
  it is steam; `HOT_WATER_MAX_C`, a figure no Kelvin temperature of a real demand, 0 degC and up,
  falls under), or where every temperature of the table is 273 or more (two or more given: a
  whole column in kelvins; a territory's demands are never all above 273 degC).

Each is a warning (it may be meant), giving the value it would be in the base unit (in degC).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector
from eitflow.geo import haversine_km
from eitflow.i18n import Named, Phrase, Unit
from eitflow.io.tables import MAX_ROWS_LISTED
from eitflow.scenario import ELECTRICITY_CO2_MAX_T_PER_MWH, NetworkOptions, Parameters

#: a CO2 factor more than this many times the catalogue's is said (module docstring)
CO2_FACTOR_RATIO = 20.0
#: a plot larger than this (ha) is said: likely an area in m² (module docstring)
LARGEST_PLOT_HA = 2000.0
#: EUR/kW below any electrolyser's installed price (BloombergNEF, 2021: $303/kW for Chinese
#: alkaline systems, the cheapest offers, grid connection excluded; pv magazine 3/2024)
CHEAPEST_EUR_PER_KW = 300.0
HOURS_PER_YEAR = 8760.0
#: a price or a cost per ha of land below this (EUR/ha) is said: likely per m² (module docstring)
CHEAPEST_LAND_EUR_PER_HA = 1000.0
#: a rent per ha and year below this (EUR/ha/yr) is said: likely per m² (module docstring)
CHEAPEST_RENT_EUR_PER_HA_YR = 20.0
#: plots.csv's columns per ha that a price per m² slips into, with the floor below which it is said
LAND_FLOORS = {"land_price_eur_per_ha": CHEAPEST_LAND_EUR_PER_HA,
               "remediation_eur_per_ha": CHEAPEST_LAND_EUR_PER_HA,
               "land_rent_eur_per_ha_yr": CHEAPEST_RENT_EUR_PER_HA_YR}
#: EUR/MWh below any electricity price a year's consumption is bought at (French industrial
#: prices are tens to a few hundred EUR/MWh, CRE; a spot hour may be near 0, a year is not):
#: below it, not 0, a price is likely per kWh (0.08 for 80 EUR/MWh)
CHEAPEST_ELECTRICITY_EUR_PER_MWH = 1.0
#: EUR/kW below any heat pump's installed cost (large industrial units: 500-1,000 EUR/kW of heat,
#: Danish Energy Agency, Technology Data for Energy Plants; the default is 700): below it, not
#: 0, likely kEUR/kW (0.7 for 700)
CHEAPEST_HEAT_PUMP_EUR_PER_KW = 50.0
#: a link whose capacity is below this share of what its pair can exchange is said: likely a
#: rate per hour (MW, t/h) where a capacity per year is expected (x 8,760)
LINK_CAPACITY_SHARE = 0.01
#: a radius more than this many times the catalogue's for its resource is said: likely in metres
#: (5000 for 5 km: a heat flow searched across half of Europe)
RADIUS_RATIO = 50.0
#: 0 degC in kelvins, and the lowest temperature in kelvins said (-60 degC, `io.schema.T_LO`)
KELVIN_OFFSET = 273.15
KELVIN_FROM_C = KELVIN_OFFSET + (-60.0)
#: a hot-water (`heat`) demand needing this many degC or more is said: 0 degC in kelvins, far
#: above what hot water is delivered at (about 200 degC at most; above it, steam)
HOT_WATER_MAX_C = 273.0
#: the resource of hot water, which is not delivered at 273 degC or more
HOT_WATER = "heat"
#: the columns in degC a temperature in kelvins slips into (and a network's keys of scenario.yaml)
TEMPERATURE_COLUMNS = ("temperature_c", "return_temperature_c")
#: the unit a thousand times smaller than a base unit's numerator, which the message names
THOUSANDTH = {"MWh": "kWh", "t": "kg", "m3": "L"}


def _per_flow(flows: pd.DataFrame, cat: Catalogue, field: str) -> np.ndarray:
    """Each flow's resource's catalogue `field` (0 for a resource not in the catalogue)."""
    return flows["resource"].map({r: float(getattr(res, field)) for r, res in cat.items()}).fillna(0.0).to_numpy(float)


def warn_price_units(flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """Warn (in `warn`) about each flow of `flows` (as `io.validate.validate_flows` returns it:
    amounts in base units and as written, prices per base unit) whose price looks like one
    per kWh or per kg (module docstring)."""
    if not len(flows):
        return
    price = flows["price_eur_per_unit"].to_numpy(float)
    floor = _per_flow(flows, cat, "price_floor_eur_per_unit")
    with np.errstate(divide="ignore", invalid="ignore"):   # flow units per base unit (1,000 for kWh/yr)
        per_base = flows["amount_input"].to_numpy(float) / flows["amount"].to_numpy(float)
    small_unit = np.isfinite(per_base) & (per_base >= 999.0)
    odd = (price != 0) & np.isfinite(price) & ((np.abs(price) < floor) | (small_unit & (np.abs(price) < 1.0)))
    for k in np.flatnonzero(odd)[:MAX_ROWS_LISTED]:
        base = str(flows["unit"].iat[k]).split("/")[0]
        warn.add(file, Phrase("val_price_per_small_unit", price=float(price[k]), base=Unit(base),
                              small=Unit(THOUSANDTH.get(base, f"{base}/1000")), scaled=float(price[k]) * 1000.0),
                 row=int(flows["row"].iat[k]), column="price_eur_per_unit")


def warn_co2_units(flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """Warn (in `warn`) about each flow of `flows` whose `co2_factor_t_per_unit` is more than
    `CO2_FACTOR_RATIO` times its resource's catalogue factor: likely kgCO2, not tCO2."""
    if not len(flows):
        return
    given = flows["co2_factor_t_per_unit"].to_numpy(float)
    ref = _per_flow(flows, cat, "co2_factor_t_per_unit")
    odd = np.isfinite(given) & (ref > 0) & (np.abs(given) > CO2_FACTOR_RATIO * ref)
    for k in np.flatnonzero(odd)[:MAX_ROWS_LISTED]:
        base = str(flows["unit"].iat[k]).split("/")[0]
        warn.add(file, Phrase("val_co2_in_kg", factor=float(given[k]), base=Unit(base), ratio=float(given[k] / ref[k]),
                              ref=float(ref[k]), res=Named(str(flows["resource"].iat[k])),
                              tonnes=float(given[k]) / 1000.0),
                 row=int(flows["row"].iat[k]), column="co2_factor_t_per_unit")


def warn_electrolyser_cost(flows: pd.DataFrame, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about each electrolyser of `flows` whose `investment_eur_per_unit` (EUR
    per t/yr) is below what even the cheapest unit running all year would cost: likely EUR/kW."""
    if "investment_eur_per_unit" not in flows or "electrolyser_kwh_per_kg" not in flows:
        return
    given = flows["investment_eur_per_unit"].to_numpy(float)
    kwh = flows["electrolyser_kwh_per_kg"].to_numpy(float)
    least = CHEAPEST_EUR_PER_KW * kwh * 1000.0 / HOURS_PER_YEAR   # EUR per t/yr at 8,760 h/yr
    odd = np.isfinite(kwh) & (given > 0) & (given < least)
    for k in np.flatnonzero(odd)[:MAX_ROWS_LISTED]:
        warn.add(file, Phrase("val_electrolyser_per_kw", given=float(given[k]), least=float(least[k]),
                              eur_kw=CHEAPEST_EUR_PER_KW, kwh=float(kwh[k]),
                              at_3000=float(given[k]) * kwh[k] * 1000.0 / 3000.0),
                 row=int(flows["row"].iat[k]), column="investment_eur_per_unit")


def warn_area_units(plots: pd.DataFrame, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about each plot of `plots` (`io.siting`: area_ha, row) over
    `LARGEST_PLOT_HA`: likely an area in m², not in ha."""
    area = plots["area_ha"].to_numpy(float)
    for k in np.flatnonzero(np.isfinite(area) & (area > LARGEST_PLOT_HA))[:MAX_ROWS_LISTED]:
        warn.add(file, Phrase("val_area_in_m2", ha=float(area[k]), km2=float(area[k]) / 100.0,
                              most=LARGEST_PLOT_HA, m2_ha=float(area[k]) / 10_000.0),
                 row=int(plots["row"].iat[k]), column="area_ha")


def warn_land_price_units(plots: pd.DataFrame, file: str, warn: Collector, mapped: frozenset = frozenset()) -> None:
    """Warn (in `warn`) about each plot of `plots` (`io.siting`: prices per ha, row) whose land
    price, remediation cost or rent, not 0, is below its floor in `LAND_FLOORS`: likely per m²,
    not per ha. `mapped`: the columns filled from a CNIG standard's (converted, never said)."""
    for column, floor in LAND_FLOORS.items():
        if column in mapped or column not in plots:
            continue
        given = plots[column].to_numpy(float)
        per_year = column.endswith("_yr")
        for k in np.flatnonzero(np.isfinite(given) & (given > 0) & (given < floor))[:MAX_ROWS_LISTED]:
            warn.add(file, Phrase("val_land_price_per_m2_yr" if per_year else "val_land_price_per_m2",
                                  given=float(given[k]), floor=floor, per_ha=float(given[k]) * 10_000.0),
                     row=int(plots["row"].iat[k]), column=column)


def kelvin_reasons(temps: np.ndarray, hot_water: np.ndarray) -> np.ndarray:
    """Why each temperature of `temps` (degC, NaN where not given; 2-D: rows x columns of one
    table, or one network's keys) looks written in kelvins (module docstring): 'kelvin_decimals'
    (its .15), 'kelvin_hot_water' (where `hot_water`, broadcast against `temps`, is true: a
    hot-water demand or network at 273 or more) or 'kelvin_all' (every temperature of `temps`,
    two or more, at 273 or more); '' where it does not. The one rule of flows.csv,
    activity_flows.csv, hubs.csv and scenario.yaml's `networks:`."""
    given = np.isfinite(temps)
    with np.errstate(invalid="ignore"):
        above = temps - KELVIN_OFFSET
        decimals = given & (temps >= KELVIN_FROM_C) & (np.abs(above - np.round(above)) < 1e-6)
        hot = given & (temps >= HOT_WATER_MAX_C)
    hot_water = hot & np.broadcast_to(hot_water, temps.shape)
    every = hot if given.sum() >= 2 and (temps[given] >= HOT_WATER_MAX_C).all() else np.zeros_like(given)
    return np.where(decimals, "kelvin_decimals", np.where(hot_water, "kelvin_hot_water",
                                                          np.where(every, "kelvin_all", "")))


def kelvin_phrase(t: float, why: str, network: bool = False) -> Phrase:
    """What is said of a temperature `t` (degC) that looks written in kelvins for `why`
    (`kelvin_reasons`): the reason and `t` in degC (t - 273.15). `network`: `t` is a
    network's (scenario.yaml), whose hot water and two temperatures are said as its own."""
    key = f"val_{why}_network" if network and why != "kelvin_decimals" else f"val_{why}"
    return Phrase("val_temperature_in_kelvin", t=float(t), c=round(float(t) - KELVIN_OFFSET, 6), why=Phrase(key))


def warn_kelvin_hubs(hubs: pd.DataFrame, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about each hub of `hubs` (as `io.hubs.validate_hubs` returns it: its
    rows in order, `resources` lists) whose `temperature_c` looks like one in kelvins
    (`kelvin_reasons`; a hub of hot water alone is a hot-water one). A heat substation at
    353.15 (80 degC) was refused every supply without a word."""
    if "temperature_c" not in hubs or not len(hubs):
        return
    temps = hubs["temperature_c"].to_numpy(float)[:, None]
    hot_water = np.array([set(rs) == {HOT_WATER} for rs in hubs["resources"]], bool)[:, None]
    why = kelvin_reasons(temps, hot_water)
    for k in np.flatnonzero(why[:, 0] != "")[:MAX_ROWS_LISTED]:
        warn.add(file, kelvin_phrase(temps[k, 0], str(why[k, 0])), row=int(k) + 2, column="temperature_c")


def warn_kelvin_network(r: str, opt: NetworkOptions, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about the temperatures of the network of `r` (scenario.yaml's
    `networks.<r>.temperature_c`, `return_temperature_c`; degC) that look like ones in kelvins,
    by the tables' rule (`kelvin_reasons`; a hot-water network is a `heat` one), each naming its
    key. A network at 363.15 (90 degC) was said only to carry nothing: no supply reaches it."""
    keys = [k for k in TEMPERATURE_COLUMNS if getattr(opt, k, None) is not None]
    if not keys:
        return
    temps = np.array([[float(getattr(opt, k)) for k in keys]])
    why = kelvin_reasons(temps, np.array(r == HOT_WATER))
    for j in np.flatnonzero(why[0] != ""):
        warn.add(file, Phrase("key_at", k=f"networks.{r}.{keys[j]}",
                              message=kelvin_phrase(temps[0, j], str(why[0, j]), network=True)))


def warn_kelvin(flows: pd.DataFrame, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about each temperature of `flows` (`temperature_c`, `return_temperature_c`,
    degC, NaN where not given) that looks like one in kelvins (`kelvin_reasons`): its .15, a
    hot-water demand at 273 degC or more, or every temperature of the table at 273 or more;
    the warning gives it in degC (t - 273.15)."""
    cols = [c for c in TEMPERATURE_COLUMNS if c in flows]
    if not len(flows) or not cols:
        return
    temps = np.column_stack([flows[c].to_numpy(float) for c in cols])   # (flows x columns), degC
    hot_water = ((flows["resource"].to_numpy(object) == HOT_WATER) & (flows["direction"].to_numpy(object) == "demand"))
    why = kelvin_reasons(temps, hot_water[:, None])
    for k, j in list(zip(*np.nonzero(why != "")))[:MAX_ROWS_LISTED]:   # row by row, temperature_c first
        warn.add(file, kelvin_phrase(temps[k, j], str(why[k, j])), row=int(flows["row"].iat[k]), column=cols[j])


def _typed(x: float) -> str:
    """`x` as it is to be typed in a file, in any language: digits and a decimal point, no
    grouping (a French message's figures are grouped, '43 800', which a cell would not read)."""
    return f"{x:.10g}"


def electricity_per_kwh(price: np.ndarray) -> np.ndarray:
    """Where an electricity price (EUR/MWh) looks written per kWh: not 0, below
    `CHEAPEST_ELECTRICITY_EUR_PER_MWH` in absolute value. The rule of scenario.yaml's
    `electricity_price_eur_per_mwh` and flows.csv's column of that name (electrolysers)."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(price) & (price != 0) & (np.abs(price) < CHEAPEST_ELECTRICITY_EUR_PER_MWH)


def _per_kwh(price: float) -> Phrase:
    return Phrase("val_electricity_per_kwh", p=float(price), mwh=float(price) * 1000.0,
                  write=_typed(float(price) * 1000.0))


def warn_electricity_units(flows: pd.DataFrame, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about each electrolyser of `flows` whose own `electricity_price_eur_per_mwh`
    looks written per kWh (`electricity_per_kwh`)."""
    if "electricity_price_eur_per_mwh" not in flows:
        return
    price = flows["electricity_price_eur_per_mwh"].to_numpy(float)
    for k in np.flatnonzero(electricity_per_kwh(price))[:MAX_ROWS_LISTED]:
        warn.add(file, _per_kwh(price[k]), row=int(flows["row"].iat[k]), column="electricity_price_eur_per_mwh")


def radius_in_metres(given: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Where a radius (km) looks written in metres: more than `RADIUS_RATIO` times its
    resource's catalogue radius `ref` (km). The rule of flows.csv's `max_distance_km` and
    scenario.yaml's."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(given) & (ref > 0) & (given > RADIUS_RATIO * ref)


def _metres(d: float, ref: float, r: str) -> Phrase:
    return Phrase("val_radius_in_metres", d=float(d), ratio=float(d / ref), ref=float(ref), res=Named(r),
                  km=float(d) / 1000.0, write=_typed(float(d) / 1000.0))


def warn_parameter_units(params: Parameters, cat: Catalogue, file: str, warn: Collector) -> None:
    """Warn (in `warn`) about scenario.yaml's figures that look written in a unit 1,000 times
    off, each naming its key: the electricity price per kWh (0.08 for 80 EUR/MWh made the heat
    pumps' and electrolysers' electricity free without a word), a heat pump's cost in
    kEUR/kW (`CHEAPEST_HEAT_PUMP_EUR_PER_KW`) and a radius in metres (`radius_in_metres`,
    against the catalogue `cat`'s)."""
    for r, d in params.max_distance_km.items():
        if r in cat and radius_in_metres(np.array([d]), np.array([cat[r].max_distance_km]))[0]:
            warn.add(file, Phrase("key_at", k=f"max_distance_km.{r}", message=_metres(d, cat[r].max_distance_km, r)))
    p = params.electricity_price_eur_per_mwh
    if electricity_per_kwh(np.array([p]))[0]:
        warn.add(file, Phrase("key_at", k="electricity_price_eur_per_mwh", message=_per_kwh(p)))
    hp = params.heat_pump.investment_eur_per_kw
    if 0 < hp < CHEAPEST_HEAT_PUMP_EUR_PER_KW:
        warn.add(file, Phrase("key_at", k="heat_pump.investment_eur_per_kw", message=Phrase(
            "val_heat_pump_per_kw", v=float(hp), least=CHEAPEST_HEAT_PUMP_EUR_PER_KW, eur=float(hp) * 1000.0,
            write=_typed(float(hp) * 1000.0))))


def parameter_hint(key: str, given: object) -> Phrase | str:
    """What a refused scenario.yaml value likely is, where it is a unit slip: an electricity
    CO2 factor above `ELECTRICITY_CO2_MAX_T_PER_MWH` given in kg per MWh (52 for 0.052); ''
    elsewhere."""
    if key == "electricity_co2_t_per_mwh" and isinstance(given, (int, float)) and not isinstance(given, bool) \
            and given > ELECTRICITY_CO2_MAX_T_PER_MWH:
        return Phrase("val_electricity_co2_in_kg", kg=float(given), t=float(given) / 1000.0)
    return ""


def warn_flow_units(flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """Every warning of this module on a table of flows (flows.csv, or activity_flows.csv's
    rows of the user's; as `io.validate.validate_flows` returns it): a price per kWh or per kg,
    a CO2 factor in kg, an electrolyser per kW, a temperature in kelvins, an electricity price
    per kWh. One list for both tables."""
    warn_price_units(flows, file, cat, warn)
    warn_co2_units(flows, file, cat, warn)
    warn_electrolyser_cost(flows, file, warn)
    warn_kelvin(flows, file, warn)
    warn_electricity_units(flows, file, warn)
    if "max_distance_km" in flows:
        given, ref = flows["max_distance_km"].to_numpy(float), _per_flow(flows, cat, "max_distance_km")
        for k in np.flatnonzero(radius_in_metres(given, ref))[:MAX_ROWS_LISTED]:
            warn.add(file, _metres(given[k], ref[k], str(flows["resource"].iat[k])), row=int(flows["row"].iat[k]),
                     column="max_distance_km")


def warn_link_capacity(links: pd.DataFrame, flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """Warn (in `warn`) about each link of `links` (as `io.validate.validate_links` returns it:
    capacity in the supply's base unit per year) whose capacity is below `LINK_CAPACITY_SHARE`
    of what its pair can exchange (the smaller of the source's supplies and the sink's demands
    of its resources, base units per year): a rate per hour, 5 for 5 MW, made a link of 5
    MWh/yr, dropped as worthless without a word; the warning gives it per year (x 8,760)."""
    if "capacity" not in links or not len(links) or not len(flows):
        return
    total = flows.groupby(["site_id", "resource", "direction"])["amount"].sum().to_dict()
    supply, demand = (np.array([total.get((str(a), str(r), d), np.nan) for a, r in zip(links[site], links[res])], float)
                      for site, res, d in (("source_site", "supply_resource", "supply"),
                                           ("sink_site", "demand_resource", "demand")))
    cap = links["capacity"].to_numpy(float)
    most = np.fmin(supply, demand)   # NaN where an end is a hub or has no such flow: not said
    with np.errstate(invalid="ignore"):
        odd = np.isfinite(cap) & np.isfinite(most) & (cap < LINK_CAPACITY_SHARE * most)
    for k in np.flatnonzero(odd)[:MAX_ROWS_LISTED]:
        r = str(links["supply_resource"].iat[k])
        warn.add(file, _capacity_rate("val_link_capacity_rate", float(cap[k]), cat[r].base_unit if r in cat else "",
                                      float(most[k])), row=int(links["row"].iat[k]), column="capacity")


def _capacity_rate(key: str, cap: float, base: str, most: float) -> Phrase:
    """What is said of a capacity `cap` (`base`, per year) below `LINK_CAPACITY_SHARE` of the
    `most` it could carry: per year, were it a rate per hour (MW for MWh, t/h for t), x 8,760.
    The one wording of a link's (`warn_link_capacity`) and a hub's (`warn_hub_capacity`)."""
    top = base.split("/")[0]
    return Phrase(key, cap=cap, unit=Unit(base), most=most, rate=Unit("MW" if top == "MWh" else f"{top}/h"),
                  year=cap * HOURS_PER_YEAR, write=_typed(cap * HOURS_PER_YEAR))


def warn_hub_units(hubs: pd.DataFrame, flows: pd.DataFrame, sites: pd.DataFrame, file: str, cat: Catalogue,
                   warn: Collector) -> None:
    """Every warning of this module on hubs.csv (as `io.hubs.validate_hubs` returns it; a
    temperature in kelvins is `io.hubs`' own): a capacity per hour (`warn_hub_capacity`) and a
    radius in metres (`radius_in_metres`, against its resources' largest catalogue radius:
    5000 for 5 km made a hub reaching half of Europe)."""
    warn_hub_capacity(hubs, flows, sites, file, cat, warn)
    for k in range(len(hubs)):
        rs = [r for r in hubs["resources"].iat[k] if r in cat]
        if rs and "max_distance_km" in hubs:
            r = max(rs, key=lambda x: cat[x].max_distance_km)
            d = float(hubs["max_distance_km"].iat[k])
            if radius_in_metres(np.array([d]), np.array([cat[r].max_distance_km]))[0]:
                warn.add(file, _metres(d, cat[r].max_distance_km, r), row=k + 2, column="max_distance_km")


def warn_hub_capacity(hubs: pd.DataFrame, flows: pd.DataFrame, sites: pd.DataFrame, file: str, cat: Catalogue,
                      warn: Collector) -> None:
    """Warn (in `warn`) about each hub of `hubs` (as `io.hubs.validate_hubs` returns it: its rows
    in order, capacity in its resources' base unit per year) whose capacity is below
    `LINK_CAPACITY_SHARE` of what can pass through it: the smaller of the supplies and the
    demands of its resources (`flows`, base units per year) at the sites of `sites` within its
    radius (its `max_distance_km`, else its resource's in `cat`). A rate per hour, 5 for 5 MW,
    made a hub of 5 MWh/yr, never built, without a word (as a link's, `warn_link_capacity`)."""
    if not len(hubs) or not len(flows) or "capacity" not in hubs:
        return
    at = sites.drop_duplicates("site_id").set_index("site_id")
    lat = flows["site_id"].map(at["lat"]).to_numpy(float)
    lon = flows["site_id"].map(at["lon"]).to_numpy(float)
    amount = flows["amount"].to_numpy(float)
    supply = (flows["direction"] == "supply").to_numpy()
    res = flows["resource"].to_numpy(object)
    cap = hubs["capacity"].to_numpy(float)
    for k in range(len(hubs)):
        rs = [r for r in hubs["resources"].iat[k] if r in cat]
        if not rs or not np.isfinite(cap[k]):
            continue
        with np.errstate(invalid="ignore"):
            km = haversine_km(float(hubs["lat"].iat[k]), float(hubs["lon"].iat[k]), lat, lon)
        given = float(hubs["max_distance_km"].iat[k])
        radius = np.full(len(res), -1.0)   # km; -1 for another resource's flow
        for r in rs:
            radius[res == r] = given if np.isfinite(given) else cat[r].max_distance_km
        near = (km <= radius) & np.isfinite(amount)
        most = min(amount[near & supply].sum(), amount[near & ~supply].sum())
        if most > 0 and cap[k] < LINK_CAPACITY_SHARE * most:
            warn.add(file, _capacity_rate("val_hub_capacity_rate", float(cap[k]), cat[rs[0]].base_unit, float(most)),
                     row=k + 2, column="capacity")
