"""Sites at one point of the map have one label (lead's brief review, 2026-12-07: fos_siting's
brief put four activities on La Feuillane's marker and stacked their four names round it, and
three companies Hotmaps places at one rounded point, 43.45 N 4.90 E, had three names round one
marker). Now the point has one label: the plot and its number of activities, or the first
company and how many others (`report.colocated`).

Checked in headless Chromium on the brief as `eitflow site` writes it: the sites whose markers
the browser draws at one place (each circle's centre) have one text among them, which says
their number; no two names' boxes (`getBBox`) overlap."""

from __future__ import annotations

import numpy as np
import pytest

from brief_runs import bundled_run, open_briefs

NAMES_JS = """(() => { const svg = document.getElementById('brief-map'); const at = {};
  for (const c of svg.querySelectorAll('.sites circle')) at[c.getAttribute('data-site')] = c.getAttribute('cx') + ',' + c.getAttribute('cy');
  return Array.from(svg.querySelectorAll('.site-labels text[data-site]')).map(t => { const b = t.getBBox();
    return {text: t.textContent, at: at[t.getAttribute('data-site')], box: [b.x, b.y, b.x + b.width, b.y + b.height]}; }); })()"""
SITES_JS = """(() => { const at = {}; for (const c of document.querySelectorAll('#brief-map .sites circle')) {
  const k = c.getAttribute('cx') + ',' + c.getAttribute('cy'); at[k] = (at[k] || 0) + 1; } return at; })()"""


def test_points_by_hand():
    """Markers at (10, 10), (10.3, 10), (50, 10), (10, 10) in frame 0 and (10, 10) in frame 1:
    the first, second and fourth are at one point (0.3 px apart, under POINT_PX = 0.5); the
    third is 40 px away; the fifth is in an inset."""
    from eitflow.report.colocated import points

    xy = np.array([[10.0, 10.0], [10.3, 10.0], [50.0, 10.0], [10.0, 10.0], [10.0, 10.0]])
    assert points(xy, np.array([0, 0, 0, 0, 1])) == [[0, 1, 3]]


def test_point_label_by_hand():
    """Four activities on La Feuillane: 'La Feuillane : 4 activités' / 'La Feuillane: 4
    activities'. Three companies: the first named, 'Aciérie et 2 autres sites' / 'Aciérie and 2
    other sites'; two: 'et 1 autre site' / 'and 1 other site'. A long plot name in 32
    characters: 28 of it at least (32 less the 14 of ' : 2 activités' would be 18), its 31 more than
    28, so its bracket goes first (`short_name`): 'La Feuillane : 2 activités'."""
    from eitflow.report.colocated import point_label

    assert point_label(["A", "B", "C", "D"], ["La Feuillane"] * 4, "fr", 60) == "La Feuillane : 4 activités"
    assert point_label(["A", "B", "C", "D"], ["La Feuillane"] * 4, "en", 60) == "La Feuillane: 4 activities"
    assert point_label(["Aciérie", "Four", "Raffinerie"], [None] * 3, "fr", 60) == "Aciérie et 2 autres sites"
    assert point_label(["Aciérie", "Four", "Raffinerie"], [None] * 3, "en", 60) == "Aciérie and 2 other sites"
    assert point_label(["Aciérie", "Four"], [None, None], "fr", 60) == "Aciérie et 1 autre site"
    assert point_label(["Aciérie", "Four"], [None, None], "en", 60) == "Aciérie and 1 other site"
    said = point_label(["A", "B"], ["La Feuillane (parc d'activités)"] * 2, "fr", 32)
    assert said == "La Feuillane : 2 activités", said


def _overlap(p, q) -> bool:
    return p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]


@pytest.mark.slow
def test_fos_siting_names_each_point_once(browser, tmp_path):
    """fos_siting's brief, French and English: La Feuillane's point (4 activities) and the point
    of ArcelorMittal, Kerneos and Esso have one name each, saying '4' and '2'; no two names
    overlap. Before: four names round La Feuillane, three round the companies' point."""
    run = bundled_run("fos_siting", tmp_path / "run")
    words = {"fr": ("4 activités", "2 autres sites"), "en": ("4 activities", "2 other sites")}
    for lang, _ in open_briefs(browser, run):
        four, others = words[lang]
        crowded = {k for k, n in browser.js(SITES_JS).items() if n > 1}
        assert len(crowded) == 2, crowded   # the two points of several sites (else it proves nothing)
        names = browser.js(NAMES_JS)
        per_point = {k: [lb["text"] for lb in names if lb["at"] == k] for k in crowded}
        assert all(len(v) == 1 for v in per_point.values()), (lang, per_point)
        said = sorted(v[0] for v in per_point.values())
        assert any(four in t for t in said) and any(others in t for t in said), (lang, said)
        pairs = [(a["text"], b["text"]) for k, a in enumerate(names) for b in names[k + 1:] if _overlap(a["box"], b["box"])]
        assert pairs == [], (lang, pairs)
