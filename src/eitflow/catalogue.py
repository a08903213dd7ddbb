"""The resource catalogue: base units, substitutions, quality rules, transport costs.

Built-in defaults live in `data/resources.yaml`, each with its source or marked as an
assumption; a scenario's resources.yaml is merged over them field by field. Parsed with
pydantic so a misspelt key is an error with a "did you mean", not a silent default.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from importlib import resources as _res
from typing import Any, Literal, NamedTuple

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from eitflow.errors import Collector, Problem, ScenarioError, excerpt
from eitflow.i18n import Phrase
from eitflow.piperating import phase_density_problem, rated_capacity, size_rating_problem
from eitflow.resspell import resource_spellings, spelling
from eitflow.units import UnitError, conversion_factor


def _positive(v: object) -> bool:
    """A finite number above 0 (not a YAML yes/no, not text): a value a rating may be derived from."""
    return isinstance(v, int | float) and not isinstance(v, bool) and 0 < float(v) < float("inf")


def _numeric(annotation: object) -> bool:
    """Whether a field's type holds numbers (float, int, optional or constrained ones, or a
    mapping to them)."""
    import typing

    if annotation in (int, float):
        return True
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict:
        return len(args) == 2 and _numeric(args[1])
    if typing.get_origin(annotation) is typing.Annotated:
        return _numeric(args[0])
    return bool(args) and any(_numeric(a) for a in args if a is not type(None))


class YamlModel(BaseModel):
    """A block of scenario.yaml or resources.yaml: unknown keys refused, numbers finite, and a YAML yes/no/on/off
    (read as a boolean) never taken for a number (`discount_rate: no` is not 0). A value set from Python
    (``scen.params.carbon_price_eur_per_t = 200``) is checked as the file's would be: unchecked, an objective
    'profit' ran as the co2 objective and a text '100' failed deep inside numpy."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, v: object, info: ValidationInfo) -> object:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _numeric(field.annotation):
            vals = v.values() if isinstance(v, dict) else [v]
            if any(isinstance(x, bool) for x in vals):
                raise ValueError(Phrase("val_yes_no"))
        return v


class Transport(YamlModel):
    """Transport mode and costs of one resource (EUR, km, base units)."""

    mode: Literal["pipe", "truck"]
    detour_factor: float = Field(1.0, ge=1.0, le=5.0)
    investment_eur: float = Field(0.0, ge=0)
    investment_eur_per_km: float = Field(0.0, ge=0)
    fixed_cost_eur_per_yr: float = Field(0.0, ge=0)
    var_cost_eur_per_unit: float = Field(0.0, ge=0)
    var_cost_eur_per_unit_km: float = Field(0.0, ge=0)
    co2_t_per_unit_km: float = Field(0.0, ge=0)
    max_distance_km: float | None = Field(None, gt=0, description="radius of this mode (alternatives only)")


class PipeSize(YamlModel):
    """One pipe size of a network resource (a DN class): its rated capacity (in the
    network's `capacity_unit`), installed cost per metre of trench (EUR/m) and heat loss
    of the pipe pair at the reference temperature (W/m; heat and steam)."""

    name: str
    capacity: PositiveFloat
    investment_eur_per_m: float = Field(ge=0)
    loss_w_per_m: float = Field(0.0, ge=0)
    inner_diameter_mm: PositiveFloat | None = Field(None, description=(
        "inner diameter (mm): with the network's design density and velocity, the capacity is theirs "
        "(density x velocity x cross-section), derived where not given, checked where given"))



class PipeRating(NamedTuple):
    """Multiples of a pipe table's capacity and heat loss on one network (`NetworkSpec.rating`)."""

    capacity: float
    loss: float


