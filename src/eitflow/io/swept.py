"""A sweep's parameters applied to a scenario, and the copy of a sweep run's scenario that
carries them.

A sweep changes its base scenario by parameters (`carbon_price_eur_per_t: 300`, `prices.heat:
0.5`...: `apply_parameters`). A run written with `outputs: full` keeps a copy of its base in
RUN/inputs/; its scenario.yaml ends with a `sweep:` block naming the run, its base and these
values (`carried_text`), which reading the copy applies again (`apply_carried`), so that
`eitflow run RUN/inputs/scenario.yaml` solves the run, not its base. Here, below the sweep,
because the scenario reader uses it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from pydantic import ValidationError

from eitflow.errors import Problem, ScenarioError
from eitflow.i18n import SHARE_PARAMS, Phrase
from eitflow.io.tables import resource_hint
from eitflow.scenario import Parameters, Scenario, returns_too_warm

#: the parameters that multiply a scenario's figures (the others replace one)
MULTIPLIERS = ("prices", "availability", "unit_investment")


PER_RESOURCE = ("prices", "max_distance_km", "availability", "unit_investment")


# solver settings a sweep may vary: the wall-clock budget of each run (s) and the gap target
SOLVER_SETTINGS = ("time_limit_s", "mip_gap")


# a shared network's figures a sweep may vary, `networks.<resource>.<setting>` of a network
# the base scenario has (its temperature and return temperature in degC, its longest generated
# corridor in km, its purity in mol/mol, its pressure in bar)
NETWORK_SETTINGS = ("temperature_c", "return_temperature_c", "max_length_km", "purity", "pressure_bar")


class SweepError(ValueError):
    """An invalid sweep file (names the key and what was expected). Its message is an
    `i18n.Phrase`: English as ``str``, said in the scenario's language by the command line."""


def _scalar_names() -> set[str]:
    return {n for n, f in Parameters.model_fields.items() if f.annotation in (float, "float")}


def check_name(name: str) -> None:
    """Raise `SweepError` unless `name` is a sweepable parameter (resource names are checked
    against the scenario's catalogue when the run is applied)."""
    head, _, res = name.partition(".")
    if head in _scalar_names() and not res:
        return
    if head in PER_RESOURCE and (res or head == "availability"):
        return
    if head == "solver" and res in SOLVER_SETTINGS:
        return
    if head == "networks" and res.count(".") == 1 and res.partition(".")[2] in NETWORK_SETTINGS \
            and res.partition(".")[0]:
        return
    raise SweepError(Phrase("sweep_e_unknown_parameter", name=name, names=str(sorted(_scalar_names()))))


