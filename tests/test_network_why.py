"""Why a shared network serves a flow or not, as unmatched.csv, `eitflow explain` and
`eitflow validate` say it: the corridors' directions, what limits an idle supply, and a
network nothing can use. A data centre (40 degC, through a heat pump), a factory (95 degC),
a town and a hospital (55 degC) around junction J1, 0.3 km radii ruling out pipes of their
own: only the 75 degC network can serve. Expected figures are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow
from eitflow.analyses.explain import explain
from eitflow.cli.main import main

SITES = ["DC,Data centre,48.6000,6.1000,Z1", "TOWN,Town,48.6100,6.1200,Z2", "HOSP,Hospital,48.6050,6.1300,Z2",
         "IND,Factory,48.5950,6.1150,Z1"]
FLOWS = ["dc_heat,DC,supply,heat,30000,MWh/yr,40,0,0.3", "ind_heat,IND,supply,heat,8000,MWh/yr,95,0,0.3",
         "town_heat,TOWN,demand,heat,20000,MWh/yr,55,70,0.3", "hosp_heat,HOSP,demand,heat,6000,MWh/yr,55,70,0.3"]
CORRIDORS = ["c1,heat,DC,J1,", "c2,heat,J1,TOWN,", "c3,heat,J1,HOSP,", "c4,heat,IND,J1,"]


def _hp(tmp_path: Path, sites=(), flows=(), corridors=CORRIDORS, t_net: float = 75.0, demand_c: float = 55.0) -> Path:
    """The scenario's files in `tmp_path` (extra sites and flows appended); its scenario.yaml."""
    (tmp_path / "sites.csv").write_text("\n".join(["site_id,name,lat,lon,zone", *SITES, *sites]) + "\n")
    fl = [f.replace(",55,70,", f",{demand_c:g},70,") for f in FLOWS]
    (tmp_path / "flows.csv").write_text("\n".join(["flow_id,site_id,direction,resource,amount,unit,temperature_c,"
                                                   "price_eur_per_unit,max_distance_km", *fl, *flows]) + "\n")
    (tmp_path / "junctions.csv").write_text("junction_id,name,lat,lon,resources\nJ1,Crossroads,48.6040,6.1180,heat\n")
    (tmp_path / "corridors.csv").write_text("\n".join(["corridor_id,resource,from,to,direction", *corridors]) + "\n")
    (tmp_path / "scenario.yaml").write_text(
        "name: hp test\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\njunctions: junctions.csv\n"
        "objective: net_benefit\ncarbon_price_eur_per_t: 100\ndiscount_rate: 0.05\nlifetime_years: 30\n"
        f"electricity_price_eur_per_mwh: 60\nlang: en\nnetworks: {{heat: {{temperature_c: {t_net:g}}}}}\n")
    return tmp_path / "scenario.yaml"


def _rank0(scen, res, flow_id: str, lang: str = "en"):
    ex = explain(scen, res, flow_id=flow_id, lang=lang)
    return ex[ex["rank"] == 0].iloc[0]


def _both_say(scen, res, said: dict[str, str], reason: str = "capacity_used") -> None:
    """unmatched.csv and explain's rank-0 row give each flow id of `said` the same reason and
    words (the views agree)."""
    um = res.unmatched.set_index("flow_id")
    for f, words in said.items():
        assert (um.at[f, "reason"], str(um.at[f, "detail"])) == (reason, words)
        row = _rank0(scen, res, f)
        assert (row["rule"], row["detail"]) == (reason, words)


