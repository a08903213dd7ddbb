"""Captured CO2 sent to storage, said by the user (co2store, 2026-12-06). Before: an exchange of
captured CO2 counted as storage (its CO2 avoided credited to the emitters, the emitters paying
the storage) only when its buyer avoided at least 0.5 tCO2 per t, a rule no input could change;
`co2_by_end` told a network's injection of stored CO2 by its figure after shares being above
its raw one (its kind is lost when the network's rows are split over the companies it serves);
a collection network where one emitter pipes its CO2 in and another trucks it to a hub standing
on the network credited the trucking emitter with all of it; and price_bands.csv and
results.xlsx did not say that the emitter pays for the storage. Figures by hand below."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.errors import ScenarioError
from eitflow.results.rundir import read_run, write_run

sys.path.insert(0, str(Path(__file__).parent))
from test_co2_capture_credit import KM  # noqa: E402  (degrees of latitude per km)

CRF = 0.05 / (1 - 1.05 ** -20)   # capital recovery factor, 5 % over 20 years: 0.0802426
TRUCK = 0.0001 * 1.3             # tCO2 per t for 1 km of great circle (0.0001 tCO2/t.km, detour 1.3)


def _truck(factor: float, use: str | None, price: float = 0.0) -> eitflow.Scenario:
    """CHX (3,000 t/yr of captured CO2) 1 km south of a buyer BUY of CO2 (its co2_factor and
    co2_use as given), carbon at 100 EUR/tCO2: one truck link."""
    sites = pd.DataFrame({"site_id": ["CHX", "BUY"], "name": ["Four à chaux", "Acheteur"],
                          "lat": [51.03, 51.03 + KM], "lon": [2.3, 2.3], "zone": ["Ouest", "Port"]})
    flows = pd.DataFrame({"site_id": ["CHX", "BUY"], "direction": ["supply", "demand"], "resource": "co2",
                          "amount": [3_000.0, 50_000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, price],
                          "co2_factor_t_per_unit": [None, factor], "max_distance_km": 10.0})
    if use is not None:
        flows["co2_use"] = ["", use]
    return eitflow.scenario_from_frames(sites, flows, name="camion", carbon_price_eur_per_t=100.0,
                                        solver={"mip_gap": 0.0})


def _run(scen: eitflow.Scenario, tmp: Path):
    return read_run(write_run(eitflow.optimise(scen), tmp / "run"))


# A mineraliser BUY keeping CO2 out of the air at 0.4 tCO2/t, storage free (price 0). By hand:
# CO2 avoided 3,000 x (0.4 - 0.00013) = 1,199.61 tCO2/yr; v = 0 + 100 x 0.39987 carbon value
# - 20 liquefaction - 0.12 x 1.3 freight = 19.831 EUR/t; F = 5,000 + 80,000 x CRF = 11,419.41 EUR/yr.
MIN_CO2 = 3_000 * (0.4 - TRUCK)
MIN_CARBON = 100 * (0.4 - TRUCK)                 # 39.987 EUR/t
MIN_V = MIN_CARBON - 20 - 0.12 * 1.3             # 19.831 EUR/t
MIN_F = 5_000 + 80_000 * CRF                     # 11,419.41 EUR/yr


def test_co2_use_storage_credits_the_emitter_below_the_rule(tmp_path):
    """co2_use = storage on BUY's demand: companies.csv and zones.csv credit CHX with the
    1,199.61 tCO2/yr and BUY 0 (before: 0.4 < 0.5 t/t, so BUY 1,199.61 and CHX 0, and the column
    was not read); the band moves down by the carbon value 39.987 EUR/t: from -39.987 to
    19.831 - 39.987 - 11,419.41 / 3,000 = -23.962, suggested -31.975 (CHX pays). Each partner
    still gains (19.831 - 3.806) / 2 x 3,000 = 24,036.8 EUR/yr."""
    data = _run(_truck(0.4, "storage"), tmp_path)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    assert c["CHX"] == pytest.approx(MIN_CO2, abs=1e-6) and c["BUY"] == pytest.approx(0.0, abs=1e-9)
    z = data.zones.set_index("zone")["co2_avoided_t_per_yr"]
    assert z["Ouest"] == pytest.approx(MIN_CO2, abs=1e-6) and z["Port"] == pytest.approx(0.0, abs=1e-9)
    assert bool(data.matches["co2_at_source"].iat[0])
    pb = data.price_bands.iloc[0]
    hi = MIN_V - MIN_F / 3_000 - MIN_CARBON
    assert pb["price_min_eur_per_unit"] == pytest.approx(-MIN_CARBON, abs=1e-6)
    assert pb["price_max_eur_per_unit"] == pytest.approx(hi, abs=1e-6)
    assert pb["price_suggested_eur_per_unit"] == pytest.approx((hi - MIN_CARBON) / 2, abs=1e-6)
    half = (MIN_V - MIN_F / 3_000) / 2 * 3_000
    assert pb["supplier_benefit_eur_per_yr"] == pytest.approx(half, abs=0.01)
    assert pb["buyer_benefit_eur_per_yr"] == pytest.approx(half, abs=0.01)
    # totals = sum of parts, in every view
    for total in (c.sum(), z.sum(), data.summary["totals"]["co2_avoided_t_per_yr"]):
        assert total == pytest.approx(MIN_CO2, abs=1e-6)


def test_without_co2_use_the_rule_still_decides(tmp_path):
    """No co2_use column: the 0.5 t/t rule, as before. BUY at 0.4 tCO2/t keeps its 1,199.61 and
    the band is not moved: 0 to 19.831 - 3.806 = 16.025 EUR/t."""
    data = _run(_truck(0.4, None), tmp_path)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    assert c["BUY"] == pytest.approx(MIN_CO2, abs=1e-6) and c["CHX"] == pytest.approx(0.0, abs=1e-9)
    assert data.price_bands["price_min_eur_per_unit"].iat[0] == pytest.approx(0.0, abs=1e-9)
    assert data.price_bands["price_max_eur_per_unit"].iat[0] == pytest.approx(MIN_V - MIN_F / 3_000, abs=1e-6)
    assert data.price_bands["price_note"].fillna("").iat[0] == ""


def test_co2_use_utilisation_keeps_the_buyers_credit_above_the_rule(tmp_path):
    """co2_use = utilisation at 1 tCO2/t (a buyer that uses it, whatever its factor says): BUY is
    credited 3,000 x (1 - 0.00013) = 2,999.61 tCO2/yr and CHX 0 (before: the rule said storage,
    CHX 2,999.61); its band is not moved: from 0."""
    data = _run(_truck(1.0, "Utilisation", price=-30.0), tmp_path)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    assert c["BUY"] == pytest.approx(3_000 * (1 - TRUCK), abs=1e-6) and c["CHX"] == pytest.approx(0.0, abs=1e-9)
    assert data.price_bands["price_min_eur_per_unit"].iat[0] == pytest.approx(0.0, abs=1e-9)
    assert not bool(data.matches["co2_at_source"].iat[0])


def test_a_bad_co2_use_is_named_by_file_row_and_column(tmp_path):
    """A value that is neither storage nor utilisation, or co2_use on a supply or on a demand of
    another resource, is refused naming the file, the row and the column, in English and French
    (before: the column was unknown and ignored)."""
    import eitflow.i18n as i18n

    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nACI,51.03,2.3\nTER,51.04,2.3\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text(
        "site_id,direction,resource,amount,unit,price_eur_per_unit,temperature_c,co2_use\n"
        "ACI,supply,co2,10000,t/yr,0,,storage\nTER,demand,co2,50000,t/yr,-30,,enfouissement\n"
        "TER,demand,heat,500,MWh/yr,30,60,utilisation\nTER,demand,co2,500,t/yr,30,,\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: v\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        eitflow.read_scenario(tmp_path / "scenario.yaml")
    said = {(p.row, p.column): str(p.message) for p in exc.value.problems}
    assert set(said) == {(2, "co2_use"), (3, "co2_use"), (4, "co2_use")}
    # 'stockage' is French for storage, read since 2026-12-06 (test_french_co2_use_...): the bad value is another
    assert said[(3, "co2_use")].startswith("expected 'storage' (kept out of the air") and \
        "(found 'enfouissement')" in said[(3, "co2_use")]
    assert said[(2, "co2_use")] == "co2_use applies to demands of captured CO2 (co2) only: leave it empty on this row"
    assert "flows.csv, row 3, column 'co2_use': expected 'storage'" in str(exc.value)
    fr = {p.row: i18n.say(p.message, "fr") for p in exc.value.problems}
    assert fr[3].startswith("attendu 'stockage' ou 'storage' (le CO2 évité est celui des émetteurs)"), fr[3]


@pytest.mark.parametrize("fr, en", [("stockage", "storage"), ("Valorisation", "utilisation"),
                                    (" utilisation ", "utilisation"), ("STOCKAGE", "storage")])
def test_french_co2_use_reads_as_its_english_code(tmp_path, fr, en):
    """A French flows.csv's co2_use, as a French analyst writes it ('stockage', 'valorisation' or
    'utilisation'), means what the English code means: the same CO2 per company as the code
    (before: refused, "attendu 'storage' ... (trouvé : 'stockage')"). Written as `eitflow init
    --lang fr` writes its templates: ';' between cells, decimal commas."""
    (tmp_path / "sites.csv").write_text("site_id;lat;lon;zone\nCHX;51,03;2,3;Ouest\n"
                                        f"BUY;{str(51.03 + KM).replace('.', ',')};2,3;Port\n", encoding="utf-8")
    flows = ("site_id;direction;resource;amount;unit;price_eur_per_unit;co2_factor_t_per_unit;max_distance_km;co2_use\n"
             "CHX;supply;co2;3000;t/yr;0;;10;\nBUY;demand;co2;50000;t/yr;{p};{f};10;{u}\n")
    (tmp_path / "scenario.yaml").write_text("name: v\nlang: fr\nsites: sites.csv\nflows: flows.csv\n"
                                            "carbon_price_eur_per_t: 100\nsolver: {mip_gap: 0.0}\n", encoding="utf-8")
    f, p = ("0,4", "0") if en == "storage" else ("1", "-30")
    (tmp_path / "flows.csv").write_text(flows.format(p=p, f=f, u=fr), encoding="utf-8")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    assert scen.flows.set_index("site_id")["co2_use"].to_dict() == {"CHX": "", "BUY": en}
    c = _run(scen, tmp_path).companies.set_index("site_id")["co2_avoided_t_per_yr"]
    # by hand, as the English tests above: storage at 0.4 t/t credits the emitter 1,199.61 tCO2/yr;
    # utilisation at 1 t/t the buyer 3,000 x (1 - 0.00013) = 2,999.61
    site, t = ("CHX", MIN_CO2) if en == "storage" else ("BUY", 3_000 * (1 - TRUCK))
    assert c[site] == pytest.approx(t, abs=1e-3) and c.drop(site).abs().sum() < 1e-6


def test_a_french_runs_price_note_is_in_french(tmp_path):
    """price_bands.csv's price_note in a French run (scenario `lang: fr`, or --lang fr) is the
    French message price_rule_stored (before: the English one in a French run's files)."""
    import eitflow.i18n as i18n

    scen = _truck(0.4, "storage")
    scen.params = scen.params.model_copy(update={"lang": "fr"})
    data = read_run(write_run(eitflow.optimise(scen), tmp_path / "run"))
    assert data.price_bands["price_note"].iat[0] == i18n.text("price_rule_stored", "fr")
    assert data.price_bands["price_note"].iat[0].startswith("CO2 capté envoyé au stockage")


def _chain() -> eitflow.Scenario:
    """ACI (10,000 t/yr) pipes its CO2 2 km to the hub HUB, which stands on the CO2 network
    (corridor ACI -> HUB); CIM (8,000 t/yr) 1 km south of HUB trucks it there (its radius 1.5 km
    keeps it off the terminal); HUB trucks all to the terminal TER (storage, 1 tCO2/t, 30 EUR/t)
    4 km north."""
    sites = pd.DataFrame({"site_id": ["ACI", "CIM", "TER"], "name": ["Aciérie", "Cimenterie", "Terminal CO2"],
                          "lat": [51.03, 51.03 + KM, 51.03 + 6 * KM], "lon": [2.3] * 3, "zone": ["Est", "Ouest", "Port"]})
    flows = pd.DataFrame({"site_id": ["ACI", "CIM", "TER"], "direction": ["supply", "supply", "demand"],
                          "resource": "co2", "amount": [10_000.0, 8_000.0, 50_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 0.0, -30.0], "co2_factor_t_per_unit": [None, None, 1.0],
                          "max_distance_km": [0.1, 1.5, 4.5]})
    hubs = pd.DataFrame({"hub_id": ["HUB"], "name": ["Hub CO2"], "lat": [51.03 + 2 * KM], "lon": [2.3],
                         "resources": ["co2"], "capacity": [30_000.0], "unit": ["t/yr"], "fixed_cost_eur_per_yr": [1_000.0]})
    cor = pd.DataFrame({"corridor_id": ["k1"], "resource": "co2", "from": ["ACI"], "to": ["HUB"], "length_km": ["2"]})
    return eitflow.scenario_from_frames(sites, flows, hubs=hubs, corridors=cor, networks={"co2": {}}, name="chaîne",
                                        carbon_price_eur_per_t=100.0, solver={"mip_gap": 0.0, "time_limit_s": 60.0})


def test_a_chain_through_a_hub_on_a_network_credits_every_emitter(tmp_path):
    """By hand: CIM's truck to HUB, 1 km: -8,000 x 0.00013 = -1.04 tCO2/yr; ACI's injection its
    compression into dense phase, 10,000 t x 0.11 MWh/t x 0.052 tCO2/MWh = -57.2; CIM's leg into
    HUB, whose node is the network's, pays that compression only on what HUB puts into the pipes
    (`model.netpass`): HUB's legs out take 18,000 t, more than CIM's 8,000 in, so CIM's CO2 goes
    from truck to truck and pays none (from 2026-12-06 to 2026-12-07 it paid 8,000 x 0.11 x 0.052
    = 45.76); HUB -> TER, 4 km: 18,000 x (1 - 0.00013 x 4) = 17,990.64. Total 17,990.64 - 1.04 -
    57.2 = 17,932.4. Each emitter its own truck and compression and the stored tonnes by what it
    brings (of 18,000): ACI -57.2 + 17,990.64 x 10/18 = 9,937.6; CIM -1.04 + 17,990.64 x 8/18 =
    7,994.8 (7,949.04 while its leg paid a compression); TER 0. Before that: ACI 0 and CIM
    17,989.6 (the hub passed the stored CO2 to its own legs in only, not to the network's
    injections). companies.csv, zones.csv (Est, Ouest, Port), matches.csv after shares and
    summary.json's headline all sum to 17,932.4."""
    data = _run(_chain(), tmp_path)
    m = data.matches
    assert set(zip(m["source_site"], m["sink_site"])) == {("ACI", "network:co2"), ("CIM", "HUB"), ("HUB", "TER")}
    stored = 18_000 * (1 - 4 * TRUCK)
    compress = 10_000 * 0.11 * 0.052                     # ACI's compression into the network: 57.2 tCO2/yr
    # CIM's into the hub on the network: none, its 8,000 t all leave by the hub's truck to TER
    expect = {"ACI": -compress + stored * 10 / 18, "CIM": -8_000 * TRUCK + stored * 8 / 18, "TER": 0.0}
    total = stored - 8_000 * TRUCK - compress
    assert total == pytest.approx(17_932.4, abs=1e-6)
    c = data.companies.set_index("site_id")["co2_avoided_t_per_yr"]
    for site, t in expect.items():   # 1 km of great circle is 1 km to 1e-6 in the sites' degrees: 0.001 t
        assert c[site] == pytest.approx(t, abs=1e-3), site
    z = data.zones.set_index("zone")["co2_avoided_t_per_yr"]
    assert z["Est"] == pytest.approx(expect["ACI"], abs=1e-3) and z["Ouest"] == pytest.approx(expect["CIM"], abs=1e-3)
    assert abs(z["Port"]) < 1e-6
    after = m.set_index("source_site")["co2_avoided_after_shares_t_per_yr"]
    assert after["ACI"] == pytest.approx(expect["ACI"], abs=1e-3) and after["CIM"] == pytest.approx(expect["CIM"], abs=1e-3)
    assert list(m.set_index("source_site").loc[["ACI", "CIM", "HUB"], "co2_at_source"]) == [True, True, True]
    for t in (c.sum(), z.sum(), after.sum(), m["co2_avoided_t_per_yr"].sum(), data.summary["totals"]["co2_avoided_t_per_yr"]):
        assert t == pytest.approx(total, abs=1e-3)


def test_co2_by_end_reads_the_flag_carried_through_the_split():
    """A network's rows split over the companies it serves (`results.netallocation.split_parties`) keep
    `co2_at_source`; `co2_by_end` reads it, not the figures. A stored delivery at 0.4 tCO2/t
    declared storage (400 t over 1,000 t), split in halves: 200 + 200 counted at the source (before:
    below 0.5 t/t, at the sink); an injection flagged whose figure after shares equals its raw one
    (150 = 150): at the source (before: not above its raw, at the sink)."""
    from eitflow.results.netallocation import split_parties
    from eitflow.results.shares import co2_by_end

    L = pd.DataFrame({"source_site": ["network:co2", "A"], "sink_site": ["T", "network:co2"], "kind": ["from_net", "to_net"],
                      "supply_resource": "co2", "amount": [1_000.0, 500.0], "co2_avoided_t_per_yr": [400.0, 150.0],
                      "co2_avoided_after_shares_t_per_yr": [400.0, 150.0], "co2_at_source": [True, True]})
    shares = pd.DataFrame({"party": ["network:co2"] * 2, "site_id": ["T", "U"], "share": [0.5, 0.5]})
    Lz = pd.concat(split_parties([L], shares, "source_site"), ignore_index=True)
    assert len(Lz) == 3 and Lz["co2_at_source"].all()
    at_src, at_snk = co2_by_end(Lz)
    assert sorted(np.round(at_src, 9)) == [150.0, 200.0, 200.0] and not at_snk.any()


def test_price_bands_and_the_workbook_say_who_pays_for_storage(tmp_path):
    """price_bands.csv's `price_note` on the stored exchange says the convention (the report's
    message price_rule_stored), empty on an exchange that is not storage; results.xlsx's
    price_bands sheet says it in its header notes and in that column, in French (before: only
    the report said it)."""
    from openpyxl import load_workbook

    import eitflow.i18n as i18n
    from eitflow.report.workbook import write_results_workbook

    res = eitflow.optimise(_truck(0.4, "storage"))
    data = read_run(write_run(res, tmp_path / "run"))
    assert data.price_bands["price_note"].iat[0] == i18n.text("price_rule_stored", "en")
    assert "a negative price is what the supplier (the emitter" in data.price_bands["price_note"].iat[0]
    xl = write_results_workbook(res, tmp_path / "results.xlsx", lang="fr")
    ws = load_workbook(xl)[i18n.text("sheet_price_bands", "fr")]
    heads = {c.value: c for c in ws[1]}
    fr = i18n.text("price_rule_stored", "fr")
    low = heads[i18n.column_label("price_min_eur_per_unit", "fr")]
    assert low.comment is not None and fr in low.comment.text
    note = heads[i18n.column_label("price_note", "fr")]
    assert ws.cell(2, note.column).value == fr
    plain = read_run(write_run(eitflow.optimise(_truck(0.4, None)), tmp_path / "plain"))
    assert plain.price_bands["price_note"].fillna("").iat[0] == ""
