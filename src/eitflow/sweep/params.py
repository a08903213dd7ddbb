"""What a sweep parameter does to a scenario, and the deterministic id of a run."""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

from eitflow.errors import Collector, Problem
from eitflow.i18n import Named, Phrase, text
from eitflow.io.netwarn import warn_network_settings
from eitflow.io.swept import MULTIPLIERS, _refuse_warm_return, apply_parameters  # noqa: F401 - sweep.params.apply_parameters
from eitflow.io.tables import MAX_ROWS_LISTED
from eitflow.io.unitslips import warn_parameter_units
from eitflow.results.summary import sweep_siting_note
from eitflow.scenario import Scenario
from eitflow.sweep.spec import Sweep, SweepError


def inputs_digest(scen: Scenario) -> str:
    """sha256 of the base scenario's input files (empty string for an in-memory scenario)."""
    h = hashlib.sha256()
    for p in ([scen.source] if scen.source else []) + [scen.files[k] for k in sorted(scen.files)]:
        if p is not None and Path(p).exists():
            h.update(Path(p).read_bytes())
    return h.hexdigest() if scen.source else ""


def run_id(params: dict[str, float], digest: str = "") -> str:
    """Deterministic id of a run: 'r' + 12 hex digits of the hash of its parameters and of the
    base scenario's input files (so a run is the same run on any machine, in any order)."""
    text = json.dumps({"parameters": {k: float(v) for k, v in sorted(params.items())}, "inputs": digest},
                      sort_keys=True, separators=(",", ":"))
    return "r" + hashlib.sha256(text.encode()).hexdigest()[:12]


def check_values(runs: list[dict[str, float]], scenarios: dict[str, Scenario]) -> None:
    """Refuse now, before any run is solved, what would make runs fail one by one on the
    workers: a resource that no base has a flow of (`prices.heet`), or a value a base
    scenario does not accept (`discount_rate: 4`, a negative carbon price). Each
    parameter's smallest and largest value are applied alone to every base: every limit is
    an interval, so the values between them pass too.

    Raises
    ------
    SweepError
        Naming the parameter, the value and what was expected.
    """
    for name in sorted({k for r in runs for k in r}):
        head, _, res = name.partition(".")
        if res and head not in ("solver", "networks"):   # a network: apply_parameters names a missing one
            have = sorted({r for s in scenarios.values() for r in s.flows["resource"]})
            if res not in have:
                close = difflib.get_close_matches(res, have, n=1)
                # the key as typed (prices.heet), a code in both languages, beside the keys there are
                raise SweepError(Phrase("sweep_e_no_flow", name=name, resource=res, have=", ".join(have),
                                        close=Phrase("sweep_e_did_you_mean", close=close[0]) if close else ""))
        if head == "unit_investment" and not any(has_unit(sc, res) for sc in scenarios.values()):
            # a resource a base has flows of (checked above): what none has is its unit, said in prose
            raise SweepError(Phrase("sweep_e_no_unit", name=name, resource=Named(res)))
        if head == "networks":
            idle = network_setting_idle(name, scenarios)
            if idle is not None:
                raise SweepError(idle)
        vals = [float(r[name]) for r in runs if name in r]
        for v in sorted({min(vals), max(vals)}):
            for scen in scenarios.values():
                apply_parameters(scen, {name: v})
    _check_network_temperatures(runs, scenarios)


def _check_network_temperatures(runs: list[dict[str, float]], scenarios: dict[str, Scenario]) -> None:
    """A network's return temperature below its supply temperature, the one rule of
    `check_values` that couples two parameters (each alone may pass): every run's pair on every
    base with that network, as `eitflow run` and `validate` refuse it (`io.network`). A sweep of
    70 degC with a return of 80 solved a run that `run` refuses."""
    for scen in scenarios.values():
        for res, opt in scen.params.networks.items():
            t_key, r_key = f"networks.{res}.temperature_c", f"networks.{res}.return_temperature_c"
            for run in runs:
                _refuse_warm_return(r_key if r_key in run else t_key, run.get(t_key, opt.temperature_c),
                                    run.get(r_key, opt.return_temperature_c))


def network_setting_idle(name: str, scenarios: dict[str, Scenario]) -> Phrase | None:
    """Why the sweep parameter `name` (networks.<r>.<setting>) would change no run of any base
    that has the network of r, or None when it changes one: a temperature of a network whose
    resource has none (only heat and steam have one), a purity or pressure of one whose resource
    has none (hydrogen), a longest generated corridor of a network that generates none
    (`generate: none`: corridors.csv's corridors are kept whatever their length). A base
    without the network is refused by `apply_parameters`. Sweeping such a setting gave the same
    run at every value, the Ludres backbone 4,166,680 EUR/yr at max_length_km 0.5 and 50."""
    from eitflow.i18n import Net, Res

    r, _, setting = name.partition(".")[2].partition(".")
    have = [sc for sc in scenarios.values() if r in sc.params.networks and r in sc.catalogue]
    if not have:
        return None
    if setting in ("temperature_c", "return_temperature_c"):
        need, why = "temperature", "sweep_e_net_no_temperature"
    elif setting in ("purity", "pressure_bar"):
        need, why = "purity", "sweep_e_net_no_purity"
    else:
        if any(sc.params.networks[r].generate != "none" for sc in have):
            return None
        # networks.<key>.generate: the setting's path as scenario.yaml spells it (a code in both languages)
        return Phrase("sweep_e_net_idle", name=name, why=Phrase("sweep_e_net_no_generation", net=Net(r), resource=r))
    if any(sc.catalogue[r].quality == need for sc in have):
        return None
    return Phrase("sweep_e_net_idle", name=name, why=Phrase(why, net=Net(r), res=Res(r)))


