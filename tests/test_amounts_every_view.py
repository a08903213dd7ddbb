"""Every view says an exchange's amounts the same way (`report.tables.sent_received`, from
matches.csv's `amount` and `demand_amount`): what is sent and what is received where they differ.

Before 2026-12-07 the brief, the report's table of exchanges and the map's arrows said a converted
exchange (sludge made into fertiliser, 0.02 t per t) so, but
- the Sankey's band read "boues → fertilisant, 2 500 t/an" (the sludge alone), the sweep report's
  table of exchanges and the report's table of price bands 2 500 t/an beside "boues →
  fertilisant" (read as the fertiliser the farms get, 50 t/an);
- heat losing some of itself in its pipe was said as sent only everywhere but in explain ("chaleur,
  20 000 MWh/an" where the user gets 19 900);
- the Sankey's two ends of an exchange between one company's two plants read the same label
  ("Compagnie Industrielle et C…" on both sides);
- the Sankey's network node took in all a hub on the network received, the CO2 trucked straight
  through it too (100,000 t/yr "received" where the pipes take 70,000).
Every expected figure is worked out by hand in the tests' docstrings.
"""
from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from conftest import SCENARIO_YAML, write_scenario

sys.path.insert(0, str(Path(__file__).parent))
from test_converted_amounts import FLOWS as CONV_FLOWS  # noqa: E402  (a dairy's sludge to a cooperative)
from test_converted_amounts import SAID as CONV_SAID  # noqa: E402
from test_converted_amounts import SITES as CONV_SITES  # noqa: E402
from test_distinct_labels import GRAV, LOON  # noqa: E402  (80 characters each, the first 70 the same)

#: one company's two plants: Loon-Plage's waste heat (20,000 MWh/yr at 95 degC) piped 2.5 km
#: (links.csv's route, no investment, no fixed cost: built whatever it loses) to Gravelines,
#: which needs 30,000 MWh/yr at 70 degC at 40 EUR/MWh
LOSSY_SITES = f"""site_id,name,lat,lon
LOON,"{LOON}",51.000,2.200
GRAV,"{GRAV}",51.010,2.200
"""
LOSSY_FLOWS = """site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit
LOON,supply,heat,20000,MWh/yr,95,0
GRAV,demand,heat,30000,MWh/yr,70,40
"""
LOSSY_LINKS = """source_site,sink_site,supply_resource,distance_km,investment_eur,fixed_cost_eur_per_yr
LOON,GRAV,heat,2.5,0,0
"""
#: by hand: the catalogue's heat loses 0.2 %/km of what a link carries (resources.yaml,
#: loss_share_per_km 0.002, `link_loss: share`): all 20,000 MWh/yr sent (the user wants more),
#: 20,000 x (1 - 0.002 x 2.5) = 19,900 MWh/yr received; one resource, said once (the brief's rows
#: keep it on one line)
LOSSY_SAID = {"fr": "chaleur, 20 000 MWh/an envoyés, 19 900 reçus",
              "en": "heat, 20,000 MWh/yr sent, 19,900 received"}


def _plain(text: str) -> str:
    return unescape(text).replace("\u202f", " ").replace("\xa0", " ")


def _run(root: Path, **files):
    from eitflow import run_file
    from eitflow.results.rundir import read_run, write_run

    path = write_scenario(root / "s", **files)
    write_run(run_file(str(path)), root / "run")
    return read_run(root / "run")


@pytest.fixture(scope="module")
def conv(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("conv"), sites=CONV_SITES, flows=CONV_FLOWS)


@pytest.fixture(scope="module")
def lossy(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("lossy"), yaml_text=SCENARIO_YAML + "links: links.csv\n",
                sites=LOSSY_SITES, flows=LOSSY_FLOWS, extra={"links.csv": LOSSY_LINKS})


def test_the_lossy_run_sends_20000_and_delivers_19900(lossy):
    m = lossy.matches
    assert len(m) == 1
    assert m["amount"].iloc[0] == pytest.approx(20_000.0, rel=1e-9)
    assert m["demand_amount"].iloc[0] == pytest.approx(20_000.0 * (1 - 0.002 * 2.5), rel=1e-9)


