"""`eitflow site` with a shared network: a placed activity joins the network at its plot.

Before, a siting scenario with `networks:` was refused ("siting cannot be combined with a
shared network yet"): the placements renumbered the flows and the network's connections were
not kept with them. A plot is now a node of the networks its activities may use (generated
corridors reach it as they reach a site), the same node in the siting's model and in its plan,
and a placed activity's flows connect there like a site's.

The independent check is an enumeration: every way of placing the two activities (none, or one
of the two plots each) run as an ordinary territory, each placed activity an ordinary site at
its plot (the first on a plot named as the plot, a second one a site of its own beside it) and
each plot left empty a junction at the same place, so that
every run's network has the same nodes. The best of those runs, less the activities' fixed
costs, is the siting's optimum, and each plot's value in the ranking is the best run with the
activity there.

The territory: an incinerator (10,000 MWh/yr at 130 degC) and a town 3.3 km north (12,000
MWh/yr at 70 degC, 60 EUR/MWh). A greenhouse (6,000 MWh/yr at 50 degC, 45 EUR/MWh, 10,000
EUR/yr) and a forge (8,000 MWh/yr of waste heat at 150 degC, 50,000 EUR/yr) may go on PA,
between them, or PB, 5.5 km east of the incinerator. The forge earns nothing itself: its worth
is the heat the network then sells the town and the greenhouse (the bound of its own links is
zero, so it used to be left out of the model as never paying).
"""
from __future__ import annotations

import itertools

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.siting import site, siting_files
from eitflow.report.html import write_report
from eitflow.results.rundir import write_files, write_run

SITES = pd.DataFrame({"site_id": ["INC", "TOWN"], "lat": [45.00, 45.03], "lon": [4.00, 4.00]})
FLOWS = pd.DataFrame({"flow_id": ["inc_heat", "town_heat"], "site_id": ["INC", "TOWN"],
                      "direction": ["supply", "demand"], "resource": "heat", "amount": [10000.0, 12000.0],
                      "unit": "MWh/yr", "temperature_c": [130.0, 70.0], "price_eur_per_unit": [0.0, 60.0]})
PLOTS = pd.DataFrame({"plot_id": ["PA", "PB"], "name": ["Lot A", "Lot B"], "lat": [45.015, 45.00],
                      "lon": [4.004, 4.07], "area_ha": [5.0, 5.0]})
ACTS = pd.DataFrame({"activity_id": ["GREEN", "FORGE"], "land_ha": [2.0, 2.0],
                     "fixed_cost_eur_per_yr": [10000.0, 50000.0]})
AFLOWS = pd.DataFrame({"activity_id": ["GREEN", "FORGE"], "direction": ["demand", "supply"], "resource": "heat",
                       "amount": [6000.0, 8000.0], "unit": "MWh/yr", "temperature_c": [50.0, 150.0],
                       "price_eur_per_unit": [45.0, 0.0]})
NET = {"heat": {"temperature_c": 90.0, "return_temperature_c": 60.0, "generate": "delaunay", "max_length_km": 10}}
SOLVER = {"mip_gap": 0.0}


def _siting():
    return eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                        networks=NET, solver=SOLVER)


def _ordinary(where: dict[str, str], net: dict | None = None, corridors: pd.DataFrame | None = None,
              junctions: pd.DataFrame | None = None) -> float:
    """The territory with each activity of `where` (activity -> plot) an ordinary site at its
    plot, the other plots junctions: its optimum less the placed activities' fixed costs. The
    first activity on a plot is the site named as the plot; a second one there is a site of its
    own (`activity@plot`, the same place), as the siting makes each placed activity a company of
    its own: one site holding both would have its forge's heat feed its own greenhouse, which
    the same-site rule forbids (before 2026-12-05 the network let a site feed itself, and this
    path held both activities as one site). Generated corridors join such twins by a corridor
    of length zero; given ones get that corridor here."""
    used = sorted(set(where.values()))
    q = PLOTS.set_index("plot_id")
    sid, twins = {}, []
    for a, p in where.items():
        sid[a] = p if p not in sid.values() else f"{a}@{p}"
        if sid[a] != p:
            twins.append((sid[a], p))
    sites = pd.concat([SITES, pd.DataFrame({"site_id": list(sid.values()),
                                            "lat": q.loc[list(where.values()), "lat"].to_numpy(),
                                            "lon": q.loc[list(where.values()), "lon"].to_numpy()})], ignore_index=True)
    af = AFLOWS.set_index("activity_id")
    extra = [dict(af.loc[a], flow_id=f"{a}_heat", site_id=sid[a]) for a in where]
    flows = pd.concat([FLOWS, pd.DataFrame(extra)], ignore_index=True) if extra else FLOWS
    free = PLOTS[~PLOTS["plot_id"].isin(used)][["plot_id", "lat", "lon"]].rename(columns={"plot_id": "junction_id"})
    free = pd.concat([free, junctions], ignore_index=True) if junctions is not None else free
    if corridors is not None and twins:
        corridors = pd.concat([corridors, pd.DataFrame({"corridor_id": [f"z_{t}" for t, _ in twins], "resource": "heat",
                                                        "from": [t for t, _ in twins], "to": [p for _, p in twins]})],
                              ignore_index=True)
    scen = eitflow.scenario_from_frames(sites, flows, junctions=free if len(free) else None, networks=net or NET,
                                        solver=SOLVER, corridors=corridors)
    res = eitflow.optimise(scen)
    assert str(res.solution.status) == "optimal"
    fixed = ACTS.set_index("activity_id")["fixed_cost_eur_per_yr"]
    return float(res.solution.objective) - sum(fixed[a] for a in where)


