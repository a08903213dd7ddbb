"""Validate each table (sites, flows, hubs, links) column by column with vectorised rules.

Every problem is collected and reported at once, each naming the file, the spreadsheet
row (the header is row 1, the first data row is row 2) and the column, so a 35,000-row
national table validates in milliseconds.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from eitflow.catalogue import CAPTURED, Catalogue, feeds_of
from eitflow.errors import Collector, excerpt
from eitflow.i18n import Gloss, Named, Phrase, Unit
from eitflow.ids import unaccented
from eitflow.io.plausible import check_locations
from eitflow.io.schema import CO2_USE_WORDS, FLOWS, LINKS, SITES, Table
from eitflow.io.tables import (
    MAX_ROWS_LISTED,
    _parse_bool,
    _report_rows,
    _rows,
    _text,
    _unknown_values,
    check_columns,
    check_ids,
    not_in,
    number,
    source,
    unknown_resources,
)
from eitflow.units import UnitError, accepted_units, gas_conversion_factor

#: base units per year: the most a flow's amount, a hub's or a link's capacity may be
#: (`refuse_absurd`); above it the value is a typo (1e12 MWh/yr ~ 40x world)
MAX_AMOUNT = 1e12

SITE_OUT = ["site_id", "name", "lat", "lon", "sector", "zone"]


#: Lambert-93 (EPSG:2154) over metropolitan France and Corsica, metres: x (easting), y (northing)
L93_X, L93_Y = (50_000.0, 1_300_000.0), (6_000_000.0, 7_200_000.0)


def refuse_absurd(col: Collector, file: str, column: str, values: np.ndarray, cells: pd.Series, key: str) -> None:
    """The one bound of an amount per year (flows.csv's amount, hubs.csv's and links.csv's
    capacity): `values`, in base units per year once converted, above `MAX_AMOUNT` are
    refused at their cells (`cells`, as written), a unit or typo slip. Unbounded, 1e30 in
    hubs.csv went on to a traceback and 1e12-1e15 moved the optimum; in links.csv it was
    read without a word."""
    _report_rows(col, file, column, np.isfinite(values) & (values > MAX_AMOUNT), Phrase(key, most=MAX_AMOUNT), cells)


def _in(v: np.ndarray, box: tuple[float, float]) -> np.ndarray:
    return (v >= box[0]) & (v <= box[1])


def _near_duplicates(col: Collector, file: str, column: str, ids: pd.Series, what: str) -> None:
    """Ids that differ from an earlier one only by letter case or accents: two names for
    what is surely one thing ('asnaes' and 'Asnaes', 'FLEVILLE' and 'FLÉVILLE'); exact
    duplicates are reported apart."""
    try:   # ASCII ids (nearly all) have no accent to take off
        plain = "".join(ids.tolist()).isascii()
    except TypeError:
        plain = False
    folded = ids.str.casefold() if plain else ids.map(unaccented)
    for pos, k in _other_spellings(ids, folded):
        v, other = ids.iloc[pos], ids.iloc[k]
        col.add(file, Phrase("val_near_duplicate" if v.casefold() == other.casefold() else "val_near_duplicate_accent",
                             what=what, id=excerpt(v), other=excerpt(other), row=str(k + 2)), pos + 2, column)


def _other_spellings(values: pd.Series, folded: pd.Series) -> list[tuple[int, int]]:
    """(position, position of the first folded alike) of each value, not empty, folded as an
    earlier one but written as none: another spelling of it (the first `MAX_ROWS_LISTED`)."""
    near = (folded.duplicated(keep="first") & ~values.duplicated(keep="first") & (values != "")).to_numpy()
    return [(int(pos), int(np.flatnonzero((folded == folded.iloc[pos]).to_numpy())[0]))
            for pos in np.flatnonzero(near)[:MAX_ROWS_LISTED]]


def check_unique(col: Collector, file: str, column: str, ids: pd.Series) -> None:
    """Each id of a key column once: a duplicate is named with the row of its first, and ids
    that differ only by letter case or accents are said to be two (`_near_duplicates`)."""
    dup = (ids.duplicated(keep="first") & (ids != "")).to_numpy()
    for r in _rows(dup)[:MAX_ROWS_LISTED]:
        first = int(np.flatnonzero((ids == ids.iloc[r - 2]).to_numpy())[0]) + 2
        col.add(file, Phrase("val_duplicate_first", column=column, id=excerpt(ids.iloc[r - 2]), first=str(first)),
                row=int(r), column=column)
    _near_duplicates(col, file, column, ids, column)


def warn_repeated_rows(df: pd.DataFrame, file: str, warn: Collector, message: str) -> None:
    """Rows equal, cell for cell, to an earlier row of their table: both are read (a flow
    counted twice), which is nearly always a copy-paste slip, yet may be meant (two identical
    units), so a warning in `message`'s words naming the earlier row (the file's own row where
    the reader kept them: blank rows counted), not an error."""
    if len(df) < 2:
        return
    again = df.duplicated(keep="first").to_numpy()
    if not again.any():
        return
    cells = df.to_numpy()
    for r in _rows(again)[:MAX_ROWS_LISTED]:
        k = int(np.flatnonzero((cells == cells[r - 2]).all(axis=1))[0])
        warn.add(file, Phrase(message, first=str(file_row(df, k))), row=int(r))


def file_row(df: pd.DataFrame, k: int) -> int:
    """The row of the file or sheet that `df`'s k-th data row was read from (blank rows
    counted; a CSV's `rows`, a sheet's `sheet_rows`), for a message naming another row than its
    own (whose row the readers remap); positional (k + 2) for a DataFrame given as such."""
    rows = df.attrs.get("rows", df.attrs.get("sheet_rows"))
    return int(rows[k]) if rows is not None and len(rows) == len(df) else k + 2


def warn_min_above_amount(flows: pd.DataFrame, file: str, warn: Collector) -> None:
    """A min_amount above the flow's own amount: no exchange of the flow can carry it, so the
    flow can have none (it is left unmatched, `min_amount` its reason). Read as given (the
    rule is consistent), with a warning at once rather than an unmatched flow later."""
    if not len(flows):
        return
    mina, amount = flows["min_amount"].to_numpy(float), flows["amount"].to_numpy(float)
    over = np.isfinite(mina) & np.isfinite(amount) & (mina > amount * (1 + 1e-9))
    for k in np.flatnonzero(over)[:MAX_ROWS_LISTED]:
        unit = Unit(str(flows["unit_input"].iat[k]))
        factor = flows["amount_input"].iat[k] / amount[k]   # back in the row's own unit
        warn.add(file, Phrase("val_min_above_amount", min=float(mina[k] * factor), amount=float(amount[k] * factor),
                              unit=unit), row=int(flows["row"].iat[k]), column="min_amount")


def read_coordinates(df: pd.DataFrame, file: str, col: Collector, table: Table = SITES
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The `lat` and `lon` columns of a table of places (sites.csv, plots.csv) in degrees,
    NaN where unreadable, each bad cell reported: metres of a projected system (Lambert-93
    named), lat and lon swapped beyond 90 degrees, out of bounds, or the 0, 0 placeholder."""
    # bounds are checked below, with the swapped-coordinates hint; a coordinate is at most 180
    # degrees either way, so 48,627 or 48.627 is never 48627 (`io.numbers`)
    lat = number(df, dataclasses.replace(table["lat"], lo=None, hi=None), file, col, separators_hi=180.0)
    lon = number(df, dataclasses.replace(table["lon"], lo=None, hi=None), file, col, separators_hi=180.0)
    # metres of a projected system (a GIS export in Lambert-93, France's official one) are
    # said so, once per row, rather than "expected a latitude in [-90, 90]"
    projected = np.isfinite(lat) & np.isfinite(lon) & ((np.abs(lat) > 1000) | (np.abs(lon) > 1000))
    l93 = projected & (_in(lat, L93_Y) & _in(lon, L93_X) | _in(lon, L93_Y) & _in(lat, L93_X))
    rows = _rows(projected)
    for r in rows[:MAX_ROWS_LISTED]:
        k = r - 2
        col.add(file, Phrase("val_lambert93" if l93[k] else "val_projected", lat=excerpt(df["lat"].iat[k]),
                             lon=excerpt(df["lon"].iat[k])), row=int(r), column="lat")
    if len(rows) > MAX_ROWS_LISTED:
        col.add(file, Phrase("val_more_rows", message=Phrase("val_projected_more"), n=len(rows) - MAX_ROWS_LISTED,
                             rows=", ".join(map(str, rows[MAX_ROWS_LISTED:MAX_ROWS_LISTED + 10]))), column="lat")
    bad_lat = np.isfinite(lat) & (np.abs(lat) > 90) & ~projected
    swapped = bad_lat & np.isfinite(lon) & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
    _report_rows(col, file, "lat", swapped, Phrase("val_lat_swapped"), df["lat"])
    _report_rows(col, file, "lat", bad_lat & ~swapped, Phrase("val_lat"), df["lat"])
    _report_rows(col, file, "lon", np.isfinite(lon) & (np.abs(lon) > 180) & ~projected, Phrase("val_lon"), df["lon"])
    null_island = (lat == 0) & (lon == 0)
    _report_rows(col, file, "lat", null_island, Phrase("val_null_island"))
    return lat, lon


