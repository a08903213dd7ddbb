"""report.html on a phone (390 px wide) and on a laptop (1280 px), measured in headless Chromium.

The map and the Sankey diagrams are laid out 960 px wide with 11 px (map) and 12 px (Sankey)
labels; shrunk to a phone's width they were drawn at 3-4 px on screen, unreadable. Each label's
size on screen is its font size times the SVG's scale (getScreenCTM), worked out in the browser;
9 px is the least a reader can read. The page itself must not scroll sideways, and the map,
wider than the phone, opens on the sites with an exchange.
"""
from __future__ import annotations

import time
from pathlib import Path

import eitflow
from conftest import ROOT
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

SIZES_JS = """(() => {
  const px = sel => Array.from(document.querySelectorAll(sel)).map(t => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  });
  return {map: px('#map-svg .site-labels text'), sankey: px('svg.sankey .sankey-node text'),
          scale: px('#map-svg .scalebar text'),
          page: document.documentElement.scrollWidth, view: window.innerWidth,
          seen: (() => { const box = document.querySelector('#map .mapbox').getBoundingClientRect();
            return Array.from(document.querySelectorAll('#map-svg .site.active')).filter(c => {
              const b = c.getBoundingClientRect(); return b.left >= box.left && b.right <= box.right; }).length; })(),
          active: document.querySelectorAll('#map-svg .site.active').length};
})()"""


def test_map_and_sankey_readable_on_a_phone(browser, tmp_path):
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "zae")
    html = write_report(run, lang="fr")
    browser.open(Path(html), width=390, height=800)
    info = browser.js(SIZES_JS)
    assert info["map"] and info["sankey"] and info["scale"], info
    for what in ("map", "sankey", "scale"):
        assert min(info[what]) >= 9.0, f"{what} labels drawn at {min(info[what]):.1f} px on a 390 px screen"
    # the map scrolls sideways in its box: it opens on the sites with an exchange, not on empty land
    assert info["seen"] >= info["active"] / 3, f"{info['seen']} of {info['active']} active sites in view"
    assert info["page"] <= info["view"], f"the page scrolls sideways: {info['page']} px for {info['view']}"


WIDE_JS = """Array.from(document.querySelectorAll('.tablewrap')).filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => (w.querySelector('table') || {}).id + ': ' + w.scrollWidth + ' px in ' + w.clientWidth)"""


def test_tables_fit_a_laptop_screen(browser, tmp_path):
    """On a 1280 px screen the exchanges table of a run with shares (scenarios/redon_h2: 11
    columns, with "Après parts" and "CO2 après parts") ran 100 px past its box, its last
    column (Investissement, whose total is the headline's) hidden: its headers could not wrap."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"), tmp_path / "redon")
    browser.open(Path(write_report(run, lang="fr")), width=1280, height=900)
    time.sleep(0.5)  # the page's script and fonts settle
    assert browser.js(WIDE_JS) == []
