"""Tables in the terminal share their width where it saves the most lines. `eitflow sizes` at
160 and 200 columns printed its eight headers one word per line (nine lines of header:
"réseaux / partagés / : coût / annuel / aux / diamètres / du / catalogue / €/an") while its plan
column kept 39 characters for "diamètres du catalogue sur ses tronçons".

By hand: the widest header, "réseaux partagés : coût annuel aux diamètres du catalogue" (57
characters) and its unit. The table's ten columns need, each at its narrowest (longest word or
number: plan 9 "diamètres", dimensionnement 15, statut 7, écart 6, tronçons 10, the money
columns 9 or 10 for "4 166 680" or "catalogue" / "partagés :", unité de l'objectif 10), 95
characters, and 3 between columns (30): 125 of 160, which leaves 35 to spread. The widest header
at 57 / 4 = 15 characters a line (plus a word's slack) fits in 4 lines and its unit, well
within what is left, so the header takes at most 5 lines where it took 9, and a row at most 2."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.console import Console

from eitflow.cli.tables import print_table

#: `eitflow sizes scenarios/ludres_backbone/scenario.yaml --csv`
SIZES = pd.DataFrame({
    "plan": ["run", "catalogue_sizes", "no_new_corridor"], "sizing": ["discrete", "discrete", None],
    "status": ["optimal"] * 3, "gap": [0.0] * 3, "corridors_built": [6, 6, 0],
    "network_cost_eur_per_yr": [546048.4929, 546048.4929, 0.0],
    "network_cost_at_catalogue_eur_per_yr": [546048.4929, 546048.4929, 0.0],
    "objective": [4166679.502, 4166679.502, 4002108.357], "objective_at_catalogue": [4166679.502, 4166679.502, 4002108.357],
    "objective_unit": ["EUR/yr"] * 3})


@pytest.mark.parametrize("width", [160, 200])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sizes_headers_do_not_wrap_one_word_per_line(width, lang):
    console = Console(width=width, record=True, highlight=False)
    print_table(SIZES, lang, console=console)
    lines = console.export_text().splitlines()
    rule = next(k for k, x in enumerate(lines) if set(x.strip()) == {"─"})
    head = [x for x in lines[:rule] if x.strip()]
    assert len(head) <= 5, "\n".join(lines)
    assert all(len(x) <= width for x in lines)
    body = "\n".join(lines[rule + 1:])
    for figure in ("4 166 680", "546 048", "4 002 108") if lang == "fr" else ("4,166,680", "546,048", "4,002,108"):
        assert figure.replace(" ", "\u202f") in body or figure in body   # never split
    assert len([x for x in lines[rule + 1:] if x.strip()]) <= 2 * len(SIZES)   # a row in at most two lines
