"""Each flow's nearest partner at any distance (the flow it could exchange with, of a
substitution pair of the catalogue, whatever the radius rule): what an unmatched flow's
reason says ("no partner in range: the nearest is 12.4 km away") and a siting's plot without
a synergy in range. Found when first read (`Candidates.nearest_km`, `nearest_partner`), from
the groups of flows `candidates.generate` met: a run whose outputs never ask (FCNetLib's
networks, a benchmark's solve) does not search for them (0.1-0.2 ms of FCNetLib sp50x100's
fixed work, whose HiGHS run takes 3.4 ms)."""

from __future__ import annotations

import numpy as np

from eitflow.geo import nearest_km


class NearestWork:
    """The nearest partner of each of `nflows` flows over the substitution pairs `groups`
    ((supplies, demands, their unit vectors) per pair, in the catalogue's order, as
    `candidates.generate` meets them), found once when first asked (`result`)."""

    def __init__(self, nflows: int) -> None:
        self.nflows = nflows
        self.groups: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._result: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, S: np.ndarray, D: np.ndarray, xs: np.ndarray, xd: np.ndarray) -> None:
        """One substitution pair's supplies `S` and demands `D` (positions in the flows) and
        their sites' unit vectors `xs`, `xd` (`geo.unit_vectors`)."""
        self.groups.append((S, D, xs, xd))

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(nearest_km, nearest_partner): per flow, the great-circle km to the nearest flow it
        could exchange with (inf where none) and that flow's position (-1 where none); the
        first pair met wins a tie."""
        if self._result is None:
            nearest = np.full(self.nflows, np.inf)
            partner = np.full(self.nflows, -1, np.int64)
            for S, D, xs, xd in self.groups:
                for A, B, xa, xb in ((S, D, xs, xd), (D, S, xd, xs)):
                    nk, j = nearest_km(xa, xb)
                    closer = nk < nearest[A]
                    nearest[A[closer]], partner[A[closer]] = nk[closer], B[j[closer]]
            self._result = (nearest, partner)
        return self._result
