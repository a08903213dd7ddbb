"""The rules a pair in range must pass to become a candidate link: quality (temperature,
purity, heat pumps), losses, timing, minimum amounts and economics; each dropped pair keeps
its reason and a readable detail."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from eitflow.candidates.costs import link_coefficients, pipe_yield
from eitflow.candidates.heatpump import PumpTest, heat_pump_test
from eitflow.candidates.pipeloss import link_loss_shares
from eitflow.candidates.reasons import MIN_AMOUNT, NO_CO2_GAIN, QUALITY, SAME_SITE, TIMING, UNECONOMIC
from eitflow.candidates.temperature import approach_k, heat_share_above, need_share_below
from eitflow.i18n import Phrase, Unit
from eitflow.scenario import Scenario


def _apply_rules(scen: Scenario, s: np.ndarray, d: np.ndarray, extra: dict, tr, rs: str, rd: str, yld: float,
                 sidx: np.ndarray, co2f: np.ndarray, user_link: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quality, timing, minimum-amount and economic rules for pairs s -> d carried by `tr`:
    (candidate links, dropped pairs with their reason)."""
    f = scen.flows
    cat = scen.catalogue
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float) if "return_temperature_c" in f else np.full(len(f), np.nan)
    q_rule = cat[rs].quality == "temperature" or cat[rd].quality == "temperature"
    hpp = scen.params.heat_pump
    hp_ok = q_rule and hpp.enabled and cat[rd].heat_pump
    s_share: np.ndarray | None = None
    d_share: np.ndarray | None = None
    if q_rule:
        dt = approach_k(scen, rs, rd)
        # shares of each side a direct pipe can use (cascade.py): the supply's heat above the
        # demand's lowest need (+ approach) and the demand's need below the supply (- approach);
        # both are 1 or 0 for flows without a return temperature
        low = np.where(np.isfinite(ret[d]), ret[d], temp[d])
        s_share = heat_share_above(temp[s], ret[s], low + dt)
        d_share = need_share_below(temp[d], ret[d], temp[s] - dt)
        direct_ok = (s_share > 0) & (d_share > 0)
        if hp_ok:
            # a heat-pump link draws the supply's whole range, so its evaporator takes the heat
            # where it leaves, at the supply's return (as a pump at injection: `heat_pump_test`)
            pump = heat_pump_test(hpp, np.where(np.isfinite(ret[s]), ret[s], temp[s]), temp[d], dt)
            # a demand only partly reachable also gets a heat-pump twin of its link where a
            # pump can lift the heat (else none: the pair keeps its direct link, is not dropped)
            twin = np.flatnonzero(direct_ok & (temp[s] < temp[d] + dt) & np.isfinite(pump.cop))
            if len(twin):
                idx = np.concatenate([np.arange(len(s)), twin])
                s, d = s[idx], d[idx]
                extra = {k: (None if v is None else np.asarray(v)[idx]) for k, v in extra.items()}
                s_share, d_share, direct_ok, low = s_share[idx], d_share[idx], direct_ok[idx], low[idx]
                pump = PumpTest(*(a[idx] for a in pump))
                direct_ok[len(idx) - len(twin):] = False
    reason = np.full(len(s), "", dtype=object)
    detail = np.full(len(s), "", dtype=object)
    same = sidx[s] == sidx[d]
    reason[same] = SAME_SITE
    detail[same] = Phrase("why_same_site")
    cop = np.full(len(s), np.nan)
    if q_rule:
        bad_t = (reason == "") & ~direct_ok
        if hp_ok:
            ok_hp = bad_t & np.isfinite(pump.cop)
            cop[ok_hp] = pump.cop[ok_hp]
            bad_t &= ~ok_hp
        assert s_share is not None and d_share is not None
        s_share = np.where(np.isfinite(cop), 1.0, s_share)
        d_share = np.where(np.isfinite(cop), 1.0, d_share)
        reason[bad_t] = QUALITY
        # why no pump: its lift above the maximum (the maximum said), or, within it, its COP not
        # above 1 (a low heat_pump.carnot_share: ('cop', lift K, COP, share); before, it too read
        # 'lift > 70 K'); a ranged supply's pump lifts from its return (`heat_pump_test`)
        why_hp: list = [None] * int(bad_t.sum())
        if hp_ok:
            within = (pump.lift <= hpp.max_lift_k)[bad_t]
            why_hp = [("cop", lf, c, hpp.carnot_share) if w else hpp.max_lift_k for w, lf, c in
                      zip(within.tolist(), pump.lift[bad_t].tolist(), pump.raw[bad_t].tolist())]
        _put(detail, bad_t, [(("why_too_cold", a, b, dt), h) if np.isnan(r) else
                             (("why_too_cold_range", b, dt, r, a), h, r)
                             for a, b, r, h in zip(temp[s][bad_t].tolist(), low[bad_t].tolist(), ret[s][bad_t].tolist(),
                                                   why_hp)])
    if cat[rs].quality == "purity" or cat[rd].quality == "purity":
        pur = f["purity"].to_numpy(float)
        bad_p = (reason == "") & (pur[s] < pur[d])  # NaN on either side: no requirement stated
        reason[bad_p] = QUALITY
        _put(detail, bad_p, [("why_purity", a, b) for a, b in zip(pur[s][bad_p].tolist(), pur[d][bad_p].tolist())])
    # a share per km of what it carries, or (`link_loss: pipe_size`) the W/m of the pipe size
    # the link's flow needs, as a network's corridor of that size (`candidates.pipeloss`)
    share = link_loss_shares(scen, rs, s, d, yld, cop, s_share, d_share, extra["capacity"])
    yv = pipe_yield(yld, share, extra["distance_km"])
    eco = link_coefficients(scen, s, d, yv, extra["distance_km"], tr, extra["capacity"], extra["var_cost"],
                            extra["fixed"], extra["invest"], co2f, cop, s_share, d_share)
    yv = eco["yield_"]
    too_lossy = (reason == "") & (yv <= 0)
    reason[too_lossy] = QUALITY
    detail[too_lossy] = Phrase("why_all_lost")
    if scen.profiles is not None:
        # the most a link can carry over the year when supply and demand follow their months
        per = scen.profiles
        amount = f["amount"].to_numpy(float)
        ss = np.ones(len(s)) if s_share is None else s_share
        ds = np.ones(len(s)) if d_share is None else d_share
        yr = np.minimum(np.minimum((amount[s] * ss)[:, None] * per[s],
                                   (amount[d] * ds)[:, None] * per[d] / np.maximum(eco["yield_"], 1e-12)[:, None]),
                        (extra["capacity"] / 12.0)[:, None]).sum(axis=1)
        eco["timing_limited"] = yr < eco["upper"] * (1 - 1e-9)
        eco["upper"] = np.minimum(eco["upper"], yr)
        no_overlap = (reason == "") & (yr <= 1e-9 * np.maximum(1.0, amount[s]))
        reason[no_overlap] = TIMING
        detail[no_overlap] = Phrase("why_timing")
    yv = eco.pop("yield_")
    bad_min = (reason == "") & (eco["lower"] > eco["upper"])
    reason[bad_min] = MIN_AMOUNT
    _put(detail, bad_min, [("why_min_amount", lo, up) for lo, up in
                           zip(eco["lower"][bad_min].tolist(), eco["upper"][bad_min].tolist())])
    required = f["required"].to_numpy(bool)[d]
    if scen.params.objective == "net_benefit":
        best = eco["value_eur_per_unit"] * eco["upper"] - eco["fixed_eur_per_yr"]
        bad_eco = (reason == "") & (best <= 0) & ~required
        reason[bad_eco] = UNECONOMIC
        # the detail is written when asked (`pair_details`): a national run drops 270,000
        # pairs as uneconomic, and formatting their text took most of the candidates' time
        full_use = {"best_case_eur_per_yr": np.where(bad_eco, best, np.nan),
                    "value_eur_per_unit": np.where(bad_eco, eco["value_eur_per_unit"], np.nan),
                    "upper": np.where(bad_eco, eco["upper"], np.nan),
                    "fixed_eur_per_yr": np.where(bad_eco, eco["fixed_eur_per_yr"], np.nan)}
    else:
        bad_eco = (reason == "") & (eco["co2_t_per_unit"] <= 0) & ~required
        reason[bad_eco] = NO_CO2_GAIN
        detail[bad_eco] = Phrase("why_no_co2_gain")
        full_use = {c: np.full(len(s), np.nan) for c in FULL_USE_COLUMNS}
    ok = reason == ""
    links = pd.DataFrame({
        "supply": s[ok], "demand": d[ok],
        "source_site": f["site_id"].to_numpy()[s[ok]], "sink_site": f["site_id"].to_numpy()[d[ok]],
        "supply_resource": rs, "demand_resource": rd, "yield": yv[ok],
        "distance_km": extra["distance_km"][ok], "great_circle_km": extra["great_circle_km"][ok],
        "capacity": extra["capacity"][ok],
        "heat_pump_cop": cop[ok], "kind": "direct", "hub": -1, "hub_node": -1,
        **{k: v[ok] for k, v in eco.items()},
        "user_link": user_link, "mode": tr.mode,
    })
    return links, pd.DataFrame({"supply": s[~ok], "demand": d[~ok], "distance_km": extra["distance_km"][~ok],
                                "great_circle_km": extra["great_circle_km"][~ok], "reason": reason[~ok],
                                "detail": detail[~ok], **{c: v[~ok] for c, v in full_use.items()}})