def validate_sites(df: pd.DataFrame, file: str, col: Collector, warn: Collector | None = None) -> pd.DataFrame:
    """sites.csv (`io.schema.SITES`) → site_id, name, lat, lon (deg), sector, zone.
    Plausible but odd locations (a site far from all the others) go to `warn`."""
    if not check_columns(df, file, SITES, col):
        return pd.DataFrame(columns=SITE_OUT)
    ids = df["site_id"]
    _report_rows(col, file, "site_id", (ids == "").to_numpy(), Phrase("val_missing", what=Gloss("a site id")))
    check_ids(col, file, "site_id", ids)
    check_unique(col, file, "site_id", ids)
    lat, lon = read_coordinates(df, file, col)
    out = pd.DataFrame({
        "site_id": ids.to_numpy(),
        "name": _text(df, "name").where(_text(df, "name") != "", ids).to_numpy(),
        "lat": lat, "lon": lon,
        "sector": _text(df, "sector").to_numpy(),
        "zone": _text(df, "zone").to_numpy(),
    })
    check_locations(out, file, col, warn if warn is not None else Collector())
    check_zone_spellings(col, file, df)
    return out


def check_zone_spellings(col: Collector, file: str, df: pd.DataFrame, known: pd.Series | None = None,
                         known_in: str = "") -> None:
    """Zone labels that differ from an earlier one only by letter case, accents or spaces
    ('ZAE des hauts de Sambre' after 'ZAE des Hauts de Sambre'): zones are compared as
    written, so these would be two zones, each with its own totals in zones.csv and the
    report, where one was surely meant. An error naming both rows, as for ids; and, where
    `known` zones of another table (`known_in`: the sites') are given, a zone spelled as one
    of them but another way."""
    z = _text(df, "zone").reset_index(drop=True)
    fold = lambda v: " ".join(unaccented(v).split())  # noqa: E731
    folded = z.map({v: fold(v) for v in z.unique()})   # a zone is named on many rows: folded once
    if known is not None:
        names = [v for v in dict.fromkeys(str(k).strip() for k in known) if v]
        spelled: dict[str, str] = {}
        for v in names:
            spelled.setdefault(fold(v), v)   # the first spelling (another one is an error of its own)
        other = folded.map(spelled)
        odd = other.notna() & ~z.isin(set(names)) & (z != "")
        for pos in np.flatnonzero(odd.to_numpy())[:MAX_ROWS_LISTED]:
            col.add(file, Phrase("val_zone_spelling_of", zone=excerpt(z.iloc[pos]), other=excerpt(other.iloc[pos]),
                                 t=known_in), row=int(pos) + 2, column="zone")
    for pos, first in _other_spellings(z, folded):
        col.add(file, Phrase("val_zone_spelling", zone=excerpt(z.iloc[pos]), other=excerpt(z.iloc[first]),
                             row=str(file_row(df, first))), row=pos + 2, column="zone")


