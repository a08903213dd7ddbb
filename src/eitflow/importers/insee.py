"""INSEE communes -> eitflow heat demands (district-heating candidates).

Source: INSEE Code officiel géographique 2024 and comparateur de territoires 2024 (one row
per commune, COM, or per municipal arrondissement, ARM, of Paris, Lyon and Marseille; the
parent communes 75056, 69123, 13055 are not rows, so nothing is counted twice).
Licence Ouverte / Etalab 2.0. The file has no heat demand: the demand model below is an
assumption, stated in the constants and repeated in every flow's note.

Demand model: a commune with population_2021 >= min_population (and > 0) is a
district-heating candidate; its heat demand in MWh/yr is
    population x heat_demand_mwh_per_inhabitant x dh_share
at demand_temperature_c (degC), priced at the avoided gas heat price_eur_per_mwh (EUR/MWh).
"""

from __future__ import annotations

import os
from functools import lru_cache
from os import PathLike

import pandas as pd

from eitflow import i18n
from eitflow.importers.hotmaps import FLOW_COLUMNS, SITE_COLUMNS
from eitflow.importers.sources import numbers, read_source, require_columns, unique

SITE_ID_PREFIX = "INSEE"
SKIPPED_COLUMNS = ["insee_code", "name", "department", "population", "reason"]

DEFAULT_MIN_POPULATION = 2000
"""Inhabitants (2021). ASSUMPTION: INSEE's urban-unit threshold (2,000 inhabitants in a
continuous built-up area), used as a proxy for the heat density a network needs."""

DEFAULT_HEAT_DEMAND_MWH_PER_INHABITANT = 7.0
"""MWh/yr per inhabitant: residential + tertiary space heating and hot water, final energy.
Order of magnitude from the French energy balance (SDES "Bilan énergétique de la France",
CEREN end-use data): roughly 340 TWh/yr residential and 130 TWh/yr tertiary for space
heating and hot water, i.e. about 470 TWh/yr / 67 M inhabitants ~ 7 MWh. A national
average: it ignores climate zone, building age and the commune's tertiary share."""

DEFAULT_DH_SHARE = 0.3
"""Share of that demand connectable to a heat network. ASSUMPTION (no single source), one
average for dense centres and small towns alike. With the other defaults it gives about
110 TWh/yr over France's candidate communes, several times the roughly 25-30 TWh/yr French
heat networks deliver today: read the result as a potential, and lower the share for a
conservative study."""

DEFAULT_DEMAND_TEMPERATURE_C = 70.0
"""degC: supply temperature a low-temperature (4th generation) network needs. The
catalogue adds its min_delta_t_k approach (e.g. 10 K) on top. ASSUMPTION; older French
networks run at 90-110 degC (hot water) or steam."""

DEFAULT_PRICE_EUR_PER_MWH = 50.0
"""EUR/MWh of heat: the avoided heat from a collective/industrial gas boiler, 2024 order of
magnitude. ASSUMPTION; it is per MWh, assuming MWh is the heat resource's base unit in the
catalogue (flows.csv price_eur_per_unit is per base unit)."""


def validate_model(min_population: int, per_inhabitant: float, dh_share: float, price: float,
                   names: dict[str, str] | None = None) -> None:
    """Refuse a demand-model setting out of range (ValueError, an `i18n.Phrase`); `names`: how
    the caller names them (the command line's "--dh-share"), else by their argument names."""
    said = names or {}
    for name, value, ok, rule in (("min_population", min_population, min_population >= 0, "≥ 0"),
                                  ("heat_demand_mwh_per_inhabitant", per_inhabitant, per_inhabitant > 0, "> 0"),
                                  ("dh_share", dh_share, 0 < dh_share <= 1, i18n.Phrase("imp_rule_share")),
                                  ("price_eur_per_mwh", price, price >= 0, "≥ 0")):
        if not ok:
            raise ValueError(i18n.Phrase("imp_bad_parameter", name=said.get(name, name), rule=rule, value=f"{value:g}"))


COMMUNE_COLUMNS = ["insee_com", "insee_dep", "commune", "lat", "lng", "population_2021"]


def _zeros_back(codes: pd.Series, width: int) -> pd.Series:
    """Codes a spreadsheet read as numbers ('1001' for 01001, '1' for département 01) with their
    leading zeros: an INSEE code of digits only has exactly `width` of them. `codes`: the text
    cells of `read_source` ("" where empty)."""
    cells = codes.tolist()
    if not any(len(c) < width and c.isdigit() for c in cells):
        return codes   # the file as INSEE writes it: 35,000 codes checked in a few ms
    return pd.Series([c.zfill(width) if c.isdigit() else c for c in cells], index=codes.index)


