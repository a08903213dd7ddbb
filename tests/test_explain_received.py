"""explain tells a demand what it receives, in its own unit, where the supply sent another
amount (a by-product converted at its yield, heat lost along a pipe).

Before 2026-12-07 a matched row said the supply's amount sent ('29,158.2 MWh/yr exchanged') to a
demand as to a supply: zae_example's brewery, asking 28,000 MWh/yr of steam, read 29,158.2 MWh/yr
exchanged (matches.csv's demand_amount: 28,000), and its farm cooperative, asking 1,800 t/yr of
fertiliser and receiving 302 t/yr, read 2,500 and 12,600 t/yr exchanged (the sludge sent).
Before 2026-12-08 it said what is received first ("reçu : 50 t/an ; envoyé : 2 500 t/an (boues)")
where every other view says what is sent first (`results.sentgot`)."""

from __future__ import annotations

import pandas as pd

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.explain import explain

SITES = pd.DataFrame({"site_id": ["STEP", "COOP"], "name": ["Station d'épuration", "Coopérative"],
                      "lat": [48.0, 48.02], "lon": [2.0, 2.0]})


def _run():
    """A wastewater plant's 2,500 t/yr of sludge (disposal 40 EUR/t) and a cooperative asking
    1,800 t/yr of fertiliser at 300 EUR/t, 2.2 km apart. The catalogue's sludge feeds fertiliser
    at 0.02 (resources.yaml: 1 t wet sludge ~ 20 kg fertiliser-equivalent), so the cooperative
    would need 1,800 / 0.02 = 90,000 t of sludge: the whole 2,500 t/yr go, and it receives
    2,500 x 0.02 = 50 t/yr of fertiliser; 1,800 - 50 = 1,750 t/yr left."""
    flows = pd.DataFrame({"flow_id": ["step", "coop"], "site_id": ["STEP", "COOP"],
                          "direction": ["supply", "demand"], "resource": ["sludge", "fertiliser"],
                          "amount": [2500.0, 1800.0], "unit": "t/yr", "price_eur_per_unit": [40.0, 300.0]})
    scen = scenario_from_frames(SITES, flows, solver={"mip_gap": 0.0})
    res = optimise(scen)
    assert res.summary["status"] == "optimal"
    assert res.matches["amount"].sum() == 2500.0   # the whole supply, by hand above
    return scen, res


def test_a_demand_is_told_what_it_receives_in_its_own_unit():
    scen, res = _run()
    row = explain(scen, res, flow_id="coop", lang="en").iloc[0]
    assert row["rule"] == "matched" and row["remaining"] == 1750.0   # 1,800 - 2,500 x 0.02
    # what is sent first, then what is received, as every other view says it (it read "50 t/yr
    # received (2,500 t/yr of sludge sent, ...)", "reçu : 50 t/an ; envoyé : 2 500 t/an (boues)")
    assert row["detail"] == "sent: 2,500 t/yr (sludge); received: 50 t/yr (fertiliser), 100% of the link's capacity"
    fr = explain(scen, res, flow_id="coop", lang="fr").iloc[0]
    assert fr["detail"] == ("envoyé : 2\u202f500 t/an (boues) ; reçu : 50 t/an (fertilisant), "
                             "100\u00a0% de la capacité de la liaison")


def test_a_supply_is_still_told_what_it_sent():
    scen, res = _run()
    row = explain(scen, res, flow_id="step", lang="en").iloc[0]
    assert row["rule"] == "matched" and row["remaining"] == 0.0
    assert row["detail"] == "2,500 t/yr exchanged (100% of the link's capacity)"
