"""The bundled heat-backbone scenario (scenarios/ludres_backbone): the shared network beats the
point-to-point solution of the same data, and its corridors' costs and flows add up.

Checked against figures worked out here from the scenario's own files and the catalogue's pipe
table (resources.yaml), not read from eitflow's results: each corridor's length is the great
circle between its ends (sites.csv, haversine) times the heat route factor; its investment the
size's EUR per metre times that length; its annual cost the annuity of the investment at the
scenario's rate and lifetime plus the size's O&M share; its heat loss the size's W/m over the
year; its pumping the catalogue's EUR/MWh/km times km times the heat carried. At every node
of the network, what is injected plus what arrives equals what leaves, what is withdrawn and
half the loss of every corridor there.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml

import eitflow

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"
NET = "network:heat"


@pytest.fixture(scope="module")
def runs():
    return eitflow.run_file(HERE / "scenario.yaml"), eitflow.run_file(HERE / "point_to_point.yaml")


@pytest.fixture(scope="module")
def heat_spec():
    with resources.files("eitflow").joinpath("data/resources.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["heat"]


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_network_beats_point_to_point(runs):
    """The same sites, flows and parameters: the point-to-point run is proven optimal, and the
    network run's best plan (a lower bound on its optimum) is worth more; it builds a backbone
    (several corridors serving several towns)."""
    net, p2p = runs
    assert p2p.status == "optimal", p2p.status_line()
    assert net.status in ("optimal", "feasible"), net.status_line()
    assert net.objective > p2p.objective * 1.02
    m = net.matches
    served = set(m.loc[m["source_site"] == NET, "sink_site"])
    assert len(served) >= 5
    assert net.summary["networks"]["by_resource"]["heat"]["corridors_built"] >= 4


def _crf(r: float, n: int) -> float:
    return r / (1.0 - (1.0 + r) ** -n)


def test_corridor_costs_worked_out_from_the_catalogue(runs, heat_spec, tmp_path):
    from eitflow.results.rundir import read_run, write_run

    net, _ = runs
    data = read_run(write_run(net, tmp_path / "run"))
    c, sites = data.corridors, pd.read_csv(HERE / "sites.csv").set_index("site_id")
    assert c is not None and len(c) >= 4
    sizes = {s["name"]: s for s in heat_spec["network"]["sizes"]}
    nw = heat_spec["network"]
    route = heat_spec["transport"]["detour_factor"]
    crf = _crf(0.05, 30)  # scenario.yaml: discount_rate 0.05, lifetime_years 30
    for r in c.to_dict("records"):
        a, b = sites.loc[r["from"]], sites.loc[r["to"]]
        km = _km(a["lat"], a["lon"], b["lat"], b["lon"]) * route
        assert r["length_km"] == pytest.approx(km, rel=1e-6)
        s = sizes[r["size"]]
        inv = s["investment_eur_per_m"] * km * 1000
        assert r["investment_eur"] == pytest.approx(inv, rel=1e-6)
        assert r["pipe_cost_eur_per_yr"] == pytest.approx(crf * inv + nw["fixed_cost_share_per_yr"] * inv, rel=1e-6)
        # network at 90 degC = the pipe table's reference: the W/m figure holds as it is
        assert r["loss"] == pytest.approx(s["loss_w_per_m"] * km * 1000 * 8760 / 1e6, rel=1e-6)
        carried = r["flow_forward"] + r["flow_backward"]
        assert r["pumping_eur_per_yr"] == pytest.approx(nw["var_cost_eur_per_unit_km"] * km * carried, rel=1e-6)
        # the size carries the corridor's busiest rate (rated MW x 8,760 h x the load factor)
        assert r["peak"] <= s["capacity"] * 8760 * nw["load_factor"] * (1 + 1e-6)
    # the network's totals are the sums over its corridors, in summary.json and in the shares
    tot = data.summary["networks"]["by_resource"]["heat"]
    cost = float(c["annual_cost_eur_per_yr"].sum())
    assert tot["annual_cost_eur_per_yr"] == pytest.approx(cost, rel=1e-9)
    assert tot["investment_eur"] == pytest.approx(float(c["investment_eur"].sum()), rel=1e-9)
    assert tot["length_built_km"] == pytest.approx(float(c["length_km"].sum()), rel=1e-9)
    sh = data.network_shares
    assert sh["cost_share_eur_per_yr"].sum() == pytest.approx(cost, rel=1e-9)
    assert sh["share"].sum() == pytest.approx(1.0, rel=1e-9)


def test_heat_balances_at_every_node(runs, heat_spec, tmp_path):
    """Per node: injected + arriving = leaving + withdrawn + half the loss of each corridor at
    the node (the heat table has no proportional loss on networks, only W/m). And what each
    company receives is at most its demand, what each supplier sends at most its supply."""
    from eitflow.results.rundir import read_run, write_run

    assert heat_spec["network"].get("loss_share_per_km", 0.0) == 0.0
    net, _ = runs
    data = read_run(write_run(net, tmp_path / "run"))
    c, m = data.corridors, data.matches
    nodes = set(c["from"]) | set(c["to"])
    for n in nodes:
        inj = float(m.loc[(m["sink_site"] == NET) & (m["source_site"] == n), "amount"].sum())
        wd = float(m.loc[(m["source_site"] == NET) & (m["sink_site"] == n), "amount"].sum())
        at_from, at_to = c[c["from"] == n], c[c["to"] == n]
        arriving = float(at_from["flow_backward"].sum() + at_to["flow_forward"].sum())
        leaving = float(at_from["flow_forward"].sum() + at_to["flow_backward"].sum())
        lost = float(at_from["loss"].sum() + at_to["loss"].sum()) / 2
        assert inj + arriving == pytest.approx(leaving + wd + lost, rel=1e-6, abs=1e-3), n
    flows = pd.read_csv(HERE / "flows.csv")
    demand = flows[flows["direction"] == "demand"].groupby("site_id")["amount"].sum()
    # demand_amount: what arrives (a point-to-point pipe loses a share per km on the way)
    got = m[m["demand_resource"] == "heat"].groupby("sink_site")["demand_amount"].sum()
    got = got[got.index != NET]
    assert (got <= demand.reindex(got.index) * (1 + 1e-6)).all()
    supply = flows[flows["direction"] == "supply"].groupby("site_id")["amount"].sum()
    sent = m.groupby("source_site")["amount"].sum()
    sent = sent[sent.index != NET]
    assert (sent <= supply.reindex(sent.index) * (1 + 1e-6)).all()


def test_a_corridors_annual_cost_is_one_figure_everywhere(runs, tmp_path):
    """corridors.csv's annual cost was the pipe's annuity and upkeep alone (59,478 EUR/yr on
    trunk_5) where the report's corridor table and map said 60,294 (pumping included) and the
    column summed to 542,021 where summary.json's network cost of the same name was 546,048.
    Now the column is the pipe's cost plus its pumping (the pipe's own is
    `pipe_cost_eur_per_yr`), the report shows that figure, and the columns sum to summary.json's;
    a run directory written before (the pipe's cost in the column) is read with its pumping added."""
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run, write_run

    net, _ = runs
    out = write_run(net, tmp_path / "run")
    data = read_run(out)
    c = data.corridors.set_index("corridor_id")
    assert c["annual_cost_eur_per_yr"].to_numpy() == pytest.approx((c["pipe_cost_eur_per_yr"] + c["pumping_eur_per_yr"]).to_numpy())
    assert (c["pumping_eur_per_yr"] > 0).all()   # so the two figures differ on every corridor
    nw = data.summary["networks"]["by_resource"]["heat"]
    assert float(c["annual_cost_eur_per_yr"].sum()) == pytest.approx(nw["annual_cost_eur_per_yr"], rel=1e-9)
    assert float(c["catalogue_annual_cost_eur_per_yr"].sum()) == pytest.approx(nw["catalogue_annual_cost_eur_per_yr"],
                                                                               rel=1e-9)
    html = write_report(out, lang="en").read_text(encoding="utf-8")
    table = html[html.index('id="corridors-table"'):]
    table = table[:table.index("</table>")]
    for rec in c.itertuples():   # the cells show whole euros
        assert f">{round(rec.annual_cost_eur_per_yr):,}<" in table, rec.Index
        assert f">{round(rec.pipe_cost_eur_per_yr):,}<" not in table, rec.Index
    # an older run directory: annual = the pipe's cost, no pipe_cost column
    old = pd.read_csv(out / "corridors.csv")
    old["annual_cost_eur_per_yr"] = old.pop("pipe_cost_eur_per_yr")
    old["catalogue_annual_cost_eur_per_yr"] -= old["pumping_eur_per_yr"]
    old.to_csv(out / "corridors.csv", index=False)
    again = read_run(out).corridors.set_index("corridor_id")
    for col in ("annual_cost_eur_per_yr", "pipe_cost_eur_per_yr", "catalogue_annual_cost_eur_per_yr"):
        assert again[col].to_numpy() == pytest.approx(c[col].to_numpy(), rel=1e-9), col
