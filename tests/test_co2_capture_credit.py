"""Captured CO2 is avoided at the emitter (usertrial, 2026-12-06). On a CO2 collection network
the terminal's withdrawal carried the whole network's CO2 avoided (matches.csv
`co2_avoided_after_shares_t_per_yr`), and companies.csv and zones.csv counted CO2 at the buyer:
an elected official read 'Aciérie 0 tCO2/an, Terminal 21,000 tCO2/an', while each emitter's
captured CO2 is what it no longer emits. Now a resource that IS captured CO2 (`co2`) credits
the emitter: a network's withdrawals pass their CO2 to its injections, by what each injects;
totals unchanged. Figures by hand below."""

from __future__ import annotations

import html

import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import read_run, write_run

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)

# Emitters ACI 10,000, CIM 8,000, CHX 3,000 t/yr in a line 1 km apart, the terminal TER 1 km
# further; the terminal stores CO2 (co2_factor 1 tCO2/t: a tonne stored is a tonne not emitted,
# storage fee 30 EUR/t). The catalogue's CO2 network has no losses, so the terminal withdraws
# 21,000 t/yr and avoids 1 x 21,000 = 21,000 tCO2/yr, of which each emitter's is its own tonnes.
# Each injection pays its compression into dense phase, 0.11 MWh/t of electricity at 0.052
# tCO2/MWh: 0.00572 tCO2/t its emitter emits, so each is credited its tonnes x (1 - 0.00572).
EMITTERS = {"ACI": 10_000.0, "CIM": 8_000.0, "CHX": 3_000.0}
NET = 1 - 0.11 * 0.052                                  # 0.99428 tCO2 avoided per tonne captured
CREDIT = {s: t * NET for s, t in EMITTERS.items()}      # ACI 9,942.8, CIM 7,954.24, CHX 2,982.84
TOTAL_CO2 = 21_000.0 * NET                              # 21,000 - 120.12 = 20,879.88
ZONES = {"ACI": "Est", "CIM": "Ouest", "CHX": "Ouest", "TER": "Port", "SER": "Port"}


def _scenario(direct: bool = False) -> eitflow.Scenario:
    sites = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER"],
                          "name": ["Aciérie", "Cimenterie", "Four à chaux", "Terminal CO2"],
                          "lat": [51.03 + i * KM for i in range(4)], "lon": [2.3] * 4,
                          "zone": [ZONES[s] for s in ("ACI", "CIM", "CHX", "TER")]})
    flows = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER"], "direction": ["supply"] * 3 + ["demand"],
                          "resource": "co2", "amount": [*EMITTERS.values(), 50_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 0.0, 0.0, -30.0], "co2_factor_t_per_unit": [None] * 3 + [1.0],
                          "max_distance_km": 10.0 if direct else 0.1})
    if direct:   # no network: a truck from each emitter to the terminal
        return eitflow.scenario_from_frames(sites, flows, name="direct", solver={"mip_gap": 0.0},
                                            carbon_price_eur_per_t=100.0)
    cor = pd.DataFrame({"corridor_id": ["k1", "k2", "k3"], "resource": "co2", "from": ["ACI", "CIM", "CHX"],
                        "to": ["CIM", "CHX", "TER"], "length_km": ["1", "1", "1"]})
    return eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}}, name="collecte", carbon_price_eur_per_t=100.0,
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})


@pytest.fixture(scope="module")
def co2_net(tmp_path_factory):
    return read_run(write_run(eitflow.optimise(_scenario()), tmp_path_factory.mktemp("cap") / "run"))


def test_each_emitters_connection_carries_its_captured_co2(co2_net):
    """Before: injections 0, 0, 0 and the terminal's withdrawal 21,000 tCO2/yr. Now each
    injection its own tonnes x 1 tCO2/t, the withdrawal 0; the raw column and the sum unchanged."""
    m = co2_net.matches
    after = m.set_index(m["source_site"].astype(str) + ">" + m["sink_site"].astype(str))["co2_avoided_after_shares_t_per_yr"]
    for site, t in CREDIT.items():
        assert after[f"{site}>network:co2"] == pytest.approx(t)
    assert after["network:co2>TER"] == pytest.approx(0.0, abs=1e-9)
    assert after.sum() == pytest.approx(TOTAL_CO2)
    assert m["co2_avoided_t_per_yr"].sum() == pytest.approx(TOTAL_CO2)   # the raw legs: headline unchanged


