"""scenario.yaml numbers written as people write them: `1 000` (French thousands) and `100 €`,
`20 ans`, `90°C`, `1 min` (a unit after the number) were refused as "the value must be a number"
alone. Each now says why and what to write, as `0,05` and `5 %` already did."""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
FLOWS = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                      "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                      "price_eur_per_unit": [0.0, 50.0]})


@pytest.mark.parametrize(("params", "said"), [
    ({"carbon_price_eur_per_t": "1 000"}, "'1 000' has spaces between its thousands and is read as text here (YAML): "
                                          "write 1000"),
    ({"carbon_price_eur_per_t": "1\u202f000,5"}, "write 1000.5"),
    ({"carbon_price_eur_per_t": "100 €"}, "'100 €' has a word after its number and is read as text here (YAML): write "
                                         "the number alone, in the unit the key's name ends with"),
    ({"lifetime_years": "20 ans"}, "'20 ans' has a word after its number"),
    ({"solver": {"time_limit_s": "1 min"}}, "(_s: seconds"),
])
def test_a_number_written_with_spaces_or_a_unit_says_what_to_write(params, said):
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(SITES, FLOWS, name="t", **params)
    (p,) = e.value.problems
    assert said in str(p), str(p)
