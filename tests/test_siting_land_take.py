"""Zero net land take (ZAN) budgets per territory (`siting.max_new_land_take_ha` as a mapping of
plots.csv `territory` codes to hectares, `model.landtake`): one row per territory in the MILP.

- exactness: on random territories with three greenfield plots in two territories, the site
  plan equals the best of every placement subset enumerated (`test_siting.enumerate_plans`)
  whose land take per territory, worked out here, keeps to each budget; it differs from the
  plan under one budget of the same total (checked by the same enumeration); a key written as
  a number (1053) matches the INSEE code '01053';
- the land take per territory (land_take.csv, summary.json, the terminal, the report) is the
  hand count; a budget used up is marked binding;
- scenario.yaml's `01053:` (octal 555 to YAML 1.1) is the commune 01053;
- refusals name file, row and column, in the run's language.
Before, a mapping was refused ('Input should be a valid number') and there was one row.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV, validate_output
from eitflow.analyses.siting import site
from eitflow.cli.main import main as cli
from test_siting import _siting, enumerate_plans, random_instance

TERRITORY = ["01053", "200046977", "200046977"]   # P0 in the commune of Bourg-en-Bresse, P1 and P2 in Lyon


def _use(plan, acts) -> list[float]:
    """Hectares a plan takes in each territory (0: P0's, 1: P1 and P2's), every plot greenfield."""
    u = [0.0, 0.0]
    for a, q in plan:
        u[min(q, 1)] += acts["land_ha"].iat[a]
    return u


@pytest.mark.parametrize("seed", [1, 6])
def test_budgets_per_territory_equal_enumeration_and_differ_from_one_budget(seed):
    sites, flows, plots, acts, aflows = random_instance(seed)
    plots = plots.assign(greenfield="yes", territory=TERRITORY)
    plans = enumerate_plans(sites, flows, plots, acts, aflows)
    differ = False
    for c0, c1, total in ((0.0, 4.0, None), (2.0, 2.0, None), (4.0, 2.0, None), (4.0, 4.0, 4.0)):
        ok = {p: v for p, v in plans.items()
              if _use(p, acts)[0] <= c0 + 1e-9 and _use(p, acts)[1] <= c1 + 1e-9
              and (total is None or sum(_use(p, acts)) <= total + 1e-9)}
        best = max(ok.values())
        one = max(v for p, v in plans.items() if sum(_use(p, acts)) <= (total or c0 + c1) + 1e-9)
        differ |= best < one - 1e-6
        budget = {1053: c0, "200046977": c1, **({} if total is None else {"total": total})}
        r = site(_siting(sites, flows, plots, acts, aflows, siting={"max_new_land_take_ha": budget}), rank=False)
        assert r.status == "optimal"
        assert r.solution.objective == pytest.approx(best, rel=1e-7, abs=1e-4), (c0, c1, total)
        chosen = frozenset((int(a[1:]), int(q[1:])) for a, q in zip(r.placements["activity_id"],
                                                                     r.placements["plot_id"]))
        assert chosen in ok
        u = _use(chosen, acts)
        lt = r.land_take.set_index("territory")
        assert list(lt.index) == ["total", "01053", "200046977"]   # the code as plots.csv writes it
        assert lt["new_land_take_ha"].tolist() == pytest.approx([sum(u), u[0], u[1]], abs=1e-9)
        assert lt.loc["01053", "budget_ha"] == c0 and lt.loc["200046977", "budget_ha"] == c1
        assert lt.loc["total", "budget_ha"] == total or (total is None and np.isnan(lt.loc["total", "budget_ha"]))
        for code, cap, used in (("01053", c0, u[0]), ("200046977", c1, u[1])):
            if cap - used <= 1e-9:
                assert lt.loc[code, "binding"], code       # used up
            elif cap - used >= 4.0:
                assert not lt.loc[code, "binding"], code   # room for the largest activity (4 ha)
        s = r.result.summary["siting"]
        assert [x["new_land_take_ha"] for x in s["land_take"]] == pytest.approx([sum(u), u[0], u[1]], abs=1e-9)
        assert s["max_new_land_take_ha"] == total
    assert differ, "per-territory budgets never changed the plan: the test proves nothing"


def test_a_territory_without_budget_is_capped_by_total_only_and_brownfields_need_no_code():
    """P2 in a territory without a budget: its land take is capped only by `total` (and said
    in a warning); P1 a brownfield without a code: no new land take, accepted."""
    sites, flows, plots, acts, aflows = random_instance(6)
    plots = plots.assign(greenfield=["yes", "", "yes"], territory=["01053", "", "69123"])
    plans = enumerate_plans(sites, flows, plots, acts, aflows)
    land = acts["land_ha"].to_numpy()
    for c0, total in ((0.0, 4.0), (2.0, 2.0), (0.0, None)):
        ok = [v for p, v in plans.items()
              if sum(land[a] for a, q in p if q == 0) <= c0 + 1e-9
              and (total is None or sum(land[a] for a, q in p if q != 1) <= total + 1e-9)]
        budget = {"01053": c0, **({} if total is None else {"total": total})}
        scen = _siting(sites, flows, plots, acts, aflows, siting={"max_new_land_take_ha": budget})
        assert any("69123" in str(w) and "no budget" in str(w) for w in scen.warnings)
        r = site(scen, rank=False)
        assert r.solution.objective == pytest.approx(max(ok), rel=1e-7, abs=1e-4), (c0, total)
        lt = r.land_take.set_index("territory")
        assert list(lt.index) == ["total", "01053", "69123"] and np.isnan(lt.loc["69123", "budget_ha"])
        assert not lt.loc["69123", "binding"]


def write_two_territories(folder: Path) -> Path:
    """A siting scenario in `folder`: a heat supplier, greenfield plots P1 (commune 01053, budget
    0 ha) and P2 (EPCI 200046977, budget 4 ha), a brownfield P3, greenhouses of 4 ha (up to 3)."""
    (folder / "sites.csv").write_text("site_id,lat,lon\nUSINE,45.0,4.0\n", encoding="utf-8")
    (folder / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                      "USINE,supply,heat,20000,MWh/yr,120,0\n", encoding="utf-8")
    (folder / "plots.csv").write_text("plot_id,lat,lon,area_ha,greenfield,territory\n"
                                      "P1,45.001,4.0,10,yes,01053\nP2,45.002,4.0,10,yes,200046977\n"
                                      "P3,45.003,4.0,10,no,\n", encoding="utf-8")
    (folder / "activities.csv").write_text("activity_id,land_ha,max_count,revenue_eur_per_yr\nSERRE,4,3,0\n",
                                           encoding="utf-8")
    (folder / "activity_flows.csv").write_text(
        "activity_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
        "SERRE,demand,heat,5000,MWh/yr,60,40\n", encoding="utf-8")
    (folder / "scenario.yaml").write_text(
        "name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
        "activity_flows: activity_flows.csv\nsiting:\n  max_new_land_take_ha: {01053: 0, 200046977: 4}\n",
        encoding="utf-8")
    return folder / "scenario.yaml"


def test_yaml_leading_zero_code_and_every_output_of_a_site_run(tmp_path):
    """scenario.yaml `01053: 0` (YAML 1.1 reads 01053 as octal 555) caps the commune 01053:
    its only plot is greenfield, so nothing goes there; the run's land_take.csv, summary.json,
    terminal and French report say each territory's take against its budget, the binding ones
    marked."""
    from eitflow.analyses.landtake import land_take_line, land_take_territory_lines
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_summary

    write_two_territories(tmp_path)
    res = CliRunner().invoke(cli, ["site", str(tmp_path / "scenario.yaml"), "--out", str(tmp_path / "run"),
                                   "--lang", "fr", "--no-rank"])
    assert res.exit_code == 0, res.output
    # three greenhouses pay; P1 (01053, 0 ha) takes none, P2 (4 ha of 4) one, P3 (brownfield) one
    pl = pd.read_csv(tmp_path / "run" / "placements.csv", dtype=str)
    assert sorted(pl["plot_id"]) == ["P2", "P3"]
    lt = pd.read_csv(tmp_path / "run" / "land_take.csv", dtype=str, keep_default_na=False)
    assert lt["territory"].tolist() == ["total", "01053", "200046977"]
    assert lt["new_land_take_ha"].astype(float).tolist() == [4.0, 0.0, 4.0]
    assert lt["budget_ha"].tolist()[1:] == ["0", "4"] and lt["budget_ha"][0] == ""
    assert lt["binding"].tolist() == ["False", "True", "True"]
    s = read_summary(tmp_path / "run")["siting"]
    assert s["land_take"][1] == {"territory": "01053", "budget_ha": 0.0, "new_land_take_ha": 0.0, "left_ha": 0.0,
                                 "binding": True, "greenfield_plots": 1, "placements": 0}
    assert "    01053 : 0 ha sur 0 ha autorisés, contraignant" in res.output
    assert "    200046977 : 4 ha sur 4 ha autorisés, contraignant" in res.output
    assert land_take_line(s, "en") == "new land take (on greenfield plots, zero net land take): 4 ha"
    assert land_take_territory_lines(s, "en") == ["01053: 0 ha of 0 ha allowed, binding",
                                                  "200046977: 4 ha of 4 ha allowed, binding"]
    html = write_report(tmp_path / "run", lang="fr").read_text(encoding="utf-8")
    assert 'id="land-take-table"' in html and "ensemble du scénario" in html and "contraignant" in html


@pytest.mark.parametrize("yaml_budget, plots_csv, fr, en", [
    ("{200046977: 4, 24540067: 2}", "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,200046977\n",
     "scenario.yaml, colonne 'siting.max_new_land_take_ha.24540067' : aucune parcelle de plots.csv n'est dans le "
     "territoire '24540067'",
     "scenario.yaml, column 'siting.max_new_land_take_ha.24540067': no plot of plots.csv is in territory "
     "'24540067'"),
    ("{200046977: -4}", "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,200046977\n",
     "clé 'siting.max_new_land_take_ha' : le budget du territoire '200046977' doit être un nombre d'hectares, "
     "positif ou nul (trouvé '-4')",
     "key 'siting.max_new_land_take_ha': the budget of territory '200046977' must be a number of hectares, 0 or "
     "more (found '-4')"),
    ("-4", "plot_id,lat,lon,area_ha\nP1,45.0,4.01,10\n",
     "un budget d'artificialisation doit être un nombre d'hectares, positif ou nul (trouvé -4)",
     "a land-take budget must be a number of hectares, 0 or more (found -4)"),
    ("{200046977: 4}", "plot_id,lat,lon,area_ha,greenfield\nP1,45.0,4.01,10,yes\n",
     "plots.csv, ligne 1, colonne 'territory' : siting.max_new_land_take_ha donne des budgets par territoire, "
     "mais ce tableau n'a pas de colonne territory",
     "plots.csv, row 1, column 'territory': siting.max_new_land_take_ha gives budgets per territory, but this "
     "table has no territory column"),
    ("{200046977: 4}", "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,200046977\n"
                       "P2,45.0,4.02,10,yes,\n",
     "plots.csv, ligne 3, colonne 'territory' : une parcelle naturelle, agricole ou forestière doit indiquer son "
     "territoire",
     "plots.csv, row 3, column 'territory': a greenfield plot needs its territory"),
    ("{'01053': 4, 1053: 2}", "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,01053\n",
     "'01053' et '1053' sont le même territoire", "'01053' and '1053' are the same territory"),
    ("{200046977: beaucoup}", "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,200046977\n",
     "le budget du territoire '200046977' doit être un nombre d'hectares, positif ou nul (trouvé 'beaucoup')",
     "the budget of territory '200046977' must be a number of hectares, 0 or more (found 'beaucoup')"),
])
def test_bad_budgets_are_refused_in_the_runs_language(tmp_path, yaml_budget, plots_csv, fr, en):
    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV, "plots.csv": plots_csv,
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
                         f"siting:\n  max_new_land_take_ha: {yaml_budget}\n",
        "activities.csv": "activity_id,template,size\nSERRE,greenhouse,5\n"})
    assert fr in out, out
    assert "Traceback" not in out
    assert en in validate_output(tmp_path, "en")


def _budget_files(plots_csv: str) -> dict[str, str]:
    """A scenario's files with `plots_csv`, a 5 ha glasshouse to place and land-take budgets of
    4 ha in territory 200046977 and 2 ha in 69123."""
    return {"sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV, "plots.csv": plots_csv,
            "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
                             "siting:\n  max_new_land_take_ha: {200046977: 4, 69123: 2}\n",
            "activities.csv": "activity_id,template,size\nSERRE,greenhouse,5\n"}


def _warned(folder) -> dict[str, str]:
    """`eitflow validate` of a valid scenario in `folder` (exit 0: warnings only) in English and
    French: each output on one line (wrapping taken out)."""
    said = {}
    for lang in ("en", "fr"):
        res = CliRunner().invoke(cli, ["validate", str(folder / "scenario.yaml"), "--lang", lang])
        assert res.exit_code == 0, res.output
        said[lang] = " ".join(res.output.split())
    return said


def _write(folder, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_a_greenfield_territory_without_budget_is_a_warning(tmp_path):
    files = {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV,
        "plots.csv": "plot_id,lat,lon,area_ha,greenfield,territory\nP1,45.0,4.01,10,yes,200046977\n"
                     "P2,45.0,4.02,10,yes,69123\nP3,45.0,4.03,10,oui,69123\n",
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
                         "siting:\n  max_new_land_take_ha: {200046977: 4}\n",
        "activities.csv": "activity_id,template,size\nSERRE,greenhouse,5\n"}
    _write(tmp_path, files)
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    assert ("plots.csv, ligne 3, colonne 'territory' : le territoire '69123' a des parcelles naturelles, agricoles "
            "ou forestières (lignes 3, 4) mais aucun budget dans siting.max_new_land_take_ha : l'artificialisation "
            "n'y est plafonnée par aucun budget de territoire") in res.output, res.output


def test_compare_says_each_territorys_budget_change():
    """`eitflow compare` of two siting runs: a budget per territory said per territory, not
    as a Python dict ('10 -> {'200046977': 12.5}')."""
    from eitflow.analyses.compare import _param_changes, _said_change

    a = {"siting": {"max_new_land_take_ha": 10.0}}
    b = {"siting": {"max_new_land_take_ha": {"01053": 4.0, "total": 12.0}}}
    said = [_said_change(k, x, y, "fr") for k, x, y in _param_changes(a, b)]
    assert said == ["budget d'artificialisation nouvelle (01053) par défaut -> 4 ha",
                    "budget d'artificialisation nouvelle (ensemble du scénario) 10 -> 12 ha"]


def test_a_budget_for_a_territory_without_greenfield_plot_is_a_warning(tmp_path):
    """A budget for territory 69123 whose plots (rows 3, 4) are all brownfields (`greenfield` no or
    empty) caps nothing: a brownfield takes no new land, so the budget can never bind, which the
    analyst who wrote it did not mean (a plot not marked greenfield). validate warns at the key, en
    and fr; --strict exits 2. A misspelt code (no plot at all) stays refused, naming the close code."""
    files = _budget_files("plot_id,lat,lon,area_ha,greenfield,territory,land_price_eur_per_ha\n"
                          "P1,45.0,4.01,10,yes,200046977,0\nP2,45.0,4.02,10,no,69123,0\nP3,45.0,4.03,10,,69123,0\n")
    _write(tmp_path, files)
    said = _warned(tmp_path)
    assert ("scenario.yaml, column 'siting.max_new_land_take_ha.69123': territory '69123' has no greenfield plot in "
            "plots.csv (its plots, rows 3, 4, are brownfields: greenfield false or empty): its budget of 2 ha caps "
            "nothing") in said["en"], said["en"]
    assert ("scenario.yaml, colonne 'siting.max_new_land_take_ha.69123' : le territoire '69123' n'a aucune parcelle "
            "naturelle, agricole ou forestière dans plots.csv (ses parcelles, lignes 3, 4, sont déjà artificialisées "
            ": greenfield faux ou vide) : son budget de 2 ha ne plafonne rien") in said["fr"], said["fr"]
    assert "200046977" not in said["en"]   # a territory with a greenfield plot: nothing to say
    assert said["en"].count("warning:") == 1, said["en"]   # that one only (the plots cost 0, written)
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml"), "--strict"])
    assert res.exit_code == 2, res.output
    (tmp_path / "scenario.yaml").write_text(files["scenario.yaml"].replace("69123: 2", "6912: 2"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 2 and "no plot of plots.csv is in territory '6912'" in res.output
    assert "did you mean '69123'?" in res.output, res.output


def test_a_budget_whose_greenfield_plots_take_no_activity_is_a_warning(tmp_path):
    """Territory 69123's greenfield plots can take no activity: P2 excludes the glasshouse's use
    (food), P3 has 5 ha where a 5 ha glasshouse needs 5 x 1.25 = 6.25 ha (activities.yaml land_ha),
    P4 is not available. So its budget of 2 ha can never bind, and nothing said so (the budget was
    shown as a cap in every output). Territory 200046977's P1 (10 ha, no rule) takes the
    glasshouse: its budget binds and is not warned about. validate warns at the key, en and fr."""
    files = _budget_files("plot_id,lat,lon,area_ha,greenfield,territory,land_price_eur_per_ha,excluded_uses,available\n"
                          "P1,45.0,4.01,10,yes,200046977,0,,\nP2,45.0,4.02,10,yes,69123,0,food,\n"
                          "P3,45.0,4.03,5,yes,69123,0,,\nP4,45.0,4.04,10,yes,69123,0,,no\n")
    _write(tmp_path, files)
    said = _warned(tmp_path)
    assert ("scenario.yaml, column 'siting.max_new_land_take_ha.69123': none of the greenfield plots of territory "
            "'69123' in plots.csv (rows 3, 4, 5) can take an activity of the scenario") in said["en"], said["en"]
    assert "its budget of 2 ha caps nothing" in said["en"]
    assert ("scenario.yaml, colonne 'siting.max_new_land_take_ha.69123' : aucune parcelle naturelle, agricole ou "
            "forestière du territoire '69123' dans plots.csv (lignes 3, 4, 5) ne peut recevoir une activité du "
            "scénario") in said["fr"], said["fr"]
    assert "son budget de 2 ha ne plafonne rien" in said["fr"]
    assert "200046977': none" not in said["en"] and "caps nothing" not in said["en"].replace(
        "its budget of 2 ha caps nothing", "")
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml"), "--strict"])
    assert res.exit_code == 2, res.output


@pytest.mark.parametrize("plots_csv, why", [
    # the only greenfield plot excludes the glasshouse's use
    ("plot_id,lat,lon,area_ha,greenfield,land_price_eur_per_ha,excluded_uses\nP1,45.0,4.01,10,no,0,\n"
     "P2,45.0,4.02,10,yes,0,agriculture\n",
     "aucune parcelle naturelle, agricole ou forestière de plots.csv (lignes 3) ne peut recevoir une activité"),
    # no greenfield plot at all: brownfields take no land
    ("plot_id,lat,lon,area_ha,land_price_eur_per_ha\nP1,45.0,4.01,10,0\n",
     "aucune parcelle de plots.csv n'est naturelle, agricole ou forestière"),
], ids=["greenfield_excludes_it", "no_greenfield"])
def test_a_budget_over_the_whole_scenario_that_caps_nothing_is_a_warning(tmp_path, plots_csv, why):
    """`max_new_land_take_ha: 3` (one budget for the scenario) where no greenfield plot can take
    the glasshouse, or where no plot is greenfield: the 3 ha can never bind; said at the key."""
    _write(tmp_path, {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV, "plots.csv": plots_csv,
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\nactivities: activities.csv\n"
                         "siting:\n  max_new_land_take_ha: 3\n",
        "activities.csv": "activity_id,template,size\nSERRE,greenhouse,5\n"})
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr"])
    out = " ".join(res.output.split())
    assert res.exit_code == 0, res.output
    assert ("scenario.yaml, colonne 'siting.max_new_land_take_ha' : le budget d'artificialisation de 3 ha ne "
            "plafonne rien : " + why) in out, out
