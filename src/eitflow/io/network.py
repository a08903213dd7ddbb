"""Shared networks in: corridors.csv and junctions.csv (`io.schema.CORRIDORS`, `JUNCTIONS`)
and the `networks:` block of scenario.yaml, checked against the sites, hubs and catalogue.

Every problem is reported with its file, spreadsheet row and column, all at once. The
checks that cross tables: ends that are sites, hubs or junctions (never two at once; a
junction of the corridor's network), a resource with pipe sizes in the catalogue, sizes
that exist, an existing pipe with a capacity, a capacity unit of the resource's dimension,
a capacity only where it is used (an existing pipe, a corridor with its own costs), a size
or own costs but not both. Warnings (plausible, but worth a look): two corridors between
the same places, a junction on no network, an existing pipe's heat loss reckoned from the
size that carries its capacity (it has none given).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector, excerpt
from eitflow.i18n import Gloss, Named, Net, Phrase, Res, Unit, resources_said
from eitflow.io.netwarn import check_dead_ends, warn_network_settings
from eitflow.io.plausible import place_coordinates, warn_lengths
from eitflow.io.schema import CORRIDORS, JUNCTIONS
from eitflow.io.tables import (
    FALSE_WORDS,
    TRUE_WORDS,
    _near_miss,
    _parse_bool,
    _report_rows,
    _text,
    _unknown_values,
    check_columns,
    check_ids,
    check_key_column,
    not_in,
    number,
    resource_hint,
    resource_spellings,
    source,
    split_list,
    unknown_resources,
)
from eitflow.io.validate import read_coordinates
from eitflow.scenario import NetworkOptions, Parameters, returns_too_warm
from eitflow.units import UnitError, conversion_factor, gas_conversion_factor

__all__ = ["check_dead_ends", "check_junction_use", "networks_named", "validate_corridors", "validate_junctions", "validate_networks",
           "warn_pipe_sizes"]

JUNCTION_COLUMNS = ["junction_id", "name", "lat", "lon", "resources"]
CORRIDOR_COLUMNS = ["corridor_id", "resource", "from", "to", "length_km", "direction", "existing", "capacity",
                    "size", "investment_eur", "fixed_cost_eur_per_yr", "var_cost_eur_per_unit", "loss_w_per_m", "row",
                    "capacity_unit"]


def validate_junctions(df: pd.DataFrame, file: str, sites: pd.DataFrame, hubs: pd.DataFrame | None,
                       cat: Catalogue, col: Collector) -> pd.DataFrame:
    """junctions.csv → junction_id, name, lat, lon (deg), resources (list; empty = every network)."""
    if not check_columns(df, file, JUNCTIONS, col):
        return pd.DataFrame(columns=JUNCTION_COLUMNS)
    ids = df["junction_id"]
    taken = set(sites["site_id"]) | (set() if hubs is None else set(hubs["hub_id"]))
    check_key_column(col, file, "junction_id", ids, "a junction id", taken, Phrase("net_junction_clash"))
    res = [split_list(cell) for cell in _text(df, "resources")]
    nets = _network_resources(cat)
    maps: dict = {"spelled": {k: r for k, r in resource_spellings(cat).items() if r in nets}}
    for k, rs in enumerate(res):
        bad = [r for r in rs if r not in nets]
        if bad:
            col.add(file, Phrase("net_junction_resource", res=excerpt(bad[0]), hint=_near_miss(bad[0], nets, maps),
                                 nets=resources_said(sorted(nets), True)), row=k + 2, column="resources")
    name = _text(df, "name")
    lat, lon = read_coordinates(df, file, col, JUNCTIONS)   # metres of Lambert-93 said so, as for a site
    return pd.DataFrame({"junction_id": ids.to_numpy(), "name": name.where(name != "", ids).to_numpy(),
                         "lat": lat, "lon": lon, "resources": res}, columns=JUNCTION_COLUMNS)


def _network_resources(cat: Catalogue) -> set[str]:
    """Resources with pipe sizes (a `network` block): those a network may carry."""
    return {r for r in cat if cat[r].network is not None}


def validate_corridors(df: pd.DataFrame, file: str, sites: pd.DataFrame, hubs: pd.DataFrame | None,
                       junctions: pd.DataFrame | None, cat: Catalogue, col: Collector,
                       warn: Collector | None = None, rated: dict[str, float] | None = None,
                       plots: pd.DataFrame | None = None) -> pd.DataFrame:
    """corridors.csv → one row per corridor: capacity in the resource's base unit per year
    (rated: the load factor applies in the model; `capacity_unit` the unit it was given in), NaN where optional numbers are empty,
    `existing` as bool, `direction` both | forward, `row` its spreadsheet row. Two corridors
    between the same places go to `warn`, and so do capacities far from the catalogue's sizes,
    each size's capacity times `rated[resource]` (`NetworkSpec.rating`: a 115/65 degC network's
    pipes carry 50/30 of the table's 90/60 heat; 1 where not given)."""
    if not check_columns(df, file, CORRIDORS, col):
        return pd.DataFrame(columns=CORRIDOR_COLUMNS)
    n = len(df)
    raw = _text(df, "corridor_id")
    blank = (raw == "").to_numpy()
    cid = raw.where(~blank, pd.Series([f"c{k + 2}" for k in range(n)], index=df.index, dtype=object))
    check_ids(col, file, "corridor_id", cid)
    _report_rows(col, file, "corridor_id", ~blank & raw.duplicated().to_numpy(),
                 Phrase("val_duplicate_column", column="corridor_id"), cid)
    # an empty id's default (c and its row) that another row gives: said at the empty cell, not
    # as "duplicate 'c3'" there (a blank cell) or at the other row (where no twin is visible)
    given = {v: k for k, v in reversed(list(enumerate(raw))) if v}
    for i in np.flatnonzero(blank & cid.isin(list(given)).to_numpy()).tolist():
        col.add(file, Phrase("net_default_id_taken", id=cid.iat[i], row=given[cid.iat[i]] + 2), row=i + 2,
                column="corridor_id")
    res = df["resource"]
    nets = _network_resources(cat)
    _report_rows(col, file, "resource", (res == "").to_numpy(),
                 Phrase("val_missing", what=Gloss("a resource")))
    bad_r = unknown_resources(col, file, "resource", res, cat,
                              Phrase("net_expected_pipe_resource", nets=resources_said(sorted(nets), True)))
    bad_r = bad_r | (res == "").to_numpy()   # an empty resource, said above: no later check reads it (it was a KeyError)
    no_net = np.array([not bad_r[k] and r != "" and cat[r].network is None for k, r in enumerate(res)], bool)
    _report_rows(col, file, "resource", no_net, Phrase("net_no_pipe_sizes"), res)
    ends = set(sites["site_id"]) | (set() if hubs is None else set(hubs["hub_id"])) | (
        set() if junctions is None else set(junctions["junction_id"]))
    # a siting's plots too: a placed activity joins the network at its plot
    tables = ("sites", "hubs", "junctions") if plots is None else ("sites", "hubs", "junctions", "plots")
    ends |= set() if plots is None else set(plots["plot_id"])
    for c in ("from", "to"):
        _report_rows(col, file, c, (df[c] == "").to_numpy(),
                     Phrase("val_missing", what=Gloss("a site, hub or junction id")))
        _unknown_values(col, file, c, df[c], ends, not_in(col, "end" if plots is None else "end_plot", *tables))
    _report_rows(col, file, "to", ((df["from"] == df["to"]) & (df["from"] != "")).to_numpy(),
                 Phrase("net_from_is_to"), df["to"])
    # an end of another resource: a junction of other networks only, a hub that does not
    # handle the corridor's resource (it would be a bare junction there, its hub ignored)
    # (a junction whose resources cell is refused, 'chaleur' for heat, is said there once only)
    only = {} if junctions is None or not len(junctions) else {
        j: ("net_end_junction_only", rs, "junctions") for j, rs in zip(junctions["junction_id"], junctions["resources"])
        if rs and all(r in nets for r in rs)}
    if hubs is not None and len(hubs):
        only.update({h: ("net_end_hub_only", rs, "hubs") for h, rs in zip(hubs["hub_id"], hubs["resources"])})
    for c in ("from", "to"):
        for k, (end, r) in enumerate(zip(df[c], res)):
            if end in only and r in cat and r not in only[end][1]:
                key, rs, table = only[end]
                # the ids the column holds, each beside its name in French ('vapeur ('steam')': a French
                # error said 'heat, steam')
                col.add(file, Phrase(key, end=excerpt(end), has=resources_said(rs, True),
                                     res=Phrase("res_with_code", res=Res(r), code=r), code=r, t=source(col, table)),
                        row=k + 2, column=c)
    direction = _text(df, "direction").str.lower()
    bad_d = ~direction.isin(["", "both", "forward"])
    _report_rows(col, file, "direction", bad_d.to_numpy(), Phrase("net_direction"), _text(df, "direction"))
    existing = _parse_bool(df, "existing", file, col)
    num = lambda c: number(df, CORRIDORS[c], file, col)  # noqa: E731
    cap = num("capacity")
    unit = _text(df, "unit")
    factor = np.ones(n)
    size = _text(df, "size")
    for k in range(n):
        r = res.iat[k]
        if bad_r[k] or no_net[k] or r == "":
            continue
        spec = cat[r].network
        assert spec is not None
        u = unit.iat[k] or spec.capacity_unit
        try:
            # an existing hydrogen main's capacity in Nm3/h weighed as flows.csv's amounts are
            factor[k] = gas_conversion_factor(u, cat[r].base_unit, cat[r].normal_density_kg_per_nm3)
        except UnitError as exc:
            what = Phrase("net_unit_not_capacity", unit=excerpt(u), net=Net(r)) if "dimension" in str(exc) else exc.args[0]
            col.add(file, Phrase("net_unit_expected", what=what, rate=Unit(spec.capacity_unit),
                                 base=Unit(cat[r].base_unit)), row=k + 2, column="unit")
        names = [s.name for s in sorted(spec.sizes, key=lambda s: s.capacity)]   # smallest first
        if size.iat[k] and size.iat[k] not in names:
            # 'dn100', 'DN 100' or a bare 100 for DN100: the size meant, said (names stay exact:
            # results and the catalogue spell them one way)
            meant = {_size_key(v): v for v in names}.get(_size_key(size.iat[k]))
            hint = Phrase("val_did_you_mean", close=meant) if meant else ""
            col.add(file, Phrase("net_unknown_size", size=excerpt(size.iat[k]), hint=hint, res=Res(r),
                                 names=", ".join(names)), row=k + 2, column="size")
    inv, fix = num("investment_eur"), num("fixed_cost_eur_per_yr")
    # (an unreadable capacity or existing cell is reported already: not said again as missing or unused)
    cap_given = (_text(df, "capacity") != "").to_numpy()
    ex_read = _text(df, "existing").str.lower().isin(TRUE_WORDS | FALSE_WORDS).to_numpy()
    missing_cap = existing & ~cap_given & (size == "").to_numpy()
    _report_rows(col, file, "capacity", missing_cap, Phrase("net_existing_capacity"))
    costed = existing & (np.isfinite(inv) | np.isfinite(fix))
    _report_rows(col, file, "investment_eur", costed, Phrase("net_existing_costed"))
    both_given = (size != "").to_numpy() & np.isfinite(inv)
    _report_rows(col, file, "size", both_given, Phrase("net_size_and_investment"))
    # a new corridor on the catalogue's sizes takes its capacity from the size the model
    # picks: a capacity there would be ignored (own costs, a size with a fixed cost included,
    # use it: `candidates.network`)
    own = np.isfinite(inv) | np.isfinite(fix)
    unused_cap = ~existing & ex_read & ~own & np.isfinite(cap) & (cap > 0)   # (<= 0 is reported already)
    _report_rows(col, file, "capacity", unused_cap, Phrase("net_unused_capacity"), _text(df, "capacity"))
    # a measured heat loss: an existing pipe's or a corridor's with its own costs, on heat or steam
    loss = num("loss_w_per_m")
    lossy = np.isfinite(loss)
    energy = np.array([not bad_r[k] and r in cat and cat[r].base_unit == "MWh/yr" for k, r in enumerate(res)], bool)
    _report_rows(col, file, "loss_w_per_m", lossy & ~energy & ~(bad_r | no_net), Phrase("net_loss_not_heat"),
                 _text(df, "loss_w_per_m"))
    _report_rows(col, file, "loss_w_per_m", lossy & energy & ~existing & ~own & ex_read, Phrase("net_loss_unused"),
                 _text(df, "loss_w_per_m"))
    length = num("length_km")
    if warn is not None:
        _warn_parallel(df, file, cid, res, existing, warn)
        warn_lengths(df["from"], df["to"], length, [sites, hubs, junctions, plots], file, "length_km", warn,
                     ("net_length_short", "net_length_metres", "net_length_zero"), priced=own | existing)
        _warn_far(df, cid, length, res, ~(bad_r | no_net), [sites, hubs, junctions, plots], cat, file, warn)
        # against the sizes' capacities on their network: a capacity given in the table's terms
        # is divided by the network's multiple
        mult = np.array([(rated or {}).get(r, 1.0) for r in res], float)
        mult = np.where(mult > 0, mult, 1.0)
        tab = factor / mult
        off = _warn_capacity(cap, unit, tab, res, ~(bad_r | no_net), cat, file, warn, mult)
        # a capacity already said to be off the whole catalogue is not said again against its size
        _warn_size_capacity(cap, unit, tab, size, res, ~(bad_r | no_net) & ~off, cat, file, warn, mult)
        _warn_existing_loss(cap, unit, tab, res, existing & (size == "").to_numpy() & ~lossy & ~(bad_r | no_net), cat,
                            file, warn)   # (a measured loss is its own)
    return pd.DataFrame({
        "corridor_id": cid.to_numpy(), "resource": res.to_numpy(), "from": df["from"].to_numpy(),
        "to": df["to"].to_numpy(), "length_km": length,
        "direction": np.where(direction.to_numpy() == "forward", "forward", "both"),
        "existing": existing, "capacity": cap * factor, "size": size.to_numpy(),
        "investment_eur": inv, "fixed_cost_eur_per_yr": fix, "var_cost_eur_per_unit": num("var_cost_eur_per_unit"),
        "loss_w_per_m": loss,
        "row": np.arange(n) + 2,
        # the unit its capacity was given in (the network's capacity unit where the cell is empty):
        # what explain and unmatched.csv say it in (`results.netfull`)
        "capacity_unit": [unit.iat[k] or (cat[r].network.capacity_unit  # type: ignore[union-attr]
                                          if not (bad_r[k] or no_net[k] or r == "") else "")
                          for k, r in enumerate(res)],
    }, columns=CORRIDOR_COLUMNS)


