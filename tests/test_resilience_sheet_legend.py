"""results.xlsx's sheet `résilience` wrote the legend of its marks (¹ ²) as a row under the
table, a blank row between: a reader sorting or filtering the table, or pandas reading the sheet,
got two more "companies" (one empty, one whose site was the legend's sentence: 5 rows for 3
closures). What each mark means is now in the comment of each header that carries it, beside
its CSV column; the sheet's rows below the headers are exactly the closures."""
from __future__ import annotations

import pandas as pd
import pytest

from resil_gain_case import resilience_sheet
from test_resilience_fresh_heads import _fresh
from test_resilience_short_heads import LUDRES

#: by hand: what each mark means, at the start of its sentence (messages.csv)
MEANS = {"\u00b9": "\u00b9\u00a0Recalculé comme si rien n'était encore construit",
         "\u00b2": "\u00b2\u00a0Plan déjà construit : ce qui est construit reste",
         "\u00b3": "\u00b3\u00a0Calcul sans l'entreprise"}


def _sheet(tmp_path, df: pd.DataFrame):
    return resilience_sheet(tmp_path, df, "fr")


@pytest.mark.parametrize("frame", [LUDRES, _fresh()], ids=["plan", "fresh"])
def test_the_sheets_rows_are_the_closures_alone(tmp_path, frame):
    from openpyxl import load_workbook

    path = _sheet(tmp_path, frame)
    ws = load_workbook(path)["résilience"]
    # by openpyxl: the header, then one row per closure (ZAE_LF, FLEVILLE, SAM_NM), nothing after
    assert ws.max_row == 1 + 3
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == ["ZAE_LF", "FLEVILLE", "SAM_NM"]
    assert ws.auto_filter.ref.endswith("4")   # the filter over the closures
    # by pandas, as a reader of the sheet: three rows, every site a closure's
    read = pd.read_excel(path, sheet_name="résilience", engine="openpyxl")
    assert len(read) == 3 and read.iloc[:, 0].tolist() == ["ZAE_LF", "FLEVILLE", "SAM_NM"]


@pytest.mark.parametrize("frame", [LUDRES, _fresh()], ids=["plan", "fresh"])
def test_each_marked_header_says_its_marks_in_its_comment(tmp_path, frame):
    from openpyxl import load_workbook

    ws = load_workbook(_sheet(tmp_path, frame))["résilience"]
    seen = set()
    for cell in ws[1]:
        head, note = str(cell.value), cell.comment.text if cell.comment else ""
        for mark, said in MEANS.items():
            # a header carries the mark exactly where its comment says what it means
            assert (mark in head) == (said in note), (head, note)
            seen |= {mark} if mark in head else set()
        assert "resilience.csv: " in note, head   # the CSV column, as every header's comment
    assert seen == ({"\u00b9", "\u00b2", "\u00b3"} if "status_fresh" in frame else {"\u00b9", "\u00b2"})
    # the sentence of ² on "bénéfice net perdu ² ³ : au moins", with ³'s
    if "status_fresh" in frame:
        head = next(c for c in ws[1] if str(c.value).startswith("bénéfice net perdu\u00a0\u00b2\u00a0\u00b3 : au moins"))
        assert MEANS["\u00b2"] in head.comment.text and MEANS["\u00b3"] in head.comment.text
