"""`resilience`'s list of what partners lose, split by who loses it: a buyer short of an input
("what buyers lack", "ce qui manque aux acheteurs": `shortfall`) apart from a seller that can no
longer sell ("what suppliers no longer sell", "ce que les fournisseurs ne vendent plus":
`outlets_lost`). Before, one list headed "manque" ("shortfall") held both, so an elected
official read a supplier whose buyer closed as a company short of heat.

A chain, by hand: S sells 3,000 MWh/yr of steam to M; M sells 2,000 MWh/yr of its waste heat to
B. Each link is worth more than it costs (a 0 % discount rate over 10 years: CRF 1/10):
  S->M  3,000 x 40 = 120,000 - (0.1 x 100,000 + 1,000) = 109,000 EUR/yr
  M->B  2,000 x 50 = 100,000 - (0.1 x 100,000 + 1,000) =  89,000 EUR/yr
so both are built, in full. No other link is a candidate (links.csv), so when M closes, B gets
none of its 2,000 MWh/yr of heat (it lacks 2,000 of 2,000) and S sells none of its 3,000 MWh/yr
of steam (3,000 of 3,000 unsold). B is a buyer, S a seller: one in each list.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from eitflow.analyses.resilfile import read_resilience
from resil_gain_case import cli as _cli
from resil_gain_case import scenario_yaml, write_case

SCENARIO = scenario_yaml("a chain")
SITES = ("site_id,name,lat,lon,zone\nS,Vapeur S,45.70,4.800,Z\nM,Usine M,45.70,4.810,Z\n"
         "B,Serres B,45.70,4.820,Z\n")
FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
         "S,supply,steam,3000,MWh/yr,200,0\nM,demand,steam,3000,MWh/yr,180,40\n"
         "M,supply,heat,2000,MWh/yr,90,0\nB,demand,heat,2000,MWh/yr,60,50\n")
LINKS = ("source_site,sink_site,supply_resource,distance_km,var_cost_eur_per_unit,investment_eur,fixed_cost_eur_per_yr\n"
         "S,M,steam,0,0,100000,1000\nM,B,heat,0,0,100000,1000\n")

# M's closure, by hand (module docstring)
LACK = {"en": "Serres B: heat 2,000 of 2,000 MWh/yr", "fr": "Serres B : chaleur 2\u202f000 sur 2\u202f000 MWh/an"}
UNSOLD = {"en": "Vapeur S: steam 3,000 of 3,000 MWh/yr", "fr": "Vapeur S : vapeur 3\u202f000 sur 3\u202f000 MWh/an"}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """The chain's run in French (--excel), resilience --out RUN, then its report."""
    root = tmp_path_factory.mktemp("chain")
    write_case(root, SCENARIO, SITES, FLOWS, LINKS)
    out = root / "run"
    _cli("run", root / "scenario.yaml", "--out", out, "--lang", "fr", "--excel", "-q")
    _cli("resilience", root / "scenario.yaml", "--out", out)
    _cli("report", out)
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_buyer_short_and_a_seller_losing_its_outlet_are_in_two_lists(run, lang):
    """resilience.csv: M's closure puts B in what buyers lack and S in what suppliers no longer
    sell, each alone (before: both in `shortfall`)."""
    m = read_resilience(run, lang).set_index("site_id").loc["M"]
    assert m["shortfall"] == LACK[lang]
    assert m["outlets_lost"] == UNSOLD[lang]
    assert m["partners_left_short"] == 2   # one of each


def test_the_sheet_and_the_report_head_each_list_by_who_loses(run):
    """The French sheet and report: each list under its own header, the buyer's under "ce qui
    manque aux acheteurs", the seller's under "ce que les fournisseurs ne vendent plus"."""
    from openpyxl import load_workbook

    wb = load_workbook(run / "results.xlsx")
    rows = list(wb["résilience"].iter_rows(values_only=True))
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("site")
    assert sheet.at["M", "ce qui manque aux acheteurs"] == LACK["fr"]
    assert sheet.at["M", "ce que les fournisseurs ne vendent plus"] == UNSOLD["fr"]
    assert "manque" not in sheet.columns
    html = (run / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    heads = section[:section.index("</thead>")]
    lack, unsold = heads.index("ce qui manque aux acheteurs"), heads.index("ce que les fournisseurs ne vendent plus")
    row = section[section.index('data-site="M"') if 'data-site="M"' in section else section.index("Usine M"):]
    row = row[:row.index("</tr>")]
    # partners, then the buyers' list, then the sellers' (on screen; on paper they print apart: "detail list")
    cells = re.split(r'<td class="detail(?: list)?">', row)
    # the report's cells: ":" kept on the name's line by a no-break space (`unbroken_marks`)
    # ':' and a figure's unit kept on their line (no-break spaces)
    assert lack < unsold and "Serres B\u00a0: chaleur 2\u202f000 sur 2\u202f000\u00a0MWh/an" in cells[2]
    assert "Vapeur S\u00a0: vapeur 3\u202f000 sur 3\u202f000\u00a0MWh/an" in cells[3]


def test_the_partners_header_says_a_network_partner_may_be_on_the_same_network(run):
    """Closing a town on a heat network lists the network's other parties (the towns beside it,
    the plants feeding it) as its partners: headed "partenaires" alone, a reader took Houdemont
    for a company Fléville trades with. The header now says how: directly, or on the same
    network or hub."""
    from eitflow.i18n import column_label

    assert column_label("partners", "fr") == "partenaires (en direct, ou sur le même réseau ou hub)"
    assert column_label("partners", "en") == "partners (directly, or on the same network or hub)"
    html = (run / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    assert "partenaires (en direct, ou sur le même réseau ou hub)" in section[:section.index("</thead>")]


def test_a_file_written_before_the_split_heads_its_one_list_as_what_partners_lose(run, tmp_path):
    """A resilience.csv written before (no `outlets_lost_*`: its `shortfall_*` held buyers and
    sellers alike, as the old code wrote M's row, "Serres B ... ; Vapeur S ...") is not headed
    "what buyers lack", which would mislabel its seller: "ce que perdent les partenaires (moins
    reçu ou vendu)", in the report and the sheet."""
    import shutil

    from openpyxl import load_workbook

    old = tmp_path / "old"
    shutil.copytree(run, old)
    df = pd.read_csv(old / "resilience.csv", dtype=str, keep_default_na=False)
    df = df.drop(columns=[c for c in df.columns if c.startswith("outlets_lost")])
    df.loc[df["site_id"] == "M", "shortfall_fr"] = f"{LACK['fr']} ; {UNSOLD['fr']}"
    df.to_csv(old / "resilience.csv", index=False)
    _cli("report", old)
    section = (old / "report.html").read_text(encoding="utf-8")
    section = section[section.index('id="resilience"'):]
    heads = section[:section.index("</thead>")]
    assert "ce que perdent les partenaires (moins reçu ou vendu)" in heads
    assert "ce qui manque aux acheteurs" not in heads and "ne vendent plus" not in heads
    # the report's cell: no-break spaces before ";" and ":" (`report.resilience.unbroken_marks`)
    assert ("Serres B\u00a0: chaleur 2\u202f000 sur 2\u202f000\u00a0MWh/an\u00a0; "
            "Vapeur S\u00a0: vapeur 3\u202f000 sur 3\u202f000\u00a0MWh/an") in section
    rows = list(load_workbook(old / "results.xlsx")["résilience"].iter_rows(values_only=True))
    assert "ce que perdent les partenaires (moins reçu ou vendu)" in rows[0]
    assert "ce qui manque aux acheteurs" not in rows[0]
