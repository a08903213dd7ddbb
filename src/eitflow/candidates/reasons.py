"""Why a pair in range is not a candidate, and why an amount stays unmatched: one name per
reason, in the order the rules meet them."""

from __future__ import annotations

# reasons, in the order a pair meets the rules
SAME_SITE = "same_site"


QUALITY = "quality"


MIN_AMOUNT = "min_amount"


TIMING = "timing"


UNECONOMIC = "uneconomic"


NO_CO2_GAIN = "no_co2_gain"


# the order in which a pair meets the rules: among several reasons for one flow, the one
# furthest along explains best (results.unmatched_frame, analyses.explain)
DROP_ORDER = [SAME_SITE, QUALITY, TIMING, MIN_AMOUNT, UNECONOMIC, NO_CO2_GAIN]


# reasons for an unmatched amount, from "nothing could ever work" to "the optimum chose otherwise"
NO_COMPATIBLE = "no_compatible_partner"


OUT_OF_RANGE = "no_partner_in_range"


NOT_IN_LINKS = "not_in_links_csv"


CAPACITY_USED = "capacity_used"


NOT_SELECTED = "not_selected"


UNIT_NOT_BUILT = "unit_not_built"  # a supply whose unit (an electrolyser) the optimum does not build


NO_SOLUTION = "no_solution"  # the model has no solution (infeasible or stopped before one)




NETWORK_UNREACHABLE = "network_unreachable"  # a network of its resource exists, but its corridors do not reach it
