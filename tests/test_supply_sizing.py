"""An electrolyser (any supply whose unit must be built) sized by the model: with
`investment_eur_per_unit` its yearly capacity S is a decision, at most its amount, paid
CRF x investment_eur_per_unit x S a year on top of its fixed part, and large enough for its
busiest month. Checked against capacities worked out by hand and against a brute force
over the links built, each an LP solved by scipy on a formulation written here."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from scipy.optimize import linprog

from eitflow.candidates.generate import build_candidates
from eitflow.cli.main import main
from eitflow.io.read import read_scenario
from eitflow.pipeline import optimise

SITES = ("site_id,name,lat,lon,zone\nELEC,Electrolyseur,47.65,-2.08,Redon\nDEPOT,Depot bus,47.67,-2.10,Redon\n"
         "BENNES,Bennes,47.64,-2.05,Redon\n")
HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,monthly_profile,investment_eur,investment_eur_per_unit\n"
CRF = 0.05 / (1 - 1.05 ** -20)   # 5 % over 20 years, by hand: 0.0802426 per year
PEAKY = "0.15;0.15;0.15;0.15" + ";0.05" * 8   # 60 % of the year in four months


def _scenario(tmp_path, flows: str, extra: str = "", name: str = "s"):
    d = tmp_path / name
    d.mkdir()
    (d / "sites.csv").write_text(SITES, encoding="utf-8")
    (d / "flows.csv").write_text(HEAD + flows, encoding="utf-8")
    (d / "scenario.yaml").write_text(f"name: {name}\nsites: sites.csv\nflows: flows.csv\ndiscount_rate: 0.05\n"
                                     f"lifetime_years: 20\n{extra}solver:\n  mip_gap: 0.0\n", encoding="utf-8")
    return d / "scenario.yaml"


def _run(path, out, *opts):
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(out), *map(str, opts)])
    assert res.exit_code == 0, res.output
    return res.output, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_an_electrolyser_is_sized_to_the_demand_it_serves(tmp_path):
    # 100 t/yr possible, a depot needing 60: the unit is built for 60, not 100
    sized = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                                "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n", name="sized")
    out, s = _run(sized, tmp_path / "r", "--lang", "fr")
    units = pd.read_csv(tmp_path / "r" / "supplies_built.csv")
    assert units[["flow_id", "capacity", "max_capacity", "delivered"]].values.tolist() == [["h2", 60, 100, 60]]
    assert bool(units["sized"].iloc[0])
    assert units["investment_eur"].iloc[0] == pytest.approx(500_000 + 20_000 * 60)
    assert units["annual_cost_eur_per_yr"].iloc[0] == pytest.approx(CRF * 1_700_000, rel=1e-9)
    assert "h2 (ELEC) : unité dimensionnée à 60,0 t/an (au plus 100,0)" in out
    tot = s["totals"]
    assert tot["supply_investment_eur"] == pytest.approx(1_700_000)
    assert tot["net_benefit_eur_per_yr"] == pytest.approx(tot["links_net_benefit_eur_per_yr"] - CRF * 1_700_000)
    # the same unit given whole at 60 t/yr (the model before sizing): the same plan and objective;
    # whole at 100 t/yr: 40 t/yr of capacity more, CRF x 20,000 x 40 EUR/yr less
    whole60 = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,60,t/yr,0,,1700000,\n"
                                  "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n", name="whole60")
    whole100 = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,2500000,\n"
                                   "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n", name="whole100")
    o60 = optimise(read_scenario(whole60)).summary["objective"]
    o100 = optimise(read_scenario(whole100)).summary["objective"]
    assert s["objective"] == pytest.approx(o60, rel=1e-9)
    assert s["objective"] - o100 == pytest.approx(CRF * 20_000 * 40, rel=1e-6)


def test_the_capacity_carries_the_busiest_month(tmp_path):
    # flat production, a depot needing 48 t/yr of which 15 % in each of four months: 7.2 t in
    # those months, so 7.2 x 12 = 86.4 t/yr of capacity; with the co2 objective (capacity costs
    # nothing there) the least capacity that carries the plan is said, the same
    flows = f"h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\nbus,DEPOT,demand,hydrogen,48,t/yr,12000,{PEAKY},,\n"
    for objective in ("net_benefit", "co2"):
        path = _scenario(tmp_path, flows, f"objective: {objective}\n", name=objective)
        res = optimise(read_scenario(path))
        sp = res.statistics.supplies()
        assert sp["capacity"].tolist() == pytest.approx([86.4], rel=1e-9), objective
        assert sp["delivered"].tolist() == pytest.approx([48.0], rel=1e-9)
        assert sp["investment_eur"].tolist() == pytest.approx([500_000 + 20_000 * 86.4], rel=1e-9)
        assert res.summary["totals"]["supply_investment_eur"] == pytest.approx(500_000 + 20_000 * 86.4, rel=1e-9)
    # the same model through PuLP and CBC (a second solver): the same optimum and capacity
    scen = read_scenario(_scenario(tmp_path, flows, "", name="cbc"))
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"name": "cbc"})})
    res_cbc, res_highs = optimise(scen), optimise(read_scenario(tmp_path / "net_benefit" / "scenario.yaml"))
    assert res_cbc.summary["solver"] == "cbc"
    assert res_cbc.summary["objective"] == pytest.approx(res_highs.summary["objective"], rel=1e-7)
    assert res_cbc.statistics.supplies()["capacity"].tolist() == pytest.approx([86.4], rel=1e-7)


def test_the_capacity_stops_at_the_amount_and_a_unit_that_does_not_pay_is_not_built(tmp_path):
    big = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                              "bus,DEPOT,demand,hydrogen,150,t/yr,12000,,,\n", name="big")
    sp = optimise(read_scenario(big)).statistics.supplies()
    assert sp[["capacity", "delivered"]].values.tolist() == [[100.0, 100.0]]
    # 1 M EUR per t/yr of capacity is CRF x 1e6 = 80,243 EUR/yr per tonne: more than any tonne earns
    dear = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,1000000\n"
                               "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n", name="dear")
    out, s = _run(dear, tmp_path / "r")
    assert s["objective"] == pytest.approx(0.0, abs=1e-6) and s["counts"]["built_supplies"] == 0
    assert pd.read_csv(tmp_path / "r" / "supplies_built.csv").empty
    assert "unit sized" not in out
    # unmatched.csv says why, with the unit's costs: CRF x 500,000 and CRF x 1e6 per t/yr, by hand
    um = pd.read_csv(tmp_path / "r" / "unmatched.csv").set_index("flow_id")
    assert um.loc["h2", "reason"] == "unit_not_built"
    # the depot's partners are that electrolyser only (by truck or by pipe): its reason too
    assert um.loc["bus", "reason"] == "unit_not_built" and "needs a unit that is not built" in um.loc["bus", "detail"]
    assert f"it would cost {CRF * 500_000:,.0f} EUR/yr, plus {CRF * 1e6:,.0f} EUR/yr per t/yr of capacity" \
        in um.loc["h2", "detail"]
    # and `explain` says it of the depot's partner, where it said "left unused: a better use elsewhere"
    res = CliRunner().invoke(main, ["explain", str(dear), "--flow", "bus", "--csv", str(tmp_path / "e.csv")])
    assert res.exit_code == 0, res.output
    ex = pd.read_csv(tmp_path / "e.csv")
    assert set(ex["rule"]) == {"unit_not_built"} and set(ex["partner_flow_id"]) == {"h2"}


def _brute_force(path) -> tuple[float, float]:
    """(best objective, its capacity) over every set of candidate links, each an LP: flows per
    link and month, the capacity S; the unit built when a link is."""
    scen = read_scenario(path)
    lk = build_candidates(scen).links
    f = scen.flows.reset_index(drop=True)
    T = 12
    prof = np.vstack([np.full(T, 1 / T) if not isinstance(p, str) or not p else np.array(p.split(";"), float)
                      for p in f["monthly_profile"]]) if "monthly_profile" in f else np.full((len(f), T), 1 / T)
    if scen.profiles is not None:
        prof = np.asarray(scen.profiles, float)
    amount = f["amount"].to_numpy(float)
    i = int(np.flatnonzero(f["direction"] == "supply")[0])
    fixed = CRF * float(f["investment_eur"].iat[i])
    per_unit = CRF * float(f["investment_eur_per_unit"].iat[i])
    best = (0.0, 0.0)
    for k in range(1, len(lk) + 1):
        for sub in itertools.combinations(range(len(lk)), k):
            L = lk.iloc[list(sub)]
            n = len(L) * T + 1                     # x[a, t] then S
            c = np.zeros(n)
            for q, rec in enumerate(L.to_dict("records")):
                c[q * T:(q + 1) * T] = -rec["value_eur_per_unit"]
            c[-1] = per_unit
            A, b = [], []
            for t in range(T):
                row = np.zeros(n)
                row[[q * T + t for q in range(len(L))]] = 1.0
                A.append(row.copy())
                b.append(amount[i] * prof[i, t])            # the supply in month t
                row[-1] = -prof[i, t]
                A.append(row)
                b.append(0.0)                               # within the capacity's share
                for j in set(L["demand"]):
                    row = np.zeros(n)
                    for q, rec in enumerate(L.to_dict("records")):
                        if rec["demand"] == j:
                            row[q * T + t] = rec["yield"]
                    A.append(row)
                    b.append(amount[j] * prof[j, t])        # the demand in month t
            res = linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=[(0, None)] * (n - 1) + [(0, amount[i])],
                          method="highs")
            assert res.status == 0
            obj = -res.fun - L["fixed_eur_per_yr"].sum() - fixed
            if obj > best[0] + 1e-6:
                best = (obj, res.x[-1])
    return best


@pytest.mark.parametrize("case", [
    # two users with their own months, solar-shaped production: one or both served, at a capacity
    f"h2,ELEC,supply,hydrogen,100,t/yr,0,0.04;0.05;0.09;0.11;0.12;0.12;0.12;0.11;0.09;0.07;0.04;0.04,400000,60000\n"
    f"bus,DEPOT,demand,hydrogen,40,t/yr,11000,{PEAKY},,\n"
    f"benne,BENNES,demand,hydrogen,30,t/yr,9000,,,\n",
    f"h2,ELEC,supply,hydrogen,60,t/yr,0,,900000,60000\n"
    f"bus,DEPOT,demand,hydrogen,40,t/yr,11000,{PEAKY},,\n"
    f"benne,BENNES,demand,hydrogen,30,t/yr,7000,0.3;0.3;0.1;0.1;0.1;0.1;0;0;0;0;0;0,,\n",
])
def test_sizing_matches_a_brute_force_over_the_links_built(tmp_path, case):
    path = _scenario(tmp_path, case)
    res = optimise(read_scenario(path))
    want, capacity = _brute_force(path)
    assert res.summary["objective"] == pytest.approx(want, rel=1e-7, abs=1e-3)
    got = res.statistics.supplies()["capacity"]
    assert (got.tolist() or [0.0]) == pytest.approx([capacity], rel=1e-6, abs=1e-6)
    # every output reads that capacity: the totals hold its investment
    per_unit = 60000
    fixed = 400000 if "400000" in case else 900000
    built = res.summary["counts"]["built_supplies"]
    assert res.summary["totals"]["supply_investment_eur"] == pytest.approx(built * (fixed + per_unit * capacity))


def test_investment_per_unit_is_checked_where_it_is_read(tmp_path):
    bad = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,-5\n"
                              "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,20000\n")
    res = CliRunner().invoke(main, ["validate", str(bad), "--lang", "fr"])
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    flat = " ".join(res.output.split())
    assert "flows.csv, ligne 2, colonne 'investment_eur_per_unit'" in flat, res.output
    assert "flows.csv, ligne 3, colonne 'investment_eur_per_unit'" in flat, res.output


def test_the_report_and_workbook_show_the_unit(tmp_path):
    path = _scenario(tmp_path, f"h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                               f"bus,DEPOT,demand,hydrogen,48,t/yr,12000,{PEAKY},,\n")
    _run(path, tmp_path / "r", "--lang", "fr", "--report", "--excel")
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    table = html[html.index('id="supply-units"'):]
    table = table[:table.index("</table>")]
    assert "Unités construites pour les offres" in table
    for said in (">86,4<", ">100<", ">48<", ">oui<", ">2\u202f228\u202f000<"):
        assert said in table, said
    import openpyxl

    # the one-page brief for elected officials says the unit and its size
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    brief = " ".join(render_brief(read_run(tmp_path / "r"), "fr").replace("\u202f", " ").replace("\xa0", " ").split())
    assert ("Unités construites pour les offres : Electrolyseur, 86,4 t/an (dimensionnée par le modèle, au plus 100), "
            "investissement 2 228 000 €.") in brief
    ws = openpyxl.load_workbook(tmp_path / "r" / "results.xlsx")["unités construites"]
    head = [c.value for c in ws[1]]
    assert [c.value for c in ws[2]][head.index("capacité (par an)")] == pytest.approx(86.4)


def test_compare_says_a_unit_resized(tmp_path):
    # run A: the peaky depot (86.4 t/yr of capacity, above); run B: the flat one (60 t/yr)
    a = _scenario(tmp_path, f"h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                            f"bus,DEPOT,demand,hydrogen,48,t/yr,12000,{PEAKY},,\n", name="a")
    b = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                            "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n", name="b")
    _run(a, tmp_path / "ra", "--lang", "fr")
    _run(b, tmp_path / "rb", "--lang", "fr")
    res = CliRunner().invoke(main, ["compare", str(tmp_path / "ra"), str(tmp_path / "rb")])
    assert res.exit_code == 0, res.output
    assert ("unité de h2 (Electrolyseur) : capacité 86,4 -> 60,0 t/an, investissement 2 228 000 -> 1 700 000 € "
            "(-528 000)") in res.output.replace("\u202f", " "), res.output
    # the same run twice: no unit line
    res = CliRunner().invoke(main, ["compare", str(tmp_path / "ra"), str(tmp_path / "ra")])
    assert "unité de" not in res.output


def test_a_sweep_varies_the_unit_s_investment(tmp_path):
    """unit_investment.hydrogen multiplies investment_eur and investment_eur_per_unit: at m the
    depot's 60 t/yr pays while 60 x (v - CRF x 20,000 m) - CRF x 500,000 m > 0, v the link's
    value per tonne (its candidate's); then the unit is built for 60 t/yr, else not at all."""
    from eitflow.sweep.run import run_sweep
    from eitflow.sweep.spec import SweepError

    path = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,500000,20000\n"
                               "bus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n")
    lk = build_candidates(read_scenario(path)).links
    v = float(lk["value_eur_per_unit"].max())
    (tmp_path / "sw.yaml").write_text(f"name: capex\nbase: {path}\ngrid:\n  unit_investment:\n"
                                      "    hydrogen: [1, 4, 8]\n", encoding="utf-8")
    res = run_sweep(tmp_path / "sw.yaml", tmp_path / "out", n_workers=0, progress=False)
    got = pd.read_csv(tmp_path / "out" / "results.csv").sort_values("unit_investment.hydrogen")
    want = [60.0 if 60 * (v - CRF * 20_000 * m) - CRF * 500_000 * m > 0 else 0.0 for m in (1, 4, 8)]
    assert want == [60.0, 60.0, 0.0]   # both sides of the break-even, by the hand formula
    assert got["hydrogen.unit_capacity_t_per_yr"].tolist() == pytest.approx(want)
    assert got["investment_eur"].tolist()[:2] == pytest.approx([50_000 + 1_700_000 * m for m in (1, 4)], rel=1e-6)
    assert res is not None
    # a base without a hydrogen unit: the parameter would change nothing, refused before any run
    plain = _scenario(tmp_path, "h2,ELEC,supply,hydrogen,100,t/yr,0,,,\nbus,DEPOT,demand,hydrogen,60,t/yr,12000,,,\n",
                      name="plain")
    (tmp_path / "sw2.yaml").write_text(f"name: capex\nbase: {plain}\ngrid:\n  unit_investment.hydrogen: [2]\n",
                                       encoding="utf-8")
    with pytest.raises(SweepError, match="no base has a supply of hydrogen with a unit to build"):
        run_sweep(tmp_path / "sw2.yaml", tmp_path / "out2", n_workers=0, progress=False)
