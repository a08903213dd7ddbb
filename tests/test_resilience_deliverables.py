"""`eitflow resilience SCEN --out RUN` puts its table into the run directory (resilience.csv), and
the report and results.xlsx re-rendered from it (`eitflow report RUN`) show it: a section "If a
company closes" and a sheet `resilience`, read from that one file.

Before, the table reached the analyst only on the terminal or through `--csv` to a path of
their own: report.html had no section on it, results.xlsx no sheet, whatever ran on the run
directory (`--out` was no option of `resilience`).

The scenario is test_resilience_sunk.py's `_two_suppliers` written as files (`resil_gain_case`'s
two suppliers; figures by hand there, EUR/yr; CRF = 1/10 at a 0 % discount rate over 10 years; each delivery 4,000 MWh/yr x
50 EUR/MWh = 200,000; a pipe's annual cost 0.1 x I + 10,000):
  S1->D  200,000 - (100,000 + 10,000) = 90,000    S2->E  90,000
  S2->D  (I 500,000) 200,000 - 60,000 = 140,000    S1->E  (I 3,000,000) 200,000 - 310,000 < 0
The plan: S1->D + S2->E = 180,000 EUR/yr.
  E closes: re-built, S2->D alone 140,000: lost 180,000 - 140,000 = 40,000 EUR/yr, E's pipe and
    S1->D's stranded, 1,000,000 + 1,000,000 = 2,000,000 EUR; already built, S1->D runs at its
    O&M, 200,000 - 10,000 = 190,000, the annuities 200,000 paid anyway: lost 180,000 + 200,000 -
    190,000 = 190,000 EUR/yr, only E's pipe stranded, 1,000,000 EUR. S1 the same the other way.
  D closes: S2->E stays, 90,000: lost 90,000 EUR/yr (built: 190,000), 1,000,000 EUR stranded
    (built: 1,000,000). S2 the same.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from eitflow.analyses.resilfile import read_resilience
from resil_gain_case import cli as _cli
from resil_gain_case import two_suppliers

# site -> (net benefit lost EUR/yr, stranded EUR, lost with the plan built EUR/yr, stranded then EUR)
BY_HAND = {"E": (40000.0, 2e6, 190000.0, 1e6), "S1": (40000.0, 2e6, 190000.0, 1e6),
           "D": (90000.0, 1e6, 190000.0, 1e6), "S2": (90000.0, 1e6, 190000.0, 1e6)}
FIGURES = ["net_benefit_lost_eur_per_yr", "stranded_investment_eur", "net_benefit_lost_sunk_eur_per_yr",
           "stranded_sunk_investment_eur"]

@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> tuple[Path, Path]:
    """The scenario's files, its run (--excel), resilience --out RUN, then `eitflow report RUN`."""
    root = tmp_path_factory.mktemp("two")
    two_suppliers(root)
    run = root / "run"
    _cli("run", root / "scenario.yaml", "--out", run, "--excel", "-q")
    _cli("resilience", root / "scenario.yaml", "--out", run)
    _cli("report", run)
    return root, run


def test_the_csv_in_the_run_directory_holds_the_losses_worked_out_by_hand(run_dir):
    df = read_resilience(run_dir[1]).set_index("site_id")
    assert sorted(df.index) == sorted(BY_HAND)
    for site, figures in BY_HAND.items():
        assert df.loc[site, FIGURES].tolist() == pytest.approx(list(figures)), site
    assert df.at["E", "name"] == "Dem E"


def test_the_workbook_sheet_shows_the_csv_figures(run_dir):
    """results.xlsx gains the sheet `resilience` (in the run's language, English here; `résilience`
    in French), its headers with their units, each figure the CSV's."""
    from openpyxl import load_workbook

    wb = load_workbook(run_dir[1] / "results.xlsx")
    ws = wb["resilience"]
    rows = list(ws.iter_rows(values_only=True))
    heads = list(rows[0])
    # the losses counted two ways marked ¹ ², as the report heads them (`analyses.resilheads`)
    assert "net benefit lost\u00a0\u00b9 (EUR/yr)" in heads and "stranded investment\u00a0\u00b9 (EUR)" in heads
    sheet = pd.DataFrame(rows[1:], columns=heads).set_index("site")
    csv = read_resilience(run_dir[1]).set_index("site_id")
    for col, head in zip(FIGURES, ["net benefit lost\u00a0\u00b9 (EUR/yr)", "stranded investment\u00a0\u00b9 (EUR)",
                                   "net benefit lost\u00a0\u00b2 (EUR/yr)", "stranded investment\u00a0\u00b2 (EUR)"]):
        for site, figures in BY_HAND.items():
            assert sheet.at[site, head] == pytest.approx(csv.at[site, col]) == pytest.approx(figures[FIGURES.index(col)])
    # the columns sheet (last) names each header's file and column; the summary stays after the run's sheets
    assert ("resilience", "net benefit lost\u00a0\u00b9 (EUR/yr)", "resilience.csv", "net_benefit_lost_eur_per_yr") in [
        tuple(r) for r in wb[wb.sheetnames[-1]].iter_rows(values_only=True)]
    assert wb.sheetnames[-2:] == ["summary", "columns"]


