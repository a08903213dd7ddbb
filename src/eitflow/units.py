"""Unit conversion to each resource's base unit, done once at reading time (pint).

Amounts are rates per year. Two conventions matter and are set here on purpose:
- `yr`/`a`/`year` is 365 days (8,760 h), the convention of energy statistics (1 MW all
  year = 8,760 MWh/yr), not pint's Julian year of 365.25 days, and a `month` is a twelfth of it;
- `t` is the tonne and `kt` the kilotonne (pint reads `kt` as a knot by default);
- a rate is continuous all year: per hour x 8,760 h (`MW`, `t/h`), per day x 365 days
  (`t/d`, `m3/d`), whatever the site's operating hours; French abbreviations read the same
  (`/an` is `/yr`, `/j` and `/jour` are `/d`: `t/j`, `m3/j`).

Units are case-sensitive, as SI prefixes are (`mW` is a milliwatt, `MW` a megawatt): a unit
that matches a common one but for its case (`mw`, `mwh/an`, `T/H`) is refused with the
common one as a hint, never guessed. A milli- or micro-prefixed energy or power unit
(`mWh/yr`, `mW`, `mWh/an`, `mJ/yr`, `mtoe/yr`; `µWh/yr`, `uWh/yr`, `µW`, `uW`, pint reading
`µ`, `μ` and `u` alike as micro) converts but is refused all the same, with the mega unit as a
hint: no industrial flow is measured in thousandths or millionths of a watt, so `mWh/yr` is a
slip for `MWh/yr` and `µWh/yr` one for it too (read as written they would be a billion and a
trillion times too small, silently).
"""
from __future__ import annotations

import re
from functools import lru_cache

from eitflow.i18n import Phrase, Unit


@lru_cache(maxsize=1)
def registry():
    """The pint registry, built on first use (it takes a few tenths of a second)."""
    import pint

    pre = [lambda s: re.sub(r"\b(m|km|cm|Nm)([23])\b", r"\1**\2", s)]
    try:
        # pint's own cache of the parsed definitions (a user cache directory): ~0.15 s less
        reg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=":auto:", preprocessors=pre)
    except Exception:  # noqa: BLE001 - a stale or unreadable cache (e.g. left by a deleted venv)
        reg = pint.UnitRegistry(on_redefinition="ignore", preprocessors=pre)
    reg.define("energy_year = 365 * day = yr = a = y")
    # spelled out, the same year and its twelfth: pint's own are Julian (365.25 days), so
    # 'MWh/year' read 0.07 % less than 'MWh/yr' and 'MWh/month' x 11.99 instead of x 12
    reg.define("year = energy_year")
    reg.define("month = energy_year / 12")
    reg.define("kilotonne = 1000 * tonne = kt")
    reg.define("megatonne = 1e6 * tonne = Mt")
    # French "tonne équivalent pétrole" (tep, ktep: SDES's energy balances): pint's toe
    reg.define("tep = tonne_of_oil_equivalent")
    return reg


class UnitError(ValueError):
    """A unit pint cannot read, or one of the wrong dimension for the resource; its one
    argument is the message, an `i18n.Phrase` (English as a string)."""


# The units most tables use, with their factors to the base units: read without importing
# pint at all (importing it costs ~0.3 s of every command's start-up). A test checks every
# entry against pint, so the table can never disagree with the registry.
_YEAR_H = 8760.0
COMMON_FACTORS = {
    ("MWh/yr", "MWh/yr"): 1.0, ("GWh/yr", "MWh/yr"): 1e3, ("kWh/yr", "MWh/yr"): 1e-3, ("TWh/yr", "MWh/yr"): 1e6,
    ("MW", "MWh/yr"): _YEAR_H, ("kW", "MWh/yr"): _YEAR_H / 1e3, ("GJ/yr", "MWh/yr"): 1 / 3.6,
    ("t/yr", "t/yr"): 1.0, ("kt/yr", "t/yr"): 1e3, ("kg/yr", "t/yr"): 1e-3, ("kg/d", "t/yr"): 0.365,
    ("t/d", "t/yr"): 365.0, ("Mt/yr", "t/yr"): 1e6, ("kg/h", "t/yr"): _YEAR_H / 1e3, ("t/h", "t/yr"): _YEAR_H,
    ("m3/yr", "m3/yr"): 1.0, ("m3/d", "m3/yr"): 365.0, ("m3/h", "m3/yr"): _YEAR_H,
    ("GW", "MWh/yr"): _YEAR_H * 1e3, ("MWh/d", "MWh/yr"): 365.0,
    ("kg/s", "t/h"): 3.6,   # a pipe's mass flow in a gas network's size unit (catalogue.rated_capacity)
}


