"""Compare two run directories: links added, removed or changed, with the change in amount,
net benefit and CO2, and the totals per zone.

An exchange's figure in the text is matches.csv's `net_benefit_after_shares_eur_per_yr`
(`results.shares`, the brief's figure): a shared network's delivery after its share of the
network's cost, a hub's delivery after its share of the hub's cost and of the legs into it
(which pass theirs on: 0; a hub standing on a shared network splits its cost between its legs
out and the network's share by the amounts, `results.hubsplit`, and its legs in are the network's
injections), every other exchange its own (an injection: the value the supplier
gets for what it injects, less its connection); so the changes of all exchanges add up to
the change of the headline. An exchange's CO2 likewise, matches.csv's
`co2_avoided_after_shares_t_per_yr` (a hub's deliveries bear the CO2 of the legs into it, which
count 0; every other exchange its own), so that the per-exchange CO2 changes add up to the
change of the headline CO2 as the money does. A change that rounds to 0 EUR/yr is not written: an
injection whose heat is worth nothing to its supplier (the value is counted where the heat is
delivered) would read "+0 EUR/yr" however much more it injects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.candidates.network import network_of, party_id
from eitflow.results.rundir import LINK_KEY, RunData, read_run
from eitflow.results.zones import flow_places, site_zones

COMPARE_COLUMNS = ["change", *LINK_KEY, "unit", "amount_a", "amount_b", "amount_delta", "demand_unit", "demand_amount_a",
                   "demand_amount_b", "net_benefit_a_eur_per_yr",
                   "net_benefit_b_eur_per_yr", "net_benefit_delta_eur_per_yr", "net_benefit_after_shares_a_eur_per_yr",
                   "net_benefit_after_shares_b_eur_per_yr", "net_benefit_after_shares_delta_eur_per_yr",
                   "co2_a_t_per_yr", "co2_b_t_per_yr", "co2_delta_t_per_yr", "co2_after_shares_a_t_per_yr",
                   "co2_after_shares_b_t_per_yr", "co2_after_shares_delta_t_per_yr", "source_zone", "sink_zone"]
AFTER = "net_benefit_after_shares_eur_per_yr"
CO2_AFTER = "co2_avoided_after_shares_t_per_yr"

#: a party's or a zone's id -> the name people read (`report.names` gives them to the CLI)
Namer = Callable[[str], str]

#: the figures compared per link: matches.csv's column, and the stem and unit of its columns
#: here (``{stem}_a{unit}``, ``{stem}_b{unit}``, ``{stem}_delta{unit}``)
_FIGURES = (("amount", "amount", ""), ("net_benefit_eur_per_yr", "net_benefit", "_eur_per_yr"),
            (AFTER, "net_benefit_after_shares", "_eur_per_yr"), ("co2_avoided_t_per_yr", "co2", "_t_per_yr"),
            (CO2_AFTER, "co2_after_shares", "_t_per_yr"))


def _zone_lookup(*site_tables: pd.DataFrame | None) -> pd.Series:
    parts = [site_zones(s) for s in site_tables if s is not None]
    if not parts:
        return pd.Series(dtype=object)
    z = pd.concat(parts[::-1])  # run B's zones win
    return z[~z.index.duplicated(keep="first")]


def compare_matches(a: pd.DataFrame, b: pd.DataFrame, zone_of: pd.Series | None = None) -> pd.DataFrame:
    """Links of two match tables side by side: change (added | removed | changed | unchanged),
    amounts sent (supply base unit/yr, `unit`) and received (matches.csv's `demand_amount`, the
    demand's base unit/yr, `demand_unit`: a converted or lossy exchange's user gets another
    amount; NaN from a run written before it), net benefit (EUR/yr) and after the shares of networks and
    hubs (EUR/yr, matches.csv's; NaN where a run written before them does not know it, as
    `read_run` reads it; without the column, a table without network or hub: its own net
    benefit), CO2 (tCO2/yr) and after the hubs' share (tCO2/yr, matches.csv's, unknown and
    without the column likewise), and zones."""
    # one link per transport mode: a pair by truck in A and by pipe in B is one link removed and
    # one added; against a run written before the mode, the links of one pair are one
    key = LINK_KEY + (["mode"] if "mode" in a and "mode" in b else [])
    a, b = (t if AFTER in t else t.assign(**{AFTER: t["net_benefit_eur_per_yr"]}) for t in (a, b))
    a, b = (t if CO2_AFTER in t else t.assign(**{CO2_AFTER: t["co2_avoided_t_per_yr"]}) for t in (a, b))
    # what the user receives (`results.sentgot`): unknown (NaN) in a run written before it
    a, b = (t if "demand_amount" in t else t.assign(demand_amount=np.nan, demand_unit=None) for t in (a, b))
    cols = key + ["unit", "demand_unit", "demand_amount", *(c for c, _, _ in _FIGURES)]
    a, b = (_one_row_per_link(t[cols], key) for t in (a, b))
    m = a[cols].merge(b[cols], on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    m["unit"] = m["unit_a"].where(m["unit_a"].notna(), m["unit_b"])
    m["demand_unit"] = m["demand_unit_a"].where(m["demand_unit_a"].notna(), m["demand_unit_b"])
    ind = m["_merge"].astype(str).to_numpy()
    for c in ("demand_amount", *(c for c, _, _ in _FIGURES)):
        # 0 in the run without the link; a figure unknown in a run that has it stays unknown
        m[c + "_a"] = m[c + "_a"].astype(float).mask(ind == "right_only", 0.0)
        m[c + "_b"] = m[c + "_b"].astype(float).mask(ind == "left_only", 0.0)
    out = pd.DataFrame({c: m[c] for c in key})
    out["unit"] = m["unit"]
    out["demand_unit"] = m["demand_unit"]
    out["demand_amount_a"], out["demand_amount_b"] = m["demand_amount_a"], m["demand_amount_b"]
    for c, stem, unit in _FIGURES:   # each figure in A, in B, and B less A (COMPARE_COLUMNS orders them)
        out[f"{stem}_a{unit}"], out[f"{stem}_b{unit}"] = m[c + "_a"], m[c + "_b"]
        out[f"{stem}_delta{unit}"] = m[c + "_b"] - m[c + "_a"]
    moved = ~np.isclose(out["amount_a"].to_numpy(float), out["amount_b"].to_numpy(float), rtol=1e-9, atol=1e-9)
    out["change"] = np.select([ind == "right_only", ind == "left_only", moved], ["added", "removed", "changed"],
                              "unchanged")
    zl = zone_of if zone_of is not None else pd.Series(dtype=object)
    # the places of zone_flows.csv: a shared network's end is the network itself ("network:heat"),
    # as in `eitflow zones` and the report (it read "(no zone)" here)
    out["source_zone"] = flow_places(zl, out["source_site"])
    out["sink_zone"] = flow_places(zl, out["sink_site"])
    order = {"added": 0, "removed": 1, "changed": 2, "unchanged": 3}
    out["_o"] = out["change"].map(order)
    out["_b"] = -out["net_benefit_after_shares_delta_eur_per_yr"].abs().fillna(0.0)   # the figure shown
    out = out.sort_values(["_o", "_b", *key], kind="stable").drop(columns=["_o", "_b"])
    return out.reset_index(drop=True)[COMPARE_COLUMNS + key[len(LINK_KEY):]]


def _one_row_per_link(t: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """`t` with the rows of one link (`key`) added up (amounts, EUR/yr, tCO2/yr; a figure unknown
    in one row, NaN, unknown in the sum): a run with the mode compared with one written before it,
    whose truck and pipe between one pair are then one link, not two rows each matched twice."""
    if not t.duplicated(key).any():
        return t
    num = [c for c in t.columns if c not in key and c not in ("unit", "demand_unit")]
    g = t.groupby(key, sort=False, dropna=False)
    out = g[num].agg(lambda s: s.astype(float).sum(skipna=False))
    out["unit"] = g["unit"].first()
    if "demand_unit" in t:
        out["demand_unit"] = g["demand_unit"].first()
    return out.reset_index()[t.columns]


def zone_deltas(zones_a: pd.DataFrame, zones_b: pd.DataFrame) -> pd.DataFrame:
    """Per zone, the change from run A to run B of its net benefit (EUR/yr) and CO2 avoided
    (tCO2/yr), from the runs' zones.csv (the default allocation, `results.zones`); a zone
    absent from one run counts 0 there."""
    cols = ["net_benefit_eur_per_yr", "co2_avoided_t_per_yr"]
    out_cols = ["zone", "net_benefit_delta_eur_per_yr", "co2_delta_t_per_yr"]
    za = zones_a.set_index("zone")[cols].astype(float) if len(zones_a) else pd.DataFrame(columns=cols, dtype=float)
    zb = zones_b.set_index("zone")[cols].astype(float) if len(zones_b) else pd.DataFrame(columns=cols, dtype=float)
    idx = sorted(set(za.index) | set(zb.index))
    if not idx:
        return pd.DataFrame(columns=out_cols)
    d = zb.reindex(idx, fill_value=0.0) - za.reindex(idx, fill_value=0.0)
    return pd.DataFrame({"zone": idx, "net_benefit_delta_eur_per_yr": d[cols[0]].to_numpy(float) + 0.0,
                         "co2_delta_t_per_yr": d[cols[1]].to_numpy(float) + 0.0}, columns=out_cols)


def _given_options(block: dict | None) -> dict | None:
    """A `networks.<resource>` block of summary.json without the options at their default."""
    from eitflow.scenario import NetworkOptions

    if block is None:
        return None
    fields = NetworkOptions.model_fields
    return {k: v for k, v in block.items() if k not in fields or v != fields[k].default}


# a scenario's free text, not a parameter of its model: two runs with their own descriptions
# printed both texts in full on the parameters' line (the name, short, is still said)
_LABELS = {"description"}


_LAND_BUDGETS = "siting.max_new_land_take_ha"


def _budgets_of(v: object) -> dict:
    """`siting.max_new_land_take_ha` as a mapping of territories (`total`: the whole scenario's)."""
    return dict(v) if isinstance(v, dict) else {} if v is None else {"total": v}


def _said_change(key: str, a: object, b: object, lang: str) -> str:
    """A parameter change in words (`i18n.parameter_change`); a territory's land-take budget
    as 'budget d'artificialisation nouvelle (200046977) 4 -> 6 ha'."""
    if key.startswith(_LAND_BUDGETS + "."):
        code = key[len(_LAND_BUDGETS) + 1:]
        said = i18n.parameter_change(_LAND_BUDGETS, a, b, lang)
        label = i18n.parameter_label(_LAND_BUDGETS, lang) or ""
        head = label.rsplit(" (", 1)[0]
        return said.replace(head, f"{head} ({i18n.text('land_total', lang) if code == 'total' else code})", 1)
    return i18n.parameter_change(key, a, b, lang)


def _param_changes(pa: dict, pb: dict, prefix: str = "") -> list[tuple[str, object, object]]:
    """(dotted key, value in A, value in B) of each parameter that differs (summary.json's;
    not the scenario's description)."""
    out = []
    for key in sorted((set(pa) | set(pb)) - (_LABELS if not prefix else set())):
        a, b = pa.get(key), pb.get(key)
        if f"{prefix}{key}" == _LAND_BUDGETS and (isinstance(a, dict) or isinstance(b, dict)):
            # budgets per territory: a plain number is the whole scenario's (`total`), compared per territory
            out += _param_changes(_budgets_of(a), _budgets_of(b), f"{prefix}{key}.")
        elif isinstance(a, dict) and isinstance(b, dict):
            out += _param_changes(a, b, f"{prefix}{key}.")
        elif prefix == "networks." and (a is None) != (b is None):
            # a network in one run only: its options that are not at their default say what it is
            out.append((f"{prefix}{key}", _given_options(a), _given_options(b)))
        elif a != b:
            out.append((f"{prefix}{key}", a, b))
    return out


def _derived_gas(summary: dict, key: str, v: object, lang: str) -> object:
    """A hydrogen network's purity or pressure the run did not give (`networks.<r>.purity`,
    `.pressure_bar`: None) as the run set it from its supplies (summary.json's `networks`), with
    'default': "pression du réseau d'hydrogène 15 (par défaut) -> 30 bar", where it said
    "par défaut -> 30 bar", leaving the analyst to find the 15 bar the pipes were sized at."""
    parts = key.split(".")
    if v is not None or len(parts) != 3 or parts[0] != "networks" or parts[2] not in ("purity", "pressure_bar"):
        return v
    got = (((summary.get("networks") or {}).get("by_resource") or {}).get(parts[1]) or {}).get(parts[2])
    if got is None:
        return v
    said = i18n.amount(got, lang, 6 if parts[2] == "purity" else 3)
    return f"{said} ({i18n.text('param_default', lang)})"


def compare_lang(summary_b: dict, lang: str | None = None) -> str:
    """The language of a comparison: `lang` if given, else run B's (its summary.json's
    `parameters.lang`), else English. `compare_runs` and `eitflow compare` both read it here."""
    return i18n.resolve_lang(lang, (summary_b.get("parameters") or {}).get("lang"))


def run_namers(ra: RunData, rb: RunData, lang: str) -> tuple[Namer, Namer]:
    """How the text names a party and a zone, in `lang`: a site by its name in either run's
    sites.csv, a shared network by its name ("Réseau de chaleur"), the sites without a zone as
    "(sans zone)" (`results.names`): what `eitflow compare` and `compare_runs` print."""
    from eitflow.results.names import run_names, zone_label

    known = {**run_names(ra, lang), **run_names(rb, lang)}   # sites and networks of both runs
    return (lambda p: known.get(str(p), str(p))), (lambda z: zone_label(z, lang))


def compare_runs(run_a_dir: str | Path, run_b_dir: str | Path, lang: str | None = None,
                 names: Callable[[RunData, RunData], tuple[Namer, Namer]] | None = None
                 ) -> tuple[pd.DataFrame, str]:
    """What changed from run A to run B (two run directories written by `results.rundir.write_run`).

    Returns (table, text): the `compare_matches` table (one row per link in either run, raw
    ids) and a short summary in `lang` (en, fr; default: run B's, `compare_lang`): statuses and
    objectives (each run's note under its line, `results.summary.run_note`), parameter changes, links added / removed / changed, totals and their change
    (summary.json, EUR/yr, tCO2/yr, EUR), per-zone changes (zones.csv: the default allocation of
    `results.zones`; zone labels of links from the runs' inputs). `names(run_a, run_b)` gives the
    two functions naming a party (site id or network id) and a zone in the text; without it,
    `run_namers`' (the names `eitflow compare` prints, in `lang`).
    """
    from eitflow.results.summary import run_note, status_line

    ra, rb = read_run(run_a_dir), read_run(run_b_dir)
    lang = compare_lang(rb.summary, lang)
    party, zone = (names or (lambda a, b: run_namers(a, b, lang)))(ra, rb)
    sa, sb = ra.summary, rb.summary
    table = compare_matches(ra.matches, rb.matches, _zone_lookup(ra.sites, rb.sites))
    n = table["change"].value_counts()
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    unit = lambda u: i18n.unit(u, lang)  # noqa: E731

    def tot(s: dict, key: str) -> float:
        return float((s.get("totals") or {}).get(key, 0.0) or 0.0)

    def line(key: str, u: str) -> str:
        # to the decimals of its unit, as the zone lines and the status lines (CO2: 16 143,1 ->
        # 16 132,9 tCO2/an (-10,2); it said 16 143 -> 16 133 (-10) beside a zone's -10,2)
        a, b, dec = tot(sa, key), tot(sb, key), i18n.column_parts(key)[2] or 0
        return t("cmp_total", label=i18n.column_label(key, lang, with_unit=False), a=i18n.number(a, lang, dec),
                 b=i18n.number(b, lang, dec), unit=unit(u), delta=_signed(b - a, lang, dec))

    # each run's status line and, under it, its note as `eitflow run` said it (heat levels rounded,
    # a component left off: a run stopped short said only 'feasible' before)
    lines = [f"A: {run_a_dir} - {status_line(sa, lang)}", *filter(None, [run_note(sa, lang)]),
             f"B: {run_b_dir} - {status_line(sb, lang)}", *filter(None, [run_note(sb, lang)])]
    changes = [(k, _derived_gas(sa, k, a, lang), _derived_gas(sb, k, b, lang))
               for k, a, b in _param_changes(sa.get("parameters") or {}, sb.get("parameters") or {})]
    if changes:
        said = [_said_change(k, a, b, lang) for k, a, b in changes]   # named, with units
        lines.append(t("cmp_parameters", changes=t("list_sep").join(said)))
    lines.append(t("cmp_links", **{c: i18n.number(int(n.get(c, 0)), lang)
                                   for c in ("added", "removed", "changed", "unchanged")}))
    lines += [line("net_benefit_eur_per_yr", "EUR/yr"), line("co2_avoided_t_per_yr", "tCO2/yr"),
              line("investment_eur", "EUR")]
    lines += _network_lines(sa, sb, party, lang)
    lines += _heat_pump_lines(sa, sb, lang)
    lines += _unit_lines(ra, rb, party, lang)
    lines += _placement_lines(ra, rb, lang)
    # a run without zones.csv (a sweep's run written with `outputs: tables`) has no figures per
    # zone, not zones at 0: its zones read "-10,324,973 EUR/yr" each, adding up to minus the other
    # run's whole benefit beside a headline of -2,504,304; said instead, the zones left out
    no_zones = [k for k, r in (("A", ra), ("B", rb)) if not (r.run_dir / "zones.csv").is_file()]
    if no_zones:
        lines.append(t("cmp_zones_missing_both") if len(no_zones) == 2 else t("cmp_zones_missing", run=no_zones[0]))
    zd = zone_deltas(ra.zones, rb.zones) if not no_zones else zone_deltas(ra.zones.iloc[:0], rb.zones.iloc[:0])
    # a figure that rounds to nothing as shown ("+0 EUR/yr", "+0.0 tCO2/yr") says nothing: a zone
    # line gives the figures that changed as shown, and a zone with neither is left out
    for z, nb, co2 in zd.itertuples(index=False):
        said = ([f"{_signed(nb, lang)} {unit('EUR/yr')}"] if abs(nb) >= 0.5 else []) + \
               ([f"{_signed(co2, lang, 1)} {unit('tCO2/yr')}"] if abs(co2) >= 0.05 else [])
        if said:
            lines.append(t("cmp_zone", zone=zone(z), figures=", ".join(said)))
    # an exchange of the same amount whose figure after the shares changed is a change too: a
    # network that grew to serve Chaligny left its six other deliveries at the same amounts but
    # 25,165 to 108,284 EUR/yr lower each (their shares of its cost), which the text left out, so
    # its lines (+327,318 and +3,212 EUR/yr) did not add up to the headline's -30,070
    share_moved = table["net_benefit_after_shares_delta_eur_per_yr"].astype(float).abs().fillna(0.0) >= 0.5
    moved = table[(table["change"] != "unchanged") | share_moved]
    # the five largest changes in EUR/yr, whatever their kind (the table itself stays added,
    # removed, changed): ordered by kind first, five small injections with no money figure came
    # before a -89,000 EUR/yr delivery; a change without a figure (unknown, or 0) comes last
    size = moved["net_benefit_after_shares_delta_eur_per_yr"].astype(float).abs().fillna(0.0)
    top = moved.loc[size.sort_values(ascending=False, kind="stable").index[:5]]
    for r in top.itertuples(index=False):
        # the resource after the two ends, as a figure's label ("chaleur 3 629 -> 3 670 MWh/an"),
        # not in brackets after a name that may end in brackets itself ("Chaligny (centre)");
        # an end that is the resource's network already says it ("Réseau de chaleur")
        by_net = r.supply_resource in (network_of(str(r.source_site)), network_of(str(r.sink_site)))
        d = float(r.net_benefit_after_shares_delta_eur_per_yr)
        shown = np.isfinite(d) and abs(d) >= 0.5    # "+0 EUR/yr" says nothing; unknown is not 0
        # how it carries ("good by truck", "chaleur par canalisation"): a truck removed and a pipe
        # added between one pair read as the same link twice; a run before the mode says none
        mode = str(getattr(r, "mode", "") or "")
        by = t("cmp_by_mode", mode=i18n.text(f"mode_{mode}", lang) if i18n.has_text(f"mode_{mode}") else mode) \
            if mode and mode != "nan" else ""
        net = f", {_signed(d, lang)} {unit('EUR/yr')}" if shown else ""
        if said := _sent_received_pair(r, lang):   # converted or lossy: what is received too, as every view
            lines.append(t("cmp_link_said", change=t(f"cmp_{r.change}"), source=party(r.source_site),
                           sink=party(r.sink_site), mode="" if by_net else by, said=said, net=net))
            continue
        lines.append(t("cmp_link_network" if by_net else "cmp_link", change=t(f"cmp_{r.change}"),
                       source=party(r.source_site), sink=party(r.sink_site),
                       resource=i18n.resource_name(r.supply_resource, lang), mode=by, a=i18n.amount(r.amount_a, lang),
                       b=i18n.amount(r.amount_b, lang), unit=unit(r.unit), net=net))
    if len(moved) > len(top):   # the list is the largest changes only: say so
        lines.append(t("cmp_more", n=i18n.number(len(moved) - len(top), lang)))
    # a run stopped short of its bound may hold any plan within its gap: changes of the plan may
    # then be the solver's, not the parameters' (the `init` template's gap target, 0.1 %: a carbon
    # price doubled moved 14,000 MWh/yr of heat from one source to another only because run A had
    # stopped 0.05 % short); the solver's noise is no gap (`i18n.gap_shows`: a run proven optimal whose
    # bound is 1e-7 above its objective read 'B stopped 0.0000% from its bound (0 tCO2/yr)'), and
    # the amount keeps the digits that say it (0.3 tCO2/yr, not 0)
    short = [(k, s) for k, s in (("A", sa), ("B", sb)) if isinstance(s.get("gap"), (int, float))
             and i18n.gap_shows(s["gap"]) and isinstance(s.get("bound"), (int, float))
             and isinstance(s.get("objective"), (int, float))]
    # only where the plan itself changed (a link added, removed or its amount moved): a run whose
    # shares alone moved (a carbon price raised: every link's figure after the hubs' CO2 share) has
    # the same plan, and 'a change of the plan ... may be the solver's' said of none misleads
    if (table["change"] != "unchanged").any() and short:
        lines.append(t("cmp_gap_note", runs=t("list_sep").join(
            t("cmp_gap_run", run=k, gap=i18n.gap_percent(float(s["gap"]), lang),
              amount=i18n.amount(abs(float(s["bound"]) - float(s["objective"])), lang),
              unit=unit(str(s.get("objective_unit") or ""))) for k, s in short)))
    return table, "\n".join(lines)


def _sent_received_pair(r, lang: str) -> str:
    """A row of `compare_matches` whose user receives another amount than is sent in run A or
    run B (a converted exchange, heat losing some in its pipe; `results.sentgot.received_differs`)
    said as every view says one exchange, each figure run A's -> run B's: 'heat, 20,000 -> 0
    MWh/yr sent, 19,900 -> 0 received'; "" for an exchange received as sent in both (its
    supply's amounts say both) or runs written before `demand_amount`."""
    from eitflow.results.sentgot import received_differs, sent_received_phrase

    du = getattr(r, "demand_unit", None)
    if not isinstance(du, str) or not any(received_differs(s, str(r.unit), g, du) for s, g in
                                          ((r.amount_a, r.demand_amount_a), (r.amount_b, r.demand_amount_b))):
        return ""
    pair = lambda a, b: f"{i18n.amount(a, lang)} -> {i18n.amount(b, lang)}"  # noqa: E731
    return sent_received_phrase(str(r.supply_resource), pair(r.amount_a, r.amount_b), str(r.unit),
                                str(r.demand_resource), pair(r.demand_amount_a, r.demand_amount_b), du).say(lang)


def _signed(v: float, lang: str, digits: int = 0) -> str:
    """A change as shown: its sign always written ("+164 571", "-10"); one that rounds to nothing
    is "+0" (two runs 1.2e-10 EUR/yr apart read "82,951 -> 82,951 EUR/yr (-0)")."""
    import eitflow.i18n as i18n

    s = i18n.number(v, lang, digits)
    if s.startswith("-") and not any(c in "123456789" for c in s):
        s = s[1:]
    return s if s.startswith("-") else "+" + s


def _network_lines(sa: dict, sb: dict, party: Namer, lang: str) -> list[str]:
    """One line per shared network whose corridors or cost changed between the runs (summary.json's
    networks.by_resource: corridors built, km, annual cost in EUR/yr); a network in one run
    only counts 0 in the other (the point-to-point variant against the network). Its annual cost
    is what its users share (network_shares.csv's `cost_share_eur_per_yr`): the corridors' and
    the part of the hubs standing on it that is the network's (`results.hubsplit`), said apart
    where there is one; the line read the corridors' alone, and a hub's cost moved on the
    network said nothing (a CO2 hub of 10,000 -> 20,000 EUR/yr, 70 % of it the pipe's)."""
    import eitflow.i18n as i18n

    na, nb = (((s.get("networks") or {}).get("by_resource")) or {} for s in (sa, sb))
    out = []
    for r in sorted(set(na) | set(nb)):
        a, b = na.get(r) or {}, nb.get(r) or {}
        k = [int(x.get("corridors_built") or 0) for x in (a, b)]
        km = [float(x.get("length_built_km") or 0.0) for x in (a, b)]
        hubs = [float(x.get("hubs_annual_cost_eur_per_yr") or 0.0) for x in (a, b)]
        cost = [float(x.get("annual_cost_eur_per_yr") or 0.0) + h for x, h in zip((a, b), hubs)]
        if not (k[0] == k[1] and round(km[0], 1) == round(km[1], 1) and round(cost[0]) == round(cost[1])):
            eur = i18n.unit("EUR/yr", lang)
            of_hubs = i18n.text("cmp_network_hubs", lang, ha=i18n.number(hubs[0], lang), hb=i18n.number(hubs[1], lang),
                                unit=eur) if round(hubs[0]) or round(hubs[1]) else ""
            out.append(i18n.text("cmp_network", lang, net=party(party_id(r)), ka=i18n.number(k[0], lang),
                                 kb=i18n.number(k[1], lang), kma=i18n.number(km[0], lang, 1),
                                 kmb=i18n.number(km[1], lang, 1), ca=i18n.number(cost[0], lang),
                                 cb=i18n.number(cost[1], lang), unit=eur,
                                 delta=_signed(cost[1] - cost[0], lang), hubs=of_hubs))
        # what its corridors lose (summary.json's balance, `results.netbalance`): a change of route
        # or of temperature changes it with the same corridors and cost
        # (a network in one run only, or carrying nothing, balance null, loses 0; a run written
        # before the balance, no key, says nothing of it, so neither does the line)
        loss = [(x["balance"] or {}).get("losses", 0.0) if "balance" in x else (None if x else 0.0) for x in (a, b)]
        if all(v is not None for v in loss) and any(x for x in (a, b)):
            la, lb = (float(v or 0.0) for v in loss)
            u = str((b.get("balance") or a.get("balance") or {}).get("unit") or "")
            if round(la) != round(lb):
                out.append(i18n.text("cmp_network_losses", lang, net=party(party_id(r)), a=i18n.number(la, lang),
                                     b=i18n.number(lb, lang), unit=i18n.unit(u, lang), delta=_signed(lb - la, lang)))
        # existing pipes in use are no corridor built: a run taking one up changed nothing above
        e = [int(x.get("existing_in_use") or 0) for x in (a, b)]
        ekm = [float(x.get("length_existing_km") or 0.0) for x in (a, b)]
        if e[0] != e[1] or round(ekm[0], 1) != round(ekm[1], 1):
            out.append(i18n.text("cmp_network_existing", lang, net=party(party_id(r)), ea=i18n.number(e[0], lang),
                                 eb=i18n.number(e[1], lang), kma=i18n.number(ekm[0], lang, 1),
                                 kmb=i18n.number(ekm[1], lang, 1)))
    return out


def _heat_pump_lines(sa: dict, sb: dict, lang: str) -> list[str]:
    """One line when the heat pumps changed between the runs (summary.json's heat_pumps,
    `results.heatpumps`): exchanges through one and those at a network's injection, their
    electricity (MWh/yr) and annual cost (electricity and annuity, EUR/yr, both in the net
    benefit); a run written before the block (either) says nothing."""
    import eitflow.i18n as i18n

    ha, hb = (s.get("heat_pumps") for s in (sa, sb))
    if not (isinstance(ha, dict) and isinstance(hb, dict)):   # unknown in a run written before: not 0
        return []

    def f(h: dict, k: str) -> float:
        return float(h.get(k) or 0.0)

    cost = [f(h, "electricity_eur_per_yr") + f(h, "capacity_eur_per_yr") for h in (ha, hb)]
    n = [int(f(h, "exchanges")) for h in (ha, hb)]
    inj = [int(f(h, "at_injection")) for h in (ha, hb)]
    mwh = [f(h, "electricity_mwh_per_yr") for h in (ha, hb)]
    if n[0] == n[1] and inj[0] == inj[1] and round(mwh[0]) == round(mwh[1]) and round(cost[0]) == round(cost[1]):
        return []
    num = lambda v: i18n.number(v, lang)  # noqa: E731
    return [i18n.text("cmp_heat_pumps", lang, na=num(n[0]), nb=num(n[1]), ia=num(inj[0]), ib=num(inj[1]),
                      wa=num(mwh[0]), wb=num(mwh[1]), mwh=i18n.unit("MWh/yr", lang), ca=num(cost[0]), cb=num(cost[1]),
                      unit=i18n.unit("EUR/yr", lang), delta=_signed(cost[1] - cost[0], lang))]


def _unit_lines(ra: RunData, rb: RunData, party: Namer, lang: str) -> list[str]:
    """One line per unit built for a supply (supplies_built.csv: an electrolyser) whose
    capacity (base units/yr) or investment (EUR) changed between the runs; a unit built in one
    run only has 0 in the other (a run written before the file: no line)."""
    import eitflow.i18n as i18n

    cols = ["flow_id", "site_id", "unit", "capacity", "investment_eur"]
    a, b = (pd.DataFrame(columns=cols) if t is None else t[cols] for t in (ra.supplies_built, rb.supplies_built))
    m = a.merge(b, on=["flow_id", "site_id"], how="outer", suffixes=("_a", "_b"))
    out = []
    for r in m.to_dict("records"):
        cap = [0.0 if pd.isna(r[f"capacity_{k}"]) else float(r[f"capacity_{k}"]) for k in "ab"]
        inv = [0.0 if pd.isna(r[f"investment_eur_{k}"]) else float(r[f"investment_eur_{k}"]) for k in "ab"]
        if round(cap[0], 1) == round(cap[1], 1) and round(inv[0]) == round(inv[1]):
            continue
        u = r["unit_b"] if isinstance(r["unit_b"], str) else r["unit_a"]
        out.append(i18n.text("cmp_unit", lang, flow=r["flow_id"], site=party(str(r["site_id"])),
                             ca=i18n.number(cap[0], lang, 1), cb=i18n.number(cap[1], lang, 1), unit=i18n.unit(u, lang),
                             ia=i18n.number(inv[0], lang), ib=i18n.number(inv[1], lang), eur=i18n.unit("EUR", lang),
                             delta=_signed(inv[1] - inv[0], lang)))
    return out


def _placement_lines(ra: RunData, rb: RunData, lang: str) -> list[str]:
    """One line per activity placed on a plot in one siting run only (placements.csv: `eitflow
    site`), with its net cost (EUR/yr) and investment (EUR): what moves the investment between
    two plans (Fos with and without a heat network: -160,675,967 EUR said without a word, the data
    centre's 161,200,000 left out). An activity moved to another plot is one removed, one added;
    a run that is not a siting's says nothing."""
    import eitflow.i18n as i18n

    if ra.placements is None or rb.placements is None:
        return []
    key = ["activity_id", "plot_id"]
    m = ra.placements.merge(rb.placements, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    out = []
    for side, change in (("a", "left_only"), ("b", "right_only")):
        for r in m[m["_merge"] == change].to_dict("records"):
            out.append(i18n.text("cmp_placement_removed" if side == "a" else "cmp_placement_added", lang,
                                 activity=r[f"activity_{side}"], plot=r[f"plot_{side}"],
                                 cost=i18n.number(float(r[f"cost_eur_per_yr_{side}"]), lang),
                                 unit=i18n.unit("EUR/yr", lang), inv=i18n.number(float(r[f"investment_eur_{side}"]), lang),
                                 eur=i18n.unit("EUR", lang)))
    return out
