"""Synthetic heat-network territories for the large network benchmarks (`eitflow bench run
network`): a city of 500 buildings and 20 heat sources, and a region of 40 such towns.

Seeded and deterministic: one ``numpy.random.Generator(PCG64(seed))`` per town, draws in a
fixed order. Every figure is drawn from the stated ranges below (assumptions of the order of a
French town's district-heating connections, not measurements):

Buildings (the sinks) sit in districts (normal scatter around 8 district centres); each is
one of five kinds of building stock, with its share, annual heat demand (log-uniform in the
range, MWh/yr) and the supply temperature its heating system needs (degC):

    collective housing   40 %   200 - 1,500 MWh/yr   65-75 degC  (1960-1990 blocks, radiators)
    detached-house block 25 %   100 -   400          55-65       (a lotissement's substation)
    offices and shops    20 %   300 - 2,000          60-70
    schools              10 %   200 -   800          65-75
    hospitals, pools      5 %   2,000 - 8,000        75-80

Every building must be served (``required``: a classified network, where connection is
mandatory, as in a "classement" under the French Code de l'énergie L712-1), at price 0: the
objective is then the network's total annual cost (pipes' annuities, pumping, heat bought
and heat pumps), as in topotherm's forced-connection case and FCNetLib.

Sources (20 per town, on the town's edges): mixed temperatures, each with an amount
(GWh/yr, uniform in the range, then all of a town's scaled together so that they offer twice
its demand) and a price (EUR/MWh, uniform in the range):

    incinerator (UVE)     10 %   40 - 80 GWh/yr   120-140 degC   0 - 5 EUR/MWh
    industrial process    40 %   15 - 50          90-130         2 - 10
    biomass boiler        30 %   10 - 40          100-110       25 - 35
    data centre           20 %    5 - 20          45-50 (heat pump at injection) 0 - 2

The network runs at 90 degC (the catalogue's heat approach 10 K: every building can be
served); a source colder than 90 degC injects through a heat pump (lift <= 70 K). Candidate corridors are eitflow's own: Delaunay
triangulation over a town's sites, pruned at 1.5 km of route (route factor of the catalogue),
about 3 per site; a point out of reach of the rest is moved next to it, so that every building
can be served (the instance is feasible); towns 15-25 km apart, each its own network (the
region falls apart into 40 components).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.io.assemble import scenario_from_frames
from eitflow.scenario import Scenario

__all__ = ["BUILDINGS", "SOURCES", "city_frames", "network_city", "network_region"]

KM_LAT = 1 / 111.2   # degrees of latitude per km

#: building stock: kind -> (share, demand MWh/yr low, high, temperature degC low, high)
BUILDINGS = {"collective_housing": (0.40, 200.0, 1500.0, 65.0, 75.0),
             "detached_block": (0.25, 100.0, 400.0, 55.0, 65.0),
             "offices_shops": (0.20, 300.0, 2000.0, 60.0, 70.0),
             "school": (0.10, 200.0, 800.0, 65.0, 75.0),
             "hospital_pool": (0.05, 2000.0, 8000.0, 75.0, 80.0)}
#: sources: kind -> (share, GWh/yr low, high, degC low, high, EUR/MWh low, high)
SOURCES = {"incinerator": (0.10, 40.0, 80.0, 120.0, 140.0, 0.0, 5.0),
           "industry": (0.40, 15.0, 50.0, 90.0, 130.0, 2.0, 10.0),
           "biomass": (0.30, 10.0, 40.0, 100.0, 110.0, 25.0, 35.0),
           "data_centre": (0.20, 5.0, 20.0, 45.0, 50.0, 0.0, 2.0)}
NETWORK_C = 90.0
MAX_LENGTH_KM = 1.5
REACH_KM = MAX_LENGTH_KM / 1.3 * 0.95


def _kinds(rng: np.random.Generator, table: dict, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` kinds drawn by the table's shares: (names, row index into the table)."""
    names = np.array(list(table), object)
    share = np.array([v[0] for v in table.values()])
    k = rng.choice(len(names), n, p=share / share.sum())
    return names[k], k


def _connected(xy: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`xy` (km) with every point outside the largest part of the corridor graph moved next to
    a random point of it, until the graph is connected: Delaunay edges no longer than
    REACH_KM (the corridor rule: MAX_LENGTH_KM of route at the catalogue's 1.3 route factor,
    less 5 % for the plane approximation). So every building can be reached from a source."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import Delaunay

    xy = xy.copy()
    for _ in range(50):
        s = Delaunay(xy).simplices
        e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
        e = e[np.linalg.norm(xy[e[:, 0]] - xy[e[:, 1]], axis=1) <= REACH_KM]
        n, lab = connected_components(coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(len(xy), len(xy))),
                                      directed=False)
        if n == 1:
            return xy
        main = np.bincount(lab).argmax()
        out = np.flatnonzero(lab != main)
        inside = np.flatnonzero(lab == main)
        xy[out] = xy[rng.choice(inside, len(out))] + rng.normal(0, REACH_KM / 4, (len(out), 2))
    raise RuntimeError("could not connect the synthetic town's corridor graph")  # pragma: no cover


