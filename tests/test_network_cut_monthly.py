"""Full existing pipes with monthly profiles (`monthly_profile` on flows): a pipe full in some
months only holds a place back in those months, and unmatched.csv and explain name it with
them (`results.netfull`). A factory (8,000 MWh/yr at 95 degC) and a town (6,000 MWh/yr at 55
degC) joined only by an existing pipe c2 rated 1 MW on a 75 degC heat network, 0.3 km radii
ruling out a pipe of their own. At the load factor 0.5 c2 carries 1 MW x 8,760 h x 0.5 =
4,380 MWh/yr, and in a month a twelfth of it: 365 MWh (a corridor is sized by its busiest
month). The pipe loses some heat (its DN's, drawn half at each end), under 20 MWh a month
here. Figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import eitflow
from eitflow.results.network import corridors_built
from eitflow.results.tables import flow_usage
from test_network_why import _both_say, _rank0

NB = "\u202f"   # French thousands separator
MONTH = 1.0 * 8760.0 * 0.5 / 12.0   # c2 in a month: 365 MWh
WINTER = [0, 1, 11]   # January, February, December
# the town: a fifth of its 6,000 MWh/yr in each winter month (1,200), the other 0.4 over nine months
TOWN_WINTER = [0.2, 0.2, *[0.4 / 9] * 9, 0.2]


def _profile(shares: list[float]) -> str:
    v = list(shares)
    v[-2] = 1.0 - sum(v[:-2]) - v[-1]   # sums to 1 exactly, as validate asks
    return ";".join(repr(x) for x in v)


def _solve(tmp_path: Path, junctions: bool = False):
    """scenario.yaml beside the tables written in `tmp_path`, read and optimised."""
    (tmp_path / "scenario.yaml").write_text(
        "name: monthly cut\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
        + ("junctions: junctions.csv\n" if junctions else "")
        + "objective: net_benefit\ncarbon_price_eur_per_t: 100\ndiscount_rate: 0.05\nlifetime_years: 30\n"
        "electricity_price_eur_per_mwh: 60\nlang: en\nnetworks: {heat: {temperature_c: 75}}\n")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    return scen, eitflow.optimise(scen)


def _run(tmp_path: Path, factory: list[float] | None = None, town: list[float] | None = None,
         corridors: tuple[str, ...] = ()):
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nIND,Factory,48.5950,6.1150\nTOWN,Town,48.6100,6.1200\n")
    prof = ["" if p is None else _profile(p) for p in (factory, town)]
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,max_distance_km,"
        f"monthly_profile\nind_heat,IND,supply,heat,8000,MWh/yr,95,0,0.3,{prof[0]}\n"
        f"town_heat,TOWN,demand,heat,6000,MWh/yr,55,70,0.3,{prof[1]}\n")
    (tmp_path / "corridors.csv").write_text(
        "\n".join(["corridor_id,resource,from,to,direction,existing,capacity,size,fixed_cost_eur_per_yr",
                   "c2,heat,IND,TOWN,,true,1,,", *corridors]) + "\n")
    scen, res = _solve(tmp_path)
    sol = res.solution
    arcs = res.candidates.network.arc_arrays
    um = res.unmatched.set_index("flow_id")
    if getattr(sol, "arc_period_flow", None) is None:   # the code before the months were kept: the sentences fail first
        return scen, res, None, None, um
    c2 = np.asarray(sol.arc_period_flow)[np.asarray(arcs["corridor"]) == 0].sum(axis=0)   # c2 per month, both ways
    used = np.column_stack([flow_usage(scen, res.candidates, sol.period_flow[:, t]) for t in range(12)])
    return scen, res, c2, used, um


def test_a_town_short_in_winter_behind_a_pipe_full_in_winter_only(tmp_path):
    """The town needs 1,200 MWh in each of January, February and December, 365 pass c2:
    full those months; in the nine others it needs 6,000 x 0.4 / 9 = 266.7, which c2 carries
    with its loss and room to spare (98 MWh a month, less the loss). In the year c2 carries
    3 x 365 + 9 x (266.7 + loss) = about 3,660 of its 4,380 MWh/yr, so the year showed room,
    and the factory (666.7 a month) keeps heat left: unmatched.csv and explain said of the
    town and the factory '1 viable partner with amount left, but no further exchange raises
    the objective (fixed costs not covered by the volume left, or a better use elsewhere)',
    though the town, short by over 3 x (1,200 - 365) = 2,505 MWh/yr, can get no more in
    winter. Now capacity_used, c2 full in January, February and December, 365 MWh a month."""
    scen, res, c2, used, um = _run(tmp_path, town=TOWN_WINTER)
    pipe = "c2: 1 MW rated, 365 MWh a month at load factor 0.5"
    town = (f"the heat network's existing pipes into Town (TOWN) carry their whole capacity in January, February and "
            f"December ({pipe}), and no candidate corridor to it could add one")
    ind = (f"the heat network's existing pipes out of Factory (IND) carry their whole capacity in January, February "
           f"and December ({pipe}), and no candidate corridor from it could add one")
    _both_say(scen, res, {"town_heat": town, "ind_heat": ind})
    town_fr = ("les canalisations existantes du réseau de chaleur qui arrivent à Town (TOWN) transportent toute leur "
               "capacité en janvier, février et décembre (c2 : 1 MW nominal, 365 MWh par mois au facteur de charge "
               "0,5), et aucun tronçon candidat vers ce site ne pourrait en ajouter")
    assert um.at["town_heat", "detail"].say("fr") == town_fr
    row = _rank0(scen, res, "town_heat", "fr")
    assert (row["rule"], row["detail"]) == ("capacity_used", town_fr)
    assert c2[WINTER] == pytest.approx([MONTH] * 3, rel=1e-6)
    others = np.setdiff1d(np.arange(12), WINTER)
    assert (c2[others] < MONTH * (1 - 1e-3)).all() and (c2[others] > 6000 * 0.4 / 9).all()
    assert corridors_built(scen, res.candidates, res.solution).set_index("corridor_id").at["c2", "flow"] < 4380.0 * 0.9
    assert um.at["town_heat", "remaining"] > 3 * (1200.0 - MONTH)
    assert used[1, others] == pytest.approx([6000 * 0.4 / 9] * 9, rel=1e-6)   # served in full outside winter
    assert um.at["ind_heat", "remaining"] > 0


def test_a_town_short_all_year_held_by_the_pipe_in_nine_months_and_by_the_heat_in_three(tmp_path):
    """The town needs 500 MWh every month; the factory gives 8,000 x 0.97 / 9 = 862.2 a month
    but 80 in each of June, July and August. Nine months c2 carries its 365 (500 needed, 862.2
    to give): full; in the summer the factory's 80 all go (c2 has room), the town short for
    want of heat, not for the pipe. In the year c2 carries 9 x 365 + 3 x (80 - loss) = about
    3,470 of its 4,380 MWh/yr and the factory keeps 9 x (862.2 - 365 - loss) left: unmatched.csv
    and explain said 'no further exchange raises the objective' of both. Now capacity_used,
    the nine months named, not the summer."""
    factory = [0.97 / 9] * 12
    for m in (5, 6, 7):
        factory[m] = 0.01
    scen, res, c2, used, um = _run(tmp_path, factory=factory)
    said = ("January, February, March, April, May, September, October, November and December (c2: 1 MW rated, 365 MWh "
            "a month at load factor 0.5)")
    town = f"the heat network's existing pipes into Town (TOWN) carry their whole capacity in {said}, and no "
    ind = f"the heat network's existing pipes out of Factory (IND) carry their whole capacity in {said}, and no "
    for f, start in (("town_heat", town), ("ind_heat", ind)):
        assert um.at[f, "reason"] == "capacity_used" and str(um.at[f, "detail"]).startswith(start)
        row = _rank0(scen, res, f)
        assert (row["rule"], row["detail"]) == ("capacity_used", str(um.at[f, "detail"]))
    assert um.at["ind_heat", "detail"].say("fr") == (
        "les canalisations existantes du réseau de chaleur qui partent du site Factory (IND) transportent toute leur "
        "capacité en janvier, février, mars, avril, mai, septembre, octobre, novembre et décembre (c2 : 1 MW nominal, "
        "365 MWh par mois au facteur de charge 0,5), et aucun tronçon candidat depuis ce site ne pourrait en ajouter")
    summer = [5, 6, 7]
    nine = np.setdiff1d(np.arange(12), summer)
    assert c2[nine] == pytest.approx([MONTH] * 9, rel=1e-6)
    assert used[0, summer] == pytest.approx([80.0] * 3, rel=1e-6) and (c2[summer] < 80.0).all()
    assert (used[1] < 500.0).all()


def test_a_candidate_beside_the_pipe_full_in_winter_leaves_the_economic_reason(tmp_path):
    """The first scenario and a candidate corridor c8 beside c2 (its own fixed cost 10,000,000
    EUR/yr, left unbuilt): c2 is full in winter as before, but c8 could carry the factory's
    heat round it, so the town is held back by c8's cost, not by the pipe: not_selected."""
    scen, res, c2, used, um = _run(tmp_path, town=TOWN_WINTER, corridors=("c8,heat,IND,TOWN,,,,,10000000",))
    assert um.at["town_heat", "reason"] == "not_selected"
    assert "c8" not in set(corridors_built(scen, res.candidates, res.solution)["corridor_id"])
    assert c2[WINTER] == pytest.approx([MONTH] * 3, rel=1e-6)


