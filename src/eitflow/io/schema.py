"""The declaration of every input table, in one place: its columns, their kind, unit,
bounds, whether they are required, the values they allow and what they mean.

It drives the reader (known and required columns, "did you mean"), the validator (bounds and the
wording of "expected ..." in every message), the template `eitflow init` writes (CSV files and
workbook sheets, with the notes) and the documentation (the README's column tables are generated
from it: ``python -m eitflow.io.schema README.md`` rewrites them, and a test fails when they
differ). Rules across columns ("applies to supplies only", a hub's capacity unit against its
resources...) are code in `io/validate.py`, reading their bounds and wording from here.

The scenario.yaml keys are declared by the pydantic models of `eitflow.scenario`
(`Parameters`); `parameter_keys` lists them, with their descriptions, for the same uses.
"""

from __future__ import annotations

import re
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eitflow.io.cnig import CNIG_MAPPING  # the CNIG standards' columns onto plots.csv (`markdown_cnig`)
from eitflow.scenario import ELECTRICITY_CO2_MAX_T_PER_MWH

__all__ = ["Column", "CORRIDORS", "JUNCTIONS", "HUBS", "LINKS", "FLOWS", "SITES", "TABLES", "PLOTS", "ACTIVITIES",
           "ACTIVITY_FLOWS", "SITING_TABLES", "Table", "ParameterKey", "parameter_keys", "markdown_columns",
           "markdown_parameters", "update_readme"]

Kind = Literal["id", "text", "number", "bool", "choice", "resource", "unit", "list", "profile"]


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    kind: id (a key another table refers to), text, number (float; `lo`/`hi` bounds, open
    below when `lo_open`), bool (true/false, yes/no, oui/non, 1/0), choice (one of
    `allowed`), resource (a catalogue key), unit (a unit pint reads), list (`;`-separated
    catalogue keys), profile (12 `;`-separated monthly shares).
    unit: the unit of the values ("" for text). required: the column must be present and
    every cell filled. what: how a message names an expected value ("a temperature in degC").
    applies: to which rows it applies ("" for all). template: offered by the template.
    """

    name: str
    kind: Kind
    description: str
    unit: str = ""
    required: bool = False
    example: str = ""
    allowed: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    what: str = ""
    applies: str = ""

    @property
    def bounds_text(self) -> str:
        """The allowed range as people read it ("> 0", "≥ -60 and ≤ 1500", ""): ≥ and ≤, as every
        text people read (the README's tables, `eitflow init`'s README), never Python's >= and <=."""
        if self.lo is not None and self.hi is not None:
            return f"{'>' if self.lo_open else '≥'} {self.lo:g} and ≤ {self.hi:g}"
        if self.lo is not None:
            return f"{'>' if self.lo_open else '≥'} {self.lo:g}"
        if self.hi is not None:
            return f"≤ {self.hi:g}"
        return ""


