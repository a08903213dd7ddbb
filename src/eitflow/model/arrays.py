"""The MILP as arrays: `MilpArrays` (columns, rows, bounds, integrality) and `LinearConstraint`,
the extra rows analyses add."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from eitflow.model.cascade import CascadeBlock


@dataclass
class MilpArrays:
    """A maximisation MILP over columns [x (n links x periods), y (nb binaries), w (hubs), aux].

    `A` is CSR with rows [supplies, demands, link rows]; `row_lo <= A z <= row_hi`.
    `links` are the candidate positions (in Candidates.links) of the x columns and
    `ybin` the positions (within x) that have a binary.
    """

    c: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integrality: np.ndarray  # 1 = integer
    A: sp.csr_matrix
    row_lo: np.ndarray
    row_hi: np.ndarray
    links: np.ndarray
    ybin: np.ndarray
    row_names: list[str]
    n_supply_rows: int
    n_demand_rows: int
    periods: int = 1
    hubs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # hub positions of the w columns
    builds: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # supply flows of the v columns
    cascade: CascadeBlock | None = None  # continuous columns after v: heat by temperature level

    @property
    def aux0(self) -> int:
        """First column after the binaries (y, w, v)."""
        return self.n_x + len(self.ybin) + len(self.hubs) + len(self.builds)

    @property
    def n_aux(self) -> int:
        """Continuous columns after the binaries (the heat cascade's)."""
        return 0 if self.cascade is None else self.cascade.n_cols

    @property
    def integer_cols(self) -> np.ndarray:
        """Mask over the columns after x: True for binaries (y, w), False for the cascade's."""
        return self.integrality[self.n_x:] == 1

    def binary_parts(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(link switches y, hub switches w, supply builds v) from the columns after x."""
        nb, nh, nv = len(self.ybin), len(self.hubs), len(self.builds)
        return y[:nb], y[nb:nb + nh], y[nb + nh:nb + nh + nv]

    @property
    def n_x(self) -> int:
        """Number of flow columns (links x periods)."""
        return len(self.links) * self.periods

    def relaxed(self, lb: np.ndarray | None = None, ub: np.ndarray | None = None) -> MilpArrays:
        """The LP relaxation (no integer columns), optionally with other column bounds."""
        import dataclasses

        return dataclasses.replace(self, integrality=np.zeros_like(self.integrality),
                                   lb=self.lb if lb is None else lb, ub=self.ub if ub is None else ub)

    @cached_property
    def n_leg_rows(self) -> int:
        """Rows x_leg <= M w_hub (the strong facility-location inequalities); counted once,
        the solver asks on every slice."""
        return sum(1 for nm in self.row_names if nm.startswith("leg_"))

    def aggregated(self) -> MilpArrays:
        """The same model without the strong leg rows: the hub capacity rows already force a
        closed hub's legs to 0, so the integer solutions are the same; only the LP
        relaxation is weaker (and much faster to solve)."""
        import dataclasses

        keep = np.flatnonzero([not nm.startswith("leg_") for nm in self.row_names])
        return dataclasses.replace(self, A=self.A[keep], row_lo=self.row_lo[keep], row_hi=self.row_hi[keep],
                                   row_names=[self.row_names[i] for i in keep])

    def link_flow(self, x: np.ndarray) -> np.ndarray:
        """Yearly flow per link from the flow columns."""
        return np.asarray(x).reshape(len(self.links), self.periods).sum(axis=1)

    @property
    def shape(self) -> tuple[int, int]:
        return self.A.shape


@dataclass
class LinearConstraint:
    """An extra row over all candidate links: lo <= x_coef . x + y_coef . y <= hi.

    For analyses (epsilon-constraint, no-good cuts, dependence caps). Coefficients are
    aligned with Candidates.links; a nonzero y coefficient gives that link a binary.
    """

    x_coef: np.ndarray
    y_coef: np.ndarray | None = None
    lo: float = -np.inf
    hi: float = np.inf
    name: str = "extra"


