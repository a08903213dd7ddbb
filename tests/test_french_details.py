"""What a French user reads in `eitflow explain` and in the diagnosis of an infeasible run is
French, with the figures the French way (narrow no-break space between thousands, decimal
comma, MWh/an, °C); the codes (rule, reason) and the English sentences stay as they were.
Before, every detail and the diagnosis were English whatever --lang said."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV, validate_output
from eitflow import optimise, scenario_from_frames
from eitflow.analyses.explain import explain

KM_PER_DEG_LAT = np.pi * 6371.0088 / 180.0    # 111.195 km per degree of latitude
NB = "\u202f"                                   # the thousands separator of fr_FR (CLDR): a narrow no-break space
ENGLISH = ("great-circle", "beyond", "degC", "supply at", "exchanged", "the partner's", "required, cannot",
           "short -", "EUR/yr", "/yr", "viable link", "radius (", "no flow")


def _far_heat():
    """A heat supply and a heat demand 0.2 degrees of latitude apart: 0.2 x 111.195 =
    22.239 km, beyond the catalogue's 10 km heat radius."""
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.0, 50.2], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000.0, 12000.0], "unit": "MWh/yr", "temperature_c": [130.0, 60.0],
                          "price_eur_per_unit": [0.0, 40.0]})
    return scenario_from_frames(sites, flows)


def test_explain_radius_in_french_with_french_figures():
    scen = _far_heat()
    res = optimise(scen)
    fr = explain(scen, res, lang="fr")
    en = explain(scen, res)
    row = fr[(fr["flow_id"] == fr["flow_id"].iat[0]) & (fr["rank"] == 1)].iloc[0]
    assert row["rule"] == "radius"                                  # the code, unchanged
    assert row["detail"].startswith("22,2 km à vol d'oiseau, hors de portée de la paire (limite de 10 km : ")
    assert row["would_pass_if"] == "rayon des deux flux (max_distance_km) ≥ 22,2 km (limite de la paire actuellement 10)"
    assert not any(w in row["detail"] + row["would_pass_if"] for w in ENGLISH), row["detail"]
    # the English is what it was
    e = en[(en["flow_id"] == row["flow_id"]) & (en["rank"] == 1)].iloc[0]
    assert e["detail"].startswith("22.2 km great-circle, beyond the pair's limit 10 km: ")
    assert e["would_pass_if"] == "both flows' radius (max_distance_km) ≥ 22.2 km (pair limit now 10)"
    assert list(fr.columns) == list(en.columns) and list(fr["rule"]) == list(en["rule"])


def _short_goods():
    """A required demand of 5,000 t/yr and the one supply, 1 km away, holding 3,000 t/yr:
    2,000 t/yr short (a resource without costs or radius, as in test_infeasible)."""
    good = {"good": {"base_unit": "t/yr", "max_distance_km": 1e4, "transport": {"mode": "truck"}}}
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 1 / KM_PER_DEG_LAT], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["S", "D"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "good", "amount": [3000.0, 5000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 10.0], "required": [False, True]})
    return scenario_from_frames(sites, flows, None, good, solver={"mip_gap": 0.0})


def test_the_diagnosis_in_french():
    res = optimise(_short_goods())
    assert res.status == "infeasible"
    line = res.status_line("fr")
    assert (f"la demande obligatoire D (D) ne peut pas être satisfaite, il manque 2{NB}000 t/an - offre insuffisante : "
            f"la seule offre qui lui est reliée détient 3{NB}000 t/an (après pertes), il lui faut 5{NB}000 t/an") in line
    assert line.startswith("statut : infaisable")
    # summary.json and the English line keep the English sentence and the codes
    assert "required demand D (D) cannot be met, 2,000 t/yr short - not_enough_supply: the only supply linked to it " \
           "holds 3,000 t/yr (after losses), it needs 5,000 t/yr" in res.summary["message"]
    assert res.status_line("en").endswith(f"({res.summary['message']})")
    ex = explain(res.scenario, res, flow_id="D", lang="fr")
    top = ex[ex["rank"] == 0].iloc[0]
    assert top["rule"] == "not_enough_supply"
    assert top["detail"] == (f"obligatoire, ne peut pas être satisfaite : il manque 2{NB}000 t/an - la seule offre qui "
                             f"lui est reliée détient 3{NB}000 t/an (après pertes), il lui faut 5{NB}000 t/an")
    pair = ex[ex["rank"] == 1].iloc[0]
    assert pair["rule"] == "no_solution" and pair["detail"].startswith(
        "liaison viable, mais le modèle n'a pas de solution (infaisable : la demande obligatoire D (D)")


