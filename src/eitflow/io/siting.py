"""Validate the siting tables (plots.csv, activities.csv, activity_flows.csv) into a `Siting`,
with the activity catalogue (`data/activities.yaml`) filling templated activities.

Every problem names the file, the spreadsheet row and the column, like the other tables.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from importlib import resources as ilr

import numpy as np
import pandas as pd
import yaml

import eitflow.i18n as i18n
from eitflow.catalogue import SAFE_LOADER, Catalogue
from eitflow.errors import Collector, Problem
from eitflow.i18n import Gloss, Phrase
from eitflow.ids import TOTAL, territory_key, unaccented
from eitflow.io.netwarn import warn_low_pressures
from eitflow.io.plausible import check_locations
from eitflow.io.plots import VOCATIONS, map_plot_columns
from eitflow.io.schema import ACTIVITIES, ACTIVITY_FLOWS, PLOTS
from eitflow.io.tables import (
    MAX_ROWS_LISTED,
    _parse_bool,
    _report_rows,
    _spelling,
    _text,
    _unknown_values,
    check_columns,
    check_ids,
    not_in,
    number,
    source,
)
from eitflow.io.unitslips import (
    warn_area_units,
    warn_flow_units,
    warn_land_price_units,
)
from eitflow.io.validate import check_unique, parse_profiles, read_coordinates, validate_flows
from eitflow.scenario import Parameters, Siting, allowed_matrix

__all__ = ["activity_catalogue", "use_codes", "validate_siting", "split_uses"]

_SCALED = ("land_ha", "investment_eur", "fixed_cost_eur_per_yr")


@lru_cache(maxsize=1)
def activity_catalogue() -> dict:
    """The built-in activity templates (`data/activities.yaml`), as parsed YAML."""
    text = ilr.files("eitflow").joinpath("data/activities.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def split_uses(cell: str) -> list[str]:
    """'industry; Energy' -> ['industry', 'energy'] (lower case, `;`, `|` or `,` separated)."""
    return [u.strip().lower() for u in re.split(r"[;|,]", str(cell)) if u.strip()]


def _fold(word: str) -> str:
    """A use as written, compared without case, accents, spaces or hyphens ('Énergie' and
    'energie', 'réseau de chaleur' and 'reseau_de_chaleur')."""
    return re.sub(r"[\s\-]+", "_", unaccented(word.strip()))


@lru_cache(maxsize=1)
def use_codes() -> dict[str, str]:
    """Every use a plot or an activity may name (the catalogue templates' uses, the business
    parks' vocations of `io.plots`), folded (`_fold`) by its code and by its name in each
    language (``use__<code>`` in data/messages.csv: 'industrie', 'énergie'), to its code."""
    codes = {u for t in activity_catalogue().values() for u in t["uses"]} | set(VOCATIONS.values())
    out = {}
    for c in sorted(codes):
        out[_fold(c)] = c
        if i18n.has_text(f"use__{c}"):
            for lang in i18n.LANGS:
                out[_fold(i18n.text(f"use__{c}", lang))] = c
    return out


def _name_uses(plots: pd.DataFrame, acts: pd.DataFrame, file: str, warn: Collector) -> None:
    """The uses of plots and activities by their codes (`use_codes`: a French analyst writes
    'industrie;énergie', which matched no activity, so the plot allowed none and the plan
    silently lost it), in place; an activity's id stays as it is. A use of a plot that no
    activity has and no template knows is a warning, once per use, naming its first row: it
    allows or excludes nothing."""
    ids = {str(i).lower() for i in acts["activity_id"]}
    codes = use_codes()

    def code(u: str) -> str:
        return u if u in ids else codes.get(_fold(u), u)

    acts["uses"] = [sorted({*(code(u) for u in us), i.lower()}) for us, i in zip(acts["uses"], acts["activity_id"])]
    known = {u for us in acts["uses"] for u in us} | set(codes.values())
    for column in ("allowed_uses", "excluded_uses"):
        plots[column] = [[code(u) for u in us] for us in plots[column]]
        said: set[str] = set()
        for us, row in zip(plots[column], plots["row"]):
            for u in us:
                if u in known or u in said or len(said) >= 10:
                    continue
                said.add(u)
                close = difflib.get_close_matches(_fold(u), sorted(known | set(codes)), n=1, cutoff=0.6)
                warn.add(file, Phrase(f"sit_use_unknown_{column.split('_')[0]}", use=u,
                                      hint=Phrase("val_did_you_mean", close=close[0]) if close else ""),
                         row=int(row), column=column)


def _placement_ids(col: Collector, file: str, column: str, ids: pd.Series) -> None:
    """Plot and activity ids are joined as `activity@plot` into a placement's site id: an id
    holding '@' could make two placements one (activity 'A@B' on plot 'C' and activity 'A'
    on plot 'B@C'), and their figures were then mixed up; an invisible character makes two
    ids look the same, as for site ids."""
    check_ids(col, file, column, ids)
    check_unique(col, file, column, ids)
    _report_rows(col, file, column, ids.str.contains("@", regex=False).to_numpy(),
                 Phrase("sit_id_at", column=column), ids)


def _check_land_take(territory: pd.Series, green: np.ndarray, has_column: bool, params: Parameters, file: str,
                     yaml_file: str, col: Collector, warn: Collector) -> None:
    """Budgets per territory (`siting.max_new_land_take_ha` a mapping) against plots.csv's
    `territory` codes, compared by `ids.territory_key` (01053 and 1053 are one commune):
    refused, a budget for a territory no plot names (a typo would otherwise leave its plots
    uncapped), plots.csv without the column, a greenfield plot without a code (its land take
    would count against no budget); a warning, greenfield plots of a territory without a
    budget (their land take is not capped by a territory, only by `total` if given, and is
    reported), and a budget for a territory whose plots are all brownfields (it caps nothing).
    Brownfield plots take no new land: their territory may be empty."""
    per = params.siting.land_take_budgets()[1]
    if not per:
        return
    if not has_column:
        col.add(file, Phrase("land_no_territory_column", n=len(per)), row=1, column="territory")
        return
    keys = np.array([territory_key(c) if c else "" for c in territory], dtype=object)
    written = dict(zip(keys[::-1], territory.to_numpy()[::-1]))   # a territory as its first row writes it
    written.pop("", None)
    for code in per:
        if territory_key(code) not in written:
            close = difflib.get_close_matches(code, sorted(written.values()), n=1, cutoff=0.6)
            col.add(yaml_file, Phrase("land_budget_unknown", code=code, file=file, n=len(written),
                                      hint=Phrase("val_did_you_mean", close=close[0]) if close else ""),
                    column=f"siting.max_new_land_take_ha.{code}")
        elif not (green & (keys == territory_key(code))).any():
            # its plots are all brownfields: they take no new land, so the budget can never bind
            at = np.flatnonzero(keys == territory_key(code)) + 2
            warn.add(yaml_file, Phrase("land_budget_no_greenfield", code=code, file=file, ha=float(per[code]),
                                       rows=", ".join(map(str, at[:10])) + (" ..." if len(at) > 10 else "")),
                     column=f"siting.max_new_land_take_ha.{code}")
    _report_rows(col, file, "territory", green & (keys == ""), Phrase("land_plot_no_territory"))
    budgeted = {territory_key(c) for c in per}
    free = green & (keys != "") & ~np.isin(keys, list(budgeted))
    for k in dict.fromkeys(keys[free]):
        at = np.flatnonzero(free & (keys == k)) + 2
        warn.add(file, Phrase("land_no_budget", code=written[k], n=len(at),
                              rows=", ".join(map(str, at[:10])) + (" ..." if len(at) > 10 else "")),
                 row=int(at[0]), column="territory")


def _warn_idle_budgets(siting: Siting, params: Parameters, file: str, yaml_file: str, warn: Collector) -> None:
    """A land-take budget that caps nothing, once the activities are known: its greenfield plots
    (the territory's, or all for the budget over the whole scenario) can take no activity (uses
    not allowed or excluded, the plot unavailable or too small, `scenario.allowed_matrix`), or,
    for the whole scenario's, no plot is greenfield (a territory's is `_check_land_take`'s)."""
    total, per = params.siting.land_take_budgets()
    pl = siting.plots
    green = pl["greenfield"].to_numpy(bool)
    usable = np.asarray(allowed_matrix(siting)["candidate"].any(axis=0), bool)
    keys = np.array([territory_key(c) if c else "" for c in pl["territory"]], dtype=object)
    rows = lambda m: ", ".join(map(str, pl["row"].to_numpy()[m][:10])) + (" ..." if m.sum() > 10 else "")  # noqa: E731
    mapped = isinstance(params.siting.max_new_land_take_ha, dict)
    for code, ha in per.items():
        here = green & (keys == territory_key(code))
        if here.any() and not usable[here].any():
            warn.add(yaml_file, Phrase("land_budget_no_activity", code=code, file=file, ha=float(ha), rows=rows(here)),
                     column=f"siting.max_new_land_take_ha.{code}")
    if total is not None and not usable[green].any():
        column = "siting.max_new_land_take_ha" + (f".{TOTAL}" if mapped else "")
        why = Phrase("land_total_no_activity", file=file, rows=rows(green)) if green.any() else \
            Phrase("land_total_no_greenfield", file=file)
        warn.add(yaml_file, Phrase("land_total_caps_nothing", ha=float(total), why=why), column=column)


def _validate_plots(df: pd.DataFrame, file: str, sites: pd.DataFrame, params: Parameters,
                    col: Collector, warn: Collector, yaml_file: str = "scenario.yaml") -> pd.DataFrame:
    sub, sub_warn = Collector(), Collector()
    sub.warn = sub_warn
    df, source = map_plot_columns(df, file, sub)
    cols = ["plot_id", "name", "lat", "lon", "area_ha", "zone", "territory", "allowed_uses", "excluded_uses", "available",
            "greenfield", "available_from", "land_price_eur_per_ha", "land_rent_eur_per_ha_yr", "remediation_eur_per_ha",
            "pollution", "constraints", "row"]
    if check_columns(df, file, PLOTS, sub):
        ids = df["plot_id"]
        _report_rows(sub, file, "plot_id", (ids == "").to_numpy(), Phrase("val_missing", what=Gloss("a plot id")))
        _report_rows(sub, file, "plot_id", ids.isin(set(sites["site_id"])).to_numpy(), Phrase("sit_plot_clash"), ids)
        _placement_ids(sub, file, "plot_id", ids)
        num = lambda c: number(df, PLOTS[c], file, sub)  # noqa: E731
        # the checks of sites.csv's coordinates, and plots far from the territory's sites
        # (or whose swapped coordinates lie among them) said as the sites' are
        lat, lon = read_coordinates(df, file, sub, PLOTS)
        check_locations(pd.DataFrame({"site_id": ids, "lat": lat, "lon": lon}), file, sub, sub_warn,
                        cloud=sites, kind="plot")
        avail_txt = _text(df, "available")
        available = np.where(avail_txt == "", True, _parse_bool(df, "available", file, sub))
        green = _parse_bool(df, "greenfield", file, sub)   # empty: false (land already taken)
        frm = num("available_from")
        if params.siting.year is not None:
            available &= ~(np.isfinite(frm) & (frm > params.siting.year))
        elif np.isfinite(frm).any():   # a date the plan would not read: every plot counts as free now
            k = int(np.flatnonzero(np.isfinite(frm))[0])
            n = int(np.isfinite(frm).sum())
            sub_warn.add(file, Phrase(f"sit_available_from_no_year_{'one' if n == 1 else 'many'}", n=n,
                                      year=f"{frm[k]:.0f}", latest=f"{np.nanmax(frm):.0f}", yaml=yaml_file),
                         row=k + 2, column="available_from")
        territory = _text(df, "territory").str.strip()
        _check_land_take(territory, green.astype(bool), "territory" in df.columns, params, file, yaml_file, sub,
                         sub_warn)
        land = {c: num(c) for c in ("land_price_eur_per_ha", "land_rent_eur_per_ha_yr", "remediation_eur_per_ha")}
        # all three empty: the land is free (each read as 0), a price forgotten? 0 written is a price of 0
        _report_rows(sub_warn, file, "land_price_eur_per_ha", np.all([np.isnan(v) for v in land.values()], axis=0),
                     Phrase("val_plot_free"))
        out = pd.DataFrame({
            "plot_id": ids.to_numpy(), "name": _text(df, "name").where(_text(df, "name") != "", ids).to_numpy(),
            "lat": lat, "lon": lon, "area_ha": num("area_ha"), "zone": _text(df, "zone").to_numpy(),
            "territory": territory.to_numpy(),
            "allowed_uses": [split_uses(c) for c in _text(df, "allowed_uses")],
            "excluded_uses": [split_uses(c) for c in _text(df, "excluded_uses")],
            "available": available.astype(bool), "greenfield": green.astype(bool), "available_from": frm,
            **{c: np.nan_to_num(v) for c, v in land.items()},
            "pollution": _text(df, "pollution").to_numpy(), "constraints": _text(df, "constraints").to_numpy(),
            "row": np.arange(2, len(df) + 2)}, columns=cols)
        warn_area_units(out, file, sub_warn)
        warn_land_price_units(out, file, sub_warn, frozenset(source))   # a price per m² (io.unitslips)
    else:
        out = pd.DataFrame(columns=cols)
    for into, got in ((col, sub), (warn, sub_warn)):  # name the column as the file has it (a CNIG standard's)
        for p in got.problems:
            into.add(p.file, p.message, p.row, source.get(p.column or "", p.column))
    return out


def _template_rows(act: pd.DataFrame, cat: dict) -> pd.DataFrame:
    """flows.csv rows (text) for each templated activity's instance, scaled by its size; none
    for an activity whose id or size is refused on its own row (its flows' errors would name
    the catalogue, row by row, for a slip of activities.csv)."""
    rows = []
    for a in act.itertuples(index=False):
        if not a.template or a.has_flows or not a.activity_id or not (np.isfinite(a.size) and a.size > 0):
            continue
        for f in cat[a.template]["flows"]:
            r = {k: str(v) for k, v in f.items()}
            r["amount"] = f"{float(f['amount']) * a.size:.12g}"
            r["flow_id"] = f"{a.activity_id}_{f['flow_id']}"
            r["activity_id"] = a.activity_id
            rows.append(r)
    return pd.DataFrame(rows).fillna("") if rows else pd.DataFrame()


def _validate_activities(df: pd.DataFrame, file: str, col: Collector) -> pd.DataFrame:
    cat = activity_catalogue()
    cols = ["activity_id", "name", "template", "size", "uses", "land_ha", "min_count", "max_count", "group",
            "investment_eur", "fixed_cost_eur_per_yr", "revenue_eur_per_yr", "break_even", "row"]
    if not check_columns(df, file, ACTIVITIES, col):
        return pd.DataFrame(columns=cols)
    ids = df["activity_id"]
    _report_rows(col, file, "activity_id", (ids == "").to_numpy(), Phrase("val_missing", what=Gloss("an activity id")))
    _placement_ids(col, file, "activity_id", ids)
    tpl = _text(df, "template").str.strip().str.lower()
    # 'serre' for greenhouse: a template's use name in any language ('use__<template>'), or its
    # catalogue name, is said with the code to write, and every template named (it said neither)
    spelled = {_spelling(t): t for t in cat}
    for t in cat:
        spelled[_spelling(str(cat[t].get("name", t)))] = t
        spelled.update({_spelling(i18n.text(f"use__{t}", lang)): t for lang in i18n.LANGS if i18n.has_text(f"use__{t}")})
    _unknown_values(col, file, "template", tpl, set(cat), "activity template",
                    Phrase("val_expected_templates", names=", ".join(sorted(cat))), spellings=spelled)
    # a row whose template is refused: its size, land and flows are the template's, not said again
    bad_tpl = ((tpl != "") & ~tpl.isin(set(cat))).to_numpy()
    tpl = tpl.where(tpl.isin(set(cat)), "")
    num = lambda c: number(df, ACTIVITIES[c], file, col)  # noqa: E731
    size = num("size")
    _report_rows(col, file, "size", np.isfinite(size) & (tpl == "").to_numpy() & ~bad_tpl,
                 Phrase("sit_size_template"))
    # a templated activity states its size: the catalogue's `default_size` was used where the
    # cell was empty, which the README never said (an emptied cell silently became 5 ha of glass)
    no_size = (tpl != "").to_numpy() & (_text(df, "size") == "").to_numpy()
    for k in np.flatnonzero(no_size)[:MAX_ROWS_LISTED]:
        t = cat[tpl.iat[k]]
        col.add(file, Phrase("sit_size_missing", template=tpl.iat[k], unit=Gloss(t["size_unit"]),
                             example=float(t["default_size"])), row=int(k) + 2, column="size")
    size = np.where((tpl == "").to_numpy(), 1.0, size)   # NaN where a template's size is missing or unreadable
    vals = {}
    for c in (*_SCALED, "revenue_eur_per_yr"):
        v = num(c)
        base = np.array([np.nan if not t else (np.nan if cat[t].get(c) == "break_even" else float(cat[t].get(c, 0)))
                         for t in tpl])
        vals[c] = np.where(np.isfinite(v), v, base * size)
    land = vals["land_ha"]
    _report_rows(col, file, "land_ha", ~np.isfinite(land) & ~no_size & ~((tpl != "").to_numpy() & np.isnan(size))
                 & ~bad_tpl,
                 Phrase("val_missing", what=Gloss("the land one instance takes (ha), or a template")))
    inv, fixed = np.nan_to_num(vals["investment_eur"]), np.nan_to_num(vals["fixed_cost_eur_per_yr"])
    # a template's break-even revenue covers exactly the annuity and fixed cost (see activities.yaml);
    # it is computed with the scenario's annuity by the cost model (`candidates.costs`)
    be = np.array([bool(t) and cat[t].get("revenue_eur_per_yr") == "break_even" for t in tpl], bool) & ~np.isfinite(
        vals["revenue_eur_per_yr"])
    rev = np.nan_to_num(vals["revenue_eur_per_yr"])
    lo, hi = num("min_count"), num("max_count")
    for c, v in (("min_count", lo), ("max_count", hi)):
        _report_rows(col, file, c, np.isfinite(v) & (v != np.round(v)),
                     Phrase("val_expected", what=Gloss("a whole number of instances")),
                     df[c] if c in df else None)
    lo, hi = np.nan_to_num(lo, nan=0.0), np.nan_to_num(hi, nan=1.0)
    _report_rows(col, file, "min_count", lo > hi, Phrase("sit_min_max"), df["min_count"] if "min_count" in df
                 else None)
    uses_txt = _text(df, "uses")
    uses = [split_uses(u) if u else list(cat[t]["uses"]) if t else [] for u, t in zip(uses_txt, tpl)]
    names = _text(df, "name")
    return pd.DataFrame({
        "activity_id": ids.to_numpy(),
        "name": [n or (cat[t]["name"] if t else i) for n, t, i in zip(names, tpl, ids)],
        "template": tpl.to_numpy(), "size": size,
        "uses": [sorted({*u, i.lower()}) for u, i in zip(uses, ids)],
        "land_ha": land, "min_count": lo.astype(int), "max_count": hi.astype(int),
        "group": _text(df, "group").to_numpy(),
        "investment_eur": inv, "fixed_cost_eur_per_yr": fixed, "revenue_eur_per_yr": rev, "break_even": be,
        "row": np.arange(2, len(df) + 2)}, columns=cols).assign(bad_template=bad_tpl)


#: a flows.csv problem said of activity_flows.csv, where the owner of a flow is an activity
_ACTIVITY_GLOSS = {"site (not in sites.csv)": "activity (not in activities.csv)", "a site id": "an activity id"}


def _of_activities(msg: str) -> str:
    """A flows.csv problem (`msg`, a Phrase or text) said of an activity's flow: its glosses
    of a site made those of an activity, so it is still said in every language; a message
    where that does not give the same English as replacing the words is replaced as text."""
    plain = str(msg).replace("site (not in sites.csv)", "activity (not in activities.csv)").replace(
        "expected a site id", "expected an activity id")
    if isinstance(msg, Phrase):
        out = _swap_glosses(msg)
        if str(out) == plain:
            return out
    return plain


def _swap_glosses(p: Phrase) -> Phrase:
    return Phrase(p.key, **{k: _swap_glosses(v) if isinstance(v, Phrase) else
                            Gloss(_ACTIVITY_GLOSS[v]) if isinstance(v, Gloss) and v in _ACTIVITY_GLOSS else v
                            for k, v in p.fields.items()})


def _validate_activity_flows(df: pd.DataFrame | None, file: str, act: pd.DataFrame, cat: Catalogue,
                             col: Collector) -> tuple[pd.DataFrame, np.ndarray | None, bool]:
    """activity_flows.csv (and the template flows of activities without rows there), checked
    by the flows.csv validator with activity_id in the place of site_id; the flows, their
    monthly profiles, and whether a table of flows could not be read (its columns)."""
    owners = pd.DataFrame({"site_id": act["activity_id"]})
    act = act.assign(has_flows=False)
    parts, profs = [], []
    if df is not None and len(df.columns):
        if "activity_id" in df.columns:
            act["has_flows"] = act["activity_id"].isin(set(df["activity_id"]))
        parts.append((df, file))
    tpl = _template_rows(act, activity_catalogue())
    if len(tpl):
        tpl.attrs["decimal_comma"] = False
        parts.append((tpl, Phrase("sit_catalogue")))
    frames, unread = [], False
    for frame, label in parts:
        sub = Collector()
        sub.sources = col.sources
        if "site_id" in frame.columns:
            col.add(label, Phrase("sit_flows_site_id"), row=1, column="site_id")
            unread = True
            continue
        # the columns checked as the file has them: checked after the renaming below, a
        # missing column was said with 'site_id' in the header the file was said to have
        sub.warn = col.warn
        if not check_columns(frame, label, ACTIVITY_FLOWS, sub):
            col.problems.extend(sub.problems)
            unread = True
            continue
        ren = frame.rename(columns={"activity_id": "site_id"})
        ren.attrs.update(frame.attrs)
        # the columns checked once, above; the user's cells warned of as flows.csv's (a dotted
        # thousands figure, `io.numbers`: with no `warn` here, '120.000' was read 120 unsaid)
        sub.warn = col.warn if label == file else None
        out = validate_flows(ren, label, owners, cat, sub, owner=not_in(col, "activity", "activities"),
                             columns_checked=True)
        prof = parse_profiles(ren, label, sub) if len(ren) else None
        for p in sub.problems:
            column = "activity_id" if p.column == "site_id" else p.column
            col.problems.append(Problem(p.file, _of_activities(p.message), p.row, column))
        if label == file and col.warn is not None and len(out):
            # the user's rows said as flows.csv's (`io.unitslips`): a price per kWh, a CO2 factor
            # in kg, an electrolyser per kW (the catalogue's rows are per base unit already)
            warn_flow_units(out, file, cat, col.warn)
            warn_low_pressures(out, file, cat, col.warn)   # below 1 bar (io.netwarn)
        if len(out):
            frames.append(out.rename(columns={"site_id": "activity_id"}))
            profs.append(prof if prof is not None else np.full((len(out), 12), 1.0 / 12.0))
    if not frames:
        return pd.DataFrame(columns=["activity_id"]), None, unread
    flows = pd.concat(frames, ignore_index=True)
    # an id of the file that a template's flow has too (a duplicate within the file is said at
    # its row by the flows' check: it was said twice, the second time blaming a template when
    # no activity had one)
    part = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    ids = pd.DataFrame({"flow_id": flows["flow_id"].to_numpy(), "part": part}).drop_duplicates()
    for fid in ids.loc[ids["flow_id"].duplicated(), "flow_id"].unique()[:5]:
        col.add(file, Phrase("sit_template_flow_id", id=fid), column="flow_id")
    anyp = any(p is not None and not np.allclose(p, 1 / 12) for p in profs)
    return flows, (np.vstack(profs) if anyp else None), unread


def _warn_break_even(raw: pd.DataFrame, a: pd.DataFrame, file: str, warn: Collector) -> None:
    """A cost given on a break-even template's row without a revenue: the revenue is made equal
    to the annuity and fixed cost (`candidates.costs.placement_costs`), whatever they are, so the
    figure changed nothing in the activity's net cost (900 M EUR/yr of fixed cost on fos_siting's
    glasshouse left its plan at 8,810,329 EUR/yr) without a word: said, with the template's own."""
    cat = activity_catalogue()
    for k in np.flatnonzero(a["break_even"].to_numpy(bool))[:MAX_ROWS_LISTED]:
        given = [c for c in ("investment_eur", "fixed_cost_eur_per_yr") if c in raw and str(raw[c].iat[k]).strip()]
        if not given:
            continue
        t, size = cat[a["template"].iat[k]], float(a["size"].iat[k])
        aid = str(a["activity_id"].iat[k])
        warn.add(file, Phrase("sit_break_even_cost", activity=aid, de=i18n.de(aid, "fr"), template=a["template"].iat[k],
                              column=given[0], given=float(a[given[0]].iat[k]),
                              inv=float(t.get("investment_eur", 0)) * size,
                              fixed=float(t.get("fixed_cost_eur_per_yr", 0)) * size),
                 row=int(a["row"].iat[k]), column=given[0])


def validate_siting(plots: pd.DataFrame, activities: pd.DataFrame, activity_flows: pd.DataFrame | None,
                    labels: dict[str, str], sites: pd.DataFrame, cat: Catalogue, params: Parameters,
                    col: Collector, warn: Collector | None = None) -> Siting:
    """The three siting tables (text frames) → a validated `Siting` (amounts in base units).

    Problems are added to `col`; the caller raises them with the other tables'. Plausible
    but odd plots (far from the territory) go to `warn`."""
    p = _validate_plots(plots, labels.get("plots", "plots"), sites, params, col,
                        warn if warn is not None else Collector(), labels.get("parameters", "scenario.yaml"))
    a = _validate_activities(activities, labels.get("activities", "activities"), col)
    bad_tpl = a.pop("bad_template").to_numpy(bool) if "bad_template" in a else np.zeros(len(a), bool)
    if warn is not None and len(a):
        _warn_break_even(activities, a, labels.get("activities", "activities"), warn)
    if len(p) and len(a):
        _name_uses(p, a, labels.get("plots", "plots"), warn if warn is not None else Collector())
    f, prof, unread = _validate_activity_flows(activity_flows, labels.get("activity_flows", "activity_flows"), a, cat,
                                               col)
    # an activity refused on its own row (no id, a template without a usable size) has no
    # template flows: not said again below
    refused = ((a["activity_id"] == "") | ((a["template"] != "") & ~(a["size"].to_numpy(float) > 0))).to_numpy(bool)
    refused = refused | bad_tpl
    if unread or refused.all():
        pass   # which activities have flows is not known (the columns' problem is said alone), or none is read
    elif len(a) and len(f.columns) > 1:
        has = a["activity_id"].isin(set(f["activity_id"])) | refused
        for r in a.loc[~has, "row"].head(5):
            col.add(labels.get("activities", "activities"), Phrase("sit_activity_no_flows", t=source(col, "activity_flows")), row=int(r),
                    column="activity_id")
    elif len(a):
        col.add(labels.get("activities", "activities"), Phrase("sit_no_activity_flows", t=source(col, "activity_flows")))
    if len(plots) and not len(p) and not col.problems:
        col.add(labels.get("plots", "plots"), Phrase("sit_no_plots"))
    if not len(plots) and len(plots.columns):   # a header alone: every activity was 'max_count is 0'
        col.add(labels.get("plots", "plots"), Phrase("sit_no_plots"))
    if not len(activities):   # a header alone: nothing to place (it went on to a traceback)
        col.add(labels.get("activities", "activities"), Phrase("sit_no_activities"))
    out = Siting(plots=p, activities=a, flows=f, profiles=prof)
    if warn is not None and not col.problems and len(p) and len(a) and params.siting.max_new_land_take_ha is not None:
        _warn_idle_budgets(out, params, labels.get("plots", "plots"), labels.get("parameters", "scenario.yaml"), warn)
    return out
