"""The brief says what its reader is asked to decide (lead's review, 2026-12-06: the French briefs
of the bundled scenarios, read as an elected official would). Under its 'Optimal' badge the brief
printed the solver's line 'Objectif 15 063 909 €/an ; borne 15 063 909 €/an.' (zae_example): a
bound means nothing to an elected official, and no sentence said what to decide. Now that line
(kept in the full report) is 'À décider : engager les 17 échanges retenus ; 21,2 M€ investis pour
15,1 M€/an de bénéfice net et 50,2 ktCO2/an évitées.', the cards' figures, on one line.

The expected sentence is written here from summary.json's totals, rounded by hand (three
significant digits, zeros kept, in millions or thousands, a decimal comma: the cards' one rule),
not by the report's number formatting. Between a figure and its unit a no-break space, as money
for people (`i18n.MONEY_SPACE`; words12: the English line read '3.27M EUR' with a plain one, the
cards '15,1 M €/an' with a margin: one rule, `i18n.short_parts`)."""

from __future__ import annotations

import math
import re
from html import unescape

import pandas as pd
import pytest

import eitflow
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_run

NBSP = "\xa0"   # between a figure and its unit, as money for people (`i18n.MONEY_SPACE`)


@pytest.fixture(scope="module")
def one_exchange(tmp_path_factory):
    """A waste-heat supply and a heat demand 3 km east of it: one exchange."""
    sites = pd.DataFrame({"site_id": ["SRC", "DEM"], "name": ["Usine", "Réseau de chaleur"],
                          "lat": [48.80, 48.80], "lon": [6.50, 6.541]})
    flows = pd.DataFrame({"site_id": ["SRC", "DEM"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20.0, 20.0], "unit": "GWh/yr", "temperature_c": [120.0, 90.0],
                          "price_eur_per_unit": [0.0, 40.0], "max_distance_km": 30.0})
    scen = eitflow.scenario_from_frames(sites, flows, name="une synergie", solver={"mip_gap": 0.0})
    return read_run(write_run(eitflow.optimise(scen), tmp_path_factory.mktemp("decide") / "run"))


def _by_hand(v: float, unit: str, sep: str, fr: bool) -> str:
    """v to three significant digits, zeros kept, in millions (M) or thousands (k, K in English)
    from 1,000 on: 3,271,000 -> 3.27 M, 508,300 -> 508 k, 4,998 -> 5.00 k."""
    r = float(f"{v:.3g}")   # three significant digits (999,999 -> 1,000,000: 1.00 M)
    for size, fr_sfx, en_sfx in ((1e6, "\xa0M", "M"), (1e3, "\xa0k", "K")):   # never split from its figure
        if abs(r) >= size:
            x = r / size
            num = f"{x:.{2 - math.floor(math.log10(abs(x)))}f}"
            return (num.replace(".", ",") + fr_sfx + unit) if fr else (num + en_sfx + sep + unit)
    return f"{r:.{max(0, 2 - math.floor(math.log10(abs(r))))}f}" + sep + unit


def _small(html: str) -> str:
    return unescape(re.search(r'id="status".*?<p class="small">(.*?)</p>', html, re.S).group(1))


def test_the_brief_says_what_to_decide(one_exchange):
    """One exchange: French 'l'échange retenu' (singular), English 'the exchange chosen'; the
    investment (EUR), net benefit (EUR/yr) and CO2 avoided (tCO2/yr) of summary.json's totals."""
    s = one_exchange.summary
    assert s["status"] == "optimal" and len(one_exchange.matches) == 1
    tot = s["totals"]
    inv, nb, co2 = tot["investment_eur"], tot["net_benefit_eur_per_yr"], tot["co2_avoided_t_per_yr"]
    assert inv > 1e3 and nb > 1e3 and co2 > 1e3   # each said with its k or M (the cases written above)
    fr = (f"À décider : engager l'échange retenu ; {_by_hand(inv, '€', NBSP, True)} investis pour "
          f"{_by_hand(nb, '€/an', NBSP, True)} de bénéfice net et {_by_hand(co2, 'tCO2/an', NBSP, True)} évitées.")
    assert _small(render_brief(one_exchange, "fr")) == fr
    en = (f"To decide: go ahead with the exchange chosen; {_by_hand(inv, 'EUR', NBSP, False)} invested for "
          f"{_by_hand(nb, 'EUR/yr', NBSP, False)} of net benefit and {_by_hand(co2, 'tCO2/yr', NBSP, False)} avoided.")
    assert _small(render_brief(one_exchange, "en")) == en


def test_a_siting_plan_says_its_activities_first(one_exchange):
    """A siting plan (placements.csv: two activities placed) is asked first whether to place them:
    'À décider : 2 activités nouvelles et 1 échange ; ...' (fos_siting's brief said 'engager les 5
    échanges retenus', its five activities in a note further down)."""
    import copy

    data = copy.copy(one_exchange)
    data.placements = pd.DataFrame({"activity_id": ["A", "B"], "plot_id": ["P1", "P2"]})
    tot = data.summary["totals"]
    fr = (f"À décider : 2 activités nouvelles et 1 échange ; "
          f"{_by_hand(tot['investment_eur'], '€', NBSP, True)} investis pour "
          f"{_by_hand(tot['net_benefit_eur_per_yr'], '€/an', NBSP, True)} de bénéfice net et "
          f"{_by_hand(tot['co2_avoided_t_per_yr'], 'tCO2/an', NBSP, True)} évitées.")
    from eitflow.report.briefnotes import decision

    assert decision(data, "fr") == fr


def test_nothing_to_build_says_no_solver_line(tmp_path):
    """A heat supply and a demand 3 km apart whose heat is worth nothing to it (price 0 EUR/MWh):
    no exchange pays, the solve is optimal and builds nothing. The brief's status said 'Rien à
    construire : ...' then, under it, the solver's line 'Optimal : aucune solution ne peut faire
    mieux que celle-ci de plus que la tolérance demandée (écart 0,00 %, cible 0,00 %). Objectif 0
    €/an ; borne 0 €/an.' (fos_siting's `eitflow run`): a bound and a tolerance, with nothing to
    decide. Now the headline alone (the full report keeps the line)."""
    sites = pd.DataFrame({"site_id": ["SRC", "DEM"], "name": ["Usine", "Réseau de chaleur"],
                          "lat": [48.80, 48.80], "lon": [6.50, 6.541]})
    flows = pd.DataFrame({"site_id": ["SRC", "DEM"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20.0, 20.0], "unit": "GWh/yr", "temperature_c": [120.0, 90.0],
                          "price_eur_per_unit": [0.0, 0.0], "max_distance_km": 30.0})
    scen = eitflow.scenario_from_frames(sites, flows, name="rien", solver={"mip_gap": 0.0})
    data = read_run(write_run(eitflow.optimise(scen), tmp_path / "run"))
    assert data.summary["status"] == "optimal" and len(data.matches) == 0
    status = unescape(re.search(r'id="status".*?</div></div>', render_brief(data, "fr"), re.S).group(0))
    assert "Rien à construire" in status, status
    assert "borne" not in status and "Objectif" not in status and "tolérance" not in status, status
