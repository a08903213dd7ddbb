"""The French deliverable for elected officials, read as they read it (issue 14, session 29).

Each test is a defect found by running every bundled scenario and the hard cases (an
infeasible run, nothing worth building, a run stopped at its time limit) with `--lang fr
--report --pdf` and looking at the pages: English, raw keys or ids, English number formats
or wrong French plurals where an official reads French.
"""
from __future__ import annotations

import html
import json
import re

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SCENARIO_YAML, write_scenario
from eitflow import optimise, run_file, scenario_from_frames
from eitflow.i18n import unbroken
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

NNBSP = "\u202f"   # Babel's French thousands separator (narrow no-break space)


def _text(page: str) -> str:
    """What a reader sees of an HTML page: no script, style or tag; entities decoded."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


INFEASIBLE_FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,required\n"
                    "FOOD,demand,heat,12000,MWh/yr,90,45,true\n"
                    "POWER,supply,fgd_gypsum,20,kt/yr,,15,\n")


def test_infeasible_french_report_says_why_in_french(tmp_path):
    """A required heat demand of 12,000 MWh/yr that no supply can serve (the only supply is
    gypsum): the French report's status box gave the diagnosis in English with its code
    ("Motif : required demand f2 (FOOD) cannot be met, 12,000 MWh/yr short - no candidate
    link (no_compatible_partner): ..."), although the status line said it in French. The
    report reads summary.json, which held the English only; the run now writes the French
    beside it (`message_fr`)."""
    run = write_run(run_file(write_scenario(tmp_path / "scen", flows=INFEASIBLE_FLOWS)), tmp_path / "run")
    text = _text(write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8"))
    motif = text.split("Motif :")[1].split("Rien dans ce rapport")[0]
    assert "la demande obligatoire" in motif and "ne peut pas être satisfaite" in motif, motif
    assert f"il manque 12{NNBSP}000\xa0MWh/an" in motif, motif
    assert "aucun partenaire compatible" in motif, motif
    for english in ("required demand", "cannot be met", "short", "no_compatible_partner", "12,000", "MWh/yr"):
        assert english not in motif, (english, motif)
    # the English report as before
    en = _text(write_report(run, tmp_path / "en.html", lang="en").read_text(encoding="utf-8"))
    assert "required demand at Food plant (FOOD) cannot be met, 12,000\xa0MWh/yr short" in en


def test_unmatched_details_name_the_nearest_partner(tmp_path):
    """scenarios/zae_example: the district heating of Aulnoye-Aymeries (RCU_AULN) is out of
    reach of every heat source; the French report's detail read "partenaire compatible le plus
    proche : BRASS_HS:f6 à 12,6 km" (a site code and a flow id an official cannot read). It
    now names the brewery as sites.csv does, its code beside it; unmatched.csv's English
    `detail` says the same."""
    run = write_run(run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    table = _text(page.split('id="unmatched-table"')[1].split("</table>")[0])
    assert ("partenaire compatible le plus proche : Brasserie des Hauts de Sambre (nom fictif, BRASS_HS) à "
            "12,6\xa0km à vol d'oiseau") in table, table
    assert not re.search(r"\b[A-Z][A-Z0-9_]*:[a-z0-9_]+\b", table), re.findall(r"\b[A-Z][A-Z0-9_]*:[a-z0-9_]+\b", table)
    um = pd.read_csv(run / "unmatched.csv", dtype=str).set_index("site_id")
    assert um.at["RCU_AULN", "detail"].startswith(
        "nearest compatible partner Brasserie des Hauts de Sambre (nom fictif, BRASS_HS) at 12.6 km great-circle")


def _footer(page: str) -> dict[str, str]:
    foot = page.split("<footer")[1].split("</footer>")[0]
    return {_text(a).strip(): _text(b).strip() for a, b in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", foot, re.S)}


def test_french_footer_of_the_report(tmp_path):
    """The report's last table (scenarios/zae_example, time_limit_s: 60, 1 pair dropped by the
    rules) read "limite de temps 60.0 s" (an English decimal point), "(1 paires écartées par les
    règles)" (a plural for one; fos_siting: "1 composantes indépendantes") and "Données :
    scenario: scenario.yaml, flows: flows.csv, ..." (scenario.yaml's keys, in English)."""
    run = write_run(run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    foot = _footer(write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8"))
    assert foot["Solveur"] == "highs ; écart cible 0,1\xa0% ; limite de temps 60\xa0s", foot
    assert foot["Modèle"] == ("15 sites, 30 flux, 27 liaisons candidates (1 paire écartée par les règles), "
                              "8 composantes indépendantes"), foot
    assert foot["Données"] == "scénario : scenario.yaml, flux : flows.csv, sites : sites.csv, zones : zones.geojson"
    en = _footer(write_report(run, tmp_path / "en.html", lang="en").read_text(encoding="utf-8"))
    assert en["Solver"] == "highs; gap target 0.1%; time limit 60\xa0s", en
    assert en["Model"] == ("15 sites, 30 flows, 27 candidate links (1 pair dropped by the rules), "
                           "8 independent components"), en
    assert en["Inputs"] == "scenario: scenario.yaml, flows: flows.csv, sites: sites.csv, zones: zones.geojson"


def test_french_footer_counts_one_of_each(tmp_path):
    """One candidate link, no pair dropped, one component: French takes the singular for 0 and 1
    ("1 composantes indépendantes", "0 paires écartées" before); time_limit_s 2.5 is "2,5 s"."""
    yaml = SCENARIO_YAML.replace("time_limit_s: 30", "time_limit_s: 2.5")
    flows = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
             "UVE,supply,heat,30,GWh/yr,130,0\nFOOD,demand,heat,12000,MWh/yr,90,45\n")
    run = write_run(run_file(write_scenario(tmp_path / "scen", yaml_text=yaml, flows=flows)), tmp_path / "run")
    s = json.loads((run / "summary.json").read_text(encoding="utf-8"))["counts"]
    assert (s["candidate_links"], s["dropped_pairs"], s["components"]) == (1, 0, 1), s
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    # the card of exchanges: 1 chosen ("retenus" before)
    assert "Échanges 1 retenu parmi 1 liaison candidate entre 5 sites" in _text(page)
    foot = _footer(page)
    assert foot["Modèle"] == ("5 sites, 2 flux, 1 liaison candidate (0 paire écartée par les règles), "
                              "1 composante indépendante"), foot
    assert foot["Solveur"].endswith("limite de temps 2,5\xa0s"), foot


FAR_FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
             "UVE,supply,heat,30,GWh/yr,130,0\nFOOD,demand,heat,200,MWh/yr,90,30\n")


