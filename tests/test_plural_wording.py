"""Counts said in the number they take, where the number is known: no "(s)", "(x)" or "(nt)"
left in what eitflow says, in French or in English (the months an infeasible demand is short
in; the sweep's lines and report), and French runs said in French to the end (the stop
message, the message column of a sweep's results.csv)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.results.summary import summary_message

SITES = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
FLAT = ";".join(["0.0833"] * 11 + ["0.0837"])


def _short_in(months: list[int]) -> dict:
    """summary of a run whose required demand (12,000 MWh/yr) is short in `months` (1-12):
    its supply gives about 1,000 MWh a month; the demand wants 0.5 of its year (6,000 MWh) in
    a month that is alone, 0.3 (3,600) in each of two, and under 500 in every other month."""
    share = {1: 0.5, 2: 0.3}[len(months)]
    rest = (1 - share * len(months)) / (12 - len(months))
    profile = ";".join(f"{share if m in months else rest:.6f}" for m in range(1, 13))
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": ["heat", "heat"],
                          "amount": [12000.0, 12000.0], "unit": "MWh/yr", "temperature_c": [130.0, 70.0],
                          "price_eur_per_unit": [0.0, 60.0], "monthly_profile": [FLAT, profile],
                          "required": [False, True]})
    res = optimise(scenario_from_frames(SITES, flows, solver={"mip_gap": 0}))
    assert res.status == "infeasible"
    return res.summary


@pytest.mark.parametrize("months, en, fr", [([3], " in month 3,", " au mois 3,"),
                                            ([3, 4], " in months 3, 4,", " aux mois 3, 4,")])
def test_the_months_a_demand_is_short_in(months, en, fr):
    s = _short_in(months)
    said_en, said_fr = s["message"], summary_message(s, "fr")
    assert en in said_en and fr in said_fr, (said_en, said_fr)
    assert "(s)" not in said_en and "(x)" not in said_fr


# a base whose FOOD heat demand (12,000 MWh/yr) is required: with the incinerator's 30 GWh/yr
# of heat it is met; at availability.heat 0.1 (3,000 MWh/yr) it cannot be, and the run is
# infeasible with eitflow's diagnosis as its message
REQUIRED_FLOWS = """\
site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,required
UVE,supply,heat,30,GWh/yr,130,0,
FOOD,demand,heat,12000,MWh/yr,90,45,true
GREEN,demand,heat,9000,MWh/yr,60,40,
POWER,supply,fgd_gypsum,20,kt/yr,,15,
PLAST,demand,gypsum,15000,t/yr,,20,
"""


def _sweep_dir(tmp_path, lang: str, grid: str):
    from conftest import SCENARIO_YAML, write_scenario

    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + ("lang: fr\n" if lang == "fr" else ""),
                   flows=REQUIRED_FLOWS)
    p = tmp_path / "sweep.yaml"
    p.write_text(f"base: scen/scenario.yaml\ngrid:\n{grid}", encoding="utf-8")
    return p


def _sweep_cli(*args) -> str:
    from click.testing import CliRunner

    from eitflow.cli.sweep import sweep_cmd

    r = CliRunner().invoke(sweep_cmd, [str(a) for a in args])
    assert r.exit_code in (0, 1) and "Traceback" not in r.output, r.output
    return r.output


@pytest.mark.parametrize("lang, line, again, status, unsolved, lead", [
    ("fr", "2 calculs (2 résolus maintenant, 0 repris) : 1 infaisable, 1 optimal ; table : ",
     "2 calculs (0 résolu maintenant, 2 repris) : 1 infaisable, 1 optimal ; table : ",
     "2 calculs : 1 infaisable, 1 optimal", "1 calcul sans solution est écarté des figures.", "2 calculs sur scen ;"),
    ("en", "2 runs (2 solved now, 0 resumed): 1 infeasible, 1 optimal; table: ",
     "2 runs (0 solved now, 2 resumed): 1 infeasible, 1 optimal; table: ",
     "2 runs: 1 infeasible, 1 optimal", "1 run has no solution and is left out of the figures.", "2 runs of scen;"),
])
def test_a_sweeps_counts_take_their_number(tmp_path, lang, line, again, status, unsolved, lead):
    """One run optimal, one infeasible (worked out above): each count in its number, in the
    line the sweep prints (and again when it resumes) and in its report. Before: '1 calculs
    sans solution sont écartés', '2 optimal' in French."""
    sweep = _sweep_dir(tmp_path, lang, "  availability.heat: [1, 0.1]\n")
    out = tmp_path / "out"
    assert line in _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    assert again in _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert status in html and unsolved in html and lead in html