def parse_profiles(df: pd.DataFrame, file: str, col: Collector) -> np.ndarray | None:
    """`monthly_profile` cells: 12 shares >= 0 summing to 1, separated by `;`, `|` or spaces, or
    12 percentages summing to 100 (`8,33 %`, each with its `%`).
    Returns (rows x 12), flat 1/12 where the cell is empty; None when no row has a profile."""
    if "monthly_profile" not in df.columns or (df["monthly_profile"] == "").all():
        return None
    out = np.full((len(df), 12), 1.0 / 12.0)
    for k, cell in enumerate(df["monthly_profile"]):
        if cell == "":
            continue
        text = cell.replace(",", ".") if df.attrs.get("decimal_comma") else cell
        # shares as percentages, every one of them ('8,33 %;9 %;...'); some only: refused below
        parts = [p for p in re.split(r"[;|\s]+", re.sub(r"\s+%", "%", text)) if p]
        pct = bool(parts) and all(p.endswith("%") for p in parts)
        try:
            v = np.array([float(p[:-1] if pct else p) for p in parts]) / (100.0 if pct else 1.0)
        except ValueError:
            v = np.array([])
        if len(v) != 12 or not np.isfinite(v).all() or (v < 0).any() or abs(v.sum() - 1.0) > 0.01:
            col.add(file, Phrase("val_monthly", found=cell), row=k + 2, column="monthly_profile")
            continue
        out[k] = v / v.sum()
    return out


