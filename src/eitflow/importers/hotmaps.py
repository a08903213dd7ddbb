"""Hotmaps industrial sites database -> eitflow heat supplies, plus user overrides.

Source: Hotmaps project (EU H2020 grant 723677; Fraunhofer ISI), industrial sites database,
licence CC BY 4.0 (cite "Hotmaps project"). The file is `;`-separated UTF-8 with `geom` as
EWKT `SRID=4326;POINT(lon lat)` and excess heat potentials in GWh/yr in three bands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike

import numpy as np
import pandas as pd

from eitflow import i18n
from eitflow.errors import Problem, ScenarioError, excerpt
from eitflow.i18n import Gloss, Phrase
from eitflow.importers.sources import numbers, read_source, unique
from eitflow.io.schema import FLOWS, SITES

SITE_COLUMNS = ["site_id", "name", "lat", "lon", "sector", "zone"]
FLOW_COLUMNS = [
    "site_id",
    "direction",
    "resource",
    "amount",
    "unit",
    "temperature_c",
    "price_eur_per_unit",
    "note",
]
SKIPPED_COLUMNS = ["hotmaps_site_id", "name", "city", "country", "reason", "excess_heat_gwh_per_yr"]
OVERRIDE_COLUMNS = SITE_COLUMNS + [c for c in FLOW_COLUMNS if c != "site_id"]

SITE_ID_PREFIX = "HM"

# Representative supply temperature (degC) offered by each Hotmaps excess-heat band.
# ASSUMPTION: the lower edge of each band. A band only guarantees that the stream is at
# least that hot, and the catalogue's quality rule is "supply >= demand + min_delta_t_k",
# so the lower edge never claims a match the stream cannot deliver (a 110 degC stream in
# the 100-200 band would fail a 150 degC steam demand that a band midpoint would accept).
# For low-temperature district heating (70 degC + 10 K approach) every band qualifies,
# so the choice only matters against high-temperature (steam/process) demands, where
# overstating is the costly error. The ">500C" band is open-ended: 500 degC is its edge.
EXCESS_HEAT_BAND_TEMPERATURE_C: dict[str, float] = {
    "Excess_Heat_100-200C": 100.0,
    "Excess_Heat_200-500C": 200.0,
    "Excess_Heat_500C": 500.0,
}

# ISO 3166-1 alpha-2 code -> country name as spelt in the Hotmaps file (note "Netherland").
# "UK" and "EL" (Eurostat codes) are accepted as aliases of GB and GR.
HOTMAPS_COUNTRY_NAMES: dict[str, str] = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "CH": "Switzerland",
    "CY": "Cyprus", "CZ": "Czech Republic", "DE": "Germany", "DK": "Denmark",
    "EE": "Estonia", "ES": "Spain", "FI": "Finland", "FR": "France",
    "GB": "United Kingdom", "GR": "Greece", "HR": "Croatia", "HU": "Hungary",
    "IE": "Ireland", "IT": "Italy", "LI": "Liechtenstein", "LT": "Lithuania",
    "LU": "Luxembourg", "LV": "Latvia", "NL": "Netherland", "NO": "Norway",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SE": "Sweden",
    "SI": "Slovenia", "SK": "Slovakia",
}  # fmt: skip
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "NETHERLANDS": "NL"}

# EWKT point, optional SRID prefix; groups: srid, lon, lat.
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_EWKT_POINT = rf"^\s*(?:SRID=(?P<srid>\d+)\s*;)?\s*POINT\s*\(\s*(?P<lon>{_NUM})\s+(?P<lat>{_NUM})\s*\)\s*$"


@dataclass(frozen=True)
class HotmapsImport:
    """Result of :func:`read_hotmaps`.

    sites: located sites with excess heat > 0 (SITE_COLUMNS).
    flows: one heat supply per band with amount > 0, in GWh/yr (FLOW_COLUMNS).
    skipped: sites with excess heat > 0 left out, with the reason (SKIPPED_COLUMNS).
    all_sites: every located site of the selection, with or without excess heat: where
        :func:`apply_overrides` finds the coordinates of a site the open data shows at 0.
    """

    sites: pd.DataFrame
    flows: pd.DataFrame
    skipped: pd.DataFrame
    all_sites: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SITE_COLUMNS))


def country_code(country: str) -> str:
    """ISO alpha-2 code for an ISO code or a Hotmaps country name (case-insensitive)."""
    key = country.strip().upper()
    key = _COUNTRY_ALIASES.get(key, key)
    if key in HOTMAPS_COUNTRY_NAMES:
        return key
    by_name = {name.upper(): code for code, name in HOTMAPS_COUNTRY_NAMES.items()}
    if key in by_name:
        return by_name[key]
    raise ValueError(Phrase("imp_unknown_country", country=excerpt(country, 40),
                            codes=", ".join(sorted(HOTMAPS_COUNTRY_NAMES))))


def parse_ewkt_points(geom: pd.Series) -> pd.DataFrame:
    """Parse EWKT `SRID=4326;POINT(lon lat)` strings into float `lat`, `lon` (degrees).

    Returns columns lat, lon, reason: reason is NA where the point is usable, else why not
    (no geometry, unparseable, SRID other than 4326, coordinates out of range).
    """
    text = geom.astype("string").str.strip()
    parts = text.str.extract(_EWKT_POINT, flags=2)  # 2 = re.IGNORECASE
    lon = pd.to_numeric(parts["lon"], errors="coerce").astype(float)
    lat = pd.to_numeric(parts["lat"], errors="coerce").astype(float)
    missing = text.isna() | (text == "")
    bad_srid = parts["srid"].notna() & (parts["srid"] != "4326")
    out_of_range = ~(lat.between(-90, 90) & lon.between(-180, 180))
    reason = np.select(
        [missing, lon.isna() | lat.isna(), bad_srid, out_of_range],
        ["no geometry", "unparseable geometry", "SRID is not 4326", "coordinates out of range"],
        default="",
    )
    reason = pd.Series(reason, index=geom.index, dtype="string").replace("", pd.NA)
    ok = reason.isna()
    return pd.DataFrame({"lat": lat.where(ok), "lon": lon.where(ok), "reason": reason})


def _clean_city(city: pd.Series) -> pd.Series:
    """Strip blanks and the postal suffix CEDEX, which is not part of a place name."""
    city = city.astype("string").str.strip()
    city = city.str.replace(r"\s+cedex\b.*$", "", case=False, regex=True)
    return city.replace("", pd.NA)


def _read_hotmaps_table(path: str | PathLike[str]) -> pd.DataFrame:
    """The database's cells (`importers.sources`: a French Excel copy reads as the original), its
    text columns NA where empty, its excess-heat bands in GWh/yr (0 where empty)."""
    needed = ["SiteID", "CompanyName", "SiteName", "City", "Country", "geom", "Subsector"]
    bands = list(EXCESS_HEAT_BAND_TEMPERATURE_C)
    raw = read_source(path, "hotmaps", needed + bands)
    values = numbers(raw, path, {b: {"what": "an excess heat in GWh/yr", "lo": 0.0} for b in bands})
    unique(raw, path, "SiteID")
    for c in needed:
        raw[c] = raw[c].astype("string").replace("", pd.NA)
    for band in bands:
        raw[band] = np.nan_to_num(values[band], nan=0.0)
    return raw


def read_hotmaps(path: str | PathLike[str], country: str | None = "FR", lang: str = "en") -> HotmapsImport:
    """Read the Hotmaps industrial database into heat supplies (GWh/yr).

    country: ISO code ("FR", "DE", "UK"/"GB", ...) or the file's English name ("France");
        None keeps every country.
    lang: the language of the sector names and notes written ("fr": "Sidérurgie" for the
        file's "Iron and steel"; a sector the messages do not name stays as the file says it).
    Each site whose excess heat (sum of the three bands, GWh/yr) is > 0 gets one `heat`
    supply per band with amount > 0, at the band temperature of
    EXCESS_HEAT_BAND_TEMPERATURE_C (degC) and price 0 EUR/GWh (heat that is vented today).
    site_id = "HM" + SiteID; zone = city (the file has no NUTS column; the national import of
    French sites replaces it by the département of the city's commune, `importers.territory`).
    Sites with excess heat > 0 but no usable geometry go to `skipped`, never dropped silently.
    The file is read as `importers.sources` reads (a French Excel copy as the original).

    Raises
    ------
    ScenarioError
        A damaged file (cut short, not the database, a band that is not a number >= 0, a SiteID
        given twice), naming the file, the row and the column.
    """
    raw = _read_hotmaps_table(path)
    if country is not None:
        wanted = country_code(country)
        names = raw["Country"].astype("string").str.strip().str.upper()
        raw = raw[names == HOTMAPS_COUNTRY_NAMES[wanted].upper()]

    bands = list(EXCESS_HEAT_BAND_TEMPERATURE_C)
    heat_total = raw[bands].sum(axis=1)
    points = parse_ewkt_points(raw["geom"])
    located = points["reason"].isna()

    site_name = raw["SiteName"].astype("string").str.strip()
    site_name = site_name.fillna(raw["CompanyName"].astype("string").str.strip())
    all_sites = pd.DataFrame(
        {
            "site_id": SITE_ID_PREFIX + raw["SiteID"].astype("string").str.strip(),
            "name": site_name,
            "lat": points["lat"],
            "lon": points["lon"],
            "sector": _sector_names(raw["Subsector"].astype("string").str.strip(), lang),
            "zone": _clean_city(raw["City"]),
        }
    )
    # Stable order by numeric Hotmaps id (the file order, but do not rely on it).
    order = pd.to_numeric(raw["SiteID"], errors="coerce").to_numpy()
    all_sites = all_sites.iloc[np.lexsort((all_sites["site_id"].to_numpy(), order))]

    with_heat = heat_total > 0
    keep = all_sites.index[(with_heat & located).reindex(all_sites.index).to_numpy()]
    sites = all_sites.loc[keep]
    flows = _band_flows(sites["site_id"], raw.loc[keep, bands], lang)

    lost = with_heat & ~located
    skipped = pd.DataFrame(
        {
            "hotmaps_site_id": raw.loc[lost, "SiteID"].astype("string").str.strip(),
            "name": site_name[lost],
            "city": raw.loc[lost, "City"].astype("string").str.strip(),
            "country": raw.loc[lost, "Country"].astype("string").str.strip(),
            "reason": points.loc[lost, "reason"],
            "excess_heat_gwh_per_yr": heat_total[lost],
        },
        columns=SKIPPED_COLUMNS,
    )
    return HotmapsImport(
        sites=sites.reset_index(drop=True),
        flows=flows,
        skipped=skipped.reset_index(drop=True),
        all_sites=all_sites[all_sites["lat"].notna()].reset_index(drop=True),
    )


def _sector_names(sector: pd.Series, lang: str) -> pd.Series:
    """Hotmaps' subsectors in `lang` (the messages' ``hm_sector__<subsector>``; others as given)."""
    if lang == "en":
        return sector
    said = {v: i18n.text(f"hm_sector__{v}", lang) for v in sector.dropna().unique() if i18n.has_text(f"hm_sector__{v}")}
    return sector.map(lambda v: said.get(v, v)).astype("string")


def _band_flows(site_id: pd.Series, band_amounts: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One heat supply row per (site, band) with amount > 0, in site order then band order;
    their notes in `lang`."""
    bands = list(band_amounts.columns)
    amount = band_amounts.to_numpy(dtype=float).ravel()  # row-major: site, then band
    site = np.repeat(site_id.to_numpy(dtype=object), len(bands))
    band = np.tile(np.array(bands, dtype=object), len(band_amounts))
    positive = amount > 0
    band = pd.Series(band[positive], dtype="string")
    label = band.str.removeprefix("Excess_Heat_")
    return pd.DataFrame(
        {
            "site_id": pd.Series(site[positive], dtype="string"),
            "direction": "supply",
            "resource": "heat",
            "amount": amount[positive],
            "unit": "GWh/yr",
            "temperature_c": band.map(EXCESS_HEAT_BAND_TEMPERATURE_C).astype(float),
            "price_eur_per_unit": 0.0,
            "note": label.map({b: i18n.text("imp_note_hotmaps_band", lang, band=b) for b in label.unique()}),
        },
        columns=FLOW_COLUMNS,
    )


# --------------------------------------------------------------------------- overrides

_SITE_ONLY = ["name", "lat", "lon", "sector", "zone"]
_NUMERIC = ["lat", "lon", "amount", "temperature_c", "price_eur_per_unit"]
_FLOW_KEY_FIELDS = ["direction", "resource", "amount", "unit"]


def read_overrides(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a user overrides CSV (the scenario's sites + flows columns in one table).

    Columns: site_id (required) and any of name, lat, lon, sector, zone, direction,
    resource, amount, unit, temperature_c, price_eur_per_unit, note; extra columns (e.g.
    max_distance_km) are kept as optional flow columns. Read as the scenario's tables are
    (`importers.sources`: `;` and decimal commas, cp1252, a BOM); lat, lon, temperature_c and
    price_eur_per_unit within the bounds of sites.csv and flows.csv (`io.schema`), amount >= 0
    (0 removes a flow). The index is the file's row (header = 1) and `attrs["source"]` the
    path, so errors can name the row.

    Raises
    ------
    ScenarioError
        No site_id column, or a cell that is not a number in its bounds, at its row and column.
    """
    raw = read_source(path, "overrides", ["site_id"], rows_required=False, check_rows=False)
    declared = {"lat": SITES["lat"], "lon": SITES["lon"], "temperature_c": FLOWS["temperature_c"],
                "price_eur_per_unit": FLOWS["price_eur_per_unit"]}
    spec = {c: {"what": d.what, "lo": d.lo, "hi": d.hi, "unit": d.unit} for c, d in declared.items()}
    spec["amount"] = {"what": "an amount per year (0 removes the flow)", "lo": 0.0, "unit": FLOWS["amount"].unit}
    # a number column of flows.csv given besides (max_distance_km, min_amount): read as the
    # others are (a French '20,5'), not written as text into the comma-separated flows.csv
    extra = [c for c in raw.columns if c not in _NUMERIC and c in FLOWS.names and FLOWS[c].kind == "number"]
    spec.update({c: {"what": FLOWS[c].what, "lo": FLOWS[c].lo, "hi": FLOWS[c].hi, "unit": FLOWS[c].unit}
                 for c in extra})
    values = numbers(raw, path, {c: spec[c] for c in [*_NUMERIC, *extra] if c in raw.columns})
    raw.index = pd.Index(list(raw.attrs.get("rows", ())), name="line")
    raw.attrs["source"] = str(path)
    for col in raw.columns:
        if col in extra:
            raw[col] = values[col]
        elif col not in _NUMERIC:
            raw[col] = raw[col].astype("string").replace("", pd.NA)
    for col in OVERRIDE_COLUMNS:
        if col not in raw.columns:
            raw[col] = pd.NA
    for col in _NUMERIC:
        raw[col] = values[col] if col in values else np.full(len(raw), np.nan)
    return raw


def _row_problem(overrides: pd.DataFrame, line: object, message: Phrase, column: str | None = None) -> Problem:
    return Problem(overrides.attrs.get("source", "overrides"), message, row=int(line), column=column)  # type: ignore[call-overload]


def _validate_overrides(overrides: pd.DataFrame) -> pd.Series:
    """Check the overrides table; return the mask of rows that carry a flow.

    Raises
    ------
    ScenarioError
        Every row lacking a site_id, a flow row lacking one of its key fields or with a
        direction other than supply or demand, a demand added (amount > 0) without a price, a
        site given only one of lat and lon.
    """
    problems = [_row_problem(overrides, line, Phrase("val_missing", what=Gloss("a site id")), "site_id")
                for line in overrides.index[overrides["site_id"].isna().to_numpy()]]
    is_flow = overrides[_FLOW_KEY_FIELDS].notna().any(axis=1)
    for col in _FLOW_KEY_FIELDS:
        missing = is_flow & overrides[col].isna()
        problems += [_row_problem(overrides, line, Phrase("imp_ov_flow_needs"), col)
                     for line in overrides.index[missing.to_numpy()]]
    bad_dir = is_flow & overrides["direction"].notna() & ~overrides["direction"].isin(["supply", "demand"])
    problems += [_row_problem(overrides, line, Phrase("imp_ov_direction", found=excerpt(overrides.at[line, "direction"])),
                              "direction") for line in overrides.index[bad_dir.to_numpy()]]
    # a demand it adds pays what it pays today: an empty price is refused in flows.csv (`io.validate`),
    # so here, at the analyst's own row, not at a row of the generated flows.csv when it is run
    no_price = is_flow & (overrides["direction"] == "demand").fillna(False) & \
        (overrides["amount"] > 0) & overrides["price_eur_per_unit"].isna()
    problems += [_row_problem(overrides, line, Phrase("val_missing_price"), "price_eur_per_unit")
                 for line in overrides.index[no_price.to_numpy(bool)]]
    half = overrides["lat"].isna() != overrides["lon"].isna()
    problems += [_row_problem(overrides, line, Phrase("imp_ov_half_coords"),
                              "lon" if pd.isna(overrides.at[line, "lon"]) else "lat")
                 for line in overrides.index[half.to_numpy()]]
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: p.row or 0))
    return is_flow


def _flow_key(flows: pd.DataFrame) -> pd.Series:
    """Match key site_id|direction|resource|temperature_c (degC to 1e-3; NaN matches NaN)."""
    temp = flows["temperature_c"].astype(float).round(3).astype("string").fillna("")
    return (
        flows["site_id"].astype("string") + "|" + flows["direction"].astype("string") + "|"
        + flows["resource"].astype("string") + "|" + temp
    )


def apply_overrides(
    sites: pd.DataFrame,
    flows: pd.DataFrame,
    overrides: pd.DataFrame,
    reference_sites: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add or replace sites and flows from user overrides (see :func:`read_overrides`).

    Rules:
    - Flows: the override rows for a key (site_id, direction, resource, temperature_c)
      replace every existing flow with that key (a blank temperature matches a blank
      one); rows whose key is new are added. An override with amount 0 removes the
      matching flows and adds nothing. A row with no direction/resource/amount/unit only
      edits its site.
    - Sites: a site_id already in `sites` keeps its values except the name, lat, lon,
      sector, zone given on its override rows (first non-blank per column). A site_id not
      in `sites` is added: from `reference_sites` if it is there (e.g. a Hotmaps site that
      shows 0 excess heat, such as ArcelorMittal Dunkerque HM553), with the row's
      non-blank values on top; otherwise the row must give lat and lon, else ScenarioError
      naming the file's row.
    Returns new (sites, flows); inputs are not modified. Row order: existing rows first in
    their order, then new ones in file order.
    """
    if overrides.empty:
        return sites.copy(), flows.copy()
    is_flow = _validate_overrides(overrides)

    # Sites: first non-blank value per column and site, in file order.
    site_rows = overrides[["site_id", *_SITE_ONLY]]
    edits = site_rows.groupby("site_id", sort=False).first()
    first_line = pd.Series(overrides.index, index=overrides["site_id"]).groupby(level=0).first()
    base = sites.set_index("site_id")
    new_ids = edits.index.difference(base.index, sort=False)
    if reference_sites is not None and len(new_ids):
        ref = reference_sites.set_index("site_id").reindex(new_ids).dropna(how="all")
        base = pd.concat([base, ref[base.columns]])
        new_ids = new_ids.difference(ref.index, sort=False)
    unlocated = edits.loc[new_ids, ["lat", "lon"]].isna().any(axis=1)
    if unlocated.any():
        raise ScenarioError([_row_problem(overrides, first_line[site_id],
                                          Phrase("imp_ov_unknown_site", site=excerpt(site_id)), "site_id")
                             for site_id in unlocated.index[unlocated.to_numpy(bool)]])
    merged = edits.combine_first(base) if len(base) else edits
    merged = merged.reindex(base.index.append(new_ids))
    out_sites = merged.reset_index(names="site_id")[sites.columns]

    # Flows: drop the replaced keys, then append the override flows with amount > 0.
    new_flows = overrides.loc[is_flow, [c for c in overrides.columns if c not in _SITE_ONLY]]
    replaced = _flow_key(flows).isin(set(_flow_key(new_flows)))
    new_flows = new_flows[new_flows["amount"] > 0]
    missing_price = (new_flows["direction"] == "supply") & new_flows["price_eur_per_unit"].isna()
    # A supply nobody pays to dispose of is vented: 0 EUR (scenario-format contract).
    new_flows.loc[missing_price, "price_eur_per_unit"] = 0.0
    out_flows = pd.concat([flows[~replaced], new_flows], ignore_index=True)
    out_flows = out_flows[list(flows.columns) + [c for c in out_flows.columns if c not in flows.columns]]
    return out_sites, out_flows.reset_index(drop=True)
