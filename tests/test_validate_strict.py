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


HUBS = ("hub_id,lat,lon,resources,capacity,investment_eur,fixed_cost_eur_per_yr,var_cost_eur_per_unit\n"
        "H1,45.005,4.0,heat,5000,,,\n"        # row 2: no cost given: free, a cost forgotten?
        "H2,45.005,4.001,heat,5000,0,,\n"     # row 3: 0 written: free on purpose
        "H3,45.005,4.002,heat,5000,,12000,\n")  # row 4: a fixed cost


def test_a_hub_without_any_cost_is_warned_about_and_strict_refuses(tmp_path):
    """A hub whose investment_eur, fixed_cost_eur_per_yr and var_cost_eur_per_unit are all
    empty is built and run for free (each empty cell is 0): `validate` said 'ok' without a word.
    It warns at hubs.csv, row 2 (the first hub), column 'investment_eur', in English and French;
    a 0 written (row 3) or any one cost (row 4) is a cost given, not warned about; --strict
    exits 2 on it as on any warning."""
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(FLOWS.format(price="50"), encoding="utf-8")
    (tmp_path / "hubs.csv").write_text(HUBS, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n",
                                            encoding="utf-8")
    run = lambda *a: CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), *a])  # noqa: E731
    en = run("--lang", "en")
    assert en.exit_code == 0 and "ok: " in en.output, en.output
    assert en.output.count("warning: ") == 1
    assert ("warning: hubs.csv, row 2, column 'investment_eur': investment_eur, fixed_cost_eur_per_yr and "
            "var_cost_eur_per_unit are all empty: this hub is built and run for free") in en.output
    fr = run("--lang", "fr", "--strict")
    assert fr.exit_code == 2, fr.output
    assert ("hubs.csv, ligne 2, colonne 'investment_eur' : investment_eur, fixed_cost_eur_per_yr et "
            "var_cost_eur_per_unit sont tous vides : ce hub est construit et exploité gratuitement") in fr.output


def test_a_plot_without_any_land_cost_is_warned_about_and_strict_refuses(tmp_path):
    """fos_siting's La Feuillane (plots.csv row 4) has a land price of 300,000 EUR/ha; with it
    blanked, and no rent nor remediation, the plot's land is free: `validate` said 'ok' without
    a word. It warns at plots.csv, row 4, column 'land_price_eur_per_ha' (en, fr); PIICTO and
    INNOVEX (rows 2, 3) have a rent and are not warned about; --strict exits 2."""
    import csv
    import shutil
    from pathlib import Path

    src = Path(__file__).parents[1] / "scenarios" / "fos_siting"
    d = tmp_path / "fos"
    shutil.copytree(src, d)
    rows = list(csv.DictReader((d / "plots.csv").open(encoding="utf-8")))
    assert [r["plot_id"] for r in rows] == ["PIICTO", "INNOVEX", "FEUILLANE"]
    plain = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--strict", "--lang", "en"])
    assert plain.exit_code == 0 and "warning" not in plain.output, plain.output   # every plot has a cost
    rows[2]["land_price_eur_per_ha"] = ""
    with (d / "plots.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    en = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert en.exit_code == 0 and en.output.count("warning: ") == 1, en.output
    assert ("warning: plots.csv, row 4, column 'land_price_eur_per_ha': land_price_eur_per_ha, land_rent_eur_per_ha_yr "
            "and remediation_eur_per_ha are all empty: this plot's land is free") in en.output
    fr = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--strict", "--lang", "fr"])
    assert fr.exit_code == 2, fr.output
    assert "plots.csv, ligne 4, colonne 'land_price_eur_per_ha' : land_price_eur_per_ha" in fr.output
    assert "cette parcelle est gratuite" in fr.output
