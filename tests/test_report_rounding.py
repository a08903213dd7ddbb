"""One figure, one way, in the report and the brief (rounding audit of zae_example's outputs).

Found by reading report.html and brief.html of `eitflow run scenarios/zae_example/scenario.yaml
--report --pdf` in French and English beside summary.json:

- the tables' CO2 cells (their totals rows too) said the plan's 50,167.49963 tCO2/yr as
  "50 167" under the card's "50 167,5 tCO2/an": a table rounded CO2 as an amount (whole from 100
  on, three significant digits below: "17,3", "264"), the cards, the status line and the map as
  a tCO2/yr figure (one decimal, `i18n.column_parts`).
- the English cards wrote "€15,063,909/yr" and "€21,177,578" beside "15.1M EUR/yr", the tables'
  heads "EUR/yr" and the status line "15,063,909 EUR/yr"; French writes "15 063 909 €/an", the
  figure then its unit. English now writes "15,063,909 EUR/yr" everywhere.
- the investment card wrote the discount rate "5 %" in English (English writes "5%") and the
  footer "5.0 %" for the same 0.05.
"""
from __future__ import annotations

import html as html_lib
import re

import pytest

import eitflow
from conftest import ROOT
from eitflow.report.brief import write_brief
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[tuple[str, str], str]:
    out = write_run(eitflow.run_file(EXAMPLE), tmp_path_factory.mktemp("rounding") / "run")
    got = {}
    for lang in ("en", "fr"):
        got[("report", lang)] = write_report(out, out / f"report.{lang}.html", lang).read_text(encoding="utf-8")
        got[("brief", lang)] = write_brief(out, out / f"brief.{lang}.html", lang).read_text(encoding="utf-8")
    return got


def _plain(s: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", s)).replace("\xa0", " ").replace("\u202f", " ").strip()


def _co2_cells(page: str) -> list[tuple[str, float, str]]:
    """(table id, data-v, text) of every cell under a tCO2/yr head, body and totals rows."""
    out = []
    for t in re.finditer(r'<table id="([^"]+)"[^>]*>(.*?)</table>', page, re.S):
        heads = [_plain(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", re.search(r"<thead>(.*?)</thead>",
                                                                                  t.group(2), re.S).group(1), re.S)]
        cols = {i for i, h in enumerate(heads) if h.endswith(("tCO2/an", "tCO2/yr"))}
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", t.group(2).split("</thead>", 1)[1], re.S):
            i = 0
            for attrs, cell in re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S):
                v = re.search(r'data-v="([^"]+)"', attrs)
                if i in cols and v:
                    out.append((t.group(1), float(v.group(1)), _plain(cell)))
                span = re.search(r'colspan="(\d+)"', attrs)
                i += int(span.group(1)) if span else 1
    return out


def _one_decimal(v: float, lang: str) -> str:
    """v to one decimal as the language writes it, worked out with Python's own format."""
    s = f"{v:,.1f}"
    return s.replace(",", " ").replace(".", ",") if lang == "fr" else s


@pytest.mark.parametrize("kind", ["report", "brief"])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.slow
def test_every_co2_cell_is_said_to_one_decimal_as_the_cards(pages, kind, lang):
    """zae_example's plan avoids 50,167.49963 tCO2/yr (summary.json): 50 167,5 to one decimal,
    as the card says it; the matches and zones tables' totals rows said 50 167. Every CO2 cell
    (17 exchanges, 4 zones, 9 zone pairs, the brief's two top-5 tables) reads its data-v to one
    decimal: 7 976,637772 -> 7 976,6 (was 7 977), 17,3 stays 17,3, 263,8 (was 264)."""
    page = pages[(kind, lang)]
    cells = _co2_cells(page)
    tables = {t for t, _, _ in cells}
    # the brief: one table where its first by both figures are the same (`test_brief_tables_differ`)
    assert tables == {"matches-table", "zones-table", "zone-pairs-table"} if kind == "report" else \
        "top-net" in tables and tables <= {"top-net", "top-co2"}
    wrong = [(t, v, s) for t, v, s in cells if s != _one_decimal(v, lang)]
    assert not wrong, wrong[:6]
    if kind == "report":
        total = _one_decimal(50167.49963, lang)   # summary.json's totals.co2_avoided_t_per_yr
        assert total == ("50 167,5" if lang == "fr" else "50,167.5")
        feet = [s for t, v, s in cells if v == pytest.approx(50167.49963, abs=1e-4)]
        assert feet == [total, total], cells   # the matches' and the zones' totals rows
        card = re.search(r'id="card-co2".*?<div class="sub">(.*?)</div>', page, re.S).group(1)
        assert _plain(card).startswith(total + " tCO2/")


def _visible(page: str) -> str:
    """The page's words as read (no style, script or tags), with its tooltips (title="...")."""
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", _plain(" ".join(re.findall(r'title="([^"]*)"', body)) + " " + re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("kind", ["report", "brief"])
def test_english_says_money_as_every_unit_and_a_percentage_without_a_space(pages, kind):
    """zae_example in English: net benefit 15,063,908.64 EUR/yr, investment 21,177,578.25 EUR
    (summary.json), discount rate 0.05 over 20 years, carbon price 100 EUR/t (scenario.yaml).
    The cards said '€15,063,909/yr' and '€21,177,578, annualised at 5 % over 20 years' under
    '15.1M EUR/yr'; the map's tooltips '€1,785,607/yr'; the footer '€100/tCO2' and '5.0 % over
    20 years'. English writes the figure then its unit, as the tables' heads (EUR/yr) and the
    status line ('15,063,909 EUR/yr'), and a percentage without a space (5%)."""
    page = _visible(pages[(kind, "en")])
    assert "€" not in page, re.findall(r".{30}€.{20}", page)[:5]
    assert not re.search(r"\d %", page), re.findall(r".{30}\d %.{10}", page)[:5]
    cards = pages[(kind, "en")]
    sub = {k: _plain(re.search(rf'id="(?:brief-)?{k}".*?<div class="sub">(.*?)</div>', cards, re.S).group(1))
           for k in ("card-net", "card-inv")}
    assert sub["card-net"].startswith("15,063,909 EUR/yr, after annualised investment and fixed costs; "
                                      "CO2 valued at 100 EUR/t"), sub
    assert sub["card-inv"] == "21,177,578 EUR, annualised at 5% over 20 years", sub
    if kind == "report":
        assert "Carbon price 100 EUR/tCO2" in page and "Annuity 5% over 20 years" in page
        # a map tooltip: the hydrogen exchange of 1,785,606.516 EUR/yr (matches.csv)
        assert "net benefit 1,785,607 EUR/yr, CO2 avoided 1,602.1 tCO2/yr" in page


@pytest.mark.parametrize("kind", ["report", "brief"])
def test_french_money_and_percentages_are_as_they_were(pages, kind):
    """French keeps '15 063 909 €/an' and '5 % sur 20 ans'; the footer's annuity said the same 0.05
    as '5,0 %' under the card's '5 %': one rule (the fewest decimals that show the rate)."""
    fr = pages[(kind, "fr")]
    sub = {k: _plain(re.search(rf'id="(?:brief-)?{k}".*?<div class="sub">(.*?)</div>', fr, re.S).group(1))
           for k in ("card-net", "card-inv")}
    assert sub["card-net"].startswith("15 063 909 €/an, après annuités"), sub
    assert sub["card-inv"] == "21 177 578 €, annualisé à 5 % sur 20 ans", sub
    if kind == "report":
        page = _visible(fr)
        assert "Prix du carbone 100 €/tCO2" in page and "Annuité 5 % sur 20 ans" in page
