"""Words of hydrogen and CO2 pipelines (issue #15) a colleague found wrong: the figures of
`explain` and unmatched.csv about a network's emitters and pipes, the size of an existing pipe,
a flow put at a junction, a heat pump refused for its COP. Figures by hand in each docstring."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def test_an_idle_co2_emitter_is_told_what_its_own_tonnes_would_bring():
    """A CO2 collection network: the steelworks E1 (30,000 t/yr) 1 km from the storage
    terminal T (50,000 t/yr, paid 20 EUR/t), the lime kiln E2 (3,000 t/yr) 19 km away on its
    own corridor k2. The plan builds k1 only: E2's 3,000 t/yr x 20 EUR/t = 60,000 EUR/yr do
    not cover 19 km of pipe (the smallest, DN50, alone costs 19,000 m x several hundred EUR/m
    x ~0.1/yr, over 500,000 EUR/yr). explain said of E2 'what the 20,000 t/yr left would pay',
    the terminal's room left (50,000 - 30,000), as if the kiln had it; the kiln has 3,000 t/yr,
    nothing of it used elsewhere: it could bring min(20,000, 3,000) = 3,000 t/yr."""
    sites = pd.DataFrame({"site_id": ["E1", "E2", "T"], "name": ["Steelworks", "Lime kiln", "Terminal"],
                          "lat": [51.03, 51.03 + 20 * KM, 51.03 + KM], "lon": [2.3, 2.3, 2.3]})
    flows = pd.DataFrame({"flow_id": ["e1", "e2", "t"], "site_id": ["E1", "E2", "T"],
                          "direction": ["supply", "supply", "demand"], "resource": "co2",
                          "amount": [30000.0, 3000.0, 50000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 0.0, 20.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2"], "resource": ["co2"] * 2, "from": ["E1", "E2"], "to": ["T", "T"],
                        "length_km": ["1", "19"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}})
    res = eitflow.optimise(scen)
    assert res.statistics.corridors()["corridor_id"].tolist() == ["k1"]
    for lang, said in (("en", "other supplies in the plan serve 30,000 t/yr (Steelworks (E1): 30,000 t/yr); what "
                               "they would pay for the 3,000 t/yr it could bring them (of the 20,000 t/yr they have "
                               "left) does not cover its connection"),
                       ("fr", "d'autres offres du plan servent 30\u202f000 t/an (Steelworks (E1) : 30\u202f000 t/an) ; "
                              "ce qu'elles paieraient pour les 3\u202f000 t/an qu'il pourrait leur apporter (sur les "
                              "20\u202f000 t/an qui leur restent) ne couvre pas son raccordement")):
        ex = explain(scen, res, "e2", lang=lang)
        row = ex[ex["rank"] == 0].iloc[0]
        assert row["rule"] == "network_not_selected"
        assert said in str(row["detail"]), str(row["detail"])


def _h2(corridor: dict) -> eitflow.Scenario:
    """An electrolyser E (2,000 t/yr of H2) and a refinery R 2 km north (800 t/yr at 3,000
    EUR/t), one existing pipe c1 E-R of 2 km (`corridor`: its capacity or size); radii of 0.1 km
    rule out pipes of their own."""
    sites = pd.DataFrame({"site_id": ["E", "R"], "name": ["Electrolyser", "Refinery"],
                          "lat": [43.43, 43.43 + 2 * KM], "lon": [4.9, 4.9]})
    flows = pd.DataFrame({"flow_id": ["e_h2", "r_h2"], "site_id": ["E", "R"], "direction": ["supply", "demand"],
                          "resource": "hydrogen", "amount": [2000.0, 800.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["c1"], "resource": ["hydrogen"], "from": ["E"], "to": ["R"],
                        "length_km": ["2"], "existing": ["yes"], **{k: [v] for k, v in corridor.items()}})
    return eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"hydrogen": {}})


def test_a_full_existing_pipe_is_said_at_the_capacity_its_user_gave():
    """corridors.csv gives the existing hydrogen pipe c1 a capacity of 1,000 t/yr: at the
    network's load factor 0.7 it carries 700 t/yr, and the refinery (800 t/yr) gets 700. Its
    words said 'c1: 0.114155 t/h rated' (1,000 / 8,760 h, the catalogue's unit of pipe sizes),
    a figure nobody wrote; now '1,000 t/yr rated' (fr '1 000 t/an nominal'), as given."""
    scen = _h2({"capacity": "1000", "unit": "t/yr"})
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("flow_id")
    assert um.at["r_h2", "reason"] == "capacity_used"
    said = str(um.at["r_h2", "detail"])
    assert "(c1: 1,000 t/yr rated, 700 t/yr at load factor 0.7)" in said, said
    assert "(c1 : 1\u202f000 t/an nominal, 700 t/an au facteur de charge 0,7)" in um.at["r_h2", "detail"].say("fr")
    ex = explain(scen, res, "r_h2")
    assert "(c1: 1,000 t/yr rated, 700 t/yr at load factor 0.7)" in str(ex.loc[ex["rank"] == 0, "detail"].iloc[0])


def test_an_existing_pipe_of_a_given_size_keeps_its_size():
    """corridors.csv gives the existing hydrogen pipe c1 its size, DN50 (0.269 t/h: 0.269 x
    8,760 h x 0.7 = 1,649.5 t/yr carried, the refinery's 800 t/yr all of it). corridors.csv's
    output read size 'existing' and the DN50 was lost; now size 'DN50', existing true, sizing
    'existing', and the report and map say 'DN50, existing pipe' ('DN50, conduite existante')."""
    from eitflow.report.names import corridor_size

    res = eitflow.optimise(_h2({"size": "DN50"}))
    c = res.statistics.corridors().set_index("corridor_id")
    assert (c.at["c1", "size"], bool(c.at["c1", "existing"]), c.at["c1", "sizing"]) == ("DN50", True, "existing")
    assert c.at["c1", "flow"] == 800.0
    rec = c.reset_index().iloc[0].to_dict()
    assert corridor_size(rec) == "DN50, existing pipe"
    assert corridor_size(rec, "fr") == "DN50, conduite existante"
    # without a size (a capacity given instead) it stays 'existing'
    c2 = eitflow.optimise(_h2({"capacity": "1000", "unit": "t/yr"})).statistics.corridors()
    assert c2["size"].tolist() == ["existing"]


def test_a_flow_at_a_junction_is_said_to_be_at_a_junction():
    """flows.csv puts the refinery's hydrogen demand at J1, a junction of junctions.csv (where
    the corridors E-J1 and J1-R meet), not at a site. It was refused as 'unknown site 'J1''
    (not in sites.csv), as if mistyped; now the error names the file, row 3, column site_id
    and says J1 is a junction, which has no flow, in English and in French."""
    sites = pd.DataFrame({"site_id": ["E", "R"], "name": ["Electrolyser", "Refinery"],
                          "lat": [43.43, 43.43 + 2 * KM], "lon": [4.9, 4.9]})
    flows = pd.DataFrame({"flow_id": ["e_h2", "r_h2"], "site_id": ["E", "J1"], "direction": ["supply", "demand"],
                          "resource": "hydrogen", "amount": [2000.0, 800.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0]})
    junctions = pd.DataFrame({"junction_id": ["J1"], "lat": [43.43 + KM], "lon": [4.9]})
    cor = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": ["hydrogen"] * 2, "from": ["E", "J1"],
                        "to": ["J1", "R"], "length_km": ["1", "1"]})
    with pytest.raises(eitflow.ScenarioError) as err:
        eitflow.scenario_from_frames(sites, flows, corridors=cor, junctions=junctions, networks={"hydrogen": {}})
    probs = [p for p in err.value.problems if p.column == "site_id"]
    assert len(probs) == 1 and probs[0].row == 3
    assert "'J1' is a junction of the junctions DataFrame, where corridors meet, not a site: a junction has " \
           "no flow" in str(probs[0]), str(probs[0])
    assert "unknown" not in str(err.value)
    assert "'J1' est une jonction de " in probs[0].say("fr")
    assert "une jonction n'a pas de flux" in probs[0].say("fr")


def _pump_pair(carnot_share: float, ret: float | None = None, top: float = 40.0) -> str:
    """A data centre's heat at `top` degC (or 60 degC back at `ret`) and a laundry 1 km away
    needing 70 degC (approach 10 K), heat_pump.carnot_share `carnot_share`: the pair's words
    in explain, en and fr, joined by ' | '."""
    sites = pd.DataFrame({"site_id": ["D", "S"], "name": ["Datacentre", "Laundry"], "lat": [48.0, 48.0 + KM],
                          "lon": [2.0, 2.0]})
    flows = pd.DataFrame({"flow_id": ["dc", "ld"], "site_id": ["D", "S"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [5000.0, 2000.0], "unit": "MWh/yr",
                          "temperature_c": [top if ret is None else 60.0, 70.0],
                          "return_temperature_c": [ret, None], "price_eur_per_unit": [0.0, 60.0]})
    scen = eitflow.scenario_from_frames(sites, flows, heat_pump={"carnot_share": carnot_share})
    res = eitflow.optimise(scen)
    assert res.objective == 0.0
    out = []
    for lang in ("en", "fr"):
        ex = explain(scen, res, "ld", lang=lang)
        assert ex["rule"].tolist() == ["quality"]
        out.append(str(ex["detail"].iloc[0]))
    return " | ".join(out)


def test_a_heat_pump_refused_for_its_cop_says_so_not_its_lift():
    """A heat pump from 40 degC heat to a 70 degC need lifts it (70 + 10) - (40 - 10) = 50 K,
    within the maximum of 70 K; at heat_pump.carnot_share 0.1 its COP is 0.1 x (80 + 273.15) /
    50 = 0.7063, not above 1: no pump. The pair read '(heat pump lift > 70 K)', false (50 K);
    now the COP, 0.71, and the setting. A supply of 60 degC back at 30 degC: its pump lifts from
    its return, (80) - (30 - 10) = 60 K, COP 0.1 x 353.15 / 60 = 0.5886. A pump that would lift
    80 - (5 - 10) = 85 K (a 5 degC supply, at the default share 0.5) still reads the lift."""
    said = _pump_pair(0.1)
    assert said == ("supply at 40 degC < 70 degC required + 10 K approach (a heat pump would lift it 50 K at a COP "
                    "of 0.71, not above 1: heat_pump.carnot_share 0.1) | offre à 40 °C < 70 °C requis + pincement de "
                    "10 K (une pompe à chaleur l'élèverait de 50 K avec un COP de 0,71, pas au-dessus de 1 : "
                    "heat_pump.carnot_share 0,1)")
    ranged = _pump_pair(0.1, ret=30.0)
    assert "(a heat pump would lift it 60 K, from its return at 30 degC less the approach, at a COP of 0.59, not " \
           "above 1: heat_pump.carnot_share 0.1) | " in ranged, ranged
    assert "(une pompe à chaleur l'élèverait de 60 K, depuis son retour à 30 °C moins le pincement, avec un COP de " \
           "0,59, pas au-dessus de 1 : heat_pump.carnot_share 0,1)" in ranged
    assert _pump_pair(0.5, top=5.0).startswith(
        "supply at 5 degC < 70 degC required + 10 K approach (heat pump lift > 70 K) | ")


def test_corridors_csv_gives_an_existing_pipes_capacity_in_the_unit_its_user_gave(tmp_path):
    """corridors.csv (input) gives the existing hydrogen pipe c1 a capacity of 1 kt/yr. The output
    corridors.csv gave it only as capacity 1000 (t/yr, the `unit` column) and capacity_rated
    0.1141552511 (t/h, the catalogue's unit of pipe sizes): 1 kt/yr = 1,000 t/yr / 8,760 h =
    0.114155 t/h, a figure nobody wrote. Now also capacity_given 1 and capacity_given_unit
    'kt/yr' (the existing columns keep their meaning); the report's corridors table says
    '1,00 kt/an' (it said '0,11 t/h'). A pipe given its size (DN50) has no capacity given."""
    import re

    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    res = eitflow.optimise(_h2({"capacity": "1", "unit": "kt/yr"}))
    write_run(res, tmp_path / "run")
    c = pd.read_csv(tmp_path / "run" / "corridors.csv").iloc[0]
    assert (c["capacity"], c["unit"]) == (1000.0, "t/yr")
    assert c["capacity_rated"] == pytest.approx(1000 / 8760) and c["capacity_unit"] == "t/h"
    assert (c["capacity_given"], c["capacity_given_unit"]) == (1.0, "kt/yr")
    page = write_report(tmp_path / "run", lang="fr").read_text(encoding="utf-8")
    table = page[page.index('id="corridors-table"'):]
    table = table[:table.index("</table>")]
    cells = [re.sub(r"\s", " ", x) for x in re.findall(r'<td class="n"[^>]*>([^<]*)</td>', table)]
    assert "1,00 kt/an" in cells and not any("t/h" in x for x in cells), cells
    sized = eitflow.optimise(_h2({"size": "DN50"})).statistics.corridors().iloc[0]
    assert pd.isna(sized["capacity_given"]) and sized["capacity_given_unit"] == ""
