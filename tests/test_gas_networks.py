"""Shared networks of resources other than heat: hydrogen (purity, pressure), CO2, water.
Small territories on a line whose optimum is worked out by hand (catalogue: hydrogen DN50
0.269 t/h at 498 EUR/m, load factor 0.7, O&M 2 %/yr, connection 100,000 EUR; 0.67 MWh/t per
unit of ln(p_to / p_from) of compression at 80 EUR/MWh)."""

from __future__ import annotations

import math
from pathlib import Path

import eitflow

SITES = ["site_id,name,lat,lon,zone", "S,Supplier,47.0,5.00,Z1", "B,Buyer B,47.0,5.02,Z1",
         "C,Buyer C,47.0,5.04,Z2", "D,Buyer D,47.0,5.03,Z2"]
FLOWS_HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar"


def _scenario(tmp: Path, flows: list[str], corridors: list[str], networks: str = "  hydrogen: {}",
              extra: str = "") -> Path:
    (tmp / "sites.csv").write_text("\n".join(SITES) + "\n")
    (tmp / "flows.csv").write_text("\n".join([FLOWS_HEAD, *flows]) + "\n")
    (tmp / "corridors.csv").write_text("\n".join(corridors) + "\n")
    (tmp / "scenario.yaml").write_text(
        "name: gas line\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
        f"carbon_price_eur_per_t: 0\nsolver: {{time_limit_s: 20}}\n{extra}networks:\n{networks}\n")
    return tmp / "scenario.yaml"


def test_a_supply_left_over_when_every_user_of_the_network_is_served_is_not_held_by_pipes(tmp_path):
    """S (1,000 t/yr at 0.999, 30 bar) feeds B (300 t/yr) over a new DN50 and D (100 t/yr at
    60 bar) over an existing pipe of 0.01 t/h: 0.01 x 8,760 x 0.7 = 61.32 t/yr, the other
    38.68 by truck. C needs 0.9999, purer than the network's 0.999: it has no connection. So
    every user of the network is served and S keeps 1,000 - 300 - 100 = 600 t/yr because no
    one wants more. unmatched.csv said the existing pipe c3 held S back 'between Supplier (S)
    and the demands still short', though no demand the network reaches was short."""
    p = _scenario(tmp_path,
                  ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20",
                   "c1,C,demand,hydrogen,200,t/yr,2500,0.9999,20", "d1,D,demand,hydrogen,100,t/yr,2500,0.999,60"],
                  ["corridor_id,resource,from,to,length_km,existing,capacity,unit", "c1,hydrogen,S,B,2,,,",
                   "c2,hydrogen,B,C,,,,", "c3,hydrogen,B,D,,true,0.01,t/h"])
    res = eitflow.optimise(eitflow.read_scenario(p))
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["b1"] - 300) < 1e-6 and abs(got["d1"] - 100) < 1e-6
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["s1", "remaining"] - 600) < 1e-6
    assert um.at["c1", "reason"] == "quality"
    assert um.at["s1", "reason"] == "capacity_used"
    assert "c3" not in str(um.at["s1", "detail"])
    assert str(um.at["s1", "detail"]) == ("every viable partner's amount (or the link capacity) is used by the "
                                          "chosen exchanges")


def test_a_purity_written_as_a_percentage_meets_the_same_purity_written_as_a_share(tmp_path):
    """The supply states '99.999 %' (0.99999), the demand needs 0.99999: equal, so it may
    withdraw (the rule is supply >= demand). 99.999 x 0.01 is 0.9999899999999999 in binary:
    the network's purity was said 'below the 0.99999 it requires' and nothing was exchanged.
    Served over the 2 km corridor: 300 x 2,500 EUR/t less two connections (100,000 EUR each,
    CRF(5 %, 20 yr) = 0.0802426) and the DN50 (996,000 EUR: 0.0802426 + 2 % O&M)."""
    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,99.999 %,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.99999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"],
                  extra="max_distance_km: {hydrogen: 1}\n")
    scen = eitflow.read_scenario(p)
    assert scen.flows.set_index("flow_id").at["s1", "purity"] == 0.99999
    res = eitflow.optimise(scen)
    crf = 0.05 / (1 - 1.05 ** -20)
    want = 300 * 2500 - 2 * crf * 100_000 - (crf + 0.02) * 996_000
    assert abs(res.summary["totals"]["net_benefit_eur_per_yr"] - want) < 0.01


