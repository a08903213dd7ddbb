"""Which activity may go on which plot (`allowed_matrix`): the siting's rules on the plots and
the activities alone, read by the candidate placements (`candidates.placements`) and by the
networks, whose nodes include the plots an activity of theirs may use (`candidates.netplots`)."""

from __future__ import annotations

import numpy as np

from eitflow.scenario import Siting

__all__ = ["allowed_matrix"]


def allowed_matrix(siting: Siting) -> dict[str, np.ndarray]:
    """(activities x plots) boolean matrices: `available`, `use_allowed`, `fits` (land) and
    `candidate` (all of them, and max_count >= 1). Uses are matched per distinct pair of
    (allowed, excluded) sets of the plots, so the work grows with the activities times the
    distinct rules, not with the plots."""
    act, pl = siting.activities, siting.plots
    nA, nQ = len(act), len(pl)
    uses = [set(u) for u in act["uses"]]
    key = [(tuple(sorted(a)), tuple(sorted(e))) for a, e in zip(pl["allowed_uses"], pl["excluded_uses"])]
    groups: dict[tuple, list[int]] = {}
    for q, k in enumerate(key):
        groups.setdefault(k, []).append(q)
    use_ok = np.zeros((nA, nQ), bool)
    for (allow, excl), qs in groups.items():
        col = np.array([(not allow or bool(u & set(allow))) and not (u & set(excl)) for u in uses], bool)
        use_ok[:, qs] = col[:, None]
    available = np.broadcast_to(pl["available"].to_numpy(bool)[None, :], (nA, nQ))
    fits = act["land_ha"].to_numpy(float)[:, None] <= pl["area_ha"].to_numpy(float)[None, :] + 1e-9
    can = (act["max_count"].to_numpy(int) >= 1)[:, None]
    return {"available": available, "use_allowed": use_ok, "fits": fits,
            "candidate": available & use_ok & fits & can}
