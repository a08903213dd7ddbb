"""Warnings on a `networks:` entry of scenario.yaml whose settings would change nothing, or
look given in another unit: each names its key (``networks.<resource>.<setting>``), as
`io.network.validate_networks`' refusals do, and the run goes on.

The rule on a pressure below 1 bar (`below_atmosphere`, said by `low_pressure`) is the
network's and the tables': flows.csv's (activity_flows.csv's) and hubs.csv's `pressure_bar`
below it is warned about too, naming file, row and column (`warn_low_pressures`). So is a
corridor of corridors.csv that leads only to places where nothing enters or leaves its network
(`check_dead_ends`, also exported by `io.network`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector, excerpt
from eitflow.i18n import Named, Net, Phrase
from eitflow.io.tables import MAX_ROWS_LISTED
from eitflow.io.unitslips import warn_kelvin_network
from eitflow.scenario import NetworkOptions, Parameters

__all__ = ["ATMOSPHERE_BAR", "below_atmosphere", "check_dead_ends", "low_pressure", "warn_low_pressures", "warn_network_settings"]

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


def warn_unstated_purity(flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """A supply of a resource with a purity rule (hydrogen) whose `purity` is empty, where a
    demand of that resource states the purity it needs: the rule reads an empty cell as no
    requirement (`candidates.rules`), so the supply is taken as pure enough for every demand, a
    fuel cell's 0.99999 too: said per supply row (flows.csv, as
    `io.validate.validate_flows` returns it), with the purest need; an empty `pressure_bar` on
    such a supply likewise, whose compression to a demand's stated pressure is then not costed."""
    if not len(flows):
        return
    res, sup = flows["resource"].to_numpy(object), (flows["direction"] == "supply").to_numpy()
    # an empty pressure likewise: compression from it (to a demand's stated pressure) is not costed
    for c, rule, key in (("purity", lambda r: cat[r].quality == "purity", "val_purity_unstated"),
                         ("pressure_bar", lambda r: cat[r].compression_mwh_per_unit_ln > 0, "val_pressure_unstated")):
        v = flows[c].to_numpy(float) if c in flows else np.full(len(flows), np.nan)
        for r in sorted({x for x in res if x in cat and rule(x)}):
            need = v[(res == r) & ~sup & np.isfinite(v)]
            for k in np.flatnonzero((res == r) & sup & np.isnan(v))[:MAX_ROWS_LISTED] if len(need) else []:
                warn.add(file, Phrase(key, need=float(need.max())), row=int(flows["row"].iat[k]), column=c)


def warn_hub_temperature(hubs: pd.DataFrame, flows: pd.DataFrame, file: str, cat: Catalogue, warn: Collector) -> None:
    """A hub of a resource with a temperature rule (heat, steam) whose `temperature_c` is empty:
    no temperature rule applies through it (`candidates.hubs`), so where the coldest supply of
    its resources is below what the warmest demand needs (its temperature + the approach) heat
    may go through it uphill, without a heat pump: said per hub row (hubs.csv's rows in order)."""
    if not len(hubs) or not len(flows):
        return
    res, t = flows["resource"].to_numpy(object), flows["temperature_c"].to_numpy(float)
    sup = (flows["direction"] == "supply").to_numpy()
    for k, (rs, ht) in enumerate(zip(hubs["resources"], hubs["temperature_c"].to_numpy(float))):
        warm = [r for r in rs if r in cat and cat[r].quality == "temperature"]
        on = np.isin(res, warm) & np.isfinite(t)
        if not warm or np.isfinite(ht) or not (on & sup).any() or not (on & ~sup).any():
            continue
        lo, hi = float(t[on & sup].min()), float(t[on & ~sup].max())
        if lo < hi + max(cat[r].min_delta_t_k for r in warm):
            warn.add(file, Phrase("val_hub_temperature_unstated", lo=lo, hi=hi), row=k + 2, column="temperature_c")


