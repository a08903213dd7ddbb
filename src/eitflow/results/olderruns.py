"""Tables of a run directory written by an earlier eitflow, read as today's: what `read_run`
does to a column that was added, or whose meaning changed, since (so that `report`, `compare`
and sweeps give the figures of today's outputs, or NaN where they cannot be known)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def after_shares(m: pd.DataFrame, hubs: pd.DataFrame | None) -> pd.DataFrame:
    """matches.csv of a run written before eitflow gave an exchange its figure after the shared
    networks' and hubs' costs (`results.shares`): an exchange that touches neither bears none
    (exact); a network's delivery keeps the figure after its share of an eitflow that wrote one
    (`net_benefit_after_network_eur_per_yr`, exact without hubs), else, like any leg of a hub
    (`hubs`: the run's hubs.csv), gets NaN (unknown, shown as such) rather than its figure
    before those costs. CO2 after shares (only a hub passes CO2 on): its own CO2, NaN on a hub's
    leg. A built supply's or placed activity's share, in a run written before eitflow shared
    them out: unknown (NaN), the figure after shares kept as that eitflow wrote it."""
    if "net_benefit_eur_per_yr" not in m:
        return m
    from eitflow.candidates.network import PARTY_PREFIX

    ids = set() if hubs is None or "hub_id" not in hubs else set(hubs["hub_id"].astype(str))
    leg = (m["source_site"].astype(str).isin(ids) | m["sink_site"].astype(str).isin(ids)).to_numpy()
    if "co2_avoided_after_shares_t_per_yr" not in m and "co2_avoided_t_per_yr" in m:
        m = m.assign(co2_avoided_after_shares_t_per_yr=np.where(leg, np.nan, m["co2_avoided_t_per_yr"].to_numpy(float)))
    if "build_cost_share_eur_per_yr" not in m:
        m = m.assign(build_cost_share_eur_per_yr=np.nan)
    if "net_benefit_after_shares_eur_per_yr" in m:
        return m
    own = m["net_benefit_eur_per_yr"].to_numpy(float)
    delivery = m["source_site"].astype(str).str.startswith(PARTY_PREFIX).to_numpy()
    after = m["net_benefit_after_network_eur_per_yr"].to_numpy(float) if "net_benefit_after_network_eur_per_yr" in m \
        else np.where(delivery, np.nan, own)
    net_share = m["network_cost_share_eur_per_yr"].to_numpy(float) if "network_cost_share_eur_per_yr" in m \
        else np.where(delivery, np.nan, 0.0)
    return m.drop(columns=["net_benefit_after_network_eur_per_yr"], errors="ignore").assign(
        network_cost_share_eur_per_yr=net_share, hub_share_eur_per_yr=np.where(leg, np.nan, 0.0),
        net_benefit_after_shares_eur_per_yr=np.where(leg, np.nan, after))


def corridors_with_pumping(c: pd.DataFrame) -> pd.DataFrame:
    """corridors.csv of a run written before a corridor's `annual_cost_eur_per_yr` held its
    pumping (it was the pipe's annuity and upkeep, `pipe_cost_eur_per_yr` today, with the
    pumping apart, and so was `catalogue_annual_cost_eur_per_yr`): both get the pumping added,
    exactly, so that they sum to summary.json's `networks` cost as today's do."""
    if "pipe_cost_eur_per_yr" in c or "annual_cost_eur_per_yr" not in c or "pumping_eur_per_yr" not in c:
        return c
    pump = c["pumping_eur_per_yr"].to_numpy(float)
    out = c.assign(pipe_cost_eur_per_yr=c["annual_cost_eur_per_yr"], annual_cost_eur_per_yr=c["annual_cost_eur_per_yr"] + pump)
    if "catalogue_annual_cost_eur_per_yr" in c:
        out["catalogue_annual_cost_eur_per_yr"] = c["catalogue_annual_cost_eur_per_yr"] + pump
    return out