def _band_titles(data, lang: str) -> list[str]:
    from eitflow.report.sankey import sankey_layout

    return [_plain(b["title"]) for p in sankey_layout(data, lang=lang) for b in p.bands]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_sankeys_band_of_a_converted_exchange_says_both(conv, lang):
    """Its band read "Laiterie → Coopérative agricole : boues → fertilisant, 2 500 t/an"."""
    titles = _band_titles(conv, lang)
    assert len(titles) == 1 and CONV_SAID[lang] in titles[0], titles


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_lossy_heat_exchange_says_both_in_every_view(lossy, lang):
    """The brief's row, the report's tables of exchanges and of price bands, the map's arrow and
    the Sankey's band: sent 20,000, received 19,900 MWh/yr (before: "chaleur, 20 000 MWh/an" or
    20 000 under "Quantité" alone)."""
    from eitflow.report.brief import render_brief
    from eitflow.report.map import map_layout
    from eitflow.report.sections import matches_table, negotiation

    said = LOSSY_SAID[lang]
    top = _plain(render_brief(lossy, lang)).split('id="top-net"')[1].split("</table>")[0]
    assert said in top, top
    assert said in _plain(matches_table(lossy, lang))
    assert said in _plain(negotiation(lossy, lang).split('id="bands-table"')[1].split("</table>")[0])
    assert [said in _plain(e["title"]) for e in map_layout(lossy, lang).edges] == [True]
    assert [said in t for t in _band_titles(lossy, lang)] == [True]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_price_bands_table_says_a_converted_exchange_both_ways(conv, lang):
    """The band's amount is what is sent (its price per t of sludge); under it, both."""
    from eitflow.report.sections import negotiation

    bands = _plain(negotiation(conv, lang).split('id="bands-table"')[1].split("</table>")[0])
    assert CONV_SAID[lang] in bands, bands


def test_what_sent_received_calls_different():
    """Explain's rule (another unit, or apart by more than 1e-6 of the amount), and the figures as
    said differ: 25,000 sent and 24,999.99 received (1 kWh/yr lost) both read "25 000"."""
    from eitflow.report.tables import sent_received

    rec = {"supply_resource": "heat", "demand_resource": "heat", "amount": 20_000.0, "unit": "MWh/yr",
           "demand_amount": 19_900.0, "demand_unit": "MWh/yr"}
    assert _plain(sent_received(rec, "fr")) == LOSSY_SAID["fr"]
    assert sent_received({**rec, "amount": 25_000.0, "demand_amount": 24_999.99}, "fr") == ""
    assert sent_received({**rec, "demand_amount": 20_000.0}, "fr") == ""


def test_the_sweep_reports_table_of_exchanges_says_both(conv):
    """links.csv keeps matches.csv's demand_amount, frequency.csv its mean, min and max
    (`demand_amount_*`: 50 t/yr in each of two runs), and the table says both under the resources
    (before: 2,500 t/yr beside "sludge → fertiliser" alone)."""
    from eitflow.report.sweep import render_sweep_html
    from eitflow.sweep.tables import frequency, links_from_matches

    matches_csv = (conv.run_dir / "matches.csv").read_bytes()
    links = pd.DataFrame(links_from_matches("r0", "park", matches_csv) + links_from_matches("r1", "park", matches_csv))
    res = pd.DataFrame({"run_id": ["r0", "r1"], "base": "park", "carbon_price_eur_per_t": [100.0, 200.0],
                        "status": "optimal", "objective": [1e5, 1e5], "objective_unit": "EUR/yr", "bound": [1e5, 1e5],
                        "gap": 0.0, "net_benefit_eur_per_yr": [1e5, 1e5], "co2_avoided_t_per_yr": 10.0,
                        "investment_eur": 0.0, "n_links": 1, "message": ""})
    freq = frequency(res, links)
    assert len(freq) == 1
    r = freq.iloc[0]
    assert (r["amount_mean"], r["demand_amount_mean"], r["demand_amount_min"], r["demand_amount_max"]) == \
        pytest.approx((2_500.0, 50.0, 50.0, 50.0))
    assert r["demand_unit"] == "t/yr"
    for lang in ("fr", "en"):
        page = render_sweep_html(res, freq, {"name": "t"}, "", {}, lang)
        table = _plain(page.split('id="frequency-table"')[1].split("</table>")[0])
        assert CONV_SAID[lang] in table, table


