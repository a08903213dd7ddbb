"""Linear sizing's line (`candidates.costs.linear_pipe_cost`) against other single lines:
each plan priced at the catalogue afterwards (every corridor rounded up to the size that
carries it: corridors.csv's catalogue_* columns), so plans made with different lines compare
at the same prices. Prints one JSON line per run: the model's objective, bound and gap, the
network's annual cost as estimated and at catalogue prices (EUR/yr), the plan's objective at
catalogue prices (true_obj) and the estimate's error (cat / est - 1).

    PYTHONPATH=src python benchmarks/linear_line.py VARIANT N_SINKS N_SOURCES SECONDS [SEED]
    PYTHONPATH=src python benchmarks/linear_line.py VARIANT scenario.yaml

VARIANT: ls (what eitflow does: least squares through the sizes' own points, all sizes);
classes3 (`sizing: classes`' three lines, each over a third of the sizes, one binary per class);
step (each size at the middle of the capacities it is chosen for, (K_{k-1} + K_k) / 2, all
sizes); steprange (those middles, weighted by 1 / value, over the sizes that carry the
scenario's smallest to largest flow at the load factor). Measured results: benchmarks/HISTORY.md,
"Linear sizing's line".
"""

from __future__ import annotations

import json
import sys

import numpy as np

import eitflow
import eitflow.candidates.network as network
from eitflow.candidates.costs import LinearPipeCost, linear_pipe_cost, linear_pipe_costs


def variant(name: str, k_lo: float, k_hi: float):
    """A replacement for `linear_pipe_costs` ((spec, classes) -> the lines): `classesN` is
    `sizing: classes`' lines with N classes, the others one line."""
    def lines(spec, classes: int = 1) -> list[LinearPipeCost]:
        if name.startswith("classes"):
            return linear_pipe_costs(spec, int(name[len("classes"):] or 3))
        return [line(spec)]

    def line(spec) -> LinearPipeCost:
        if name == "ls":
            return linear_pipe_cost(spec)
        cap = np.array([s.capacity for s in spec.sizes], float)
        inv = np.array([s.investment_eur_per_m for s in spec.sizes], float)
        loss = np.array([s.loss_w_per_m for s in spec.sizes], float)
        mid = (np.r_[0.0, cap[:-1]] + cap) / 2.0
        k, w_inv, w_loss = slice(0, len(cap)), None, None
        if name == "steprange":
            hi = min(int(np.searchsorted(cap, k_hi)), len(cap) - 1)
            lo = min(int(np.searchsorted(cap, k_lo)), hi - 1)
            k, w_inv, w_loss = slice(lo, hi + 1), 1.0 / inv[lo:hi + 1], 1.0 / loss[lo:hi + 1]
        b, a = np.polyfit(mid[k], inv[k], 1, w=w_inv)
        e, c = np.polyfit(mid[k], loss[k], 1, w=w_loss)
        return LinearPipeCost(max(float(a), 0.0), max(float(b), 0.0), max(float(c), 0.0), max(float(e), 0.0),
                              float(cap.max()))
    return lines


def main(argv: list[str]) -> None:
    name = argv[0]
    if argv[1].endswith((".yaml", ".yml")):
        scen = eitflow.read_scenario(argv[1])
    else:
        from eitflow.bench.netsynth import network_city
        scen = network_city(int(argv[1]), int(argv[2]), int(argv[4]) if len(argv) > 4 else 0,
                            time_limit_s=float(argv[3]), mip_gap=0.001)
    spec = scen.catalogue["heat"].network
    heat = scen.flows[scen.flows["resource"] == "heat"]["amount"].to_numpy(float)
    need = heat[heat > 0] / (8760.0 * spec.load_factor)   # MW at the load factor (heat: MWh/yr)
    network.linear_pipe_costs = variant(name, float(need.min()), float(need.max()))
    res = eitflow.optimise(scen)
    c = res.statistics.corridors()
    est, cat = float(c.annual_cost_eur_per_yr.sum()), float(c.catalogue_annual_cost_eur_per_yr.sum())
    print(json.dumps({"variant": name, "case": argv[1:], "status": str(res.status), "objective": round(res.objective),
                      "bound": None if res.bound is None else round(res.bound), "gap": res.gap, "est": round(est),
                      "cat": round(cat), "true_obj": round(res.objective - (cat - est)),
                      "err": round(cat / est - 1, 3) if est else None}))


if __name__ == "__main__":
    main(sys.argv[1:])