def test_one_way_corridors_running_towards_the_supplies_serve_nobody_and_say_so(tmp_path):
    """c1 and c4 run from J1 towards the data centre and the factory (direction forward): no
    heat can leave them, so nothing is built. unmatched.csv said '1 viable partner ... no
    further exchange raises the objective' and explain 'network_not_selected: would bring
    567,297 EUR/yr ... the corridors to it, which cost more' (c3 costs about 62 k EUR/yr):
    the connected part was taken both ways. Now each flow is network_unreachable, saying
    the one-way corridors are what stops it."""
    scen = eitflow.read_scenario(_hp(tmp_path, corridors=["c1,heat,J1,DC,forward", "c2,heat,J1,TOWN,",
                                                          "c3,heat,J1,HOSP,", "c4,heat,J1,IND,Forward"]))
    res = eitflow.optimise(scen)
    assert not len(res.matches)
    um = res.unmatched.set_index("flow_id")
    assert um["reason"].to_dict() == {f: "network_unreachable" for f in ("dc_heat", "hosp_heat", "ind_heat", "town_heat")}
    assert str(um.at["dc_heat", "detail"]) == (
        "the heat network does not reach a demand within its corridors: the corridors through Data centre (DC) join "
        "a heat demand only against the way of one-way corridors (direction forward, from -> to)")
    assert um.at["town_heat", "detail"].say("fr") == (
        "le réseau de chaleur n'atteint aucune offre par ses tronçons : ceux qui passent par Town (TOWN) ne joignent "
        "une offre en chaleur qu'à contre-sens de tronçons à sens unique (direction forward, de from vers to)")
    for f in um.index:
        row = _rank0(scen, res, f)
        assert row["rule"] == "network_unreachable"
        assert row["detail"] == str(um.at[f, "detail"])


def test_a_one_way_corridor_the_right_way_serves_and_the_wrong_way_does_not(tmp_path):
    """c1 forward from the data centre to J1 (its way), c4 forward from J1 to the factory
    (against it), c3 two-way: the data centre's heat (through its heat pump) serves the town
    and the hospital, 26,000 MWh/yr; the factory's cannot leave it."""
    scen = eitflow.read_scenario(_hp(tmp_path, corridors=["c1,heat,DC,J1,forward", "c2,heat,J1,TOWN,",
                                                          "c3,heat,J1,HOSP,both", "c4,heat,J1,IND,forward"]))
    res = eitflow.optimise(scen)
    m = res.matches
    assert sorted(m.loc[m["source_site"] == "network:heat", "sink_site"]) == ["HOSP", "TOWN"]
    assert m.loc[m["source_site"] == "network:heat", "amount"].sum() == pytest.approx(26000.0)
    um = res.unmatched.set_index("flow_id")
    assert um.at["ind_heat", "reason"] == "network_unreachable"
    assert um.at["dc_heat", "reason"] != "network_unreachable"   # partly used: it reaches them
    assert _rank0(scen, res, "ind_heat")["rule"] == "network_unreachable"