def test_nothing_worth_building_is_said_plainly(tmp_path):
    """A heat supply 1.3 km from a demand of 200 MWh/yr paying 30 EUR/MWh (6,000 EUR/yr, less
    than any pipe's annuity), no carbon price: nothing is worth building. The brief said
    "Optimal : aucune solution ne peut faire mieux ..." above four zeros and "Aucun échange
    retenu.", never that there is nothing to build. The status now says it first (the brief says it
    alone, the report then the solver's line)."""
    yaml = SCENARIO_YAML.replace("carbon_price_eur_per_t: 100", "carbon_price_eur_per_t: 0")
    run = write_run(run_file(write_scenario(tmp_path / "scen", yaml_text=yaml, flows=FAR_FLOWS)), tmp_path / "run")
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    data = read_run(run)
    assert data.summary["status"] == "optimal" and data.summary["counts"]["chosen_links"] == 0
    fr = ("Rien à construire : entre ces sites, aucun échange possible ne rapporte plus qu'il ne coûte. Le motif "
          "de chaque flux resté sans partenaire est donné avec les flux non appariés.")
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text("utf-8")
    status = _text(page.split('id="status"')[1].split("</div></div>")[0])
    assert fr in status and status.index(fr) < status.index("Optimal"), status
    # the brief says it alone: the solver's line (its bound, its tolerance) is the full report's
    # (tests/test_brief_decision.py::test_nothing_to_build_says_no_solver_line)
    status = _text(render_brief(data, "fr").split('id="status"')[1].split("</div></div>")[0])
    assert fr in status and "borne" not in status, status
    en = _text(render_brief(data, "en"))
    assert "Nothing worth building: among these sites, no possible exchange earns more than it costs." in en
    # a run with exchanges: the status as before
    ex = write_run(run_file(write_scenario(tmp_path / "scen2")), tmp_path / "run2")
    assert "Rien à construire" not in _text(render_brief(read_run(ex), "fr"))