def apply_parameters(scen: Scenario, params: dict[str, float]) -> Scenario:
    """A copy of `scen` with the sweep parameters applied (the base is not modified).

    Scalars replace the scenario parameter; `prices.<r>` multiplies price_eur_per_unit of
    every flow of resource r; `max_distance_km.<r>` sets the radius of the flows of r (km; a
    flow's own max_distance_km wins); `availability[.<r>]` multiplies supply amounts (and
    their amount_input); `unit_investment.<r>` multiplies the investment of every supply unit of
    r (`investment_eur` and `investment_eur_per_unit`: an electrolyser's); `networks.<r>.<setting>` (temperature_c degC, max_length_km km, purity
    mol/mol, pressure_bar bar) replaces that setting of the base's network of r;
    `solver.time_limit_s` (s) and `solver.mip_gap` replace the solver's.
    """
    flows = scen.flows.copy()
    cat = dict(scen.catalogue)
    upd: dict[str, Any] = {}
    solver: dict[str, float] = {}
    maxd = dict(scen.params.max_distance_km)
    is_sup = (flows["direction"] == "supply").to_numpy()
    res = flows["resource"].to_numpy()
    for name, val in params.items():
        check_name(name)
        head, _, r = name.partition(".")
        if head == "solver":
            solver[r] = float(val)
            continue
        if head == "networks":   # networks.<r>.<setting> of a block the base scenario has
            r, _, setting = r.partition(".")
            if r not in scen.params.networks:
                raise SweepError(Phrase("sweep_e_no_network", name=name, resource=r))
            nets = upd.setdefault("networks", {k: v.model_dump() for k, v in scen.params.networks.items()})
            nets[r][setting] = float(val)
            continue
        if r and r not in cat:
            raise SweepError(Phrase("sweep_e_unknown_resource", name=name, resource=r, hint=resource_hint(r, cat),
                                    names=", ".join(sorted(cat))))
        if head == "prices":
            m = res == r
            flows.loc[m, "price_eur_per_unit"] = flows.loc[m, "price_eur_per_unit"].to_numpy(float) * val
        elif head == "availability":
            if not val > 0:
                raise SweepError(Phrase("sweep_e_positive", name=name, got=float(val)))
            m = is_sup & ((res == r) if r else True)
            for col in ("amount", "amount_input"):
                if col in flows:
                    flows.loc[m, col] = flows.loc[m, col].to_numpy(float) * val
        elif head == "unit_investment":   # a supply unit's investment, fixed and per unit of capacity
            if not val > 0:
                raise SweepError(Phrase("sweep_e_positive", name=name, got=float(val)))
            m = is_sup & (res == r)
            for col in ("investment_eur", "investment_eur_per_unit"):
                if col in flows:
                    flows.loc[m, col] = flows.loc[m, col].to_numpy(float) * val
        elif head == "max_distance_km":
            if not val > 0:
                raise SweepError(Phrase("sweep_e_positive_km", name=name, got=float(val)))
            maxd[r] = float(val)   # the radius is the parameters' (`candidates.radius.resource_radius_km`)
        else:
            upd[head] = float(val)
    if maxd != scen.params.max_distance_km:
        upd["max_distance_km"] = maxd
    if solver:
        upd["solver"] = {**scen.params.solver.model_dump(), **solver}
    try:
        body = {**scen.params.model_dump(), **upd}
        new_params = Parameters.model_validate(body)
    except ValidationError as exc:  # an out-of-range value
        why = [_out_of_range(err, params, body) for err in exc.errors()]
        raise SweepError(why[0] if len(why) == 1 else "; ".join(why)) from None
    for r, opt in new_params.networks.items():   # the rule `eitflow run` and `validate` apply
        _refuse_warm_return(f"networks.{r}.return_temperature_c", opt.temperature_c, opt.return_temperature_c)
    return dataclasses.replace(scen, flows=flows, catalogue=cat, params=new_params)


def _out_of_range(err: Any, params: dict[str, float], body: dict) -> Phrase:
    """One pydantic error of the swept Parameters (`body`, as validated), naming the sweep
    parameter and its value (a list's items counted from 1, `catalogue.yaml_path`)."""
    from eitflow.catalogue import pydantic_message, yaml_path

    key = ".".join(str(p) for p in err["loc"])   # the sweep file's name of the parameter
    name = yaml_path(err["loc"], body)
    val = params.get(key, err.get("input"))
    why = pydantic_message(err, value_error_prefix=False)
    if not isinstance(val, float):
        return Phrase("sweep_e_value", name=name, why=why)
    # a share (0.05 = 5 %) given between 1 and 100 is most likely a percentage
    hint = Phrase("sweep_e_share_hint", share=val / 100, val=val) if key in SHARE_PARAMS and 1 < val <= 100 else ""
    return Phrase("sweep_e_value_of", name=name, val=val, why=why, hint=hint)


def _refuse_warm_return(name: str, t: float | None, ret: float | None) -> None:
    """SweepError naming the sweep parameter `name` where the return `ret` is not below the supply
    temperature `t` (degC; `scenario.returns_too_warm`)."""
    if returns_too_warm(t, ret):
        assert t is not None and ret is not None
        raise SweepError(Phrase("sweep_e_value", name=name, why=Phrase("net_return_not_below", ret=float(ret), t=float(t))))




#: scenario.yaml's block that a full sweep run's copy carries: its run id, base and values
BLOCK = "sweep"


