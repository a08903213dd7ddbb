"""The brief's top tables say how many exchanges they list.

"Les 5 synergies au plus fort bénéfice net" stood above a table of two rows when the plan had
two exchanges: an official reads that five were found. The heading now gives the number of
rows shown (and the singular for one). Two exchanges here by construction: one supplier A,
two users B and C, each paying more than A's price plus transport (so both are chosen).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

import eitflow
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_run


def _run(tmp_path, users: list[str]):
    sites = pd.DataFrame({"site_id": ["A", *users], "name": ["Fournisseur A", *[f"Usager {u}" for u in users]],
                          "lat": [45.0 + 0.05 * i for i in range(len(users) + 1)], "lon": 4.0})
    flows = pd.DataFrame({"site_id": ["A", *users], "direction": ["supply"] + ["demand"] * len(users),
                          "resource": "good", "amount": [100.0] + [30.0] * len(users), "unit": "t/yr",
                          "price_eur_per_unit": [5.0] + [60.0] * len(users)})
    links = pd.DataFrame({"source_site": "A", "sink_site": users, "supply_resource": "good",
                          "distance_km": 10.0, "var_cost_eur_per_unit": 4.0, "fixed_cost_eur_per_yr": 0.0})
    scen = eitflow.scenario_from_frames(sites, flows, links, GOOD_RESOURCE, name="deux", lang="fr",
                                        carbon_price_eur_per_t=0.0)
    return read_run(write_run(eitflow.optimise(scen), tmp_path / "run"))


@pytest.mark.parametrize(("users", "fr", "en"), [
    (["B", "C"], "Les 2 synergies retenues, par bénéfice net", "The 2 chosen synergies, by net benefit"),
    (["B"], "La synergie retenue", "The chosen synergy")])
def test_top_headings_count_the_rows(tmp_path, users, fr, en):
    """Every exchange of the plan listed: one table (the first by CO2 are the first by net benefit:
    `test_brief_tables_differ`), its heading saying how many, the singular for one."""
    data = _run(tmp_path, users)
    assert len(data.matches) == len(users)
    html = render_brief(data, "fr")
    heads = re.findall(r'<div class="top"><h2>([^<]*)</h2>', html)
    assert [h.replace("&#x27;", "'") for h in heads] == [fr]
    assert re.findall(r'<div class="top"><h2>([^<]*)</h2>', render_brief(data, "en")) == [en]


def _priced(tmp_path, price: float, carbon: float, cost: float = 4.0):
    """A supplier A (100 t/yr at 5 EUR/t) and a user B 10 km away paying `price` EUR/t, by a
    link of `cost` EUR/t."""
    sites = pd.DataFrame({"site_id": ["A", "B"], "name": ["Fournisseur A", "Usager B"], "lat": [45.0, 45.05], "lon": 4.0})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "good",
                          "amount": [100.0, 30.0], "unit": "t/yr", "price_eur_per_unit": [5.0, price]})
    links = pd.DataFrame({"source_site": "A", "sink_site": ["B"], "supply_resource": "good",
                          "distance_km": 10.0, "var_cost_eur_per_unit": cost, "fixed_cost_eur_per_yr": 0.0})
    scen = eitflow.scenario_from_frames(sites, flows, links, GOOD_RESOURCE, name="un", lang="fr",
                                        carbon_price_eur_per_t=carbon)
    return read_run(write_run(eitflow.optimise(scen), tmp_path / "run"))


def test_top_headings_promise_no_number_without_exchanges(tmp_path):
    """B pays 6 EUR/t and the link costs 50 EUR/t, more than both prices together (6 + 5 = 11
    EUR/t): no exchange. The headings gave "Les 5 synergies ..." above "Aucun échange retenu."
    (scenarios/fos_siting run as a plan, in both languages); then "Les synergies ..." with no
    number over it, twice. Now no top table and no heading: one sentence says why
    (`tests/test_brief_no_exchange.py`)."""
    data = _priced(tmp_path, 6.0, 0.0, cost=50.0)
    assert len(data.matches) == 0
    for lang in ("fr", "en"):
        page = render_brief(data, lang)
        assert re.findall(r'<div class="top"><h2>([^<]*)</h2>', page) == [], lang
        assert 'id="brief-no-exchange"' in page, lang


def test_carbon_price_on_the_net_benefit_card_says_its_unit(tmp_path):
    """The card under the net benefit said "CO2 valorisé à 100 €/t" (t of what: the exchange
    is of t/yr of a good): the carbon price is per tonne of CO2, 100 EUR/tCO2 as given."""
    data = _priced(tmp_path, 60.0, 100.0)
    fr, en = render_brief(data, "fr"), render_brief(data, "en")
    sub_fr = re.search(r'id="brief-card-net".*?<div class="sub">([^<]*)</div>', fr).group(1)
    sub_en = re.search(r'id="brief-card-net".*?<div class="sub">([^<]*)</div>', en).group(1)
    assert re.search(r"CO2 valorisé à 100\W€/tCO2$", sub_fr), sub_fr
    assert re.search(r"CO2 valued at 100\WEUR/tCO2$", sub_en), sub_en   # a no-break space: one line
