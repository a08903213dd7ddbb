"""A number whose dot may group thousands in a comma-separated CSV. `120.000` was read as 120
without a word where a French writer means 120 000 (the column's other amounts in the hundreds
of thousands). It is read as written (the file's decimal point) and said, naming file, row and
column and both readings, where the column's other values of its unit are at least 100 times
larger (their median) or every number of the column has three digits after a dot; an error
with --strict. The other ways of grouping thousands are read right or refused clearly."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main

SITES = "site_id,lat,lon\nS,48.857,2.352\nA,48.866,2.351\nB,48.870,2.360\n"
HEAD = "site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"


def _write(d: Path, flows: str, sites: str = SITES) -> Path:
    (d / "sites.csv").write_text(sites, "utf-8")
    (d / "flows.csv").write_text(flows, "utf-8")
    (d / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", "utf-8")
    return d / "scenario.yaml"


def _warnings(d: Path, flows: str, sites: str = SITES) -> list[str]:
    scen = eitflow.read_scenario(_write(d, flows, sites))
    return [f"row {w.row}, {w.column}: {w.message}" for w in scen.warnings]


def test_a_dotted_amount_beside_far_larger_ones_is_said(tmp_path):
    y = _write(tmp_path, HEAD + "S,supply,heat,450000,MWh/yr,110,0\nA,demand,heat,120.000,MWh/yr,60,45.500\n"
                                "B,demand,heat,300000,MWh/yr,60,50\n")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 0, res.output
    # the other amounts: 450000 and 300000, median 375000 >= 100 x 120; the price 45.500 beside 0 and 50 is not said
    assert res.output.count("warning:") == 1, res.output
    assert ("warning: flows.csv, row 3, column 'amount': '120.000' is read as 120 (in a comma-separated file the dot "
            "is a decimal point), but the column's other values are far larger (median 375,000): if you meant "
            "120,000, write 120000 (no thousands separator); write 120 if 120 is meant") in res.output, res.output
    fr = CliRunner().invoke(main, ["validate", str(y), "--lang", "fr", "--strict"])
    assert fr.exit_code == 2, fr.output
    assert ("flows.csv, ligne 3, colonne 'amount' : '120.000' est lu 120 (dans un fichier séparé par des virgules, le "
            "point est la virgule décimale), mais les autres valeurs de la colonne sont bien plus grandes (médiane "
            "375\u202f000) : si vous vouliez dire 120\u202f000, écrivez 120000") in fr.output, fr.output
    scen = eitflow.read_scenario(y)
    assert dict(zip(scen.flows["site_id"], scen.flows["amount"])) == {"S": 450000.0, "A": 120.0, "B": 300000.0}


def test_every_number_of_a_column_written_with_three_decimals_is_said(tmp_path):
    out = _warnings(tmp_path, HEAD + "S,supply,heat,9.000,MWh/yr,110,0\nA,demand,heat,1.200,MWh/yr,60,45.500\n"
                                     "B,demand,heat,4.500,MWh/yr,60,50.250\n")
    amounts = [o for o in out if ", amount:" in o]
    assert [o.split(":")[0] for o in amounts] == ["row 2, amount", "row 3, amount", "row 4, amount"], out
    assert "every number of the column has three digits after its dot" in amounts[1]
    assert "if you meant 1,200, write 1200" in amounts[1]
    # prices: 0 has no dot, so the column is not all written so, and 45.5 is not 100 times below 50.25
    assert not [o for o in out if "price" in o], out


def test_amounts_are_compared_within_their_unit(tmp_path):
    # 1.500 GWh/yr beside 40 GWh/yr: 1.5 x 100 > 40, not said, though 28000 MWh/yr would make the median 14020
    out = _warnings(tmp_path, HEAD + "S,supply,heat,40,GWh/yr,110,0\nA,demand,heat,1.500,GWh/yr,60,45\n"
                                     "B,demand,heat,28000,MWh/yr,60,50\n")
    assert not [o for o in out if "amount" in o], out


def test_coordinates_are_never_thousands(tmp_path):
    # every latitude is dd.ddd, but 48857 is no latitude
    out = _warnings(tmp_path, HEAD + "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,1200,MWh/yr,60,45\n",
                    sites="site_id,lat,lon\nS,48.857,2.352\nA,48.866,2.351\n")
    assert out == [], out


@pytest.mark.parametrize(("sep", "cell", "amount"), [
    (",", "1 200", 1200.0),           # spaces group thousands in any file
    (",", "1\u202f200", 1200.0),      # a narrow no-break space, as French Excel copies it
    (";", "1.200,5", 1200.5),         # dots group thousands before a decimal comma
    (";", "1 200,5", 1200.5),
])
def test_grouped_thousands_that_read_right(tmp_path, sep, cell, amount):
    flows = (HEAD + "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,@,MWh/yr,60,45\n").replace(",", sep)
    scen = eitflow.read_scenario(_write(tmp_path, flows.replace("@", cell)))
    assert dict(zip(scen.flows["site_id"], scen.flows["amount"])) == {"S": 9000.0, "A": amount}


@pytest.mark.parametrize(("cell", "said"), [
    ('"1.200,5"', "a comma in a number of a file separated by commas"),
    ("1.200,5", "this row has 8 cells but the header has 7"),
])
def test_a_decimal_comma_in_a_comma_file_is_refused(tmp_path, cell, said):
    y = _write(tmp_path, HEAD + f"S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,{cell},MWh/yr,60,45\n")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 2 and "flows.csv, row 3" in res.output and said in res.output, res.output