#: columns of `Candidates.dropped` an uneconomic pair's detail is written from (NaN for the
#: other reasons): its best case at full use (EUR/yr), value (EUR/unit), big-M (units/yr)
#: and fixed cost (EUR/yr)
FULL_USE_COLUMNS = ["best_case_eur_per_yr", "value_eur_per_unit", "upper", "fixed_eur_per_yr"]


#: the fields of the details the rules keep as tuples (key, *figures): written as a `Phrase`
#: only when asked (`pair_details`), as a national run drops tens of thousands of pairs for
#: quality and a Phrase costs ~14 us and ~600 bytes against ~1 us and ~100 for the tuple
_FIELDS = {"why_too_cold": ("supply", "need", "approach"), "why_too_cold_range": ("need", "approach", "low", "high"),
           "why_purity": ("supply", "need"), "why_min_amount": ("low", "high")}


def _put(detail: np.ndarray, mask: np.ndarray, values: list) -> None:
    """detail[mask] = values, one by one (numpy would read a list of tuples as a 2-D array)."""
    for i, v in zip(np.flatnonzero(mask).tolist(), values):
        detail[i] = v


def _said(d) -> Phrase | str:
    """The `Phrase` of a kept detail: a tuple (key, *figures), or ((key, *figures), heat
    pump maximum lift K, ('cop', lift K, COP, carnot share) or None[, the supply's return degC,
    where its pump would lift from]) for the temperature rule; a string as it is."""
    if not isinstance(d, tuple):
        return d if isinstance(d, str) else str(d)
    if isinstance(d[0], tuple):
        why = _said(d[0])
        if d[1] is None:
            return why
        if isinstance(d[1], tuple):   # ('cop', lift, COP, carnot share): within the lift, a COP not above 1
            cop = dict(why=why, lift=d[1][1], cop=d[1][2], share=d[1][3])
            return (Phrase("why_too_cold_hp_cop_return", ret=d[2], **cop) if len(d) > 2
                    else Phrase("why_too_cold_hp_cop", **cop))
        return (Phrase("why_too_cold_hp_return", why=why, lift=d[1], ret=d[2]) if len(d) > 2
                else Phrase("why_too_cold_hp", why=why, lift=d[1]))
    return Phrase(d[0], **dict(zip(_FIELDS[d[0]], d[1:])))


