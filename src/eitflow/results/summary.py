"""summary.json: status, objective, bound and gap, totals, counts, parameters and versions;
and the one-line status every command prints."""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from eitflow._version import __version__
from eitflow.candidates.generate import Candidates
from eitflow.errors import problem_facts
from eitflow.results.heatpumps import heat_pump_summary
from eitflow.results.netbalance import balances
from eitflow.results.netparts import hubs_on_network
from eitflow.results.network import network_summary
from eitflow.results.statistics import TOTAL_KEYS
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution, gap_defined

if TYPE_CHECKING:
    from eitflow.results.statistics import Statistics


def _versions() -> dict:
    from importlib.metadata import version

    import numpy
    import pulp
    out = {"eitflow": __version__, "python": platform.python_version(), "numpy": numpy.__version__,
           "pandas": pd.__version__, "pulp": pulp.__version__ if hasattr(pulp, "__version__") else version("pulp")}
    try:
        out["highspy"] = version("highspy")
    except Exception:  # pragma: no cover
        out["highspy"] = "unknown"
    return out


def _num(v):
    return None if v is None or (isinstance(v, float) and not np.isfinite(v)) else float(v)


def summary_dict(scen: Scenario, cand: Candidates, sol: Solution, stats: Statistics,
                 timings: dict | None = None) -> dict:
    """summary.json as a dict: every total is read from `stats` (`Statistics.totals`)."""
    import eitflow.i18n as i18n

    f = scen.flows
    objective = scen.params.objective
    t = stats.totals()
    res = stats.resources()
    ucap = stats.supplies().groupby("resource")["capacity"].sum()   # the units built, per resource
    duals = getattr(sol, "duals", None)
    out = {
        "scenario": scen.params.name,
        "status": sol.status,
        "objective_name": objective,
        "objective_unit": "EUR/yr" if objective == "net_benefit" else "tCO2/yr",
        "objective": _num(sol.objective),
        "bound": _num(sol.bound),
        "gap": _num(sol.gap),
        # why the gap is null with a solution and a bound (`solve.status.relative_gap`), else null
        # ... said as what it means (`no_paying_plan`): set below, from the figures above
        "gap_note": None,
        "mip_gap_target": scen.params.solver.mip_gap,
        # the time limit the solve had (s): the scenario's solver.time_limit_s, or the one given
        # to PuLP's solver (`result_from_pulp`; null: none given)
        "time_limit_s": scen.params.solver.time_limit_s if sol.time_limit_s is None else _num(sol.time_limit_s),
        "message": sol.message,
        # the message's sentences as keys and figures, said in any language (`summary_message`)
        "message_facts": i18n.facts(sol.message) if isinstance(sol.message, i18n.Phrase) else None,
        "warnings": [str(w) for w in getattr(scen, "warnings", [])],  # plausible but odd input (io.plausible)
        # the same, as keys and figures, said in any language (the report's input warnings)
        "warning_facts": [problem_facts(w) for w in getattr(scen, "warnings", [])],
        "totals": {
            # `Statistics.totals`' money and CO2, in its order (TOTAL_KEYS; its counts go to
            # "counts"): net benefit = chosen links' v x - F less the built hubs', supplies',
            # placed activities' (land + activity - revenue) and networks' annual costs (EUR/yr);
            # investment = links + built hubs + built supplies + placements + networks (EUR)
            **{k: _num(t[k]) for k in TOTAL_KEYS if not k.startswith("n_")},
            # per supply resource (`Statistics.resources`): what leaves its supplies (hub legs
            # counted once, base unit/yr), its net benefit (EUR/yr) and CO2 avoided (tCO2/yr)
            # and, where units were built for its supplies (electrolysers), their capacity (base unit/yr)
            "amount_by_resource": {r: {"amount": float(a), "unit": u, "net_benefit_eur_per_yr": float(nb),
                                       "co2_avoided_t_per_yr": float(co2),
                                       **({"unit_capacity": float(ucap[r])} if r in ucap.index else {})}
                                   for r, u, a, nb, co2 in res[["resource", "unit", "supplied", "net_benefit_eur_per_yr",
                                                                "co2_avoided_t_per_yr"]].itertuples(index=False)
                                   if r in scen.catalogue},
        },
        "duals": None if duals is None else {"status": duals.status},
        # objective co2: the plan worth the most among those avoiding the most CO2 (`solve.lexico`):
        # its solve's status, gap and seconds, the net benefit (EUR/yr) before and after
        # its net benefits are null where not read: `note` says why (the stage's status and reason)
        "money_stage": None if sol.money_stage is None else {**sol.money_stage, "note": money_stage_note(sol.money_stage, machine=True)},
        "counts": {
            "sites": int(len(scen.sites)),
            "flows": int(len(f)),
            "supplies": int((f["direction"] == "supply").sum()),
            "demands": int((f["direction"] == "demand").sum()),
            "candidate_links": int(len(cand.links)),
            "dropped_pairs": int(len(cand.dropped)),
            "chosen_links": int(len(stats.links())),
            "candidate_hubs": 0 if scen.hubs is None else int(len(scen.hubs)),
            "built_hubs": int(np.nan_to_num(t["n_hubs_built"])),
            "built_supplies": int(np.nan_to_num(t["n_supplies_built"])),
            "components": sol.n_components,
            "solver_batches": sol.n_batches,
            "variables": sol.n_variables,
            "binaries": sol.n_binaries,
            "constraints": sol.n_constraints,
        },
        "heat_level_step_k": sol.heat_level_step_k,
        "networks": network_summary(cand, stats.corridors(), sol, balances(stats.network_balance()),
                                    hubs_on_network(scen, cand), stats.network_hub_costs()),   # shared networks (results.network)
        # the exchanges through a heat pump (point to point, or at a network's injection): parts of
        # their net benefit, said apart (results.heatpumps)
        "heat_pumps": heat_pump_summary(stats.links()),
        # the electricity of what enters the networks: a CO2 network's compression (results.injection)
        "network_injection": stats.network_injection(),
        # activities to place on free plots (activities.csv) that this run did not place (`eitflow run`
        # solves the territory as it is): what the terminal says (`cli.common.echo_siting_note`), and
        # the brief with it; None without a siting table
        "activities_to_place": None if scen.siting is None else int(len(scen.siting.activities)),
        "parameters": scen.params.model_dump(),
        "solver": sol.solver,
        "timings_s": {k: round(v, 4) for k, v in (timings or {}).items()},
        "versions": _versions(),
    }
    out["gap_note"] = no_paying_plan(out, "en") or None
    return out