def _every_plan(**given) -> dict[tuple, float]:
    """(greenhouse's plot, forge's plot) -> the ordinary run's value (`_ordinary`)."""
    return {(g, f): _ordinary({a: p for a, p in (("GREEN", g), ("FORGE", f)) if p}, **given)
            for g, f in itertools.product([None, "PA", "PB"], repeat=2)}


@pytest.fixture(scope="module")
def plans() -> dict[tuple, float]:
    return _every_plan()


@pytest.fixture(scope="module")
def siting_run():
    return site(_siting())


def test_the_siting_with_a_network_is_the_best_of_every_placement(siting_run, plans):
    sr = siting_run
    (g, f), best = max(plans.items(), key=lambda kv: kv[1])
    assert str(sr.solution.status) == "optimal"
    assert sr.solution.objective == pytest.approx(best, rel=1e-7)
    placed = dict(zip(sr.placements["activity_id"], sr.placements["plot_id"]))
    assert placed == {a: p for a, p in (("GREEN", g), ("FORGE", f)) if p}
    # the forge is placed although its own links earn nothing: the network sells its heat
    assert "FORGE" in placed and plans[(g, f)] > plans[(g, None)] + 1000.0
    st = sr.result.statistics
    assert st.totals()["net_benefit_eur_per_yr"] == pytest.approx(best, rel=1e-7)
    legs = st.links()
    assert set(legs.loc[legs["kind"] == "to_net", "source_site"]) >= {f"FORGE@{f}"}
    assert len(st.corridors()) and (st.corridors()["flow"] > 0).all()


def test_each_plot_is_ranked_by_the_best_plan_with_the_activity_there(siting_run, plans):
    rk = siting_run.ranking.set_index(["activity_id", "plot_id"])
    for a, k in (("GREEN", 0), ("FORGE", 1)):
        for p in ("PA", "PB"):
            best = max(v for key, v in plans.items() if key[k] == p)
            assert rk.loc[(a, p), "value_eur_per_yr"] == pytest.approx(best, rel=1e-7), (a, p)


def test_the_report_draws_the_network_to_the_plot(siting_run, tmp_path):
    sr = siting_run
    run = write_run(sr.result, tmp_path / "run", extras=lambda d: write_files(d, siting_files(sr)))
    cor = pd.read_csv(run / "corridors.csv")
    assert {"PA"} <= set(cor["from"]) | set(cor["to"])
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    assert 'id="placements-table"' in page and "Lot A" in page
    # the corridors' table names the plot as plots.csv does (it gave its id alone, "PA")
    table = page.split('id="corridors-table"')[1].split("</table>")[0]
    assert "Lot A" in table, table


# corridors.csv may end at a plot: given corridors (no generation) from the incinerator to a
# junction, on to the town and to PA; PB has none, so only PA can join the network
JUNCTION = pd.DataFrame({"junction_id": ["J"], "lat": [45.012], "lon": [4.001]})
GIVEN = pd.DataFrame({"corridor_id": ["c_inc", "c_town", "c_pa"], "resource": "heat", "from": ["INC", "J", "J"],
                      "to": ["J", "TOWN", "PA"]})
NET_GIVEN = {"heat": {"temperature_c": 90.0, "return_temperature_c": 60.0}}