def test_two_pipes_full_in_different_months_each_with_its_months(tmp_path):
    """The factory (12,000 MWh/yr, 1,000 a month) feeds junction J1 by c1, existing, 2 MW: 2 x
    8,760 x 0.5 / 12 = 730 MWh a month; J1 feeds the town by c2 (1 MW, 365 a month) and a
    hospital by c3 (DN200). The town (6,000 MWh/yr, paying 40 EUR/MWh) as in the first test:
    1,200 in each winter month, 266.7 in the others; the hospital (3,000, paying 70) 900 in
    each of June, July and August, 3,000 x 0.1 / 9 = 33.3 in the others. Winter: the town's
    1,200 fill c2 (365), c1 carries 365 + 33.3 + losses < 730. Summer: 900 + 266.7 > 730
    fill c1, the hospital (paying more) first, the town short behind c1 while c2 has room.
    Spring and autumn: 266.7 + 33.3 + losses pass both. So the town is held by c2 in January,
    February and December, by c1 in June, July and August: each pipe named with its months."""
    (tmp_path / "junctions.csv").write_text("junction_id,name,lat,lon,resources\nJ1,Crossroads,48.6040,6.1180,heat\n")
    hosp = [0.1 / 9] * 12
    for m in (5, 6, 7):
        hosp[m] = 0.3
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nIND,Factory,48.5950,6.1150\nTOWN,Town,48.6100,6.1200\n"
                                        "HOSP,Hospital,48.6050,6.1300\n")
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,max_distance_km,"
        "monthly_profile\nind_heat,IND,supply,heat,12000,MWh/yr,95,0,0.3,\n"
        f"town_heat,TOWN,demand,heat,6000,MWh/yr,55,40,0.3,{_profile(TOWN_WINTER)}\n"
        f"hosp_heat,HOSP,demand,heat,3000,MWh/yr,55,70,0.3,{_profile(hosp)}\n")
    (tmp_path / "corridors.csv").write_text(
        "corridor_id,resource,from,to,direction,existing,capacity,size\nc1,heat,IND,J1,,true,2,\n"
        "c2,heat,J1,TOWN,,true,1,\nc3,heat,J1,HOSP,,true,,DN200\n")
    scen, res = _solve(tmp_path, junctions=True)
    um = res.unmatched.set_index("flow_id")
    pipes = ("c1: 2 MW rated, 730 MWh a month at load factor 0.5 (full in June, July and August), c2: 1 MW rated, "
             "365 MWh a month at load factor 0.5 (full in January, February and December)")
    town = (f"the heat network's existing pipes between Town (TOWN) and the supplies that have some left carry their "
            f"whole capacity in January, February, June, July, August and December ({pipes}), and no candidate "
            "corridor could go round them")
    hosp_said = ("the heat network's existing pipes between Hospital (HOSP) and the supplies that have some left carry "
                 "their whole capacity in June, July and August (c1: 2 MW rated, 730 MWh a month at load factor 0.5), "
                 "and no candidate corridor could go round them")
    _both_say(scen, res, {"town_heat": town, "hosp_heat": hosp_said})
    assert um.at["town_heat", "detail"].say("fr").startswith(
        "les canalisations existantes du réseau de chaleur entre Town (TOWN) et les offres qui ont encore de quoi "
        "fournir transportent toute leur capacité en janvier, février, juin, juillet, août et décembre (c1 : 2 MW "
        "nominal, 730 MWh par mois au facteur de charge 0,5 (pleine en juin, juillet et août), c2 : 1 MW nominal, ")
    cor = np.asarray(res.candidates.network.arc_arrays["corridor"])
    c1, c2 = (np.asarray(res.solution.arc_period_flow)[cor == i].sum(axis=0) for i in (0, 1))
    summer = [5, 6, 7]
    assert c1[summer] == pytest.approx([2 * MONTH] * 3, rel=1e-6) and (c2[summer] < MONTH * 0.9).all()
    assert c2[WINTER] == pytest.approx([MONTH] * 3, rel=1e-6) and (c1[WINTER] < 2 * MONTH * 0.9).all()
