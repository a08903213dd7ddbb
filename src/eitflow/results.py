"""Turn a solution into the user's tables: matches, unmatched flows with reasons, totals,
GeoJSON. Pure functions of (scenario, candidates, solution)."""
from __future__ import annotations

import platform
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import __version__
from .candidates import DROP_ORDER, QUALITY, TIMING, Candidates
from .scenario import Scenario
from .solve import Solution

MATCH_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "amount", "unit", "distance_km",
                 "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                 "supply_flow_id", "demand_flow_id", "demand_amount", "demand_unit", "fixed_eur_per_yr",
                 "value_eur_per_unit", "capacity_needed"]
UNMATCHED_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "reason", "detail"]

# reasons for an unmatched amount, from "nothing could ever work" to "the optimum chose otherwise"
NO_COMPATIBLE = "no_compatible_partner"
OUT_OF_RANGE = "no_partner_in_range"
CAPACITY_USED = "capacity_used"
NOT_SELECTED = "not_selected"
_DROP_RANK = {r: i for i, r in enumerate(DROP_ORDER)}
REL_TOL = 1e-6


@dataclass
class Result:
    """What a run produces: matches, unmatched flows, summary (JSON-ready dict)."""

    matches: pd.DataFrame
    unmatched: pd.DataFrame
    summary: dict
    scenario: Scenario = field(repr=False)
    candidates: Candidates = field(repr=False)
    solution: Solution = field(repr=False)
    hubs: pd.DataFrame | None = None  # built hubs with their throughput (when hubs.csv is given)
    heat_levels: pd.DataFrame | None = None  # heat by temperature interval (flows with return temperatures)

    @property
    def status(self) -> str:
        return self.summary["status"]

    def status_line(self) -> str:
        return status_line(self.summary)


def matches_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    lk = cand.links
    used = np.flatnonzero(sol.flow > 0)
    f = scen.flows
    x = sol.flow[used]
    sub = lk.iloc[used]
    yld = sub["yield"].to_numpy(float)
    cat = scen.catalogue
    si, di = sub["supply"].to_numpy(np.int64), sub["demand"].to_numpy(np.int64)
    fid = f["flow_id"].to_numpy()
    pick = lambda arr, idx: np.where(idx >= 0, arr[np.maximum(idx, 0)], "")  # noqa: E731  (hub legs: "")
    out = pd.DataFrame({
        "source_site": sub["source_site"].to_numpy(),
        "sink_site": sub["sink_site"].to_numpy(),
        "supply_resource": sub["supply_resource"].to_numpy(),
        "demand_resource": sub["demand_resource"].to_numpy(),
        "amount": x,
        "unit": [cat[r].base_unit for r in sub["supply_resource"]],
        "distance_km": sub["distance_km"].to_numpy(float),
        "net_benefit_eur_per_yr": sub["value_eur_per_unit"].to_numpy(float) * x - sub["fixed_eur_per_yr"].to_numpy(float),
        "co2_avoided_t_per_yr": sub["co2_t_per_unit"].to_numpy(float) * x,
        "investment_eur": sub["investment_eur"].to_numpy(float),
        "supply_flow_id": pick(fid, si),
        "demand_flow_id": pick(fid, di),
        "demand_amount": yld * x,
        "demand_unit": [cat[r].base_unit for r in sub["demand_resource"]],
        "fixed_eur_per_yr": sub["fixed_eur_per_yr"].to_numpy(float),
        "value_eur_per_unit": sub["value_eur_per_unit"].to_numpy(float),
        # the busiest period's flow at a yearly rate: what the link must be sized for
        "capacity_needed": (sol.peak_rate[used] if sol.peak_rate is not None else x),
    }, columns=MATCH_COLUMNS)
    return out.sort_values(["source_site", "sink_site", "supply_resource", "demand_resource",
                            "supply_flow_id", "demand_flow_id"], kind="stable").reset_index(drop=True)


