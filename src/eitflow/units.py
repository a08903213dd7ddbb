"""Unit conversion to each resource's base unit, done once at reading time (pint).

Amounts are rates per year. Two conventions matter and are set here on purpose:
- `yr`/`a` is 365 days (8,760 h), the convention of energy statistics (1 MW all year =
  8,760 MWh/yr), not pint's Julian year of 365.25 days;
- `t` is the tonne and `kt` the kilotonne (pint reads `kt` as a knot by default).
"""
from __future__ import annotations

import re
from functools import lru_cache


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
    reg.define("kilotonne = 1000 * tonne = kt")
    reg.define("megatonne = 1e6 * tonne = Mt")
    return reg


class UnitError(ValueError):
    """A unit pint cannot read, or one of the wrong dimension for the resource."""


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
}


@lru_cache(maxsize=512)
def conversion_factor(unit: str, base_unit: str) -> float:
    """Factor f with amount[base_unit] = f * amount[unit]; raises `UnitError`."""
    unit = unit.strip().replace("/an", "/yr")
    fast = COMMON_FACTORS.get((unit, base_unit))
    if fast is not None:
        return fast
    import pint

    try:
        q = registry().Quantity(1.0, unit)
    except Exception as exc:  # pint raises several types for unreadable strings
        raise UnitError(f"unknown unit '{unit}'") from exc
    # the energy-year is the year: normalise the base unit through the same registry
    try:
        return float(q.to(base_unit).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(f"unit '{unit}' cannot be converted to {base_unit} (wrong dimension)") from exc
