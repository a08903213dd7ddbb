"""A run with no exchange at all says why in one sentence, with no empty table (lead's brief
review, 2026-12-07: the brief showed both top tables' headings, 'Les synergies au plus fort
bénéfice net' and 'Les synergies qui évitent le plus de CO2', each over 'Aucun échange retenu.').
Now its right column is one sentence: no exchange is worth building, the plan's status, how many
flows are left without a partner and the main reason with its count (`report.briefstatus.
no_exchange_said`; the reasons counted as the full report's chips, `report.style.reason_counts`).

The expected reasons are worked out by hand from each scenario: a flow whose resource no other
site has has no compatible partner; a heat supply 1.3 km from a demand of 200 MWh/yr paying
30 EUR/MWh (6,000 EUR/yr) with no carbon price is uneconomic, both ends (a pipe's annuity is more)."""

from __future__ import annotations

import html
import re

from conftest import SCENARIO_YAML, write_scenario
from eitflow import run_file
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_run

NO_HEAT = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
           "POWER,supply,fgd_gypsum,20,kt/yr,,15\nFOOD,demand,heat,12000,MWh/yr,90,45\n"
           "GREEN,demand,heat,500,MWh/yr,60,40\n")
FAR = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
       "UVE,supply,heat,30,GWh/yr,130,0\nFOOD,demand,heat,200,MWh/yr,90,30\nPOWER,supply,fgd_gypsum,20,kt/yr,,15\n")


def _right(page: str) -> str:
    """The brief's right column (after the map's column), its text as read."""
    col = page.split('<div class="cols">')[1].split('</p></div><div>', 1)[1].split("</div></div></div></div>")[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", col))).strip()


def test_reason_counts_by_hand():
    """Three rows 'b', one 'a', one 'c': b 3 first, then a and c (1 each) by code."""
    from eitflow.report.style import reason_counts

    assert reason_counts(["b", "a", "b", "c", "b"]) == [("b", 3), ("a", 1), ("c", 1)]
    assert reason_counts([]) == []


def _brief(tmp_path, flows: str, yaml: str = SCENARIO_YAML):
    data = read_run(write_run(run_file(write_scenario(tmp_path / "scen", yaml_text=yaml, flows=flows)), tmp_path / "run"))
    assert data.summary["status"] == "optimal" and len(data.matches) == 0   # no exchange (else it proves nothing)
    return data


def test_no_compatible_partner_said_in_one_sentence(tmp_path):
    """Gypsum that no site takes, two heat demands that no site supplies: 3 flows, each without a
    compatible partner. One sentence, no table, no top table's heading."""
    data = _brief(tmp_path, NO_HEAT)
    for lang, said in (("fr", "Aucun échange ne vaut d'être construit (plan optimal) : 3 flux restés sans partenaire, "
                               "pour motif principal « aucun partenaire compatible » (3)."),
                       ("en", "No exchange is worth building (optimal plan): 3 flows left without a partner, the main "
                              "reason being “no compatible partner” (3).")):
        page = render_brief(data, lang)
        right = _right(page).replace("\u202f", " ").replace("\xa0", " ")
        assert right == said, (lang, right)
        assert "<table" not in page and 'class="top"' not in page, lang


def test_uneconomic_main_reason(tmp_path):
    """A heat supply and a demand too small to pay a pipe (no carbon price), gypsum nobody takes:
    3 flows left, 2 of them uneconomic (the main reason), 1 without a compatible partner."""
    yaml = SCENARIO_YAML.replace("carbon_price_eur_per_t: 100", "carbon_price_eur_per_t: 0")
    data = _brief(tmp_path, FAR, yaml)
    right = _right(render_brief(data, "fr")).replace("\u202f", " ").replace("\xa0", " ")
    assert right == ("Aucun échange ne vaut d'être construit (plan optimal) : 3 flux restés sans partenaire, "
                     "pour motif principal « non rentable » (2)."), right
    right = _right(render_brief(data, "en"))
    assert right == ("No exchange is worth building (optimal plan): 3 flows left without a partner, the main "
                     "reason being “uneconomic” (2)."), right


def test_the_exchanges_card_says_there_was_no_candidate(tmp_path):
    """The card under "0 échanges" read "retenu parmi 0 liaison candidate entre 3 sites": with no
    candidate link at all (gypsum no site takes, heat no site supplies) it says there was none."""
    data = _brief(tmp_path, NO_HEAT)
    assert data.summary["counts"]["candidate_links"] == 0   # else the card has candidates to count
    for lang, said in (("fr", "aucune liaison candidate entre"), ("en", "no candidate link between")):
        page = html.unescape(render_brief(data, lang))
        assert said in page and "parmi 0" not in page and "among 0" not in page, lang
