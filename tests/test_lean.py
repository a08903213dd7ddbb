"""Lean fixed costs (issue 17): the shortcuts that make a national run fast keep every
answer the same. Speed itself is measured by `eitflow bench endtoend`, never timed here."""

from __future__ import annotations

import copy

from eitflow.io.csvfile import read_table


def test_row_numbers_survive_pandas_operations_without_being_copied(tmp_path):
    # pandas deep-copies DataFrame.attrs on nearly every operation; the file rows of a
    # national table (35k numbers) were copied element by element each time
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,2\n\n3,4\n,\n5,6\n", encoding="utf-8")
    df = read_table(p)
    assert list(df.attrs["rows"]) == [2, 4, 6]  # blank rows 3 and 5 skipped, counted
    derived = df[df["a"] != "3"].astype({"a": int}).copy(deep=True)
    assert list(derived.attrs["rows"]) == [2, 4, 6]
    assert derived.attrs["rows"] is df.attrs["rows"]  # immutable: its own deep copy
    assert copy.deepcopy(df.attrs)["rows"] is df.attrs["rows"]
