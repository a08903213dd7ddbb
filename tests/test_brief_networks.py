"""A shared network in the one-page brief (issue #15): one row for the network, its injections
and withdrawals together, not one row per connection. Under the postage-stamp rule (README "A
connection's own figure") a delivery bears the network's cost and an injection none: on a CO2
collection network the terminal's connection showed the whole network's cost, a loss at the
top of the brief, while companies.csv gives the terminal a gain. Figures by hand below."""

from __future__ import annotations

import html as html_lib

import pandas as pd
import pytest

import eitflow
from brief_runs import open_briefs
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_run
from eitflow.results.shares import network_lines
from figures import top_cells

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)
CRF = 0.05 / (1 - 1.05 ** -20)   # 0.0802426: 5 % over 20 years (the defaults)

# By hand, the bundled catalogue's co2 network (t/h, load factor 0.7, O&M 2 %/yr, connection
# 80,000 EUR): emitters ACI 10,000, CIM 8,000, CHX 3,000 t/yr in a line 1 km apart, the terminal
# TER 1 km further. A DN50 rated in dense phase (54.5 mm inside, 800 kg/m3 at 2 m/s) carries
# pi x 0.0545^2 / 4 x 800 x 2 x 3.6 = 13.437 t/h, x 8,760 x 0.7 = 82,396 t/yr: all three corridors
# (10,000, 18,000 and 21,000 t/yr) are DN50s (448 EUR/m).
INVEST = 448 * 3_000                                 # 1,344,000 EUR
CORRIDORS = INVEST * (CRF + 0.02)                    # 134,726.04 EUR/yr
CONNECTION = 80_000 * CRF                            # 6,419.41 EUR/yr each, four connections
EMITTERS = {"ACI": 10_000.0, "CIM": 8_000.0, "CHX": 3_000.0}
# each emitter's injection pays its compression into dense phase: 0.11 MWh/t x 80 EUR/MWh = 8.8 EUR/t
# (21,000 x 8.8 = 184,800 EUR/yr) and emits 0.11 x 0.052 = 0.00572 tCO2/t (120.12 tCO2/yr)
TOTAL = (60.0 - 8.8) * 21_000 - 4 * CONNECTION - CORRIDORS  # 1,075,200 - 25,677.63 - 134,726.04 = 914,796.33
TERMINAL = -CONNECTION - CORRIDORS                   # the terminal's connection alone: -141,145.45
CO2 = (0.1 - 0.00572) * 21_000                       # 2,100 - 120.12 = 1,979.88 tCO2/yr (co2_factor 0.1 t/t)