def _size_key(name: str) -> str:
    """A pipe size's name without letter case, spaces or its 'DN' ('dn 100' -> '100')."""
    v = "".join(name.split()).casefold()
    return v[2:] if v.startswith("dn") else v


def _warn_parallel(df: pd.DataFrame, file: str, cid: pd.Series, res: pd.Series, existing: np.ndarray,
                   warn: Collector) -> None:
    """A corridor between the same two places as an earlier one of its resource (either
    way round), both new or both existing: two candidate trenches side by side, which the
    model may both build (a new pipe beside an existing one is meant: no warning)."""
    first: dict[tuple, int] = {}
    for k, (r, a, b) in enumerate(zip(res, df["from"], df["to"])):
        if not a or not b or a == b:
            continue
        key = (r, *sorted((a, b)), bool(existing[k]))
        if key in first:
            j = first[key]
            what = Phrase("net_parallel_existing" if existing[k] else "net_parallel_new", net=Net(r))
            warn.add(file, Phrase("net_parallel", id=excerpt(cid.iat[k]), other=excerpt(cid.iat[j]), row=j + 2,
                                  what=what), row=k + 2, column="to")
        else:
            first[key] = k


def _warn_far(df: pd.DataFrame, cid: pd.Series, length: np.ndarray, res: pd.Series, known: np.ndarray,
              places: list[pd.DataFrame | None], cat: Catalogue, file: str, warn: Collector) -> None:
    """A corridor without length_km whose length from its ends' coordinates (great circle x
    the route factor, as `candidates.network` reckons it) exceeds its resource's reach
    (`max_distance_km`, the scenario's if it sets one): one end's coordinates are most
    likely wrong (a junction at 47.615 N for 48.615 N made a 144 km heat corridor, kept
    without a word). A length given is the analyst's own: not warned about here."""
    from eitflow.geo import haversine_km

    lat, lon = place_coordinates(places)
    a, b = df["from"], df["to"]
    gc = haversine_km(a.map(lat).to_numpy(float), a.map(lon).to_numpy(float), b.map(lat).to_numpy(float),
                      b.map(lon).to_numpy(float))
    for k in np.flatnonzero(known & np.isnan(length) & np.isfinite(gc)):
        if res.iat[k] not in cat:   # a blank or unknown resource: reported by its own check
            continue
        r = cat[res.iat[k]]
        if r.network is None:
            continue
        rf = r.route_factor
        if gc[k] * rf > r.max_distance_km:
            warn.add(file, Phrase("net_corridor_far", id=excerpt(cid.iat[k]), km=float(gc[k] * rf), gc=float(gc[k]),
                                  rf=float(rf), reach=float(r.max_distance_km), res=Named(res.iat[k]),
                                  a=excerpt(a.iat[k]), b=excerpt(b.iat[k])), row=int(k) + 2, column="length_km")


