"""unmatched.csv: every flow left (partly) unmatched, with its remaining amount and the reason."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.radius import flow_radii
from eitflow.candidates.reasons import (
    CAPACITY_USED,
    NO_COMPATIBLE,
    NO_SOLUTION,
    NOT_IN_LINKS,
    NOT_SELECTED,
    OUT_OF_RANGE,
    QUALITY,
    TIMING,
)
from eitflow.candidates.why import drop_index, why_no_candidate
from eitflow.results.network import network_reason
from eitflow.results.tables import REL_TOL, used_amounts
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

UNMATCHED_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "reason", "detail"]


def unmatched_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Every flow left (partly) unmatched with its remaining amount and why."""
    f = scen.flows
    amount = f["amount"].to_numpy(float)
    used = used_amounts(scen, cand, sol)
    remaining = np.maximum(amount - used, 0.0)
    left = remaining > REL_TOL * np.maximum(amount, 1.0)
    lk = cand.links
    # per flow: viable partners (other end of its candidate links)
    partners: dict[int, list[int]] = {}
    cap_full: dict[int, bool] = {}
    timing: set[int] = set()  # flows whose full links were limited by the months, not the amounts
    if len(lk):
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        at_cap = sol.flow >= lk["upper"].to_numpy(float) * (1 - REL_TOL)
        if "timing_limited" in lk:
            tl = at_cap & (lk["timing_limited"].to_numpy(dtype=object) == True)  # noqa: E712 (NaN for links without months)
            timing.update(int(k) for k in np.concatenate([s[tl], d[tl]]) if k >= 0)
        for a, b, c in zip(s, d, at_cap):
            if a < 0 or b < 0:
                # a hub leg: the hub is the partner; treat it as having room unless the leg is full
                k = int(a if a >= 0 else b)
                partners.setdefault(k, [])
                cap_full[k] = cap_full.get(k, True) and bool(c)
                if not c:
                    partners[k].append(-1)
                continue
            partners.setdefault(int(a), []).append(int(b))
            partners.setdefault(int(b), []).append(int(a))
            cap_full[int(a)] = cap_full.get(int(a), True) and bool(c)
            cap_full[int(b)] = cap_full.get(int(b), True) and bool(c)
    drops = drop_index(cand)
    radii = flow_radii(scen)
    partner_left = left  # a partner "has room" when it too has something left
    reasons, details = [], []
    idx = np.flatnonzero(left)
    from eitflow.candidates.temperature import unreachable_share
    unreachable = unreachable_share(scen, lk) * amount  # ranged flows: out of every partner's temperatures
    diag = sol.diagnosis
    unmet = {} if diag is None else {int(r.flow): r for r in diag.itertuples(index=False) if r.flow >= 0}
    solved = sol.objective is not None
    for kk in idx:
        k = int(kk)
        if k in unmet:  # an infeasible model: a required demand the diagnosis names
            reasons.append(str(unmet[k].reason))
            details.append(f"required, cannot be met: {unmet[k].shortfall:,.6g} {unmet[k].unit} short - "
                           f"{unmet[k].detail}")
        elif k in partners and not solved:
            reasons.append(NO_SOLUTION)
            details.append(f"viable partners exist, but the model has no solution ({sol.status}: {sol.message})")
        elif k in partners:
            room = [p for p in partners[k] if p < 0 or partner_left[p]]
            if unreachable[k] > 0 and remaining[k] <= unreachable[k] * (1 + 1e-6) + REL_TOL * amount[k]:
                reasons.append(QUALITY)
                details.append(f"{unreachable[k]:.6g} {f['unit'].iat[k]} of its temperature range is out of reach of "
                               "every partner (see heat_levels.csv)")
            elif cap_full.get(k, False) and k in timing:
                reasons.append(TIMING)
                details.append("its exchanges carry all that the months allow: supply and demand overlap only "
                               "in part of the year")
            elif (nr := network_reason(scen, cand, k)) is not None and all(p < 0 for p in partners[k]):
                reasons.append(nr[0])   # only network connections, and the network cannot serve it
                details.append(nr[1])
            elif not room or cap_full.get(k, False):
                reasons.append(CAPACITY_USED)
                details.append("every viable partner's amount (or the link capacity) is used by the chosen exchanges")
            else:
                reasons.append(NOT_SELECTED)
                details.append(f"{len(room)} viable partner(s) with amount left, but no further exchange raises the "
                               "objective (fixed costs not covered by the volume left, or a better use elsewhere)")
        else:
            why, det = why_no_candidate(scen, cand, k, drops, radii)
            nr = network_reason(scen, cand, k)
            if nr is not None and why in (NO_COMPATIBLE, OUT_OF_RANGE, NOT_IN_LINKS):
                why, det = nr[0], f"{nr[1]}; point to point: {det}"   # the network says more
            reasons.append(why)
            details.append(det)
    out = pd.DataFrame({
        "flow_id": f["flow_id"].to_numpy()[idx],
        "site_id": f["site_id"].to_numpy()[idx],
        "direction": f["direction"].to_numpy()[idx],
        "resource": f["resource"].to_numpy()[idx],
        "amount": amount[idx],
        "remaining": remaining[idx],
        "unit": f["unit"].to_numpy()[idx],
        "reason": reasons,
        "detail": details,
    }, columns=UNMATCHED_COLUMNS)
    return out



