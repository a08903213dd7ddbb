"""What comes after a solve with a shared network, checked by hand or against an independent
solve: pareto and resilience re-solve with the network kept (they crashed on the network's
connections), zones count each exchange once (a network's connection was counted once per
company it serves), each company's result is its own side of its exchanges plus its share of
the network (a town that only buys heat showed a "gain as a supplier"), explain's pairs are
pairs (a network connection posed as the last flow's pipe: route 0 km, a negative break-even
price), alternatives state the unit of a network leg, and the French CLI names the network."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.common import link_labels, with_objective
from eitflow.analyses.explain import explain, hypothetical_links
from eitflow.analyses.pareto import pareto_front
from eitflow.analyses.resilience import resilience

NET = "network:heat"


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """An incinerator (zone ZAE) 1.5 km from three firms of its business park and 3 km from a
    village (zone Bourg: three blocks and a hamlet that pays little for heat). At the optimum
    the network serves the three firms alone (3,000 MWh/yr each), the rest only for CO2."""
    rng = np.random.default_rng(1)
    ids = ["UVE"] + [f"ZAE{i}" for i in range(3)] + [f"TOWN{i}" for i in range(3)] + ["FAR"]
    names = ["Incinérateur"] + [f"Entreprise ZAE {i}" for i in range(3)] + [f"Immeuble {i}" for i in range(3)] \
        + ["Hameau"]
    lat = [45.700] + list(45.712 + rng.uniform(-0.002, 0.002, 3)) + list(45.725 + rng.uniform(-0.004, 0.004, 3)) \
        + [45.745]
    lon = [4.800] + list(4.812 + rng.uniform(-0.003, 0.003, 3)) + list(4.830 + rng.uniform(-0.005, 0.005, 3)) \
        + [4.850]
    sites = pd.DataFrame({"site_id": ids, "name": names, "lat": lat, "lon": lon,
                          "zone": ["ZAE"] * 4 + ["Bourg"] * 4})
    flows = pd.DataFrame({"site_id": ids, "direction": ["supply"] + ["demand"] * 7, "resource": "heat",
                          "amount": [60000] + [3000] * 3 + [4000] * 3 + [1500], "unit": "MWh/yr",
                          "temperature_c": [120] + [70] * 7, "price_eur_per_unit": [0] + [60] * 6 + [12]})
    return sites, flows


def _scenario(flows: pd.DataFrame | None = None, network: bool = True):
    sites, f = _frames()
    nets = {"heat": {"temperature_c": 90.0, "generate": "delaunay"}} if network else {}
    return eitflow.scenario_from_frames(sites, f if flows is None else flows, name="dorsale", lang="fr",
                                        networks=nets)


@pytest.fixture(scope="module")
def scen():
    return _scenario()


@pytest.fixture(scope="module")
def res(scen):
    r = eitflow.optimise(scen)
    assert r.status == "optimal"
    served = r.matches.loc[r.matches["source_site"] == NET, "sink_site"]
    assert sorted(served) == ["ZAE0", "ZAE1", "ZAE2"]   # the case the hand figures below assume
    return r


def test_pareto_re_solves_with_the_network(scen, res):
    p = pareto_front(scen, 3)
    t = res.statistics.totals()
    assert t["network_investment_eur"] > 0
    assert list(p["status"]) == ["optimal"] * 3
    # point 0 is the run itself, network and all (the same data without it earns less)
    for c in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur"):
        assert p[c].iat[0] == pytest.approx(t[c], rel=1e-6)
    assert eitflow.optimise(_scenario(network=False)).objective < t["net_benefit_eur_per_yr"] - 1.0
    # the last point avoids the most CO2 there is: an independent solve of the CO2 objective
    assert p["co2_avoided_t_per_yr"].iat[-1] == pytest.approx(
        eitflow.optimise(with_objective(scen, "co2")).objective, rel=1e-6)
    assert np.all(np.diff(p["net_benefit_eur_per_yr"]) <= 1e-6)


def test_resilience_matches_a_solve_without_the_company(scen, res):
    r = resilience(scen).set_index("site_id")
    assert r.at["UVE", "net_benefit_lost_eur_per_yr"] == pytest.approx(res.objective, rel=1e-6)  # the only source
    sites, f = _frames()
    without = eitflow.optimise(_scenario(f[f["site_id"] != "ZAE1"].reset_index(drop=True)))
    assert r.at["ZAE1", "net_benefit_lost_eur_per_yr"] == pytest.approx(res.objective - without.objective, rel=1e-6)
    assert r.at["ZAE1", "status"] == "optimal"


def test_resilience_names_the_companies_the_network_delivered_to(scen, res):
    """The incinerator is the network's only source: closed, the three firms it served through
    the network lose their 3,000 MWh/yr each (flows f3-f5: f and the spreadsheet row). They
    were never named (the closed site's link ends at the network, not at a company): partners
    '', none left short."""
    r = resilience(scen).set_index("site_id")
    assert r.at["UVE", "partners"] == "ZAE0; ZAE1; ZAE2"   # the codes without `lang`, `list_sep` between
    assert r.at["UVE", "partners_left_short"] == 3
    assert r.at["UVE", "shortfall"] == "; ".join(f"ZAE{i}:f{i + 3} heat 3,000 of 3,000 MWh/yr" for i in range(3))
    # a firm closing leaves the incinerator with at least its 3,000 MWh/yr unsold: what a seller
    # can no longer sell, not what a buyer lacks (`outlets_lost`; it was in `shortfall`)
    assert r.at["ZAE1", "partners_left_short"] >= 1 and "UVE:f2 heat" in r.at["ZAE1", "outlets_lost"]
    assert r.at["UVE", "outlets_lost"] == "" and "UVE" not in r.at["ZAE1", "shortfall"]


@pytest.mark.slow
def test_french_resilience_says_its_shortfall_and_cap_in_french(scen, res):
    """`eitflow resilience --lang fr` printed its shortfall and its cap line in English ("ZAE0:f3
    heat 3,000 of 3,000 MWh/yr", "supplier cap 1 (0 rows): objective ..."); now in the language,
    French numbers and units ("chaleur 3 000 sur 3 000 MWh/an", "plafond par fournisseur")."""
    from conftest import ROOT
    from eitflow.cli.main import main

    r = resilience(scen, lang="fr").set_index("site_id")
    # each firm by its name (_frames: "Entreprise ZAE i"), one flow of heat each: no flow id
    assert r.at["UVE", "shortfall"] == " ; ".join(f"Entreprise ZAE {i} : chaleur 3\u202f000 sur 3\u202f000 MWh/an"
                                                  for i in range(3))
    # the exchanges it loses in French too (they read "UVE:f2 -> network:heat (heat, network)"),
    # by the sites' names (sites.csv `name`, above) as `eitflow alternatives` says them
    # closed, the incinerator leaves the network with nothing: the firms' connections idle too
    assert r.at["UVE", "stranded_links"] == " ; ".join(
        ["Incinérateur → Réseau de chaleur : chaleur, réseau",
         *(f"Réseau de chaleur → Entreprise ZAE {i} : chaleur, réseau" for i in range(3))])
    assert r.at["ZAE1", "stranded_links"] == "Réseau de chaleur → Entreprise ZAE 1 : chaleur, réseau"
    assert resilience(scen).set_index("site_id").at["UVE", "stranded_links"].split("; ")[0] == (
        "UVE:f2 -> network:heat (heat, network)")
    out = CliRunner().invoke(main, ["resilience", str(ROOT / "scenarios/ludres_backbone/scenario.yaml"),
                                    "--max-supplier-share", "1"], env={"COLUMNS": "200"}, catch_exceptions=False).output
    assert "plafond par fournisseur 1 (0 lignes) : objectif " in out and "coût du plafond 0,00 €/an" in out, out
    assert "supplier cap" not in out and " of " not in out


def test_zones_count_each_exchange_once(res):
    """UVE -> network leaves ZAE, network -> ZAE0..2 enter it; the network is a place of its own
    (as in zone_flows), so nothing is inside one zone and Bourg has no exchange."""
    z = res.statistics.zones().set_index("zone")
    assert z.loc["ZAE", ["links_inside", "links_out", "links_in"]].tolist() == [0, 1, 3]
    assert z.loc["Bourg", ["links_inside", "links_out", "links_in"]].tolist() == [0, 0, 0]
    assert z["net_benefit_eur_per_yr"].sum() == pytest.approx(res.objective, rel=1e-9)


def test_a_company_result_is_its_side_plus_its_share_of_the_network(res):
    st = res.statistics
    L = st.links().set_index(["source_site", "sink_site"])
    cor = st.corridors()
    cost = float(cor["annual_cost_eur_per_yr"].sum())
    d = L.xs(NET, level="source_site")
    # the network is run at cost: what it earns selling at the suggested prices less what it
    # pays for the heat it buys is its corridors' cost, so it has no result to pass on
    sides = float((d["source_benefit_eur_per_yr"] + d["build_share_eur_per_unit"] * d["amount"]).sum()
                  + L.loc[("UVE", NET), "sink_benefit_eur_per_yr"])
    assert sides == pytest.approx(cost, rel=1e-9)
    # its surplus T (its connections' worth less that cost) goes half to UVE, half to the three
    # firms, each taking a third of the deliveries
    mine = (L.index.get_level_values(0) == NET) | (L.index.get_level_values(1) == NET)
    T = float((L["net_benefit_eur_per_yr"] - L["build_share_eur_per_unit"] * L["amount"])[mine].sum()) - cost
    c = st.companies().set_index("site_id")
    for firm in ("ZAE0", "ZAE1", "ZAE2"):
        assert c.at[firm, "as_supplier_eur_per_yr"] == 0.0
        assert c.at[firm, "as_buyer_eur_per_yr"] == pytest.approx(d.at[firm, "sink_benefit_eur_per_yr"])
        assert c.at[firm, "as_buyer_eur_per_yr"] == pytest.approx(T / 2 / 3, rel=1e-6)
        assert c.at[firm, "network_result_eur_per_yr"] == pytest.approx(0.0, abs=1e-6)
        assert c.at[firm, "n_links"] == 1
    assert c.at["UVE", "as_supplier_eur_per_yr"] == pytest.approx(L.at[("UVE", NET), "source_benefit_eur_per_yr"])
    assert c.at["UVE", "as_supplier_eur_per_yr"] == pytest.approx(T / 2, rel=1e-9)
    assert c.at["UVE", "network_result_eur_per_yr"] == 0.0
    parts = c["as_supplier_eur_per_yr"] + c["as_buyer_eur_per_yr"] + c["network_result_eur_per_yr"] \
        - c["build_cost_eur_per_yr"]
    assert c["total_eur_per_yr"].to_numpy() == pytest.approx(parts.to_numpy())
    assert c["total_eur_per_yr"].sum() == pytest.approx(res.objective, rel=1e-9)
    sh = st.network_shares()
    assert sh["cost_share_eur_per_yr"].sum() == pytest.approx(cost)


def test_explain_pairs_are_pairs_not_network_connections(scen, res):
    """The hamlet's pairs: the same hypothetical pipe with or without the network (before, a
    network connection posed as the pair's link: 0 km, and explain's route and break-even
    came from it)."""
    f = scen.flows
    k = int(np.flatnonzero(f["site_id"] == "FAR")[0])
    uve = np.flatnonzero(f["site_id"] == "UVE")
    h_net = hypothetical_links(scen, k, uve)
    h_p2p = hypothetical_links(_scenario(network=False), k, uve)
    assert len(h_net) == len(h_p2p) >= 1
    assert h_net["distance_km"].to_numpy() == pytest.approx(h_p2p["distance_km"].to_numpy())
    assert (h_net["distance_km"] > 1.0).all()
    e = explain(scen, res, flow_id=f["flow_id"].iat[k])
    row = e[e["partner_site"] == "UVE"].iloc[0]
    assert row["route_km"] == pytest.approx(float(h_p2p["distance_km"].min()))
    # the firms' heat is taken by the network, said so (before: "a hub")
    e = explain(scen, res, flow_id=f.loc[f["site_id"] == "UVE", "flow_id"].iat[0])
    taken = e[e["rule"] == "capacity_used"]["detail"]
    assert "a hub" not in " ".join(taken)


def test_alternatives_state_a_network_leg_unit_and_label(scen, res):
    cand = res.candidates
    lab = link_labels(scen, cand)
    lk = cand.links
    fid = scen.flows["flow_id"].to_numpy()
    a = int(np.flatnonzero((lk["sink_site"] == "ZAE0").to_numpy() & (lk["source_site"] == NET).to_numpy())[0])
    assert lab[a] == f"{NET} -> ZAE0:{fid[lk['demand'].iat[a]]} (heat, network)"
    _, diff = k_best(scen, k=2)
    assert len(diff) and (diff["unit"] == "MWh/yr").all()


def test_french_alternatives_tables_say_their_codes_in_words(scen):
    """`eitflow alternatives --lang fr` printed its codes in English: 'changement : added',
    'objet : corridor', "unité de l'objectif : EUR/yr". The CSV keeps the codes; the tables
    say them in the language: ajout / retrait, liaison / tronçon, €/an (the exchange's label,
    'corridor heat_g4: ZAE1 - ZAE2 (heat)', is by codes here: `k_best` without `lang`; the
    command passes the run's language and names them, tests/test_alternatives_names.py)."""
    from rich.console import Console

    from eitflow.cli.tables import print_table

    ports, diff = k_best(scen, k=2)
    assert {"added", "removed"} <= set(diff["change"]) and "corridor" in set(diff["item"])  # the codes, kept
    con = Console(record=True, width=400)
    print_table(ports.drop(columns=["links", "corridors"]), "fr", console=con)
    print_table(diff, "fr", console=con)
    out = con.export_text().replace("corridor heat_", "")   # the label by codes: k_best without lang
    assert " ajout " in out and " retrait " in out and " tronçon " in out   # the next plans move corridors
    assert "€/an" in out
    for code in (" added ", " removed ", " corridor ", "EUR/yr"):
        assert code not in out, code


@pytest.mark.slow
def test_french_cli_names_the_network(backbone):
    """`eitflow zones` on the bundled backbone at 80 columns: the network is a place of its own
    between the zones, by its name (before: network:heat), and the amounts table keeps its last
    column (before: cropped at 80 columns, "échangé dans la zone" had no figures)."""
    from conftest import ROOT
    from eitflow.cli.main import main
    from eitflow.i18n import number

    out = CliRunner().invoke(main, ["zones", str(ROOT / "scenarios/ludres_backbone/scenario.yaml")],
                             env={"COLUMNS": "80"}, catch_exceptions=False).output
    assert "Réseau de chaleur" in out and "network:" not in out
    assert "(répartition : par entreprise)" in out
    # Moselle et Madon's one exchange inside the zone: the steelworks' heat to PSV
    res = backbone[0]
    inside = res.matches.set_index(["source_site", "sink_site"]).at[("SAM_NM", "PSV"), "amount"]
    amounts = out[out.index("quantités par zone et ressource"):].splitlines()
    row = next(r.rstrip() for r in amounts if r.startswith(" Moselle et Madon"))
    # at its column's one rule, `i18n.amount`'s (whole from 100 on; it read "3 628,9" beside "16 330")
    assert row.endswith(" " + number(inside, "fr", 0)), row
    assert max(len(r.rstrip()) for r in out.splitlines()) <= 80


def test_french_compare_names_sites_and_the_network(backbone, tmp_path):
    """`eitflow compare` of the backbone's run against the same run without the network's
    connection to Fléville and without the steelworks' pipe to Pont-Saint-Vincent: in the
    run's language (fr), the parties by name and the network by its name (before: English
    only, "removed: network:heat -> FLEVILLE"); the resource once, before the amounts, never
    in brackets after a name ending in brackets (before: "Fléville-devant-Nancy (centre)
    (chaleur)") nor after the network's name that already says it ("Réseau de chaleur (chaleur)")."""
    import shutil

    from eitflow.cli.main import main

    run_a = backbone[1].run_dir
    run_b = tmp_path / "B"
    shutil.copytree(run_a, run_b)
    m = pd.read_csv(run_b / "matches.csv")
    gone = m[(m["source_site"] == NET) & (m["sink_site"] == "FLEVILLE")]
    pipe = m[(m["source_site"] == "SAM_NM") & (m["sink_site"] == "PSV")]
    assert len(gone) == 1 and len(pipe) == 1
    m.drop(index=[*gone.index, *pipe.index]).to_csv(run_b / "matches.csv", index=False)
    out = CliRunner().invoke(main, ["compare", str(run_a), str(run_b)], env={"COLUMNS": "80"},
                             catch_exceptions=False).output
    sites = pd.read_csv(run_a / "inputs" / "sites.csv").set_index("site_id")
    fleville, psv, sam = (sites.at[s, "name"] for s in ("FLEVILLE", "PSV", "SAM_NM"))
    assert fleville.endswith("(centre)") and psv.endswith("(centre)")
    from eitflow.i18n import number as num
    # the connection after its share of the network's cost (matches.csv's, the brief's figure)
    nb, amount = float(gone["net_benefit_after_shares_eur_per_yr"].iat[0]), float(gone["amount"].iat[0])
    assert nb < float(gone["net_benefit_eur_per_yr"].iat[0]) - 1000
    # its lines wrapped to the 80 columns (`test_compare_wrapped`): read as one run of words
    flat = lambda s: " ".join(s.split())  # noqa: E731
    assert flat(f"retirée : Réseau de chaleur -> {fleville}, {num(amount, 'fr')} -> 0 MWh/an, "
                f"{num(-nb, 'fr')} €/an") in flat(out), out
    nb, amount = float(pipe["net_benefit_eur_per_yr"].iat[0]), float(pipe["amount"].iat[0])
    # the pipe loses heat on its way: what is sent, then what is received (every view's order)
    got = float(pipe["demand_amount"].iat[0])
    assert got < amount - 1
    assert flat(f"retirée : {sam} -> {psv} par canalisation, chaleur, {num(amount, 'fr')} -> 0 MWh/an envoyés, "
                f"{num(got, 'fr')} -> 0 reçus, {num(-nb, 'fr')} €/an") in flat(out), out
    assert ") (" not in flat(out) and "(chaleur)" not in out
    assert "liaisons ajoutées : 0, retirées : 2, de quantité changée : 0, inchangées : 8" in flat(out)
    assert "statut : optimal" in out
    assert "network:" not in out and "FLEVILLE" not in out and "removed" not in out
    en = CliRunner().invoke(main, ["compare", str(run_a), str(run_b), "--lang", "en"],
                            catch_exceptions=False).output
    assert f"  removed: Heat network -> {fleville}, " in en
    assert (f"removed: {sam} -> {psv} by pipe, heat, {num(amount, 'en')} -> 0 MWh/yr sent, "
            f"{num(got, 'en')} -> 0 received") in flat(en)
    assert ") (" not in en and "(heat)" not in en


def test_compare_says_what_the_network_built_and_that_the_list_is_cut(backbone, tmp_path):
    """`eitflow compare` of the point-to-point variant against the network said nothing of the
    network (the corridors, their km and cost are not exchanges), and listed 5 exchanges of 15
    changed without saying more had changed. A run B without the network (its summary's
    networks and its 7 network connections gone): 'Réseau de chaleur : tronçons construits 6 ->
    0, 9,8 -> 0,0 km, coût annuel 546 048 -> 0 €/an (-546 048)' (summary.json's figures, read
    here), and '... et 2 de plus' after the 5 largest of the 7 removed."""
    import json
    import shutil

    from eitflow.cli.main import main
    from eitflow.i18n import number as num

    run_a = backbone[1].run_dir
    run_b = tmp_path / "B"
    shutil.copytree(run_a, run_b)
    m = pd.read_csv(run_b / "matches.csv")
    on_net = (m["source_site"] == NET) | (m["sink_site"] == NET)
    assert on_net.sum() == 8   # 6 deliveries, 2 injections
    m[~on_net | (m["sink_site"] == NET)].to_csv(run_b / "matches.csv", index=False)   # 6 removed
    m2 = pd.read_csv(run_b / "matches.csv")
    m2[m2["sink_site"] != "HEILLECOURT"].to_csv(run_b / "matches.csv", index=False)  # and a 7th
    summary = json.loads((run_b / "summary.json").read_text(encoding="utf-8"))
    nw = summary.pop("networks")["by_resource"]["heat"]
    (run_b / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    out = CliRunner().invoke(main, ["compare", str(run_a), str(run_b)], env={"COLUMNS": "200"},
                             catch_exceptions=False).output
    assert nw["corridors_built"] == 6
    cost = nw["annual_cost_eur_per_yr"]
    assert (f"  Réseau de chaleur : tronçons construits 6 -> 0, {num(nw['length_built_km'], 'fr', 1)} -> 0,0 km, "
            f"coût annuel {num(cost, 'fr')} -> 0 €/an (-{num(cost, 'fr')})") in out, out
    assert "liaisons ajoutées : 0, retirées : 7," in out
    assert out.count("  retirée : ") == 5 and "  ... et 2 de plus (--csv écrit tous les échanges)" in out
    en = CliRunner().invoke(main, ["compare", str(run_b), str(run_a), "--lang", "en"], env={"COLUMNS": "200"},
                            catch_exceptions=False).output
    assert (f"  Heat network: corridors built 0 -> 6, 0.0 -> {num(nw['length_built_km'], 'en', 1)} km, "
            f"annual cost 0 -> {num(cost, 'en')} EUR/yr (+{num(cost, 'en')})") in en, en
    assert "  ... and 2 more (--csv writes every exchange)" in en
    same = CliRunner().invoke(main, ["compare", str(run_a), str(run_a)], catch_exceptions=False).output
    assert "tronçons construits" not in same and "de plus" not in same


# ---------------------------------------------------------------- the report of the bundled backbone
@pytest.fixture(scope="module")
def backbone(tmp_path_factory):
    from conftest import ROOT
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run, write_run

    res = eitflow.run_file(ROOT / "scenarios/ludres_backbone/scenario.yaml")
    out = write_run(res, tmp_path_factory.mktemp("backbone") / "run")
    html = write_report(out, out / "rapport.html", "fr").read_text(encoding="utf-8")
    return res, read_run(out), html


def _rows(html: str, tid: str, part: str = "tbody") -> list[list[float | None]]:
    import re

    m = re.search(rf'<table id="{tid}"[^>]*>.*?<{part}>(.*?)</{part}>', html, re.S)
    assert m, f"no {part} in {tid}"
    return [[float(v.group(1)) if (v := re.search(r'data-v="([^"]+)"', c)) else None
             for c in re.findall(r"<td([^>]*)>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]


def test_report_company_rows_add_up_to_their_total(backbone):
    """Each company's row: its own gains, its build costs where there are any, and the total
    they make. The network is run at cost (`prices.network_bands`): it has no result to pass
    on, so the column of the networks' result (before: each town's share of it) is not shown."""
    res, _, html = backbone
    rows = _rows(html, "companies-table")
    assert len(rows) == len(res.statistics.companies()) and len(rows[0]) == 4   # name, supplier, buyer, total
    for r in rows:
        assert sum(r[1:-1]) == pytest.approx(r[-1], abs=1.0)
    c = res.statistics.companies().set_index("site_id")
    town = c.loc["FLEVILLE"]   # a town centre the network serves: it supplies nothing
    assert town["as_supplier_eur_per_yr"] == 0.0 and town["network_result_eur_per_yr"] == 0.0
    assert town["as_buyer_eur_per_yr"] > 0
    assert sum(r[-1] for r in rows) == pytest.approx(res.objective, rel=1e-9)


def test_report_exchanges_footer_reaches_the_key_figures(backbone):
    """The exchanges' total (before the network), the network's corridors, then the plan's
    total: the key figures at the top of the page."""
    res, _, html = backbone
    t = res.statistics.totals()
    foot = _rows(html, "matches-table", "tfoot")
    vals = [[v for v in r if v is not None] for r in foot]
    assert vals[0] == pytest.approx([t["links_net_benefit_eur_per_yr"], t["co2_avoided_t_per_yr"],
                                     t["links_investment_eur"]], rel=1e-9)
    cor = res.statistics.corridors()
    cost = float(cor["annual_cost_eur_per_yr"].sum())
    assert vals[1] == pytest.approx([-cost, float(cor["investment_eur"].sum())], rel=1e-9)
    assert vals[-1] == pytest.approx([res.objective, t["co2_avoided_t_per_yr"], t["investment_eur"]], rel=1e-9)
    assert vals[0][0] - cost == pytest.approx(res.objective, rel=1e-9)


def test_sankey_total_is_what_the_sources_supply(backbone):
    """Heat that passes through the network is one amount, not two (before: 116,844 MWh/yr,
    the injections counted again as deliveries)."""
    import re

    from eitflow.i18n import amount

    res, _, html = backbone
    m = res.matches
    supplied = float(m.loc[m["source_site"].isin(["UVE_LUDRES", "SAM_NM"]), "amount"].sum())
    cap = re.search(r"Quantités en MWh/an \(total ([^)]*)\sMWh/an\)", html).group(1)   # its unit glued: one line
    assert cap == amount(supplied, "fr")


def test_not_chosen_shows_no_solver_noise(backbone):
    """A demand met up to the solver's tolerance has nothing left for another partner: 0, not
    9e-13 MWh/yr in the report."""
    _, data, _ = backbone
    nc = data.not_chosen
    met = nc[nc["reason"].isin(["demand_met", "supply_taken"])]
    assert len(met) and (met["amount_left"] == 0.0).all()


def test_exchange_card_says_how_many_are_network_connections(backbone):
    """Two companies' pipes and eight connections to the backbone are ten "exchanges": the card
    says so, with the corridors' length (summary.json)."""
    from eitflow.i18n import number

    res, data, html = backbone
    m = res.matches
    k = int(((m["source_site"] == NET) | (m["sink_site"] == NET)).sum())
    km = float(res.statistics.corridors()["length_km"].sum())
    assert k == 8
    assert f"dont {k} raccordements à un réseau partagé ({number(km, 'fr', 1)}\xa0km de tronçons)" in html
    # French puts a space before a semicolon (it read "entre 11 sites; dont 8 raccordements")
    assert "sites ; dont 8 raccordements" in html and "sites; dont" not in html


def test_sweep_links_keep_a_network_injection_negative_figure(res, tmp_path):
    """A sweep's links table from a run's matches.csv: the injection into the network costs
    its connection (a negative net benefit), read back as that number (before: "'-4814" in
    links.csv, NaN in the frequency table)."""
    from eitflow.results.rundir import write_run
    from eitflow.sweep.tables import LINK_COLUMNS, LINK_TEXT, csv_lines, links_from_matches, read_table

    run = write_run(res, tmp_path / "run")
    rows = links_from_matches("r1", "base", (run / "matches.csv").read_bytes())
    back = read_table(csv_lines([{c: c for c in LINK_COLUMNS}], LINK_COLUMNS) + csv_lines(rows, LINK_COLUMNS),
                      LINK_TEXT)
    inj = res.matches.loc[res.matches["sink_site"] == NET, "net_benefit_eur_per_yr"]
    assert float(inj.iat[0]) < 0
    got = back.loc[back["sink_site"] == NET, "net_benefit_eur_per_yr"]
    assert got.to_numpy(float) == pytest.approx(inj.to_numpy(float), rel=1e-9)
    assert back["net_benefit_eur_per_yr"].notna().all()


@pytest.mark.slow
def test_town_map_labels_do_not_touch_in_chromium(browser, tmp_path):
    """A generated town (`bench.netsynth`, 30 buildings and 2 heating plants, corridors by
    Delaunay): in real Chromium no two site labels of the map overlap or touch (their white
    halo included). The widths were estimated at 0.62 em a character, 4 px short of
    "Bâtiment B0002" in the report's bold sans-serif, and such labels ran into each other."""
    from eitflow.bench.netsynth import city_frames
    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    sites, flows = city_frames(30, 2, 3, size_km=6.0 * np.sqrt(30 / 500))
    sites["name"] = [("Chaufferie " if i.startswith("SRC") else "Bâtiment ") + i for i in sites["site_id"]]
    flows = flows.drop(columns="note").assign(required="")
    flows.loc[flows["direction"] == "demand", "price_eur_per_unit"] = 75.0
    scen = eitflow.scenario_from_frames(sites, flows, name="ville", lang="fr", carbon_price_eur_per_t=100.0,
                                        networks={"heat": {"temperature_c": 90.0, "generate": "delaunay",
                                                           "max_length_km": 1.5}})
    run = write_run(eitflow.optimise(scen), tmp_path / "run")
    browser.open(write_report(run, run / "rapport.html", "fr"))
    labs = browser.js("""Array.from(document.querySelectorAll('#map-svg .site-labels text')).map(t => {
        const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })""")
    assert len(labs) >= 15
    halo = 1.5   # stroke-width 3px, painted under the text
    for i, a in enumerate(labs):
        for b in labs[i + 1:]:
            ov_w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * halo
            ov_h = min(a[3], b[3]) - max(a[1], b[1])
            assert ov_w <= 0 or ov_h <= 1, f"labels touch: {a} {b}"


def test_workbook_has_the_corridors_and_the_shares(res, tmp_path):
    """results.xlsx of a network run: the corridors built and each company's share, as in
    corridors.csv and network_shares.csv, the network by its name (before: no such sheets)."""
    from eitflow.report.workbook import read_results_workbook, write_results_workbook

    book = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))
    cor, sh = res.statistics.corridors(), res.statistics.network_shares()
    assert sorted(book["corridors"]["corridor_id"]) == sorted(cor["corridor_id"])
    assert book["corridors"]["investment_eur"].sum() == pytest.approx(cor["investment_eur"].sum())
    assert book["network_shares"]["cost_share_eur_per_yr"].sum() == pytest.approx(sh["cost_share_eur_per_yr"].sum())
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "r.xlsx")["parts des réseaux"]
    assert "Réseau de chaleur" in [c.value for c in next(ws.iter_cols(min_col=1, max_col=1))]


def test_an_empty_price_band_says_so(backbone, tmp_path):
    """The steelworks' and the incinerator's free heat into the backbone had bands of their own
    connection alone, empty against its cost: "aucune" in the negotiation table, and the two
    suppliers of 52.7 GWh/yr gained nothing while the towns took the network's whole surplus.
    The network's connections now have one band over the network (`prices.network_bands`): both
    suppliers are paid the same price, half the surplus per MWh above their floor (0: free heat).
    A band that is empty on its own still says so: redon_h2's electrolyser leg into its station
    (a hub, a company of its own, not run at cost)."""
    import re

    from conftest import ROOT
    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    _, data, html = backbone
    b = data.price_bands
    assert not (b["price_max_eur_per_unit"] < b["price_min_eur_per_unit"]).any()
    inj = b[b["sink_site"] == NET]
    assert len(inj) == 2 and (inj["price_min_eur_per_unit"] == 0).all()
    assert inj["price_suggested_eur_per_unit"].nunique() == 1 and inj["price_suggested_eur_per_unit"].iat[0] > 0
    out = write_run(eitflow.run_file(ROOT / "scenarios/redon_h2/scenario.yaml"), tmp_path / "run")
    html = write_report(out, out / "rapport.html", "fr").read_text(encoding="utf-8")
    b = pd.read_csv(out / "price_bands.csv")
    empty = b[b["price_max_eur_per_unit"] < b["price_min_eur_per_unit"]]
    assert len(empty) == 1 and empty["kind"].tolist() == ["to_hub"]
    cells = re.findall(r'<td class="n bandcell"[^>]*>(.*?)</td>', html, re.S)
    assert len(cells) == len(b)
    assert sum("aucune : l'échange coûte plus qu'il ne rapporte" in c.replace("&#x27;", "'") for c in cells) == 1
    assert not any(re.search(r"\d\s+-\d", c) for c in cells)


def test_siting_with_a_network_runs_and_names_the_network(tmp_path):
    """`eitflow site` on the Fos siting scenario with a heat network. Before: a scipy traceback,
    then a refusal (exit 2, "siting cannot be combined with a shared network yet"). Now the
    plots are the network's nodes: the run writes its corridors, at least one to a plot, and
    the placements' exchanges name the network by its name, never its id `network:heat`
    (the plan is checked against an enumeration in `tests/test_siting_network.py`)."""
    import shutil

    from conftest import ROOT
    from eitflow.cli.main import main

    d = tmp_path / "fos"
    shutil.copytree(ROOT / "scenarios/fos_siting", d)
    with open(d / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("networks:\n  heat:\n    temperature_c: 90\n    generate: delaunay\n    max_length_km: 8\n")
    r = CliRunner().invoke(main, ["site", str(d / "scenario.yaml"), "--out", str(tmp_path / "out"), "--no-rank",
                                  "--lang", "en"], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    cor = pd.read_csv(tmp_path / "out" / "corridors.csv")
    plots = set(pd.read_csv(d / "plots.csv")["plot_id"])
    assert len(cor) and (set(cor["from"]) | set(cor["to"])) & plots, cor
    placed = pd.read_csv(tmp_path / "out" / "placements.csv")
    assert placed["exchanges"].str.contains("Heat network").any() and "network:heat" not in r.output, r.output


def test_explain_says_the_network_could_reach_an_unserved_town(backbone):
    """Chaligny: the backbone's candidate corridor west_1 reaches it, the optimum leaves it
    out. explain says so, with what the connection alone would bring, by hand: (55 EUR/MWh +
    0.252 tCO2/MWh x 100 EUR/t) x 5,338 MWh/yr less the connection's 60,000 EUR annualised
    at 5 % over 30 years (before: nothing about the network at all)."""
    res, _, _ = backbone
    e = explain(res.scenario, res, flow_id="chaligny_heat")
    row = e[e["rule"] == "network_not_selected"]
    assert len(row) == 1 and row["partner_site"].iat[0] == NET and row["rank"].iat[0] == 0
    crf = 0.05 / (1 - 1.05 ** -30)
    assert row["best_case_eur_per_yr"].iat[0] == pytest.approx((55 + 0.252 * 100) * 5338 - 60000 * crf, rel=1e-6)
    assert "reach Chaligny (centre, CHALIGNY), " in row["detail"].iat[0]
    # a supply the network takes part of gets no such row
    e = explain(res.scenario, res, flow_id="uve_heat")
    assert not (e["rule"] == "network_not_selected").any()


def test_a_supplier_cap_counts_what_comes_through_a_network_its_supplier_alone_feeds():
    """By hand: the incinerator is the scenario's only supply, so all a firm receives, by a
    direct pipe or through the network only the incinerator feeds, is the incinerator's. At a
    cap of half per supplier, each firm (3,000 MWh/yr, here worth 300 EUR/MWh so that a direct
    pipe and the network both pay) may receive at most 1,500 MWh/yr in all, and at that price it
    takes all it may. The rows capped the direct pipe and the network apart: 1,500 + 1,500."""
    from eitflow.analyses.resilience import supplier_cap_rows
    from eitflow.candidates.generate import build_candidates

    _, f = _frames()
    f.loc[f["site_id"].str.startswith("ZAE"), "price_eur_per_unit"] = 300.0
    s = _scenario(f)
    cand = build_candidates(s)
    assert {"direct", "from_net", "to_net"} <= set(cand.links["kind"])   # both ways are candidates
    r = eitflow.optimise(s, candidates=cand, extra=supplier_cap_rows(s, cand, 0.5))
    assert r.status == "optimal"
    m = r.matches
    got = m[m["sink_site"].str.startswith("ZAE")].groupby("sink_site")["amount"].sum()
    assert got.to_dict() == pytest.approx({"ZAE0": 1500.0, "ZAE1": 1500.0, "ZAE2": 1500.0}, rel=1e-6)


def test_resilience_of_a_co2_pipeline_matches_solves_without_each_company():
    """A CO2 pipeline (a network with no temperature and no purity to miss): a cement works
    A (20,000 t/yr) feeding greenhouses B (5,000 t/yr) and a brewery C (8,000 t/yr) along
    A - B - C (C took 3,000 until injections paid their compression, 8.8 EUR/t: a truck then
    served its 3,000 t for less than the second corridor and its connection). Closing a
    company re-solves without its flows: each loss equals the optimum less a full solve of the
    territory without that company's flows. Before, the re-solve's unmatched reasons asked the
    network for a temperature and `eitflow resilience` stopped on a traceback; the CLI now
    prints its table."""
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "name": ["Cimenterie", "Serres", "Brasserie"],
                          "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]})
    flows = pd.DataFrame({"flow_id": ["f1", "f2", "f3"], "site_id": ["A", "B", "C"],
                          "direction": ["supply", "demand", "demand"], "resource": "co2",
                          "amount": [20000.0, 5000.0, 8000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 120.0, 120.0]})
    corridors = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": "co2", "from": ["A", "B"], "to": ["B", "C"]})
    solver = {"mip_gap": 0.0}

    def scenario(f: pd.DataFrame):
        return eitflow.scenario_from_frames(sites, f.reset_index(drop=True), corridors=corridors, solver=solver)

    scen = scenario(flows)
    res = eitflow.optimise(scen)
    assert res.statistics.corridors()["corridor_id"].tolist() == ["c1", "c2"]   # the pipeline serves both
    r = resilience(scen).set_index("site_id")
    assert set(r.index) == {"A", "B", "C"}
    for site in "ABC":
        rest = flows[flows["site_id"] != site]
        without = eitflow.optimise(scenario(rest)).objective if (rest["direction"] == "supply").any() else 0.0
        assert r.at[site, "net_benefit_lost_eur_per_yr"] == pytest.approx(res.objective - without, rel=1e-6), site
    assert r.at["A", "net_benefit_lost_eur_per_yr"] == pytest.approx(res.objective, rel=1e-6)   # the only source


def test_resilience_cli_of_a_co2_pipeline_prints_its_table(tmp_path):
    from eitflow.cli.main import main

    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nA,Cimenterie,45.0,4.0\nB,Serres,45.01,4.0\n"
                                        "C,Brasserie,45.02,4.0\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"
                                        "f1,A,supply,co2,20000,t/yr,0\nf2,B,demand,co2,5000,t/yr,120\n"
                                        "f3,C,demand,co2,3000,t/yr,120\n", encoding="utf-8")
    (tmp_path / "corridors.csv").write_text("corridor_id,resource,from,to\nc1,co2,A,B\nc2,co2,B,C\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: co2 pipeline\nsites: sites.csv\nflows: flows.csv\n"
                                            "corridors: corridors.csv\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["resilience", str(tmp_path / "scenario.yaml")], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "Cimenterie" in out.output and "Traceback" not in out.output


def test_resilience_counts_the_corridors_of_the_network_piece_it_re_solves():
    """One generic network in two pieces no corridor joins: A (supply, 8,000 MWh/yr, 2 EUR/MWh
    disposal avoided) - 1 km - B (demand 5,000 at 90 EUR/MWh), and C (supply) - 2 km - D (demand
    3,000 at 200). Each piece takes the small size S (1 MW, 200 EUR/m, 20 W/m; no annuity): on
    1 km it loses 175.2 MWh/yr, half at each end, so A injects 5,175.2 and 5,087.6 flow: A-B is
    worth 2 x 5,175.2 + 90 x 5,000 - 0.5 x 5,087.6 - 200,000 = 257,806.6 EUR/yr; on 2 km C
    injects 3,350.4 and 3,175.2 flow 2 km: 2 x 3,350.4 + 200 x 3,000 - 0.5 x 3,175.2 x 2 -
    400,000 = 203,525.6. Closing A loses A-B's piece alone, closing D C-D's. Before, the re-solved
    piece's share of the optimum counted every corridor of the resource (closing A lost
    257,806.6 - 400,000 - 3,175.2: the other piece's corridor too)."""
    from test_network import FLUID

    sites = pd.DataFrame({"site_id": list("ABCD"), "lat": [45.0, 45.009, 46.0, 46.018], "lon": [4.0] * 4})
    flows = pd.DataFrame({"site_id": list("ABCD"), "direction": ["supply", "demand"] * 2, "resource": "fluid",
                          "amount": [8000.0, 5000.0, 8000.0, 3000.0], "unit": "MWh/yr",
                          "price_eur_per_unit": [2.0, 90.0, 2.0, 200.0]})
    corridors = pd.DataFrame({"resource": "fluid", "from": ["A", "C"], "to": ["B", "D"], "length_km": [1.0, 2.0]})
    scen = eitflow.scenario_from_frames(sites, flows, resources=FLUID, corridors=corridors, discount_rate=0.0,
                                        lifetime_years=1.0, carbon_price_eur_per_t=0.0, solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    ab, cd = 257_806.6, 203_525.6
    assert res.objective == pytest.approx(ab + cd, rel=1e-9)
    r = resilience(scen).set_index("site_id")
    for site, lost in (("A", ab), ("B", ab), ("C", cd), ("D", cd)):
        assert r.at[site, "objective_lost"] == pytest.approx(lost, rel=1e-9), site
        assert r.at[site, "net_benefit_lost_eur_per_yr"] == pytest.approx(lost, rel=1e-9), site


def test_a_supplier_cap_no_plan_can_hold_is_said_so(tmp_path):
    """ludres_backbone with Fléville's heat required and point-to-point heat only as links.csv
    gives it (the steelworks to Neuves-Maisons): the network is Fléville's only supplier, so no
    plan keeps it within a 0.6 cap. The line read 'objective ... -> no solution EUR/yr, cost of
    the cap no solution EUR/yr'; it says no plan holds the cap, and the objective without it
    (the scenario's optimum, solved apart)."""
    import shutil

    from conftest import ROOT
    from eitflow.cli.main import main

    root = tmp_path / "ludres"
    shutil.copytree(ROOT / "scenarios" / "ludres_backbone", root)
    flows = (root / "flows.csv").read_text(encoding="utf-8")
    flows = flows.replace("flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,note",
                          "flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,note,required")
    flows = "\n".join(line + (",true" if line.startswith("fleville_heat,") else ",") if i else line
                      for i, line in enumerate(flows.strip("\n").split("\n"))) + "\n"
    (root / "flows.csv").write_text(flows, encoding="utf-8")
    (root / "links.csv").write_text("source_site,sink_site,supply_resource\nSAM_NM,NEUVES,heat\n", encoding="utf-8")
    yaml = (root / "scenario.yaml").read_text(encoding="utf-8")
    (root / "scenario.yaml").write_text(yaml.replace("\nflows: flows.csv", "\nflows: flows.csv\nlinks: links.csv"),
                                        encoding="utf-8")
    best = eitflow.optimise(eitflow.read_scenario(root / "scenario.yaml")).objective
    en, fr = f"{best:,.2f}", f"{best:,.2f}".replace(",", " ").replace(".", ",")
    # the capped solve's status in plain words, as resilience's status columns (`plan_status`)
    for lang, said in (("en", ("supplier cap 0.6 (", "), every demand within it: no possible plan; "
                                                      f"the objective without it is {en} EUR/yr")),
                       ("fr", ("plafond par fournisseur 0,6 (", "), chaque demande sous ce plafond : aucun plan "
                                                                "possible ; sans lui, l'objectif est "
                                                                f"{fr} €/an"))):
        r = CliRunner().invoke(main, ["resilience", str(root / "scenario.yaml"), "--max-supplier-share", "0.6",
                                      "--lang", lang], env={"COLUMNS": "200"})
        out = r.output.replace("\u202f", " ")
        assert r.exit_code == 1 and all(s in out for s in said), out
        assert "no solution EUR" not in out and "aucune solution €" not in out, out
