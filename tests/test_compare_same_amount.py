"""`eitflow compare` lists an exchange whose amount did not change but whose figure after the
shares did (a shared network's delivery when the network's cost or its other users change).

ludres_backbone for net benefit (A) against the same for CO2 avoided (B, the plan of pareto's
last point): B's network grows to serve Chaligny too (5,338 MWh/yr), its annual cost from
546,048.49 to 1,003,535.63 EUR/yr (each run's status line), shared by withdrawal. The six other
deliveries keep their amounts, so the text said nothing of them, and its lines (Chaligny
+327,318, Pont-Saint-Vincent +3,212 EUR/yr) did not add up to the headline's -30,070 EUR/yr.

By hand, ZI Ludres-Fléville withdraws 15,000 MWh/yr in both runs, of 49,952 in A and
49,952 + 5,338 = 55,290 in B: its share of the cost goes from 546,048.49 x 15,000 / 49,952 =
163,971.96 to 1,003,535.63 x 15,000 / 55,290 = 272,256.00 EUR/yr, so its figure after the
shares changes by -(272,256.00 - 163,971.96) = -108,284.04 EUR/yr.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.analyses.common import with_objective
from eitflow.analyses.compare import compare_runs
from eitflow.results.rundir import write_run

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"
NB = "\u202f"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    scen = eitflow.read_scenario(LUDRES)
    root = tmp_path_factory.mktemp("same_amount")
    a = write_run(eitflow.optimise(scen), root / "a")
    b = write_run(eitflow.optimise(with_objective(scen, "co2")), root / "b")
    return a, b


def test_a_delivery_of_the_same_amount_whose_share_changed_is_listed(runs):
    a, b = runs
    cost_a, cost_b = 546_048.49, 1_003_535.63
    share = 15_000 / 49_952 * cost_a, 15_000 / (49_952 + 5_338) * cost_b
    assert share == pytest.approx((163_971.96, 272_256.00), abs=0.01)
    table, text = compare_runs(a, b, "fr")
    zae = table[(table["sink_site"] == "ZAE_LF")].iloc[0]
    assert zae["change"] == "unchanged" and zae["amount_a"] == zae["amount_b"] == pytest.approx(15_000)
    assert zae["net_benefit_after_shares_delta_eur_per_yr"] == pytest.approx(share[0] - share[1], abs=0.05)
    lines = text.replace(NB, " ").replace("\u00a0", " ").splitlines()
    assert ("  même quantité : Réseau de chaleur -> Zone industrielle Ludres-Fléville (entreprises raccordables), "
            "15 000 -> 15 000 MWh/an, -108 284 €/an") in lines, text
    # every exchange whose figure moved is listed or counted: 4 of another amount or added
    # (Chaligny, Pont-Saint-Vincent, the two injections) and the 6 network deliveries of the same
    # amount; Heillecourt (its own pipe, same amount, same figure) is not: 5 listed, 5 more
    listed = [x for x in lines if x.startswith(("  ajoutée", "  retirée", "  modifiée", "  même quantité"))]
    assert len(listed) == 5 and lines[-1] == "  ... et 5 de plus (--csv écrit tous les échanges)", text
    _, en = compare_runs(a, b, "en")
    assert ("  same amount: Heat network -> Zone industrielle Ludres-Fléville (entreprises raccordables), "
            "15,000 -> 15,000 MWh/yr, -108,284 EUR/yr") in en.splitlines(), en
