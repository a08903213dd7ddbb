"""The Ludres backbone's network read in the French report as an analyst checks it, figure by
figure (eitflow issue #15): the table of corridors and the map say which way the heat runs, and
the Sankey diagram's tooltips say what each use receives, in French typography. Expected values
worked out by hand from the scenario's files (scenarios/ludres_backbone); the report read back."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def result():
    return eitflow.run_file(LUDRES / "scenario.yaml")


@pytest.fixture(scope="module")
def ludres(result, tmp_path_factory):
    out = write_run(result, tmp_path_factory.mktemp("ludres") / "run")
    return out, write_report(out, lang="fr").read_text(encoding="utf-8")


def _table_rows(page: str, table_id: str) -> list[list[str]]:
    """Each body row of a table as the data-code of its site cells (a site's id) or the text."""
    t = page[page.index(f'id="{table_id}"'):]
    t = t[t.index("<tbody>"):t.index("</tbody>")]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", t, re.S):
        cells = []
        for attrs, body in re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S):
            code = re.search(r'data-code="([^"]*)"', attrs)
            cells.append(code.group(1) if code else htmllib.unescape(re.sub(r"<[^>]+>", "|", body)))
        rows.append(cells)
    return rows


# The built network is a forest rooted at the two supplies (README: SAM - Neuves-Maisons; the
# UVE to Ludres and on to Messein, to the ZI and on to Fléville, and to Houdemont). Ludres,
# Messein, the ZI, Fléville, Houdemont and Neuves-Maisons only take heat, so along each
# corridor heat runs away from its supply. corridors.csv gives trunk_3 as MESSEIN -> LUDRES and
# trunk_4 as LUDRES -> UVE_LUDRES: both carry heat against the way they are written.
HEAT_WAY = {"trunk_1": ("SAM_NM", "NEUVES"), "trunk_3": ("LUDRES", "MESSEIN"),
            "trunk_4": ("UVE_LUDRES", "LUDRES"), "trunk_5": ("UVE_LUDRES", "ZAE_LF"),
            "trunk_6": ("ZAE_LF", "FLEVILLE"), "north_1": ("UVE_LUDRES", "HOUDEMONT")}


def test_the_table_of_corridors_reads_the_way_the_heat_runs(ludres):
    """Before: 'De Ludres (centre) Vers UVE Val'ERgie, transporté 15 645 MWh/an' on trunk_4,
    the heat running from the UVE to Ludres; 'De Messein Vers Ludres' on trunk_3."""
    out, page = ludres
    cor = pd.read_csv(out / "corridors.csv")
    assert sorted(cor["corridor_id"]) == sorted(HEAT_WAY)
    # the file keeps the ends as corridors.csv gave them, with the flow each way
    c = cor.set_index("corridor_id")
    assert (c.at["trunk_4", "from"], c.at["trunk_4", "to"]) == ("LUDRES", "UVE_LUDRES")
    assert c.at["trunk_4", "flow_forward"] == 0 and c.at["trunk_4", "flow_backward"] > 0
    seen = {}
    for row in _table_rows(page, "corridors-table"):
        seen[row[2]] = (row[0], row[1])   # the size cell: its code is the corridor's id
    assert seen == HEAT_WAY


def test_the_map_says_the_way_the_heat_runs(ludres):
    _, page = ludres
    titles = [htmllib.unescape(t) for t in re.findall(r"<title>(réseau de chaleur, tronçon [^<]*)</title>", page)]
    assert len(titles) == len(HEAT_WAY)
    assert any(t.startswith("réseau de chaleur, tronçon trunk_4 : UVE Val'ERgie (Métropole du Grand Nancy) → "
                            "Ludres (centre) ;") for t in titles), titles
    assert any(t.startswith("réseau de chaleur, tronçon trunk_3 : Ludres (centre) → Messein (centre) ;")
               for t in titles), titles


def _sankey_titles(page: str) -> list[str]:
    svg = page[page.index('id="sankey-svg-0"'):]
    svg = svg[:svg.index("</svg>")]
    return [htmllib.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)]


