"""Readers that turn published optimisation benchmarks into eitflow scenarios.

The benchmarks are exact-answer references for the matching core: each is written in the
scenario format (sites, flows, links.csv) and solved by `eitflow.optimise` like any user
scenario, so a reproduced optimum checks the whole path (validation, candidates, model,
solver), not a separate model.

Fixed-charge transportation problem (FCTP)
------------------------------------------
m sources with supplies a_i, n sinks with demands b_j, a fixed cost f_ij for opening arc
(i, j) and a unit cost c_ij::

    minimise  sum_ij c_ij x_ij + f_ij y_ij
    s.t.      sum_j x_ij <= a_i,   sum_i x_ij = b_j,   0 <= x_ij <= min(a_i, b_j) y_ij,  y binary

The file format (``FORMAT.txt`` of the Agarwal-Aneja set; Balinski's bal8x12 uses it too)
is whitespace-separated: ``m n``, the m supplies, the n demands, the m x n fixed-cost
matrix row by row, then the m x n unit-cost matrix.

`fctp_scenario` maps it onto eitflow one to one: sources ``S1..Sm`` and sinks ``D1..Dn``
are sites, one custom resource ``good`` (defined through the `resources` override with
zero transport costs, zero CO2 factor, no quality rule, so the catalogue adds nothing),
supply flows a_i, demand flows b_j with ``required = true`` and price 0, and a links
table with all m x n arcs carrying ``var_cost_eur_per_unit = c_ij``,
``fixed_cost_eur_per_yr = f_ij``, investment 0, distance 0. Every link's value is then
``-c_ij`` and its fixed term ``f_ij``, so eitflow's maximised net benefit equals
``-(FCTP minimum cost)``.

Balance: every file shipped in ``../shared/data/benchmarks/fctp`` is balanced
(sum a_i = sum b_j; e.g. 210 = 210 for bal8x12). With required (equality) demands this
forces every supply to be used in full, so eitflow's ``sum_j x_ij <= a_i`` rows bind and
the model is exactly the classic FCTP with equalities on both sides. An instance with
sum a > sum b is the usual "supply <=" FCTP (excess supply stays unused at no cost); one
with sum a < sum b has no feasible solution (eitflow reports ``infeasible``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.io.assemble import scenario_from_frames
from eitflow.scenario import Scenario

#: the single resource of a transportation benchmark: it costs and emits nothing by itself,
#: so every coefficient of the model comes from the links table.
GOOD_RESOURCE = {
    "good": {
        "description": "benchmark commodity (no catalogue costs, no CO2, no quality rule)",
        "base_unit": "t/yr",
        "quality": "none",
        "max_distance_km": 1e4,
        "co2_factor_t_per_unit": 0.0,
        "transport": {
            "mode": "truck",
            "detour_factor": 1.0,
            "investment_eur": 0.0,
            "investment_eur_per_km": 0.0,
            "fixed_cost_eur_per_yr": 0.0,
            "var_cost_eur_per_unit": 0.0,
            "var_cost_eur_per_unit_km": 0.0,
            "co2_t_per_unit_km": 0.0,
        },
        "source": "benchmark resource defined by eitflow.instances (no physical meaning)",
    }
}


def _numbers(path: Path) -> list[str]:
    # some published files end in NUL bytes or have trailing blanks: strip them
    text = Path(path).read_bytes().replace(b"\x00", b" ").decode("ascii", errors="strict")
    return text.split()


def read_fctp(path: str | Path) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Read a fixed-charge transportation instance.

    Returns ``(m, n, supply[m], demand[n], fixed[m, n], unit_cost[m, n])`` as float arrays.
    Raises `ValueError` when the file does not hold exactly
    ``2 + m + n + 2*m*n`` numbers or holds a negative amount or cost.
    """
    path = Path(path)
    tok = _numbers(path)
    if len(tok) < 2:
        raise ValueError(f"{path}: expected 'm n' on the first line")
    try:
        m, n = int(tok[0]), int(tok[1])
        vals = np.array([float(t) for t in tok[2:]], dtype=float)
    except ValueError as exc:
        raise ValueError(f"{path}: not a number ({exc})") from None
    if m <= 0 or n <= 0:
        raise ValueError(f"{path}: m and n must be positive, found m={m}, n={n}")
    expected = m + n + 2 * m * n
    if len(vals) != expected:
        raise ValueError(f"{path}: expected {expected} numbers after 'm n' (m={m}, n={n}), found {len(vals)}")
    supply = vals[:m]
    demand = vals[m:m + n]
    fixed = vals[m + n:m + n + m * n].reshape(m, n)
    unit_cost = vals[m + n + m * n:].reshape(m, n)
    for name, arr in (("supply", supply), ("demand", demand), ("fixed cost", fixed), ("unit cost", unit_cost)):
        if np.any(arr < 0) or not np.all(np.isfinite(arr)):
            raise ValueError(f"{path}: negative or non-finite {name}")
    return m, n, supply, demand, fixed, unit_cost


