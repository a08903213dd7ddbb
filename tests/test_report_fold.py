"""Long tables in the report: the first rows of the current sort on screen, the rest behind a
button, every row in the page (and on paper), and unmatched flows largest first.

A regional run (Hotmaps' Auvergne-Rhône-Alpes with a generated heat network: 744 unmatched
flows) gave a report 96,000 px long, the unmatched table listing small towns by site code
before Grenoble's 330,702 MWh/yr. The territory here is built so that both show: one heat
supply and 40 towns 110 km away from it (too far for any exchange, so every flow is
unmatched), the towns' codes in the opposite order of their demand.
"""
from __future__ import annotations

import pytest

import eitflow
from conftest import write_scenario
from eitflow.report.html import write_report
from eitflow.report.tables import FOLD_ROWS
from eitflow.results.rundir import write_run

N_TOWNS = 40
# town k (code T00..T39) needs 1,100 + 100 k MWh/yr: code order is the reverse of size order
DEMANDS = {f"T{k:02d}": 1100 + 100 * k for k in range(N_TOWNS)}
HOT = 3050   # the dairy's demand, between T19's 3,000 and T20's 3,100 MWh/yr
LEFT = {**DEMANDS, "UVE": 5000, "HOT": HOT}   # what each site has left: nothing is matched

VISIBLE = "Array.from(document.querySelectorAll('#unmatched-table tbody tr')).filter(r => r.getClientRects().length)"


@pytest.fixture(scope="module")
def towns_run(tmp_path_factory):
    sites = "site_id,name,lat,lon\nUVE,Incinerator,45.0,4.0\nHOT,Dairy,45.005,4.0\n" + "".join(
        f"{s},Town {s},46.0,{4.0 + 0.01 * k}\n" for k, s in enumerate(DEMANDS))
    # and a dairy beside the incinerator needing steam at 200 degC: unmatched for another reason
    flows = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
             "UVE,supply,heat,5000,MWh/yr,130,0\n"
             f"HOT,demand,heat,{HOT},MWh/yr,200,45\n"
             + "".join(f"{s},demand,heat,{d},MWh/yr,70,45\n" for s, d in DEMANDS.items()))
    root = tmp_path_factory.mktemp("fold")
    path = write_scenario(root / "scen", sites=sites, flows=flows,
                          yaml_text="name: towns\nsites: sites.csv\nflows: flows.csv\nlang: fr\n")
    res = eitflow.run_file(path)
    assert len(res.matches) == 0 and len(res.unmatched) == N_TOWNS + 2   # 110 km, 200 degC: no exchange at all
    assert res.unmatched.set_index("site_id")["reason"]["HOT"] != res.unmatched.set_index("site_id")["reason"]["T00"]
    return write_run(res, root / "run")


def test_unmatched_rows_are_largest_first(towns_run):
    text = write_report(towns_run, lang="fr").read_text(encoding="utf-8")
    body = text.split('id="unmatched-table"')[1].split("</tbody>")[0]
    pos = sorted(LEFT, key=lambda s: body.index(f'data-code="{s}"'))
    # by what is left, whatever the reason: 5,000 MWh/yr (T39 and the supply, codes in order on a
    # tie) down to 1,100 (T00), the dairy between T20 and T19
    assert pos == sorted(LEFT, key=lambda s: (-LEFT[s], s))
    assert f'data-fold="{FOLD_ROWS}"' in text


def test_a_long_table_folds_on_screen_and_not_on_paper(towns_run, browser):
    html = write_report(towns_run, lang="fr")
    cdp = browser
    cdp.open(html)
    n = N_TOWNS + 2
    assert cdp.js("document.querySelectorAll('#unmatched-table tbody tr').length") == n   # all in the page
    assert cdp.js(f"{VISIBLE}.length") == FOLD_ROWS
    button = "document.querySelector('#unmatched-table').closest('.tablewrap').nextElementSibling"
    assert cdp.js(f"{button}.textContent") == f"Afficher les {n - FOLD_ROWS} autres lignes ({n} en tout)"
    # the rows shown are the largest left
    shown = cdp.js(f"{VISIBLE}.map(r => r.querySelector('td.site-cell').getAttribute('data-code'))")
    assert shown == sorted(LEFT, key=lambda s: (-LEFT[s], s))[:FOLD_ROWS]
    cdp.js(f"{button}.click()")
    assert cdp.js(f"{VISIBLE}.length") == n and cdp.js(f"{button}.textContent") == "Réduire la liste"
    cdp.js(f"{button}.click()")
    assert cdp.js(f"{VISIBLE}.length") == FOLD_ROWS
    # sorting by what is left over (ascending) shows the 30 smallest flows of all
    cdp.js("document.querySelectorAll('#unmatched-table thead th')[3].click()")
    smallest = cdp.js(f"{VISIBLE}.map(r => parseFloat(r.cells[3].getAttribute('data-v')))")
    assert smallest == sorted(LEFT.values())[:FOLD_ROWS]
    # printed, every row shows and the button does not
    cdp.call("Emulation.setEmulatedMedia", media="print")
    assert cdp.js(f"{VISIBLE}.length") == n
    assert cdp.js(f"{button}.getClientRects().length") == 0


def test_a_short_table_does_not_fold(towns_run):
    text = write_report(towns_run, lang="fr").read_text(encoding="utf-8")
    zones = text.split('id="zones-table"')[0].rsplit("<table", 1)[1] + text.split('id="zones-table"')[1][:200]
    assert "data-fold" not in zones
