"""Analyst outputs: the HTML report in a real headless browser, static figures, scenario
templates (CSV and workbook) and the results workbook.

The browser test drives Debian's Chromium over the Chrome DevTools Protocol (a websocket
to the page): it loads report.html from disk, fails on any console error, uncaught
exception or network request, checks that the map and Sankey were drawn (elements with
the ids and classes report.py sets, with a non-zero size on screen), sorts a table and
zooms the map through the page's own script, and saves a full-page screenshot that must
not be blank.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import ROOT, write_scenario
from eitflow.cli.init import init_command
from eitflow.cli.report import report_command
from eitflow.errors import ScenarioError
from eitflow.io.template import write_template
from eitflow.io.workbook import read_workbook
from eitflow.report.figures import write_figures
from eitflow.report.html import write_report, zone_totals
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import read_run as load_run
from eitflow.results.rundir import write_run

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def example_run(tmp_path_factory) -> tuple[Path, eitflow.results.result.Result]:
    result = eitflow.run_file(EXAMPLE)
    out = write_run(result, tmp_path_factory.mktemp("report") / "run")
    return out, result


# ---------------------------------------------------------------- report content (no browser)
def test_report_is_self_contained_and_complete(example_run):
    run, result = example_run
    path = write_report(run)
    assert path == run / "report.html"
    text = path.read_text(encoding="utf-8")
    # offline: no external script, stylesheet, image, font or frame, and no url() to the network
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", text, re.I)
    assert "@import" not in text
    # one curve per chosen exchange, one marker per site, Sankey bands, table rows
    n = len(result.matches)
    assert text.count('class="exchange"') == n
    assert len(re.findall(r'<circle class="site', text)) == len(result.scenario.sites)
    assert text.count('class="sankey-link"') >= 1
    body = re.search(r'id="matches-table".*?<tbody>(.*?)</tbody>', text, re.S).group(1)
    assert body.count("<tr>") == n
    for reason in set(result.unmatched["reason"]):
        assert f'class="reason {reason}"' in text
    # honest status and the key figures
    assert 'class="status ok"' in text and "Optimal" in text
    s = result.summary
    assert f"{s['totals']['net_benefit_eur_per_yr']:,.0f}\xa0EUR/yr" in text  # the figure, then its unit, on one line
    assert f"{s['totals']['investment_eur']:,.0f}\xa0EUR," in text
    for key, cid in (("net_benefit_eur_per_yr", "card-net"), ("co2_avoided_t_per_yr", "card-co2"),
                     ("investment_eur", "card-inv")):
        v = re.search(rf'id="{cid}" data-key="{key}" data-v="([^"]+)"', text).group(1)
        assert float(v) == pytest.approx(s["totals"][key], rel=1e-9)
    # the same run directory gives the same report
    assert write_report(run, run / "again.html").read_text(encoding="utf-8") == text


def test_zone_totals_add_up(example_run):
    run, result = example_run
    per_zone, pairs = zone_totals(load_run(run))
    tot = result.summary["totals"]
    assert per_zone["net_benefit_eur_per_yr"].sum() == pytest.approx(tot["net_benefit_eur_per_yr"])
    assert per_zone["co2_avoided_t_per_yr"].sum() == pytest.approx(tot["co2_avoided_t_per_yr"])
    assert (per_zone["links_inside"] + per_zone["links_in"]).sum() == len(result.matches)
    assert pairs["n_links"].sum() == per_zone["links_in"].sum() == per_zone["links_out"].sum()
    assert per_zone["n_sites"].sum() == len(result.scenario.sites)
    assert per_zone["unmatched_flows"].sum() == len(result.unmatched)


def test_report_of_a_run_without_solution(tmp_path):
    """No solution: the report says so, draws the sites (read from inputs/), and shows no figures."""
    flows = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,required\n"
             "FOOD,demand,heat,12000,MWh/yr,90,45,true\n"
             "POWER,supply,fgd_gypsum,20,kt/yr,,15,\n")
    scen = write_scenario(tmp_path / "scen", flows=flows)
    result = eitflow.run_file(scen)
    assert result.summary["objective"] is None
    run = write_run(result, tmp_path / "run")
    assert not (run / "synergies.geojson").exists()
    text = write_report(run).read_text(encoding="utf-8")
    assert 'class="status bad"' in text
    assert "Nothing in this report is a result" in text
    assert 'id="card-net"' not in text
    assert len(re.findall(r'<circle class="site', text)) == 5


def test_figures_png_and_svg(example_run, tmp_path):
    run, _ = example_run
    import matplotlib.image as mpimg

    for p in write_figures(run, "png", out_dir=tmp_path):
        img = mpimg.imread(p)
        assert img.shape[0] > 500 and img.shape[1] > 1000
        assert float(img[..., :3].std()) > 0.05, f"{p.name} looks blank"
    svgs = write_figures(run, "svg", out_dir=tmp_path)
    assert [p.name for p in svgs] == ["map.svg", "sankey.svg"]
    for p in svgs:
        text = p.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text
        # names first: the cement works is labelled by its name (sites.csv), never by its code
        assert "Cimenterie de l" in text and "CIMENT_AV" not in text
    with pytest.raises(ValueError):
        write_figures(run, "jpg")


def test_report_command(example_run, tmp_path):
    run, _ = example_run
    out = tmp_path / "r" / "zae.html"
    res = CliRunner().invoke(report_command, [str(run), "--out", str(out), "--figures", "svg"])
    assert res.exit_code == 0, res.output
    assert out.exists() and (out.parent / "map.svg").exists() and (out.parent / "sankey.svg").exists()
    res = CliRunner().invoke(report_command, [str(tmp_path / "nothing-here")])
    assert res.exit_code == 2 and "not a directory" in res.output
    assert "Examples" in CliRunner().invoke(report_command, ["--help"]).output


@pytest.mark.slow
def test_report_renders_in_headless_chromium(example_run, browser, tmp_path):
    run, result = example_run
    html = write_report(run)
    cdp = browser
    for domain in ("Page", "Runtime", "Log"):
        cdp.call(f"{domain}.enable")
    cdp.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
    start = len(cdp.events)   # this navigation's load event, not an earlier page's
    cdp.call("Page.navigate", url=html.resolve().as_uri())
    cdp.wait_for("Page.loadEventFired", timeout=30, since=start)
    assert cdp.js("document.documentElement.getAttribute('data-ready')") == "1", "the page script did not run"

    info = cdp.js("""(() => {
      const q = s => document.querySelectorAll(s);
      const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                          return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; };
      const ex = q('#map-svg path.exchange');
      return {
        exchanges: ex.length,
        exchangeLength: Array.from(ex).reduce((a, p) => a + p.getTotalLength(), 0),
        sites: q('#map-svg circle.site').length,
        siteLabels: q('#map-svg .site-labels text').length,
        sankeyPanels: q('svg.sankey').length,
        sankeyLinks: q('svg.sankey path.sankey-link').length,
        sankeyNodes: q('svg.sankey g.sankey-node').length,
        matchRows: q('#matches-table tbody tr').length,
        unmatchedRows: q('#unmatched-table tbody tr').length,
        zoneRows: q('#zones-table tbody tr').length,
        cards: q('.cards .card').length,
        status: document.querySelector('#status .badge').textContent,
        map: box(document.getElementById('map-svg')),
        sankey: box(document.querySelector('svg.sankey')),
        external: performance.getEntriesByType('resource').map(e => e.name)
                    .filter(n => !/^(data|file|about|blob):/.test(n)),
      };
    })()""")
    n = len(result.matches)
    assert info["exchanges"] == n and info["exchangeLength"] > 100
    assert info["sites"] == len(result.scenario.sites)
    assert info["siteLabels"] >= len(result.scenario.sites) - 2  # collision avoidance may leave one or two out
    assert info["sankeyPanels"] == result.matches["unit"].nunique()
    assert info["sankeyLinks"] >= info["sankeyPanels"] and info["sankeyNodes"] >= 2 * info["sankeyPanels"]
    assert info["matchRows"] == n and info["unmatchedRows"] == len(result.unmatched)
    assert info["zoneRows"] == result.scenario.sites["zone"].nunique()
    assert info["cards"] == 4 and info["status"] == "optimal"
    assert info["map"]["w"] > 800 and info["map"]["h"] > 300, info["map"]
    assert info["sankey"]["w"] > 800 and info["sankey"]["h"] > 100, info["sankey"]
    assert info["external"] == [], f"the report loaded something from the network: {info['external']}"

    # the page's own script: sorting a table, zooming the map
    first = "document.querySelector('#matches-table tbody tr td.n:nth-of-type(7)').getAttribute('data-v')"
    cdp.js("document.querySelectorAll('#matches-table thead th')[6].click()")  # net benefit, ascending
    low = float(cdp.js(first))
    assert low == pytest.approx(result.matches["net_benefit_eur_per_yr"].min(), rel=1e-6)
    cdp.js("document.querySelectorAll('#matches-table thead th')[6].click()")  # descending
    assert float(cdp.js(first)) == pytest.approx(result.matches["net_benefit_eur_per_yr"].max(), rel=1e-6)
    vb = cdp.js("document.getElementById('map-svg').getAttribute('viewBox')")
    cdp.js("document.querySelector('.zoom button[data-zoom=in]').click()")
    zoomed = cdp.js("document.getElementById('map-svg').getAttribute('viewBox')")
    assert float(zoomed.split()[2]) < float(vb.split()[2])
    cdp.js("document.querySelector('.zoom button[data-zoom=reset]').click()")
    reset = cdp.js("document.getElementById('map-svg').getAttribute('viewBox')")
    assert [float(v) for v in reset.split()] == pytest.approx([float(v) for v in vb.split()])

    # the error capture itself works: a deliberate console.error is seen, nothing else is
    cdp.js("console.error('eitflow-probe')")
    cdp.wait_for("Runtime.consoleAPICalled", timeout=10,
                 pred=lambda ev: any(a.get("value") == "eitflow-probe" for a in ev["params"].get("args", [])))
    problems = [p for p in cdp.problems() if "eitflow-probe" not in p]
    assert problems == [], "console errors in the report:\n" + "\n".join(problems)

    # full-page screenshot, which must show the map
    height = int(cdp.call("Page.getLayoutMetrics")["cssContentSize"]["height"])
    assert height > 1500
    shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 6000), "scale": 1})
    png = tmp_path / "report.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    assert png.stat().st_size > 50_000
    import matplotlib.image as mpimg

    img = mpimg.imread(png)[..., :3]
    assert img.shape[1] == 1280 and img.shape[0] >= 1500
    assert float(img.std()) > 0.05, "the screenshot is blank"
    m = info["map"]
    crop = img[int(m["y"]):int(m["y"] + m["h"]), int(m["x"]):int(m["x"] + m["w"])]
    colours = np.unique((crop.reshape(-1, 3) * 255).astype(np.uint8), axis=0)
    assert len(colours) > 50, "the map area shows (almost) one colour"
    print(f"screenshot: {png}")


# ---------------------------------------------------------------- spreadsheets
def test_template_csv_and_workbook_give_the_same_optimum(tmp_path):
    res = CliRunner().invoke(init_command, [str(tmp_path / "csv")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(init_command, [str(tmp_path / "xl"), "--excel"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["README.md", "flows.csv", "links.csv",
                                                                    "scenario.yaml", "sites.csv"]
    book = tmp_path / "xl" / "scenario.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert wb.sheetnames == ["sites", "flows", "links", "hubs", "corridors", "junctions", "parameters", "notes"]
    assert wb["hubs"].max_row == 1 and wb["parameters"]["A1"].value == "key"
    # no comment or note rows in the CSV files: every line has the header's number of fields
    for name in ("sites", "flows", "links"):
        df = pd.read_csv(tmp_path / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(df) >= 1 and not df.iloc[:, 0].str.startswith("#").any()
    readme = (tmp_path / "csv" / "README.md").read_text(encoding="utf-8")
    assert "`temperature_c`" in readme and "`investment_eur`" in readme

    a = eitflow.run_file(tmp_path / "csv" / "scenario.yaml")
    scen = read_workbook(book)
    b = eitflow.optimise(scen)
    assert a.status == b.status == "optimal"
    assert b.summary["objective"] == pytest.approx(a.summary["objective"], rel=1e-9)
    assert len(a.matches) == len(b.matches) >= 4
    assert a.summary["parameters"] == b.summary["parameters"]
    assert set(a.unmatched["reason"]) >= {"no_compatible_partner"}  # the example's sulphur
    assert any(a.candidates.links["user_link"])  # the links sheet/file is read
    # init refuses to overwrite, unless --force
    res = CliRunner().invoke(init_command, [str(tmp_path / "csv")])
    assert res.exit_code == 2 and "already exist" in res.output
    assert CliRunner().invoke(init_command, [str(tmp_path / "csv"), "--force"]).exit_code == 0
    # a workbook scenario gives a run directory (inputs/scenario.xlsx) the report can read
    run = write_run(b, tmp_path / "run")
    assert (run / "inputs" / "scenario.xlsx").exists()
    assert write_report(run).exists()


def test_workbook_errors_name_workbook_sheet_row_and_column(tmp_path):
    book = write_template(tmp_path, excel=True)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["sites"]["C3"] = "abc"              # lat of the second site
    wb["flows"].insert_rows(4)             # an empty row inside the table is skipped...
    wb["flows"]["E8"] = -5                 # ...and rows stay the sheet's own rows
    wb["parameters"].append(["solver.tim_limit_s", 5])
    wb["hubs"].append(["H1", "hub"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ScenarioError) as err:
        read_workbook(tmp_path / "bad.xlsx")
    msgs = [str(p) for p in err.value.problems]
    assert "bad.xlsx:sites, row 3, column 'lat': expected a latitude in degrees (found 'abc')" in msgs
    assert any(m.startswith("bad.xlsx:flows, row 8, column 'amount'") for m in msgs), msgs
    assert any(m.startswith("bad.xlsx:parameters, row 13") and "tim_limit_s" in m for m in msgs), msgs
    assert any(m.startswith("bad.xlsx:hubs, row 2") for m in msgs), msgs
    (tmp_path / "fake.xlsx").write_text("site_id,lat\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="fake.xlsx: cannot open as an Excel workbook"):
        read_workbook(tmp_path / "fake.xlsx")
    wb = load_workbook(book)
    del wb["flows"]
    wb.save(tmp_path / "noflows.xlsx")
    with pytest.raises(ScenarioError, match="missing sheet 'flows'"):
        read_workbook(tmp_path / "noflows.xlsx")


def test_results_workbook(example_run, tmp_path):
    _, result = example_run
    path = write_results_workbook(result, tmp_path / "results.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["matches", "unmatched", "zones", "companies", "price_bands", "not_chosen", "summary",
                             "columns"]
    book = read_results_workbook(path)
    m = book["matches"]
    # every CSV column, what is received beside what is sent (`report.workbook._received_beside`)
    assert sorted(m.columns) == sorted(result.matches.columns) and len(m) == len(result.matches)
    at = list(m.columns).index("amount")
    assert list(m.columns)[at:at + 4] == ["amount", "unit", "demand_amount", "demand_unit"]
    assert m["net_benefit_eur_per_yr"].sum() == pytest.approx(result.matches["net_benefit_eur_per_yr"].sum())
    # names first: the readable sheet has each site's name before its code
    shown = pd.read_excel(path, sheet_name="matches", engine="openpyxl")
    assert list(shown.columns[:4]) == ["source (name)", "source", "use (name)", "use"]
    assert "Cimenterie de l'Avesnois (nom fictif)" in set(shown["use (name)"])
    assert "net benefit (EUR/yr)" in shown.columns
    u = book["unmatched"]
    assert len(u) == len(result.unmatched)
    # figure (in words), value, summary.json key: read by the key
    s = {k: v for _, v, k in pd.read_excel(path, sheet_name="summary", engine="openpyxl").itertuples(index=False)}
    assert s["status"] == "optimal"
    assert s["objective"] == pytest.approx(result.summary["objective"])
    assert s["totals.co2_avoided_t_per_yr"] == pytest.approx(result.summary["totals"]["co2_avoided_t_per_yr"])
    assert s["parameters.solver.name"] == "highs" and s["counts.chosen_links"] == len(result.matches)
    # the zones sheet adds up to the summary's total, as zones.csv does
    z = book["zones"]
    assert z["net_benefit_eur_per_yr"].sum() == pytest.approx(s["totals.net_benefit_eur_per_yr"], rel=1e-9)


def test_results_workbook_in_french(example_run, tmp_path):
    _, result = example_run
    path = write_results_workbook(result, tmp_path / "résultats.xlsx", lang="fr")
    shown = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(shown)[:5] == ["échanges", "non appariés", "zones", "entreprises", "fourchettes de prix"]
    bands = shown["fourchettes de prix"]
    assert {"prix plancher (€/unité)", "prix suggéré (€/unité)", "gain du fournisseur (€/an)"} <= set(bands.columns)
    assert "laitier" in set(bands["ressource fournie"])
    book = read_results_workbook(path)
    assert book["price_bands"]["price_suggested_eur_per_unit"].tolist() == pytest.approx(
        eitflow.results.economics.price_bands(result)["price_suggested_eur_per_unit"].tolist())


def test_report_shows_heat_by_temperature_level(tmp_path):
    res = eitflow.run_file(ROOT / "scenarios" / "dunkerque_dh" / "scenario.yaml")
    run = write_run(res, tmp_path / "dk")
    levels = pd.read_csv(run / "heat_levels.csv")
    assert len(levels) > 0
    # every delivered MWh is a match's delivered heat: levels add up per link
    m = res.matches.set_index(["source_site", "sink_site", "supply_flow_id"])
    for (a, b, fid), d in levels.groupby(["source_site", "sink_site", "supply_flow_id"]):
        assert d["drawn_mwh_per_yr"].sum() == pytest.approx(m.loc[(a, b, fid), "amount"], rel=1e-6)
    html = write_report(run).read_text(encoding="utf-8")
    assert 'id="levels-table"' in html
    assert html.count("<tr>", html.index('id="levels-table"'), html.index("</table>", html.index('id="levels-table"'))) \
        == len(levels) + 1  # header row + one per level


def test_heat_levels_table_renders_and_sorts_in_headless_chromium(browser, tmp_path):
    res = eitflow.run_file(ROOT / "scenarios" / "dunkerque_dh" / "scenario.yaml")
    run = write_run(res, tmp_path / "dk")
    levels = pd.read_csv(run / "heat_levels.csv")
    cdp = browser
    for domain in ("Page", "Runtime", "Log"):
        cdp.call(f"{domain}.enable")
    page = write_report(run)
    start = len(cdp.events)   # this navigation's load event, not an earlier page's
    cdp.call("Page.navigate", url=page.resolve().as_uri())
    cdp.wait_for("Page.loadEventFired", timeout=30, since=start)
    assert cdp.js("document.documentElement.getAttribute('data-ready')") == "1"
    assert cdp.js("document.querySelectorAll('#levels-table tbody tr').length") == len(levels)
    first = "document.querySelector('#levels-table tbody tr td:nth-of-type(6)').getAttribute('data-v')"
    cdp.js("document.querySelectorAll('#levels-table thead th')[5].click()")  # delivered, ascending
    assert float(cdp.js(first)) == pytest.approx(levels["delivered_mwh_per_yr"].min(), rel=1e-6)
    problems = cdp.problems()
    assert problems == [], "console errors in the report:\n" + "\n".join(problems)