def test_the_sankeys_two_ends_of_one_companys_plants_are_told_apart(lossy):
    """A node's label is cut at MAX_NODE_LABEL = 28 characters: both plants read LOON[:27] + "…"
    ("Compagnie Industrielle et C…"), one on each side. Apart (`distinct_short`, as the map and the
    brief): the differing tail "Loon-Plage" / "Gravelines" (10), 28 - 10 - 2 = 16 characters of
    head, "… ", the tail."""
    from eitflow.report.sankey import MAX_NODE_LABEL, sankey_layout

    assert MAX_NODE_LABEL == 28
    [panel] = sankey_layout(lossy, lang="fr")
    labels = {(n["side"], n["key"]): n["label"] for n in panel.nodes}
    assert labels == {("left", "LOON"): LOON[:16] + "… Loon-Plage", ("right", "GRAV"): GRAV[:16] + "… Gravelines"}
    assert LOON[:16] == "Compagnie Indust"


@pytest.fixture(scope="module")
def co2_hub(tmp_path_factory):
    """tests/test_hub_network_split.py's CO2 hub: E trucks 100,000 t/yr into hub H on a CO2
    network; H trucks 30,000 straight on to D and puts 70,000 into the pipes to S."""
    import eitflow
    from eitflow.results.rundir import read_run, write_run
    from test_co2_hub_pass_through import _scenario

    res = eitflow.optimise(_scenario(30_000.0, 70_000.0, 50.0, hub_fixed=5_000.0, hub_investment=100_000.0))
    assert res.status == "optimal"
    return read_run(write_run(res, tmp_path_factory.mktemp("co2hub") / "run"))


def test_the_sankeys_network_node_receives_only_what_enters_the_pipes(co2_hub):
    """The network's node receives 100,000 - 30,000 = 70,000 t/yr (what the balance counts in,
    summary.json), not the 100,000 H received; H's node keeps the 30,000 passed through it, D's
    30,000 and S's 70,000 as they were. Before: the network's node "received: CO2 100,000 t/yr"
    (its figure 100,000 beside bands of 70,000)."""
    from eitflow.report.sankey import sankey_layout

    [panel] = sankey_layout(co2_hub, lang="en")
    right = {n["key"]: n for n in panel.nodes if n["side"] == "right"}
    assert {k: n["amount"] for k, n in right.items()} == pytest.approx(
        {"network:co2": 70_000.0, "H": 30_000.0, "D": 30_000.0, "S": 70_000.0}, rel=1e-12)
    assert "received: CO2 70,000 t/yr" in right["network:co2"]["title"]
    assert "100,000" not in right["network:co2"]["title"]
    assert "received: CO2 30,000 t/yr" in right["H"]["title"]
    b = co2_hub.summary["networks"]["by_resource"]["co2"]["balance"]
    assert b["into_network"] == pytest.approx(right["network:co2"]["amount"], rel=1e-12)


def test_the_rendered_sankey_says_the_converted_band_both_ways(conv):
    """report.html's Sankey (its <title> elements, what the browser shows on hover)."""
    from eitflow.report.html import render_html

    page = render_html(conv, "fr")
    svg = page[page.index('id="sankey-svg-0"'):]
    titles = [_plain(t) for t in re.findall(r"<title>([^<]*)</title>", svg[:svg.index("</svg>")])]
    assert any(CONV_SAID["fr"] in t for t in titles), titles
    assert not any("fertilisant, 2 500" in t for t in titles), titles
