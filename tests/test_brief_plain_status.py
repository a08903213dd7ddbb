"""The brief's status says what was found in plain words (lead's review, 2026-12-06). Every bundled
French brief said the solver's line under its badge: 'Optimal : aucune solution ne peut faire
mieux que celle-ci de plus que la tolérance demandée (écart 0,00 %, cible 0,01 %)', which an
elected official cannot read. Now: 'Plan optimal : aucun autre plan ne rapporte davantage.'; a plan
stopped by the time limit: 'Meilleur plan trouvé dans le temps de calcul imparti : au plus 3,20 %
sous le meilleur possible.'; no plan: why, in a sentence. The solver's line stays in the full
report (report.html's status block).

The sentences are written here by hand; the gap's percentage too (0.032 = 3,20 %, two decimals, a
decimal comma and a no-break space before % in French as the other messages)."""

from __future__ import annotations

import copy
import re
from html import unescape

import pandas as pd
import pytest

import eitflow
from eitflow.report.brief import render_brief
from eitflow.report.html import render_html
from eitflow.results.rundir import read_run, write_run


@pytest.fixture(scope="module")
def one_exchange(tmp_path_factory):
    """A waste-heat supply and a heat demand 3 km east of it: one exchange, proven optimal (gap 0)."""
    sites = pd.DataFrame({"site_id": ["SRC", "DEM"], "name": ["Usine", "Réseau de chaleur"],
                          "lat": [48.80, 48.80], "lon": [6.50, 6.541]})
    flows = pd.DataFrame({"site_id": ["SRC", "DEM"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20.0, 20.0], "unit": "GWh/yr", "temperature_c": [120.0, 90.0],
                          "price_eur_per_unit": [0.0, 40.0], "max_distance_km": 30.0})
    scen = eitflow.scenario_from_frames(sites, flows, name="une synergie", solver={"mip_gap": 0.0})
    return read_run(write_run(eitflow.optimise(scen), tmp_path_factory.mktemp("plain") / "run"))


def _head(html: str) -> str:
    """The status box's first line (what was found), as read."""
    return unescape(re.search(r'id="status".*?</span><div><p>(.*?)</p>', html, re.S).group(1))


def _with(data, **summary):
    out = copy.copy(data)
    out.summary = {**data.summary, **summary}
    return out


def test_an_optimal_plan_in_plain_words(one_exchange):
    assert one_exchange.summary["status"] == "optimal" and len(one_exchange.matches) == 1
    fr = render_brief(one_exchange, "fr")
    assert _head(fr) == "Plan optimal : aucun autre plan ne rapporte davantage."
    assert "tolérance" not in fr and "cible" not in fr   # the solver's words are the full report's
    assert _head(render_brief(one_exchange, "en")) == "Optimal plan: no other plan earns more."
    # the full report keeps the solver's line
    assert "tolérance demandée" in unescape(render_html(one_exchange, "fr"))


def test_a_co2_plan_avoids_no_more(one_exchange):
    data = _with(one_exchange, objective_name="co2", objective_unit="tCO2/yr")
    assert _head(render_brief(data, "fr")) == "Plan optimal : aucun autre plan n'évite davantage de CO2."
    assert _head(render_brief(data, "en")) == "Optimal plan: no other plan avoids more CO2."


def test_a_time_limited_plan_says_how_far_from_best(one_exchange):
    """Stopped by its 60 s time limit, a gap of 0.032: 3.2 % -> '3,2 %' (fr), '3.2%' (en): a gap to two decimals at most (`i18n.gap_percent`)."""
    obj = one_exchange.summary["objective"]
    # bound = objective x (1 + 0.032): the gap of 0.032 summary.json would say
    data = _with(one_exchange, status="feasible", gap=0.032, bound=obj * 1.032, time_limit_s=60.0)
    assert _head(render_brief(data, "fr")) == ("Meilleur plan trouvé dans le temps de calcul imparti : "
                                               "au plus 3,2\xa0% sous le meilleur possible.")
    assert _head(render_brief(data, "en")) == ("Best plan found in the computing time allowed: "
                                               "at most 3.2% below the best possible.")
    # no bound: how much better is not known
    data = _with(data, gap=None, bound=None)
    assert _head(render_brief(data, "fr")) == ("Meilleur plan trouvé dans le temps de calcul imparti : "
                                               "un meilleur peut exister, sans qu'on sache de combien.")


def test_an_infeasible_run_says_no_plan_is_possible(one_exchange):
    data = _with(one_exchange, status="infeasible", objective=None, bound=None, gap=None)
    assert _head(render_brief(data, "fr")) == ("Aucun plan possible : les conditions posées par les "
                                               "données ne peuvent pas être remplies ensemble.")
    assert _head(render_brief(data, "en")) == "No possible plan: the conditions the data set cannot all be met together."