class NetworkSpec(YamlModel):
    """How a resource travels in a shared network (corridors.csv, `networks:`): pipe sizes
    and the costs of corridors and connections. See data/resources.yaml for the figures."""

    capacity_unit: str = Field(description="rate unit of the sizes' capacity (MW, t/h, m3/h)")
    load_factor: float = Field(1.0, gt=0, le=1, description=(
        "mean rate over a period (the year, or a month with profiles) / rated capacity"))
    route_factor: float | None = Field(None, ge=1.0, le=5.0, description=(
        "corridor length / great circle for generated corridors (default: the transport detour factor)"))
    fixed_cost_share_per_yr: float = Field(0.0, ge=0, le=1, description="O&M per year, share of the investment")
    var_cost_eur_per_unit_km: float = Field(0.0, ge=0, description=(
        "pumping, EUR per base unit per corridor km (with sensible_heat, at return_drop_k: a network's own "
        "supply - return moves less water per unit of heat where it is wider)"))
    connection_investment_eur: float = Field(0.0, ge=0, description=(
        "per flow connected (its substation or metering; a site with two flows on the network pays it twice)"))
    injection_electricity_mwh_per_unit: float = Field(0.0, ge=0, le=10, description=(
        "electricity per base unit a supply injects (MWh/unit; CO2: compression from capture, about 1 bar, to the "
        "network's dense phase), paid at the electricity price and charged its CO2 factor"))
    loss_share_per_km: float = Field(0.0, ge=0, le=1, description="share of the flow lost per km (besides W/m)")
    reference_temperature_c: float = Field(90.0, description="supply temperature at which loss_w_per_m holds")
    return_drop_k: float = Field(30.0, ge=0, description=(
        "the sizes' design difference between supply and return (K): the return = supply - this, "
        "where a network states none"))
    sensible_heat: bool = Field(False, description=(
        "the sizes' capacity is that of water cooled by return_drop_k (heat = mass flow x cp x "
        "(supply - return)): a network stating its return temperature scales it"))
    ground_temperature_c: float = Field(10.0, description="ground temperature (losses)")
    reference_pressure_bar: float | None = Field(None, gt=0, le=2000, description=(
        "a gas's sizes (hydrogen): the pressure (bar, absolute) their capacity holds at; a network at "
        "another pressure carries that mass flow times its pressure / this one (the same velocity, "
        "the gas's density in proportion to its pressure); none: the capacity at any pressure"))
    phase: Literal["gas", "dense"] | None = Field(None, description=(
        "the state the sizes are rated in: gas (a density in proportion to the pressure) or dense (CO2 above its "
        "critical pressure, 73.8 bar: a liquid-like density the pressure hardly changes, so the sizes hold at any "
        "pressure of its range and reference_pressure_bar scales nothing)"))
    design_pressure_bar: float | None = Field(None, gt=0, le=2000, description=(
        "the pressure (bar, absolute) the sizes are rated at, in that phase"))
    design_density_kg_per_m3: PositiveFloat | None = Field(None, description=(
        "the density (kg/m3) the sizes are rated at: with design_velocity_m_per_s, a size's capacity is "
        "density x velocity x its cross-section (inner_diameter_mm)"))
    design_velocity_m_per_s: PositiveFloat | None = Field(None, description="the velocity (m/s) the sizes are rated at")
    max_length_km: float = Field(2.0, gt=0, description="longest generated corridor (great circle x route factor)")
    sizes: list[PipeSize] = Field(min_length=1)
    source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _derived_capacities(cls, data: Any) -> Any:
        """A size with its inner diameter and no capacity, on a network stating its design density
        and velocity, rated from them (`rated_capacity`): one place for the figure, so a
        resources.yaml changing the phase (gas at 20 bar for a short collection line) re-rates every
        size. A capacity given is kept, and checked against them (`load_catalogue`)."""
        if not isinstance(data, dict) or not isinstance(data.get("sizes"), list):
            return data
        rho, v, unit = data.get("design_density_kg_per_m3"), data.get("design_velocity_m_per_s"), data.get("capacity_unit")
        if not (_positive(rho) and _positive(v) and isinstance(unit, str)):
            return data
        if not _converts("kg/s", unit):   # said at network.capacity_unit
            return data
        assert rho is not None and v is not None   # (numbers: _positive)
        sizes = [{**sz, "capacity": rated_capacity(rho, v, sz["inner_diameter_mm"], unit)}
                 if isinstance(sz, dict) and "capacity" not in sz and _positive(sz.get("inner_diameter_mm")) else sz
                 for sz in data["sizes"]]
        return {**data, "sizes": sizes}

    def rating(self, temperature_c: float | None, return_c: float | None = None,
               pressure_bar: float | None = None) -> PipeRating:
        """The sizes' capacity and heat loss on a network at `temperature_c` / `return_c`
        (degC; return None: supply - return_drop_k) and `pressure_bar` (bar, absolute; a gas's
        network), as multiples of the table's: each size's mass flow is its hydraulic limit
        (the pressure drop it was sized at), so a hot-water pipe carries heat in proportion to
        supply - return (`sensible_heat`; steam's is latent heat: 1), and pumping a unit of heat
        takes 1 / capacity of the table's; a gas pipe's mass flow at the table's velocity is in
        proportion to the gas's density, so to its pressure (`reference_pressure_bar`: a DN50
        of 0.269 t/h of hydrogen at 40 bar carries 0.269 x 15 / 40 = 0.1009 t/h at 15 bar); it
        loses heat in proportion to the mean of supply and return above the ground. 1 and 1
        without a temperature or pressure."""
        gas = (pressure_bar / self.reference_pressure_bar
               if pressure_bar is not None and self.reference_pressure_bar is not None and self.phase != "dense"
               else 1.0)   # a dense phase's density hardly moves with its pressure
        if temperature_c is None:
            return PipeRating(gas, 1.0)
        drop = self.return_drop_k if return_c is None else temperature_c - return_c
        cap = gas * (drop / self.return_drop_k if self.sensible_heat and self.return_drop_k > 0 else 1.0)
        ref = self.reference_temperature_c - self.return_drop_k / 2.0 - self.ground_temperature_c
        mean = temperature_c - drop / 2.0 - self.ground_temperature_c
        return PipeRating(cap, max(mean, 0.0) / ref if ref > 0 else 1.0)

    def size_carrying(self, capacity: float) -> PipeSize:
        """The smallest size whose capacity (in `capacity_unit`) carries `capacity`, the largest
        where none does (`candidates.network.carrying_size`, over arrays)."""
        fits = [s for s in self.sizes if s.capacity >= capacity * (1 - 1e-9)]
        return min(fits, key=lambda s: s.capacity) if fits else max(self.sizes, key=lambda s: s.capacity)