def flow_usage(scen: Scenario, cand: Candidates, flow: np.ndarray) -> np.ndarray:
    """Per flow (position in scenario.flows), the amount exchanged in its own base unit/yr
    when the candidate links carry `flow` (supply units/yr)."""
    used = np.zeros(len(scen.flows))
    lk = cand.links
    if len(lk):
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        np.add.at(used, s[s >= 0], flow[s >= 0])
        np.add.at(used, d[d >= 0], (flow * lk["yield"].to_numpy(float))[d >= 0])
    return used


def used_amounts(scen: Scenario, cand: Candidates, sol: Solution) -> np.ndarray:
    """Per flow, the amount exchanged in the solution (its own base unit/yr)."""
    return flow_usage(scen, cand, sol.flow)


def unmatched_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Every flow left (partly) unmatched with its remaining amount and why."""
    f = scen.flows
    amount = f["amount"].to_numpy(float)
    used = used_amounts(scen, cand, sol)
    remaining = np.maximum(amount - used, 0.0)
    left = remaining > REL_TOL * np.maximum(amount, 1.0)
    lk = cand.links
    dr = cand.dropped
    maxd = f["max_distance_km"].to_numpy(float)
    radius = np.where(np.isnan(maxd), f["resource"].map(lambda r: scen.catalogue[r].max_distance_km).to_numpy(float), maxd)
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
    best_drop: dict[int, tuple[int, float, str, str]] = {}
    if len(dr):
        for a, b, km, why, det in zip(dr["supply"].to_numpy(np.int64), dr["demand"].to_numpy(np.int64),
                                      dr["distance_km"].to_numpy(float), dr["reason"], dr["detail"]):
            for k in (int(a), int(b)):
                cur = best_drop.get(k)
                cand_key = (_DROP_RANK.get(why, 0), -km)
                if cur is None or cand_key > (cur[0], -cur[1]):
                    best_drop[k] = (_DROP_RANK.get(why, 0), km, why, det)
    partner_left = left  # a partner "has room" when it too has something left
    reasons, details = [], []
    idx = np.flatnonzero(left)
    from .cascade import unreachable_share
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
            _, km, why, det = best_drop[k]
            reasons.append(why)
            details.append(f"closest such partner at {km:.1f} km: {det}" if det else det)
        elif np.isfinite(cand.nearest_km[k]):
            reasons.append(OUT_OF_RANGE)
            details.append(f"nearest compatible partner at {cand.nearest_km[k]:.1f} km "
                           f"(great-circle), limit {radius[k]:g} km")
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


def _versions() -> dict:
    import numpy
    import pulp
    from importlib.metadata import version
    out = {"eitflow": __version__, "python": platform.python_version(), "numpy": numpy.__version__,
           "pandas": pd.__version__, "pulp": pulp.__version__ if hasattr(pulp, "__version__") else version("pulp")}
    try:
        out["highspy"] = version("highspy")
    except Exception:  # pragma: no cover
        out["highspy"] = "unknown"
    return out


def _num(v):
    return None if v is None or (isinstance(v, float) and not np.isfinite(v)) else float(v)


def summary_dict(scen: Scenario, cand: Candidates, sol: Solution, matches: pd.DataFrame,
                 timings: dict | None = None) -> dict:
    f = scen.flows
    objective = scen.params.objective
    hub_fixed = hub_invest = 0.0
    if scen.hubs is not None and sol.hub_built is not None and sol.hub_built.any():
        from .hubs import hub_fixed_eur_per_yr
        hub_fixed = float(hub_fixed_eur_per_yr(scen)[sol.hub_built].sum())
        hub_invest = float(scen.hubs["investment_eur"].to_numpy(float)[sol.hub_built].sum())
    sup_fixed = sup_invest = 0.0
    if sol.supply_built is not None and sol.supply_built.any():
        from .model import supply_fixed_eur_per_yr
        sup_fixed = float(supply_fixed_eur_per_yr(scen)[sol.supply_built].sum())
        sup_invest = float(f["investment_eur"].to_numpy(float)[sol.supply_built].sum())
    amounts = (matches.groupby(["supply_resource", "unit"])["amount"].sum().reset_index()
               if len(matches) else pd.DataFrame(columns=["supply_resource", "unit", "amount"]))
    return {
        "scenario": scen.params.name,
        "status": sol.status,
        "objective_name": objective,
        "objective_unit": "EUR/yr" if objective == "net_benefit" else "tCO2/yr",
        "objective": _num(sol.objective),
        "bound": _num(sol.bound),
        "gap": _num(sol.gap),
        "mip_gap_target": scen.params.solver.mip_gap,
        "message": sol.message,
        "totals": {
            # links' net benefits less the built hubs' and supplies' annual costs (EUR/yr)
            "net_benefit_eur_per_yr": float(matches["net_benefit_eur_per_yr"].sum()) - hub_fixed - sup_fixed,
            "co2_avoided_t_per_yr": float(matches["co2_avoided_t_per_yr"].sum()) if len(matches) else 0.0,
            "investment_eur": float(matches["investment_eur"].sum()) + hub_invest + sup_invest,
            "hub_fixed_eur_per_yr": hub_fixed,
            "supply_build_eur_per_yr": sup_fixed,
            "amount_by_resource": {r: {"amount": float(a), "unit": u}
                                   for r, u, a in amounts[["supply_resource", "unit", "amount"]].itertuples(index=False)},
        },
        "counts": {
            "sites": int(len(scen.sites)),
            "flows": int(len(f)),
            "supplies": int((f["direction"] == "supply").sum()),
            "demands": int((f["direction"] == "demand").sum()),
            "candidate_links": int(len(cand.links)),
            "dropped_pairs": int(len(cand.dropped)),
            "chosen_links": int(len(matches)),
            "candidate_hubs": 0 if scen.hubs is None else int(len(scen.hubs)),
            "built_hubs": 0 if sol.hub_built is None else int(sol.hub_built.sum()),
            "built_supplies": 0 if sol.supply_built is None else int(sol.supply_built.sum()),
            "components": sol.n_components,
            "solver_batches": sol.n_batches,
            "variables": sol.n_variables,
            "binaries": sol.n_binaries,
            "constraints": sol.n_constraints,
        },
        "heat_level_step_k": sol.heat_level_step_k,
        "parameters": scen.params.model_dump(),
        "solver": sol.solver,
        "timings_s": {k: round(v, 4) for k, v in (timings or {}).items()},
        "versions": _versions(),
    }


def status_line(summary: dict) -> str:
    """One honest line: status, objective with its unit, bound and gap."""
    st = summary["status"]
    unit = summary["objective_unit"]
    if summary["objective"] is None:
        return f"status: {st} - no solution" + (f" ({summary['message']})" if summary.get("message") else "")
    obj = f"{summary['objective']:,.2f} {unit}"
    if st == "optimal":
        gap = summary["gap"] or 0.0
        return f"status: optimal (gap {gap:.4%} <= target {summary['mip_gap_target']:.4%}) - objective {obj}"
    gap = "unknown" if summary["gap"] is None else f"{summary['gap']:.4%}"
    bound = "unknown" if summary["bound"] is None else f"{summary['bound']:,.2f}"
    return f"status: {st} (best found; gap {gap}, bound {bound} {unit}) - objective {obj}"


def geojson(scen: Scenario, matches: pd.DataFrame) -> dict:
    """Sites as points, chosen exchanges as lines (matches.csv fields as properties)."""
    s = scen.sites
    feats = [{"type": "Feature",
              "geometry": {"type": "Point", "coordinates": [round(float(lo), 6), round(float(la), 6)]},
              "properties": {"kind": "site", "site_id": sid, "name": nm, "sector": sec, "zone": zn}}
             for sid, nm, la, lo, sec, zn in s[["site_id", "name", "lat", "lon", "sector", "zone"]].itertuples(index=False)]
    if scen.hubs is not None:
        feats += [{"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [round(float(lo), 6), round(float(la), 6)]},
                   "properties": {"kind": "hub", "site_id": hid, "name": nm, "sector": "hub", "zone": zn}}
                  for hid, nm, la, lo, zn in scen.hubs[["hub_id", "name", "lat", "lon", "zone"]].itertuples(index=False)]
    pos = s.set_index("site_id")[["lat", "lon"]]
    if scen.hubs is not None:
        pos = pd.concat([pos, scen.hubs.set_index("hub_id")[["lat", "lon"]]])
    for rec in matches.to_dict("records"):
        a, b = pos.loc[rec["source_site"]], pos.loc[rec["sink_site"]]
        props = {"kind": "exchange", **{k: (round(v, 6) if isinstance(v, float) else v) for k, v in rec.items()}}
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": [
                          [round(float(a["lon"]), 6), round(float(a["lat"]), 6)],
                          [round(float(b["lon"]), 6), round(float(b["lat"]), 6)]]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def hubs_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Built hubs: hub_id, name, throughput (base units/yr, per resource), fixed EUR/yr."""
    cols = ["hub_id", "name", "resource", "throughput", "unit", "capacity", "fixed_eur_per_yr"]
    if scen.hubs is None or sol.hub_built is None or not sol.hub_built.any():
        return pd.DataFrame(columns=cols)
    from .hubs import hub_fixed_eur_per_yr
    lk = cand.links
    inb = (lk["kind"] == "to_hub").to_numpy()
    tp = pd.DataFrame({"hub": lk["hub"].to_numpy()[inb], "resource": lk["supply_resource"].to_numpy()[inb],
                       "x": sol.flow[inb]}).groupby(["hub", "resource"])["x"].sum().reset_index()
    tp = tp[sol.hub_built[tp["hub"].to_numpy()]]
    h = scen.hubs
    fixed = hub_fixed_eur_per_yr(scen)
    return pd.DataFrame({
        "hub_id": h["hub_id"].to_numpy()[tp["hub"]], "name": h["name"].to_numpy()[tp["hub"]],
        "resource": tp["resource"].to_numpy(), "throughput": tp["x"].to_numpy(),
        "unit": [scen.catalogue[r].base_unit for r in tp["resource"]],
        "capacity": h["capacity"].to_numpy(float)[tp["hub"]], "fixed_eur_per_yr": fixed[tp["hub"]],
    }, columns=cols)


