"""A converted exchange (a supply made into another resource by a yield: the catalogue's sludge
feeds fertiliser at 0.02 t per t) was said in the supplier's amount alone, in the brief
("boues → fertilisant, 2 500 t/an"), on the map's arrow and in the report's table of exchanges
(2 500 under "Quantité" beside "boues → fertilisant"): read as the fertiliser the farms get, 50 times what
they get. Both now say what is sent and what is received, each with its unit and resource, as
explain does; the amount received is matches.csv's `demand_amount`, not worked out again."""
from __future__ import annotations

from html import unescape

import pytest

from conftest import write_scenario

#: a dairy's sludge (2,500 t/yr, which it pays 40 EUR/t to get rid of) 3 km from a farmers'
#: cooperative that buys 1,800 t/yr of fertiliser at 420 EUR/t
SITES = """site_id,name,lat,lon
LAIT,Laiterie,50.280,3.970
COOP,Coopérative agricole,50.300,3.990
"""
FLOWS = """site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,max_distance_km
LAIT,supply,sludge,2500,t/yr,,40,
COOP,demand,fertiliser,1800,t/yr,,420,40
"""
#: by hand: all the sludge is sent (the cooperative could take 1,800 / 0.02 = 90,000 t of it), and
#: 2,500 t/yr x 0.02 = 50 t/yr of fertiliser is received (the catalogue's sludge: feeds fertiliser 0.02)
SAID = {"fr": "envoyé : 2 500 t/an (boues) ; reçu : 50 t/an (fertilisant)",
        "en": "sent: 2,500 t/yr (sludge); received: 50 t/yr (fertiliser)"}


def _plain(text: str) -> str:
    return unescape(text).replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from eitflow import run_file
    from eitflow.results.rundir import read_run, write_run

    root = tmp_path_factory.mktemp("conv")
    path = write_scenario(root / "s", sites=SITES, flows=FLOWS)
    write_run(run_file(str(path)), root / "run")
    return read_run(root / "run")


def test_the_run_sends_the_sludge_and_receives_fertiliser(run):
    m = run.matches
    assert len(m) == 1
    rec = m.iloc[0]
    assert (rec["supply_resource"], rec["demand_resource"]) == ("sludge", "fertiliser")
    assert rec["amount"] == pytest.approx(2500.0) and rec["demand_amount"] == pytest.approx(50.0)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_brief_says_what_is_sent_and_what_is_received(run, lang):
    from eitflow.report.brief import render_brief

    page = _plain(render_brief(run, lang))
    top = page.split('id="top-net"')[1].split("</table>")[0]
    assert SAID[lang] in top, top
    # the supplier's amount is not said alone as the exchange's ("boues → fertilisant, 2 500 t/an")
    assert "→ fertilisant, 2 500" not in top and "→ fertiliser, 2,500" not in top


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_reports_table_of_exchanges_says_both(run, lang):
    from eitflow.report.sections import matches_table

    table = _plain(matches_table(run, lang))
    assert SAID[lang] in table, table


def test_an_exchange_of_one_resource_says_its_amount_alone():
    """Heat sent as heat, or a resource received as sent: nothing more to say than its amount
    (a run written without demand_amount neither)."""
    from eitflow.report.tables import sent_received

    rec = {"supply_resource": "heat", "demand_resource": "heat", "amount": 10.0, "unit": "MWh/yr",
           "demand_amount": 10.0, "demand_unit": "MWh/yr"}
    assert sent_received(rec, "fr") == ""
    old = {"supply_resource": "sludge", "demand_resource": "fertiliser", "amount": 10.0, "unit": "t/yr"}
    assert sent_received(old, "fr") == ""
    # slag used as cement additive, 1 t per t: "laitier → ajout cimentaire, 10 000 t/an" says both
    same = {"supply_resource": "slag", "demand_resource": "cement_additive", "amount": 10000.0, "unit": "t/yr",
            "demand_amount": 10000.0, "demand_unit": "t/yr"}
    assert sent_received(same, "fr") == ""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_maps_arrow_says_both(run, lang):
    """The map's arrow (its tooltip) said "boues → fertilisant, 2 500 t/an, 3,4 km ..." too."""
    from eitflow.report.map import map_layout

    titles = [_plain(e["title"]) for e in map_layout(run, lang).edges]
    assert len(titles) == 1 and SAID[lang] in titles[0], titles
