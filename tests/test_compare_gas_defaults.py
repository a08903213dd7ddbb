"""`eitflow compare` said a hydrogen network's pressure or purity that one run did not give as
'default': "pression du réseau d'hydrogène par défaut -> 30 bar", though the run had one, set by
its supplies (the highest pressure and lowest purity they state: summary.json's `networks`), at
which its pipes were sized and its connections compressed. It now says that value beside the
word: "15 (par défaut) -> 30 bar"."""

from __future__ import annotations

from pathlib import Path

import eitflow
from eitflow.analyses.compare import compare_runs
from eitflow.results.rundir import write_run

SITES = "site_id,name,lat,lon\nS,Supplier,47.0,5.00\nB,Buyer,47.0,5.02\n"
FLOWS = ("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar\n"
         "s1,S,supply,hydrogen,1000,t/yr,0,0.9995,15\ns2,S,supply,hydrogen,100,t/yr,0,0.9999,10\n"
         "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20\n")


def _run(tmp: Path, tag: str, options: str) -> Path:
    d = tmp / f"scen{tag}"
    d.mkdir()
    (d / "sites.csv").write_text(SITES)
    (d / "flows.csv").write_text(FLOWS)
    (d / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,hydrogen,S,B,2\n")
    (d / "scenario.yaml").write_text(
        "name: gas line\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\ncarbon_price_eur_per_t: 0\n"
        f"max_distance_km: {{hydrogen: 1}}\nsolver: {{time_limit_s: 20}}\nnetworks:\n  hydrogen: {options}\n")
    return write_run(eitflow.optimise(eitflow.read_scenario(d / "scenario.yaml")), tmp / tag)


def test_a_pressure_and_purity_set_by_the_supplies_are_said_when_runs_are_compared(tmp_path):
    """A gives neither: its supplies set them, the highest pressure (15 bar of s1, 10 of s2) and
    the lowest purity (0.9995 of s1, 0.9999 of s2). B gives 30 bar and 0.999."""
    a = _run(tmp_path, "A", "{}")
    b = _run(tmp_path, "B", "{pressure_bar: 30, purity: 0.999}")
    _, fr = compare_runs(a, b, lang="fr")
    assert "pression du réseau d'hydrogène 15 (par défaut) -> 30 bar" in fr, fr
    assert "pureté du réseau d'hydrogène 0,9995 (par défaut) -> 0,999" in fr, fr
    _, en = compare_runs(b, a, lang="en")
    assert "hydrogen network pressure 30 -> 15 (default) bar" in en, en
    assert "hydrogen network purity 0.999 -> 0.9995 (default)" in en, en
