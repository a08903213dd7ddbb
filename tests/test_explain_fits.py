"""`eitflow explain`'s table is one table at 120 and 150 columns for every bundled scenario, in
both languages (`cli.views.explained`: six columns of the CSV's twenty).

The rows are each bundled scenario's explain (tests/data/tables120/explain_S_L.csv: the scenario
solved as `eitflow explain scenarios/S/scenario.yaml --lang L --csv` solves it, a siting scenario
on its plan); what is tested is the layout, so the rows keep the runs' words and figures.

Before 2026-12-07, every bundled scenario's explain at 120 columns was one block of twenty lines
per row (10 to 32 blocks): twenty columns, `detail` up to 418 characters (ludres_backbone, fr)."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from eitflow.cli import views
from eitflow.cli.tables import print_table

DATA = Path(__file__).parent / "data" / "tables120"
BUNDLED = ("zae_example", "redon_h2", "tavaux_h2", "dunkerque_dh", "ludres_backbone", "fos_siting")


def _printed(df: pd.DataFrame, lang: str, width: int) -> str:
    buf = io.StringIO()
    print_table(df, lang, console=Console(file=buf, width=width, highlight=False))
    return buf.getvalue()


@pytest.mark.parametrize("width", [120, 150])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("scen", BUNDLED)
def test_explain_is_one_table(scen, lang, width):
    df = pd.read_csv(DATA / f"explain_{scen}_{lang}.csv")
    out = _printed(views.explained(df, lang), lang, width)
    lines = out.splitlines()
    assert not any(x.strip().startswith("#1") for x in lines), out   # no row as a block
    assert max(len(x) for x in lines) <= width, out
    # every row is there: each flow named once, each sentence's first word on screen
    for f in df["flow_id"].unique():
        assert sum(x.lstrip().startswith(f"{f} :" if lang == "fr" else f"{f}:") for x in lines) == 1, (f, out)


def test_a_flow_is_said_once_and_a_site_with_two_partner_flows_names_them():
    """dunkerque_dh's demand dk_heat (RCU_DK): 130,000 MWh/yr asked, 10,953.7 left (the CSV's
    amount and remaining), four partners; ACIERIE is its partner twice, by acier_cw (quality) and
    by acier_heat (matched): each row names its flow. The radius row says why and what would make
    it pass, one sentence."""
    df = pd.read_csv(DATA / "explain_dunkerque_dh_en.csv")
    mine = df[df["flow_id"] == "dk_heat"]
    assert mine["amount"].tolist()[0] == 130000 and round(mine["remaining"].iat[0], 1) == 10953.7
    view = views.explained(mine, "en", {"RCU_DK": "District heating of Dunkirk"})
    assert view["flow_said"].tolist() == [
        # its amounts as its sentences and the report's tables say them (`i18n.amount`, words12): 10,953.7 -> 10,954
        "dk_heat: District heating of Dunkirk (RCU_DK), demand of heat, 10,954 of 130,000 MWh/yr left", "", "", ""]
    assert view["partner_said"].tolist() == ["UVE_DK", "ACIERIE [acier_cw]", "ACIERIE [acier_heat]", "ALU_LOON"]
    assert view["rule_said"].tolist() == ["matched", "quality", "matched", "radius"]
    radius = mine[mine["rule"] == "radius"].iloc[0]
    assert view["why_said"].iat[3] == f"{radius['detail']}; would pass if {radius['would_pass_if']}"
    assert view["why_said"].iat[0] == mine["detail"].iat[0]   # matched: nothing to pass
    fr = views.explained(pd.read_csv(DATA / "explain_dunkerque_dh_fr.csv").loc[mine.index], "fr")
    assert fr["flow_said"].iat[0] == "dk_heat : RCU_DK, demande de chaleur, reste 10\u202f954 sur 130\u202f000 MWh/an"
    assert fr["rule_said"].tolist() == ["apparié", "qualité", "apparié", "hors de portée"]


def _why_width(out: str, lang: str) -> int:
    """The width the printed table gives its last column, the sentence that says why: from where
    its header starts to the end of its longest line."""
    lines = out.splitlines()
    word = "why" if lang == "en" else "pourquoi"
    head = next(i for i, x in enumerate(lines) if x.rstrip().endswith(("why; would pass if", "pourquoi ; passerait si")))
    start = lines[head].index(word)
    return max(len(x.rstrip()) - start for x in lines[head + 2:])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_why_column_gets_its_room_and_the_names_wrap(lang):
    """dunkerque_dh's explain with its sites' names, as `eitflow explain` prints it (sites.csv's
    names, up to 88 characters: "Réseau de chaleur de Dunkerque - Saint-Pol (côté demande ; ...)").
    The names beside it kept the sentence that says why to 33 (English) and 37 (French) of 120
    columns, 53 of 150, where it runs to 418 characters. Now it gets half the room first
    (`views.EXPLAIN_WHY_SHARE`): at 150 columns, 150 - 6 x 3 of gaps = 132, half of it 66; at 120,
    what the other columns at their narrowest leave (at least 38), the names taking up to 4 lines
    (`EXPLAIN_LINES`); one table, no line past the width."""
    names = dict(pd.read_csv(Path(__file__).parents[1] / "scenarios" / "dunkerque_dh" / "sites.csv",
                             dtype=str).set_index("site_id")["name"])
    df = pd.read_csv(DATA / f"explain_dunkerque_dh_{lang}.csv")
    for width, least in ((120, 38), (150, 66)):
        out = _printed(views.explained(df, lang, names), lang, width)
        assert max(len(x) for x in out.splitlines()) <= width, out
        assert not any(x.strip().startswith("#1") for x in out.splitlines()), out
        assert _why_width(out, lang) >= least, (width, out)