CAPACITY_RATIO = 10.0   # a capacity this many times below the smallest pipe size or above the largest is warned about


def _warn_capacity(cap: np.ndarray, unit: pd.Series, factor: np.ndarray, res: pd.Series, known: np.ndarray,
                   cat: Catalogue, file: str, warn: Collector, mult: np.ndarray) -> np.ndarray:
    """A capacity (an existing pipe's, a corridor's with its own costs) under a tenth of the
    resource's smallest pipe size or over ten times its largest: a rate and an amount per year
    mixed up, most likely (2 written in MWh/yr for 2 MW carries 1/8,760 of it, 20,000 in MW for
    20,000 MWh/yr 8,760 times it); a warning, since a pipe may be outside the catalogue.
    `factor` gives a capacity in the table's terms; `mult` (per row) is what the network's
    pipes carry per unit of the table's, for the size's capacity the warning states.
    Returns the rows warned about."""
    out = np.zeros(len(cap), bool)
    for k in np.flatnonzero(known & np.isfinite(cap) & (cap > 0) & np.isfinite(factor)):
        spec = cat[res.iat[k]].network
        if spec is None or not spec.sizes:
            continue
        base = cat[res.iat[k]].base_unit
        try:
            per_rate = conversion_factor(spec.capacity_unit, base)   # 8,760 MWh/yr per MW
        except UnitError:
            continue
        rated = cap[k] * factor[k]   # base units per year
        small = min(spec.sizes, key=lambda s: s.capacity)   # whatever the order resources.yaml lists them in
        large = max(spec.sizes, key=lambda s: s.capacity)
        if rated * CAPACITY_RATIO < small.capacity * per_rate:
            key, size = "net_capacity_small", small
        elif rated > CAPACITY_RATIO * large.capacity * per_rate:
            key, size = "net_capacity_large", large
        else:
            continue
        out[k] = True
        warn.add(file, Phrase(key, cap=float(cap[k]), unit=Unit(unit.iat[k] or spec.capacity_unit),
                              net=Net(res.iat[k]), size=size.name, size_cap=float(size.capacity * mult[k]),
                              rate=Unit(spec.capacity_unit), base=Unit(base)), row=int(k) + 2, column="capacity")
    return out