def test_a_temperature_on_a_hydrogen_row_is_refused_as_a_purity_on_a_co2_row_is(tmp_path):
    """No rule reads a hydrogen flow's temperature_c (heat and steam only): it was read past
    without a word, where a purity on a CO2 row is refused saying it would be ignored."""
    import pytest

    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"])
    flows = (tmp_path / "flows.csv").read_text().splitlines()
    (tmp_path / "flows.csv").write_text("\n".join([flows[0] + ",temperature_c", flows[1] + ",80", flows[2] + ","]) + "\n")
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.read_scenario(p)
    assert ("flows.csv, row 2, column 'temperature_c': temperature_c applies to heat and steam flows only "
            "(resources with a temperature rule); on this row it would be ignored") in str(e.value)


def test_a_user_short_only_in_months_the_electrolyser_has_nothing_left_is_told_the_months(tmp_path):
    """An electrolyser of 1,200 t/yr on a solar profile (2, 4, 8, 12, 14, 15, 15, 13, 9, 5, 2,
    1 %) feeds a flat user of 600 t/yr (50 a month) over an existing pipe of 0.1 t/h: 0.1 x
    8,760 x 0.7 / 12 = 51.1 t a month, never full. Delivered: January 24, February 48, March
    to October 50 each, November 24, December 12: 508 t/yr. The user is short only in the
    months the electrolyser gives all it makes, and the electrolyser has gas left only in
    months the user is served: the months are the reason (timing), as for a direct exchange.
    Both read '1 viable partner with amount left, but no further exchange raises the
    objective (fixed costs not covered ...)'."""
    profile = "0.02;0.04;0.08;0.12;0.14;0.15;0.15;0.13;0.09;0.05;0.02;0.01"
    p = _scenario(tmp_path, [f"s1,S,supply,hydrogen,1200,t/yr,0,0.99999,30,{profile},55",
                             "b1,B,demand,hydrogen,600,t/yr,6000,0.999,20,,"],
                  ["corridor_id,resource,from,to,length_km,existing,capacity,unit", "c1,hydrogen,S,B,2,true,0.1,t/h"],
                  extra="max_distance_km: {hydrogen: 1}\n")
    flows = (tmp_path / "flows.csv").read_text().splitlines()
    flows[0] += ",monthly_profile,electrolyser_kwh_per_kg"
    (tmp_path / "flows.csv").write_text("\n".join(flows) + "\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["b1", "remaining"] - 92) < 1e-6 and abs(um.at["s1", "remaining"] - 692) < 1e-6
    assert um.at["b1", "reason"] == "timing" and um.at["s1", "reason"] == "timing"


def test_a_networks_purity_is_said_with_its_digits_when_runs_are_compared():
    """`eitflow compare` said a hydrogen network's purity set to 0.9999 'default -> 1' (an
    amount's three significant digits), and a network added at 0.99997 '(purity 1)': a purity
    keeps its six significant digits, as the report says it."""
    from eitflow import i18n

    assert i18n.parameter_change("networks.hydrogen.purity", None, 0.9999) == \
        "hydrogen network purity default -> 0.9999"
    assert i18n.parameter_change("networks.hydrogen.purity", 0.999, 0.99997, "fr") == \
        "pureté du réseau d'hydrogène 0,999 -> 0,99997"
    assert "purity 0.99997" in i18n.parameter_change("networks.hydrogen", None, {"purity": 0.99997})
    assert i18n.parameter_change("networks.hydrogen.pressure_bar", None, 30.0) == \
        "hydrogen network pressure default -> 30 bar"


def test_a_corridor_that_leads_only_to_places_without_the_resource_is_warned_about(tmp_path):
    """S supplies and B takes hydrogen; C has only a water demand and D no flow at all. The
    branch B - C - D (c2, c3) can carry nothing: nothing enters or leaves the network at C or
    D (a site_id mistyped?). It was read without a word. Closing the loop with S - D (c4)
    makes C and D a way round, and nothing is said."""
    flows = ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20",
             "c1,C,demand,water,200,m3/yr,1,,"]
    head = ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2", "c2,hydrogen,B,C,2", "c3,hydrogen,C,D,1"]
    scen = eitflow.read_scenario(_scenario(tmp_path, flows, head))
    said = [str(p) for p in scen.warnings if "leads only" in str(p)]
    assert said == [
        f"corridors.csv, row {row}: corridor '{c}' ({a} - {b}) leads only to places where nothing enters or leaves "
        "the hydrogen network (no flow of hydrogen there, nor of a resource it feeds, at the end of a branch): it "
        "can carry nothing; check its ends (a site_id mistyped?)" for row, c, a, b in ((3, "c2", "B", "C"),
                                                                                        (4, "c3", "C", "D"))]
    scen = eitflow.read_scenario(_scenario(tmp_path, flows, [*head, "c4,hydrogen,S,D,3"]))
    assert not [p for p in scen.warnings if "leads only" in str(p)]


