"""Two companies whose names share their first 70 characters ("Compagnie Industrielle et
Commerciale du Nord-Pas-de-Calais, unité de " Loon-Plage / Gravelines, as one company's two
plants of dunkerque_dh would be named): the report's map, the sweep's report and the brief's
route cells and lists of sites cut them to the same label ("Compagnie Industrielle et
Commerciale du Nord-Pas-de-Calais…" twice on the map). Each label now keeps where the names
differ, in the same width (`report.names.distinct_short`, as explain, the brief's top rows and
the terminal's tables do). Every expected label is worked out by hand below."""
from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

#: 80 characters each; the first 70 ("... unité de ") the same
LOON = "Compagnie Industrielle et Commerciale du Nord-Pas-de-Calais, unité de Loon-Plage"
GRAV = "Compagnie Industrielle et Commerciale du Nord-Pas-de-Calais, unité de Gravelines"


def _cut(head: int, tail: str) -> str:
    """By hand: the first `head` characters of LOON, "… ", then the differing tail."""
    return LOON[:head] + "… " + tail


def test_the_fixture_names_share_a_long_prefix():
    assert len(LOON) == len(GRAV) == 80 and LOON[:70] == GRAV[:70] and LOON[70:] == "Loon-Plage"


def test_the_maps_labels_tell_the_two_plants_apart():
    """Map (`report.map.map_layout`), two sites 2 km apart with room for their whole names:
    each label in MAX_LABEL_ROOM = 60 characters. Cut at 60, both read LOON[:59] + "…"; apart,
    each keeps its tail "Loon-Plage" / "Gravelines" (10 characters): 60 - 10 - 2 = 48 characters
    of head, "… ", the tail = 60. Where the map is crowded (MAX_LABEL = 32): 32 - 12 = 20."""
    from eitflow.report.map import MAX_LABEL, MAX_LABEL_ROOM, map_layout
    from eitflow.results.rundir import RunData

    assert (MAX_LABEL_ROOM, MAX_LABEL) == (60, 32)
    sites = pd.DataFrame({"site_id": ["LOON", "GRAV"], "name": [LOON, GRAV], "lat": [51.00, 51.02],
                          "lon": [2.20, 2.22], "kind": "site", "sector": "", "zone": ""})
    empty = pd.DataFrame(columns=["source_site", "sink_site", "supply_resource", "demand_resource", "amount",
                                  "net_benefit_eur_per_yr"])
    data = RunData(run_dir=None, summary={}, matches=empty, unmatched=pd.DataFrame(columns=["site_id", "resource"]),
                   companies=pd.DataFrame(), price_bands=pd.DataFrame(), zones=pd.DataFrame(),
                   zone_flows=pd.DataFrame(), sites=sites)
    lay = map_layout(data, "fr")
    said = {lb.site: lb.key or lb.text for lb in lay.labels}
    assert len(said) == 2 and said[0] != said[1], said
    wide = {0: _cut(48, "Loon-Plage"), 1: GRAV[:48] + "… Gravelines"}
    narrow = {0: _cut(20, "Loon-Plage"), 1: GRAV[:20] + "… Gravelines"}
    for k, text in said.items():
        assert text in (wide[k], narrow[k]), (k, text)
        assert len(text) <= MAX_LABEL_ROOM


def test_the_sweep_reports_table_tells_the_two_plants_apart():
    """The sweep's table of exchanges cuts a name at 44 characters (`SITE_CHARS`): both read
    LOON[:43] + "…"; apart, 44 - 10 - 2 = 32 characters of head, "… ", the tail = 44."""
    from eitflow.report.sweep import render_sweep_html

    res = pd.DataFrame({"run_id": ["r0"], "base": ["port"], "carbon_price_eur_per_t": [100.0], "status": "optimal",
                        "objective": [1e6], "objective_unit": "EUR/yr", "bound": [1e6], "gap": 0.0,
                        "net_benefit_eur_per_yr": [1e6], "co2_avoided_t_per_yr": [10.0], "investment_eur": 0.0,
                        "n_links": 1, "message": ""})
    freq = pd.DataFrame({"base": ["port"], "source_site": ["LOON"], "sink_site": ["GRAV"], "supply_resource": ["heat"],
                         "demand_resource": ["heat"], "mode": ["pipe"], "n_runs": [1], "n_chosen": [1],
                         "chosen_pct": [100.0], "amount_mean": [1000.0], "amount_min": [1000.0],
                         "amount_max": [1000.0], "unit": ["MWh/yr"], "net_benefit_mean_eur_per_yr": [1e6]})
    names = {("port", "LOON"): LOON, ("port", "GRAV"): GRAV}
    html = render_sweep_html(res, freq, {"name": "t"}, "", names, "fr")
    table = html.split('id="frequency-table"')[1]
    shown = [unescape(t) for t in re.findall(r'<span title="[^"]*">([^<]*)</span>', table)]
    assert shown == [_cut(32, "Loon-Plage"), GRAV[:32] + "… Gravelines"], shown
    assert all(len(s) <= 44 for s in shown)


def test_a_brief_route_between_the_two_plants_names_each():
    """The brief's route cell (`route_names`, 62 characters for both): 80 + 80 > 62, each gets
    half, 31, and both read LOON[:30] + "…"; apart, 31 - 10 - 2 = 19 characters of head."""
    from eitflow.report.briefroutes import ROUTE_CHARS, route_names

    assert ROUTE_CHARS == 62
    a, b = route_names(LOON, GRAV)
    assert (a, b) == (_cut(19, "Loon-Plage"), GRAV[:19] + "… Gravelines")
    assert len(a) + len(b) <= ROUTE_CHARS


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_networks_list_of_sites_names_each_plant(lang):
    """A network's row lists its sites each cut at SITE_NAME_CHARS = 30: both read LOON[:29] +
    "…"; apart, 30 - 10 - 2 = 18 characters of head, "… ", the tail."""
    from eitflow.report.briefroutes import SITE_NAME_CHARS, site_list

    assert SITE_NAME_CHARS == 30
    said = site_list([LOON, GRAV], 200, lang)
    assert said == f"{_cut(18, 'Loon-Plage')}, {GRAV[:18]}… Gravelines", said