SIZE_RATIO = 2.0   # a capacity more than this many times its own size's is warned about
# ... and one less than a tenth of it. A pipe is often run below its catalogue rating (rated
# at 250 Pa/m and the network's design temperature difference: an old pipe derated, or run at
# half the difference, carries a half or a third), so a modest shortfall is left alone; a tenth
# of a size is what a pipe three or four sizes smaller carries (DN300's 32.3 MW / 10 = 3.2 MW,
# about a DN125; DN100's 1.95 / 10 = 0.2 MW, about a DN40), no derating but a wrong size or
# figure (a DN300 given 0.05 MW loses 445 MWh/yr per km at its 50.8 W/m, as much as the 438
# MWh/yr it may carry at full load). The same ratio as CAPACITY_RATIO against the catalogue.
SIZE_BELOW_RATIO = 10.0


def _warn_size_capacity(cap: np.ndarray, unit: pd.Series, factor: np.ndarray, size: pd.Series, res: pd.Series,
                        known: np.ndarray, cat: Catalogue, file: str, warn: Collector, mult: np.ndarray) -> None:
    """A corridor given both a size and a capacity (an existing pipe, a size with a fixed cost)
    whose capacity is more than twice what that size carries, or less than a tenth of it: the
    model takes the capacity as given, with the size's heat loss (an existing DN20 of '2' MW
    carried 72 times its 0.0279 MW, silently; a DN300 of 0.05 MW 646 times less than its 32.3
    MW); the size or the capacity is wrong, most likely. `factor` and `mult` as in
    `_warn_capacity`: the size's capacity stated is what it carries on its network."""
    for k in np.flatnonzero(known & np.isfinite(cap) & (cap > 0) & np.isfinite(factor) & (size != "").to_numpy()):
        spec = cat[res.iat[k]].network
        named = [s for s in spec.sizes if s.name == size.iat[k]] if spec is not None else []
        if spec is None or not named:
            continue   # an unknown size is an error already
        try:
            per_rate = conversion_factor(spec.capacity_unit, cat[res.iat[k]].base_unit)
        except UnitError:
            continue
        ratio = cap[k] * factor[k] / (named[0].capacity * per_rate)
        if ratio > SIZE_RATIO or ratio * SIZE_BELOW_RATIO < 1.0:
            above = ratio > SIZE_RATIO
            warn.add(file, Phrase("net_capacity_above_size" if above else "net_capacity_below_size",
                                  cap=float(cap[k]), unit=Unit(unit.iat[k] or spec.capacity_unit),
                                  ratio=float(ratio if above else 1.0 / ratio), size=named[0].name,
                                  size_cap=float(named[0].capacity * mult[k]), rate=Unit(spec.capacity_unit)),
                     row=int(k) + 2, column="capacity")


