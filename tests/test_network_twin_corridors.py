"""Twin corridors: two candidate trenches of one network between the same places with the same
length, sizes and costs (corridors.csv may list both: `validate` warns, "both of which may be
built"). A plan over one of them is the same network as the plan over the other.

`alternatives` listed the twin as the next best plan (the optimum with the other trench's id,
its objective equal to the optimum's: the same corridors relabelled), and `resilience` said the
twin the optimum built was stranded when the re-solve routed the same heat through the other
(ludres-like case below: 100,000 EUR of a trench still in use counted as stranded)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.resilience import resilience

sys.path.insert(0, str(Path(__file__).parent))
import test_network_alternatives as alt  # noqa: E402  (its lossless carrier and brute force)
import test_resilience_stranded as rs  # noqa: E402  (its row of four places)


def _with_twin(cors: pd.DataFrame, cid: str, twin: str) -> pd.DataFrame:
    """`cors` with a copy of corridor `cid` named `twin` written before it (so the solver is free
    to build either)."""
    extra = cors[cors["corridor_id"] == cid].assign(corridor_id=twin)
    return pd.concat([extra, cors]).reset_index(drop=True)


def _alt_scenario():
    base = alt._scenario()
    cors = pd.DataFrame({"corridor_id": list(alt.CORRIDORS), "resource": "fluid",
                         "from": [a for a, _, _ in alt.CORRIDORS.values()],
                         "to": [b for _, b, _ in alt.CORRIDORS.values()],
                         "fixed_cost_eur_per_yr": [f for _, _, f in alt.CORRIDORS.values()]})
    sites = base.sites[["site_id", "lat", "lon"]]
    flows = base.flows[["site_id", "direction", "resource", "amount", "unit", "price_eur_per_unit"]]
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [45.015], "lon": [3.99]})
    return eitflow.scenario_from_frames(sites, flows, resources=alt.FLUID, corridors=_with_twin(cors, "c3", "c3bis"),
                                        junctions=junctions, discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=0.0, solver={"mip_gap": 0.0, "time_limit_s": 60.0})


def test_alternatives_do_not_list_a_twin_corridor_as_another_plan():
    """c3bis is c3 (A - J, 60,000 EUR/yr) again. The plans are those of
    test_network_alternatives (a plan over c3bis is the plan over c3; one over both builds more
    for less): by its brute force, 735,000 EUR/yr (c3, c4, c5, c6), then 710,000 (c1, c2, c5),
    705,000 (c2, c3, c5, c6), 700,000. Before, rank 1 was the optimum over c3bis instead of c3,
    735,000 EUR/yr again, with one corridor 'added' and one 'removed'."""
    ports, diffs = k_best(_alt_scenario(), k=3, within=1.0)
    expected = [v for v, _ in alt._k_best_by_brute_force(3)]
    assert expected == [735_000.0, 710_000.0, 705_000.0, 700_000.0]
    assert ports["objective"].to_numpy() == pytest.approx(expected, rel=1e-9)
    # rank 1 builds c1, c2, c5 instead of c3 (or its twin), c4, c6: three removed, two added
    r1 = ports.set_index("rank").loc[1]
    assert (r1["n_corridors_added"], r1["n_corridors_removed"], r1["n_corridors"]) == (2, 3, 3)
    d1 = diffs[(diffs["rank"] == 1) & (diffs["item"] == "corridor")]
    assert sorted(d1.loc[d1["change"] == "added", "link"]) == ["corridor c1: A - B (fluid)",
                                                             "corridor c2: B - C (fluid)"]
    removed = sorted(d1.loc[d1["change"] == "removed", "link"])
    assert len(removed) == 3 and removed[1:] == ["corridor c4: J - C (fluid)", "corridor c6: J - B (fluid)"]
    assert removed[0] in ("corridor c3: A - J (fluid)", "corridor c3bis: A - J (fluid)")
    # rank 2 keeps the trench A - J (c3 or its twin): nothing added or removed there
    d2 = diffs[(diffs["rank"] == 2) & (diffs["item"] == "corridor")]
    assert not d2["link"].str.contains("A - J").any()


@pytest.mark.parametrize("first", [True, False])
def test_a_closure_does_not_strand_a_trench_whose_twin_carries_the_heat(first):
    """test_resilience_stranded's row UVE --c_ua-- A --c_ab-- B --c_sb-- S with c_ua twice
    (c_ua2: the same trench, 100,000 EUR). By hand, as there: B closes, c_ab is idle: B's
    connection 60,000 + c_ab 200,000 = 260,000 EUR; the trench UVE - A still feeds A whichever
    of the twins the re-solve builds. Before, 360,000 EUR and "heat:c_ab; heat:c_ua" when the
    re-solve took the other twin."""
    cors = _with_twin(rs.CORRIDORS, "c_ua", "c_ua2")
    if not first:
        cors = pd.concat([cors.iloc[1:], cors.iloc[:1]]).reset_index(drop=True)
    scen = eitflow.scenario_from_frames(rs.SITES, rs.FLOWS, corridors=cors, carbon_price_eur_per_t=0,
                                        networks={"heat": {"temperature_c": 90.0}}, solver={"mip_gap": 0.0})
    conn = scen.catalogue["heat"].network.connection_investment_eur
    assert conn == 60000
    r = resilience(scen).set_index("site_id")
    assert r.at["B", "stranded_shared"] == "heat:c_ab"
    assert r.at["B", "stranded_investment_eur"] == pytest.approx(conn + 200000)
    # UVE closes: S feeds A and B over c_sb and c_ab, the trench UVE - A (one twin) is idle
    assert r.at["UVE", "stranded_investment_eur"] == pytest.approx(conn + 100000)
    assert r.at["UVE", "stranded_shared"] in ("heat:c_ua", "heat:c_ua2")
    assert r.at["A", "stranded_investment_eur"] == pytest.approx(conn)


def _alt_files(root: Path) -> Path:
    """test_network_alternatives' scenario as files (its lossless carrier in resources.yaml)."""
    import yaml

    root.mkdir(parents=True, exist_ok=True)
    s = alt._scenario()
    s.sites[["site_id", "lat", "lon"]].to_csv(root / "sites.csv", index=False)
    s.flows[["flow_id", "site_id", "direction", "resource", "amount", "unit", "price_eur_per_unit"]].to_csv(
        root / "flows.csv", index=False)
    pd.DataFrame({"corridor_id": list(alt.CORRIDORS), "resource": "fluid",
                  "from": [a for a, _, _ in alt.CORRIDORS.values()], "to": [b for _, b, _ in alt.CORRIDORS.values()],
                  "fixed_cost_eur_per_yr": [f for _, _, f in alt.CORRIDORS.values()]}).to_csv(root / "corridors.csv",
                                                                                          index=False)
    pd.DataFrame({"junction_id": ["J"], "lat": [45.015], "lon": [3.99]}).to_csv(root / "junctions.csv", index=False)
    (root / "resources.yaml").write_text(yaml.safe_dump(alt.FLUID), encoding="utf-8")
    (root / "scenario.yaml").write_text(
        "name: t\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\njunctions: junctions.csv\n"
        "resources: resources.yaml\n"
        "discount_rate: 0\nlifetime_years: 1\ncarbon_price_eur_per_t: 0\nsolver:\n  mip_gap: 0\n", encoding="utf-8")
    return root / "scenario.yaml"


