"""The heat pumps of a plan, in one place: per exchange (matches.csv's ``heat_pump*`` columns)
and for the whole run (summary.json's ``heat_pumps``), read by the terminal, the report, the
brief and results.xlsx.

A heat pump sits where a source is too cold for its user: at the demand of a point-to-point
link, or at the injection into a shared heat network (a supply colder than the network's
temperature, `candidates.network`). Both are priced by the catalogue's one rule,
`candidates.costs.heat_pump_terms`: per MWh of source heat, the heat that reaches the pump h
(after the pipe's losses; 1 at an injection) comes out as h COP/(COP-1) = the exchange's
yield, the pump draws h/(COP-1) = yield/COP MWh of electricity, and its capacity (EUR/kW of
heat output, annualised, over the full-load hours) is paid per MWh delivered. These costs
are in the exchange's value v (`value_eur_per_unit`), hence once in its net benefit v x - F,
in the objective and in the totals; the figures here are those parts of it, said apart, not
an extra cost. The pump's investment (`heat_pump_investment_eur`) is a part of the exchange's
`investment_eur` (its connection and its pump, `Statistics.links`), hence of the plan's investment
in every output: the model pays it as the annuity above (per MWh delivered, at the discount rate
and over the lifetime of every other investment), but it is capital spent all the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.costs import heat_pump_terms
from eitflow.candidates.network import PARTY_PREFIX
from eitflow.scenario import Parameters

__all__ = ["HEAT_PUMP_COLUMNS", "at_injection", "heat_pump_columns", "heat_pump_line", "heat_pump_note", "heat_pump_rows",
           "heat_pump_said", "heat_pump_summary"]

#: matches.csv's heat-pump columns (`heat_pump_columns`); blank/0 on an exchange without one
HEAT_PUMP_COLUMNS = ["heat_pump", "heat_pump_cop", "heat_pump_electricity_mwh_per_yr",
                     "heat_pump_electricity_eur_per_yr", "heat_pump_capacity_eur_per_yr", "heat_pump_mw",
                     "heat_pump_investment_eur"]


def heat_pump_columns(params: Parameters, cop: np.ndarray, yld: np.ndarray, amount: np.ndarray) -> dict[str, np.ndarray]:
    """The heat-pump figures of chosen exchanges.

    Parameters
    ----------
    params : the scenario's parameters (electricity price EUR/MWh, ``heat_pump.*``, annuity).
    cop : per exchange, its heat pump's COP (NaN: none), candidates.links' ``heat_pump_cop``.
    yld : per exchange, its yield (MWh delivered per MWh of source heat, the pump's output).
    amount : per exchange, the source heat it carries (MWh/yr).

    Returns
    -------
    dict of arrays, keys `HEAT_PUMP_COLUMNS`: heat_pump (bool), heat_pump_cop (NaN without
    one), electricity drawn (MWh/yr) and its cost at the scenario's price (EUR/yr), the pump's
    capacity annuity as the model pays it (EUR/yr), its heat output capacity (MW: delivered
    over the full-load hours) and investment (EUR/kW x kW; EUR; `Statistics.links` adds it to the
    exchange's ``investment_eur``). 0 without a heat pump.
    """
    cop = np.asarray(cop, float)
    yld = np.asarray(yld, float)
    x = np.asarray(amount, float)
    hp = np.isfinite(cop)
    c = np.where(hp, cop, 2.0)
    # the heat reaching the pump per unit of source heat: the yield is h COP/(COP-1)
    h = np.where(hp, yld * (c - 1.0) / c, 0.0)
    delivered, elec, cap_eur = heat_pump_terms(params, c, h)   # the catalogue's rule, per unit of source heat
    p = params.heat_pump
    mw = delivered * x / p.full_load_hours
    inv = mw * 1000.0 * p.investment_eur_per_kw
    z = lambda v: np.where(hp, v, 0.0) + 0.0  # noqa: E731
    return {"heat_pump": hp, "heat_pump_cop": np.where(hp, cop, np.nan),
            "heat_pump_electricity_mwh_per_yr": z(elec * x),
            "heat_pump_electricity_eur_per_yr": z(elec * x * params.electricity_price_eur_per_mwh),
            "heat_pump_capacity_eur_per_yr": z(cap_eur * x), "heat_pump_mw": z(mw), "heat_pump_investment_eur": z(inv)}


def heat_pump_rows(matches: pd.DataFrame) -> pd.DataFrame:
    """The exchanges of `matches` (matches.csv, `Statistics.links`) that go through a heat pump;
    an empty frame for a run written before eitflow said them (no ``heat_pump`` column)."""
    if "heat_pump" not in matches or not len(matches):
        return matches.iloc[0:0]
    on = matches["heat_pump"].astype(str).str.lower().eq("true").to_numpy()
    return matches[on]


def at_injection(matches: pd.DataFrame) -> np.ndarray:
    """Per exchange of `matches`: whether it is an injection into a shared network (its sink is
    the network's party, `candidates.network.party_id`; matches.csv has no ``kind``)."""
    return matches["sink_site"].astype(str).str.startswith(PARTY_PREFIX).to_numpy(bool) if len(matches) \
        else np.zeros(0, bool)


def heat_pump_summary(matches: pd.DataFrame) -> dict:
    """summary.json's ``heat_pumps``: over the exchanges through a heat pump, how many
    (``exchanges``; ``at_injection``: into a shared network, kind to_net), the lowest and
    highest COP, and the sums of `HEAT_PUMP_COLUMNS`' figures (MWh/yr, EUR/yr, MW, EUR). All
    0 (COPs null) without any."""
    hp = heat_pump_rows(matches)
    inj = at_injection(hp)
    cop = hp["heat_pump_cop"].to_numpy(float) if len(hp) else np.zeros(0)
    total = lambda c: float(hp[c].astype(float).sum()) if len(hp) else 0.0  # noqa: E731
    return {"exchanges": int(len(hp)), "at_injection": int(inj.sum()),
            "cop_min": float(cop.min()) if len(cop) else None, "cop_max": float(cop.max()) if len(cop) else None,
            "electricity_mwh_per_yr": total("heat_pump_electricity_mwh_per_yr"),
            "electricity_eur_per_yr": total("heat_pump_electricity_eur_per_yr"),
            "capacity_eur_per_yr": total("heat_pump_capacity_eur_per_yr"),
            "mw": total("heat_pump_mw"), "investment_eur": total("heat_pump_investment_eur")}


def _cop_said(hp: dict, lang: str) -> str:
    import eitflow.i18n as i18n

    a, b = (i18n.number(hp[k], lang, 2) for k in ("cop_min", "cop_max"))
    return a if a == b else i18n.text("hp_cop_range", lang, a=a, b=b)


def heat_pump_line(hp: dict | None, lang: str) -> str:
    """summary.json's ``heat_pumps`` (`heat_pump_summary`) in a sentence (the terminal's line
    and the report's note): how many exchanges, how many at a network's injection, the COP,
    the electricity (MWh/yr, EUR/yr), the pumps' annuity, capacity and investment; "" without
    any (or for a run written before eitflow said them)."""
    import eitflow.i18n as i18n

    if not hp or not hp.get("exchanges"):
        return ""
    inj = i18n.text("hp_line_inj", lang, k=i18n.number(hp["at_injection"], lang)) if hp.get("at_injection") else ""
    return i18n.text("hp_line", lang, n=i18n.counted(hp["exchanges"], "n_exchanges", lang), inj=inj,
                     cop=_cop_said(hp, lang), mwh=i18n.number(hp["electricity_mwh_per_yr"], lang),
                     eur=i18n.money(hp["electricity_eur_per_yr"], lang, per_year=True),
                     cap=i18n.money(hp["capacity_eur_per_yr"], lang, per_year=True), mw=i18n.number(hp["mw"], lang, 1),
                     inv=i18n.money(hp["investment_eur"], lang))


def heat_pump_note(hp: dict | None, lang: str) -> str:
    """The brief's shorter sentence of the same figures (`heat_pump_line`); "" without any."""
    import eitflow.i18n as i18n

    if not hp or not hp.get("exchanges"):
        return ""
    inj = i18n.text("hp_brief_inj", lang, k=i18n.number(hp["at_injection"], lang)) if hp.get("at_injection") else ""
    return i18n.text("hp_brief_note", lang, cop=_cop_said(hp, lang), mwh=i18n.number(hp["electricity_mwh_per_yr"], lang),
                     eur=i18n.money(hp["electricity_eur_per_yr"], lang, per_year=True),
                     cap=i18n.money(hp["capacity_eur_per_yr"], lang, per_year=True), inj=inj)


def heat_pump_said(rec: dict, lang: str) -> str:
    """One exchange's heat pump in a few words ("pompe à chaleur, COP 3,53"), for a row of the
    report's and the brief's tables; "" for an exchange without one (or an older run's row)."""
    import eitflow.i18n as i18n

    if str(rec.get("heat_pump", "")).lower() != "true":
        return ""
    return i18n.text("hp_row", lang, cop=i18n.number(rec["heat_pump_cop"], lang, 2))