def _warn_existing_loss(cap: np.ndarray, unit: pd.Series, factor: np.ndarray, res: pd.Series, unsized: np.ndarray,
                        cat: Catalogue, file: str, warn: Collector) -> None:
    """An existing pipe given by its capacity alone, on a network whose pipes lose heat: its
    loss is that of the smallest catalogue size carrying its capacity (the largest where none
    does: likely less than it loses), as `candidates.network` reckons it; said, with the size."""
    for k in np.flatnonzero(unsized & np.isfinite(cap) & (cap > 0) & np.isfinite(factor)):
        r = res.iat[k]
        spec = cat[r].network
        if spec is None or not spec.sizes or cat[r].base_unit != "MWh/yr":   # W/m losses count on energy only
            continue
        rate = cap[k] * factor[k] / conversion_factor(spec.capacity_unit, "MWh/yr")   # in the sizes' unit
        size = spec.size_carrying(rate)
        if size.loss_w_per_m > 0:
            key = "net_existing_loss_largest" if size.capacity < rate * (1 - 1e-9) else "net_existing_loss_size"
            warn.add(file, Phrase(key, cap=float(cap[k]), unit=Unit(unit.iat[k] or spec.capacity_unit), net=Net(r),
                                  size=size.name, w=float(size.loss_w_per_m)), row=int(k) + 2, column="size")


