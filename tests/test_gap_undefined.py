"""A run that stops with nothing built (objective 0) has no relative gap: never the bound divided by
1 EUR (millions of percent); every output says no paying plan was found in the time given, and the
bound, what may still be possible."""

from __future__ import annotations

import json
import re
from html import unescape

import pandas as pd
import pytest

import eitflow
from eitflow.i18n import unbroken
from eitflow.solve.status import BatchResult, Status


def _readme_scenario(**params):
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    return eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, **params)


@pytest.fixture
def stopped(monkeypatch):
    """The README's two sites, with the solver stopping at its limit with the plan "build
    nothing" as its incumbent and a bound above it (HiGHS's first incumbent, when a time limit
    is too short for a large scenario)."""
    import eitflow.solve.schedule as S

    def build_nothing(arr, *a, **k):
        r = S._fallback(arr, BatchResult(Status.TIME_LIMIT, None, None, None, 0.0), lp_seconds=1.0)
        return BatchResult(Status.FEASIBLE, 0.0, r.bound, r.z, 0.0, "time limit")

    monkeypatch.setattr(S, "_solve_batch", build_nothing)
    return eitflow.optimise(_readme_scenario(solver={"time_limit_s": 3}))


@pytest.fixture
def partly(monkeypatch):
    """The README's two sites and a second pair 100 km away (its own component): the solver
    stops before a first solution on the README's pair (its link's bound: about 9,000 MWh/yr)
    and solves the other, so the run's plan is the other pair's, that component left off (a
    partial plan, said so: not "no solution")."""
    import eitflow.solve.schedule as S

    real = S._solve_batch

    def solve(arr, *a, **k):
        if (arr.ub[arr.cols["x"].slice] > 7000.0).any():   # the README's link: about 9,000, the other's 5,000
            return BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, "time limit")
        return real(arr, *a, **k)

    monkeypatch.setattr(S, "_solve_batch", solve)
    import eitflow.solve.decompose as decompose
    monkeypatch.setattr(decompose, "BATCH_LINKS", 1)    # each component a batch of its own
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES", "USINE", "RESEAU"], "lat": [50.28, 50.30, 49.38, 49.40],
                          "lon": [3.97, 3.96, 3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES", "USINE", "RESEAU"],
                          "direction": ["supply", "demand", "supply", "demand"], "resource": "heat",
                          "amount": [30, 9000, 20, 5000], "unit": ["GWh/yr", "MWh/yr", "GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60, 130, 60], "price_eur_per_unit": [0, 40, 0, 40]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=100,
                                                         solver={"time_limit_s": 3}))


def test_relative_gap_by_hand():
    from eitflow.solve.status import relative_gap

    assert relative_gap(100.0, 101.0) == pytest.approx(0.01)          # 1 / 100
    assert relative_gap(-200.0, -199.0) == pytest.approx(0.005)       # 1 / |-200|
    assert relative_gap(0.0, 0.0) == 0.0
    assert relative_gap(0.5, 0.8) == pytest.approx(0.3)               # below 1 unit: 0.3 / 1
    assert relative_gap(0.0, 26_441_092.79) is None                   # not 2,644,109,279 %
    assert relative_gap(None, 5.0) is None and relative_gap(5.0, None) is None


def test_a_run_stopped_with_nothing_built_says_no_paying_plan_was_found_and_what_may_be(stopped, tmp_path,
                                                                                      monkeypatch):
    """The solver stopped at its time limit with "build nothing" (0 EUR/yr) under a bound above it:
    before, every output read "feasible, objective 0.00 EUR/yr, gap not defined", which a user
    reads as "nothing pays". Now each says no paying plan was found in the time given and what the
    bound says is still possible, in the same words (`results.summary.no_paying_plan`); summary.json's
    figures are as they were."""
    from eitflow.report.brief import render_brief
    from eitflow.report.tables import status_words
    from eitflow.results.rundir import read_run

    res = stopped
    assert res.objective == 0.0 and res.gap is None and res.status == "feasible"
    # the bound by a second solve: the README's two sites have one candidate link, and the LP
    # relaxation of one fixed-charge link (x <= M y, 0 <= y <= 1) is worth at most
    # max over x of (v - F / M) x = v M - F: the link built at full flow, the MILP's optimum
    monkeypatch.undo()   # the solver as it is, not stopped
    best = eitflow.optimise(_readme_scenario(solver={"mip_gap": 0.0}))
    assert best.status == "optimal" and len(best.matches) == 1
    link = best.matches.iloc[0]
    # v x - F = 64.0007 EUR/MWh x 9,054.96 MWh/yr - 211,865.69 EUR/yr = 367,658.64 EUR/yr
    assert best.objective == pytest.approx(link["value_eur_per_unit"] * link["amount"] - link["fixed_eur_per_yr"],
                                           rel=1e-9)
    assert res.bound == pytest.approx(best.objective, rel=1e-9)
    en_bound = f"{round(best.objective):,}"                  # 367,659 (EUR/yr, to the euro)
    fr_bound = en_bound.replace(",", "\u202f")               # 367 659: a narrow no-break space, as every French figure
    en = f"no paying plan found in the time given; up to {en_bound} EUR/yr remain possible"
    fr = f"aucun plan rentable trouvé dans le temps imparti ; jusqu'à {fr_bound} €/an restent possibles"
    # the terminal
    assert res.status_line("en") == f"status: feasible - {en}"
    assert res.status_line("fr") == f"statut : réalisable - {fr}"
    assert en in repr(res) and "0.00" not in repr(res) and "%" not in repr(res)
    # summary.json: its figures as they were, its note in the same words
    eitflow.write_run(res, tmp_path / "run")
    s = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert s["status"] == "feasible" and s["objective"] == 0.0 and s["gap"] is None
    assert s["bound"] == pytest.approx(best.objective, rel=1e-9)
    assert s["gap_note"] == en
    # the report's status block and the brief's headline: the same words, as a sentence
    data = read_run(tmp_path / "run")
    for lang, words in (("en", en), ("fr", fr)):
        said = words[:1].upper() + words[1:] + "."
        _, head, _ = status_words(s, lang)
        assert head == said
        brief = unescape(re.search(r'id="status".*?</span><div><p>(.*?)</p>', render_brief(data, lang), re.S).group(1))
        assert brief == unbroken(said)   # the page keeps a figure and its unit on one line