def test_more_sweep_counts_in_french(tmp_path):
    """The last lines of a dry run over 41 runs (40 listed: '1 autre calcul'), all optimal
    ('4 optimaux'), and the report's count of exchanges."""
    from eitflow.cli.sweep import DRY_ROWS

    assert DRY_ROWS == 40
    sweep = _sweep_dir(tmp_path, "fr", "  carbon_price_eur_per_t: [" + ", ".join(str(i) for i in range(41)) + "]\n")
    said = _sweep_cli(sweep, "--out", tmp_path / "dry", "--dry-run")
    assert "... et 1 autre calcul (chaque calcul est dans plan.csv" in said
    sweep = _sweep_dir(tmp_path, "fr", "  carbon_price_eur_per_t: [0, 100]\n  availability.heat: [1, 0.9]\n")
    out = tmp_path / "out"
    assert "4 calculs (4 résolus maintenant, 0 repris) : 4 optimaux ; table : " in _sweep_cli(
        sweep, "--out", out, "--workers", "0", "-q")
    n = len(pd.read_csv(out / "frequency.csv"))
    assert n > 1 and f"sur {n} échanges retenus au moins une fois" in (out / "report.html").read_text(encoding="utf-8")


def test_a_french_sweeps_results_say_the_message_in_french(tmp_path):
    """results.csv's message column said an infeasible run's diagnosis in English in a French
    sweep; it is said in the sweep's language, with the English figures (summary.json keeps
    the English and its facts), whether the row was made as the run finished or read back
    from the run's directory on resume."""
    from test_message_facts import _numbers

    sweep = _sweep_dir(tmp_path, "fr", "  availability.heat: [1, 0.1]\n")
    out = tmp_path / "out"
    _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    res = pd.read_csv(out / "results.csv", keep_default_na=False)
    bad = res[res["status"] == "infeasible"]
    assert len(bad) == 1
    said = bad["message"].iat[0]
    english = json.loads((out / "runs" / bad["run_id"].iat[0] / "summary.json").read_text())["message"]
    assert said.startswith("la demande obligatoire ") and "required demand" not in said, said
    assert english.startswith("required demand ") and _numbers(said, "fr") == _numbers(english, "en")
    # read back on resume: the journal lost, the row is made again from the run directory
    (out / "results.csv").unlink()
    _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    assert pd.read_csv(out / "results.csv", keep_default_na=False)["message"].tolist() == res["message"].tolist()


def test_a_french_run_is_stopped_in_french(tmp_path):
    """Ctrl-C on a French run printed 'eitflow: stopped by SIGINT; ...' in English: the line is
    said in the run's language once the command knows it (the English as before)."""
    import signal

    from click.testing import CliRunner

    from conftest import SCENARIO_YAML, write_scenario
    from eitflow.cli.common import STATE, guard_process, stopped_message
    from eitflow.cli.main import main

    guard_process()
    assert stopped_message(signal.SIGINT) == ("eitflow: stopped by SIGINT; nothing was written (its temporary "
                                              "files and solver processes were removed)")
    guard_process(tmp_path / "o", "fr")
    assert stopped_message(signal.SIGTERM) == ("eitflow : arrêté par SIGTERM ; rien n'a été écrit dans "
                                               f"{tmp_path / 'o'} (ses fichiers temporaires et les processus du "
                                               "solveur ont été supprimés)")
    # a run of a scenario whose lang is fr (no --lang): its language is known once it is read
    scen = write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "lang: fr\n")
    r = CliRunner().invoke(main, ["run", str(scen), "--out", str(tmp_path / "run")])
    assert r.exit_code == 0, r.output
    assert STATE["lang"] == "fr"
    assert stopped_message(signal.SIGINT) == (f"eitflow : arrêté par SIGINT ; {tmp_path / 'run'} a été écrit avant "
                                              "le signal (ses fichiers temporaires et les processus du solveur ont "
                                              "été supprimés)")
    # a sweep says what it wrote, its runs counted
    STATE["stopped"] = lambda: "1 calcul est écrit dans out, en entier"
    assert stopped_message(signal.SIGINT) == "eitflow : arrêté par SIGINT ; 1 calcul est écrit dans out, en entier"
    guard_process()


