"""The problems of the siting tables, of a workbook, of resources.yaml and of scenario.yaml's
keys are said in the run's language (`--lang fr` or `lang: fr`), still naming the file, the
row and the column; the English sentences are as they were. Before, all of these were English
whatever the language (the other tables: test_french_details, test_network_inputs)."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV, validate_output
from eitflow.cli.main import main as cli

SITING_YAML = ("name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
               "activity_flows: activity_flows.csv\n")


def test_siting_tables_problems_are_said_in_french_and_still_located(tmp_path):
    """plots.csv, activities.csv and activity_flows.csv: ids, counts, templates, flows of an
    unknown activity and a CNIG plot whose location cannot be read."""
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV, "scenario.yaml": SITING_YAML,
        "plots.csv": "plot_id,lat,lon,area_ha\n,45.0,4.01,10\nS,45.0,4.02,5\n",
        "activities.csv": "activity_id,template,size,land_ha,min_count,max_count\nA1,,3,2,2,1\nA2,,,1,,\n",
        "activity_flows.csv": "flow_id,activity_id,direction,resource,amount,unit,temperature_c\n"
                              "f1,A1,demand,heat,10,MWh/yr,50\nf2,AX,demand,heat,10,MWh/yr,50\n"})
    assert "plots.csv, ligne 2, colonne 'plot_id' : valeur manquante : attendu un identifiant de parcelle" in out, out
    assert ("plots.csv, ligne 3, colonne 'plot_id' : l'identifiant d'une parcelle doit différer de tous les "
            "identifiants de sites (trouvé : 'S')") in out
    assert ("activities.csv, ligne 2, colonne 'size' : size ne s'applique qu'aux activités tirées d'un modèle "
            "(indiquez plutôt land_ha, les coûts et les flux)") in out
    assert "activities.csv, ligne 2, colonne 'min_count' : min_count dépasse max_count (trouvé : '2')" in out
    assert ("activity_flows.csv, ligne 3, colonne 'activity_id' : activité inconnue (absente de activities.csv) : "
            "'AX'") in out
    assert ("activities.csv, ligne 3, colonne 'activity_id' : l'activité n'a aucun flux : indiquez-les dans "
            "activity_flows.csv, ou donnez-lui un modèle") in out
    assert not any(w in out for w in ("row ", "column ", "must differ", "applies to", "exceeds", "has no flows")), out
    out = validate_output(tmp_path, "en")
    assert "plots.csv, row 2, column 'plot_id': missing value: expected a plot id" in out
    assert "plots.csv, row 3, column 'plot_id': a plot id must differ from every site id (found 'S')" in out
    assert ("activities.csv, row 2, column 'size': size applies to templated activities only (give land_ha, costs "
            "and flows instead)") in out
    assert "activities.csv, row 2, column 'min_count': min_count exceeds max_count (found '2')" in out
    assert "activity_flows.csv, row 3, column 'activity_id': unknown activity (not in activities.csv) 'AX'" in out
    assert ("activities.csv, row 3, column 'activity_id': the activity has no flows: give them in "
            "activity_flows.csv, or a template") in out

    # a plot in the CNIG Friches standard whose geometry cannot be read: the file's own column
    out = validate_output(tmp_path, "fr", {"plots.csv": "site_id,site_nom,geompoint\nF1,Friche,POINT(abc)\n"})
    assert "plots.csv, ligne 2, colonne 'geompoint' : impossible de lire un emplacement dans 'POINT(abc)'" in out
    out = validate_output(tmp_path, "en")
    assert "plots.csv, row 2, column 'geompoint': cannot read a location from 'POINT(abc)'" in out


def test_site_says_a_placements_id_clash_in_french(tmp_path):
    """`eitflow site`: a site named as a placement (activity@plot) is refused in --lang, exit 2
    (before: English whatever --lang, and a traceback)."""
    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nS,45.0,4.0\nSERRE@P1,45.01,4.0\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c\n"
                                        "S,supply,heat,9000,MWh/yr,110\nSERRE@P1,demand,heat,1000,MWh/yr,60\n",
                                        encoding="utf-8")
    (tmp_path / "plots.csv").write_text("plot_id,lat,lon,area_ha\nP1,45.0,4.01,10\n", encoding="utf-8")
    (tmp_path / "activities.csv").write_text("activity_id,template,size\nSERRE,greenhouse,5\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(SITING_YAML.replace("activity_flows: activity_flows.csv\n", ""),
                                            encoding="utf-8")
    for lang, said in (("fr", "sites, colonne 'site_id' : l'identifiant de site 'SERRE@P1' est aussi le nom "
                               "d'une implantation (activité@parcelle) : renommez le site, l'activité ou la parcelle"),
                       ("en", "sites, column 'site_id': site id 'SERRE@P1' is also the name of a placement "
                              "(activity@plot): rename the site, the activity or the plot")):
        res = CliRunner().invoke(cli, ["site", str(tmp_path / "scenario.yaml"), "--out", str(tmp_path / f"run_{lang}"),
                                       "--lang", lang])
        assert res.exit_code == 2, (res.output, res.exception)   # an input problem, not a crash (exit 1)
        assert said in res.output, res.output


def test_resources_yaml_problems_are_said_in_french_and_still_located(tmp_path):
    """resources.yaml: pydantic's checks of a resource's fields (bounds, choices, unknown keys),
    a unit, a resource fed that does not exist, and a key given twice (its line)."""
    scen = "name: t\nsites: sites.csv\nflows: flows.csv\nresources: resources.yaml\n"
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV, "scenario.yaml": scen,
        "resources.yaml": "heat:\n  max_distance_km: -3\n  colour: red\n  quality: hot\nslag:\n  base_unit: zorglub\n"
                          "  max_distance_km: 10\n  transport: {mode: truck}\n"})
    assert ("resources.yaml : ressource 'heat', max_distance_km : la valeur doit être supérieure à 0") in out, out
    assert "resources.yaml : ressource 'heat', colour : clé inconnue 'colour'" in out
    assert ("resources.yaml : ressource 'heat', quality : la valeur doit être 'none', 'temperature' ou "
            "'purity'") in out
    assert "resources.yaml : ressource 'slag', base_unit : unité inconnue 'zorglub'" in out
    assert not any(w in out for w in ("Input should", "unknown key", "Value error", "resource '")), out
    out = validate_output(tmp_path, "en")
    assert "resources.yaml: resource 'heat', max_distance_km: Input should be greater than 0" in out
    assert "resources.yaml: resource 'heat', colour: unknown key 'colour'" in out
    assert "resources.yaml: resource 'heat', quality: Input should be 'none', 'temperature' or 'purity'" in out
    assert "resources.yaml: resource 'slag', base_unit: Value error, unknown unit 'zorglub'" in out

    out = validate_output(tmp_path, "fr", {"resources.yaml": "heat:\n  max_distance_km: 3\nheat:\n  max_distance_km: 4\n"})
    assert ("resources.yaml, ligne 3 : la clé 'heat' est donnée deux fois (la première à la ligne 1) ; YAML ne "
            "garderait que la dernière : supprimez l'une des deux") in out, out
    out = validate_output(tmp_path, "en")
    assert ("resources.yaml, row 3: key 'heat' is given twice (first on line 1); YAML would keep only the last "
            "one: delete one of them") in out
    out = validate_output(tmp_path, "fr", {"resources.yaml": "gypsum:\n  feeds: {plaster: 1}\n"})
    assert "resources.yaml : la ressource 'gypsum' alimente une ressource inconnue 'plaster'" in out, out
    out = validate_output(tmp_path, "en")
    assert "resources.yaml: resource 'gypsum' feeds unknown resource 'plaster'" in out


def test_scenario_yaml_keys_are_said_in_french_and_the_english_is_unchanged(tmp_path):
    """scenario.yaml: missing and unknown keys, values out of bounds or of the wrong kind, the
    `networks:` block (its problems and its warning), and a solver option on the command line."""
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV,
        "scenario.yaml": "sites: sites.csv\nlang: fr\ncarbon_price_eur_per_t: -1\nlifetim_years: 3\nsiting: {year: 1700}\n"
                         "solver: {name: gurobi}\nelectricity_price_eur_per_mwh: .inf\n"})
    assert "scenario.yaml : clé obligatoire absente : 'name'" in out, out
    assert ("scenario.yaml : clé obligatoire absente : 'flows' (chemin du fichier CSV flows, relatif à ce "
            "fichier)") in out
    assert "scenario.yaml : clé 'carbon_price_eur_per_t' : la valeur doit être supérieure ou égale à 0" in out
    assert "scenario.yaml : clé inconnue 'lifetim_years' (vouliez-vous dire 'lifetime_years' ?)" in out
    assert "scenario.yaml : clé 'siting.year' : la valeur doit être supérieure ou égale à 1900" in out  # a year: no space
    assert "scenario.yaml : clé 'solver.name' : la valeur doit être 'highs' ou 'cbc'" in out
    assert "scenario.yaml : clé 'electricity_price_eur_per_mwh' : attendu un nombre fini (ni inf ni nan)" in out
    assert not any(w in out for w in ("Input should", "unknown key", "missing required", "key '")), out
    out = validate_output(tmp_path, "en")
    assert "scenario.yaml: missing required key 'flows' (path of the flows CSV, relative to this file)" in out
    assert "scenario.yaml: key 'carbon_price_eur_per_t': Input should be greater than or equal to 0" in out
    assert "scenario.yaml: unknown key 'lifetim_years' (did you mean 'lifetime_years'?)" in out
    assert "scenario.yaml: key 'siting.year': Input should be greater than or equal to 1900" in out
    assert "scenario.yaml: key 'solver.name': Input should be 'highs' or 'cbc'" in out

    base = "name: t\nsites: sites.csv\nflows: flows.csv\n"
    out = validate_output(tmp_path, "fr", {"scenario.yaml": base + "networks:\n  heat: {temperature_c: 90, purity: 0.9}\n"
                                                                  "  gypsum: {}\n  steam: {}\n"})
    assert ("scenario.yaml : networks.heat.purity : la ressource chaleur n'a pas de règle de pureté (l'hydrogène a une pureté et "
            "une pression, la chaleur et la vapeur une température) ; sur ce réseau, elle serait ignorée") in out, out
    assert ("scenario.yaml : networks.gypsum : cette ressource n'a pas de diamètres de conduite dans le catalogue "
            "(ajoutez-lui un bloc `network` dans resources.yaml)") in out
    assert "scenario.yaml : networks.steam.temperature_c : le réseau de vapeur a besoin de sa température de départ (°C)" in out
    out = validate_output(tmp_path, "en")
    assert ("scenario.yaml: networks.heat.purity: heat has no purity rule (hydrogen has purity and pressure, heat "
            "and steam a temperature); on this network it would be ignored") in out
    assert "scenario.yaml: networks.steam.temperature_c: the steam network needs its supply temperature (degC)" in out

    # the warning of a valid scenario, and --mip-gap refused on the command line of `run`
    (tmp_path / "scenario.yaml").write_text(base + "networks:\n  heat: {k: 3, max_length_km: 2, temperature_c: 90}\n",
                                            encoding="utf-8")
    for lang, said in (("fr", "attention : scenario.yaml : networks.heat : k et max_length_km ne s'appliquent qu'aux "
                              "tronçons générés, or networks.heat.generate vaut none : indiquez generate: delaunay "
                              "ou knn, ou retirez-les"),
                       ("en", "warning: scenario.yaml: networks.heat: k and max_length_km apply to generated corridors "
                              "only, and networks.heat.generate is none: give generate: delaunay or knn, or leave "
                              "them out")):
        res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml"), "--lang", lang])
        assert res.exit_code == 0 and said in res.output, res.output
    for lang, said in (("fr", "ligne de commande : --mip-gap 5.0 : la valeur doit être inférieure ou égale à 1"),
                       ("en", "command line: --mip-gap 5.0: Input should be less than or equal to 1")):
        res = CliRunner().invoke(cli, ["run", str(tmp_path / "scenario.yaml"), "--out", str(tmp_path / f"run_{lang}"),
                                       "--mip-gap", "5", "--lang", lang])
        assert res.exit_code == 2 and said in res.output, res.output


def test_workbook_problems_are_said_in_french_and_still_located(tmp_path):
    """A workbook: a value outside the table (sheet, row, column), a key of the parameters sheet
    given twice, a parameter out of bounds (its row), a missing sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "sites"
    for r in TWO_SITES_CSV.strip().split("\n"):
        ws.append(r.split(","))
    ws["E3"] = "stray"
    fl = wb.create_sheet("flows")
    for r in HEAT_FLOWS_CSV.strip().split("\n"):
        fl.append(r.split(","))
    pm = wb.create_sheet("parameters")
    for r in (("key", "value"), ("discount_rate", 2), ("carbon_price_eur_per_t", 10), ("carbon_price_eur_per_t", 20)):
        pm.append(r)
    wb.save(tmp_path / "t.xlsx")
    wb.remove(fl)
    wb.save(tmp_path / "noflows.xlsx")

    def said(book: str, lang: str) -> str:
        res = CliRunner().invoke(cli, ["validate", str(tmp_path / book), "--lang", lang])
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
        return res.output

    out = said("t.xlsx", "fr")
    assert ("t.xlsx:sites, ligne 3, colonne 'E' : une valeur en E3, hors du tableau (pas de nom de colonne en "
            "ligne 1) : supprimez-la ou nommez sa colonne") in out, out
    assert ("t.xlsx:parameters, ligne 4, colonne 'key' : la clé 'carbon_price_eur_per_t' est donnée deux fois (la "
            "première à la ligne 3)") in out
    out = said("t.xlsx", "en")
    assert ("t.xlsx:sites, row 3, column 'E': a value at E3, outside the table (no column name in row 1): delete it "
            "or name its column") in out
    assert "t.xlsx:parameters, row 4, column 'key': key 'carbon_price_eur_per_t' is given twice (first in row 3)" in out
    assert "feuille 'flows' absente (feuilles trouvées : sites, parameters)" in said("noflows.xlsx", "fr")
    assert "noflows.xlsx: missing sheet 'flows' (sheets found: sites, parameters)" in said("noflows.xlsx", "en")

    pm.delete_rows(4)          # the parameters alone: a value out of bounds, said on its row
    wb.create_sheet("flows")
    for r in HEAT_FLOWS_CSV.strip().split("\n"):
        wb["flows"].append(r.split(","))
    wb.save(tmp_path / "bounds.xlsx")
    assert ("bounds.xlsx:parameters, ligne 2 : clé 'discount_rate' : la valeur doit être inférieure à 1"
            in said("bounds.xlsx", "fr"))
    assert ("bounds.xlsx:parameters, row 2: key 'discount_rate': Input should be less than 1"
            in said("bounds.xlsx", "en"))