def warn_pipe_sizes(cat: Catalogue, resources: set[str], file: str, warn: Collector) -> None:
    """A pipe size of a network resource in `resources` that another size of the table
    carries as much as (capacity) for no more investment (EUR/m) and heat loss (W/m): no
    corridor is ever built with it, and linear sizing's lines pass through it all the same
    (a DN200 typed 1 MW at 1,171 EUR/m beside a DN100 of 1.95 MW at 670 EUR/m); most likely
    a typing slip in resources.yaml. The catalogue's own tables have none. Heat-only settings
    on a network of a material: `_warn_heat_only`."""
    for r in sorted(resources):
        spec = cat[r].network if r in cat else None
        if spec is None:
            continue
        _warn_heat_only(cat, r, file, warn)
        for k, s in enumerate(spec.sizes):
            for j, o in enumerate(spec.sizes):
                same = (o.capacity, o.investment_eur_per_m, o.loss_w_per_m) == (s.capacity, s.investment_eur_per_m,
                                                                               s.loss_w_per_m)
                if j == k or o.capacity < s.capacity or o.investment_eur_per_m > s.investment_eur_per_m or (
                        o.loss_w_per_m > s.loss_w_per_m) or (same and j > k):
                    continue
                unit = Unit(spec.capacity_unit)
                warn.add(file, Phrase("res_field", name=r, loc="network.sizes", message=Phrase(
                    "net_size_dominated", size=s.name, cap=s.capacity, inv=s.investment_eur_per_m, loss=s.loss_w_per_m,
                    other=o.name, ocap=o.capacity, oinv=o.investment_eur_per_m, oloss=o.loss_w_per_m, unit=unit)))
                break


