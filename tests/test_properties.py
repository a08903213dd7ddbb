"""Property-based tests (hypothesis) of the whole path on small random territories."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eitflow import optimise, scenario_from_frames

SOLVER = {"name": "highs", "mip_gap": 0.0, "time_limit_s": 30}
TOL = dict(rel=1e-7, abs=1e-4)


@st.composite
def territories(draw):
    """3-7 sites within ~6 km, with heat and gypsum supplies and demands."""
    n = draw(st.integers(3, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    sites = pd.DataFrame({"site_id": [f"S{i}" for i in range(n)],
                          "lat": 45.70 + rng.uniform(0, 0.05, n), "lon": 4.80 + rng.uniform(0, 0.05, n)})
    rows = []
    for i in range(n):
        for _ in range(draw(st.integers(1, 2))):
            res = draw(st.sampled_from(["heat", "fgd_gypsum", "gypsum"]))
            direction = "demand" if res == "gypsum" else draw(st.sampled_from(["supply", "demand"]))
            if res == "heat":
                rows.append(dict(site_id=f"S{i}", direction=direction, resource=res,
                                 amount=float(draw(st.integers(1, 40)) * 1000), unit="MWh/yr",
                                 temperature_c=float(draw(st.sampled_from([60, 80, 120, 150]))),
                                 price_eur_per_unit=float(draw(st.integers(0, 80)))))
            else:
                rows.append(dict(site_id=f"S{i}", direction=direction, resource=res,
                                 amount=float(draw(st.integers(1, 30)) * 1000), unit="t/yr",
                                 temperature_c=np.nan, price_eur_per_unit=float(draw(st.integers(0, 40)))))
    return sites, pd.DataFrame(rows)


def _objective(sites, flows, **kw):
    res = optimise(scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, solver=SOLVER, **kw))
    assert res.status == "optimal"
    return res


COMMON = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(territories(), st.integers(1, 60), st.sampled_from([70.0, 130.0, 200.0]))
def test_adding_a_supply_never_lowers_the_optimum(t, kmwh, temp):
    sites, flows = t
    base = _objective(sites, flows).summary["objective"]
    extra = pd.DataFrame([dict(site_id="S0", direction="supply", resource="heat", amount=kmwh * 1000.0,
                               unit="MWh/yr", temperature_c=temp, price_eur_per_unit=0.0)])
    more = _objective(sites, pd.concat([flows, extra], ignore_index=True)).summary["objective"]
    assert more >= base - 1e-6 * max(1.0, abs(base))


@COMMON
@given(territories(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(t, rnd):
    sites, flows = t
    base = _objective(sites, flows)
    si, fi = list(range(len(sites))), list(range(len(flows)))
    rnd.shuffle(si), rnd.shuffle(fi)
    perm = _objective(sites.iloc[si].reset_index(drop=True), flows.iloc[fi].reset_index(drop=True))
    assert perm.summary["objective"] == pytest.approx(base.summary["objective"], **TOL)


@COMMON
@given(territories())
def test_units_change_nothing(t):
    sites, flows = t
    base = _objective(sites, flows).summary["objective"]
    f2 = flows.copy()
    heat = f2["unit"] == "MWh/yr"
    f2.loc[heat, "amount"] = f2.loc[heat, "amount"] / 1000.0
    f2.loc[heat, "unit"] = "GWh/yr"
    f2.loc[~heat, "amount"] = f2.loc[~heat, "amount"] / 1000.0
    f2.loc[~heat, "unit"] = "kt/yr"
    assert _objective(sites, f2).summary["objective"] == pytest.approx(base, **TOL)


@COMMON
@given(territories())
@pytest.mark.slow
def test_removing_a_chosen_link_never_raises_the_optimum(t):
    sites, flows = t
    res = _objective(sites, flows)
    lk = res.candidates.links
    if len(res.matches) == 0:
        return
    fid = res.scenario.flows["flow_id"].to_numpy()
    links = pd.DataFrame({"source_site": lk["source_site"], "sink_site": lk["sink_site"],
                          "supply_resource": lk["supply_resource"], "demand_resource": lk["demand_resource"],
                          "supply_flow_id": fid[lk["supply"].to_numpy()], "demand_flow_id": fid[lk["demand"].to_numpy()]})
    links = links.drop_duplicates().reset_index(drop=True)
    # the same candidates given as links.csv reproduce the optimum ...
    same = _objective(sites, flows, links=links).summary["objective"]
    assert same == pytest.approx(res.summary["objective"], **TOL)
    # ... and removing the first chosen one cannot raise it
    m = res.matches.iloc[0]
    keep = ~((links.supply_flow_id == m.supply_flow_id) & (links.demand_flow_id == m.demand_flow_id))
    less = _objective(sites, flows, links=links[keep]).summary["objective"]
    assert less <= res.summary["objective"] + 1e-6 * max(1.0, abs(res.summary["objective"]))