def test_an_older_summary_without_the_note_reads_the_same():
    from eitflow.results.summary import gap_text, status_line

    s = {"status": "feasible", "objective": 0.0, "bound": 1234.6, "gap": None, "objective_unit": "EUR/yr",
         "mip_gap_target": 0.01, "message": ""}
    assert gap_text(s) == "not defined for an objective of 0"
    # no time limit said (a run written before summary.json said it, no parameters): "when the
    # computation stopped"; 1,234.6 EUR/yr to the euro: 1,235
    assert status_line(s) == ("status: feasible - no paying plan found when the computation stopped; "
                              "up to 1,235 EUR/yr remain possible")
    # under objective co2: no plan avoiding CO2, the bound in tCO2/yr
    co2 = {**s, "objective_name": "co2", "objective_unit": "tCO2/yr", "time_limit_s": 60.0}
    assert status_line(co2, "fr") == ("statut : réalisable - aucun plan évitant du CO2 trouvé dans le temps imparti ; "
                                      "jusqu'à 1\u202f235 tCO2/an évitées restent possibles")
    assert gap_text({**s, "bound": None}) == "unknown"
    assert gap_text({**s, "objective": 1000.0, "gap": 0.2345}) == "23.45%"


def test_the_solves_own_sentences_in_french(partly):
    from eitflow.i18n import Code, Count, Phrase, Sentences, facts
    from eitflow.report.tables import status_words
    from eitflow.results.summary import summary_message

    en = "a component found no solution within the time limit: its links are left off (bound from each link's best case)"
    fr = ("une composante n'a trouvé aucune solution dans le temps imparti : ses liaisons ne sont pas construites "
          "(borne tirée du meilleur cas de chaque liaison)")
    assert partly.status == "feasible" and partly.objective > 0 and partly.solution.batch_status == {"feasible": 1, "optimal": 1}
    assert partly.summary["message"] == en                  # summary.json stays English
    assert partly.status_message("fr") == fr
    _, _, small = status_words(partly.summary, "fr")
    assert small.endswith("U" + fr[1:]) and "component" not in small   # a sentence of its own: a capital
    # the English as the driver writes it; the figures in French the French way (a count of batches
    # in the number it takes: "2 batch(es)", "2 lot(s)" before)
    rounded = ("heat levels rounded to 0.5 K (supplies down, demands up: solutions stay feasible for the exact "
               "levels) in 2 batches whose exact levels exceed heat_level_max_columns; objective and bound are "
               "the rounded model's")
    assert Phrase("sol_rounded", k=0.5, n=Count(2, "n_batches")) == rounded and Phrase("sol_rounded", k=2.0, n=Count(1, "n_batches")).startswith(
        "heat levels rounded to 2 K")
    msg = Sentences([Phrase("sol_rounded", k=0.5, n=Count(2, "n_batches")),
                     Phrase("sol_no_solution", status=Code("time_limit"), why=Phrase("sol_no_time")),
                     Phrase("sol_no_solution", status=Code("error"), why="HiGHS said something")])
    assert msg == f"{rounded}; time_limit: no time left for this component; error: HiGHS said something"
    summary = {"message": str(msg), "message_facts": json.loads(json.dumps(facts(msg)))}   # as summary.json keeps it
    said = summary_message(summary, "fr")
    assert said == ("niveaux de chaleur arrondis à 0,5 K (offres vers le bas, demandes vers le haut : les solutions "
                    "restent réalisables pour les niveaux exacts) dans 2 lots dont les niveaux exacts dépassent "
                    "heat_level_max_columns ; l'objectif et la borne sont ceux du modèle arrondi ; temps écoulé : plus "
                    "de temps pour cette composante ; erreur : HiGHS said something")
    assert summary_message(summary, "en") == msg
    # a message changed since its facts were kept, or from before summary.json kept them: as written
    assert summary_message({**summary, "message": "something else"}, "fr") == "something else"
    assert summary_message({"message": str(msg)}, "fr") == msg


