"""results.xlsx's summary sheet named summary.json's raw keys ('totals.net_benefit_eur_per_yr')
and said its values as the code does ('time_limit', the solver's English message) even for a
French run. Each figure is now named as the report names it, with its unit ('Bénéfice net
(€/an)', the key-figure cards; 'prix du carbone (€/tCO2)', the parameters), the key kept beside
it; numbers are summary.json's, unchanged (to the 15 significant digits a workbook keeps)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import eitflow
from eitflow.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def _at(d: dict, key: str):
    """summary.json's value at a flattened key (nested keys joined by '.')."""
    for part in key.split("."):
        d = d[part]
    return d


def _sheet(path: Path, name: str) -> tuple[tuple, dict[str, tuple]]:
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return rows[0], {r[0]: r[1:] for r in rows[1:]}


def test_a_french_run_names_its_summary_figures_in_french_with_their_units(tmp_path):
    out = tmp_path / "ludres"
    res = CliRunner().invoke(main, ["run", str(ROOT / "scenarios/ludres_backbone/scenario.yaml"), "--out", str(out),
                                    "--excel", "-q"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    head, rows = _sheet(out / "results.xlsx", "synthèse")
    assert head == ("indicateur", "valeur", "clé de summary.json")
    # labels of the report (cards, tables' columns, parameters), each with its summary.json key
    expected = {
        "Bénéfice net (€/an)": "totals.net_benefit_eur_per_yr",
        "CO2 évité (tCO2/an)": "totals.co2_avoided_t_per_yr",
        "Investissement (€)": "totals.investment_eur",
        "Échanges": "counts.chosen_links",
        "objectif (€/an)": "objective",
        "borne (€/an)": "bound",
        "réseaux partagés : coût annuel (€/an)": "totals.network_cost_eur_per_yr",
        "prix du carbone (€/tCO2)": "parameters.carbon_price_eur_per_t",
        "durée d'amortissement (ans)": "parameters.lifetime_years",
        "chaleur : bénéfice net (€/an)": "totals.amount_by_resource.heat.net_benefit_eur_per_yr",
    }
    for label, key in expected.items():
        assert label in rows, label
        value, k = rows[label]
        assert k == key
        assert isinstance(value, (int, float)) and value == pytest.approx(_at(summary, key), rel=1e-14), label
    assert summary["totals"]["network_cost_eur_per_yr"] > 0 and summary["counts"]["chosen_links"] > 0
    assert rows["statut"][0] == "optimal"
    assert rows["objectif optimisé"][0] == "bénéfice net"
    # no raw key of these figures left as a label, and every number is summary.json's
    labels = set(rows)
    assert not labels & {"totals.net_benefit_eur_per_yr", "objective", "status", "counts.sites"}
    for value, key in rows.values():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert value == pytest.approx(_at(summary, key), rel=1e-14), key


def test_an_english_run_names_them_in_english_and_the_message_is_said_in_the_run_language(tmp_path):
    from eitflow.i18n import text
    from eitflow.report.workbook import write_results_workbook

    sites = pd.DataFrame({"site_id": ["S1", "D"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["S1", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000, 25000], "unit": "MWh/yr", "temperature_c": [130, 60],
                          "price_eur_per_unit": [0, 40]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows))
    res.summary["message"] = text("sol_fallback", "en")   # one of eitflow's own sentences
    head, en = _sheet(write_results_workbook(res, tmp_path / "en.xlsx", lang="en"), "summary")
    assert head == ("figure", "value", "summary.json key")
    assert en["Net benefit (EUR/yr)"] == (pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"], rel=1e-14),
                                          "totals.net_benefit_eur_per_yr")
    assert en["carbon price (EUR/tCO2)"][1] == "parameters.carbon_price_eur_per_t"
    assert en["solver's message"][0].startswith("a component found no solution within the time limit")
    _, fr = _sheet(write_results_workbook(res, tmp_path / "fr.xlsx", lang="fr"), "synthèse")
    assert fr["message du solveur"][0].startswith("une composante n'a trouvé aucune solution dans le temps imparti")
    assert fr["Bénéfice net (€/an)"][0] == pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"], rel=1e-14)