def test_a_use_says_what_it_receives_not_what_was_sent(ludres):
    """Heillecourt's demand is 10,462 MWh/yr (flows.csv) and it is served in full (not in
    unmatched.csv) by its own 3.5 km pipe from the UVE, which loses heat on the way: the UVE
    sends more than 10,462. The Sankey's node said 'reçu: chaleur 10 536 MWh/an', more than
    Heillecourt's whole demand; it now says the 10 462 received, and the 10 536 sent beside."""
    out, page = ludres
    flows = pd.read_csv(LUDRES / "flows.csv").set_index("flow_id")
    assert flows.at["heillecourt_heat", "amount"] == 10462
    assert "heillecourt_heat" not in set(pd.read_csv(out / "unmatched.csv")["flow_id"])
    node = [t for t in _sankey_titles(page) if t.startswith("Heillecourt (centre, HEILLECOURT) — ")]
    assert len(node) == 1
    assert "reçu : chaleur 10\u202f462 MWh/an" in node[0], node
    m = pd.read_csv(out / "matches.csv")
    sent = float(m.loc[m["sink_site"] == "HEILLECOURT", "amount"].sum())
    assert sent > 10462 + 1   # a pipe loses heat: the band is wider than what Heillecourt gets
    assert f"{round(sent):,}".replace(",", "\u202f") in node[0]
    # a use served by the network receives what it withdraws: Ludres 11,130 (flows.csv)
    ludres_node = [t for t in _sankey_titles(page) if t.startswith("Ludres (centre, LUDRES) — ")]
    assert ludres_node and "reçu : chaleur 11\u202f130 MWh/an" in ludres_node[0], ludres_node


def test_the_sankey_s_tooltips_are_in_french_typography(ludres):
    """French puts a space before a colon (the map's tooltips did: 'tronçon trunk_4 : ...'); the
    Sankey's read 'Réseau de chaleur → Ludres (centre): chaleur' and '— reçu: chaleur'."""
    _, page = ludres
    titles = _sankey_titles(page)
    assert titles
    bad = [t for t in titles if re.search(r"\S:", t)]
    assert not bad, bad[:3]
    assert "Réseau de chaleur → Ludres (centre) : chaleur, 11\u202f130 MWh/an" in titles


def test_the_brief_s_tooltips_are_in_french_typography(ludres):
    """The one-page brief's rows said 'Réseau de chaleur → Ludres (centre): chaleur, 11 130
    MWh/an' on hover, as the Sankey did: the same words now, from one message."""
    from eitflow.report.brief import write_brief

    out, _ = ludres
    page = Path(write_brief(out, lang="fr")).read_text(encoding="utf-8")
    tips = [htmllib.unescape(t) for t in re.findall(r'<td class="ex" title="([^"]*)"', page)]
    # the three rows, in one table (the first by both figures the same: `test_brief_tables_differ`):
    # the heat network's eight connections are one row (issue #15), beside two exchanges of their own
    assert len(tips) == 3
    assert not [t for t in tips if re.search(r"\S:", t)], tips[:3]
    # sent and received, the pipe's loss between them (Heillecourt gets its whole demand, 10,462 MWh/yr)
    assert ("UVE Val'ERgie (Métropole du Grand Nancy) → Heillecourt (centre) : chaleur, 10\u202f536 MWh/an envoyés,"
            " 10\u202f462 reçus") in tips
    assert [t for t in tips if t.startswith("Réseau de chaleur : ")], tips


def test_a_corridor_carried_both_ways_keeps_its_ends_and_says_so(ludres, tmp_path):
    """With monthly profiles a corridor may carry heat one way in winter and the other in summer:
    neither end is upstream. Its ends stay as corridors.csv gives them, the map says '⇄' and a
    line under the table gives both flows. (The run directory's trunk_4 made to carry 500 MWh/yr
    from Ludres to the UVE besides its 15,645 the other way.)"""
    out, _ = ludres
    run = tmp_path / "run"
    shutil.copytree(out, run)
    cor = pd.read_csv(run / "corridors.csv")
    i = cor.index[cor["corridor_id"] == "trunk_4"][0]
    back = float(cor.at[i, "flow_backward"])
    assert round(back) == 15645
    cor.at[i, "flow_forward"] = 500.0
    cor.at[i, "flow"] = 500.0 + back
    cor.to_csv(run / "corridors.csv", index=False)
    page = write_report(run, lang="fr").read_text(encoding="utf-8")
    rows = {r[2]: (r[0], r[1]) for r in _table_rows(page, "corridors-table")}
    assert rows["trunk_4"] == ("LUDRES", "UVE_LUDRES")           # as given
    assert rows["trunk_3"] == ("LUDRES", "MESSEIN")              # one way: the way the heat runs
    text = htmllib.unescape(page)
    assert ("Parcourus dans les deux sens au fil de l'année, leurs extrémités sont donc dans l'ordre de "
            "corridors.csv : trunk_4 (Ludres (centre) → UVE Val'ERgie (Métropole du Grand Nancy) 500, "
            "UVE Val'ERgie (Métropole du Grand Nancy) → Ludres (centre) 15\u202f645\xa0MWh/an).") in text
    assert ("tronçon trunk_4 : Ludres (centre) ⇄ UVE Val'ERgie (Métropole du Grand Nancy) (dans les deux sens) ;"
            in text)