def test_each_message_is_written_once_with_the_same_fields_in_each_language():
    """messages.csv: a key given twice (the second silently wins), a row whose text split into
    more columns (a comma of '{n:,.0f}' outside quotes) or a French text missing a field of the
    English would say something else than meant."""
    import csv
    import string
    from collections import Counter
    from importlib import resources

    with resources.files("eitflow").joinpath("data/messages.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["key", "en", "fr"]
    assert [r for r in rows if len(r) != 3] == []
    assert [k for k, n in Counter(r[0] for r in rows).items() if n > 1] == []

    def fields(t: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(t) if f}
    # network_party's, the sweep's resource labels' and a siting exchange's French elides 'de'
    # (a field of its own, {de}: `i18n.de`); a dict's class name is not said in French; a resource's
    # id beside its French name is the id alone in English (its name there: `i18n.resources_said`)
    assert [r[0] for r in rows[1:] if r[2] and fields(r[1]) != fields(r[2])] == [
        "res_with_code", "network_party", "sweep_p_price_of", "sweep_p_availability_of", "sweep_p_radius_of",
        "sweep_p_unit_investment_of", "siting_exchange_in", "siting_exchange_in_said", "pyd_model_type", "sit_break_even_cost",
        "ex_view_flow"]
    assert all(fields(r[2]) - fields(r[1]) <= {"de"} for r in rows[1:]
               if r[0].startswith("sweep_p_") or r[0] in ("siting_exchange_in", "siting_exchange_in_said", "sit_break_even_cost"))