def test_cli_explain_in_french_shows_no_english_detail(tmp_path):
    from conftest import ROOT
    from eitflow.cli.main import main

    out = CliRunner().invoke(main, ["explain", str(ROOT / "scenarios/zae_example/scenario.yaml"), "--lang", "fr",
                                    "--csv", str(tmp_path / "x.csv")], catch_exceptions=False).output
    assert "statut : optimal" in out
    df = pd.read_csv(tmp_path / "x.csv")
    texts = " ".join(df["detail"].dropna().astype(str)) + " " + " ".join(df["would_pass_if"].dropna().astype(str))
    assert [w for w in ENGLISH if w in texts] == []
    assert "°C" in texts and "MWh/an" in texts and "à vol d'oiseau" in texts
    assert set(df["rule"]) <= {"radius", "capacity_used", "matched", "quality", "no_compatible_partner",
                               "not_selected", "uneconomic", "min_amount"}   # codes stay codes in the CSV
    table = CliRunner().invoke(main, ["explain", str(ROOT / "scenarios/zae_example/scenario.yaml"), "--lang", "fr",
                                      "--flow", "f6"], env={"COLUMNS": "200"}, catch_exceptions=False).output
    # the table names them (the rule's cell may wrap, "capacité / déjà / prise", where the names
    # beside it take as many lines: explain's why column gets its room first, `views.EXPLAIN_WHY_SHARE`)
    words = table.split()
    assert "capacité" in words and "déjà" in words and "prise" in words and "capacity_used" not in table


def test_a_phrase_is_its_english_and_travels():
    from eitflow.i18n import Phrase

    p = Phrase("why_min_amount", low=1234.5, high=1000.0)
    assert p == "minimum exchange 1234.5 > 1000 possible"
    assert p.say("fr") == f"échange minimal 1{NB}234,5 > 1{NB}000 possible"
    q = pickle.loads(pickle.dumps(p))      # to a sweep's workers and back
    assert q == p and q.say("fr") == p.say("fr")


# ------------------------------------------------------------------ validation in French
def _bad_french_scenario(tmp_path, lang_line="lang: fr\n"):
    """The test park (conftest), in French unless `lang_line` says otherwise, with four
    mistakes: flows.csv has an amount in words (row 2), a unit in lower case (row 3) and a
    misspelt site (row 4); sites.csv repeats its first site on a last row."""
    from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, write_scenario

    lines = FLOWS_CSV.splitlines()
    lines[1] = lines[1].replace(",30,", ",trente,")
    lines[2] = lines[2].replace("MWh/yr", "mwh/an")
    lines[3] = lines[3].replace("GREEN,", "GREN,")
    sites = SITES_CSV + SITES_CSV.splitlines()[1] + "\n"
    return write_scenario(tmp_path, yaml_text=SCENARIO_YAML + lang_line, sites=sites, flows="\n".join(lines) + "\n")


