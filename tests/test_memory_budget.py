"""Candidate generation under a memory budget (`candidates.budget`): the radius search in
chunks, and an early stop with a clear message -- never a MemoryError -- when the
candidates would not fit. A 1M-row flows.csv used to die with MemoryError at 3.8 GB in the
pair search."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.candidates import budget
from eitflow.candidates.generate import build_candidates
from eitflow.cli.main import main


def test_chunks_cut_where_the_counts_pass_the_limit():
    # by hand: 3+4 = 7 <= 8, +2 > 8 -> cut; 2+5 = 7, +1 = 8, +9 > 8 -> cut; 9 alone (over) ; 1
    assert budget.chunks(np.array([3, 4, 2, 5, 1, 9, 1]), limit=8) == [(0, 2), (2, 5), (5, 6), (6, 7)]
    assert budget.chunks(np.array([]), limit=8) == []
    assert budget.chunks(np.array([20]), limit=8) == [(0, 1)]


def _instance(n_sources: int = 300, n_sinks: int = 3000):
    from eitflow.bench.synthetic import clustered_heat_instance
    from eitflow.io.assemble import scenario_from_frames
    sites, flows = clustered_heat_instance(n_sources=n_sources, n_sinks=n_sinks, seed=0)
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, max_distance_km={"heat": 30.0})


def test_the_search_in_chunks_gives_the_same_candidates(monkeypatch):
    """Chunks of at most 500 pairs give exactly the candidates (and the dropped pairs, and
    each flow's count of partners in range) of one whole search."""
    scen = _instance()
    whole = build_candidates(scen)
    monkeypatch.setattr(budget, "PAIR_CHUNK", 500)
    seen = []
    real = budget.chunks
    monkeypatch.setattr(budget, "chunks", lambda c, limit=500: seen.append(r := real(c, limit)) or r)
    part = build_candidates(scen)
    assert seen and len(seen[0]) > 10  # really cut
    assert len(whole.links) > 2_000
    pd.testing.assert_frame_equal(whole.links, part.links)
    key = ["supply", "demand", "reason"]
    a = whole.dropped.sort_values(key, kind="stable").reset_index(drop=True)
    b = part.dropped.sort_values(key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    np.testing.assert_array_equal(whole.in_range, part.in_range)


def test_too_many_candidates_stop_before_solving(tmp_path, monkeypatch):
    """A budget the candidates pass: exit 2 before any solve, the message says how many,
    what to change (max_distance_km), no traceback, and nothing written."""
    from eitflow.bench.synthetic import clustered_heat_instance
    from eitflow.bench.tofiles import write_frames
    sites, flows = clustered_heat_instance(n_sources=300, n_sinks=3000, seed=0)
    path = write_frames(tmp_path / "s", sites, flows, name="dense", max_distance_km={"heat": 30.0})
    monkeypatch.setattr(budget, "PAIR_CHUNK", 2_000)
    # memory beyond the links' needs taken as nil: a budget of 2,000 links (the run has 4,013)
    monkeypatch.setattr(budget, "rss_bytes", lambda: 0)
    monkeypatch.setattr(budget, "MEMORY_BUDGET_BYTES", 2_000 * budget.BYTES_PER_LINK)
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "run")])
    assert res.exit_code == 2, res.output
    assert "too many candidate exchanges for a memory budget" in res.output
    assert "max_distance_km" in res.output and "stopped before solving" in res.output
    assert "Traceback" not in res.output and "status:" not in res.output
    assert not (tmp_path / "run").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def _million_rows(root: Path) -> Path:
    """100,000 sites spread over 6 x 7 degrees of France, ten heat flows each (1,000,000
    rows: half supplies at 90-160 degC, half demands at 60-80 degC), 10 km radius: about
    220 million pairs within range."""
    rng = np.random.default_rng(0)
    n_sites, per = 100_000, 10
    root.mkdir(parents=True)
    ids = np.char.add("S", np.arange(n_sites).astype(str))
    pd.DataFrame({"site_id": ids, "lat": rng.uniform(43.5, 49.5, n_sites).round(5),
                  "lon": rng.uniform(-0.5, 6.5, n_sites).round(5)}).to_csv(root / "sites.csv", index=False)
    n = n_sites * per
    sup = np.tile(np.arange(per) % 2 == 0, n_sites)
    pd.DataFrame({"flow_id": np.char.add("F", np.arange(n).astype(str)), "site_id": np.repeat(ids, per),
                  "direction": np.where(sup, "supply", "demand"), "resource": "heat",
                  "amount": rng.uniform(1, 50, n).round(2), "unit": "GWh/yr",
                  "temperature_c": np.where(sup, rng.choice([90, 120, 160], n), rng.choice([60, 80], n)),
                  "price_eur_per_unit": np.where(sup, 0, 45)}).to_csv(root / "flows.csv", index=False)
    (root / "scenario.yaml").write_text("name: one million flows\nsites: sites.csv\nflows: flows.csv\n"
                                        "max_distance_km: {heat: 10}\n")
    return root / "scenario.yaml"


PEAK = """
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(r.stdout[-2000:]); print(r.stderr[-2000:])
"""


@pytest.mark.slow
def test_a_million_flows_within_4_gb(tmp_path):
    """`eitflow run` on a 1,000,000-row flows.csv, in a fresh process whose peak resident
    memory (its watchdog children's included) is measured: it solves, or stops early with
    the budget's message (exit 2); either way under 4 GB and without a MemoryError."""
    path = _million_rows(tmp_path / "m")
    r = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "eitflow.cli", "run", str(path),
                        "--out", str(tmp_path / "run"), "-q", "--time-limit", "120"],
                       capture_output=True, text=True, timeout=1800)
    code, peak_kib = map(int, r.stdout.split("\n", 1)[0].split())
    out = r.stdout
    assert "MemoryError" not in out and "Traceback" not in out, out
    assert peak_kib * 1024 < 4 << 30, f"peak {peak_kib / 2**20:.2f} GiB\n{out}"
    if code == 2:
        assert "too many candidate exchanges for a memory budget of 4 GB" in out and "max_distance_km" in out, out
    else:
        assert code == 0 and (tmp_path / "run" / "summary.json").exists(), out


def test_the_budget_error_is_said_in_the_runs_language(monkeypatch):
    """The budget's message was plain English text, so a French run printed it in English: now a
    phrase, said in English and French with the figures of the call (a budget of 4,000,000 bytes
    is 0 GB to the unit, 4,013 links need 10.4 MB)."""
    monkeypatch.setattr(budget, "rss_bytes", lambda: 0)
    budget.check(4_013, 10, "heat -> heat", 2_000, 5_000, budget=2 << 30)   # fits: no error
    with pytest.raises(budget.CandidateBudgetError) as err:   # 4,013 x 2,600 bytes > 4 MB
        budget.check(4_013, 10, "heat -> heat", 2_000, 5_000, budget=4_000_000)
    en, fr = err.value.say("en"), err.value.say("fr")
    assert "too many candidate exchanges for a memory budget of 0 GB: 4,013 candidate links" in en, en
    assert "from the first 2,000 of 5,000 heat -> heat pairs" in en and "max_distance_km" in en, en
    assert "trop d'échanges candidats pour un budget mémoire de 0\u00a0Go" in fr or \
        "trop d'échanges candidats pour un budget mémoire de 0 Go" in fr, fr
    assert "4\u202f013 liaisons candidates" in fr and "des 2\u202f000 premières des 5\u202f000 paires" in fr, fr
    assert "too many" not in fr and "colonne 'max_distance_km'" in fr, fr
