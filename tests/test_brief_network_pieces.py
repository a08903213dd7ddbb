"""A shared network in pieces that no corridor joins, and a network row's counted sites, in the
one-page brief. Two incinerators each feed their own town cluster (33 km apart, no corridor
between them): before, the brief showed ONE row for the resource, "Réseau de chaleur : 3 sites
→ 7 sites", its figure the two networks' sum; an elected official expects one row per network,
each with its own sites and its own EUR/yr. And where a row counts a side ("3 sites → Terminal
CO2"), the printed brief did not say which companies were meant. Each piece's figures are
checked against a run of that piece alone (a scenario of its sites, flows and corridors)."""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest

import eitflow
from eitflow.report.brief import render_brief, site_list
from eitflow.results.rundir import read_run, write_run
from eitflow.results.shares import network_lines
from figures import top_cells

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)

#: piece 1 (north, Nancy): two suppliers, four towns; piece 2 (south, 33 km away): one supplier, three towns
SITES = pd.DataFrame({
    "site_id": ["UN", "FO", "Q1", "Q2", "Q3", "Q4", "US", "R1", "R2", "R3"],
    "name": ["Unité de valorisation énergétique de Ludres", "Fonderie de Pont-Saint-Vincent",
             "Quartier des Provinces (Laxou)", "Quartier du Haussonville (Nancy)",
             "Plateau de Haye, Champ-le-Bœuf", "Zone d'activités de Heillecourt",
             "Unité de valorisation énergétique de Pont-à-Mousson", "Quartier de la gare de Blénod",
             "Cité scolaire de Dieulouard", "Centre aquatique de Pagny-sur-Moselle"],
    "lat": [48.70, 48.70 + 1 * KM, 48.70 + 2 * KM, 48.70 + 3 * KM, 48.70 + 4 * KM, 48.70 + 5 * KM,
            48.40, 48.40 + 1 * KM, 48.40 + 2 * KM, 48.40 + 3 * KM],
    "lon": [6.18] * 6 + [6.05] * 4})
FLOWS = pd.DataFrame({
    "site_id": ["UN", "FO", "Q1", "Q2", "Q3", "Q4", "US", "R1", "R2", "R3"],
    "direction": ["supply", "supply", "demand", "demand", "demand", "demand", "supply", "demand", "demand", "demand"],
    "resource": "heat", "amount": [15000.0, 6000.0, 6000.0, 5000.0, 4000.0, 3000.0, 14000.0, 5000.0, 4000.0, 2000.0],
    "unit": "MWh/yr", "temperature_c": [120.0, 110.0, 70.0, 70.0, 70.0, 70.0, 120.0, 70.0, 70.0, 70.0],
    "price_eur_per_unit": [0.0, 0.0, 80.0, 80.0, 80.0, 80.0, 0.0, 85.0, 85.0, 85.0], "max_distance_km": 0.1})
#: a line of 1 km corridors in each cluster, none between them
CORRIDORS = pd.DataFrame({"corridor_id": ["n1", "n2", "n3", "n4", "n5", "s1", "s2", "s3"], "resource": "heat",
                          "from": ["UN", "FO", "Q1", "Q2", "Q3", "US", "R1", "R2"],
                          "to": ["FO", "Q1", "Q2", "Q3", "Q4", "R1", "R2", "R3"], "length_km": 1.0})
NORTH, SOUTH = ["UN", "FO", "Q1", "Q2", "Q3", "Q4"], ["US", "R1", "R2", "R3"]


def _scenario(ids: list[str]):
    """The scenario restricted to the sites `ids` (a piece alone) and their flows and corridors."""
    cor = CORRIDORS[CORRIDORS["from"].isin(ids) & CORRIDORS["to"].isin(ids)]
    return eitflow.scenario_from_frames(SITES[SITES["site_id"].isin(ids)], FLOWS[FLOWS["site_id"].isin(ids)],
                                        corridors=cor, networks={"heat": {"temperature_c": 90.0}}, name="deux réseaux",
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})


@pytest.fixture(scope="module")
def pieces(tmp_path_factory):
    """The run of both pieces, and each piece's objective and CO2 run alone (EUR/yr, tCO2/yr)."""
    alone = {}
    for name, ids in (("north", NORTH), ("south", SOUTH)):
        res = eitflow.optimise(_scenario(ids))
        alone[name] = (res.objective, float(res.statistics.links()["co2_avoided_t_per_yr"].sum()))
    run = write_run(eitflow.optimise(_scenario(NORTH + SOUTH)), tmp_path_factory.mktemp("pieces") / "run")
    return read_run(run), alone


