"""What a sweep parameter does to a scenario, and the deterministic id of a run."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from eitflow.scenario import Parameters, Scenario
from eitflow.sweep.spec import SweepError, check_name


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


def apply_parameters(scen: Scenario, params: dict[str, float]) -> Scenario:
    """A copy of `scen` with the sweep parameters applied (the base is not modified).

    Scalars replace the scenario parameter; `prices.<r>` multiplies price_eur_per_unit of
    every flow of resource r; `max_distance_km.<r>` sets the radius of the flows of r (km; a
    flow's own max_distance_km wins); `availability[.<r>]` multiplies supply amounts (and
    their amount_input); `solver.time_limit_s` (s) and `solver.mip_gap` replace the solver's.
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
        if r and r not in cat:
            raise SweepError(f"sweep parameter '{name}': unknown resource '{r}'")
        if head == "prices":
            m = res == r
            flows.loc[m, "price_eur_per_unit"] = flows.loc[m, "price_eur_per_unit"].to_numpy(float) * val
        elif head == "availability":
            if not val > 0:
                raise SweepError(f"sweep parameter '{name}' must be > 0, got {val}")
            m = is_sup & ((res == r) if r else True)
            for col in ("amount", "amount_input"):
                if col in flows:
                    flows.loc[m, col] = flows.loc[m, col].to_numpy(float) * val
        elif head == "max_distance_km":
            if not val > 0:
                raise SweepError(f"sweep parameter '{name}' must be > 0 km, got {val}")
            maxd[r] = float(val)
            cat[r] = cat[r].model_copy(update={"max_distance_km": float(val)})
        else:
            upd[head] = float(val)
    if maxd != scen.params.max_distance_km:
        upd["max_distance_km"] = maxd
    if solver:
        upd["solver"] = {**scen.params.solver.model_dump(), **solver}
    try:
        new_params = Parameters.model_validate({**scen.params.model_dump(), **upd})
    except Exception as exc:  # pydantic ValidationError: out-of-range value
        raise SweepError(f"sweep parameters {params}: {exc}") from None
    return dataclasses.replace(scen, flows=flows, catalogue=cat, params=new_params)