# French "par jour" (j, jour, jours) after a slash; pint would read `j` as nothing it knows
_PER_DAY_FR = re.compile(r"/\s*(?:jours?|j)\b")
# French "par an" and "par mois", also with spaces about the slash ('MWh / an'): pint reads
# `an` as nothing it knows and `mois` neither
_PER_YEAR_FR = re.compile(r"/\s*(?:an|ans|année)\b")
_PER_MONTH_FR = re.compile(r"/\s*mois\b")
# "thermique": MWth, kWth, MWhth (how heat networks and ADEME's Fonds Chaleur write heat's
# power and energy), also apart from the unit as French tables write it: `MWh th/an`, `MWh_th`,
# `MWh-th`, `MWh.th`, `MWh (th)`, `MWh thermique`. pint would read `MWth` as nothing it knows,
# and `MWh th` as MWh times a thou (a thousandth of an inch, pint's `th`): refused as a wrong
# dimension, where MWh of heat per year was written
_THERMAL = re.compile(r"(?<=W)(h?)(?:[ _.\-]?th(?:ermiques?)?\b|[ _]?\(th(?:ermiques?)?\))")


def normalise_unit(unit: str) -> str:
    """A unit as pint reads it: French `/an` -> `/yr`, `/mois` -> `/month`, `/j` (`/jour`)
    -> `/d`, with or without spaces about the slash; a thermal `th` dropped (`MWth` -> `MW`)."""
    unit = _PER_YEAR_FR.sub("/yr", _THERMAL.sub(r"\1", unit.strip()))
    return _PER_DAY_FR.sub("/d", _PER_MONTH_FR.sub("/month", unit))


# a token of letters in a unit ('mWh' in 'mWh/an'): where an SI prefix can stand
_TOKEN = re.compile(r"[^\W\d]+")


#: the prefixes no industrial flow of energy or power is measured in -> their message
_SMALL_PREFIXES = {"milli": "unit_milli", "micro": "unit_micro"}


def _small_energy(token: str) -> str:
    """The prefix ('milli', 'micro') when `token` names a milli- or micro-prefixed unit of
    energy or power ('mWh', 'mW', 'mJ', 'mtoe', 'milliwatt', 'µWh', 'uW', 'microwatt'); ''
    otherwise: 'm' (metre), 'mm', 'mg', 'min', 'ug', 'um' are not."""
    reg = registry()
    try:
        name = reg.get_name(token)
        prefixed = [(p, u) for p, u, _ in reg.parse_unit_name(name) if p in _SMALL_PREFIXES]
    except Exception:  # noqa: BLE001 - not a unit of its own ('an', 'j'): nothing to check
        return ""
    for p, u in prefixed:
        dim = reg.get_dimensionality(u)
        if dim.get("[mass]") == 1 and dim.get("[length]") == 2 and dim.get("[time]") in (-2, -3):
            return p
    return ""


def _mega(token: str) -> str:
    """'mWh' -> 'MWh', 'µW' and 'uW' -> 'MW', 'milliwatt' and 'microwatt' -> 'megawatt': the
    written prefix (a symbol, one character, or a name, five) made mega."""
    return "mega" + token[5:] if token.startswith(tuple(_SMALL_PREFIXES)) else "M" + token[1:]


def _small_hint(written: str) -> tuple[str, str]:
    """(message key, `written` with each milli- or micro-prefixed energy or power unit made
    mega: 'mWh/an' -> 'MWh/an', 'µW' -> 'MW'); ('', '') when it has none. The key is the
    first such unit's prefix's (`unit_milli`, `unit_micro`)."""
    found: list[str] = []

    def mega(m: re.Match) -> str:
        p = _small_energy(m[0])
        if not p:
            return m[0]
        found.append(p)
        return _mega(m[0])

    out = _TOKEN.sub(mega, written)
    return (_SMALL_PREFIXES[found[0]], out) if found else ("", "")


