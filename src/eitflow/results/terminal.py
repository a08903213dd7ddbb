"""What `eitflow validate` and `eitflow run` print of a scenario and of a run, line by line, in
words (`lang`: en, fr): what was read (sites, flows, candidate links, plots, shared networks and
the places they do not reach) and what a run chose (exchanges, net benefit in EUR/yr, CO2 avoided
in tCO2/yr, investment in EUR, networks, sized supplies, heat pumps, where it was written). The
command line only prints them (`cli.main`): the words are the library's, for any other front end."""

from __future__ import annotations

from pathlib import Path

import eitflow.i18n as i18n
from eitflow.scenario import Scenario


def validate_lines(path: Path, scen: Scenario, cand, net_scen: Scenario, net_cand, lang: str) -> list[str]:
    """The lines `eitflow validate` prints of a valid scenario.

    Parameters
    ----------
    path : Path
        The scenario as given on the command line (named in the first line).
    scen, cand : Scenario, Candidates
        The scenario and its candidates.
    net_scen, net_cand : Scenario, Candidates
        The scenario whose networks are outlined and its candidates: with every candidate
        placement for a siting with networks (`candidates.placements.expand_placements`), else
        `scen` and `cand`.
    lang : str
        "en" or "fr".

    Returns
    -------
    list of str
        The counts read (sites, supplies, demands, candidate links, pairs in range dropped), the
        siting's plots and activities, and per shared network its places and corridors (km) and
        the places it does not reach.
    """
    f = scen.flows
    n = lambda v: i18n.number(v, lang)  # noqa: E731
    c = lambda v, stem: i18n.counted(int(v), stem, lang)  # noqa: E731 - "1 offre", "2 offres"
    out = [i18n.text("line_validate_ok", lang, path=path, sites=c(len(scen.sites), "n_sites"),
                     sup=c((f.direction == "supply").sum(), "n_supplies"),
                     dem=c((f.direction == "demand").sum(), "n_demands"),
                     links=c(len(cand.links), "n_cand_links"),
                     dropped=c(len(cand.dropped), "n_pairs_in_range_dropped"))]
    if scen.siting is not None:   # the plots and activities read, and what `eitflow site` would weigh
        from eitflow.candidates.placements import expand_placements
        placements = net_scen.placements if net_scen is not scen else expand_placements(scen).placements
        out.append("  " + i18n.text("line_validate_siting", lang, plots=c(len(scen.siting.plots), "n_plots"),
                                    activities=c(len(scen.siting.activities), "n_activities"),
                                    placements=c(len(placements) if placements is not None else 0,
                                                 "n_candidate_placements")))
    if net_cand.network is None:
        return out
    # shared networks: how many corridors, and the places none reaches
    from eitflow.candidates.netwhy import network_outline
    from eitflow.ids import named, named_sites
    from eitflow.io.workbook import is_workbook
    from eitflow.results.names import network_name

    j = scen.junctions
    names = {**named_sites(scen.sites), **(named_sites(j.rename(columns={"junction_id": "site_id"}))
                                           if j is not None and len(j) else {})}
    if scen.siting is not None and "name" in scen.siting.plots:
        names.update(named_sites(scen.siting.plots.rename(columns={"plot_id": "site_id"})))
    # where the corridors come from as the user gave them: a workbook's sheet, else the file
    src = (f"{scen.source.name}:corridors" if scen.source is not None and is_workbook(scen.source)
           else Path(scen.files["corridors"]).name if "corridors" in scen.files else "corridors.csv")
    for r, o in network_outline(net_scen, net_cand.network).items():
        gen = r in scen.params.networks and scen.params.networks[r].generate != "none"
        out.append(i18n.text("line_validate_network_gen" if gen else "line_validate_network", lang,
                             r=network_name(r, lang), src=src, n=i18n.counted(o["places"], "n_places", lang),
                             c=i18n.counted(o["corridors"], "n_candidate_corridors", lang), g=n(o["given"]),
                             gen=i18n.counted(o["generated"], "n_generated", lang),
                             long=i18n.counted(o["too_long"], "n_too_long", lang,
                                               km=i18n.number(o["max_length_km"], lang, 1))))
        if o["unreached"]:   # as people know them, code beside ("Landrecies (INSEE59331)")
            ids = ", ".join(named(names, i) for i in o["unreached"][:10]) + (
                ", ..." if len(o["unreached"]) > 10 else "")
            out.append(i18n.text("line_validate_unreached", lang, r=network_name(r, lang),
                                 k=n(len(o["unreached"])), ids=ids))
    return out


