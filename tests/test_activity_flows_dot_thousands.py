"""activity_flows.csv (`eitflow site`'s flows of the activities to place) read `120.000` as 120
without a word, in a comma-separated file where the column's other amounts are in the hundreds
of thousands: flows.csv said it (tests/test_csv_dot_thousands.py), activity_flows.csv went
through the same reader with its warnings turned off. The same warning now names
activity_flows.csv's row and column; the catalogue's template rows are never said."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import TWO_SITES_CSV
from eitflow.cli.main import main


def test_a_dotted_thousands_amount_of_activity_flows_is_said(tmp_path):
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c\n"
                                        "S,supply,heat,900000,MWh/yr,110\nA,demand,heat,1000,MWh/yr,60\n",
                                        encoding="utf-8")
    (tmp_path / "plots.csv").write_text("plot_id,lat,lon,area_ha,land_rent_eur_per_ha_yr\nP1,45.005,4.0,5,0\n",
                                        encoding="utf-8")
    (tmp_path / "activities.csv").write_text("activity_id,land_ha,template,size\nDRY,1,,\nSERRE,,greenhouse,1\n",
                                             encoding="utf-8")
    # the other amounts of the column: 450000 and 300000, median 375000 >= 100 x 120
    (tmp_path / "activity_flows.csv").write_text(
        "activity_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
        "DRY,demand,heat,450000,MWh/yr,90,45\nDRY,demand,heat,120.000,MWh/yr,80,45\n"
        "DRY,demand,heat,300000,MWh/yr,70,45\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                                            "activities: activities.csv\nactivity_flows: activity_flows.csv\n",
                                            encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.output.splitlines() if line.startswith("warning")]
    assert warnings == [
        "warning: activity_flows.csv, row 3, column 'amount': '120.000' is read as 120 (in a comma-separated file "
        "the dot is a decimal point), but the column's other values are far larger (median 375,000): if you meant "
        "120,000, write 120000 (no thousands separator); write 120 if 120 is meant"], res.output
    strict = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--strict"])
    assert strict.exit_code == 2, strict.output