def per_unit(base: str | None) -> dict[str, Unit]:
    """The unit fields of a figure per unit of a flow and of its amount ("EUR/MWh", " MWh/yr"),
    from the flow's unit (scenario.flows' `unit`, MWh/yr, t/yr, m3/yr); without one, "EUR/unit"
    and nothing."""
    base = base.removesuffix("/yr") if base and base.lower() != "nan" else None
    return ({"eu": Unit(f"EUR/{base}"), "qu": Unit(f" {base}/yr")} if base
            else {"eu": Unit("EUR/unit"), "qu": Unit("")})


def uneconomic_detail(best: float, value: float, upper: float, fixed: float, base: str | None = None) -> Phrase:
    """The detail of a pair dropped as uneconomic: its best case at full use (EUR/yr), its value
    per unit of the supply's `base` unit (MWh, t, m3) and its amount (that unit per year)."""
    return Phrase("why_uneconomic", best=best, value=value, upper=upper, fixed=fixed, **per_unit(base))


def pair_details(dropped: pd.DataFrame, rows: np.ndarray | list[int] | None = None,
                 base_units: np.ndarray | None = None) -> list[str]:
    """The readable detail of the dropped pairs at positions `rows` (all when None): the
    `detail` column, or for a pair dropped as uneconomic the text written from its
    `FULL_USE_COLUMNS` (only when asked: most dropped pairs are never shown). Each is a
    `Phrase` (English as a string; ``say("fr")`` in French) where the rules wrote one.
    `base_units`: per flow (scenario.flows' `unit`), its base unit, for the figures per unit
    of the supply ("EUR/MWh x 5,338 MWh/yr"; "EUR/unit" without)."""
    idx = np.arange(len(dropped)) if rows is None else np.asarray(rows, np.int64)
    det = dropped["detail"].to_numpy(object)[idx]
    if not all(c in dropped for c in FULL_USE_COLUMNS):
        return [_said(d) for d in det]
    nums = [dropped[c].to_numpy(float)[idx].tolist() for c in FULL_USE_COLUMNS]  # Python floats format faster
    why = dropped["reason"].to_numpy(object)[idx]
    sup = dropped["supply"].to_numpy(np.int64)[idx]
    base = [str(base_units[s]) if base_units is not None and s >= 0 else None for s in sup.tolist()]
    return [uneconomic_detail(b, v, u, c, bu) if w == UNECONOMIC and not d and math.isfinite(b)
            else _said(d)
            for d, w, b, v, u, c, bu in zip(det, why, *nums, base)]


