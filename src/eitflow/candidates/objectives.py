"""Candidates under either objective: the same scenario with another objective, and the union
of the links each objective's pruning keeps (an epsilon-constraint point, or the co2
objective's money stage `solve.lexico`, may need a link that loses money but avoids CO2)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.scenario import Scenario


def with_objective(scen: Scenario, objective: str) -> Scenario:
    """The same scenario (tables shared, not copied) with another objective."""
    return dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": objective}))


def link_keys(links: pd.DataFrame) -> list[tuple]:
    """What identifies a candidate link: its ends, its transport mode, hub and network node
    where present, and its heat pump's COP (one pair may have a direct pipe for the heat hot
    enough and a pipe through a heat pump for the rest, and a ranged supply two connections to
    a network node, its bands: with the same ends and mode, only the COP tells them apart)."""
    cols = [c for c in ("supply", "demand", "mode", "kind", "hub", "hub_node", "net_node") if c in links]
    if not len(links):
        return []
    cop = links["heat_pump_cop"].to_numpy(float).round(9).astype(str) if "heat_pump_cop" in links \
        else np.full(len(links), "nan")
    return list(zip(*(links[c].astype(str).to_numpy() for c in cols), cop))


KEY_COLUMNS = ("supply", "demand", "mode", "kind", "hub", "hub_node", "net_node")
QUIET_NAN = np.array(np.nan).view(np.int64).item()   # NaN's bits: no number has them


def link_codes(*tables: pd.DataFrame) -> list[np.ndarray]:
    """`link_keys` as integers, vectorised: per table, one int64 per link, equal across all the
    tables exactly where `link_keys` are (a column compared as its text, the COP rounded to 9
    digits). A key as a Python tuple per link made the union of both objectives' candidates cost
    more than building them (130,000 links); here each column is a code (`pandas.factorize`) and
    the codes are folded column by column into one dense integer.

    Parameters
    ----------
    *tables : pandas.DataFrame
        Candidate link tables (`Candidates.links`).

    Returns
    -------
    list of numpy.ndarray of int64
        One per table, its links' codes.
    """
    sizes = [len(t) for t in tables]
    cols = [tuple(c for c in KEY_COLUMNS if c in t) for t in tables]
    # a table without a column another has: its keys are shorter tuples, equal to none of the
    # other's (a code of its own per set of columns keeps them apart)
    shape = {c: i for i, c in enumerate(dict.fromkeys(cols))}
    code = np.repeat(np.array([shape[c] for c in cols], np.int64), sizes)
    for c in KEY_COLUMNS:
        if any(c in t for t in tables):
            code = _fold(code, _joint([t[c] if c in t else None for t in tables], sizes))
    cops = [pd.Series(t["heat_pump_cop"].to_numpy(float).round(9) if "heat_pump_cop" in t
                      else np.full(len(t), np.nan)) for t in tables]
    return _split(_dense(_fold(code, _joint(cops, sizes))), sizes)


def _dense(code: np.ndarray) -> np.ndarray:
    """The codes renumbered 0, 1, ... (`np.isin` then looks them up in a table, not by sorting)."""
    return pd.factorize(code)[0].astype(np.int64) if len(code) else code


def _split(code: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    return list(np.split(code, np.cumsum(sizes)[:-1])) if sizes else []


def _joint(cols: list[pd.Series | None], sizes: list[int]) -> np.ndarray:
    """One code per value across the tables' columns, equal where `col.astype(str)` is (None: a
    table without the column, whose rows its own shape code keeps apart). Where every non-empty
    column has one numpy dtype of integers or floats, the values themselves stand for their text
    (a float by its bits: -0.0 and 0.0 apart as '-0.0' and '0.0' are, every NaN one as 'nan'),
    else the text is compared."""
    dtypes = {c.dtype for c in cols if c is not None and len(c)}
    one = next(iter(dtypes)) if len(dtypes) == 1 else None
    kind = one.kind if isinstance(one, np.dtype) and (one.kind in "iu" or one == np.float64) else "text"
    parts = []
    for col, n in zip(cols, sizes):
        if col is None or not len(col):
            parts.append(np.full(n, "", object) if kind == "text" else np.zeros(n, np.int64 if kind == "f" else one))
        elif kind == "f":
            v = col.to_numpy()
            bits = v.view(np.int64).copy()
            bits[np.isnan(v)] = QUIET_NAN   # one NaN, whatever its bits
            parts.append(bits)
        elif kind != "text":
            parts.append(col.to_numpy().astype(np.int64, copy=False) if kind == "i" else col.to_numpy())
        elif col.dtype != object:
            # text per distinct value, not per link (a 'str' or category column: equal values, equal
            # texts; NaN its own value); an object column may hold None and NaN, one to factorize
            codes, uniques = pd.factorize(col, use_na_sentinel=False)
            parts.append(pd.Series(uniques, dtype=col.dtype).astype(str).to_numpy(object)[codes])
        else:
            parts.append(col.astype(str).to_numpy(object))
    v = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if kind == "i" and len(v) and int(v.max()) - int(v.min()) < 1 << 31:   # ids and indices: offsets, no hashing
        return v - v.min()
    return pd.factorize(v, use_na_sentinel=False)[0].astype(np.int64)


def _fold(code: np.ndarray, more: np.ndarray) -> np.ndarray:
    """The pairs (code, more), each at least 0, as one code: code x (more's top + 1) + more, where
    that fits in 62 bits, else the two made dense first (below the number of rows: it fits)."""
    if not len(code):
        return code
    if (int(code.max()) + 1) * (int(more.max()) + 1) >= 1 << 62:
        code, more = (pd.factorize(x)[0].astype(np.int64) for x in (code, more))
    return code * (int(more.max()) + 1) + more


def _pair_codes(*tables: pd.DataFrame) -> list[np.ndarray]:
    """Per table, one int64 per row for its (supply, demand) pair, equal across the tables
    exactly where the pairs are."""
    sizes = [len(t) for t in tables]
    code = _fold(*(_joint([pd.Series(t[c].to_numpy(np.int64)) for t in tables], sizes) for c in ("supply", "demand")))
    return _split(_dense(code), sizes)


def both_objective_candidates(scen: Scenario, net_benefit: Candidates | None = None,
                              co2: Candidates | None = None) -> Candidates:
    """Candidate links valid for both objectives: the union of the links kept under the
    net-benefit pruning (v M - F > 0) and the CO2 pruning (CO2 per unit > 0).

    An epsilon-constraint point may need a link that loses money but avoids CO2, which the
    net-benefit candidates drop; coefficients do not depend on the objective, so the union
    is a valid candidate set for either objective. `net_benefit`, `co2`: each objective's
    candidates if already built.
    """
    a = build_candidates(with_objective(scen, "net_benefit")) if net_benefit is None else net_benefit
    b = build_candidates(with_objective(scen, "co2")) if co2 is None else co2
    # b's links whose key (`link_keys`, as integers: `link_codes`) none of a's has; a boolean
    # array, not a list: `df[[]]` of an empty frame selects no columns
    ka, kb = link_codes(a.links, b.links)
    add = b.links[~np.isin(kb, ka)]
    parts = [p for p in (a.links, add) if len(p)]
    links = (pd.concat(parts, ignore_index=True) if parts else a.links)
    if len(links):
        links = links.sort_values(["supply", "demand"], kind="stable").reset_index(drop=True)
    dr = a.dropped
    # a's dropped pairs that no link of the union joins
    kept, pairs = _pair_codes(links, dr)
    dropped = dr[~np.isin(pairs, kept)].reset_index(drop=True)
    # the network's nodes and corridors do not depend on the objective: a's (its connections
    # are in the union like any other link)
    return dataclasses.replace(a, links=links, dropped=dropped, pruned_for=None)