def time_limit_of(summary: dict) -> float | None:
    """The time limit (s) a run's solve had, as its report says it: summary.json's time_limit_s
    (None: none, a solve in PuLP given none); a run written before summary.json said it, its
    scenario's solver.time_limit_s."""
    if "time_limit_s" in summary:
        v = summary["time_limit_s"]
    else:
        sol = (summary.get("parameters") or {}).get("solver")
        v = sol.get("time_limit_s") if isinstance(sol, dict) else None
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def money_stage_line(summary: dict, lang: str = "en", machine: bool = False) -> str | None:
    """Under `objective: co2`, which plan the money figures describe (`solve.lexico`): the one
    worth the most of those avoiding the most CO2, with the stage's status, gap and seconds and
    what the CO2 solve's own plan was worth; None for other runs. What `eitflow run` prints and
    the report's status block says; `machine`: for summary.json (`i18n.money`'s plain space)."""
    import eitflow.i18n as i18n

    ms = summary.get("money_stage")
    if not ms:
        return None
    if ms.get("reason"):   # not run, or its solve failed: why, in the place of its figures
        return i18n.text("money_stage_failed" if ms["status"] == "error" else "money_stage_not_run", lang,
                         reason=money_stage_reason(ms, lang, machine))
    st = ms["status"]
    key = "money_stage_best" if ms["improved"] else ("money_stage_none" if st == "not_run" else "money_stage_same")
    # a solve without a gap says 'gap unknown', never 0 %
    return i18n.text(key, lang, status=status_word(st, lang),
                     gap=i18n.gap_percent(ms["gap"], lang), sec=i18n.number(ms["seconds"], lang, 1),
                     before=i18n.money(ms["net_benefit_before_eur_per_yr"], lang, per_year=True, machine=machine))