def test_an_idle_supply_is_told_what_already_serves_the_demands_it_could_reach(tmp_path):
    """A second factory (50,000 MWh/yr at 95 degC) next to J1 serves the town and the
    hospital. explain said of the idle factory 'connected, it would bring -3,903 EUR/yr at
    full use (value 0.00 EUR/MWh x 8,000 ...) before the corridors to it': an injection is
    worth nothing by itself. Now it names the demands it could reach (6,000 + 20,000 =
    26,000 MWh/yr), what other supplies give them (26,000) and who (Factory2, its injection
    from the solution); of the data centre, also its heat pump: COP 0.5 x (75 + 10 + 273.15)
    / ((75 + 10) - (40 - 10)) = 3.2559, per MWh 60 / (COP - 1) of electricity plus COP / (COP
    - 1) x the pump's annuity 0.0650514 x 700 EUR/kW x 1000 / 6000 h = 26.597 + 10.954 =
    37.55 EUR/MWh, 1,126,511 EUR/yr for its 30,000 MWh/yr."""
    scen = eitflow.read_scenario(_hp(tmp_path, sites=["IND2,Factory2,48.603,6.121,Z1"],
                                     flows=["ind2_heat,IND2,supply,heat,50000,MWh/yr,95,0,0.3"],
                                     corridors=[*CORRIDORS, "c5,heat,IND2,J1,"]))
    res = eitflow.optimise(scen)
    m = res.matches
    assert m.loc[m["source_site"] == "network:heat", "amount"].sum() == pytest.approx(26000.0)
    injected = float(m.loc[m["source_site"] == "IND2", "amount"].sum())
    row = _rank0(scen, res, "ind_heat")
    assert row["rule"] == "network_not_selected"
    assert row["detail"] == (
        "the heat network's candidate corridors reach Factory (IND), but the optimum does not connect it: the "
        "demands the network can reach from it (Hospital (HOSP), Town (TOWN): 26,000 MWh/yr) already get 26,000 "
        f"MWh/yr from other supplies in the plan (Factory2 (IND2): {round(injected):,} MWh/yr)")
    assert "would bring" not in row["detail"]
    dc = _rank0(scen, res, "dc_heat", "fr")
    assert dc["rule"] == "network_not_selected"
    nb = "\u202f"   # French thousands separator
    assert dc["detail"].startswith(
        "les tronçons candidats du réseau de chaleur atteignent Data centre (DC), mais l'optimum ne raccorde pas ce "
        f"site : les demandes que le réseau peut atteindre depuis ce site (Hospital (HOSP), Town (TOWN) : 26{nb}000 "
        f"MWh/an) reçoivent déjà 26{nb}000 MWh/an d'autres offres du plan (Factory2 (IND2) : ")
    assert dc["detail"].endswith(
        " ; il lui faudrait aussi une pompe à chaleur à l'injection (COP 3,26), dont l'électricité et la capacité "
        f"coûtent 1{nb}126{nb}511 €/an à pleine utilisation (37,55 €/MWh)")


