"""Small random networks for the brute-force checks (test_network, test_network_linear): four
sites about 3 km apart, one or two supplies, the rest demands, of a generic resource."""

import numpy as np


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
