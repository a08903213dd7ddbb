"""`eitflow resilience` in French named the stranded links by their codes
('UVE_LUDRES:uve_heat -> network:heat (chaleur, réseau)') where `eitflow alternatives` and the
report name them ('UVE Val'ERgie (Métropole du Grand Nancy) → Réseau de chaleur : chaleur,
réseau', sites.csv's names); English keeps the keys, as its stranded corridors do."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import eitflow
from eitflow.analyses.resilience import resilience

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


def test_resilience_names_the_stranded_links_in_french():
    scen = eitflow.read_scenario(LUDRES / "scenario.yaml")
    name = pd.read_csv(LUDRES / "sites.csv").set_index("site_id").at["UVE_LUDRES", "name"]
    fr = resilience(scen, lang="fr").set_index("site_id").at["UVE_LUDRES", "stranded_links"]
    assert f"{name} → Réseau de chaleur : chaleur, réseau" in fr.split("; ")
    assert "UVE_LUDRES:" not in fr
    en = resilience(scen, lang="en").set_index("site_id").at["UVE_LUDRES", "stranded_links"]
    assert "UVE_LUDRES:uve_heat -> network:heat (heat, network)" in en.split("; ")