def _cards_said(html: str) -> dict[str, tuple[str, str, str]]:
    """Each key-figure card of a report or brief: its key -> (data-v, big figure, sub line), as read."""
    out = {}
    for m in re.finditer(r'<div class="card" id="[^"]*" data-key="([^"]+)" data-v="([^"]*)">.*?<div class="value">'
                         r'(.*?)<span.*?<div class="sub">(.*?)</div>', html, re.S):
        out[m.group(1)] = (m.group(2), unescape(m.group(3)), unescape(m.group(4)))
    return out


def test_the_cards_of_a_run_stopped_with_nothing_built_show_no_figure_but_what_may_be(stopped, tmp_path, monkeypatch):
    """Before, the brief's and the report's cards read "Bénéfice net 0 €/an", "CO2 évité 0 tCO2/an",
    "Investissement 0 €", "Échanges 0" under "Aucun plan rentable trouvé dans le temps imparti": the
    empty plan's figures as the result. Now each reads "—" (no value), the net benefit's card the
    bound still possible and the others why, in the status's words (`no_paying_plan`)."""
    from eitflow.report.brief import render_brief
    from eitflow.report.html import render_html
    from eitflow.results.rundir import read_run

    eitflow.write_run(stopped, tmp_path / "run")
    data = read_run(tmp_path / "run")
    # the bound by a second solve, as above: the one link built at full flow, 367,658.64 EUR/yr
    monkeypatch.undo()
    best = eitflow.optimise(_readme_scenario(solver={"mip_gap": 0.0}))
    en_bound = f"{round(best.objective):,}"                  # 367,659
    fr_bound = en_bound.replace(",", "\u202f")               # 367 659
    want = {"en": (f"none found in the time given; up to {en_bound}\xa0EUR/yr possible",   # one line: i18n.unbroken
                   "no paying plan found in the time given", "1 candidate link between 2 sites; "),
            "fr": (f"aucun plan rentable dans le temps imparti ; jusqu'à {fr_bound}\xa0€/an possibles",
                   "aucun plan rentable trouvé dans le temps imparti", "1 liaison candidate entre 2 sites ; ")}
    for lang, (own, none, cands) in want.items():
        for page in (render_brief(data, lang), render_html(data, lang)):
            cards = _cards_said(page)
            assert set(cards) == {"net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "chosen_links"}
            assert all(v == "" and big == "—" for v, big, _ in cards.values()), cards
            assert cards["net_benefit_eur_per_yr"][2] == own
            assert cards["co2_avoided_t_per_yr"][2] == cards["investment_eur"][2] == none
            assert cards["chosen_links"][2] == cands + none


def test_under_objective_co2_the_co2_card_says_what_may_be_avoided():
    from types import SimpleNamespace

    from eitflow.report.tables import key_figures

    # a co2 run stopped at its 60 s limit with nothing built under a bound of 1,234.6 tCO2/yr
    s = {"status": "feasible", "objective": 0.0, "bound": 1234.6, "gap": None, "objective_name": "co2",
         "objective_unit": "tCO2/yr", "time_limit_s": 60.0, "mip_gap_target": 0.01, "message": "",
         "totals": {"net_benefit_eur_per_yr": 0.0, "co2_avoided_t_per_yr": 0.0, "investment_eur": 0.0},
         "counts": {"chosen_links": 0, "candidate_links": 3, "sites": 4}, "parameters": {}}
    cards = {c["key"]: c for c in key_figures(SimpleNamespace(summary=s, matches=pd.DataFrame()), "en")}
    # 1,234.6 to the tonne: 1,235
    assert cards["co2_avoided_t_per_yr"]["sub"] == "none found in the time given; up to 1,235 tCO2/yr avoided possible"
    assert cards["net_benefit_eur_per_yr"]["sub"] == "no plan avoiding CO2 found in the time given"
    assert cards["chosen_links"]["sub"] == "3 candidate links between 4 sites; no plan avoiding CO2 found in the time given"
    # an optimal run's cards keep their figures
    opt = {**s, "status": "optimal", "bound": 0.0, "gap": 0.0}
    assert [c["big"] for c in key_figures(SimpleNamespace(summary=opt, matches=pd.DataFrame()), "en")] == ["0", "0", "0", "0"]