def validate_flows(df: pd.DataFrame, file: str, sites: pd.DataFrame, cat: Catalogue,
                   col: Collector, owner: str | None = None, junctions: set[str] | None = None,
                   hubs: set[str] | None = None, columns_checked: bool = False) -> pd.DataFrame:
    """flows.csv (`io.schema.FLOWS`) → amounts converted to each resource's base unit.
    `owner`: what an unknown site_id should have been (default: a site of the sites table,
    `io.tables.not_in`). `junctions`, `hubs`: the ids of junctions.csv and hubs.csv, a site_id
    naming one said so (neither has a flow of its own), not 'unknown site'. `columns_checked`:
    its columns were checked already (`io.tables.check_columns`, activity_flows.csv's), not
    again; its cells' warnings still go to `col.warn` (a dotted thousands figure)."""
    if not columns_checked and not check_columns(df, file, FLOWS, col):
        return pd.DataFrame()
    num = lambda c: number(df, FLOWS[c], file, col)  # noqa: E731
    n = len(df)
    site = df["site_id"]
    _report_rows(col, file, "site_id", (site == "").to_numpy(), Phrase("val_missing", what=Gloss("a site id")))
    at_other = np.zeros(n, bool)
    for key, table, ids in (("val_flow_at_junction", "junctions", junctions), ("val_flow_at_hub", "hubs", hubs)):
        here = (site.isin(ids or set()) & ~site.isin(set(sites["site_id"])) & (site != "") & ~at_other).to_numpy()
        for r in np.flatnonzero(here).tolist():
            col.add(file, Phrase(key, id=excerpt(site.iat[r]), j=source(col, table), s=source(col, "sites")),
                    row=r + 2, column="site_id")
        at_other |= here
    _unknown_values(col, file, "site_id", site.where(~at_other, ""), set(sites["site_id"]),
                    owner or not_in(col, "site", "sites"))
    direction = df["direction"].str.lower()
    _report_rows(col, file, "direction", ~direction.isin(["supply", "demand"]).to_numpy(),
                 Phrase("val_direction"), df["direction"])
    res = df["resource"]
    _report_rows(col, file, "resource", (res == "").to_numpy(), Phrase("val_missing", what=Gloss("a resource")))
    bad_res = unknown_resources(col, file, "resource", res, cat)
    amount_in = num("amount")
    unit_in = df["unit"]
    _report_rows(col, file, "unit", (unit_in == "").to_numpy(), Phrase("val_missing", what=Gloss(FLOWS["unit"].what)))

    # unit → factor, once per distinct (unit, resource)
    factor = np.full(n, np.nan)
    base_unit = np.array([""] * n, dtype=object)
    pairs = pd.DataFrame({"u": unit_in, "r": res})[(~bad_res) & (unit_in != "").to_numpy() & (res != "").to_numpy()]
    for (u, r), idx in pairs.groupby(["u", "r"]).groups.items():
        rows = np.asarray(df.index.get_indexer(idx))
        try:
            # a gas in Nm3/h weighed once here, at its normal density (units.gas_conversion_factor)
            factor[rows] = gas_conversion_factor(u, cat[r].base_unit, cat[r].normal_density_kg_per_nm3)
            base_unit[rows] = cat[r].base_unit
        except UnitError as exc:
            mask = np.zeros(n, bool)
            mask[rows] = True
            gas = cat[r].normal_density_kg_per_nm3 is not None
            _report_rows(col, file, "unit", mask, Phrase("val_unit", error=exc.args[0], resource=r,
                                                         base=Unit(cat[r].base_unit),
                                                         accepted=Unit(accepted_units(cat[r].base_unit, gas))))
    amount = amount_in * factor
    refuse_absurd(col, file, "amount", amount, df["amount"], "val_absurd_amount")

    temp = num("temperature_c")
    needs_t = res.map(lambda r: r in cat and cat[r].quality == "temperature").to_numpy(dtype=bool)
    _report_rows(col, file, "temperature_c", needs_t & np.isnan(temp) & (_text(df, "temperature_c") == "").to_numpy(),
                 Phrase("val_missing_temperature"))
    price = num("price_eur_per_unit")
    # an empty price on a demand is a forgotten one, not 0 (a demand worth only its CO2); on a
    # supply it is 0, nothing paid to get rid of it (the convention the brute forces read)
    _report_rows(col, file, "price_eur_per_unit", (_text(df, "price_eur_per_unit") == "").to_numpy()
                 & (direction == "demand").to_numpy() if "price_eur_per_unit" in df.columns else np.zeros(n, bool),
                 Phrase("val_missing_price"))
    min_amount = num("min_amount")
    maxd = num("max_distance_km")
    co2f = num("co2_factor_t_per_unit")
    purity = num("purity")
    pressure = num("pressure_bar")
    ret = num("return_temperature_c")
    has_ret = np.isfinite(ret)
    _report_rows(col, file, "return_temperature_c", has_ret & ~needs_t, Phrase("val_return_heat_only"))
    # on a hydrogen, CO2 or water row no rule reads it (a purity on a CO2 row is refused too)
    _report_rows(col, file, "temperature_c", np.isfinite(temp) & ~needs_t & ~bad_res,
                 Phrase("val_temperature_heat_only"))
    is_supply = (direction == "supply").to_numpy()
    _report_rows(col, file, "return_temperature_c", has_ret & needs_t & is_supply & np.isfinite(temp) & (ret >= temp),
                 Phrase("val_return_supply"))
    _report_rows(col, file, "return_temperature_c", has_ret & needs_t & ~is_supply & np.isfinite(temp) & (ret >= temp),
                 Phrase("val_return_demand"))
    has_purity_rule = res.map(lambda r: r in cat and cat[r].quality == "purity").to_numpy(dtype=bool)
    compressed = res.map(lambda r: r in cat and cat[r].compression_mwh_per_unit_ln > 0).to_numpy(dtype=bool)
    _report_rows(col, file, "purity", np.isfinite(purity) & ~has_purity_rule & ~bad_res,
                 Phrase("val_purity_h2_only"))
    _report_rows(col, file, "pressure_bar", np.isfinite(pressure) & ~compressed & ~bad_res,
                 Phrase("val_pressure_h2_only"))
    kwh = num("electrolyser_kwh_per_kg")  # below 39.4 kWh/kg (the HHV of hydrogen) it is not an electrolyser
    is_h2 = (res == "hydrogen").to_numpy()
    _report_rows(col, file, "electrolyser_kwh_per_kg", np.isfinite(kwh) & ~(is_h2 & is_supply),
                 Phrase("val_electrolyser_only"))
    e_price, e_co2 = num("electricity_price_eur_per_mwh"), num("electricity_co2_t_per_mwh")
    for c, v in (("electricity_price_eur_per_mwh", e_price), ("electricity_co2_t_per_mwh", e_co2)):
        _report_rows(col, file, c, np.isfinite(v) & ~np.isfinite(kwh), Phrase("val_electrolysers_only", column=c))
    # a unit built for a supply (an electrolyser): its investment, fixed cost, investment per unit of capacity
    s_inv, s_fix, s_per = num("investment_eur"), num("fixed_cost_eur_per_yr"), num("investment_eur_per_unit")
    for c, v in (("investment_eur", s_inv), ("fixed_cost_eur_per_yr", s_fix), ("investment_eur_per_unit", s_per)):
        _report_rows(col, file, c, np.isfinite(v) & (v > 0) & ~is_supply, Phrase("val_supplies_only", column=c))
    required = _parse_bool(df, "required", file, col)
    single = _parse_bool(df, "single_source", file, col)
    _report_rows(col, file, "required", required & is_supply, Phrase("val_demands_only", column="required"))
    _report_rows(col, file, "single_source", single & is_supply, Phrase("val_demands_only", column="single_source"))
    # what a buyer of captured CO2 does with it: storage credits the emitters (`results.shares.stores`)
    use = _text(df, "co2_use").astype(str).str.strip().str.lower().replace(CO2_USE_WORDS)   # stockage -> storage
    _report_rows(col, file, "co2_use", ~use.isin(["", *FLOWS["co2_use"].allowed]).to_numpy(), Phrase("val_co2_use"),
                 _text(df, "co2_use"))
    _report_rows(col, file, "co2_use", (use != "").to_numpy() & (is_supply | ~res.isin(CAPTURED).to_numpy()) & ~bad_res,
                 Phrase("val_co2_use_demands", res=", ".join(CAPTURED)))
    # the single-source rows (y = its whole demand) are per year; monthly profiles split the year
    prof = _text(df, "monthly_profile") if "monthly_profile" in df.columns else None
    if prof is not None and (prof != "").any():
        _report_rows(col, file, "single_source", single & ~is_supply,
                     Phrase("val_single_source_profile_row", row=str(file_row(df, int(np.flatnonzero(prof != "")[0])))))

    flow_id = _text(df, "flow_id")
    check_ids(col, file, "flow_id", flow_id)
    flow_id = flow_id.where(flow_id != "", pd.Series([f"f{r}" for r in range(2, n + 2)], index=df.index))
    dup = flow_id.duplicated().to_numpy()
    _report_rows(col, file, "flow_id", dup, Phrase("val_duplicate_flow"), flow_id)
    _near_duplicates(col, file, "flow_id", flow_id, "flow_id")
    return pd.DataFrame({
        "flow_id": flow_id.to_numpy(),
        "site_id": site.to_numpy(),
        "direction": direction.to_numpy(),
        "resource": res.to_numpy(),
        "amount": amount,
        "unit": base_unit,
        "amount_input": amount_in,
        "unit_input": unit_in.to_numpy(),
        "temperature_c": temp,
        "price_eur_per_unit": np.nan_to_num(price, nan=0.0),
        "min_amount": np.nan_to_num(min_amount * factor, nan=0.0),
        "max_distance_km": maxd,
        "required": required,
        "single_source": single,
        "co2_use": use.where(use.isin(FLOWS["co2_use"].allowed), "").to_numpy(object),
        "purity": purity,
        "pressure_bar": pressure,
        "co2_factor_t_per_unit": co2f,
        "return_temperature_c": ret,
        "electrolyser_kwh_per_kg": kwh,
        "electricity_price_eur_per_mwh": e_price,
        "electricity_co2_t_per_mwh": e_co2,
        "investment_eur": np.nan_to_num(s_inv),
        "fixed_cost_eur_per_yr": np.nan_to_num(s_fix),
        "investment_eur_per_unit": np.nan_to_num(s_per),
        "row": np.arange(2, n + 2),
    })