def fctp_frames(m: int, n: int, supply: np.ndarray, demand: np.ndarray, fixed: np.ndarray,
                unit_cost: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(sites, flows, links) tables in the scenario format for an FCTP instance.

    Coordinates are arbitrary (lat 45, longitudes spread over a few degrees): distances
    are given in the links table as 0 and nothing depends on them.
    """
    src = [f"S{i + 1}" for i in range(m)]
    snk = [f"D{j + 1}" for j in range(n)]
    sites = pd.DataFrame({
        "site_id": src + snk,
        "name": [f"source {i + 1}" for i in range(m)] + [f"sink {j + 1}" for j in range(n)],
        "lat": [45.0] * m + [45.5] * n,
        "lon": list(np.linspace(1.0, 5.0, m)) + list(np.linspace(1.0, 5.0, n)),
    })
    flows = pd.DataFrame({
        "flow_id": [f"sup_{s}" for s in src] + [f"dem_{d}" for d in snk],
        "site_id": src + snk,
        "direction": ["supply"] * m + ["demand"] * n,
        "resource": "good",
        "amount": np.concatenate([supply, demand]).astype(float),
        "unit": "t/yr",
        "price_eur_per_unit": 0.0,
        "required": [False] * m + [True] * n,
    })
    ii, jj = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    links = pd.DataFrame({
        "source_site": np.asarray(src)[ii],
        "sink_site": np.asarray(snk)[jj],
        "supply_resource": "good",
        "demand_resource": "good",
        "distance_km": 0.0,
        "var_cost_eur_per_unit": unit_cost[ii, jj].astype(float),
        "fixed_cost_eur_per_yr": fixed[ii, jj].astype(float),
        "investment_eur": 0.0,
    })
    return sites, flows, links


def fctp_scenario(path: str | Path, **solver) -> Scenario:
    """An FCTP file as an eitflow `Scenario` whose maximised net benefit is -(minimum cost).

    `solver` are keys of the scenario's ``solver:`` block (name, time_limit_s, mip_gap,
    threads, workers); defaults: HiGHS, mip_gap 0, time limit 60 s.
    """
    path = Path(path)
    m, n, a, b, f, c = read_fctp(path)
    sites, flows, links = fctp_frames(m, n, a, b, f, c)
    opts = {"name": "highs", "time_limit_s": 60.0, "mip_gap": 0.0, **solver}
    return scenario_from_frames(sites, flows, links, resources=GOOD_RESOURCE, name=f"FCTP {path.stem}",
                                description=f"fixed-charge transportation benchmark {path.name} ({m} x {n})",
                                objective="net_benefit", carbon_price_eur_per_t=0.0, discount_rate=0.0,
                                lifetime_years=1.0, solver=opts)


__all__ = ["GOOD_RESOURCE", "read_fctp", "fctp_frames", "fctp_scenario"]


def read_orlib_cap(path: str | Path, capacity: float | None = None):
    """OR-Library capacitated warehouse location: (capacity[m], fixed[m], demand[n], cost[m, n]).

    `cost[i, j]` is the cost of serving all of customer j from i. In capa/capb/capc the
    capacity column holds the word ``capacity``: pass the value to use (see capopt.txt).
    """
    tok = Path(path).read_text().replace("\x00", " ").split()
    m, n = int(tok[0]), int(tok[1])
    k = 2
    cap, fixed = np.zeros(m), np.zeros(m)
    for i in range(m):
        c = tok[k]
        if c.lower() == "capacity":
            if capacity is None:
                raise ValueError(f"{path}: capacities are given as 'capacity'; pass capacity=")
            cap[i] = capacity
        else:
            cap[i] = float(c)
        fixed[i] = float(tok[k + 1])
        k += 2
    demand = np.zeros(n)
    cost = np.zeros((m, n))
    for j in range(n):
        demand[j] = float(tok[k])
        cost[:, j] = [float(t) for t in tok[k + 1:k + 1 + m]]
        k += 1 + m
    if k != len(tok):
        raise ValueError(f"{path}: expected {k} numbers, found {len(tok)}")
    return cap, fixed, demand, cost


def read_holmberg(path: str | Path):
    """Holmberg / OR-Library single-source CFLP: (capacity[m], fixed[m], demand[n], cost[m, n])
    with cost[i, j] the cost of assigning customer j to facility i. Trailing NULs ignored."""
    tok = Path(path).read_bytes().replace(b"\x00", b" ").decode().split()
    m, n = int(tok[0]), int(tok[1])
    vals = np.array([float(t) for t in tok[2:]])
    if len(vals) != 2 * m + n + m * n:
        raise ValueError(f"{path}: expected {2 * m + n + m * n} numbers after 'm n', found {len(vals)}")
    cf = vals[:2 * m].reshape(m, 2)
    demand = vals[2 * m:2 * m + n]
    cost = vals[2 * m + n:].reshape(m, n)
    return cf[:, 0], cf[:, 1], demand, cost


def facility_frames(capacity, fixed, demand, cost, single_source: bool = False):
    """(sites, flows, links, hubs) tables of a capacitated facility-location instance."""
    m, n = cost.shape
    cust = [f"C{j + 1}" for j in range(n)]
    hub_ids = [f"H{i + 1}" for i in range(m)]
    sites = pd.DataFrame({"site_id": ["MARKET"] + cust, "lat": [45.0] + [45.5] * n,
                          "lon": [3.0] + list(np.linspace(1.0, 5.0, n))})
    keep = demand > 0  # a customer with no demand needs no service
    flows = pd.DataFrame({
        "flow_id": ["market"] + [f"dem_{c}" for c, k in zip(cust, keep) if k],
        "site_id": ["MARKET"] + [c for c, k in zip(cust, keep) if k],
        "direction": ["supply"] + ["demand"] * int(keep.sum()),
        "resource": "good",
        "amount": np.concatenate([[demand.sum()], demand[keep]]),
        "unit": "t/yr", "price_eur_per_unit": 0.0,
        "required": [False] + [True] * int(keep.sum()),
        "single_source": [False] + [single_source] * int(keep.sum()),
    })
    hubs = pd.DataFrame({"hub_id": hub_ids, "lat": 45.2, "lon": np.linspace(1.0, 5.0, m), "resources": "good",
                         "capacity": capacity, "fixed_cost_eur_per_yr": fixed, "investment_eur": 0.0})
    ii, jj = np.meshgrid(np.arange(m), np.flatnonzero(keep), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    links = pd.concat([
        pd.DataFrame({"source_site": "MARKET", "sink_site": hub_ids, "supply_resource": "good",
                      "distance_km": 0.0, "var_cost_eur_per_unit": 0.0, "fixed_cost_eur_per_yr": 0.0}),
        pd.DataFrame({"source_site": np.asarray(hub_ids)[ii], "sink_site": np.asarray(cust)[jj],
                      "supply_resource": "good", "distance_km": 0.0,
                      "var_cost_eur_per_unit": cost[ii, jj] / demand[jj], "fixed_cost_eur_per_yr": 0.0}),
    ], ignore_index=True)
    return sites, flows, links, hubs


def facility_scenario(capacity, fixed, demand, cost, single_source: bool = False, name: str = "CFLP",
                      **solver) -> Scenario:
    """A facility-location instance as an eitflow `Scenario` whose maximised net benefit is
    -(minimum cost)."""
    sites, flows, links, hubs = facility_frames(capacity, fixed, demand, cost, single_source)
    return scenario_from_frames(sites, flows, links, resources=GOOD_RESOURCE, hubs=hubs, name=name,
                                carbon_price_eur_per_t=0.0, discount_rate=0.0, lifetime_years=1.0,
                                solver={"name": "highs", "time_limit_s": 120, "mip_gap": 0.0, **solver})


