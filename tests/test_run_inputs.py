"""A run directory's inputs/ holds the scenario's files under their keys' names
(inputs/sites.csv, inputs/zones.geojson), whatever the scenario called them; the copied
scenario is read from there as the original was. Before, a scenario naming `mes_sites.csv`
or `data/flows.csv` gave an inputs/scenario.yaml that could not be read ("file not found:
inputs/mes_sites.csv"), though `eitflow run RUN` points the user to it, and an outline named
`zae.json` never reached the report's map (the report looked for inputs/zones.geojson only)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example"


def _renamed(tmp_path: Path) -> Path:
    """zae_example with its files under other names, one in a sub-folder, sites and flows'
    names swapped (sites: flows.csv): the copy must follow the keys, not the names."""
    d = tmp_path / "parc"
    (d / "data").mkdir(parents=True)
    shutil.copy(EXAMPLE / "sites.csv", d / "flows.csv")
    shutil.copy(EXAMPLE / "flows.csv", d / "data" / "sites.csv")
    shutil.copy(EXAMPLE / "zones.geojson", d / "contour zae.json")
    text = (EXAMPLE / "scenario.yaml").read_text(encoding="utf-8")
    text = (text.replace("sites: sites.csv", "sites: flows.csv").replace("flows: flows.csv", "flows: data/sites.csv")
            .replace("zones: zones.geojson", "zones: 'contour zae.json'   # the park's outline"))
    (d / "scenario.yaml").write_text(text, encoding="utf-8")
    return d / "scenario.yaml"


def _same(a, b) -> None:
    for name in ("sites", "flows"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.params == b.params


def test_the_copied_scenario_reads_its_copies_whatever_the_names(tmp_path):
    path = _renamed(tmp_path)
    scen = eitflow.read_scenario(path)
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    inputs = tmp_path / "run" / "inputs"
    assert sorted(p.name for p in inputs.iterdir()) == ["flows.csv", "scenario.yaml", "sites.csv", "zones.json"]
    copy = eitflow.read_scenario(inputs / "scenario.yaml")
    _same(scen, copy)
    assert copy.files == {"sites": inputs / "sites.csv", "flows": inputs / "flows.csv", "zones": inputs / "zones.json"}
    # the user is pointed to it: it runs, to the same optimum (15,063,908.64 EUR/yr, README)
    again = CliRunner().invoke(main, ["run", str(inputs / "scenario.yaml"), "--out", str(tmp_path / "again")])
    assert again.exit_code == 0 and "15,063,908.64 EUR/yr" in again.output, again.output


def test_an_outline_of_another_suffix_reaches_the_map_of_the_run(tmp_path):
    path = _renamed(tmp_path)
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    shapes = eitflow.read_run(tmp_path / "run").zone_shapes
    assert [z["name"] for z in shapes or []] == ["ZAE des Hauts de Sambre"]


def test_a_copied_workbook_reads_the_runs_copy_of_its_outline(tmp_path):
    """A workbook's parameters sheet names `contour.geojson`; the run's copy is
    inputs/zones.geojson, and the copied workbook reads it (the original may be gone)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sites = pd.read_csv(EXAMPLE / "sites.csv", dtype=str, keep_default_na=False)
    flows = pd.read_csv(EXAMPLE / "flows.csv", dtype=str, keep_default_na=False)
    for name, frame in (("sites", sites), ("flows", flows)):
        ws = wb.create_sheet(name)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([_cell(v) for v in row])
    ws = wb.create_sheet("parameters")
    for row in (("key", "value"), ("name", "parc"), ("zones", "contour.geojson")):
        ws.append(list(row))
    d = tmp_path / "parc"
    d.mkdir()
    wb.save(d / "parc.xlsx")
    shutil.copy(EXAMPLE / "zones.geojson", d / "contour.geojson")
    res = CliRunner().invoke(main, ["run", str(d / "parc.xlsx"), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    shutil.rmtree(d)
    inputs = tmp_path / "run" / "inputs"
    copy = eitflow.read_scenario(inputs / "scenario.xlsx")
    assert copy.files == {"zones": inputs / "zones.geojson"}
    assert [z["name"] for z in eitflow.read_run(tmp_path / "run").zone_shapes or []] == ["ZAE des Hauts de Sambre"]


def _cell(v: str):
    """A CSV cell as a spreadsheet holds it: a number as a number."""
    try:
        return float(v) if v.strip() else None
    except ValueError:
        return v
