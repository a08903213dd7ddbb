"""`eitflow zones` and `eitflow sizes` read as one table at the widths analysts' terminals have.

zones at 150 columns printed its totals as one block per zone: its thirteen columns at their
narrowest need 127 characters in English (zone 25 "CA Maubeuge Val de Sambre", sites 5,
hubs built 5 "built", the exchanges' three 9 "exchanges", money 10 "10,324,973", CO2 11
"tCO2/yr)"... 9, build cost 6, allocation 10) and 138 in French, and 2 a column (26): 153
and 164 > 150. The allocation is one rule on every row, said in the title, and a territory
without hubs has 0 hubs built everywhere: without them, 112 + 2 x 11 = 134 and 117 + 22 = 139.

sizes at 120 columns took 7 header lines (English; 8 in French) and its last column repeated
"EUR/yr" on every row: the unit now heads the objectives' columns, and a header is at most 4
lines where the columns leave room (5 in French, whose plan cell keeps at most 3 lines)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.console import Console

from conftest import ROOT
from eitflow.cli.main import main
from eitflow.cli.tables import print_table
from test_table_layout import SIZES

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_zones_totals_are_one_table_at_150_columns(lang):
    out = CliRunner().invoke(main, ["zones", str(EXAMPLE), "--lang", lang], env={"COLUMNS": "150"},
                             catch_exceptions=False).output
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= 150
    totals = out.split("exchanges by zone pair" if lang == "en" else "échanges par paire de zones")[0]
    assert "#1" not in totals, totals      # one table, not a block per zone
    rows = [x for x in totals.splitlines() if x.strip().startswith(("CA Maubeuge", "CC ", "ZAE "))]
    assert len(rows) == 4, totals          # the four zones of zae_example, one line each
    # the net benefit of Maubeuge's zone, whole on its row
    assert ("10,324,973" if lang == "en" else "10\u202f324\u202f973") in rows[0] or "10 324 973" in rows[0]


def test_zones_long_zone_names_wrap_rather_than_make_blocks():
    """redon_h2 has hubs and zones named up to 37 characters ("Redon Agglomération (Rieux,
    Morbihan)"): in French its twelve columns needed 146 - 11 (allocation) = 135 + 2 x 12 = 159 >
    150 with names whole; a zone's name in at most 3 lines (here 19, "Redon Agglomération") makes
    135 - 37 + 19 = 117 + 24 = 141. zae_example in English at 120: 112 - 25 + 11 ("CA Maubeuge /
    Val de / Sambre") = 98 + 2 x 11 = 120."""
    for scen, lang, width in (("redon_h2", "fr", 150), ("zae_example", "en", 120)):
        out = CliRunner().invoke(main, ["zones", str(ROOT / "scenarios" / scen / "scenario.yaml"), "--lang", lang],
                                 env={"COLUMNS": str(width)}, catch_exceptions=False).output
        totals = out.split("exchanges by zone pair" if lang == "en" else "échanges par paire de zones")[0]
        assert "#1" not in totals and max(len(x) for x in out.splitlines()) <= width, totals
        assert ("Redon Agglomération" if scen == "redon_h2" else "CA Maubeuge") in totals


@pytest.mark.parametrize("lang, head_max", [("en", 4), ("fr", 5)])
def test_sizes_at_120_columns_has_a_short_header_and_its_unit_once(lang, head_max):
    console = Console(width=120, record=True, highlight=False)
    print_table(SIZES, lang, console=console)
    lines = console.export_text().splitlines()
    assert all(len(x) <= 120 for x in lines)
    rule = next(k for k, x in enumerate(lines) if set(x.strip()) == {"─"})
    head = [x for x in lines[:rule] if x.strip()]
    assert len(head) <= head_max, "\n".join(lines)
    unit = "EUR/yr" if lang == "en" else "€/an"
    # no objective_unit column: the unit is not on the rows (it heads the objective columns)
    assert not any(unit in x for x in lines[rule + 1:]), "\n".join(lines)
    assert head[-1].count(unit) == 4, "\n".join(lines)   # two network costs, two objectives
    rows = [x for x in lines[rule + 1:] if x.strip()]
    assert len(rows) <= 3 * len(SIZES)                 # a text cell in at most 3 lines


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [120, 150])
def test_zones_totals_and_zone_pairs_are_one_table_at_120_and_150_columns(lang, width):
    """zae_example's zone pairs at 120 columns were one block per pair (14 blocks of 15 lines):
    thirteen columns of at least 117 characters in English, 121 in French, + 2 x 13 = 143, 147 >
    120. Now the two zones' names say whether the pair is inside one zone, the resources share a
    column ("boues → fertilisant"), one unit follows the two amounts where they agree (every
    row here), "CO2 avoided" is no number and its unit (its header took 11 characters over figures
    of 8) and "investissement" breaks as "investis-/sement" over figures of 9: ten columns. The
    French totals at 120 (eleven columns, 103 + 22 = 125) fit by the same two: 120."""
    out = CliRunner().invoke(main, ["zones", str(EXAMPLE), "--lang", lang], env={"COLUMNS": str(width)},
                             catch_exceptions=False).output
    assert "#1" not in out, out                       # no table as blocks
    assert max(len(x) for x in out.splitlines()) <= width, out
    pairs = out.split("exchanges by zone pair" if lang == "en" else "échanges par paire de zones")[1]
    pairs = pairs.split("amounts by zone" if lang == "en" else "quantités par zone")[0]
    # the 14 pairs of zae_example, one row each: under the header's rule, a line that ends in a figure
    body = pairs.split("─ \n", 1)[1] if "─ \n" in pairs else pairs.split("─\n", 1)[1]
    rows = [x for x in body.splitlines() if x.strip() and x.rstrip()[-1].isdigit()]
    assert len(rows) == 14, pairs
    sludge = "sludge →" if lang == "en" else "boues →"   # "→ fertiliser" on its next line at 120
    assert sludge in pairs, pairs
    # Maubeuge's two heat links inside its zone: 85,393.8 MWh/yr supplied, 84,769.1 received, said at
    # the column's one rule (`i18n.amount`'s, since 2026-12-07: every figure of the column from 100 on)
    heat = next(x for x in rows if ("85,394" if lang == "en" else "85\u202f394") in x)
    assert ("84,769" if lang == "en" else "84\u202f769") in heat and ("MWh/yr" if lang == "en" else "MWh/an") in heat


def test_a_header_word_breaks_at_its_hyphenation_point_only_where_the_figures_are_narrower():
    """"investissement" (14) over figures of at most 10 characters breaks as "investis-" (9) /
    "sement" (6); with the room it stays whole; a word with no point never breaks; "CO2 évité"
    breaks at its space ("CO2" is no figure and "évité" no unit)."""
    from eitflow.cli.tables import _shortest, _wrap

    assert _wrap("investissement\n€", 10, True) == "investis-\nsement\n€"
    assert _wrap("investissement\n€", 14, True) == "investissement\n€"
    assert _wrap("investissement\n€", 10) == "investissement\n€"          # cells never hyphenate
    assert _shortest("coût de construction\n€/an", True) == len("truction")   # "cons-" / "truction"
    assert _wrap("CO2 évité\ntCO2/an", 7, True) == "CO2\névité\ntCO2/an"
    assert _wrap("40 GWh/an de chaleur", 9) == "40 GWh/an\nde\nchaleur"    # a figure keeps its unit
