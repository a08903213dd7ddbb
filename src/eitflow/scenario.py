"""The plain, typed data model that every stage after reading works on.

All amounts are in each resource's base unit per year (see the catalogue); distances in
km, temperatures in degC, money in EUR.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, PositiveFloat, field_validator

from eitflow.catalogue import Catalogue, YamlModel
from eitflow.i18n import Phrase
from eitflow.ids import TOTAL, territory_key


class SolverOptions(YamlModel):
    """`solver:` block of scenario.yaml."""

    name: Literal["highs", "cbc"] = Field("highs", description="highs (HiGHS through highspy) or cbc (through PuLP)")
    time_limit_s: float = Field(60.0, gt=0, description="wall-clock budget for the whole run (s)")
    mip_gap: float = Field(1e-3, ge=0, le=1, description="relative optimality gap at which the solver stops")
    threads: int = Field(1, ge=1, description="threads per solve (HiGHS)")
    workers: int = Field(1, ge=1, description="parallel processes over independent parts of the territory")
    isolate: Literal["auto", "always", "never"] = Field(
        "auto", description="run solves in a child process under a wall-clock watchdog (auto: components of "
                            "20,000 links or more, and those of 500 or more whose solve would end within 5 s of "
                            "the deadline)")


class HeatPumpOptions(YamlModel):
    """`heat_pump:` block of scenario.yaml: links through a heat pump (at the demand) when a
    source is too cold.

    Defaults are assumptions: 50 % of the Carnot COP is typical of industrial heat pumps
    (IEA HPT Annex 58 reports 40-60 %); 700 EUR/kW_th installed and 6,000 full-load hours
    per year are orders of magnitude for large industrial units; lifts above 70 K are rare.
    """

    enabled: bool = Field(True, description="offer heat-pump links where a source is too cold")
    carnot_share: float = Field(0.5, gt=0, le=1, description="COP as a share of the Carnot COP (assumption)")
    max_lift_k: float = Field(70.0, gt=0, description="largest temperature lift (K)")
    investment_eur_per_kw: float = Field(700.0, ge=0, description="installed cost per kW of heat output (EUR/kW)")
    full_load_hours: float = Field(6000.0, gt=0, le=8760, description="full-load hours per year (h/yr)")


#: the most CO2 a MWh of electricity emits (tCO2/MWh): lignite plants emit about 1.1-1.2 (IPCC
#: AR5 WG3 Annex III, life cycle); above it a factor is in kg or g per MWh or kWh (52 for 0.052),
#: refused in scenario.yaml and flows.csv alike (`io.schema`)
ELECTRICITY_CO2_MAX_T_PER_MWH = 2.0

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _hectares(v: object, refusal: Phrase) -> float:
    """A budget (ha) given as a number or its text, >= 0; else ValueError(`refusal`) (a
    decimal comma, '12,5', said as such)."""
    if isinstance(v, str) and _DECIMAL_COMMA.match(v.strip()):
        raise ValueError(Phrase("key_decimal_comma", value=v, point=v.strip().replace(",", ".")))
    try:
        ha = float(v) if not isinstance(v, bool) and isinstance(v, int | float | str) else float("nan")
    except ValueError:
        ha = float("nan")
    if not np.isfinite(ha) or ha < 0:
        raise ValueError(refusal)
    return ha


class SitingOptions(YamlModel):
    """`siting:` block of scenario.yaml (`eitflow site`)."""

    year: int | None = Field(None, ge=1900, le=2200, description="plots with available_from after this year are left "
                                                                  "out (empty: every available plot)")
    rank_top: int = Field(5, ge=0, description="plots per activity whose value with the placement forced is solved "
                                               "first (the others get a sound bound)")
    rank_time_limit_s: float = Field(60.0, gt=0, description="wall-clock budget for ranking the plots (s), after the "
                                                             "plan is solved")
    max_new_land_take_ha: float | dict[str, float] | None = Field(
        None, description="most land the plan may take on greenfield plots (plots.csv `greenfield`: natural, "
                          "agricultural or forest land), in ha: the zero-net-land-take (ZAN) budget. A number: one "
                          "budget for the whole scenario. A mapping: one budget per territory, keyed by the codes "
                          "of plots.csv `territory` (EPCI SIREN, commune INSEE, SCoT...; `200046977: 12.5`, "
                          "`'01053': 4`), with `total` for a budget over all of them as well; a greenfield plot "
                          "of a territory without a budget is capped by `total` only (a warning says so). Empty: "
                          "no cap (the land taken is still counted)")

    @field_validator("max_new_land_take_ha", mode="before")
    @classmethod
    def _budgets(cls, v: object) -> object:
        """A number of hectares >= 0, or a mapping whose keys are text (a code written as a
        YAML number is still a code; 01053 is read as text by `io.yamlfile`, not as octal) and
        whose values are such numbers; each refusal names the territory, one sentence."""
        if v is None:
            return v
        if not isinstance(v, dict):
            return _hectares(v, Phrase("land_budget_negative", value=str(v)))
        if not v:
            raise ValueError(Phrase("land_budget_empty"))
        out: dict[str, float] = {}
        seen: dict[str, str] = {}
        for k, ha in v.items():
            if isinstance(k, bool) or k is None or not isinstance(k, int | str) or not str(k).strip():
                raise ValueError(Phrase("land_budget_key", given=str(k)))
            code = str(k).strip()
            same = seen.get(territory_key(code))
            if same is not None:
                raise ValueError(Phrase("land_budget_twice", a=same, b=code))
            seen[territory_key(code)] = code
            out[code] = _hectares(ha, Phrase("land_budget_value", code=code, value=str(ha)))
        return out

    def land_take_budgets(self) -> tuple[float | None, dict[str, float]]:
        """(the budget over the whole scenario or None, {territory code as written: budget})
        in ha, from `max_new_land_take_ha`: a number is the first, a mapping the second (its
        `total` key the first)."""
        v = self.max_new_land_take_ha
        if v is None or isinstance(v, float | int):
            return (None if v is None else float(v)), {}
        total = next((ha for k, ha in v.items() if territory_key(k) == TOTAL), None)
        return total, {k: ha for k, ha in v.items() if territory_key(k) != TOTAL}


def returns_too_warm(temperature_c: float | None, return_temperature_c: float | None) -> bool:
    """Whether a network's return temperature is at or above its supply temperature (degC): the
    water would come back warmer than it leaves. The one rule `eitflow run`/`validate`
    (`io.network`) and a sweep's values (`sweep.params`) refuse; False where either is unset."""
    return temperature_c is not None and return_temperature_c is not None and \
        float(return_temperature_c) >= float(temperature_c)


