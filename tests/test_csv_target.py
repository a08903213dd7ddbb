"""The analyses' `--csv` tables never written over what the command reads, a directory, a
non-CSV file or another table. `eitflow pareto SCEN --csv SCEN_DIR/sites.csv` wrote the front
over the scenario's sites table and `eitflow compare A B --csv A/matches.csv` over run A's
exchanges, both saying 'wrote'; `--csv DIR` and a path under a file ended in a traceback after
the solves. Each is now refused (exit 2) naming the file and the option, the file untouched."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TWO_SITES_CSV
from eitflow.cli.main import main

FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
         "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,1000,MWh/yr,60,50\n")


@pytest.fixture()
def scen(tmp_path: Path) -> Path:
    d = tmp_path / "scen"
    d.mkdir()
    (d / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (d / "flows.csv").write_text(FLOWS, encoding="utf-8")
    (d / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    return d / "scenario.yaml"


def _invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def _run(scen: Path, out: Path) -> Path:
    res = _invoke("run", scen, "--out", out)
    assert res.exit_code == 0, res.output
    return out


def test_a_table_over_the_scenarios_own_input_is_refused(scen):
    sites = scen.parent / "sites.csv"
    before = sites.read_bytes()
    res = _invoke("pareto", scen, "--points", "2", "--csv", sites, "--out", scen.parent.parent)
    assert res.exit_code == 2, res.output
    assert f"error: {sites} is a file this command reads" in res.output and "choose another --csv" in res.output
    assert sites.read_bytes() == before
    res = _invoke("explain", scen, "--csv", scen, "--lang", "fr")   # scenario.yaml itself, in French
    assert res.exit_code == 2 and f"erreur : {scen} est un fichier que cette commande lit" in res.output, res.output


def test_a_table_over_a_compared_runs_file_is_refused(scen, tmp_path):
    a, b = _run(scen, tmp_path / "a"), _run(scen, tmp_path / "b")
    for target in (a / "matches.csv", b / "inputs" / "flows.csv"):
        before = target.read_bytes()
        res = _invoke("compare", a, b, "--csv", target)
        assert res.exit_code == 2 and f"error: {target} is a file this command reads" in res.output, res.output
        assert target.read_bytes() == before
    res = _invoke("explain", a, "--csv", a / "summary.json")   # a run directory read as SCENARIO
    assert res.exit_code == 2 and "is a file this command reads" in res.output, res.output


def test_a_directory_or_a_path_under_a_file_is_said_not_a_traceback(scen, tmp_path):
    (tmp_path / "adir").mkdir()
    res = _invoke("explain", scen, "--csv", tmp_path / "adir")
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert f"error: {tmp_path / 'adir'} is a directory: --csv names the file to write" in res.output, res.output
    under = scen.parent / "sites.csv" / "x.csv"
    res = _invoke("zones", scen, "--flows-csv", under)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert f"cannot create {under}: {scen.parent / 'sites.csv'} is a file, not a directory" in res.output


def test_another_table_or_a_file_that_is_no_csv_is_kept(scen, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("budget,2027\nheat,120000\n", encoding="utf-8")
    res = _invoke("explain", scen, "--csv", notes)
    assert res.exit_code == 2, res.output
    assert f"error: {notes} already exists and holds another table (its columns: budget, 2027)" in res.output
    assert notes.read_text(encoding="utf-8") == "budget,2027\nheat,120000\n"
    doc = tmp_path / "note.md"
    doc.write_text("# mes notes\n", encoding="utf-8")
    res = _invoke("explain", scen, "--csv", doc)
    assert res.exit_code == 2 and f"error: {doc} already exists and is not a CSV file" in res.output, res.output
    assert doc.read_text(encoding="utf-8") == "# mes notes\n"


def test_the_same_table_written_again_replaces_it(scen, tmp_path):
    out = tmp_path / "explain.csv"
    for _ in range(2):   # the way people re-run a command: same columns, replaced
        res = _invoke("explain", scen, "--csv", out)
        assert res.exit_code == 0 and f"wrote {out} (2 rows)" in res.output, res.output
    assert out.read_text(encoding="utf-8").startswith("flow_id,")


def test_paretos_plots_under_a_file_are_said_before_the_solves(scen):
    under = scen.parent / "sites.csv" / "plots"
    res = _invoke("pareto", scen, "--points", "2", "--out", under)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert res.output.startswith(f"error: cannot create {under}: {scen.parent / 'sites.csv'} is a file"), res.output


def test_report_out_keeps_a_users_page_and_says_a_path_under_a_file(scen, tmp_path):
    run = _run(scen, tmp_path / "run")
    page = tmp_path / "mon_travail.html"
    page.write_text("<html><body>notes pour le conseil</body></html>", encoding="utf-8")
    res = _invoke("report", run, "--out", page)
    assert res.exit_code == 2, res.output
    assert f"error: {page} already exists and is not a report eitflow wrote" in res.output, res.output
    assert page.read_text(encoding="utf-8") == "<html><body>notes pour le conseil</body></html>"
    under = run / "summary.json" / "r.html"   # was 'error: run/summary.json: File exists'
    res = _invoke("report", run, "--out", under)
    assert res.exit_code == 2 and f"cannot create {under}: {run / 'summary.json'} is a file" in res.output, res.output
    mine = tmp_path / "rapport.html"
    for _ in range(2):   # eitflow's own page, written again: replaced
        res = _invoke("report", run, "--out", mine)
        assert res.exit_code == 0 and f"wrote {mine}" in res.output, res.output