#: a network's settings that only a network of energy (heat, steam: MWh/yr) uses
HEAT_ONLY_FIELDS = ("reference_temperature_c", "return_drop_k", "sensible_heat", "ground_temperature_c")


def _warn_heat_only(cat: Catalogue, r: str, file: str, warn: Collector) -> None:
    """Heat-only settings given to the network of a material (hydrogen, CO2, water: a base
    unit not MWh/yr): its pipes lose no W/m (`costs.corridor_size_costs` counts it on energy
    only) and have no temperature, so a resources.yaml giving them (a table copied from the
    heat one) had them dropped without a word. Said, one warning per setting."""
    spec = cat[r].network
    if spec is not None and cat[r].quality != "purity" and spec.reference_pressure_bar is not None:
        # a network without an operating pressure (`candidates.netgas`) rates its sizes as the table does
        warn.add(file, Phrase("res_field", name=r, loc="network", message=Phrase("net_pressure_only_field", net=Net(r))))
    if spec is None or cat[r].base_unit == "MWh/yr":
        return
    why = dict(net=Net(r), unit=Unit(cat[r].base_unit))
    for name in (f for f in HEAT_ONLY_FIELDS if f in spec.model_fields_set):
        warn.add(file, Phrase("res_field", name=r, loc="network", message=Phrase("net_heat_only_field", field=name, **why)))
    lossy = [s.name for s in spec.sizes if s.loss_w_per_m > 0]
    if lossy:
        warn.add(file, Phrase("res_field", name=r, loc="network.sizes",
                              message=Phrase("net_heat_only_sizes", sizes=", ".join(lossy), **why)))


def check_network_corridors(params: Parameters, corridors: pd.DataFrame | None, warn: Collector,
                            file: str = "scenario.yaml") -> None:
    """A `networks.<resource>` block that can carry nothing: no corridor of corridors.csv is of
    its resource and it generates none (a warning: the run goes on without that network)."""
    given = set() if corridors is None or not len(corridors) else set(corridors["resource"])
    for r, opt in params.networks.items():
        if opt.generate == "none" and r not in given:
            warn.add(file, Phrase("net_no_corridor_at_all", res=excerpt(r), t=source(warn, "corridors")))


