"""The same MILP as a PuLP problem, for CBC, for LP/MPS export and for reading; built with
`LpAffineExpression` because built-in `sum()` is quadratic in PuLP 3."""

from __future__ import annotations

import numpy as np

from eitflow.model.arrays import MilpArrays

# readable variable names per column block: x_<link>[_m<month>], y_<link>, w_hub_<hub>, v_supply_<flow>,
# S_supply_<flow> (a sized unit's capacity)
_PREFIX = {"y": "y_", "w": "w_hub_", "v": "v_supply_", "size_supply": "S_supply_"}


def column_names(arr: MilpArrays) -> list[str]:
    """One readable name per column, from the model's column blocks."""
    names: list[str] = []
    T = arr.periods
    for blk in arr.cols:
        if blk.name == "x":
            names += [f"x_{a}" + (f"_m{k % T + 1}" if T > 1 else "") for k, a in enumerate(blk.labels)]
        elif blk.name in _PREFIX:
            names += [f"{_PREFIX[blk.name]}{a}" for a in blk.labels]
        else:
            names += [f"{blk.name}_{k}" for k in range(len(blk))]
    return names


def to_pulp(arr: MilpArrays, name: str = "eitflow"):
    """The same model as a PuLP problem (for CBC, for LP/MPS export, and for reading).

    Built with `LpAffineExpression` from (variable, coefficient) pairs: built-in `sum()`
    over PuLP expressions is quadratic in PuLP 3. `prob._eitflow_vars` holds the variables
    in the column order of `arr`.
    """
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    # PuLP 4 attaches variables to the model; PuLP 3 (the only one on Python 3.11) builds them free
    new_var = getattr(prob, "add_variable", None) or (lambda n, **kw: pulp.LpVariable(n, **kw))
    allv = [new_var(nm, lowBound=float(arr.lb[k]), upBound=float(arr.ub[k]) if np.isfinite(arr.ub[k]) else None,
                    cat=pulp.LpBinary if arr.integrality[k] else pulp.LpContinuous)
            for k, nm in enumerate(column_names(arr))]
    prob += pulp.LpAffineExpression([(allv[i], float(arr.c[i])) for i in np.flatnonzero(arr.c)])
    A = arr.A
    for r in range(A.shape[0]):
        lo, hi = arr.row_lo[r], arr.row_hi[r]
        st, en = A.indptr[r], A.indptr[r + 1]
        expr = pulp.LpAffineExpression([(allv[j], float(v)) for j, v in zip(A.indices[st:en], A.data[st:en])])
        nm = arr.row_names[r]
        if np.isfinite(lo) and np.isfinite(hi) and lo == hi:
            prob += pulp.LpConstraint(expr, pulp.LpConstraintEQ, nm, float(hi))
        else:
            if np.isfinite(hi):
                prob += pulp.LpConstraint(expr, pulp.LpConstraintLE, nm if not np.isfinite(lo) else nm + "_hi", float(hi))
            if np.isfinite(lo):
                prob += pulp.LpConstraint(expr, pulp.LpConstraintGE, nm if not np.isfinite(hi) else nm + "_lo", float(lo))
    prob._eitflow_vars = allv  # column order of `arr`, for reading the solution back
    return prob