def _dir(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


def _validate(path: Path, *args: str):
    return CliRunner().invoke(main, ["validate", str(path), *args])


def test_validate_warns_of_a_network_nothing_can_use(tmp_path):
    """validate printed 'Hydrogen network: 2 places, 1 candidate corridor' of a hydrogen
    corridor in a park without hydrogen, and nothing of a 20 degC heat network whose demands
    need 80 + 10 K approach = 90 degC. Now a warning for each, and --strict fails on them;
    none where the network can serve."""
    a = _validate(_hp(_dir(tmp_path, "h2"),
                      corridors=[*CORRIDORS, "h1,hydrogen,DC,IND,"]))
    assert a.exit_code == 0, a.output
    assert ("warning: the hydrogen network can carry nothing: none of its 2 places has a hydrogen supply or demand"
            in a.output.splitlines())
    cold = _hp(_dir(tmp_path, "cold"), t_net=20.0, demand_c=80.0)
    b = _validate(cold, "--lang", "fr")
    assert ("attention : le réseau de chaleur ne peut rien transporter : aucune demande de ses lieux ne peut y "
            "prélever à 20 °C (la moins exigeante demande 90 °C : 80 + pincement de 10 K)") in b.output.splitlines()
    assert _validate(cold, "--strict").exit_code == 2
    one_way = _hp(_dir(tmp_path, "ow"),
                  corridors=["c1,heat,J1,DC,forward", "c2,heat,J1,TOWN,", "c3,heat,J1,HOSP,", "c4,heat,J1,IND,forward"])
    assert ("warning: the heat network can carry nothing: along its one-way corridors (direction forward, from -> "
            "to), no supply's connection reaches a demand's") in _validate(one_way).output.splitlines()
    fine = _validate(_hp(_dir(tmp_path, "ok")))
    assert "can carry nothing" not in fine.output


# a greenhouse 0.11 km from the factory (inside its 0.3 km radius), 2,000 MWh/yr at 60 degC:
# the factory serves it by a pipe of their own, which leaves the factory's other 6,000 MWh/yr
# to the network alone
GREENHOUSE = dict(sites=["NEAR,Greenhouse,48.5960,6.1150,Z1"], flows=["gh_heat,NEAR,demand,heat,2000,MWh/yr,60,70,0.3"])
P2P_FULL = "point to point: every viable partner's amount (or the link capacity) is used by the chosen exchanges"
P2P_FULL_FR = ("de point à point : la quantité de chaque partenaire viable (ou la capacité de la liaison) est prise "
               "par les échanges retenus")


IDLE_FR = ("attention : le réseau de chaleur ne peut rien transporter : aucune demande de ses lieux ne peut y "
           "prélever à 20 °C (la moins exigeante demande 90 °C : 80 + pincement de 10 K)")


def test_run_warns_of_a_network_nothing_can_use_as_validate_does(tmp_path):
    """A 20 degC network whose demands need 80 + 10 K = 90 degC: validate warned of it, run
    printed nothing (a user who only runs never learnt it). Now run prints validate's line;
    --quiet leaves it out, as the scenario's other warnings."""
    p = _hp(tmp_path, t_net=20.0, demand_c=80.0)
    assert IDLE_FR in _validate(p, "--lang", "fr").output.splitlines()
    r = CliRunner().invoke(main, ["run", str(p), "--out", str(tmp_path / "run"), "--lang", "fr"])
    assert r.exit_code == 0, r.output
    assert IDLE_FR in r.output.splitlines()
    assert r.output.count("ne peut rien transporter") == 1
    q = CliRunner().invoke(main, ["run", str(p), "--out", str(tmp_path / "quiet"), "--quiet"])
    assert q.exit_code == 0, q.output
    assert "can carry nothing" not in q.output
    fine = CliRunner().invoke(main, ["run", str(_hp(_dir(tmp_path, "ok"))), "--out", str(tmp_path / "ok_run")])
    assert fine.exit_code == 0 and "can carry nothing" not in fine.output


def test_unmatched_of_a_supply_whose_only_partner_is_an_idle_network(tmp_path):
    """The same 20 degC network, no demand can withdraw from it. The factory also serves the
    greenhouse (2,000 MWh/yr, a pipe of their own); unmatched.csv said of its other ~6,000
    MWh/yr '1 viable partner with amount left, but no further exchange raises the objective':
    the partner was the network no user can withdraw from. Now explain's reason (quality,
    'none that can withdraw from the heat network at 20 degC'), then the point-to-point
    partner's, in both languages, in unmatched.csv, the report and results.xlsx."""
    p = _hp(tmp_path, t_net=20.0, demand_c=80.0, **GREENHOUSE)
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["run", str(p), "--out", str(out), "--lang", "fr", "--report", "--excel"])
    assert r.exit_code == 0, r.output
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    m = res.matches
    assert m.loc[m["source_site"] == "IND", "sink_site"].tolist() == ["NEAR"]
    en = ("the corridors through Factory (IND) reach a heat demand, but none that can withdraw from the heat network "
          "at 20 degC")
    fr = ("les tronçons passant par Factory (IND) atteignent une demande en chaleur, mais aucune qui puisse prélever "
          "sur le réseau de chaleur à 20 °C")
    row = _rank0(scen, res, "ind_heat")
    assert (row["rule"], row["detail"]) == ("quality", en)
    assert _rank0(scen, res, "ind_heat", "fr")["detail"] == fr
    import pandas as pd
    um = pd.read_csv(out / "unmatched.csv").set_index("flow_id")
    assert um.at["ind_heat", "reason"] == "quality"
    assert um.at["ind_heat", "detail"] == f"{en}; {P2P_FULL}"
    assert um.at["ind_heat", "detail_fr"] == f"{fr} ; {P2P_FULL_FR}"
    from eitflow.i18n import unbroken  # the page keeps '20 °C' on one line

    assert unbroken(f"{fr} ; {P2P_FULL_FR}") in (out / "report.html").read_text()
    from openpyxl import load_workbook
    cells = {str(c.value) for ws in load_workbook(out / "results.xlsx").worksheets for row_ in ws.iter_rows()
             for c in row_}
    assert f"{fr} ; {P2P_FULL_FR}" in cells
    assert not any("partenaire viable avec" in c for c in cells)