class NetworkOptions(YamlModel):
    """`networks.<resource>:` block of scenario.yaml: a shared network of that resource
    (heat backbone, steam header, hydrogen/CO2/water pipeline) over corridors.csv, the
    corridors eitflow generates, or both."""

    temperature_c: float | None = Field(
        None, ge=-60, le=1500, description="heat and steam: supply temperature of the network (degC); supplies must "
                                           "reach it (or a heat pump at injection lifts them), demands need it minus "
                                           "their approach")
    return_temperature_c: float | None = Field(
        None, ge=-60, le=1500, description="heat and steam: temperature the network's water comes back at (degC), "
                                           "below temperature_c; a supply spanning a range (its "
                                           "return_temperature_c) gives the network its heat down to this "
                                           "temperature or its own return, whichever is warmer; hot-water pipes "
                                           "carry heat in proportion to supply - return (the catalogue's sizes are "
                                           "rated at 30 K) and lose it by their mean temperature; default: the "
                                           "supply temperature, so such a supply gives only its heat above it, and "
                                           "the pipes are rated at the catalogue's difference")
    generate: Literal["none", "delaunay", "knn"] = Field(
        "none", description="candidate corridors generated over the sites of the resource and the junctions: "
                            "none (corridors.csv only), delaunay (triangulation) or knn (k nearest neighbours)")
    k: int = Field(4, ge=1, le=50, description="knn: neighbours per node")
    max_length_km: float | None = Field(None, gt=0, description="generated corridors longer than this (km, after "
                                                                "the route factor) are left out; default: the "
                                                                "catalogue's network.max_length_km")
    purity: float | None = Field(
        None, gt=0, le=1, description="hydrogen: purity of the network's gas (mol/mol): a supply must reach it to "
                                      "inject, a demand needing more cannot withdraw; default: the lowest purity its "
                                      "supplies state (a mixture is no purer than its worst part)")
    pressure_bar: float | None = Field(
        None, gt=0, le=2000, description="hydrogen: operating pressure of the network (bar): a supply below it pays "
                                         "compression into it, a demand above it compression out of it, and its "
                                         "pipes carry the catalogue's sizes at it (capacity in proportion to the "
                                         "pressure: network.reference_pressure_bar); default: "
                                         "the highest pressure its supplies state; absolute bar (compression costs "
                                         "ln(p_to / p_from)): below 1 bar is warned about")
    heat_pump_at_injection: bool = Field(True, description="a supply colder than the network, and a ranged "
                                                           "supply's heat below the network's return, inject "
                                                           "through a heat pump (heat_pump.* costs) where the "
                                                           "catalogue allows one for the resource (hot water, "
                                                           "not steam); given on another network (hydrogen, "
                                                           "steam) it changes nothing and is warned about")
    sizing: Literal["auto", "discrete", "linear", "classes"] = Field(
        "auto", description="pipe sizes of new corridors: `discrete` (one binary per catalogue size, the model picks "
                            "one), `linear` (per corridor one binary per way and its capacity a decision; cost and "
                            "loss a + b × capacity, least squares over the catalogue's sizes, up to the largest; "
                            "corridors.csv then rounds each corridor up to the catalogue size that carries it and "
                            "shows that size's real cost beside the estimate), `classes` (as linear, with three "
                            "lines, each through a third of the sizes, small to large, and one binary per class "
                            "and way: estimates within about 5 % of the catalogue's prices where one line is 30-40 "
                            "% off, at the price of a harder solve) or `auto` (linear above 15 candidate "
                            "corridors of the resource, else discrete: one binary per catalogue size finds no "
                            "network for a generated town of 30 buildings or more)")
    cuts: Literal["auto", "on", "off"] = Field(
        "auto", description="strengthen the network's LP with directed-cut inequalities before branching "
                            "(auto: when it has binaries and a plain probe does not solve it; on: always, without "
                            "the probe; off: never; a large linearly sized network gets rounds for half the time "
                            "left, without the plain probe)")

    @field_validator("cuts", mode="before")
    @classmethod
    def _cuts_on_off(cls, v: object) -> object:
        """`cuts: on` and `cuts: off` as written: YAML 1.1 reads on, off, yes and no unquoted as
        booleans, and the option was refused ("Input should be 'auto', 'on' or 'off'") as the
        user wrote one of those."""
        return ("on" if v else "off") if isinstance(v, bool) else v


