"""`why.drop_index` (vectorised) against a plain loop over the dropped pairs, and the lazily
written detail of uneconomic pairs."""

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.reasons import DROP_ORDER
from eitflow.candidates.rules import FULL_USE_COLUMNS, pair_details
from eitflow.candidates.why import drop_index


def _loop(dr: pd.DataFrame) -> dict:
    """Per flow, by hand: the highest rank in DROP_ORDER, then the shortest route, then the
    first row."""
    rank = {r: i for i, r in enumerate(DROP_ORDER)}
    det = pair_details(dr)
    out: dict = {}
    for i, r in enumerate(dr.itertuples(index=False)):
        for k in (int(r.supply), int(r.demand)):
            key = (rank.get(r.reason, 0), -r.distance_km)
            if k not in out or key > (out[k][0], -out[k][1]):
                out[k] = (rank.get(r.reason, 0), float(r.distance_km), float(r.great_circle_km), r.reason, det[i])
    return out


def test_drop_index_matches_a_plain_loop_with_ties():
    rng = np.random.default_rng(3)
    n = 400
    reason = rng.choice(["quality", "uneconomic", "min_amount", "timing"], n)
    eco = reason == "uneconomic"
    dr = pd.DataFrame({"supply": rng.integers(0, 8, n), "demand": rng.integers(8, 60, n),
                       "distance_km": rng.integers(1, 4, n).astype(float),   # many ties
                       "great_circle_km": rng.random(n), "reason": reason,
                       "detail": np.where(eco, "", [f"row {i}" for i in range(n)]).astype(object),
                       "best_case_eur_per_yr": np.where(eco, -rng.random(n) * 1e4, np.nan),
                       "value_eur_per_unit": np.where(eco, 30.0, np.nan),
                       "upper": np.where(eco, 100.0, np.nan),
                       "fixed_eur_per_yr": np.where(eco, 5000.0, np.nan)})
    cand = Candidates(links=pd.DataFrame(), dropped=dr, nearest_km=np.zeros(60), in_range=np.zeros(60))
    got = drop_index(cand)
    want = _loop(dr)
    assert got == want
    assert len(got) == len(set(dr["supply"]) | set(dr["demand"]))


def test_uneconomic_detail_written_from_its_numbers():
    dr = pd.DataFrame({"supply": [0, 1], "demand": [2, 3], "distance_km": [1.0, 2.0], "great_circle_km": [1.0, 2.0],
                       "reason": ["uneconomic", "quality"], "detail": ["", "supply at 50 degC < 60 degC"],
                       "best_case_eur_per_yr": [-1234.4, np.nan], "value_eur_per_unit": [12.5, np.nan],
                       "upper": [300.0, np.nan], "fixed_eur_per_yr": [4984.4, np.nan]})
    assert set(FULL_USE_COLUMNS) <= set(dr.columns)
    # 12.5 EUR/unit x 300 units - 4,984 EUR/yr = -1,234 EUR/yr
    assert pair_details(dr) == ["at full use -1,234 EUR/yr (value 12.5 EUR/unit x 300, fixed 4,984 EUR/yr)",
                                "supply at 50 degC < 60 degC"]
    assert pair_details(dr, [1]) == ["supply at 50 degC < 60 degC"]
