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
