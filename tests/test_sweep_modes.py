"""A sweep's tables keyed a link without its transport mode: where a carbon price flips a good
from truck to pipe between one pair, frequency.csv had one exchange 'chosen in 100 % of the
runs' with the mean of the two modes' net benefits (5,250 EUR/yr), where matches.csv,
price_bands.csv and `eitflow compare` tell a truck and a pipe apart (two links). links.csv and
frequency.csv now carry matches.csv's `mode` in the key: truck chosen in 50 % (5,500 EUR/yr),
pipe in 50 % (5,000); the report says each by its transport as the run's report does."""

from __future__ import annotations

import copy
import math

import pandas as pd
import pytest
import yaml

from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.report.sweep import write_sweep_report
from eitflow.sweep.run import run_sweep
from eitflow.sweep.tables import FREQUENCY_COLUMNS, LINK_KEY, frequency

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _base(root):
    """test_compare_modes's pair as files: A supplies 100 t/yr of `good` (price 0), B uses 100
    t/yr (60 EUR/t), 5 km apart; by truck 5 EUR/t and 0.01 tCO2 per t and km, by pipe 1,000
    EUR/yr and no CO2. Per year, 100 t carried:

        truck: 100 x 60 - 100 x 5 - price x 100 x 5 x 0.01 = 5,500 - 5 x price EUR/yr
        pipe:  100 x 60 - 1,000                               = 5,000 EUR/yr

    so at a carbon price of 0 the truck (5,500), at 200 EUR/tCO2 the pipe (5,000 against 4,500)."""
    res = copy.deepcopy(GOOD_RESOURCE)
    g = res["good"]
    g["transport"].update(var_cost_eur_per_unit=5.0, co2_t_per_unit_km=0.01)
    g["alternatives"] = [dict(g["transport"], mode="pipe", var_cost_eur_per_unit=0.0, co2_t_per_unit_km=0.0,
                              fixed_cost_eur_per_yr=1000.0)]
    root.mkdir(parents=True)
    (root / "resources.yaml").write_text(yaml.safe_dump(res), encoding="utf-8")
    (root / "sites.csv").write_text(f"site_id,lat,lon\nA,45.0,4.0\nB,{45.0 + 5 * KM!r},4.0\n", encoding="utf-8")
    (root / "flows.csv").write_text("site_id,direction,resource,amount,unit,price_eur_per_unit\n"
                                    "A,supply,good,100,t/yr,0\nB,demand,good,100,t/yr,60\n", encoding="utf-8")
    (root / "scenario.yaml").write_text(
        "name: pair\nsites: sites.csv\nflows: flows.csv\nresources: resources.yaml\nlang: fr\n"
        "discount_rate: 0.0\nlifetime_years: 1\ncarbon_price_eur_per_t: 0\nsolver: {mip_gap: 0.0}\n",
        encoding="utf-8")
    return root / "scenario.yaml"


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweepmodes")
    _base(tmp / "pair")
    (tmp / "sweep.yaml").write_text("base: pair/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 200]\n",
                                    encoding="utf-8")
    run_sweep(tmp / "sweep.yaml", tmp / "out", n_workers=0, progress=False)
    return tmp


def test_frequency_tells_the_truck_and_the_pipe_apart(swept):
    links = pd.read_csv(swept / "out" / "links.csv").merge(pd.read_csv(swept / "out" / "results.csv"), on="run_id")
    assert sorted(zip(links["carbon_price_eur_per_t"], links["mode"], links["amount"])) == [
        (0.0, "truck", 100.0), (200.0, "pipe", 100.0)]
    freq = pd.read_csv(swept / "out" / "frequency.csv")
    assert list(freq.columns) == FREQUENCY_COLUMNS and "mode" in freq
    got = {r["mode"]: r for r in freq.to_dict("records")}
    assert sorted(got) == ["pipe", "truck"]
    for mode, net in (("truck", 5500.0), ("pipe", 5000.0)):
        r = got[mode]
        assert (r["n_runs"], r["n_chosen"], r["chosen_pct"]) == (2, 1, 50.0)
        assert (r["amount_mean"], r["amount_min"], r["amount_max"]) == (100.0, 100.0, 100.0)
        assert r["net_benefit_mean_eur_per_yr"] == pytest.approx(net, abs=1e-6)


