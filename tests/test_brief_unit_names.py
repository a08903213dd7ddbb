"""The brief's note of the units built for supplies cuts each site's name at 40 characters: two
electrolysers of one company, "Compagnie Industrielle du Nord, unité de Loon-Plage" and "...
de Gravelines", both read "Compagnie Industrielle du Nord, unité d…" to the elected official
(the brief names no code). Now each keeps the words that tell them apart
(`report.names.distinct_short`), as the brief's routes and the Sankey do."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from test_explain_short_names import GRAV, GRAV_SHOWN, LOON, LOON_SHOWN


def _data() -> SimpleNamespace:
    sites = pd.DataFrame({"site_id": ["LP", "GR"], "name": [LOON, GRAV], "lat": [51.0, 51.0], "lon": [2.2, 2.1]})
    built = pd.DataFrame({"site_id": ["LP", "GR"], "capacity": [600.0, 400.0], "unit": ["t/yr", "t/yr"],
                          "max_capacity": [1000.0, 1000.0], "sized": [False, False],
                          "investment_eur": [2_000_000.0, 1_500_000.0]})
    return SimpleNamespace(sites=sites, supplies_built=built, matches=pd.DataFrame(columns=["source_site", "sink_site"]))


def test_two_units_of_one_company_do_not_read_the_same():
    from eitflow.report.briefnotes import units_note

    for lang in ("en", "fr"):
        note = units_note(_data(), lang)
        assert f"{LOON_SHOWN}, 600 t/" in note and f"{GRAV_SHOWN}, 400 t/" in note, note
        assert "unité d…" not in note


def test_the_terminal_tables_tell_two_long_names_apart():
    """The terminal's tables (zones, resilience, alternatives...: `cli.tables`) cut names at 40
    characters with the code beside them, at 28 or 18 without it where the table is narrow: the
    two plants read "Compagnie Industrielle du Nord, unité d…" (LP) and (GR), then "Compagnie
    Industr…" twice, nothing to tell them apart. By hand at 18 (`distinct_short`): the tail
    "Loon-Plage" (10 <= 18 - 6) after 18 - 10 - 2 = 6 characters of the head, "Compag… Loon-Plage"."""
    import io

    from rich.console import Console

    from eitflow.cli import tables

    names = {"LP": LOON, "GR": GRAV}
    df = pd.DataFrame({"site_id": ["LP", "GR"], "capacity": [600.0, 400.0]})
    out = io.StringIO()
    tables.print_table(df, "en", names=names, console=Console(file=out, width=150))
    text = out.getvalue()
    assert f"{LOON_SHOWN} (LP)" in text and f"{GRAV_SHOWN} (GR)" in text, text
    numeric = {"site_id": False, "capacity": True}
    assert [r[0] for r in tables._cells(df, "en", names, numeric, False, 18)] == \
        ["Compag… Loon-Plage", "Compag… Gravelines"]