def _case_hint(written: str, unit: str, base_unit: str) -> str:
    """'MW' (the unit meant) when `written` is a common unit of `base_unit` but for its case
    (one only: 'mw' -> 'MW', 'T/J' -> 't/d'), with the user's French year when written so;
    '' otherwise."""
    low = normalise_unit(written.lower()).lower()
    close = sorted({u for (u, b) in COMMON_FACTORS if b == base_unit and u != unit and u.lower() == low})
    if len(close) != 1:
        return ""
    return close[0].replace("/yr", "/an") if "/an" in written.lower() else close[0]


def _per_year_hint(written: str, q, base_unit: str) -> str:
    """`written` per year ('MWh' -> 'MWh/an', in the French year where the base unit is a
    yearly one) where `q`, the unit read, is an amount that a year makes a rate of `base_unit`
    ('MWh', 'MWh th', 't': a yearly consumption's column header in French tables); '' else."""
    import pint

    if "/" in written or not base_unit.endswith("/yr"):
        return ""
    try:
        (q / registry().Quantity(1.0, "yr")).to(base_unit)
    except pint.DimensionalityError:
        return ""
    return f"{written}/an"


@lru_cache(maxsize=512)
def conversion_factor(unit: str, base_unit: str) -> float:
    """Factor f with amount[base_unit] = f * amount[unit] (`normalise_unit` first; per hour
    x 8,760, per day x 365); raises `UnitError`, naming the common unit meant when only the
    case differs, and for a milli- or micro-prefixed energy or power unit that would convert
    (`mWh/yr`, `µWh/yr`, `uW`: the mega unit meant)."""
    written = unit.strip()
    unit = normalise_unit(unit)
    fast = COMMON_FACTORS.get((unit, base_unit))
    if fast is not None:
        return fast
    import pint

    try:
        q = registry().Quantity(1.0, unit)
    except Exception as exc:  # pint raises several types for unreadable strings
        hint = _case_hint(written, unit, base_unit)
        raise UnitError(Phrase("unit_unknown_hint", unit=written, hint=hint) if hint else
                        Phrase("unit_unknown", unit=written)) from exc
    # the energy-year is the year: normalise the base unit through the same registry
    try:
        factor = float(q.to(base_unit).magnitude)
    except pint.DimensionalityError as exc:
        hint = _case_hint(written, unit, base_unit) or _per_year_hint(written, q, base_unit)
        raise UnitError(Phrase("unit_dimension_hint", unit=written, base=Unit(base_unit), hint=hint) if hint else
                        Phrase("unit_dimension", unit=written, base=Unit(base_unit))) from exc
    key, mega = _small_hint(written)
    if mega:
        raise UnitError(Phrase(key, unit=written, hint=mega))
    return factor


# A normal cubic metre (Nm3, Nm³): a volume of gas at 0 degC and 1.01325 bar, how producers'
# and electrolysers' sheets give hydrogen (Nm3/h). It is a mass in disguise (one Nm3 of a gas
# weighs its normal density), so it converts only for a resource whose catalogue states that
# density (`normal_density_kg_per_nm3`); k and M prefixes (kNm3, MNm3) as SI's. pint would
# read 'Nm3' as a newton-metre cubed, so it is read here, before pint. A standard cubic metre
# (Sm3: 15 degC, 1.01325 bar, ISO 13443, how gas traders and CO2 shippers give volumes) holds
# 273.15 / 288.15 of a normal one's gas (ideal gas at the same pressure): CO2 1.977 x 0.94794 =
# 1.874 kg/Sm3, hydrogen 0.08988 x 0.94794 = 0.0852 kg/Sm3.
#: a normal cubic metre of each prefix as the mass of gas it holds per kg/Nm3 of normal density
_NM3_AS_MASS = {"": "kg", "k": "t", "M": "kt"}
#: normal cubic metres per cubic metre at each reference: N (0 degC) and S (15 degC), both 1.01325 bar
_REFERENCE_SHARE = {"N": 1.0, "S": 273.15 / 288.15}
# the one table of gas volumes: the reader's pattern and the refusal's list are both made from
# the two tables above (the list was written out apart and named no Sm3, which was accepted)
_NORMAL_M3 = re.compile(rf"(?<!\w)([{''.join(p for p in _NM3_AS_MASS if p)}]?)([{''.join(_REFERENCE_SHARE)}])"
                        r"m(?:3|³|\^3|\*\*3)(?!\w)")