def city_frames(n_sinks: int = 500, n_sources: int = 20, seed: int = 0, lat0: float = 45.6, lon0: float = 5.2,
                size_km: float = 6.0, prefix: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sites, flows) of one town: `n_sinks` buildings in districts over a `size_km` square,
    `n_sources` heat sources on its edges (see the module docstring for every range)."""
    rng = np.random.default_rng(seed)
    km_lon = KM_LAT / np.cos(np.radians(lat0))
    centres = rng.uniform(0.15, 0.85, (8, 2)) * size_km
    xy = centres[rng.integers(0, 8, n_sinks)] + rng.normal(0, size_km / 14, (n_sinks, 2))
    edge = rng.choice([0.05, 0.95], n_sources)
    along = rng.uniform(0.05, 0.95, n_sources)
    src = np.where(rng.random((n_sources, 1)) < 0.5, np.column_stack([edge, along]),
                   np.column_stack([along, edge])) * size_km
    pts = _connected(np.vstack([src, xy]), rng)
    ids = [f"{prefix}SRC{i:03d}" for i in range(n_sources)] + [f"{prefix}B{i:04d}" for i in range(n_sinks)]
    sites = pd.DataFrame({"site_id": ids, "lat": lat0 + pts[:, 1] * KM_LAT, "lon": lon0 + pts[:, 0] * km_lon})
    bk, bi = _kinds(rng, BUILDINGS, n_sinks)
    b = np.array(list(BUILDINGS.values()))[bi]
    demand = np.exp(rng.uniform(np.log(b[:, 1]), np.log(b[:, 2])))
    dem = pd.DataFrame({"site_id": ids[n_sources:], "direction": "demand", "resource": "heat",
                        "amount": np.round(demand), "unit": "MWh/yr",
                        "temperature_c": np.round(rng.uniform(b[:, 3], b[:, 4])), "price_eur_per_unit": 0.0,
                        "required": "true", "note": bk})
    sk, si = _kinds(rng, SOURCES, n_sources)
    s = np.array(list(SOURCES.values()))[si]
    amount = rng.uniform(s[:, 1], s[:, 2])
    # about twice the town's demand on offer, whatever the draw
    amount *= 2.0 * demand.sum() / 1000.0 / amount.sum()
    sup = pd.DataFrame({"site_id": ids[:n_sources], "direction": "supply", "resource": "heat",
                        "amount": np.round(amount, 2), "unit": "GWh/yr",
                        "temperature_c": np.round(rng.uniform(s[:, 3], s[:, 4])),
                        # what the heat costs the network: negative in flows.csv's sense (what the
                        # supply pays to get rid of it)
                        "price_eur_per_unit": -np.round(rng.uniform(s[:, 5], s[:, 6]), 1), "required": "",
                        "note": sk})
    return sites, pd.concat([sup, dem], ignore_index=True)


def _scenario(sites: pd.DataFrame, flows: pd.DataFrame, name: str, **solver) -> Scenario:
    net = {"temperature_c": NETWORK_C, "generate": "delaunay", "max_length_km": MAX_LENGTH_KM}
    return scenario_from_frames(sites, flows.drop(columns="note"), name=name, networks={"heat": net}, carbon_price_eur_per_t=0.0,
                                max_distance_km={"heat": 0.001},   # the network only: no point-to-point pipes
                                solver={"time_limit_s": 60.0, "mip_gap": 0.01, **solver})


def network_city(n_sinks: int = 500, n_sources: int = 20, seed: int = 0, **solver) -> Scenario:
    """One town (`city_frames`), its corridors generated by eitflow (Delaunay, <= 1.5 km), a
    90 degC heat network; direct links are off so the benchmark measures the network alone.
    `solver`: keys of the scenario's ``solver:`` block (defaults: 60 s, gap 1 %)."""
    # the same density of buildings whatever their number (6 km square for 500)
    sites, flows = city_frames(n_sinks, n_sources, seed, size_km=6.0 * float(np.sqrt(n_sinks / 500)))
    return _scenario(sites, flows, f"synthetic city {n_sinks} x {n_sources} (seed {seed})", **solver)


def region_frames(n_towns: int = 40, n_sinks: int = 440, n_sources: int = 6,
                  seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sites, flows) of `n_towns` towns (each a `city_frames` of 5 km) on a grid 15-25 km apart."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_towns)))
    parts_s, parts_f = [], []
    for t in range(n_towns):
        lat = 44.5 + (t // side) * 0.18 + rng.uniform(-0.03, 0.03)
        lon = 3.5 + (t % side) * 0.25 + rng.uniform(-0.04, 0.04)
        s, f = city_frames(n_sinks, n_sources, seed * 1000 + t + 1, lat0=lat, lon0=lon, size_km=5.0,
                           prefix=f"T{t:02d}_")
        parts_s.append(s)
        parts_f.append(f)
    return pd.concat(parts_s, ignore_index=True), pd.concat(parts_f, ignore_index=True)


def network_region(n_towns: int = 40, n_sinks: int = 440, n_sources: int = 6, seed: int = 0, **solver) -> Scenario:
    """`n_towns` towns (`region_frames`: 17,840 sites, 52,226 candidate corridors by default),
    each its own network. `solver`: defaults 300 s, gap 2 %."""
    sites, flows = region_frames(n_towns, n_sinks, n_sources, seed)
    return _scenario(sites, flows, f"synthetic region {n_towns} towns x {n_sinks} buildings (seed {seed})",
                     **{"time_limit_s": 300.0, "mip_gap": 0.02, **solver})
