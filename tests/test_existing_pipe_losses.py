"""A heat loss measured on a pipe (corridors.csv `loss_w_per_m`): an operator knows what an old
main loses (a survey, or its metered losses over its length and the year), where the catalogue
can only give what a new pipe of its size loses. Before, the column did not exist: a measured
80 W/m main was reckoned at its size's 52.7 W/m (DN400 at 90/60 degC). Figures by hand:
W/m x km x 8.76 = MWh/yr (1,000 m/km x 8,760 h / 10^6)."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.errors import ScenarioError

SITES = pd.DataFrame({"site_id": ["SRC", "VILLE", "H2A", "H2B"], "lat": [48.60, 48.618, 48.60, 48.61],
                      "lon": [6.10, 6.10, 6.20, 6.20]})


def _scenario(corridor: dict, resource: str = "heat"):
    flows = pd.DataFrame({"flow_id": ["src_heat", "ville_heat"], "site_id": ["SRC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [50_000.0, 10_000.0],
                          "unit": "MWh/yr", "temperature_c": [120.0, 60.0], "price_eur_per_unit": [0.0, 80.0],
                          "max_distance_km": [0.1, 0.1], "required": [False, True]})
    corridors = pd.DataFrame([{"corridor_id": "main", "resource": resource, "from": "SRC", "to": "VILLE",
                               "length_km": 2.0, **corridor}])
    return eitflow.scenario_from_frames(SITES, flows, corridors=corridors, networks={"heat": {"temperature_c": 90.0}},
                                        solver={"mip_gap": 0.0})


def _losses(res) -> float:
    b = res.statistics.network_balance().iloc[0]
    assert bool(b["closes"])
    assert float(b["withdrawn"]) == pytest.approx(10_000.0, rel=1e-9)
    return float(b["losses"])


def test_an_existing_pipe_loses_what_was_measured():
    """A DN400 main, 2 km, measured at 80 W/m: 80 x 2 x 8.76 = 1,401.6 MWh/yr lost (its size
    would say 52.7 x 2 x 8.76 = 923.3); the source sends 10,000 + 1,401.6."""
    res = eitflow.optimise(_scenario({"existing": True, "size": "DN400", "loss_w_per_m": 80.0}))
    assert res.status.value == "optimal"
    assert _losses(res) == pytest.approx(80 * 2 * 8.76, rel=1e-9)
    c = res.statistics.corridors().iloc[0]
    assert float(c["loss"]) == pytest.approx(1_401.6, rel=1e-9)
    assert c["catalogue_size"] == "measured"   # its loss is not its size's (DN400 there, before)
    # without the measure, the size's
    assert _losses(eitflow.optimise(_scenario({"existing": True, "size": "DN400"}))) == pytest.approx(52.7 * 2 * 8.76,
                                                                                                        rel=1e-9)


def test_a_corridor_with_its_own_costs_loses_what_was_measured():
    """Own costs without a size lost nothing; with a measured 30 W/m: 30 x 2 x 8.76 = 525.6 MWh/yr."""
    res = eitflow.optimise(_scenario({"investment_eur": 1_000_000.0, "loss_w_per_m": 30.0}))
    assert _losses(res) == pytest.approx(525.6, rel=1e-9)


@pytest.mark.parametrize("corridor, resource, said", [
    ({"existing": True, "size": "DN400", "loss_w_per_m": -5.0}, "heat", "expected a heat loss in W/m ≥ 0"),
    ({"loss_w_per_m": 40.0}, "heat", "loses what its size loses"),
    ({"existing": True, "capacity": 2.0, "unit": "t/h", "loss_w_per_m": 40.0}, "hydrogen", "heat and steam networks only"),
])
def test_a_loss_where_it_cannot_apply_is_refused_at_its_cell(corridor, resource, said):
    """A negative loss, a loss on a new corridor whose size the model picks (its size's loss
    applies), a loss on a hydrogen pipe: refused, naming the file, row and column."""
    with pytest.raises(ScenarioError) as e:
        _scenario(corridor, resource)
    assert "corridors, row 2, column 'loss_w_per_m': " in str(e.value) and said in str(e.value)
