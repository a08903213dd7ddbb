"""`eitflow resilience scenarios/ludres_backbone --fresh --lang fr` at 120 columns printed one
block of 15 lines per company ("#1", "site │ ...", ...): its table has 12 columns (site, zone,
the report's six figures, the fresh run's loss, its loss with the plan built, its status, the
plan's status), at their narrowest 125 characters in French and 123 in English (names cut to 18,
figures of 9, "1 355,4 gagnées" 15, "plan optimal" in two lines of 7), + 2 x 12 between them: 149
and 147 > 120. No shorter header makes it fit (the cells alone are wider than 120), so the table
is split in two where it does not fit as one (`cli.resilience.fresh_apart`): the closures
re-solved over the plan, as printed without --fresh, then the fresh run's columns under a title
saying they are marked ³. Where one table fits (200 columns), it stays one."""
from __future__ import annotations

import io
import re

import pytest

from test_resilience_fresh_heads import _fresh

#: the titles of the fresh run's table, by hand
TITLE = {"fr": "³ Calcul sans l'entreprise", "en": "³ Fresh run"}
#: the fresh columns' headers (test_resilience_fresh_heads' FRESH_FR / FRESH_EN)
HEADS = {"fr": ("objectif perdu\u00a0\u00b3", "statut\u00a0\u00b3"), "en": ("objective lost\u00a0\u00b3", "status\u00a0\u00b3")}


def _print(df, lang: str, width: int, names: dict[str, str]) -> str:
    from rich.console import Console

    from eitflow.cli.resilience import table_view
    from eitflow.cli.tables import print_table

    buf = io.StringIO()
    print_table(table_view(df, lang), lang, console=Console(file=buf, width=width, highlight=False), names=names)
    return buf.getvalue()


def _check_two_tables(out: str, lang: str, width: int, df, names: dict[str, str]) -> None:
    lines = out.splitlines()
    assert not re.search(r"^#\d", out, re.M), out   # tables, not one block per company
    assert max(map(len, lines)) <= width, "\n".join(x for x in lines if len(x) > width)
    title = next(i for i, x in enumerate(lines) if x.startswith(TITLE[lang]))
    first, second = "\n".join(lines[:title]), "\n".join(lines[title:])
    assert "\u00b3" not in first, first   # the plan's table: no fresh column in it
    for h in HEADS[lang]:
        assert h in second, second
    # each company in both tables, the second with its fresh loss as the terminal writes it
    from eitflow.cli.tables import cell

    for site, lost in zip(df["site_id"], df["objective_lost_fresh"]):
        # the first table cuts names to 18 characters ("Zone industrielle…"); the second has room
        # for each name (to 40: "Zone industrielle Ludres-Fléville") and its code
        # the code in brackets, alone or after the name's own note ("(centre, FLEVILLE)": `ids.with_code`)
        coded = re.compile(rf"[(,] ?{site}\)")
        assert names[site][:12] in first and f"{names[site][:12]}" in second and coded.search(second), site
        row = next(x for x in second.splitlines() if coded.search(x))
        assert cell(float(lost), "objective_lost_fresh", lang, "EUR/yr") in row, row


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ludres_fresh_table_is_two_tables_within_120_columns(lang):
    """test_resilience_short_heads' three ludres_backbone closures (its longest names and zones,
    "1 355,4 gagnées") with a fresh run's columns."""
    df = _fresh()
    names = dict(zip(df["site_id"], df["name"]))
    _check_two_tables(_print(df, lang, 120, names), lang, 120, df, names)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_table_that_fits_stays_one(lang):
    df = _fresh()
    names = dict(zip(df["site_id"], df["name"]))
    out = _print(df, lang, 200, names)
    assert not re.search(r"^#\d", out, re.M) and TITLE[lang] not in out, out
    assert out.count("\u00b3") >= 3, out   # objective lost ³, net benefit lost ² ³, status ³ (headers may wrap)
    assert max(map(len, out.splitlines())) <= 200


@pytest.mark.slow
def test_ludres_backbone_itself_in_both_languages():
    """The scenario's own closures (`resilience(fresh=True)`, its ten companies), each language's
    table at 120 columns as `eitflow resilience --fresh` prints it (names from the scenario)."""
    import eitflow
    from conftest import ROOT
    from eitflow.analyses.resilience import resilience
    from eitflow.report.names import party_names, scenario_places

    scen = eitflow.read_scenario(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml")
    df = resilience(scen, fresh=True)   # once: the terminal's table has figures and codes, no lists
    for lang in ("fr", "en"):
        names = party_names(scen.sites, lang, [str(v) for v in df["site_id"]], scenario_places(scen))
        _check_two_tables(_print(df, lang, 120, names), lang, 120, df, names)
