"""The time budget of a whole run: what the solver may use of `time_limit_s`.

`time_limit_s` bounds the whole command after start-up: reading, candidates, building,
solving, the shadow prices, the result tables and writing the run directory. Reading and
the candidates come first and take what they take; the solver gets what is left less a
reserve for what follows it, estimated from the territory's size with rates measured on the
project's 2-core machine (busy: the rates hold under load) -- the watchdog's grace, the
duals LP, the result tables (statistics, unmatched reasons, not-chosen links) and the
essential files. The two files that grow with the candidate links (not_chosen.csv and
candidates.geojson) are written only when the time left covers them (`results.rundir`
measures its own pace as it writes); otherwise summary.json says they were omitted.

On a machine shared with other work the process gets only part of a CPU, and everything
after the solve slows down alike: the reserve is scaled by the pace measured while the
candidates were built (wall over CPU seconds, `pace`), so the solver gives way to it.

A run with a shared network also keeps back `LEAST_S` for the pass after its solve that puts
each pipe at the least size carrying its flows (`solve.leastsize`): the pass over all the
network batches ends by the solver's deadline plus that, each batch with its share.

Under `objective: co2` a run also keeps back `CO2_COST_S`: the cheapest network of the co2 plan
(`solve.co2cost`, with a shared network) and then the money stage (`solve.lexico`) may each run
up to `CO2_COST_S` past the solver's deadline, each followed, on a network, by a least-size pass
of `LEAST_S` at most; the second starts only where the first left time before that same end, so
the two together end by the solver's deadline + `CO2_COST_S` (+ `LEAST_S` on a network). Before,
that was not kept back and a co2 run could end `CO2_COST_S` (2 s) past its time limit.
The money stage's own work around its solve fits in that end too (`solve.lexico`): the two
readings of a plan's net benefit (the first started only where it is expected to fit, the
second timed as the first) and the build of both objectives' candidates, left out where it
would take more than half the stage's time.
"""

from __future__ import annotations

GRACE_S = 1.0                  # the watchdog's grace past a solver's own limit (solve.watchdog.GRACE_S)
BASE_S = 0.3                   # fixed: summary, small tables, renaming into place
RESULTS_PER_LINK_S = 6e-6     # statistics, matches, not-chosen reasons, per candidate link
RESULTS_PER_FLOW_S = 4e-5      # unmatched reasons, per flow
WRITE_PER_FLOW_S = 6e-5        # unmatched.csv, sites and unmatched layers, input copies, per flow
DUALS_BASE_S = 0.1
DUALS_PER_LINK_S = 3e-6        # the LP with the binaries fixed
# the least-size pass after a network solve, all its batches together (`solve.leastsize`): its
# LPs are quick (0.01 s on a town of 30 buildings), a second holds a few rounds of many batches
LEAST_S = 1.0
# under `objective: co2`, the cheapest network and the money stage after the co2 solve: this long past
# the solver's deadline at most (`solve.co2cost`, `solve.lexico`); `solve.driver` re-exports it
CO2_COST_S = 2.0


def duals_s(n_links: int) -> float:
    """Time set aside for the shadow-price LP (s)."""
    return DUALS_BASE_S + DUALS_PER_LINK_S * n_links


PACE_MIN_SAMPLE_S = 0.5        # shorter samples (small territories, small reserves) say little: imports, noise
MAX_PACE = 3.0


def pace(wall_s: float, cpu_s: float) -> float:
    """How many times slower than on an idle machine work is going: wall over CPU seconds
    of a stretch of single-process work (1 on an idle machine; 1 below `PACE_MIN_SAMPLE_S`
    of wall time; at most `MAX_PACE`)."""
    if wall_s < PACE_MIN_SAMPLE_S or cpu_s <= 0:
        return 1.0
    return min(MAX_PACE, max(1.0, wall_s / cpu_s))


def reserve_s(n_flows: int, n_links: int, pace: float = 1.0, network: bool = False, co2: bool = False,
              money: bool = True) -> float:
    """Seconds kept back from the solver for what follows it (see the module docstring),
    the work scaled by `pace` (the watchdog's grace and, with a shared `network`, the
    least-size pass's `LEAST_S` are wall time, the pass's own limit; under the `co2` objective,
    `co2_keep_s` too, with `money` its money stage)."""
    return GRACE_S + (LEAST_S if network else 0.0) + co2_keep_s(co2, network, money) + pace * (
        BASE_S + duals_s(n_links) + RESULTS_PER_LINK_S * n_links + (RESULTS_PER_FLOW_S + WRITE_PER_FLOW_S) * n_flows)


def co2_keep_s(co2: bool, network: bool, money: bool = True) -> float:
    """Seconds a run keeps back for the stages after its solve under the `co2` objective (the
    module docstring): `CO2_COST_S` where it has a shared `network` (its cheapest network) or a
    `money` stage, else 0 (wall time, those stages' own limit)."""
    return CO2_COST_S if co2 and (network or money) else 0.0


HEAVY_PER_LINK_S = 4e-5       # not_chosen.csv and candidates.geojson, per candidate link left unbuilt


def heavy_s(n_rows: int) -> float:
    """Time to write the two files that grow with the candidate links (s)."""
    return HEAVY_PER_LINK_S * n_rows