def test_the_report_of_a_hydrogen_network_does_not_speak_of_its_heat(tmp_path):
    """The report's paragraphs on a network's balance and investment said, of a hydrogen
    pipeline, 'the network buys their heat' and 'the heat lost along its corridors'."""
    import html

    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"], extra="max_distance_km: {hydrogen: 1}\n")
    out = write_run(eitflow.run_file(p), tmp_path / "run")
    for lang, heat, said in (("en", "their heat", "buys what they inject"),
                             ("fr", "leur chaleur", "achète ce qu'ils injectent")):
        page = html.unescape(write_report(out, tmp_path / f"r_{lang}.html", lang=lang).read_text(encoding="utf-8"))
        assert said in page and heat not in page


def test_a_partner_beyond_the_radius_and_too_impure_is_not_called_compatible(tmp_path):
    """B needs 0.9999; the only supply, S at 1.5 km, offers 0.999, beyond the 1 km radius:
    unmatched.csv said 'nearest compatible partner Supplier (S) at 1.5 km', though no radius
    would make it one. Now the purity is said beside the radius."""
    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.9999,20"],
                  ["corridor_id,resource,from,to,length_km"], extra="max_distance_km: {hydrogen: 1}\n")
    (tmp_path / "scenario.yaml").write_text((tmp_path / "scenario.yaml").read_text().replace("corridors: corridors.csv\n", "")
                                            .replace("networks:\n  hydrogen: {}\n", ""))
    um = eitflow.optimise(eitflow.read_scenario(p)).unmatched.set_index("flow_id")
    limit = ("limit 1 km: the supply's radius (the scenario's max_distance_km.hydrogen); the demand's is 1 km, and the "
             "pair fails the purity rule too (purity 0.999 < 0.9999 required)")
    assert str(um.at["b1", "detail"]) == f"nearest partner of its resource Supplier (S) at 1.5 km great-circle, beyond the pair's {limit}"
    assert str(um.at["s1", "detail"]) == f"nearest partner of its resource Buyer B (B) at 1.5 km great-circle, beyond the pair's {limit}"
    assert "compatible" not in str(um.at["b1", "detail"])


