"""`resilience` where eitflow generates the corridors: each closure re-solved over the plan's
candidate corridors, and as a fresh run would solve it (the scenario without the company, its
corridors generated anew). Before, only the first was computed and the output said the second
could differ (ludres_backbone with Delaunay corridors: the steelworks' closure 70,961 EUR/yr
over the plan's corridors, 58,034 EUR/yr in a run without it)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import eitflow
from eitflow.analyses.resilience import resilience
from eitflow.cli.main import main
from test_resilience_stranded import GEN_FLOWS, GEN_SITES, _line

YAML = ("name: t\nsites: sites.csv\nflows: flows.csv\ncarbon_price_eur_per_t: 0\nsolver: {mip_gap: 0.0}\n"
        "networks:\n  heat: {temperature_c: 90, generate: delaunay, max_length_km: 5}\n")


def _write(d, sites, flows):
    d.mkdir()
    sites.to_csv(d / "sites.csv", index=False)
    flows.to_csv(d / "flows.csv", index=False)
    (d / "scenario.yaml").write_text(YAML, encoding="utf-8")
    return d / "scenario.yaml"


def _run_objective(path, out) -> float:
    """`eitflow run` on a scenario file: its summary.json objective (EUR/yr)."""
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return float(json.loads((out / "summary.json").read_text(encoding="utf-8"))["objective"])


def test_a_closure_on_generated_corridors_gives_the_fresh_runs_loss(tmp_path):
    """S, M, D, X of test_resilience_stranded: the plan brings S's heat to M and D over S-M and
    M-D (Delaunay over the four places has no S-D edge). M closes: over the plan's corridors
    S's heat still reaches D by S-M-D (2 corridors); a run without M triangulates S, D, X and
    joins S to D directly, a shorter route, so it loses less. The fresh loss is checked against
    `eitflow run` on the files themselves: the scenario, then the scenario with M's row and flow
    deleted (objective with M - objective without M); before, there was no such column."""
    full = _run_objective(_write(tmp_path / "full", GEN_SITES, GEN_FLOWS), tmp_path / "run_full")
    closed = _run_objective(_write(tmp_path / "no_m", GEN_SITES[GEN_SITES["site_id"] != "M"],
                                   GEN_FLOWS[GEN_FLOWS["site_id"] != "M"]), tmp_path / "run_no_m")
    scen = eitflow.read_scenario(tmp_path / "full" / "scenario.yaml")
    r = resilience(scen)   # fresh by default: the corridors are generated
    row = r.set_index("site_id").loc["M"]
    assert row["objective_lost_fresh"] == pytest.approx(full - closed, rel=1e-9, abs=1e-6)
    assert row["status_fresh"] == "optimal"
    # the two differ here (S-D is 2 km, S-M-D 2.0025 km plus a second corridor's fixed cost):
    # the plan's corridors lose more
    assert row["objective_lost"] > row["objective_lost_fresh"] + 1
    assert r.attrs["fresh_differs"] == ["M"]
    # the command says both, in the run's language
    out = CliRunner().invoke(main, ["resilience", str(tmp_path / "full" / "scenario.yaml"), "--lang", "fr"],
                             env={"COLUMNS": "200"}, catch_exceptions=False).output
    flat = " ".join(out.split())
    assert "Les deux pertes diffèrent pour : Mairie :" in flat, out
    assert "dans un calcul sans l'entreprise." in flat
    # --no-fresh: the plan's corridors alone, and the note says how to get the other
    plain = resilience(scen, fresh=False)
    assert "objective_lost_fresh" not in plain.columns and "fresh_differs" not in plain.attrs


def test_given_corridors_are_not_solved_twice_unless_asked():
    """All corridors given (corridors.csv): a fresh run builds the same candidates less the
    company's, so the default solves each closure once; asked, both losses agree."""
    assert "objective_lost_fresh" not in resilience(_line(3)).columns
    r = resilience(_line(3), fresh=True)
    assert (r["objective_lost"] - r["objective_lost_fresh"]).abs().max() < 1e-6
    assert r.attrs["fresh_differs"] == []


def test_a_fresh_loss_of_nothing_reads_zero():
    """The fresh loss is the difference of two whole-scenario objectives, each a sum over its
    components: a closure that loses nothing read '-0,0000000019 €/an' (fos_siting's
    network.yaml, Kerneos). By hand: 10,000,000 - 10,000,000.000000002 is rounding (2e-9 EUR/yr,
    2e-16 of the objective): 0; 10,000,000 - 9,999,999.5 is a real 0.5 EUR/yr; no plan: NaN."""
    from types import SimpleNamespace

    from eitflow.analyses.closure import fresh_loss

    run = lambda obj: SimpleNamespace(summary={"objective": obj})  # noqa: E731
    assert fresh_loss(1e7, run(1e7 + 2e-9)) == 0.0
    assert fresh_loss(1e7, run(9_999_999.5)) == pytest.approx(0.5)
    assert fresh_loss(1e7, run(None)) != fresh_loss(1e7, run(None))   # NaN