def money_stage_reason(ms: dict, lang: str = "en", machine: bool = False) -> str:
    """Why the money stage was not run or failed (`solve.lexico`'s `reason` codes), in `lang`
    ("en", "fr"); `ms` is `Solution.money_stage`."""
    import eitflow.i18n as i18n

    return i18n.text(f"ms_reason__{ms['reason']}", lang, message=str(ms.get("message") or ""),
                     before=i18n.money(ms.get("net_benefit_before_eur_per_yr"), lang, per_year=True, machine=machine))


def money_stage_note(ms: dict | None, lang: str = "en", machine: bool = False) -> str | None:
    """Under `objective: co2`, why the money stage's figures are what they are where it was not
    run or failed (summary.json's ``money_stage.note``, in English; the report and results.xlsx
    say it in their language): its status and reason, or None where it ran (or for other runs).

    Parameters
    ----------
    ms : dict or None
        `Solution.money_stage` (`solve.lexico`): status, reason, net benefits (EUR/yr).
    lang : str
        "en" or "fr".
    machine : bool
        For summary.json: its sums with a plain space before the currency (`i18n.money`).
    """
    if not ms or not ms.get("reason"):
        return None
    return money_stage_line({"money_stage": ms}, lang, machine)


def omitted_facts(n_links: int, time_limit_s: float) -> dict:
    """An output `write_run` left out (summary.json's ``omitted``: file -> this), as a code and
    its figures, for a program to read: what grows with it (``candidate_links``, `count` of
    them) and why (``time_limit``: writing them would overrun the run's `time_limit_s`, s).
    `omitted_said` says it in a language; summary.json held the English sentence alone."""
    return {"what": "candidate_links", "count": int(n_links), "reason": "time_limit", "time_limit_s": float(time_limit_s)}


def omitted_said(entry: object, lang: str = "en") -> str:
    """Why an output was left out (an entry of summary.json's ``omitted``, `omitted_facts`), in
    `lang`: 'left out: writing 12,345 candidate links would overrun the time limit (5 s);
    give a longer --time-limit to have it'. A run written before the facts kept that English
    sentence: returned as it is."""
    import eitflow.i18n as i18n

    if not isinstance(entry, dict):
        return str(entry)
    return i18n.text(f"omitted_{entry['reason']}", lang, links=i18n.counted(int(entry["count"]), "n_cand_links", lang),
                     s=float(entry["time_limit_s"]))


def money_stage_figure(ms: dict, lang: str = "en") -> str:
    """A net benefit of the money stage (EUR/yr) not read, in the place of its figure
    (results.xlsx's summary sheet): "not computed: <why>", never 0 or empty."""
    import eitflow.i18n as i18n

    why = money_stage_reason(ms, lang) if ms.get("reason") else i18n.text("unknown", lang)
    return i18n.text("money_stage_not_computed", lang, reason=why)


def status_word(status: object, lang: str = "en") -> str:
    """A solve's status code (optimal, feasible, time_limit, infeasible...) in words in `lang`
    ('réalisable', 'temps écoulé'; messages.csv's ``st_<code>``): the one place every table, line,
    page and workbook says a status; an unknown code as it is, a missing one (None, NaN) as '–'."""
    import eitflow.i18n as i18n

    if status is None or (isinstance(status, float) and status != status):
        return "–"
    st = str(status)
    return i18n.text(f"st_{st}", lang) if i18n.has_text(f"st_{st}") else st


