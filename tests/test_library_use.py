"""eitflow used as a library (pandas in, pandas out): what a caller meets that the command
line never does -- typed DataFrames, wrong Python types, several runs in one process."""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow


def _frames(site_ids=("UVE", "SERRES"), flow_site_ids=None):
    """One heat supply 2 km from one demand (the README's example)."""
    sites = pd.DataFrame({"site_id": list(site_ids), "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": list(flow_site_ids or site_ids), "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    return sites, flows


def test_integer_ids_keep_their_digits():
    # a SIRET (14 digits) and a small integer as site ids, integer flow ids: a CSV file
    # holding them gives '44229377500031', '2', '101'; the frames read them as '...0.0'
    siret = 44229377500031
    sites, flows = _frames(site_ids=(siret, 2))
    flows["flow_id"] = [101, 102]
    scen = eitflow.scenario_from_frames(sites, flows)
    assert list(scen.sites["site_id"]) == ["44229377500031", "2"]
    assert list(scen.flows["flow_id"]) == ["101", "102"]
    res = eitflow.optimise(scen)
    row = res.matches.iloc[0]
    assert (row["source_site"], row["sink_site"], row["supply_flow_id"]) == ("44229377500031", "2", "101")


def test_an_integer_id_matches_the_same_id_given_as_text_or_float():
    # sites' ids typed as integers, the flows' as text: the same sites
    sites, flows = _frames(site_ids=(1, 2), flow_site_ids=("1", "2"))
    assert len(eitflow.scenario_from_frames(sites, flows).flows) == 2
    # an integer column with a gap is float in pandas (1.0, NaN): 1.0 is site '1'
    sites, flows = _frames(site_ids=(1.0, 2.0), flow_site_ids=("1", "2"))
    assert list(eitflow.scenario_from_frames(sites, flows).sites["site_id"]) == ["1", "2"]


def test_a_column_given_twice_is_reported_not_crashed_on():
    sites, flows = _frames()
    flows = pd.concat([flows, flows[["amount"]]], axis=1)
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(sites, flows)
    (p,) = e.value.problems
    assert (p.file, p.row, p.column) == ("flows", 1, "amount")
    assert "more than once" in str(p)


def test_a_table_that_is_not_a_dataframe_is_named():
    sites, flows = _frames()
    with pytest.raises(TypeError, match=r"sites: expected a pandas DataFrame \(found dict\)"):
        eitflow.scenario_from_frames(sites.to_dict("list"), flows)


def test_the_callers_frames_are_not_modified():
    sites, flows = _frames(site_ids=(1, 2))
    before = sites.copy(deep=True), flows.copy(deep=True)
    eitflow.optimise(eitflow.scenario_from_frames(sites, flows))
    pd.testing.assert_frame_equal(sites, before[0])
    pd.testing.assert_frame_equal(flows, before[1])
