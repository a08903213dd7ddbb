"""`eitflow site --lang fr` prints its tables in French.

The placements and activities tables printed the CSVs' English sentences ("heat from
ARCELOR_FOS (90,849 MWh/yr)", "partners in range of ...", reason "placed", column "best plot",
"ranking of 12 candidate placements in ..."): English words and English number formats in a
French session. The figures expected are placements.csv's and matches.csv's, formatted by hand.
"""
from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

SCEN = ROOT / "scenarios" / "fos_siting" / "scenario.yaml"


def _fr(x: float) -> str:
    return f"{round(x):,}".replace(",", "\u202f")


def test_site_tables_speak_french(tmp_path):
    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(out), "--lang", "fr"],
                             env={"COLUMNS": "240"}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = res.output
    placed = pd.read_csv(out / "placements.csv")
    assert f"implantations ({len(placed)})" in text
    m = pd.read_csv(out / "matches.csv")
    for site in placed["site_id"]:
        for r in m[(m["source_site"] == site) | (m["sink_site"] == site)].itertuples():
            assert f"{_fr(r.amount)} MWh/an" in text or f"{_fr(r.amount)} t/an" in text, (site, r.amount)
    for english in ("placements (", "activities", "best plot", "partners in range", " from ", "MWh/yr",
                    "t/yr", "ranking of", "candidate placements", "1 of at most"):
        assert english not in text, english
    assert f"classement de {len(pd.read_csv(out / 'ranking.csv'))} implantations candidates" in text


def test_site_tables_put_the_names_people_read_first(tmp_path):
    """The README: analyses print tables "site names first". `eitflow site` printed codes only
    (activity SERRE, plot FEUILLANE, "chaleur venant de ARCELOR_FOS"); the names are the
    scenario's own, read here from its CSV files, each with its code beside it."""
    import re

    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(out), "--no-rank"],
                             env={"COLUMNS": "400"}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = re.sub(r"\s+", " ", res.output.replace("│", " "))
    d = SCEN.parent
    activities = pd.read_csv(d / "activities.csv").set_index("activity_id")["name"]
    plots = pd.read_csv(d / "plots.csv").set_index("plot_id")["name"]
    sites = pd.read_csv(d / "sites.csv").set_index("site_id")["name"]
    placed = pd.read_csv(out / "placements.csv")
    for a, p in zip(placed["activity_id"], placed["plot_id"]):
        assert f"{activities[a]} ({a})" in text, a
        assert f"{plots[p]} ({p})" in text, p
    # the partners of the exchanges by name: the greenhouse's heat comes from the steelworks
    assert f"chaleur venant de {sites['ARCELOR_FOS']}" in text
    assert "ARCELOR_FOS" not in text
    # the activity placed nowhere is named in the second table too
    assert f"{activities['ELECTROLYSEUR']} (ELECTROLYSEUR)" in text
