"""A heat pump's lift and COP, taken where the heat leaves its evaporator: the one rule of the
links between two sites (`candidates.rules`) and of injection into a network
(`candidates.netattach`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from eitflow.candidates.costs import heat_pump_cop
from eitflow.scenario import HeatPumpOptions


class PumpTest(NamedTuple):
    """Heat pumps taking heat at given outlets (`heat_pump_test`), per entry."""

    cop: np.ndarray    # the COP where a pump may lift the heat, else NaN
    lift: np.ndarray   # K between evaporation (outlet - approach) and condensation (sink + approach)
    raw: np.ndarray    # the COP of the cost module, allowed or not


def heat_pump_test(hp: HeatPumpOptions, t_out_c, t_sink_c, approach_k: float) -> PumpTest:
    """A heat pump cooling a supply's heat down to `t_out_c` degC to deliver it to a sink
    needing `t_sink_c` degC: the one rule of the links between two sites (`candidates.rules`)
    and of injection into a network (`candidates.netattach`). Its evaporator is at one
    temperature, below the coldest water it cools: `t_out_c` is where the heat the link counts
    leaves it (a ranged supply's return for a link drawing its whole range, a band's outlet at
    injection; a point supply's temperature), so it evaporates at t_out - approach and
    condenses at t_sink + approach. Allowed where that lift is within `max_lift_k` and the
    COP (`costs.heat_pump_cop`) above 1. E.g. 80 -> 50 degC water for a 100 degC need, 10 K
    approach: 0.5 x 383.15 / (110 - 40) = 2.74 (not 4.79, evaporating at 70 degC)."""
    t_out = np.asarray(t_out_c, float)
    t_sink = np.broadcast_to(np.asarray(t_sink_c, float), t_out.shape)
    lift = (t_sink + approach_k) - (t_out - approach_k)
    raw = heat_pump_cop(t_out, t_sink, approach_k, hp.carnot_share)
    return PumpTest(np.where((lift <= hp.max_lift_k) & (raw > 1.0), raw, np.nan), lift, raw)
