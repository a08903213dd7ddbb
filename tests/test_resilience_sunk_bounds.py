"""`resilience` with the plan already built where sized supplies (flows.csv
`investment_eur_per_unit`: the model sizes the unit, its built capacity S0 sunk, only what
exceeds it paid) must change: the re-solve held at S0 is a plan the closure can run, the one
priced as built anew less S0's annuity (`sunk.relaxed_credit`) another and, where it keeps a
usable unit below S0, a lower bound; the table gives the better plan's loss, and
`df.attrs["sunk_bounds"]` names the companies whose figure is only an upper bound, with the
lower one. Each case by hand, and against the independent PuLP re-solve of
test_resilience_sunk_built (the sunk pricing written with a variable per unit's growth)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.analyses.resilience import resilience
from test_resilience_sunk_built import _frames, _independent_loss, _links


def _units(d5_price: float) -> eitflow.Scenario:
    """Units U1 and U2 sized by the model at 100 EUR per MWh/yr (CRF 0.1: 10 EUR/yr each), up
    to 30,000 MWh/yr, free heat; X needs 10,000 MWh/yr from U1 and gives 10,000 of its own to
    D2; U2 feeds D3; U2 could feed D2 and U1 feed D5 (10,000 MWh/yr at `d5_price`). Demands pay
    50 EUR/MWh; every pipe (links.csv, the only candidates) 100,000 EUR and 1,000 EUR/yr O&M,
    11,000 EUR/yr. The plan: U1->X, X->D2, U2->D3, each 500,000 - 11,000 less the units'
    100,000 each: 1,267,000 EUR/yr, U1 and U2 built at S0 = 10,000 MWh/yr (U1->D5 would lose:
    50,000 x d5/5 - 100,000 - 11,000 < 0)."""
    flows = pd.DataFrame({"site_id": ["U1", "X", "X", "U2", "D2", "D3", "D5"],
                          "direction": ["supply", "demand", "supply", "supply", "demand", "demand", "demand"],
                          "resource": "heat", "amount": [30000, 10000, 10000, 30000, 10000, 10000, 10000],
                          "unit": "MWh/yr", "temperature_c": [120, 70, 120, 120, 70, 70, 70],
                          "price_eur_per_unit": [0, 50, 0, 0, 50, 50, d5_price],
                          "investment_eur_per_unit": [100, np.nan, np.nan, 100, np.nan, np.nan, np.nan],
                          "max_distance_km": 0.3})
    pairs = [("U1", "X"), ("X", "D2"), ("U2", "D3"), ("U2", "D2"), ("U1", "D5")]
    return eitflow.scenario_from_frames(_frames(["U1", "X", "U2", "D2", "D3", "D5"]), flows,
                                        links=_links(pairs, 1e5), carbon_price_eur_per_t=0, discount_rate=0.0,
                                        lifetime_years=10, solver={"mip_gap": 0.0})


def test_a_sized_unit_that_must_grow_pays_only_for_the_growth():
    """D5 pays nothing. X closes, the plan already built (A = 3 x 10,000 for the pipes +
    2 x 100,000 for S0 = 230,000 EUR/yr): D2 now needs U2, which grows from 10,000 to 20,000
    MWh/yr (100,000 EUR/yr more) over a new pipe (11,000); U2->D3 runs at its O&M (1,000); U1
    idles: 499,000 + 389,000 = 888,000: loss 1,267,000 + 230,000 - 888,000 = 609,000 EUR/yr,
    exact (U1, its links gone, has no use; U2 keeps S0 and more). Stranded: U1's unit
    (1,000,000 EUR) and the pipes U1->X, X->D2 (200,000): 1,200,000. Before, the relaxation was
    never solved (S0 read after its price was set to 0) and the held re-solve, U2 at 10,000,
    dropped D2: 499,000, loss 998,000."""
    scen = _units(0.0)
    assert eitflow.optimise(scen).summary["objective"] == pytest.approx(1267000.0)
    r = resilience(scen, fresh=True)
    x = r.set_index("site_id").loc["X"]
    assert x["net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(609000.0)
    assert x["net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(609000.0)
    assert x["stranded_sunk_investment_eur"] == pytest.approx(1200000.0)
    assert "X" not in r.attrs["sunk_bounds"]
    assert _independent_loss(scen, "X") == pytest.approx(609000.0)


def test_a_closure_that_shrinks_one_unit_and_grows_another_is_exact():
    """D5 pays 5 EUR/MWh: with U1 built, U1->D5 is worth 50,000 - 11,000 = 39,000 EUR/yr.
    X closes: the best plan keeps U1 at S0 for D5 and grows U2 for D2: 888,000 + 39,000 =
    927,000, loss 1,497,000 - 927,000 = 570,000 EUR/yr (the independent re-solve). The two
    pricings alone: held (U2 at 10,000, D2 dropped, U1->D5 run): 499,000 + 39,000 = 538,000,
    loss 959,000; priced anew (U1 at its full price, so D5 left out, U2 grown): loss 609,000
    and a lower bound 609,000 - 100,000 (U1's S0 annuity) = 509,000. Between them, each set of
    units that grows is solved (`sunk.grow_rows`: U2 sending at least its 10,000 at the full
    price, U1 held; U1 alone; both): the best is 570,000, exact. Stranded: X's pipes alone,
    U1->X and X->D2 (200,000 EUR; U1 runs on for D5). Before, 959,000."""
    scen = _units(5.0)
    r = resilience(scen, fresh=True)
    x = r.set_index("site_id").loc["X"]
    assert x["net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(570000.0)
    assert x["net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(570000.0)
    assert x["stranded_sunk_investment_eur"] == pytest.approx(200000.0)
    assert r.attrs["sunk_bounds"] == {}
    assert _independent_loss(scen, "X") == pytest.approx(570000.0)


def test_a_bound_is_said_after_the_table_in_french():
    """Where the loss with the plan already built is only an upper bound (monthly profiles, or
    more than 3 sized units the closure can use: `resilience` does not search each set that
    grows), `eitflow resilience` says so after its table, with the interval of the least loss,
    in the run's language; nothing where every figure is exact."""
    from eitflow.analyses.stranded import sunk_note

    df = pd.DataFrame({"site_id": ["X"], "name": ["Papeterie X"]})
    df.attrs["sunk_bounds"] = {"X": (509000.0, 609000.0)}
    note = sunk_note(df, "fr")
    assert note.startswith("Plan déjà construit : ")
    assert note.endswith("Papeterie X : entre 509\u202f000 et 609\u202f000 €/an.")
    assert sunk_note(df, "en").endswith("Papeterie X: between 509,000 and 609,000 EUR/yr.")
    assert sunk_note(resilience(_units(5.0)), "fr") == ""


def _units_monthly(d5_price: float) -> eitflow.Scenario:
    """`_units` with monthly profiles, each flow a twelfth of its amount every month: the same
    plan and annual figures, but `resilience` does not search each set of sized units that grows
    (a unit's capacity is then its busiest month's rate), so its loss with the plan already built
    is the better of the held and relaxed re-solves, an upper bound."""
    import dataclasses

    scen = _units(d5_price)
    return dataclasses.replace(scen, profiles=np.full((len(scen.flows), 12), 1 / 12))


def test_a_bound_is_a_column_of_the_table_the_file_the_sheet_and_the_report(tmp_path):
    """X closes in `_units(5.0)` with monthly profiles (flat: the annual figures of
    test_a_closure_that_shrinks_one_unit_and_grows_another_is_exact, whose exact loss is
    570,000 EUR/yr). By hand, EUR/yr, the plan + its annuities 1,267,000 + 230,000 = 1,497,000:
      held at the built S0 (U2 cannot grow: D2 dropped; U1->D5 runs, 39,000): 499,000 + 39,000
        = 538,000, loss 959,000;
      relaxed (each unit at its full 10 EUR/yr per MWh/yr): U2 grows to 20,000 MWh/yr
        (200,000), U2->D3 at its O&M (1,000), a new pipe U2->D2 (11,000): 1,000,000 - 212,000 =
        788,000, U1 unused (D5: 50,000 - 100,000 - 11,000 < 0); at the sunk pricing it gets back
        U2's S0 annuity, 100,000: 888,000, loss 609,000, a plan the closure can run;
      the least any plan can lose: every usable unit's S0 annuity back (U1 and U2, 200,000):
        1,497,000 - 788,000 - 200,000 = 509,000.
    So 609,000 EUR/yr, an upper bound, the least loss in [509,000, 609,000] (570,000 is). The
    fresh run (no site's corridors here: the same model) gives the same interval. Before, only
    the re-solve's bound was said, after the printed table: no column, nothing in the file, the
    sheet or the report, and the fresh run's figure never said it was a bound."""
    from openpyxl import Workbook, load_workbook

    from eitflow import i18n
    from eitflow.analyses.resilfile import run_table
    from eitflow.report.resilience import add_resilience_sheet, resilience_section
    from eitflow.results.spreadsheet import write_table

    r = resilience(_units_monthly(5.0), fresh=True, langs=("en", "fr"))
    x = r.set_index("site_id").loc["X"]
    assert x["net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(609000.0)
    assert x["net_benefit_lost_sunk_figure"] == "upper_bound"
    assert x["net_benefit_lost_sunk_low_eur_per_yr"] == pytest.approx(509000.0)
    assert x["net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(609000.0)
    assert x["net_benefit_lost_sunk_fresh_figure"] == "upper_bound"
    assert x["net_benefit_lost_sunk_fresh_low_eur_per_yr"] == pytest.approx(509000.0)
    write_table(run_table(r), tmp_path / "resilience.csv")
    import html as markup

    html = markup.unescape(resilience_section(tmp_path, "fr"))
    assert "\u2264 609\u202f000" in html   # the cell marked as a bound
    assert "Plan déjà construit : " in html and "Calcul sans l'entreprise, plan déjà construit : " in html
    assert html.count("X : entre 509\u202f000 et 609\u202f000 €/an") == 2   # both intervals, by hand
    wb = Workbook()
    wb.active.title = i18n.text("sheet_summary", "fr")
    wb.create_sheet("colonnes")
    wb.save(tmp_path / "results.xlsx")
    assert add_resilience_sheet(tmp_path / "results.xlsx", tmp_path, "fr")
    rows = list(load_workbook(tmp_path / "results.xlsx")["résilience"].iter_rows(values_only=True))
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("site")   # headed "bénéfice net perdu ²" (resilheads)
    # the interval beside the word (it said "majorant" alone): the same words as the note's, by hand
    said = "majorant (entre 509\u202f000 et 609\u202f000 €/an)"
    assert sheet.at["X", "bénéfice net perdu\u00a0\u00b2 : exact ou majorant"] == said
    assert sheet.at["X", "bénéfice net perdu\u00a0\u00b2 : au moins (€/an)"] == pytest.approx(509000.0)
    # the fresh run's, marked ³ (`test_resilience_fresh_heads`)
    assert sheet.at["X", "bénéfice net perdu\u00a0\u00b2\u00a0\u00b3 : exact ou majorant"] == said
    assert sheet.at["X", "bénéfice net perdu\u00a0\u00b2\u00a0\u00b3 : au moins (€/an)"] == pytest.approx(509000.0)


def test_an_exact_loss_says_exact():
    """Without profiles the same closure is exact (each set of units that grows solved):
    570,000 EUR/yr, its least the same, said "exact"."""
    r = resilience(_units(5.0), fresh=True)
    x = r.set_index("site_id").loc["X"]
    assert x["net_benefit_lost_sunk_figure"] == x["net_benefit_lost_sunk_fresh_figure"] == "exact"
    assert x["net_benefit_lost_sunk_low_eur_per_yr"] == pytest.approx(570000.0)
    assert x["net_benefit_lost_sunk_fresh_low_eur_per_yr"] == pytest.approx(570000.0)
