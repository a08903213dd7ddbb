"""`eitflow resilience RUN --fresh --out RUN` printed a fresh run's columns (each company's loss in
a run of the scenario without it: "objective lost ³", "net benefit lost ² ³", "status ³") that
the report of that run directory left out: resilience.csv had them, the section "If a company
closes" showed only the re-solved losses, and its legend did not say what ³ means. The report
now shows them, headed and figured as the terminal (`resilheads.shown_fresh`, `short_label`).

The scenario is test_resilience_deliverables' two suppliers (figures by hand there). Its links
are given, so a run without the company (the fresh run) has the same candidates as the re-solve
over the plan's: the fresh losses are the re-solved ones, by hand,
  E or S1 closes: 180,000 - 140,000 (S2->D alone) = 40,000 EUR/yr; D or S2: 180,000 - 90,000 = 90,000
  with the plan already built: 190,000 EUR/yr each (180,000 + 200,000 annuities - 190,000)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.analyses.resilfile import read_resilience
from eitflow.cli.main import main as group
from resil_gain_case import two_suppliers
from test_resilience_deliverables import BY_HAND

#: the fresh columns' headers, by hand: the column each is the fresh run's of, marked ³
#: (test_resilience_fresh_heads' FRESH_EN / FRESH_FR), with their units under them
HEADS = {"en": [("objective lost\u00a0\u00b3", "EUR/yr"), ("net benefit lost\u00a0\u00b2\u00a0\u00b3", "EUR/yr"),
                ("status\u00a0\u00b3", "")],
         "fr": [("objectif perdu\u00a0\u00b3", "€/an"), ("bénéfice net perdu\u00a0\u00b2\u00a0\u00b3", "€/an"),
                ("statut\u00a0\u00b3", "")]}
LEGEND3 = {"en": "\u00b3\u00a0Fresh run: the scenario run without the company",
           "fr": "\u00b3\u00a0Calcul sans l'entreprise : le scénario calculé sans elle"}


def _cli(*args, env: dict | None = None) -> str:
    r = CliRunner().invoke(group, [str(a) for a in args], env=env)
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module", params=["en", "fr"])
def fresh_run(request, tmp_path_factory) -> tuple[str, Path, str]:
    """The scenario run, `resilience --fresh --out RUN` (its terminal table at 200 columns),
    then `eitflow report RUN`, in each language."""
    lang = request.param
    root = tmp_path_factory.mktemp(f"fresh_{lang}")
    two_suppliers(root)
    run = root / "run"
    _cli("run", root / "scenario.yaml", "--out", run, "--lang", lang, "-q")
    said = _cli("resilience", root / "scenario.yaml", "--fresh", "--out", run, "--lang", lang, env={"COLUMNS": "200"})
    _cli("report", run)
    return lang, run, said


def test_the_csv_has_the_fresh_losses_worked_out_by_hand(fresh_run):
    _, run, _ = fresh_run
    df = read_resilience(run).set_index("site_id")
    for site, (lost, _, sunk, _) in BY_HAND.items():
        assert df.at[site, "objective_lost_fresh"] == pytest.approx(lost), site
        assert df.at[site, "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(sunk), site
        assert df.at[site, "status_fresh"] == "optimal"


def test_the_report_shows_the_fresh_columns_as_the_terminal_in_chromium(fresh_run, browser, tmp_path):
    """Read in headless Chromium: the headers the terminal printed ("objective lost ³" over
    EUR/yr), each fresh figure's raw value (data-v) the CSV's and the hand's, its text as the
    terminal's cell says it, the status in plain words, and ³ in the legend under the table."""
    from eitflow.cli.resilience import table_view
    from eitflow.cli.tables import cell, header

    lang, run, _ = fresh_run
    browser.open(run / "report.html")
    assert browser.js("document.documentElement.getAttribute('data-ready')") == "1"
    heads = browser.js("""Array.from(document.querySelectorAll('#resilience-table thead th')).map(th =>
        [th.querySelector('.lab').textContent, (th.querySelector('small') || {textContent: ''}).textContent])""")
    rows = browser.js("""Array.from(document.querySelectorAll('#resilience-table tbody tr')).map(tr =>
        [tr.querySelector('td.site-cell').getAttribute('data-code'),
         Array.from(tr.querySelectorAll('td')).map(td => [td.getAttribute('data-v'), td.textContent])])""")
    legend = browser.js("document.querySelector('#resilience .legend').textContent")
    assert browser.problems() == [] and browser.requests() == []
    browser.screenshot(tmp_path / "resilience.png")
    labels = [h[0] for h in heads]
    # the terminal's headers of the same file's columns (label, then its unit on a line of its own)
    view = table_view(read_resilience(run, lang), lang)
    said = {c: header(c, lang, "EUR/yr", view.attrs["labels"].get(c)).split("\n") for c in
            ("objective_lost_fresh", "net_benefit_lost_sunk_fresh_eur_per_yr", "status_fresh")}
    for (head, unit), terminal in zip(HEADS[lang], said.values()):
        assert [head, unit] in heads, heads
        assert terminal == [head, unit][:len(terminal)] and terminal[0] == head, terminal
    at = {k: labels.index(h) for k, (h, _) in zip(("lost", "sunk", "status"), HEADS[lang])}
    assert LEGEND3[lang] in legend
    assert sorted(code for code, _ in rows) == sorted(BY_HAND)
    for code, cells in rows:
        lost, sunk = BY_HAND[code][0], BY_HAND[code][2]
        assert float(cells[at["lost"]][0]) == pytest.approx(lost), code
        assert float(cells[at["sunk"]][0]) == pytest.approx(sunk), code
        # the text as the terminal's cell writes the figure (40,000 / 40 000)
        assert cells[at["lost"]][1] == cell(lost, "objective_lost_fresh", lang, "EUR/yr")
        assert cells[at["sunk"]][1] == cell(sunk, "net_benefit_lost_sunk_fresh_eur_per_yr", lang)
        assert cells[at["status"]][1] == {"en": "optimal plan", "fr": "plan optimal"}[lang]


def test_a_table_without_fresh_columns_has_none_and_no_third_mark(tmp_path):
    """The section of a resilience.csv without a fresh run is as before: no ³ column, no ³ in
    the legend."""
    from eitflow.report.resilience import resilience_section
    from test_resilience_short_heads import LUDRES

    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")
    LUDRES.to_csv(tmp_path / "resilience.csv", index=False)
    html = resilience_section(tmp_path, "fr")
    assert "\u00b3" not in html and "statut" in html
