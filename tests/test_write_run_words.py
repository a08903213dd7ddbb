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