def _check_hub_rows(df: pd.DataFrame, file: str, sres: pd.Series, ok: np.ndarray, hubs: pd.DataFrame | None,
                    col: Collector) -> None:
    """links.csv rows naming a hub (its legs): the hub must handle the row's supply_resource
    (what it carries into or out of the hub), and a row joins a hub to a site, never two hubs.
    Either row was dropped without a word: a leg is made only for a resource of the hub, and
    only between a hub and a flow."""
    if hubs is None or not len(hubs) or not len(df):
        return
    handles = dict(zip(hubs["hub_id"], hubs["resources"]))
    src, snk = df["source_site"].to_numpy(), df["sink_site"].to_numpy()
    both = np.array([a in handles and b in handles for a, b in zip(src, snk)], bool)
    _report_rows(col, file, "sink_site", both, Phrase("link_hub_to_hub"))
    for column, ends in (("sink_site", snk), ("source_site", src)):
        wrong = np.array([h in handles and r not in handles[h] for h, r in zip(ends, sres)], bool) & ok & ~both
        for k in np.flatnonzero(wrong)[:MAX_ROWS_LISTED]:
            col.add(file, Phrase("link_hub_resource", hub=excerpt(ends[k]), res=sres.iat[k], t=source(col, "hubs"),
                                 handles=", ".join(handles[ends[k]])), row=int(k) + 2, column=column)


