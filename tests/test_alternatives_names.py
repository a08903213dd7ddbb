"""`eitflow alternatives` named the links and corridors it moves by their codes in every
language: on the Ludres backbone in French, "SAM_NM:sam_heat -> network:heat (heat, network)"
and "corridor trunk_1: SAM_NM - NEUVES (heat)", beside columns saying "ajout", "tronçon",
"Réseau de chaleur". They now read as the other outputs: the ends by their names from sites.csv
(the network by its name), what is carried in the run's language. The expected labels below are
written by hand from scenarios/ludres_backbone/sites.csv's `name` column and the messages'
wording, not taken from the code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.cli.main import main

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"
CODES = ("SAM_NM", "UVE_LUDRES", "NEUVES", "network:heat", "sam_heat", "uve_heat", "_heat", " -> ")


def _alternatives(tmp_path: Path, *lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    ports, diffs = tmp_path / "alt.csv", tmp_path / "diff.csv"
    out = CliRunner().invoke(main, ["alternatives", str(LUDRES / "scenario.yaml"), "-k", "2", "--csv", str(ports),
                                    "--diff-csv", str(diffs), *lang], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return pd.read_csv(ports), pd.read_csv(diffs)


@pytest.mark.parametrize("lang", [(), ("--lang", "en")])
@pytest.mark.slow
def test_alternatives_name_sites_and_network_in_the_runs_language(tmp_path, lang):
    ports, diffs = _alternatives(tmp_path, *lang)
    fr = not lang   # the scenario says lang: fr
    said = " ; ".join([*ports["links"], *ports["corridors"], *diffs["link"]])
    for code in CODES:
        assert code not in said, code
    # the optimum connects the steelworks to the network and builds its trunk to Neuves-Maisons
    links, corridors = ports.at[0, "links"].split("; "), ports.at[0, "corridors"].split("; ")
    if fr:
        assert "SAM Neuves-Maisons (aciérie) → Réseau de chaleur : chaleur, réseau" in links
        assert "SAM Neuves-Maisons (aciérie) → Pont-Saint-Vincent (centre) : chaleur, canalisation" in links
        assert "tronçon trunk_1 : SAM Neuves-Maisons (aciérie) – Neuves-Maisons (centre), chaleur" in corridors
    else:
        assert "SAM Neuves-Maisons (aciérie) → Heat network: heat, network" in links
        assert "SAM Neuves-Maisons (aciérie) → Pont-Saint-Vincent (centre): heat, pipe" in links
        assert "corridor trunk_1: SAM Neuves-Maisons (aciérie) – Neuves-Maisons (centre), heat" in corridors
    # the machine columns keep the codes
    assert set(diffs["source_site"]) | set(diffs["sink_site"]) <= {
        "SAM_NM", "UVE_LUDRES", "NEUVES", "PSV", "HEILLECOURT", "FLEVILLE", "HOUDEMONT", "LUDRES", "MESSEIN",
        "ZAE_LF", "CHALIGNY", "network:heat"}


def test_two_links_that_would_read_the_same_keep_their_flow_ids(tmp_path):
    """A second heat supply at the steelworks (sam_heat2, 1,000 MWh/yr): its pipe to
    Neuves-Maisons and sam_heat's would both read "SAM Neuves-Maisons (aciérie) →
    Neuves-Maisons (centre) : chaleur, canalisation", its connection to the network and
    sam_heat's "SAM Neuves-Maisons (aciérie) → Réseau de chaleur : chaleur, réseau"; each then
    names its flows in brackets (the network has no flow of its own), and every label is one
    link. A label no other link shares keeps no flow id."""
    from eitflow.analyses.common import named_link_labels

    root = tmp_path / "ludres"
    shutil.copytree(LUDRES, root)
    with open(root / "flows.csv", "a", encoding="utf-8") as f:
        f.write("sam_heat2,SAM_NM,supply,heat,1000,MWh/yr,120,0,second heat of the steelworks\n")
    scen = eitflow.read_scenario(root / "scenario.yaml")
    lab = set(named_link_labels(scen, build_candidates(scen), "fr"))
    assert len(lab) == len(build_candidates(scen).links)
    for f in ("sam_heat", "sam_heat2"):
        assert f"SAM Neuves-Maisons (aciérie) [{f}] → Neuves-Maisons (centre) [neuves_heat] : chaleur, canalisation" in lab
        assert f"SAM Neuves-Maisons (aciérie) [{f}] → Réseau de chaleur : chaleur, réseau" in lab
    assert "SAM Neuves-Maisons (aciérie) → Pont-Saint-Vincent (centre) : chaleur, canalisation" in lab
    assert "UVE Val'ERgie (Métropole du Grand Nancy) → Heillecourt (centre) : chaleur, canalisation" in lab


def test_a_link_that_turns_one_resource_into_another_reads_by_names_in_english_too(tmp_path):
    """conftest's scenario: POWER's FGD gypsum feeds PLAST's gypsum by truck. English labels read
    the resources by their codes, "fgd_gypsum>gypsum" (dunkerque_dh's alternatives: "Chimie de
    Jeumont (nom fictif) → Plâtrerie du Hainaut (nom fictif): fgd_gypsum>gypsum, truck"), where
    French read "gypse de désulfuration>gypse, camion". Expected by hand from messages.csv:
    res_fgd_gypsum "FGD gypsum", res_gypsum "gypsum", mode_truck "truck" / "camion". The
    library's code labels (`link_labels`, English) keep the keys, for callers that compare them.
    Since 2026-12-07 the pair is written as every other view writes it (the report, compare, the
    brief: `i18n.resource_pair`), "FGD gypsum → gypsum", not "FGD gypsum>gypsum"."""
    from conftest import write_scenario
    from eitflow.analyses.common import link_labels, named_link_labels
    from eitflow.io.read import read_scenario

    scen = read_scenario(write_scenario(tmp_path / "s"))
    cand = build_candidates(scen)
    at = [i for i, (a, b) in enumerate(zip(cand.links["source_site"], cand.links["sink_site"])) if (a, b) == ("POWER", "PLAST")]
    assert len(at) == 1
    assert named_link_labels(scen, cand, "en")[at[0]].endswith(": FGD gypsum → gypsum, truck")
    assert named_link_labels(scen, cand, "fr")[at[0]].endswith(" : gypse de désulfuration → gypse, camion")
    assert link_labels(scen, cand)[at[0]].endswith("(fgd_gypsum → gypsum, truck)")
