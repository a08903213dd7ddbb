"""A solve's message is kept as facts (each sentence's key and figures: summary.json's
`message_facts`), and English and French are both said from them: for every way a solve can
end, the two sentences carry the same figures, and the French has no English sentence of
eitflow's left in it. Before, the French was parsed back from the English text, which left an
infeasible run's diagnosis, the solver process's death and the wall-clock stop in English, and
the figures as the English wrote them ("0.5 K")."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.i18n import text
from eitflow.report.tables import status_words
from eitflow.results.summary import status_line
from eitflow.solve.status import BatchResult, Status

pulp = pytest.importorskip("pulp")

GOOD = {"good": {"base_unit": "t/yr", "max_distance_km": 1e4, "transport": {"mode": "truck"}}}
KM_PER_DEG_LAT = np.pi * 6371.0088 / 180.0


def _goods(supplies: dict, demands: dict, **solver):
    """Sites on a line 1 km apart; supplies {id: t/yr}, demands {id: t/yr}, every demand required."""
    ids = list(supplies) + list(demands)
    sites = pd.DataFrame({"site_id": ids, "lat": 45.0 + np.arange(len(ids)) / KM_PER_DEG_LAT, "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ids, "site_id": ids,
                          "direction": ["supply"] * len(supplies) + ["demand"] * len(demands), "resource": "good",
                          "amount": list(supplies.values()) + list(demands.values()), "unit": "t/yr",
                          "price_eur_per_unit": [0.0] * len(supplies) + [10.0] * len(demands),
                          "required": [False] * len(supplies) + [True] * len(demands)})
    return eitflow.scenario_from_frames(sites, flows, None, GOOD, solver={"mip_gap": 0.0, **solver})


def _numbers(s: str, lang: str) -> list[float]:
    """The figures of a sentence, read the language's way (en: 9,000.5; fr: 9 000,5 with a
    narrow no-break space)."""
    if lang == "en":
        return sorted(float(m.replace(",", "")) for m in re.findall(r"-?\d[\d,]*(?:\.\d+)?", s))
    return sorted(float(re.sub(r"[\u202f\u00a0]", "", m).replace(",", "."))
                  for m in re.findall(r"-?\d[\d\u202f\u00a0]*(?:,\d+)?", s))


# eitflow's own English words that must not be left in a French message
ENGLISH = ("required demand", "cannot be met", "short", "the solver process", "wall-clock", "no time left",
           "solved in PuLP", "no solution", "time_limit", "error:", "; and")


def _check(summary: dict, *, message_has: tuple[str, ...] = ()) -> tuple[str, str]:
    """English and French status lines of a run, from summary.json as written to disk (what a
    report or `eitflow compare` made from the run reads): the same figures, the French free of
    eitflow's English, and the report's status box saying the same French message."""
    summary = json.loads(json.dumps(summary, default=str))
    en, fr = status_line(summary, "en"), status_line(summary, "fr")
    for part in message_has:
        assert part in summary["message"]
    # "gap not defined for an objective of 0" is "écart non défini pour un objectif nul"
    assert _numbers(en.replace(text("gap_undefined", "en"), ""), "en") == \
        _numbers(fr.replace(text("gap_undefined", "fr"), ""), "fr")
    assert not [w for w in ENGLISH if w in fr], fr
    msg = fr[fr.index("(") + 1:-1] if summary["objective"] is None and fr.endswith(")") else ""
    assert msg in status_words(summary, "fr")[2]
    return en, fr


def test_optimal_says_nothing_more_in_either_language():
    res = eitflow.optimise(_goods({"S": 500.0}, {"D": 400.0}))
    assert res.status == "optimal" and res.summary["message"] == ""
    en, fr = _check(res.summary)
    assert en.startswith("status: optimal") and fr.startswith("statut : optimal")


def test_time_limit_before_any_plan(monkeypatch):
    """No solution within the limit, nothing required: the run says it found no plan (not "build
    nothing" as a plan worth 0: before, "feasible, objective 0") and what one may be worth, the
    bound's figure the same in both languages."""
    import eitflow.solve.schedule as S

    monkeypatch.setattr(S, "_solve_batch", lambda *a, **k: BatchResult(Status.TIME_LIMIT, None, None, None, 0.0,
                                                                        "Time limit reached"))
    res = eitflow.optimise(eitflow.scenario_from_frames(*_readme_frames(), solver={"time_limit_s": 3}))
    assert res.status == "time_limit" and res.objective is None and res.bound > 1.0
    en, fr = _check(res.summary, message_has=("no plan found before the time limit",))
    said = res.status_message("fr")
    assert said.startswith("aucun plan trouvé avant le temps limite") and said in fr
    assert _numbers(res.summary["message"], "en") == _numbers(said, "fr") == [round(res.bound, 2)]


def _readme_frames():
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    return sites, flows


@pytest.mark.parametrize("why, fr_has", [
    ("wall_clock", "arrêté à la limite de temps réel avant une première solution"),
    ("died", "le processus du solveur s'est arrêté (code de sortie -2)"),
])
def test_no_solution_stopped_or_interrupted(monkeypatch, why, fr_has):
    """A required demand (no "build nothing" to fall back on): the wall-clock stop before a
    first solution, or the solver's process interrupted (SIGINT: exit code -2)."""
    import eitflow.solve.schedule as S
    from eitflow.i18n import Phrase

    out = (BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, Phrase("sol_wall_clock_none")) if why == "wall_clock"
           else BatchResult(Status.ERROR, None, None, None, 0.0, Phrase("sol_died", code="-2")))
    monkeypatch.setattr(S, "_solve_batch", lambda *a, **k: out)
    res = eitflow.optimise(_goods({"S": 500.0}, {"D": 400.0}, time_limit_s=2))
    assert res.objective is None and res.status == ("time_limit" if why == "wall_clock" else "error")
    _check(res.summary)
    assert res.summary["message"] == (f"{res.status}: stopped at the wall-clock limit before a first solution"
                                      if why == "wall_clock" else "error: the solver process died (exit code -2)")
    assert res.status_message("fr") == ("temps écoulé : " if why == "wall_clock" else "erreur : ") + fr_has


