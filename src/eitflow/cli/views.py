"""The analyses' tables as the terminal shows them: the columns that say nothing there left out
or said together, so that a table fits 120 columns (`--csv` writes every column as computed).

Each view keeps the figures as computed (`results.zones`, `analyses.alternatives`): only which
columns are shown and how two codes read together change."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.scenario import Scenario

#: zones' exchange counts, said together in one column ("4 / 2 / 0": inside, out, in)
ZONE_LINKS = {"links_inside_out_in": ("links_inside", "links_out", "links_in")}


def together(df: pd.DataFrame, said: dict[str, tuple[str, ...]], signs: tuple[str, ...] = ()) -> pd.DataFrame:
    """`df` with each group of count columns of `said` in one column at the first one's place,
    "4 / 2 / 0" (each count after its sign of `signs`, "+1 / -2"; "–" where one is missing). The
    spaces are no-break ones: the cell reads whole, as a figure does, never one count a line."""
    out = df
    for name, group in said.items():
        if not all(c in out.columns for c in group):
            continue
        at = list(out.columns).index(group[0])
        vals = out[list(group)].to_numpy(float)
        cells = ["\u00a0/\u00a0".join(f"{s}{x:.0f}" for s, x in zip(signs or ("",) * len(group), row))
                 if np.isfinite(row).all() else "–" for row in vals]
        out = out.drop(columns=list(group))
        out.insert(at, name, cells)
    return out


def zone_totals(df: pd.DataFrame, scen: Scenario) -> pd.DataFrame:
    """zones' totals without `allocation` (one rule on every row, said in the title) and, in a
    scenario without hubs, `n_hubs_built` (0 on every row): at 150 columns the thirteen columns
    were one block per zone (en 127 characters at their narrowest + 2 x 13, fr 138 + 26). The
    three exchange counts (inside, out, in) are one column, "2 / 7 / 0": French at 120 columns,
    tavaux_h2's eleven columns took 99 characters at their narrowest + 2 x 11 = 121, redon_h2's
    twelve 104 + 24 = 128, dunkerque_dh's 100 + 22 = 122 (one block per zone); three columns of 8
    ("échanges") and their 2 or 3 gaps become one of 9 ("2 / 7 / 0")."""
    drop = ["allocation"] + ([] if scen.hubs is not None and len(scen.hubs) else ["n_hubs_built"])
    return together(df.drop(columns=[c for c in drop if c in df.columns]), ZONE_LINKS)


def zone_pairs(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """zones' exchanges by pair of zones in fewer columns, each figure kept: without `inside`
    (the two zones' names say it), the resources in one column ("heat"; "sludge → fertiliser"
    where what is used is another resource than what is supplied) and, where every row's
    amount received is in the unit of its amount, one unit after the two amounts. zae_example
    at 120 columns was one block per pair: thirteen columns of at least 117 characters in
    English (121 in French) + 2 x 13 between them; now ten of 90 (99) + 2 x 10."""
    out = df.drop(columns=[c for c in ("inside",) if c in df.columns])
    if {"supply_resource", "demand_resource"} <= set(out.columns):
        said = [i18n.resource_pair(a, b, lang)
                for a, b in zip(out["supply_resource"].astype(str), out["demand_resource"].astype(str))]
        at = list(out.columns).index("supply_resource")
        out = out.drop(columns=["supply_resource", "demand_resource"])
        out.insert(at, "resources_supplied_used", said)
    if {"unit", "demand_unit", "demand_amount"} <= set(out.columns) and (out["unit"] == out["demand_unit"]).all():
        unit = out.pop("unit")
        out = out.drop(columns="demand_unit")
        out.insert(list(out.columns).index("demand_amount") + 1, "unit", unit)
    return out


#: the portfolios' corridor counts: nothing to say where no plan builds a corridor
CORRIDOR_COUNTS = ("n_corridors", "n_corridors_added", "n_corridors_removed")
#: the changes against rank 0, said together in one column each ("+1 / -2")
CHANGES = {"links_added_removed": ("n_added", "n_removed"),
           "corridors_added_removed": ("n_corridors_added", "n_corridors_removed")}


def portfolios(ports: pd.DataFrame) -> pd.DataFrame:
    """alternatives' plans as the terminal shows them, each figure kept once: without their lists
    of links and corridors (the differences' table names them); without the total that is the
    objective itself (the net benefit beside an objective of EUR/yr, CO2 avoided beside one of
    tCO2/yr: the same figure twice); where no plan builds a corridor, without the corridor counts
    (0 on every row); the status only where some solve is not optimal; and what each plan adds and
    removes against rank 0 said together, "+1 / -2". ludres_backbone's fifteen columns in French
    took 148 characters at their narrowest, one block of 17 lines per plan at 120 columns; tavaux_h2's
    152 at 150 columns (with the plan marked)."""
    out = ports.drop(columns=[c for c in ("links", "corridors") if c in ports.columns])
    same = [c for c in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr") if c in out.columns and "objective" in out
            and len(out) and np.allclose(out[c].to_numpy(float), out["objective"].to_numpy(float), rtol=1e-9, atol=1e-6)]
    out = out.drop(columns=same[:1])
    counts = [c for c in CORRIDOR_COUNTS if c in out.columns]
    if counts and (out[counts].fillna(0) == 0).all().all():
        out = out.drop(columns=counts)
    if "status" in out.columns and (out["status"] == "optimal").all():
        out = out.drop(columns="status")
    for name, (a, r) in CHANGES.items():
        if a in out.columns and r in out.columns:
            at = list(out.columns).index(a)
            said = [f"+{x:.0f} / -{y:.0f}" if np.isfinite(x) and np.isfinite(y) else "–"
                    for x, y in zip(out[a].to_numpy(float), out[r].to_numpy(float))]
            out = out.drop(columns=[a, r])
            out.insert(at, name, said)
    return out


def run_plan_note(ports: pd.DataFrame, unit: str, lang: str) -> str | None:
    """Where the run's plan is not rank 0 (an alternative better than it found within its solve's
    gap): its rank and how far below rank 0 it is (in `unit`, the objective's), and why; None
    where it is rank 0 (every exact solve)."""
    run = ports.index[ports["plan"] == "run"] if "plan" in ports.columns else []
    if not len(run) or run[0] == ports.index[0]:
        return None
    r = ports.loc[run[0]]
    return i18n.text("alt_run_not_first", lang, rank=i18n.number(int(r["rank"]), lang),
                     diff=i18n.number(float(ports["objective"].iat[0] - r["objective"]), lang, 0),
                     unit=i18n.unit(unit, lang), gap=i18n.gap_percent(float(r["gap"]), lang))


#: the differences' pairs of figures said in one column each, "13 854,7 → 0 MWh/an": (optimum,
#: alternative) and the column of the row's unit that follows (an amount's differs from row to
#: row), None for none
DIFF_PAIRS = {"amount_optimum_alternative": ("amount_optimum", "amount_alternative", "unit"),
              "demand_amount_optimum_alternative": ("demand_amount_optimum", "demand_amount_alternative", "demand_unit"),
              "after_shares_optimum_alternative_eur_per_yr": ("net_benefit_after_shares_optimum_eur_per_yr",
                                                              "net_benefit_after_shares_alternative_eur_per_yr", None),
              "corridor_cost_optimum_alternative_eur_per_yr": ("corridor_cost_optimum_eur_per_yr",
                                                               "corridor_cost_alternative_eur_per_yr", None)}
#: what the exchange's label already says (its ends, their flows, the resources; "tronçon ..." for
#: a corridor), left out of the terminal's table
DIFF_SAID = ("source_site", "sink_site", "supply_resource", "demand_resource", "item", "unit", "demand_unit")
#: lines the exchange's label may take: it names both ends, their flows and the resource
#: (dunkerque_dh's longest, 175 characters in French, in 3 lines took 60 of the 120 columns)
LINK_LINES = 5


#: the differences' column each row's part of the objective's difference is in, per objective unit
#: (`analyses.altdiffs.RECONCILED`), and the name the terminal shows it by
DELTA_SHOWN = {"EUR/yr": ("net_benefit_after_shares_delta_eur_per_yr", "after_shares_delta_eur_per_yr"),
               "tCO2/yr": ("co2_after_shares_delta_t_per_yr", "after_shares_co2_delta_t_per_yr")}


def differences(diffs: pd.DataFrame, lang: str, objective_unit: str = "EUR/yr") -> pd.DataFrame:
    """alternatives' differences as the terminal shows them, each figure kept: the exchange's
    label (which names both ends, their flows and the resources, and says a corridor) without the
    columns that repeat it (`DIFF_SAID`); each pair of figures, optimum → alternative, in one
    column (`DIFF_PAIRS`; an amount with its row's unit), what is received only where an exchange
    converts or loses some on the way (`results.sentgot.received_differs`, as every view says it;
    the column left out where none does), the corridors' costs only where a corridor is added or
    removed; last, each row's part of the difference between the plans' objectives (alternative
    less optimum, in `objective_unit`: the net benefit after the shares, EUR/yr, or the CO2 avoided
    after them, tCO2/yr, `DELTA_SHOWN`), so that an alternative's rows add up to it
    (`alternatives_add_up`). Fifteen columns at 120 were one block of 15-19 lines per row
    for every bundled scenario; now five to seven."""
    from eitflow.cli.tables import cell, column_digits
    from eitflow.results.sentgot import received_differs

    out = diffs.copy()
    if "demand_amount_optimum" in out.columns:   # received as sent: the amount sent says both
        differs = [any(received_differs(s, str(u), g, du) for s, g in ((s0, g0), (s1, g1)))
                   for s0, s1, g0, g1, u, du in zip(out["amount_optimum"], out["amount_alternative"],
                                                    out["demand_amount_optimum"], out["demand_amount_alternative"],
                                                    out["unit"], out["demand_unit"])]
        out[["demand_amount_optimum", "demand_amount_alternative"]] = \
            out[["demand_amount_optimum", "demand_amount_alternative"]].where(pd.Series(differs, index=out.index), axis=0)
        if not any(differs):
            out = out.drop(columns=["demand_amount_optimum", "demand_amount_alternative"])
    if "item" in out.columns and not (out["item"] == "corridor").any():
        out = out.drop(columns=[c for c in ("corridor_cost_optimum_eur_per_yr", "corridor_cost_alternative_eur_per_yr")
                                if c in out.columns])
    # the arrow glued to the figure before it, a line free to break after it: a pair reads whole
    # where there is room, else "15 154,8 →" over "14 582,5 MWh/an" (with the rows that add up,
    # changed exchanges among them, and their column that adds up, zae_example's rows were blocks
    # at 120 columns, their pairs whole)
    arrow = "\u00a0→ "
    for name, (a, b, unit_col) in DIFF_PAIRS.items():
        if a not in out.columns or b not in out.columns:
            continue
        units = out[unit_col].fillna("").astype(str) if unit_col in out.columns else pd.Series([""] * len(out), out.index)
        # one rule for the column's figures, both sides of the arrow (`cli.tables.column_digits`)
        d = column_digits([*out[a], *out[b]], a, lang)
        # a link's corridor cost is no figure in either plan: one "–", not "– → –"
        said = ["–" if pd.isna(x) and pd.isna(y) else
                cell(x, a, lang, digits=d) + arrow + cell(y, b, lang, digits=d)
                + (f"\u00a0{i18n.unit(u, lang)}" if u else "")
                for x, y, u in zip(out[a], out[b], units)]
        at = list(out.columns).index(a)
        out = out.drop(columns=[a, b])
        out.insert(at, name, said)
    shown, said = DELTA_SHOWN.get(objective_unit, DELTA_SHOWN["EUR/yr"])
    out = out.drop(columns=[c for c in (*DIFF_SAID, *(d for d, _ in DELTA_SHOWN.values() if d != shown))
                            if c in out.columns])
    if shown in out.columns:   # last: the column an alternative's rows add up in
        out[said] = out.pop(shown)
    out.attrs["wrap_lines"] = {"link": LINK_LINES}
    return out


def alternatives_add_up(ports: pd.DataFrame, lang: str) -> str | None:
    """The sentence under the differences that says what each alternative's rows add up to: its
    objective less the optimum's (rank 0's; `ports`' objective, `Statistics.totals`), the optimum's
    said once ("... the optimum's, 15,063,909 EUR/yr (last column): rank 1 -5,976; rank 2 -17,062"),
    at the objective unit's decimals as the tables say them; None without an alternative."""
    from eitflow.cli.tables import cell

    if len(ports) < 2 or "objective" not in ports.columns:
        return None
    unit = str(ports["objective_unit"].iat[0])
    obj = ports["objective"].to_numpy(float)
    # two plans of one objective (ties under the co2 objective) differ by float noise: 0, not "-0,0000000000073"
    diff = np.where(np.abs(obj - obj[0]) <= 1e-9 * max(1.0, abs(obj[0])), 0.0, obj - obj[0])
    items = [i18n.text("alt_diffs_rank_sum", lang, rank=i18n.number(int(r), lang), diff=cell(d, "objective", lang, unit))
             for r, d in zip(ports["rank"].iloc[1:], diff[1:])]
    return i18n.text("alt_diffs_add_up", lang, opt=cell(obj[0], "objective", lang, unit), unit=i18n.unit(unit, lang),
                     items=i18n.text("list_sep", lang).join(items))


def alternatives_found(search: dict, lang: str) -> str:
    """How many alternatives `k_best` found of those asked for, within which share of the optimum
    (rank 0) and its floor in the objective's unit, rounded as the tables round an objective
    (`cells.cell`: 13 557 518 €/an, not 13 557 517,77), and why it stopped short (`k_best`'s
    attrs["search"])."""
    from eitflow.cli.tables import cell
    from eitflow.results.summary import status_word

    stop = search["stop"]
    key = {"k": "alt_found_all", "within": "alt_found_within"}.get(stop, "alt_found_stopped")
    return i18n.text(key, lang, found=i18n.number(search["found"], lang), asked=i18n.number(search["asked"], lang),
                     share=i18n.share_said(search["within"], lang), floor=cell(search["floor"], "objective", lang, search["unit"]),
                     unit=i18n.unit(search["unit"], lang), status=status_word(stop, lang))


#: lines explain's cells may take: the flow said once per flow (its id, site, direction, resource
#: and what is left), the partner's name, and the sentence that says why (ludres_backbone's
#: longest, 418 characters in French with what would make it pass, 85 more)
EXPLAIN_LINES = {"flow_said": 8, "partner_said": 4, "why_said": 24}
#: characters of a site's name in explain's cells (`report.names.short_name`): its flow, its partner,
#: and the sites its sentence that says why names (the CSV keeps the full names)
EXPLAIN_NAME_CHARS = 40
#: the share of the table's width explain's sentence that says why gets before the names beside it
#: (`cli.tables.room_first`): the names wrap into more lines instead (dunkerque_dh's long names left
#: it 37 of 120 columns, 53 of 150)
EXPLAIN_WHY_SHARE = 0.5


def site_names(df: pd.DataFrame, scen: Scenario, lang: str) -> dict[str, str]:
    """Site id -> the name people read, for explain's sites and partners (`results.names.party_names`:
    a network's party by its network's name, a hub or a junction by its own)."""
    from eitflow.report.names import party_names, scenario_places

    ids = {str(v) for c in ("site_id", "partner_site") if c in df for v in df[c].dropna()}
    return party_names(scen.sites, lang, ids, scenario_places(scen))


def explained(df: pd.DataFrame, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """explain's table as the terminal shows it, one table at 120 columns: six columns of the
    CSV's twenty (`--csv` keeps them all). The flow said once, on its first row ("f6: Brasserie
    (BRASS_HS), supply of heat, 8,000 of 8,000 MWh/yr left": its id, site, direction, resource,
    amount, remaining and unit); the rank; the partner by its site's name (`names`, site id ->
    name; the code without), its flow id beside it only where the flow has two partners at one
    site; the straight-line distance (km); the rule in words; and the sentence that says why with
    what would make it pass (`detail`, `would_pass_if`). Left to the CSV: the partner's resource,
    the route and its limit (km: a radius's detail says them), the best case (EUR/yr, tCO2/yr) and
    the threshold (`would_pass_if` says it). Twenty columns at 120 were one block of 20 lines per
    row for every bundled scenario (10 to 32 rows)."""

    from eitflow.ids import with_code

    shown = names_cut(names or {})

    def name(site) -> str:
        s = str(site)
        n = (names or {}).get(s, s)
        return s if n == s else with_code(shown.get(s, n), s)

    short = shortened_in_sentences(names or {})

    flow, partner, why = [], [], []
    prev = None
    # (flow, partner site) pairs with two partner flows: their flow ids said (one lookup, not a scan a row)
    n = df.groupby(["flow_id", "partner_site"])["partner_flow_id"].nunique() if len(df) else pd.Series(dtype=int)
    twice = set(n.index[n > 1])
    for r in df.itertuples(index=False):
        first = r.flow_id != prev
        prev = r.flow_id
        res = i18n.resource_name(str(r.resource), lang)
        flow.append(i18n.text("ex_view_flow", lang, flow=r.flow_id, site=name(r.site_id),
                              direction=i18n.text(f"dir_{r.direction}", lang), de=i18n.de(res, lang), resource=res,
                              # amounts as its sentences and the report's tables say them (`i18n.amount`): it read
                              # 'reste 5 484,7 sur 40 000' beside '5 357 MWh/an échangés'
                              left=i18n.amount(r.remaining, lang), amount=i18n.amount(r.amount, lang),
                              unit=i18n.unit(str(r.unit), lang)) if first else "")
        if pd.isna(r.partner_site):
            partner.append("–")
        else:
            partner.append(name(r.partner_site) + (f" [{r.partner_flow_id}]" if (r.flow_id, r.partner_site) in twice else ""))
        detail = "" if pd.isna(r.detail) else short(str(r.detail))
        cond = "" if pd.isna(r.would_pass_if) else short(str(r.would_pass_if))
        why.append(i18n.text("ex_view_why", lang, detail=detail, cond=cond) if cond else detail)
    rule = [i18n.text(f"reason_{v}", lang) if i18n.has_text(f"reason_{v}") else str(v) for v in df["rule"]]
    out = pd.DataFrame({"flow_said": flow, "rank": df["rank"].to_numpy(), "partner_said": partner,
                        "great_circle_km": df["great_circle_km"].to_numpy(float), "rule_said": rule,
                        "why_said": why})
    out.attrs["wrap_lines"] = dict(EXPLAIN_LINES)
    out.attrs["room_first"] = {"why_said": EXPLAIN_WHY_SHARE}
    return out


def shortened_in_sentences(names: dict[str, str]) -> Callable[[str], str]:
    """A function that says explain's sentences with each site they name ("Aluminerie de Loon-Plage
    (nom fictif ; inspirée de l'usine d'électrolyse de Loon-Plage) (ALU_LOON)", `ids.named`: its
    name, its code beside it) by its name cut as the partner column cuts it (`names_cut`: at
    `EXPLAIN_NAME_CHARS`, two names never alike): "Aluminerie de Loon-Plage (ALU_LOON)". The
    sentence that says why named dunkerque_dh's sites in full, up to 88 characters, beside a
    partner column that cut them.

    Parameters
    ----------
    names : dict of str to str
        Site id -> the name people read (`site_names`).

    Returns
    -------
    callable
        str -> str; the text as it is where it names no site with a name longer than the limit.
    """
    import re

    from eitflow.ids import with_code

    # each name as `ids.named` says it now, and whole before its code, as explain.csv files
    # written before it dropped the note read ("UVE Val-de-Sambre (nom fictif) (UVE_VDS)")
    cut = {said: with_code(n, s) for s, n in names_cut(names).items()
           for said in (with_code(names[s], s), f"{names[s]} ({s})") if said != with_code(n, s)}
    if not cut:
        return lambda text: text
    # one pass, the longest first: a name that starts another is not cut inside it
    said = re.compile("|".join(map(re.escape, sorted(cut, key=len, reverse=True))))
    return lambda text: said.sub(lambda m: cut[m.group(0)], text)


def names_cut(names: dict[str, str]) -> dict[str, str]:
    """The sites whose name explain's cells shorten, and the name they show: without its trailing
    note (`report.names.without_note`: "(nom fictif)" off every name, as the map's and the
    brief's), cut at `EXPLAIN_NAME_CHARS` characters (`report.names.short_name`), and where two different names
    would then read the same ("Société d'Exploitation des Fours de Grande-Synthe…" for the
    furnaces n°35 and n°39), each cut in its middle instead, from the word where they start to
    differ (`report.names.distinct_short`, the brief's and the Sankey's rule). The partner
    column and the sentence that says why read this one table.

    Parameters
    ----------
    names : dict of str to str
        Site id -> the name people read (`site_names`).

    Returns
    -------
    dict of str to str
        Site id -> the name shown, for the names shortened only.
    """
    from eitflow.report.names import distinct_short, short_name, without_note

    ids = [s for s, n in names.items() if n != s]
    full = [names[s] for s in ids]
    # every name without its trailing note ("(nom fictif)"), as the map and the brief show names
    # short: explain dropped it from the names over the limit only, so some sites read as invented
    shown = distinct_short(full, [short_name(n, EXPLAIN_NAME_CHARS) for n in without_note(full)])
    return {s: c for s, n, c in zip(ids, full, shown) if c != n}