def test_report_section_in_chromium(run_dir, browser, tmp_path):
    """The report's section, read in headless Chromium: one row per company, each figure's
    raw value (data-v) the CSV's, the page without a console error or a network request."""
    html = run_dir[1] / "report.html"
    browser.open(html)
    assert browser.js("document.documentElement.getAttribute('data-ready')") == "1"
    rows = browser.js("""Array.from(document.querySelectorAll('#resilience-table tbody tr')).map(tr =>
        [tr.querySelector('td.site-cell').getAttribute('data-code'),
         Array.from(tr.querySelectorAll('td.n')).map(td => td.getAttribute('data-v'))])""")
    assert browser.problems() == [] and browser.requests() == []
    assert browser.js("document.querySelector('#resilience h2').textContent") == "If a company closes"
    csv = read_resilience(run_dir[1]).set_index("site_id")
    assert sorted(code for code, _ in rows) == sorted(BY_HAND)
    for code, cells in rows:
        # the report's figures: exchanges chosen, net benefit lost, CO2 lost, stranded, then the two built
        shown = [float(v) for v in cells]
        assert shown[1] == pytest.approx(csv.at[code, "net_benefit_lost_eur_per_yr"]) == pytest.approx(BY_HAND[code][0])
        assert shown[3] == pytest.approx(csv.at[code, "stranded_investment_eur"]) == pytest.approx(BY_HAND[code][1])
        assert shown[4:6] == pytest.approx(list(BY_HAND[code][2:]))
        assert shown[2] == pytest.approx(csv.at[code, "co2_lost_t_per_yr"])


def test_an_existing_table_is_replaced_only_with_force(run_dir, tmp_path):
    """A second `--out RUN` is refused before any solve (exit 2, naming the file), the file as it
    was; `--force` replaces it. A directory that is no run is refused likewise."""
    root, run = run_dir
    before = (run / "resilience.csv").read_bytes()
    r = _cli("resilience", root / "scenario.yaml", "--out", run, code=2)
    assert "resilience.csv exists: --force replaces it" in r.output
    assert (run / "resilience.csv").read_bytes() == before
    _cli("resilience", root / "scenario.yaml", "--out", run, "--force")
    df = read_resilience(run).set_index("site_id")
    assert df.loc["E", FIGURES].tolist() == pytest.approx(list(BY_HAND["E"]))
    (tmp_path / "plain").mkdir()
    r = _cli("resilience", root / "scenario.yaml", "--out", tmp_path / "plain", code=2)
    assert "no summary.json" in r.output


def test_french_report_and_sheet(run_dir, tmp_path):
    """A French run: the section and the sheet `résilience` in French, units the French way.
    Rendered again in English, the report is English and the sheet stays the workbook's
    language, replaced (one sheet, each header once in the columns sheet), not doubled."""
    from openpyxl import load_workbook

    root, run = run_dir[0], tmp_path / "run_fr"
    _cli("run", root / "scenario.yaml", "--out", run, "--excel", "--lang", "fr", "-q")
    _cli("resilience", root / "scenario.yaml", "--out", run, "--lang", "fr")
    _cli("report", run)
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Si une entreprise ferme" in html and "bénéfice net perdu" in html
    assert "Dem E\u00a0: chaleur 4\u202f000 sur 4\u202f000\u00a0MWh/an" in html   # ":" and the unit kept on their line
    _cli("report", run, "--lang", "en")
    assert "If a company closes" in (run / "report.html").read_text(encoding="utf-8")
    wb = load_workbook(run / "results.xlsx")
    assert "résilience" in wb.sheetnames and "resilience" not in wb.sheetnames
    heads = [c.value for c in wb["résilience"][1]]
    assert "bénéfice net perdu\u00a0\u00b9 (€/an)" in heads and "investissement perdu\u00a0\u00b9 (€)" in heads
    body = list(wb["résilience"].iter_rows(min_row=2, values_only=True))   # the companies alone: ¹ ² in comments
    sheet = pd.DataFrame([list(r) for r in body], columns=heads)
    lost = dict(zip(sheet["site"], sheet["bénéfice net perdu\u00a0\u00b9 (€/an)"]))
    assert lost == pytest.approx({k: v[0] for k, v in BY_HAND.items()})
    cols = [r for r in wb[wb.sheetnames[-1]].iter_rows(values_only=True) if r[0] == "résilience"]
    assert len(cols) == len(heads)   # each header once in the columns sheet, after two renderings


def test_a_damaged_table_is_named_by_file_row_and_column(run_dir, tmp_path):
    """A resilience.csv edited by hand with a word where a figure goes: `eitflow report` exits 2
    naming the file, the row (header = 1) and the column, never a traceback."""
    import shutil

    run = tmp_path / "run"
    shutil.copytree(run_dir[1], run)
    df = pd.read_csv(run / "resilience.csv", dtype=str, keep_default_na=False)
    df.loc[2, "stranded_investment_eur"] = "beaucoup"
    df.to_csv(run / "resilience.csv", index=False)
    r = _cli("report", run, code=2)
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "resilience.csv, row 4, column 'stranded_investment_eur': expected a number (found: 'beaucoup')" in r.output