def test_a_corridor_of_an_older_run_directory_keeps_its_ends():
    """A corridors.csv written before the flow each way (no flow_forward, flow_backward): the
    ends as given."""
    from eitflow.report.names import corridor_ends

    assert corridor_ends({"from": "A", "to": "B"}) == ("A", "B", False)
    assert corridor_ends({"from": "A", "to": "B", "flow_forward": 0.0, "flow_backward": 7.0}) == ("B", "A", False)
    assert corridor_ends({"from": "A", "to": "B", "flow_forward": float("nan"), "flow_backward": float("nan")}) \
        == ("A", "B", False)


def test_the_workbook_says_the_network_s_options_in_words(result, tmp_path):
    """results.xlsx's summary sheet (French) showed the network's options as scenario.yaml's
    codes: 'tronçons générés du réseau de chaleur | none', 'coupes orientées ... | auto'. The
    Ludres scenario gives only `temperature_c: 90`, so the options are their defaults (scenario.
    yaml's documentation): no corridor generated, sizing and cuts automatic; solves isolated
    automatically."""
    from openpyxl import load_workbook

    from eitflow.report.workbook import write_results_workbook

    ws = load_workbook(write_results_workbook(result, tmp_path / "r.xlsx", "fr"))["synthèse"]
    rows = {r[2]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["parameters.networks.heat.generate"] == "aucun (corridors.csv seulement)"
    assert rows["parameters.networks.heat.sizing"].startswith("auto (linéaire au-delà de 15 tronçons candidats")
    assert rows["parameters.networks.heat.cuts"].startswith("auto (là où")
    assert rows["parameters.solver.isolate"].startswith("auto (grandes composantes")
    assert rows["networks.by_resource.heat.sizing"] == "diamètres du catalogue"   # as before


def test_each_corridor_s_loss_is_in_the_report(ludres):
    """The network section said the network loses 2,776 MWh/yr, but no table of the report or
    the PDF, nor the map, said which corridor loses what (corridors.csv's `loss`). By hand: a
    DN125 loses 35.1 W/m (the catalogue, at its 90 degC reference: the scenario's network
    temperature), so trunk_1 (1.2168 km, its length checked by test_backbone_scenario) loses
    35.1 x 1,216.8 m x 8,760 h = 374.1 MWh/yr; the corridors' losses add up to the balance's."""
    out, page = ludres
    cor = pd.read_csv(out / "corridors.csv").set_index("corridor_id")
    assert cor.at["trunk_1", "size"] == "DN125"
    by_hand = 35.1 * cor.at["trunk_1", "length_km"] * 1000 * 8760 / 1e6
    assert by_hand == pytest.approx(374.1, abs=0.05)
    t = page[page.index('id="corridors-table"'):]
    t = t[:t.index("</table>")]
    heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", t, re.S)]
    col = next(i for i, h in enumerate(heads) if h.startswith("Pertes"))
    losses = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", t[t.index("<tbody>"):], re.S):
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S)
        cid = re.search(r'data-code="([^"]*)"', cells[2][0]).group(1)
        losses[cid] = (float(re.search(r'data-v="([^"]+)"', cells[col][0]).group(1)), cells[col][1])
    assert losses["trunk_1"][0] == pytest.approx(by_hand, rel=1e-6) and losses["trunk_1"][1] == "374"
    s = json_balance(out)
    assert sum(v for v, _ in losses.values()) == pytest.approx(s["losses"], rel=1e-9)
    assert round(s["losses"]) == 2776
    assert "tronçon trunk_1 : SAM Neuves-Maisons (aciérie) → Neuves-Maisons (centre) ; DN125, 1,22 km, " \
           "12\u202f514 MWh/an transportés, 374 perdus, " in htmllib.unescape(page)


