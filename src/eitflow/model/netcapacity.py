"""Which corridors of a network get a capacity row (``net_capacity``: the flow on its arcs <= the
capacity of its sizes, or of the existing pipe), and which arcs enter them: one rule for the
general builder (`model.network`) and the plain one (`model.netplain`), whose arrays must be
equal bit for bit (`tests/test_netplain.py`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["CapacityRows", "capacity_rows"]


class CapacityRows(NamedTuple):
    """The capacity rows of a network part, in row order."""

    corridors: np.ndarray   #: corridor positions (in the part) with a row, in row order
    row_of: np.ndarray      #: per corridor: its row, -1 without one
    arcs: np.ndarray        #: the arcs (positions in the part) whose corridor has a row
    hi: np.ndarray          #: per row: 0 (its sizes' capacities are on the left) or the existing pipe's capacity


def capacity_rows(with_opt: np.ndarray, a_cor: np.ndarray, cap_given: np.ndarray,
                  existing: np.ndarray) -> CapacityRows:
    """The capacity rows: a corridor with sizes to choose has one; an existing pipe of a given
    capacity has one where it has two arcs (both ways: each arc's own bound, the capacity, does
    not hold their sum); another corridor needs none.

    Parameters
    ----------
    with_opt : array of bool
        Per corridor: it has a size (option) in the model.
    a_cor : array of int
        Per arc: its corridor.
    cap_given : array of float
        Per corridor: its given capacity (network base units/yr), inf without one.
    existing : array of bool
        Per corridor: a pipe already in the ground.

    Returns
    -------
    CapacityRows
    """
    n = len(with_opt)
    two = np.bincount(a_cor, minlength=n) > 1
    rows = np.flatnonzero(with_opt | (two & np.isfinite(cap_given) & existing))
    row_of = np.full(n, -1, np.int64)
    row_of[rows] = np.arange(len(rows))
    return CapacityRows(rows, row_of, np.flatnonzero(row_of[a_cor] >= 0),
                        np.where(with_opt[rows], 0.0, cap_given[rows]))
