"""A row added to a problem from `eitflow.pulp_problem` that Python, not PuLP, evaluated to
False: most often a comparison with a switch `link_variables` or `corridor_variables` gives as
None (a link without a build switch: with ``objective: co2`` every link; an existing pipe with
no size to choose). PuLP 3 refused it with "A False object cannot be passed as a constraint",
which named neither the row nor why; `check_row` says both, and what to write instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_row"]


def check_row(prob: Any, other: Any) -> None:
    """Raise TypeError naming the row when `other` (what ``prob += other`` adds: a row, or a
    (row, name) pair) is the boolean False, with how many of the model's links have no switch.

    Parameters
    ----------
    prob : pulp.LpProblem
        From `pulp_problem`.
    other : Any
        What is being added.

    Raises
    ------
    TypeError
        `other` is False (a Python comparison, ``None == 1``): not a PuLP row.
    """
    from eitflow.i18n import text

    row, name = other if isinstance(other, tuple) and len(other) == 2 else (other, None)
    if not isinstance(row, (bool, np.bool_)) or bool(row):
        return
    model = getattr(prob, "_eitflow_model", None)
    if model is None:
        n_links = n_none = 0
    else:
        arr = model["arrays"]
        n_links = len(arr.links)
        n_none = n_links - len(arr.cols["y"])
    raise TypeError(text("pulp_row_false", "en", name=f"'{name}'" if name else "(no name)", n_none=n_none, n_links=n_links,
                         objective=getattr(model and model["scenario"].params, "objective", "?")))
