"""A message naming a place in a YAML block counted a list's items from 0, as pydantic does:
the first pipe size's capacity in resources.yaml was `network.sizes.0.capacity`, which a
French analyst reads as wrong (there is no size 0). Positions are now said as people count,
in words: `network.sizes no. 1, capacity` (`network.sizes n° 1, capacity`), the same in
resources.yaml, scenario.yaml and a sweep's parameters (`catalogue.yaml_path`); a key that is
a number (a territory's code) is no position and stays as written."""

from __future__ import annotations

import pytest

import eitflow
from conftest import write_scenario
from eitflow.catalogue import load_catalogue

SIZES = [{"name": "DN50", "capacity": 0.328, "investment_eur_per_m": 498, "loss_w_per_m": 22.7},
         {"name": "DN100", "capacity": "1,95", "investment_eur_per_m": 670, "loss_w_per_m": 30.0}]


def test_the_second_size_of_resources_yaml_is_said_no_2(tmp_path):
    """resources.yaml giving heat two sizes, the second's capacity written 1,95: pydantic's
    place is ('network', 'sizes', 1, 'capacity'), the message said `network.sizes.1.capacity`
    (a French analyst looks at the first size); now 'no. 2' / 'n° 2', through scenario.yaml."""
    yaml_text = ("heat:\n  network:\n    sizes:\n"
                 "      - {name: DN50, capacity: 0.328, investment_eur_per_m: 498, loss_w_per_m: 22.7}\n"
                 "      - {name: DN100, capacity: '1,95', investment_eur_per_m: 670, loss_w_per_m: 30.0}\n")
    path = write_scenario(tmp_path / "s", extra={"resources.yaml": yaml_text})
    path.write_text(path.read_text(encoding="utf-8") + "resources: resources.yaml\n", encoding="utf-8")
    with pytest.raises(eitflow.ScenarioError) as exc:
        eitflow.read_scenario(path)
    (p,) = [p for p in exc.value.problems if "sizes" in str(p)]
    assert str(p) == ("resources.yaml: resource 'heat', network.sizes no. 2, capacity: '1,95' has a decimal comma "
                      "and is read as text here (YAML): write 1.95")
    assert p.say("fr").startswith("resources.yaml : ressource 'heat', network.sizes n° 2, capacity : « 1,95 » ")


def test_a_transport_alternative_is_counted_from_1():
    """The second transport alternative of a resource with a cost written as text: it was
    `alternatives.1.var_cost_eur_per_unit`."""
    over = {"heat": {"alternatives": [{"mode": "truck"}, {"mode": "pipe", "var_cost_eur_per_unit": "cheap"}]}}
    with pytest.raises(eitflow.ScenarioError) as exc:
        load_catalogue(over)
    said = [str(p) for p in exc.value.problems]
    assert any("resource 'heat', alternatives no. 2, var_cost_eur_per_unit: " in s for s in said), said
    assert not any("alternatives.1" in s for s in said)


def test_positions_from_1_and_number_keys_as_written():
    from eitflow.catalogue import yaml_path

    data = {"network": {"sizes": SIZES}, "siting": {"max_new_land_take_ha": {200046977: -4}},
            "a": [{"b": [0, 1, {"c": 2}]}]}
    assert yaml_path(("network", "sizes", 0, "capacity"), data) == "network.sizes no. 1, capacity"
    assert yaml_path(("network", "sizes", 1), data) == "network.sizes no. 2"
    assert yaml_path(("network", "sizes", 1), data).say("fr") == "network.sizes n° 2"
    # a territory's code is a key, not a position: as written, not plus one
    assert yaml_path(("siting", "max_new_land_take_ha", 200046977), data) == "siting.max_new_land_take_ha.200046977"
    # positions within positions: the first item's third
    said = yaml_path(("a", 0, "b", 2, "c"), data)
    assert said == "a no. 1, b no. 3, c"
    assert said.say("fr") == "a n° 1, b n° 3, c"
    assert yaml_path(("prices", "heat"), {"prices": {"heat": "x"}}) == "prices.heat"
