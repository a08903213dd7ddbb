"""`eitflow sizes`: the run's plan at the catalogue's sizes loses what those sizes lose.

A linearly sized corridor loses heat on the fitted line (hot water: 25.9 + 0.60 x MW W/m),
less than the catalogue size that carries it (DN125: 35.1 W/m). The run's row priced its
corridors at those sizes but kept the line's losses, so where heat has a price the plan read
better than it is: on the network below the run's plan at catalogue sizes is the catalogue
plan itself (DN125, DN125, DN100), worth 142,566.75 EUR/yr, and the run's row said
145,764.53, naming "the run" the best of the three plans.
"""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.sizes import catalogue_sizes

CRF = 0.05 / (1 - 1.05 ** -20)      # 20 years at 5 %
H = 8760.0


def _frames(supply_price: float) -> dict[str, pd.DataFrame]:
    """An incinerator INC, a junction J 1.2 km away, users A (8,760 MWh/yr) and B (4,380)
    0.5 km from J: the tables of `_scenario`."""
    sites = pd.DataFrame({"site_id": ["INC", "A", "B"], "name": ["Incinérateur", "Entreprise A", "Entreprise B"],
                          "lat": [48.0, 48.0036, 47.9964], "lon": [2.0, 2.0135, 2.0135]})
    flows = pd.DataFrame({"flow_id": ["inc", "a", "b"], "site_id": ["INC", "A", "B"],
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": [20000.0, 8760.0, 4380.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 70.0, 70.0], "price_eur_per_unit": [supply_price, 50.0, 50.0]})
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [48.0], "lon": [2.0135], "resources": ["heat"]})
    corridors = pd.DataFrame({"corridor_id": ["trunk", "ja", "jb"], "resource": "heat", "from": ["INC", "J", "J"],
                              "to": ["J", "A", "B"], "length_km": [1.2, 0.5, 0.5]})
    return {"sites": sites, "flows": flows, "junctions": junctions, "corridors": corridors}


def _scenario(sizing: str, supply_price: float):
    """`_frames`' territory on a 90 degC hot-water network, no direct link (radius 10 m), no
    carbon price."""
    t = _frames(supply_price)
    return eitflow.scenario_from_frames(
        t["sites"], t["flows"], corridors=t["corridors"], junctions=t["junctions"], carbon_price_eur_per_t=0.0,
        discount_rate=0.05, lifetime_years=20.0, max_distance_km={"heat": 0.01},
        networks={"heat": {"temperature_c": 90.0, "sizing": sizing}}, solver={"mip_gap": 1e-6})


def _catalogue_plan(supply_price: float) -> float:
    """By hand: DN125 on trunk and ja (1.95 MW of DN100 carries 8,541 MWh/yr at load factor
    0.5, less than A's 8,760), DN100 on jb. Losses W/m x km x 8.76 MWh/yr: trunk 35.1 x 1.2,
    ja 35.1 x 0.5, jb 30 x 0.5 (368.97, 153.74, 131.4), half drawn at each end; pumping
    0.05 EUR/MWh/km on what enters each corridor; three substations of 60,000 EUR."""
    l_t, l_a, l_b = (w * km * H / 1000 for w, km in ((35.1, 1.2), (35.1, 0.5), (30.0, 0.5)))
    x_a, x_b = 8760 + l_a / 2, 4380 + l_b / 2
    x_t = x_a + x_b + l_t / 2 + l_a / 2 + l_b / 2
    injected = x_t + l_t / 2                                   # 13,794.11 MWh/yr
    pipes = (754 * 1200 + 754 * 500 + 670 * 500) * (CRF + 0.015)
    pumping = 0.05 * (1.2 * x_t + 0.5 * x_a + 0.5 * x_b)
    return 50 * 13140 + supply_price * injected - pipes - pumping - 3 * 60000 * CRF


def test_the_runs_plan_at_catalogue_sizes_pays_their_losses():
    """Heat bought at 25 EUR/MWh: the catalogue plan is worth 142,566.75 EUR/yr (by hand);
    the linear run builds the same three corridors, which round up to the same sizes, so its
    plan at catalogue sizes is worth that too, no more than the best catalogue plan."""
    expected = _catalogue_plan(-25.0)
    assert expected == pytest.approx(142_566.75, abs=0.01)
    df = catalogue_sizes(_scenario("linear", -25.0)).set_index("plan")
    assert df.loc["catalogue_sizes", "objective"] == pytest.approx(expected, abs=0.01)
    assert df.loc["run", "objective_at_catalogue"] == pytest.approx(expected, abs=0.01)
    assert df.loc["run", "objective_at_catalogue"] <= df.loc["catalogue_sizes", "objective_at_catalogue"] + 0.01
    # the line prices the run higher than that: its own objective stays what the run said
    assert df.loc["run", "objective"] > expected + 20_000


