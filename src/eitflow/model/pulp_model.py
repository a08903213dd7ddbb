"""The same MILP as a PuLP problem, for CBC, for LP/MPS export and for reading; built with
`LpAffineExpression` because built-in `sum()` is quadratic in PuLP 3."""

from __future__ import annotations

import numpy as np

from eitflow.model.arrays import MilpArrays


def to_pulp(arr: MilpArrays, name: str = "eitflow"):
    """The same model as a PuLP problem (for CBC, for LP/MPS export, and for reading).

    Built with `LpAffineExpression` from (variable, coefficient) pairs: built-in `sum()`
    over PuLP expressions is quadratic in PuLP 3.
    """
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    # PuLP 4 attaches variables to the model; PuLP 3 (the only one on Python 3.11) builds them free
    new_var = getattr(prob, "add_variable", None) or (lambda n, **kw: pulp.LpVariable(n, **kw))
    T = arr.periods
    xs = [new_var(f"x_{arr.links[i // T]}" + (f"_m{i % T + 1}" if T > 1 else ""), lowBound=0,
                  upBound=float(arr.ub[i])) for i in range(arr.n_x)]
    ys = [new_var(f"y_{arr.links[b]}", lowBound=0, upBound=1, cat=pulp.LpBinary) for b in arr.ybin]
    ws = [new_var(f"w_hub_{h}", lowBound=0, upBound=1, cat=pulp.LpBinary) for h in arr.hubs]
    vs = [new_var(f"v_supply_{i}", lowBound=0, upBound=1, cat=pulp.LpBinary) for i in arr.builds]
    k0 = arr.aux0
    zs = [new_var(f"aux_{k}", lowBound=0, upBound=float(arr.ub[k0 + k]) if np.isfinite(arr.ub[k0 + k]) else None)
          for k in range(arr.n_aux)]
    allv = xs + ys + ws + vs + zs
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


