"""activities.csv's `template` written in French ('serre', 'centre de données': the names the
French report gives these activities) was refused as "modèle d'activité inconnu : 'serre'",
neither the code to write nor the catalogue's templates said. It names both: 'serre' is
greenhouse, 'centre de données' data_centre (data/messages.csv, use__greenhouse and
use__data_centre, by reading them); the six templates of data/activities.yaml."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

SCEN = ROOT / "scenarios" / "fos_siting"
LIST = "data_centre, district_heating_plant, electrolyser, fish_farm, greenhouse, wood_pellet_plant"


@pytest.mark.parametrize("written,code", [("serre", "greenhouse"), ("Centre de données", "data_centre"),
                                          ("Electrolyseur", "electrolyser")])
def test_a_french_template_name_is_said_with_its_code(tmp_path, written, code):
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    text = (d / "activities.csv").read_text(encoding="utf-8").replace(",greenhouse,", f",{written},", 1)
    (d / "activities.csv").write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "fr"])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert (f"activities.csv, ligne 2, colonne 'template' : modèle d'activité inconnu : '{written.lower()}' "
            f"(vouliez-vous dire '{code}' ?) ; attendu : un modèle du catalogue ({LIST})") in r.output, r.output
