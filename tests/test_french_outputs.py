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