def test_a_corridor_of_corridors_csv_may_end_at_a_plot():
    scen = eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                        networks=NET_GIVEN, solver=SOLVER, corridors=GIVEN, junctions=JUNCTION)
    sr = site(scen)
    plans = _every_plan(net=NET_GIVEN, corridors=GIVEN, junctions=JUNCTION)
    (g, f), best = max(plans.items(), key=lambda kv: kv[1])
    assert sr.solution.objective == pytest.approx(best, rel=1e-7)
    # both on PA, the only plot a corridor reaches: the forge's heat serves the greenhouse too
    assert (g, f) == ("PA", "PA") and best > plans[(None, None)] + 1000.0
    placed = dict(zip(sr.placements["activity_id"], sr.placements["plot_id"]))
    assert placed == {"GREEN": "PA", "FORGE": "PA"}
    legs = sr.result.statistics.links()
    assert legs.loc[legs["sink_site"] == "GREEN@PA", "kind"].tolist() == ["from_net"]


def test_a_corridor_to_an_unknown_end_names_plots_among_the_places_looked_in():
    bad = GIVEN.assign(to=["J", "TOWN", "PZ"])
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                     networks=NET_GIVEN, corridors=bad, junctions=JUNCTION)
    assert "PZ" in str(e.value) and "plot" in str(e.value), str(e.value)


def test_a_plot_named_as_a_junction_is_refused():
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                     networks=NET_GIVEN, corridors=GIVEN,
                                     junctions=pd.concat([JUNCTION, JUNCTION.assign(junction_id="PB")]))
    assert "'PB' names both" in str(e.value), str(e.value)


def test_no_corridor_is_listed_built_that_carries_nothing(tmp_path):
    """Fos (scenarios/fos_siting) with a generated heat network: the steelworks and the Kerneos
    plant share an address, so the corridor between them is 0 km and costs nothing. HiGHS left
    its DN200 on with no flow, and corridors.csv, the map and the summary counted 2 corridors
    built for one that carries heat. A size whose corridor carries nothing is now turned off
    where the model allows it (`solve.tidy.unswitch_idle_options`); the plan is the same."""
    import shutil

    from conftest import ROOT
    from eitflow.io.read import read_scenario

    d = tmp_path / "fos"
    shutil.copytree(ROOT / "scenarios/fos_siting", d)
    with open(d / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("networks:\n  heat:\n    temperature_c: 90\n    return_temperature_c: 60\n"
                 "    generate: delaunay\n    max_length_km: 8\n")
    sr = site(read_scenario(d / "scenario.yaml"), rank=False)
    cor = sr.result.statistics.corridors()
    assert len(cor) and (cor["flow"] > 0).all(), cor[["corridor_id", "length_km", "flow"]]
    assert sr.result.summary["networks"]["by_resource"]["heat"]["corridors_built"] == len(cor)
    assert sr.result.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(sr.solution.objective, rel=1e-9)


def test_compare_names_the_placements_one_plan_has_and_the_other_not(siting_run, tmp_path):
    """`eitflow compare` of two siting runs said the investment change (Fos with and without a
    heat network: -160,675,967 EUR) and not that the data centre, 161,200,000 EUR of it, was no
    longer placed. Each placement of one run only is now a line, its figures placements.csv's."""
    from eitflow.analyses.compare import compare_runs

    dear = ACTS.assign(fixed_cost_eur_per_yr=[10000.0, 5e6])   # the forge no longer pays
    other = site(eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=dear, activity_flows=AFLOWS,
                                              networks=NET, solver=SOLVER), rank=False)
    runs = []
    for name, sr in (("a", siting_run), ("b", other)):
        runs.append(write_run(sr.result, tmp_path / name, extras=lambda d, sr=sr: write_files(d, siting_files(sr))))
    pa, pb = (pd.read_csv(r / "placements.csv") for r in runs)
    only_a = pa[~pa["site_id"].isin(pb["site_id"])]
    # without the forge's heat the greenhouse is not worth placing either
    assert set(only_a["activity_id"]) == {"FORGE", "GREEN"} and not len(pb)
    _, text = compare_runs(runs[0], runs[1], lang="en")
    for f in only_a.to_dict("records"):
        line = (f"placement removed: {f['activity']} on {f['plot']}, net cost {round(f['cost_eur_per_yr']):,} "
                f"EUR/yr, investment {round(f['investment_eur']):,} EUR")
        assert line in text, text
    assert "placement added" not in text


