"""What the command line prints and writes for people: readable tables, French status lines,
the Pareto plot, the GeoPackage."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow import i18n
from eitflow.cli.main import main

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


def _invoke(args, columns=100):
    return CliRunner().invoke(main, args, env={"COLUMNS": str(columns)}, catch_exceptions=False)


def test_analysis_tables_are_for_people():
    """No scientific notation, no NaN, thousands separators, names before codes, within the width."""
    res = _invoke(["resilience", str(EXAMPLE)], columns=100)
    assert res.exit_code == 0, res.output
    out = res.output
    assert not re.search(r"\d[eE][+-]\d", out), "scientific notation in the table"
    assert "NaN" not in out and "nan" not in out
    assert re.search(r"\d,\d{3}", out), "no thousands separator"
    assert "UVE Val-de-Sambre" in out  # the site's name, not only UVE_VDS
    assert max(len(line) for line in out.splitlines()) <= 100
    wide = _invoke(["resilience", str(EXAMPLE)], columns=240).output
    assert max(len(line) for line in wide.splitlines()) <= 240
    assert "UVE_VDS)" in wide  # room for the code beside the name


def test_a_table_that_fits_keeps_its_last_column():
    """Names 24 characters wide, short figures and a long last header: the table fits 80 columns
    once that header wraps (24+9+6+8+8+7 characters and 3 a column: 80), so every figure is
    printed (before: rich shrank the widest column, then took its minimum back, and the terminal
    cropped the last column: `zones` at 80 columns lost "échangé dans la zone")."""
    import io

    from rich.console import Console

    from eitflow.cli.tables import print_table

    df = pd.DataFrame({"zone": ["Métropole du Grand Nancy", "Moselle et Madon"], "resource": "heat",
                       "unit": "MWh/yr", "supplied": [16330.0, 0.0], "received": [19418.5, 29601.0],
                       "exchanged_inside": [3628.9, 750.0]})
    for width in (80, 100):
        buf = io.StringIO()
        print_table(df, "fr", console=Console(file=buf, width=width, highlight=False))
        rows = [line.rstrip() for line in buf.getvalue().splitlines()]
        assert max(map(len, rows)) <= width
        # the column's figures at one rule, `i18n.amount`'s (since 2026-12-07; it read "3 628,9" above "750")
        assert any(r.startswith(" Métropole du Grand Nancy") and r.endswith("3\u202f629") for r in rows), rows
        assert any(r.startswith(" Moselle et Madon") and r.endswith("   750") for r in rows), rows
        assert "échangé" in buf.getvalue() and "zone" in rows[3 if width == 80 else 1], rows


def test_french_status_lines_and_numbers(tmp_path):
    res = _invoke(["run", str(EXAMPLE), "--out", str(tmp_path / "run"), "--lang", "fr", "-q"])
    assert res.exit_code == 0, res.output
    line = res.output.strip().splitlines()[-1]
    assert line.startswith("statut : optimal (écart ") and "€/an" in line
    assert re.search(r"objectif 15\u202f\d{3}\u202f\d{3},\d{2} €/an", line), line
    res = _invoke(["validate", str(EXAMPLE), "--lang", "fr"])
    assert res.output.startswith("ok : ") and "liaisons candidates" in res.output


def test_zones_help_states_the_allocation_rule():
    text = _invoke(["zones", "--help"]).output
    for rule in ("company", "sink", "source", "half"):
        assert rule in text
    assert "add up" in text


def test_pareto_writes_a_plot(tmp_path):
    res = _invoke(["pareto", str(EXAMPLE), "--points", "3", "--out", str(tmp_path), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    import matplotlib.image as mpimg

    img = mpimg.imread(tmp_path / "pareto.png")[..., :3]
    assert img.shape[1] >= 1000 and float(img.std()) > 0.05
    svg = (tmp_path / "pareto.svg").read_text(encoding="utf-8")
    assert "bénéfice net (€/an)" in svg and "CO2 évité (tCO2/an)" in svg
    html = (tmp_path / "pareto.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "<svg" in html and html.count("<tr>") == 3 + 1


def test_geopackage_layers(tmp_path):
    pyogrio = pytest.importorskip("pyogrio", reason="GeoPackage output needs the 'geo' extra (pyogrio)")
    run = tmp_path / "run"
    res = _invoke(["run", str(EXAMPLE), "--out", str(run), "--gpkg", "-q"])
    assert res.exit_code == 0, res.output
    gpkg = run / "eitflow.gpkg"
    layers = dict(pyogrio.list_layers(gpkg))
    assert layers == {"sites": "Point", "exchanges": "LineString", "candidates": "LineString",
                      "unmatched": "Point", "zones": "MultiPolygon"}
    counts = {name: pyogrio.read_info(gpkg, layer=name)["features"] for name in layers}
    assert counts["sites"] == len(pd.read_csv(run / "inputs" / "sites.csv"))
    assert counts["exchanges"] == len(pd.read_csv(run / "matches.csv"))
    assert counts["candidates"] == len(pd.read_csv(run / "not_chosen.csv"))
    assert counts["unmatched"] == len(pd.read_csv(run / "unmatched.csv"))
    assert pyogrio.read_info(gpkg, layer="sites")["crs"] == "EPSG:4326"
    # attributes survive: the exchanges' net benefits are matches.csv's
    _, _, _, fields = pyogrio.raw.read(gpkg, layer="exchanges", columns=["net_benefit_eur_per_yr"])
    assert sorted(fields[0]) == pytest.approx(sorted(pd.read_csv(run / "matches.csv")["net_benefit_eur_per_yr"]),
                                              rel=1e-6)


def test_money_and_compact_numbers_by_locale():
    assert i18n.money(15063908.6, "fr") == "15\u202f063\u202f909\xa0€"
    # the figure, then its unit (rounding), kept together by a no-break space for people; a machine
    # file's plain ASCII space
    assert i18n.money(15063908.6, "en") == "15,063,909\xa0EUR"
    assert i18n.money(15063908.6, "en", machine=True) == "15,063,909 EUR"
    assert i18n.money(-2.5, "en", 2, per_year=True) == "-2.50\xa0EUR/yr"
    assert i18n.compact(50167.5, "fr") == "50,2\xa0k" and i18n.compact(15063909, "en") == "15.1M"
    assert i18n.number(1234.5, "fr", 1) == "1\u202f234,5" and i18n.percent(0.00075, "fr") == "0,08\xa0%"
    assert i18n.unit("MWh/yr", "fr") == "MWh/an" and i18n.unit("EUR/t", "fr") == "€/t"


def test_a_label_keeps_its_own_parentheses():
    """The unit goes on its own line without parentheses; a label's own parentheses stay (they
    were all dropped: "tronçons et hubs sans usage plus rien à transporter", "source nom"). In
    the one-block-per-row view of a narrow terminal, long labels wrap and the values show (at 45
    columns the labels took the whole line: every value was blank). At 45 columns the table fits
    since its columns may take their narrowest widths (13 + 12 + 14 and 2 a column: 45), and at
    40 too since "investissement" breaks over its figures ("investis-" / "sement" over "8 854 878":
    13 + 12 + 9 + 6 = 40), so the blocks are checked at 35."""
    import io

    from rich.console import Console

    from eitflow.cli.tables import print_table

    df = pd.DataFrame({"source_name": ["UVE de Ludres"], "stranded_shared": ["heat:trunk_4"],
                       "stranded_investment_eur": [8854878.0]})
    for width, lang, want in ((200, "fr", ["source (nom)", "tronçons, hubs et unités de production construites sans usage (plus rien à transporter ni à fournir)"]),
                              (70, "fr", ["(nom)", "à fournir)"]),
                              (35, "fr", ["fournir)", "heat:trunk_4", "8 854 878", "UVE de Ludres"]),
                              (200, "en", ["source (name)", "stranded corridors, hubs and built supply units (carry or supply nothing any more)"])):
        buf = io.StringIO()
        print_table(df, lang, console=Console(file=buf, width=width, highlight=False))
        flat = " ".join(buf.getvalue().split())
        for w in want:
            assert w in flat, (width, lang, buf.getvalue())
        assert ("(€)" in flat) == (width == 35), buf.getvalue()   # a table's unit line has none


def test_percentages_say_their_percent_once():
    """A gap's cells carry "%": the header's "(%)" said it twice ("écart (%) 0,05 %"); the share
    of the optimum read "1" and "0,983" where its neighbours are percentages."""
    import io

    from rich.console import Console

    from eitflow.cli.tables import print_table

    df = pd.DataFrame({"rank": [0, 1], "share_of_optimum": [1.0, 0.98279], "gap": [0.000525, 0.0]})
    for width in (200, 20):   # a table, then one block per row
        buf = io.StringIO()
        print_table(df, "fr", console=Console(file=buf, width=width, highlight=False))
        out = buf.getvalue()
        assert "100,0 %" in out and "98,3 %" in out and "0,05 %" in out and "0,00 %" in out, out
        assert "(%)" not in out and out.count("%") == 4, out


def test_block_rows_never_split_a_french_number_nor_start_a_line_with_a_mark():
    """Too wide a table for the terminal is printed one block per row, its values wrapped. rich
    broke lines at the no-break spaces inside French numbers: `resilience` at 80 columns printed
    'RCU:rcu_heat chaleur 60 000 sur 60' and, on the next line, '000 MWh/an' (60, then 000).
    Every number must come out whole at every width, every word kept, and no line starts with
    French ';' or ':'."""
    import io

    from rich.console import Console

    from eitflow.cli.tables import print_table

    shortfall = "RCU:rcu_heat chaleur 60 000 sur 60 000 MWh/an ; SERRES:serres_heat chaleur 5 231 sur 30 000 MWh/an"
    df = pd.DataFrame({"site": ["Chaufferie d'un réseau de chaleur pour Fos-sur-Mer (40 GWh/an)"], "shortfall": [shortfall.replace("0 0", "0\u202f0").replace("5 2", "5\u202f2")],
                       "lost_net_benefit_eur_per_yr": [4430899.7], "lost_co2_t_per_yr": [16438.2],
                       "links_lost": ["UVE:uve_heat -> RCU:rcu_heat (chaleur, canalisation); UVE:uve_heat -> "
                                      "SERRES:serres_heat (chaleur, canalisation)"]})
    numbers = ["60\u202f000", "5\u202f231", "30\u202f000", "4\u202f430\u202f900", "16\u202f438,2"]
    texts = [shortfall, df.loc[0, "links_lost"]]
    for width in range(40, 121, 3):
        buf = io.StringIO()
        print_table(df, "fr", console=Console(file=buf, width=width, highlight=False))
        out = buf.getvalue()
        assert "#1" in out, out   # the block layout
        for n in numbers:
            assert n in out, (width, n, out)
        assert out.count("60\u202f000") == 2, (width, out)
        # nor a number from its unit
        assert "(40 GWh/an)" in out and "60\u202f000 MWh/an" in out, (width, out)
        values = [line.split("│", 1)[1].strip() for line in out.splitlines() if "│" in line]
        assert not [v for v in values if v.startswith((";", ":"))], (width, out)
        # every character kept, in order (a word longer than the column is folded, not lost)
        flat = re.sub(r"\s", "", "".join(values))
        assert all(re.sub(r"\s", "", t) in flat for t in texts), (width, out)


def test_a_small_figure_is_not_shown_as_zero():
    """`eitflow explain`'s 'limit (km)' showed 0.0 (km columns: one decimal) for a 0.01 km radius,
    the detail beside it saying 'beyond the pair's limit 0.01 km'. A figure that is not 0 shows
    its first significant digit, and its second where that is not 0: 0.01 km, 0.015, 0.004 t/yr;
    0 stays 0.0 and figures the column's decimals show keep them (12.3 km)."""
    from eitflow.cli.tables import cell

    assert [cell(v, "limit_km", "en") for v in (0.01, 0.015, 0.0, 12.34, -0.03)] == ["0.01", "0.015", "0.0", "12.3",
                                                                                    "-0.03"]
    assert cell(0.01, "limit_km", "fr") == "0,01"
    assert cell(0.004, "co2_avoided_t_per_yr", "fr") == "0,004"


def test_the_runs_last_line_says_what_its_seconds_count(tmp_path):
    """`eitflow run`'s last line said 'written to DIR in 0.32 s' after a 30 s solve: the seconds
    of the writing alone, read as the run's. It says the solver's seconds (summary.json's
    timings_s.solve), the writing's, and all since the command started, which hold both."""
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(ROOT / "scenarios/zae_example/scenario.yaml"), "--out", str(out),
                                    "--lang", "en"])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    got = re.search(r"; solved in ([\d.]+) s, written to (.+) in ([\d.]+) s, ([\d.]+) s in all$", last)
    assert got, last
    solve, where, write, total = float(got[1]), got[2], float(got[3]), float(got[4])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert solve == pytest.approx(summary["timings_s"]["solve"], abs=0.006) and where == str(out)
    assert total >= solve + write - 0.02
