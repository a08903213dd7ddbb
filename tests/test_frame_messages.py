"""Problems found in DataFrames given to `scenario_from_frames` name the DataFrame the user
gave, not a CSV file that does not exist; a scenario read from CSV files says, byte for byte,
what it always said."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.errors import ScenarioError

SITES = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
FLOWS = pd.DataFrame({"site_id": ["UVE", "SERREZ"], "direction": ["supply", "demand"],
                      "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                      "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
# a link to a site that does not exist, and one from a site without a heat supply
LINKS = pd.DataFrame({"source_site": ["UVE", "SERRES"], "sink_site": ["NOPE", "UVE"],
                      "supply_resource": ["heat", "heat"]})
CORRIDORS = pd.DataFrame({"resource": ["heat"], "from": ["UVE"], "to": ["J9"]})


def _problems(call) -> list:
    with pytest.raises(ScenarioError) as exc:
        call()
    return exc.value.problems


def _frames():
    return _problems(lambda: eitflow.scenario_from_frames(SITES, FLOWS, links=LINKS))


def test_frames_name_the_dataframe_not_a_csv_file():
    probs = _frames()
    text = [str(p) for p in probs]
    assert "flows, row 3, column 'site_id': unknown site (not in the sites DataFrame) 'SERREZ' " \
           "(did you mean 'SERRES'?)" in text
    assert any(t.startswith("links, row 2, column 'sink_site': unknown site (not in the sites DataFrame) 'NOPE'")
               for t in text)
    assert "links, row 3, column 'source_site': no supply flow of this resource at the source site in the flows " \
           "DataFrame" in text
    assert not any(".csv" in t for t in text), text
    fr = [p.say("fr") for p in probs]
    assert any("site inconnu (absent de la table sites (DataFrame)) : 'SERREZ'" in t for t in fr), fr
    assert any("dans la table flows (DataFrame)" in t for t in fr), fr
    assert "links, ligne 3, colonne 'sink_site' : aucune demande de cette ressource sur le site preneur dans la table " \
           "flows (DataFrame)" in fr
    assert not any(".csv" in t for t in fr), fr


def test_frames_corridor_end_names_the_dataframes():
    flows = FLOWS.assign(site_id=["UVE", "SERRES"])
    probs = _problems(lambda: eitflow.scenario_from_frames(SITES, flows, corridors=CORRIDORS,
                                                           networks={"heat": {"temperature_c": 90}}))
    text = [str(p) for p in probs]
    assert any("unknown site, hub or junction (not in the sites DataFrame, the hubs DataFrame or the junctions "
               "DataFrame) 'J9'" in t for t in text), text
    assert not any(".csv" in t for t in text), text


def test_csv_files_say_what_they_always_said(tmp_path):
    SITES.to_csv(tmp_path / "sites.csv", index=False)
    FLOWS.to_csv(tmp_path / "flows.csv", index=False)
    LINKS.to_csv(tmp_path / "links.csv", index=False)
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\nlinks: links.csv\n")
    probs = _problems(lambda: eitflow.read_scenario(tmp_path / "scenario.yaml"))
    text = [str(p) for p in probs]
    assert "flows.csv, row 3, column 'site_id': unknown site (not in sites.csv) 'SERREZ' " \
           "(did you mean 'SERRES'?)" in text
    assert any(t.startswith("links.csv, row 2, column 'sink_site': unknown site (not in sites.csv) 'NOPE'")
               for t in text)
    fr = [p.say("fr") for p in probs]
    assert any("site inconnu (absent de sites.csv) : 'SERREZ'" in t for t in fr), fr
    assert "links.csv, row 3, column 'sink_site': no demand flow of this resource at the sink site in flows.csv" in text
    assert "links.csv, ligne 3, colonne 'sink_site' : aucune demande de cette ressource sur le site preneur dans " \
           "flows.csv" in fr


def test_a_workbook_names_its_sheet(tmp_path):
    import openpyxl

    from eitflow.io.template import write_template

    book = write_template(tmp_path / "park", excel=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["flows"]
    ws.cell(row=2, column=[c.value for c in ws[1]].index("site_id") + 1).value = "NOSUCH"
    wb.save(book)
    text = [str(p) for p in _problems(lambda: eitflow.read_scenario(book))]
    assert text == ["scenario.xlsx:flows, row 2, column 'site_id': unknown site (not in scenario.xlsx:sites) 'NOSUCH'"]