#: the comment line before that block (a copy swept again has its block replaced)
MARK = "# written by eitflow sweep:"


def carried_text(yaml_bytes: bytes, run: str, base: str, params: dict[str, float]) -> bytes:
    """A base's scenario.yaml (`yaml_bytes`) as a full sweep run's copy: ended by the `sweep:`
    block naming the run, its base and the values the run was solved with, which reading it
    applies again (`apply_carried`). A base that is itself such a copy has its block replaced by
    both sets of values in one: multipliers multiplied, other values the new ones."""
    import yaml

    text = yaml_bytes.decode("utf-8-sig")
    old = yaml.safe_load(text)
    values = {k: float(v) for k, v in params.items()}
    if isinstance(old, dict) and isinstance(old.get(BLOCK), dict):
        before = {str(k): float(v) for k, v in (old[BLOCK].get("parameters") or {}).items()}
        values = {**before, **{k: before[k] * v if k in before and k.split(".")[0] in MULTIPLIERS else v
                               for k, v in values.items()}}
        if MARK in text:
            text = text[:text.index(MARK)]
        else:   # a block written by hand: the mapping written anew (its comments are lost)
            text = yaml.safe_dump({k: v for k, v in old.items() if k != BLOCK}, sort_keys=False, allow_unicode=True)
    block = yaml.safe_dump({BLOCK: {"run_id": run, "base": base, "parameters": values}}, sort_keys=False,
                           allow_unicode=True)
    note = f"{MARK} run {run} of the base scenario {base}, solved with the values below (reading this file applies them)\n"
    return (text.rstrip("\n") + "\n\n" + note + block).encode("utf-8")



def carried_inputs(files: dict[str, bytes], run: str, base: str, params: dict[str, float]) -> dict[str, bytes]:
    """inputs/ of a full sweep run (`files`: its base's, by their path in the run directory),
    its scenario.yaml carrying the run's values (`carried_text`): run again, the copy is the
    run, not its base. A workbook carries none (the reader refuses it as the run's)."""
    key = "inputs/scenario.yaml"
    return files if key not in files else {**files, key: carried_text(files[key], run, base, params)}


def carried_run(files: dict[str, bytes], inputs: dict[str, bytes], run: str, base: str,
                params: dict[str, float]) -> dict[str, bytes]:
    """A full sweep run's files (`files`, summary.json among them) with its inputs/
    (`carried_inputs` of its base's `inputs`). summary.json's `inputs` record of scenario.yaml
    says the copy's sha256 (the base's file and its `sweep:` block: it recorded the base's, a
    file the run does not hold), and the base's as `base_sha256` (the run id's, kept)."""
    import hashlib
    import json

    carried = carried_inputs(inputs, run, base, params)
    out = {**files, **carried}
    key = "inputs/scenario.yaml"
    if carried.get(key) == inputs.get(key) or "summary.json" not in files:
        return out
    summary = json.loads(files["summary.json"].decode("utf-8"))
    rec = (summary.get("inputs") or {}).get("scenario")
    if isinstance(rec, dict):
        rec["sha256"] = hashlib.sha256(carried[key]).hexdigest()
        rec["base_sha256"] = hashlib.sha256(inputs[key]).hexdigest()
        # as `results.rundir.dumps` writes it (the summary is JSON already: no other type)
        out["summary.json"] = (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out


def apply_carried(scen: Scenario, block: Any, label: str) -> Scenario:
    """`scen` with the values of scenario.yaml's `sweep:` block (`carried_text`) applied as the
    sweep applied them; a block that is not {parameters: {name: number}}, or a value the
    scenario does not take, is a `ScenarioError` naming the file."""
    params = block.get("parameters") if isinstance(block, dict) else None
    if not isinstance(params, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in params.values()):
        raise ScenarioError(Problem(label, Phrase("scen_sweep_block", k=BLOCK)))
    try:
        return apply_parameters(scen, {str(k): float(v) for k, v in params.items()})
    except SweepError as exc:
        raise ScenarioError(Problem(label, exc.args[0])) from None
