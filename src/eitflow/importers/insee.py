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

from os import PathLike

import pandas as pd

from eitflow import i18n
from eitflow.importers.hotmaps import FLOW_COLUMNS, SITE_COLUMNS

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


def _validate(min_population: int, per_inhabitant: float, dh_share: float, price: float) -> None:
    if min_population < 0:
        raise ValueError(f"min_population must be >= 0, got {min_population}")
    if not per_inhabitant > 0:
        raise ValueError(f"heat_demand_mwh_per_inhabitant must be > 0, got {per_inhabitant}")
    if not 0 < dh_share <= 1:
        raise ValueError(f"dh_share must be in (0, 1], got {dh_share}")
    if not price >= 0:
        raise ValueError(f"price_eur_per_mwh must be >= 0, got {price}")


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
    Row order: INSEE code.
    """
    _validate(min_population, heat_demand_mwh_per_inhabitant, dh_share, price_eur_per_mwh)
    # Codes as text: "01001" and Corsica's "2A004" must keep their form.
    raw = pd.read_csv(
        path,
        dtype={"insee_com": str, "insee_reg": str, "insee_dep": str, "insee_parente": str},
        encoding="utf-8",
    )
    needed = ["insee_com", "insee_dep", "commune", "lat", "lng", "population_2021"]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: not an INSEE communes table, missing columns {missing}")
    raw = raw.sort_values("insee_com", kind="stable")

    population = pd.to_numeric(raw["population_2021"], errors="coerce").fillna(0)
    candidate = (population >= min_population) & (population > 0)
    lat = pd.to_numeric(raw["lat"], errors="coerce")
    lon = pd.to_numeric(raw["lng"], errors="coerce")
    located = lat.between(-90, 90) & lon.between(-180, 180)
    # commune_article is the display name ("L'Abergement-Clémenciat"); commune sorts.
    name = raw.get("commune_article", raw["commune"]).astype("string").fillna(raw["commune"])
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
