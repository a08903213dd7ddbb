"""Build a national excess-heat scenario: Hotmaps industrial supplies -> INSEE commune sinks.

The output directory is a complete eitflow scenario (scenario-format v1): scenario.yaml,
sites.csv, flows.csv, plus skipped.csv (input rows left out, with the reason) and README.md
(assumptions, source files and their sha256). Output is byte-identical run to run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

import eitflow.i18n as i18n
from eitflow.importers.hotmaps import (
    EXCESS_HEAT_BAND_TEMPERATURE_C,
    HOTMAPS_COUNTRY_NAMES,
    apply_overrides,
    country_code,
    read_hotmaps,
    read_overrides,
)
from eitflow.importers.insee import SITE_ID_PREFIX as INSEE_PREFIX
from eitflow.importers.insee import read_communes, validate_model
from eitflow.importers.territory import NAME_KM, read_places, read_territory
from eitflow.io.atomic import write_text
from eitflow.io.csvfile import csv_text
from eitflow.places import area, territory_name

SKIPPED_COLUMNS = ["source", "source_id", "name", "place", "country", "reason"]
#: how `eitflow import hotmaps` names the arguments of `build_national_heat_scenario` (its `options`)
CLI_OPTIONS = {"radius_km": "--radius", "margin_km": "--margin-km", "departements": "--departements",
               "regions": "--regions", "min_population": "--min-population", "dh_share": "--dh-share",
               "price_eur_per_mwh": "--price"}
# %.10g keeps WGS84 degrees to ~1e-5 (1 m) and amounts to 10 significant digits, while
# hiding float noise such as 31193.399999999998 so files are stable and readable.
FLOAT_FORMAT = "%.10g"

SCENARIO_DEFAULTS = {
    "objective": "net_benefit",
    "carbon_price_eur_per_t": 100,
    "discount_rate": 0.05,
    "lifetime_years": 20,
    "solver": {"name": "highs", "time_limit_s": 300, "mip_gap": 0.001},
}


def sha256_file(path: str | PathLike[str]) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def frame_to_csv(frame: pd.DataFrame, lang: str = "en") -> str:
    """CSV text in `lang`'s dialect (`io.csvfile.csv_text`: French ';', decimal commas and a BOM,
    as French Excel opens it), with fixed float format and '\\n' line ends (byte-stable)."""
    return csv_text(list(frame.columns), frame.astype(object).to_numpy().tolist(), lang, FLOAT_FORMAT)


def demand_model_parameters(**demand_model: object) -> dict[str, object]:
    """The read_communes keyword arguments actually used: defaults overlaid by demand_model."""
    params = inspect.signature(read_communes).parameters
    # the language of its notes is the scenario's, not a parameter of the model
    known = {name: p.default for name, p in params.items()
             if p.default is not inspect.Parameter.empty and name != "lang"}
    unknown = sorted(set(demand_model) - set(known))
    if unknown:
        raise TypeError(f"unknown demand model parameters {unknown}; known: {sorted(known)}")
    return known | demand_model


def _prepare_out_dir(out_dir: Path, force: bool, names: tuple[str, str] = ("out_dir", "force=True")) -> None:
    """Create `out_dir`, or refuse it (said as `i18n.Phrase`s; `names`: how the destination and
    the force switch are named, the arguments' names or the command line's)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(i18n.Phrase("imp_out_not_dir", out=str(out_dir)))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise FileExistsError(i18n.Phrase("tgt_exists", out=str(out_dir), o=names[0], f=names[1]))
    out_dir.mkdir(parents=True, exist_ok=True)


# a reason the readers give (`read_hotmaps`, `read_communes`) -> its message
_SKIP_REASONS = {"no geometry": "imp_skip_no_geometry", "unparseable geometry": "imp_skip_bad_geometry",
                 "SRID is not 4326": "imp_skip_srid", "coordinates out of range": "imp_skip_out_of_range",
                 "no coordinates": "imp_skip_no_coordinates"}


