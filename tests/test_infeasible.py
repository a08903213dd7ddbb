"""Infeasible models are diagnosed: an elastic re-solve names each required demand that cannot
be met, by how much (worked out by hand) and why, in the status message, unmatched.csv and
`explain`; the command exits with 1."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.explain import explain
from eitflow.geo import haversine_km

GOOD = {"good": {"base_unit": "t/yr", "max_distance_km": 1e4, "transport": {"mode": "truck"}}}
KM_PER_DEG_LAT = np.pi * 6371.0088 / 180.0


def _goods(supplies: dict, demands: dict, links: pd.DataFrame | None = None):
    """Sites on a line 1 km apart; supplies {id: (t/yr, min_amount)}, demands {id: t/yr},
    every demand required; a catalogue-free resource (no costs, no radius)."""
    ids = list(supplies) + list(demands)
    sites = pd.DataFrame({"site_id": ids, "lat": 45.0 + np.arange(len(ids)) / KM_PER_DEG_LAT, "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ids, "site_id": ids,
                          "direction": ["supply"] * len(supplies) + ["demand"] * len(demands), "resource": "good",
                          "amount": [v[0] for v in supplies.values()] + list(demands.values()), "unit": "t/yr",
                          "price_eur_per_unit": [0.0] * len(supplies) + [10.0] * len(demands),
                          "min_amount": [v[1] for v in supplies.values()] + [0.0] * len(demands),
                          "required": [False] * len(supplies) + [True] * len(demands)})
    return scenario_from_frames(sites, flows, links, GOOD, solver={"mip_gap": 0.0})


def _diag(res) -> pd.DataFrame:
    assert res.status == "infeasible"
    return res.solution.diagnosis.set_index("flow_id")


def test_not_enough_supply():
    res = optimise(_goods({"S": (300.0, 0.0)}, {"D": 500.0}))
    d = _diag(res)
    assert list(d.index) == ["D"] and d.at["D", "reason"] == "not_enough_supply"
    assert d.at["D", "shortfall"] == pytest.approx(200.0)          # 500 needed, 300 held
    assert "the only supply linked to it holds 300 t/yr" in d.at["D", "detail"]
    assert "required demand D (D) cannot be met, 200 t/yr short - not_enough_supply" in res.solution.message


def test_shared_supply_between_required_demands():
    res = optimise(_goods({"S": (100.0, 0.0)}, {"A": 60.0, "B": 60.0}))
    d = _diag(res)
    assert d["shortfall"].sum() == pytest.approx(20.0)              # 120 needed, 100 held
    assert set(d["reason"]) == {"not_enough_supply"}
    assert all("A, B" in t or "B, A" in t for t in d["detail"])


def test_capacity_of_a_link():
    links = pd.DataFrame({"source_site": ["S"], "sink_site": ["D"], "supply_resource": "good", "capacity": [150.0]})
    d = _diag(optimise(_goods({"S": (500.0, 0.0)}, {"D": 400.0}, links)))
    assert d.at["D", "reason"] == "capacity" and d.at["D", "shortfall"] == pytest.approx(250.0)


def test_minimum_amounts():
    # A needs 40 from S1 (30 t) and S2 (60 t); B needs 35 from S2 only. Without minimum amounts
    # S2 gives 10 to A and 35 to B; with S2's 35 t minimum per exchange it can give A nothing
    # (60 - 35 < 35): A gets 30, 10 short (shorting B instead would leave all its 35 unmet).
    sites = pd.DataFrame({"site_id": ["S1", "S2", "A", "B"], "lat": [45.0, 45.1, 45.05, 45.15], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["S1", "S2", "A", "B"], "site_id": ["S1", "S2", "A", "B"],
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "good",
                          "amount": [30.0, 60.0, 40.0, 35.0], "unit": "t/yr", "price_eur_per_unit": 10.0,
                          "min_amount": [0.0, 35.0, 0.0, 0.0], "required": [False, False, True, True]})
    links = pd.DataFrame({"source_site": ["S1", "S2", "S2"], "sink_site": ["A", "A", "B"], "supply_resource": "good"})
    d = _diag(optimise(scenario_from_frames(sites, flows, links, GOOD, solver={"mip_gap": 0.0})))
    assert list(d.index) == ["A"]
    assert d.at["A", "reason"] == "min_amount" and d.at["A", "shortfall"] == pytest.approx(10.0)


def test_orphans_and_short_demands_are_all_named():
    # C has no partner at all (a hydrogen demand); D is short of supply: both are named
    scen = _goods({"S": (300.0, 0.0)}, {"D": 500.0})
    f = scen.flows.copy()
    f.loc[len(f)] = {**f.iloc[1].to_dict(), "flow_id": "C", "resource": "hydrogen", "row": 4}
    import dataclasses
    d = _diag(optimise(dataclasses.replace(scen, flows=f)))
    assert d.at["C", "reason"] == "no_candidate" and "no_compatible_partner" in d.at["C", "detail"]
    assert d.at["D", "reason"] == "not_enough_supply" and d.at["D", "shortfall"] == pytest.approx(200.0)


def test_no_candidate_in_range_states_the_limit():
    # a heat demand 30 km from the only supply: beyond the catalogue's 10 km
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 30 / KM_PER_DEG_LAT], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [120, 70],
                          "price_eur_per_unit": [0.0, 50.0], "required": [False, True]})
    res = optimise(scenario_from_frames(sites, flows))
    d = _diag(res)
    assert d.at["d", "reason"] == "no_candidate" and d.at["d", "shortfall"] == pytest.approx(5000.0)
    assert "no_partner_in_range" in d.at["d", "detail"] and "limit 10 km" in d.at["d", "detail"]
    assert "30.0 km great-circle" in d.at["d", "detail"]


def test_losses_make_a_required_heat_demand_short_by_hand():
    # 50,000 MWh/yr each way, 6 km apart: the pipe (1.3 x 6 = 7.8 km, 0.2 %/km) loses 1.56 %
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 6 / KM_PER_DEG_LAT], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [50000.0, 50000.0], "unit": "MWh/yr",
                          "temperature_c": [120, 70], "price_eur_per_unit": [0.0, 50.0], "required": [False, True]})
    res = optimise(scenario_from_frames(sites, flows))
    d = _diag(res)
    route = 1.3 * haversine_km(45.0, 4.0, 45.0 + 6 / KM_PER_DEG_LAT, 4.0)
    assert d.at["d", "reason"] == "not_enough_supply"
    assert d.at["d", "shortfall"] == pytest.approx(50000 * 0.002 * route, rel=1e-6)   # 780 MWh/yr
    # unmatched.csv and explain say the same
    um = res.unmatched.set_index("flow_id")
    assert um.at["d", "reason"] == "not_enough_supply" and um.at["s", "reason"] == "no_solution"
    ex = explain(res.scenario, res, flow_id="d")
    assert list(ex["rule"]) == ["not_enough_supply", "no_solution"]
    assert "780 MWh/yr short" in ex["detail"].iloc[0]
    assert "not_selected" not in set(explain(res.scenario, res)["rule"])


def test_single_source_no_link_can_carry_it():
    sites = pd.DataFrame({"site_id": ["S1", "S2", "D"], "lat": [45.0, 45.01, 45.02], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["S1", "S2", "D"], "site_id": ["S1", "S2", "D"],
                          "direction": ["supply", "supply", "demand"], "resource": "good",
                          "amount": [60.0, 60.0, 100.0], "unit": "t/yr", "price_eur_per_unit": 10.0,
                          "required": [False, False, True], "single_source": [False, False, True]})
    d = _diag(optimise(scenario_from_frames(sites, flows, None, GOOD, solver={"mip_gap": 0.0})))
    assert d.at["D", "reason"] == "single_source" and d.at["D", "shortfall"] == pytest.approx(100.0)


def test_cli_exits_1_with_the_diagnosis(tmp_path):
    from conftest import FLOWS_CSV, write_scenario
    from eitflow.cli.main import main

    # FOOD needs 12,000 MWh/yr as required; UVE's 30,000 MWh/yr is cut to 5,000
    flows = FLOWS_CSV.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace("\n", ",\n")
    flows = flows.replace("price_eur_per_unit,required,\n", "price_eur_per_unit,required\n")
    flows = flows.replace("FOOD,demand,heat,12000,MWh/yr,90,45,", "FOOD,demand,heat,12000,MWh/yr,90,45,true")
    flows = flows.replace("UVE,supply,heat,30,GWh/yr", "UVE,supply,heat,5,GWh/yr")
    res = CliRunner().invoke(main, ["run", str(write_scenario(tmp_path / "s", flows=flows)), "--out",
                                    str(tmp_path / "run")])
    assert res.exit_code == 1, res.output
    assert "infeasible" in res.output and "required demand at Food plant (FOOD) cannot be met" in res.output
    assert "not_enough_supply" in res.output and "Traceback" not in res.output


def _contradicting_model():
    """S (100 t/yr) 1 km from D (60 t/yr, required): feasible alone, D met in full. Its model with
    one added row whose bounds, set in the arrays, contradict (lo 10 > hi 5 on S's flow): a model
    no relaxation of a required demand or of a row's level can make feasible."""
    from eitflow import build_candidates
    from eitflow.model.arrays import LinearConstraint
    from eitflow.model.build import build_arrays

    scen = _goods({"S": (100.0, 0.0)}, {"D": 60.0})
    cand = build_candidates(scen)
    assert len(cand.links) == 1
    arr = build_arrays(scen, cand, extra=[LinearConstraint(x_coef=np.ones(1), lo=0.0, name="cap")])
    r = arr.rows["extra"].start
    arr.row_lo[r], arr.row_hi[r] = 10.0, 5.0   # what check_bounds now refuses in a LinearConstraint
    return scen, cand, arr


def test_an_elastic_model_that_is_infeasible_itself_is_not_said_out_of_time():
    """The elastic re-solve of a model whose added row has lo above hi ended infeasible in no
    time, and the diagnosis said "unknown: the elastic re-solve did not finish in time"."""
    from eitflow.i18n import say
    from eitflow.solve.diagnose import diagnose, diagnosis_message

    scen, cand, arr = _contradicting_model()
    d = diagnose(scen, cand, [arr])
    assert list(d["reason"]) == ["contradiction"] and list(d["flow"]) == [-1]
    en, fr = say(d["detail"].iat[0], "en"), say(d["detail"].iat[0], "fr")
    assert en.startswith("even with every required demand relaxed, the model has no solution")
    assert fr.startswith("même en relâchant toutes les demandes obligatoires, le modèle n'a pas de solution :")
    for text in (diagnosis_message(d), diagnosis_message(d, lang="fr")):
        assert "did not finish" not in text and "à temps" not in text, text


@pytest.mark.parametrize("status, says", [("time_limit", "the elastic re-solve did not finish in time"),
                                          ("error", "the elastic re-solve failed (solver: Not Set)")])
def test_an_elastic_re_solve_without_a_solution_says_why(monkeypatch, status, says):
    """Out of time (only then "did not finish in time"), or failed: reason unknown."""
    import eitflow.solve.highs as H
    from eitflow.solve.diagnose import diagnose
    from eitflow.solve.status import BatchResult, Status

    scen, cand, arr = _contradicting_model()
    monkeypatch.setattr(H, "solve_highs", lambda *a, **k: BatchResult(Status(status), None, None, None, 0.0,
                                                                       "Not Set"))
    d = diagnose(scen, cand, [arr])
    assert list(d["reason"]) == ["unknown"]
    assert str(d["detail"].iat[0]) == says



def test_a_hub_enough_a_year_but_short_in_winter_is_capacity():
    """D needs 120 t/yr through the hub H, 20 t a month from October to March and nothing in
    summer; H passes 180 t/yr, which the model spreads evenly: 15 t a month. D is 6 x (20 - 15)
    = 30 t/yr short in its six winter months, though S holds 500 t/yr and the hub 180 a year.
    It read 'conflict: its supplies would do on their own, but the required demands, capacities
    and minimum amounts cannot all hold together'."""
    winter = ";".join(["0.1666666666666667"] * 3 + ["0"] * 6 + ["0.1666666666666665"] * 3)
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 2 / KM_PER_DEG_LAT], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["S", "D"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "good", "amount": [500.0, 120.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 10.0], "required": [False, True],
                          "monthly_profile": ["", winter]})
    links = pd.DataFrame({"source_site": ["S", "H"], "sink_site": ["H", "D"], "supply_resource": "good"})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.0 + 1 / KM_PER_DEG_LAT], "lon": [4.0], "resources": ["good"],
                         "capacity": [180.0]})
    d = _diag(optimise(scenario_from_frames(sites, flows, links, GOOD, hubs=hubs, solver={"mip_gap": 0.0})))
    assert d.at["D", "reason"] == "capacity" and d.at["D", "shortfall"] == pytest.approx(30.0)
    assert ("the capacities of its links and hubs let through at most 15 t a month (a capacity is spread evenly "
            "over the months), less than it needs in months 1, 2, 3, 10, 11, 12 (up to 20 t)") in d.at["D", "detail"]
    # a hub of 60 t/yr, short a year too: 6 x (20 - 5) = 90 t/yr short, said by the month (it read
    # 'at most 60 of its 120 t/yr' beside 90 short)
    hubs["capacity"] = 60.0
    d = _diag(optimise(scenario_from_frames(sites, flows, links, GOOD, hubs=hubs, solver={"mip_gap": 0.0})))
    assert d.at["D", "reason"] == "capacity" and d.at["D", "shortfall"] == pytest.approx(90.0)
    assert "let through at most 5 t a month" in d.at["D", "detail"], d.at["D", "detail"]