def test_a_demand_whose_network_has_only_a_too_cold_supply(tmp_path):
    """The network's only supply, a laundry's 5 degC water, cannot be lifted to 75 degC (a lift
    of (75 + 10) - (5 - 10) = 90 K, beyond the heat pumps' 70 K); a bakery 0.08 km from the
    town gives it 1,000 MWh/yr directly. The town's other 19,000 MWh/yr read '1 viable partner
    ... no further exchange raises the objective' (the network); now explain's quality reason."""
    p = _hp(tmp_path, sites=["LDRY,Laundry,48.6030,6.1190,Z2", "BAK,Bakery,48.6110,6.1210,Z2"],
            flows=["ldry_heat,LDRY,supply,heat,30000,MWh/yr,5,0,0.3", "bak_heat,BAK,supply,heat,1000,MWh/yr,90,0,0.3"],
            corridors=["cl,heat,LDRY,J1,", "c2,heat,J1,TOWN,", "c3,heat,J1,HOSP,"])
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    m = res.matches
    assert m[["source_site", "sink_site"]].values.tolist() == [["BAK", "TOWN"]]
    um = res.unmatched.set_index("flow_id")
    assert um.at["town_heat", "remaining"] == pytest.approx(19000.0, abs=1.0)
    en = ("the corridors through Town (TOWN) reach a heat supply, but none that can inject into the heat network at "
          "75 degC")
    assert _rank0(scen, res, "town_heat")["detail"] == en
    assert um.at["town_heat", "reason"] == "quality"
    assert str(um.at["town_heat", "detail"]) == f"{en}; {P2P_FULL}"


def test_a_supply_whose_corridor_points_at_it_is_not_told_of_a_viable_partner(tmp_path):
    """c4 runs forward from J1 to the factory: its heat cannot leave by the network, whose
    demands the data centre serves (26,000 MWh/yr). With the greenhouse served directly, its
    other ~6,000 MWh/yr read '1 viable partner ... no further exchange raises the objective';
    now explain's network_unreachable, the one-way corridor."""
    p = _hp(tmp_path, corridors=["c1,heat,DC,J1,", "c2,heat,J1,TOWN,", "c3,heat,J1,HOSP,", "c4,heat,J1,IND,forward"],
            **GREENHOUSE)
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    m = res.matches
    assert m.loc[m["sink_site"] == "NEAR", "source_site"].tolist() == ["IND"]
    assert m.loc[m["source_site"] == "network:heat", "amount"].sum() == pytest.approx(26000.0)
    um = res.unmatched.set_index("flow_id")
    en = ("the heat network does not reach a demand within its corridors: the corridors through Factory (IND) join a "
          "heat demand only against the way of one-way corridors (direction forward, from -> to)")
    assert _rank0(scen, res, "ind_heat")["detail"] == en
    assert um.at["ind_heat", "reason"] == "network_unreachable"
    assert str(um.at["ind_heat", "detail"]) == f"{en}; {P2P_FULL}"
    assert um.at["ind_heat", "detail"].say("fr").endswith(f" ; {P2P_FULL_FR}")


