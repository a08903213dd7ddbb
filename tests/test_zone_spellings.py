"""Zone labels that differ only by letter case, accents or spaces were two zones without a
word: 'ZAE des hauts de Sambre' beside 'ZAE des Hauts de Sambre' split the park's totals in
zones.csv, `eitflow zones` and the report. They are now refused, naming both rows of the file
(blank rows counted); zones spelled alike, or truly different, are read as before."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main
from eitflow.errors import ScenarioError

FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
         "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,1000,MWh/yr,60,45\n")


def _validate(tmp_path, sites: str, lang: str = "en") -> tuple[int, str]:
    (tmp_path / "sites.csv").write_text(sites, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(FLOWS, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", lang])
    return res.exit_code, res.output


@pytest.mark.parametrize("second, why", [
    ("ZAE des hauts de Sambre", "letter case"),
    ("ZAE des Hauts de  Sambre", "spaces"),          # two spaces
    ("ZAE dés Hauts de Sambre", "accents"),
])
def test_a_zone_spelled_another_way_is_refused_naming_both_rows(tmp_path, second, why):
    # header row 1, S row 2, a blank row 3, A row 4
    code, out = _validate(tmp_path, f"site_id,lat,lon,zone\nS,45.0,4.0,ZAE des Hauts de Sambre\n\nA,45.01,4.0,{second}\n")
    assert code == 2 and (f"sites.csv, row 4, column 'zone': zone '{second}' differs from 'ZAE des Hauts de Sambre' "
                          "(row 2) only by letter case, accents or spaces") in out, (why, out)


def test_french_words(tmp_path):
    code, out = _validate(tmp_path, "site_id,lat,lon,zone\nS,45.0,4.0,Fléville\nA,45.01,4.0,FLEVILLE\n", "fr")
    assert code == 2 and ("sites.csv, ligne 3, colonne 'zone' : la zone 'FLEVILLE' ne diffère de 'Fléville' (ligne 2) "
                          "que par la casse, les accents ou les espaces") in out, out


@pytest.mark.parametrize("a, b", [("ZAE Nord", "ZAE Nord"), ("ZAE Nord", "ZAE Sud"), ("ZAE Nord", " ZAE Nord "),
                                  ("", "ZAE Nord")])
def test_zones_alike_or_different_are_read(tmp_path, a, b):
    code, out = _validate(tmp_path, f"site_id,lat,lon,zone\nS,45.0,4.0,{a}\nA,45.01,4.0,{b}\n")
    assert code == 0, out


def test_a_dataframe_is_checked_too():
    sites = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0],
                          "zone": ["Val de Sambre", "Val De Sambre"]})
    flows = pd.read_csv(__import__("io").StringIO(FLOWS))
    with pytest.raises(ScenarioError, match=r"sites, row 3, column 'zone': zone 'Val De Sambre' differs from "
                                            r"'Val de Sambre' \(row 2\)"):
        eitflow.scenario_from_frames(sites, flows, name="t")


def test_a_hubs_zone_spelled_another_way_than_the_sites_is_refused(tmp_path):
    import shutil
    from pathlib import Path

    d = tmp_path / "redon"
    shutil.copytree(Path(__file__).resolve().parents[1] / "scenarios" / "redon_h2", d)
    hubs = pd.read_csv(d / "hubs.csv", dtype=str, keep_default_na=False)
    sites = pd.read_csv(d / "sites.csv", dtype=str, keep_default_na=False)
    assert hubs.loc[0, "zone"] in set(sites["zone"])   # the bundled hub is in a zone of the sites
    hubs.loc[0, "zone"] = hubs.loc[0, "zone"].upper()
    hubs.to_csv(d / "hubs.csv", index=False)
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 2 and ("hubs.csv, row 2, column 'zone': zone 'REDON AGGLOMÉRATION' differs from the zone "
                                   "'Redon Agglomération' of sites.csv only by letter case") in res.output, res.output
