"""Shared networks in: corridors.csv and junctions.csv (`io.schema.CORRIDORS`, `JUNCTIONS`)
and the `networks:` block of scenario.yaml, checked against the sites, hubs and catalogue.

Every problem is reported with its file, spreadsheet row and column, all at once. The
checks that cross tables: ends that are sites, hubs or junctions (never two at once), a
resource with pipe sizes in the catalogue, sizes that exist, an existing pipe with a
capacity, a capacity unit of the resource's dimension.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector
from eitflow.io.schema import CORRIDORS, JUNCTIONS
from eitflow.io.tables import (
    _parse_bool,
    _report_rows,
    _text,
    _unknown_values,
    check_columns,
    check_ids,
    check_key_column,
    number,
    split_list,
)
from eitflow.scenario import Parameters
from eitflow.units import UnitError, conversion_factor

__all__ = ["validate_corridors", "validate_junctions", "validate_networks"]

JUNCTION_COLUMNS = ["junction_id", "name", "lat", "lon", "resources"]
CORRIDOR_COLUMNS = ["corridor_id", "resource", "from", "to", "length_km", "direction", "existing", "capacity",
                    "size", "investment_eur", "fixed_cost_eur_per_yr", "var_cost_eur_per_unit", "row"]


def validate_junctions(df: pd.DataFrame, file: str, sites: pd.DataFrame, hubs: pd.DataFrame | None,
                       cat: Catalogue, col: Collector) -> pd.DataFrame:
    """junctions.csv → junction_id, name, lat, lon (deg), resources (list; empty = every network)."""
    if not check_columns(df, file, JUNCTIONS, col):
        return pd.DataFrame(columns=JUNCTION_COLUMNS)
    ids = df["junction_id"]
    taken = set(sites["site_id"]) | (set() if hubs is None else set(hubs["hub_id"]))
    check_key_column(col, file, "junction_id", ids, "a junction id", taken,
                     "a junction id must differ from every site id and hub id")
    res = [split_list(cell) for cell in _text(df, "resources")]
    for k, rs in enumerate(res):
        bad = [r for r in rs if r not in cat]
        if bad:
            col.add(file, f"unknown resource '{bad[0]}': expected catalogue resources separated by ';'",
                    row=k + 2, column="resources")
    name = _text(df, "name")
    return pd.DataFrame({"junction_id": ids.to_numpy(), "name": name.where(name != "", ids).to_numpy(),
                         "lat": number(df, JUNCTIONS["lat"], file, col), "lon": number(df, JUNCTIONS["lon"], file, col),
                         "resources": res}, columns=JUNCTION_COLUMNS)


def validate_corridors(df: pd.DataFrame, file: str, sites: pd.DataFrame, hubs: pd.DataFrame | None,
                       junctions: pd.DataFrame | None, cat: Catalogue, col: Collector) -> pd.DataFrame:
    """corridors.csv → one row per corridor: capacity in the resource's base unit per year
    (rated: the load factor applies in the model), NaN where optional numbers are empty,
    `existing` as bool, `direction` both | forward, `row` its spreadsheet row."""
    if not check_columns(df, file, CORRIDORS, col):
        return pd.DataFrame(columns=CORRIDOR_COLUMNS)
    n = len(df)
    cid = _text(df, "corridor_id")
    cid = cid.where(cid != "", pd.Series([f"c{k + 2}" for k in range(n)], index=df.index, dtype=object))
    check_ids(col, file, "corridor_id", cid)
    _report_rows(col, file, "corridor_id", (cid.duplicated()).to_numpy(), "duplicate corridor_id", cid)
    res = df["resource"]
    _report_rows(col, file, "resource", (res == "").to_numpy(), "missing value: expected a resource")
    bad_r = _unknown_values(col, file, "resource", res, set(cat), "resource")
    no_net = np.array([not bad_r[k] and r != "" and cat[r].network is None for k, r in enumerate(res)], bool)
    _report_rows(col, file, "resource", no_net, "this resource has no pipe sizes in the catalogue (give it a "
                                                "`network` block in resources.yaml)", res)
    ends = set(sites["site_id"]) | (set() if hubs is None else set(hubs["hub_id"])) | (
        set() if junctions is None else set(junctions["junction_id"]))
    for c in ("from", "to"):
        _report_rows(col, file, c, (df[c] == "").to_numpy(), "missing value: expected a site, hub or junction id")
        _unknown_values(col, file, c, df[c], ends, "site, hub or junction (not in sites.csv, hubs.csv or "
                                                   "junctions.csv)")
    _report_rows(col, file, "to", ((df["from"] == df["to"]) & (df["from"] != "")).to_numpy(),
                 "a corridor joins two different places (from = to)", df["to"])
    direction = _text(df, "direction").str.lower()
    bad_d = ~direction.isin(["", "both", "forward"])
    _report_rows(col, file, "direction", bad_d.to_numpy(), "expected both or forward", _text(df, "direction"))
    existing = _parse_bool(df, "existing", file, col)
    num = lambda c: number(df, CORRIDORS[c], file, col)  # noqa: E731
    cap = num("capacity")
    unit = _text(df, "unit")
    factor = np.ones(n)
    size = _text(df, "size")
    for k in range(n):
        r = res.iat[k]
        if bad_r[k] or no_net[k] or r == "":
            continue
        spec = cat[r].network
        assert spec is not None
        u = unit.iat[k] or spec.capacity_unit
        try:
            factor[k] = conversion_factor(u, cat[r].base_unit)
        except UnitError as exc:
            col.add(file, f"{exc} (the {r} network carries {cat[r].base_unit})", row=k + 2, column="unit")
        names = {s.name for s in spec.sizes}
        if size.iat[k] and size.iat[k] not in names:
            col.add(file, f"unknown size '{size.iat[k]}' for {r}: expected one of {', '.join(sorted(names))}",
                    row=k + 2, column="size")
    inv, fix = num("investment_eur"), num("fixed_cost_eur_per_yr")
    missing_cap = existing & np.isnan(cap) & (size == "").to_numpy()
    _report_rows(col, file, "capacity", missing_cap, "an existing pipe needs its capacity (or its size)")
    costed = existing & (np.isfinite(inv) | np.isfinite(fix))
    _report_rows(col, file, "investment_eur", costed, "an existing pipe is not built: leave its investment and "
                                                      "fixed cost empty")
    both_given = (size != "").to_numpy() & np.isfinite(inv)
    _report_rows(col, file, "size", both_given, "give either a size (its cost comes from the catalogue) or an "
                                                "investment, not both")
    return pd.DataFrame({
        "corridor_id": cid.to_numpy(), "resource": res.to_numpy(), "from": df["from"].to_numpy(),
        "to": df["to"].to_numpy(), "length_km": num("length_km"),
        "direction": np.where(direction.to_numpy() == "forward", "forward", "both"),
        "existing": existing, "capacity": cap * factor, "size": size.to_numpy(),
        "investment_eur": inv, "fixed_cost_eur_per_yr": fix, "var_cost_eur_per_unit": num("var_cost_eur_per_unit"),
        "row": np.arange(n) + 2,
    }, columns=CORRIDOR_COLUMNS)


def validate_networks(params: Parameters, cat: Catalogue, col: Collector, file: str = "scenario.yaml") -> None:
    """The `networks:` block: each key a catalogue resource with pipe sizes; a temperature for
    heat and steam networks (quality "temperature") and for them only; purity and pressure only
    for hydrogen (quality "purity")."""
    for r, opt in params.networks.items():
        if r not in cat:
            col.add(file, f"networks: unknown resource '{r}'")
            continue
        if cat[r].network is None:
            col.add(file, f"networks.{r}: this resource has no pipe sizes in the catalogue (give it a `network` "
                          "block in resources.yaml)")
        if cat[r].quality == "temperature" and opt.temperature_c is None:
            col.add(file, f"networks.{r}.temperature_c: a {r} network needs its supply temperature (degC)")
        # a rule the resource does not have would be ignored: say so rather than run without it
        for key, quality in (("temperature_c", "temperature"), ("purity", "purity"), ("pressure_bar", "purity")):
            if getattr(opt, key) is not None and cat[r].quality != quality:
                col.add(file, f"networks.{r}.{key}: {r} has no {quality} rule (hydrogen has purity and pressure, "
                              "heat and steam a temperature); on this network it would be ignored")
