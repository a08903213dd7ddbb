"""`eitflow sizes` (`analyses.sizes.catalogue_sizes`): does a linearly sized network still pay
at the catalogue's pipe sizes? Three plans of one scenario: the run, the best plan with the
catalogue's sizes on the corridors it builds, and the best with no new corridor; checked by
hand on the backbone A - B - C and against a brute force (every choice of size per corridor
and link, an LP each, written from the data: `test_network._brute_force`) on random networks.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import eitflow
from eitflow.analyses.sizes import catalogue_sizes
from eitflow.cli.main import main
from test_network import FLUID, H, _brute_force, _random_case, _scenario, links_frame
from test_network_linear import A, B, C, E, _line

LINEAR = {"networks": {"fluid": {"sizing": "linear"}}}


def test_the_backbone_by_hand():
    """The linear run (`test_network_linear.test_linear_backbone_by_hand`): 843,095.01 EUR/yr
    as the line prices it, its corridors 445,634.03 EUR/yr. They round up to L (A-B) and S
    (B-C), which is `test_network.test_one_backbone_by_hand`'s plan: at those sizes, losing
    what they lose (30 and 20 W/m, where the line said 23.1 and 18.5), it is worth
    658,678.9 EUR/yr, its corridors 620,000 + 0.5 x (14,306.6 + 6,087.6) = 630,197.1 (before
    2026-12-06 the row swapped the pipes' prices alone and kept the line's losses: 658,557.01,
    less than the same plan is worth). With the catalogue's sizes on the same two corridors
    the best plan is that one. With no corridor nothing can move (no direct link within
    0.001 km): 0."""
    sites, flows, corridors = _line()
    df = catalogue_sizes(_scenario(sites, flows, corridors, **LINEAR)).set_index("plan")
    h = 1000 * H / 1e6 / 2
    k_bc = (6000 + h * C) / (H - h * E)
    k_ab = (8000 + 2 * h * C + h * E * k_bc + H * k_bc) / (H - h * E)
    pumping = 0.5 * H * (k_ab + k_bc)
    est, cat = 2 * A * 1000 + B * 1000 * (k_ab + k_bc) + pumping, 620_000 + 0.5 * (14306.6 + 6087.6)
    assert list(df.index) == ["run", "catalogue_sizes", "no_new_corridor"]
    assert df.loc["run", "objective"] == pytest.approx(843_095.01, abs=0.01)
    assert df.loc["run", ["network_cost_eur_per_yr", "network_cost_at_catalogue_eur_per_yr"]].tolist() == \
        pytest.approx([est, cat], rel=1e-9)
    assert df.loc["run", "objective_at_catalogue"] == pytest.approx(658_678.9, abs=0.05)
    assert df.loc["catalogue_sizes", "objective"] == pytest.approx(658_678.9, abs=0.05)
    assert df.loc["catalogue_sizes", "objective_at_catalogue"] == df.loc["catalogue_sizes", "objective"]
    assert df.loc["catalogue_sizes", "corridors_built"] == 2 and df.loc["catalogue_sizes", "sizing"] == "discrete"
    assert df.loc["no_new_corridor", ["objective", "corridors_built"]].tolist() == [0.0, 0]
    assert df.loc["run", "sizing"] == "linear" and (df["status"] == "optimal").all()


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 6])
def test_random_networks_against_a_brute_force(seed):
    """Row 2 is the brute force over every size of the corridors the linear run builds (others
    left out), row 3 the brute force with no corridor at all (direct links only)."""
    sites, flows, corridors, links, profiles = _random_case(seed)
    assert profiles is None   # the seeds of annual cases
    scen = _scenario(sites, flows, corridors, links=links_frame(sites, links), **LINEAR)
    run = eitflow.optimise(scen)
    df = catalogue_sizes(scen, run).set_index("plan")
    cor = run.statistics.corridors()
    built = set(cor.loc[cor["flow"] > 0, "corridor_id"].astype(str))
    ids = [str(c) for c in scen.corridors["corridor_id"]]
    keep = [i for i, c in enumerate(ids) if c in built]
    sub = {k: (v if isinstance(v, str) else [v[i] for i in keep]) for k, v in corridors.items()}
    for plan, cors in (("catalogue_sizes", sub), ("no_new_corridor", {k: (v if isinstance(v, str) else [])
                                                                       for k, v in corridors.items()})):
        expected = _brute_force(sites, flows, cors, links)
        got = df.loc[plan, "objective"]
        if not np.isfinite(expected):
            assert got is None or pd.isna(got), (plan, got)
        else:
            assert got == pytest.approx(expected, rel=1e-7, abs=1e-3), (seed, plan, len(keep))


def _files(tmp_path, sizing: str | None = "linear"):
    sites, flows, corridors = _line()
    for name, table in (("sites", sites), ("flows", flows), ("corridors", corridors)):
        pd.DataFrame(table).to_csv(tmp_path / f"{name}.csv", index=False)
    (tmp_path / "resources.yaml").write_text(yaml.safe_dump(FLUID), encoding="utf-8")
    scen = {"name": "backbone", "lang": "fr", "sites": "sites.csv", "flows": "flows.csv", "corridors": "corridors.csv",
            "resources": "resources.yaml", "discount_rate": 0.0, "lifetime_years": 1.0,
            "carbon_price_eur_per_t": 0.0, "solver": {"mip_gap": 0.0}}
    if sizing:
        scen["networks"] = {"fluid": {"sizing": sizing}}
    p = tmp_path / "scenario.yaml"
    p.write_text(yaml.safe_dump(scen, allow_unicode=True), encoding="utf-8")
    return p


def test_the_command_in_french(tmp_path):
    """The table in French words and the verdict: at catalogue sizes the best plan is the
    run's own (its corridors at L and S, the best catalogue plan too: a tie goes to the run),
    658,679 EUR/yr (by hand above), against 0."""
    res = CliRunner().invoke(main, ["sizes", str(_files(tmp_path)), "--csv", str(tmp_path / "sizes.csv")])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(tmp_path / "sizes.csv")
    assert df["plan"].tolist() == ["run", "catalogue_sizes", "no_new_corridor"]
    res = CliRunner().invoke(main, ["sizes", str(_files(tmp_path))], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert ("Aux diamètres du catalogue, le meilleur de ces plans est « le calcul » : "
            "658\u202f679\u00a0€/an (sans nouveau tronçon : 0\u00a0€/an).") in res.output, res.output
    for words in ("le calcul", "sans nouveau tronçon", "linéaire", "diamètres du catalogue sur ses tronçons"):
        assert words in res.output, (words, res.output)


def test_a_scenario_without_a_network_is_refused_in_its_language(tmp_path):
    scen = eitflow.read_scenario(_files(tmp_path, sizing=None))
    assert scen.corridors is not None
    (tmp_path / "corridors.csv").unlink()
    y = yaml.safe_load((tmp_path / "scenario.yaml").read_text(encoding="utf-8"))
    del y["corridors"]
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(y, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(main, ["sizes", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 2
    assert "aucun réseau partagé à dimensionner (corridors.csv ou bloc networks:)" in res.output, res.output


def test_another_error_is_not_said_to_be_a_missing_network(tmp_path, monkeypatch):
    """`eitflow sizes` caught every ValueError as 'no shared network to size': a solve failing
    with its own ValueError on a scenario with a network was told it had none. Only the
    scenario without a network is said so (above); another error keeps its own words."""
    import eitflow.analyses.sizes as sizes

    def broken(scen):
        raise ValueError("a solve's own error")

    monkeypatch.setattr(sizes, "optimise", broken)
    res = CliRunner().invoke(main, ["sizes", str(_files(tmp_path))])
    assert res.exit_code != 0
    assert "réseau partagé à dimensionner" not in res.output and "shared network to size" not in res.output
    assert "a solve's own error" in res.output + str(res.exception), (res.output, res.exception)
