"""The order and columns of candidate links: `LINK_FIELDS`, the columns every link table has, in
their order, and the links' order by (kind, hub_node, supply, demand), kept by every build so that
two builds of one scenario number their links alike (`candidates.generate`, `candidates.network`)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

LINK_FIELDS = ["supply", "demand", "source_site", "sink_site", "supply_resource", "demand_resource", "yield",
               "distance_km", "great_circle_km", "capacity", "lower", "upper", "var_cost_eur_per_unit", "value_eur_per_unit",
               "co2_t_per_unit", "investment_eur", "fixed_eur_per_yr", "user_link", "heat_pump_cop",
               "kind", "hub", "hub_node", "mode", "timing_limited", "net_node"]


def sorted_links(links: pd.DataFrame, cols: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """The links in the order of (kind, hub_node, supply, demand), ties in their given order:
    as pandas' stable sort_values, by one numpy lexsort where no key is missing (a pandas sort
    on four columns costs about 1 ms a run), and no copy when they are in order already.
    `cols`: the frame's columns as the arrays it was made of, if at hand (read from it else)."""
    def col(c: str) -> np.ndarray:
        return cols[c] if cols is not None else links[c].to_numpy()

    order = link_order(col)
    if order is None:
        return links.sort_values(["kind", "hub_node", "supply", "demand"], kind="stable").reset_index(drop=True)
    if np.array_equal(order, np.arange(len(order))):
        return links if isinstance(links.index, pd.RangeIndex) and links.index.start == 0 \
            and links.index.step == 1 else links.reset_index(drop=True)
    return links.iloc[order].reset_index(drop=True)


def link_order(col: Callable[[str], np.ndarray]) -> np.ndarray | None:
    """The links' order by (kind, hub_node, supply, demand), ties in their given order, by one
    numpy lexsort from their columns (`col`: name -> array); None where a key is missing or
    not a number, or a kind not a string (pandas' sort decides there)."""
    kind = col("kind")
    keys = [col(c) for c in ("demand", "supply", "hub_node")]
    if any(k.dtype.kind not in "iuf" for k in keys) or any(k.dtype.kind == "f" and np.isnan(k).any() for k in keys) \
            or not all(isinstance(v, str) for v in kind):
        return None
    _, kcode = np.unique(kind.astype(str), return_inverse=True)
    return np.lexsort([*keys, kcode.ravel()])


def as_built(cols: dict[str, np.ndarray]) -> bool:
    """Whether links made of `cols` are the links as `_candidates` leaves them: LINK_FIELDS in
    order, the position columns int64, the rows sorted (`sorted_links` would keep them)."""
    if list(cols) != LINK_FIELDS or any(cols[c].dtype != np.int64 for c in ("supply", "demand", "hub", "hub_node",
                                                                            "net_node")):
        return False
    kind = cols["kind"]
    if not all(isinstance(v, str) for v in kind):
        return False   # `link_order` would leave them to pandas' sort
    # each row after the one before it, ties allowed: `link_order`'s stable lexsort would keep
    # them, found without its sort and `np.unique` of the kinds (35 us a run on sp50x100)
    undecided = np.ones(max(len(kind) - 1, 0), bool)   # the row pairs equal on the keys so far
    for k in (kind, cols["hub_node"], cols["supply"], cols["demand"]):
        if bool((undecided & (k[:-1] > k[1:])).any()):
            return False
        undecided &= k[:-1] == k[1:]
    return True
