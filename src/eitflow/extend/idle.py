"""What a plan solved in PuLP keeps built without flow (`eitflow.extend.result_from_pulp`):
links and network pipes a row or bound of the user's holds on (``y == 1``), whose fixed costs
the objective counts; the tables list them (`results.tables.built_idle`, corridors.csv) and the
message names them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from eitflow.i18n import Phrase, Sentences

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.scenario import Scenario
    from eitflow.solve.status import Solution

__all__ = ["idle_links", "idle_pipes"]


def idle_links(cand: Candidates, cols: dict, message: Phrase) -> Phrase:
    """`message`, and the links built without flow that pay a fixed cost (a pipe committed by a
    row of the user's, which `solve.tidy` leaves on): in the objective and in the tables, with
    amount 0 (`results.tables.built_idle`, the one rule)."""
    from eitflow.model.build import paid_connections
    from eitflow.results.tables import built_idle

    idle = np.flatnonzero(built_idle(cand, cols["flow"], cols["built"]))
    if not len(idle):
        return message
    fixed, _ = paid_connections(cand, cols["flow"])
    lk = cand.links
    ids = ", ".join(f"{lk['source_site'].iat[a]} → {lk['sink_site'].iat[a]}" for a in idle)
    return Sentences([message, Phrase("sol_pulp_idle", ids=ids, eur=float(fixed[idle].sum()))])


def idle_pipes(scen: Scenario, cand: Candidates, sol: Solution, message: Phrase) -> Phrase:
    """`message`, and the network pipes built without flow (a size committed by a row or bound of
    the user's, which `solve.tidy` leaves on): corridors.csv lists them, flow 0, their annual
    cost (EUR/yr) in the objective and the totals (`results.network.corridors_built`, the one
    place of a corridor's figures)."""
    from eitflow.results.network import corridors_built

    cor = corridors_built(scen, cand, sol)
    idle = cor[(cor["flow"].to_numpy(float) <= 0) & ~cor["existing"].to_numpy(bool)]
    if not len(idle):
        return message
    ids = ", ".join(str(i) for i in idle["corridor_id"])
    return Sentences([message, Phrase("sol_pulp_idle_pipes", ids=ids, eur=float(idle["annual_cost_eur_per_yr"].sum()))])
