"""A sweep's parameters named as `eitflow compare` names them.

A sweep over the discount rate or the electricity price showed, in a French dry run, report and
plot, 'discount rate' (English) and 'electricity price eur per mwh' (the column's name spelled
out, no unit), the carbon price in '€/t' where compare says '€/tCO2' for the same parameter, and
a discount rate of 5 % as '0,05' where compare says '5 %'. The words below are written by hand
from the French and English of messages.csv's ``param__`` rows (not read through the code)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from eitflow.report.names import param_label, param_value

NBSP = "\u00a0"


@pytest.mark.parametrize("key, fr, en", [
    ("carbon_price_eur_per_t", "prix du carbone (€/tCO2)", "carbon price (EUR/tCO2)"),
    ("discount_rate", "taux d'actualisation", "discount rate"),
    ("lifetime_years", "durée d'amortissement (ans)", "investments' lifetime (years)"),
    ("electricity_price_eur_per_mwh", "prix de l'électricité (€/MWh)", "electricity price (EUR/MWh)"),
    ("electricity_co2_t_per_mwh", "facteur CO2 de l'électricité (tCO2/MWh)", "electricity CO2 factor (tCO2/MWh)"),
    ("heat_level_step_k", "pas d'arrondi des niveaux de chaleur (K)", "heat levels' rounding step (K)"),
])
def test_every_swept_scalar_is_named_in_the_language_with_its_unit(key, fr, en):
    assert param_label(key, "fr") == fr
    assert param_label(key, "en") == en


def test_a_swept_discount_rate_reads_as_a_percentage():
    assert param_value("discount_rate", 0.05, "fr") == f"5{NBSP}%"
    assert param_value("discount_rate", 0.04, "en") == "4%"
    assert param_value("carbon_price_eur_per_t", 100.0, "fr") == "100"


def test_a_french_dry_run_heads_its_parameters_in_french(tmp_path):
    from conftest import SCENARIO_YAML, write_scenario
    from eitflow.cli.sweep import sweep_cmd

    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "lang: fr\n")
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [100]\n"
                     "  discount_rate: [0.04, 0.08]\n  electricity_price_eur_per_mwh: [80]\n", encoding="utf-8")
    r = CliRunner().invoke(sweep_cmd, [str(sweep), "--out", str(tmp_path / "dry"), "--dry-run"],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    said = re.sub(r"[ \n]+", " ", r.output)   # the table's columns may wrap; a no-break space stays
    for w in ("prix du carbone (€/tCO2)", "taux d'actualisation", "prix de l'électricité (€/MWh)",
              f"4{NBSP}%", f"8{NBSP}%"):
        assert w in said, (w, r.output)
    for w in ("discount rate", "eur per mwh", "(€/t)", "0,04", "0,08"):
        assert w not in said, (w, r.output)


@pytest.mark.parametrize("lang, want", [("fr", [f"{k}{NBSP}%" for k in range(4, 9)]), ("en", [f"{k}%" for k in range(4, 9)])])
def test_a_swept_discount_rates_axis_reads_in_percent(lang, want):
    """The sweep figure's axis for a discount rate swept from 0.04 to 0.08 read 0,04 ... 0,08
    under a table and a compare that say 4 % ... 8 %: its ticks are percentages now."""
    import pandas as pd

    from eitflow.report.plots import sweep_figure

    df = pd.DataFrame({"run_id": ["a", "b"], "base": ["m", "m"], "discount_rate": [0.04, 0.08],
                       "status": ["optimal"] * 2, "net_benefit_eur_per_yr": [1e6, 9e5], "co2_avoided_t_per_yr": [10.0, 9.0]})
    fig, _ = sweep_figure(df, ["discount_rate"], lang, {"discount_rate": param_label("discount_rate", lang)})
    fig.canvas.draw()
    shown = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert all(w in shown for w in want), shown
    assert not any(t.startswith("0,0") or t.startswith("0.0") for t in shown), shown