def warn_network_settings(r: str, opt: NetworkOptions, cat: Catalogue, file: str, warn: Collector) -> None:
    """The warnings of the network of `r` (its options `opt`): options of generated corridors
    given without `generate` (none are generated), `k` with delaunay (knn's only), a heat pump
    at injection on a resource the catalogue has no heat pump for (hydrogen, steam: it changes
    nothing, as `candidates.netattach.injection_pump` reads it only where one is allowed), and
    a pressure below 1 bar (0.03: MPa meant? a demand at 350 bar would pay the compression
    from 0.03 bar, ln(350 / 0.03) = 9.4 where from 30 bar it is 2.5), and a temperature that
    looks written in kelvins (`io.unitslips.warn_kelvin_network`)."""
    unused = sorted({"k", "max_length_km"} & opt.model_fields_set) if opt.generate == "none" else []
    if unused:
        warn.add(file, Phrase("net_gen_only_one", res=r, opts=unused[0]) if len(unused) == 1 else
                 Phrase("net_gen_only_many", res=r, opts=Phrase("val_and", a=unused[0], b=unused[1])))
    if opt.generate == "delaunay" and "k" in opt.model_fields_set:
        warn.add(file, Phrase("net_k_delaunay", res=r, k=opt.k))   # k neighbours: knn's only
    if r not in cat:
        return   # refused by `validate_networks`
    if cat[r].quality == "temperature":   # another resource's temperature is refused (io.network)
        warn_kelvin_network(r, opt, file, warn)
    if "heat_pump_at_injection" in opt.model_fields_set and not cat[r].heat_pump:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.heat_pump_at_injection",
                              message=Phrase("net_hp_injection_unused", res=Named(r))))
    p = opt.pressure_bar
    if p is not None and below_atmosphere(p) and cat[r].compression_mwh_per_unit_ln > 0:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.pressure_bar", message=low_pressure(p)))


def check_dead_ends(corridors: pd.DataFrame, flows: pd.DataFrame, hubs: pd.DataFrame | None, cat: Catalogue,
                    file: str, warn: Collector, params: Parameters | None = None,
                    junctions: pd.DataFrame | None = None) -> None:
    """A corridor that leads only to places where nothing can enter or leave its network (a
    site without a flow of its resource, or of one it feeds, and a junction, at the end of a
    branch) can carry nothing: a warning per such corridor (a site_id mistyped?). Branches are
    cut leaf by leaf; a network with no such flow at all is `candidates.netwhy.idle_networks`'.
    On a network that generates its corridors (`params`' networks.<r>.generate) a junction of
    it is no leaf: the generated corridors join it to the network's sites (an existing main
    from an incinerator to a junction, corridors.csv's only row, was said to carry nothing,
    and `validate --strict` refused the scenario, though the optimum sent its heat along it)."""
    from eitflow.catalogue import feeds_of

    fres, fsite = flows["resource"].to_numpy(object), flows["site_id"].to_numpy(object)
    for r in sorted(set(corridors["resource"])):
        if r not in cat:
            continue
        takes = {r} | set(feeds_of(r, cat[r])) | {x for x in cat if r in feeds_of(x, cat[x])}
        used = set(fsite[np.isin(fres, list(takes))])
        if hubs is not None and len(hubs):   # a hub handling the resource is a place where it enters and leaves
            used |= {h for h, rs in zip(hubs["hub_id"], hubs["resources"]) if r in rs}
        opts = None if params is None else params.networks.get(r)
        if junctions is not None and opts is not None and opts.generate != "none":
            used |= {j for j, rs in zip(junctions["junction_id"], junctions["resources"]) if not rs or r in rs}
        ends = {int(k): (corridors["from"].iat[k], corridors["to"].iat[k])
                for k in np.flatnonzero((corridors["resource"] == r).to_numpy())}
        if not used & {e for ab in ends.values() for e in ab}:
            continue
        at: dict[str, list[int]] = {}   # leaves cut one by one from a queue: linear in the corridors
        for k, e in ((k, e) for k, ab in ends.items() for e in set(ab)):
            at.setdefault(e, []).append(k)
        degree = {e: len(v) for e, v in at.items()}
        queue = [e for e, n in degree.items() if n == 1 and e not in used]
        dead: list[int] = []
        while queue:
            e = queue.pop()
            for k in (k for k in at[e] if k in ends):
                dead.append(k)
                for o in set(ends.pop(k)):
                    degree[o] -= 1
                    if degree[o] == 1 and o not in used:
                        queue.append(o)
        for k in sorted(dead):
            warn.add(file, Phrase("net_corridor_dead_end", id=excerpt(corridors["corridor_id"].iat[k]), net=Net(r),
                                  res=Named(r), a=excerpt(corridors["from"].iat[k]), b=excerpt(corridors["to"].iat[k])),
                     row=int(corridors["row"].iat[k]))
