"""results.xlsx's zones sheet showed its allocation rule as the code `company` (French:
"règle de répartition : company"), where the command line says "par entreprise" and the
workbook's other code columns (resources, reasons, directions) are in words. The rule is
now said in the workbook's language, zones.csv keeps the code."""
from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from conftest import write_scenario


def test_the_zones_sheet_says_its_allocation_rule_in_words(tmp_path):
    from eitflow import run_file
    from eitflow.report.workbook import write_results_workbook

    res = run_file(write_scenario(tmp_path / "scen"))
    assert set(res.statistics.zones()["allocation"]) == {"company"}
    for lang, sheet, head, said in (("fr", "zones", "règle de répartition", "par entreprise"),
                                    ("en", "zones", "allocation rule", "by company")):
        rows = list(load_workbook(write_results_workbook(res, tmp_path / f"{lang}.xlsx", lang=lang))[sheet]
                    .iter_rows(values_only=True))
        zones = pd.DataFrame(rows[1:], columns=rows[0])
        assert len(zones) >= 2 and set(zones[head]) == {said}, zones[head]
