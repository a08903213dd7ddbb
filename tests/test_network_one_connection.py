"""A ranged supply cut in two bands at a heat network's return (the band above it direct, the
band below through a heat pump at injection: `candidates.netattach`) is one flow with one
substation. Before, each band was a connection of its own and paid the catalogue's
`connection_investment_eur` (60,000 EUR) twice: a 100 -> 40 degC source of 600 MWh/yr on a
90/60 degC network, both bands used, showed 120,000 EUR of connections. Now its first band pays
it and the second rides on that connection's switch (`model.build`)."""

from __future__ import annotations

import pytest
from tests.test_network_ranged_pump import _scenario

import eitflow


def test_a_supply_in_two_bands_pays_one_connection():
    """Both bands carry heat (400 MWh/yr direct, 200 through the pump: test_network_ranged_pump);
    the supply's connections invest 60,000 EUR besides the pump (the pumped band's investment is
    its heat pump's alone), the district's 60,000: 120,000 in all besides the pump (was 180,000)."""
    scen = _scenario()
    res = eitflow.optimise(scen)
    assert res.status.value == "optimal"
    m = res.matches
    src = m[m["source_site"] == "SRC"]
    assert len(src) == 2 and (src["amount"] > 0).all()                 # the two bands, both used
    assert float(src["amount"].sum()) == pytest.approx(600.0, rel=1e-9)
    pump = float(m["heat_pump_investment_eur"].sum())
    assert pump > 0
    assert float(src["investment_eur"].sum() - src["heat_pump_investment_eur"].sum()) == pytest.approx(60_000.0, rel=1e-9)
    assert float(res.statistics.totals()["investment_eur"]) == pytest.approx(120_000.0 + pump, rel=1e-9)


def test_the_second_band_cannot_inject_without_the_connection():
    """The connection's switch governs both bands: with the first band's connection off the
    second carries nothing (the model's rows: each of its flows at most M times that switch)."""
    import numpy as np

    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays

    scen = _scenario()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    lk = cand.links
    bands = np.flatnonzero((lk["kind"] == "to_net").to_numpy())
    assert len(bands) == 2
    y = arr.cols["y"]
    local = arr.local(bands)
    xcol = arr.cols["x"].start + local * arr.periods
    rows = arr.rows["link_max"]
    sub = arr.A[rows.slice]
    for xc in xcol:   # each band's flow has a row with the one switch (the first band's)
        r = np.flatnonzero(sub[:, xc].toarray().ravel() > 0)
        assert len(r) == 1
        ys = [c for c in sub[r[0]].indices if y.start <= c < y.stop]
        assert len(ys) == 1
    assert len(y) == 2   # the supply's connection and the district's: one switch each