def plan_status(status: object, lang: str = "en", capital: bool = False) -> str:
    """A solve's status as people reading its plan say it, in `lang` (messages.csv's
    ``plan_st_<code>``): "plan optimal", "meilleur plan trouvé" (a plan, not proven the best),
    "aucun plan trouvé dans le temps de calcul imparti", "aucun plan possible", "le calcul a
    échoué" where `status_word` gives the solver's own words (réalisable, temps écoulé). The one
    place for both resilience's status columns (terminal, report, sheet) and the brief's headline
    (`report.briefstatus`, `capital`: its first letter upper case); an unknown code in the
    solver's words (`status_word`), a missing one as '–'."""
    import eitflow.i18n as i18n

    st = str(status)
    if status is None or (isinstance(status, float) and status != status) or not i18n.has_text(f"plan_st_{st}"):
        return status_word(status, lang)
    said = i18n.text(f"plan_st_{st}", lang)
    return said[:1].upper() + said[1:] if capital else said


def status_line(summary: dict, lang: str = "en") -> str:
    """One honest line: status, objective with its unit, bound and gap (in `lang`: en, fr)."""
    import eitflow.i18n as i18n

    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    st = summary["status"]
    word = status_word(st, lang)
    unit = i18n.unit(summary["objective_unit"], lang)
    if summary["objective"] is None:
        msg = summary_message(summary, lang)
        return t("line_no_solution", status=word) + (f" ({msg})" if msg else "")
    obj = f"{i18n.number(summary['objective'], lang, 2)} {unit}"
    if st == "optimal":
        return t("line_optimal", gap=i18n.gap_percent(summary["gap"] or 0.0, lang),
                 target=i18n.gap_percent(summary["mip_gap_target"], lang), obj=obj)
    said = no_paying_plan(summary, lang)
    if said:   # not "feasible, objective 0 EUR/yr": nothing paying found, and what may still be
        return t("line_no_paying_plan", status=word, said=said)
    gap = gap_text(summary, lang)
    if summary["bound"] is None:   # not "bound unknown EUR/yr"
        return t("line_feasible_no_bound", status=word, gap=gap, obj=obj)
    return t("line_feasible", status=word, gap=gap, bound=i18n.number(summary["bound"], lang, 2), unit=unit, obj=obj)


def no_paying_plan(summary: dict, lang: str = "en", sentence: bool = False, form: str = "status") -> str:
    """What a run that stopped with the plan "build nothing" (objective about 0) under a bound
    above it found, in plain words in `lang`: no paying plan (under `objective: co2`, none
    avoiding CO2) in the time given, and the bound, what may still be possible ("no paying plan
    found in the time given; up to 367,659 EUR/yr remain possible"); "" for any other run.

    Its objective, 0 EUR/yr, read as "nothing pays"; a solver stopped at its time limit with
    its first incumbent says nothing of the kind. The one place the terminal's status line,
    summary.json's ``gap_note`` (in English), the report's and the brief's status and key-figure
    cards, results.xlsx and the sweep report say it.

    Parameters
    ----------
    summary : dict
        summary.json: objective and bound (EUR/yr, or tCO2/yr under `objective: co2`), gap,
        objective_name, objective_unit, time_limit_s.
    lang : str
        en or fr.
    sentence : bool
        As a sentence of its own (a capital, a full stop), for the report's and the brief's
        headline.
    form : str
        "status": the whole statement (the status line, the headlines); "card": the objective's
        key-figure card under its "—" ("none found in the time given; up to 367,659 EUR/yr
        possible"); "none": any other card's, whose figure is the empty plan's ("no paying plan
        found in the time given").

    Returns
    -------
    str
        The words, the bound to the unit (EUR/yr or tCO2/yr); "" where the run has no
        solution, no bound, or a relative gap (`solve.status.relative_gap`).
    """
    import eitflow.i18n as i18n

    obj, bound = summary.get("objective"), summary.get("bound")
    if obj is None or bound is None or summary.get("gap") is not None or gap_defined(obj, bound):
        return ""
    name = "co2" if summary.get("objective_name") == "co2" else "net_benefit"
    # stopped by its time limit (the solve's: `time_limit_of`), or a solver stopped otherwise (PuLP's)
    when = "time" if time_limit_of(summary) is not None else "stopped"
    unit = summary.get("objective_unit") or ("tCO2/yr" if name == "co2" else "EUR/yr")
    key = {"status": "no_paying_plan", "card": "card_no_paying_plan", "none": "card_no_plan"}[form]
    said = i18n.text(f"{key}_{name}_{when}", lang, bound=i18n.number(bound, lang), unit=i18n.unit(unit, lang))
    return f"{said[:1].upper()}{said[1:]}." if sentence else said


