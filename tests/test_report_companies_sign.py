"""The report's table of each company's benefit shows its build costs as companies.csv,
results.xlsx and `eitflow zones` do: a cost, positive, in a column headed as a cost, with the
row's sum said above the table (before, the column read -600 where companies.csv read 600)."""
from __future__ import annotations

import html as htmllib
import re

import pandas as pd
import pytest

from eitflow import optimise
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run
from test_statistics import _scenario


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return write_run(optimise(_scenario()), tmp_path_factory.mktemp("companies") / "run")


def _rows(page: str) -> list[tuple[str, list[float]]]:
    """(site code, [data-v of each figure]) of each row of the companies' table."""
    body = re.search(r'<table id="companies-table"[^>]*>.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body
    return [(re.search(r'data-code="([^"]+)"', tr).group(1), [float(v) for v in re.findall(r'data-v="([^"]+)"', tr)])
            for tr in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]


@pytest.mark.parametrize("lang, sums", [
    ("en", "Each row: total = as supplier + as buyer − build costs (EUR/yr, the figures of companies.csv)"),
    ("fr", "Chaque ligne : total = en tant que fournisseur + en tant qu'acheteur − coûts de construction "
           "(€/an, les chiffres de companies.csv)")])
def test_build_costs_are_positive_as_in_companies_csv(run, lang, sums):
    """test_statistics' territory, by hand: S supplies B1 60 t at 17.5 EUR/t and B2 40 t at
    12.5 EUR/t, 17.5 x 60 + 12.5 x 40 = 1,550 EUR/yr as supplier, and pays its own supply's
    600 EUR/yr (investment 500 EUR over 1 year at 0 %, + 100 EUR/yr fixed): 1,550 + 0 - 600 = 950.
    B1 gains (29 - 17.5) x 60 = 690, B2 (19 - 12.5) x 40 = 260, as buyers."""
    page = write_report(run, run / f"report_{lang}.html", lang).read_text(encoding="utf-8")
    rows = dict(_rows(page))
    # columns: as supplier, as buyer, build costs, total
    assert rows["S"] == pytest.approx([1550.0, 0.0, 600.0, 950.0])
    assert rows["B1"] == pytest.approx([0.0, 690.0, 0.0, 690.0])
    assert rows["B2"] == pytest.approx([0.0, 260.0, 0.0, 260.0])
    # the cell people read is the file's number, positive: "600", not "-600"
    table = page[page.index('<table id="companies-table"'):]
    cell = re.search(r'<tr><td class="site-cell"[^>]*data-code="S">.*?</tr>', table[:table.index("</table>")], re.S).group(0)
    assert [htmllib.unescape(t) for t in re.findall(r'<td class="n"[^>]*>([^<]*)</td>', cell)][2] == "600"
    csv = pd.read_csv(run / "companies.csv").set_index("site_id")
    for code, figs in rows.items():
        assert figs[2] == pytest.approx(csv.at[code, "build_cost_eur_per_yr"])   # the same number as the file
        assert figs[0] + figs[1] - figs[2] == pytest.approx(figs[3])   # the sum said above the table
    said = htmllib.unescape(re.search(r'<p class="muted" id="companies-sum">(.*?)</p>', page, re.S).group(1))
    assert said == sums