class Parameters(YamlModel):
    """Everything in scenario.yaml except the table paths."""

    name: str = Field(description="a short title for reports (required)")
    description: str = Field("", description="free text")
    lang: Literal["en", "fr"] | None = Field(None, description="language of the report and messages (--lang wins)")
    objective: Literal["net_benefit", "co2"] = Field(
        "net_benefit", description="net_benefit (EUR/yr) or co2 (tCO2/yr avoided)")
    carbon_price_eur_per_t: float = Field(0.0, ge=0, description="EUR per tCO2 avoided, added to the net benefit")
    discount_rate: float = Field(0.05, ge=0, lt=1, description="annualises investments (capital recovery factor; "
                                                              "share per year)")
    lifetime_years: float = Field(20.0, gt=0, description="years over which investments are annualised")
    electricity_price_eur_per_mwh: float = Field(
        80.0, ge=0, description="for heat pumps, compression and electrolysers (EUR/MWh; assumption: French "
                                "industrial electricity, order of magnitude 2024-25)")
    electricity_co2_t_per_mwh: float = Field(
        0.052, ge=0, le=ELECTRICITY_CO2_MAX_T_PER_MWH, description="tCO2/MWh of that electricity (ADEME Base Empreinte, French grid average)")
    heat_pump: HeatPumpOptions = Field(default_factory=HeatPumpOptions)
    heat_level_step_k: float = Field(
        0.0, ge=0, le=50, description="heat cascading: round temperature levels to this step (K), supplies down "
                                      "and demands up (0 = exact levels)")
    heat_level_max_columns: int = Field(
        100_000, ge=0, description="heat cascading: a component whose exact levels need more interval columns "
                                   "than this has its levels rounded (0.5, 1, 2, 5, 10, 20 K) until it fits, "
                                   "and the summary says so; 0 = never round")
    max_distance_km: dict[str, PositiveFloat] = Field(default_factory=dict,
                                              description="radius of the flows of a resource (km, great circle), "
                                                          "replacing the catalogue's; a flow's own "
                                                          "max_distance_km overrides it")
    solver: SolverOptions = Field(default_factory=SolverOptions)
    siting: SitingOptions = Field(default_factory=SitingOptions)
    networks: dict[str, NetworkOptions] = Field(default_factory=dict, description="shared networks, per resource")

    @field_validator("lang", mode="before")
    @classmethod
    def _lang_case(cls, v: object) -> object:
        """'FR' or 'Fr ' is fr: the language the workbook's problems were said in already
        (`io.workbook.workbook_lang` reads it so), refused as a language after them."""
        return v.strip().lower() if isinstance(v, str) else v


