"""The French report of three territories in a real headless Chromium, and its PDFs.

For the bundled business park, the Dunkerque district-heating scenario and the national
French excess-heat run (built from ../shared by the Hotmaps importer), the report is written
in French, opened in Chromium and checked as a reader would see it: no console error, no
network request, a map that is not blank (basemap drawn, many colours in its pixels), site
labels that are names from sites.csv (never a code where a name exists) and that never
overlap, tables that show names. The screenshots are the ones committed under
docs/screenshots/ (set EITFLOW_UPDATE_SCREENSHOTS=1 to refresh them).

The one-page brief and the full report are printed to PDF by Chromium, rendered back to
PNG by pdftoppm, and must not be blank; pdftotext must find the site names and the key
figures in French formatting.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from conftest import ROOT, SHARED
from eitflow import i18n
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

DOCS = ROOT / "docs" / "screenshots"
HOTMAPS = SHARED / "data" / "hotmaps" / "Industrial_Database.csv"
COMMUNES = SHARED / "data" / "insee" / "communes_2024.csv"


def _run(scen: Path, out: Path) -> Path:
    return write_run(eitflow.run_file(scen), out)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fr-runs")
    out = {"zae_example": _run(ROOT / "scenarios" / "zae_example" / "scenario.yaml", base / "zae"),
           "dunkerque_dh": _run(ROOT / "scenarios" / "dunkerque_dh" / "scenario.yaml", base / "dk")}
    return out


@pytest.fixture(scope="module")
def national_run(tmp_path_factory) -> Path:
    if not (HOTMAPS.exists() and COMMUNES.exists()):
        pytest.skip(f"reference data absent: {HOTMAPS} and {COMMUNES} (see ../shared/README.md)")
    from eitflow.importers.national import build_national_heat_scenario

    base = tmp_path_factory.mktemp("fr-national")
    scen = build_national_heat_scenario(HOTMAPS, COMMUNES, base / "fr_heat", country="FR", radius_km=30)
    return _run(scen, base / "run")


def _sites(run: Path) -> pd.DataFrame:
    return pd.read_csv(run / "inputs" / "sites.csv", dtype=str, keep_default_na=False)


LABELS_JS = """(() => {
  const svg = document.getElementById('map-svg');
  const r = svg.getBoundingClientRect();
  const labs = Array.from(svg.querySelectorAll('.site-labels text')).map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, site: t.getAttribute('data-site'), x: b.left, y: b.top, w: b.width, h: b.height};
  });
  return {labels: labs, map: {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height},
          land: svg.querySelectorAll('.basemap path').length,
          siteCells: Array.from(document.querySelectorAll('#matches-table td.site-cell'))
                       .map(td => [td.childNodes[0].textContent, td.getAttribute('data-code')])};
})()"""


def check_in_browser(cdp, html: Path, sites: pd.DataFrame, shot: Path) -> dict:
    cdp.open(html)
    assert cdp.js("document.documentElement.getAttribute('data-ready')") == "1", "the page script did not run"
    info = cdp.js(LABELS_JS)
    problems = cdp.problems()
    assert problems == [], "console errors in the report:\n" + "\n".join(problems)
    assert cdp.requests() == [], f"the report asked the network for: {cdp.requests()}"
    assert info["land"] >= 1, "no basemap drawn"
    names = dict(zip(sites["site_id"], sites["name"]))
    named_codes = {c for c, n in names.items() if n.strip() and n.strip() != c}
    assert info["labels"], "no site label on the map"
    for lab in info["labels"]:
        t = lab["text"]
        assert t not in named_codes, f"map label {t!r} is a raw code, the site has a name"
        full = names[lab["site"]]
        # a number (its name in the key under the map: `report.leaders.numbered`), or the one label
        # of sites at one point ('ArcelorMittal FOS et 2 autres sites': `report.colocated`)
        stem = re.sub(r" (et|and) \d+ (autres? sites?|other sites?)$", "", t).rstrip("…")
        assert t.isdigit() or full.startswith(stem) or full.replace(" (", "(").startswith(stem), (t, full)
    boxes = [(lab["x"], lab["y"], lab["x"] + lab["w"], lab["y"] + lab["h"]) for lab in info["labels"]]
    for i, a in enumerate(boxes):  # no two labels overlap on screen (1 px of anti-aliasing allowed)
        for b in boxes[i + 1:]:
            ov_w = min(a[2], b[2]) - max(a[0], b[0])
            ov_h = min(a[3], b[3]) - max(a[1], b[1])
            assert ov_w <= 1 or ov_h <= 1, f"labels overlap: {a} {b}"
    for text, code in info["siteCells"]:
        assert text == (names.get(code) or code), (text, code)
    cdp.screenshot(shot)
    import matplotlib.image as mpimg

    img = mpimg.imread(shot)[..., :3]
    assert float(img.std()) > 0.05, "the screenshot is blank"
    m = info["map"]
    crop = img[int(m["y"]):int(m["y"] + m["h"]), int(m["x"]):int(m["x"] + m["w"])]
    colours = np.unique((crop.reshape(-1, 3) * 255).astype(np.uint8), axis=0)
    assert len(colours) > 50, "the map area shows (almost) one colour"
    return info


def _keep(shot: Path, name: str, height: int = 1700, width: int = 900) -> None:
    """Commit-size copy of a screenshot (top of the page, scaled down) when asked to refresh the docs."""
    if os.environ.get("EITFLOW_UPDATE_SCREENSHOTS") != "1":
        return
    from PIL import Image

    DOCS.mkdir(parents=True, exist_ok=True)
    im = Image.open(shot).convert("RGB")
    im = im.crop((0, 0, im.width, min(height, im.height)))
    im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
    im.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(DOCS / f"{name}.png", optimize=True)


@pytest.mark.parametrize("case", ["zae_example", "dunkerque_dh"])
@pytest.mark.slow
def test_french_report_in_chromium(case, runs, browser, tmp_path):
    run = runs[case]
    html = write_report(run, tmp_path / "report.html", lang="fr")
    text = html.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "Bénéfice net" in text and "Carte" in text
    info = check_in_browser(browser, html, _sites(run), tmp_path / f"{case}.png")
    assert len(info["labels"]) >= 8
    _keep(tmp_path / f"{case}.png", f"{case}_fr")
    # what was not chosen, on the map: hidden until its toggle is ticked
    shown = "getComputedStyle(document.querySelector('#map-svg .map-notchosen')).display"
    assert browser.js(shown) == "none"
    n_nc = len(pd.read_csv(run / "not_chosen.csv"))
    assert browser.js("document.querySelectorAll('#map-svg .map-notchosen path').length") == n_nc > 0
    browser.js("document.querySelector('.toggles input[data-layer=notchosen]').click()")
    assert browser.js(shown) != "none"
    browser.js("document.querySelector('.toggles input[data-layer=unmatched]').click()")
    rings = browser.js("Array.from(document.querySelectorAll('#map-svg .unmatched-mark'))"
                       ".filter(c => c.getBoundingClientRect().width > 0).length")
    assert rings == pd.read_csv(run / "unmatched.csv")["site_id"].nunique()
    assert browser.js("document.querySelectorAll('#notchosen-table tbody tr').length") == n_nc


@pytest.mark.slow
def test_french_national_report_in_chromium(national_run, browser, tmp_path):
    html = write_report(national_run, tmp_path / "report.html", lang="fr")
    sites = _sites(national_run)
    assert len(sites) > 5000
    info = check_in_browser(browser, html, sites, tmp_path / "fr_heat.png")
    # readable at 5,000 sites: a bounded number of labels, the mainland framed, overseas in insets
    assert 10 <= len(info["labels"]) <= 60
    text = html.read_text(encoding="utf-8")
    assert text.count('class="inset"') >= 2 and "La Réunion" in text
    assert html.stat().st_size < 3_000_000
    _keep(tmp_path / "fr_heat.png", "fr_heat_fr")


# ---------------------------------------------------------------- PDFs
def _pdftool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        msg = f"{name} not found: install poppler-utils ('apt-get install poppler-utils'; .ci/run does)"
        if os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return exe


@pytest.mark.slow
def test_brief_and_report_pdfs(runs, browser, tmp_path):
    """One page for elected officials and the full report, printed by Chromium, rendered back."""
    from eitflow.report.pdf import write_pdfs

    run = runs["zae_example"]
    brief, report = write_pdfs(run, "fr", tmp_path)
    def pages(pdf: Path) -> tuple[int, str]:
        out = subprocess.run([_pdftool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1)), re.search(r"^Page size:.*$", out, re.M).group(0)

    n, size = pages(brief)
    assert n == 1 and "A4" in size, (n, size)
    n, size = pages(report)
    assert n >= 3 and "A4" in size, (n, size)
    import matplotlib.image as mpimg

    for pdf in (brief, report):
        subprocess.run([_pdftool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / pdf.stem)], check=True, timeout=120)
        png = next(tmp_path.glob(f"{pdf.stem}-*1.png"))
        img = mpimg.imread(png)[..., :3]
        assert float(img.std()) > 0.05, f"{pdf.name}: page 1 is blank"
        assert (img.mean(axis=2) < 0.5).mean() > 0.01, f"{pdf.name}: almost no ink on page 1"
    text = subprocess.run([_pdftool("pdftotext"), "-layout", str(brief), "-"], capture_output=True, text=True,
                          check=True).stdout
    tot = json.loads((run / "summary.json").read_text(encoding="utf-8"))["totals"]
    squash = lambda s: s.replace("\u202f", " ").replace("\xa0", " ")  # noqa: E731
    assert squash(i18n.money(tot["net_benefit_eur_per_yr"], "fr")) in squash(text)
    assert squash(i18n.number(tot["co2_avoided_t_per_yr"], "fr", 1)) in squash(text)
    assert "Synthèse pour les élus" in text and "Bénéfice net" in text
    for name in ("UVE Val-de-Sambre", "Cimenterie de l'Avesnois"):
        assert name in text.replace("’", "'"), name
    if os.environ.get("EITFLOW_UPDATE_SCREENSHOTS") == "1":
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(brief), str(tmp_path / "brief_hi")],
                       check=True, timeout=120)
        _keep(tmp_path / "brief_hi.png", "zae_example_brief_fr", height=10_000, width=1100)
