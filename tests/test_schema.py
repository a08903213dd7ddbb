"""One declaration per table (`io.schema`) drives the reader, the validator, the template and
the documentation: they list exactly the same columns, and a hub's capacity unit is honoured
or refused with a located message, never silently misread."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow import read_scenario, scenario_from_frames
from eitflow.errors import ScenarioError
from eitflow.io.schema import HUBS, TABLE_KEYS, TABLES, markdown_columns, parameter_keys, update_readme
from eitflow.io.sidefiles import WORKBOOK_FILE_KEYS
from eitflow.io.template import write_template
from eitflow.io.workbook import read_workbook

ROOT = Path(__file__).resolve().parents[1]


def test_readme_column_tables_are_the_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in [*TABLES, "parameters"]:
        assert f"<!-- schema:{name} -->" in text, f"README has no generated block for {name}"
    assert update_readme(text) == text, "README is stale: run python -m eitflow.io.schema README.md"


def test_csv_template_lists_every_declared_column(tmp_path):
    write_template(tmp_path / "t")
    for name in ("sites", "flows", "links"):
        header = pd.read_csv(tmp_path / "t" / f"{name}.csv", nrows=0).columns.tolist()
        assert header == TABLES[name].names
    readme = (tmp_path / "t" / "README.md").read_text(encoding="utf-8")
    for t in TABLES.values():
        assert markdown_columns(t) in readme


def test_workbook_template_lists_every_declared_column_and_key(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_template(tmp_path, excel=True))
    for name, t in TABLES.items():
        assert [c.value for c in wb[name][1]] == t.names, name
    noted = {(r[0], r[1]) for r in wb["notes"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert {(t.name, c) for t in TABLES.values() for c in t.names} <= noted
    # every parameter; of the files scenario.yaml names, those that are not tables (the tables are sheets)
    assert {("parameters", p.key) for p in parameter_keys() if p.key not in TABLE_KEYS} <= noted
    assert {("parameters", k) for k in WORKBOOK_FILE_KEYS} <= noted
    assert not {("parameters", k) for k in TABLE_KEYS if k not in WORKBOOK_FILE_KEYS} & noted
    # every parameters key of the example is a documented key
    keys = {p.key.replace(".<resource>", ".heat") for p in parameter_keys()}
    assert {r[0] for r in wb["parameters"].iter_rows(min_row=2, values_only=True)} <= keys


def test_every_declared_column_is_read(tmp_path):
    """A scenario using every optional column of every table validates, and no column is
    reported unknown (the reader knows exactly what the schema declares)."""
    from eitflow.io.template import column_notes

    assert {(s, c) for s, c, *_ in column_notes() if s in TABLES} == \
        {(t.name, c) for t in TABLES.values() for c in t.names}


def _hub_scenario(capacity, unit=None, resources="heat"):
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.02], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [50.0, 40.0], "unit": "GWh/yr", "temperature_c": [120, 70],
                          "price_eur_per_unit": [0, 50]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.01], "lon": [4.0], "resources": [resources],
                         "capacity": [capacity], **({} if unit is None else {"unit": [unit]})})
    return scenario_from_frames(sites, flows, hubs=hubs)


def test_hub_capacity_unit_is_converted():
    assert _hub_scenario(20.0, "GWh/yr").hubs["capacity"].iat[0] == pytest.approx(20_000.0)  # MWh/yr
    assert _hub_scenario(20.0, "MW").hubs["capacity"].iat[0] == pytest.approx(20 * 8760.0)
    assert _hub_scenario(20_000.0).hubs["capacity"].iat[0] == pytest.approx(20_000.0)       # base units
    assert _hub_scenario(20_000.0, "").hubs["capacity"].iat[0] == pytest.approx(20_000.0)


def test_hub_capacity_unit_of_the_wrong_dimension_is_refused():
    with pytest.raises(ScenarioError) as e:
        _hub_scenario(20.0, "t/yr")
    msg = str(e.value)
    assert "hubs, row 2, column 'unit'" in msg and "heat (in MWh/yr)" in msg
    with pytest.raises(ScenarioError) as e:
        _hub_scenario(20.0, "GWh/yr", resources="heat;hydrogen")
    assert "row 2, column 'unit'" in str(e.value) and "hydrogen (in t/yr)" in str(e.value)


def test_hub_capacity_in_gwh_from_the_workbook_is_not_misread(tmp_path):
    """The template's hubs sheet offers a unit column: 20 GWh/yr entered there is 20,000 MWh/yr."""
    from openpyxl import load_workbook

    book = write_template(tmp_path, excel=True)
    wb = load_workbook(book)
    row = {c: "" for c in HUBS.names}
    row.update(hub_id="HUB", lat=50.285, lon=4.0, resources="heat", capacity=20, unit="GWh/yr")
    wb["hubs"].append([row[c] for c in HUBS.names])
    wb.save(book)
    hubs = read_workbook(book).hubs
    assert hubs["capacity"].iat[0] == pytest.approx(20_000.0)
    # and the same from CSV files
    d = tmp_path / "csv"
    path = write_template(d)
    pd.DataFrame([row]).to_csv(d / "hubs.csv", index=False)
    path.write_text(path.read_text() + "hubs: hubs.csv\n")
    assert read_scenario(path).hubs["capacity"].iat[0] == pytest.approx(20_000.0)


def test_cli_validate_names_the_hub_unit(tmp_path):
    from conftest import SCENARIO_YAML, write_scenario
    from eitflow.cli.main import main

    hubs = "hub_id,lat,lon,resources,capacity,unit\nH,50.28,3.97,heat,20,t/yr\n"
    path = write_scenario(tmp_path / "s", yaml_text=SCENARIO_YAML + "hubs: hubs.csv\n", extra={"hubs.csv": hubs})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2 and "hubs.csv, row 2, column 'unit'" in res.output and "Traceback" not in res.output
