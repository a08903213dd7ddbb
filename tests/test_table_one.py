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