def test_the_sweep_report_says_each_by_its_transport(swept):
    write_sweep_report(swept / "out", lang="fr")
    html = (swept / "out" / "report.html").read_text(encoding="utf-8")
    table = html[html.index('id="frequency-table"'):]
    table = table[:table.index("</table>")]
    assert "Ressource, transport" in table
    assert table.count('<small class="mode">camion</small>') == 1
    assert table.count('<small class="mode">canalisation</small>') == 1
    write_sweep_report(swept / "out", lang="en")
    html = (swept / "out" / "report.html").read_text(encoding="utf-8")
    assert '<small class="mode">truck</small>' in html and '<small class="mode">pipe</small>' in html


def test_a_resumed_sweep_whose_links_csv_has_no_mode_reads_them_again(swept):
    """links.csv written before the mode (its header lacks the column): a resumed sweep kept
    its results rows and dropped every link of the runs finished, since the journal's columns
    changed; frequency.csv came out empty. Now they are read again from the runs' matches.csv."""
    out = swept / "out"
    old = pd.read_csv(out / "links.csv").drop(columns="mode")
    old.to_csv(out / "links.csv", index=False)
    df = run_sweep(swept / "sweep.yaml", out, n_workers=0, progress=False)
    assert df.attrs == {"solved_now": 0, "resumed": 2}
    assert sorted(pd.read_csv(out / "links.csv")["mode"]) == ["pipe", "truck"]
    assert sorted(pd.read_csv(out / "frequency.csv")["mode"]) == ["pipe", "truck"]


def _links(rows):
    keys = dict(zip(LINK_KEY, ["A", "B", "good", "good", "fa", "fb"]))
    return pd.DataFrame([{"run_id": rid, "base": "b", **keys, "mode": mode, "amount": amount, "unit": "t/yr",
                          "net_benefit_eur_per_yr": net} for rid, mode, amount, net in rows])


def test_frequency_counts_each_run_once_per_exchange():
    """By hand. Run r1 sends 40 t by truck (1,000 EUR/yr) and 60 t by pipe (2,000); r2 100 t by
    pipe (4,000); r3 nothing. Truck: chosen in 1 of 3 runs, 40 t, 1,000 EUR/yr; pipe: 2 of 3,
    mean (60 + 100) / 2 = 80 t (60 to 100), mean net (2,000 + 4,000) / 2 = 3,000. The old key
    made one exchange of 2 runs with the mean of three rows: (40 + 60 + 100) / 3 = 66.7 t.
    A run written before the mode (r4, base c: two rows of one pair, mode '') counts once, its
    amounts added: 30 + 20 = 50 t; a net benefit unknown in one row is unknown in the sum."""
    results = pd.DataFrame({"run_id": ["r1", "r2", "r3", "r4"], "base": ["b", "b", "b", "c"],
                            "objective": [1.0, 2.0, 3.0, 4.0]})
    links = pd.concat([_links([("r1", "truck", 40.0, 1000.0), ("r1", "pipe", 60.0, 2000.0),
                               ("r2", "pipe", 100.0, 4000.0)]),
                       _links([("r4", "", 30.0, 500.0), ("r4", "", 20.0, float("nan"))]).assign(base="c")])
    f = frequency(results, links)
    assert list(f.columns) == FREQUENCY_COLUMNS
    rows = {(r["base"], r["mode"]): r for r in f.to_dict("records")}
    assert sorted(rows) == [("b", "pipe"), ("b", "truck"), ("c", "")]
    pipe, truck, old = rows[("b", "pipe")], rows[("b", "truck")], rows[("c", "")]
    assert (pipe["n_runs"], pipe["n_chosen"]) == (3, 2) and pipe["chosen_pct"] == pytest.approx(200 / 3)
    assert (pipe["amount_mean"], pipe["amount_min"], pipe["amount_max"]) == (80.0, 60.0, 100.0)
    assert pipe["net_benefit_mean_eur_per_yr"] == 3000.0
    assert (truck["n_chosen"], truck["amount_mean"], truck["net_benefit_mean_eur_per_yr"]) == (1, 40.0, 1000.0)
    assert (old["n_runs"], old["n_chosen"], old["chosen_pct"], old["amount_mean"]) == (1, 1, 100.0, 50.0)
    assert math.isnan(old["net_benefit_mean_eur_per_yr"])
    assert list(f["mode"][:2]) == ["pipe", "truck"]   # base b, the most often chosen first