def test_companies_and_zones_credit_the_emitters(co2_net):
    """companies.csv: ACI 9,942.8, CIM 7,954.24, CHX 2,982.84 (their tonnes less their
    compression's 0.00572 t/t), TER 0 tCO2/yr (before: TER all and the emitters 0); zones.csv (by
    company, the default rule): Est 9,942.8, Ouest 7,954.24 + 2,982.84 = 10,937.08, Port 0
    (before: Port all). Both sum to the headline."""
    c = co2_net.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    for site, t in {**CREDIT, "TER": 0.0}.items():
        assert c[site] == pytest.approx(t, abs=1e-6)
    z = co2_net.zones.set_index("zone")["co2_avoided_t_per_yr"]
    assert z["Est"] == pytest.approx(9_942.8) and z["Ouest"] == pytest.approx(10_937.08)
    assert z["Port"] == pytest.approx(0.0, abs=1e-6)
    assert c.sum() == pytest.approx(TOTAL_CO2) and z.sum() == pytest.approx(TOTAL_CO2)


def test_a_direct_co2_link_credits_its_emitter_too(tmp_path):
    """Without the network (a truck from each emitter, 1, 2 and 3 km, to the terminal): each
    link avoids 1 tCO2/t less the truck's 0.0001 tCO2/t.km x 1.3 detour x km; companies.csv
    credits the emitter: ACI 10,000 x (1 - 0.0001 x 1.3 x 3) = 9,996.1, CIM 8,000 x (1 - 0.00026)
    = 7,997.92, CHX 3,000 x (1 - 0.00013) = 2,999.61, TER 0 (before: TER all 20,993.63)."""
    data = read_run(write_run(eitflow.optimise(_scenario(direct=True)), tmp_path / "run"))
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    expect = {"ACI": 10_000 * (1 - 0.0001 * 1.3 * 3), "CIM": 8_000 * (1 - 0.0001 * 1.3 * 2),
              "CHX": 3_000 * (1 - 0.0001 * 1.3 * 1), "TER": 0.0}
    for site, t in expect.items():
        assert c[site] == pytest.approx(t, abs=0.01)
    assert c.sum() == pytest.approx(sum(expect.values()), abs=0.01)


def test_the_reports_table_of_exchanges_says_the_rule(co2_net):
    """The report's table of exchanges shows each emitter's own tonnes under 'CO2 après parts'
    beside its raw 0 and says why, in French and English; a run without captured CO2 does not."""
    from eitflow.report.sections import matches_table

    fr, en = (html.unescape(matches_table(co2_net, lang)) for lang in ("fr", "en"))
    assert "Sur un réseau de CO2 capté, ce qui part au stockage évite l'émission des émetteurs" in fr
    assert "On a network of captured CO2" in en
    assert 'data-v="9942.8">9\u202f942,8<' in fr   # ACI's 10,000 t x 0.99428 tCO2/t, French number format


