"""What a plan keeps built without flow, said in its message: links and network pipes a row or
bound of the user's holds on (``y == 1`` in PuLP, `eitflow.result_from_pulp`; an `extra` row of
`eitflow.optimise` with a switch's coefficient), whose fixed costs the objective counts. The
tables list them (`results.tables.built_idle`; corridors.csv, flow 0); `idle_message` names
them, the one sentence of both paths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from eitflow.i18n import Phrase, Sentences

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.scenario import Scenario
    from eitflow.solve.status import Solution

__all__ = ["idle_message"]

#: who kept them on, by path: the phrase key naming the user's rows
BY = {"pulp": "idle_by_pulp", "extra": "idle_by_extra"}


def idle_message(scen: Scenario, cand: Candidates, sol: Solution, message: str, by: str) -> str:
    """`message`, and the links and the network pipes `sol` keeps built without flow, each named
    with its fixed or annual cost (EUR/yr, in the objective and the tables): links as
    `results.tables.built_idle` finds them (amount 0 in matches.csv), pipes as
    `results.network.corridors_built` lists them (flow 0 in corridors.csv).

    Parameters
    ----------
    scen, cand, sol : Scenario, Candidates, Solution
        The plan (`sol.flow`, `sol.built`: per candidate link; the network's sizes chosen).
    message : str
        The solve's message so far (a `Phrase`, or "" when there is nothing to say).
    by : {"pulp", "extra"}
        Whose rows kept them on: rows or bounds added in PuLP, or `optimise`'s `extra` rows.

    Returns
    -------
    str
        `message`, with a sentence for idle links and one for idle pipes where there are.
    """
    from eitflow.model.build import paid_connections
    from eitflow.results.network import corridors_built
    from eitflow.results.tables import built_idle

    if sol.objective is None:
        return message
    who = Phrase(BY[by])
    said: list = [message]
    idle = np.flatnonzero(built_idle(cand, sol.flow, sol.built))
    if len(idle):
        fixed, _ = paid_connections(cand, sol.flow)
        lk = cand.links
        ids = ", ".join(f"{lk['source_site'].iat[a]} → {lk['sink_site'].iat[a]}" for a in idle)
        said.append(Phrase("sol_idle_links", by=who, ids=ids, eur=float(fixed[idle].sum())))
    if cand.network is not None and sol.option_built is not None:
        cor = corridors_built(scen, cand, sol)
        pipes = cor[(cor["flow"].to_numpy(float) <= 0) & ~cor["existing"].to_numpy(bool)]
        if len(pipes):
            said.append(Phrase("sol_idle_pipes", by=who, ids=", ".join(str(i) for i in pipes["corridor_id"]),
                               eur=float(pipes["annual_cost_eur_per_yr"].sum())))
    return message if len(said) == 1 else Sentences(said)
