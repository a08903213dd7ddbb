"""Temperatures of heat and steam flows: the approach between supply and demand, and the
shares of a ranged supply (return temperature) or demand that a partner can reach."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.scenario import Scenario

TOL_K = 1e-9


def approach_k(scen: Scenario, rs: str, rd: str) -> float:
    """Minimum approach (K) of a supply resource feeding a demand resource (0 without a
    temperature rule)."""
    cat = scen.catalogue
    return max(cat[rs].min_delta_t_k if cat[rs].quality == "temperature" else 0.0,
               cat[rd].min_delta_t_k if cat[rd].quality == "temperature" else 0.0)


def has_ranges(scen: Scenario) -> bool:
    """True when some flow states a return temperature (the cascade is then modelled)."""
    f = scen.flows
    return "return_temperature_c" in f and bool(np.isfinite(np.asarray(scen.column("flows", "return_temperature_c"),
                                                                        float)).any())


def heat_share_above(top_c, ret_c, level_c):
    """Share of a ranged flow's heat located at or above `level_c` (1 for a point flow at
    or above the level, 0 below it)."""
    top_c, ret_c, level_c = (np.asarray(a, float) for a in (top_c, ret_c, level_c))
    point = ~np.isfinite(ret_c)
    span = np.where(point, 1.0, top_c - ret_c)
    share = np.clip((top_c - level_c) / np.where(span > 0, span, 1.0), 0.0, 1.0)
    return np.where(point, (top_c >= level_c - TOL_K).astype(float), share)


def need_share_below(top_c, ret_c, level_c):
    """Share of a demand's need located at or below `level_c` (a point demand: 1 when its
    temperature is at or below the level)."""
    top_c, ret_c, level_c = (np.asarray(a, float) for a in (top_c, ret_c, level_c))
    point = ~np.isfinite(ret_c)
    span = np.where(point, 1.0, top_c - ret_c)
    share = np.clip((level_c - ret_c) / np.where(span > 0, span, 1.0), 0.0, 1.0)
    return np.where(point, (top_c <= level_c + TOL_K).astype(float), share)


def _heat_terms(scen: Scenario, rs: np.ndarray, rd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per link (supply resource, demand resource): (temperature rule applies, approach K),
    looked up once per distinct resource pair."""
    cat = scen.catalogue
    q = {(a, b): (cat[a].quality == "temperature" or cat[b].quality == "temperature", approach_k(scen, a, b))
         for a, b in set(zip(rs, rd))}
    return (np.array([q[k][0] for k in zip(rs, rd)], bool).reshape(len(rs)),
            np.array([q[k][1] for k in zip(rs, rd)], float).reshape(len(rs)))


def unreachable_share(scen: Scenario, links: pd.DataFrame) -> np.ndarray:
    """Per flow: the share of a ranged flow that no candidate link can use because of
    temperatures: a demand's need above the hottest partner's reach, a supply's heat below
    the coolest need it could serve. 0 for point flows and for flows with a heat-pump link
    or a hub leg (which deliver at any level)."""
    f = scen.flows
    out = np.zeros(len(f))
    if not has_ranges(scen) or len(links) == 0:
        return out
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float)
    sup, dem = links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)
    heat, dT = _heat_terms(scen, links["supply_resource"].to_numpy(), links["demand_resource"].to_numpy())
    kind = links["kind"].to_numpy()
    plain = heat & (kind == "direct") & ~np.isfinite(links["heat_pump_cop"].to_numpy(float))
    # a connection to a network draws its supply's heat above its band's level (`band_levels`:
    # the network's return for the first band, the supply's own for the pumped second)
    from eitflow.candidates.netattach import band_levels

    band, _ = band_levels(scen, kind, sup, links["supply_resource"].to_numpy(), heat)
    banded = np.isfinite(band)
    n = len(f)
    linked, other = np.zeros(n, bool), np.zeros(n, bool)  # has a link; has a heat-pump link or hub leg
    for ends in (sup, dem):
        ok = ends >= 0
        linked[ends[ok]] = True
        np.logical_or.at(other, ends[ok], ~(plain | banded)[ok])
    reach = np.full(n, -np.inf)  # per demand: the hottest level a partner reaches
    np.maximum.at(reach, dem[plain], temp[sup[plain]] - dT[plain])
    low = np.full(n, np.inf)     # per supply: the coolest level a partner needs (+ approach)
    need = np.where(np.isfinite(ret), ret, temp)[dem[plain]] + dT[plain]
    np.minimum.at(low, sup[plain], need)
    np.minimum.at(low, sup[banded], band[banded])
    is_dem = (f["direction"].to_numpy() == "demand")
    use = np.isfinite(ret) & linked & ~other
    d, s_ = use & is_dem, use & ~is_dem
    out[d] = 1.0 - need_share_below(temp[d], ret[d], reach[d])
    out[s_] = 1.0 - heat_share_above(temp[s_], ret[s_], low[s_])
    return out