def check_junction_use(junctions: pd.DataFrame, corridors: pd.DataFrame | None, params: Parameters,
                       file: str, warn: Collector) -> None:
    """A junction that no corridor names and no generated network takes (`networks.<r>.generate`
    for one of its resources) is on no network: a warning (it changes nothing)."""
    named = set() if corridors is None else set(corridors["from"]) | set(corridors["to"])
    gen = {r for r, o in params.networks.items() if o.generate != "none"}
    for k, (j, rs) in enumerate(zip(junctions["junction_id"], junctions["resources"])):
        if j in named or (gen and (not rs or gen & set(rs))):
            continue
        which = Phrase("net_junction_which", rs=", ".join(rs)) if rs else ""
        warn.add(file, Phrase("net_junction_idle", id=excerpt(j), which=which, t=source(warn, "corridors")), row=k + 2, column="junction_id")


def networks_named(raw: object) -> dict[str, NetworkOptions]:
    """The networks a `networks:` block names, for checking the tables when scenario.yaml
    is invalid (its problems reported already): each with its temperature when that is a
    number (NaN when given but invalid, None when not given), the rest by default. Without
    them corridors.csv's heat corridors would be reported as lacking a network temperature
    that scenario.yaml gives."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for r, v in raw.items():
        t = v.get("temperature_c") if isinstance(v, dict) else None
        temp = None if t is None else (float(t) if isinstance(t, (int, float)) and not isinstance(t, bool)
                                       else float("nan"))
        out[str(r)] = NetworkOptions.model_construct(temperature_c=temp)
    return out


def validate_networks(params: Parameters, cat: Catalogue, col: Collector, file: str = "scenario.yaml",
                      warn: Collector | None = None) -> None:
    """The `networks:` block: each key a catalogue resource with pipe sizes; a temperature for
    heat and steam networks (quality "temperature") and for them only; purity and pressure only
    for hydrogen (quality "purity"). Settings that would change nothing (options of generated
    corridors without `generate`, a heat pump at injection where the catalogue has none) or a
    pressure below 1 bar go to `warn` (`io.netwarn`)."""
    nets = _network_resources(cat)
    for r, opt in params.networks.items():
        if warn is not None:   # settings that change nothing, a pressure in other units (io.netwarn)
            warn_network_settings(r, opt, cat, file, warn)
        if r not in cat:
            col.add(file, Phrase("net_unknown_network", res=excerpt(r), hint=resource_hint(r, cat),
                                 nets=", ".join(sorted(nets))))
            continue
        if cat[r].network is None:
            col.add(file, Phrase("key_at", k=f"networks.{r}", message=Phrase("net_no_pipe_sizes")))
        if cat[r].quality == "temperature" and opt.temperature_c is None:
            col.add(file, Phrase("key_at", k=f"networks.{r}.temperature_c", message=Phrase("net_needs_temperature",
                                                                                             net=Net(r))))
        # a rule the resource does not have would be ignored: say so rather than run without it
        if returns_too_warm(opt.temperature_c, opt.return_temperature_c):
            col.add(file, Phrase("key_at", k=f"networks.{r}.return_temperature_c", message=Phrase(
                "net_return_not_below", ret=opt.return_temperature_c, t=opt.temperature_c)))
        for key, quality in (("temperature_c", "temperature"), ("return_temperature_c", "temperature"),
                             ("purity", "purity"), ("pressure_bar", "pressure")):   # (compressed: hydrogen)
            if getattr(opt, key) is not None and (cat[r].compression_mwh_per_unit_ln <= 0 if quality == "pressure"
                                                  else cat[r].quality != quality):
                col.add(file, Phrase("key_at", k=f"networks.{r}.{key}", message=Phrase(f"net_no_{quality}_rule",
                                                                                        res=Named(r))))