def test_infeasible_with_its_reasons_in_both_languages(tmp_path):
    """Five required demands of 60 t/yr on one supply of 100 t/yr: the diagnosis names three
    and says one more (one is met in full, four are short: 200 t/yr in all); a run written to
    disk says it in French with the same figures."""
    res = eitflow.optimise(_goods({"S": 100.0}, {k: 60.0 for k in "ABCDE"}))
    assert res.status == "infeasible"
    en, fr = _check(res.summary, message_has=("required demand", "; and 1 more (see explain)"))
    said = res.status_message("fr")
    assert said.startswith("la demande obligatoire") and said.endswith(" ; et 1 de plus (voir explain)")
    assert fr == res.status_line("fr") and fr.endswith(f"({said})")
    run = eitflow.write_run(res, tmp_path / "run")
    on_disk = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert status_line(on_disk, "fr") == fr


def test_unbounded_in_pulp():
    """A variable added in PuLP with no upper bound, paid in the objective: PuLP says
    Unbounded, and the message counts what was added in both languages."""
    prob = eitflow.pulp_problem(_goods({"S": 500.0}, {"D": 400.0}))
    free = pulp.LpVariable("free", lowBound=0)
    prob.setObjective(prob.objective + free)
    prob += free >= 1, "at_least_one"
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.objective is None
    _check(res.summary)
    # no solution: not "solved in PuLP: ..." (said so before)
    assert res.summary["message"] == ("no solution in PuLP (1 row and 1 variable added to eitflow's model); PuLP status "
                                      "Unbounded: no solution")
    assert res.status_message("fr") == ("pas de solution dans PuLP (1 ligne et 1 variable ajoutées au modèle d'eitflow) ; "
                                        "statut PuLP Unbounded : pas de solution")


def test_rounded_heat_levels_say_their_figures_the_language_s_way():
    from eitflow.i18n import Count, Phrase, Sentences, facts

    msg = Sentences([Phrase("sol_rounded", k=2.5, n=Count(1234, "n_batches")), Phrase("sol_fallback")])
    summary = {"status": "time_limit", "objective": None, "objective_unit": "EUR/yr", "bound": None, "gap": None,
               "message": str(msg), "message_facts": facts(msg)}
    en, fr = _check(summary)
    assert "rounded to 2.5 K" in en and "in 1,234 batches whose" in en
    assert "arrondis à 2,5 K" in fr and "dans 1\u202f234 lots dont" in fr