def _gypsum_short(tmp_path):
    """The conftest scenario with PLAST's gypsum demand (15,000 t/yr) required and POWER, its
    only supply, holding 10,000: infeasible, 5,000 t/yr short. Its scenario.yaml's path."""
    from conftest import FLOWS_CSV, write_scenario

    flows = FLOWS_CSV.replace("POWER,supply,fgd_gypsum,20,kt/yr,,15", "POWER,supply,fgd_gypsum,10,kt/yr,,15")
    flows = flows.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace("t/yr,,20\n", "t/yr,,20,true\n")
    return write_scenario(tmp_path / "s", flows=flows)

def _marked_png() -> bytes:
    """A 1x1 PNG saying 'Software: eitflow', as eitflow's figures do (`report.ourfiles`)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Software\x00eitflow") + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("lang, says", [
    ("en", ["no Pareto front: the model has no solution",
            "status: infeasible - no solution (required demand at Plasterboard (PLAST) cannot be met, 5,000 t/yr short"]),
    ("fr", ["pas de front de Pareto : le modèle n'a pas de solution",
            "statut : infaisable - pas de solution (la demande obligatoire du site Plasterboard (PLAST) ne peut pas "
            "être satisfaite, il manque 5\u202f000 t/an"]),
])
def test_pareto_of_an_infeasible_model_says_there_is_no_front_and_writes_nothing(tmp_path, lang, says):
    """PLAST requires 15,000 t/yr of gypsum and POWER, its only supply, holds 10,000: no plan, so
    no front. pareto said only 'infeasible' in a table of dashes, wrote an empty pareto.png, .svg
    and .html (over a front already there) and the CSV, then exited 1. It says why, as `eitflow
    run` does (5,000 t/yr short), writes nothing, and exits 1 as alternatives and resilience do."""
    from eitflow.cli.main import main

    scen = _gypsum_short(tmp_path)
    out = tmp_path / "front"
    out.mkdir()
    # an earlier front eitflow wrote (a PNG whose tEXt chunk says so: a user's own file is refused at once)
    earlier = _marked_png()
    (out / "pareto.png").write_bytes(earlier)
    res = CliRunner().invoke(main, ["pareto", str(scen), "--out", str(out), "--csv", str(out / "front.csv"),
                                    "--points", "3", "--lang", lang])
    assert res.exit_code == 1, res.output
    for s in says:
        assert s in res.output, res.output
    assert "Traceback" not in res.output and "│" not in res.output   # no table of dashes
    assert sorted(p.name for p in out.iterdir()) == ["pareto.png"]
    assert (out / "pareto.png").read_bytes() == earlier


@pytest.mark.parametrize("lang, says", [
    ("en", ["no alternatives: the model has no solution",
            "status: infeasible - no solution (required demand at Plasterboard (PLAST) cannot be met, 5,000 t/yr short"]),
    ("fr", ["pas d'alternatives : le modèle n'a pas de solution",
            "statut : infaisable - pas de solution (la demande obligatoire du site Plasterboard (PLAST) ne peut pas "
            "être satisfaite, il manque 5\u202f000 t/an"]),
])
def test_alternatives_of_an_infeasible_model_say_there_is_no_plan_and_write_nothing(tmp_path, lang, says):
    """PLAST requires 15,000 t/yr of gypsum and POWER, its only supply, holds 10,000 (15,000 -
    10,000 = 5,000 t/yr short): no plan, so no alternatives. alternatives --csv wrote a one-row
    CSV (rank 0, status infeasible, no figures) over the file there, and the diff CSV's header;
    it says why, as `eitflow run` and `pareto` do, leaves both files as they were, and exits 1."""
    from eitflow.cli.main import main

    scen = _gypsum_short(tmp_path)
    out = tmp_path / "alt"
    out.mkdir()
    (out / "alt.csv").write_text("an earlier table\n")
    res = CliRunner().invoke(main, ["alternatives", str(scen), "-k", "2", "--csv", str(out / "alt.csv"),
                                    "--diff-csv", str(out / "diff.csv"), "--lang", lang])
    assert res.exit_code == 1, res.output
    for s in says:
        assert s in res.output, res.output
    assert "Traceback" not in res.output and "│" not in res.output   # no table of dashes
    assert sorted(p.name for p in out.iterdir()) == ["alt.csv"]
    assert (out / "alt.csv").read_text() == "an earlier table\n"


@pytest.mark.parametrize("lang, says", [
    ("en", ["no resilience table: the model has no solution",
            "status: infeasible - no solution (required demand at Plasterboard (PLAST) cannot be met, 5,000 t/yr short"]),
    ("fr", ["pas de tableau de résilience : le modèle n'a pas de solution",
            "statut : infaisable - pas de solution (la demande obligatoire du site Plasterboard (PLAST) ne peut pas "
            "être satisfaite, il manque 5\u202f000 t/an"]),
])
def test_resilience_of_an_infeasible_model_says_there_is_no_plan_and_writes_nothing(tmp_path, lang, says):
    """The scenario of the two tests above (15,000 - 10,000 = 5,000 t/yr short): resilience --csv
    wrote an empty CSV (its header only, '0 rows') over the file there and said nothing of why,
    then exited 1. It says why, as run, pareto and alternatives do, writes nothing, exits 1."""
    from eitflow.cli.main import main

    scen = _gypsum_short(tmp_path)
    out = tmp_path / "res"
    out.mkdir()
    (out / "res.csv").write_text("an earlier table\n")
    res = CliRunner().invoke(main, ["resilience", str(scen), "--csv", str(out / "res.csv"), "--lang", lang])
    assert res.exit_code == 1, res.output
    for s in says:
        assert s in res.output, res.output
    assert "Traceback" not in res.output and "│" not in res.output
    assert sorted(p.name for p in out.iterdir()) == ["res.csv"]
    assert (out / "res.csv").read_text() == "an earlier table\n"
