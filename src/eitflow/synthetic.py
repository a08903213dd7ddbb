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
points are clipped to the box.

Amounts: sources lognormal in GWh/yr clipped to [source_min_gwh, source_max_gwh] at
100-500 degC and price 0 (vented today); sinks lognormal in MWh/yr (median
`sink_median_mwh`) at 60-90 degC, paying 40-70 EUR/MWh (the heat they buy today).
With these temperatures every source can serve every sink (>= 10 K approach), so the
candidate graph is shaped by distance and economics only.

Default calibration (seed 0, carbon price 100 EUR/t, catalogue heat costs; counts after
the catalogue's economic pruning, measured with eitflow.build_candidates and
eitflow.solve.components): see `CALIBRATION` below.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: metropolitan France, degrees: (lat_min, lat_max, lon_min, lon_max)
FRANCE_BBOX = (43.0, 50.0, -1.5, 7.5)
KM_PER_DEG_LAT = 111.195  # mean Earth radius 6371.0088 km x pi / 180

#: defaults of the 2,000 x 20,000 calibration (filled in from measurements; see module doc)
CALIBRATION: dict[str, dict] = {}


def clustered_heat_instance(n_sources: int = 2000, n_sinks: int = 20000, seed: int = 0, *,
                            n_clusters: int = 250, cluster_sigma_km: float = 6.0,
                            cluster_weight_sigma: float = 1.0,
                            source_median_gwh: float = 15.0, source_sigma: float = 1.2,
                            source_min_gwh: float = 1.0, source_max_gwh: float = 200.0,
                            sink_median_mwh: float = 5000.0, sink_sigma: float = 1.0,
                            sink_min_mwh: float = 100.0,
                            source_temperature_c: tuple[float, float] = (100.0, 500.0),
                            sink_temperature_c: tuple[float, float] = (60.0, 90.0),
                            sink_price_eur_per_mwh: tuple[float, float] = (40.0, 70.0),
                            bbox: tuple[float, float, float, float] = FRANCE_BBOX,
                            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sites, flows) of a clustered heat instance: one site per source or sink.

    Sites: site_id (``S00001``... sources, ``D000001``... sinks), name, lat, lon (WGS84
    degrees), sector (``industry`` / ``district_heating``), zone (``C<cluster>``).
    Flows: site_id, direction, resource ``heat``, amount, unit (sources ``GWh/yr``, sinks
    ``MWh/yr``), temperature_c, price_eur_per_unit (EUR per MWh for sinks, 0 for sources).
    """
    if n_sources < 0 or n_sinks < 0 or n_clusters < 1:
        raise ValueError("n_sources and n_sinks must be >= 0 and n_clusters >= 1")
    rng = np.random.Generator(np.random.PCG64(seed))
    lat0, lat1, lon0, lon1 = bbox
    mid_lat = np.radians(0.5 * (lat0 + lat1))
    # cluster centres, uniform in the box shrunk by 2 spreads (so clusters stay inside)
    m_lat = min(2 * cluster_sigma_km / KM_PER_DEG_LAT, 0.25 * (lat1 - lat0))
    m_lon = min(2 * cluster_sigma_km / (KM_PER_DEG_LAT * np.cos(mid_lat)), 0.25 * (lon1 - lon0))
    c_lat = rng.uniform(lat0 + m_lat, lat1 - m_lat, n_clusters)
    c_lon = rng.uniform(lon0 + m_lon, lon1 - m_lon, n_clusters)
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
    flows = pd.DataFrame({
        "site_id": sid,
        "direction": np.where(is_src, "supply", "demand"),
        "resource": "heat",
        "amount": np.round(np.concatenate([src_amount, snk_amount]), 6),
        "unit": np.where(is_src, "GWh/yr", "MWh/yr"),
        "temperature_c": np.round(np.concatenate([src_temp, snk_temp]), 2),
        "price_eur_per_unit": np.round(np.concatenate([np.zeros(n_sources), snk_price]), 4),
    })
    return sites, flows


def heat_scenario(sites: pd.DataFrame, flows: pd.DataFrame, radius_km: float, **params):
    """The benchmark scenario of a synthetic heat instance: heat radius `radius_km`,
    carbon price 100 EUR/t (the national scenario's default), other keys as given."""
    from .io import scenario_from_frames

    params = {"name": "synthetic clustered heat", "carbon_price_eur_per_t": 100, **params,
              "max_distance_km": {"heat": float(radius_km)}}
    return scenario_from_frames(sites, flows, **params)


__all__ = ["FRANCE_BBOX", "CALIBRATION", "clustered_heat_instance", "heat_scenario"]
