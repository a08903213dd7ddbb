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
"""

from __future__ import annotations

GRACE_S = 1.0                  # the watchdog's grace past a solver's own limit (solve.watchdog.GRACE_S)
BASE_S = 0.3                   # fixed: summary, small tables, renaming into place
RESULTS_PER_LINK_S = 6e-6     # statistics, matches, not-chosen reasons, per candidate link
RESULTS_PER_FLOW_S = 4e-5      # unmatched reasons, per flow
WRITE_PER_FLOW_S = 6e-5        # unmatched.csv, sites and unmatched layers, input copies, per flow
DUALS_BASE_S = 0.1
DUALS_PER_LINK_S = 3e-6        # the LP with the binaries fixed


def duals_s(n_links: int) -> float:
    """Time set aside for the shadow-price LP (s)."""
    return DUALS_BASE_S + DUALS_PER_LINK_S * n_links


def reserve_s(n_flows: int, n_links: int) -> float:
    """Seconds kept back from the solver for what follows it (see the module docstring)."""
    return (GRACE_S + BASE_S + duals_s(n_links) + RESULTS_PER_LINK_S * n_links
            + (RESULTS_PER_FLOW_S + WRITE_PER_FLOW_S) * n_flows)
HEAVY_PER_LINK_S = 4e-5       # not_chosen.csv and candidates.geojson, per candidate link left unbuilt


def heavy_s(n_rows: int) -> float:
    """Time to write the two files that grow with the candidate links (s)."""
    return HEAVY_PER_LINK_S * n_rows
