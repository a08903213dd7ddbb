"""The bundled Dunkerque scenario speaks French, as its users and the elected officials it is
handed to: a helper trying the French deliverables found its title ("Dunkerque - the existing
heat network and its extensions"), its site names' notes ("fictitious name; modelled on the
Dunkerque works") and its sectors ("Integrated steelworks") in English in the brief and the
report, and neither yaml said `lang: fr`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

HERE = Path(__file__).resolve().parents[1] / "scenarios" / "dunkerque_dh"
ENGLISH = re.compile(r"\b(fictitious|assumed|planned|modelled|steelworks|district heating|works|glasshouse|"
                     r"smelter|swimming|refinery|cement|the|and|of)\b", re.IGNORECASE)


def test_the_dunkerque_scenario_is_written_in_french():
    for name in ("scenario.yaml", "network.yaml"):
        y = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
        assert y.get("lang") == "fr", name
        for key in ("name", "description"):
            assert not ENGLISH.search(y[key]), (name, key, ENGLISH.search(y[key]))
    sites = pd.read_csv(HERE / "sites.csv")
    junctions = pd.read_csv(HERE / "junctions.csv")
    for text in [*sites["name"], *sites["sector"], *junctions["name"]]:
        assert not ENGLISH.search(str(text)), text


@pytest.mark.parametrize("name", ["zae_example", "redon_h2", "tavaux_h2"])
def test_the_other_bundled_french_territories_name_their_sites_in_french(name):
    """The same for the three older bundled territories (a helper trying the French deliverables
    found 'ZAE des Hauts de Sambre - example territory' as the brief's title, '(fictitious)' after
    every site name and sectors such as 'Brewery' in the French report): the scenario's name and
    description, its sites' names and sectors, and its hubs' names are French."""
    here = HERE.parent / name
    y = yaml.safe_load((here / "scenario.yaml").read_text(encoding="utf-8"))
    for key in ("name", "description"):
        assert not ENGLISH.search(y[key]), (key, ENGLISH.search(y[key]))
    sites = pd.read_csv(here / "sites.csv")
    texts = [*sites["name"], *sites["sector"]]
    if (here / "hubs.csv").exists():
        texts += list(pd.read_csv(here / "hubs.csv")["name"])
    for text in texts:
        assert not ENGLISH.search(str(text)), text
