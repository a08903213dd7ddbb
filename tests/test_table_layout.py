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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sizes_at_120_columns_is_a_table_not_blocks(lang):
    """At 120 columns `sizes` printed one block per row (three blocks of ten lines): its cells at
    their natural width need 114 characters in English, 129 in French, and 3 a column (30).

    By hand, each column at its narrowest, a text cell in at most 3 lines and a header at its
    longest word: English plan 12 ("sizes on its": "catalogue / sizes on its / corridors"),
    sizing 9 ("catalogue"), status 7, gap 6, new corridors built 9 ("corridors"), the four
    money columns 9 ("4,166,680", "networks:", "catalogue"), objective unit 9 ("objective"):
    88, + 3 x 10 = 118 <= 120. French plan 13 ("catalogue sur": "diamètres du / catalogue sur /
    ses tronçons"), dimensionnement 15, statut 7, écart 6, construits 10, the money columns 10
    ("partagés :", the colon never starts a line), 10, 9, 9 ("4 166 680", "catalogue"),
    l'objectif 10: 99, + 3 x 10 = 129 > 120, + 2 x 10 = 119 <= 120 (a space between columns
    and their rule). At 118 the French needed 119: blocks, until the objective's unit, one on every
    row, went into the objectives' headers (`cli.tables._one_objective_unit`): 99 - 10 + 2 x 9 = 107."""
    for width, table in ((120, True), (119, True), (118, True)):
        console = Console(width=width, record=True, highlight=False)
        print_table(SIZES, lang, console=console)
        lines = console.export_text().splitlines()
        assert all(len(x) <= width for x in lines), "\n".join(lines)
        body = "\n".join(lines)
        if not table:
            assert "#1" in body and "#3" in body, body
            continue
        assert "#1" not in body, body
        rule = next(k for k, x in enumerate(lines) if set(x.strip()) == {"─"})
        rows = [x for x in lines[rule + 1:] if x.strip()]
        assert len(rows) <= 3 * len(SIZES), body   # a text cell in at most 3 lines
        for figure in ("4 166 680", "546 048", "4 002 108") if lang == "fr" else ("4,166,680", "546,048", "4,002,108"):
            assert body.count(figure.replace(" ", "\u202f")) + body.count(figure) >= 2, body   # never split
        head = " ".join(lines[:rule])
        # the objective's unit heads its columns (before 2026-12-06, a column of its own: "unit", "l'objectif")
        for word in ("dimensionnement", "statut", "€/an") if lang == "fr" else ("sizing", "status", "EUR/yr"):
            assert word in head, body


def test_sizes_at_80_columns_stays_blocks():
    """At 80 columns even the narrowest table (88 + 2 x 10 = 108 characters in English) does not fit: blocks, as before."""
    for lang in ("en", "fr"):
        console = Console(width=80, record=True, highlight=False)
        print_table(SIZES, lang, console=console)
        out = console.export_text()
        assert "#3" in out and all(len(x) <= 80 for x in out.splitlines())
