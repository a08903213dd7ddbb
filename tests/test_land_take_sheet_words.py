"""results.xlsx's land-take sheet (`eitflow site --excel`) named its row over every territory
'total' in a French workbook too, where the report's table, from the same summary.json row, says
'ensemble du scénario' ('whole scenario'). The sheet now names it as the report does; the
territories keep their codes as written (01053 with its zero).

By hand: two greenfield plots, P1 in 01053 (budget 0 ha) and P2 in 200046977 (budget 4 ha), a
brownfield P3; three greenhouses of 4 ha pay: P1 takes none, P2 one (4 of 4 ha), P3 one. The
sheet's rows: the whole scenario 4 ha, 01053 0 ha, 200046977 4 ha."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main
from test_siting_land_take import write_two_territories


@pytest.mark.parametrize("lang, sheet, whole", [("fr", "artificialisation", "ensemble du scénario"),
                                                ("en", "land_take", "whole scenario")])
def test_the_land_take_sheet_names_the_whole_scenario_as_the_report_does(tmp_path, lang, sheet, whole):
    scen = write_two_territories(tmp_path)
    r = CliRunner().invoke(main, ["site", str(scen), "--out", str(tmp_path / "run"), "--lang", lang,
                                  "--no-rank", "--excel", "-q"])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(tmp_path / "run" / "results.xlsx")
    names = [n for n in wb.sheetnames if n.lower() == sheet]
    assert names, wb.sheetnames
    rows = [row for row in wb[names[0]].iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert [str(row[0]) for row in rows] == [whole, "01053", "200046977"]
    assert [float(row[2]) for row in rows] == [4.0, 0.0, 4.0]
    page = (tmp_path / "run" / "land_take.csv").read_text(encoding="utf-8")
    assert page.splitlines()[1].startswith("total,")   # the CSV keeps its code