def test_a_network_in_two_pieces_is_one_row_per_piece_in_the_brief(pieces):
    """Before: one row 'Réseau de chaleur : 3 sites → 7 sites' at the two pieces' sum. Now two
    rows, 'Réseau de chaleur, morceau 1 : ...' (north: its 2 suppliers, 4 towns) and
    'morceau 2' (south: 1 supplier, 3 towns), each at the figure of its piece run alone (the
    pieces are independent problems: the same optimum apart), and the rows add up to the plan."""
    data, alone = pieces
    total = float(data.summary["objective"])
    (nb_n, co2_n), (nb_s, co2_s) = alone["north"], alone["south"]
    assert total == pytest.approx(nb_n + nb_s, rel=1e-7)   # the pieces alone add up to the plan
    _, nets = network_lines(data.matches)
    assert list(nets["network"]) == ["network:heat#1", "network:heat#2"]
    north, south = nets.iloc[0], nets.iloc[1]
    assert set(north["injecting"]) == {"UN", "FO"} and set(north["withdrawing"]) == {"Q1", "Q2", "Q3", "Q4"}
    assert south["injecting"] == ("US",) and south["withdrawing"] == ("R1", "R2", "R3")   # largest first
    assert (north["amount"], south["amount"]) == (18_000.0, 11_000.0)   # 6 + 5 + 4 + 3; 5 + 4 + 2 thousand MWh/yr
    for lang, piece in (("fr", "Réseau de chaleur, morceau {}"), ("en", "Heat network, piece {}")):
        page = render_brief(data, lang)
        for tid in ("top-net", "top-co2"):
            rows = top_cells(page, tid)
            assert rows == [[None, pytest.approx(nb_n, rel=1e-7), pytest.approx(co2_n, rel=1e-7)],
                            [None, pytest.approx(nb_s, rel=1e-7), pytest.approx(co2_s, rel=1e-7)]], (lang, tid)
            assert sum(r[1] for r in rows) == pytest.approx(total, rel=1e-7)   # totals = sum of rows
        text = html_lib.unescape(page)
        assert piece.format(1) in text and piece.format(2) in text
        assert "network:heat" not in re.sub(r'data-network="[^"]*"', "", page)   # no party id shown


def test_the_sites_a_network_row_counts_are_named_under_it(pieces):
    """'Réseau de chaleur, morceau 1 : 2 sites → 4 sites' (the names do not fit the row): a line
    under it per counted side names its sites, largest first, each cut to 30 characters, as
    many as fit 76 characters less the label's 12 ('Injectent : ', 'Prélèvent : '): 64. By hand:
    the suppliers 'Unité de valorisation énergét…' (29 + '…') and 'Fonderie de Pont-Saint-Vincent'
    (30): 30 + 2 + 30 = 62 <= 64, both named. The towns, 6,000, 5,000,
    4,000, 3,000 MWh/yr: 'Quartier des Provinces (Laxou)' (30), 'Quartier du Haussonville'
    (32, its '(Nancy)' dropped: 24): 30 + 2 + 24 + ' et 2 autres' (12) = 68 > 64, so the first
    and 'et 3 autres'. South: its one supplier is named on the row; its towns 'Quartier de la
    gare de Blénod' (29) + 2 + 'Cité scolaire de Dieulouard' (27) + ' et 1 autre' (11) = 69 > 64:
    the first and 'et 2 autres'. Before, no line named them. The tooltip names them all. A row
    in both top tables names its sites in the first only (the page's height)."""
    data, _ = pieces
    page = html_lib.unescape(render_brief(data, "fr"))
    said = re.findall(r'<span class="route sites">([^<]*)</span>', page)
    north = ["Injectent : Unité de valorisation énergét…, Fonderie de Pont-Saint-Vincent",
             "Prélèvent : Quartier des Provinces (Laxou) et 3 autres"]
    south = ["Prélèvent : Quartier de la gare de Blénod et 2 autres"]
    assert said == north + south   # in the first table only (both rows are in both)
    assert ("Réseau de chaleur, morceau 1 : Unité de valorisation énergétique de Ludres, Fonderie de "
            "Pont-Saint-Vincent → Quartier des Provinces (Laxou), Quartier du Haussonville (Nancy), "
            "Plateau de Haye, Champ-le-Bœuf, Zone d'activités de Heillecourt") in page   # the tooltip
    en = html_lib.unescape(render_brief(data, "en"))
    assert "Withdrawing: Quartier de la gare de Blénod and 2 more" in en


def test_site_list_names_what_fits_and_counts_the_rest():
    """By hand: 'Alpha, Beta, Gamma, Delta' is 5 + 2 + 4 + 2 + 5 + 2 + 5 = 25 characters; in 24,
    'Alpha, Beta, Gamma et 1 autre' (18 + 11 = 29) does not fit, 'Alpha, Beta et 2 autres'
    (11 + 12 = 23) does; in 22 only 'Alpha et 3 autres' (17); the first name is always said,
    past the room too; a name past 30 characters is cut to 29 and '…'."""
    names = ["Alpha", "Beta", "Gamma", "Delta"]
    assert site_list(names, 25, "fr") == "Alpha, Beta, Gamma, Delta"
    assert site_list(names, 24, "fr") == "Alpha, Beta et 2 autres"
    assert site_list(names, 22, "fr") == "Alpha et 3 autres"
    assert site_list(names, 3, "fr") == "Alpha et 3 autres"
    assert site_list(names[:2], 3, "fr") == "Alpha et 1 autre"
    assert site_list(names, 20, "en") == "Alpha and 3 more"
    assert site_list(["x" * 40], 76, "fr") == "x" * 29 + "…"


def test_a_row_names_its_sites_in_the_lines_it_is_given():
    """A row counting both sides has two lines of names; given one (the table's SITE_LINES
    spent above it), the injecting side's only; given none, no line (the tooltip names them)."""
    from eitflow.report.brief import _network_row

    rec = {"network": "network:heat#1", "resource": "heat", "piece": "1", "injecting": ("UN", "FO"),
           "withdrawing": ("Q1", "Q2", "Q3", "Q4"), "amount": 18_000.0, "unit": "MWh/yr",
           "net_benefit_after_shares_eur_per_yr": 1.0, "co2_avoided_after_shares_t_per_yr": 1.0}
    names = dict(zip(SITES["site_id"], SITES["name"]))
    for n, heads in ((2, ["Injectent", "Prélèvent"]), (1, ["Injectent"]), (0, [])):
        said = re.findall(r'<span class="route sites">(\w+)', html_lib.unescape(_network_row(rec, names, "#000", "fr", sites=n)))
        assert said == heads, n