@dataclass(frozen=True)
class Table:
    """An input table: its file name in a scenario directory (or sheet of a workbook) and columns."""

    name: str
    file: str
    description: str
    columns: tuple[Column, ...]
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self.by_name[name]

    @property
    def names(self) -> list[str]:
        """Every column, in the template's order."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


NOTE = Column("note", "text", "free text, e.g. the source of the figures; ignored")
T_LO, T_HI = -60.0, 1500.0  # degC: any temperature outside is a typo

SITES = Table("sites", "sites.csv", "one row per site", (
    Column("site_id", "id", "unique id of the site, used by flows and links", required=True, example="UVE"),
    Column("name", "text", "display name (defaults to site_id)", example="Waste incinerator"),
    Column("lat", "number", "latitude, WGS84", unit="deg", required=True, example="50.2848", lo=-90.0, hi=90.0,
           what="a latitude in degrees"),
    Column("lon", "number", "longitude, WGS84", unit="deg", required=True, example="3.9905", lo=-180.0, hi=180.0,
           what="a longitude in degrees"),
    Column("sector", "text", "free text or NACE code", example="38.21 Waste incineration"),
    Column("zone", "text", "grouping for totals: business park, intercommunality, region", example="ZAE Est"),
    NOTE,
))

FLOWS = Table("flows", "flows.csv", "one row per flow a site offers (supply) or needs (demand)", (
    Column("flow_id", "id", "stable id of the flow (defaults to f<row>)", example="uve_heat"),
    Column("site_id", "id", "a site_id of the sites table", required=True, example="UVE"),
    Column("direction", "choice", "supply (the site offers or rejects it) or demand (the site buys it today)",
           required=True, example="supply", allowed=("supply", "demand")),
    Column("resource", "resource", "catalogue resource: heat, steam, hydrogen, co2, water, fly_ash, slag, "
           "fgd_gypsum, gypsum, sulphur, wood_waste, sludge, fertiliser, cement_additive (or a resources.yaml one)",
           required=True, example="heat"),
    Column("amount", "number", "quantity per year, in the unit of the next column; at most 1e12 base units per year",
           unit="the row's unit", required=True, example="80", lo=0.0, lo_open=True, what="a positive amount per year"),
    Column("unit", "unit", "unit of amount and min_amount: MWh/yr, GWh/yr, kWh/yr, MW (continuous), t/yr, kt/yr, "
           "t/h, t/d, kg/d, m3/yr, m3/d...; a rate is continuous all year (per hour x 8,760, per day x 365); "
           "French /an, /j read as /yr, /d (t/j, m3/j); thermal MWth, kWth, MWhth read as MW, kW, MWh, also written "
           "apart (MWh th/an, MWh_th/an, MWh (th), MWh thermique/an); tep as toe; an energy without its year (MWh) "
           "refused naming the unit per year (MWh/an); case-sensitive (MW, not mw); milli and micro energy "
           "and power (mWh/yr, mW, µWh/yr, uW) refused as slips for MWh/yr, MW; hydrogen and CO2 also in normal cubic "
           "metres (Nm3/h, Nm3/d, Nm3/yr: gas at 0 degC, 1.01325 bar, 0.08988 and 1.977 kg/Nm3) or standard ones "
           "(Sm3/h...: 15 degC, 0.0852 and 1.874 kg/Sm3); converted to the "
           "resource's base unit", required=True, example="GWh/yr",
           what="a unit such as MWh/yr or t/yr"),
    Column("temperature_c", "number", "supply: temperature offered; demand: temperature required",
           unit="degC", example="120", what="a temperature in degC", applies="heat and steam (required there)",
           lo=T_LO, hi=T_HI),
    Column("price_eur_per_unit", "number", "per BASE unit (EUR/MWh, EUR/t, EUR/m3) whatever the unit column says; "
           "demand: what the site pays today; supply: what it pays to get rid of it (an electrolyser: its other "
           "running costs, negative); an empty cell is refused on a demand (write 0 for a flow of no value) and is 0 on a supply (nothing paid to get rid of it); a table without this column prices every flow at 0", unit="EUR per base unit", example="45", lo=-1e6, hi=1e7,
           what="a price in EUR per base unit"),
    Column("min_amount", "number", "smallest exchange worth a contract; empty: none", unit="the row's unit", example="5",
           lo=0.0, what="a minimum amount ≥ 0"),
    Column("max_distance_km", "number", "radius of this flow (great circle); a pair must be within both flows' "
           "radii; default: the scenario's max_distance_km for the resource, else the catalogue's",
           unit="km", example="40", lo=0.0, lo_open=True, hi=20000.0, what="a distance in km"),
    Column("required", "bool", "true if it must be met in full through exchanges (else the model is infeasible, "
           "and the diagnosis says why)", example="false", applies="demands"),
    Column("co2_factor_t_per_unit", "number", "CO2 of the current input replaced (overrides the catalogue)",
           unit="tCO2 per base unit", example="0.252", lo=-1e3, hi=1e3, what="a CO2 factor in tCO2 per base unit"),
    Column("monthly_profile", "profile", "12 monthly shares ≥ 0 separated by ';' summing to 1 (or 12 "
           "percentages, each with its %, summing to 100 %): flows are decided per month", example="",
           applies="any (flat 1/12 where empty)"),
    Column("single_source", "bool", "true if it must be served by a single link", applies="demands"),
    Column("purity", "number", "mole fraction offered, or required (a supply must be at least as pure); empty: none stated, a supply then passes every demand's (warned about where a demand states one)",
           unit="mol/mol", lo=0.0, lo_open=True, hi=1.0, what="a purity as a mole fraction (e.g. 0.9999)",
           applies="hydrogen"),
    Column("pressure_bar", "number", "pressure offered, or required (compression to it is costed); absolute "
           "bar (compression costs ln(p_to / p_from)): below 1 bar is warned about; empty: none stated, no compression costed from or to it (warned about on a supply where a demand states one)", unit="bar", lo=0.0,
           lo_open=True, hi=2000.0, what="a pressure in bar", applies="hydrogen"),
    Column("return_temperature_c", "number", "supply: cooled down to it; demand: heated up from it (the heat "
           "cascades across temperature levels)", unit="degC", what="a return temperature in degC",
           applies="heat and steam", lo=T_LO, hi=T_HI),
    Column("electrolyser_kwh_per_kg", "number", "an electrolyser using this much electricity per kg (= MWh/t); "
           "its electricity cost and CO2 are charged per tonne delivered", unit="kWh/kg", lo=39.4, hi=200.0,
           what="an electrolyser consumption in kWh per kg of H2 (≥ 39.4, the HHV)", applies="hydrogen supplies"),
    Column("electricity_price_eur_per_mwh", "number", "its own electricity price (default: the scenario's)",
           unit="EUR/MWh", lo=-1000.0, hi=10000.0, what="an electricity price in EUR/MWh", applies="electrolysers"),
    Column("electricity_co2_t_per_mwh", "number", "its own electricity CO2 factor (default: the scenario's)",
           unit="tCO2/MWh", lo=0.0, hi=ELECTRICITY_CO2_MAX_T_PER_MWH, what="an electricity CO2 factor in tCO2/MWh",
           applies="electrolysers"),
    Column("investment_eur", "number", "a unit that must be built for the supply to exist (an electrolyser, a "
           "capture unit); built only if it pays", unit="EUR", lo=0.0, hi=1e11, what="an investment in EUR",
           applies="supplies"),
    Column("fixed_cost_eur_per_yr", "number", "fixed cost per year of that unit once built", unit="EUR/yr",
           lo=0.0, hi=1e10, what="a fixed cost in EUR/yr", applies="supplies"),
    Column("investment_eur_per_unit", "number", "the unit is sized by the model: investment per unit of yearly capacity "
           "on top of investment_eur (EUR per t/yr of H2...); the capacity (≤ amount) carries its busiest month",
           unit="EUR per base unit/yr", lo=0.0, hi=1e9, what="an investment in EUR per base unit/yr", applies="supplies"),
    # last: a template's columns keep their places (a column added amid them shifts what users pasted)
    Column("co2_use", "choice", "what the buyer does with captured CO2: storage (kept out of the air: the CO2 avoided "
           "is the emitters', who pay for the storage) or utilisation (used, the CO2 avoided the buyer's); in French "
           "stockage, valorisation (or utilisation); empty: storage where the buyer avoids at least 0.5 tCO2 per t",
           allowed=("storage", "utilisation"),
           example="storage", applies="co2 demands"),
    NOTE,
))

#: flows.csv co2_use in French, read as the code it means (a French analyst writes what she says)
CO2_USE_WORDS = {"stockage": "storage", "valorisation": "utilisation"}

LINKS = Table("links", "links.csv", "optional known candidate connections; for the resource pairs it covers, only "
              "these links are candidates (rows naming a hub are its legs)", (
    Column("source_site", "id", "site of the supply, or a hub_id", required=True, example="CHIMIE"),
    Column("sink_site", "id", "site of the demand, or a hub_id", required=True, example="PLATRE"),
    Column("supply_resource", "resource", "resource supplied", required=True, example="fgd_gypsum"),
    Column("demand_resource", "resource", "resource it replaces (defaults to supply_resource)", example="gypsum"),
    Column("distance_km", "number", "route length; default great circle x the detour factor", unit="km",
           example="17.5", lo=0.0, hi=20000.0, what="a distance in km"),
    Column("capacity", "number", "largest amount per year on this link; at most 1e12 base units per year; empty: no limit",
           unit="supply base units/yr", lo=0.0, lo_open=True, what="a capacity in base units per year"),
    Column("var_cost_eur_per_unit", "number", "transport cost; default from the catalogue",
           unit="EUR per supply base unit", example="3.5", what="a cost in EUR per base unit"),
    Column("fixed_cost_eur_per_yr", "number", "fixed cost per year of running the link; default from the catalogue", unit="EUR/yr",
           example="2000", lo=0.0, what="a cost in EUR/yr"),
    Column("investment_eur", "number", "investment, annualised with discount_rate and lifetime_years; default from the catalogue", unit="EUR",
           example="50000", lo=0.0, what="an investment in EUR"),
    Column("supply_flow_id", "id", "which supply flow the link serves, needed only where the source site has "
           "several flows of the resource"),
    Column("demand_flow_id", "id", "which demand flow the link serves, needed only where the sink site has "
           "several flows of the resource"),
    NOTE,
))

HUBS = Table("hubs", "hubs.csv", "optional candidate shared infrastructure (a heat-network node, a hydrogen "
             "station, a shared treatment site): flows may pass through it, and it is built only if it pays", (
    Column("hub_id", "id", "unique id, different from every site_id", required=True, example="H2_HUB"),
    Column("name", "text", "display name (defaults to hub_id)"),
    Column("lat", "number", "latitude, WGS84", unit="deg", required=True, lo=-90.0, hi=90.0,
           what="a latitude in degrees"),
    Column("lon", "number", "longitude, WGS84", unit="deg", required=True, lo=-180.0, hi=180.0,
           what="a longitude in degrees"),
    Column("resources", "list", "catalogue resources it handles, each once, of one base unit, separated by ';' "
           "(or ',')", required=True, example="hydrogen"),
    Column("capacity", "number", "largest throughput per year (what enters, of all its resources; a hub standing on a network: and what leaves by its legs), in `unit`",
           unit="unit column", required=True, example="200", lo=0.0, lo_open=True, what="a throughput capacity per year"),
    Column("unit", "unit", "unit of capacity, converted to its resources' base unit (they must share it); "
           "default: the base unit", example="t/yr", what="a unit such as MWh/yr or t/yr"),
    Column("investment_eur", "number", "investment, annualised with discount_rate and lifetime_years; empty: 0", unit="EUR",
           lo=0.0, what="an investment in EUR"),
    Column("fixed_cost_eur_per_yr", "number", "fixed cost per year once built; empty: 0", unit="EUR/yr", lo=0.0,
           what="a cost in EUR/yr"),
    Column("var_cost_eur_per_unit", "number", "handling cost of what enters; empty: 0", unit="EUR per base unit", lo=0.0,
           what="a cost in EUR per unit"),
    Column("max_distance_km", "number", "radius of the hub (great circle); default its resource's radius",
           unit="km", lo=0.0, lo_open=True, what="a distance in km"),
    Column("temperature_c", "number", "heat hubs: supplies must reach it, demands need it + approach; empty: no temperature rule through the hub (warned about where a supply is colder than a demand needs)", unit="degC",
           what="a temperature in degC", lo=T_LO, hi=T_HI),
    Column("purity", "number", "hydrogen: what enters must reach it; what leaves is this pure; empty: anything enters, and it serves only demands that state no purity", unit="mol/mol",
           lo=0.0, lo_open=True, hi=1.0, what="a purity as a mole fraction"),
    Column("pressure_bar", "number", "hydrogen: pressure at the hub (compression to and from it is costed); "
           "absolute bar (compression costs ln(p_to / p_from)): below 1 bar is warned about; empty: no compression costed to or from it (count it in var_cost_eur_per_unit)", unit="bar",
           lo=0.0, lo_open=True, hi=2000.0, what="a pressure in bar"),
    Column("zone", "text", "grouping for totals"),
    NOTE,
))

CORRIDORS = Table("corridors", "corridors.csv", "optional candidate corridors of shared networks (a heat "
                  "backbone, a steam header, a hydrogen, CO2 or water pipeline): a trench between two sites, hubs or "
                  "junctions, sized and built only if it pays; flows reach the network at their site", (
    Column("corridor_id", "id", "stable id of the corridor (defaults to c<row>)", example="backbone_1"),
    Column("resource", "resource", "what the network carries: a resource with pipe sizes in the catalogue (heat, "
           "steam, hydrogen, co2, water, or a resources.yaml one with a `network` block)", required=True,
           example="heat"),
    Column("from", "id", "a site_id, hub_id (a hub handling the resource) or junction_id (of its network)",
           required=True, example="UVE"),
    Column("to", "id", "a site_id, hub_id (a hub handling the resource) or junction_id (of its network)",
           required=True, example="J1"),
    Column("length_km", "number", "trench length; default great circle x the network's route factor", unit="km",
           example="1.8", lo=0.0, hi=2000.0, what="a length in km"),
    Column("direction", "choice", "both (flow either way) or forward (from -> to only); empty: both", example="both",
           allowed=("both", "forward")),
    Column("existing", "bool", "true for a pipe already in the ground: no investment, no build decision; "
           "give its capacity (or size)", example="false"),
    Column("capacity", "number", "largest rate the corridor carries (rated, like the pipe sizes), in `unit`; "
           "over a year or month it carries on average this times the network's load factor (catalogue "
           "network.load_factor: 0.5 hot water, 0.6 water, 0.7 steam, hydrogen, CO2; 20,000 t/yr rated carries "
           "14,000 t/yr of CO2): an existing pipe's (required without a size) or a corridor's with its own costs "
           "(unbounded without it); a new corridor on the catalogue's sizes carries what its size carries (a "
           "capacity there is an error)",
           unit="unit column", lo=0.0, lo_open=True, what="a capacity (a rate such as MW)"),
    Column("unit", "unit", "unit of capacity: a rate (MW, t/h, m3/h) or a base unit per year (MWh/yr, t/yr); "
           "hydrogen and CO2 also in Nm3/h (as flows.csv); default the network's capacity unit (MW for heat)", example="MW", what="a unit such as MW or t/h"),
    Column("size", "text", "a pipe size of the catalogue (DN100...): the size of an existing pipe, or the only "
           "size this corridor may be built with (with fixed_cost_eur_per_yr: that size's investment, capacity and "
           "heat loss, the fixed cost replacing its O&M; not with investment_eur); default: the model picks one"),
    Column("investment_eur", "number", "investment of this corridor: with it (or a fixed cost without a size) the "
           "corridor has its own costs instead of the pipe sizes' (0 where not given; no heat loss)", unit="EUR",
           lo=0.0, hi=1e11, what="an investment in EUR"),
    Column("fixed_cost_eur_per_yr", "number", "fixed cost per year once built: without a size, the corridor's own "
           "costs instead of the pipe sizes' (investment 0 where not given; no heat loss); with a size, its O&M",
           unit="EUR/yr", lo=0.0, hi=1e10, what="a cost in EUR/yr"),
    Column("var_cost_eur_per_unit", "number", "cost per base unit carried (pumping); default the catalogue's "
           "per km x length", unit="EUR per base unit", lo=0.0, hi=1e6, what="a cost in EUR per base unit"),
    Column("loss_w_per_m", "number", "heat and steam: the pipe pair's heat loss as measured (a survey, or metered MWh/yr / km / 8.76), for an existing pipe or own costs; default its size's (none for own costs without a size)",  # noqa: E501
           unit="W/m", lo=0.0, hi=1000.0, what="a heat loss in W/m"),
    NOTE,
))

JUNCTIONS = Table("junctions", "junctions.csv", "optional points where corridors meet without any flow (a branch "
                  "of a backbone, a street crossing)", (
    Column("junction_id", "id", "unique id, different from every site_id and hub_id", required=True, example="J1"),
    Column("name", "text", "display name (defaults to junction_id)"),
    Column("lat", "number", "latitude, WGS84", unit="deg", required=True, lo=-90.0, hi=90.0,
           what="a latitude in degrees"),
    Column("lon", "number", "longitude, WGS84", unit="deg", required=True, lo=-180.0, hi=180.0,
           what="a longitude in degrees"),
    Column("resources", "list", "networks it belongs to (generated corridors; a corridor of corridors.csv on "
           "another network may not end there), separated by ';' (or ','); default all", example="heat"),
    NOTE,
))

TABLES: dict[str, Table] = {t.name: t for t in (SITES, FLOWS, LINKS, HUBS, CORRIDORS, JUNCTIONS)}

# ------------------------------------------------------------------ siting (`eitflow site`)
PLOTS = Table("plots", "plots.csv", "free plots where new activities could go (brownfields, vacant business-park "
              "lots); the column names of the CNIG standards for brownfields (friches) and business parks (sites "
              "economiques, TERRAIN-ECO) are accepted too (`io.plots`)", (
    Column("plot_id", "id", "unique id of the plot, different from every site_id, without '@' (placements are named "
           "activity@plot)", required=True, example="FRICHE_1"),
    Column("name", "text", "display name (defaults to plot_id)", example="Former coking plant"),
    Column("lat", "number", "latitude of the plot's centre, WGS84", unit="deg", required=True, lo=-90.0, hi=90.0,
           example="43.43", what="a latitude in degrees"),
    Column("lon", "number", "longitude of the plot's centre, WGS84", unit="deg", required=True, lo=-180.0,
           hi=180.0, example="4.88", what="a longitude in degrees"),
    Column("area_ha", "number", "land that new activities may take (a cell may give it in m2: '200000 m2' is "
           "20 ha)", unit="ha", required=True, lo=0.0, lo_open=True, hi=1e5, example="12", what="an area in hectares"),
    Column("zone", "text", "grouping for totals: business park, intercommunality", example="ZIP Fos"),
    Column("territory", "text", "code of the territory whose land-take budget a greenfield plot counts against "
           "(siting.max_new_land_take_ha per territory): EPCI SIREN, commune INSEE, SCoT", example="200046977"),
    Column("allowed_uses", "list", "activity types, classes or ids allowed on the plot, separated by ';' (empty: "
           "every use); the catalogue's classes may be named in French (industrie, énergie, alimentaire...; "
           "`use__` in data/messages.csv)", example="industry;energy"),
    Column("excluded_uses", "list", "activity types, classes or ids not allowed (e.g. food on polluted soil), "
           "separated by ';'", example="food"),
    Column("available", "bool", "false: the plot is not free (sold, reserved, occupied); default true",
           example="true"),
    Column("greenfield", "bool", "true: natural, agricultural or forest land (ENAF): a placement there is new land "
           "take (ZAN), counted against siting.max_new_land_take_ha; default false (brownfields)", example="false"),
    Column("available_from", "number", "year from which the plot is free; with `siting.year` set, later plots are "
           "left out", unit="year", lo=1900.0, hi=2200.0, example="2026", what="a year"),
    Column("land_price_eur_per_ha", "number", "purchase price, annualised with discount_rate and lifetime_years; empty: 0",
           unit="EUR/ha", lo=0.0, hi=1e9, example="150000", what="a price in EUR/ha"),
    Column("land_rent_eur_per_ha_yr", "number", "rent per year (lease, AOT); empty: 0", unit="EUR/ha/yr", lo=0.0, hi=1e8,
           example="20000", what="a rent in EUR/ha/yr"),
    Column("remediation_eur_per_ha", "number", "site preparation paid once (remediation, servicing), annualised; empty: 0",
           unit="EUR/ha", lo=0.0, hi=1e9, example="300000", what="a cost in EUR/ha"),
    Column("pollution", "text", "known soil pollution (shown in the outputs; exclude uses with excluded_uses)",
           example="pollution avérée (hydrocarbons)"),
    Column("constraints", "text", "other constraints (risk-prevention plan, flood zone...), shown in the outputs",
           example="PPRT"),
    NOTE,
))

ACTIVITIES = Table("activities", "activities.csv", "activities that could be placed on a plot; each instance "
                   "takes land_ha and brings the flows of activity_flows.csv (or of its catalogue template)", (
    Column("activity_id", "id", "unique id of the activity, without '@'", required=True, example="SERRE"),
    Column("name", "text", "display name (defaults to the template's, else activity_id)", example="Tomato greenhouse"),
    Column("template", "choice", "a catalogue template whose figures fill the empty cells and, when the activity "
           "has no row in activity_flows.csv, its flows (`data/activities.yaml`)", example="greenhouse",
           allowed=("greenhouse", "data_centre", "fish_farm", "electrolyser", "wood_pellet_plant",
                    "district_heating_plant")),
    Column("size", "number", "size in the template's unit (ha of glass, MW of IT load...); scales the template's "
           "land, costs and flows linearly", unit="template unit", lo=0.0, lo_open=True, example="5",
           what="a size", applies="required with a template"),
    Column("uses", "list", "its type and classes, matched against a plot's allowed_uses and excluded_uses "
           "(default: the template's); its activity_id always matches", example="greenhouse;agriculture;food"),
    Column("land_ha", "number", "land one instance takes", unit="ha", lo=0.0, hi=1e5, example="5",
           what="an area in hectares", applies="required without a template"),
    Column("min_count", "number", "fewest instances to place (0: placing none is allowed)", lo=0.0, hi=1e4,
           example="0", what="a whole number of instances"),
    Column("max_count", "number", "most instances to place, at most one per plot (default 1)", lo=0.0, hi=1e5,
           example="1", what="a whole number of instances"),
    Column("group", "text", "alternatives: at most one activity of the same group on a plot (e.g. the sizes of "
           "one project)", example="greenhouse"),
    Column("investment_eur", "number", "investment of one instance, annualised with discount_rate and "
           "lifetime_years", unit="EUR", lo=0.0, hi=1e11, example="7500000", what="an investment in EUR"),
    Column("fixed_cost_eur_per_yr", "number", "fixed cost per year of one instance", unit="EUR/yr", lo=0.0,
           hi=1e10, example="150000", what="a cost in EUR/yr"),
    Column("revenue_eur_per_yr", "number", "what one instance earns per year on its own, before its exchanges "
           "(its margin; 0: it must pay for itself through exchanges)", unit="EUR/yr", lo=-1e10, hi=1e10,
           example="650000", what="an amount in EUR/yr"),
    NOTE,
))

ACTIVITY_FLOWS = Table("activity_flows", "activity_flows.csv", "the flows of ONE instance of an activity, in the "
                       "columns of flows.csv with activity_id in place of site_id", (
    Column("activity_id", "id", "an activity_id of the activities table", required=True, example="SERRE"),
    *[c for c in FLOWS.columns if c.name != "site_id"],
))

SITING_TABLES: dict[str, Table] = {t.name: t for t in (PLOTS, ACTIVITIES, ACTIVITY_FLOWS)}

# the keys of scenario.yaml that name table files rather than parameters
TABLE_KEYS = {"sites": "path of sites.csv (required)", "flows": "path of flows.csv (required)",
              "links": "path of links.csv (optional)", "hubs": "path of hubs.csv (optional)",
              "resources": "path of a resources.yaml merged over the catalogue (optional)",
              "zones": "path of a zones.geojson: the zones' real outlines (Polygon or MultiPolygon features with a "
                       "`zone` property naming a zone of sites.csv), drawn on the report's map (optional)",
              "corridors": "path of corridors.csv (optional; shared networks)",
              "junctions": "path of junctions.csv (optional; shared networks)",
              "plots": "path of plots.csv (optional; `eitflow site`)", "activities": "path of activities.csv (optional; `eitflow site`)",
              "activity_flows": "path of activity_flows.csv (optional; `eitflow site`)"}


@dataclass(frozen=True)
class ParameterKey:
    """One scenario.yaml key (dotted for nested blocks: solver.time_limit_s)."""

    key: str
    default: Any
    description: str


def parameter_keys() -> list[ParameterKey]:
    """Every scenario.yaml key with its default and description, from the pydantic models."""
    from pydantic import BaseModel

    from eitflow.scenario import Parameters

    out = [ParameterKey(k, "", d) for k, d in TABLE_KEYS.items()]

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, f in model.model_fields.items():
            ann = f.annotation
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                walk(ann, f"{prefix}{name}.")
                continue
            args = typing.get_args(ann)
            if len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
                walk(args[1], f"{prefix}{name}.<resource>.")  # a block per resource (networks)
                continue
            key = f"{prefix}{name}" + (".<resource>" if name == "max_distance_km" else "")
            default = "" if f.is_required() else f.get_default(call_default_factory=True)
            out.append(ParameterKey(key, default if default != {} else "", f.description or ""))

    walk(Parameters, "")
    return out


# ------------------------------------------------------------------ documentation
_md = lambda text: text.replace("|", "/")  # noqa: E731 - a Markdown cell's text
def markdown_columns(table: Table, lang: str = "en") -> str:
    """The table's columns as a Markdown table (column, required, unit, meaning), said in `lang`
    (`i18n.gloss`: the English of this module is the key of its translation); names stay as written."""
    from eitflow.i18n import gloss, has_text, text, unit

    lines = [text("tmpl_columns_head", lang), "|---|---|---|---|"]
    for c in table.columns:
        req = text("yes", lang) if c.required else gloss(c.applies, lang)
        extra = " " + text("tmpl_allowed", lang, v=", ".join(c.allowed)) if c.allowed and c.kind == "choice" else ""
        # '≥ 39.4 and ≤ 200' -> '≥ 39,4 et ≤ 200'
        b = [x.replace(".", ",") if lang == "fr" else x for x in c.bounds_text.split(" and ")]
        rng = (text("tmpl_range", lang, lo=b[0], hi=b[1]) if len(b) == 2 else text("tmpl_bound", lang, b=b[0])) \
            if c.bounds_text and c.kind == "number" else ""
        u = c.unit if lang == "en" else gloss(c.unit, lang) if has_text(f"gloss__{c.unit}") else unit(c.unit, lang)
        lines.append(f"| `{c.name}` | {_md(req)} | {_md(u)} | {_md(gloss(c.description, lang))}{extra}{rng} |")
    return "\n".join(lines)


def markdown_parameters() -> str:
    """The scenario.yaml keys as a Markdown table (key, default, meaning)."""
    lines = ["| key | default | meaning |", "|---|---|---|"]
    for p in parameter_keys():
        d = "" if p.default in ("", None) else f"`{p.default}`"
        lines.append(f"| `{p.key}` | {d} | {_md(p.description)} |")
    return "\n".join(lines)


def markdown_cnig() -> str:
    """The mapping of the CNIG standards' columns onto plots.csv (`CNIG_MAPPING`, applied by `io.plots`)."""
    names = {"friches": "CNIG Friches", "terrain_eco": "Sites économiques, TERRAIN-ECO",
             "site_eco": "Sites économiques, SITE-ECO"}
    lines = ["| standard | its column(s) | plots.csv | rule |", "|---|---|---|---|"]
    lines += [f"| {names[d]} | `{_md(src)}` | `{dst}` | {_md(rule)} |" for d, src, dst, rule in CNIG_MAPPING]
    return "\n".join(lines)


_MARK = re.compile(r"(<!-- schema:(\w+) -->\n).*?(<!-- /schema -->)", re.S)


def update_readme(text: str) -> str:
    """`text` with every block between ``<!-- schema:NAME -->`` and ``<!-- /schema -->``
    regenerated (NAME: a table, or `parameters`)."""
    def block(m: re.Match) -> str:
        name = m.group(2)
        body = (markdown_cnig() if name == "cnig" else markdown_parameters() if name == "parameters"
                else markdown_columns({**TABLES, **SITING_TABLES}[name]))
        return m.group(1) + body + "\n" + m.group(3)

    return _MARK.sub(block, text)


if __name__ == "__main__":  # python -m eitflow.io.schema README.md: regenerate its column tables
    for arg in sys.argv[1:]:
        p = Path(arg)
        from eitflow.io.atomic import write_text

        write_text(p, update_readme(p.read_text(encoding="utf-8")))
