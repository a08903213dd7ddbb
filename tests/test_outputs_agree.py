"""One answer everywhere: every figure of the report (HTML, brief, PDF) and of results.xlsx
equals the run's statistics (`result.statistics`), read back from what was written.

The HTML carries each number's exact value in ``data-v`` beside its formatted text; the
workbook's cells are numbers; the PDF is text (pdftotext), checked against the figures
formatted in the brief's language.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

import eitflow
from conftest import ROOT
from eitflow import i18n
from eitflow.report.brief import write_brief
from eitflow.report.html import write_report
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import write_run

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    result = eitflow.run_file(EXAMPLE)
    run = write_run(result, tmp_path_factory.mktemp("agree") / "run")
    return result, run


def _table(html: str, tid: str) -> list[list[float | None]]:
    """data-v values of each body row of table `tid` (None for a cell without one)."""
    m = re.search(rf'<table id="{tid}"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S)
    assert m, f"no table {tid}"
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S):
        cells = re.findall(r"<td([^>]*)>", tr)
        rows.append([float(v.group(1)) if (v := re.search(r'data-v="([^"]+)"', c)) else None for c in cells])
    return rows


def _foot(html: str, tid: str) -> list[float]:
    m = re.search(rf'<table id="{tid}"[^>]*>.*?<tfoot>(.*?)</tfoot>', html, re.S)
    return [float(v) for v in re.findall(r'data-v="([^"]+)"', m.group(1))]


def _same(a, b, rel=1e-9):
    """Equal as multisets (sorted, to a relative 1e-9: files hold 10 significant digits)."""
    a, b = sorted(float(v) for v in a), sorted(float(v) for v in b)
    return len(a) == len(b) and all(abs(x - y) <= rel * max(abs(x), abs(y), 1.0) for x, y in zip(a, b))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.slow
def test_report_figures_equal_the_statistics(example, lang, tmp_path):
    result, run = example
    st = result.statistics
    tot = st.totals()
    html = write_report(run, tmp_path / "report.html", lang).read_text(encoding="utf-8")
    # key figures
    for key in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur"):
        v = float(re.search(rf'data-key="{key}" data-v="([^"]+)"', html).group(1))
        assert v == pytest.approx(tot[key], rel=1e-9), key
    assert f'data-key="chosen_links" data-v="{len(st.links())}"' in html
    # chosen exchanges: net benefit, CO2 and investment of each link, and the totals row
    links = st.links()
    rows = _table(html, "matches-table")
    assert len(rows) == len(links)
    assert _same([r[6] for r in rows], links["net_benefit_eur_per_yr"])
    assert _same([r[7] for r in rows], links["co2_avoided_t_per_yr"])
    assert _same([r[8] for r in rows], links["investment_eur"])
    foot = _foot(html, "matches-table")
    assert foot[:3] == pytest.approx([tot["links_net_benefit_eur_per_yr"], tot["co2_avoided_t_per_yr"],
                                      tot["links_investment_eur"]], rel=1e-9)
    if len(foot) > 3:   # build costs below the exchanges' total, then the plan's total: the key figures
        assert foot[-3:] == pytest.approx([tot["net_benefit_eur_per_yr"], tot["co2_avoided_t_per_yr"],
                                           tot["investment_eur"]], rel=1e-9)
    # negotiation: each band and each partner's gain; each company's total
    bands = _table(html, "bands-table")
    assert _same([r[2] for r in bands], links["amount"])
    assert _same([r[3] for r in bands], links["price_min_eur_per_unit"])
    assert _same([r[4] for r in bands], links["price_eur_per_unit"])
    assert _same([r[5] for r in bands], links["source_benefit_eur_per_yr"])
    assert _same([r[6] for r in bands], links["sink_benefit_eur_per_yr"])
    assert re.findall(r'data-max="([^"]+)"', html) and _same(
        [float(v) for v in re.findall(r'data-max="([^"]+)"', html)], links["price_max_eur_per_unit"])
    comp = _table(html, "companies-table")
    assert _same([r[-1] for r in comp], st.companies()["total_eur_per_yr"])
    # zones: the rows are zones.csv's, the totals row the run's
    zones = _table(html, "zones-table")
    assert _same([r[5] for r in zones], st.zones()["net_benefit_eur_per_yr"])
    assert _foot(html, "zones-table")[1:4] == pytest.approx(
        [tot["net_benefit_eur_per_yr"], tot["co2_avoided_t_per_yr"], tot["investment_eur"]], rel=1e-9)
    # the brief: same key figures, and its top-5 tables are the five largest links
    brief = write_brief(run, tmp_path / "brief.html", lang).read_text(encoding="utf-8")
    for key in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur"):
        v = float(re.search(rf'data-key="{key}" data-v="([^"]+)"', brief).group(1))
        assert v == pytest.approx(tot[key], rel=1e-9)
    # (five, or more in one table where the first by both figures are the same: its rows by CO2 then
    # the CO2 table's, `test_brief_tables_differ`)
    top = _table(brief, "top-net")
    assert len(top) >= 5
    assert [r[1] for r in top] == pytest.approx(sorted(links["net_benefit_eur_per_yr"], reverse=True)[:len(top)])
    top = _table(brief, "top-co2") if 'id="top-co2"' in brief else sorted(top, key=lambda r: -r[2])
    assert [r[2] for r in top] == pytest.approx(sorted(links["co2_avoided_t_per_yr"], reverse=True)[:len(top)])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_workbook_figures_equal_the_statistics(example, lang, tmp_path):
    result, _ = example
    st = result.statistics
    tot = st.totals()
    book = read_results_workbook(write_results_workbook(result, tmp_path / "results.xlsx", lang))
    links = st.links()
    assert _same(book["matches"]["net_benefit_eur_per_yr"], links["net_benefit_eur_per_yr"])
    assert _same(book["matches"]["co2_avoided_t_per_yr"], links["co2_avoided_t_per_yr"])
    assert _same(book["price_bands"]["price_suggested_eur_per_unit"], links["price_eur_per_unit"])
    assert _same(book["price_bands"]["supplier_benefit_eur_per_yr"], links["source_benefit_eur_per_yr"])
    assert _same(book["companies"]["total_eur_per_yr"], st.companies()["total_eur_per_yr"])
    assert book["zones"]["net_benefit_eur_per_yr"].sum() == pytest.approx(tot["net_benefit_eur_per_yr"], rel=1e-9)
    assert book["companies"]["total_eur_per_yr"].sum() == pytest.approx(tot["net_benefit_eur_per_yr"], rel=1e-9)
    assert len(book["not_chosen"]) == len(result.candidates.links) - len(links)


@pytest.mark.slow
def test_pdf_figures_equal_the_statistics(example, browser, tmp_path):
    """The brief's PDF shows the run's key figures and its top exchanges, formatted in French."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftotext not found: install poppler-utils")
        pytest.skip("pdftotext not found: install poppler-utils")
    from eitflow.report.pdf import html_to_pdf

    result, run = example
    tot = result.statistics.totals()
    pdf = html_to_pdf(write_brief(run, tmp_path / "brief.html", "fr"), tmp_path / "brief.pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"[\u202f\xa0]", " ", text)
    sp = lambda s: re.sub(r"[\u202f\xa0]", " ", s)  # noqa: E731
    assert sp(i18n.money(tot["net_benefit_eur_per_yr"], "fr")) in flat
    assert sp(i18n.number(tot["co2_avoided_t_per_yr"], "fr", 1)) in flat
    assert sp(i18n.money(tot["investment_eur"], "fr")) in flat
    for v in sorted(result.statistics.links()["net_benefit_eur_per_yr"], reverse=True)[:5]:
        assert sp(i18n.number(v, "fr")) in flat, v