def _long_names_scenario(root, n: int = 8):
    """`n` heat suppliers each 1.3 km from its own greenhouse; every name is 60 characters and
    the names differ only in their last word ("... n°03")."""
    sites, flows = ["site_id,name,lat,lon,sector,zone"], [FAR_FLOWS.splitlines()[0]]
    for i in range(n):
        lat, lon = 50.0 + 0.15 * (i // 4), 3.5 + 0.2 * (i % 4)   # 14 km apart: one partner each
        a = "Société d'Exploitation des Fours et Chaudières du Val" + f" n°{i:02d}"
        b = "Coopérative Maraîchère des Serres Chauffées de l'Avesnois" + f" n°{i:02d}"
        sites += [f'S{i},"{a}",{lat:.4f},{lon:.4f},industry,Nord', f'D{i},"{b}",{lat + 0.01:.4f},{lon + 0.01:.4f},agri,Nord']
        flows += [f"S{i},supply,heat,{5000 + 300 * i},MWh/yr,120,0", f"D{i},demand,heat,{5000 + 300 * i},MWh/yr,60,40"]
    return write_scenario(root, sites="\n".join(sites) + "\n", flows="\n".join(flows) + "\n")


@pytest.mark.slow
def test_long_names_that_differ_at_their_end_stay_apart(tmp_path):
    """Sites whose 60-character names differ only at the end (n°00 ... n°07): the brief cut
    each to its first 30 characters, so its top-5 rows all read "Société d'Exploitation des
    Fo… → Coopérative Maraîchère des Se…" with five different figures, and so did the
    Sankey's nodes. Each row and each node now keeps the end where the names differ."""
    from eitflow.report.brief import render_brief
    from eitflow.report.sankey import sankey_layout
    from eitflow.results.rundir import read_run

    run = write_run(run_file(_long_names_scenario(tmp_path / "scen")), tmp_path / "run")
    data = read_run(run)
    assert len(data.matches) == 8 and set(zip(data.matches["source_site"], data.matches["sink_site"])) == \
        {(f"S{i}", f"D{i}") for i in range(8)}
    page = render_brief(data, "fr")
    # one table where both would list the same rows (`test_brief_tables_differ`)
    assert 'id="top-net"' in page
    for tid in [t for t in ("top-net", "top-co2") if f'id="{t}"' in page]:
        table = page.split(f'id="{tid}"')[1].split("</table>")[0]
        routes = [_text(r).strip() for r in re.findall(r'<span class="route">(.*?)</span>', table, re.S)]
        assert len(routes) == 8   # all eight in one table (the same first by both figures: `test_brief_tables_differ`)
        for route in routes:
            left, _, right = route.partition(" → ")
            k = re.search(r"n°(\d\d)$", left)
            assert k and right.endswith(f"n°{k.group(1)}"), route   # both sites of the row, told apart
            assert left.startswith("Société d'Exploitation") and right.startswith("Coopérative Maraîchère"), route
        assert len(set(routes)) == 8, routes
    for panel in sankey_layout(data, lang="fr"):
        labels = [nd["label"] for nd in panel.nodes if nd["side"] == "left"]
        assert len(set(labels)) == len(labels), labels


def _zone_label_over_sites(svg: str) -> list[str]:
    """Site markers under a zone's name on a map (the name's box from its SVG attributes: text
    centred on x, baseline y, 11.5 px bold, about 0.62 em a character)."""
    labs = [(float(x), float(y), html.unescape(t)) for x, y, t in
            re.findall(r'<text class="zone-label" x="([-\d.]+)" y="([-\d.]+)"[^>]*>(.*?)</text>', svg)]
    dots = [(float(x), float(y), float(r), sid) for x, y, r, sid in
            re.findall(r'<circle class="site[^"]*" cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)" data-site="([^"]+)"', svg)]
    assert dots
    out = []
    for x, y, t in labs:
        w = 0.62 * 11.5 * len(t)
        out += [f"{t} over {sid}" for cx, cy, r, sid in dots
                if x - w / 2 - r < cx < x + w / 2 + r and y - 11 - r < cy < y + 3 + r]
    return out


def test_zone_name_does_not_cover_its_sites(tmp_path):
    """scenarios/zae_example outlines its business park (zones.geojson); the park's name was
    written at the outline's centroid, over the park's own sites and their arrows, on the
    brief's and the report's maps. It now goes where no site marker is under it (centroid,
    else above the outline, else below), or, where none is clear, only in the legend, which
    names every zone outline."""
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    run = write_run(run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    data = read_run(run)
    brief = render_brief(data, "fr")
    report = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    for page in (brief, report):
        assert _zone_label_over_sites(page) == []
        # the legend names the zone, whether or not its name fits on the map
        legend = page.split('<div class="legend">')[1].split("</div>")[0]
        assert re.search(r'<i class="sw zone-sw"[^>]*></i>ZAE des Hauts de Sambre</span>', legend), legend


def test_radius_limits_said_without_parameter_keys(tmp_path):
    """A heat demand 30 km (30 / 111.195 degrees of latitude) from the only supply, beyond a
    scenario radius of 10 km (max_distance_km: {heat: 10}): the French detail said "(le
    max_distance_km.heat du scénario)", scenario.yaml's key and the resource's id; with the
    demand's own radius in flows.csv, "son max_distance_km". Now in words, the resource in
    French; the English (unmatched.csv's `detail`) as it was."""
    km_per_deg = np.pi * 6371.0088 / 180.0
    sites = pd.DataFrame({"site_id": ["S", "D", "E"], "name": ["Usine", "Serres", "Piscine"],
                          "lat": [45.0, 45.0 + 30 / km_per_deg, 45.0 - 30 / km_per_deg], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["s", "d", "e"], "site_id": ["S", "D", "E"],
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": [9000.0, 5000.0, 4000.0], "unit": "MWh/yr", "temperature_c": [120, 70, 70],
                          "price_eur_per_unit": [0.0, 50.0, 50.0], "max_distance_km": [None, None, 5.0]})
    res = optimise(scenario_from_frames(sites, flows, max_distance_km={"heat": 10.0}))
    run = write_run(res, tmp_path / "run")
    um = pd.read_csv(run / "unmatched.csv", dtype=str).set_index("site_id")
    assert "(le rayon fixé par le scénario pour la ressource chaleur)" in um.at["D", "detail_fr"], um.at["D", "detail_fr"]
    assert "the supply's radius (the scenario's max_distance_km.heat)" in um.at["D", "detail"]
    assert "le rayon de la demande (son propre rayon, donné dans les flux)" in um.at["E", "detail_fr"], um.at["E", "detail_fr"]
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    section = _text(page.split('<section id="unmatched"')[1].split("</section>")[0])
    assert "rayon fixé par le scénario" in section and "max_distance_km" not in section, section


def test_map_labels_whole_where_the_map_has_room(tmp_path):
    """scenarios/redon_h2's brief: the map labels were cut at 32 characters wherever they were
    ("Centre technique de collecte de…" alone at the bottom of an empty map, "Serres
    maraîchères de Sainte-Ma…"), though the PDF has no tooltip to read the rest. A name is now
    cut only where its whole text fits nowhere near its marker (a trailing note such as
    "(nom fictif)" is left off)."""
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    run = write_run(run_file(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"), tmp_path / "run")
    page = render_brief(read_run(run), "fr")
    labels = {sid: html.unescape(t) for sid, t in
              re.findall(r'<text[^>]*data-site="([^"]+)"[^>]*>(.*?)</text>', page.split('class="site-labels"')[1])}
    assert labels["DEPOT_BOM"] == "Centre technique de collecte des déchets", labels
    # whole on the map, or a number there and whole in the key under it (its leader would cross an
    # arrow: `report.leaders.numbered`)
    key = html.unescape(page.split('id="brief-map-key">')[1].split("</p>")[0]) if 'id="brief-map-key"' in page else ""
    assert labels["SERRES_SM"] == "Serres maraîchères de Sainte-Marie" or (
        labels["SERRES_SM"].isdigit() and f"{labels['SERRES_SM']} Serres maraîchères de Sainte-Marie" in key), (labels, key)


def test_siting_tables_name_activities_and_plots(tmp_path):
    """scenarios/fos_siting (`eitflow site`): the report's ranking of plots and its table of
    activities named them by id only (AQUACULTURE, DATACENTRE, RCU_FOS; FEUILLANE, PICTO),
    though activities.csv and plots.csv give their names. Now the names, the ids beside them
    (as in the placements' table). A placed activity was named "Serre maraîchère chauffée (10
    ha) @ La Feuillane (parc d'activités)" on the map, the brief and every table: "@" now reads
    " – "."""
    from eitflow.analyses.siting import site, siting_files
    from eitflow.io.read import read_scenario
    from eitflow.results.rundir import write_files

    sr = site(read_scenario(ROOT / "scenarios" / "fos_siting" / "scenario.yaml"))
    run = write_run(sr.result, tmp_path / "run", extras=lambda d: write_files(d, siting_files(sr)))
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    acts = pd.read_csv(ROOT / "scenarios" / "fos_siting" / "activities.csv", dtype=str)
    plots = pd.read_csv(ROOT / "scenarios" / "fos_siting" / "plots.csv", dtype=str)
    act_name, plot_name = dict(zip(acts["activity_id"], acts["name"])), dict(zip(plots["plot_id"], plots["name"]))
    for tid, cols in (("ranking-table", (0, 2)), ("reasons-table", (0,))):
        body = page.split(f'id="{tid}"')[1].split("</tbody>")[0].split("<tbody>")[1]
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        assert rows, tid
        for row in rows:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for c, names in zip(cols, (act_name, plot_name)):
                m = re.fullmatch(r"(.*) <small>(.*)</small>", cells[c])
                # as sites.csv names it, a figure and its unit on one line ("(1 000 t/an)": i18n.unbroken)
                assert m and html.unescape(m.group(1)) == unbroken(names[m.group(2)]), (tid, cells[c])

    assert " @ " not in _text(page)
    assert "Serre maraîchère chauffée (10 ha) – La Feuillane (parc d'activités)" in _text(page)


@pytest.mark.slow
def test_report_pdf_has_no_screen_instructions(browser, tmp_path):
    """report.pdf of scenarios/zae_example printed what only a screen can do: "Survoler pour le
    détail ; zoomer avec les boutons ou un double clic, faire glisser pour se déplacer", "cliquer
    sur un en-tête pour trier", "(survoler un point pour les autres)" and the map's two
    checkboxes ("afficher les liaisons candidates non retenues (pointillés)"). Printed, they are
    left out; the HTML keeps them."""
    import shutil
    import subprocess

    import pytest

    from eitflow.report.pdf import write_pdfs

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found (poppler-utils)")
    run = write_run(run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    _, report = write_pdfs(run, "fr", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for screen in ("Survoler", "survoler", "zoomer", "cliquer", "afficher les liaisons candidates",
                   "entourer les sites"):
        assert screen not in flat, screen
    assert "Triés par bénéfice net. Quantités" in flat and "Carte" in flat
    page = (tmp_path / "report.html").read_text(encoding="utf-8")   # printed by write_pdfs
    assert "cliquer sur un en-tête pour trier" in _text(page).lower() and "Survoler un point" in _text(page)


def test_brief_html_on_a_phone(browser, tmp_path):
    """brief.html of scenarios/zae_example on a 390 px phone: the page is laid out for A4
    (1040 px wide, 712 px high, overflow hidden), so it ran 1040 px wide, its cards, map and
    top-5 tables cut at the right edge. On a narrow screen it is now one column, none of it
    past the screen's edge, the map at its own width in a box that scrolls sideways (as the
    report's); printed (brief.pdf) it is as before."""
    import time
    from pathlib import Path

    from eitflow.report.brief import write_brief

    run = write_run(run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    browser.open(Path(write_brief(run, tmp_path / "brief.html", "fr")), width=390, height=800)
    time.sleep(0.3)
    info = browser.js("""(() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
      out: Array.from(document.querySelectorAll('.brief-page *')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg')
             .filter(e => !e.closest('.mapbox') && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5),
      clipped: Array.from(document.querySelectorAll('td.ex .route')).filter(r => r.scrollWidth > r.clientWidth + 1).length,
      rows: document.querySelectorAll('#top-net tbody tr').length,
      label: Math.min(...Array.from(document.querySelectorAll('#brief-map .site-labels text')).map(t => {
        const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }))}))()""")
    assert info["page"] <= info["view"], info
    # five rows at least (one table of seven: its first seven by both figures the same, `test_brief_tables_differ`)
    assert info["out"] == [] and info["clipped"] == 0 and info["rows"] >= 5, info
    assert info["label"] >= 9.0, info   # the map keeps its width and scrolls in its box: labels stay readable


def test_time_limited_status_names_the_limit():
    """A run stopped at its time limit (a 15 x 15 fixed-charge instance, time_limit_s: 3, status
    feasible): the brief said "la meilleure solution trouvée à l'arrêt du solveur" without
    saying why it stopped. It now gives the limit; the bound and the gap as before, in French
    formats (474,932.02 EUR/yr; (474,932.02 - 467,708.66) / 467,708.66 = 1.544 %)."""
    from eitflow.report.tables import status_words

    s = {"status": "feasible", "objective_unit": "EUR/yr", "objective": 467708.66, "bound": 474932.02,
         "gap": (474932.02 - 467708.66) / 467708.66, "mip_gap_target": 0.0, "message": "",
         "parameters": {"solver": {"name": "highs", "time_limit_s": 3.0}}}
    cls, head, small = status_words(s, "fr")
    assert head == ("Réalisable, sans preuve d'optimalité : la meilleure solution trouvée à l'arrêt du solveur "
                    f"(limite de temps : 3 s). Une meilleure peut exister, valant au plus 474{NNBSP}932 €/an "
                    "(écart 1,54\xa0%)."), head
    assert small == f"Objectif 467{NNBSP}709 €/an."
    _, head, _ = status_words(s, "en")
    assert "when the solver stopped (time limit 3 s). A better one may exist, worth at most 474,932 EUR/yr" in head


def test_run_with_pdf_and_no_solution_says_there_is_no_pdf(browser, tmp_path):
    """`eitflow run SCENARIO --pdf` on an infeasible scenario (French): no PDF is written (there
    is no result to present) and the command said nothing about it, and without --report not
    even report.html was written. It now writes report.html, which says why, and a line
    saying so. (The `browser` fixture only makes sure Chromium is there: --pdf checks for it.)"""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    scen = write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "lang: fr\n", flows=INFEASIBLE_FLOWS)
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(out), "--pdf"])
    assert res.exit_code == 1, res.output
    assert "ni brief.pdf ni report.pdf : pas de solution à présenter ; report.html dit pourquoi" in res.output
    assert (out / "report.html").exists() and not (out / "brief.pdf").exists()
    assert "la demande obligatoire" in _text((out / "report.html").read_text(encoding="utf-8"))


def test_the_brief_title_is_whole_on_a_phone(browser, tmp_path):
    """brief.html of scenarios/ludres_backbone on a 400 px phone showed its title as "Ludres -
    réseau de chaleur m…" (one line, cut with an ellipsis: the A4 page's rule). On a narrow
    screen the title now wraps and is read whole; printed it is as before."""
    import time
    from pathlib import Path

    from eitflow.report.brief import write_brief

    run = write_run(run_file(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml"), tmp_path / "run")
    browser.open(Path(write_brief(run, tmp_path / "brief.html", "fr")), width=400, height=800)
    time.sleep(0.3)
    h1 = browser.js("""(() => { const h = document.querySelector('.brief h1');
      return {scroll: h.scrollWidth, client: h.clientWidth, text: h.textContent, right: h.getBoundingClientRect().right,
              view: window.innerWidth}; })()""")
    assert len(h1["text"]) > 40 and h1["scroll"] <= h1["client"] + 1 and h1["right"] <= h1["view"], h1


def test_report_with_pdf_of_a_run_with_no_solution_says_there_is_no_pdf(browser, tmp_path):
    """`eitflow report RUN --pdf` of an infeasible run wrote brief.pdf and report.pdf (an
    'INFAISABLE' page), where `eitflow run --pdf` writes none and says why (the README: a run
    without a solution writes no PDF). It now writes report.html and the same line."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    scen = write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "lang: fr\n", flows=INFEASIBLE_FLOWS)
    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["run", str(scen), "--out", str(out)]).exit_code == 1
    res = CliRunner().invoke(main, ["report", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    assert "ni brief.pdf ni report.pdf : pas de solution à présenter ; report.html dit pourquoi" in res.output
    assert (out / "report.html").exists() and not (out / "brief.pdf").exists() and not (out / "report.pdf").exists()
