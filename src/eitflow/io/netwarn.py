"""Warnings on a `networks:` entry of scenario.yaml whose settings would change nothing, or
look given in another unit: each names its key (``networks.<resource>.<setting>``), as
`io.network.validate_networks`' refusals do, and the run goes on.

The rule on a pressure below 1 bar (`below_atmosphere`, said by `low_pressure`) is the
network's and the tables': flows.csv's (activity_flows.csv's) and hubs.csv's `pressure_bar`
below it is warned about too, naming file, row and column (`warn_low_pressures`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector
from eitflow.i18n import Phrase, Res
from eitflow.io.tables import MAX_ROWS_LISTED
from eitflow.scenario import NetworkOptions

__all__ = ["ATMOSPHERE_BAR", "below_atmosphere", "low_pressure", "warn_low_pressures", "warn_network_settings"]

#: a network pressure below this (bar) would be a vacuum: pressures are absolute (the compression
#: costs 0.67 MWh/t x ln(p_to / p_from), a ratio of absolute pressures), so likely MPa or barg
ATMOSPHERE_BAR = 1.0


def below_atmosphere(p: float | np.ndarray) -> np.ndarray:
    """Where a pressure (bar, absolute) is below `ATMOSPHERE_BAR` (False where NaN: none given)."""
    return np.asarray(p, float) < ATMOSPHERE_BAR


def low_pressure(p: float, into: bool = False) -> Phrase:
    """What is said of a pressure `p` below 1 bar: what it would cost, from it (a network, a
    supply, a hub: every demand above it pays the compression from `p`) or, `into` it (a
    demand), that no supply above it pays any compression to it."""
    return Phrase("val_pressure_below_atmosphere", p=p,
                  then=Phrase("val_pressure_then_to") if into else Phrase("val_pressure_then_from", p=p))


def warn_low_pressures(table: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """Warn (in `warn`) about each row of `table` whose `pressure_bar` is below 1 bar where it
    applies (a compressed resource: hydrogen; on another one it is refused, `io.validate`):
    flows.csv or activity_flows.csv as `io.validate.validate_flows` returns it (resource,
    direction, row), or hubs.csv as `io.hubs.validate_hubs` does (resources, a list; its rows
    in order)."""
    if "pressure_bar" not in table or not len(table):
        return
    p = table["pressure_bar"].to_numpy(float)
    squeezed = lambda r: r in cat and cat[r].compression_mwh_per_unit_ln > 0  # noqa: E731
    hub = "resources" in table
    applies = np.array([any(squeezed(r) for r in rs) if hub else squeezed(rs)
                        for rs in table["resources" if hub else "resource"]], bool)
    rows = np.arange(2, len(table) + 2) if hub else table["row"].to_numpy(int)
    into = np.zeros(len(table), bool) if hub else (table["direction"] == "demand").to_numpy()
    for k in np.flatnonzero(below_atmosphere(p) & applies)[:MAX_ROWS_LISTED]:
        warn.add(file, low_pressure(float(p[k]), bool(into[k])), row=int(rows[k]), column="pressure_bar")


def warn_network_settings(r: str, opt: NetworkOptions, cat: Catalogue, file: str, warn: Collector) -> None:
    """The warnings of the network of `r` (its options `opt`): options of generated corridors
    given without `generate` (none are generated), `k` with delaunay (knn's only), a heat pump
    at injection on a resource the catalogue has no heat pump for (hydrogen, steam: it changes
    nothing, as `candidates.netattach.injection_pump` reads it only where one is allowed), and
    a pressure below 1 bar (0.03: MPa meant? a demand at 350 bar would pay the compression
    from 0.03 bar, ln(350 / 0.03) = 9.4 where from 30 bar it is 2.5)."""
    unused = sorted({"k", "max_length_km"} & opt.model_fields_set) if opt.generate == "none" else []
    if unused:
        warn.add(file, Phrase("net_gen_only_one", res=r, opts=unused[0]) if len(unused) == 1 else
                 Phrase("net_gen_only_many", res=r, opts=Phrase("val_and", a=unused[0], b=unused[1])))
    if opt.generate == "delaunay" and "k" in opt.model_fields_set:
        warn.add(file, Phrase("net_k_delaunay", res=r, k=opt.k))   # k neighbours: knn's only
    if r not in cat:
        return   # refused by `validate_networks`
    if "heat_pump_at_injection" in opt.model_fields_set and not cat[r].heat_pump:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.heat_pump_at_injection",
                              message=Phrase("net_hp_injection_unused", res=Res(r))))
    p = opt.pressure_bar
    if p is not None and below_atmosphere(p) and cat[r].compression_mwh_per_unit_ln > 0:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.pressure_bar", message=low_pressure(p)))