@pytest.fixture(scope="module")
def co2_run(tmp_path_factory):
    sites = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER"],
                          "name": ["Aciérie Grande-Synthe", "Cimenterie de Dannes", "Four à chaux", "Terminal CO2"],
                          "lat": [51.03 + i * KM for i in range(4)], "lon": [2.3] * 4})
    flows = pd.DataFrame({"site_id": ["ACI", "CIM", "CHX", "TER"], "direction": ["supply"] * 3 + ["demand"],
                          "resource": "co2", "amount": [*EMITTERS.values(), 50_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [60.0, 60.0, 60.0, 0.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2", "k3"], "resource": "co2", "from": ["ACI", "CIM", "CHX"],
                        "to": ["CIM", "CHX", "TER"], "length_km": ["1", "1", "1"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}}, name="collecte",
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})
    res = eitflow.optimise(scen)
    assert res.objective == pytest.approx(TOTAL, abs=0.01)
    return write_run(res, tmp_path_factory.mktemp("co2net") / "run")


def test_a_co2_collection_network_is_one_row_of_the_brief_adding_up_to_the_plan(co2_run):
    """Before: four rows, 593,581 / 473,581 / 173,581 EUR/yr (the emitters' injections,
    60 EUR/t less their connection) and 'Réseau de CO2 → Terminal CO2: -150,568 EUR/yr' with
    all 2,100 tCO2/yr (figures with the CO2 pipes rated as a gas at 20 bar, before 2026-12-06).
    Now one row 'Réseau de CO2 : 3 sites → Terminal CO2', the plan's total (914,796.33 EUR/yr
    with the dense-phase ratings and the compression, 1,099,596.33 without) and 1,979.88 tCO2/yr:
    no negative figure."""
    data = read_run(co2_run)
    m = data.matches
    # the rule's split itself is unchanged (companies.csv and matches.csv as documented)
    assert float(m.loc[m["sink_site"] == "TER", "net_benefit_after_shares_eur_per_yr"].iat[0]) == pytest.approx(TERMINAL)
    for lang, route in (("fr", "Réseau de CO2 : 3 sites → Terminal CO2"), ("en", "CO2 network: 3 sites → Terminal CO2")):
        page = render_brief(data, lang)
        for tid in ("top-net", "top-co2"):
            rows = top_cells(page, tid)
            assert rows == [[None, pytest.approx(TOTAL, abs=0.01), pytest.approx(CO2)]]
        assert route in html_lib.unescape(page)
        # the 3 sites named under the row: 12 + 21 + 2 + 19 + 2 + 12 = 68 <= 76 characters
        said = "Injectent : " if lang == "fr" else "Injecting: "
        assert html_lib.unescape(page).count(f'<span class="route sites">{said}Aciérie Grande-Synthe, Cimenterie de Dannes, '
                                             'Four à chaux</span>') == 1   # the first table's row
        assert 'id="brief-netline-note"' in page and 'id="brief-net-note"' not in page
        # the plan's one row, in one table (`test_brief_tables_differ`)
        assert (">La synergie retenue<" if lang == "fr" else ">The chosen synergy<") in page


def test_network_lines_sum_the_connections_after_shares(co2_run):
    """`results.shares.network_lines`, the brief's figure: the sums of matches.csv's figures
    after shares of the network's four connections (by hand above), the emitters injecting,
    the terminal withdrawing 21,000 t/yr."""
    other, nets = network_lines(read_run(co2_run).matches)
    assert len(other) == 0 and len(nets) == 1
    row = nets.iloc[0]
    assert row["injecting"] == ("ACI", "CIM", "CHX") and row["withdrawing"] == ("TER",)   # largest first
    assert (row["amount"], row["unit"]) == (21_000.0, "t/yr")
    assert row["net_benefit_after_shares_eur_per_yr"] == pytest.approx(TOTAL, abs=0.01)
    assert row["co2_avoided_after_shares_t_per_yr"] == pytest.approx(CO2)



def test_a_hydrogen_network_from_one_electrolyser_is_one_row(tmp_path):
    """An electrolyser ELY (2,000 t/yr, price 0) feeds a refinery, a steelworks and a chemical
    plant (800, 500, 300 t/yr at 3,000 EUR/t) 2, 4 and 6 km north along three 2 km corridors.
    By hand (the catalogue's hydrogen network): a DN50 carries 0.269 x 8,760 x 0.7 = 1,649.5
    t/yr >= 1,600, so three DN50s, 6,000 m x 498 EUR/m = 2,988,000 EUR, x (CRF 0.0802426 + O&M
    0.02) = 299,525.03 EUR/yr; four connections of 100,000 EUR, 8,024.26 EUR/yr each. The plan:
    3,000 x 1,600 - 4 x 8,024.26 - 299,525.03 = 4,468,377.93 EUR/yr, CO2 11 t/t x 1,600 =
    17,600 tCO2/yr. Before, the brief's last row was the injection alone,
    'Électrolyseur → Réseau d'hydrogène: -8,024 EUR/yr' (its connection); now one row, its
    sites named where they fit the row (English: 40 characters beside 'Hydrogen network'), else
    counted (French: 'Réseau d'hydrogène' leaves 38)."""
    sites = pd.DataFrame({"site_id": ["ELY", "RAF", "ACI", "CHI"],
                          "name": ["Électrolyseur", "Raffinerie", "Aciérie", "Chimie"],
                          "lat": [43.43 + 2 * i * KM for i in range(4)], "lon": [4.9] * 4})
    flows = pd.DataFrame({"site_id": ["ELY", "RAF", "ACI", "CHI"], "direction": ["supply"] + ["demand"] * 3,
                          "resource": "hydrogen", "amount": [2000.0, 800.0, 500.0, 300.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0, 3000.0, 3000.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2", "k3"], "resource": "hydrogen", "from": ["ELY", "RAF", "ACI"],
                        "to": ["RAF", "ACI", "CHI"], "length_km": ["2", "2", "2"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"hydrogen": {}}, name="h2",
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})
    total = 3000.0 * 1600 - 4 * 100_000 * CRF - 2_988_000 * (CRF + 0.02)
    data = read_run(write_run(eitflow.optimise(scen), tmp_path / "run"))
    for lang, route in (("fr", "Réseau d'hydrogène : Électrolyseur → 3 sites"),
                        ("en", "Hydrogen network: Électrolyseur → Raffinerie, Aciérie, Chimie")):
        page = render_brief(data, lang)
        for tid in ("top-net", "top-co2"):
            assert top_cells(page, tid) == [[None, pytest.approx(total, abs=0.01), pytest.approx(11.0 * 1600)]]
        assert route in html_lib.unescape(page)

def test_the_network_row_fits_its_page_unscaled(browser, co2_run):
    """The CO2 network's brief, French and English, in Chromium at the print window's 1,054 px:
    the network's row on one line, not clipped, the page not scaled (one A4 page at 100 %)."""
    for lang, _ in open_briefs(browser, co2_run):
        assert browser.js("document.querySelector('.brief-page').getAttribute('data-zoom')") == "1.000", lang
        route = browser.js("(() => {const r = document.querySelector('#top-net td.ex .route');"
                           "return [r.scrollWidth, r.clientWidth, r.getBoundingClientRect().height];})()")
        assert route[0] <= route[1] + 1, (lang, route)