def communes_table(path: str | PathLike[str], regions: bool = False) -> pd.DataFrame:
    """The INSEE communes file's cells (`importers.sources`: a French Excel copy, `;` and decimal
    commas, reads as the original), its codes as INSEE writes them (leading zeros a spreadsheet
    dropped put back: '1001' is 01001) and lat, lng (degrees) and population_2021 as floats
    (NaN where empty). `regions`: insee_reg is needed too. A copy of the last file read (a
    territory's import reads it twice: `read_territory`, `read_communes`).

    Raises
    ------
    ScenarioError
        Not an INSEE communes table (the Hotmaps database named as such), cut short, or a cell
        that is not a number in its bounds, at its row and column.
    """
    st = os.stat(path)
    raw = _communes(str(path), st.st_mtime_ns, st.st_size)
    if regions:
        require_columns(raw, path, "insee", ["insee_reg"])
    return raw.copy()


@lru_cache(maxsize=1)
def _communes(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """`communes_table` of the file as it is at that time and size."""
    raw = read_source(path, "insee", COMMUNE_COLUMNS)
    values = numbers(raw, path, {"lat": {"what": "a latitude in degrees", "lo": -90.0, "hi": 90.0, "unit": "deg"},
                                 "lng": {"what": "a longitude in degrees", "lo": -180.0, "hi": 180.0, "unit": "deg"},
                                 "population_2021": {"what": "a number of inhabitants", "lo": 0.0}})
    for col, width in (("insee_com", 5), ("insee_dep", 2), ("insee_reg", 2)):
        if col in raw.columns:
            raw[col] = _zeros_back(raw[col], width)
    unique(raw, path, "insee_com")
    for col, v in values.items():
        raw[col] = v
    return raw


def read_communes(
    path: str | PathLike[str],
    min_population: int = DEFAULT_MIN_POPULATION,
    heat_demand_mwh_per_inhabitant: float = DEFAULT_HEAT_DEMAND_MWH_PER_INHABITANT,
    dh_share: float = DEFAULT_DH_SHARE,
    demand_temperature_c: float = DEFAULT_DEMAND_TEMPERATURE_C,
    price_eur_per_mwh: float = DEFAULT_PRICE_EUR_PER_MWH,
    lang: str = "en",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read INSEE communes into heat demand sites and flows (see the module's demand model);
    their sector and notes in `lang`.

    Returns (sites, flows, skipped): sites in SITE_COLUMNS with site_id = "INSEE" + code
    and zone = department code; flows: one `heat` demand per commune in MWh/yr at
    demand_temperature_c (degC) and price_eur_per_mwh (EUR/MWh); skipped: candidate
    communes without coordinates (SKIPPED_COLUMNS), reported rather than dropped.
    Row order: INSEE code. The file is read by `communes_table`, whose errors it raises
    (`ScenarioError`); a demand-model setting out of range is a ValueError (`i18n.Phrase`).
    """
    validate_model(min_population, heat_demand_mwh_per_inhabitant, dh_share, price_eur_per_mwh)
    raw = communes_table(path).sort_values("insee_com", kind="stable")

    population = raw["population_2021"].fillna(0)
    candidate = (population >= min_population) & (population > 0)
    lat, lon = raw["lat"], raw["lng"]
    located = lat.between(-90, 90) & lon.between(-180, 180)
    # commune_article is the display name ("L'Abergement-Clémenciat"); commune sorts.
    name = raw.get("commune_article", raw["commune"]).astype("string").replace("", pd.NA).fillna(raw["commune"])
    site_id = SITE_ID_PREFIX + raw["insee_com"].astype("string").str.strip()

    keep = candidate & located
    sites = pd.DataFrame(
        {
            "site_id": site_id[keep],
            "name": name[keep],
            "lat": lat[keep].astype(float),
            "lon": lon[keep].astype(float),
            "sector": i18n.text("imp_sector_commune", lang),
            "zone": raw.loc[keep, "insee_dep"].astype("string"),
        },
        columns=SITE_COLUMNS,
    ).reset_index(drop=True)

    amount = population[keep] * heat_demand_mwh_per_inhabitant * dh_share
    dec = (lambda v: f"{v:g}".replace(".", ",")) if lang == "fr" else (lambda v: f"{v:g}")  # noqa: E731
    note = i18n.text("imp_note_insee", lang, k=dec(heat_demand_mwh_per_inhabitant), share=dec(dh_share))
    flows = pd.DataFrame(
        {
            "site_id": site_id[keep],
            "direction": "demand",
            "resource": "heat",
            "amount": amount.astype(float),
            "unit": "MWh/yr",
            "temperature_c": float(demand_temperature_c),
            "price_eur_per_unit": float(price_eur_per_mwh),
            "note": note,
        },
        columns=FLOW_COLUMNS,
    ).reset_index(drop=True)

    lost = candidate & ~located
    skipped = pd.DataFrame(
        {
            "insee_code": raw.loc[lost, "insee_com"].astype("string"),
            "name": name[lost],
            "department": raw.loc[lost, "insee_dep"].astype("string"),
            "population": population[lost].astype(int),
            "reason": "no coordinates",
        },
        columns=SKIPPED_COLUMNS,
    ).reset_index(drop=True)
    return sites, flows, skipped