def validate_links(df: pd.DataFrame, file: str, sites: pd.DataFrame, flows: pd.DataFrame,
                   cat: Catalogue, col: Collector, hubs: pd.DataFrame | None = None) -> pd.DataFrame:
    """links.csv (`io.schema.LINKS`), NaN where optional cells are empty. A source or sink
    may name a hub of hubs.csv (a leg to or from the hub)."""
    if not check_columns(df, file, LINKS, col):
        return pd.DataFrame(columns=[c for c in LINKS.names if c != "note"] + ["row"])
    hub_ids = set() if hubs is None else set(hubs["hub_id"])
    known_sites = set(sites["site_id"]) | hub_ids
    for c in ("source_site", "sink_site"):
        _report_rows(col, file, c, (df[c] == "").to_numpy(), Phrase("val_missing", what=Gloss("a site id")))
        _unknown_values(col, file, c, df[c], known_sites, not_in(col, "site", "sites"))
    sres = df["supply_resource"]
    dres = _text(df, "demand_resource")
    dres = dres.where(dres != "", sres)
    no_res = (sres == "").to_numpy()
    _report_rows(col, file, "supply_resource", no_res, Phrase("val_missing", what=Gloss("a resource")))
    bad_s = unknown_resources(col, file, "supply_resource", sres, cat)
    bad_d = unknown_resources(col, file, "demand_resource", dres, cat)
    # a row without its resource is said at that cell alone (it was said as 'no supply flow of
    # this resource at the source site')
    ok = ~bad_s & ~bad_d & ~no_res
    _check_hub_rows(df, file, sres, ok, hubs, col)
    pairs = {(s_, d_): s_ in cat and d_ not in feeds_of(s_, cat[s_]) for s_, d_ in set(zip(sres, dres))}
    feeds = ok & np.array([pairs[p] for p in zip(sres, dres)], bool) if len(df) else np.zeros(0, bool)
    _report_rows(col, file, "demand_resource", feeds, Phrase("link_feeds"))
    # a link must join an existing supply flow to an existing demand flow
    sup_keys = set(zip(flows.loc[flows.direction == "supply", "site_id"], flows.loc[flows.direction == "supply", "resource"]))
    dem_keys = set(zip(flows.loc[flows.direction == "demand", "site_id"], flows.loc[flows.direction == "demand", "resource"]))
    no_sup = np.array([(a, r) not in sup_keys and a in known_sites and a not in hub_ids
                       for a, r in zip(df["source_site"], sres)], bool)
    no_dem = np.array([(b, r) not in dem_keys and b in known_sites and b not in hub_ids
                       for b, r in zip(df["sink_site"], dres)], bool)
    _report_rows(col, file, "source_site", no_sup & ok, Phrase("link_no_supply", t=source(col, "flows")))
    _report_rows(col, file, "sink_site", no_dem & ok, Phrase("link_no_demand", t=source(col, "flows")))
    # a link is one connection: it must name one supply flow and one demand flow (vectorised:
    # a 100,000-row links.csv took 7 s row by row)
    sfid, dfid = _text(df, "supply_flow_id"), _text(df, "demand_flow_id")
    fl = flows.drop_duplicates("flow_id").set_index("flow_id")
    for column, ids, sites_c, res_c, direction in (("supply_flow_id", sfid, "source_site", sres, "supply"),
                                                   ("demand_flow_id", dfid, "sink_site", dres, "demand")):
        site = df[sites_c]
        check = (~site.isin(hub_ids)).to_numpy() & ok
        given = (ids != "").to_numpy()
        known = fl.reindex(ids.to_numpy())
        wrong = check & given & ~((known["site_id"].to_numpy() == site.to_numpy())
                                  & (known["resource"].to_numpy() == res_c.to_numpy())
                                  & (known["direction"].to_numpy() == direction))
        for k in np.flatnonzero(wrong)[:MAX_ROWS_LISTED]:
            col.add(file, Phrase(f"link_not_{direction}", id=excerpt(ids.iat[k]), res=Named(res_c.iat[k]),
                                 site=excerpt(site.iat[k])), row=int(k) + 2, column=column)
        counts = flows[flows.direction == direction].groupby(["site_id", "resource"]).size().rename("n")
        n = pd.DataFrame({"site_id": site.to_numpy(), "resource": res_c.to_numpy()}).merge(
            counts.reset_index(), how="left", on=["site_id", "resource"])["n"].fillna(0).to_numpy()
        several = check & ~given & (n > 1)
        # the resource by its name in both languages (Named: "2 supply flows of CO2", "2 offres en
        # hydrogène"): a French "offres de hydrogène" did not elide, an English one read the key
        for k in np.flatnonzero(several)[:MAX_ROWS_LISTED]:
            st, r = site.iat[k], res_c.iat[k]
            which = flows[(flows.site_id == st) & (flows.resource == r) & (flows.direction == direction)].flow_id
            col.add(file, Phrase(f"link_several_{direction}", site=excerpt(st), n=int(n[k]), res=Named(r), column=column,
                                 ids=", ".join(excerpt(x) for x in which)), row=int(k) + 2, column=column)
        if several.sum() > MAX_ROWS_LISTED:
            col.add(file, Phrase("link_more_need", n=int(several.sum()) - MAX_ROWS_LISTED, column=column),
                    column=column)
    num = lambda c: number(df, LINKS[c], file, col)  # noqa: E731
    capacity = num("capacity")   # in the supply's base unit per year, as written
    refuse_absurd(col, file, "capacity", capacity, df["capacity"] if "capacity" in df else None, "val_absurd_capacity")
    out = pd.DataFrame({
        "source_site": df["source_site"].to_numpy(),
        "sink_site": df["sink_site"].to_numpy(),
        "supply_resource": sres.to_numpy(),
        "demand_resource": dres.to_numpy(),
        "distance_km": num("distance_km"), "capacity": capacity,
        **{c: num(c) for c in ("var_cost_eur_per_unit", "fixed_cost_eur_per_yr", "investment_eur")},
        "supply_flow_id": _text(df, "supply_flow_id").to_numpy(),
        "demand_flow_id": _text(df, "demand_flow_id").to_numpy(),
        "row": np.arange(2, len(df) + 2),
    })
    _report_rows(col, file, "sink_site", ((df["source_site"] == df["sink_site"]) & (df["source_site"] != "")).to_numpy(),
                 Phrase("link_self"), df["sink_site"])
    dup = out.duplicated(["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id",
                          "demand_flow_id"]).to_numpy()
    _report_rows(col, file, "source_site", dup, Phrase("link_duplicate"))
    return out