def test_validate_speaks_the_scenarios_language_and_still_locates(tmp_path):
    from conftest import SITES_CSV
    from eitflow.cli.main import main

    path = _bad_french_scenario(tmp_path / "fr")
    dup = SITES_CSV.splitlines()[1].split(",")[0]
    n_sites = len(SITES_CSV.strip().splitlines())          # the duplicate is the row after the last one
    for cmd in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "out")]):
        res = CliRunner().invoke(main, cmd)
        assert res.exit_code == 2 and "Traceback" not in res.output
        out = res.output
        assert "erreur : scénario invalide (4 problèmes) :" in out, out
        assert "flows.csv, ligne 2, colonne 'amount' : attendu une quantité positive par an (trouvé : 'trente')" in out
        assert ("flows.csv, ligne 3, colonne 'unit' : unité inconnue 'mwh/an' (vouliez-vous dire 'MWh/an' ?) ; "
                "la ressource 'heat' se mesure en MWh/an") in out
        assert ("flows.csv, ligne 4, colonne 'site_id' : site inconnu (absent de sites.csv) : 'GREN' "
                "(vouliez-vous dire 'GREEN' ?)") in out
        assert f"sites.csv, ligne {n_sites + 1}, colonne 'site_id' : site_id '{dup}' en double " \
               f"(première fois à la ligne 2)" in out
        assert not any(w in out for w in ("row ", "column ", "expected", "unknown", "did you mean")), out
    # --lang en, or a scenario without lang: the English messages as they were
    for cmd in (["validate", str(path), "--lang", "en"], ["validate", str(_bad_french_scenario(tmp_path / "en", ""))]):
        out = CliRunner().invoke(main, cmd).output
        assert "error: invalid scenario (4 problems):" in out
        assert "flows.csv, row 2, column 'amount': expected a positive amount per year (found 'trente')" in out
        assert ("flows.csv, row 3, column 'unit': unknown unit 'mwh/an' (did you mean 'MWh/an'?); "
                "resource 'heat' is measured in MWh/yr") in out
        assert "flows.csv, row 4, column 'site_id': unknown site (not in sites.csv) 'GREN' (did you mean 'GREEN'?)" in out


