"""Lean fixed costs (issue 17): the shortcuts that make a national run fast keep every
answer the same. Speed itself is measured by `eitflow bench endtoend`, never timed here."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _record_budgets(monkeypatch, sizes, time_limit=300.0, slots=1):
    """The slices `_run_batches` gives batches of `sizes` binaries, each solved at once."""
    import time
    from types import SimpleNamespace

    import numpy as np

    import eitflow.solve.schedule as S
    from eitflow.scenario import SolverOptions
    from eitflow.solve.status import BatchResult, Status

    seen = []

    def fake(arr, opts, deadline, budget=None, start=None):
        seen.append((int(arr.integrality.sum()), budget))
        return BatchResult(Status.OPTIMAL, 1.0, 1.0, np.zeros(1), 0.0, "stub")

    monkeypatch.setattr(S, "_solve_batch", fake)
    arrays = [SimpleNamespace(integrality=np.ones(n, int)) for n in sizes]
    bar = SimpleNamespace(update=lambda n: None)
    S._run_batches(arrays, SolverOptions(), time.time() + time_limit, None, slots, bar)
    return seen


def test_the_largest_batches_get_an_equal_split_not_a_short_slice(monkeypatch):
    # 10 tiny batches and two hard ones (the national FR heat run's shape): the two hard
    # ones come last and each may use up to an equal split of the time left (they were cut
    # at 1 % of the time limit and re-solved from scratch 3-4 times)
    seen = _record_budgets(monkeypatch, [20] * 10 + [352, 470])
    assert [n for n, _ in seen] == [20] * 10 + [352, 470]  # smallest first
    b352, b470 = seen[-2][1], seen[-1][1]
    assert 300 * 352 / 822 * 0.95 < b352 <= 300 / 2 + 1e-6  # its work share, within an equal split of 2
    assert b470 == pytest.approx(300.0, rel=0.02)  # the last batch: all the time left
    assert all(b <= 300 / 12 + 1e-6 for _, b in seen[:1])  # the first: at most an equal split of 12


def test_many_equal_batches_keep_short_first_pass_slices(monkeypatch):
    # 200 equal batches (the synthetic clustered case's shape): each gets its share of the
    # work (300 s x 100 / 20,000 binaries = 1.5 s), never more than the 1 %-of-limit slice
    # (3 s) or an equal split of the time left among the batches still waiting
    seen = _record_budgets(monkeypatch, [100] * 200)
    assert seen[0][1] == pytest.approx(1.5, rel=0.02)
    assert all(b <= max(3.0, 300 / (200 - i)) + 1e-6 for i, (_, b) in enumerate(seen))


def test_decomposed_solve_equals_one_monolithic_highs_solve():
    # the scheduling of slices changes nothing in what is proven optimal: eitflow's
    # decomposed solve and one HiGHS call on the whole model reach the same optimum (gap 0)
    import highspy

    from eitflow.bench.synthetic import clustered_heat_instance, heat_scenario
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.driver import solve
    from eitflow.solve.highs import highs_model

    sites, flows = clustered_heat_instance(n_sources=12, n_sinks=120, seed=3, n_clusters=6)
    scen = heat_scenario(sites, flows, 10.0)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(
        update={"mip_gap": 0.0, "time_limit_s": 120.0})})
    cand = build_candidates(scen)
    sol = solve(scen, cand)
    assert sol.status == "optimal" and sol.n_components >= 4
    h = highs_model(build_arrays(scen, cand))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert sol.objective == pytest.approx(h.getInfo().objective_function_value, rel=1e-7)


def test_geojson_records_column_at_a_time_equal_the_cell_by_cell_values():
    import json
    import math

    import numpy as np
    import pandas as pd

    from eitflow.results.geojson import _points, _records, dumps_compact

    frame = pd.DataFrame({"site_id": pd.array(["A", None, "C"], dtype="str"), "n": [1, 2, 3],
                          "ok": [True, False, True], "x": [1.23456789, np.nan, np.inf],
                          "obj": ["a", 2.5, None]})
    want = [{"site_id": "A", "n": 1, "ok": True, "x": 1.234568, "obj": "a"},
            {"site_id": None, "n": 2, "ok": False, "x": None, "obj": 2.5},
            {"site_id": "C", "n": 3, "ok": True, "x": None, "obj": None}]
    got = _records(frame)
    assert got == want
    assert all(type(g[k]) is type(w[k]) for g, w in zip(got, want) for k in w)  # int stays int, bool bool
    pts = _points([2.1234567, 3.0], [48.7654321, 45.0], frame.iloc[:2])
    assert pts[0]["geometry"] == {"type": "Point", "coordinates": [2.123457, 48.765432]}
    # compact text, the same JSON
    text = dumps_compact({"type": "FeatureCollection", "features": pts})
    assert json.loads(text)["features"] == json.loads(json.dumps(pts))
    assert not any(math.isnan(v) for f in pts for v in f["geometry"]["coordinates"])


_CELL_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(_CELL_TEXT, st.one_of(st.none(), _CELL_TEXT),
                               st.floats(allow_nan=True, allow_infinity=True), st.integers(-2**40, 2**40),
                               st.booleans(), st.one_of(st.none(), st.floats(-1e6, 1e6), _CELL_TEXT),
                               st.floats(-180, 180), st.floats(-90, 90)), max_size=6))
def test_point_layers_written_from_columns_are_the_dict_layers_byte_for_byte(rows):
    """The point layers (sites, unmatched flows) are serialised from their columns without a
    dict per feature; the text is byte for byte orjson's of the features `_points` builds,
    whatever the cells hold (quotes, backslashes, control characters, any Unicode, missing
    values, NaN and infinities, a '%' in a column name)."""
    import pandas as pd

    from eitflow.results.geojson import _collection, _points, dumps_compact, points_json

    cols = ["id", "name%s", "x", "n", "ok", "mixed"]
    frame = pd.DataFrame([r[:6] for r in rows], columns=cols)
    if rows:
        frame["id"] = frame["id"].astype("str")
        frame["name%s"] = frame["name%s"].astype(object)
    lon, lat = [r[6] for r in rows], [r[7] for r in rows]
    assert points_json(lon, lat, frame) == dumps_compact(_collection(_points(lon, lat, frame)))


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.lists(st.text(alphabet=st.sampled_from(" \t\u00a0\u2009\u3000ab,é"), max_size=6),
                               min_size=2, max_size=2), max_size=8))
def test_cells_are_stripped_as_pandas_strips_them(cells):
    """read_table strips every cell over Python lists (`io.csvfile._stripped`): the same cells
    and dtypes as pandas' `.str.strip`, whatever whitespace surrounds them."""
    import pandas as pd

    from eitflow.io.csvfile import _stripped

    df = pd.DataFrame(cells, columns=["a", "b"], dtype=str)
    want = df.apply(lambda s: s.str.strip())
    got = _stripped(df)
    assert got.equals(want) and list(got.dtypes) == list(want.dtypes)


