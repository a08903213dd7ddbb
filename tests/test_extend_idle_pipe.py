"""A network pipe a PuLP user commits (its size's switch ``== 1``) that the optimum leaves idle:
its annual cost is in the objective, and every view lists and counts it (`eitflow.extend`,
`results.network.network_totals`, `results.resources`), worked out by hand."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

import eitflow
from test_network import FLUID

pulp = pytest.importorskip("pulp")


def _idle_pipe_scenario():
    """A supply A and a demand B, 1 km apart on one corridor, both worth nothing (price 0): carrying
    costs 0.5 EUR/MWh of pumping and earns nothing, so no pipe is worth building; sizes without
    heat loss, so a pipe built carries nothing at all."""
    fluid = copy.deepcopy(FLUID)
    for size in fluid["fluid"]["network"]["sizes"]:
        size["loss_w_per_m"] = 0.0
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0], "zone": ["Z1", "Z2"]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
                          "amount": [30000.0, 8000.0], "unit": "MWh/yr", "price_eur_per_unit": [0.0, 0.0]})
    corridors = pd.DataFrame({"resource": ["fluid"], "from": ["A"], "to": ["B"], "length_km": [1.0]})
    return eitflow.scenario_from_frames(sites, flows, resources=fluid, corridors=corridors, discount_rate=0.0,
                                        lifetime_years=1.0, carbon_price_eur_per_t=0.0,
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})


def test_a_pipe_the_user_forced_on_is_counted_in_every_view(tmp_path):
    """Size S of corridor A-B forced on in PuLP. By hand: 200 EUR/m x 1,000 m = 200,000 EUR,
    over 1 year at 0 % = 200,000 EUR/yr; no flow (nothing pays its 0.5 EUR/MWh pumping), so the
    objective is -200,000 EUR/yr. corridors.csv listed the pipe (200,000 EUR/yr, flow 0) and the
    objective counted it, but statistics' total said 0 EUR/yr (a network is counted only
    through its connections carrying something) and resources() was empty, while companies()
    and zones() said -200,000: no two views agreed; the report's headline said "Nothing worth
    building" of a plan building a pipe. Now all say -200,000, and the message names the pipe."""
    scen = _idle_pipe_scenario()
    assert eitflow.optimise(scen).objective == 0.0          # nothing is worth building
    prob = eitflow.pulp_problem(scen)
    m = prob._eitflow_model
    arr, opt = m["arrays"], m["candidates"].network.options
    size = arr.cols["size"]
    j = [j for j, o in enumerate(size.labels) if opt["size"].iat[o] == "S"]
    assert len(j) == 1
    prob += prob._eitflow_vars[size.start + j[0]] == 1, "pipe_committed"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    want = -200 * 1000 / 1                                    # -200,000 EUR/yr
    assert res.objective == pytest.approx(want, rel=1e-9)
    st = res.statistics
    cor = st.corridors()
    assert cor[["from", "to", "size", "flow", "annual_cost_eur_per_yr"]].values.tolist() == [["A", "B", "S", 0.0, 200000.0]]
    t = st.totals()
    assert (t["net_benefit_eur_per_yr"], t["network_cost_eur_per_yr"], t["network_investment_eur"], t["n_corridors"]) == \
        pytest.approx((want, 200000.0, 200000.0, 1.0))
    assert st.companies()["total_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
    for rule in ("company", "sink", "source", "half"):
        assert st.zones(rule)["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
    r = st.resources()
    assert r[["resource", "net_benefit_eur_per_yr", "investment_eur"]].values.tolist() == [["fluid", want, 200000.0]]
    msg = res.summary["message"]
    assert "network pipes built without flow, kept on by your rows or bounds in PuLP: " in msg and "(200,000 EUR/yr" in msg
    assert "canalisations de réseau construites sans flux" in res.status_message("fr")
    assert "(200 000 €/an" in res.status_message("fr").replace("\u202f", " ").replace("\xa0", " ")
    from eitflow.report.html import write_report

    eitflow.write_run(res, tmp_path / "run")
    text = write_report(tmp_path / "run", lang="en").read_text(encoding="utf-8")
    assert "Nothing worth building" not in text and "network pipes built without flow" in text


@pytest.mark.slow
def test_a_network_connection_forced_on_idle_on_ludres():
    """ludres_backbone with the network's connection to CHALIGNY (which the optimum leaves out)
    committed and carrying nothing (y == 1, x == 0): by hand, the objective is the optimum of a
    second solve (`optimise`, 4,166,679.50 EUR/yr) less the connection's fixed cost
    (`link_variables`' fixed_eur_per_yr, 3,903.09): 4,162,776.42. The connection is listed
    (amount 0, no price, built_idle), and the totals, companies, zones under every rule,
    resources and the exchanges after their shares all add up to it (the network's price bands
    drawn with an idle connection in it)."""
    from pathlib import Path

    scen = eitflow.read_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml")
    base = eitflow.optimise(scen)
    prob = eitflow.pulp_problem(scen)
    lv = eitflow.link_variables(prob)
    k = lv.index[(lv["kind"] == "from_net") & (lv["sink_site"] == "CHALIGNY")][0]
    assert "CHALIGNY" not in set(base.matches["sink_site"])   # left out by the optimum (else this tests nothing)
    prob += lv["y"][k] == 1, "connection_on"
    prob += lv["x"][k] == 0, "connection_idle"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    want = base.objective - float(lv["fixed_eur_per_yr"][k])
    assert res.objective == pytest.approx(want, rel=1e-9)
    st = res.statistics
    L = st.links()
    idle = L[L["built_idle"]]
    assert idle["sink_site"].tolist() == ["CHALIGNY"] and idle["amount"].tolist() == [0.0]
    assert idle["price_eur_per_unit"].isna().all()
    for total in (st.totals()["net_benefit_eur_per_yr"], st.companies()["total_eur_per_yr"].sum(),
                  st.resources()["net_benefit_eur_per_yr"].sum(), res.matches["net_benefit_after_shares_eur_per_yr"].sum(),
                  *(st.zones(rule)["net_benefit_eur_per_yr"].sum() for rule in ("company", "sink", "source", "half"))):
        assert total == pytest.approx(want, rel=1e-9)


def test_optimise_names_what_an_extra_row_keeps_built_idle():
    """`eitflow.optimise` with an `extra` row holding a switch on that the optimum leaves idle:
    the tables listed it and the objective counted it, but the message said nothing (only
    `result_from_pulp` named it). Both paths now name it from one function (`results.idle`).
    A pipe: size of corridor A-B forced on (its corridor's coefficient, lo = 1): by hand
    200 EUR/m x 1,000 m over 1 year at 0 % = 200,000 EUR/yr, objective -200,000. A link: S2 -> D10
    of the 4 x 10 transport (fixed 352 EUR/yr, `link_variables`) switched on, idle: the optimum
    without it (a second solve) less 352 EUR/yr."""
    import numpy as np

    from eitflow.model.arrays import LinearConstraint
    from test_extend_pulp import _fctp_4x10

    scen = _idle_pipe_scenario()
    cand = eitflow.build_candidates(scen)
    res = eitflow.optimise(scen, candidates=cand, extra=[
        LinearConstraint(np.zeros(len(cand.links)), lo=1, corridor_coef=np.ones(1), name="pipe_on")])
    assert res.objective == pytest.approx(-200 * 1000 / 1, rel=1e-9)
    cid = res.statistics.corridors()["corridor_id"].iat[0]
    msg = res.summary["message"]
    assert f"network pipes built without flow, kept on by the extra rows given to optimise: {cid} (200,000 EUR/yr" in msg
    fr = res.status_message("fr").replace("\u202f", " ").replace("\xa0", " ")
    assert f"canalisations de réseau construites sans flux, maintenues par les contraintes supplémentaires (extra) données à optimise : {cid} (200 000 €/an" in fr
    # the PuLP path says the same sentence, but for whose rows
    prob = eitflow.pulp_problem(scen)
    prob += eitflow.corridor_variables(prob).at[cid, "built"] == 1, "pipe_on"
    prob.solve(pulp.HiGHS(msg=False))
    pmsg = eitflow.result_from_pulp(prob).summary["message"]
    said = msg[msg.index("network pipes"):].replace("the extra rows given to optimise", "your rows or bounds in PuLP")
    assert said in pmsg

    scen = _fctp_4x10()
    free = eitflow.optimise(scen)
    cand = free.candidates
    lk = cand.links
    k = int(np.flatnonzero((lk["source_site"] == "S2") & (lk["sink_site"] == "D10"))[0])
    assert lk["fixed_eur_per_yr"].iat[k] == 352 and "D10" not in set(free.matches.loc[free.matches["source_site"] == "S2", "sink_site"])
    y = np.zeros(len(lk))
    y[k] = 1
    res = eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(np.zeros(len(lk)), y, lo=1, name="on")])
    assert res.objective == pytest.approx(free.objective - 352, rel=1e-9)       # -2,790.25 - 352 = -3,142.25
    assert "links built without flow, kept on by the extra rows given to optimise: S2 → D10 (352 EUR/yr" in \
        res.summary["message"]