#: the gas-volume units listed among those a gas's flows may be written in: each reference
#: (`_REFERENCE_SHARE`) per hour, day and year
GAS_VOLUME_UNITS = tuple(f"{ref}m3/{per}" for ref in _REFERENCE_SHARE for per in ("h", "d", "yr"))
# a cubic metre as written in a volume rate ('m3/h', 'm³/an', 'nm3/h'), where a gas's Nm3 was likely meant
_CUBIC_METRE = re.compile(r"(?<!\w)(?:m|nm|NM)(?=3|³)")


def is_normal_volume(unit: str) -> bool:
    """Whether `unit` is written in normal or standard cubic metres of gas (Nm3/h, Nm³/an, kNm3/d, Sm3/h)."""
    return bool(_NORMAL_M3.search(unit))


@lru_cache(maxsize=512)
def gas_conversion_factor(unit: str, base_unit: str, kg_per_nm3: float | None) -> float:
    """Factor f with amount[base_unit] = f * amount[unit], reading normal cubic metres of gas.

    Parameters
    ----------
    unit : str
        The unit as written (flows.csv's `unit`): any `conversion_factor` reads, or a normal
        volume per time, `Nm3/h`, `Nm3/d`, `Nm3/yr` (`Nm³`, `/an`, `/j` and `kNm3`, `MNm3` too),
        or a standard one (`Sm3/h`...: 15 degC, 1.01325 bar, 273.15 / 288.15 of a normal one's mass).
    base_unit : str
        The resource's base unit (t/yr for hydrogen and CO2).
    kg_per_nm3 : float or None
        The resource's normal density (kg/Nm3 at 0 degC, 1.01325 bar; catalogue
        `normal_density_kg_per_nm3`); None for a resource that is no gas.

    Returns
    -------
    float
        The factor: a rate is continuous all year as every other rate (per hour x 8,760 h,
        per day x 365 d), so 1 Nm3/h of hydrogen at 0.08988 kg/Nm3 is 8,760 x 0.08988 kg
        = 0.787 t/yr.

    Raises
    ------
    UnitError
        A normal volume for a resource without a normal density (no gas, or a mass base
        unit it cannot weigh into), or a unit `conversion_factor` refuses.
    """
    written = unit.strip()
    m = _NORMAL_M3.search(written)
    if m is None:
        try:
            return conversion_factor(unit, base_unit)
        except UnitError as exc:
            # a gas's 'm3/h' is no mass: its normal volume meant? A hint, never a guess (a
            # cubic metre at the line's pressure and temperature weighs something else)
            meant = _CUBIC_METRE.sub("Nm", written)
            if kg_per_nm3 is None or meant == written or exc.args[0].key not in ("unit_dimension", "unit_unknown"):
                raise
            raise UnitError(Phrase("unit_dimension_hint", unit=written, base=Unit(base_unit), hint=meant)) from exc
    if kg_per_nm3 is None:
        raise UnitError(Phrase("unit_nm3_no_density" if m[2] == "N" else "unit_sm3_no_density", unit=written,
                               base=Unit(base_unit)))
    as_mass = _NORMAL_M3.sub(lambda g: _NM3_AS_MASS[g[1]], written)
    try:
        return conversion_factor(as_mass, base_unit) * kg_per_nm3 * _REFERENCE_SHARE[m[2]]
    except UnitError as exc:   # said of the unit as written, not of its mass
        raise UnitError(Phrase("unit_dimension", unit=written, base=Unit(base_unit))) from exc


def accepted_units(base_unit: str, gas: bool = False) -> str:
    """The common units a resource of `base_unit` may be written in, comma-separated (the
    flows.csv error's list): its base unit first, then `COMMON_FACTORS`' others, then the
    gas-volume ones where the resource is a gas with a normal density (`gas`): normal and
    standard cubic metres (`GAS_VOLUME_UNITS`), each of which `gas_conversion_factor` reads.

    Parameters
    ----------
    base_unit : str
        The resource's base unit (t/yr, MWh/yr, m3/yr).
    gas : bool
        Whether the resource has a normal density (kg/Nm3), so that gas volumes weigh into it.

    Returns
    -------
    str
        The units, comma-separated, in the file's spelling ('Nm3/h'; `i18n.unit` says them in French).
    """
    units = [base_unit] + [u for (u, b) in COMMON_FACTORS if b == base_unit and u != base_unit]
    return ", ".join(units + (list(GAS_VOLUME_UNITS) if gas else []))
