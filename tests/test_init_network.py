"""`eitflow init --network`: the template with a shared heat network (corridors.csv,
junctions.csv, three more heat users, a `networks:` block) is a valid scenario in every form it
is written in (CSV in English and French, the workbook), the network pays against the same data
without it, and a file of the network already in the directory is not overwritten."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main


def _ok(args: list[str]):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    return res


def _objective(run) -> float:
    return json.loads((run / "summary.json").read_text(encoding="utf-8"))["objective"]


def _without_network(yaml_text: str) -> str:
    """scenario.yaml less the lines the template's README says to delete to compare."""
    out, skip = [], False
    for line in yaml_text.splitlines():
        if line.startswith(("corridors:", "junctions:")):
            continue
        if line.startswith("networks:"):
            skip = True
            continue
        if skip and line.startswith(" "):
            continue
        skip = False
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("initnet")
    _ok(["init", str(d / "en"), "--network", "--lang", "en"])
    _ok(["init", str(d / "fr"), "--network", "--lang", "fr"])
    _ok(["init", str(d / "xl"), "--network", "--excel", "--lang", "en"])
    (d / "en" / "p2p.yaml").write_text(_without_network((d / "en" / "scenario.yaml").read_text(encoding="utf-8")),
                                       encoding="utf-8")
    for name, scen in (("en", "en/scenario.yaml"), ("fr", "fr/scenario.yaml"), ("xl", "xl/scenario.xlsx"),
                       ("p2p", "en/p2p.yaml")):
        _ok(["run", str(d / scen), "--out", str(d / f"run_{name}")])
    return d


def test_init_network_writes_the_network_files(runs):
    en = runs / "en"
    yaml = (en / "scenario.yaml").read_text(encoding="utf-8")
    assert "\ncorridors: corridors.csv " in yaml and "\njunctions: junctions.csv " in yaml
    assert "\nnetworks: " in yaml and "\n    temperature_c: 90 " in yaml
    cor = pd.read_csv(en / "corridors.csv")
    assert list(cor["corridor_id"]) == ["trunk", "b_hopital", "b_lycee", "b_logts"]
    assert set(cor["from"]) | set(cor["to"]) == {"UVE", "J_NORD", "HOPITAL", "LYCEE", "LOGTS"}
    assert list(pd.read_csv(en / "junctions.csv")["junction_id"]) == ["J_NORD"]
    assert {"HOPITAL", "LYCEE", "LOGTS"} <= set(pd.read_csv(en / "sites.csv")["site_id"])
    readme = (en / "README.md").read_text(encoding="utf-8")
    assert "the candidate trenches of a shared heat network" in readme
    fr = (runs / "fr" / "README.md").read_text(encoding="utf-8")
    assert "les tronçons candidats d'un réseau de chaleur partagé" in fr
    assert "antenne vers l'hôpital (exemple)" in (runs / "fr" / "corridors.csv").read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    wb = load_workbook(runs / "xl" / "scenario.xlsx")
    assert [r[0] for r in wb["corridors"].iter_rows(min_row=2, values_only=True)] == list(cor["corridor_id"])
    params = {r[0]: r[1] for r in wb["parameters"].iter_rows(min_row=2, values_only=True)}
    assert params["networks.heat.temperature_c"] == 90


def test_the_template_network_is_built_and_pays_against_the_same_data_without_it(runs):
    run = runs / "run_en"
    s = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert s["status"] == "optimal"
    built = pd.read_csv(run / "corridors.csv")
    # the trunk carries the incinerator's heat to the junction, a branch on to each user served
    assert "trunk" in set(built["corridor_id"]) and len(built) >= 2
    m = pd.read_csv(run / "matches.csv")
    fed = set(m.loc[m["source_site"] == "network:heat", "sink_site"])
    assert fed and fed <= {"HOPITAL", "LYCEE", "LOGTS"}
    assert {f"b_{k.lower()}" for k in fed} <= set(built["corridor_id"])
    # the same data with a pipe per exchange only: the network's optimum is strictly better (it
    # may take any of the point-to-point pipes too, so it is at least as good by construction;
    # strictly, because one trench serves two users)
    assert _objective(run) > _objective(runs / "run_p2p") + 1000.0
    assert not (runs / "run_p2p" / "corridors.csv").exists()


def test_the_network_template_gives_one_optimum_in_every_form(runs):
    en = _objective(runs / "run_en")
    assert _objective(runs / "run_fr") == pytest.approx(en, rel=1e-9)
    assert _objective(runs / "run_xl") == pytest.approx(en, rel=1e-9)


def test_init_network_does_not_overwrite_a_corridors_file(tmp_path):
    d = tmp_path / "t"
    d.mkdir()
    (d / "corridors.csv").write_text("mine\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["init", str(d), "--network", "--lang", "en"])
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "corridors.csv" in res.output
    assert (d / "corridors.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (d / "scenario.yaml").exists()
    # without --network the file is none of the template's
    _ok(["init", str(d), "--lang", "en"])
    assert (d / "corridors.csv").read_text(encoding="utf-8") == "mine\n"