def test_alternatives_say_how_many_they_found_within_the_share(tmp_path):
    """-k 3 --within 0.035 on test_network_alternatives' case: the floor is 735,000 x (1 - 0.035)
    = 709,275 EUR/yr; of the plans by its brute force (710,000, 705,000, 700,000) one lies above
    it. Before, the command printed the one alternative and stopped without a word: neither the
    share nor why fewer than the three asked for were listed. With -k 1 the one asked for is found."""
    from click.testing import CliRunner

    from eitflow.cli.main import main as cli

    path = _alt_files(tmp_path / "s")
    ports, _ = k_best(eitflow.read_scenario(path), k=3, within=0.035)
    assert ports.attrs["search"] == {"asked": 3, "found": 1, "within": 0.035, "floor": pytest.approx(709_275.0),
                                     "unit": "EUR/yr", "stop": "within"}
    out = CliRunner().invoke(cli, ["alternatives", str(path), "-k", "3", "--within", "0.035", "--lang", "fr"])
    assert out.exit_code == 0, out.output
    assert ("Variantes trouvées : 1 sur 3 demandées ; aucun autre plan n'est à moins de 3,5 % de l'optimum "
            "(objectif d'au moins 709 275 €/an ; --within)") in " ".join(out.output.split()), out.output
    out = CliRunner().invoke(cli, ["alternatives", str(path), "-k", "1", "--within", "0.035", "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert ("Alternatives found: 1 of 1 asked for, each within 3.5% of the optimum (objective at least "
            "709,275 EUR/yr; --within)") in " ".join(out.output.split()), out.output
