"""A figure never breaks across lines in the report and the brief: not inside a number typed with
a plain space ("Ferme aquacole en eau chaude (1 000 t/an)", a name from a spreadsheet), not between
a figure and its unit. tavaux_h2's French brief printed "annualisé à 5 % sur 20" at a line's end
and "ans" on the next; its report "(7,8" then "km de tracé)", redon_h2's "reçu : 54" then "t/an".
`report.html.page` (every page: report, brief, plots, sweep) keeps them together
(`i18n.unbroken`: U+202F inside a number, U+00A0 before its unit), in the text only."""
from __future__ import annotations

import re

import pytest

import eitflow
from conftest import ROOT
from eitflow.i18n import unbroken
from eitflow.report.brief import render_brief
from eitflow.report.html import page, render_html
from eitflow.results.rundir import read_run, write_run

NAME = "Ferme aquacole en eau chaude (1 000 t/an)"   # a plain space, as typed in a spreadsheet
#: a figure, a plain space, then a unit or a counted word (worked out apart from the code's rule)
BREAKABLE = re.compile(r"(?<![\w.,])\d(?:[\d\u202f,.]*\d)? (?:\d{3}\b|km\b|ans\b|t/an\b|MWh/an\b|€|%|t\b|tCO2/an\b)")


def _text(html: str) -> str:
    """The text a reader sees of a page wrap: tags, scripts, styles and drawings (an SVG's text
    and tooltips never wrap) left out."""
    return re.sub(r"<[^>]*>", "\n", re.sub(r"<(script|style|svg)\b.*?</\1>", "", html, flags=re.S))


def test_unbroken_by_hand():
    assert unbroken(NAME) == "Ferme aquacole en eau chaude (1\u202f000\xa0t/an)"
    assert unbroken("annualisé à 5 % sur 20 ans") == "annualisé à 5\xa0% sur 20\xa0ans"
    assert unbroken("à 6,0 km à vol d'oiseau (7,8 km de tracé)") == "à 6,0\xa0km à vol d'oiseau (7,8\xa0km de tracé)"
    # a digit ending a word is no figure; a long word after a figure is no unit
    assert unbroken("CO2 évité, 12 exchanges") == "CO2 évité, 12 exchanges"
    assert unbroken("20\u202f023\u202f899 €") == "20\u202f023\u202f899\xa0€"


def test_a_page_s_attributes_and_scripts_keep_their_spaces():
    html = page("t", f'<p title="6,0 km" data-site="Lot 3 nord">{NAME}</p><script>var a = "1 000 t";</script>', "fr")
    assert f">{unbroken(NAME)}</p>" in html
    assert 'title="6,0 km" data-site="Lot 3 nord"' in html and 'var a = "1 000 t";' in html


@pytest.fixture(scope="module")
def tavaux(tmp_path_factory):
    return read_run(write_run(eitflow.run_file(ROOT / "scenarios" / "tavaux_h2" / "scenario.yaml"),
                              tmp_path_factory.mktemp("tavaux") / "run"))


def test_tavaux_h2_s_french_brief_and_report_keep_each_figure_with_its_unit(tavaux):
    for html in (render_brief(tavaux, "fr"), render_html(tavaux, "fr")):
        assert BREAKABLE.findall(_text(html)) == []


@pytest.mark.parametrize("text", [NAME, "le plus proche à 6,0 km à vol d'oiseau (7,8 km de tracé)"])
def test_chromium_never_breaks_a_figure_from_its_unit(browser, tmp_path, text):
    """The text in a box narrowed one pixel at a time, from 40 to 400 px: '1 000 t/an' and
    '7,8 km' always on one line (their rectangles share a top). Main's page broke each in two."""
    figure = "1 000 t/an" if "1 000" in text else "7,8 km"
    path = tmp_path / "p.html"
    path.write_text(page("t", f'<div id="b" style="font:16px sans-serif">{text}</div>', "fr", script=False),
                    encoding="utf-8")
    browser.open(path, width=800)
    broken = browser.js(f"""(() => {{
      const b = document.getElementById('b'), n = b.firstChild, out = [];
      const at = n.nodeValue.indexOf({unbroken(figure)!r}.normalize());
      const i = at >= 0 ? at : n.nodeValue.replace(/[\\u202f\\u00a0]/g, ' ').indexOf({figure!r});
      for (let w = 40; w <= 400; w++) {{
        b.style.width = w + 'px';
        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + {len(figure)});
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (tops.size > 1) out.push(w);
      }}
      return out; }})()""")
    assert broken == []
