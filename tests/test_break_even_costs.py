"""A cost given on a break-even template's row changed nothing, without a word.

A catalogue template's revenue is break-even (`data/activities.yaml`): it earns exactly its
annuity and fixed cost, whatever they are. An analyst who writes a project's own investment or
fixed cost in activities.csv (and no revenue) expects the activity to cost more; its revenue
rises with it and its net cost stays its land's: fos_siting's glasshouse at 900 M EUR/yr of
fixed cost left the plan at 8,810,328.65 EUR/yr, the README's figure without it. It is now a
warning naming the row, the column and the template's own figures: by hand from
activities.yaml, greenhouse per ha of glass: investment 1,200,000 EUR and fixed cost 30,000
EUR/yr, times fos_siting's size 10: 12,000,000 EUR and 300,000 EUR/yr.
"""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

SCEN = ROOT / "scenarios" / "fos_siting"


def _fos(tmp_path, header: str, serre: str):
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    lines = (d / "activities.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += header
    lines = [line + (serre if line.startswith("SERRE,") else "," * header.count(",") if i else "")
             for i, line in enumerate(lines)]
    (d / "activities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d / "scenario.yaml"


def test_a_cost_on_a_break_even_template_is_said(tmp_path):
    yaml = _fos(tmp_path, ",fixed_cost_eur_per_yr", ",900000000")
    r = CliRunner().invoke(main, ["site", str(yaml), "--out", str(tmp_path / "run"), "--lang", "en", "--no-rank"])
    assert r.exit_code == 0, r.output
    assert ("warning: activities.csv, row 2, column 'fixed_cost_eur_per_yr': SERRE's template greenhouse has a "
            "break-even revenue (it earns exactly its annuity and fixed cost, whatever they are), so the "
            "fixed_cost_eur_per_yr given here (900,000,000) changes nothing in its net cost; give revenue_eur_per_yr "
            "(what one instance earns on its own) to make it count (the template's own: investment 12,000,000 EUR, "
            "fixed cost 300,000 EUR/yr)") in r.output, r.output
    assert "objective 8,810,328.65 EUR/yr" in r.output   # unchanged: what the warning says


def test_a_cost_with_its_revenue_is_not_said(tmp_path):
    yaml = _fos(tmp_path, ",investment_eur,revenue_eur_per_yr", ",20000000,1262911")
    r = CliRunner().invoke(main, ["validate", str(yaml), "--lang", "fr"])
    assert r.exit_code == 0 and "revenu à l'équilibre" not in r.output, r.output


def test_the_warning_in_french(tmp_path):
    yaml = _fos(tmp_path, ",investment_eur", ",20000000")
    r = CliRunner().invoke(main, ["validate", str(yaml), "--lang", "fr"])
    assert ("attention : activities.csv, ligne 2, colonne 'investment_eur' : le modèle greenhouse de SERRE a un revenu "
            "à l'équilibre") in r.output, r.output
    assert "(ceux du modèle : investissement 12\u202f000\u202f000 €, coût fixe 300\u202f000 €/an)" in r.output, r.output