def test_the_diagnosis_names_no_candidate_once():
    """A required heat demand of 5,000 MWh/yr 30 km (30 / 111.195 degrees of latitude) from the
    only supply, beyond the catalogue's 10 km heat radius: all 5,000 short, and the sentence
    says "no candidate link" once (before: "no_candidate: no candidate link (...)" and
    "aucune liaison candidate : aucune liaison candidate (...)")."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 30 / KM_PER_DEG_LAT], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [120, 70],
                          "price_eur_per_unit": [0.0, 50.0], "required": [False, True]})
    res = optimise(scenario_from_frames(sites, flows))
    assert res.status == "infeasible"
    assert res.summary["message"] == (
        "required demand d (D) cannot be met, 5,000 MWh/yr short - no candidate link (no_partner_in_range): "
        "nearest compatible partner S:s at 30.0 km great-circle, beyond the pair's limit 10 km: the supply's radius "
        "(the catalogue's heat radius); the demand's is 10 km")
    assert res.status_line("fr") == (
        f"statut : infaisable - pas de solution (la demande obligatoire d (D) ne peut pas être satisfaite, il manque "
        f"5{NB}000 MWh/an - aucune liaison candidate (aucun partenaire à portée) : partenaire compatible le plus "
        f"proche : S:s à 30,0 km à vol d'oiseau, hors de portée de la paire (limite de 10 km : le rayon de l'offre "
        f"(la valeur du catalogue pour la ressource chaleur) ; celui de la demande est de 10 km))")
    # the reason's code stays in the diagnosis (unmatched.csv, explain), its detail as it was
    d = res.solution.diagnosis.set_index("flow_id")
    assert d.at["d", "reason"] == "no_candidate" and d.at["d", "detail"].startswith("no candidate link (")


def test_hubs_problems_are_said_in_french_and_still_located(tmp_path):
    """hubs.csv's own checks were English whatever --lang: now French with units said 'MWh/an',
    still naming file, row and column; `--lang en` as it was."""
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV,
        "hubs.csv": "hub_id,lat,lon,resources,capacity,unit\nS,45.0,4.01,hydrogen,50,t/yr\n"
                    "H2,45.0,4.01,heat;steam,50,t/yr\nH3,45.0,4.01,Heat;x,50,\n",
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"})
    assert "erreur : scénario invalide (3 problèmes) :" in out, out
    assert ("hubs.csv, ligne 2, colonne 'hub_id' : l'identifiant d'un hub doit différer de tous les identifiants de "
            "sites (trouvé : 'S')") in out
    assert ("hubs.csv, ligne 3, colonne 'unit' : l'unité 't/yr' ne se convertit pas en MWh/an (mauvaise dimension) ; "
            "le hub traite heat (en MWh/an), steam (en MWh/an)") in out
    assert ("hubs.csv, ligne 4, colonne 'resources' : attendu des ressources du catalogue séparées par ';' "
            "(trouvé : 'Heat;x')") in out
    assert not any(w in out for w in ("row ", "column ", "expected", "handles")), out
    out = validate_output(tmp_path, "en")
    assert ("hubs.csv, row 3, column 'unit': unit 't/yr' cannot be converted to MWh/yr (wrong dimension); the hub "
            "handles heat (in MWh/yr), steam (in MWh/yr)") in out
    assert "hubs.csv, row 2, column 'hub_id': a hub id must differ from every site id (found 'S')" in out


def test_links_problems_are_said_in_french_and_still_located(tmp_path):
    """links.csv's own checks were English whatever --lang: now French, still naming file, row
    and column; `--lang en` as it was."""
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV + "B,45.02,4.0\n",
        "flows.csv": "flow_id,site_id,direction,resource,amount,unit,temperature_c\n"
                     "F1,S,supply,heat,9000,MWh/yr,110\nF2,S,supply,heat,500,MWh/yr,90\n"
                     "D1,A,demand,heat,1000,MWh/yr,60\nD2,B,demand,heat,800,MWh/yr,60\n",
        "links.csv": "source_site,sink_site,supply_resource,supply_flow_id,demand_flow_id\n"
                     "S,A,heat,,\nS,A,heat,F1,XX\nA,B,heat,,\nS,A,heat,F1,XX\n",
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nlinks: links.csv\n"})
    assert ("links.csv, ligne 2, colonne 'supply_flow_id' : S a 2 offres en chaleur : indiquez laquelle cette liaison "
            "utilise dans la colonne 'supply_flow_id' (identifiants des flux : F1, F2)") in out, out
    assert "links.csv, ligne 3, colonne 'demand_flow_id' : 'XX' n'est pas une demande en chaleur sur A" in out
    assert ("links.csv, ligne 4, colonne 'source_site' : aucune offre de cette ressource sur le site source dans "
            "flows.csv") in out
    assert ("links.csv, ligne 5, colonne 'source_site' : liaison en double (même source, même preneur et mêmes "
            "ressources)") in out
    assert not any(w in out for w in ("row ", "column ", "has 2", "is not a", "duplicate")), out
    out = validate_output(tmp_path, "en")
    assert ("links.csv, row 2, column 'supply_flow_id': S has 2 supply flows of heat: say which one this link serves "
            "in column 'supply_flow_id' (flow ids: F1, F2)") in out
    assert "links.csv, row 3, column 'demand_flow_id': 'XX' is not a demand flow of heat at A" in out
    assert "links.csv, row 4, column 'source_site': no supply flow of this resource at the source site in flows.csv" in out
    assert "links.csv, row 5, column 'source_site': duplicate link (same source, sink and resources)" in out


def test_explain_says_the_unit_of_a_value_per_unit():
    """explain's figures per unit read "valeur 80,20 €/unité × 5 338" (EUR/unit x 5,338): per
    unit of what, and 5,338 what? Now the flow's unit: "€/MWh × 5 338 MWh/an", "EUR/MWh x
    5,338 MWh/yr", in the network's idle connection, an uneconomic pair's full use and the price
    a pair would need. Ludres' Chaligny: 80.20 EUR/MWh x 5,338 MWh/yr - 3,903 EUR/yr is the
    424,205 EUR/yr it states."""
    from conftest import ROOT
    from eitflow.io.read import read_scenario

    scen = read_scenario(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml")
    res = optimise(scen)
    en, fr = (explain(scen, res, flow_id="chaligny_heat", lang=lang).set_index("rule") for lang in ("en", "fr"))
    assert "(value 80.20 EUR/MWh x 5,338 MWh/yr, connection 3,903 EUR/yr)" in en.at["network_not_selected", "detail"]
    assert "424,205 EUR/yr" in en.at["network_not_selected", "detail"] and 80.20 * 5338 - 3903 == pytest.approx(424205, abs=30)
    assert ("(valeur 80,20 €/MWh × 5\u202f338 MWh/an, raccordement 3\u202f903 €/an)"
            in fr.at["network_not_selected", "detail"])
    # SAM's heat to Chaligny by its own pipe: uneconomic, with the price that would make it pay
    # the amount as the report's tables say it (whole from 100 on: 5,443.32 is 5,443; words12)
    assert "(value 77.18 EUR/MWh x 5,443 MWh/yr, fixed 518,201 EUR/yr)" in en.at["uneconomic", "detail"]
    assert "(valeur 77,18 €/MWh × 5\u202f443 MWh/an, coût fixe 518\u202f201 €/an)" in fr.at["uneconomic", "detail"]
    assert "this demand's price ≥ 73.4 EUR/MWh (now 55)" in en.at["uneconomic", "would_pass_if"]
    assert "prix de cette demande ≥ 73,4 €/MWh (actuellement 55)" in fr.at["uneconomic", "would_pass_if"]
    # at 73.4 EUR/MWh instead of 55 it breaks even: -98,081 + (73.374 - 55) x 5,338 MWh/yr ~ 0
    assert -98081 + (73.374 - 55) * 5338 == pytest.approx(0, abs=60)
    for t in (en, fr):
        assert "unit" not in " ".join(map(str, t["detail"])) and "unité" not in " ".join(map(str, t["detail"]))


def test_a_figure_of_a_million_or_more_is_written_out_not_in_exponent_form():
    """Tavaux's report, in French, said of its cooling-water demand (1,000,000 m3/yr) and of the
    treated effluent (2,000,000 m3/yr) 'à pleine utilisation -172 189 €/an (valeur 0,02083 €/m³
    × 1e+06 m³/an, ...)', and unmatched.csv 'x 1e+06 m3/yr': a figure of six significant digits
    ({:,.6g}) took Python's exponent form from 1,000,000 on, in both languages."""
    from eitflow.i18n import Phrase, Unit, text

    p = Phrase("why_uneconomic", best=-172189.0, value=0.02083, upper=1e6, fixed=193014.0,
               eu=Unit("EUR/m3"), qu=Unit(" m3/yr"))
    assert p == "at full use -172,189 EUR/yr (value 0.02083 EUR/m3 x 1,000,000 m3/yr, fixed 193,014 EUR/yr)"
    assert p.say("fr") == (f"à pleine utilisation -172{NB}189 €/an (valeur 0,02083 €/m³ × 1{NB}000{NB}000 m³/an, "
                           f"coût fixe 193{NB}014 €/an)")
    # an amount as the report's tables say it, whole from 100 on (words12; it was 12,345,700 at six
    # significant digits); 2.5 million in full
    q = Phrase("ex_matched", amount=12345678.0, unit=Unit("m3/yr"), share=0.5)
    assert q.startswith("12,345,678 m3/yr exchanged") and q.say("fr").startswith(f"12{NB}345{NB}678 m³/an")
    assert Phrase("ex_taker", who="A", amount=2.5e6, unit="t/yr") == "A: 2,500,000 t/yr"
    assert Phrase("ex_taker", who="A", amount=123456.0, unit="t/yr") == "A: 123,456 t/yr"   # as before
    # a number said by its repr or plainly stays as it was
    assert text("click_not_float", "en", value=2.5) == "2.5 is not a valid float."
    assert text("click_not_float", "fr", value=3) == "3 n'est pas un nombre."


def test_tavaux_unmatched_water_says_its_million_cubic_metres():
    """The same end to end: Tavaux's unmatched.csv (flows.csv: ca_water 1000000 m3/yr)."""
    from conftest import ROOT
    from eitflow.io.read import read_scenario

    res = optimise(read_scenario(ROOT / "scenarios" / "tavaux_h2" / "scenario.yaml"))
    um = res.unmatched.set_index("flow_id")
    assert "x 1,000,000 m3/yr" in um.at["ca_water", "detail"], um.at["ca_water", "detail"]
    fr = um.at["ca_water", "detail"].say("fr")
    assert f"× 1{NB}000{NB}000 m³/an" in fr and "e+" not in fr, fr
