"""Seeded synthetic instances for benchmarks: clustered heat sources and sinks.

`clustered_heat_instance` places heat sources (industrial excess heat) and heat sinks
(district-heating demands) in clusters inside metropolitan France's bounding box and
returns (sites, flows) DataFrames in the scenario format, ready for
`eitflow.scenario_from_frames`. Everything is vectorised numpy and deterministic for a
seed (one `numpy.random.Generator(PCG64(seed))`, draws in a fixed order).

Geometry: cluster centres are uniform in the box (shrunk by two cluster spreads so that
clusters stay inside), cluster weights are lognormal (a few big agglomerations, many
small towns), each source and sink picks a cluster with probability proportional to its
weight, and lies at a normal offset (`cluster_sigma_km` per axis) around its centre;
points are clipped to the box. Optionally (`n_regions` > 0) the cluster centres are
themselves grouped: normal offsets of `region_sigma_km` around uniform region centres.

Amounts: sources lognormal in GWh/yr clipped to [source_min_gwh, source_max_gwh] at
100-500 degC and price 0 (vented today); sinks lognormal in MWh/yr (median
`sink_median_mwh`) at 60-90 degC, paying 40-70 EUR/MWh (the heat they buy today).
With these temperatures every source can serve every sink (>= 10 K approach), so the
candidate graph is shaped by distance and economics only.

Calibration (defaults, 2,000 x 20,000, seed 0; carbon price 100 EUR/t, catalogue heat
costs with pipe losses; counts AFTER the catalogue's economic pruning, measured with
`eitflow.build_candidates` and `eitflow.solve.components` at commit e323867):

    radius   links     components   largest component (links)
     5 km     11,387     1,032           229
    10 km     41,232       203         2,459
    20 km    123,903         5       121,737
    30 km    216,643         1       216,643

Targets (../shared/notes/performance.md, issue 3): 10 km ~38k links in ~200 components
(largest 2,661), 30 km ~260k links in one giant component. The 30 km count stays ~17 %
low: more links there came only with a larger component at 10 km (e.g. n_clusters=700,
cluster_sigma_km=10.5: 37.7k links but a 7.2k-link component at 10 km, 244k at 30 km),
and the 10 km structure decides how well decomposition works. The giant component forms
between 10 and 20 km (notes: between 20 and 30 km).

Why amounts are large (sources median 80 GWh/yr, sinks median 60 GWh/yr): a heat link of
route length r costs about CRF x (150 kEUR + 800 kEUR/km x r) + 5 kEUR per year (2.5 MEUR/yr
at 30 km great-circle) and earns at most ~75-95 EUR/MWh, so the pruning keeps it only when
min(supply, demand) >= ~30 GWh/yr. With sinks of median 5 GWh/yr and sources of median
15 GWh/yr, every geometry tried gave at most ~80k links at 30 km. Smaller amounts remain
available through the keyword arguments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: metropolitan France, degrees: (lat_min, lat_max, lon_min, lon_max)
FRANCE_BBOX = (43.0, 50.0, -1.5, 7.5)


KM_PER_DEG_LAT = 111.195  # mean Earth radius 6371.0088 km x pi / 180


#: measured with the defaults (see the module docstring): radius km -> counts after pruning
CALIBRATION: dict[int, dict[str, int]] = {
    5: {"links": 11387, "components": 1032, "largest_component_links": 229},
    10: {"links": 41232, "components": 203, "largest_component_links": 2459},
    20: {"links": 123903, "components": 5, "largest_component_links": 121737},
    30: {"links": 216643, "components": 1, "largest_component_links": 216643},
}


def clustered_heat_instance(n_sources: int = 2000, n_sinks: int = 20000, seed: int = 0, *,
                            n_clusters: int = 1100, cluster_sigma_km: float = 6.5,
                            cluster_weight_sigma: float = 0.3,
                            n_regions: int = 0, region_sigma_km: float = 30.0,
                            source_median_gwh: float = 80.0, source_sigma: float = 0.6,
                            source_min_gwh: float = 1.0, source_max_gwh: float = 200.0,
                            sink_median_mwh: float = 60000.0, sink_sigma: float = 0.8,
                            sink_min_mwh: float = 100.0,
                            source_temperature_c: tuple[float, float] = (100.0, 500.0),
                            sink_temperature_c: tuple[float, float] = (60.0, 90.0),
                            sink_price_eur_per_mwh: tuple[float, float] = (40.0, 70.0),
                            bbox: tuple[float, float, float, float] = FRANCE_BBOX,
                            source_drop_k: tuple[float, float] | None = None,
                            sink_drop_k: tuple[float, float] | None = None,
                            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sites, flows) of a clustered heat instance: one site per source or sink.

    n_clusters, cluster_sigma_km (km, per axis), cluster_weight_sigma (lognormal sigma of
    the clusters' shares of points), n_regions / region_sigma_km (optional second level);
    source_* in GWh/yr (lognormal median and sigma, clipped to [min, max]); sink_* in
    MWh/yr (lognormal median and sigma, floored at sink_min_mwh); temperature and price
    ranges (uniform) in degC and EUR/MWh; bbox (lat_min, lat_max, lon_min, lon_max).
    source_drop_k / sink_drop_k (K, uniform; None = point flows): each flow gets a
    `return_temperature_c` this far below its temperature (heat cascading); drawn after
    everything else, so the rest of the instance is the same as without them.

    Sites: site_id (``S00001``... sources, ``D000001``... sinks), name, lat, lon (WGS84
    degrees), sector (``industry`` / ``district_heating``), zone (``C<cluster>``).
    Flows: site_id, direction, resource ``heat``, amount, unit (sources ``GWh/yr``, sinks
    ``MWh/yr``), temperature_c, price_eur_per_unit (EUR per MWh for sinks, 0 for sources).
    """
    if n_sources < 0 or n_sinks < 0 or n_clusters < 1:
        raise ValueError("n_sources and n_sinks must be ≥ 0 and n_clusters ≥ 1")
    rng = np.random.Generator(np.random.PCG64(seed))
    lat0, lat1, lon0, lon1 = bbox
    mid_lat = np.radians(0.5 * (lat0 + lat1))
    # cluster centres, uniform in the box shrunk by 2 spreads (so clusters stay inside)
    m_lat = min(2 * cluster_sigma_km / KM_PER_DEG_LAT, 0.25 * (lat1 - lat0))
    m_lon = min(2 * cluster_sigma_km / (KM_PER_DEG_LAT * np.cos(mid_lat)), 0.25 * (lon1 - lon0))
    c_lat = rng.uniform(lat0 + m_lat, lat1 - m_lat, n_clusters)
    c_lon = rng.uniform(lon0 + m_lon, lon1 - m_lon, n_clusters)
    if n_regions > 0:
        # two levels: cluster centres normally spread around uniform region centres
        r_lat = rng.uniform(lat0 + m_lat, lat1 - m_lat, n_regions)
        r_lon = rng.uniform(lon0 + m_lon, lon1 - m_lon, n_regions)
        reg = rng.integers(0, n_regions, n_clusters)
        roff = rng.normal(0.0, region_sigma_km, (n_clusters, 2))
        c_lat = np.clip(r_lat[reg] + roff[:, 0] / KM_PER_DEG_LAT, lat0 + m_lat, lat1 - m_lat)
        c_lon = np.clip(r_lon[reg] + roff[:, 1] / (KM_PER_DEG_LAT * np.cos(np.radians(c_lat))),
                        lon0 + m_lon, lon1 - m_lon)
    weight = rng.lognormal(0.0, cluster_weight_sigma, n_clusters)
    cum = np.cumsum(weight / weight.sum())
    cum[-1] = 1.0

    n = n_sources + n_sinks
    cluster = np.minimum(np.searchsorted(cum, rng.random(n), side="right"), n_clusters - 1)
    off = rng.normal(0.0, cluster_sigma_km, (n, 2))
    lat = c_lat[cluster] + off[:, 0] / KM_PER_DEG_LAT
    lon = c_lon[cluster] + off[:, 1] / (KM_PER_DEG_LAT * np.cos(np.radians(lat)))
    lat = np.clip(lat, lat0, lat1)
    lon = np.clip(lon, lon0, lon1)

    src_amount = np.clip(rng.lognormal(np.log(source_median_gwh), source_sigma, n_sources),
                         source_min_gwh, source_max_gwh)
    src_temp = rng.uniform(*source_temperature_c, n_sources)
    snk_amount = np.maximum(rng.lognormal(np.log(sink_median_mwh), sink_sigma, n_sinks), sink_min_mwh)
    snk_temp = rng.uniform(*sink_temperature_c, n_sinks)
    snk_price = rng.uniform(*sink_price_eur_per_mwh, n_sinks)

    sid = np.concatenate([np.char.add("S", np.char.zfill(np.arange(1, n_sources + 1).astype(str), 5)),
                          np.char.add("D", np.char.zfill(np.arange(1, n_sinks + 1).astype(str), 6))])
    is_src = np.arange(n) < n_sources
    sites = pd.DataFrame({
        "site_id": sid,
        "name": np.where(is_src, "heat source ", "heat sink ").astype(object) + sid.astype(object),
        "lat": np.round(lat, 6),
        "lon": np.round(lon, 6),
        "sector": np.where(is_src, "industry", "district_heating"),
        "zone": np.char.add("C", cluster.astype(str)),
    })
    ret = np.full(n, np.nan)
    if source_drop_k is not None:
        ret[:n_sources] = src_temp - rng.uniform(*source_drop_k, n_sources)
    if sink_drop_k is not None:
        ret[n_sources:] = snk_temp - rng.uniform(*sink_drop_k, n_sinks)
    flows = pd.DataFrame({
        "site_id": sid,
        "direction": np.where(is_src, "supply", "demand"),
        "resource": "heat",
        "amount": np.round(np.concatenate([src_amount, snk_amount]), 6),
        "unit": np.where(is_src, "GWh/yr", "MWh/yr"),
        "temperature_c": np.round(np.concatenate([src_temp, snk_temp]), 2),
        "price_eur_per_unit": np.round(np.concatenate([np.zeros(n_sources), snk_price]), 4),
    })
    if source_drop_k is not None or sink_drop_k is not None:
        flows["return_temperature_c"] = np.round(ret, 2)
    return sites, flows


def heat_scenario(sites: pd.DataFrame, flows: pd.DataFrame, radius_km: float, **params):
    """The benchmark scenario of a synthetic heat instance: heat radius `radius_km`,
    carbon price 100 EUR/t (the national scenario's default), other keys as given."""
    from eitflow.io.assemble import scenario_from_frames

    params = {"name": "synthetic clustered heat", "carbon_price_eur_per_t": 100, **params,
              "max_distance_km": {"heat": float(radius_km)}}
    return scenario_from_frames(sites, flows, **params)


__all__ = ["FRANCE_BBOX", "CALIBRATION", "clustered_heat_instance", "heat_scenario"]