def test_free_heat_the_same_plan():
    """Free heat (price 0): the losses cost only their pumping, and the plan is 487,419.48."""
    expected = _catalogue_plan(0.0)
    assert expected == pytest.approx(487_419.48, abs=0.01)
    df = catalogue_sizes(_scenario("linear", 0.0)).set_index("plan")
    assert df.loc["run", "objective_at_catalogue"] == pytest.approx(expected, abs=0.01)
    assert df.loc["catalogue_sizes", "objective"] == pytest.approx(expected, abs=0.01)


def test_a_discrete_run_is_its_own_price():
    """A run sized discretely is already at catalogue prices: its row's two objectives agree."""
    df = catalogue_sizes(_scenario("discrete", -25.0)).set_index("plan")
    assert df.loc["run", "objective"] == pytest.approx(_catalogue_plan(-25.0), abs=0.01)
    assert df.loc["run", "objective_at_catalogue"] == df.loc["run", "objective"]


def test_the_brief_states_the_plan_at_catalogue_sizes_that_sizes_gives(tmp_path):
    """`eitflow run` of the linear network (heat bought at 25 EUR/MWh), then the brief: its
    'net benefit at catalogue prices' was the run's objective less the pipes' price difference
    alone, keeping the line's heat losses (526.4 MWh/yr where DN125/DN125/DN100 lose 654.1):
    145,765 EUR/yr, where `eitflow sizes` (the plan solved again at those sizes) says 142,566.75,
    by hand above. The run now solves that plan once (summary.json's
    networks.plan_at_catalogue) and the brief states its figure, as `sizes` does."""
    import html

    from click.testing import CliRunner

    from eitflow.cli.main import main
    from eitflow.i18n import money
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    expected = _catalogue_plan(-25.0)
    scen = tmp_path / "scen"
    scen.mkdir()
    for table, frame in _frames(-25.0).items():   # `_scenario`'s tables, as files for `eitflow run`
        frame.to_csv(scen / f"{table}.csv", index=False, encoding="utf-8")
    (scen / "scenario.yaml").write_text(
        "name: S6\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\njunctions: junctions.csv\n"
        "carbon_price_eur_per_t: 0\ndiscount_rate: 0.05\nlifetime_years: 20\nmax_distance_km:\n  heat: 0.01\n"
        "networks:\n  heat:\n    temperature_c: 90\n    sizing: linear\nsolver:\n  mip_gap: 0.000001\n", encoding="utf-8")
    got = CliRunner().invoke(main, ["run", str(scen / "scenario.yaml"), "--out", str(tmp_path / "run")])
    assert got.exit_code == 0, got.output
    data = read_run(tmp_path / "run")
    at = data.summary["networks"]["plan_at_catalogue"]
    assert at["status"] == "optimal" and at["corridors_on_a_line"] == 3
    assert at["net_benefit_eur_per_yr"] == pytest.approx(expected, abs=0.01)
    for lang, words in (("en", "Solved again with its pipes at those sizes (their flows, losses and pumping with them), "
                                "the plan's net benefit would be {} a year"),
                        ("fr", "Résolu de nouveau avec ses conduites à ces diamètres (leurs débits, pertes et pompage avec "
                                "eux), le plan aurait un bénéfice net de {} par an")):
        page = html.unescape(render_brief(data, lang)).replace("\xa0", " ")   # a figure's unit glued: one line
        assert words.format(money(expected, lang)).replace("\xa0", " ") in page, lang
    # past the limit (or not solved), the brief names the command instead of a figure
    data.summary["networks"]["plan_at_catalogue"].update(status="not_solved", net_benefit_eur_per_yr=None)
    page = html.unescape(render_brief(data, "fr"))
    assert "la rentabilité du plan à ces diamètres n'est pas calculée ici (<code>eitflow sizes</code> la calcule" in page
    assert "le plan aurait un bénéfice net" not in page
