"""not_chosen.csv and the report's map list the legs of a candidate hub left without flow: a
station too dear to build is seen, with why, beside the direct links it competed with."""

import pandas as pd
from click.testing import CliRunner

from eitflow.cli.main import main

CRF = 0.05 / (1 - 1.05 ** -20)   # the default 5 % over 20 years, by hand


def _run(tmp_path, investment: float, links: str = ""):
    d = tmp_path / "s"
    d.mkdir()
    (d / "sites.csv").write_text("site_id,name,lat,lon,zone\nELEC,Electrolyseur,47.65,-2.08,Redon\n"
                                 "DEPOT,Depot bus,47.67,-2.10,Redon\nBENNES,Bennes,47.64,-2.05,Redon\n", encoding="utf-8")
    (d / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"
                                 "h2,ELEC,supply,hydrogen,100,t/yr,0\nbus,DEPOT,demand,hydrogen,60,t/yr,12000\n"
                                 "benne,BENNES,demand,hydrogen,30,t/yr,9000\n", encoding="utf-8")
    (d / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,unit,investment_eur,fixed_cost_eur_per_yr\n"
                                f"HRS,Station,47.655,-2.085,hydrogen,200,t/yr,{investment:.0f},0\n", encoding="utf-8")
    if links:
        (d / "links.csv").write_text(links, encoding="utf-8")
    (d / "scenario.yaml").write_text("name: hubs\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                     + ("links: links.csv\n" if links else "") +
                                     "discount_rate: 0.05\nlifetime_years: 20\nsolver:\n  mip_gap: 0.0\n", encoding="utf-8")
    out = tmp_path / "r"
    res = CliRunner().invoke(main, ["run", str(d / "scenario.yaml"), "--out", str(out), "--report", "--lang", "fr", "-q"])
    assert res.exit_code == 0, res.output
    return out


def test_a_hub_too_dear_to_build_has_its_legs_listed(tmp_path):
    out = _run(tmp_path, 50_000_000)
    nc = pd.read_csv(out / "not_chosen.csv", keep_default_na=False)
    legs = nc[(nc["source_site"] == "HRS") | (nc["sink_site"] == "HRS")]
    # its three legs: the electrolyser's into it, and out of it to each depot
    assert sorted(zip(legs["source_site"], legs["sink_site"])) == [("ELEC", "HRS"), ("HRS", "BENNES"), ("HRS", "DEPOT")]
    assert set(legs["reason"]) == {"hub_not_built"}
    assert legs.set_index("sink_site").loc["HRS", "supply_flow_id"] == "h2"
    assert sorted(legs.loc[legs["source_site"] == "HRS", "demand_flow_id"]) == ["benne", "bus"]
    cost = f"{CRF * 50_000_000:,.0f}"   # 4,012,129 EUR/yr
    assert all(f"the plan does better without it (its annual cost {cost} EUR/yr;" in d for d in legs["detail"])
    assert (legs["value_alone_eur_per_yr"] == "").all()   # a leg earns nothing alone: no figure, not 0
    # the direct links are still listed as before
    assert {"demand_met"} <= set(nc.loc[~nc.index.isin(legs.index), "reason"])
    # the report's map draws them (dashed, hidden until toggled) and its table names the reason
    html = (out / "report.html").read_text(encoding="utf-8")
    layer = html[html.index('<g class="map-notchosen notchosen">'):html.index('<g class="map-unmatched">')]
    assert layer.count('data-reason="hub_not_built"') == 3
    assert "hub non construit" in html


def test_a_built_hub_has_no_leg_listed_as_not_built(tmp_path):
    # links.csv names the hydrogen legs through the station only: the depots are served through it
    out = _run(tmp_path, 10_000, links="source_site,sink_site,supply_resource,demand_resource\n"
                                       "ELEC,HRS,hydrogen,hydrogen\nHRS,DEPOT,hydrogen,hydrogen\n"
                                       "HRS,BENNES,hydrogen,hydrogen\n")
    assert pd.read_csv(out / "hubs.csv")["hub_id"].tolist() == ["HRS"]   # built
    nc = pd.read_csv(out / "not_chosen.csv", keep_default_na=False)
    assert "hub_not_built" not in set(nc["reason"])
