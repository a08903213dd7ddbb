"""Both objectives' candidates (`candidates.objectives.both_objective_candidates`) and the co2
plan mapped onto them (`solve.lexico.plan_over`) match links by integer codes (`link_codes`,
numpy), where they matched Python tuples (`link_keys`: 2 to 5 candidate builds' time at
130,000 links). The result must be the same link for link: here against the tuple version,
kept as the reference (`tuplekeys`), on random tables whose keys repeat, miss columns, and hold the
values a text compares differently from a number (NaN, -0.0 and 0.0, COPs equal at 9 digits)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from eitflow.candidates.generate import Candidates
from eitflow.candidates.objectives import both_objective_candidates, link_codes, link_keys
from eitflow.solve.lexico import plan_over
from tuplekeys import built_by_tuples, union_by_tuples


@dataclasses.dataclass
class _Plan:
    """What plan_over reads of a solution: its link switches."""

    built: np.ndarray


COPS = [np.nan, 3.0, 3.0 + 4e-10, 3.000000002, 0.0, -0.0, 4.25]


def _links(rng: np.random.Generator, n: int, drop: set[str]) -> pd.DataFrame:
    df = pd.DataFrame({
        "supply": rng.integers(0, 6, n).astype(np.int64),
        "demand": rng.integers(0, 6, n).astype(np.int64),
        "mode": rng.choice(["truck", "pipe", "network"], n),
        "kind": rng.choice(["direct", "hub_leg"], n),
        "hub": pd.Series(rng.choice(np.array(["H1", "H2", None], object), n), dtype=object),
        "hub_node": rng.choice([np.nan, 0.0, 1.0, -0.0], n),
        "net_node": rng.integers(-1, 3, n).astype(np.int64),
        "heat_pump_cop": rng.choice(COPS, n),
        "amount": rng.random(n),
    })
    return df.drop(columns=sorted(drop))


def _cand(links: pd.DataFrame, dropped: pd.DataFrame) -> Candidates:
    return Candidates(links=links, dropped=dropped, nearest_km=np.zeros(0), in_range=np.zeros(0, np.int64))


@pytest.mark.parametrize("seed", range(40))
def test_the_union_and_the_plan_over_it_are_those_of_the_tuple_keys(seed):
    rng = np.random.default_rng(seed)
    optional = ["kind", "hub", "hub_node", "net_node", "heat_pump_cop"]
    # most seeds: both tables with the same columns (two builds of one scenario); some: not
    drop_a = set(rng.choice(optional, rng.integers(0, 3), replace=False))
    drop_b = drop_a if seed % 4 else set(rng.choice(optional, rng.integers(0, 3), replace=False))
    na, nb = (0 if seed == 1 else int(rng.integers(1, 120))), (0 if seed == 2 else int(rng.integers(1, 120)))
    dr = pd.DataFrame({"supply": rng.integers(0, 6, 30).astype(np.int64),
                       "demand": rng.integers(0, 6, 30).astype(np.int64), "reason": "uneconomic"})
    a = _cand(_links(rng, na, drop_a), dr)
    b = _cand(_links(rng, nb, drop_b), dr.iloc[:0])
    got = both_objective_candidates(None, net_benefit=a, co2=b)   # type: ignore[arg-type]
    want = union_by_tuples(a, b)
    pd.testing.assert_frame_equal(got.links, want.links)
    pd.testing.assert_frame_equal(got.dropped, want.dropped)
    # the codes are equal exactly where the tuples are (within and across the tables)
    ka, kb = link_codes(a.links, b.links)
    keys = link_keys(a.links) + link_keys(b.links)
    codes = np.concatenate([ka, kb])
    same_key = np.array([[x == y for y in keys] for x in keys], bool).reshape(len(keys), len(keys))
    assert np.array_equal(same_key, codes[:, None] == codes[None, :])
    # the co2 plan's switches over the union (where the two tables have the same columns, as two
    # builds of one scenario have: else a link of b has no key among the union's, either way)
    if drop_a != drop_b:
        return
    built = rng.random(nb) < 0.4
    plan = plan_over(got, b, _Plan(built))   # type: ignore[arg-type]
    assert np.array_equal(plan.built, built_by_tuples(got, b, built))


def test_the_cops_equal_at_nine_digits_are_one_link_and_a_sign_of_zero_two():
    """By hand: 3.0 and 3.0 + 4e-10 round to 3.0 at 9 digits (one key); 3.000000002 stays apart;
    -0.0 and 0.0 are '-0.0' and '0.0' as text (two keys, as before); NaN and a missing column are
    'nan' both (one key)."""
    a = pd.DataFrame({"supply": [0, 0, 0, 0, 0], "demand": [1, 1, 1, 1, 1],
                      "heat_pump_cop": [3.0, 3.0 + 4e-10, 3.000000002, 0.0, -0.0]})
    b = pd.DataFrame({"supply": [0, 0], "demand": [1, 1], "heat_pump_cop": [np.nan, 3.0]})
    c = pd.DataFrame({"supply": [0], "demand": [1]})
    ka, kb, kc = link_codes(a, b, c)
    assert ka[0] == ka[1] == kb[1] and len({ka[1], ka[2], ka[3], ka[4]}) == 4
    assert kb[0] == kc[0] and kb[0] not in ka