@pytest.mark.parametrize("lang, said", [
    ("fr", "1 calcul est écrit dans {out}, en entier ; la même commande reprend le balayage"),
    ("en", "1 run is written in {out}, whole; the same command resumes the sweep"),
])
def test_a_stopped_sweep_counts_its_runs(tmp_path, lang, said):
    from eitflow.cli.sweep import _stopped_note

    sweep = _sweep_dir(tmp_path, lang, "  carbon_price_eur_per_t: [100]\n")
    out = tmp_path / "out"
    _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    assert _stopped_note(str(out), lang) == said.format(out=out)


@pytest.mark.parametrize("lang, said", [
    ("fr", "2 sites, 1 offre, 1 demande, 1 liaison candidate (0 paire à portée écartée par les règles)"),
    ("en", "2 sites, 1 supply, 1 demand, 1 candidate link (0 pairs in range dropped by the rules)"),
])
def test_validate_counts_one_supply_and_one_demand(tmp_path, lang, said):
    """One heat supply at 130 degC and one demand at 90 degC 1.1 km apart: one candidate link,
    no pair dropped. Before: '1 offres, 1 demandes, 1 liaisons candidates (0 paires ...)'."""
    from click.testing import CliRunner

    from conftest import SCENARIO_YAML, write_scenario
    from eitflow.cli.main import main

    scen = write_scenario(tmp_path / "s", yaml_text=SCENARIO_YAML + f"lang: {lang}\n",
                          sites="site_id,name,lat,lon\nA,Incinerator,50.28,3.97\nB,Food plant,50.29,3.97\n",
                          flows="site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                "A,supply,heat,30,GWh/yr,130,0\nB,demand,heat,12000,MWh/yr,90,45\n")
    r = CliRunner().invoke(main, ["validate", str(scen)])
    assert r.exit_code == 0 and f" - {said}" in r.output, r.output


@pytest.mark.parametrize("lang, said", [
    ("fr", "les calculs écrits dans {out} n'ont pas pu être listés (OSError: connection reset) ; ceux qui sont "
           "écrits le sont en entier ; la même commande reprend le balayage"),
    ("en", "the runs written in {out} could not be listed (OSError: connection reset); those written are whole; "
           "the same command resumes the sweep"),
])
def test_a_stopped_sweep_whose_runs_cannot_be_listed_does_not_say_0(tmp_path, monkeypatch, lang, said):
    """A sweep stopped by Ctrl-C says how many runs its store holds; when listing them fails (a
    bucket unreachable, the connection reset) it said "0 runs are written", wrong: one run was
    written here. It says they could not be listed, and why (wording of messages.csv's
    sweep_stopped_unlisted)."""
    from eitflow.cli.sweep import _stopped_note
    from eitflow.sweep.store import Store

    sweep = _sweep_dir(tmp_path, lang, "  carbon_price_eur_per_t: [100]\n")
    out = tmp_path / "out"
    _sweep_cli(sweep, "--out", out, "--workers", "0", "-q")
    assert len(Store(str(out)).finished()) == 1     # one run written

    def unreachable(self):
        raise OSError("connection reset")

    monkeypatch.setattr(Store, "finished", unreachable)
    note = _stopped_note(str(out), lang)
    assert note == said.format(out=out)
    assert not note.startswith("0")