def test_a_placed_capture_unit_is_credited_in_placements(tmp_path):
    """`eitflow site`: a capture unit CAPT (10,000 t/yr of CO2, nothing to build) on plot P1,
    2 km due north of the terminal TER (1 tCO2/t stored), trucks its CO2 there. placements.csv's
    CO2 was that of the exchanges the activity buys from: 0; now its captured CO2, as
    companies.csv: 10,000 x (1 - 0.0001 tCO2/t.km x 1.3 detour x 2 km) = 9,997.4 tCO2/yr."""
    from eitflow.analyses.siting import site, siting_files
    from eitflow.results.rundir import write_files

    sites = pd.DataFrame({"site_id": ["TER"], "name": ["Terminal CO2"], "lat": [51.03], "lon": [2.3]})
    flows = pd.DataFrame({"site_id": ["TER"], "direction": ["demand"], "resource": ["co2"], "amount": [50_000.0],
                          "unit": ["t/yr"], "price_eur_per_unit": [-30.0], "co2_factor_t_per_unit": [1.0]})
    plots = pd.DataFrame({"plot_id": ["P1"], "lat": [51.03 + 2 * KM], "lon": [2.3], "area_ha": [2.0],
                          "allowed_uses": ["industry"], "land_rent_eur_per_ha_yr": [0.0]})
    acts = pd.DataFrame({"activity_id": ["CAPT"], "land_ha": [1.0], "uses": ["industry"], "investment_eur": [0]})
    aflows = pd.DataFrame({"activity_id": ["CAPT"], "direction": "supply", "resource": ["co2"],
                           "amount": [10_000.0], "unit": "t/yr", "price_eur_per_unit": [0.0]})
    sr = site(eitflow.scenario_from_frames(sites, flows, plots=plots, activities=acts, activity_flows=aflows,
                                           carbon_price_eur_per_t=100.0, solver={"mip_gap": 0.0}))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    data = read_run(out)
    expect = 10_000 * (1 - 0.0001 * 1.3 * 2)
    assert float(data.placements["co2_avoided_t_per_yr"].iat[0]) == pytest.approx(expect, abs=0.01)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    assert c[str(data.placements["site_id"].iat[0])] == pytest.approx(expect, abs=0.01) and c["TER"] == 0.0


def test_co2_used_by_a_greenhouse_stays_the_greenhouses(tmp_path):
    """CO2 released again where it is used (a greenhouse SER, 2,000 t/yr at 120 EUR/t: the
    catalogue's 0.1 tCO2/t of merchant CO2 replaced) counts at the buyer, as before; only the
    stored tonnes pass to the emitters. SER 1 km past the terminal on a fourth corridor takes
    2,000 t (130 EUR/t against the terminal's 70), the terminal 21,000 - 2,000 = 19,000 (1 tCO2/t).
    By hand: SER 0.1 x 2,000 = 200; the 19,000 stored split by what each injects (of 21,000):
    ACI 19,000 x 10/21 = 9,047.62, CIM x 8/21 = 7,238.10, CHX x 3/21 = 2,714.29, each less its
    compression's 0.11 MWh/t x 0.052 tCO2/MWh = 0.00572 t/t (ACI 57.2, CIM 45.76, CHX 17.16 t);
    TER 0; 19,200 - 120.12 = 19,079.88."""
    s = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER", "SER"],
                      "name": ["Aciérie", "Cimenterie", "Four à chaux", "Terminal CO2", "Serres"],
                      "lat": [51.03 + i * KM for i in range(5)], "lon": [2.3] * 5,
                      "zone": [ZONES[x] for x in ("ACI", "CIM", "CHX", "TER", "SER")]})
    f = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER", "SER"], "direction": ["supply"] * 3 + ["demand"] * 2,
                      "resource": "co2", "amount": [*EMITTERS.values(), 50_000.0, 2_000.0], "unit": "t/yr",
                      "price_eur_per_unit": [0.0, 0.0, 0.0, -30.0, 120.0],
                      "co2_factor_t_per_unit": [None] * 3 + [1.0, None], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2", "k3", "k4"], "resource": "co2", "from": ["ACI", "CIM", "CHX", "TER"],
                        "to": ["CIM", "CHX", "TER", "SER"], "length_km": ["1", "1", "1", "1"]})
    res = eitflow.optimise(eitflow.scenario_from_frames(s, f, corridors=cor, networks={"co2": {}}, name="mixte",
                                                        carbon_price_eur_per_t=100.0, solver={"mip_gap": 0.0}))
    data = read_run(write_run(res, tmp_path / "run"))
    got = data.matches.set_index("sink_site")["amount"]
    assert got["SER"] == pytest.approx(2_000.0) and got["TER"] == pytest.approx(19_000.0)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    own = 0.11 * 0.052                                   # tCO2 per tonne compressed into the network
    expect = {"ACI": 19_000 * 10 / 21 - 10_000 * own, "CIM": 19_000 * 8 / 21 - 8_000 * own,
              "CHX": 19_000 * 3 / 21 - 3_000 * own, "TER": 0.0, "SER": 200.0}
    for site, t in expect.items():
        assert c[site] == pytest.approx(t, abs=0.01)
    assert c.sum() == pytest.approx(19_200.0 - 21_000 * own)