@dataclass
class Siting:
    """Free plots and the activities that could go on them (`eitflow site`), validated.

    plots: plot_id, name, lat, lon (deg WGS84), area_ha (ha), zone, allowed_uses and
        excluded_uses (lists), available (bool), available_from (year, NaN = now),
        land_price_eur_per_ha (EUR/ha, bought once), land_rent_eur_per_ha_yr (EUR/ha/yr),
        remediation_eur_per_ha (EUR/ha, once), pollution, constraints (text), row.
    activities: activity_id, name, template, uses (list), land_ha (ha), min_count,
        max_count, investment_eur (EUR), fixed_cost_eur_per_yr (EUR/yr),
        revenue_eur_per_yr (EUR/yr), row.
    flows: the flows of ONE instance of each activity, in the columns of `Scenario.flows`
        (base units), with `activity_id` instead of site_id.
    profiles: (activity flows x 12) monthly shares, or None.
    """

    plots: pd.DataFrame
    activities: pd.DataFrame
    flows: pd.DataFrame
    profiles: np.ndarray | None = None


def allowed_matrix(siting: Siting) -> dict[str, np.ndarray]:
    """(activities x plots) boolean matrices: `available`, `use_allowed`, `fits` (land) and
    `candidate` (all of them, and max_count >= 1). Uses are matched per distinct pair of
    (allowed, excluded) sets of the plots, so the work grows with the activities times the
    distinct rules, not with the plots."""
    act, pl = siting.activities, siting.plots
    nA, nQ = len(act), len(pl)
    uses = [set(u) for u in act["uses"]]
    key = [(tuple(sorted(a)), tuple(sorted(e))) for a, e in zip(pl["allowed_uses"], pl["excluded_uses"])]
    groups: dict[tuple, list[int]] = {}
    for q, k in enumerate(key):
        groups.setdefault(k, []).append(q)
    use_ok = np.zeros((nA, nQ), bool)
    for (allow, excl), qs in groups.items():
        col = np.array([(not allow or bool(u & set(allow))) and not (u & set(excl)) for u in uses], bool)
        use_ok[:, qs] = col[:, None]
    available = np.broadcast_to(pl["available"].to_numpy(bool)[None, :], (nA, nQ))
    fits = act["land_ha"].to_numpy(float)[:, None] <= pl["area_ha"].to_numpy(float)[None, :] + 1e-9
    can = (act["max_count"].to_numpy(int) >= 1)[:, None]
    return {"available": available, "use_allowed": use_ok, "fits": fits,
            "candidate": available & use_ok & fits & can}


