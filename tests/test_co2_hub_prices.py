"""Captured CO2 through a hub, the storage price bands and the French words of `explain`
(co2conv, 2026-12-06). Three emitters truck their CO2 to a hub and on to a storage terminal
(1 tCO2/t): companies.csv credited the hub with the CO2 avoided and each emitter with none;
the negotiation table had the terminal PAYING the emitters for their CO2 (the carbon value sat
on the terminal's demand), where the emitters pay for storage; `explain` said 'prise par le
réseau de CO2 10 000 t/an' and 'soutirés' where the report says 'prélevé'. Values by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import eitflow
from eitflow.results.rundir import read_run, write_run

sys.path.insert(0, str(Path(__file__).parent))
from test_co2_capture_credit import KM, _scenario  # noqa: E402  (the collection network, direct trucks)

CRF = 0.05 / (1 - 1.05 ** -20)   # capital recovery factor, 5 % over 20 years: 0.0802426


def _hub_files(tmp: Path) -> Path:
    """A scenario written as files: emitters ACI (10,000 t/yr), CIM (8,000), CHX (3,000) at 0, 1
    and 3 km along a meridian, the hub HUB at 2 km, the terminal TER at 6 km (storage: 1 tCO2/t,
    30 EUR/t). The emitters' radius 2.5 km keeps them from the terminal: all goes by the hub."""
    (tmp / "sites.csv").write_text("site_id,name,lat,lon,zone\n" + "".join(
        f"{s},{n},{51.03 + k * KM!r},2.3,{z}\n" for s, n, k, z in [
            ("ACI", "Aciérie", 0, "Est"), ("CIM", "Cimenterie", 1, "Ouest"), ("CHX", "Four à chaux", 3, "Ouest"),
            ("TER", "Terminal CO2", 6, "Port")]), encoding="utf-8")
    (tmp / "flows.csv").write_text(
        "site_id,direction,resource,amount,unit,price_eur_per_unit,co2_factor_t_per_unit,max_distance_km\n"
        "ACI,supply,co2,10000,t/yr,0,,2.5\nCIM,supply,co2,8000,t/yr,0,,2.5\nCHX,supply,co2,3000,t/yr,0,,2.5\n"
        "TER,demand,co2,50000,t/yr,-30,1,4.5\n", encoding="utf-8")
    (tmp / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,unit,fixed_cost_eur_per_yr\n"
                                  f"HUB,Hub CO2,{51.03 + 2 * KM!r},2.3,co2,30000,t/yr,1000\n", encoding="utf-8")
    (tmp / "scenario.yaml").write_text("name: hub co2\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                       "carbon_price_eur_per_t: 100\nsolver:\n  mip_gap: 0\n", encoding="utf-8")
    return tmp / "scenario.yaml"


@pytest.fixture(scope="module")
def hub_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hubco2")
    return read_run(write_run(eitflow.optimise(eitflow.read_scenario(_hub_files(tmp))), tmp / "run"))


# By hand: a truck emits 0.0001 tCO2/t.km over the route (great circle x 1.3). Legs in: ACI 2 km,
# -10,000 x 0.00013 x 2 = -2.6; CIM 1 km, -8,000 x 0.00013 = -1.04; CHX 1 km, -3,000 x 0.00013 =
# -0.39. Out: HUB -> TER 4 km, 21,000 x (1 - 0.00013 x 4) = 20,989.08. Total 20,985.05. Each
# emitter: its own truck, and the stored tonnes by what it brings (of 21,000):
# ACI -2.6 + 20,989.08 x 10/21 = 9,992.2; CIM -1.04 + 20,989.08 x 8/21 = 7,994.8;
# CHX -0.39 + 20,989.08 x 3/21 = 2,998.05.
HUB_EXPECT = {"ACI": -2.6 + 20_989.08 * 10 / 21, "CIM": -1.04 + 20_989.08 * 8 / 21,
              "CHX": -0.39 + 20_989.08 * 3 / 21, "HUB": 0.0, "TER": 0.0}
HUB_TOTAL = 20_989.08 - 2.6 - 1.04 - 0.39


def test_co2_through_a_hub_is_the_emitters(hub_run):
    """companies.csv: before, HUB 20,985.05 tCO2/yr and ACI, CIM, CHX 0; now each emitter's,
    the hub 0; zones.csv by company: Est 9,992.2, Ouest 7,994.8 + 2,998.05 = 10,992.85, Port 0
    (before: '(no zone)', the hub's, 20,985.05). Totals unchanged."""
    m = hub_run.matches
    assert set(m["sink_site"]) == {"HUB", "TER"} and m["amount"].sum() == pytest.approx(42_000.0)
    c = hub_run.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    for site, t in HUB_EXPECT.items():
        assert c[site] == pytest.approx(t, abs=0.01), site
    z = hub_run.zones.set_index("zone")["co2_avoided_t_per_yr"]
    assert z["Est"] == pytest.approx(HUB_EXPECT["ACI"], abs=0.01)
    assert z["Ouest"] == pytest.approx(HUB_EXPECT["CIM"] + HUB_EXPECT["CHX"], abs=0.01)
    assert abs(z.get("(no zone)", 0.0)) < 1e-6 and abs(z["Port"]) < 1e-6
    for total in (c.sum(), z.sum(), m["co2_avoided_after_shares_t_per_yr"].sum(), m["co2_avoided_t_per_yr"].sum()):
        assert total == pytest.approx(HUB_TOTAL, abs=0.01)


def test_a_direct_storage_band_has_the_emitter_paying(tmp_path):
    """A truck CHX -> TER, 1 km (1.3 km of route), 3,000 t/yr. By hand: v = -30 (storage fee)
    + 100 x (1 - 0.00013) carbon value - 20 liquefaction - 0.12 x 1.3 freight = 49.831 EUR/t,
    F = 5,000 + 80,000 x CRF = 11,419.41 EUR/yr. The carbon value 99.987 EUR/t is the emitter's
    (allowances it no longer buys): band from -99.987 (the emitter pays all its carbon value) to
    -(99.987 - 49.831 + 11,419.41 / 3,000) = -53.963 (the terminal only covers its costs);
    suggested -76.975: CHX pays the terminal 76.98 EUR/t. Before: 0 to 46.02, the terminal
    paying 23.01. Each gains (46.0245 / 2) x 3,000 = 69,036.8 EUR/yr either way."""
    data = read_run(write_run(eitflow.optimise(_scenario(direct=True)), tmp_path / "run"))
    pb = data.price_bands.set_index("source_site").loc["CHX"]
    carbon = 100 * (1 - 0.0001 * 1.3)
    v = -30 + carbon - 20 - 0.12 * 1.3
    F = 5_000 + 80_000 * CRF
    hi = v - F / 3_000 - carbon
    assert pb["price_min_eur_per_unit"] == pytest.approx(-carbon, abs=1e-6)
    assert pb["price_max_eur_per_unit"] == pytest.approx(hi, abs=1e-6)
    assert pb["price_suggested_eur_per_unit"] == pytest.approx((hi - carbon) / 2, abs=1e-6)
    half = (v - F / 3_000) / 2 * 3_000
    assert pb["supplier_benefit_eur_per_yr"] == pytest.approx(half, abs=0.01)
    assert pb["buyer_benefit_eur_per_yr"] == pytest.approx(half, abs=0.01)


def test_a_collection_networks_emitters_pay_for_storage(tmp_path):
    """The collection network (`test_co2_capture_credit`): each emitter keeps its carbon value,
    100 EUR/t x 1 tCO2/t, and pays the network; its gain at the suggested price p is
    (100 + p) x its tonnes. Before: bands 0 to 61.91, the network paying 30.96 EUR/t. The
    network still nets its cost: what the terminal and the emitters pay it, less its corridors'
    annual cost, is the same as before (its side of the gains, summed, unchanged)."""
    data = read_run(write_run(eitflow.optimise(_scenario()), tmp_path / "run"))
    pb = data.price_bands
    inj = pb[pb["kind"] == "to_net"].set_index("source_site")
    for site, t in {"ACI": 10_000.0, "CIM": 8_000.0, "CHX": 3_000.0}.items():
        r = inj.loc[site]
        assert r["price_min_eur_per_unit"] == pytest.approx(-100.0)   # all its carbon value
        assert r["price_max_eur_per_unit"] < 0 and r["price_suggested_eur_per_unit"] < 0
        assert r["supplier_benefit_eur_per_yr"] == pytest.approx((100.0 + r["price_suggested_eur_per_unit"]) * t)
    # the two sides' gains still add up to the connections' worth, v x - F (the network's side
    # of them pays its corridors)
    gains = pb["supplier_benefit_eur_per_yr"].sum() + pb["buyer_benefit_eur_per_yr"].sum()
    assert gains == pytest.approx(data.summary["totals"]["links_net_benefit_eur_per_yr"], rel=1e-9)


def test_the_negotiation_says_who_pays_for_storage(hub_run, tmp_path):
    """The report's negotiation section says the convention, in French and English; a run
    without stored CO2 (a greenhouse's merchant CO2, 0.1 t/t) does not."""
    from eitflow.report.html import render_html

    fr, en = render_html(hub_run, "fr"), render_html(hub_run, "en")
    assert "un prix négatif est ce que le fournisseur (l&#x27;émetteur" in fr or \
        "un prix négatif est ce que le fournisseur (l'émetteur" in fr
    assert "a negative price is what the supplier (the emitter" in en
    s = pd.DataFrame({"site_id": ["A", "S"], "name": ["Brasserie", "Serres"], "lat": [51.03, 51.03 + KM], "lon": [2.3, 2.3]})
    f = pd.DataFrame({"site_id": ["A", "S"], "direction": ["supply", "demand"], "resource": "co2",
                      "amount": [1_000.0, 1_000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 150.0]})
    plain = read_run(write_run(eitflow.optimise(eitflow.scenario_from_frames(s, f, name="serres")), tmp_path / "p"))
    assert len(plain.matches) == 1
    assert "negative price" not in render_html(plain, "en")


def test_explain_in_french_says_preleve_and_a_colon(tmp_path):
    """A second terminal T2 within the emitters' reach by truck, storage fee 60 EUR/t: ACI's
    10,000 t/yr all go into the network (worth more), so T2's pair with ACI is capacity_used,
    'prise par le réseau de CO2 : 10 000 t/an' (before: no colon); the terminal on the
    network withdraws, 'prélevés' as the report says (before: 'soutirés')."""
    from eitflow.analyses.explain import explain

    s = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER", "T2"],
                      "name": ["Aciérie", "Cimenterie", "Four à chaux", "Terminal CO2", "Terminal 2"],
                      "lat": [51.03 + i * KM for i in range(4)] + [51.03 - 2 * KM], "lon": [2.3] * 5})
    f = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER", "T2"], "direction": ["supply"] * 3 + ["demand"] * 2,
                      "resource": "co2", "amount": [10_000.0, 8_000.0, 3_000.0, 50_000.0, 5_000.0], "unit": "t/yr",
                      "price_eur_per_unit": [0.0, 0.0, 0.0, -30.0, -60.0],
                      "co2_factor_t_per_unit": [None] * 3 + [1.0, 1.0], "max_distance_km": [10.0] * 3 + [0.1, 10.0]})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2", "k3"], "resource": "co2", "from": ["ACI", "CIM", "CHX"],
                        "to": ["CIM", "CHX", "TER"], "length_km": ["1", "1", "1"]})
    scen = eitflow.scenario_from_frames(s, f, corridors=cor, networks={"co2": {}}, name="deux terminaux",
                                        carbon_price_eur_per_t=100.0, solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    fid = dict(zip(scen.flows["site_id"], scen.flows["flow_id"]))
    row = explain(scen, res, flow_id=fid["T2"], lang="fr").set_index("partner_flow_id").loc[fid["ACI"]]
    assert row["rule"] == "capacity_used"
    assert row["detail"] == "la quantité du partenaire est prise par le réseau de CO2 : 10\u202f000 t/an"
    en = explain(scen, res, flow_id=fid["T2"], lang="en").set_index("partner_flow_id").loc[fid["ACI"], "detail"]
    assert en == "the partner's amount is taken by the CO2 network: 10,000 t/yr"
    ter = explain(scen, res, flow_id=fid["TER"], lang="fr")
    assert ter["detail"].iat[0] == "Terminal CO2 (TER) est raccordé au réseau de CO2 : 21\u202f000 t/an prélevés"


def test_no_french_message_says_soutirer():
    """One French word for what a network's users take: 'prélever', as the report's balance
    ('prélevé par les usagers'); no message says 'soutirer' any more."""
    text = (Path(eitflow.__file__).parent / "data" / "messages.csv").read_text(encoding="utf-8")
    assert "soutir" not in text and "prélevé" in text


def test_the_catalogue_says_why_steam_links_and_networks_lose_differently():
    """A steam link loses 1 %/km of what it carries, a steam network W/m per size. The
    catalogue's source (`_sources.steam_losses`, cited by both entries) states the W/m
    figures' share per km at the network's load factor, checked here from the sizes by hand:
    DN200 84.2 W/m x 8.76 = 737.6 MWh/yr per km over 8.93 MW x 0.7 x 8,760 = 54,759 MWh/yr:
    1.35 %/km; DN50 42 x 8.76 = 367.9 over 0.601 x 0.7 x 8,760 = 3,685: 10.0 %/km."""
    cat = yaml.safe_load((Path(eitflow.__file__).parent / "data" / "resources.yaml").read_text(encoding="utf-8"))
    st, src = cat["steam"], cat["_sources"]["steam_losses"]
    assert st["loss_share_per_km"] == 0.01 and "steam_losses" in st["network"]["source"]
    sizes = {s["name"]: s for s in st["network"]["sizes"]}
    share = lambda n: sizes[n]["loss_w_per_m"] * 8.76 / (sizes[n]["capacity"] * st["network"]["load_factor"] * 8760)  # noqa: E731
    assert share("DN200") == pytest.approx(0.0135, abs=5e-5) and "DN200 84.2 W/m 737.6 / 54,759 = 1.35 %/km" in src
    assert share("DN50") == pytest.approx(0.0998, abs=5e-4) and "DN50 42 W/m 368 / 3,685 = 10.0 %/km" in src
    assert "1 %/km" in src
