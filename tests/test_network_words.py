"""A shared network's run read by a French territorial analyst: each sentence names a site as
sites.csv does (its code beside it), says no scenario.yaml key in French, and each output
counts what the network uses (existing pipes too). Expected wordings and figures are written
out by hand from the inputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)
LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"


def _landrecies(**net):
    """A heat supply S and the town of Landrecies (site D) 2 km north, whose 0.1 km radius
    rules out a pipe of its own: only a network could serve it."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "name": ["Verrerie", "Landrecies"],
                          "lat": [45.0, 45.0 + 2 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [50000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                          "price_eur_per_unit": [0.0, 60.0], "max_distance_km": [10.0, 0.1]})
    return eitflow.scenario_from_frames(sites, flows, networks={"heat": {"temperature_c": 90.0, **net}})


def test_a_town_the_generated_network_does_not_reach_is_named():
    """The generated corridor (2 km x route factor) is longer than max_length_km 0.5, so the
    network does not reach Landrecies. unmatched.csv and explain said 'n'atteint pas D ...
    (networks.heat.max_length_km)': the code where sites.csv names the town, and the
    parameter's key in the French sentence."""
    res = eitflow.optimise(_landrecies(generate="knn", max_length_km=0.5))
    row = res.unmatched.set_index("site_id").loc["D"]
    assert row["reason"] == "network_unreachable"
    assert row["detail"].startswith("the heat network does not reach Landrecies (D): the corridors eitflow "
                                    "would generate from it are longer than 0.5 km (networks.heat.max_length_km)")
    assert row["detail"].say("fr").startswith(
        "le réseau de chaleur n'atteint pas Landrecies (D) : les tronçons qu'eitflow générerait depuis ce site "
        "dépassent 0,5 km (la longueur maximale fixée pour les tronçons générés de la ressource chaleur)")
    assert "max_length_km" not in row["detail"].say("fr")
    ex = explain(res.scenario, res, flow_id=row["flow_id"], lang="fr")
    assert ex["detail"].iat[0] == ("le réseau de chaleur n'atteint pas Landrecies (D) : les tronçons qu'eitflow "
                                   "générerait depuis ce site dépassent 0,5 km (la longueur maximale fixée pour les "
                                   "tronçons générés de la ressource chaleur)")


def test_a_site_without_a_name_keeps_its_code():
    scen = _landrecies(generate="knn", max_length_km=0.5)
    scen.sites = scen.sites.drop(columns="name")
    res = eitflow.optimise(scen)
    assert res.unmatched.set_index("site_id").at["D", "detail"].startswith("the heat network does not reach D:")


@pytest.fixture(scope="module")
def ludres():
    scen = eitflow.read_scenario(LUDRES)
    return scen, eitflow.optimise(scen)


def test_explain_names_who_takes_the_partner_s_heat(ludres):
    """Chaligny (5,338 MWh/yr, nothing built to it): the SAM steelworks' heat is taken by
    Pont-Saint-Vincent's own pipe and by the network; the network's corridors reach Chaligny
    but are not extended to it. explain named them 'PSV:psv_heat' and 'CHALIGNY'."""
    scen, res = ludres
    ex = explain(scen, res, flow_id="chaligny_heat", n_nearest=2, lang="fr").set_index("rule")
    idle = ex.at["network_not_selected", "detail"]
    assert idle.startswith("les tronçons candidats du réseau de chaleur atteignent Chaligny (centre, CHALIGNY), ")
    taken = ex.at["capacity_used", "detail"]
    assert taken.startswith("la quantité du partenaire est prise par Pont-Saint-Vincent (centre, PSV) : ")
    assert "psv_heat" not in taken


