"""not_chosen.csv under the co2 objective: what a link left unbuilt is worth in money (EUR/yr,
as every `_eur_per_yr` column) and the CO2 it would avoid (tCO2/yr) in their own columns, and
the report and results.xlsx each labelled with its unit. Before, the EUR/yr columns held the
tCO2/yr figures: on zae_example run for CO2, ACIER_RQ -> RCU_MAUB was "worth alone 6,202
EUR/yr" (its tCO2/yr) where it is worth about 1.3 M EUR/yr.

By hand (zae_example, catalogue heat): ACIER_RQ's 25,000 MWh/yr of heat (f18, free) to
RCU_MAUB's demand (f14, 60,000 MWh/yr at 50 EUR/MWh) over d = 7.772 km of pipe (great circle
x 1.3): yield eta = 1 - 0.002 d; the heat replaces gas heat at 0.252 tCO2/MWh, 100 EUR/tCO2;
carrying costs 0.5 + 0.1 d EUR/MWh; the pipe 150,000 + 800,000 d EUR at 5 % over 20 years
plus 5,000 EUR/yr. Alone it takes the whole 25,000 MWh/yr."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eitflow import optimise, read_scenario
from eitflow.analyses.common import with_objective
from eitflow.report.html import render_html
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import read_run, write_run

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"

SUPPLY, PRICE, CO2_FACTOR, CARBON = 25_000.0, 50.0, 0.252, 100.0
CRF = 0.05 / (1 - 1.05 ** -20)


def _by_hand(d_km: float) -> tuple[float, float, float]:
    """(worth alone EUR/yr, its fixed cost EUR/yr, CO2 avoided alone tCO2/yr) of ACIER_RQ -> RCU_MAUB."""
    eta = 1 - 0.002 * d_km
    v = (PRICE + CARBON * CO2_FACTOR) * eta - (0.5 + 0.1 * d_km)
    fixed = CRF * (150_000 + 800_000 * d_km) + 5_000
    return v * SUPPLY - fixed, fixed, CO2_FACTOR * eta * SUPPLY


@pytest.fixture(scope="module")
def co2_run(tmp_path_factory):
    res = optimise(with_objective(read_scenario(EXAMPLE), "co2"))
    assert res.summary["objective_name"] == "co2"
    return res, write_run(res, tmp_path_factory.mktemp("nc_co2") / "run")


def _row(nc: pd.DataFrame) -> pd.Series:
    r = nc[(nc["source_site"] == "ACIER_RQ") & (nc["sink_site"] == "RCU_MAUB")]
    assert len(r) == 1
    return r.iloc[0]


def _report(html: str) -> tuple[str, list[float]]:
    """The not-chosen table's header, and the numbers (data-v) of its row ACIER_RQ -> RCU_MAUB."""
    table = re.search(r'<table id="notchosen-table".*?</table>', html, re.S).group(0)
    row = next(tr for tr in table.split("<tr>") if 'data-code="ACIER_RQ"' in tr and 'data-code="RCU_MAUB"' in tr)
    return table.split("</thead>")[0], [float(v) for v in re.findall(r'data-v="([^"]+)"', row)]


def test_not_chosen_keeps_money_in_eur_and_co2_in_its_own_columns(co2_run):
    _, out = co2_run
    nc = pd.read_csv(out / "not_chosen.csv")
    r = _row(nc)
    alone, fixed, co2 = _by_hand(float(r["distance_km"]))
    assert r["distance_km"] == pytest.approx(7.772, abs=1e-3)
    assert alone == pytest.approx(1_302_893, abs=1)        # about 1.3 M EUR/yr, not 6,202
    assert r["value_alone_eur_per_yr"] == pytest.approx(alone, rel=1e-8)
    assert r["co2_alone_t_per_yr"] == pytest.approx(co2, rel=1e-8)
    assert co2 == pytest.approx(6_202.07, abs=0.01)
    # the steelworks' heat all goes to the glasshouses in the plan worth the most of those
    # avoiding the most CO2 (`solve.lexico`): nothing left, worth minus its fixed cost, no CO2
    assert r["reason"] == "supply_taken" and r["amount_left"] == 0
    assert r["value_left_eur_per_yr"] == pytest.approx(-fixed, rel=1e-8)
    assert r["co2_left_t_per_yr"] == 0


def test_report_and_workbook_show_the_objectives_figure_with_its_unit(co2_run, tmp_path):
    res, out = co2_run
    data = read_run(out)
    alone, _, co2 = _by_hand(float(_row(data.not_chosen)["distance_km"]))
    for lang, word in (("en", "CO2 avoided alone"), ("fr", "CO2 évité, liaison seule")):
        head, vals = _report(render_html(data, lang))
        assert word in head and "tCO2/" in head and "EUR" not in head and "€" not in head
        assert any(v == pytest.approx(co2, rel=1e-8) for v in vals)
        assert not any(v == pytest.approx(alone, rel=1e-6) for v in vals)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "en"))
    r = _row(book["not_chosen"])
    assert r["value_alone_eur_per_yr"] == pytest.approx(alone, rel=1e-8)
    assert r["co2_alone_t_per_yr"] == pytest.approx(co2, rel=1e-8)
    from openpyxl import load_workbook

    heads = [c.value for c in next(load_workbook(tmp_path / "r.xlsx")["not_chosen"].iter_rows(max_row=1))]
    assert "worth alone (EUR/yr)" in heads and "CO2 avoided alone (tCO2/yr)" in heads


def test_net_benefit_run_shows_money_in_the_report(tmp_path):
    res = optimise(read_scenario(EXAMPLE))
    data = read_run(write_run(res, tmp_path / "run"))
    alone, _, co2 = _by_hand(float(_row(data.not_chosen)["distance_km"]))
    assert _row(data.not_chosen)["co2_alone_t_per_yr"] == pytest.approx(co2, rel=1e-8)
    head, vals = _report(render_html(data, "en"))
    assert "Worth alone" in head and "EUR/yr" in head and "tCO2" not in head
    assert any(v == pytest.approx(alone, rel=1e-8) for v in vals)


def test_a_co2_run_written_before_reads_its_co2_figures_as_such(co2_run, tmp_path):
    """An older eitflow wrote the tCO2/yr figures in the EUR/yr columns of a co2 run: read back
    as CO2, the money unknown, and shown in tCO2/yr."""
    import shutil

    _, out = co2_run
    old = tmp_path / "old"
    shutil.copytree(out, old)
    nc = pd.read_csv(old / "not_chosen.csv")
    nc["value_alone_eur_per_yr"], nc["value_left_eur_per_yr"] = nc["co2_alone_t_per_yr"], nc["co2_left_t_per_yr"]
    nc.drop(columns=["co2_alone_t_per_yr", "co2_left_t_per_yr", "mode"]).to_csv(old / "not_chosen.csv", index=False)
    data = read_run(old)
    r = _row(data.not_chosen)
    _, _, co2 = _by_hand(float(r["distance_km"]))
    assert r["co2_alone_t_per_yr"] == pytest.approx(co2, rel=1e-8) and np.isnan(r["value_alone_eur_per_yr"])
    head, vals = _report(render_html(data, "en"))
    assert "tCO2/" in head and any(v == pytest.approx(co2, rel=1e-8) for v in vals)
