"""Every bundled scenario's analyst tables are one table at 120 and 150 columns, in both languages.

The figures are those of each bundled scenario's run (tests/data/tables120: `eitflow run
scenarios/S/scenario.yaml --out D`, then D/zones.csv and `eitflow alternatives D --lang L --csv
--diff-csv`; the differences one row per change of each link): what is tested is the layout, so
the rows keep the runs' names and figures, whose widths decide it.

Before 2026-12-07, at 120 columns in French, `zones`' totals were one block per zone for redon_h2
(twelve columns, 104 characters at their narrowest + 2 x 12 = 128), tavaux_h2 (99 + 22 = 121) and
dunkerque_dh (100 + 22 = 122), and `alternatives`' differences one block per row for every
scenario in both languages (fifteen columns; a single label of dunkerque_dh is 175 characters)."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from conftest import ROOT
from eitflow.cli import views
from eitflow.cli.tables import print_table
from eitflow.io.read import read_scenario

DATA = Path(__file__).parent / "data" / "tables120"
BUNDLED = ("zae_example", "redon_h2", "tavaux_h2", "dunkerque_dh", "ludres_backbone", "fos_siting")


def _printed(df: pd.DataFrame, lang: str, width: int) -> str:
    buf = io.StringIO()
    print_table(df, lang, console=Console(file=buf, width=width, highlight=False))
    return buf.getvalue()


def _one_table(out: str, width: int) -> None:
    lines = out.splitlines()
    assert not any(x.strip().startswith("#1") for x in lines), out   # no row as a block
    assert max(len(x) for x in lines) <= width, out


@pytest.fixture(scope="module")
def hubs() -> dict[str, bool]:
    """Whether each bundled scenario has hubs (the totals keep `hubs built` then)."""
    out = {}
    for s in BUNDLED:
        scen = read_scenario(ROOT / "scenarios" / s / "scenario.yaml")
        out[s] = scen.hubs is not None and len(scen.hubs) > 0
    return out


@pytest.mark.parametrize("width", [120, 150])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("scen", BUNDLED)
def test_zone_totals_are_one_table(scen, lang, width, hubs):
    from types import SimpleNamespace

    df = pd.read_csv(DATA / f"zones_{scen}.csv")
    view = views.zone_totals(df, SimpleNamespace(hubs=[1] if hubs[scen] else None))
    out = _printed(view, lang, width)
    _one_table(out, width)
    # each zone on its own row, its three counts said together: inside / out / in
    for z, a, b, c in zip(df["zone"], df["links_inside"], df["links_out"], df["links_in"]):
        assert f"{a}\u00a0/\u00a0{b}\u00a0/\u00a0{c}" in out, out
        assert z.split()[0] in out


@pytest.mark.parametrize("width", [120, 150])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("scen", BUNDLED)
def test_alternatives_differences_and_plans_are_one_table_each(scen, lang, width):
    diffs = pd.read_csv(DATA / f"altdiff_{scen}_{lang}.csv")
    out = _printed(views.differences(diffs, lang), lang, width)
    _one_table(out, width)
    ports = pd.read_csv(DATA / f"altports_{scen}_{lang}.csv")
    _one_table(_printed(views.portfolios(ports), lang, width), width)


def test_a_difference_reads_optimum_then_alternative_with_its_unit():
    """tavaux_h2's heat to Dole's network, dropped by rank 1: 13,854.7 MWh/yr and 85,879 EUR/yr
    after the shares in the optimum, 0 in the alternative (the CSV's figures, said in one cell
    each); a link has no corridor cost: no column where no corridor changes."""
    diffs = pd.read_csv(DATA / "altdiff_tavaux_h2_en.csv")
    row = diffs[(diffs["rank"] == 1) & (diffs["change"] == "removed")]
    assert row["amount_optimum"].round(1).tolist() == [13854.7] and row["amount_alternative"].tolist() == [0.0]
    assert row["net_benefit_after_shares_optimum_eur_per_yr"].round().tolist() == [85879.0]
    view = views.differences(row, "en")
    # the arrow glued to the figure before it, a line free to break after it (since 2026-12-07);
    # the column's figures at one rule, `i18n.amount`'s: whole from 100 (it read 13,854.7 beside 4,900)
    assert view["amount_optimum_alternative"].iat[0] == "13,855\u00a0→ 0\u00a0MWh/yr"
    assert view["after_shares_optimum_alternative_eur_per_yr"].iat[0] == "85,879\u00a0→ 0"
    assert "corridor_cost_optimum_alternative_eur_per_yr" not in view
    fr = views.differences(pd.read_csv(DATA / "altdiff_tavaux_h2_fr.csv").loc[row.index], "fr")
    assert fr["amount_optimum_alternative"].iat[0] == "13\u202f855\u00a0→ 0\u00a0MWh/an"
    # ludres_backbone's corridor trunk_1 removed: its flow and annual cost, 74,204 EUR/yr; a link there "–"
    lud = views.differences(pd.read_csv(DATA / "altdiff_ludres_backbone_en.csv"), "en")
    cor = lud[lud["link"].str.startswith("corridor trunk_1")]
    assert cor["corridor_cost_optimum_alternative_eur_per_yr"].iat[0] == "74,204\u00a0→ 0"
    assert (lud.loc[~lud["link"].str.startswith("corridor"), "corridor_cost_optimum_alternative_eur_per_yr"] == "–").all()


@pytest.mark.slow
def test_the_commands_print_one_table_each_at_120_columns_in_french():
    """End to end on tavaux_h2 (its zones' totals were one block per zone at 120 columns in French,
    121 characters at their narrowest): `zones` and `alternatives -k 2` print no block, and no
    table line wider than 120 (the lines before the tables are sentences the terminal wraps)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    scen = str(ROOT / "scenarios" / "tavaux_h2" / "scenario.yaml")
    for args in (["zones", scen], ["alternatives", scen, "-k", "2"]):
        out = CliRunner().invoke(main, [*args, "--lang", "fr"], env={"COLUMNS": "120"}, catch_exceptions=False).output
        tables = out[out.index("\n ") + 1:]   # from the first table's first line (a table's lines start with a space)
        assert not any(x.startswith("#1") for x in out.splitlines()), out
        assert max(len(x) for x in tables.splitlines() if x.startswith(" ")) <= 120, out