def test_a_user_whose_minimum_is_more_than_its_pipe_carries_is_told_so(tmp_path):
    """D (100 t/yr, min_amount 90) is reached only by an existing pipe of 0.01 t/h: 0.01 x
    8,760 x 0.7 = 61.32 t/yr, less than its minimum, so no connection can serve it (no truck
    either: 0.5 km radius). unmatched.csv and explain said '1 viable partner ... no further
    exchange raises the objective (fixed costs not covered ...)' and 'the corridors to it,
    which cost more', of a pipe that costs nothing. Now min_amount, naming the pipe."""
    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30,", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20,",
                             "d1,D,demand,hydrogen,100,t/yr,2500,0.999,20,90"],
                  ["corridor_id,resource,from,to,length_km,existing,capacity,unit", "c1,hydrogen,S,B,2,,,",
                   "c3,hydrogen,B,D,0.8,true,0.01,t/h"], extra="max_distance_km: {hydrogen: 0.5}\n")
    flows = (tmp_path / "flows.csv").read_text().splitlines()
    (tmp_path / "flows.csv").write_text("\n".join([flows[0] + ",min_amount", *flows[1:]]) + "\n")
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("flow_id")
    said = ("its minimum amount, 90 t/yr, is more than all the hydrogen network's corridors at Buyer D (D) can carry "
            "in a year (c3: 0.01 t/h rated, 61 t/yr at load factor 0.7): no connection can carry that much")
    assert (um.at["d1", "reason"], str(um.at["d1", "detail"])) == ("min_amount", said)
    # S keeps 1,000 - 300 = 700 t/yr: B is served and D cannot take from the network, so no
    # partner of S has room (it too read '1 viable partner ... no further exchange ...')
    assert abs(um.at["s1", "remaining"] - 700) < 1e-6 and um.at["s1", "reason"] == "capacity_used"
    from eitflow.analyses.explain import explain

    ex = explain(scen, res, flow_id="d1")
    row = ex[ex["rank"] == 0].iloc[0]
    assert (row["rule"], str(row["detail"])) == ("min_amount", said)


def test_a_pressure_on_a_co2_network_is_refused_as_a_pressure_not_a_purity(tmp_path):
    """`networks.co2.pressure_bar` was refused saying 'co2 has no purity rule': the rule it
    lacks is the pressure's (hydrogen is compressed to and from its network's pressure)."""
    import pytest

    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"],
                  networks="  hydrogen: {pressure_bar: 30}\n  co2: {pressure_bar: 100}")
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.read_scenario(p)
    assert str(e.value).count("has no") == 1
    assert ("networks.co2.pressure_bar: CO2 has no pressure rule (hydrogen is compressed to and from its network's "
            "pressure); on this network it would be ignored") in str(e.value)


def test_a_steam_partner_beyond_the_radius_and_too_cold_is_not_called_compatible(tmp_path):
    """A 150 degC steam supply; the nearest steam demand needs 160 + 10 K of approach = 170
    degC, 0.6 km away beyond a 0.3 km radius (no heat pump for steam): it was 'the nearest
    compatible partner'."""
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nV,VCM,47.0,5.000\nP,Polymer,47.0,5.008\n")
    (tmp_path / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                        "v,V,supply,steam,60,GWh/yr,150,0\np,P,demand,steam,30,GWh/yr,160,45\n")
    (tmp_path / "scenario.yaml").write_text("name: s\nsites: sites.csv\nflows: flows.csv\nmax_distance_km: {steam: 0.3}\n")
    um = eitflow.optimise(eitflow.read_scenario(tmp_path / "scenario.yaml")).unmatched.set_index("flow_id")
    assert str(um.at["v", "detail"]) == (
        "nearest partner of its resource Polymer (P) at 0.6 km great-circle, beyond the pair's limit 0.3 km: the "
        "supply's radius (the scenario's max_distance_km.steam); the demand's is 0.3 km, and the pair fails the "
        "temperature rule too (the supply at 150 degC, 170 degC needed, and no heat pump for it)")


