"""unmatched.csv: every flow left (partly) unmatched, with its remaining amount and the reason."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.radius import describe_limit, pair_limit_km
from eitflow.candidates.reasons import (
    CAPACITY_USED,
    DROP_ORDER,
    NO_COMPATIBLE,
    NOT_IN_LINKS,
    NOT_SELECTED,
    OUT_OF_RANGE,
    QUALITY,
    TIMING,
)
from eitflow.results.tables import REL_TOL, used_amounts
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

UNMATCHED_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "reason", "detail"]


_DROP_RANK = {r: i for i, r in enumerate(DROP_ORDER)}


def unmatched_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Every flow left (partly) unmatched with its remaining amount and why."""
    f = scen.flows
    amount = f["amount"].to_numpy(float)
    used = used_amounts(scen, cand, sol)
    remaining = np.maximum(amount - used, 0.0)
    left = remaining > REL_TOL * np.maximum(amount, 1.0)
    lk = cand.links
    dr = cand.dropped
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
    best_drop: dict[int, tuple[int, float, float, str, str]] = {}
    if len(dr):
        gcs = dr["great_circle_km"].to_numpy(float) if "great_circle_km" in dr else np.full(len(dr), np.nan)
        for a, b, km, gc, why, det in zip(dr["supply"].to_numpy(np.int64), dr["demand"].to_numpy(np.int64),
                                          dr["distance_km"].to_numpy(float), gcs, dr["reason"], dr["detail"]):
            for k in (int(a), int(b)):
                cur = best_drop.get(k)
                cand_key = (_DROP_RANK.get(why, 0), -km)
                if cur is None or cand_key > (cur[0], -cur[1]):
                    best_drop[k] = (_DROP_RANK.get(why, 0), km, gc, why, det)
    partner_left = left  # a partner "has room" when it too has something left
    reasons, details = [], []
    idx = np.flatnonzero(left)
    from eitflow.candidates.temperature import unreachable_share
    unreachable = unreachable_share(scen, lk) * amount  # ranged flows: out of every partner's temperatures
    for k in idx:
        k = int(k)
        if k in partners:
            room = [p for p in partners[k] if p < 0 or partner_left[p]]
            if unreachable[k] > 0 and remaining[k] <= unreachable[k] * (1 + 1e-6) + REL_TOL * amount[k]:
                reasons.append(QUALITY)
                details.append(f"{unreachable[k]:.6g} {f['unit'].iat[k]} of its temperature range is out of reach of "
                               "every partner (see heat_levels.csv)")
            elif cap_full.get(k, False) and k in timing:
                reasons.append(TIMING)
                details.append("its exchanges carry all that the months allow: supply and demand overlap only "
                               "in part of the year")
            elif not room or cap_full.get(k, False):
                reasons.append(CAPACITY_USED)
                details.append("every viable partner's amount (or the link capacity) is used by the chosen exchanges")
            else:
                reasons.append(NOT_SELECTED)
                details.append(f"{len(room)} viable partner(s) with amount left, but no further exchange raises the "
                               "objective (fixed costs not covered by the volume left, or a better use elsewhere)")
        elif k in best_drop:
            _, km, gc, why, det = best_drop[k]
            reasons.append(why)
            details.append(f"closest such partner at {gc:.1f} km great-circle ({km:.1f} km route): {det}"
                           if det else det)
        elif np.isfinite(cand.nearest_km[k]):
            why, det = _out_of_range(scen, cand, k)
            reasons.append(why)
            details.append(det)
        else:
            reasons.append(NO_COMPATIBLE)
            details.append(f"no {'demand' if f['direction'].iat[k] == 'supply' else 'supply'} "
                           f"in the scenario can exchange with this {f['resource'].iat[k]}")
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




def _out_of_range(scen: Scenario, cand: Candidates, k: int) -> tuple[str, str]:
    """(reason, detail) of flow k, which has no candidate and no dropped pair: its nearest
    compatible partner is beyond the pair's limit (the radius rule, `candidates.radius`),
    or links.csv lists this resource pair's candidates and names none for it."""
    f = scen.flows
    p = -1 if cand.nearest_partner is None else int(cand.nearest_partner[k])
    gc = float(cand.nearest_km[k])
    if p < 0:
        return OUT_OF_RANGE, f"nearest compatible partner at {gc:.1f} km great-circle"
    s, d = (k, p) if f["direction"].iat[k] == "supply" else (p, k)
    lim = float(pair_limit_km(scen, np.array([s]), np.array([d]))[0])
    who = f"{f['site_id'].iat[p]}:{f['flow_id'].iat[p]}"
    if gc <= lim:  # in range, so its pair was never formed: links.csv gives the candidates
        return NOT_IN_LINKS, (f"links.csv gives the candidates of this resource pair and names none for this flow "
                              f"(nearest compatible partner {who} at {gc:.1f} km great-circle)")
    return OUT_OF_RANGE, (f"nearest compatible partner {who} at {gc:.1f} km great-circle, beyond the pair's "
                          f"{describe_limit(scen, s, d)}")