def test_a_town_held_back_by_a_full_existing_pipe_is_told_so(tmp_path):
    """Every corridor an existing pipe: c1, c3, c4 DN200, c2 (J1 -> town) rated 1 MW. At the
    heat network's load factor 0.5 c2 carries at most 1 MW x 8,760 h x 0.5 = 4,380 MWh/yr
    (4,380 less its heat loss reaches the town); the data centre and the factory have
    38,000 MWh/yr and the hospital takes 6,000, so heat is left over. unmatched.csv said of the
    town's other ~15,700 MWh/yr '1 viable partner ... no further exchange raises the objective
    (fixed costs not covered by the volume left, or a better use elsewhere)': nothing could be
    built, and there was no better use. Now capacity_used, naming c2, in explain too."""
    p = _hp(tmp_path)
    (tmp_path / "corridors.csv").write_text(
        "corridor_id,resource,from,to,direction,existing,capacity,size\nc1,heat,DC,J1,,true,,DN200\n"
        "c2,heat,J1,TOWN,,true,1,DN100\nc3,heat,J1,HOSP,,true,,DN200\nc4,heat,IND,J1,,true,,DN200\n")
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    m = res.matches
    town = float(m.loc[m["sink_site"] == "TOWN", "amount"].sum())
    assert 4000.0 < town < 4380.0   # 4,380 MWh/yr into c2, less its loss
    assert m.loc[m["sink_site"] == "HOSP", "amount"].sum() == pytest.approx(6000.0)
    um = res.unmatched.set_index("flow_id")
    assert um.at["town_heat", "remaining"] == pytest.approx(20000.0 - town)
    en = ("the heat network's existing pipes into Town (TOWN) carry their whole capacity (c2: 1 MW rated, 4,380 "
          "MWh/yr at load factor 0.5), and no candidate corridor to it could add one")
    assert um.at["town_heat", "reason"] == "capacity_used"
    assert str(um.at["town_heat", "detail"]) == en
    assert um.at["town_heat", "detail"].say("fr") == (
        "les canalisations existantes du réseau de chaleur qui arrivent à Town (TOWN) transportent toute leur "
        "capacité (c2 : 1 MW nominal, 4\u202f380 MWh/an au facteur de charge 0,5), et aucun tronçon candidat vers "
        "ce site ne pourrait en ajouter")
    row = _rank0(scen, res, "town_heat")
    assert (row["rule"], row["detail"]) == ("capacity_used", en)


def test_a_village_the_corridors_reach_without_a_supply_is_told_so_in_plain_french(tmp_path):
    """Two villages joined by corridor c5 to each other only, 2 km east of the others (radii
    0.3 km: no pipe of their own): the network reaches them, but no supply is on their part of
    it. unmatched.csv and explain said in French 'le réseau (chaleur) n'atteint aucune offre...'
    (the resource in brackets where every other sentence says 'le réseau de chaleur'), and the
    report's sentence for the reason, 'aucun de ses tronçons n'atteint ce site', was false for
    them: c5 reaches both."""
    from eitflow.report.style import reason_text

    p = _hp(tmp_path, sites=["VIL,Village,48.6000,6.1600,Z3", "VIL2,Hamlet,48.6010,6.1620,Z3"],
            flows=["vil_heat,VIL,demand,heat,3000,MWh/yr,55,70,0.3", "vil2_heat,VIL2,demand,heat,1000,MWh/yr,55,70,0.3"],
            corridors=[*CORRIDORS, "c5,heat,VIL,VIL2,"])
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("flow_id")
    assert um.at["vil_heat", "reason"] == "network_unreachable"
    assert um.at["vil_heat", "detail"].say("fr") == (
        "le réseau de chaleur n'atteint aucune offre par ses tronçons : ceux qui passent par Village (VIL) ne "
        "raccordent aucune offre en chaleur")
    assert str(um.at["vil_heat", "detail"]) == (
        "the heat network does not reach a supply within its corridors: the corridors through Village (VIL) connect "
        "no heat supply")
    assert _rank0(scen, res, "vil2_heat", lang="fr")["detail"].startswith(
        "le réseau de chaleur n'atteint aucune offre par ses tronçons : ceux qui passent par Hamlet (VIL2)")
    # the reason's sentence holds for a site the corridors reach as for one they do not
    assert "aucun de ses tronçons n'atteint ce site" not in reason_text("network_unreachable", "fr")
    assert "ou ne le relient à aucun partenaire possible" in reason_text("network_unreachable", "fr")