def _on_an_existing_pipe(tmp_path, pipe: bool = True):
    """A refinery's hydrogen to a chemical plant 2.7 km south through a pipe already in the
    ground (0.5 t/h rated: 0.5 x 8,760 x load factor 0.7 = 3,066 t/yr), no corridor built;
    the plant's 0.1 km radius rules out a pipe of its own. Read back as the report reads it."""
    from eitflow.results.rundir import read_run, write_run

    sites = pd.DataFrame({"site_id": ["SMR", "CHIM"], "name": ["Raffinerie", "Chimie de Lavéra"],
                          "lat": [43.41, 43.41 - 2.7 * KM], "lon": [5.02, 5.02]})
    flows = pd.DataFrame({"site_id": ["SMR", "CHIM"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [4000.0, 3000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 3000.0],
                          "max_distance_km": [10.0, 0.1]})
    corridors = pd.DataFrame({"corridor_id": ["old"], "resource": "hydrogen", "from": ["SMR"], "to": ["CHIM"],
                              "length_km": [3.0], "existing": ["yes"], "capacity": [0.5], "unit": ["t/h"]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=corridors if pipe else None,
                                                        lang="fr"))
    return res, read_run(write_run(res, tmp_path / ("run" if pipe else "without")))


def test_the_report_counts_an_existing_pipe_in_use(tmp_path):
    """The run's line said '... et 1 conduite existante utilisée, 3,0 km', but the report's
    network table read 'Construits 0, Longueur 0,00' and its key figure '(0,0 km de
    tronçons)' above the 3 km pipe carrying all 3,000 t/yr: the existing pipe was counted
    nowhere but in the table of corridors."""
    from eitflow.report.networks import network_section
    from eitflow.report.tables import key_figures

    res, data = _on_an_existing_pipe(tmp_path)
    cor = res.statistics.corridors()
    assert cor["existing"].tolist() == [True] and cor["flow"].tolist() == pytest.approx([3000.0])
    card = {c["id"]: c for c in key_figures(data, "fr")}["card-n"]
    assert card["sub"].endswith(" ; dont 2 raccordements à un réseau partagé (0,0 km de tronçons neufs et 3,0 km "
                                "de conduites existantes)")
    html = network_section(data, "fr")
    assert ("Réseau d'hydrogène : en plus des tronçons construits comptés ci-dessus, 1 conduite existante utilisée "
            "(3,0 km, sans investissement ; voir le tableau des tronçons).") in html.replace("&#x27;", "'")
    en = {c["id"]: c for c in key_figures(data, "en")}["card-n"]["sub"]
    assert en.endswith("; 2 connected through a shared network (0.0 km of new corridors and 3.0 km of "
                       "existing pipes)")


def test_compare_says_an_existing_pipe_taken_up(tmp_path):
    """Without the pipe nothing is exchanged; with it, 3,000 t/yr through it and no corridor
    built. compare printed no network line (corridors built 0 -> 0, 0 km, 0 EUR/yr)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    _on_an_existing_pipe(tmp_path, pipe=False)
    _on_an_existing_pipe(tmp_path)
    out = CliRunner().invoke(main, ["compare", str(tmp_path / "without"), str(tmp_path / "run"), "--lang", "fr"])
    assert out.exit_code == 0, out.output
    assert "  Réseau d'hydrogène : conduites existantes utilisées 0 -> 1, 0,0 -> 3,0 km" in out.output.splitlines()
    out = CliRunner().invoke(main, ["compare", str(tmp_path / "run"), str(tmp_path / "without"), "--lang", "en"])
    assert "  Hydrogen network: existing pipes in use 1 -> 0, 3.0 -> 0.0 km" in out.output.splitlines()


def test_results_workbook_says_an_existing_pipe_in_french(tmp_path):
    """results.xlsx's corridors sheet in French said 'conduite existante' as the size but
    'existing' (corridors.csv's code) as the catalogue's size of the same pipe."""
    from openpyxl import load_workbook

    from eitflow.report.workbook import write_results_workbook

    res, _ = _on_an_existing_pipe(tmp_path)
    ws = load_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))["tronçons"]
    rows = list(ws.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1]))
    assert row["diamètre"] == "conduite existante" and row["diamètre du catalogue"] == "conduite existante"
    assert row["dimensionnement"] == "conduite existante"
    assert "existing" not in [v for v in rows[1] if isinstance(v, str)]


def test_the_report_footer_lists_the_network_s_files(tmp_path):
    """The footer listed the files beside the report (matches.csv ... synergies.geojson) but
    not the network's corridors.csv, network_shares.csv and corridors.geojson, where the
    corridors and each company's share are."""
    from eitflow.report.html import render_html

    _, data = _on_an_existing_pipe(tmp_path)
    for name in ("corridors.csv", "network_shares.csv", "corridors.geojson"):
        assert (data.run_dir / name).is_file()
    assert ("Fichiers à côté : matches.csv, unmatched.csv, price_bands.csv, companies.csv, summary.json, "
            "corridors.csv, network_shares.csv, corridors.geojson, synergies.geojson") in render_html(data, "fr")
    _, plain = _on_an_existing_pipe(tmp_path, pipe=False)
    assert "companies.csv, summary.json, synergies.geojson" in render_html(plain, "en")


def test_validate_names_the_places_no_corridor_reaches(tmp_path):
    """`eitflow validate` listed the places a generated network does not reach by code
    ('aucun tronçon n'atteint 2 de ses lieux : INSEE59331, J9'). A heat supply, a town 1 km
    north and Landrecies 20 km north, a junction 25 km north: corridors longer than 2 km are
    left out, so Landrecies and the junction are reached by none."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    (tmp_path / "sites.csv").write_text(
        f"site_id,name,lat,lon\nS,Verrerie,45.0,4.0\nA,Bourg,{45.0 + KM!r},4.0\n"
        f"INSEE59331,Landrecies,{45.0 + 20 * KM!r},4.0\nB,,{45.0 + 30 * KM!r},4.0\n", encoding="utf-8")
    (tmp_path / "junctions.csv").write_text(f"junction_id,name,lat,lon\nJ9,Poste du Nord,{45.0 + 25 * KM!r},4.0\n",
                                            encoding="utf-8")
    (tmp_path / "flows.csv").write_text(
        "site_id,direction,resource,amount,unit,temperature_c\nS,supply,heat,9000,MWh/yr,110\n"
        "A,demand,heat,1000,MWh/yr,60\nINSEE59331,demand,heat,1000,MWh/yr,60\nB,demand,heat,1000,MWh/yr,60\n",
        encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(
        "name: t\nlang: fr\nsites: sites.csv\nflows: flows.csv\njunctions: junctions.csv\nnetworks:\n  heat:\n"
        "    temperature_c: 90\n    generate: delaunay\n    max_length_km: 2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 0, res.output
    assert ("  Réseau de chaleur : aucun tronçon n'atteint 3 de ses lieux : B, Landrecies (INSEE59331), "
            "Poste du Nord (J9)") in res.output.splitlines()     # B has no name: its code


@pytest.mark.slow
def test_resilience_says_the_idle_corridors_in_french(ludres):
    """The incinerator closes: the corridors it alone fed carry nothing (north_1, trunk_3 to
    trunk_6: the steelworks still feeds Neuves-Maisons over trunk_1). The French table said
    them 'heat:north_1; heat:trunk_3; ...'. The investment stranded is, by hand from the
    optimum's corridors.csv and matches.csv: those five corridors, the UVE's own pipe to
    Heillecourt and its connection to the network, and the connections of the four towns and
    the zone the network no longer feeds (Houdemont, Ludres, Messein, Fléville, the ZI; the
    catalogue's 60,000 EUR each: 300,000 EUR), idle as a point-to-point plan's pipe would be
    (left out before). Neuves-Maisons' delivery and SAM's injection still carry heat."""
    from eitflow.analyses.resilience import resilience

    scen, res = ludres
    r = resilience(scen, lang="fr").set_index("site_id")
    assert r.at["UVE_LUDRES", "stranded_shared"] == "réseau de chaleur : north_1, trunk_3, trunk_4, trunk_5, trunk_6"
    cor = res.statistics.corridors().set_index("corridor_id")["investment_eur"]
    m = res.matches
    own = m.loc[(m["source_site"] == "UVE_LUDRES"), "investment_eur"].sum()   # pipe + connection
    assert len(m[m["source_site"] == "UVE_LUDRES"]) == 2
    conn = scen.catalogue["heat"].network.connection_investment_eur
    assert conn == 60000
    assert r.at["UVE_LUDRES", "stranded_investment_eur"] == pytest.approx(
        cor[["north_1", "trunk_3", "trunk_4", "trunk_5", "trunk_6"]].sum() + own + 5 * conn, rel=1e-9)
    en = resilience(scen).set_index("site_id")
    assert en.at["UVE_LUDRES", "stranded_shared"] == "heat:north_1; heat:trunk_3; heat:trunk_4; heat:trunk_5; heat:trunk_6"