def frame_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A view of ``frame[name].to_numpy()``, without making the Series: its column as pandas
    stores it, made a numpy array as `Series.to_numpy` makes it (an extension array's own
    `to_numpy`), viewed. A Series costs about 12 us a column, 0.5 ms a
    run over the few dozen columns a solve reads (FCNetLib's sp50x100: its HiGHS run takes
    about 2 ms); this, 1 us. A name given twice, or a pandas without `_get_column_array`
    (a private method, in pandas since 1.3), reads the Series.

    Raises
    ------
    KeyError
        `name` is not a column of `frame`.
    """
    loc = frame.columns.get_loc(name)
    get = getattr(frame, "_get_column_array", None)
    if not isinstance(loc, int) or get is None:
        return frame[name].to_numpy().view()
    values = get(loc)
    # a view, always: whoever makes it read-only does not make the frame's own array so (a
    # string column's `to_numpy` is the array pandas keeps: made read-only, the frame could not
    # be written to after a run, "assignment destination is read-only")
    return (values if isinstance(values, np.ndarray) else values.to_numpy()).view()


@dataclass
class Scenario:
    """A validated scenario in base units.

    sites: site_id, name, lat, lon (deg WGS84), sector, zone.
    flows: flow_id, site_id, direction, resource, amount (base unit/yr), unit (base unit),
        amount_input, unit_input (as given), temperature_c (degC or NaN),
        price_eur_per_unit (EUR per base unit), min_amount (base unit/yr, 0 = none),
        max_distance_km (km; NaN = `params.max_distance_km` of its resource, else the
        catalogue's: `candidates.radius.resource_radius_km`), required (demand must be fully met),
        co2_factor_t_per_unit (NaN = catalogue), co2_use (storage | utilisation | "" on a demand
        of captured CO2: `results.shares.stores`), return_temperature_c (degC, NaN = all the heat
        at temperature_c), electrolyser_kwh_per_kg (MWh/t, NaN = not an electrolyser),
        electricity_price_eur_per_mwh / electricity_co2_t_per_mwh (electrolyser overrides, NaN =
        scenario's), investment_eur / fixed_cost_eur_per_yr (EUR, EUR/yr: a supply that must be
        built to be used, 0 = none), row (spreadsheet row in the source file).
    links: optional user candidates (the columns of `io.schema.LINKS`; NaN where not given).
    """

    sites: pd.DataFrame
    flows: pd.DataFrame
    catalogue: Catalogue
    params: Parameters
    links: pd.DataFrame | None = None
    profiles: np.ndarray | None = None  # (flows x 12) monthly shares, None = annual model
    hubs: pd.DataFrame | None = None    # candidate hubs (`io.schema.HUBS`, capacity in base units; resources as lists)
    source: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # errors.Problem: plausible but odd data (exit 0, reported)
    siting: Siting | None = None        # plots and activities (`eitflow site`), not yet placed
    # candidate placements (activity x plot), once expanded (`candidates.placements`): the
    # flows of a placement are rows of `flows` with `placement` >= 0 (-1: the territory's)
    placements: pd.DataFrame | None = None
    # shared networks (`io.schema.CORRIDORS`, `io.schema.JUNCTIONS`): candidate corridors between
    # site, hub or junction ids (capacity in base units/yr, lengths in km), and junctions
    corridors: pd.DataFrame | None = None
    junctions: pd.DataFrame | None = None
    # columns read within `reading()`, with the frame each came from; the depth of `reading()`
    _read: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _reading: int = field(default=0, init=False, repr=False, compare=False)
    # the parameters' dump that `check_params` last found valid, as text
    _params_checked: str | None = field(default=None, init=False, repr=False, compare=False)

    def check_params(self) -> dict:
        """The parameters as they are now, checked as scenario.yaml's are (pydantic's
        `ValidationError`, a `ValueError`): a value assigned from Python is checked when set
        (`catalogue.YamlModel`), one changed inside a mapping (``max_distance_km["heat"] = -5``)
        only here, when candidates are built; a radius for a resource not in the catalogue is
        refused too (scenario.yaml's is when read). Returns the parameters' dump checked
        (``params.model_dump()``), which `candidates.generate.built_for` reads rather than
        dumping them again."""
        dump = self.params.model_dump(warnings=False)
        # the check is a function of the dump: one passed needs no second (0.3 ms, a tenth of
        # FCNetLib sp50x100's HiGHS run); compared as text, where True, 1 and 1.0 differ
        said = repr(dump)
        if said != self._params_checked:
            type(self.params).model_validate(dump)
            self._params_checked = said
        unknown = sorted(set(self.params.max_distance_km) - set(self.catalogue))
        if unknown:
            raise ValueError(f"parameters: max_distance_km: {unknown[0]!r} is not a resource of the catalogue "
                             f"({', '.join(sorted(self.catalogue))})")
        return dump

    def required_demands(self) -> np.ndarray:
        """Per flow of `flows`: a demand that must be fully met (boolean mask)."""
        return np.asarray(self.column("flows", "required"), bool) & (self.column("flows", "direction") == "demand")

    @contextmanager
    def reading(self) -> Iterator[Scenario]:
        """Within this block `column` reads each column of a table once: candidate generation
        and the solve (`candidates.generate.build_candidates`, `solve.driver.solve`) read the
        same flow columns a few dozen times a run, about 10 us each from pandas (half a
        millisecond a run on FCNetLib's smallest networks, whose whole HiGHS solve takes 3 ms).
        Outside it every read is fresh, so a frame changed between two runs is read again; no
        code changes a table while it runs. Blocks may nest; the columns are forgotten when the
        outermost ends."""
        self._reading += 1
        try:
            yield self
        finally:
            self._reading -= 1
            if not self._reading:
                self._read.clear()

    def column(self, table: str, name: str) -> np.ndarray:
        """Column `name` of the table `table` ("flows", "sites"...) as a numpy array, read
        from the frame once within `reading()` (then read-only), else read now."""
        frame = getattr(self, table)
        if not self._reading:
            return frame[name].to_numpy()
        got = self._read.get((table, name))
        if got is None or got[0] is not frame:
            arr = frame_column(frame, name)
            arr.flags.writeable = False
            got = self._read[(table, name)] = (frame, arr)
        return got[1]

    def __getstate__(self) -> dict:
        # a copy sent to another process starts outside any `reading()` block, with nothing read
        state = dict(self.__dict__)
        state["_read"], state["_reading"] = {}, 0
        return state