def gap_text(summary: dict, lang: str = "en") -> str:
    """A run's relative gap as people read it, in `lang`: a percentage, 'not defined for an
    objective of 0' (a solution and a bound, no relative gap: `solve.status.relative_gap`;
    also for runs written before summary.json said so), or 'unknown' (no bound or no solution).
    The percentage by `i18n.gap_percent`, the rule of every place a gap is shown; summary.json
    keeps the number."""
    import eitflow.i18n as i18n

    if summary.get("gap") is None and not gap_defined(summary.get("objective"), summary.get("bound")):
        return i18n.text("gap_undefined", lang)
    return i18n.gap_percent(summary.get("gap"), lang)


def summary_message(summary: dict, lang: str = "en") -> str:
    """A run's message (summary.json's `message`, English) in `lang`: said from its facts
    (`message_facts`: each of eitflow's sentences, its key and figures, `i18n.facts`), so the
    English and every other language say the same figures; a solver's own words stay as they
    are. A run written before summary.json kept the facts, or by an eitflow with sentences this
    one does not have, or whose message was changed since, says its English as written."""
    import eitflow.i18n as i18n

    msg = summary.get("message") or ""
    found = summary.get("message_facts")
    if lang == "en" or found is None:
        return msg
    try:
        said = i18n.from_facts(found)
    except (KeyError, ValueError, TypeError, IndexError):
        return msg
    # facts that no longer make the message (it was changed since) do not speak for it
    return i18n.say(said, lang) if said == msg else msg


def run_note(summary: dict, lang: str = "en") -> str:
    """The line said under a run's status line (`line_run_note`: "  note: ..."), where the run
    has a solution and a message (heat levels rounded, a component left off for lack of time,
    links kept built idle): its message in `lang` (`summary_message`); "" otherwise. The one
    place `eitflow run`, `zones`, `explain` (`cli.common.echo_status`) and `compare` (each
    run's, `analyses.compare.compare_runs`) say it: a compared run's note was not said."""
    import eitflow.i18n as i18n

    if summary.get("objective") is None:
        return ""   # no solution: the status line says the message itself
    msg = summary_message(summary, lang)
    return i18n.text("line_run_note", lang, msg=msg) if msg else ""


def summary_warnings(summary: dict, lang: str = "en") -> list[str]:
    """A run's input warnings (summary.json's `warnings`, English) in `lang`, said from their
    facts (`warning_facts`, `errors.problem_facts`); the English as written for a run written
    before summary.json kept the facts, or whose facts this version cannot say. The one place
    the report and results.xlsx read them from."""
    from eitflow.errors import problem_from_facts

    written = [str(w) for w in summary.get("warnings") or []]
    found = summary.get("warning_facts")
    if found is None or len(found) != len(written):
        return written
    try:
        return [problem_from_facts(d).say(lang) for d in found]
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return written


def sweep_siting_note(sited: list[str], lang: str = "en") -> str | None:
    """What a sweep says of its bases with activities to place on free plots (`sited`, their names
    in the sweep file): each run solves the territory as it is, without them, as `eitflow run`
    does; `eitflow site` places them. None where there is none. The terminal says it before the
    sweep solves (`sweep.params.siting_note`) and the sweep's report.html under its status (its
    runs' figures, 0 for such a base, read as the plan's otherwise)."""
    import eitflow.i18n as i18n

    return i18n.counted(len(sited), "note_sweep_siting", lang, bases=", ".join(sited)) if sited else None
