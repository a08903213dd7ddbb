"""The analyses of a shared network's run say where the network counts and add up (eitflow
issue #15), checked on the Ludres backbone (scenarios/ludres_backbone, fully served: its six
network users withdraw their whole demands, 15,000 + 12,327 + 11,130 + 4,158 + 3,851 + 3,486 =
49,952 MWh/yr, whose flows.csv gives each):

- the report's zones section and `eitflow zones` did not say where the network counts, whose
  corridors cross zones (trunk_4 runs from Ludres, Métropole du Grand Nancy, to the incinerator
  in the ZI Ludres-Fléville): only `eitflow zones --help` said it. Its cost goes to the
  companies it serves in proportion to what they withdraw, whichever zones its corridors cross;
- a sweep's links.csv and frequency.csv gave each exchange before its share of the network's
  cost (network -> ZAE_LF 1,199,097 EUR/yr where the run's brief says 1,035,125), so a run's
  exchanges summed to 4,712,728 EUR/yr against its results.csv row's 4,166,680, and results.csv
  had no column for the network's cost;
- a sweep of `networks.heat.max_length_km` over the backbone, whose corridors are all given
  (`generate: none`), or of a heat network's `purity` or `pressure_bar`, ran every value to the
  same plan without a word, where `unit_investment` of a resource with no unit is refused;
- explain said of a supply too cold for the network "none for heat in the catalogue, the
  maximum lift, or heat pumps off" (the resource's code in French: "aucune pour heat"), not which.
Expected values are worked out by hand in each docstring.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow

ROOT = Path(__file__).resolve().parents[1]
LUDRES = ROOT / "scenarios" / "ludres_backbone"
WITHDRAWN = {"ZAE_LF": 15_000.0, "NEUVES": 12_327.0, "LUDRES": 11_130.0, "FLEVILLE": 4_158.0, "HOUDEMONT": 3_851.0,
             "MESSEIN": 3_486.0}
ZONE = {"ZAE_LF": "ZI Ludres-Fléville", "NEUVES": "Moselle et Madon", "MESSEIN": "Moselle et Madon",
        "LUDRES": "Métropole du Grand Nancy", "FLEVILLE": "Métropole du Grand Nancy",
        "HOUDEMONT": "Métropole du Grand Nancy"}
CRF = 0.05 / (1 - 1.05 ** -30)          # 5 % over 30 years: 0.0650514 per year
CONNECTION = 60_000 * CRF               # a network connection's annuity, 3,903.09 EUR/yr


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    res = eitflow.run_file(LUDRES / "scenario.yaml")
    out = write_run(res, tmp_path_factory.mktemp("ludres") / "run")
    fr = write_report(out, out / "rapport.html", "fr").read_text(encoding="utf-8")
    en = write_report(out, out / "report.html", "en").read_text(encoding="utf-8")
    return res, out, fr, en


def _zones_section(html: str) -> str:
    m = re.search(r'<section id="zones">.*?</section>', html, re.S)
    assert m is not None
    return m.group(0).replace("&#x27;", "'")


def test_the_zones_say_where_the_network_counts_by_hand(run):
    """Under the report's rule (by company), the network's 546,048 EUR/yr (corridors.csv's
    annual costs) goes to the zones of the companies it serves as they withdraw: ZI
    Ludres-Fléville 15,000 / 49,952 of it = 163,971.96, Moselle et Madon (12,327 + 3,486) /
    49,952 = 172,859.24, Grand Nancy (11,130 + 4,158 + 3,851) / 49,952 = 209,217.29 (zones.csv's
    build cost), not by where its corridors run; and the report says so, in French and English."""
    _, out, fr, en = run
    cost = pd.read_csv(out / "corridors.csv")["annual_cost_eur_per_yr"].sum()
    assert cost == pytest.approx(546_048.49, abs=0.01)
    total = sum(WITHDRAWN.values())
    assert total == 49_952
    expect = {z: sum(w for s, w in WITHDRAWN.items() if ZONE[s] == z) / total * cost for z in set(ZONE.values())}
    assert expect["ZI Ludres-Fléville"] == pytest.approx(163_971.96, abs=0.01)
    assert expect["Moselle et Madon"] == pytest.approx(172_859.24, abs=0.01)
    assert expect["Métropole du Grand Nancy"] == pytest.approx(209_217.29, abs=0.01)
    zones = pd.read_csv(out / "zones.csv").set_index("zone")
    for z, v in expect.items():
        assert zones.at[z, "build_cost_eur_per_yr"] == pytest.approx(v, abs=0.005)
    assert set(zones["allocation"]) == {"company"}

    said_fr = _zones_section(fr)
    assert "Un réseau partagé est un lieu à part entre les zones" in said_fr
    assert "au prorata de ce que chacune prélève (network_shares.csv), donc à leurs zones, quelles que soient " \
           "les zones que traversent ses tronçons" in said_fr
    assert "pompes à chaleur à l'injection" in said_fr
    said_en = _zones_section(en)
    assert "in proportion to what each withdraws (network_shares.csv), so to their zones, whichever zones its " \
           "corridors cross" in said_en


def test_a_run_without_a_network_says_nothing_of_one(tmp_path):
    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    out = write_run(eitflow.run_file(LUDRES / "point_to_point.yaml"), tmp_path / "p2p")
    html = write_report(out, lang="fr").read_text(encoding="utf-8")
    assert "Un réseau partagé" not in _zones_section(html)


def test_the_zones_command_says_it_within_the_terminal():
    from eitflow.cli.main import main

    out = CliRunner().invoke(main, ["zones", str(LUDRES / "scenario.yaml")], env={"COLUMNS": "80"},
                             catch_exceptions=False).output
    said = " ".join(out.split())
    assert "Un réseau partagé est un lieu à part entre les zones" in said
    assert "quelles que soient les zones que traversent ses tronçons." in said
    assert max(len(r.rstrip()) for r in out.splitlines()) <= 80
    p2p = CliRunner().invoke(main, ["zones", str(LUDRES / "point_to_point.yaml")], env={"COLUMNS": "80"},
                             catch_exceptions=False).output
    assert "réseau partagé" not in p2p


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    from eitflow.report.sweep import write_sweep_report
    from eitflow.sweep.run import run_sweep
    from eitflow.sweep.spec import parse_sweep

    d = tmp_path_factory.mktemp("sweep")
    sw = parse_sweep({"base": str(LUDRES / "scenario.yaml"), "outputs": "full",
                      "grid": {"networks": {"heat": {"temperature_c": [90]}}}})
    run_sweep(sw, d / "out", n_workers=0, progress=False)
    write_sweep_report(d / "out", "fr")     # as `eitflow sweep` does, in the base's language
    return d / "out"


def test_a_sweeps_exchanges_add_up_to_its_run_by_hand(sweep):
    """The one run (90 degC: the scenario itself). Network -> ZAE_LF: 15,000 MWh/yr worth
    55 EUR/MWh of gas and 0.252 tCO2/MWh x 100 EUR/t = 80.20 EUR/MWh, less its connection's
    3,903.09 EUR/yr = 1,199,096.91 on its own; after its share of the network's cost, 15,000 /
    49,952 x 546,048.49 = 163,971.96, 1,035,124.95 EUR/yr. Its share of CO2 is none (only a
    hub passes CO2 on): 15,000 x 0.252 = 3,780 tCO2/yr both ways. Over the run's exchanges the
    figures after shares add up to its results.csv row (to the cent), the network's cost and
    investment there are summary.json's and corridors.csv's."""
    import json

    res = pd.read_csv(sweep / "results.csv")
    links = pd.read_csv(sweep / "links.csv")
    freq = pd.read_csv(sweep / "frequency.csv")
    assert len(res) == 1
    row = res.iloc[0]
    rid = row["run_id"]
    summary = json.loads((sweep / "runs" / rid / "summary.json").read_text(encoding="utf-8"))
    cor = pd.read_csv(sweep / "runs" / rid / "corridors.csv")
    assert row["network_cost_eur_per_yr"] == pytest.approx(cor["annual_cost_eur_per_yr"].sum(), abs=0.01)
    assert row["network_investment_eur"] == pytest.approx(cor["investment_eur"].sum(), abs=0.01)
    assert row["network_cost_eur_per_yr"] == pytest.approx(summary["totals"]["network_cost_eur_per_yr"], abs=0.01)
    assert row["network_cost_eur_per_yr"] == pytest.approx(546_048.49, abs=0.01)

    assert links["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(row["net_benefit_eur_per_yr"], abs=0.01)
    assert links["co2_avoided_after_shares_t_per_yr"].sum() == pytest.approx(row["co2_avoided_t_per_yr"], abs=1e-4)
    # on their own they miss the network's cost: 4,712,728 against 4,166,680
    assert links["net_benefit_eur_per_yr"].sum() - row["net_benefit_eur_per_yr"] == \
        pytest.approx(row["network_cost_eur_per_yr"], abs=0.01)

    own = 15_000 * (55 + 0.252 * 100) - CONNECTION
    share = 15_000 / 49_952 * 546_048.4929
    assert (round(own, 2), round(share, 2), round(own - share, 2)) == (1_199_096.91, 163_971.96, 1_035_124.95)
    zae = links[(links["source_site"] == "network:heat") & (links["sink_site"] == "ZAE_LF")].iloc[0]
    assert zae["net_benefit_eur_per_yr"] == pytest.approx(own, abs=0.01)
    assert zae["net_benefit_after_shares_eur_per_yr"] == pytest.approx(own - share, abs=0.01)
    assert zae["co2_avoided_after_shares_t_per_yr"] == pytest.approx(3_780.0, abs=1e-6)
    f = freq[(freq["source_site"] == "network:heat") & (freq["sink_site"] == "ZAE_LF")].iloc[0]
    assert f["net_benefit_mean_eur_per_yr"] == pytest.approx(own, abs=0.01)
    assert f["net_benefit_after_shares_mean_eur_per_yr"] == pytest.approx(own - share, abs=0.01)


def test_the_sweep_report_shows_the_figure_after_shares(sweep):
    """The frequency table's last column, in the base's language (French), with its rule."""
    html = (sweep / "report.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    table = re.search(r'<table id="frequency-table">.*?</table>', html, re.S).group(0)
    assert "bénéfice net moyen, après parts" in table
    assert "Après parts : un échange après sa part du coût d'un réseau partagé" in html
    row = next(r for r in re.findall(r"<tr>.*?</tr>", table, re.S) if "ZAE_LF" in r or "Zone industrielle" in r)
    shown = [float(v) for v in re.findall(r'<td class="n" data-v="([^"]*)"', row)]
    assert shown[-2:] == pytest.approx([15_000 * 80.2 - CONNECTION, 15_000 * 80.2 - CONNECTION - 163_971.96], abs=0.01)


def _cold_supply(t_supply: float = 35.0, **params):
    """A data centre's 35 degC heat beside a 90 degC network (tests/test_network_balance.py's
    pump scenario, colder), a town 1 km away taking 3,000 MWh/yr; direct pipes out of reach."""
    sites = pd.DataFrame({"site_id": ["DC", "VILLE"], "lat": [48.60, 48.609], "lon": [6.10, 6.10]})
    flows = pd.DataFrame({"flow_id": ["dc_heat", "ville_heat"], "site_id": ["DC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [10000.0, 3000.0],
                          "unit": "MWh/yr", "temperature_c": [t_supply, 60.0], "price_eur_per_unit": [0.0, 80.0],
                          "max_distance_km": [0.1, 0.1]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["DC"], "to": ["VILLE"],
                              "length_km": [1.0]})
    params = {"networks": {"heat": {"temperature_c": 90.0}}, **params}
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors, solver={"mip_gap": 0.0}, **params)


def _why(scen, lang: str) -> str:
    from eitflow.analyses.explain import explain

    res = eitflow.optimise(scen)
    e = explain(scen, res, flow_id="dc_heat", lang=lang)
    row = e[e["rule"] == "quality"]
    assert len(row) == 1
    return str(row["detail"].iat[0])


def test_explain_says_which_heat_pump_limit_stops_a_cold_supply():
    """With the catalogue's 10 K approach the pump would evaporate at 35 - 10 = 25 degC and
    condense at 90 + 10 = 100 degC: a lift of 75 K, above the default maximum of 70 K. At 45
    degC (a 65 K lift) it would pass, so with heat pumps at injection, or heat pumps, switched
    off it is that setting explain names."""
    en, fr = _why(_cold_supply(), "en"), _why(_cold_supply(), "fr")
    assert en.endswith("it would have to lift it 75 K (from its temperature less the approach to the network's "
                       "plus the approach), above the maximum lift of 70 K (heat_pump.max_lift_k)")
    assert "il faudrait l'élever de 75 K" in fr and "au-delà de l'élévation maximale de 70 K" in fr
    assert " heat " not in fr and "aucune pour" not in fr
    off = _cold_supply(networks={"heat": {"temperature_c": 90.0, "heat_pump_at_injection": False}})
    assert _why(off, "en").endswith("heat pumps at injection are off (networks.heat.heat_pump_at_injection: false)")
    scen = _cold_supply(heat_pump={"enabled": False})
    assert _why(scen, "fr").endswith("les pompes à chaleur sont désactivées (heat_pump.enabled: false)")


def test_a_warm_enough_supply_is_injected_through_a_pump():
    """The contrary case: at 45 degC the lift is (90 + 10) - (45 - 10) = 65 K <= 70 K, so the
    data centre injects and explain gives no quality reason."""
    scen = _cold_supply(45.0)
    res = eitflow.optimise(scen)
    assert (res.matches["heat_pump"].astype(bool) & (res.matches["sink_site"] == "network:heat")).any()
    from eitflow.analyses.explain import explain

    assert not (explain(scen, res, flow_id="dc_heat")["rule"] == "quality").any()


def test_compare_says_the_network_losses_and_heat_pumps_by_hand(tmp_path):
    """`eitflow compare` of the data centre's network without heat pumps at injection (A: the
    40 degC heat cannot enter the 90 degC network, nothing is built) and with them (B, tests/
    test_network_balance.py's figures): it said the corridor built and its cost, not the heat
    lost along it nor the pump. By hand: DN80 over 1 km loses 28.2 W/m x 1,000 m x 8,760 h =
    247.032 MWh/yr; 3,247.032 MWh/yr enter the network, the pump's COP 0.5 x 373.15 / 70 =
    2.665357, its electricity 3,247.032 / 2.665357 = 1,218.235 MWh/yr at 80 EUR/MWh = 97,458.8
    EUR/yr, its 3,247.032 / 6,000 h = 0.541172 MW at 700 EUR/kW = 378,820.4 EUR annualised at
    5 % over 20 years (x 0.0802426) = 30,397.5 EUR/yr: 127,856 EUR/yr in all."""
    from eitflow.analyses.compare import compare_runs
    from eitflow.results.rundir import write_run
    from test_network_balance import _pump_scenario

    scen = _pump_scenario()
    off = _with_network_options(scen, heat_pump_at_injection=False)
    a = write_run(eitflow.optimise(off), tmp_path / "a")
    b = write_run(eitflow.optimise(scen), tmp_path / "b")
    loss = 28.2 * 1000 * 8760 / 1e6
    cop = 0.5 * (90 + 10 + 273.15) / ((90 + 10) - (40 - 10))
    elec = (3000 + loss) / cop
    crf = 0.05 / (1 - 1.05 ** -20)
    cost = elec * 80 + (3000 + loss) / 6000 * 700_000 * crf
    assert (round(loss, 3), round(elec, 3), round(cost)) == (247.032, 1218.235, 127_856)
    _, en = compare_runs(a, b, "en")
    assert "  Heat network: lost along the corridors 0 -> 247 MWh/yr (+247)" in en.splitlines()
    assert ("  heat pumps: exchanges through one 0 -> 1, at a network's injection 0 -> 1, electricity 0 -> 1,218 "
            "MWh/yr, annual cost (electricity and annuity) 0 -> 127,856 EUR/yr (+127,856)") in en.splitlines()
    _, fr = compare_runs(a, b, "fr")
    assert any(line.startswith("  Réseau de chaleur : pertes le long des tronçons 0 -> 247 MWh/an") for line in
               fr.splitlines())
    assert any("pompes à chaleur : échanges qui en ont une 0 -> 1, à l'injection d'un réseau 0 -> 1, électricité "
               "0 -> 1\u202f218 MWh/an" in line.replace("\xa0", "\u202f") for line in fr.splitlines()), fr
    # the same run twice: nothing changed, no such line
    _, same = compare_runs(b, b, "en")
    assert "lost along" not in same and "heat pumps:" not in same


def _with_network_options(scen, **options):
    """`scen` with its heat network's options changed."""
    import dataclasses

    nets = {r: o.model_copy(update=options) for r, o in scen.params.networks.items()}
    return dataclasses.replace(scen, params=scen.params.model_copy(update={"networks": nets}))


@pytest.mark.parametrize("name, value", [("networks.heat.max_length_km", 0.5), ("networks.heat.purity", 0.99),
                                         ("networks.heat.pressure_bar", 30.0)])
def test_a_network_setting_that_changes_no_run_is_refused(name, value):
    """The backbone's corridors are all given (generate: none) and heat has no purity: a sweep
    of these would give the same run at every value, refused before anything runs, naming it."""
    from eitflow.sweep.params import check_values
    from eitflow.sweep.spec import SweepError

    ludres = eitflow.read_scenario(LUDRES / "scenario.yaml")
    with pytest.raises(SweepError, match=re.escape(f"sweep parameter '{name}': ") + ".*every run would be the same"):
        check_values([{name: value}], {"ludres": ludres})


def test_the_longest_generated_corridor_is_swept_where_corridors_are_generated():
    """A second route for the refusal: on the backbone (generate: none) the plan is the same
    at 0.5 and 50 km (4,166,680 EUR/yr); with generated corridors (delaunay over its sites)
    0.5 km leaves out every pair (the nearest, the industrial zone to Fléville, 0.425 km as the
    crow flies, is 0.553 km after the route factor 1.3: corridors.csv's trunk_6), so the plan is
    point_to_point.yaml's, 4,002,108 EUR/yr (its README), where 50 km keeps them all: the
    setting changes the run, and the sweep accepts it."""
    import dataclasses

    from eitflow.sweep.params import apply_parameters, check_values

    ludres = eitflow.read_scenario(LUDRES / "scenario.yaml")
    a, b = (eitflow.optimise(apply_parameters(ludres, {"networks.heat.max_length_km": v})).objective for v in (0.5, 50.0))
    assert a == pytest.approx(b, rel=1e-9) and a == pytest.approx(4_166_680, abs=1)
    nets = {r: o.model_copy(update={"generate": "delaunay"}) for r, o in ludres.params.networks.items()}
    gen = dataclasses.replace(ludres, corridors=None, params=ludres.params.model_copy(update={"networks": nets}))
    short, long = (eitflow.optimise(apply_parameters(gen, {"networks.heat.max_length_km": v})) for v in (0.5, 50.0))
    assert short.objective == pytest.approx(4_002_108, abs=1) and long.objective > short.objective + 1
    check_values([{"networks.heat.max_length_km": 0.5}, {"networks.heat.max_length_km": 50.0}], {"gen": gen})
    check_values([{"networks.heat.temperature_c": 80.0}], {"ludres": ludres})


def test_compare_says_nothing_it_does_not_know(run, tmp_path):
    """A run without the network counts it 0 (point_to_point.yaml against the backbone: 0 ->
    2,776 MWh/yr lost, summary.json's balance, 52,728 injected - 49,952 withdrawn); a run
    written before summary.json had the balance and the heat pumps is not read as 0."""
    import json
    import shutil

    from eitflow.analyses.compare import compare_runs
    from eitflow.results.rundir import write_run

    _, out, _, _ = run
    p2p = write_run(eitflow.run_file(LUDRES / "point_to_point.yaml"), tmp_path / "p2p")
    _, text = compare_runs(p2p, out, "en")
    assert "  Heat network: lost along the corridors 0 -> 2,776 MWh/yr (+2,776)" in text.splitlines()
    assert "heat pumps:" not in text   # none in either
    old = tmp_path / "old"
    shutil.copytree(out, old)
    s = json.loads((old / "summary.json").read_text(encoding="utf-8"))
    del s["networks"]["by_resource"]["heat"]["balance"], s["heat_pumps"]
    (old / "summary.json").write_text(json.dumps(s), encoding="utf-8")
    pumped = write_run(eitflow.optimise(_pump_scenario_here()), tmp_path / "pumped")
    _, text = compare_runs(old, pumped, "en")
    assert "lost along" not in text and "heat pumps:" not in text


def _pump_scenario_here():
    from test_network_balance import _pump_scenario

    return _pump_scenario()


def test_the_sweep_plot_keeps_its_axis_labels_inside(monkeypatch, tmp_path):
    """The sweep over the backbone's network temperature (80 and 90 degC: 4,169,923 and
    4,166,680 EUR/yr): the net benefit's axis, numbers of seven digits in French ("4 170 000"),
    pushed its label "bénéfice net (€/an)" out of the figure's fixed 20 % left margin: only
    its "(" showed. Every axis' numbers and label now lie inside the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from eitflow.report import plots

    drawn = []
    real = plots._save

    def keep(fig, out_dir, name):
        drawn.append(fig)
        return real(fig, out_dir, name)

    monkeypatch.setattr(plots, "_save", keep)
    df = pd.DataFrame({"run_id": ["r1", "r2"], "base": "ludres_backbone", "networks.heat.temperature_c": [80.0, 90.0],
                       "status": "optimal", "net_benefit_eur_per_yr": [4_169_923.17, 4_166_679.50],
                       "co2_avoided_t_per_yr": [16_143.12, 16_132.92], "investment_eur": 12_915_483.05,
                       "n_links": 10, "gap": 0.0})
    plots.write_sweep_plots(df, ["networks.heat.temperature_c"], tmp_path, "fr",
                            labels={"networks.heat.temperature_c": "température du réseau de chaleur (°C)"})
    (fig,) = drawn
    renderer = FigureCanvasAgg(fig).get_renderer()
    top, bottom = fig.axes
    assert top.get_ylabel() == "bénéfice net (€/an)"
    for ax in (top, bottom):
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.get_figwidth() * fig.dpi, (ax.get_ylabel(), box)


@pytest.mark.slow
def test_the_pareto_plot_labels_each_plan_once(monkeypatch, tmp_path):
    """The backbone's front at 7 points: point 0 is the run (10 exchanges, 16,132.9 tCO2/yr),
    points 1 to 6 all the plan serving every demand (11 exchanges: 69,398 MWh/yr x 0.252 =
    17,488.3 tCO2/yr); the plot wrote "11 éch." six times on one another, then once, without
saying which of the table's rows the dot was. Two markers now, each naming its points."""
    from eitflow.analyses.pareto import pareto_front
    from eitflow.report import plots

    drawn = []
    real = plots._save
    monkeypatch.setattr(plots, "_save", lambda fig, out_dir, name: drawn.append(fig) or real(fig, out_dir, name))
    df = pareto_front(eitflow.read_scenario(LUDRES / "scenario.yaml"), n_points=7)
    demand = 15_000 + 12_327 + 5_338 + 3_646 + 3_486 + 11_130 + 4_158 + 3_851 + 10_462
    assert demand * 0.252 == pytest.approx(17_488.296)
    assert df["co2_avoided_t_per_yr"].iloc[1:].to_numpy() == pytest.approx([17_488.296] * 6, abs=1e-6)
    plots.write_pareto(df, tmp_path, "fr")
    (fig,) = drawn
    said = sorted(t.get_text() for t in fig.axes[0].texts)
    # one marker per plan, labelled with the points that give it: the reader saw one dot and
    # "11 éch." for six rows of the table, not which six
    assert said == ["point 0 : 10 éch.", "points 1 à 6, un seul plan : 11 éch."]
    markers = [tuple(xy) for c in fig.axes[0].collections for xy in c.get_offsets()]
    assert len(markers) == 2 and markers[1] == pytest.approx((17_488.296, df["net_benefit_eur_per_yr"].iat[1]))
