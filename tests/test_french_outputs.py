"""English left in French outputs: results.xlsx's details (unmatched, not chosen) and the
checks of a file that cannot be read at all are said in French; the CSV files and the
English stay as they were."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.errors import ScenarioError


def _result():
    # S1 and S2 each offer 30 GWh/yr of heat 3-4 km from D, which needs 25 GWh/yr: one link
    # serves D in full, S2's link is left unbuilt (demand met) and both supplies keep heat
    sites = pd.DataFrame({"site_id": ["S1", "S2", "D"], "lat": [50.28, 50.27, 50.30], "lon": [3.97, 3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["S1", "S2", "D"], "direction": ["supply", "supply", "demand"],
                          "resource": "heat", "amount": [30000, 30000, 25000], "unit": "MWh/yr",
                          "temperature_c": [130, 120, 60], "price_eur_per_unit": [0, 0, 40]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows))


def test_the_french_workbook_says_the_details_in_french(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from eitflow.report.workbook import write_results_workbook
    from eitflow.results.notchosen import not_chosen

    res = _result()
    nc = not_chosen(res)
    assert list(nc["reason"]) == ["demand_met"]
    assert str(nc["detail"][0]) == "the demand is served in full by the chosen exchanges"   # CSV: as before
    assert set(map(str, res.unmatched["detail"])) == {
        "every viable partner's amount (or the link capacity) is used by the chosen exchanges"}
    wb = openpyxl.load_workbook(write_results_workbook(res, tmp_path / "fr.xlsx", lang="fr"))
    details = {ws.title: [r[-1] for r in ws.iter_rows(min_row=2, values_only=True)]
               for ws in (wb["non appariés"], wb["non retenus"])}
    assert details == {
        "non appariés": ["la quantité de chaque partenaire viable (ou la capacité de la liaison) est prise par les "
                         "échanges retenus"] * 2,
        "non retenus": ["la demande est entièrement couverte par les échanges retenus"]}
    wb = openpyxl.load_workbook(write_results_workbook(res, tmp_path / "en.xlsx", lang="en"))
    assert [r[-1] for r in wb["not_chosen"].iter_rows(min_row=2, values_only=True)] == [
        "the demand is served in full by the chosen exchanges"]


def test_a_file_that_cannot_be_read_is_said_in_french(tmp_path):
    from conftest import write_scenario

    path = write_scenario(tmp_path / "s")
    path.write_text(path.read_text(encoding="utf-8").replace("sites: sites.csv", "sites: ."), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        eitflow.read_scenario(path)
    p = exc.value.problems[0]
    assert str(p) == f".: expected a CSV file, found a directory: {path.parent}"
    assert p.say("fr") == f". : attendu : fichier CSV ; trouvé un dossier : {path.parent}"
    from eitflow.io.csvfile import check_regular_file

    with pytest.raises(ScenarioError) as exc:
        check_regular_file(Path("/dev/null"), "scenario.yaml", "YAML file")
    p = exc.value.problems[0]
    assert str(p) == ("scenario.yaml: expected a YAML file, found a device, FIFO or socket: /dev/null "
                      "(only regular files are read)")
    assert p.say("fr") == ("scenario.yaml : attendu : fichier YAML ; trouvé un périphérique, une FIFO ou une "
                           "socket : /dev/null (seuls les fichiers ordinaires sont lus)")


def test_the_french_workbook_of_a_siting_says_its_sheets_in_french(tmp_path):
    """`eitflow site --excel --lang fr`: an incinerator's heat (20 GWh/yr at 90 degC) and a plot
    beside it where a 1 ha greenhouse (the catalogue's 3,000 MWh/yr at 55 degC) may go. The
    placements, ranking and reasons sheets were written as the CSV files hold them, in English
    with codes: 'heat from UVE (3,000 MWh/yr)', 'in the plan', 'placed', '1 of at most 1'. The
    report's words are wanted (the CSV files keep the English)."""
    import openpyxl
    from click.testing import CliRunner

    from eitflow.cli.main import main

    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nUVE,Incinérateur,47.0,5.0\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                        "UVE,supply,heat,20,GWh/yr,90,0\n", encoding="utf-8")
    (tmp_path / "plots.csv").write_text("plot_id,name,lat,lon,area_ha\nP,Lot de la gare,47.0,5.0,10\n",
                                        encoding="utf-8")
    (tmp_path / "activities.csv").write_text("activity_id,name,template,size\nSERRE,Serre,greenhouse,1\n",
                                             encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: serre\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                                            "activities: activities.csv\nsolver: {time_limit_s: 20}\n",
                                            encoding="utf-8")
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["site", str(tmp_path / "scenario.yaml"), "--out", str(out), "--excel",
                                  "--lang", "fr"])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out / "results.xlsx")

    def column(sheet: str, header: str) -> list:
        rows = list(wb[sheet].iter_rows(values_only=True))
        j = list(rows[0]).index(header)
        return [str(row[j]).replace("\u202f", " ").replace("\xa0", " ") for row in rows[1:]]

    assert column("implantations", "échanges") == ["chaleur venant d'Incinérateur (3 000 MWh/an)"]
    assert column("classement des parcelles", "méthode") == ["dans le meilleur plan"]
    assert column("activités et motifs", "motif") == ["implantée"]
    assert column("activités et motifs", "détail") == ["1 sur 1 au plus"]
    # the CSV files keep the codes and the English
    assert pd.read_csv(out / "placements.csv")["exchanges"].tolist() == ["heat from UVE (3,000 MWh/yr)"]
    assert pd.read_csv(out / "activity_reasons.csv")["reason"].tolist() == ["placed"]