def test_the_geopackage_of_a_siting_has_its_plots(siting_run, tmp_path):
    """`eitflow report --gpkg` of a siting run had sites, exchanges, corridors... and no plots:
    in QGIS the lots and what was placed on each were missing (plots.geojson was beside it)."""
    pyogrio = pytest.importorskip("pyogrio", reason="the optional geo extra (pyogrio) is not installed")
    from eitflow.report.geopackage import write_geopackage

    sr = siting_run
    run = write_run(sr.result, tmp_path / "run", extras=lambda d: write_files(d, siting_files(sr)))
    gpkg = write_geopackage(run)
    assert "plots" in {name for name, _ in pyogrio.list_layers(gpkg)}
    info = pyogrio.read_info(gpkg, layer="plots")
    assert info["features"] == len(PLOTS) and "placed_activities" in set(info["fields"])
    _, _, _, fields = pyogrio.raw.read(gpkg, layer="plots", columns=["plot_id", "placed_activities"])
    placed = dict(zip(fields[0], fields[1]))
    want = sr.placements.groupby("plot_id")["activity_id"].agg(";".join).to_dict()
    assert {p: placed[p] for p in want} == want and all(placed[p] == "" for p in set(placed) - set(want))


def test_validate_reads_a_siting_network_with_its_plots(tmp_path):
    """`eitflow validate` of Fos with a generated heat network warned "the heat network can carry
    nothing: none of its 2 places has a demand it could serve" and counted 2 places and 1
    corridor: the territory alone, where `eitflow site` builds the network over the plots too
    and serves the greenhouse and the fish farm placed there. It now reads the network as the
    siting does: the two sites and the three plots, no warning."""
    import shutil

    from click.testing import CliRunner

    from conftest import ROOT
    from eitflow.cli.main import main

    d = tmp_path / "fos"
    shutil.copytree(ROOT / "scenarios/fos_siting", d)
    with open(d / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("networks:\n  heat:\n    temperature_c: 90\n    return_temperature_c: 60\n"
                 "    generate: delaunay\n    max_length_km: 8\n")
    r = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en", "--strict"],
                           env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    plots = len(pd.read_csv(d / "plots.csv"))
    sites = pd.read_csv(d / "sites.csv")
    heat = pd.read_csv(d / "flows.csv").query("resource == 'heat'")["site_id"].nunique()
    assert "can carry nothing" not in r.output
    assert f"Heat network: {heat + plots} places" in r.output, (r.output, len(sites))


def test_a_placed_activity_on_the_network_is_not_said_out_of_its_reach():
    """The plan of the given corridors (both activities on PA, joined by corridor c_pa): the
    reason unmatched.csv and explain give a network flow (`candidates.netwhy.network_reason`)
    said of the greenhouse, short of heat, "the heat network does not reach GREEN – Lot A
    (GREEN@PA): no corridor of corridors.csv names its site": it looked for the placement's
    site among the nodes, where it joins at its plot."""
    from eitflow.candidates.netwhy import idle_networks, network_reason

    scen = eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                        networks=NET_GIVEN, solver=SOLVER, corridors=GIVEN, junctions=JUNCTION)
    res = site(scen, rank=False).result
    s, c = res.scenario, res.candidates
    placed = [k for k in range(len(s.flows)) if "@" in str(s.flows["site_id"].iat[k])]
    assert len(placed) == 2
    assert [network_reason(s, c, k) for k in placed] == [None, None]
    assert idle_networks(s, c) == {}


def test_the_bundled_fos_network_variant_beats_its_point_to_point_plan():
    """scenarios/fos_siting/network.yaml: the same territory, plots and activities as
    scenario.yaml with a heat network eitflow may build. Its model holds every plan of
    scenario.yaml (the network comes in addition), so its optimum is no lower; here it is higher,
    the glasshouse and the fish farm served through one trench from the steelworks."""
    from conftest import ROOT
    from eitflow.io.read import read_scenario

    d = ROOT / "scenarios" / "fos_siting"
    plain = site(read_scenario(d / "scenario.yaml"), rank=False)
    net = site(read_scenario(d / "network.yaml"), rank=False)
    assert str(net.solution.status) == str(plain.solution.status) == "optimal"
    assert net.solution.objective > plain.solution.objective + 1000.0
    legs = net.result.statistics.links()
    served = legs[legs["kind"] == "from_net"]
    assert {"SERRE@FEUILLANE", "AQUACULTURE@FEUILLANE"} <= set(served["sink_site"])
    cor = net.result.statistics.corridors()
    assert len(cor) == 1 and set(cor[["from", "to"]].iloc[0]) == {"ARCELOR_FOS", "FEUILLANE"}


