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
    """The nearest partner of each flow over the substitution pairs `groups` ((supplies,
    demands) per pair, positions in the flows, in the catalogue's order, as
    `candidates.generate` meets them), found once when first asked (`result`). `site`: per flow
    the position of its site; `xyz`: the sites' unit vectors (`geo.unit_vectors`). Only the
    positions are kept per pair (arrays the search has anyway), not their points: a national
    run's hundred pairs would hold tens of MB of them until an output asks."""

    def __init__(self, site: np.ndarray, xyz: np.ndarray) -> None:
        self.site, self.xyz = site, xyz
        self.groups: list[tuple[np.ndarray, np.ndarray]] = []
        self._result: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, S: np.ndarray, D: np.ndarray) -> None:
        """One substitution pair's supplies `S` and demands `D` (positions in the flows)."""
        self.groups.append((S, D))

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(nearest_km, nearest_partner): per flow, the great-circle km to the nearest flow it
        could exchange with (inf where none) and that flow's position (-1 where none); the
        first pair met wins a tie."""
        if self._result is None:
            nearest = np.full(len(self.site), np.inf)
            partner = np.full(len(self.site), -1, np.int64)
            for S, D in self.groups:
                xs, xd = self.xyz[self.site[S]], self.xyz[self.site[D]]
                for A, B, xa, xb in ((S, D, xs, xd), (D, S, xd, xs)):
                    nk, j = nearest_km(xa, xb)
                    closer = nk < nearest[A]
                    nearest[A[closer]], partner[A[closer]] = nk[closer], B[j[closer]]
            self._result = (nearest, partner)
        return self._result