def json_balance(out) -> dict:
    import json

    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["networks"]["by_resource"]["heat"]["balance"]


def test_the_table_of_corridors_says_it_lists_existing_pipes_too(tmp_path):
    """The Ludres backbone with trunk_2 and trunk_4 in the ground (2 and 8 MW): the network
    section's summary says 6 corridors built and, in a note, 2 existing pipes in use; the table
    under "Tronçons construits" listed 8 rows, the two existing pipes among them. Its heading
    now says both. Without existing pipes it stays "Tronçons construits"."""
    d = tmp_path / "scen"
    shutil.copytree(LUDRES, d)
    cor = pd.read_csv(d / "corridors.csv")
    cor["existing"] = cor["corridor_id"].isin(["trunk_2", "trunk_4"])
    cor["capacity"] = cor["corridor_id"].map({"trunk_2": 2.0, "trunk_4": 8.0})
    cor["unit"] = cor["corridor_id"].map({"trunk_2": "MW", "trunk_4": "MW"})
    cor.to_csv(d / "corridors.csv", index=False)
    out = write_run(eitflow.run_file(d / "scenario.yaml"), tmp_path / "run")
    built = pd.read_csv(out / "corridors.csv")
    assert sorted(built.loc[built["existing"], "corridor_id"]) == ["trunk_2", "trunk_4"]
    page = write_report(out, lang="fr").read_text(encoding="utf-8")
    assert "<h3>Tronçons construits et conduites existantes utilisées</h3>" in page
    assert len(_table_rows(page, "corridors-table")) == len(built) == (~built["existing"]).sum() + 2


def test_the_workbook_says_a_corridor_s_capacity_is_before_the_load_factor(result, tmp_path):
    """results.xlsx's corridors sheet headed corridors.csv's `capacity` "capacité (par an)":
    north_1, a DN80 (0.98 MW: 0.98 x 8,760 = 8,584.8 MWh/yr) carrying 4,178 MWh/yr, read as half
    used, while at the hot-water load factor 0.5 (the catalogue) it carries at most 0.98 x 0.5 x
    8,760 = 4,292.4: 97 % used. The header now says what the figure is."""
    from openpyxl import load_workbook

    from eitflow.report.workbook import write_results_workbook

    wb = load_workbook(write_results_workbook(result, tmp_path / "r.xlsx", "fr"))
    rows = list(wb["tronçons"].iter_rows(values_only=True))
    cols = {(r[0], r[1]): r[3] for r in wb["colonnes"].iter_rows(min_row=2, values_only=True)}
    head = next(h for h in rows[0] if cols[("tronçons", h)] == "capacity")
    assert head == "capacité nominale × 8\u202f760 h (avant le facteur de charge)"   # no break inside 8 760
    north = next(r for r in rows[1:] if r[0] == "north_1")
    assert north[rows[0].index(head)] == pytest.approx(0.98 * 8760)
    flow = north[rows[0].index("flux")]
    assert 0.95 * 0.98 * 0.5 * 8760 < flow <= 0.98 * 0.5 * 8760   # nearly full, under half the figure


# every word of a company's name on A4 paper: the width of its widest word (split at spaces and
# after hyphens, where a line may break) against the cell's width inside its padding
WORDS_JS = """(() => Array.from(document.querySelectorAll('#network-shares-table td.site-cell')).map(td => {
  const cs = getComputedStyle(td);
  const inner = td.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const text = td.childNodes[0].textContent;
  const span = document.createElement('span');
  span.style.whiteSpace = 'nowrap'; span.style.font = cs.font;
  td.appendChild(span);
  const widest = Math.max(...text.split(/\\s+|(?<=-)/).map(w => { span.textContent = w; return span.getBoundingClientRect().width; }));
  span.remove();
  return {text, inner, widest};
}))()"""


