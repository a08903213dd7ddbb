"""Candidate exchanges: spatial search, quality rule, economics, and a reason for every
pair that was in range but dropped.

For each (supply resource -> demand resource) substitution of the catalogue, supply and
demand flows are matched with a KD-tree radius search (never all pairs). Each surviving
pair is a candidate link with its coefficients, all per unit of *supply* base unit:

    value_eur_per_unit  v = yield * price_demand + disposal_supply - production_cost_supply
                            + carbon_price * co2 - var_cost
    co2_t_per_unit        = yield * co2_factor_demand - transport_co2_per_unit_km * distance
                            - production_co2_supply        (electrolysers: electrolyser.py)
    fixed_eur_per_yr    F = CRF * investment + fixed_cost
    upper               M = min(supply, demand / yield, capacity)     (tightest big-M)
    lower               L = max(min_amount_supply, min_amount_demand / yield)

A pair is dropped (with its reason) when it fails the quality rule, when L > M, or when
it can never pay: v * M - F <= 0 (net_benefit) or co2 <= 0 (co2 objective). Dropping
these is exact for demands that are not `required`: such a link is never strictly
better used than left idle.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from eitflow.candidates import budget
from eitflow.candidates.linkorder import LINK_FIELDS, as_built, sorted_links
from eitflow.candidates.nearest import NearestWork
from eitflow.candidates.radius import flow_radius_km, mode_cap_km
from eitflow.candidates.reasons import NO_CO2_GAIN, UNECONOMIC
from eitflow.candidates.rules import FULL_USE_COLUMNS, _apply_rules
from eitflow.candidates.search import searched_pairs
from eitflow.candidates.userpairs import user_pairs as given_pairs
from eitflow.catalogue import substitution_pairs
from eitflow.geo import unit_vectors
from eitflow.ids import positions
from eitflow.scenario import Scenario, frame_column

if TYPE_CHECKING:
    from eitflow.candidates.network import Network



@dataclass
class Candidates:
    """Candidate links and the pairs dropped on the way.

    links: one row per candidate (LINK_FIELDS); `supply`/`demand` are row positions in
        scenario.flows; amounts in supply base units per year, money in EUR;
        `distance_km` is the route length (km: great circle x the mode's detour factor,
        or the length links.csv gives) and `great_circle_km` the distance as the crow flies.
    dropped: pairs that were in range but dropped: supply, demand, distance_km (route),
        great_circle_km, reason, detail (the rule's figures, or empty for an uneconomic
        pair whose figures are its `rules.FULL_USE_COLUMNS`): `rules.pair_details` writes
        the text when asked, an `i18n.Phrase` (the English as a string, ``say("fr")``).
    nearest_km: per flow (position in scenario.flows), great-circle km to the nearest
        flow it could exchange with (any distance); inf when none exists.
    in_range: per flow, the number of partners within the radius rule (`radius.py`)
        before the other rules.
    nearest_partner: per flow, the position of that nearest flow (-1 when none).
    Both found when first read where `build_candidates` made them (`candidates.nearest`):
    only explanations ask for them.

    Candidates made from the links' columns (`of_columns`: a network-only run's connections)
    make the frame `links` when it is first read: a solve reads the columns alone
    (`column`, `has_column`, `len`), and the frame (25 columns, about 0.6 ms with pandas 3's
    string inference: a fifth of FCNetLib sp50x100's HiGHS run) is made for the results only.
    """

    links: pd.DataFrame   # a property (below the class): the frame set, or made from `_link_cols`
    dropped: pd.DataFrame
    nearest_km: np.ndarray
    in_range: np.ndarray
    nearest_partner: np.ndarray | None = None
    network: Network | None = None  # shared networks (`candidates.network`): nodes, corridors, sizes
    # what the coefficients were computed from (`built_for`), checked when they are re-used
    built_for: dict | None = field(default=None, repr=False, compare=False)
    # the objective whose rule left pairs out (`rules`: uneconomic, or no CO2 gain), checked
    # when they are re-used under the other; None: valid for either (`objectives`' union)
    pruned_for: str | None = field(default=None, repr=False, compare=False)
    # columns of `links` already read (`column`), with the frame they were read from
    _columns: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # the networks' directed reach (`candidates.netreach.network_reach`), with the links it was made from
    _net_reach: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # the sizes' idle periods (`candidates.netreach.idle_option_periods`), with the links and profiles
    _net_idle: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # the sizes left out of the model (`candidates.netreach.needless_options`), likewise
    _net_needless: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # whether the networks are plain (`model.netplain`), with the links it was found for
    _net_plain: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # set by `links`' setter alone (no default: `__init__` leaves them to it): the frame (None
    # until made), the columns it is made from (None: a frame was given)
    _frame: pd.DataFrame | None = field(init=False, repr=False, compare=False)
    _link_cols: dict[str, np.ndarray] | None = field(init=False, repr=False, compare=False)
    # set by `dropped`'s setter: the table (`_no_pair_dropped()` itself: copied when first read)
    _dropped: pd.DataFrame = field(init=False, repr=False, compare=False)
    # set by the nearest fields' setters: their values, or the `NearestWork` that finds both
    _near: dict = field(init=False, repr=False, compare=False)

    @classmethod
    def of_columns(cls, cols: dict[str, np.ndarray], **kw) -> Candidates:
        """Candidates whose links are the columns `cols` (name -> array, LINK_FIELDS' order,
        one length), their frame ``pandas.DataFrame(cols)`` made when `links` is first read;
        `kw`: the other fields."""
        cand = cls(links=_no_frame(), **kw)
        cand._frame, cand._link_cols = None, dict(cols)   # `column` reads them, each when first asked
        return cand

    @property
    def links_key(self) -> object:
        """What the links were made from (the frame set, or `of_columns`' columns): values
        derived from the links are kept with it and compared by identity (`column`,
        `candidates.netreach`), so reading `links` for it makes no frame."""
        return self._frame if self._link_cols is None else self._link_cols

    def __len__(self) -> int:
        cols = self._link_cols
        return len(self.links) if cols is None else len(next(iter(cols.values()), ()))

    def has_column(self, name: str) -> bool:
        """Whether the links have column `name`, without making their frame."""
        return name in self.links if self._link_cols is None else name in self._link_cols

    def column(self, name: str) -> np.ndarray:
        """Column `name` of `links` as a read-only numpy array, read from the frame once: the
        model, the decomposition and the solution read the same dozen columns several times a
        run, and a pandas column read costs about 10 us (a third of a millisecond a run on
        FCNetLib's smallest networks, whose whole HiGHS solve takes 3 ms). Read again if
        `links` is another frame since. Candidates made of columns (`of_columns`) read them."""
        got = self._columns.get(name)
        if got is None or got[0] is not self.links_key:
            cols = self._link_cols
            arr = _read_only(cols[name]) if cols is not None and name in cols else frame_column(self.links, name)
            arr.flags.writeable = False
            got = self._columns[name] = (self.links_key, arr)
        return got[1]

    def known_columns(self, cols: dict[str, np.ndarray]) -> None:
        """Take `cols` (name -> array) as the columns of `links`, which was made from them
        (`pandas.DataFrame(cols)`, same values, not reordered): `column` then reads none of
        them from the frame."""
        for name, arr in cols.items():
            self._columns[name] = (self.links_key, _read_only(arr))


def _read_only(arr) -> np.ndarray:
    """`arr` as a numpy array that cannot be written to: itself if so already, else a view."""
    arr = np.asarray(arr)
    if arr.flags.writeable:
        arr = arr.view()
        arr.flags.writeable = False
    return arr


def _get_links(self: Candidates) -> pd.DataFrame:
    if self._frame is None:
        assert self._link_cols is not None
        self._frame = pd.DataFrame(self._link_cols)
    return self._frame


def _set_links(self: Candidates, links: pd.DataFrame) -> None:
    self._frame, self._link_cols = links, None


Candidates.links = property(_get_links, _set_links)


def _nearest_field(name: str, at: int) -> property:
    """The property of field `name`: the value set, or (a `NearestWork`'s) found when first read."""
    def get(self: Candidates):
        v = self._near[name]
        return v.result()[at] if isinstance(v, NearestWork) else v

    def put(self: Candidates, v) -> None:
        self.__dict__.setdefault("_near", {})[name] = v
    return property(get, put)


def _get_dropped(self: Candidates) -> pd.DataFrame:
    if self._dropped is _no_pair_dropped():   # the shared table without rows: this run's own copy
        self._dropped = self._dropped.copy()
    return self._dropped


def _set_dropped(self: Candidates, dropped: pd.DataFrame) -> None:
    self._dropped = dropped


Candidates.dropped = property(_get_dropped, _set_dropped)
setattr(Candidates, "nearest_km", _nearest_field("nearest_km", 0))
setattr(Candidates, "nearest_partner", _nearest_field("nearest_partner", 1))


def _found_later(cand: Candidates, work: NearestWork) -> Candidates:
    """`cand`, its nearest partners those `work` finds when first read."""
    cand._near = {"nearest_km": work, "nearest_partner": work}
    return cand


_LATER = np.zeros(0)   # the nearest partners' place until `_found_later` gives them


@functools.cache
def _no_frame() -> pd.DataFrame:
    """A frame without rows or columns (made once), which `Candidates.of_columns` sets and
    replaces by its columns."""
    return pd.DataFrame()


def _resource_arrays(scen: Scenario):
    """(per flow its site's position, the sites' unit vectors, per flow its CO2 factor)."""
    return *_site_arrays(scen), _co2_factors(scen)


def _site_arrays(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(per flow the position of its site, the sites' unit vectors: `geo.unit_vectors`)."""
    sidx = positions(scen.column("sites", "site_id"), scen.column("flows", "site_id"))   # site ids are validated
    return sidx, unit_vectors(scen.column("sites", "lat"), scen.column("sites", "lon"))


def _co2_factors(scen: Scenario) -> np.ndarray:
    """Per flow its CO2 factor (tCO2 per base unit): its own, else its resource's in the catalogue."""
    co2f = np.array(scen.column("flows", "co2_factor_t_per_unit"), float)
    miss = np.flatnonzero(np.isnan(co2f))
    if len(miss):   # the catalogue's factor, looked up once per resource
        res, inv = np.unique(scen.column("flows", "resource")[miss].astype(str), return_inverse=True)
        co2f[miss] = np.array([scen.catalogue[r].co2_factor_t_per_unit for r in res], float)[inv.ravel()]
    return co2f


def build_candidates(scen: Scenario) -> Candidates:
    """Candidate links for every substitution pair of the catalogue.

    Pairs come from a KD-tree search under the radius rule (`candidates.radius`), then pass
    the quality, timing, minimum-amount and economic rules (`candidates.rules`); links.csv
    replaces the generated pairs of the resource pairs it covers; hub legs are added
    (`candidates.hubs`). Coefficients come from the cost model (`candidates.costs`).

    Parameters
    ----------
    scen : Scenario

    Returns
    -------
    Candidates
        links (per supply base unit: value EUR, CO2 tCO2, yield, bounds in supply base
        units/yr, route and great-circle km, fixed cost EUR/yr) and the pairs dropped, each
        with its reason.
    """
    dump = scen.check_params()   # a mapping changed in place since it was set (`Scenario.check_params`)
    with scen.reading():   # each flow column read once (`Scenario.reading`)
        return _candidates(scen, dump)


def _candidates(scen: Scenario, dump: dict | None = None) -> Candidates:
    """`build_candidates`, within `Scenario.reading`; `dump`: the parameters' dump just checked."""
    f = scen.flows
    cat = scen.catalogue
    nflows = len(f)
    sidx, xyz_sites = _site_arrays(scen)
    co2f = None   # read for the first pairs in range (a network-only scenario has none)
    res = scen.column("flows", "resource")
    is_sup = (scen.column("flows", "direction") == "supply")
    radius = flow_radius_km(scen)
    nearest = NearestWork(sidx, xyz_sites)   # each flow's nearest partner, found when an output asks
    in_range = np.zeros(nflows, np.int64)
    user = scen.links
    # links.csv replaces every generated candidate (direct or through a hub) of the resource
    # pairs it names; its rows naming a hub are hub legs (hubs.py), the others direct links
    user_pairs = set() if user is None else set(zip(user["supply_resource"], user["demand_resource"]))

    link_parts: list[pd.DataFrame] = []
    drop_parts: list[pd.DataFrame] = []
    n_links = n_dropped = 0
    # the supplies and the demands of each resource, found once (not once per pair of the catalogue)
    names, code = np.unique(res.astype(str), return_inverse=True)
    code = code.ravel()
    none = np.zeros(0, np.int64)
    sup_of = {r: np.flatnonzero(is_sup & (code == k)) for k, r in enumerate(names.tolist())}
    dem_of = {r: np.flatnonzero(~is_sup & (code == k)) for k, r in enumerate(names.tolist())}
    for rs, rd, yld in substitution_pairs(cat):
        S, D = sup_of.get(rs, none), dem_of.get(rd, none)
        if len(S) == 0 or len(D) == 0:
            continue
        xs, xd = xyz_sites[sidx[S]], xyz_sites[sidx[D]]
        nearest.add(S, D)   # nearest partner at any distance, to explain "no partner in range"
        modes = [cat[rs].transport, *cat[rs].alternatives]
        if (rs, rd) in user_pairs:
            s, d, gc, extra = given_pairs(scen, S, D, rs, rd)
            batches = iter([(s, d, extra, cat[rs].transport, True, len(s))])
            total = len(s)
        else:
            # one search at the largest radius any pair can have, then the rule per pair and
            # mode; in chunks of supplies under the memory budget (`candidates.budget`)
            far = min(float(radius[S].max()), float(radius[D].max()), max(mode_cap_km(t) for t in modes))
            batches, total = searched_pairs(scen, S, D, xs, xd, far, modes, radius)
        for s, d, extra, tr, main, done in batches:
            if not len(s):   # nothing in range (a network-only scenario): no rules to run, no frames
                continue
            if main:  # the main mode's reach is the widest (its radius has no cap of its own)
                np.add.at(in_range, s, 1)
                np.add.at(in_range, d, 1)
            co2f = _co2_factors(scen) if co2f is None else co2f
            lp, dp = _apply_rules(scen, s, d, extra, tr, rs, rd, yld, sidx, co2f, (rs, rd) in user_pairs)
            link_parts.append(lp)
            drop_parts.append(dp)
            n_links += len(lp)
            n_dropped += len(dp)
            if total > budget.PAIR_CHUNK:
                budget.check(n_links, n_dropped, f"{rs} -> {rd}", done, total)
    network = net_legs = None
    leg_cols: dict[str, np.ndarray] = {}
    if scen.corridors is not None or scen.params.networks:
        from eitflow.candidates.network import network_and_legs
        network, leg_cols = network_and_legs(scen)
        if leg_cols and not any(len(p) for p in link_parts) and (scen.hubs is None or not len(scen.hubs)) \
                and as_built(leg_cols):
            # a network's connections alone, in order and typed: the links are their columns,
            # the frame made when first read (`Candidates.of_columns`)
            return _found_later(Candidates.of_columns(
                leg_cols, dropped=pd.concat(drop_parts, ignore_index=True) if drop_parts else _no_pair_dropped(),
                nearest_km=_LATER, in_range=in_range, network=network,
                built_for=built_for(scen, dump), pruned_for=scen.params.objective), nearest)
        net_legs = pd.DataFrame(leg_cols) if leg_cols else None
    if scen.hubs is not None and len(scen.hubs):
        from eitflow.candidates.hubs import hub_legs, hubs_on_networks, network_injection, network_purity_ok
        # a hub on a hydrogen network holds the network's gas: at its pressure, keeping its purity;
        # what enters a hub on a network enters the network, paying its injection (CO2's compression)
        on_net = hubs_on_networks(scen, network)
        legs = hub_legs(on_net)
        if len(legs) and network is not None:
            legs = network_injection(scen, legs, network.node_arrays["hub_node"])
        if len(legs) and network is not None and network.purity:
            na = network.node_arrays
            legs = legs[network_purity_ok(scen, legs, na["hub_node"], na["resource"],
                                          network.purity)].reset_index(drop=True)
        if len(legs):
            link_parts.append(legs)
    if net_legs is not None and len(net_legs):
        link_parts.append(net_legs)
    link_parts = [p for p in link_parts if len(p)]
    # one part (a network-only scenario's connections) as it is: no concat, no reindex when its
    # columns are LINK_FIELDS already (each a copy of every column)
    one = len(link_parts) == 1 and link_parts[0].index.equals(pd.RangeIndex(len(link_parts[0])))
    links = (link_parts[0] if one else pd.concat(link_parts, ignore_index=True)) if link_parts \
        else pd.DataFrame(columns=LINK_FIELDS)
    if list(links.columns) != LINK_FIELDS:
        links = links.reindex(columns=LINK_FIELDS)
    # a network's connections alone are the links as they were built: their columns are known
    known = leg_cols if links is net_legs else None
    if len(links):
        links = sorted_links(links, known)
        # one look at the types, not a column read each (the arrays' own where at hand)
        dtypes = {c: known[c].dtype for c in LINK_FIELDS} if known is not None and links is net_legs \
            else dict(zip(links.columns, links.dtypes))
        if dtypes["net_node"] != np.int64:
            links["net_node"] = links["net_node"].fillna(-1)
        for c in ("supply", "demand", "hub", "hub_node", "net_node"):
            if dtypes[c] != np.int64:
                links[c] = links[c].astype(np.int64)
                known = None
    dropped = pd.concat(drop_parts, ignore_index=True) if drop_parts else _no_pair_dropped()
    cand = _found_later(Candidates(links=links, dropped=dropped, nearest_km=_LATER, in_range=in_range, network=network,
                                   built_for=built_for(scen, dump), pruned_for=scen.params.objective), nearest)
    if known is not None and links is net_legs:   # not reordered, not retyped: the same columns
        cand.known_columns(known)
    return cand


# parameters the coefficients do not depend on: the objective only prunes (a link dropped
# under one objective is left out, never priced wrong; `analyses.common.both_objective_candidates`)
_NOT_IN_CANDIDATES = {"name", "description", "lang", "objective", "solver", "heat_level_step_k",
                      "heat_level_max_columns"}


def built_for(scen: Scenario, dump: dict | None = None) -> dict:
    """What candidate coefficients depend on: the tables' sizes (links name flows by position)
    and the parameters that price them (carbon price, discount rate, lifetime, electricity,
    heat pumps, distances, networks, siting). `dump`: ``scen.params.model_dump()`` as it is now
    (`Scenario.check_params` returns it), else dumped here."""
    if dump is None:
        dump = scen.params.model_dump()
    return {"flows": len(scen.flows), "sites": len(scen.sites),
            **{k: v for k, v in dump.items() if k not in _NOT_IN_CANDIDATES}}


def check_reuse(scen: Scenario, cand: Candidates) -> None:
    """Refuse candidates built for another scenario, or for other parameters of this one:
    their values (EUR/unit, with the carbon price in them), annual costs and positions would
    be used silently with the new scenario's summary (a carbon price changed from 100 to 0
    kept the 100's objective). Candidates made otherwise (`built_for` None) are not checked.

    Raises
    ------
    TypeError
        `cand` is not `Candidates`.
    ValueError
        Naming the first thing that differs, and how to build them again.
    """
    if not isinstance(cand, Candidates):
        raise TypeError(f"candidates: expected Candidates from eitflow.build_candidates (found {type(cand).__name__})")
    dump = scen.check_params()
    if cand.built_for is None:
        return
    now = built_for(scen, dump)
    diff = [k for k in now if now[k] != cand.built_for.get(k)]
    if diff:
        k = diff[0]
        raise ValueError(f"candidates: built for another scenario or other parameters ({k}: "
                         f"{cand.built_for.get(k)!r} then, {now[k]!r} now); build them again with "
                         f"eitflow.build_candidates(scen)")
    # each objective prunes its own pairs: a link losing money may avoid CO2, one avoiding no
    # CO2 may pay; re-used under the other objective, its optimum would leave them out unsaid
    objective = scen.params.objective
    if cand.pruned_for is not None and cand.pruned_for != objective:
        reason, said = (UNECONOMIC, "uneconomic") if cand.pruned_for == "net_benefit" else (NO_CO2_GAIN, "no CO2 gain")
        n = int((cand.dropped["reason"].to_numpy() == reason).sum()) if len(cand.dropped) else 0
        if n:
            raise ValueError(f"candidates: built for objective {cand.pruned_for!r}, which left out {n} "
                             f"pair{'s' if n > 1 else ''} as {said} that objective {objective!r} may choose; "
                             f"build them again with eitflow.build_candidates(scen), or for both objectives "
                             f"with eitflow.candidates.objectives.both_objective_candidates(scen)")


@functools.cache
def _no_pair_dropped() -> pd.DataFrame:
    """The dropped pairs' table without a row, with its columns and types (made once, and
    copied when a run's `Candidates.dropped` is first read, 0.09 ms a run that never reads it: a
    network-only scenario drops no pair, and a copy costs a tenth of a new frame)."""
    return pd.DataFrame({"supply": np.zeros(0, np.int64), "demand": np.zeros(0, np.int64),
                         "distance_km": np.zeros(0), "great_circle_km": np.zeros(0),
                         "reason": np.zeros(0, object), "detail": np.zeros(0, object),
                         **{c: np.zeros(0) for c in FULL_USE_COLUMNS}})