class Resource(YamlModel):
    """One catalogue entry; see data/resources.yaml for the meaning of each field."""

    description: str = ""
    base_unit: str
    quality: Literal["none", "temperature", "purity"] = "none"
    min_delta_t_k: float = Field(0.0, ge=0)
    max_distance_km: PositiveFloat
    co2_factor_t_per_unit: float = 0.0
    price_floor_eur_per_unit: float = Field(0.0, ge=0, description=(
        "a flow's price below this (EUR per base unit, in absolute value, not 0) is likely per kWh or per kg"))
    feeds: dict[str, PositiveFloat] | None = None
    loss_share_per_km: float = Field(0.0, ge=0, le=1, description="share of the amount lost per route km")
    link_loss: Literal["share", "pipe_size"] = Field("share", description=(
        "how a point-to-point link loses heat: 'share', loss_share_per_km of what it carries; 'pipe_size', "
        "the W/m of its network's pipe size the link's flow needs, as a corridor of that size "
        "(`candidates.pipeloss`; a resource whose sizes state no W/m loses its share)"))
    heat_pump: bool = Field(False, description="a too-cold supply may reach this demand through a heat pump")
    transport: Transport
    alternatives: list[Transport] = Field(default_factory=list,
                                          description="other transport modes; one candidate per mode")
    normal_density_kg_per_nm3: PositiveFloat | None = Field(None, description=(
        "a gas's mass per normal cubic metre (kg/Nm3, at 0 degC and 1.01325 bar): flows.csv may give it in "
        "Nm3/h, Nm3/d or Nm3/yr (`units.gas_conversion_factor`); none: no gas, Nm3 refused"))
    compression_mwh_per_unit_ln: float = Field(0.0, ge=0, description=(
        "electricity (MWh per base unit) per unit of ln(p_demand / p_supply) to raise the pressure"))
    network: NetworkSpec | None = Field(None, description="pipe sizes and costs of shared networks (corridors)")
    source: str = ""

    @property
    def route_factor(self) -> float:
        """A corridor's length over the great circle between its ends: the network's
        `route_factor`, else the transport's detour factor (generated corridors and those
        corridors.csv gives no length_km)."""
        rf = self.network.route_factor if self.network is not None else None
        return rf if rf is not None else self.transport.detour_factor

    @field_validator("base_unit")
    @classmethod
    def _unit_known(cls, v: str) -> str:
        conversion_factor(v, v)  # raises UnitError (a ValueError) if pint cannot read it
        return v


