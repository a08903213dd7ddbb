"""Light and quick: what the command line imports to start, and the shortcuts that make it so.

Start-up time itself is measured by the benchmark harness (`eitflow bench run startup`);
here we check the causes: `eitflow --help` loads no pandas, `eitflow validate` of a small
scenario loads neither scipy nor pint nor matplotlib nor Dask, and each shortcut gives the
same answer as the library it avoids (the units table against pint, brute-force pair search
against the KD-tree).
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from eitflow import geo
from eitflow.units import COMMON_FACTORS

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_loads_no_pandas():
    mods = _modules_after("from eitflow.cli.main import main\n"
                          "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert "pandas" not in mods and "numpy" not in mods and "matplotlib" not in mods


def test_the_stop_handlers_come_before_any_heavy_import():
    """What the console script imports before `eitflow.cli.main` installs the stop handlers is the
    window in which a Ctrl-C prints a KeyboardInterrupt traceback: `import eitflow` read the
    version there (importlib.metadata: email, socket, zipfile; 57 of its 77 ms), and a sweep
    stopped 0.2 s after its start on a loaded machine printed that traceback. Now only the
    package's own two lines run first; the version is read when asked for."""
    mods = _modules_after("from eitflow.cli import main")
    assert "importlib.metadata" not in mods and "email" not in mods and "eitflow._version" not in mods
    version = subprocess.run([sys.executable, "-c", "import eitflow; print(eitflow.__version__)"],
                             capture_output=True, text=True, timeout=120, check=True).stdout.strip()
    from importlib.metadata import version as installed

    assert version == installed("eitflow")


def test_validate_of_a_park_loads_no_scipy_pint_matplotlib_or_dask():
    mods = _modules_after("from eitflow.cli.main import main\n"
                          f"try:\n    main(['validate', {str(EXAMPLE)!r}])\nexcept SystemExit:\n    pass")
    assert "pandas" in mods  # it did read the tables
    for heavy in ("scipy.spatial", "pint", "matplotlib", "dask", "distributed", "highspy"):
        assert heavy not in mods, f"eitflow validate imported {heavy}"


def test_common_unit_factors_equal_pint():
    from eitflow.units import registry

    reg = registry()
    for (unit, base), factor in COMMON_FACTORS.items():
        assert reg.Quantity(1.0, unit).to(base).magnitude == pytest.approx(factor, rel=1e-12), unit


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_brute_force_pairs_equal_the_kd_tree(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    lat_a, lon_a = rng.uniform(50.0, 50.5, 120), rng.uniform(3.5, 4.2, 120)
    lat_b, lon_b = rng.uniform(50.0, 50.5, 90), rng.uniform(3.5, 4.2, 90)
    lat_b[:5], lon_b[:5] = lat_a[:5], lon_a[:5]  # identical points (distance 0) are pairs too
    a, b = geo.unit_vectors(lat_a, lon_a), geo.unit_vectors(lat_b, lon_b)
    brute = geo.pairs_within(a, b, 12.0)
    near_brute = geo.nearest_km(a, b)
    monkeypatch.setattr(geo, "BRUTE_MAX_PAIRS", 0)  # force the KD-tree
    tree = geo.pairs_within(a, b, 12.0)
    near_tree = geo.nearest_km(a, b)
    assert len(brute[0]) > 100
    np.testing.assert_array_equal(brute[0], tree[0])
    np.testing.assert_array_equal(brute[1], tree[1])
    np.testing.assert_allclose(brute[2], tree[2], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(near_brute[0], near_tree[0], rtol=1e-9, atol=1e-9)
    # and both against the haversine formula
    np.testing.assert_allclose(brute[2], geo.haversine_km(lat_a[brute[0]], lon_a[brute[0]], lat_b[brute[1]],
                                                          lon_b[brute[1]]), rtol=1e-7, atol=1e-7)


def test_startup_benchmark_measures_each_command():
    from eitflow.bench.startup import measure_startup

    out = measure_startup(repeats=1)
    assert set(out) == {"python_bare", "import_eitflow", "help", "validate_example"}
    for name, m in out.items():
        assert "error" not in m, (name, m)
        assert 0 < m["min_s"] <= m["median_s"] <= m["max_s"]


def test_builtin_catalogues_parse_the_same_with_libyaml():
    """The built-in catalogues are read with libyaml's safe loader where PyYAML has it (a
    fifteenth of the time): the documents are those of PyYAML's pure-Python safe loader."""
    from importlib import resources

    import yaml

    from eitflow.catalogue import SAFE_LOADER

    for name in ("resources.yaml", "activities.yaml"):
        text = resources.files("eitflow").joinpath(f"data/{name}").read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SAFE_LOADER) == yaml.safe_load(text)  # noqa: S506
    assert SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_the_console_script_freezes_what_is_alive_once_the_command_is_over(tmp_path):
    """`eitflow` freezes the objects alive when its command ends, so the interpreter's exit
    does not walk them all (0.5-0.8 s of a national run under load); the run is complete."""
    code = ("import gc, sys\nfrom eitflow.cli import main\n"
            f"try:\n    main(['run', {str(EXAMPLE)!r}, '--out', {str(tmp_path / 'run')!r}, '-q'])\n"
            "except SystemExit as e:\n    code = e.code\n"
            "print('FROZEN', gc.get_freeze_count(), code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    frozen, code = out.stdout.strip().splitlines()[-1].split()[1:]
    assert int(frozen) > 10_000 and code in ("0", "None")
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["status"] == "optimal"