def test_a_hydrogen_networks_balance_has_no_heat_pump_term(tmp_path):
    """S injects 300 t/yr into a 2 km hydrogen pipeline and B withdraws them (no W/m losses on
    a gas pipe): the balance is 300 in = 300 withdrawn + 0 lost, in t/yr. A gas network has no
    heat pump at injection, yet summary.json, results.xlsx and the report's balance table gave
    its 'heat pumps' electricity at injection (t/yr)', 0: an electricity in tonnes. Heat networks
    keep the figure (tests/test_network_balance.py)."""
    import json
    import re

    import openpyxl

    from eitflow.report.html import write_report
    from eitflow.report.workbook import write_results_workbook
    from eitflow.results.rundir import write_run

    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"], extra="max_distance_km: {hydrogen: 1}\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    out = write_run(res, tmp_path / "run")
    write_results_workbook(res, out / "results.xlsx")
    b = json.loads((out / "summary.json").read_text())["networks"]["by_resource"]["hydrogen"]["balance"]
    assert b["unit"] == "t/yr" and "heat_pump_electricity" not in b
    assert (b["injected_by_supplies"], b["into_network"], b["losses"], b["withdrawn"]) == (300, 300, 0, 300)
    ws = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    keys = [r[-1] for s in ws.worksheets for r in s.iter_rows(values_only=True) if r and isinstance(r[-1], str)]
    assert "networks.by_resource.hydrogen.balance.into_network" in keys
    assert not any("heat_pump_electricity" in k for k in keys if k.startswith("networks."))
    page = write_report(out, tmp_path / "r.html", lang="en").read_text(encoding="utf-8")
    table = re.search(r'<table id="network-balance-table".*?</table>', page, re.S).group(0)
    assert [float(v) for v in re.findall(r'data-v="([^"]*)"', table)] == [300, 300, 0, 300]
    assert "heat pump" not in table.lower()
    # nor does the sentence above the table speak of heat pumps or heat (it did: "what the
    # supplies inject plus the electricity heat pumps add at injection", for a pipeline of gas)
    import html as _html

    for lang, words in (("en", ("heat pump", "heat")), ("fr", ("pompe", "chaleur"))):
        p_ = _html.unescape(write_report(out, tmp_path / f"b_{lang}.html", lang=lang).read_text(encoding="utf-8"))
        rule = re.search(r'<p class="rule">([^<]*)</p>(?:<div[^>]*>)?<table[^>]*id="network-balance-table"', p_)
        assert rule is not None and not any(w in rule.group(1).lower() for w in words), rule and rule.group(1)
    # the library's table says it as the files do: NaN (not 0 t/yr), the other figures the same
    from eitflow.results.netbalance import BALANCE_FIGURES

    row = res.statistics.network_balance().set_index("resource").loc["hydrogen"]
    assert math.isnan(row["heat_pump_electricity"])
    assert {k: float(row[k]) for k in BALANCE_FIGURES if not math.isnan(row[k])} == {
        k: v for k, v in b.items() if k in BALANCE_FIGURES} == {
        "injected_by_supplies": 300, "into_network": 300, "losses": 0, "withdrawn": 300, "unaccounted": 0}


def _warned(tmp: Path, hydrogen: str, what: str) -> list[str]:
    p = _scenario(tmp, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,30", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"], networks=f"  hydrogen: {hydrogen}",
                  extra="max_distance_km: {hydrogen: 1}\n")
    return [str(w) for w in eitflow.read_scenario(p).warnings if what in str(w)]


def test_a_network_pressure_below_one_bar_is_warned_about(tmp_path):
    """`pressure_bar: 0.03` (another unit meant, MPa?): pressures are absolute, the
    compression's ln(p_to / p_from) a ratio of them, so a network at 0.03 bar is a vacuum from
    which the 20 bar demand would pay 0.67 x ln(20 / 0.03) = 4.36 MWh/t where from 30 bar it pays
    nothing. It was read without a word. The README's rule is > 0 (a ratio is defined for any
    pressure): a warning, naming the key; 1 bar (atmospheric) and 30 bar are not warned about."""
    assert _warned(tmp_path, "{pressure_bar: 0.03}", "pressure_bar") == [
        "scenario.yaml: networks.hydrogen.pressure_bar: a pressure of 0.03 bar is below atmospheric pressure: "
        "pressures are absolute (compression costs ln(p_to / p_from)), so every demand above it would pay the "
        "compression from 0.03 bar: give it in bar (1 MPa = 10 bar, 1 bar gauge = 2 bar absolute)"]
    assert _warned(tmp_path, "{pressure_bar: 1}", "pressure_bar") == []
    assert _warned(tmp_path, "{pressure_bar: 30}", "pressure_bar") == []