Catalogue = dict[str, Resource]


#: libyaml's safe loader where PyYAML was built with it (the wheels are): our own catalogue
#: parses in 3 ms instead of 45 (every run reads it); the same documents either way
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: resources that are CO2 itself (captured): sent to storage, their CO2 avoided is the emitter's
#: (`results.shares`); the only ones a demand's flows.csv ``co2_use`` applies to (`io.validate`)
CAPTURED = ("co2",)


def _builtin_raw() -> dict:
    text = _res.files("eitflow").joinpath("data/resources.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, val in over.items():
        if isinstance(val, dict) and isinstance(out.get(key), dict) and key != "feeds":
            out[key] = _merge(out[key], val)
        else:
            out[key] = copy.deepcopy(val)
    return out


def pydantic_message(err: Any, value_error_prefix: bool = True) -> str:
    """pydantic's message for one error of a YAML block (`err`, of `ValidationError.errors()`),
    as a `Phrase` said in each language (``pyd_<type>`` in messages.csv, from the error's
    context) whose English is pydantic's own; pydantic's text where no phrase gives it. A
    `ValueError` of ours (a unit, a yes/no) is said from the Phrase it carries, after "Value
    error, " in English unless `value_error_prefix` is False."""
    msg, kind, ctx = str(err["msg"]), err["type"], dict(err.get("ctx") or {})
    if kind == "value_error":
        inner = ctx.get("error")
        inner = inner.args[0] if isinstance(inner, ValueError) and inner.args else str(inner)
        out = Phrase("pyd_value_error", error=inner) if value_error_prefix else inner
        expected = msg if value_error_prefix else msg.removeprefix("Value error, ")
        return out if str(out) == expected else expected
    for k, v in ctx.items():   # a whole bound as digits, a year never grouped (1900, not 1 900)
        if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer():
            ctx[k] = str(int(v))
    if kind == "literal_error" and " or " in str(ctx.get("expected", "")):
        a, b = str(ctx["expected"]).rsplit(" or ", 1)
        ctx["expected"] = Phrase("val_or_list", a=a, b=b)
    try:
        out = Phrase(f"pyd_{kind}", **ctx)
    except (KeyError, ValueError, IndexError):   # a type or context not in messages.csv
        return msg
    return out if str(out) == msg else msg


def yaml_path(loc: tuple, data: Any, show: Callable[[Any], str] = str) -> str:
    """A pydantic error's place in a YAML block (`loc`, of the block `data` as given) as people
    count: pydantic counts a list's items from 0 (`network.sizes.0.capacity` for the first
    size), which a French analyst reads as wrong; a position is said from 1, in words,
    `network.sizes no. 1, capacity` (`n° 1` in French). A key that is a number (a territory's
    code under `siting.max_new_land_take_ha`) is no position and stays as written: only an
    index into a list of `data` is counted from 1. `show` writes a key (`errors.excerpt`)."""
    segs: list[tuple[bool, Any]] = []   # (is a position, key or 0-based index)
    cur = data
    for part in loc:
        pos = isinstance(cur, list | tuple) and isinstance(part, int) and not isinstance(part, bool)
        segs.append((pos, part))
        if pos:
            cur = cur[part] if -len(cur) <= part < len(cur) else None
        elif isinstance(cur, dict):
            cur = cur.get(part, cur.get(str(part)))
        else:
            cur = None
    return _said_path(segs, show)


def _said_path(segs: list[tuple[bool, Any]], show: Callable[[Any], str]) -> str:
    i = next((k for k, (pos, _) in enumerate(segs) if pos), None)
    if i is None:
        return ".".join(show(p) for _, p in segs)
    rest = _said_path(segs[i + 1:], show)
    return Phrase("yaml_item", path=".".join(show(p) for _, p in segs[:i]), n=int(segs[i][1]) + 1,
                  rest=Phrase("yaml_item_rest", rest=rest) if rest else "")


_YAML_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_YAML_PERCENT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*%$")
_YAML_SPACED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")   # 1 000, as French writes it
_YAML_WORD = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*[^\d\s.,%].*$")                 # 100 €, 20 ans, 90°C


def yaml_text_number(err: Any) -> Phrase | None:
    """A number written as a French spreadsheet would (`0,05`, `5 %`, `1 000`) or with its unit
    (`100 €`, `20 ans`), which YAML reads as text, said so for one pydantic error (`err`) that refused it as no number; else None.
    'The value must be a number' alone does not say why."""
    given = err.get("input")
    if err["type"] not in ("float_parsing", "int_parsing") or not isinstance(given, str):
        return None
    if _YAML_COMMA.match(given.strip()):
        return Phrase("key_decimal_comma", value=excerpt(given), point=given.strip().replace(",", "."))
    if _YAML_PERCENT.match(given.strip()):
        return Phrase("key_percent", value=excerpt(given))
    if _YAML_SPACED.match(given.strip()):
        return Phrase("key_spaced_number", value=excerpt(given), plain=re.sub(r"[ \u00a0\u202f]", "", given.strip()).replace(",", "."))
    if _YAML_WORD.match(given.strip()):
        return Phrase("key_word_after_number", value=excerpt(given))
    return None


def _pydantic_problems(file: str, name: str, exc: ValidationError, known: list[str], entry: Any) -> list[Problem]:
    import difflib

    probs = []
    for err in exc.errors():
        loc = yaml_path(err["loc"], entry)
        msg: str
        if err["type"] == "extra_forbidden":
            field = str(err["loc"][-1])
            close = difflib.get_close_matches(field, known, n=1)
            msg = Phrase("key_unknown", k=field, hint=Phrase("val_did_you_mean", close=close[0]) if close else "")
        else:   # (a size's capacity '1,95' in resources.yaml: said as in scenario.yaml)
            msg = yaml_text_number(err) or pydantic_message(err)
        probs.append(Problem(file, Phrase("res_field", name=name, loc=loc, message=msg)))
    return probs


def load_catalogue(overrides: dict | None = None, file: str = "resources.yaml") -> Catalogue:
    """The built-in resource catalogue merged with `overrides`.

    Parameters
    ----------
    overrides : dict, optional
        The parsed YAML of a scenario's resources.yaml: resource name -> fields (a field
        given replaces the built-in one; nested blocks such as `transport` are merged).
    file : str
        The name problems are reported under.

    Returns
    -------
    dict of str to Resource
        Each resource with its base unit (amounts per year: MWh/yr, t/yr, m3/yr), radius
        (km), CO2 factor (tCO2 per base unit), transport costs (EUR, EUR/km, EUR/yr, EUR per
        unit) and losses.

    Raises
    ------
    ScenarioError
        Every problem at once: unknown fields (with did-you-mean), values of the wrong kind,
        units that do not convert, `overrides` that is not a mapping.
    """
    raw = {k: v for k, v in _builtin_raw().items() if not k.startswith("_")}
    col = Collector()
    if overrides is not None and not isinstance(overrides, dict):   # a list from a library caller
        col.add(file, Phrase("res_not_mapping_top"))
        col.raise_if_any()
    spelled = resource_spellings(list(raw))
    for name, over in (overrides or {}).items():
        if str(name).startswith("_"):
            continue
        if not isinstance(over, dict):
            col.add(file, Phrase("res_not_mapping", name=name, type=type(over).__name__))
            continue
        meant = spelled.get(spelling(str(name)))
        if name not in raw and meant is not None:
            # 'chaleur:' meant to change heat's settings: said so, not as a new resource lacking
            # its base_unit and transport
            col.add(file, Phrase("res_spelled", name=excerpt(name), code=meant))
            continue
        raw[name] = _merge(raw.get(name, {}), over)
    known = list(Resource.model_fields) + list(Transport.model_fields) + list(NetworkSpec.model_fields) + list(
        PipeSize.model_fields)
    cat: Catalogue = {}
    for name, entry in raw.items():
        try:
            cat[str(name)] = Resource.model_validate(entry)
        except ValidationError as exc:
            col.problems.extend(_pydantic_problems(file, str(name), exc, known, entry))
        except UnitError as exc:
            col.add(file, Phrase("res_error", name=name, message=exc.args[0]))
    col.raise_if_any()
    for name, res in cat.items():
        for target in feeds_of(name, res):
            if target not in cat:
                meant = spelled.get(spelling(str(target)))
                col.add(file, Phrase("res_feeds_unknown", name=name, target=target,
                                     hint=Phrase("val_did_you_mean", close=meant) if meant else ""))
            elif target != name:
                try:
                    conversion_factor(res.base_unit, res.base_unit)
                except UnitError as exc:  # pragma: no cover - base units were validated
                    col.add(file, str(exc))
    for name, res in cat.items():
        if res.network is not None:
            try:
                conversion_factor(res.network.capacity_unit, res.base_unit)
            except UnitError as exc:
                col.add(file, Phrase("res_field", name=name, loc="network.capacity_unit", message=exc.args[0]))
            col.problems.extend(_rating_problems(file, name, res))
            # corridors.csv's `size` names one size (an existing pipe's, the only one a corridor
            # may take): a name given twice would pick the first, whichever was meant
            first: dict[str, int] = {}
            for k, s in enumerate(res.network.sizes):
                if s.name in first:
                    col.add(file, Phrase("res_field", name=name, loc="network.sizes", message=Phrase(
                        "res_size_twice", size=s.name, a=first[s.name] + 1, b=k + 1)))
                first.setdefault(s.name, k)
    col.raise_if_any()
    return cat


def _rating_problems(file: str, name: str, res: Resource) -> list[Problem]:
    """A network's pipe ratings against its stated phase and pressure (`piperating`): a phase
    needs its design pressure; a size's capacity given beside its inner diameter is the design
    density x velocity x cross-section; the density fits the phase at that pressure."""
    spec = res.network
    assert spec is not None
    found: list[tuple[str, Phrase | None]] = []
    rho, v, p = spec.design_density_kg_per_m3, spec.design_velocity_m_per_s, spec.design_pressure_bar
    if spec.phase is not None and p is None:
        found.append(("network.design_pressure_bar", Phrase("res_phase_needs_pressure", phase=spec.phase)))
    if rho is not None and v is not None and _converts("kg/s", spec.capacity_unit):
        found += [(Phrase("yaml_item", path="network.sizes", n=k + 1, rest=Phrase("yaml_item_rest", rest="capacity")),
                   size_rating_problem(sz.name, sz.capacity, sz.inner_diameter_mm, rho, v, spec.capacity_unit))
                  for k, sz in enumerate(spec.sizes) if sz.inner_diameter_mm is not None]
    if spec.phase is not None and p is not None and rho is not None and res.normal_density_kg_per_nm3 is not None:
        found.append(("network.design_density_kg_per_m3",
                      phase_density_problem(spec.phase, p, rho, res.normal_density_kg_per_nm3)))
    return [Problem(file, Phrase("res_field", name=name, loc=loc, message=msg)) for loc, msg in found if msg is not None]


def _converts(unit: str, base: str) -> bool:
    try:
        conversion_factor(unit, base)
    except UnitError:
        return False
    return True


def feeds_of(name: str, res: Resource) -> dict[str, float]:
    """Demand resources that a supply of `name` can replace, with yield per base unit."""
    return dict(res.feeds) if res.feeds is not None else {name: 1.0}


def substitution_pairs(cat: Catalogue) -> list[tuple[str, str, float]]:
    """All (supply resource, demand resource, yield) pairs of the catalogue."""
    return [(s, d, y) for s, res in cat.items() for d, y in feeds_of(s, res).items()]


__all__ = ["CAPTURED", "Catalogue", "NetworkSpec", "PipeSize", "Resource", "Transport", "load_catalogue", "pydantic_message", "feeds_of", "substitution_pairs", "ScenarioError"]
