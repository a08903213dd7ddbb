"""`eitflow validate --strict`: a script that must not go on with plausible but odd values
(a price per kWh read per MWh) gets exit 2 for them, as for problems; without --strict, and
for a scenario without warnings, validate says 'ok' and exits 0 as before."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import TWO_SITES_CSV
from eitflow.cli.main import main

FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
         "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,1000000,kWh/yr,60,{price}\n")


def _validate(tmp_path, price: str, *args: str):
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(FLOWS.format(price=price), encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    return CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), *args])


def test_strict_exits_2_on_warnings(tmp_path):
    res = _validate(tmp_path, "0.05", "--strict", "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "warning: flows.csv, row 3, column 'price_eur_per_unit'" in res.output
    assert "- 1 warning (above); --strict treats them as problems" in res.output and "ok:" not in res.output
    fr = _validate(tmp_path, "0.05", "--strict", "--lang", "fr")
    assert fr.exit_code == 2 and "- 1 avertissement (ci-dessus) ; --strict les traite comme des problèmes" in fr.output


def test_without_strict_or_without_warnings_validate_says_ok(tmp_path):
    plain = _validate(tmp_path, "0.05", "--lang", "en")
    assert plain.exit_code == 0 and "warning: " in plain.output and "ok: " in plain.output, plain.output
    clean = _validate(tmp_path, "50", "--strict", "--lang", "en")
    assert clean.exit_code == 0 and "warning" not in clean.output and "ok: " in clean.output, clean.output