def test_a_heat_pump_at_injection_on_a_hydrogen_network_is_warned_about(tmp_path):
    """`heat_pump_at_injection` is read only where the catalogue has a heat pump for the
    resource (hot water): on a hydrogen network, true or false, it changes nothing and was read
    without a word. A warning naming the key; none where it is not given."""
    said = ("scenario.yaml: networks.hydrogen.heat_pump_at_injection: the catalogue has no heat pump for hydrogen "
            "(hot water has them, not steam, hydrogen or CO2): heat_pump_at_injection changes nothing on this "
            "network and is ignored")
    assert _warned(tmp_path, "{heat_pump_at_injection: false}", "heat_pump_at_injection") == [said]
    assert _warned(tmp_path, "{heat_pump_at_injection: true}", "heat_pump_at_injection") == [said]
    assert _warned(tmp_path, "{}", "heat_pump_at_injection") == []


def test_a_flow_or_hub_pressure_below_one_bar_is_warned_about_as_a_networks(tmp_path):
    """flows.csv and hubs.csv `pressure_bar` below 1 bar (0.3: MPa meant for 3 bar?) were read
    without a word where a network's is warned about. Pressures are absolute, compression costs
    0.67 MWh/t x ln(p_to / p_from): the supply S at 0.3 bar would pay ln(20 / 0.3) = 4.2 to
    reach the 20 bar buyer D (ln(20 / 3) = 1.9 from 3 bar); the hub H1 at 0.5 bar makes every
    demand above it pay from 0.5 bar; the buyer B at 0.035 bar would pay no compression from
    any supply above it. Each is a warning naming file, row and column, in the network's words
    (one rule, `io.netwarn.below_atmosphere`); 1 bar and 20 bar are not said, nor a heat row."""
    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,t/yr,0,0.999,0.3", "b1,B,demand,hydrogen,300,t/yr,2500,0.999,0.035",
                             "c1,C,demand,hydrogen,200,t/yr,2500,0.999,1", "d1,D,demand,hydrogen,100,t/yr,2500,0.999,20",
                             "h1,B,demand,heat,100,MWh/yr,40,,"],
                  ["corridor_id,resource,from,to,length_km", "c1,hydrogen,S,B,2"], extra="hubs: hubs.csv\n")
    (tmp_path / "flows.csv").write_text((tmp_path / "flows.csv").read_text().replace(
        "pressure_bar\n", "pressure_bar,temperature_c\n").replace(",40,,\n", ",40,,,60\n"))
    (tmp_path / "hubs.csv").write_text("hub_id,lat,lon,resources,capacity,pressure_bar\n"
                                       "H1,47.0,5.01,hydrogen,500,0.5\nH2,47.0,5.03,hydrogen,500,1\n")
    warnings = eitflow.read_scenario(p).warnings
    said = [str(w) for w in warnings if "pressure" in str(w)]
    why = ("is below atmospheric pressure: pressures are absolute (compression costs ln(p_to / p_from)), so {}: "
           "give it in bar (1 MPa = 10 bar, 1 bar gauge = 2 bar absolute)")
    assert said == [
        "flows.csv, row 2, column 'pressure_bar': a pressure of 0.3 bar "
        + why.format("every demand above it would pay the compression from 0.3 bar"),
        "flows.csv, row 3, column 'pressure_bar': a pressure of 0.035 bar "
        + why.format("no supply above it would pay any compression"),
        "hubs.csv, row 2, column 'pressure_bar': a pressure of 0.5 bar "
        + why.format("every demand above it would pay the compression from 0.5 bar")]
    fr = [w.message.say("fr") for w in warnings if "pressure" in str(w)]
    assert fr[1] == ("une pression de 0,035 bar est inférieure à la pression atmosphérique : les pressions sont "
                     "absolues (la compression coûte ln(p_arrivée / p_départ)), donc aucune offre au-dessus ne "
                     "paierait de compression : indiquez-la en bar (1 MPa = 10 bar, 1 bar relatif = 2 bar absolus)")
    # the network's warning is the same sentence, from the same rule
    (tmp_path / "n").mkdir()
    net = _warned(tmp_path / "n", "{pressure_bar: 0.3}", "pressure_bar")
    assert [n.split(": ", 2)[2] for n in net] == [said[0].split(": ", 1)[1]]
