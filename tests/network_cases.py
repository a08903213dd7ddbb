"""Small random networks for the brute-force checks (test_network, test_network_linear,
test_network_classes): four sites about 3 km apart, one or two supplies, the rest demands, of a
generic resource; and the brute force of linearly sized networks."""

import itertools

import numpy as np
from scipy.optimize import linprog

HOURS = 8760.0


def four_sites(rng: np.random.Generator, demand_price: tuple[float, float]) -> tuple[dict, dict, list[str]]:
    """(sites, flows, directions) as column dicts; demand prices drawn in `demand_price`
    (EUR/MWh), supply prices in 0-8. Draws from `rng` in a fixed order, so a seed gives the
    same case in every test."""
    n = 4
    sites = {"site_id": [f"S{i}" for i in range(n)], "lat": 45.0 + rng.uniform(0, 0.03, n),
             "lon": 4.0 + rng.uniform(0, 0.03, n)}
    nsup = int(rng.integers(1, 3))
    dirs = ["supply"] * nsup + ["demand"] * (n - nsup)
    flows = {"site_id": sites["site_id"], "direction": dirs, "resource": "fluid",
             "amount": np.round(rng.uniform(2000, 20000, n)), "unit": "MWh/yr",
             "price_eur_per_unit": np.round(np.where(np.array(dirs) == "supply", rng.uniform(0, 8, n),
                                                     rng.uniform(*demand_price, n)), 1)}
    return sites, flows, dirs


def five_corridors(rng: np.random.Generator) -> dict:
    """Five candidate corridors of the generic resource over `four_sites`' sites (a ring of
    four and two diagonals), 0.3-3 km, each either way or one way, drawn from `rng`."""
    pairs = [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)]
    return {"resource": "fluid", "from": [f"S{a}" for a, _ in pairs], "to": [f"S{b}" for _, b in pairs],
            "length_km": np.round(rng.uniform(0.3, 3.0, len(pairs)), 2),
            "direction": list(rng.choice(["both", "forward"], len(pairs)))}


def brute_force_lines(sites, flows, corridors, lines) -> float:
    """Linearly sized networks of the generic resource (load factor 1, no annuity): max over
    every set of corridors built and every line of each (`lines`: (a EUR/m, b EUR/m per MW,
    c W/m, e W/m per MW, k_max MW), one line for `sizing: linear`, one per class for
    `classes`) of the LP with that choice (scipy): flows, arc flows and each built corridor's
    capacity K <= k_max, cost (a + b K) x 1,000 EUR/yr per km and pumping 0.5 EUR per unit and
    km, loss (c + e K) W/m drawn half at each end. Written from the data, not from eitflow's
    model."""
    nodes = list(sites["site_id"])
    idx = {s: i for i, s in enumerate(nodes)}
    is_sup = np.array([d == "supply" for d in flows["direction"]])
    price = np.asarray(flows["price_eur_per_unit"], float)
    amt = np.asarray(flows["amount"], float)
    fnode = np.array([idx[s] for s in flows["site_id"]])
    nf, ncor = len(price), len(corridors["from"])
    best = -np.inf
    for pick in itertools.product(range(len(lines) + 1), repeat=ncor):   # 0: not built, k: class k - 1
        cs = [c for c in range(ncor) if pick[c]]
        ln = [lines[pick[c] - 1] for c in cs]
        arcs = []
        for c in cs:
            a, b = idx[corridors["from"][c]], idx[corridors["to"][c]]
            arcs.append((a, b, c))
            if corridors["direction"][c] == "both":
                arcs.append((b, a, c))
        na, nk = len(arcs), len(cs)
        nv = nf + na + nk
        cobj = np.zeros(nv)
        cobj[:nf] = price
        fixed = 0.0
        for j, (_a, _b, c) in enumerate(arcs):
            cobj[nf + j] = -0.5 * corridors["length_km"][c]
        for m, c in enumerate(cs):
            cobj[nf + na + m] = -ln[m][1] * 1000 * corridors["length_km"][c]
            fixed += ln[m][0] * 1000 * corridors["length_km"][c]
        A_eq, b_eq, A_ub, b_ub = [], [], [], []
        for n in range(len(nodes)):
            row = np.zeros(nv)
            rhs = 0.0
            for i in range(nf):
                if fnode[i] == n:
                    row[i] = 1.0 if is_sup[i] else -1.0
            for j, (a, b, _c) in enumerate(arcs):
                row[nf + j] += (b == n) - (a == n)
            for m, c in enumerate(cs):
                if n in (idx[corridors["from"][c]], idx[corridors["to"][c]]):
                    half = 1000 * corridors["length_km"][c] * HOURS / 1e6 / 2
                    row[nf + na + m] -= ln[m][3] * half
                    rhs += ln[m][2] * half
            A_eq.append(row)
            b_eq.append(rhs)
        for m, c in enumerate(cs):
            row = np.zeros(nv)
            for j, arc in enumerate(arcs):
                if arc[2] == c:
                    row[nf + j] = 1.0
            row[nf + na + m] = -HOURS
            A_ub.append(row)
            b_ub.append(0.0)
        bounds = [(0, amt[i]) for i in range(nf)] + [(0, None)] * na + [(0, ln[m][4]) for m in range(nk)]
        r = linprog(-cobj, A_ub=np.array(A_ub) if A_ub else None, b_ub=b_ub or None, A_eq=np.array(A_eq),
                    b_eq=b_eq, bounds=bounds, method="highs")
        if r.status == 0:
            best = max(best, -r.fun - fixed)
    return best
