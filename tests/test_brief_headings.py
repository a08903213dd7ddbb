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


@pytest.mark.parametrize(("users", "net", "co2"), [
    (["B", "C"], "Les 2 synergies au plus fort bénéfice net", "Les 2 synergies qui évitent le plus de CO2"),
    (["B"], "La synergie au plus fort bénéfice net", "La synergie qui évite le plus de CO2")])
def test_top_headings_count_the_rows(tmp_path, users, net, co2):
    data = _run(tmp_path, users)
    assert len(data.matches) == len(users)
    html = render_brief(data, "fr")
    heads = re.findall(r'<div class="top"><h2>([^<]*)</h2>', html)
    assert [h.replace("&#x27;", "'") for h in heads] == [net, co2]
    en = re.findall(r'<div class="top"><h2>([^<]*)</h2>', render_brief(data, "en"))
    assert all(str(len(users)) in h or "Top synergy" in h for h in en), en
