"""The fixed work around HiGHS cut without changing a result (issue #15, branch speed10): every
model handed to HiGHS (`solve.highs._passed`: the matrix column-wise, objective, bounds,
integrality, row bounds, offset) is bit for bit that of the code before (main at 290226b3), and
so is every output file of a run (matches, unmatched with its reasons, corridors, GeoJSON...;
summary.json without its timings), on FCNetLib instances and bundled scenarios with and without
direct links.

The reference (`tests/data/fixed_work_identity.json`) holds SHA-256 fingerprints made by this
file run as a script with main's code:

    git archive 290226b3 src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python tests/test_fixed_work_identity.py tests/data/fixed_work_identity.json

Floating-point bits may differ with another numpy or processor: the test skips there."""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
FCNET = ROOT.parent / "shared" / "data" / "benchmarks" / "fcnetlib"
REFERENCE = ROOT / "tests" / "data" / "fixed_work_identity.json"
MODELS = ["sp50x100", "l61x114", "sp90x250", "sp80x160", "zae_example", "redon_h2", "ludres_backbone"]
OUTPUTS = ["sp50x100", "l61x114", "zae_example", "redon_h2"]
# summary.json's keys that are times, not results
_TIMES = {"timings_s", "probe_s", "bare_s", "seconds", "solve_s", "build_s"}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _array(a) -> str:
    a = np.ascontiguousarray(a)
    return _digest(str((a.dtype.str, a.shape)).encode() + a.tobytes())


def _without_times(o):
    if isinstance(o, dict):
        return {k: _without_times(v) for k, v in o.items() if k not in _TIMES and not k.endswith("_s")}
    if isinstance(o, list):
        return [_without_times(v) for v in o]
    return o


def _scenario(name: str):
    from eitflow.bench.fcnetlib import fcnet_scenario, read_fcnet
    from eitflow.io.read import read_scenario

    if (FCNET / f"{name}.inc").exists():
        return fcnet_scenario(read_fcnet(FCNET / f"{name}.inc"), time_limit_s=60.0)
    return read_scenario(ROOT / "scenarios" / name / "scenario.yaml")


def fingerprints(models: list[str], outputs: list[str], tmp: Path) -> dict:
    """Per case: the objective, each model handed to HiGHS (fingerprints of its arrays), and
    each output file of its run directory (fingerprints)."""
    import eitflow.solve.highs as highs
    from eitflow.pipeline import optimise
    from eitflow.results.rundir import write_run

    seen: list = []
    passed = highs._passed

    def spy(A, c, lb, ub, integrality, row_lo, row_hi, offset=0.0, h=None):
        cw = A if isinstance(A, tuple) else A.tocsc()
        seen.append([_array(x) for x in (cw.indptr, cw.indices, cw.data, c, lb, ub, integrality, row_lo, row_hi)]
                    + [repr(float(offset))])
        return passed(A, c, lb, ub, integrality, row_lo, row_hi, offset, h)

    out: dict = {"numpy": np.__version__, "machine": platform.machine(), "cases": {}}
    highs._passed = spy
    try:
        for name in dict.fromkeys(models + outputs):
            seen.clear()
            res = optimise(_scenario(name))
            case: dict = {"objective": repr(res.objective)}
            if name in models:
                case["models"] = [list(m) for m in seen]
            if name in outputs:
                run = write_run(res, tmp / name)
                files = {}
                for p in sorted(q for q in run.rglob("*") if q.is_file()):
                    data = p.read_bytes()
                    if p.name == "summary.json":
                        data = json.dumps(_without_times(json.loads(data)), sort_keys=True).encode()
                    files[str(p.relative_to(run))] = _digest(data)
                case["files"] = files
            out["cases"][name] = case
    finally:
        highs._passed = passed
    return out


@pytest.fixture(scope="module")
def reference() -> dict:
    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    if (ref["numpy"], ref["machine"]) != (np.__version__, platform.machine()):
        pytest.skip(f"fingerprints made with numpy {ref['numpy']} on {ref['machine']}")
    if not FCNET.is_dir():
        pytest.skip("FCNetLib's instances are not at hand")
    return ref


@pytest.fixture(scope="module")
def now(reference, tmp_path_factory) -> dict:
    return fingerprints(MODELS, OUTPUTS, tmp_path_factory.mktemp("runs"))


@pytest.mark.parametrize("name", MODELS)
def test_models_handed_to_highs_unchanged(reference, now, name):
    ref, got = reference["cases"][name], now["cases"][name]
    assert got["objective"] == ref["objective"]
    assert got["models"] == ref["models"]


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_files_unchanged(reference, now, name):
    ref, got = reference["cases"][name]["files"], now["cases"][name]["files"]
    assert sorted(got) == sorted(ref)
    assert {k: v for k, v in got.items() if v != ref[k]} == {}


if __name__ == "__main__":   # the reference, with the code on PYTHONPATH
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        Path(sys.argv[1]).write_text(json.dumps(fingerprints(MODELS, OUTPUTS, Path(d)), indent=1) + "\n",
                                     encoding="utf-8")


def test_size_positions_as_every_name_compared():
    """`candidates.network._size_at`: per corridor the first catalogue size of its name, -1
    where none is given, as comparing it with every name did."""
    from eitflow.candidates.network import _size_at

    names = np.array(["DN50", "DN80", "DN100", "DN80"], object)
    sizes = np.array(["", "DN100", "DN80", "DN50", "", "DN80"], object)
    want = [-1, 2, 1, 0, -1, 1]   # DN80 named twice: its first
    assert _size_at(names, sizes).tolist() == want
    assert _size_at(names, sizes).dtype == np.int64
    assert _size_at(names, sizes[:0]).tolist() == []


def test_dropped_table_copied_per_run():
    """A network-only run drops no pair: its table of dropped pairs (made once) is each run's own
    copy when read, so a caller writing to one run's leaves the next run's as it was."""
    from eitflow.candidates.generate import FULL_USE_COLUMNS, build_candidates

    scen = _scenario("sp50x100")
    first, second = build_candidates(scen), build_candidates(scen)
    a = first.dropped
    assert a is not second.dropped and a is first.dropped
    assert list(a.columns) == ["supply", "demand", "distance_km", "great_circle_km", "reason", "detail",
                               *FULL_USE_COLUMNS] and len(a) == 0
    assert a["supply"].dtype == np.int64 and a["reason"].dtype == object
    a["note"] = 1.0   # written to by one caller
    assert "note" not in second.dropped and "note" not in build_candidates(scen).dropped