def test_company_names_keep_their_words_in_the_printed_shares_table(tmp_path, browser):
    """The Ludres backbone with the steelworks' heat at 45 degC, reaching only the network (within
    0.1 km of nothing else) through a heat pump at injection, and the UVE offering 30,000 MWh/yr:
    the table of shares has four money columns, whose headers did not wrap in print ("Part des
    pompes à chaleur à l'injection" on one line), so report.pdf broke the companies' names in the
    middle of words: "Zone industriell|e Ludres-Fléville (entreprise|s raccordabl|es)". Headers
    wrap now, and every word of a name fits its cell (A4: 703 CSS px between the margins)."""
    d = tmp_path / "scen"
    shutil.copytree(LUDRES, d)
    f = pd.read_csv(d / "flows.csv")
    f.loc[f["flow_id"] == "sam_heat", "temperature_c"] = 45
    f.loc[f["flow_id"] == "uve_heat", "amount"] = 30000
    f["max_distance_km"] = f["flow_id"].map({"sam_heat": 0.1})
    f.to_csv(d / "flows.csv", index=False)
    out = write_run(eitflow.run_file(d / "scenario.yaml"), tmp_path / "run")
    shares = pd.read_csv(out / "network_shares.csv")
    assert (shares["heat_pumps_share_eur"] > 0).all() and "ZAE_LF" in set(shares["site_id"])
    page = write_report(out, lang="fr")
    browser.open(page, width=703, height=1000)
    browser.call("Emulation.setEmulatedMedia", media="print")
    cells = browser.js(WORDS_JS)
    assert len(cells) == len(shares)
    broken = [c for c in cells if c["widest"] > c["inner"] + 0.5]
    assert not broken, broken


def test_a_network_the_plan_leaves_unused_says_so(tmp_path):
    """A heat network whose only corridor joins two demands (B - C) can carry nothing: no supply
    stands on it, so no corridor is built and A serves B by a pipe of its own. The report's
    "Tronçons construits" was a table of headers without a row; it now says no corridor is
    built."""
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "name": ["Usine", "Lycée", "Piscine"],
                          "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [20000.0, 5000.0, 5000.0], "unit": "MWh/yr",
                          "temperature_c": [120.0, 70.0, 70.0], "price_eur_per_unit": [0.0, 60.0, 60.0]})
    corridors = pd.DataFrame({"corridor_id": ["bc"], "resource": "heat", "from": ["B"], "to": ["C"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=corridors, lang="fr",
                                        networks={"heat": {"temperature_c": 90.0}})
    out = write_run(eitflow.optimise(scen), tmp_path / "run")
    assert len(pd.read_csv(out / "corridors.csv")) == 0
    assert ("A", "B") in set(zip(*(pd.read_csv(out / "matches.csv")[c] for c in ("source_site", "sink_site"))))
    page = htmllib.unescape(write_report(out, lang="fr").read_text(encoding="utf-8"))
    net = page[page.index('<section id="networks">'):]
    net = net[:net.index("</section>")]
    assert "Aucun tronçon construit ni aucune conduite existante utilisée : le plan n'emprunte pas le réseau." in net
    assert 'id="corridors-table"' not in net


def test_the_workbook_says_each_company_s_share_of_the_network_in_percent(result, tmp_path):
    """results.xlsx's network shares sheet showed the ZI's share as "part | 0,3" (a share of 1,
    no unit, at three decimals), where the report says 30,0 %. By hand: the network delivers
    15,000 + 12,327 + 11,130 + 4,158 + 3,851 + 3,486 = 49,952 MWh/yr (flows.csv's demands it
    serves), the ZI's 15,000 of it 30.03 %. The column is now a percentage, its header says so."""
    from openpyxl import load_workbook

    from eitflow.report.workbook import write_results_workbook

    wb = load_workbook(write_results_workbook(result, tmp_path / "r.xlsx", "fr"))
    ws = wb["parts des réseaux"]
    head = [c.value for c in ws[1]]
    col = head.index("part de ce que livre le réseau (%)") + 1
    zi = next(r for r in ws.iter_rows(min_row=2) if r[head.index("site")].value == "ZAE_LF")
    cell = zi[col - 1]
    assert cell.value == pytest.approx(15000 / (15000 + 12327 + 11130 + 4158 + 3851 + 3486))
    assert round(cell.value * 100, 2) == 30.03 and cell.number_format == "0.0%"