def _skip_reason(reason: object, lang: str) -> str:
    """A skipped row's reason in `lang` ("no geometry": "aucune géométrie")."""
    key = _SKIP_REASONS.get(str(reason))
    return str(reason) if key is None else i18n.text(key, lang)


def _combined_skipped(hm_skipped: pd.DataFrame, insee_skipped: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The rows left out, in `lang` (the scenario's readers'): a reason, a Hotmaps site's excess
    heat (GWh/yr; French with a decimal comma), a commune's département."""
    gwh = hm_skipped["excess_heat_gwh_per_yr"].map("{:g}".format)
    hotmaps = pd.DataFrame(
        {
            "source": "hotmaps",
            "source_id": hm_skipped["hotmaps_site_id"],
            "name": hm_skipped["name"],
            "place": hm_skipped["city"],
            "country": hm_skipped["country"],
            "reason": [i18n.text("imp_skip_heat", lang, reason=_skip_reason(r, lang),
                                 gwh=g.replace(".", ",") if lang == "fr" else g)
                       for r, g in zip(hm_skipped["reason"], gwh)],
        }
    )
    insee = pd.DataFrame(
        {
            "source": "insee",
            "source_id": insee_skipped["insee_code"],
            "name": insee_skipped["name"],
            "place": [i18n.text("imp_skip_departement", lang, code=d) for d in insee_skipped["department"]],
            "country": "France",
            "reason": [_skip_reason(r, lang) for r in insee_skipped["reason"]],
        }
    )
    return pd.concat([hotmaps, insee], ignore_index=True)[SKIPPED_COLUMNS]


_ENERGY_UNIT_TWH = {"kWh/yr": 1e-9, "MWh/yr": 1e-6, "GWh/yr": 1e-3, "TWh/yr": 1.0}


def _heat_total(flows: pd.DataFrame, direction: str, lang: str = "en") -> str:
    """Total heat of one direction in TWh/yr, for the README in `lang` (energy units only)."""
    rows = flows[(flows["resource"] == "heat") & (flows["direction"] == direction)]
    factor = rows["unit"].map(_ENERGY_UNIT_TWH)
    text = i18n.text("imp_readme_heat_total", lang, twh=_g((rows["amount"] * factor).sum(), lang, ".3f"), n=len(rows))
    if factor.isna().any():
        text += i18n.text("imp_readme_heat_other", lang, n=int(factor.isna().sum()))
    return text


def _g(v: object, lang: str, spec: str = "g") -> str:
    """A README figure as `lang` writes it, with the digits the English shows (0.3 -> '0,3')."""
    s = format(v, spec)
    return s.replace(".", ",") if lang == "fr" else s


def _order_flows(sites: pd.DataFrame, flows: pd.DataFrame) -> pd.DataFrame:
    """Group flows by site in the sites order (stable within a site), each with a flow_id
    of its own content (site, direction, resource, a number from 2 when repeated): the
    scenario's results do not depend on the order of the rows of flows.csv (the default
    flow_id, f<row>, would)."""
    if "flow_id" not in flows.columns or flows["flow_id"].isna().any():
        base = flows["site_id"].astype(str) + "_" + flows["direction"].astype(str) + "_" + flows["resource"].astype(str)
        n = base.groupby(base).cumcount()
        ids = base.where(n == 0, base + "_" + (n + 1).astype(str))
        given = flows["flow_id"] if "flow_id" in flows.columns else pd.Series(pd.NA, index=flows.index)
        flows = flows.assign(flow_id=given.where(given.notna(), ids))
        flows = flows[["flow_id", *[c for c in flows.columns if c != "flow_id"]]]
    position = pd.Series(range(len(sites)), index=sites["site_id"])
    key = flows["site_id"].map(position)
    return flows.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def _readme(
    *,
    country: str | None,
    radius_km: float,
    params: dict[str, object],
    sources: list[tuple[str, str, str]],
    counts: dict[str, object],
    territory: str = "",
    margin_km: float = 0.0,
    lang: str = "en",
) -> str:
    """The scenario's README.md in `lang` (messages `imp_readme_*`); `sources`: (message key of the
    role, file, sha256); `counts`: (`imp_readme_count_` key, value)."""
    def t(key: str, **fields: object) -> str:
        return i18n.text(f"imp_readme_{key}", lang, **fields)

    bands = "\n".join(t("band", band=band, temperature=_g(temp, lang))
                      for band, temp in EXCESS_HEAT_BAND_TEMPERATURE_C.items())
    source_lines = "\n".join(f"| {t(role)} | `{name}` | `{digest}` |" for role, name, digest in sources)
    sep = " : " if lang == "fr" else ": "      # French puts a space before the colon
    said = {k: i18n.number(v, lang) if lang != "en" and isinstance(v, int) else str(v) for k, v in counts.items()}
    count_lines = "\n".join(f"- {t('count_' + k)}{sep}{v}" for k, v in said.items())
    title = t("title_territory", territory=territory) if territory else t("title_national")
    margin, skipped_note = "", ""
    if territory:
        if margin_km > 0:
            margin = t("margin", km=_g(margin_km, lang))
        territory = t("territory", territory=territory, name_km=_g(NAME_KM, lang), margin=margin)
        skipped_note = t("skipped_territory", margin=t("skipped_margin", km=_g(margin_km, lang), name_km=_g(NAME_KM, lang))
                         if margin_km > 0 else "")
    where = t("all_countries") if country is None else HOTMAPS_COUNTRY_NAMES[country_code(country)]
    population = params["min_population"]
    return t("body", title=title, where=where, km=_g(radius_km, lang), km_yaml=f"{radius_km:g}", territory=territory,
             sources=source_lines, bands=bands,
             min_population=i18n.number(population, lang) if lang != "en" else population,
             per_inhabitant=_g(params["heat_demand_mwh_per_inhabitant"], lang), dh_share=_g(params["dh_share"], lang),
             temperature=_g(params["demand_temperature_c"], lang), price=_g(params["price_eur_per_mwh"], lang),
             counts=count_lines, skipped_note=skipped_note)


def _zoned(ref: pd.DataFrame, overrides: pd.DataFrame, places: Any) -> pd.DataFrame:
    """The Hotmaps sites an override adds (ArcelorMittal Dunkerque, 0 GWh/yr) zoned as the
    imported ones are, by their commune's département ("Nord (59)"), not by Hotmaps' city."""
    if places is None:
        return ref
    used = ref["site_id"].isin(set(overrides["site_id"].dropna())).to_numpy(bool)
    lat, lon = ref["lat"].to_numpy(float), ref["lon"].to_numpy(float)
    used = used & np.isfinite(lat) & np.isfinite(lon)
    if not used.any():
        return ref
    codes = places.departements(lat[used], lon[used], ref["zone"][used])
    zone = ref["zone"].astype(object).to_numpy().copy()
    zone[used] = [territory_name([c]) if area("departement", str(c)) is not None else c for c in codes]
    return ref.assign(zone=zone)


def build_national_heat_scenario(
    hotmaps_path: str | PathLike[str],
    communes_path: str | PathLike[str],
    out_dir: str | PathLike[str],
    country: str | None = "FR",
    radius_km: float = 30,
    overrides_path: str | PathLike[str] | None = None,
    force: bool = False,
    departements: list[str] | None = None,
    regions: list[str] | None = None,
    margin_km: float = 0.0,
    lang: str = "en",
    names: tuple[str, str] = ("out_dir", "force=True"),
    options: dict[str, str] | None = None,
    **demand_model: object,
) -> Path:
    """Write a national heat scenario to out_dir and return the path of its scenario.yaml.

    Supplies: read_hotmaps(hotmaps_path, country) (GWh/yr). Sinks: read_communes(
    communes_path, **demand_model) (MWh/yr; French communes whatever `country` is).
    overrides_path: optional overrides CSV applied last (see apply_overrides); Hotmaps
    sites with 0 excess heat are known locations for it. radius_km: the heat pipe's
    max_distance_km (km) written in scenario.yaml. Refuses a non-empty out_dir
    (FileExistsError) unless force=True, which rewrites the five files and leaves others.
    departements, regions: INSEE codes of a territory ("54", "2A"; "44"): its communes only,
    and the supplies in it or within `margin_km` (km) of it (`importers.territory`).
    lang: the language of the scenario's name and description, and its `lang:` ("fr": runs
    report in French), of README.md, and of the CSV files' dialect (`io.csvfile.csv_text`:
    French ';', decimal commas and a BOM, as French Excel opens them).
    names: how a refusal of out_dir names it and the force switch (the command line: "--out",
    "--force"). options: how a refusal names the other arguments (the command line's
    {"radius_km": "--radius", ...}; `CLI_OPTIONS`), else by their names.
    """
    said = {k: (options or {}).get(k, k) for k in ("radius_km", "margin_km", "departements", "regions")}
    if not radius_km > 0:
        raise ValueError(i18n.Phrase("imp_bad_parameter", name=said["radius_km"], rule="> 0", value=f"{radius_km:g}"))
    if not margin_km >= 0:
        raise ValueError(i18n.Phrase("imp_bad_parameter", name=said["margin_km"], rule=">= 0", value=f"{margin_km:g}"))
    if margin_km > 0 and not (departements or regions):
        raise ValueError(i18n.Phrase("imp_margin_alone", d=said["departements"], r=said["regions"]))
    params = demand_model_parameters(**demand_model)
    validate_model(params["min_population"], params["heat_demand_mwh_per_inhabitant"], params["dh_share"],  # type: ignore[arg-type]
                   params["price_eur_per_mwh"], options)
    out = Path(out_dir)
    _prepare_out_dir(out, force, names)

    territory = read_territory(communes_path, departements, regions)
    hm = read_hotmaps(hotmaps_path, country=country, lang=lang)
    c_sites, c_flows, c_skipped = read_communes(communes_path, **params, lang=lang)
    if territory is not None:
        mine = c_sites["site_id"].str.removeprefix(INSEE_PREFIX).isin(territory.codes)
        c_sites = c_sites[mine.to_numpy(bool)]
        c_flows = c_flows[c_flows["site_id"].isin(c_sites["site_id"]).to_numpy(bool)]
        c_skipped = c_skipped[c_skipped["insee_code"].astype(str).isin(territory.codes).to_numpy(bool)]
        held = territory.holds(hm.sites["lat"].to_numpy(float), hm.sites["lon"].to_numpy(float), hm.sites["zone"],
                               margin_km)
        # a site without geometry is listed in skipped.csv where its city may be in the territory
        # (a Moselle analyst is not told of Albi's glassworks); the others are counted in README.md
        maybe = territory.may_hold(hm.skipped["city"], margin_km)
        elsewhere = int((~maybe).sum())
        hm = dataclasses.replace(hm, sites=hm.sites[held].reset_index(drop=True),
                                 flows=hm.flows[hm.flows["site_id"].isin(hm.sites["site_id"][held])
                                                .to_numpy(bool)].reset_index(drop=True),
                                 skipped=hm.skipped[maybe].reset_index(drop=True))
    places = None
    if territory is not None or (country is not None and country_code(country) == "FR"):
        # a supply's zone is its commune's département, as a commune's is: Hotmaps' city
        # ("CRECHY", "Saint EGREVE") made each site a zone of its own, so the report's totals per
        # zone listed 24 one-site zones beside 12 départements and counted every exchange of
        # industry as one between zones (Auvergne-Rhône-Alpes)
        places = territory if territory is not None else read_places(communes_path)
        hm = dataclasses.replace(hm, sites=hm.sites.assign(zone=places.departements(
            hm.sites["lat"].to_numpy(float), hm.sites["lon"].to_numpy(float), hm.sites["zone"])))
    if not len(c_sites):
        raise ValueError(i18n.Phrase("imp_no_commune", where=str(communes_path) if territory is None else territory.label,
                                     n=params["min_population"], m=(options or {}).get("min_population", "min_population")))
    sites = pd.concat([hm.sites, c_sites], ignore_index=True)
    # a département's zone as people name it, "Ain (01)" (`places.territory_name`): the report's
    # and zones.csv's totals per zone are read by elected officials (an override's zone stays as given)
    zone = sites["zone"].astype("string")
    named = {c: territory_name([c]) for c in zone.dropna().unique() if area("departement", str(c)) is not None}
    sites["zone"] = zone.map(lambda c: named.get(c, c) if isinstance(c, str) else c)
    flows = pd.concat([hm.flows, c_flows], ignore_index=True)
    sources = [
        ("src_hotmaps", Path(hotmaps_path).name, sha256_file(hotmaps_path)),
        ("src_insee", Path(communes_path).name, sha256_file(communes_path)),
    ]
    n_overrides = 0
    if overrides_path is not None:
        overrides = read_overrides(overrides_path)
        n_overrides = len(overrides)
        sites, flows = apply_overrides(sites, flows, overrides, reference_sites=_zoned(hm.all_sites, overrides, places))
        sources.append(("src_overrides", Path(overrides_path).name, sha256_file(overrides_path)))
    duplicated = sites["site_id"].duplicated()
    if duplicated.any():
        raise ValueError(i18n.Phrase("imp_duplicate_site", site=str(sites.loc[duplicated, "site_id"].iloc[0])))
    flows = _order_flows(sites, flows)

    skipped = _combined_skipped(hm.skipped, c_skipped, lang)
    # A skipped input that an override located is no longer skipped.
    would_be_id = skipped["source"].map({"hotmaps": "HM", "insee": "INSEE"}) + skipped["source_id"]
    skipped = skipped[~would_be_id.isin(sites["site_id"])].reset_index(drop=True)

    counts: dict[str, object] = {
        "sites": len(sites), "flows": len(flows), "located": len(hm.sites), "communes": len(c_sites),
        "supply": _heat_total(flows, "supply", lang), "demand": _heat_total(flows, "demand", lang),
        "overrides": n_overrides, "skipped": len(skipped),
    }
    if territory is not None:
        counts["elsewhere"] = elsewhere   # not in skipped.csv

    where = "Europe" if country is None else HOTMAPS_COUNTRY_NAMES[country_code(country)]
    # the name and description the report shows, in the language its readers read (`lang`); a
    # territory by its official names, "Meurthe-et-Moselle (54)", as its elected officials say it
    said = {"where": where, "n": i18n.number(params["min_population"], lang),
            "km": i18n.number(radius_km, lang, 0 if float(radius_km).is_integer() else 1)}
    if territory is None:
        name = i18n.text("imp_name_national", lang, where=where)
        description = i18n.text("imp_description", lang, **said)
    else:
        name = i18n.text("imp_name_territory", lang, territory=territory.label)
        description = i18n.text("imp_description_territory", lang, territory=territory.label, **said)
    scenario = {
        "name": name,
        "description": description,
        **({"lang": lang} if lang != "en" else {}),
        "sites": "sites.csv",
        "flows": "flows.csv",
        **SCENARIO_DEFAULTS,
        "max_distance_km": {"heat": radius_km},
    }
    # Data first, scenario.yaml last: a scenario.yaml on disk means the rest is complete.
    write_text(out / "sites.csv", frame_to_csv(sites, lang))
    write_text(out / "flows.csv", frame_to_csv(flows, lang))
    write_text(out / "skipped.csv", frame_to_csv(skipped, lang))
    write_text(
        out / "README.md",
        _readme(country=country, radius_km=radius_km, params=params, sources=sources, counts=counts,
                territory="" if territory is None else territory.label, margin_km=margin_km, lang=lang),
    )
    scenario_path = out / "scenario.yaml"
    write_text(
        scenario_path, yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=88)
    )
    return scenario_path