def run_lines(result, lang: str) -> list[str]:
    """The lines `eitflow run` prints of a run with a plan, after its status, before where it
    was written (`run_written_line`).

    Parameters
    ----------
    result : Result
        The run.
    lang : str
        "en" or "fr".

    Returns
    -------
    list of str
        Exchanges chosen, net benefit (EUR/yr), CO2 avoided (tCO2/yr) and investment (EUR);
        under `objective: co2` which plan the money figures describe; per shared network its
        corridors built (km, EUR/yr, EUR) and what its pipes cost at catalogue sizes; each
        supply sized; the heat pumps.
    """
    from eitflow.results.catalogueprices import linear_costs
    from eitflow.results.heatpumps import heat_pump_line
    from eitflow.results.names import network_name
    from eitflow.results.summary import money_stage_line

    s = result.summary
    per_year = lambda v: i18n.money(v, lang, per_year=True)  # noqa: E731 - '843 095 €/an'
    tot = s["totals"]
    out = [i18n.text("line_run_totals", lang, n=i18n.counted(s["counts"]["chosen_links"], "n_exchanges", lang),
                     c=i18n.counted(s["counts"]["candidate_links"], "n_candidates", lang),
                     net=per_year(tot["net_benefit_eur_per_yr"]), co2=i18n.number(tot["co2_avoided_t_per_yr"], lang, 1),
                     inv=i18n.money(tot["investment_eur"], lang))]
    if said := money_stage_line(s, lang):   # objective co2: which plan the money figures describe (`solve.lexico`)
        out.append("  " + str(said))
    nets = (s.get("networks") or {}).get("by_resource") or {}
    at_catalogue = {lc[0]: lc for lc in linear_costs(nets, result.statistics.corridors())} if nets else {}
    for r, nw in nets.items():
        out.append(i18n.text("line_run_network", lang, r=network_name(r, lang),
                             k=i18n.counted(nw["corridors_built"], "n_corridors_built", lang),
                             c=i18n.counted(nw["candidate_corridors"], "n_candidates", lang),
                             g=i18n.counted(nw["generated_corridors"], "n_generated", lang),
                             km=i18n.number(nw["length_built_km"], lang, 1), cost=per_year(nw["annual_cost_eur_per_yr"]),
                             inv=i18n.money(nw["investment_eur"], lang)))
        if r in at_catalogue:   # the line above is the linear estimate: say what the pipes shown cost
            _, cost, est, inv, sizing = at_catalogue[r]
            out.append(i18n.text("line_run_network_linear" if cost > est else "line_run_network_linear_less", lang,
                                 sized=i18n.text(f"sized_{sizing}", lang), cost=per_year(cost),
                                 inv=i18n.money(inv, lang), pct=i18n.percent(abs(cost / est - 1.0), lang, 0)))
        if nw.get("existing_in_use"):
            out.append(i18n.text("line_run_network_existing", lang,
                                 e=i18n.counted(nw["existing_in_use"], "n_existing_in_use", lang),
                                 km=i18n.number(nw["length_existing_km"], lang, 1)))
    for rec in ([] if result.supplies is None else result.supplies[result.supplies["sized"]].to_dict("records")):
        out.append(i18n.text("line_run_supply_sized", lang, flow=rec["flow_id"], site=rec["site_id"],
                             cap=i18n.number(rec["capacity"], lang, 1), max=i18n.number(rec["max_capacity"], lang, 1),
                             unit=i18n.unit(rec["unit"], lang), cost=per_year(rec["annual_cost_eur_per_yr"]),
                             inv=i18n.money(rec["investment_eur"], lang)))
    if heat_pump_line(s.get("heat_pumps"), lang):   # which exchanges need a heat pump, what it draws and costs
        out.append("  " + heat_pump_line(s.get("heat_pumps"), lang))
    return out


def run_written_line(result, out: Path, lang: str, write_s: float, total_s: float) -> str:
    """`eitflow run`'s last line: the flows left unmatched, where the run was written, the
    solver's seconds (summary.json's timings_s.solve), the writing's (`write_s`) and all since
    the command started (`total_s`), s."""
    return i18n.text("line_run_written", lang, u=i18n.counted(len(result.unmatched), "n_unmatched_flows", lang),
                     out=out, solve=i18n.number((result.summary.get("timings_s") or {}).get("solve", 0.0), lang, 2),
                     s=i18n.number(write_s, lang, 2), total=i18n.number(total_s, lang, 2))


def omitted_lines(out: Path, lang: str) -> list[str]:
    """`eitflow run`'s lines after its last: the files `write_run` left out of `out` (summary.json's
    ``omitted``) and why, in `lang` (`results.summary.omitted_said`), the files of one reason on
    one line; none where every file was written. The run said nothing of them: only summary.json
    told, in English."""
    from eitflow.results.rundir import read_summary
    from eitflow.results.summary import omitted_said

    try:
        omitted = read_summary(out).get("omitted") or {}
    except (OSError, ValueError):
        return []
    by_why: dict[str, list[str]] = {}
    for name, entry in omitted.items():
        by_why.setdefault(omitted_said(entry, lang), []).append(str(name))
    return [i18n.text("line_omitted", lang, files=", ".join(files), why=why) for why, files in by_why.items()]
