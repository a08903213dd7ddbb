"""plots.csv: free plots for new activities, in eitflow's columns (`io.schema.PLOTS`) or in
those of the national standards, mapped here.

Accepted dialects (detected from the header when it has no `plot_id` column):

- **CNIG Friches** (géostandard CNIG Friches, v1.0.x, schema-friches on schema.data.gouv.fr;
  the columns Cartofriches publishes): `site_id` (or `site_numero` in the 2022 draft),
  `site_nom`, `geompoint`, `unite_fonciere_surface`, `comm_nom`, `site_statut`,
  `sol_pollution_existe`, `sol_pollution_commentaire`, `urba_zone_type`, `urba_zone_lib`,
  `site_type`, `comm_insee`.
- **CNIG Sites économiques, class TERRAIN-ECO** (one row per business-park lot): `terr_id`,
  `site_id` (the park), `terr_surf_brute`, `terr_geomsurf`, `terr_m2_prix`,
  `terr_etat_occup`, `terr_stade_comm`, `terr_stade_amngt`.
- **CNIG Sites économiques, class SITE-ECO** (one row per park, its free area as the plot):
  `site_id`, `site_nom`, `site_geompoint`, `site_surf_comm_dispo`, `site_epci_nom`,
  `site_epci_siren`, `site_voca_*`.

`MAPPING` (`io.cnig.CNIG_MAPPING`) is the table the README prints. A column of eitflow's own naming always wins over
a mapped one, and messages name the column of the file as the user wrote it.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from eitflow.errors import Collector
from eitflow.i18n import Gloss, Phrase
from eitflow.io.cnig import CNIG_MAPPING as MAPPING
from eitflow.io.csvfile import TypedCells
from eitflow.io.schema import PLOTS

__all__ = ["MAPPING", "VOCATIONS", "detect_dialect", "map_plot_columns"]

#: SITE-ECO vocation columns and the use each gives a plot (`oui`)
VOCATIONS = {"site_voca_industrielle": "industry", "site_voca_commerciale": "commerce",
              "site_voca_tertiaire": "tertiary", "site_voca_artisanale": "craft",
              "site_voca_touristique": "tourism", "site_voca_portuaire": "port",
              "site_voca_aeroportuaire": "airport"}
_POLLUTED = ("pollution avérée", "pollution supposée")


def detect_dialect(columns: list[str]) -> str:
    """'eitflow' (a plot_id column), 'terrain_eco', 'site_eco', 'friches', or 'unknown'."""
    cols = set(columns)
    if "plot_id" in cols:
        return "eitflow"
    if "terr_id" in cols:
        return "terrain_eco"
    if cols & {"site_geompoint", "site_surf_comm_dispo", "site_vocadomi"}:
        return "site_eco"
    if "site_nom" in cols and cols & {"geompoint", "unite_fonciere_surface", "site_type", "site_statut"}:
        return "friches"
    return "unknown"


def _num(df: pd.DataFrame, column: str, file: str, col: Collector, what: str) -> np.ndarray:
    """A column of numbers of the standard (m2, EUR/m2) read as every number of a table is
    (`io.tables`, `io.numbers`: its separators, its ambiguous cells), each bad cell reported
    under the file's column; NaN there and where empty. (It replaced every comma by a point
    and removed plain spaces only: a surface of '12 500' m2 grouped by a no-break space was
    passed on unconverted, 12,500 ha for 1.25.)"""
    from eitflow.io.tables import _numeric

    return _numeric(df, column, file, col, required=False, what=what)


def _fmt(v: float) -> str:
    return "" if not np.isfinite(v) else f"{v:.10g}"


def _point(cell: str, latlon_first_ok: bool) -> tuple[float, float] | None:
    """(lat, lon) of a WKT POINT or of 'a, b' text; None when unreadable."""
    nums = re.findall(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", cell)
    if len(nums) != 2:
        return None
    a, b = float(nums[0]), float(nums[1])
    if latlon_first_ok and 41 <= a <= 52 and -6 <= b <= 10:
        return a, b            # lat lon, as the CNIG Friches example writes it
    return b, a                # x y = lon lat


def _ring_centroid(cell: str) -> tuple[float, float] | None:
    """(lat, lon) of the area-weighted centroid of a GeoJSON (Multi)Polygon's first outer ring."""
    try:
        g = json.loads(cell)
        coords = g["coordinates"]
        ring = coords[0][0] if g.get("type") == "MultiPolygon" else coords[0]
        xy = np.asarray(ring, float)[:, :2]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if len(xy) < 3 or not np.isfinite(xy).all():
        return None
    x, y = xy[:, 0], xy[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if abs(area) < 1e-15:
        return float(y.mean()), float(x.mean())
    return float(((y + np.roll(y, -1)) * cross).sum() / (6 * area)), float(((x + np.roll(x, -1)) * cross).sum()
                                                                         / (6 * area))


def _join(*parts: pd.Series, sep: str = "; ") -> pd.Series:
    out = pd.Series([""] * len(parts[0]), index=parts[0].index, dtype=object)
    for p in parts:
        p = p.astype(str)
        out = np.where((out != "") & (p != ""), out + sep + p, np.where(p != "", p, out))
        out = pd.Series(out, index=parts[0].index, dtype=object)
    return out


def _coords(df: pd.DataFrame, column: str, file: str, col: Collector, reader) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = np.full(len(df), np.nan), np.full(len(df), np.nan)
    for k, cell in enumerate(df[column]):
        if cell == "":
            col.add(file, Phrase("val_missing", what=Gloss("the plot's geometry")), row=k + 2, column=column)
            continue
        p = reader(cell)
        if p is None:
            col.add(file, Phrase("sit_location", cell=cell[:60]), row=k + 2, column=column)
            continue
        lat[k], lon[k] = p
    return lat, lon


def map_plot_columns(df: pd.DataFrame, file: str, col: Collector) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename and convert the columns of a CNIG dialect into eitflow's (`MAPPING`).

    Returns the frame in eitflow's columns (all text, as read) and, per eitflow column, the
    name of the file's column it came from (for messages). A frame already in eitflow's
    columns, or of no known dialect, comes back unchanged (the validator then names what is
    missing)."""
    dialect = detect_dialect(list(df.columns))
    if dialect in ("eitflow", "unknown"):
        return df, {}
    t = lambda c: df[c].astype(str) if c in df.columns else pd.Series([""] * len(df), index=df.index)  # noqa: E731
    out: dict[str, pd.Series | np.ndarray] = {}
    src: dict[str, str] = {}
    before = df.attrs.get("typed") or {}
    typed: dict[str, np.ndarray] = {}

    def put(name: str, values, source: str, written: bool = False) -> None:
        """`written`: numbers this function wrote (`_fmt`), read as they are (a 3.125 ha
        plot is not an ambiguous '3.125'); a copied column keeps what its source was."""
        if name not in df.columns:
            out[name] = values
            src[name] = source
            if written:
                typed[name] = np.ones(len(df), bool)
            elif source in before:
                typed[name] = before[source]

    if dialect == "friches":
        idc = "site_id" if "site_id" in df.columns else "site_numero"
        put("plot_id", t(idc), idc)
        put("name", t("site_nom"), "site_nom")
        if "geompoint" in df.columns and "lat" not in df.columns:
            lat, lon = _coords(df, "geompoint", file, col, lambda c: _point(c, True))
            put("lat", [_fmt(v) for v in lat], "geompoint", True)
            put("lon", [_fmt(v) for v in lon], "geompoint", True)
        if "unite_fonciere_surface" in df.columns:
            put("area_ha", [_fmt(v / 1e4) for v in _num(df, "unite_fonciere_surface", file, col, "an area in m2")],
                "unite_fonciere_surface", True)
        put("zone", t("comm_nom"), "comm_nom")
        if "comm_insee" in df.columns:   # the commune's code: a land-take budget's territory
            put("territory", t("comm_insee"), "comm_insee")
        put("available", np.where(t("site_statut").str.lower() == "friche reconvertie", "false", "true"),
            "site_statut")
        put("pollution", _join(t("sol_pollution_existe"), t("sol_pollution_commentaire")), "sol_pollution_existe")
        put("excluded_uses", np.where(t("sol_pollution_existe").str.lower().isin(_POLLUTED), "food", ""),
            "sol_pollution_existe")
        zone_txt = _join(t("urba_zone_type"), t("urba_zone_lib"), sep=" ")
        put("constraints", _join(pd.Series(np.where(zone_txt != "", "PLU zone " + zone_txt, ""), index=df.index),
                                 t("site_type")), "urba_zone_type")
    elif dialect == "terrain_eco":
        put("plot_id", t("terr_id"), "terr_id")
        put("name", np.where(t("site_id") != "", t("terr_id") + " (" + t("site_id") + ")", t("terr_id")), "terr_id")
        put("zone", t("site_id"), "site_id")
        if "terr_geomsurf" in df.columns and "lat" not in df.columns:
            lat, lon = _coords(df, "terr_geomsurf", file, col, _ring_centroid)
            put("lat", [_fmt(v) for v in lat], "terr_geomsurf", True)
            put("lon", [_fmt(v) for v in lon], "terr_geomsurf", True)
        put("area_ha", t("terr_surf_brute"), "terr_surf_brute")
        if "terr_m2_prix" in df.columns:
            put("land_price_eur_per_ha", [_fmt(v * 1e4) for v in _num(df, "terr_m2_prix", file, col,
                                                                        "a price in EUR/m2")], "terr_m2_prix", True)
        occ, comm = t("terr_etat_occup").str.lower(), t("terr_stade_comm").str.lower()
        taken = ((occ == "occupé") | comm.str.startswith("vendu") | (comm == "non commercialisable")
                 | comm.str.startswith("réservé")).to_numpy()
        put("available", np.where(taken, "false", "true"), "terr_etat_occup")
        put("constraints", t("terr_stade_amngt"), "terr_stade_amngt")
    else:  # site_eco
        put("plot_id", t("site_id"), "site_id")
        put("name", t("site_nom"), "site_nom")
        if "site_geompoint" in df.columns and "lat" not in df.columns:
            lat, lon = _coords(df, "site_geompoint", file, col, lambda c: _point(c, False))
            put("lat", [_fmt(v) for v in lat], "site_geompoint", True)
            put("lon", [_fmt(v) for v in lon], "site_geompoint", True)
        put("area_ha", t("site_surf_comm_dispo"), "site_surf_comm_dispo")
        put("zone", t("site_epci_nom"), "site_epci_nom")
        if "site_epci_siren" in df.columns:   # the EPCI's SIREN: a land-take budget's territory
            put("territory", t("site_epci_siren"), "site_epci_siren")
        flags = [pd.Series(np.where(t(c).str.lower() == "oui", use, ""), index=df.index)
                 for c, use in VOCATIONS.items() if c in df.columns]
        if flags:
            put("allowed_uses", _join(*flags, sep=";"), "site_voca_industrielle")
    keep = {c: df[c] for c in df.columns if c not in out}
    mapped = pd.DataFrame({**{k: pd.Series(np.asarray(v, dtype=object), index=df.index) for k, v in out.items()},
                           **keep})
    # the standard's other columns are kept aside, not reported as unknown
    mapped = mapped[[c for c in mapped.columns if c in PLOTS.names]]
    mapped.attrs.update(df.attrs)
    mapped.attrs["typed"] = TypedCells({**{k: v for k, v in before.items() if k in mapped.columns}, **typed})
    mapped.attrs["dialect"] = dialect
    return mapped, src
