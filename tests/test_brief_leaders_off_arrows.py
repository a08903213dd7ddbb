"""Few leader lines of the brief's map cross an exchange's arrow (lead's brief review,
2026-12-07: a leader across an arrow reads as a branch of it; zae_example's French brief had 3
such crossings, redon_h2's 2, the others 1 each). Now a name whose every place on a leader
crosses one is a number where a number has a place crossing none (`report.leaders.numbered`).

Measured in headless Chromium on the page as printed (1,054 px): each leader as the SVG draws it
(its `line` element's ends), each exchange's curve as the browser lays it out (its `path`
sampled every 2 px with `getPointAtLength`, a polyline) and its arrowhead (the triangle's three
edges); a (leader, exchange) pair crosses where the leader crosses one of those segments;
whether two segments cross worked out here by hand (`test_brief_leaders_uncrossed.cross`:
signs of cross products), not by the placer's tests."""

from __future__ import annotations

import pytest

from brief_runs import SCENARIOS, bundled_run, open_briefs
from test_brief_leaders_uncrossed import GEOMETRY_JS, cross, tangles

ARROWS_JS = """(() => { const svg = document.getElementById('brief-map'); const out = [];
  for (const g of svg.querySelectorAll('.exchanges .exchange-group')) { const segs = [];
    for (const p of g.querySelectorAll('path')) {
      if (p.classList.contains('arrow')) {
        const v = p.getAttribute('d').match(/-?[0-9.]+/g).map(Number);
        const pts = [[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]];
        for (let k = 0; k < 3; k++) segs.push([...pts[k], ...pts[(k + 1) % 3]]);
        continue; }
      const n = p.getTotalLength(), steps = Math.max(2, Math.ceil(n / 2)); let prev = p.getPointAtLength(0);
      for (let k = 1; k <= steps; k++) { const q = p.getPointAtLength(n * k / steps); segs.push([prev.x, prev.y, q.x, q.y]); prev = q; } }
    out.push(segs); }
  return out; })()"""

#: the (leader, exchange) crossings each brief keeps at most, French and English, where not 0:
#: 'Brasserie des Hauts de Sambre' (zae_example), 'Centre aquatique du Pays de Redon' or 'Hydrogène
#: solaire' (redon_h2), 'Station hydrogène poids lourds de l'A39' (tavaux_h2), 'Raffinerie de
#: bitumes' (dunkerque_dh): markers inside a cluster of arrows, where no place, not even a
#: number's, is free of them. Before (main, counted so): zae_example 5, redon_h2 2, fos_siting 2 (as
#: `eitflow site` writes it), tavaux_h2 1, ludres_backbone 1, dunkerque_dh 1.
MOST = {"zae_example": 2, "redon_h2": 1, "tavaux_h2": 1, "dunkerque_dh": 1}


def crossings(leaders: list, exchanges: list) -> int:
    """How many (leader, exchange) pairs cross: the leader crosses one of the exchange's segments
    (its curve's chords, its head's edges) at least."""
    return sum(any(cross(ld, sg) for sg in segs) for ld in leaders for segs in exchanges)


def test_crossings_by_hand():
    """A leader (0, 0)-(10, 10); an exchange drawn (0, 12)-(12, 0), across it at (6, 6): 1. The
    same exchange with a head whose edge (0, 8)-(8, 0) crosses it too: still 1 (one exchange).
    An exchange (0, 10)-(5, 5)-(10, 0) whose chords meet on the leader at (5, 5): touching, not
    crossing (neither chord's ends lie strictly either side): 0. One far off, (20, 0)-(30, 0): 0."""
    leader = [(0, 0, 10, 10)]
    assert crossings(leader, [[(0, 12, 12, 0)]]) == 1
    assert crossings(leader, [[(0, 12, 12, 0), (0, 8, 8, 0)]]) == 1
    assert crossings(leader, [[(0, 10, 5, 5), (5, 5, 10, 0)], [(20, 0, 30, 0)]]) == 0
    assert crossings(leader + [(0, 10, 10, 0)], [[(0, 12, 12, 0)], [(5, -5, 5, 15)]]) == 3


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_few_leaders_cross_an_arrow(browser, name, tmp_path):
    """Every bundled brief, French and English: at most MOST (else 0) leader/arrow crossings,
    and no two leaders crossing nor a leader through a name (`tangles`)."""
    run = bundled_run(name, tmp_path / "run")
    got = {}
    for lang, _ in open_briefs(browser, run):
        labels = browser.js(GEOMETRY_JS)
        arrows = browser.js(ARROWS_JS)
        assert arrows, (name, lang)   # arrows to cross (else it proves nothing)
        got[lang] = crossings([lb["leader"] for lb in labels if lb["leader"]], arrows)
        assert tangles(labels) == [], (name, lang)
    print(name, got)
    assert max(got.values()) <= MOST.get(name, 0), (name, got)
