"""Shared networks' inputs as a demanding analyst gets them wrong, second round: what
`eitflow validate` says of a generated network none of whose corridors survive, corridors
to a place miles away, pipe-size tables with a size given twice or one that can never be
chosen, a blank corridor_id whose default is taken, and list cells separated by commas.
Expected figures are worked out by hand in each docstring."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.netwhy import idle_networks

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _line(lats_km: list[float], kinds: list[str], **net):
    """Heat sites on a meridian at `lats_km` km north of 45 N: 'supply' (50,000 MWh/yr at
    110 degC) or 'demand' (5,000 MWh/yr at 60 degC, 60 EUR/MWh); radii of 0.1 km rule out
    pipes of their own."""
    ids = [f"{k[0].upper()}{i}" for i, k in enumerate(kinds)]
    sites = pd.DataFrame({"site_id": ids, "name": [f"Site {i}" for i in ids],
                          "lat": [45.0 + d * KM for d in lats_km], "lon": [4.0] * len(ids)})
    sup = [k == "supply" for k in kinds]
    flows = pd.DataFrame({"site_id": ids, "direction": kinds, "resource": "heat",
                          "amount": [50000.0 if s else 5000.0 for s in sup], "unit": "MWh/yr",
                          "temperature_c": [110.0 if s else 60.0 for s in sup],
                          "price_eur_per_unit": [0.0 if s else 60.0 for s in sup], "max_distance_km": 0.1})
    return eitflow.scenario_from_frames(sites, flows, networks={"heat": {"temperature_c": 90.0, **net}})


def test_a_generated_network_whose_pairs_are_all_too_long_is_said_to_lack_corridors():
    """A supply S0 and a demand D1 2 km north, knn, max_length_km 0.5: the one pair is 2 km x
    route factor 1.3 = 2.6 km, left out. validate warned 'none of its 2 places has a heat
    supply or demand', wrong: both have one, no corridor reaches them. Now it says so, with
    the pair left out and the option that left it out."""
    scen = _line([0.0, 2.0], ["supply", "demand"], generate="knn", max_length_km=0.5)
    why = idle_networks(scen, build_candidates(scen))["heat"]
    assert str(why) == ("the heat network can carry nothing: no candidate corridor reaches the places of its heat "
                        "supplies and demands: Site S0 (S0), Site D1 (D1) (generated corridors longer than 0.5 km "
                        "left out: 1, networks.heat.max_length_km)")
    assert why.say("fr") == ("le réseau de chaleur ne peut rien transporter : aucun tronçon candidat n'atteint les "
                             "lieux de ses offres et demandes en chaleur : Site S0 (S0), Site D1 (D1) (tronçons "
                             "générés de plus de 0,5 km écartés : 1, networks.heat.max_length_km)")


def test_a_generated_network_that_leaves_its_only_supply_out_says_so():
    """Supply S0 at 0 km, demands D1 at 2 km and D2 at 2.3 km: of the three pairs (delaunay),
    D1-D2 (0.3 x 1.3 = 0.39 km) is kept, S0-D1 (2.6 km) and S0-D2 (2.99 km) left out by
    max_length_km 0.5. The network joins two demands and no supply: it was said to have 'no
    heat supply' at its 3 places (S0 is one of them, with 50,000 MWh/yr). Now: no corridor
    reaches S0, the place of its supply, 2 pairs left out."""
    scen = _line([0.0, 2.0, 2.3], ["supply", "demand", "demand"], generate="delaunay", max_length_km=0.5)
    why = idle_networks(scen, build_candidates(scen))["heat"]
    assert str(why) == ("the heat network can carry nothing: no candidate corridor reaches the places of its heat "
                        "supplies: Site S0 (S0) (generated corridors longer than 0.5 km left out: 2, "
                        "networks.heat.max_length_km)")
    # with the supply reached, nothing to say
    fine = _line([0.0, 0.3, 0.6], ["supply", "demand", "demand"], generate="delaunay", max_length_km=0.5)
    assert idle_networks(fine, build_candidates(fine)) == {}


def _three(corridors: dict, junctions: dict | None = None, **params):
    """Heat supply S and demands A (1 km north) and B (2 km north) with the given tables."""
    sites = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [45.0, 45.0 + KM, 45.0 + 2 * KM], "lon": [4.0] * 3})
    flows = pd.DataFrame({"site_id": ["S", "A", "B"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [9000.0, 1000.0, 1000.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 60.0, 60.0], "price_eur_per_unit": [0.0, 60.0, 60.0]})
    return eitflow.scenario_from_frames(sites, flows, corridors=pd.DataFrame(corridors),
                                        junctions=None if junctions is None else pd.DataFrame(junctions),
                                        networks={"heat": {"temperature_c": 90.0}}, **params)


def test_a_corridor_to_a_place_miles_away_is_warned_about():
    """Junction J typed 20 km north of S (a degree's digit wrong gives 111 km) and two
    corridors to it without length_km: A-J is the straight line 19 km x route factor 1.3
    (heat's pipe detour) = 24.7 km, beyond heat's 10 km reach (max_distance_km), and was kept
    without a word (a 24.7 km trench the model may price and build). Now a warning per such
    corridor, located; none for S-A (1.3 km), none for S-J whose 26 km are given (the
    analyst's own figure), none once the scenario's reach for heat is 30 km."""
    tables = dict(corridors={"corridor_id": ["sa", "aj", "sj"], "resource": "heat", "from": ["S", "A", "S"],
                             "to": ["A", "J", "J"], "length_km": ["", "", "26"]},
                  junctions={"junction_id": ["J"], "lat": [45.0 + 20 * KM], "lon": [4.0]})
    w = [p for p in _three(**tables).warnings if p.column == "length_km"]
    assert [str(p) for p in w] == [
        "corridors, row 3, column 'length_km': corridor 'aj' would be 24.7 km long (the straight line between A and "
        "J, 19 km, times the route factor 1.3), beyond the 10 km reach of heat (max_distance_km): check the "
        "coordinates of its ends, or give its length_km if it is meant"]
    assert w[0].say("fr").startswith(
        "corridors, ligne 3, colonne 'length_km' : le tronçon 'aj' ferait 24,7 km (la ligne droite entre A et J, "
        "19 km, multipliée par le facteur de détour 1,3), au-delà de la portée de la ressource chaleur (10 km, "
        "max_distance_km)")
    wider = _three(**tables, max_distance_km={"heat": 30.0})
    assert not [p for p in wider.warnings if p.column == "length_km"]


def _sizes(*rows: tuple[str, float, float, float]) -> dict:
    """A resources.yaml override giving heat these pipe sizes (name, MW, EUR/m, W/m)."""
    return {"heat": {"network": {"sizes": [{"name": n, "capacity": c, "investment_eur_per_m": i, "loss_w_per_m": w}
                                           for n, c, i, w in rows]}}}


def test_a_size_given_twice_is_an_error():
    """Two sizes named DN50 (0.328 MW and 3.41 MW): an existing pipe of size DN50 took the
    first, whichever was meant, without a word. Now an error naming both positions."""
    with pytest.raises(eitflow.ScenarioError) as exc:
        _three({"resource": "heat", "from": ["S"], "to": ["A"]},
               resources=_sizes(("DN50", 0.328, 498, 22.7), ("DN100", 1.95, 670, 30.0), ("DN50", 3.41, 754, 35.1)))
    assert ("resources: resource 'heat', network.sizes: size 'DN50' is given twice (sizes no. 1 and 3): "
            "corridors.csv's size column names one; give each size its own name") in str(exc.value)


def test_a_size_that_can_never_be_chosen_is_warned_about():
    """DN200 typed 1 MW (11.4 meant) at 1,171 EUR/m and 45.5 W/m: DN100 carries 1.95 MW for
    670 EUR/m and 30 W/m, so no corridor is ever built with DN200, and linear sizing's line
    passes through it; it was used silently. Now a warning naming both sizes' figures. DN50
    (0.328 MW, 498 EUR/m, 22.7 W/m) is cheaper than DN100: no warning. The table's order
    does not matter (DN100 listed first): the smallest size for the capacity warning is
    DN50, so an existing pipe of 0.02 MW (a fifteenth of DN50) is warned about as
    below a tenth of DN50, not of DN100 (the first listed, as the old code took it)."""
    scen = _three({"resource": "heat", "from": ["S", "A"], "to": ["A", "B"], "existing": ["", "yes"],
                   "capacity": ["", "0.02"]},
                  resources=_sizes(("DN100", 1.95, 670, 30.0), ("DN50", 0.328, 498, 22.7), ("DN200", 1.0, 1171, 45.5)))
    w = [p for p in scen.warnings if "network.sizes" in str(p)]
    assert [str(p) for p in w] == [
        "resources: resource 'heat', network.sizes: size DN200 (1 MW, 1,171 EUR/m, 45.5 W/m) carries no more than "
        "DN100 (1.95 MW, 670 EUR/m, 30 W/m) and costs and loses no less: no corridor is built with it, and it skews "
        "the line of linear sizing; check its figures"]
    assert w[0].say("fr").startswith("resources : ressource 'heat', network.sizes : le diamètre DN200 (1 MW, 1\u202f171 €/m")
    cap = [str(p) for p in scen.warnings if p.column == "capacity"]
    assert cap == ["corridors, row 3, column 'capacity': capacity 0.02 MW is less than a tenth of the smallest pipe "
                   "size of the heat network (DN50: 0.328 MW): check the figure and its unit (MW is a rate, MWh/yr an amount per year)"]


def test_an_empty_corridor_id_whose_default_is_taken_is_said_so():
    """Rows 2-5: ids 'c3', '', '', 'c4'. The empty ids default to c<row>: c3 at row 3 (row 2's
    id) and c4 at row 4 (row 5's). The old code said 'duplicate corridor_id' of row 3's blank
    cell and of row 5's c4, whose twin no one can see; a real duplicate (c3 again, row 6)
    stays said as one. Now each empty cell is told its default is taken, and where."""
    with pytest.raises(eitflow.ScenarioError) as exc:
        _three({"corridor_id": ["c3", "", "", "c4", "c3"], "resource": "heat", "from": ["S", "A", "S", "B", "A"],
                "to": ["A", "B", "B", "S", "S"]})
    lines = [p.strip() for p in str(exc.value).splitlines() if "corridor_id" in p]
    assert lines == [
        "corridors, row 6, column 'corridor_id': duplicate corridor_id (found 'c3')",
        "corridors, row 3, column 'corridor_id': empty corridor_id: its default, c3 (c and its row), is the id of "
        "row 2 already; give this corridor an id",
        "corridors, row 4, column 'corridor_id': empty corridor_id: its default, c4 (c and its row), is the id of "
        "row 5 already; give this corridor an id"]


def test_resources_separated_by_commas_are_read_as_a_list():
    """A comma-separated junctions.csv whose cell reads "heat,steam" (quoted): the old code
    refused it ('unknown network resource 'heat,steam' (did you mean 'steam'?)') and then
    said the heat corridor to it was on 'the heat,steam network only, not on the heat network'.
    No catalogue key has a comma: the cell is the list heat, steam; a hub's likewise."""
    scen = _three({"resource": "heat", "from": ["S", "J"], "to": ["J", "A"]},
                  junctions={"junction_id": ["J"], "lat": [45.0 + 0.5 * KM], "lon": [4.0],
                             "resources": ["heat,steam"]},
                  hubs=pd.DataFrame({"hub_id": ["H"], "lat": [45.0], "lon": [4.001], "resources": ["heat, steam"],
                                     "capacity": [5000.0], "unit": ["MWh/yr"]}))
    assert scen.junctions["resources"].tolist() == [["heat", "steam"]]
    assert scen.hubs["resources"].tolist() == [["heat", "steam"]]


def test_a_capacity_far_above_its_own_size_is_warned_about():
    """An existing DN20 given 2 MW: the catalogue's DN20 carries 0.0279 MW, 2 / 0.0279 =
    71.7 times less, and the model took the 2 MW with the DN20's heat loss, silently. A
    corridor of size DN100 with its fixed cost and 4 MW: 4 / 1.95 = 2.05 times, warned too.
    An existing DN100 of 2 MW (1.03 times: the catalogue's rating is at 250 Pa/m) is not."""
    scen = _three({"resource": "heat", "from": ["S", "A", "S"], "to": ["A", "B", "B"], "existing": ["yes", "yes", ""],
                   "capacity": ["2", "2", "4"], "size": ["DN20", "DN100", "DN100"],
                   "fixed_cost_eur_per_yr": ["", "", "5000"]})
    w = [p for p in scen.warnings if p.column == "capacity"]
    assert [str(p) for p in w] == [
        "corridors, row 2, column 'capacity': capacity 2 MW is 71.7 times what its size DN20 carries (0.0279 MW): "
        "the model takes the capacity as given, with the DN20's heat loss; check the size or the capacity",
        "corridors, row 4, column 'capacity': capacity 4 MW is 2.05 times what its size DN100 carries (1.95 MW): "
        "the model takes the capacity as given, with the DN100's heat loss; check the size or the capacity"]
    assert w[0].say("fr") == (
        "corridors, ligne 2, colonne 'capacity' : la capacité 2 MW vaut 71,7 fois ce que porte son diamètre DN20 "
        "(0,0279 MW) : le modèle prend la capacité telle quelle, avec la perte de chaleur du DN20 ; vérifiez le "
        "diamètre ou la capacité")


def test_a_capacity_far_below_its_own_size_is_warned_about():
    """The mirror of the above. An existing DN300 given 0.05 MW: the catalogue's DN300 carries
    32.3 MW, 32.3 / 0.05 = 646 times more; the model took the 0.05 MW with the DN300's heat
    loss (50.8 W/m: 445 MWh/yr per km, as much as the 438 MWh/yr the pipe may carry at full
    load), without a word. The same pipe written 50 kW: 646 times too. An existing DN100 of
    0.19 MW: 1.95 / 0.19 = 10.3 times, warned; of 0.2 MW: 9.75 times, not (a pipe run below
    its rating is common; below a tenth is a wrong size or figure). A DN300 of 0.002 MW is
    under a tenth of the smallest size (DN20's 0.0279 MW): said once, as that."""
    scen = _three({"resource": "heat", "from": ["S", "S", "A", "A", "S"], "to": ["A", "B", "B", "B", "A"],
                   "existing": "yes", "capacity": ["0.05", "50", "0.19", "0.2", "0.002"],
                   "unit": ["", "kW", "", "", ""], "size": ["DN300", "DN300", "DN100", "DN100", "DN300"]})
    w = sorted((p for p in scen.warnings if p.column == "capacity"), key=lambda p: p.row)
    assert [str(p) for p in w] == [
        "corridors, row 2, column 'capacity': capacity 0.05 MW is 646 times less than what its size DN300 carries "
        "(32.3 MW): the model takes the capacity as given, so the pipe carries no more, with the DN300's heat "
        "loss; check the size or the capacity",
        "corridors, row 3, column 'capacity': capacity 50 kW is 646 times less than what its size DN300 carries "
        "(32.3 MW): the model takes the capacity as given, so the pipe carries no more, with the DN300's heat "
        "loss; check the size or the capacity",
        "corridors, row 4, column 'capacity': capacity 0.19 MW is 10.3 times less than what its size DN100 "
        "carries (1.95 MW): the model takes the capacity as given, so the pipe carries no more, with the DN100's "
        "heat loss; check the size or the capacity",
        "corridors, row 6, column 'capacity': capacity 0.002 MW is less than a tenth of the smallest pipe size of "
        "the heat network (DN20: 0.0279 MW): check the figure and its unit (MW is a rate, MWh/yr an amount per "
        "year)"]
    assert w[0].say("fr") == (
        "corridors, ligne 2, colonne 'capacity' : la capacité 0,05 MW est 646 fois plus faible que ce que porte "
        "son diamètre DN300 (32,3 MW) : le modèle prend la capacité telle quelle, le tuyau ne porte pas plus, "
        "avec la perte de chaleur du DN300 ; vérifiez le diamètre ou la capacité")


def test_french_messages_name_the_network_not_the_code():
    """Under --lang fr the warnings said 'deux tranchées heat candidates' and 'un réseau heat
    a besoin de sa température', the code amid French words. Now the network by its name."""
    scen = _three({"corridor_id": ["ab", "ba"], "resource": "heat", "from": ["A", "B"], "to": ["B", "A"]})
    assert [p.say("fr") for p in scen.warnings if p.column == "to"] == [
        "corridors, ligne 3, colonne 'to' : le tronçon 'ba' relie les mêmes lieux que 'ab' (ligne 2) : deux tranchées "
        "candidates du réseau de chaleur côte à côte, qui peuvent être construites toutes les deux ; supprimez-en un, "
        "sauf si les deux sont voulus"]
    with pytest.raises(eitflow.ScenarioError) as exc:
        eitflow.scenario_from_frames(scen.sites, scen.flows.assign(amount=1000.0, unit="MWh/yr"),
                                     networks={"steam": {"generate": "knn"}})
    assert "parameters : networks.steam.temperature_c : le réseau de vapeur a besoin de sa température de départ (°C)" in [
        p.say("fr") for p in exc.value.problems]


def test_a_size_spelled_otherwise_is_told_the_name_meant():
    """'dn100', 'DN 100' and a bare '100' for DN100 were 'unknown size' with the fifteen
    names to search; now the one meant is said. DN110 (no such size) gets no guess."""
    with pytest.raises(eitflow.ScenarioError) as exc:
        _three({"resource": "heat", "from": ["S", "A", "S", "B"], "to": ["A", "B", "B", "A"],
                "existing": "yes", "size": ["dn100", "DN 100", "100", "DN110"]})
    lines = [p.strip() for p in str(exc.value).splitlines() if "column 'size'" in p]
    assert [p.split(" for heat")[0] for p in lines] == [
        "corridors, row 2, column 'size': unknown size 'dn100' (did you mean 'DN100'?)",
        "corridors, row 3, column 'size': unknown size 'DN 100' (did you mean 'DN100'?)",
        "corridors, row 4, column 'size': unknown size '100' (did you mean 'DN100'?)",
        "corridors, row 5, column 'size': unknown size 'DN110'"]


def test_an_unreadable_cell_is_not_said_again_as_missing_or_unused():
    """An existing pipe of '3 MW' (unit in the cell) was told so and then 'an existing pipe
    needs its capacity'; a corridor whose existing cell reads 'x' was told so and then that
    its capacity 5 is unused on a new corridor. Each is one problem now; a capacity truly
    missing (row 4) or truly unused (row 5) is still said."""
    with pytest.raises(eitflow.ScenarioError) as exc:
        _three({"resource": "heat", "from": ["S", "A", "S", "B"], "to": ["A", "B", "B", "A"],
                "existing": ["yes", "x", "yes", ""], "capacity": ["3 MW", "5", "", "5"]})
    rows = [p.strip().split(": ")[0] for p in str(exc.value).splitlines() if p.strip().startswith("corridors")]
    assert sorted(rows) == ["corridors, row 2, column 'capacity'", "corridors, row 3, column 'existing'",
                            "corridors, row 4, column 'capacity'", "corridors, row 5, column 'capacity'"]


def test_a_decimal_comma_in_resources_yaml_is_said_as_in_scenario_yaml():
    """A size's capacity written 1,95 in resources.yaml (YAML reads it as text) was only 'the
    value must be a number', where scenario.yaml says why and what to write."""
    with pytest.raises(eitflow.ScenarioError) as exc:
        _three({"resource": "heat", "from": ["S"], "to": ["A"]},
               resources={"heat": {"network": {"sizes": [{"name": "DN100", "capacity": "1,95",
                                                          "investment_eur_per_m": 670}]}}})
    assert str(exc.value) == ("resources: resource 'heat', network.sizes no. 1, capacity: '1,95' has a decimal comma and "
                              "is read as text here (YAML): write 1.95")


def test_k_with_delaunay_is_warned_about():
    """`generate: delaunay` with `k: 8`: the triangulation joins its neighbours whatever k, so
    k was ignored without a word (an analyst meaning 8 neighbours got the triangulation's).
    Now a warning; none with knn, none with delaunay and no k."""
    def warned(**net) -> list[str]:
        s = _line([0.0, 0.5, 1.0], ["supply", "demand", "demand"], **net)
        return [str(p) for p in s.warnings if "k: " in str(p)]
    assert warned(generate="delaunay", k=8) == [
        "parameters: networks.heat: k: 8 applies to generate: knn only (the k nearest neighbours), and "
        "networks.heat.generate is delaunay, which joins the triangulation's neighbours whatever k; it is ignored: "
        "give generate: knn or leave k out"]
    assert warned(generate="knn", k=8) == [] and warned(generate="delaunay") == []