def test_numbers_with_grouping_spaces_still_read_after_the_fast_path():
    """parse_numbers skips the per-cell space removal when no cell holds a space; cells that
    do (thousands grouped by a space, a no-break or a narrow no-break space) read as before."""
    import numpy as np
    import pandas as pd

    from eitflow.io.numbers import parse_numbers

    v, amb = parse_numbers(pd.Series(["1 234,5", "2\u00a0000", "3\u202f500", "12"], dtype=str), True)
    assert np.allclose(v, [1234.5, 2000.0, 3500.0, 12.0]) and not amb.any()
    v, _ = parse_numbers(pd.Series(["1 234.5", "7", "x"], dtype=str), False)
    assert np.allclose(v[:2], [1234.5, 7.0]) and np.isnan(v[2])
    v, _ = parse_numbers(pd.Series(["1234.5", "7", ""], dtype=str), False)   # the fast path
    assert np.allclose(v[:2], [1234.5, 7.0]) and np.isnan(v[2])


@settings(max_examples=200, deadline=None)
@given(width=st.integers(1, 4), cells=st.lists(st.text(alphabet=st.sampled_from('ab,"\r\n \t=é'), max_size=5),
                                               max_size=40))
def test_csv_text_is_the_csv_modules_byte_for_byte(width, cells):
    """CSV outputs are joined row by row (`results.csvtext.csv_text`), quoting each distinct
    cell once: the text is the csv module's (QUOTE_MINIMAL, LF) whatever the cells hold."""
    import csv
    import io

    from eitflow.results.csvtext import csv_text

    n = len(cells) // width
    cols = [cells[k * n:(k + 1) * n] for k in range(width)]
    header = [f"c{k}" if k else 'a,"b"' for k in range(width)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(zip(*cols))
    assert csv_text(header, cols) == buf.getvalue()


def test_a_numeric_column_with_a_missing_cell_still_reads():
    """The space scan joins the column's cells; a column holding a missing cell (not text)
    goes through the per-cell regex as before instead of failing on the join."""
    import numpy as np
    import pandas as pd

    from eitflow.io.numbers import parse_numbers

    v, _ = parse_numbers(pd.Series(["1 234", np.nan, "5"], dtype=object), False)
    assert v[0] == 1234.0 and np.isnan(v[1]) and v[2] == 5.0
