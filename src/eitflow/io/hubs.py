"""Validate hubs.csv (`io.schema.HUBS`): one row per candidate hub, its resources (each once,
of one base unit: its capacity is what enters per year over all of them), its capacity in their
base unit per year (converted from the row's `unit`, at most `io.validate.MAX_AMOUNT` as a
flow's amount), and a purity or pressure only where it handles hydrogen. Every problem names
the file, the row and the column, as the other tables'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector, excerpt
from eitflow.i18n import Phrase, Unit
from eitflow.io.schema import HUBS
from eitflow.io.tables import (
    MAX_ROWS_LISTED,
    _near_miss,
    _report_rows,
    _text,
    check_columns,
    check_key_column,
    number,
    resource_spellings,
    source,
    split_list,
)
from eitflow.io.unitslips import warn_kelvin_hubs
from eitflow.io.validate import check_zone_spellings, read_coordinates, refuse_absurd
from eitflow.units import UnitError, gas_conversion_factor

__all__ = ["validate_hubs"]


def validate_hubs(df: pd.DataFrame, file: str, sites: pd.DataFrame, cat: Catalogue, col: Collector,
                  warn: Collector | None = None) -> pd.DataFrame:
    """hubs.csv (`io.schema.HUBS`) → one row per hub, `resources` as lists of catalogue keys
    and `capacity` in their base unit per year (converted from the row's `unit`). A hub whose
    three costs are all empty (each read as 0: built and run for free, a cost forgotten?) is
    warned about in `warn`, at its row and `investment_eur`; 0 written is a cost of 0; so is a
    `temperature_c` that looks written in kelvins (`io.unitslips.warn_kelvin_hubs`)."""
    out_cols = [c for c in HUBS.names if c not in ("unit", "note")]
    if not check_columns(df, file, HUBS, col):
        return pd.DataFrame(columns=out_cols)
    ids = df["hub_id"]
    check_key_column(col, file, "hub_id", ids, "a hub id", set(sites["site_id"]), Phrase("hub_clash"))
    res = [split_list(cell) for cell in df["resources"]]
    maps: dict = {"spelled": resource_spellings(cat)}
    for k, rs in enumerate(res):
        bad = [r for r in rs if r not in cat]
        if not rs or bad:
            col.add(file, Phrase("hub_resources", found=df["resources"].iat[k],
                                 hint=_near_miss(bad[0], set(cat), maps) if bad else ""), row=k + 2, column="resources")
            continue
        # a resource named twice made two nodes of it at the hub, each with its own legs
        twice = sorted({r for r in rs if rs.count(r) > 1})
        if twice:
            col.add(file, Phrase("hub_resource_twice", res=twice[0]), row=k + 2, column="resources")
        # the capacity is what enters per year, over all its resources: in one base unit
        # (README: "they must share it"); t/yr of hydrogen and MWh/yr of heat do not add up
        bases = {cat[r].base_unit for r in rs}
        if len(bases) > 1:
            col.add(file, Phrase("hub_mixed_bases", found=_listed(
                [Phrase("hub_res_base", res=r, base=Unit(cat[r].base_unit)) for r in dict.fromkeys(rs)])),
                row=k + 2, column="resources")
    # a hub's zone is one of the sites' (or its own): spelled as they spell it
    check_zone_spellings(col, file, df, sites["zone"] if "zone" in sites else None, source(col, "sites"))
    num = lambda c: number(df, HUBS[c], file, col)  # noqa: E731
    capacity = num("capacity") * _hub_capacity_factor(df, res, file, cat, col)
    # at most what a flow may be, once converted (`io.validate.refuse_absurd`)
    refuse_absurd(col, file, "capacity", capacity, df["capacity"], "val_absurd_capacity")
    lat, lon = read_coordinates(df, file, col, HUBS)   # metres of Lambert-93 said so, as for a site
    purity, pressure = num("purity"), num("pressure_bar")
    # as on a flow's row: a purity or pressure of a hub handling no hydrogen (a heat hub's
    # purity) would be read and ignored
    for column, v, applies, key in (
            ("purity", purity, lambda r: cat[r].quality == "purity", "val_purity_h2_only"),
            ("pressure_bar", pressure, lambda r: cat[r].compression_mwh_per_unit_ln > 0, "val_pressure_h2_only")):
        odd = [int(i) for i in np.flatnonzero(np.isfinite(v))
               if all(r in cat for r in res[i]) and res[i] and not any(applies(r) for r in res[i])]
        for i in odd[:MAX_ROWS_LISTED]:
            col.add(file, Phrase(key), row=i + 2, column=column)
    costs = {c: num(c) for c in ("investment_eur", "fixed_cost_eur_per_yr", "var_cost_eur_per_unit")}
    if warn is not None:
        _report_rows(warn, file, "investment_eur", np.all([np.isnan(v) for v in costs.values()], axis=0),
                     Phrase("val_hub_free"))
    out = pd.DataFrame({
        "hub_id": ids.to_numpy(), "name": _text(df, "name").where(_text(df, "name") != "", ids).to_numpy(),
        "lat": lat, "lon": lon, "resources": res, "capacity": capacity,
        **{c: np.nan_to_num(v) for c, v in costs.items()},
        "max_distance_km": num("max_distance_km"),
        "temperature_c": num("temperature_c"),
        "purity": purity,
        "pressure_bar": pressure,
        "zone": _text(df, "zone").to_numpy(),
    }, columns=out_cols)
    if warn is not None:
        warn_kelvin_hubs(out, file, warn)   # a temperature in kelvins, as flows.csv's (io.unitslips)
    return out


def _hub_capacity_factor(df: pd.DataFrame, res: list[list[str]], file: str, cat: Catalogue,
                         col: Collector) -> np.ndarray:
    """Per hub: the factor from its `unit` to the base unit of its resources (1 where the
    unit is empty: the capacity is then in base units). A unit whose dimension does not fit
    every resource of the hub is refused, naming the resource."""
    unit = _text(df, "unit")
    factor = np.ones(len(df))
    for k, (u, rs) in enumerate(zip(unit, res)):
        rs = [r for r in rs if r in cat]
        if u == "" or not rs:
            continue
        try:
            f = {gas_conversion_factor(u, cat[r].base_unit, cat[r].normal_density_kg_per_nm3) for r in rs}
        except UnitError as exc:
            bad = [r for r in rs if not _converts(u, cat[r].base_unit, cat[r].normal_density_kg_per_nm3)]
            col.add(file, Phrase("hub_unit", error=exc.args[0], handles=_listed(
                [Phrase("hub_res_in", res=r, base=Unit(cat[r].base_unit)) for r in bad])), row=k + 2, column="unit")
            factor[k] = np.nan
            continue
        if len({cat[r].base_unit for r in rs}) > 1:
            factor[k] = np.nan   # resources of several base units: said at `resources` (`validate_hubs`)
            continue
        if len(f) > 1:   # Nm3 of two gases weigh differently: no one capacity in tonnes
            col.add(file, Phrase("hub_unit_gases", unit=excerpt(u), base=Unit(cat[rs[0]].base_unit)), row=k + 2,
                    column="unit")
            factor[k] = np.nan
            continue
        factor[k] = f.pop()
    return factor


def _listed(items: list[Phrase]) -> Phrase:
    """The phrases joined by commas, each said in the reader's language."""
    out = items[0]
    for item in items[1:]:
        out = Phrase("val_list_comma", a=out, b=item)
    return out


def _converts(unit: str, base: str, kg_per_nm3: float | None = None) -> bool:
    try:
        gas_conversion_factor(unit, base, kg_per_nm3)
    except UnitError:
        return False
    return True
