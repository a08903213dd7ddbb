"""`write_run` from Python names its own arguments when it refuses a destination; the
command line keeps naming its options (--out, --force)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import write_scenario
from eitflow.cli.main import main
from eitflow.results.target import RunExistsError, TargetError


def _result():
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows))


def test_write_run_names_its_arguments(tmp_path):
    res = _result()
    out = eitflow.write_run(res, tmp_path / "run")
    with pytest.raises(RunExistsError) as exc:
        eitflow.write_run(res, out)
    assert str(exc.value) == f"{out} already exists and is not empty; choose another out or pass force=True"
    user = tmp_path / "mine"
    user.mkdir()
    (user / "notes.txt").write_text("mine")
    with pytest.raises(TargetError) as exc:
        eitflow.write_run(res, user, force=True)
    assert str(exc.value) == (f"{user} is not an eitflow run directory (no summary.json written by eitflow): "
                              "force=True replaces only run directories; choose another out")
    with pytest.raises(TargetError) as exc:
        eitflow.write_run(res, user / "notes.txt", force=True)
    assert "(not even with force=True)" in str(exc.value)
    for e in ("--out", "--force"):
        assert e not in str(exc.value)
    assert eitflow.write_run(res, out, force=True) == out


def test_the_command_line_keeps_its_options(tmp_path):
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["run", str(scen), "--out", str(out)]).exit_code == 0
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(out)])
    assert res.exit_code == 2
    assert f"{out} already exists and is not empty; choose another --out or pass --force" in res.output


def test_a_sweep_directory_held_by_another_client_names_the_argument(tmp_path):
    from eitflow.sweep.store import Store, SweepLockedError

    holder = Store(tmp_path / "sweep")
    holder.lock()
    try:
        with pytest.raises(SweepLockedError) as exc:
            Store(tmp_path / "sweep").lock()                 # run_sweep(..., out=...) from Python
        assert str(exc.value).endswith("; wait for it or use another out")
        with pytest.raises(SweepLockedError) as exc:
            Store(tmp_path / "sweep").lock("--out")          # eitflow sweep ... --out
        assert str(exc.value).endswith("; wait for it or use another --out")
    finally:
        holder.unlock()


def test_a_french_run_is_refused_its_destination_in_french(tmp_path):
    """`eitflow run --lang fr` (or a scenario with `lang: fr`) said "error: ... already exists
    and is not empty; choose another --out or pass --force" in English inside a French frame;
    the destination's refusals are now said in the run's language (the options keep their
    names)."""
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["run", str(scen), "--out", str(out)]).exit_code == 0
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(out), "--lang", "fr"])
    assert res.exit_code == 2
    assert f"{out} existe déjà et n'est pas vide ; choisissez un autre --out ou passez --force" in res.output
    assert "already exists" not in res.output
    user = tmp_path / "mine"
    user.mkdir()
    (user / "notes.txt").write_text("mine")
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(user), "--force", "--lang", "fr"])
    assert (f"{user} n'est pas un dossier de résultats d'eitflow (aucun summary.json écrit par eitflow) : --force ne "
            "remplace que des dossiers de résultats ; choisissez un autre --out") in res.output, res.output
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(user / "notes.txt"), "--lang", "fr"])
    assert f"{user / 'notes.txt'} est un fichier, pas un dossier de résultats : eitflow ne le remplace jamais " \
           "(pas même avec --force)" in res.output, res.output
    # the scenario's own language, without --lang
    fr = tmp_path / "scen" / "scenario.yaml"
    fr.write_text("lang: fr\n" + fr.read_text(encoding="utf-8"), encoding="utf-8")
    res = CliRunner().invoke(main, ["run", str(fr), "--out", str(out)])
    assert f"{out} existe déjà et n'est pas vide" in res.output, res.output