def test_a_run_of_the_territory_alone_places_a_corridors_plot_end_where_it_is():
    """`eitflow run` (`optimise`) of the same scenario optimises the territory without its
    activities; corridors.csv still names the plot PA. Its node took the coordinates of another
    place (the last junction: J), so the corridor J -> PA was 0 km long. Its length is now the
    great circle from J to PA times the heat route factor, worked out here."""
    import math

    scen = eitflow.scenario_from_frames(SITES, FLOWS, plots=PLOTS, activities=ACTS, activity_flows=AFLOWS,
                                        networks=NET_GIVEN, solver=SOLVER, corridors=GIVEN, junctions=JUNCTION)
    res = eitflow.optimise(scen)
    c = res.candidates.network.corridors.set_index("corridor_id")
    (la1, lo1), (la2, lo2) = JUNCTION[["lat", "lon"]].iloc[0], PLOTS.set_index("plot_id").loc["PA", ["lat", "lon"]]
    p1, p2, dl = math.radians(la1), math.radians(la2), math.radians(lo2 - lo1)
    km = 2 * 6371.0088 * math.asin(math.sqrt(math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2))
    rf = scen.catalogue["heat"].route_factor
    assert c.loc["c_pa", "length_km"] == pytest.approx(km * rf, rel=1e-3)


def test_site_warns_of_a_network_nothing_can_use(tmp_path):
    """Fos with a steam network generated over its sites and plots: no flow of Fos and no
    activity offers steam, and a steam network feeds heat demands, the activities' included.
    `eitflow site` crashed (IndexError in the plan's corridors): the model's network had the
    plots of every candidate placement with a heat demand as generation points and the plan's
    only the placed ones' (4 corridors against 2). Generation points are now every plot where an
    activity with a flow the network could connect may go, in both. And `site` said nothing of
    a network nothing can use, where `run` and `validate` warn: the same warning now.
    """
    import shutil

    from click.testing import CliRunner

    from conftest import ROOT
    from eitflow.cli.main import main

    d = tmp_path / "fos"
    shutil.copytree(ROOT / "scenarios/fos_siting", d)
    with open(d / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("networks:\n  steam:\n    temperature_c: 180\n    generate: delaunay\n    max_length_km: 8\n")
    v = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"], env={"COLUMNS": "240"})
    said = [line for line in v.output.splitlines() if "can carry nothing" in line]
    assert len(said) == 1, v.output
    r = CliRunner().invoke(main, ["site", str(d / "scenario.yaml"), "--out", str(tmp_path / "run"), "--no-rank",
                                  "--lang", "en"], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert said[0] in r.output, r.output


def test_an_activity_the_network_reaches_is_not_said_to_have_no_partner(tmp_path):
    """A workshop A may go on the plot P, 1 km of corridor from an incinerator's 110 degC heat
    (a 90 degC network); no pipe of its own reaches it (a 0.1 km heat radius). It buys heat at
    1 EUR/MWh, which pays for no connection: it is not placed. Its reason read
    'no_synergy_in_range: no partner for its flows within range of any allowed plot', though the
    network reaches its plot (its one candidate exchange); it does not pay, on 1 plot with a
    partner."""
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nUVE,Incinerator,47.0,5.0\n")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                        "UVE,supply,heat,20,GWh/yr,110,0\n")
    (tmp_path / "plots.csv").write_text("plot_id,name,lat,lon,area_ha\nP,Lot,47.0,5.013,5\n")
    (tmp_path / "activities.csv").write_text("activity_id,name,land_ha\nA,Workshop,1\n")
    (tmp_path / "activity_flows.csv").write_text(
        "activity_id,flow_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
        "A,h,demand,heat,1000,MWh/yr,70,1\n")
    (tmp_path / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,heat,UVE,P,1.0\n")
    (tmp_path / "scenario.yaml").write_text(
        "name: s\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
        "activity_flows: activity_flows.csv\ncorridors: corridors.csv\nmax_distance_km: {heat: 0.1}\n"
        "networks:\n  heat: {temperature_c: 90}\nsolver: {time_limit_s: 20}\n")
    sr = site(eitflow.read_scenario(tmp_path / "scenario.yaml"))
    assert len(sr.placements) == 0
    why = sr.activities.set_index("activity_id").loc["A"]
    assert why["reason"] == "does_not_pay", why
    assert why["candidate_exchanges"] == 1 and why["plots_with_partners"] == 1, why