def has_unit(scen: Scenario, resource: str) -> bool:
    """Whether a supply of `resource` in `scen` has a unit to build (its investment)."""
    f = scen.flows
    m = ((f["direction"] == "supply") & (f["resource"] == resource)).to_numpy()
    return any(c in f and (f.loc[m, c].to_numpy(float) > 0).any() for c in ("investment_eur", "investment_eur_per_unit"))


def siting_note(scenarios: dict[str, Scenario], lang: str = "en") -> str | None:
    """The note a sweep gives once, before it solves (and in its dry run), where a base has
    activities to place on free plots (plots.csv, activities.csv): each run solves the territory
    as it is, without them, as `eitflow run` does and says; `eitflow site` places them. None
    where no base has any."""
    return sweep_siting_note(sited_bases(scenarios), lang)


def sited_bases(scenarios: dict[str, Scenario]) -> list[str]:
    """The bases with activities to place on free plots (plots.csv, activities.csv), in order:
    what `siting_note` names, and sweep.json's `sited` for the report."""
    return [name for name, scen in scenarios.items() if getattr(scen, "siting", None) is not None]


#: the sweep parameters whose values scenario.yaml's rules may warn about (`value_warnings`)
WARNED = ("networks.", "max_distance_km.", "electricity_price_eur_per_mwh")
#: a factor (`io.swept.MULTIPLIERS`: prices, availability, unit_investment) above this is said: a
#: price (40 for 40 EUR/MWh) or a percentage (90 for 90 %) written where a factor is (1 = the base's)
MOST_FACTOR = 10.0


def value_warnings(runs: list[dict[str, float]], scenarios: dict[str, Scenario], file: str) -> list[Problem]:
    """The sweep's values that scenario.yaml's rules warn about (`io.unitslips`, `io.netwarn`),
    each naming its parameter as scenario.yaml's warning names the key: a network's temperature
    that looks written in kelvins (`networks.heat.temperature_c: [363.15]`, 90 degC, read as
    363.15 degC: no supply reaches the network in any run), a network's pressure below 1 bar,
    an electricity price per kWh, a radius in metres; and a factor (`prices.heat`, `availability`,
    `unit_investment`) above `MOST_FACTOR`, a price or a percentage written for it (`prices.heat:
    [40, 60]` for 40 and 60 EUR/MWh multiplied every heat price by 40 and 60). Every run's values
    of those parameters on every base, each warning once, at most `MAX_ROWS_LISTED` per
    parameter (then how many more).
    Before, a sweep's values were checked only against the bounds scenario.yaml refuses."""
    said: dict[str, dict[str, Problem]] = {}   # parameter -> its warnings, each once (by its words)
    # each run's values of the parameters said (others change no warning), each set once, in run order
    sets = dict.fromkeys(tuple((k, v) for k, v in sorted(r.items()) if k.startswith(WARNED)) for r in runs)
    for scen in scenarios.values():
        for run in sets:
            swept = dict(run)
            warn = Collector()
            # only what the run changes is checked again: a network's settings, else the scalars and radii
            for r in sorted({k.split(".")[1] for k in swept if k.startswith("networks.")} & set(scen.params.networks)):
                opt = scen.params.networks[r].model_copy(update={k.split(".")[2]: v for k, v in swept.items()
                                                                 if k.startswith(f"networks.{r}.")})
                warn_network_settings(r, opt, scen.catalogue, file, warn)
            if any(not k.startswith("networks.") for k in swept):
                warn_parameter_units(scen.params.model_copy(update={
                    "max_distance_km": {**scen.params.max_distance_km, **{k.partition(".")[2]: v for k, v in swept.items()
                                                                          if k.startswith("max_distance_km.")}},
                    **{k: v for k, v in swept.items() if "." not in k}}), scen.catalogue, file, warn)
            for p in warn.problems:   # the base's own values are said when it is read
                key = p.message.fields.get("k") if isinstance(p.message, Phrase) else None
                if key in swept:
                    said.setdefault(key, {}).setdefault(p.say("en"), p)
    for key in sorted({k for r in runs for k in r if k.split(".")[0] in MULTIPLIERS}):
        for v in sorted({float(r[key]) for r in runs if key in r and r[key] > MOST_FACTOR}):
            head, _, res = key.partition(".")
            said.setdefault(key, {})[str(v)] = Problem(file, Phrase("key_at", k=key, message=Phrase(
                "sweep_w_factor", v=v, what=Phrase(f"sweep_w_factor_{head}{'' if res else '_all'}", res=Named(res)),
                share=v / 100.0)))
    out: list[Problem] = []
    for key in sorted(said):
        out += list(said[key].values())[:MAX_ROWS_LISTED]
        if len(said[key]) > MAX_ROWS_LISTED:
            out.append(Problem(file, Phrase("sweep_w_more", k=key, n=len(said[key]) - MAX_ROWS_LISTED)))
    return out


def value_warning_lines(sw: Sweep, scenarios: dict[str, Scenario], lang: str = "en") -> list[str]:
    """`value_warnings` of the sweep `sw` on its bases `scenarios`, as the sweep says them before
    it solves (and in its dry run), in `lang`, naming the sweep file."""
    file = sw.source.name if sw.source else "sweep"
    return [text("problem_warning", lang, message=p.say(lang)) for p in value_warnings(sw.runs, scenarios, file)]
