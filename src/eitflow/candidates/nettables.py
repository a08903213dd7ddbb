"""The tables of the shared networks (`candidates.network` builds them): nodes, candidate
corridors, pipe-size options and directed arcs, held as columns of plain arrays, which the
model and the solver read, with their DataFrames made on first use (results, reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["Network", "stack_columns"]


@dataclass
class Network:
    """Every shared network of a scenario.

    nodes: node (position), node_id (site, hub or junction id), kind (site | hub | junction),
        resource, lat, lon (deg), component (connected part of the corridor graph, numbered over
        all networks), hub (position in scen.hubs, -1 if not a hub), hub_node (the hub's node
        in `candidates.hubs.hub_nodes`, -1 if not a hub).
    corridors: corridor (position), corridor_id, resource, a, b (node positions), length_km,
        great_circle_km, direction (both | forward), existing, generated, capacity (rated, base
        units/yr; inf = none), var_cost_eur_per_unit, yield (arriving per unit sent), component,
        load_factor (mean rate / rated within a period).
    options: option (position), corridor, size (a catalogue size, "custom", or "linear": its
        capacity is then a decision up to `capacity`), capacity (rated, base units/yr),
        investment_eur, fixed_eur_per_yr, loss (base units/yr while it exists); a linear
        option's parts per unit of rated capacity (base units/yr): cap_investment_eur,
        cap_fixed_eur_per_yr, cap_loss (0 for the others); way: -1 (the option carries either
        way), or with linear sizing on a two-way corridor one option per way, 0 (a -> b) and 1
        (b -> a): the way is chosen with the build, which makes the LP's cuts directed; with
        monthly profiles a third, -1, carrying either way (a way in summer, the other in winter).
    generated: per resource, the number of corridors eitflow generated.
    too_long: per resource, the generated pairs left out as longer than its max_length_km.
    temperature_c: per resource, the network's supply temperature (None where not a heat carrier).
    return_temperature_c: per resource, the network's return temperature where stated (degC).
    sizing: per resource, the pipe sizing used (discrete | linear; `networks.<resource>.sizing`).
    purity, pressure_bar: per resource with a purity rule (hydrogen), the network's purity
        (mol/mol) and operating pressure (bar), stated or derived (`candidates.network.
        network_gas`); None where not stated by anyone or not a purity resource.

    The tables are held as columns of plain arrays (`node_arrays`, `corridor_arrays`,
    `option_arrays`, `arc_arrays`: column -> array, in the frames' column order), which the
    model and the solver read; the DataFrames `nodes`, `corridors`, `options` and `arcs` are
    made from them on first use (results, reports), once. A run that asks for no table (the
    solve alone, as `eitflow bench run fcnet` times it) makes none: four frames cost about
    1 ms a run, a quarter of HiGHS's whole solve on FCNetLib's smallest cases. Neither is
    changed after `build_network`.
    """

    node_arrays: dict[str, np.ndarray]
    corridor_arrays: dict[str, np.ndarray]
    option_arrays: dict[str, np.ndarray]
    generated: dict[str, int] = field(default_factory=dict)
    temperature_c: dict[str, float | None] = field(default_factory=dict)
    sizing: dict[str, str] = field(default_factory=dict)
    purity: dict[str, float | None] = field(default_factory=dict)
    pressure_bar: dict[str, float | None] = field(default_factory=dict)
    too_long: dict[str, int] = field(default_factory=dict)
    return_temperature_c: dict[str, float | None] = field(default_factory=dict)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """The nodes (see the class docstring), made once from `node_arrays`."""
        return _frame(self.node_arrays)

    @cached_property
    def corridors(self) -> pd.DataFrame:
        """The candidate corridors (see the class docstring), made once from `corridor_arrays`."""
        return _frame(self.corridor_arrays)

    @cached_property
    def options(self) -> pd.DataFrame:
        """The pipe-size options (see the class docstring), made once from `option_arrays`."""
        return _frame(self.option_arrays)

    @cached_property
    def reached(self) -> np.ndarray:
        """Per node, whether some corridor ends there (a node without one carries nothing)."""
        out = np.zeros(len(self.node_arrays["node"]), bool)
        out[np.asarray(self.corridor_arrays["a"], np.int64)] = True
        out[np.asarray(self.corridor_arrays["b"], np.int64)] = True
        return out

    @cached_property
    def node_at(self) -> dict[tuple[str, str], int]:
        """(resource, node_id) -> the first node of that id in that resource's network: made
        once, for lookups per flow (unmatched.csv asks one per unserved flow; comparing the
        columns each time took 4 ms a flow on the 40-town region's 100,000 nodes)."""
        out: dict[tuple[str, str], int] = {}
        for i, key in enumerate(zip(self.node_arrays["resource"].tolist(), self.node_arrays["node_id"].tolist())):
            out.setdefault(key, i)
        return out

    @cached_property
    def arc_arrays(self) -> dict[str, np.ndarray]:
        """Directed arcs: arc (position), corridor, tail, head (node positions). Every corridor
        has its a -> b arc (positions 0..C-1, in corridor order), then the b -> a arc of each
        two-way corridor. Made once (the model, the solution and the results each read it)."""
        c = self.corridor_arrays
        back = np.flatnonzero(c["direction"] == "both")
        cor = np.concatenate([np.arange(len(c["corridor"])), back])
        a, b = c["a"].astype(np.int64), c["b"].astype(np.int64)
        return {"arc": np.arange(len(cor)), "corridor": cor,
                "tail": np.concatenate([a, b[back]]), "head": np.concatenate([b, a[back]])}

    @cached_property
    def arcs(self) -> pd.DataFrame:
        """The directed arcs (`arc_arrays`) as a frame, made once."""
        return pd.DataFrame(self.arc_arrays)


def _frame(cols: dict[str, np.ndarray]) -> pd.DataFrame:
    """A table's frame from its columns. An empty table keeps the frame it always had: the
    position column int64, the others of object dtype (no rows to infer a type from)."""
    if len(next(iter(cols.values()))):
        return pd.DataFrame(cols)
    return pd.DataFrame({k: np.zeros(0, v.dtype if v.dtype == np.int64 else object) for k, v in cols.items()})


def stack_columns(parts: list[dict], columns: list[str]) -> dict[str, np.ndarray]:
    """One table's columns from parts given as {column: array or scalar} (each part's length is
    that of its first array column), concatenated once; without parts, empty columns of object
    dtype (the frame a table without rows always had)."""
    if not parts:
        return {c: np.zeros(0, object) for c in columns}
    out = {}
    sizes = [next(len(v) for v in p.values() if isinstance(v, np.ndarray)) for p in parts]
    total = sum(sizes)
    for key in parts[0]:
        first = parts[0][key]
        if not isinstance(first, np.ndarray) and all(not isinstance(p[key], np.ndarray) and type(p[key]) is type(first)
                                                     and p[key] == first for p in parts[1:]):
            # the same scalar in every part: one array of it, as the parts' arrays concatenated
            # (a connection has a dozen such columns: one np.full and no concatenate each)
            out[key] = np.full(total, first, object if isinstance(first, str) else None)
            continue
        vals = []
        for p, n in zip(parts, sizes):
            v = p[key]
            vals.append(v if isinstance(v, np.ndarray) else np.full(n, v, object if isinstance(v, str) else None))
        out[key] = np.concatenate(vals) if len(vals) > 1 else vals[0]
    return out
