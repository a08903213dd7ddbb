"""Progress bars outside a terminal (a log file, CI, a pipe): whole lines, never a carriage
return, in the run's language (`eitflow.progress`). tqdm wrote each redraw after a '\\r', so
a log of `eitflow resilience` held one line of thousands of characters, and the solver's bar
said "solving components" in a French run."""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_plain_lines_at_each_tenth():
    from eitflow.progress import PlainBar

    out = io.StringIO()
    bar = PlainBar(25, "closures", unit="site", stream=out)
    for _ in range(25):
        bar.update(1)
    bar.close()
    bar.close()   # a second close writes nothing more
    text = out.getvalue()
    assert "\r" not in text
    counts = [int(line.split()[1].split("/")[0]) for line in text.splitlines()]
    # n * 10 // 25 steps up at n = 3, 5, 8, 10, 13, 15, 18, 20, 23 (by hand), the end at 25
    assert counts == [0, 3, 5, 8, 10, 13, 15, 18, 20, 23, 25]
    assert all(line.startswith("closures ") and " site [" in line for line in text.splitlines())


def test_a_terminal_gets_tqdm_and_nothing_when_off():
    import tqdm

    from eitflow.progress import NoBar, progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(progress_bar(3, "x", stream=Tty()), tqdm.tqdm)
    assert isinstance(progress_bar(3, "x", enabled=False), NoBar)


def test_resilience_log_has_whole_lines(capsys):
    """`eitflow resilience` into a log: the count of closures on whole lines, first 0/N, last N/N,
    N the number of companies in its table (one row a company that had an exchange)."""
    from eitflow import read_scenario
    from eitflow.analyses.resilience import resilience

    scen = read_scenario(ROOT / "scenarios" / "zae_example" / "scenario.yaml")
    df = resilience(scen, lang="fr", progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("fermetures (entreprise par entreprise) faites :")]
    n = len(df)
    assert n > 5
    assert lines[0].split(" : ")[1].startswith(f"0/{n} ") and lines[-1].split(" : ")[1].startswith(f"{n}/{n} ")
    assert len(lines) <= 12


def test_the_solver_bar_speaks_the_run_language(capsys, monkeypatch):
    """Twelve separate pairs of sites, each its own batch (batches of one link): the solver
    shows its bar, in French."""
    import pandas as pd

    import eitflow.solve.decompose as decompose

    monkeypatch.setattr(decompose, "BATCH_LINKS", 1)

    from eitflow import optimise
    from eitflow.io.assemble import scenario_from_frames

    sites, flows = [], []
    for k in range(12):
        x = 2.0 + k * 0.5   # 0.5 degrees apart: far beyond the 5 km heat radius, one batch each
        sites += [{"site_id": f"S{k}", "name": f"source {k}", "lat": 45.0, "lon": x},
                  {"site_id": f"D{k}", "name": f"sink {k}", "lat": 45.0, "lon": x + 0.01}]
        flows += [{"site_id": f"S{k}", "direction": "supply", "resource": "heat", "amount": 30000,
                   "unit": "MWh/yr", "temperature_c": 120},
                  {"site_id": f"D{k}", "direction": "demand", "resource": "heat", "amount": 20000,
                   "unit": "MWh/yr", "temperature_c": 60, "price_eur_per_unit": 50}]
    scen = scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), name="douze paires", lang="fr",
                                max_distance_km={"heat": 5.0})
    result = optimise(scen, progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err
    assert "résolution des composantes 12/12 lots [" in err, err
    assert "solving components" not in err
    assert len(result.matches) == 12   # 30,000 MWh/yr at 0.8 km: every pair pays
