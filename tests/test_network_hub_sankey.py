"""A hub standing on a heat network in the report's Sankey diagram (eitflow issue #15, shared
networks). The hub's node is the network's (`model.network`), so the network's balance
(`results.netbalance`) counts its legs as the network's; the Sankey drew them at the hub's own
node, so the network's node did not balance: on the scenario below it received the incinerator's
3,994.064 MWh/yr and gave out the lycée's 3,000 + 494.064 of losses = 3,494.064, 500 MWh/yr
short (the pool's 1,500 taken through the hub less the data centre's 1,000 put in through it),
and the hub stood on both sides with nothing going into its 1,500. Now the hub's legs are drawn
into and out of the network's node, the hub named on their bands. Expected values worked out by
hand; the figures read back from the files."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

import eitflow
from eitflow.report.html import write_report
from eitflow.results.netbalance import BALANCE_FIGURES, network_balance
from eitflow.results.rundir import write_run
from test_network_balance import _bands, _node_sums

KM = 1 / 111.195   # one km of latitude, in degrees
H = 8760.0
# The hub's two legs lose heat as any link (since 2026-12-06; 0.2 %/km, `candidates.pipeloss`):
# X and D sit 0.05 km (of longitude at latitude 45 deg) either side of H, which stands 1 km north,
# where a degree of longitude is cos(45 deg + 1 km) / cos(45 deg) as long: 0.0499922 km,
# x 1.3 (detour) = 0.0649898 km of route; each leg keeps Y = 1 - 0.002 x 0.0649898 = 0.99987002.
LEG_KM = 1.3 * 0.05 * math.cos(math.radians(45.0 + KM)) / math.cos(math.radians(45.0))
Y = 1 - 0.002 * LEG_KM
X_IN = 1000.0 * Y    # what reaches H of X's 1,000: 999.87 MWh/yr
D_OUT = 1500.0 / Y   # what leaves H for D to get 1,500: 1,500.195 MWh/yr
# S injects what the lossless legs had it inject (3,994.064, below) + D's leg's loss + X's
INJ_S = 3994.064 + (D_OUT - 1500.0) + (1000.0 - X_IN)   # 3,994.389 MWh/yr


def _hub_scenario(hub_investment: float = 0.0, zones: bool = False):
    """An incinerator S and a lycée B (3,000 MWh/yr at 70 degC, 60 EUR/MWh) at the two ends of a
    heat network S - H - B (corridors.csv: 1 km each) through the substation hub H; a pool D
    (1,500 MWh/yr) and a data centre X (1,000 MWh/yr at 120 degC, whose disposal costs it
    20 EUR/MWh) 0.05 km either side of H, out of the network's reach but in the hub's (0.1 km)."""
    dl = 0.05 * KM / math.cos(math.radians(45.0))
    sites = pd.DataFrame({"site_id": ["S", "B", "D", "X"], "name": ["Incinérateur", "Lycée", "Piscine", "Data centre"],
                          "lat": [45.0, 45.0 + 2 * KM, 45.0 + KM, 45.0 + KM], "lon": [4.0, 4.0, 4.0 + dl, 4.0 - dl]})
    flows = pd.DataFrame({"site_id": ["S", "B", "D", "X"], "direction": ["supply", "demand", "demand", "supply"],
                          "resource": "heat", "amount": [20000.0, 3000.0, 1500.0, 1000.0], "unit": "MWh/yr",
                          "temperature_c": [120.0, 70.0, 70.0, 120.0], "price_eur_per_unit": [0.0, 60.0, 60.0, 20.0],
                          "max_distance_km": [0.1, 0.1, 0.1, 0.1]})
    hubs = pd.DataFrame({"hub_id": ["H"], "name": ["Sous-station"], "lat": [45.0 + KM], "lon": [4.0],
                         "resources": ["heat"], "capacity": [1e6], "investment_eur": [hub_investment]})
    if zones:   # the suppliers in one zone, the users in another, the hub in a third
        sites["zone"] = ["A", "B", "B", "A"]
        hubs["zone"] = ["C"]
    corridors = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": "heat", "from": ["S", "H"], "to": ["H", "B"],
                              "length_km": [1.0, 1.0]})
    return eitflow.scenario_from_frames(sites, flows, hubs=hubs, corridors=corridors,
                                        networks={"heat": {"temperature_c": 90.0}}, solver={"mip_gap": 0.0})


@pytest.fixture(scope="module")
def hub_run(tmp_path_factory):
    res = eitflow.optimise(_hub_scenario())
    out = write_run(res, tmp_path_factory.mktemp("hub") / "run")
    write_report(out, lang="en")
    write_report(out, out / "rapport.html", "fr")
    return res, out


def test_the_network_node_counts_the_legs_of_a_hub_on_it_by_hand(hub_run):
    """The catalogue's heat sizes at 90 degC and a load factor 0.5: DN65 carries 0.643 MW x
    8,760 h x 0.5 = 2,816.3 MWh/yr, DN80 0.98 MW: 4,292.4, losing 28.2 W/m x 1,000 m x 8,760 h
    = 247.032 MWh/yr, half drawn at each end (123.516). c2 brings B's 3,000 + 123.516 =
    3,123.516 (> DN65: DN80). At H the network gives c2 that + its other half 123.516, the pool
    1,500 and c1's half 123.516 at H, and takes the data centre's 1,000: c1 carries 3,870.548
    (DN80 too) and S injects 3,870.548 + 123.516 = 3,994.064. So 3,994.064 + 1,000 = 4,994.064
    MWh/yr enter the network = 3,000 + 1,500 withdrawn + 2 x 247.032 = 494.064 lost. The Sankey's
    network node: in 3,994.064 (S) + 1,000 (X, through H) = 4,994.064; out 3,000 (B) + 1,500 (D,
    through H) + 494.064 (losses) = 4,994.064 (before: in 3,994.064, out 3,494.064)."""
    res, out = hub_run
    sizes = {s: (c * H * 0.5, w * 1000 * H / 1e6) for s, c, w in (("DN65", 0.643, 27.1), ("DN80", 0.98, 28.2))}
    loss = sizes["DN80"][1]
    assert loss == pytest.approx(247.032)
    c2 = 3000 + loss / 2
    c1 = c2 + loss / 2 + D_OUT + loss / 2 - X_IN   # H gives D's leg 1,500.195, gets X's 999.87
    assert sizes["DN65"][0] < c2 < c1 <= sizes["DN80"][0]
    injected = c1 + loss / 2
    assert (round(c2, 3), round(c1, 3), round(injected, 3)) == (3123.516, 3870.873, 3994.389)
    assert injected == pytest.approx(INJ_S, rel=1e-12)

    m = res.matches.set_index(["source_site", "sink_site"])["amount"]
    assert m[("S", "network:heat")] == pytest.approx(injected, rel=1e-9)
    assert m[("X", "H")] == pytest.approx(1000.0) and m[("H", "D")] == pytest.approx(D_OUT, rel=1e-9)
    html = (out / "report.html").read_text(encoding="utf-8")
    into, leaves = _node_sums(html, "network:heat")
    # the bands are what the sources send, but a leg into a hub what reaches the hub (since
    # 2026-12-07): X's 999.87 of its 1,000, the 0.13 lost on the way a band of its own
    assert into == pytest.approx(injected + X_IN, rel=1e-9)                   # 4,994.259
    assert leaves == pytest.approx(3000.0 + D_OUT + 2 * loss, rel=1e-9)       # out + losses
    bands = {(a, b): v for a, b, v in _bands(html)}
    # the loss on the way, 0.13 MWh/yr, from matches.csv's figures written to 10 digits
    assert bands.pop(("X", "leglosses|")) == pytest.approx(1000.0 - X_IN, abs=1e-6)
    assert bands == pytest.approx({("S", "network:heat"): injected, ("X", "network:heat"): X_IN,
                                   ("network:heat", "B"): 3000.0, ("network:heat", "D"): D_OUT,
                                   ("network:heat", "losses|network:heat"): 2 * loss}, rel=1e-9)
    # the hub is no node of its own: its legs are the network's, the hub named on their bands
    assert "Heat network → Piscine (through the hub Sous-station): heat, 1,500 MWh/yr" in html
    assert "Data centre → Heat network (through the hub Sous-station): heat, 1,000 MWh/yr" in html
    fr = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Réseau de chaleur → Piscine (par le hub Sous-station) : chaleur, 1 500 MWh/an" in \
        fr.replace("\u202f", " ").replace("\xa0", " ")


def test_the_sankey_network_node_says_the_balance_figures(hub_run):
    """The Sankey's network node (its bands, read from report.html) is Statistics.network_balance:
    in = into_network (supplies' bands + heat pumps'), out = withdrawn, losses = losses; its
    tooltip says them; and matches.csv with summary.json's hubs_on_network gives the balance
    the statistics give (`results.netbalance.exchange_legs`: the rows the Sankey draws)."""
    res, out = hub_run
    bal = res.statistics.network_balance().iloc[0]
    assert bal["closes"] and bal["heat_pump_electricity"] == 0.0
    html = (out / "report.html").read_text(encoding="utf-8")
    into, leaves = _node_sums(html, "network:heat")
    bands = _bands(html)
    losses = sum(v for _, b, v in bands if b == "losses|network:heat")
    # the balance counts what enters the network, X's leg into the hub standing on it keeping Y of
    # its 1,000 (the hub's leg's own loss, 0.13 MWh/yr); the band is that too (since 2026-12-07; it
    # was X's 1,000 sent, 0.13 above the balance)
    assert bal["into_network"] == pytest.approx(INJ_S + X_IN, rel=1e-9)
    assert into == pytest.approx(bal["into_network"], rel=1e-9)
    assert leaves - losses == pytest.approx(bal["withdrawn"], rel=1e-9)
    assert losses == pytest.approx(bal["losses"], rel=1e-9)
    # no heat pump at injection: no such term (it said "0 the heat pumps' electricity at injection")
    assert "in = out: 4,994 MWh/yr enter it from the supplies = 4,500 withdrawn by its users + 494 network losses" in html

    from eitflow.results.netbalance import exchange_legs  # new: the rows the Sankey draws

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    nw = summary["networks"]["by_resource"]["heat"]
    assert nw["hubs_on_network"] == ["H"]
    m = pd.read_csv(out / "matches.csv")
    again = network_balance(exchange_legs(m, {"heat": nw["hubs_on_network"]}), pd.read_csv(out / "corridors.csv"))
    assert again[BALANCE_FIGURES].to_numpy() == pytest.approx(
        res.statistics.network_balance()[BALANCE_FIGURES].to_numpy(float), rel=1e-9, abs=1e-6)   # %.10g in the csv


def test_the_network_node_receives_what_its_bands_bring_with_a_hub_on_it(hub_run):
    """The Sankey's use nodes say what they receive (matches.csv's demand_amount): the network's
    node receives S's 3,994.064 and, through the hub standing on it, X's 1,000 (the leg into H,
    drawn into the network's node): 4,994 MWh/yr, its bands' width, so nothing 'sent' beside
    (were the hub's leg left out it would say 3,994 received of 4,994 sent)."""
    _, out = hub_run
    html = (out / "report.html").read_text(encoding="utf-8")
    tip = re.search(r'data-side="right"><title>Heat network — received: heat ([\d,]+) MWh/yr([^<]*)</title>', html)
    assert tip is not None
    assert tip.group(1) == "4,994" and "sent by its sources" not in tip.group(2)


@pytest.mark.parametrize("hub_investment", [0.0, 150_000.0])
def test_a_network_with_a_hub_on_it_is_one_party_with_its_hub_run_at_cost(hub_investment):
    """A hub standing on a network shares its node: the legs into it (the data centre X's
    1,000 MWh/yr) put heat into the network and the legs out of it (the pool D's 1,500) draw on
    it, so the network and its hub are one party run at cost, as a network alone
    (`prices.network_bands`). Until 2026-12-05 such a network kept each connection's own band:
    the incinerator S, whose 3,994.064 MWh/yr carry the lycée's and the pool's heat, gained 0,
    the data centre paid its whole disposal cost (20 EUR/MWh) and the hub, a substation at no
    cost, kept half of the pool's exchange (32,301 EUR/yr at no investment).

    By hand: every exchange of the run is the party's and nothing else costs, so the party's
    surplus T (its connections' worth less its corridors' and its hub's annual cost) is the
    run's objective. Half of it goes to the suppliers by what each injects (S 3,994.064, X
    1,000: hand-worked in the test above), half to the users by what each withdraws (B 3,000,
    D 1,500); the hub and the network keep nothing. The hub's cost C is split by the amounts
    between what it puts into the pipes (X's leg brings X_IN = 999.87 MWh/yr) and what it hands
    out by its own leg (D_OUT = 1,500.195): phi = 999.87 / (999.87 + 1,500.195) = 0.39993, the
    network's part C x phi (in T), the rest D's build cost (`results.hubsplit`, as matches.csv;
    before 2026-12-07 all of C was the network's here and D's leg bore it all in matches.csv). The
    hub's investment is shared likewise: phi of it among the users as the corridors' is (B two
    thirds, D one third), the rest D's. The zones (suppliers in A, users in B, the hub alone in
    C) hold their companies' figures: C nothing."""
    res = eitflow.optimise(_hub_scenario(hub_investment, zones=True))
    st = res.statistics
    C = float(st.hubs()["annual_cost_eur_per_yr"].sum())
    assert C > 0 if hub_investment else C == 0
    phi = X_IN / (X_IN + D_OUT)
    T, inj_s = res.objective + C * (1 - phi), INJ_S   # the network's surplus: all but D's part of the hub
    c = st.companies().set_index("site_id")["total_eur_per_yr"]
    # the users by what each withdraws: D's leg draws D_OUT (1,500.195) for D to get 1,500
    want = {"S": T / 2 * inj_s / (inj_s + 1000), "X": T / 2 * 1000 / (inj_s + 1000),
            "B": T / 2 * 3000 / (3000 + D_OUT), "D": T / 2 * D_OUT / (3000 + D_OUT) - C * (1 - phi)}
    assert {k: c.get(k, 0.0) for k in want} == pytest.approx(want, rel=1e-6)
    assert "H" not in c.index and set(c.index) == set(want)   # the hub wholly the network's: no row of its own
    comp = st.companies().set_index("site_id")
    assert (comp["network_result_eur_per_yr"].abs() < 1e-6 * T).all()
    # the prices: each injection at the same markup T / (2 X) over its floor (S: 0; X: -20,
    # its disposal cost), each withdrawal at T / (2 W) under its ceiling
    L = st.links().set_index("source_site")
    markup = T / 2 / (inj_s + 1000)
    assert L.at["S", "price_eur_per_unit"] == pytest.approx(markup, rel=1e-6)
    assert L.at["X", "price_eur_per_unit"] == pytest.approx(-20 + markup, rel=1e-6)
    zones = st.zones().set_index("zone")["net_benefit_eur_per_yr"]
    assert zones.get("A", 0.0) == pytest.approx(want["S"] + want["X"], rel=1e-6)
    assert zones.get("B", 0.0) == pytest.approx(want["B"] + want["D"], rel=1e-6)
    assert abs(zones.get("C", 0.0)) < 1e-6 * T
    sh = st.network_shares().set_index("site_id")
    shares = {"B": 3000 / (3000 + D_OUT), "D": D_OUT / (3000 + D_OUT)}   # 0.66664, 0.33336
    assert sh["share"].to_dict() == pytest.approx(shares, rel=1e-9)
    assert sh["hubs_share_eur"].to_dict() == pytest.approx({k: v * hub_investment * phi for k, v in shares.items()},
                                                           rel=1e-9, abs=1e-6)
    # investment: every euro counted once, in companies.csv as in the totals
    assert comp["investment_eur"].sum() == pytest.approx(st.totals()["investment_eur"], rel=1e-9)