HEAT_LEVEL_COLUMNS = ["source_site", "sink_site", "supply_flow_id", "demand_flow_id", "heat_pump", "from_c", "to_c",
                      "drawn_mwh_per_yr", "delivered_mwh_per_yr"]


def heat_levels_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame | None:
    """Chosen heat by temperature interval of each ranged demand (cascade.py): which source
    covers which part of the demand's range, from_c -> to_c (degC, demand side); None when
    no flow has a return temperature."""
    lv = sol.heat_levels
    if lv is None:
        return None
    lk = cand.links
    a = lv["link"].to_numpy(np.int64)
    fid = scen.flows["flow_id"].to_numpy()
    sup, dem = lk["supply"].to_numpy(np.int64)[a], lk["demand"].to_numpy(np.int64)[a]
    out = pd.DataFrame({
        "source_site": lk["source_site"].to_numpy()[a], "sink_site": lk["sink_site"].to_numpy()[a],
        "supply_flow_id": np.where(sup >= 0, fid[np.maximum(sup, 0)], ""),
        "demand_flow_id": fid[dem],
        "heat_pump": np.isfinite(lk["heat_pump_cop"].to_numpy(float)[a]),
        "from_c": lv["from_c"].to_numpy(), "to_c": lv["to_c"].to_numpy(),
        "drawn_mwh_per_yr": lv["amount"].to_numpy(),
        "delivered_mwh_per_yr": lv["amount"].to_numpy() * lk["yield"].to_numpy(float)[a],
    }, columns=HEAT_LEVEL_COLUMNS)
    return out.sort_values(["demand_flow_id", "from_c", "source_site", "supply_flow_id"], kind="stable") \
        .reset_index(drop=True)
